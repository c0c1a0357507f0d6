"""Who is responsible for what: lead, cooperate, in charge of a commune, report to.

The role follows the main verb of each task sentence: "chủ trì", "đầu mối", "tham mưu", "chỉ đạo",
"hướng dẫn", "có trách nhiệm" and plain task verbs make the subject the lead; a sentence whose main verb is
"phối hợp" makes it a cooperating body; in "X chủ trì, phối hợp với Y" Y cooperates. "Phụ trách xã: A"
puts the subject in charge of a commune; "báo cáo ... về/cho Y", "gửi về Y", "(qua Y)" make Y the body
reported to.

The subject is often not in the sentence: plans list tasks under a heading that names the agency
("2.1. Phòng Lao động - Thương binh và Xã hội" then "- Chủ trì, phối hợp ..."), under a lead-in bullet, or
in a previous sentence of the same paragraph ("Giao X chủ trì ... . Tổng hợp báo cáo ... về Y"). The
subject is looked for in that order: the sentence, the paragraph so far, the lead-in, the headings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ingest.extract.agencies import (
    Mention,
    Phrases,
    Tok,
    canonical_agency,
    parse_agency_at,
    parse_headless_at,
    scan,
    tokenize,
    word_key,
)
from ingest.extract.context import ClauseContext
from ingest.extract.places import COMMUNE_LEVELS, find_places
from ingest.issuers import caps_to_name
from ingest.lines import is_table_row, table_cells
from ingest.model import Agency, Assignment, Role
from ingest.text import fold, is_all_caps
from ingest.vocab.admin import HEAD_TITLES, match_kind
from ingest.vocab.legal import TASK_TABLE_TASK_WORDS


def _keys(phrase: str) -> tuple[str, ...]:
    return tuple(word_key(w) for w in phrase.split())


def _phrases(*texts: str) -> Phrases:
    return Phrases(_keys(p) for p in texts)


def _at(toks: list[Tok], i: int, table: Phrases) -> int:
    """Length (in tokens) of the longest phrase of the table starting at toks[i], 0 if none."""
    return table.longest(toks, i)


# Words after "Giao X" that make X the lead.
_GIVEN_ROLES = _phrases(
    "chủ trì", "đầu mối", "đồng đầu mối", "thực hiện", "tổ chức thực hiện", "triển khai", "phụ trách",
    "làm chủ đầu tư", "là chủ đầu tư", "là cơ quan", "quản lý", "theo dõi", "tham mưu", "hướng dẫn",
    "làm đầu mối", "là đầu mối", "làm cơ quan", "làm thường trực",
)
_COOPERATE = _phrases("phối hợp", "tham gia phối hợp", "cùng phối hợp", "phối kết hợp")
# "X tham gia phối hợp với Y": X cooperates, Y is no partner of a lead
# Verbs that, before "phối hợp", make it a secondary verb ("chủ trì, phối hợp với Y").
_LEAD_VERBS = _phrases(
    "chủ trì", "đầu mối", "đồng đầu mối", "tham mưu", "chỉ đạo", "hướng dẫn", "có trách nhiệm",
    "chịu trách nhiệm", "là", "thường trực", "làm đầu mối", "làm cơ quan", "làm thường trực", "làm chủ đầu tư",
)
_DUTY = _phrases("có trách nhiệm", "chịu trách nhiệm", "có nhiệm vụ")
_REPORT_VERBS = _phrases("báo cáo", "gửi báo cáo", "gửi")
# A standing reporting regime ("định kỳ", "hằng năm", "trước ngày ...") as opposed to raising problems.
_PERIODIC = frozenset(word_key(w) for w in ("định", "hằng", "hàng", "trước", "quý", "tháng"))
_ESCALATION = _phrases("vướng mắc", "khó khăn", "nếu", "phát sinh", "trường hợp")
_REPORTING = _phrases("báo cáo", "gửi", "tổng hợp", "định kỳ", "thường xuyên")
# Words that may come between a report verb and its receiver.
_TO_RECEIVER = _phrases("về", "cho", "lên", "tới", "đến", "gửi", "gửi về", "qua", "thông qua", "trình")
_VIA = _phrases("qua", "thông qua")
_RELATIVE = _phrases("trong đó", "bao gồm", "gồm", "nhất là", "đặc biệt là")
_DETERMINERS = _phrases("các", "những", "một số", "mọi")
# What a body named by its role must or may do: "phải", "có quyền" (a power: no task).
_ROLE_NOUN_PREDICATES = _phrases("phải", "cần", "có quyền", "được quyền")
_POWERS = _phrases("có quyền", "được quyền")
_TOWARDS = _phrases("về", "gửi về")
# Receivers that name no body; the bodies may follow in brackets: "báo cáo cấp có thẩm quyền (UBND thành
# phố, Bộ Y tế)".
_HEAD_TITLES = _phrases(*HEAD_TITLES)
_UNNAMED_RECEIVERS = _phrases("cấp có thẩm quyền", "cơ quan có thẩm quyền", "cấp trên", "các cấp có thẩm quyền",
                              "cơ quan cấp trên", "cấp thẩm quyền")

# Role labels of plans laid out as tables: "Cơ quan chủ trì: Sở X", "Đơn vị phối hợp thực hiện: Sở Y; ...".
# The label gives the role; the verb of what follows does not ("Cơ quan thực hiện: Sở X tiến hành ...").
_LABEL_NOUNS = _phrases("cơ quan", "đơn vị")
_LABEL_ROLES: tuple[tuple[Phrases, Role, bool], ...] = (
    (_phrases("chủ trì", "đầu mối", "thường trực"), "lead", False),  # also without "Cơ quan"/"Đơn vị"
    (_phrases("phối hợp"), "cooperate", False),
    (_phrases("thực hiện", "tổ chức thực hiện", "triển khai", "triển khai thực hiện"), "lead", True),
)
_LABEL_FILLERS = _phrases("tham mưu", "thực hiện", "chính", "tổ chức thực hiện", "triển khai", "giúp việc")
# An opening adverbial before the main verb: "Căn cứ chức năng, nhiệm vụ, phối hợp ...", "Theo chức
# năng, nhiệm vụ được giao, chủ trì ...". The verb after its comma decides the role.
_DUTY_WORDS = _phrases("chức năng", "nhiệm vụ", "quyền hạn", "thẩm quyền", "lĩnh vực", "phạm vi")
_DUTY_TAILS = _phrases("được giao", "của mình", "của đơn vị", "của ngành", "của cơ quan", "của đơn vị mình",
                       "quản lý nhà nước", "được phân công")
# A province or city as the subject of a task ("Tỉnh tổ chức ...", "Thành phố chủ động ...").
_PROVINCE_WORDS = _phrases("tỉnh", "thành phố")
_MODALS = _phrases("cần", "phải", "cần phải", "sớm", "khẩn trương", "chủ động", "tiếp tục", "rà soát", "tập trung")
# Openings before the subject: "Trong thời gian tới, Tỉnh ...", "Trường hợp còn thiếu, Tỉnh ...".
_OPENINGS = _phrases("trong đó", "trong thời gian tới", "thời gian tới", "trong thời gian", "trường hợp", "đồng thời", "trước mắt",
                     "sau khi", "khi", "nếu", "trong năm", "từ nay", "trong quá trình", "về lâu dài", "ngoài ra",
                     "trên cơ sở")  # "Trên cơ sở kết quả khảo sát, Sở X chủ trì …"
# A lead-in that hands its items to another body: "Sở X chỉ đạo Chi cục Y (thực hiện các nội dung sau):".
_DIRECTIVES = _phrases("chỉ đạo", "giao", "giao cho", "yêu cầu", "đề nghị", "hướng dẫn")
_GIVE_OR_DEMAND = _phrases("giao", "giao cho", "yêu cầu")
# Verbs that close a lead-in whose items follow: "Sở X có trách nhiệm:", "Sở X thực hiện các nội dung sau:".
_LEAD_IN_VERBS = _phrases("có trách nhiệm", "chịu trách nhiệm", "có nhiệm vụ", "chủ trì", "thực hiện", "triển khai",
                          "chủ trì thực hiện", "tập trung", "khẩn trương")
# A lead-in whose items name the lead's partners: "Sở X chủ trì, phối hợp (với các cơ quan):".
_LEAD_WITH_PARTNERS = Phrases(tuple(word_key(w) for w in p.replace(",", " ,").split()) for p in (
    "chủ trì, phối hợp", "chủ trì phối hợp", "chủ trì và phối hợp", "là cơ quan chủ trì, phối hợp"))
_ADVERBIAL_OPENERS = _phrases("căn cứ", "căn cứ vào", "theo", "trong phạm vi", "trên cơ sở", "với",
                              "trong quá trình", "thực hiện")

# Leading words of a predicate that only report ("Tổng hợp báo cáo kết quả ... về Y"): no lead task.
_REPORT_ONLY_START = _phrases(
    "báo cáo", "tổng hợp báo cáo", "định kỳ báo cáo", "định kỳ tổng hợp báo cáo", "có trách nhiệm báo cáo",
    "gửi báo cáo", "thực hiện báo cáo", "thực hiện chế độ báo cáo", "định kỳ hàng quý báo cáo",
    "định kỳ hằng quý báo cáo", "hàng quý báo cáo", "hằng quý báo cáo", "định kỳ", "gửi",
    "tổng hợp , báo cáo", "định kỳ tổng hợp , báo cáo", "định kỳ hằng năm", "định kỳ hàng năm", "định kỳ hằng tháng",
    "định kỳ hàng tháng", "định kỳ hằng quý", "định kỳ hàng quý", "định kỳ 6 tháng",
)
# Words a task sentence starts with (within its first three words). A sentence under an agency heading
# that starts otherwise ("Dự án 2, Dự án 4;", "Thu nhập (Bộ tiêu chí ...)") continues a lead-in or
# describes, and gives no task of its own.
_TASK_VERBS = _phrases(
    "chủ trì", "phối hợp", "phối kết hợp", "đầu mối", "tham mưu", "hướng dẫn", "chỉ đạo", "triển khai",
    "thực hiện", "tổ chức", "xây dựng", "kiểm tra", "đánh giá", "theo dõi", "tổng hợp", "tuyên truyền",
    "vận động", "rà soát", "đề xuất", "cung cấp", "lựa chọn", "tập trung", "chịu trách nhiệm",
    "có trách nhiệm", "là", "phụ trách", "tăng cường", "tiếp tục", "chủ động", "đẩy mạnh", "nâng cao",
    "quản lý", "giám sát", "đôn đốc", "phổ biến", "hỗ trợ", "bố trí", "phân bổ", "huy động", "thẩm định",
    "ban hành", "trình", "đảm bảo", "bảo đảm", "phát triển", "nghiên cứu", "ứng dụng", "thường xuyên",
    "định kỳ", "hàng năm", "hằng năm", "căn cứ", "trên cơ sở", "đặc biệt", "đồng thời", "mỗi", "giao",
    "phát huy", "phát động", "duy trì", "củng cố", "kịp thời", "thống kê", "cập nhật", "cập nhập",
    "lồng ghép", "kiện toàn", "bồi dưỡng", "đào tạo", "tập huấn", "giúp", "chuẩn bị", "kết nối", "tư vấn",
    "khảo sát", "tham gia", "thúc đẩy", "nhân rộng", "sử dụng", "quán triệt", "mở", "cấp", "giải quyết",
    "báo cáo", "gửi", "phân công", "đề nghị", "khẩn trương", "ưu tiên", "vận hành", "thanh tra", "xử lý",
    "khuyến khích", "tích cực", "chấp hành", "tiếp nhận", "thẩm tra", "lập", "đăng ký", "tạo điều kiện",
    "động viên", "rà soát", "tổng kết", "sơ kết", "kiểm soát", "đấu tranh", "ngăn chặn", "thu thập",
    "tiến hành", "hoàn thiện", "hoàn thành", "bảo vệ", "vận dụng", "cân đối", "dự toán", "quyết toán",
    "thanh quyết toán", "mở rộng", "phối hợp chặt chẽ", "chủ trì phối hợp", "thành lập", "xem xét",
    "làm việc", "tiếp thu", "sắp xếp", "khắc phục", "xác định", "chấn chỉnh", "ký kết", "cử", "họp", "tăng",
)
_IN_CHARGE_RE = re.compile(
    r"^(?:[Đđ]ồng\s+)?[Pp]hụ\s+trách\s*(?:[Xx]ã|[Pp]hường|[Tt]hị\s+[Tt]rấn)?\s*:?\s*(?P<first>\w)")


def _is_in_charge(text: str) -> bool:
    """ "Phụ trách xã: Tung Qua Lìn" (a commune, in title case), not "Phụ trách công tác tham mưu"."""
    m = _IN_CHARGE_RE.match(text)
    return bool(m and m.group("first").isupper())



_QUOTED = re.compile(r"^\s*[“\"«].*[”\"»][\s.;,/]*$", re.DOTALL)
_MARKER = re.compile(r"^\s*(?:[-+*•–]\s*|\(?\d+(?:\.\d+)*[.)]\s*|[a-zđ]\)\s*|[IVXLC]+\.\s+|\((?:[ivx]{1,5}|[a-zđ])\)\s*)+")
_ENUMERATOR = re.compile(r"^\s*\((?:[ivx]{1,5}|[a-zđ]|\d{1,2})\)\s*")
# "Cụ thể: (i) Rà soát ...; (ii) Phối hợp ...": the items of an inline list, each a task with its own verb.
_INLINE_LIST = re.compile(r"^\s*(?:Cụ thể|Trong đó|Gồm|Bao gồm)(?:\s+như sau)?\s*:\s*(?=\((?:[ivx]{1,5}|[a-zđ]|\d{1,2})\))")
_PROPOSE = _phrases("đề nghị")
# "được giao", "đã giao", "nhiệm vụ giao": the giving is told, not done here
_NOT_GIVING = frozenset(word_key(w) for w in ("được", "đã", "vụ", "việc", "từng"))
_DEMAND = _phrases("yêu cầu")
_PROPOSE_OR_DEMAND = _PROPOSE + _DEMAND
# Officials named for their agency: "Giám đốc Sở Tài chính", "Chủ tịch UBND các huyện", "Chánh Văn phòng".
_OFFICIALS = _phrases(
    "phó chủ tịch", "chủ tịch", "phó giám đốc", "giám đốc", "tổng giám đốc", "chánh", "thủ trưởng",
    "trưởng ban", "phó trưởng ban", "trưởng phòng", "cục trưởng", "chi cục trưởng", "hiệu trưởng",
    "bộ trưởng", "chủ nhiệm", "trưởng",
)
# Plural heads that introduce a list of domains: "Giám đốc các Sở: Tài chính, Xây dựng".
_PLURAL_HEADS = {word_key(w): w.capitalize() for w in ("sở", "bộ", "phòng", "ban", "trung tâm")}
_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[\"“(+\-*]?\s*(?P<first>\w))|;\s*")
_VERB_LIMIT = 6  # words of a predicate searched for its main verb


@dataclass
class _Subject:
    agencies: list[Agency]
    proposed: bool = False  # "Đề nghị X ...": a request to a body the issuer does not command
    given: str | None = None  # "giao ... đầu mối"
    source: str | None = None  # the heading or lead-in that named the subject, shown with the clause
    role: Role | None = None  # the role a label gives ("Cơ quan phối hợp: X"), whatever the verb
    partners: bool = False  # "X chủ trì, phối hợp:": bodies the items name are X's partners


def find_assignments(text: str, ctx: ClauseContext) -> list[Assignment]:
    """Assignments read from one clause; `text` of each is the clause, so the evidence travels with it."""
    if ctx.in_preamble or not text.strip():
        return []
    if ctx.in_closing:
        return _ClauseReader(text, ctx).read_closing()
    if _QUOTED.match(text):
        return []  # text written into another document ("Sửa đổi khoản 2 Điều 4 như sau: “2. ...”")
    if ctx.table_header and is_table_row(text):
        return _read_row(text, ctx)
    if ctx.parent_lead_in and _RESULTS_LEAD_IN.search(fold(ctx.parent_lead_in)):
        return []  # "… đã đạt được một số kết quả nổi bật như sau:": the items tell what was done
    body = _strip_heading_prefix(text, ctx)
    reader = _ClauseReader(text, ctx)
    return _heading_lead_in(text, ctx) + reader.read(body_offset=len(text) - len(body))


def _heading_lead_in(text: str, ctx: ClauseContext) -> list[Assignment]:
    """ "4. Công an tỉnh chủ trì, phối hợp:", "1. Sở X chỉ đạo Chi cục Y thực hiện các nội dung sau:": a heading
    that is a sentence with its own subject and verb says who leads, as the same line written as a paragraph
    does. Read once, with the section's first clause (a heading has no clause of its own)."""
    title = (ctx.section_title or "").strip()
    if not title or not ctx.extra.get("first") or text.startswith(title) or ctx.extra.get("kind") == "heading":
        return []
    bare = replace(ctx, section_title="", breadcrumb=(), lead_in=None, subject_line=None, extra={})
    reader = _ClauseReader(title + ":", bare)
    toks = reader.toks
    subject, pred = reader.explicit_subject(toks)
    if subject is None or pred >= len(toks) or not toks[pred].is_word or subject.role or subject.proposed:
        return []
    # only a lead-in that leads or directs ("chủ trì, phối hợp", "chỉ đạo Y"): "X có trách nhiệm:", "X phụ
    # trách các tiêu chí:" only announce the items, which carry the records
    return [a for a in reader.read(body_offset=0)
            if a.role == "lead" and (a.verb or "").split(" ")[0] in ("chủ", "chỉ")]


def _strip_heading_prefix(text: str, ctx: ClauseContext) -> str:
    """ "Chế độ thông tin, báo cáo: Các cơ quan ..." -> "Các cơ quan ..." when the prefix is the heading."""
    title = (ctx.section_title or "").strip()
    stripped = _MARKER.sub("", text)
    if title and stripped.startswith(title):
        rest = stripped[len(title):]
        if rest.lstrip().startswith(":") and not scan(title):
            return rest.lstrip()[1:].lstrip()
    return text


class _ClauseReader:
    def __init__(self, text: str, ctx: ClauseContext) -> None:
        self.text = text
        self.ctx = ctx
        self.toks = tokenize(text)
        self.out: list[Assignment] = []
        self.context_subject = _context_subject(ctx)
        self.requested = False
        self.joint = False  # the segment before was a task done with partners ("Phối hợp với X ...")
        # the clause goes on from a lead-in that is a task of its own ("Chủ trì ... tiêu chí số 10:"), not
        # from a line that only names its body: it is that task's object, not a new task
        self.continues = bool(ctx.lead_in) and _title_subject(ctx.lead_in, ctx.locality) is None

    # ------------------------------------------------------------------ helpers

    def agency(self, m: Mention, inherited_head: str | None = None) -> Agency:
        name = f"{inherited_head} {m.text}" if inherited_head else m.text
        a = canonical_agency(name, locality=self.ctx.locality, province=self.ctx.province_area)
        if inherited_head:
            a.name = m.text
        return a

    def emit(self, agency: Agency, role: Role, span: tuple[int, int], *, verb: str | None, task: str | None,
             commune: str | None = None, communes: list[str] | None = None, reporter: Agency | None = None,
             source: str | None = None) -> None:
        text = self.text
        if source and source not in text:
            text = f"{source}: {text}"  # the heading that names who is responsible is part of the evidence
        self.out.append(Assignment(
            agency=agency, role=role, text=text, clause_id=self.ctx.clause_id, span=span,
            task=(task or "")[:400] or None, commune=commune, communes=communes or [], reporter=reporter,
            verb=verb, project=self.ctx.project or self.ctx.subproject,
        ))

    # ------------------------------------------------------------------ reading

    def read(self, body_offset: int) -> list[Assignment]:
        text = self.text
        stripped = _MARKER.sub("", text[body_offset:])
        start = len(text) - len(stripped)
        if _is_in_charge(stripped):
            self.in_charge(stripped, start)
            return self.out
        continued = _continued_heading(self.ctx.section_title, stripped)
        if continued is not None:
            # "3. Bộ Tư lệnh" / "Thành phố chủ trì, ...": a heading naming a body broken over two lines
            name, cut = continued
            agency = canonical_agency(name, locality=self.ctx.locality, province=self.ctx.province_area)
            self.context_subject = _Subject([agency], source=name)
            stripped = stripped[cut:].lstrip(" :")
            start = len(text) - len(stripped)
        current = self.context_subject
        pending: list[Agency] = []
        # a label line lists its bodies with ';' ("Cơ quan thực hiện: Sở A; Sở B"): split it at '.' only
        opening = tokenize(stripped)
        whole = _role_label(opening) is not None
        # "Yêu cầu Giám đốc các sở; Chủ tịch UBND các xã; ... nghiêm túc thực hiện": the request spans segments
        self.requested = bool(_at(opening, 0, _PROPOSE_OR_DEMAND))
        for s, e in _sentences(text, start, semicolons=not whole):
            current, pending = self.sentence(s, e, current, pending, first=s == start and not self.continues)
        return self.out

    def read_closing(self) -> list[Assignment]:
        """The closing paragraph ("Trên đây là Kế hoạch ...") assigns nothing, but a standing reporting
        regime written there ("Định kỳ hằng năm (trước ngày 30/11) báo cáo kết quả về Sở X") still names
        who is reported to; escalating problems ("nếu có khó khăn, vướng mắc, phản ánh về X") does not."""
        for s, e in _sentences(self.text, 0):
            toks = [t for t in self.toks if s <= t.start and t.end <= e]
            keys = {t.key for t in toks}
            if keys & _PERIODIC and not any(_at(toks, k, _ESCALATION) for k in range(len(toks))):
                self.reports(toks, None)
        return self.out

    def sentence(self, s: int, e: int, current: _Subject | None, pending: list[Agency], *,
                 first: bool = False) -> tuple[_Subject | None, list[Agency]]:
        """Read one sentence (or ';' segment). Returns the subject later sentences inherit, and the
        agencies of a segment that only lists subjects ("Giám đốc các Sở: ...; Chủ tịch UBND ... chịu
        trách nhiệm thi hành") for the next segment."""
        text = self.text
        seg = text[s:e]
        lead = len(seg) - len(_MARKER.sub("", _INLINE_LIST.sub("", _MARKER.sub("", seg))))
        toks = [t for t in self.toks if s + lead <= t.start and t.end <= e]
        if not toks:
            return current, pending
        if not first and _ENUMERATOR.match(seg) and not toks[0].is_cap:
            return current, pending  # "theo quy định về: (i) đấu nối ...; (ii) quản lý ...": objects, not tasks
        items, k = _agency_list(text, toks, 0)
        if items and k == len(toks):
            return current, pending + [self.agency(m, h) for m, h in items]
        if current is not None and not first and _at(toks, 0, _DEMAND) and not toks[0].is_cap:
            return current, []  # "...; yêu cầu các tổ chức, doanh nghiệp thực hiện ...": the task goes on
        subject, pred = self.explicit_subject(toks)
        if subject is not None and pending:
            subject = _Subject(pending + subject.agencies, subject.proposed, subject.given)
        if subject is not None and current is not None and current.partners and not subject.role \
                and not subject.given and not subject.proposed \
                and {a.canonical for a in subject.agencies} != {a.canonical for a in current.agencies}:
            subject = replace(subject, role="cooperate")  # "- Sở Tài chính: bố trí kinh phí" under "X chủ trì, phối hợp:"
        if subject is None:
            subject, pred = current, 0
            if subject is None:
                self.reports(toks, None)
                return current, []
        task = text[toks[pred].start:e].strip(" .;") if pred < len(toks) else None
        if task and _is_in_charge(task) and self.in_charge(task, toks[pred].start, subject):
            return subject, []  # "Phòng X: phụ trách xã A; đồng phụ trách xã B"
        if _is_formula(toks, pred, requested=self.requested):
            return current, []  # "... thông báo để các Bộ biết, thực hiện", "Yêu cầu X nghiêm túc thực hiện./."
        if not task and subject.role:
            task = _labelled_task(self.ctx)  # "- Cơ quan chủ trì: Sở X." names who does the item above it
        span = (toks[0].start, toks[-1].end)
        # "- Trường hợp cần ... thì chủ động có văn bản ...": an item under a body whose task follows its condition
        then = _then_clause(toks) if pred == 0 and self.ctx.extra.get("kind") == "bullet" else 0
        role, verb = _main_verb(toks, then or pred, subject)
        listed, end = _agency_list(text, toks, pred) if pred < len(toks) else ([], pred)
        if listed and all(not t.is_word for t in toks[end:]) and not subject.role:
            role = None  # "Bộ X: Các bộ, ngành liên quan và UBND các tỉnh.": a table cell naming partners
        if subject.role:
            role = subject.role
            if role == "cooperate":  # "Đơn vị phối hợp: ...; các cơ quan, đơn vị liên quan": vague partners, nothing
                subject = replace(subject, agencies=[a for a in subject.agencies if not _vague(a)])
            verb = subject.given
        if _at(toks, pred, _POWERS):
            role = None  # "Cơ quan đăng ký đầu tư có quyền yêu cầu bổ sung": a power, not a task
        if pred and all(a.generic for a in subject.agencies) and _in_requirements(self.ctx) \
                and _ROLE_NAMED.match(fold(text[toks[0].start:toks[min(len(toks), 8) - 1].end])):
            role = None  # "Yêu cầu: Các đơn vị chủ trì ... có trách nhiệm bảo đảm tiến độ": what the plan requires
        lead_words = _skip_connective(toks) if pred == 0 else 0  # "đồng thời, …", "ngoài ra, …"
        opening = then or (lead_words + _skip_adverbial(toks[lead_words:]) if pred == 0 else 0)
        if _escalates(toks):
            role = None  # "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, ... phản ánh về X": no task
        if subject.proposed and toks[-1].text == ":" and all(not t.is_word for t in toks[pred:]):
            role = None  # "Đề nghị Ủy ban MTTQ ... và các đoàn thể:": the items below are the requests
        if 0 < pred < len(toks) and _members_only(text[toks[pred].start:e]):
            role = None  # "Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban Quản lý ...):": who they are, no task
        if 0 < pred < len(toks) and toks[pred].key == _DA:
            role = None  # "Văn phòng X và các văn phòng Y đã đoàn kết, …": what a body did, not a task
        if pred == 0 and _at(toks, 0, _DEADLINE_OPENERS):
            role = None  # "Thời gian hoàn thành trước ngày 31/12/2025.": when the task above is due, no task
        if pred == 0 and not subject.proposed and (_non_task_label(toks) or not lead_words and not _looks_like_task(toks, opening, first)):
            role = None  # not a task sentence (a continuation of a lead-in, a description, "Thời gian: ...")
        joint = self.joint
        self.joint = role == "cooperate" and pred == 0 and not subject.role
        if role == "lead" and pred == 0 and joint and not first and not _at(toks, 0, _LEAD_VERBS) and text[:s].rstrip().endswith(";") \
                and not toks[0].is_cap:
            role = "cooperate"  # "Phối hợp với X xác định ...; xây dựng ...": the activities done together
            self.joint = True
        if role is not None:
            for agency in subject.agencies:
                communes = self.communes_in(toks, pred) if role == "cooperate" else []
                self.emit(agency, role, span, verb=verb, task=task, communes=communes,
                          source=subject.source if pred == 0 else None)
        self.partners(toks, pred, role, task)
        self.reports(toks, subject)
        if subject.role:
            return current, []  # a label names who does this task only
        if subject.given or (pred and subject.source):
            return _Subject(subject.agencies, subject.proposed), []
        return subject, []

    def explicit_subject(self, toks: list[Tok]) -> tuple[_Subject | None, int]:
        """A subject written in the sentence: "Giao X đầu mối", "Đề nghị X ...", "X: ...", "X chủ trì"."""
        text = self.text
        label = _role_label(toks)
        if label is not None:
            role, j = label
            items, k = _agency_list(text, toks, j)
            if not items:
                return None, 0
            agencies = [self.agency(m, h) for m, h in items]
            agencies = _merge_generic(agencies, _span_text(text, items), self.ctx.locality)
            words = " ".join(t.text for t in toks[:j - 1] if t.is_word).lower()
            return _Subject(agencies, role=role, given=words), k
        # "Giao X chủ trì/đầu mối/thực hiện", anywhere in the sentence (also "giao cho X thực hiện")
        for i, t in enumerate(toks):
            if t.key != word_key("giao") or (i and toks[i - 1].key in _NOT_GIVING):
                continue
            j = i + 1
            if j < len(toks) and toks[j].key == word_key("cho"):
                j += 1
            items, k = _agency_list(text, toks, j)
            if items and k < len(toks):
                k += _skip_adverbial(toks[k:])  # "Giao X, Y theo chức năng, nhiệm vụ và thẩm quyền chủ trì ..."
            n = _at(toks, k, _GIVEN_ROLES) if items else 0
            if items and not n:
                n = _at(toks, k, _TASK_VERBS)  # "Giao Ủy ban nhân dân tỉnh tổ chức triển khai ..."
            if n:
                role_words = " ".join(x.text for x in toks[k:k + n]).lower()
                agencies = [self.agency(m, h) for m, h in items]
                agencies = _merge_generic(agencies, _span_text(text, items), self.ctx.locality)
                return _Subject(agencies, given=f"giao ... {role_words}"), k
        i = _skip_opening(toks)
        proposed = False
        if _at(toks, i, _PROPOSE):
            proposed = True
            i += 2
        elif _at(toks, i, _DEMAND):
            i += 2  # "Yêu cầu các cơ quan, đơn vị ... báo cáo": the bodies named are the subject
        province = self.province_subject(toks, i)
        if province is not None:
            return _Subject([province[0]], proposed=proposed), province[1]
        own = self.issuer_subject(toks, i)
        if own is not None:
            return _Subject([own[0]], proposed=proposed), own[1]
        items, k = _agency_list(text, toks, i)
        if not items:
            role_noun = self.role_noun_subject(toks, i)
            return role_noun if role_noun is not None else self.subject_after_topic(toks)
        n = _at(toks, k, _PROPOSE_OR_DEMAND)
        if n and not proposed:
            # "Sở X đề nghị các đơn vị ...": the issuer asks; the bodies asked are the subject
            asked, k2 = _agency_list(text, toks, k + n)
            if asked:
                items, k, proposed = asked, k2, _at(toks, k, _PROPOSE) > 0
        if k < len(toks) and toks[k].text == ":":
            k += 1
        elif k < len(toks) and toks[k].text == "," and _verb_ahead(toks, k + 1):
            # "Thường trực HĐND tỉnh, các Ban ..., các Tổ đại biểu và đại biểu HĐND tỉnh giám sát ...":
            # the list goes on with members that are not agencies; the verb after them is the predicate
            k = _verb_ahead(toks, k + 1)
        elif k < len(toks) and not (toks[k].is_word and not toks[k].is_abbrev) or k >= len(toks) and not proposed:
            return None, 0
        agencies = [self.agency(m, h) for m, h in items]
        agencies = _merge_generic(agencies, _span_text(text, items), self.ctx.locality)
        return _Subject(agencies, proposed=proposed), k

    def role_noun_subject(self, toks: list[Tok], i: int) -> tuple[_Subject, int] | None:
        """ "cơ quan chủ trì có trách nhiệm ...", "Cơ quan đăng ký đầu tư có trách nhiệm ...", "các đơn vị được
        giao phải ...": a body named by its role in the procedure, a collective subject (generic) that the
        sentence and the segments after it have, instead of the heading's body."""
        j = i + _at(toks, i, _DETERMINERS)
        n = _at(toks, j, _LABEL_NOUNS)
        if not n or j + n >= len(toks) or not toks[j + n].is_word:
            return None
        for k in range(j + n + 1, min(len(toks), j + n + 8)):
            if not toks[k].is_word:
                return None
            if _at(toks, k, _DUTY) or _at(toks, k, _ROLE_NOUN_PREDICATES):
                name = self.text[toks[i].start:toks[k - 1].end]
                agency = Agency(name=name, canonical=name[:1].upper() + name[1:], kind=None,
                                locality=self.ctx.locality, generic=True)
                return _Subject([agency]), k
        return None

    def subject_after_topic(self, toks: list[Tok]) -> tuple[_Subject | None, int]:
        """ "Về dự án đường cao tốc ...: Tỉnh thực hiện ...", "Đối với nguồn vốn X: Sở Y chủ trì ...": a topic
        closed by ':' then the sentence with its own subject. Not a field label ("Thời gian: ...")."""
        for c, t in enumerate(toks[:40]):
            if t.text in ".;":
                break
            if t.text != ":":
                continue
            if c == 0 or c + 1 >= len(toks) or not toks[c + 1].is_cap or _non_task_label(toks):
                break
            subject, k = self.explicit_subject(toks[c + 1:])
            if subject is not None and not subject.role and k:
                return subject, c + 1 + k
            break
        return None, 0

    def province_subject(self, toks: list[Tok], i: int) -> tuple[Agency, int] | None:
        """ "Tỉnh tổ chức thực hiện ...", "Thành phố Huế chủ động ...": a province (or city) named as the
        subject of a task, in a notice of the centre or a plan, is its people's committee."""
        n = _at(toks, i, _PROVINCE_WORDS)
        if not n or not toks[i].is_cap:
            return None
        j = i + n
        name = j
        while name < len(toks) and toks[name].is_cap and toks[name].is_word and not _at(toks, name, _TASK_VERBS):
            name += 1
        if name >= len(toks) or not (_at(toks, name, _TASK_VERBS) or _at(toks, name, _LEAD_VERBS)
                                     or _at(toks, name, _COOPERATE) or _at(toks, name, _MODALS)):
            return None
        level = " ".join(t.key for t in toks[i:j])
        own = " ".join(t.text for t in toks[j:name])
        locality = f"{level} {own}" if own else self.addressed(level)
        agency = canonical_agency(f"Ủy ban nhân dân {level}", locality=locality, province=self.ctx.province_area)
        agency.name = self.text[toks[i].start:toks[name - 1].end]
        return agency, name

    def issuer_subject(self, toks: list[Tok], i: int) -> tuple[Agency, int] | None:
        """ "Văn phòng sẽ phối hợp …", "lãnh đạo Văn phòng sẽ chỉ đạo …" in a document of the Văn phòng X, "Bộ
        sẽ …" in a ministry's: the issuer called by its head noun alone. Also after a topic closed by a comma
        ("Những kiến nghị thuộc thẩm quyền của X, lãnh đạo Văn phòng sẽ chỉ đạo …")."""
        issuer = (self.ctx.issuer or "").split()
        if not issuer:
            return None
        starts = [i] + [k + 1 for k in range(i, min(len(toks), i + 20)) if toks[k].text == ","][:1]
        for k in starts:
            j = k + _at(toks, k, _LEADERSHIP)
            head = [t.text for t in toks[j:j + 2] if t.is_word]
            n = next((m for m in (2, 1) if len(head) >= m and head[:m] == issuer[:m] and toks[j].is_cap), 0)
            if not n or j + n >= len(toks) or _head_at_name(toks, j + n):
                continue  # "Văn phòng Trung ương Đảng" written out is a name, read as one
            will = toks[j + n].key == _SE  # "Văn phòng sẽ …": a plain task verb needs the future
            pred = j + n + will
            if pred < len(toks) and (will and _at(toks, pred, _TASK_VERBS) or _at(toks, pred, _LEAD_VERBS)
                                     or _at(toks, pred, _COOPERATE)):
                agency = canonical_agency(self.ctx.issuer, locality=self.ctx.locality, province=self.ctx.province_area)
                agency.name = self.text[toks[k].start:toks[j + n - 1].end]
                return agency, pred
        return None

    def addressed(self, level: str) -> str | None:
        """The province a document speaks to: the issuer's, or the one its title names (a notice of the
        centre "... với tỉnh Điện Biên")."""
        if self.ctx.locality and (self.ctx.locality.startswith(level + " ") or self.ctx.province_area is None):
            return self.ctx.locality if self.ctx.locality.startswith(level + " ") else None
        if self.ctx.province_area and self.ctx.province_area.startswith(level + " "):
            return self.ctx.province_area
        title = self.ctx.doc_title or ""
        if title.isupper():
            title = " ".join(w.capitalize() for w in title.lower().split())  # "... LÃNH ĐẠO TỈNH ĐIỆN BIÊN"
        m = re.search(rf"\b{level}\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s*)+)", title, re.IGNORECASE)
        return f"{level} {m.group(1).strip()}" if m else None

    def partners(self, toks: list[Tok], pred: int, role: str | None, task: str | None) -> None:
        """ "chủ trì, phối hợp với Y, Z": named partners cooperate (collective ones are left out)."""
        if role != "lead":
            return
        for i in range(pred, len(toks)):
            d = _at(toks, i, _DIRECTIVES)
            if d and _agency_list(self.text, toks, i + d)[0]:
                return  # "Chỉ đạo các ngân hàng thương mại phối hợp với Sở Y tế": the directed body's partner
            n = _at(toks, i, _COOPERATE)
            if not n:
                continue
            j = i + n
            if any(_at(toks, b, _CHAIR) for b in range(max(pred, i - 3), i)):
                j += _at(toks, j, _MANNER)  # "chủ trì, phối hợp chặt chẽ với ..." (not "đồng thời, phối hợp chặt chẽ")
            if j < len(toks) and toks[j].key == word_key("với"):
                j += 1
            items, _ = _agency_list(self.text, toks, j)
            for m, h in items:
                a = self.agency(m, h)
                if not a.generic:
                    self.emit(a, "cooperate", m.span, verb="phối hợp", task=task)
            break

    def communes_in(self, toks: list[Tok], pred: int) -> list[str]:
        """Communes a cooperating body works with: "Phối hợp với UBND các xã Bản Lang, Hoang Thèn"."""
        if pred >= len(toks):
            return []
        s, e = toks[pred].start, toks[-1].end
        piece = self.text[s:e]
        stop = re.search(r"\b(?:xây dựng|thực hiện|triển khai|tổ chức|đảm bảo|hoàn thành)\b", piece)
        piece = piece[: stop.start()] if stop else piece
        names = []
        for p in find_places(piece, self.ctx):
            if p.level in COMMUNE_LEVELS and p.name not in names:
                names.append(p.name)
        return names

    def issuers_head(self, toks: list[Tok], i: int) -> tuple[Agency, tuple[int, int]] | None:
        """ "báo cáo Bộ trưởng trước ngày ...": a head's title with no body after it, in a document of a body
        that such an official heads, is the issuer's head: the issuer is reported to. Returns the issuer and
        the title's span."""
        n = _at(toks, i, _HEAD_TITLES)
        issuer = self.ctx.issuer or ""
        if not n or not issuer or (i + n < len(toks) and toks[i + n].is_cap):
            return None
        title = " ".join(t.text for t in toks[i:i + n]).lower()
        if not issuer.startswith(HEAD_TITLES.get(title, ())):
            return None
        agency = canonical_agency(issuer, locality=self.ctx.locality, province=self.ctx.province_area)
        return agency, (toks[i].start, toks[i + n - 1].end)

    def reports(self, toks: list[Tok], subject: _Subject | None) -> None:
        """ "báo cáo ... về/cho Y", "gửi về Y", "báo cáo Y", "(qua Y)": Y is reported to."""
        reporter = subject.agencies[0] if subject and subject.agencies else None
        done: set[int] = set()
        i = 0
        while i < len(toks):
            n = _at(toks, i, _REPORT_VERBS)
            if not n:
                i += 1
                continue
            chain_from = _receiver_before(self.text, toks, i)
            found = False
            j = i + n
            limit = min(len(toks), j + 45)
            while j < limit:
                t = toks[j]
                if t.text in ".;":
                    break
                if j > i + n and _at(toks, j, _REPORT_VERBS):
                    break
                m = _at(toks, j, _TO_RECEIVER)
                if m and j > i + n + 25 and not _at(toks, j, _TOWARDS):
                    m = 0  # far from the verb only "về/cho/đến Y" still names where the report goes
                start = j + m if m else (j if j == i + n else None)
                if start is not None and _at(toks, start, _UNNAMED_RECEIVERS):
                    # "báo cáo cấp có thẩm quyền (UBND thành phố, Bộ Y tế)": the bodies in brackets
                    after = start + _at(toks, start, _UNNAMED_RECEIVERS)
                    start = after + 1 if after < len(toks) and toks[after].text == "(" else None
                if start is not None and start not in done:
                    items, end = _agency_list(self.text, toks, start)
                    items = [(x, h) for x, h in items if x.head != "collective"]
                    if items:
                        via = bool(m) and bool(_at(toks, j, _VIA))
                        who = self.agency(chain_from) if chain_from else reporter
                        for x, h in items:
                            self.emit(self.agency(x, h), "report_to", x.span, source=None,
                                      verb="báo cáo (qua)" if via else ("gửi về" if toks[i].key == word_key("gửi")
                                                                         else "báo cáo"),
                                      task=None, reporter=who)
                        done.add(start)
                        found = True
                        j = end
                        continue
                    head = self.issuers_head(toks, start)
                    if head is not None:
                        issuer, span = head
                        self.emit(issuer, "report_to", span, source=None, verb="báo cáo", task=None,
                                  reporter=self.agency(chain_from) if chain_from else reporter)
                        done.add(start)
                        found = True
                j += 1
            i = j if found else i + n

    def in_charge(self, stripped: str, start: int, subject: _Subject | None = None) -> bool:
        """ "Phụ trách xã: A" under an agency heading, or "X: phụ trách xã A; đồng phụ trách xã B"."""
        subject = subject or self.context_subject
        if subject is None:
            return False
        co = bool(re.match(r"^[Đđ]ồng", stripped))
        places = [p for p in find_places(stripped, self.ctx) if p.level in COMMUNE_LEVELS]
        if not places:
            return False
        place = places[0]
        span = (start + place.span[0], start + place.span[1])
        for agency in subject.agencies:
            self.emit(agency, "co_in_charge_commune" if co else "in_charge_commune", span,
                      verb="đồng phụ trách" if co else "phụ trách", task=None, commune=place.name,
                      source=subject.source)
        return True


# ---------------------------------------------------------------- pieces


def _sentences(text: str, start: int, *, semicolons: bool = True) -> list[tuple[int, int]]:
    """Sentence and ';' segment spans of text[start:]."""
    out = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start):
        if m.group("first") and not (m.group("first").isupper() or m.group("first").isdigit()):
            continue  # ". xã ..." does not start a sentence
        if not semicolons and m.group().startswith(";"):
            continue
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out


def _merge_generic(agencies: list[Agency], written: str, locality: str | None) -> list[Agency]:
    """ "Các cơ quan, đơn vị, UBND các xã, thị trấn" is one collective subject, not two."""
    if len(agencies) < 2 or not all(a.generic for a in agencies):
        return agencies
    rank = {"uy-ban-mat-tran-to-quoc-viet-nam-va-cac-to-chuc-chinh-tri-xa-hoi": 0, "uy-ban-nhan-dan-cap-xa": 1}
    best = min(agencies, key=lambda a: rank.get(a.kind or "", 9))
    return [Agency(name=written, canonical=best.canonical, kind=best.kind, locality=locality, generic=True)]


def _official_at(text: str, toks: list[Tok], k: int) -> int:
    """Length of the official's title at k whose agency follows: "Giám đốc", "Chánh", and "Trưởng" rather
    than "Trưởng ban" in "Trưởng Ban Dân tộc tỉnh" (the longest title that leaves an agency after it)."""
    for n in _OFFICIALS.lengths_at(toks, k):
        if parse_agency_at(text, toks, k + n) is not None:
            return n
    return 0


def _agency_list(text: str, toks: list[Tok], i: int) -> tuple[list[tuple[Mention, str | None]], int]:
    """Agencies joined by ',' or 'và' from token i: [(mention, inherited head or None)], end index.

    A domain without its head inherits the previous one: "phòng Nông nghiệp và PTNT, Tài chính - Kế hoạch"
    is two departments; "Giám đốc các Sở: Tài chính, Xây dựng" names the head once for the whole list."""
    items: list[tuple[Mention, str | None]] = []
    k = i
    head: str | None = None
    plural_head = False  # "các Sở:" was read: the next domain inherits its head even as the first item
    while k < len(toks):
        m = parse_agency_at(text, toks, k)
        if m is None and _official_at(text, toks, k):
            m = parse_agency_at(text, toks, k + _official_at(text, toks, k))
        inherited = None
        if m is None and (items or plural_head) and head:
            m = parse_headless_at(text, toks, k)
            inherited = head
        if m is None:
            break
        # "các Sở:", "Các Bộ, cơ quan:": the head of the domains listed after the colon
        plural = (_PLURAL_HEADS.get(toks[m.end - 1].key) or _PLURAL_HEADS.get(toks[m.start + 1].key)) \
            if m.head == "collective" else None
        if plural and m.end + 1 < len(toks) and toks[m.end].text == ":" \
                and parse_headless_at(text, toks, m.end + 1) is not None:
            head, k, plural_head = plural, m.end + 1, True  # "các Sở: Tài chính, Xây dựng"
            continue
        if plural and m.end - m.start == 2 and m.end < len(toks) and toks[m.end].is_cap \
                and parse_headless_at(text, toks, m.end) is not None:
            head, k, plural_head = plural, m.end, True  # "các Bộ Tài chính, Công Thương": the head written once
            continue
        items.append((m, inherited))
        if inherited is None:
            first = m.text.split()[0] if m.text else ""
            head = first[0].upper() + first[1:] if first.lower() in ("phòng", "sở", "bộ") else None
        k = m.end
        if k + 1 < len(toks) and (toks[k].text in ",;" or toks[k].key == word_key("và")):
            nxt = k + 1 + _official_at(text, toks, k + 1)
            if parse_agency_at(text, toks, nxt) is not None or (
                    head and toks[k].text != ";" and parse_headless_at(text, toks, k + 1) is not None):
                k += 1
                continue
        break
    return items, k


_CHAIR = _phrases("chủ trì", "đầu mối", "làm đầu mối")
# Adverbs of manner between "phối hợp" and its partners: "phối hợp chặt chẽ với ...".
_MANNER = _phrases("chặt chẽ", "thường xuyên", "đồng bộ", "tích cực", "hiệu quả", "kịp thời", "toàn diện")


_REQUIREMENTS = re.compile(r"^(?:muc dich\s*,?\s*(?:va\s+)?)?yeu cau\s*:?$")


# A body named by its role in the plan: "Các đơn vị chủ trì nhiệm vụ", "các cơ quan được giao".
_ROLE_NAMED = re.compile(r"^(?:cac\s+)?(?:co quan|don vi)\s+(?:chu tri|phoi hop|duoc giao)\b")


def _in_requirements(ctx: ClauseContext) -> bool:
    """Under a plan's "Yêu cầu" ("Mục đích, yêu cầu") heading: the requirements the plan sets, not its tasks."""
    return any(_REQUIREMENTS.match(fold(_MARKER.sub("", t)).strip()) for t in (ctx.section_title, *ctx.breadcrumb) if t)


def _looks_like_task(toks: list[Tok], opening: int, first: bool) -> bool:
    """A sentence without a subject of its own, under a body's heading, is one of its tasks when it opens
    with a verb; the first sentence of an item also when it opens with any word that does not start a
    list, a field or a case ("Dự án 2, Dự án 4;", "Trường hợp ..."): the items under a body are its tasks,
    however they are worded, but a later ';' segment without a verb goes on enumerating."""
    if any(_at(toks, k, _TASK_VERBS) or _at(toks, k, _COOPERATE) for k in range(opening, opening + 3)):
        return True
    words = [t for t in toks[opening:] if t.is_word]
    first_word = words[0] if words else None
    return first and first_word is not None and len(words) >= 5 and not first_word.text[0].isdigit() \
        and not first_word.is_abbrev and not _at(toks, opening, _NOT_A_TASK_START)


_NOT_A_TASK_START = _phrases("dự án", "tiểu dự án", "nội dung", "thời gian", "kinh phí", "nguồn", "trong đó", "bao gồm",
                             "giai đoạn", "năm", "quý", "tháng", "thời hạn", "tiến độ", "sản phẩm", "dự kiến",
                             "gồm", "tổng", "đối với", "trường hợp", "lưu ý", "ghi chú", "mục tiêu", "chỉ tiêu", "kết quả")


# Connectives that open a predicate and are no verb: "…; đồng thời, phối hợp với Y …".
_CONNECTIVES = _phrases("đồng thời", "ngoài ra", "bên cạnh đó", "mặt khác", "trước mắt", "về lâu dài")


def _skip_connective(toks: list[Tok]) -> int:
    """Length of a connective at the start ("đồng thời," / "ngoài ra"), with its comma; 0 when there is none."""
    n = _at(toks, 0, _CONNECTIVES)
    return n + 1 if n and n < len(toks) and toks[n].text == "," else n


def _skip_opening(toks: list[Tok]) -> int:
    """Index after an opening phrase closed by a comma ("Trong thời gian tới, ..."); 0 when there is none."""
    if not _at(toks, 0, _OPENINGS):
        return 0
    for j in range(1, min(len(toks) - 1, 25)):
        if toks[j].text in ".;:":
            return 0
        if toks[j].text == ",":
            return j + 1
    return 0


_CONDITIONS = _phrases("trường hợp", "nếu", "khi", "đối với")
_THEN = word_key("thì")


def _then_clause(toks: list[Tok]) -> int:
    """Index of the verb after "thì" in a sentence opened by a condition ("Trường hợp ... thì chủ động ..."),
    0 when the sentence is not so built or no task verb follows "thì"."""
    if not _at(toks, 0, _CONDITIONS):
        return 0
    for k in range(2, min(len(toks) - 1, 40)):
        if toks[k].text in ".;":
            return 0
        if toks[k].key == _THEN:
            j = k + 1
            j += _at(toks, j, _MODALS) if _at(toks, j, _MODALS) and not _at(toks, j, _TASK_VERBS) else 0
            if _at(toks, j, _TASK_VERBS) or _at(toks, j, _LEAD_VERBS) or _at(toks, j, _COOPERATE):
                return k + 1
            return 0
    return 0


_IF_TROUBLE = _phrases("nếu có khó khăn", "nếu có vướng mắc", "nếu có phát sinh", "nếu phát sinh khó khăn",
                       "trường hợp có khó khăn", "trường hợp có vướng mắc", "khi có khó khăn", "khi có vướng mắc")


def _escalates(toks: list[Tok]) -> bool:
    """The clause opens with raising problems ("(Trong quá trình thực hiện,) nếu có khó khăn, vướng mắc, ..."):
    it says whom to tell, not a task."""
    return any(_at(toks, k, _IF_TROUBLE) for k in range(min(len(toks), 8)))


_MEMBERS = re.compile(r"^[^()]{0,60}\(([^()]+)\)\s*:?\s*$")


def _members_only(predicate: str) -> bool:
    """A predicate that only describes and lists bodies in brackets: "đăng ký đầu tư (Sở A, Ban B):"."""
    m = _MEMBERS.match(predicate)
    if not m:
        return False
    inner = m.group(1)
    toks = tokenize(inner)
    items, k = _agency_list(inner, toks, 0)
    return bool(items) and k == len(toks)


def _vague(agency: Agency) -> bool:
    """ "các cơ quan, đơn vị liên quan": a collective that names no body and no tier."""
    return agency.generic and "liên quan" in (agency.canonical or agency.name).lower()


def _role_label(toks: list[Tok]) -> tuple[Role, int] | None:
    """ "Cơ quan chủ trì:", "Đơn vị phối hợp thực hiện:", "Chủ trì:": the role and where the bodies start."""
    i = _at(toks, 0, _LABEL_NOUNS)
    for table, role, needs_noun in _LABEL_ROLES:
        n = _at(toks, i, table)
        if not n or (needs_noun and not i):
            continue
        j = i + n
        while _at(toks, j, _LABEL_FILLERS):
            j += _at(toks, j, _LABEL_FILLERS)
        if j < len(toks) and toks[j].text == ":":
            return role, j + 1
    return None


_DA, _SE = word_key("đã"), word_key("sẽ")
_LEADERSHIP = _phrases("lãnh đạo", "Lãnh đạo")


def _head_at_name(toks: list[Tok], k: int) -> bool:
    """The word after a bare head is capitalised: the head starts a full name ("Văn phòng Chính phủ")."""
    return toks[k].is_word and toks[k].is_cap
# A sentence that only says when the task above is due: "Thời gian thực hiện hoàn thành xong trước ngày …".
_DEADLINE_OPENERS = _phrases("thời gian thực hiện", "thời gian hoàn thành", "thời hạn hoàn thành", "thời hạn thực hiện",
                             "thời gian triển khai", "thời hạn")


def _non_task_label(toks: list[Tok]) -> bool:
    """ "Thời gian thực hiện: Quý IV", "Nội dung: Rà soát ...", "Sản phẩm: ...": a field of a task table,
    not a task. A label is a few words before ":" that do not start with a verb."""
    for j in range(1, min(len(toks), 6)):
        if toks[j].text == ":":
            return not _at(toks, 0, _TASK_VERBS) and not _at(toks, 0, _LEAD_VERBS)
        if not toks[j].is_word:
            return False
    return False


# Execution formulas: the closing "Yêu cầu/Đề nghị X (nghiêm túc) (tổ chức) (triển khai) thực hiện (Kế hoạch
# này)./." and the notice's "thông báo để X biết, thực hiện" assign nothing.
_FORMULA_WORDS = frozenset(word_key(w) for w in (
    "nghiêm", "túc", "khẩn", "trương", "tích", "cực", "chủ", "động", "tổ", "chức", "triển", "khai", "thực", "hiện",
    "có", "hiệu", "quả", "tốt", "kịp", "thời", "đầy", "đủ", "và", "kế", "hoạch", "chỉ", "thị", "quyết", "định",
    "này", "các", "nội", "dung", "trên", "nêu", "công", "điện", "thông", "báo", "văn", "bản", "đúng", "quy",
    "theo", "biết", "đạo", "đồng", "bộ",
))
_NOTICE = _phrases("thông báo để", "thông báo cho", "thông báo tới", "thông báo đến")


def _is_formula(toks: list[Tok], pred: int, *, requested: bool = False) -> bool:
    rest = [t for t in toks[pred:] if t.is_word]
    if not rest:
        return False
    if _at(toks, pred, _NOTICE):
        return True  # "Văn phòng Chính phủ thông báo để ... biết, thực hiện"
    keys = [t.key for t in rest]
    if word_key("biết") in keys and keys[-2:] == [word_key("thực"), word_key("hiện")]:
        return True  # "... để các cơ quan biết, thực hiện"
    if not requested and not any(_at(toks, k, _PROPOSE_OR_DEMAND) for k in range(pred)):
        return False  # only the issuer's closing request is a formula: "Yêu cầu X nghiêm túc thực hiện"
    return len(keys) <= 12 and keys[-2:] == [word_key("thực"), word_key("hiện")] and all(
        k in _FORMULA_WORDS for k in keys) or len(keys) <= 14 and _closing_object(keys)


def _closing_object(keys: list[str]) -> bool:
    """ "... thực hiện Kế hoạch này", "... triển khai thực hiện Chỉ thị này": the whole document as object."""
    return keys[-1:] == [word_key("này")] and all(k in _FORMULA_WORDS for k in keys) and word_key("hiện") in keys


def _duty_nouns(toks: list[Tok], i: int) -> int:
    """Length of "chức năng, nhiệm vụ và thẩm quyền" (duty nouns joined by "," or "và") at i, 0 if none."""
    j = i
    while True:
        n = _at(toks, j, _DUTY_WORDS)
        if not n:
            return 0 if j == i else j - i - (1 if toks[j - 1].text == "," or toks[j - 1].key == _VA else 0)
        j += n
        if j < len(toks) and (toks[j].text == "," or toks[j].key == _VA) and _at(toks, j + 1, _DUTY_WORDS):
            j += 1
        elif not _at(toks, j, _DUTY_WORDS):  # "chức năng nhiệm vụ" goes on without a comma
            return j - i


_VA = word_key("và")


def _skip_adverbial(window: list[Tok]) -> int:
    """Index of the predicate after an opening adverbial ("Căn cứ chức năng, nhiệm vụ, phối hợp với ..."):
    "chức năng, nhiệm vụ (được giao | của đơn vị)" ends it, else the first comma followed by a verb. 0 when
    the window opens otherwise."""
    n = _at(window, 0, _ADVERBIAL_OPENERS)
    if not n:
        return 0
    duty = _duty_nouns(window, n)
    if duty:
        j = n + duty
        j += _at(window, j, _DUTY_TAILS)
        if j < len(window) and window[j].text == ",":
            j += 1
        return j if j < len(window) else 0
    for j in range(2, min(len(window) - 1, 25)):
        if window[j].text in ".;:":
            return 0
        if window[j].text == "," and (_at(window, j + 1, _TASK_VERBS) or _at(window, j + 1, _LEAD_VERBS)
                                      or _at(window, j + 1, _COOPERATE)):
            return j + 1
    return 0


def _duty_adverbial_after(window: list[Tok], limit: int = 8) -> int:
    """ "các sở quản lý quy hoạch theo chức năng, nhiệm vụ được giao có trách nhiệm phối hợp ...": words
    before a "theo chức năng, nhiệm vụ" adverbial still describe the subject; the verb after it is the
    main one. Index of that verb, 0 when no such adverbial comes within `limit` words."""
    for k in range(1, min(limit, len(window))):
        if window[k].text in ".;:":
            return 0
        n = _at(window, k, _ADVERBIAL_OPENERS)
        if n and _duty_nouns(window, k + n):
            j = _skip_adverbial(window[k:])
            if j and k + j < len(window) and (_at(window, k + j, _LEAD_VERBS) or _at(window, k + j, _COOPERATE)
                                              or _at(window, k + j, _TASK_VERBS)):
                return k + j
    return 0


def _verb_ahead(toks: list[Tok], k: int, limit: int = 20) -> int:
    """Index of the first task verb within `limit` tokens of k, before any ';', '.', ':' (0 if none)."""
    for j in range(k, min(len(toks), k + limit)):
        if toks[j].text in ";.:()" or toks[j].text == "," and _at(toks, j + 1, _RELATIVE):
            return 0  # ", trong đó trọng tâm là ...": a relative clause, not the predicate
        if j > k and not toks[j].is_cap and (_at(toks, j, _TASK_VERBS) or _at(toks, j, _LEAD_VERBS)):
            return j
    return 0


def _receiver_before(text: str, toks: list[Tok], i: int) -> Mention | None:
    """In "gửi Văn phòng Điều phối huyện tổng hợp báo cáo UBND huyện" the office reports on."""
    j = i - 1
    if j >= 0 and toks[j].text == ",":
        j -= 1
    if j >= 1 and toks[j - 1].key == word_key("tổng") and toks[j].key == word_key("hợp"):
        j -= 2
        if j >= 0:
            for m in scan(text, toks[: j + 1]):
                if m.end == j + 1:
                    return m
    return None


def _main_verb(toks: list[Tok], pred: int, subject: _Subject) -> tuple[Role | None, str | None]:
    """Role and verb of the predicate starting at token pred."""
    words = [t for t in toks[pred:] if t.is_word and not t.text[0].isdigit()]
    if not words:
        return ("lead", "đề nghị") if subject.proposed else (None, None)
    window = toks[pred:]
    if _at(window, 0, _REPORT_ONLY_START) and not subject.given:
        n = _at(window, 0, _REPORT_ONLY_START)
        rest = window[n:]
        if not rest or rest[0].text in ",;." or not any(
                _at(rest, k, _LEAD_VERBS) or _at(rest, k, _COOPERATE)
                or k == 0 and _at(rest, k, _TASK_VERBS) and not _at(rest, k, _REPORTING)
                for k in range(min(3, len(rest)))):
            return None, None  # "Định kỳ báo cáo ..." reports only; "Định kỳ rà soát ..." is a task
    if subject.proposed:
        return "lead", "đề nghị"
    window = window[_skip_connective(window):]
    window = window[_skip_adverbial(window):]
    window = window[_duty_adverbial_after(window):]
    for k in range(min(_VERB_LIMIT, len(window))):
        if _at(window, k, _LEAD_VERBS):
            n = _at(window, k, _LEAD_VERBS)
            if _at(window, k, _DUTY) and _at(window, k + n, _COOPERATE):
                return "cooperate", "phối hợp"  # "có trách nhiệm phối hợp với ...": the duty is to cooperate
            return "lead", " ".join(t.text for t in window[k:k + n]).lower()
        if _at(window, k, _COOPERATE):
            return "cooperate", "phối hợp"
        if k >= 2:
            break
    for k in range(min(4, len(window))):
        n = _at(window, k, _TASK_VERBS)
        if n:
            return "lead", " ".join(t.text for t in window[k:k + n]).lower()
    ahead = _verb_ahead(window, 0)
    if ahead:  # "UBND các xã có tên tại Điều 1 và Thủ trưởng ... chịu trách nhiệm thi hành": the verb further on
        if _at(window, ahead, _COOPERATE):
            return "cooperate", "phối hợp"
        n = _at(window, ahead, _LEAD_VERBS) or _at(window, ahead, _TASK_VERBS)
        return "lead", " ".join(t.text for t in window[ahead:ahead + n]).lower()
    if window and window[0].key in _NOT_A_PREDICATE:
        return None, None  # "UBND xã, phường trên địa bàn thành phố;": a list of bodies, no task
    verb = " ".join(t.text for t in window[:2] if t.is_word).lower()
    return "lead", verb or None


# Words a predicate does not start with: a list item naming bodies goes on with a place or a relation.
_NOT_A_PREDICATE = frozenset(word_key(w) for w in (
    "trên", "tại", "trong", "của", "thuộc", "ở", "về", "và", "hoặc", "có", "đã", "được", "bị", "do", "từ", "đến",
    "với", "cho", "theo", "khi", "nếu", "mà", "như", "là", "gồm", "(",
))


def _context_subject(ctx: ClauseContext) -> _Subject | None:
    """The agency a clause's tasks belong to when the clause does not name one."""
    candidates = []
    if ctx.lead_in:
        candidates.append(ctx.lead_in)
    if ctx.subject_line:
        candidates.append(ctx.subject_line)
    if ctx.section_title:
        candidates.append(ctx.section_title)
    candidates.extend(reversed(ctx.breadcrumb[:-1] if ctx.breadcrumb and ctx.breadcrumb[-1] == ctx.section_title
                               else ctx.breadcrumb))
    for title in candidates:
        subject = _title_subject(title, ctx.locality, ctx.province_area)
        if subject is not None:
            return subject
    if ctx.parent_lead_in:
        return _announcing_subject(ctx.parent_lead_in, ctx.locality, ctx.province_area)
    return None


# A paragraph announcing what was achieved, not what is to be done: "… đạt được một số kết quả nổi bật như
# sau:", "Kết quả đạt được như sau:".
_RESULTS_LEAD_IN = re.compile(r"\b(?:dat duoc|ket qua)\b[^.;:]{0,60}\bnhu sau\s*:\s*$")
# The end of a sentence announcing the tasks below: "… cần tập trung một số nhiệm vụ trọng tâm sau:".
_ANNOUNCED_TASKS = re.compile(r"\b(?:nhiem vu|noi dung|cong viec|giai phap)(?:\s+(?:trong tam|chu yeu|cu the|sau day))?"
                              r"(?:\s+(?:nhu\s+)?sau)?\s*:\s*$")
_OBJECT_WORDS = frozenset(word_key(w) for w in ("của", "với", "cho", "tại", "trong", "đến", "về", "giúp", "và"))


def _announcing_subject(paragraph: str, locality: str | None, province: str | None) -> _Subject | None:
    """The bodies of the sentence that announces a section's numbered tasks: in "Quán triệt …; căn cứ vào
    …, Văn phòng X và các văn phòng Y cụ thể hoá để tổ chức thực hiện, trong đó, cần tập trung một số nhiệm vụ
    trọng tâm sau:", the list of bodies its predicate follows (not an object after "của", "với")."""
    clause = re.split(r"[.;]\s+", paragraph.strip())[-1]
    if not _ANNOUNCED_TASKS.search(fold(clause)):
        return None
    toks = tokenize(clause)
    for i in range(len(toks)):
        if i and (toks[i - 1].key in _OBJECT_WORDS or toks[i - 1].text not in "," and toks[i - 1].is_word
                  and not toks[i - 1].is_cap):
            continue  # a body inside a phrase ("… của Sở X", "đòi hỏi Sở X"), not the sentence's subject
        items, k = _agency_list(clause, toks, i)
        if items and k < len(toks) and toks[k].is_word and not toks[k].is_cap:
            return _title_subject(clause[toks[i].start:toks[k - 1].end], locality, province)
    return None


def _labelled_task(ctx: ClauseContext) -> str | None:
    """The task a role label line ("Cơ quan chủ trì: Sở X.", "Đơn vị phối hợp: ...") is about: the lead-in
    it is listed under, else the heading of its item ("a) Nghị định quy định chi tiết ..."), unless that
    heading only names bodies (then the line says who, and no task is written)."""
    if ctx.lead_in:
        return _MARKER.sub("", ctx.lead_in).strip(" :;.") or None
    title = (ctx.section_title or "").strip(" :;.")
    if not title or _title_subject(title, ctx.locality, ctx.province_area) is not None:
        return None
    return title


def _title_subject(title: str, locality: str | None, province: str | None = None) -> _Subject | None:
    """A heading that is only a list of agencies ("Trung tâm Y tế, Văn phòng HĐND-UBND huyện").

    Every clause of a section asks about the same headings: the parse is cached per (title, locality) and
    each caller gets its own copies of the agencies (the records it emits keep them)."""
    subject = _parse_title_subject(title, locality, province)
    if subject is None:
        return None
    return replace(subject, agencies=[replace(a) for a in subject.agencies])


@lru_cache(maxsize=512)
def _parse_title_subject(title: str, locality: str | None, province: str | None = None) -> _Subject | None:
    text = _MARKER.sub("", title).strip()
    bare = _TITLE_PREFIX.sub("", text)  # "Trách nhiệm của Sở Y tế", "Đối với Ủy ban nhân dân các xã"
    if bare != text and is_all_caps(bare):
        bare = caps_to_name(bare)  # "NHIỆM VỤ CHỦ YẾU CỦA BỘ Y TẾ": the body in its usual spelling
    text = bare
    bracket = re.search(r"\(([^()]*)\)\s*:?$", text)
    if bracket and _agency_list(bracket.group(1), tokenize(bracket.group(1)), 0)[0]:
        # "Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban Quản lý Khu kinh tế):": the bodies in brackets
        inner = _parse_title_subject(bracket.group(1), locality, province)
        if inner is not None:
            return replace(inner, source=text)
    text = re.sub(r"\s*\([^()]*\)\s*:?$", "", text)  # "Sở Dân tộc và Tôn giáo (cơ quan thường trực)"
    toks = tokenize(text)
    if not toks:
        return None
    i = _skip_opening(toks)  # "Trong đó, Bộ Tài chính có nhiệm vụ chủ trì, ...:"
    proposed = False
    if _at(toks, i, _PROPOSE):
        proposed, i = True, i + 2
    elif _at(toks, i, _GIVE_OR_DEMAND):
        i += _at(toks, i, _GIVE_OR_DEMAND)  # "Giao Sở X chủ trì, phối hợp ... có trách nhiệm:"
    items, k = _agency_list(text, toks, i)
    if not items:
        return None
    rest = toks[k:]
    partners = False
    if rest and not proposed:
        k += _skip_adverbial(toks[k:])  # "Bộ X, Bộ Y theo chức năng, nhiệm vụ, thẩm quyền chủ trì, ..."
        duty = _at(toks, k, _DUTY)  # "Bộ Tài chính có nhiệm vụ chủ trì, phối hợp ...:", "Sở X có trách nhiệm:"
        k += duty
        n = _at(toks, k, _DIRECTIVES)
        directed, k2 = _agency_list(text, toks, k + n) if n else ([], k)
        if directed and _announces_items(title, text, toks, k2):
            # "Sở X chỉ đạo Chi cục Y thực hiện các nội dung sau:": the items are Y's tasks
            items, rest = directed, []
        elif _at(toks, k, _LEAD_WITH_PARTNERS):
            n = _at(toks, k, _LEAD_WITH_PARTNERS)
            j = k + n + (1 if k + n < len(toks) and toks[k + n].key == word_key("với") else 0)
            j = _agency_list(text, toks, j)[1]
            j += _at(toks, j, _DUTY)
            if _announces_items(title, text, toks, j) or j >= len(toks):  # a heading "4. X chủ trì, phối hợp"
                # "Sở X chủ trì, phối hợp:" then a bullet per partner: X leads, the bodies named below cooperate
                partners, rest = True, []
        elif duty and (_announces_items(title, text, toks, k) or k == len(toks) and len(title) < 95) \
                or _at(toks, k, _LEAD_IN_VERBS) and _announces_items(
                title, text, toks, k + _at(toks, k, _LEAD_IN_VERBS)):
            rest = []  # "Sở X có trách nhiệm:", "Sở X thực hiện các nhiệm vụ sau:"
    if rest and not (rest[0].text == ":" or all(not t.is_word for t in rest)):
        return None
    agencies = []
    for m, h in items:
        name = f"{h} {m.text}" if h else m.text
        a = canonical_agency(name, locality=locality, province=province)
        if h:
            a.name = m.text
        agencies.append(a)
    agencies = _merge_generic(agencies, _span_text(text, items), locality)
    return _Subject(agencies, proposed=proposed, source=text, partners=partners)


# A numbered or lettered item ("2.", "3.1.", "b)", "IV."): the next item of a list, which ends what a
# body's line above announced; bullets ("-", "+") are that body's tasks.
_NUMBERED = re.compile(r"^\s*(?:\(?\d+(?:\.\d+)*[.)]|[a-zđ]\)|[IVXLC]+\.)(?:\s|$)")


def _continued_heading(title: str, text: str) -> tuple[str, int] | None:
    """The body a heading names when its name goes on at the start of the clause below it ("Bộ Tư lệnh" +
    "Thành phố chủ trì ..."): the whole name and where the clause's own words start."""
    head = _MARKER.sub("", title or "").strip()
    if not head or not text or not _is_subject_line(head) or text.startswith(head.rstrip(" :")):
        return None  # the heading's own clause ("Các sở, ngành: Là các đơn vị ...") repeats its title
    own = tokenize(text)
    if not own or _at(own, 0, _TASK_VERBS) or _at(own, 0, _LEAD_VERBS) or _at(own, 0, _COOPERATE):
        return None  # the clause opens with its verb: "Tổng hợp báo cáo ..." goes on no name
    joined = f"{head} {text}"
    toks = tokenize(joined)
    items, _ = _agency_list(joined, toks, 0)
    if not items:
        return None
    last = items[-1][0]
    if last.span[1] <= len(head) + 1 or last.span[0] > len(head):
        return None
    name = joined[last.span[0]:last.span[1]]
    if match_kind(head[last.span[0]:].strip(" :")) is not None and match_kind(name) is None:
        return None  # the heading names a whole body already ("Sở Tài chính"); the clause says something else
    return name, last.span[1] - len(head) - 1


def subject_lines(texts: list[str]) -> list[str | None]:
    """For each paragraph of a section, the paragraph above that only names a body ("Sở Y tế:", "a) Sở
    Xây dựng", "2. Công an tỉnh") and whose tasks it lists, or None.

    Documents do not always make such a line a heading: a body named on a line of its own, its tasks in
    the bullets and paragraphs below, until the next body or the next numbered item."""
    out: list[str | None] = []
    carried: str | None = None
    for text in texts:
        out.append(carried)
        line = text.strip()
        if _is_subject_line(line):
            carried = line
        elif _NUMBERED.match(line):
            carried = None
    return out


def _is_subject_line(line: str) -> bool:
    if not line or len(line) > 300:
        return False
    body = _MARKER.sub("", line).strip()
    toks = tokenize(body)
    items, k = _agency_list(body, toks, 0)
    if not items:
        return False
    rest = toks[k:]
    return not rest or rest[0].text == ":" and (len(rest) == 1 or line.endswith(":"))


# What a lead-in ends with when its items follow: "(thực hiện) các nội dung sau", "như sau", ":".
_FOLLOWING = re.compile(r"^(?:(?:tổ chức\s+)?(?:thực hiện|triển khai)(?:\s+thực hiện)?\s*)?(?:(?:các|những|một số)\s+)?"
                        r"(?:(?:nội dung|nhiệm vụ|công việc|việc)\s*)?(?:cụ thể\s*)?(?:(?:như\s+)?sau)?\s*:?\s*$",
                        re.IGNORECASE)


def _announces_items(title: str, text: str, toks: list[Tok], k: int) -> bool:
    """Does the lead-in end at token k with its items to follow ("... các nội dung sau:", ":")?"""
    rest = text[toks[k].start:] if k < len(toks) else ""
    return bool(_FOLLOWING.match(rest)) and (title.rstrip().endswith(":") or bool(rest.strip(" :")))


_TITLE_PREFIX = re.compile(r"^(?:Trách nhiệm|Nhiệm vụ|Nhiệm vụ và trách nhiệm)(?: cụ thể| chủ yếu| trọng tâm)? của\s+"
                           r"|^Đối với\s+", re.IGNORECASE)


def _span_text(text: str, items: list[tuple[Mention, str | None]]) -> str:
    return text[items[0][0].span[0]:items[-1][0].span[1]]


# ---------------------------------------------------------------- tables written in Markdown

# The column of a task table that holds the task: "Nhiệm vụ", "Nội dung", "Tên nhiệm vụ", "Hoạt động".
_TASK_COLUMN = re.compile(r"^(?:ten\s+|cac\s+)?(?:" + "|".join(fold(w) for w in TASK_TABLE_TASK_WORDS) + r")\b")


_BOTH_NOUNS = re.compile(r"^(?:cơ quan|đơn vị)\s*[,/]\s*(?=(?:cơ quan|đơn vị)\b)", re.IGNORECASE)


@lru_cache(maxsize=64)
def _columns(header: str) -> tuple[tuple[int, str], ...]:
    """(index, "lead" | "cooperate" | "task") of the columns of a header row that assign: "Cơ quan chủ trì",
    "Đơn vị phối hợp", "Chủ trì"; "Nhiệm vụ" or "Nội dung" holds the task. A header without a lead column
    assigns nothing."""
    out = []
    for n, (a, b) in enumerate(table_cells(header)):
        cell = re.sub(r"\s*\[\d+\]$", "", header[a:b].strip(" *_:"))  # "Cơ quan chủ trì[1]": a footnote's mark
        cell = _BOTH_NOUNS.sub("", cell)  # "Cơ quan, đơn vị chủ trì" -> "đơn vị chủ trì"
        toks = tokenize(cell + ":")
        label = _role_label(toks)
        if label is not None and label[1] == len(toks):
            out.append((n, label[0]))
        elif _TASK_COLUMN.match(fold(cell)):
            out.append((n, "task"))
    return tuple(out) if any(kind == "lead" for _, kind in out) else ()


def table_headers(texts: list[str]) -> list[str | None]:
    """For each paragraph of a section, the header row of the Markdown table it is a row of, when that
    header has a column naming who leads ("| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | ... |")."""
    out: list[str | None] = []
    header: str | None = None
    for text in texts:
        if not is_table_row(text):
            header = None
            out.append(None)
        elif _columns(text):
            header = text
            out.append(None)  # the header row itself assigns nothing
        else:
            out.append(header)
    return out


def _cell_agencies(text: str, toks: list[Tok]) -> list[tuple[Mention, str | None]]:
    """Every body a cell names, also where a flattened table lost the separator between two names
    ("Sở Khoa học và Công nghệ Sở Công Thương; UBND các xã")."""
    out: list[tuple[Mention, str | None]] = []
    k = 0
    while k < len(toks):
        items, end = _agency_list(text, toks, k)
        out.extend(items)
        k = end if items and end > k else k + 1
    return out


def _read_row(text: str, ctx: ClauseContext) -> list[Assignment]:
    """A row of a task table: the bodies of the lead column lead the task of the task column, the bodies
    named in the partner column cooperate (collectives with no name are left out)."""
    columns = _columns(ctx.table_header or "")
    cells = table_cells(text)
    if not columns or len(cells) != len(table_cells(ctx.table_header or "")):
        return []
    if sum(1 for a, b in cells[1:] if b > a) <= 1:
        return []  # "A. | BỘ Y TẾ | | |", "I | NHIỆM VỤ CHUNG | |": a group's title row, no task
    reader = _ClauseReader(text, ctx)
    task = next((text[cells[n][0]:cells[n][1]] for n, kind in columns if kind == "task"), None)
    for n, kind in columns:
        if kind == "task":
            continue
        a, b = cells[n]
        toks = [t for t in reader.toks if a <= t.start and t.end <= b]
        for m, h in _cell_agencies(text, toks):
            agency = reader.agency(m, h)
            if agency.generic and (kind == "cooperate" or _vague(agency)):
                continue
            reader.emit(agency, kind, m.span, verb="chủ trì" if kind == "lead" else "phối hợp",
                        task=(task or "").strip(" .;") or None)
    return reader.out
