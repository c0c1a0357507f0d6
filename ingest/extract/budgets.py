"""Funding lines of a plan: "Ngân sách Trung ương: 271.034 triệu đồng (Vốn đầu tư phát triển 136.502 ...)".

Plans state money as an amount with its source written just before it ("NSTW là 81.280 triệu đồng"),
break totals down in parentheses or after "trong đó", and leave the purpose to the heading above
("b) Dự kiến nguồn vốn triển khai thực hiện" under "1.1.1. Lĩnh vực nông nghiệp, nông thôn"). Every
amount becomes one `Budget` in million VND; a zero line ("Vốn tín dụng: Không") is kept as 0. Income
and output values ("Thu nhập ... đạt 45 triệu đồng/người") are targets, not budgets.
"""
from __future__ import annotations

import re

from ingest.extract.context import ClauseContext
from ingest.extract.numbers import context_window, find_quantities, lower_same_length, segment_start
from ingest.extract.for_commune import commune_fields, commune_for
from ingest.extract.targets import is_outcome_money, stated_year
from ingest.model import Budget

# ---------------------------------------------------------------- vocabulary (lower case, accented)

# Funding sources, most specific first: at one position the first alternative that matches wins.
_SOURCES = (
    ("NSTW", r"ngân sách trung ương|ngân sách tw\b|\bnstw\b"),
    ("ngân sách tỉnh", r"(?:cân đối )?ngân sách (?:cấp )?tỉnh|kinh phí tỉnh|tỉnh bổ sung"),
    ("ngân sách huyện", r"(?:cân đối )?ngân sách (?:cấp )?huyện|kinh phí huyện|huyện bố trí"),
    ("ngân sách xã", r"(?:cân đối )?ngân sách (?:cấp )?xã"),
    ("NSĐP", r"ngân sách địa phương|\bnsđp\b|cân đối ngân sách|thu sử dụng đất|thu tiền sử dụng đất"),
    ("vốn tín dụng", r"tín dụng(?: ưu đãi)?|cho vay|vốn vay|vốn ưu đãi|vay ưu đãi"),
    ("vốn lồng ghép", r"lồng ghép"),
    ("dân góp",
     r"dân góp|nhân dân đóng góp|dân đóng góp|cộng đồng dân cư[^,;:]{0,30}đóng góp|huy động trong nhân dân"),
    ("vốn doanh nghiệp", r"vốn doanh nghiệp|doanh nghiệp, htx|doanh nghiệp, hợp tác xã|vốn hợp tác xã"),
    ("huy động khác", r"huy động hợp pháp khác|huy động khác|nguồn huy động|xã hội hóa|xã hội hoá|vốn khác"),
    ("ngân sách nhà nước", r"ngân sách nhà nước|\bnsnn\b"),
    ("ngân sách", r"(?:vốn )?ngân sách(?! trung ương| tw\b| địa phương| tỉnh| huyện| xã| nhà nước| cấp)"),
)
_SOURCE_RE = re.compile("|".join(f"(?P<s{k}>{rx})" for k, (_, rx) in enumerate(_SOURCES)))
_CAPITAL_RE = re.compile(r"vốn đầu tư phát triển|vốn đầu tư công|vốn đầu tư|vốn sự nghiệp")
_SOURCE_END_RE = re.compile(f"(?:{_SOURCE_RE.pattern})$")
_CAPITAL_END_RE = re.compile(f"(?:{_CAPITAL_RE.pattern})$")
_PROGRAMMES = (
    ("Chương trình MTQG giảm nghèo bền vững",
     r"giảm nghèo bền vững|mtqg giảm nghèo|mục tiêu quốc gia giảm nghèo|chương trình giảm nghèo"),
    ("Chương trình MTQG xây dựng nông thôn mới",
     r"(?:chương trình|\bct\b|mtqg|mục tiêu quốc gia)[^.;:]{0,40}(?:nông thôn mới|\bntm\b)"),
    ("Chương trình MTQG phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi",
     r"vùng đồng [bđ]ào dân tộc|dân tộc thiểu số và miền núi|dtts và miền núi|dtts và mn\b"),
)
_PROGRAMME_RE = re.compile("|".join(f"(?P<p{k}>{rx})" for k, (_, rx) in enumerate(_PROGRAMMES)))
_APPROX_BEFORE = re.compile(r"(?:khoảng|dự kiến khoảng|ước|trên|gần|hơn)\s*:?\s*$")
_ZERO_LINE = re.compile(r"(?P<label>[^:;.()\n]{2,160}?)\s*:\s*(?P<zero>không)\b(?!\s+(?:quá|có|được|phải))")
_FUNDING_WORDS = re.compile(r"vốn|ngân sách|nguồn|kinh phí|huy động|góp|tín dụng|doanh nghiệp|chương trình")
# Money that funds nothing: damage ("tổng thiệt hại ước tính khoảng 16.000 tỷ đồng"), tax relief, capital that
# investors registered, sales, and revenue lines of a budget report ("thu nội địa 10.052 tỷ đồng"; money
# spent "từ nguồn thu tiền sử dụng đất" is funding, its label opens with "chi").
_NOT_FUNDING = re.compile(
    r"thiệt hại|tổn thất|giảm thuế|miễn thuế|giảm tiền thuê|(?:tăng|giảm) thu\b|vốn đăng ký|đăng ký (?:mới|đầu tư)|"
    r"bán lẻ|kim ngạch|doanh thu|(?:^\W*|[:;,(]\s*|\btrong đó\s*:?\s*)(?:tổng\s+)?thu\b"
)
# Money paid to the state, not funding: fines and fee schedules ("Phạt tiền từ 40.000.000 đồng đến ...",
# "Trên 20 tỷ đồng mức thu phí là 85 triệu đồng", "lệ phí"), read on the whole clause; and the value
# thresholds of a rule ("tài sản có nguyên giá dưới 01 tỷ đồng"). "chi phí", "kinh phí" and "học phí" are
# money spent.
_PAID_TO_THE_STATE = re.compile(
    r"phạt tiền|mức phạt|xử phạt|mức thu|lệ phí|(?<!chi )(?<!kinh )(?<!học )\bphí\b|nguyên giá|"
    r"có giá trị (?:đánh giá lại )?(?:dưới|từ|trên)"
)


def _around(low: str, start: int, end: int) -> str:
    """The words around an amount within its ";"- or "."-clause: up to 150 characters before it (its
    label) and 40 after ("Trên 20 tỷ đồng mức thu phí là ...")."""
    lo = max(low.rfind("; ", 0, start), low.rfind(". ", 0, start), start - 150) + 1
    ends = [i for i in (low.find("; ", end), low.find(". ", end)) if i >= 0]
    return low[lo : min([*ends, end + 40])]


# Words that say "money" without saying for what; stripped from the ends of a label for the purpose.
_PURPOSE_EDGE_NOISE = re.compile(
    r"[\s\-+*•,:;()]|\d+(?:\.\d+)*\.(?=\s)|[a-zđ]\)|(?:trong đó|chia ra|cụ thể|bao gồm|gồm|dự kiến|khoảng|là|"
    r"với tổng kinh phí|tổng kinh phí|kinh phí thực hiện|kinh phí hỗ trợ|kinh phí cho vay|kinh phí|"
    r"tổng nhu cầu vốn thực hiện|tổng nhu cầu vốn|tổng nhu cầu kinh phí|tổng nhu cầu|nhu cầu vốn|nhu cầu kinh phí|"
    r"nhu cầu|tổng kế hoạch vốn|kế hoạch vốn|tổng mức đầu tư|tổng mức|tổng vốn|vốn và nguồn vốn|"
    r"đầu tư phát triển|đầu tư công|sự nghiệp|chiếm\s+[\d.,]+\s*%|tương đương(?: với)?|"
    r"với tổng số tiền|tổng số tiền|với số tiền|số tiền|nguồn vốn|nguồn kinh phí|nguồn|vốn|thực hiện từ|từ|"
    r"giai đoạn\s+\d{4}\s*-\s*\d{4}|năm\s+\d{4}|với|và|thực hiện|bố trí|triển khai|giao)(?=\W|$)"
)
_PURPOSE_EDGE_NOISE_END = re.compile(
    r"(?:[\s\-+*•,:;()]|(?<!\w)(?:trong đó|chia ra|dự kiến|khoảng|là|với tổng kinh phí|tổng kinh phí|kinh phí|"
    r"với tổng số tiền|tổng số tiền|với số tiền|số tiền|nguồn vốn|vốn|giai đoạn\s+\d{4}\s*-\s*\d{4}|"
    r"giai đoạn|năm\s+\d{4}|đến|với|và|trên|ước|gần|hơn|cho|hỗ trợ|thực hiện|triển khai|chi|chương trình|đạt|"
    r"tổng nhu cầu|nhu cầu|tổng|dự kiến bố trí|bố trí|đầu tư phát triển|đầu tư|sự nghiệp))$"
)
# Headings that say where in the plan, not what the money is for.
_GENERIC_TITLE = re.compile(r"^(?:mục tiêu|mục đích|nội dung|nhiệm vụ|giải pháp|tổ chức thực hiện|phân công)")


def find_budgets(text: str, ctx: ClauseContext) -> list[Budget]:
    """Every funding amount in one clause, in reading order, in million VND.

    Spans are offsets into `text` (the caller shifts them by the clause's start); `text` on each
    record is the clause, or the sentence holding the amount when the clause is very long.
    """
    if not text or ctx.in_preamble or not _may_hold_money(text):
        return []
    # A clause that opens with its amount ("80.000 triệu đồng.") was cut from its label: read it
    # after the lead-in or heading that names it ("... với tổng kinh phí:"), and show both.
    prefix = _label_context(text, ctx)
    offset = len(prefix)
    text = prefix + text
    low = lower_same_length(text)
    items: list[tuple[int, int, float, str, str | None]] = []  # start, end, amount, as written, per
    for q in find_quantities(text):
        if q.kind != "money" or q.money_million_vnd is None:
            continue
        seg = low[segment_start(low, q.start) : q.start]
        if is_outcome_money(seg, q) or _NOT_FUNDING.search(seg):
            continue
        if _PAID_TO_THE_STATE.search(_around(low, q.start, q.end)):
            continue
        items.append((q.start, q.end, q.money_million_vnd, q.text, q.per))
    for m in _ZERO_LINE.finditer(low) if "không" in low else ():
        label = m.group("label")
        if _FUNDING_WORDS.search(label) and not any(a <= m.start("zero") < b for a, b, *_ in items):
            items.append((m.start("zero"), m.end("zero"), 0.0, text[m.start("zero") : m.end("zero")], None))
    items.sort()

    out: list[Budget] = []
    by_start: dict[int, Budget] = {}
    for k, (start, end, amount, written, per) in enumerate(items):
        prev_end = items[k - 1][1] if k else 0
        parent = _parent(low, start, items[:k], by_start)
        label = _label(low, start, prev_end)
        post = low[end : end + 80]
        source = _source(label) or _source_after(post) or (parent.source if parent else None)
        capital = _capital(label) or _capital_after(post) or (parent.capital_type if parent else None)
        if parent is not None and parent.amount_million_vnd == amount:
            parent.capital_type = parent.capital_type or capital  # "1.300 triệu đồng (vốn sự nghiệp: 1.300 ...)"
            parent.source = parent.source or source
            continue
        lo, hi = context_window(text, start, end)
        line = Budget(
            amount_million_vnd=amount,
            text=text[lo:hi],
            clause_id=ctx.clause_id,
            span=(start - offset, end - offset),
            source=source,
            purpose=_purpose(text, low, label, start, ctx, parent),
            programme=_programme(low, label, start, ctx) or (parent.programme if parent else None),
            amount_as_written=written,
            capital_type=capital,
            unit_rate=per,
            approx=bool(_APPROX_BEFORE.search(low[max(0, start - 25) : start])),
            parent_amount_million_vnd=parent.amount_million_vnd if parent else None,
            year=stated_year(low, start, end, ctx, floor=prev_end, budget=True),
            **commune_fields(commune_for(text, start, ctx) if start >= offset else None),
        )
        if parent is not None:  # a breakdown line is for the year and the commune of its total
            line.year = line.year or parent.year
            if line.commune is None:
                line.commune, line.commune_level, line.commune_code = (
                    parent.commune, parent.commune_level, parent.commune_code)
        by_start[start] = line
        if start >= offset:  # amounts of the lead-in were read with their own clause
            out.append(line)
    return out


_DIGIT = re.compile(r"\d")


def _may_hold_money(text: str) -> bool:
    """An amount is a numeral (it starts with a digit) or a zero line ("Vốn tín dụng: Không")."""
    return bool(_DIGIT.search(text)) or "không" in text.lower()


def _label_context(text: str, ctx: ClauseContext) -> str:
    """The lead-in (or heading) to read before a clause whose first amount has no label of its own."""
    low = lower_same_length(text)
    first = re.search(r"\d+(?:[.,]\d+)*\s*(?:tỷ|triệu|nghìn|ngàn|đồng)|:\s*không\b", low)
    if first is None:
        return ""
    words = re.findall(r"[^\W\d_]{2,}", re.sub(r"\b(?:khoảng|dự kiến|là|tổng|trên)\b", " ", low[: first.start()]))
    if len(words) >= 2:
        return ""
    for context in (ctx.lead_in, ctx.section_title):
        context = (context or "").strip()
        if context:
            return context + (" " if context.endswith(":") else ": ")
    return ""


# ---------------------------------------------------------------- reading one line

def _parent(low: str, start: int, earlier: list[tuple], by_start: dict[int, Budget]) -> Budget | None:
    """The total an amount breaks down: the last amount before the "(" it stands in, or before a
    "trong đó"/"chia ra" that introduces it."""
    depth, open_at = 0, None
    for i in range(start - 1, -1, -1):
        ch = low[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                open_at = i
                break
            depth -= 1
        elif ch == "." and depth == 0 and (i + 1 == len(low) or low[i + 1].isspace()):
            break
    for s, e, *_ in reversed(earlier):
        if open_at is not None and e <= open_at and s in by_start:
            return by_start[s]
        if open_at is None and s in by_start and re.search(r"\b(?:trong đó|chia ra|gồm)\b", low[e:start]):
            return by_start[s]
    return None


def _label(low: str, start: int, prev_end: int) -> str:
    """The words that name an amount: from the previous amount (or the phrase start) up to it."""
    seg = segment_start(low, start, stops=".;")  # "Ngân sách trung ương: 4.912": the colon stays
    return low[max(seg, prev_end) : start]


def _source(label: str) -> str | None:
    found = None
    for m in _SOURCE_RE.finditer(label):
        found = _SOURCES[int(m.lastgroup[1:])][0]
    return found


def _source_after(post: str) -> str | None:
    """ "Vốn sự nghiệp: 10.000 triệu đồng (nguồn NSTW)", "2,5 tỷ đồng từ nguồn ngân sách tỉnh" """
    m = re.match(r"\s*\(([^()\d]{0,50})\)", post) or re.match(r"\s*(?:từ|thuộc|do|bằng)\s+([^.;,()\d]{0,60})", post)
    return _source(m.group(1)) if m else None


def _capital(label: str) -> str | None:
    found = None
    for m in _CAPITAL_RE.finditer(label):
        found = "vốn đầu tư" if m.group().startswith("vốn đầu tư") else "vốn sự nghiệp"
    return found


def _capital_after(post: str) -> str | None:
    m = re.match(r"\s*\(([^()\d]{0,50})(?:\)|:\s*\d[^()]*\)\s*[,;.]?\s*$)", post)
    return _capital(m.group(1)) if m and m.group().endswith(")") and not re.search(r"\d", m.group()) else None


def _programme(low: str, label: str, start: int, ctx: ClauseContext) -> str | None:
    for piece in (label, low[:start], (ctx.lead_in or "").lower(), (ctx.section_title or "").lower(),
                  *[t.lower() for t in reversed(ctx.breadcrumb)]):
        found = None
        for m in _PROGRAMME_RE.finditer(piece):
            found = _PROGRAMMES[int(m.lastgroup[1:])][0]
        if found:
            return found
    return None


def _purpose(text: str, low: str, label: str, start: int, ctx: ClauseContext, parent: Budget | None) -> str | None:
    """What the money is for: the label without source words, else the total it belongs to, else the
    phrase that opens the sentence, else the nearest heading that is not itself about money."""
    own = _strip_purpose(text, low, start - len(label), start)
    only_programme = bool(own) and not _strip_purpose(own, _PROGRAMME_RE.sub(" ", own.lower()), 0, len(own))
    if own and not only_programme:
        return own
    if parent is not None and parent.purpose:
        return parent.purpose
    # the phrase that opens the clause (or, in a long clause, the sentence) before its first amount
    head_start = 0 if len(text) <= 300 else low.rfind(". ", 0, start) + 2 if ". " in low[:start] else 0
    first_amount = re.search(r"\d+(?:[.,]\d+)*\s*(?:triệu|tỷ|nghìn|ngàn|đồng)", low[head_start:start])
    if first_amount:
        head = _strip_purpose(text, low, head_start, head_start + first_amount.start())
        if head:
            return _drop_long_parenthesis(head)
    for title in (ctx.section_title, ctx.lead_in, *reversed(ctx.breadcrumb)):
        bare = _NUMBERING.sub("", title or "")
        if bare and not _GENERIC_TITLE.match(bare.lower()):
            clean = _clean_title(bare)
            if clean:
                return clean
    return own  # a programme's name is the purpose of its own total


def _strip_purpose(text: str, low: str, start: int, end: int) -> str | None:
    """The label of an amount without its money words at either end: "Nguồn vốn NSTW thực hiện Đề án X
    với tổng kinh phí:" -> "thực hiện Đề án X"; None when nothing but money words is left."""
    piece, lpiece = text[start:end], low[start:end]
    if "(" in lpiece and ")" not in lpiece[lpiece.rfind("(") :]:  # inside an open parenthesis
        cut = lpiece.rfind("(") + 1
        piece, lpiece = piece[cut:], lpiece[cut:]
    a, b = 0, len(lpiece)
    while a < b:  # the longest money phrase at the start, then again
        ends = [m.end() for rx in (_PURPOSE_EDGE_NOISE, _SOURCE_RE, _CAPITAL_RE) if (m := rx.match(lpiece, a, b))]
        if not ends or max(ends) <= a:
            break
        a = max(ends)
    while b > a:  # and at the end
        starts = [m.start() for rx in (_PURPOSE_EDGE_NOISE_END, _SOURCE_END_RE, _CAPITAL_END_RE)
                  if (m := rx.search(lpiece, a, b))]
        if not starts or min(starts) >= b:
            break
        b = min(starts)
    if len(re.findall(r"[^\W\d_]{2,}", lpiece[a:b])) < 2:
        return None
    phrase = re.sub(r"\s+", " ", piece[a:b]).strip(" ,;:-(")
    return _drop_long_parenthesis(phrase)[:160] or None


_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*\.?(?=\s)|[a-zđ]\)|\(\d+\)|[-+*•])\s*")


def _drop_long_parenthesis(phrase: str) -> str:
    """ "Hỗ trợ khoảng 1.217 hộ (trong đó xây mới ..., sửa chữa ...), định mức" keeps its gist."""
    if len(phrase) <= 80:
        return phrase
    return re.sub(r"\s*\([^()]*\)", "", phrase).strip(" ,;:")


def _clean_title(title: str) -> str:
    """A heading as a purpose: no number, no amount, no money words ("1. Ngân sách thực hiện Chương
    trình X dự kiến khoảng 407.034 triệu đồng, chia ra:" -> "Chương trình X")."""
    title = _NUMBERING.sub("", title)
    title = re.split(r"(?<=[^\d\s])\.\s", title)[0]  # the heading's first sentence
    low = lower_same_length(title)
    amount = re.search(r"\d+(?:[.,]\d+)*\s*(?:triệu|tỷ|nghìn|ngàn|đồng)", low)
    end = amount.start() if amount else len(title)
    return _strip_purpose(title, low, 0, end) or ""
