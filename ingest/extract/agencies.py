"""Agency mentions and their canonical names.

Vietnamese agency names follow one grammar: a head noun (Phòng, Sở, Trung tâm, Ban, Ủy ban nhân dân ...)
then domain words in title case ("Lao động - Thương binh và Xã hội", "Nông nghiệp và PTNT"), then an
optional locality ("huyện", "tỉnh Điện Biên"). The name ends where the sentence goes on: at a role verb
("chủ trì", "phối hợp", "đầu mối"), at punctuation, at the next head noun, or at the first lower-case word
that cannot belong to a name. No list of particular agencies is used: only head nouns, the syllables
domain names are made of, and the official abbreviations, so documents of other provinces and the
post-2025 names ("Sở Nông nghiệp và Môi trường", "Phòng Kinh tế" of a commune) read the same way.

`canonical_agency` merges spellings ("Phòng LĐ-TBXH", "Phòng Lao động, Thương binh - Xã hội huyện") into
one canonical name, a `kind` key shared by the same type of body everywhere, and a `locality`.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from ingest.model import Agency, Span
from ingest.vocab.admin import (
    AREA_SERVICE_HEADS,
    BODY_HEADS,
    CAPITAL_ONLY_HEADS,
    HEAD_TYPOS,
    SEASON_WORDS,
    COUNCIL_HEADS,
    FRONT_HEADS,
    LEVEL_WORDS,
    MANAGED_ZONES,
    SELF_HEADS,
    TIER_WORDS,
    fold,
    kind_key,
    level_of,
    locality_of,
    match_kind,
    split_trailing_locality,
    strip_header_noise,
)
from ingest.vocab.admin import expand_abbreviations as _expand
from ingest.vocab.legal import DOC_TYPE_WORDS

# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Tok:
    text: str
    start: int
    end: int
    key: str  # lower case, tone marks in the modern position (see `word_key`)

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper()

    @property
    def is_abbrev(self) -> bool:
        """LĐ, TBXH, NN, PTNT, GDNN, QLDA: two or more capitals (not a lone capital like "Y")."""
        return _is_abbrev(self.text)


@lru_cache(maxsize=65536)
def _is_abbrev(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2


_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_TONE = re.compile(r"([oOuU])([aeyAEY])([" + _TONES + r"])$")


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """Lower case with the tone on the modern syllable position ("uỷ" -> "ủy", "hoá" -> "hóa").

    Accents are kept: folding would make "Phong" (a place) the head noun "Phòng", and "Bản" (a village)
    the head noun "Ban"."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    decomposed = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", decomposed)


def tokenize(text: str) -> list[Tok]:
    """Word and punctuation tokens; a fresh list each call (callers slice and keep them)."""
    return list(_tokenize(text))


@lru_cache(maxsize=64)
def _tokenize(text: str) -> tuple[Tok, ...]:
    # one clause is tokenized by several readers (assignments, places, the communes of a partner list), one
    # right after the other: a small cache is enough, and a large one would hold thousands of tokens
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        out.append(Tok(word, m.start(), m.end(), word_key(word)))
    return tuple(out)


def _keys(phrase: str) -> tuple[str, ...]:
    return tuple(word_key(m.group()) for m in _TOKEN.finditer(phrase))


class Phrases:
    """A set of token-key phrases indexed by their first key.

    The grammar asks "which of these phrases starts at token i?" tens of thousands of times per document;
    looking only at the phrases that start with the token's key, longest first, answers it without
    walking the whole list."""

    __slots__ = ("_by_first", "_set", "phrases")

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.phrases = tuple(phrases)
        self._set = frozenset(self.phrases)
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for ph in self.phrases:
            by_first.setdefault(ph[0], []).append(ph)
        self._by_first = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.phrases)

    def __contains__(self, phrase: object) -> bool:
        return phrase in self._set

    def __add__(self, other: Phrases) -> Phrases:
        return Phrases(self.phrases + other.phrases)

    def lengths_at(self, toks: list[Tok], i: int) -> Iterator[int]:
        """Lengths (in tokens) of the phrases starting at toks[i], longest first."""
        size = len(toks)
        if i >= size:
            return
        for ph in self._by_first.get(toks[i].key, ()):
            n = len(ph)
            if i + n > size:
                continue
            k = 1
            while k < n and toks[i + k].key == ph[k]:
                k += 1
            if k == n:
                yield n

    def longest(self, toks: list[Tok], i: int) -> int:
        """Length (in tokens) of the longest phrase starting at toks[i], 0 if none."""
        size = len(toks)
        if i >= size:
            return 0
        candidates = self._by_first.get(toks[i].key)
        if candidates is None:
            return 0
        for ph in candidates:
            n = len(ph)
            if i + n > size:
                continue
            k = 1
            while k < n and toks[i + k].key == ph[k]:
                k += 1
            if k == n:
                return n
        return 0


def phrases(*texts: str) -> Phrases:
    """Phrases from their written forms, keyed the way `tokenize` keys tokens."""
    return Phrases(_keys(t) for t in texts)


def _match(toks: list[Tok], i: int, table: Phrases) -> int:
    """Length (in tokens) of the longest phrase of the table starting at toks[i], 0 if none."""
    return table.longest(toks, i)


# ---------------------------------------------------------------- vocabulary (generic, not this corpus's names)

# Head nouns that need domain words after them.
_BODY_HEADS = phrases(*BODY_HEADS)
# Heads that, written in lower case, may still start a name when the name goes on in title case
# ("Giao phòng Nông nghiệp và PTNT"). Others (hội, đoàn, trường...) are too common as plain words.
_LOWER_OK_HEADS = phrases(
    "phòng", "sở", "ban", "trung tâm", "văn phòng", "chi cục", "cục", "ủy ban", "ngân hàng",
    "phòng giao dịch", "kho bạc",
)
# Heads whose domain may be written in lower case after a capitalised head ("Trung tâm y tế").
_LOWER_BODY_HEADS = phrases(
    "Phòng", "Ban", "Trung tâm", "Văn phòng", "Chi cục", "Ngân hàng", "Phòng giao dịch", "Sở", "Chi nhánh",
    "Hạt", "Trạm",
)
# First two syllables a lower-case domain may start with after such a head: "Trung tâm y tế",
# "Ban quản lý rừng phòng hộ", "Ngân hàng chính sách xã hội". Without it "Ban hành", "Phòng chống" would
# read as agencies.
_LOWER_DOMAIN_STARTS = phrases(
    "y tế", "văn hóa", "dịch vụ", "quản lý", "chính sách", "giáo dục", "lao động", "nông nghiệp", "tài nguyên",
    "tài chính", "kinh tế", "nội vụ", "tư pháp", "dân tộc", "thống kê", "chỉ đạo", "chỉ huy", "điều phối",
    "kế hoạch", "thông tin", "khuyến nông", "bảo vệ", "kiểm lâm", "phát triển", "hỗ trợ", "xúc tiến",
    "giao dịch", "dạy nghề", "bồi dưỡng", "dân số", "bảo trợ", "thú y", "trồng trọt", "thể dục", "truyền thông",
    "nước sạch", "đào tạo", "giáo dục nghề nghiệp", "công tác xã hội", "quỹ đất", "xây dựng", "giao thông",
    "tài nguyên", "môi trường", "thủy lợi", "lâm nghiệp", "khoa học", "công nghệ", "an ninh", "quốc phòng",
    "tiếp công dân", "phục vụ hành chính công", "hành chính công", "bảo tồn", "kỹ thuật", "y tế dự phòng",
)
# Names complete by themselves; domain words and a locality may follow.
_SELF_HEADS = phrases(*SELF_HEADS)
# Self heads that need a capital to count ("công tác thanh tra, kiểm tra" is a task, not an agency).
_CAP_ONLY_SELF = phrases("Công an", "Thanh tra", "Chính phủ")
_AREA_SERVICES = phrases(*AREA_SERVICE_HEADS)
_SERVICE_AREAS = phrases("cơ sở", "khu vực")
# Self heads whose tail may be written in lower case: "cơ quan thường trực Chương trình",
# "Ban Chỉ đạo các chương trình mục tiêu quốc gia huyện".
_OPEN_SELF = phrases("Ban Chỉ đạo", "Văn phòng điều phối", "Cơ quan thường trực")

# People's committees and councils: the body is a level of government.
_COUNCIL_HEADS = phrases(*COUNCIL_HEADS)
_FRONT_HEADS = phrases(*FRONT_HEADS)

# Level words (of a locality) and tier words ("cấp xã").
_LEVELS = phrases(*LEVEL_WORDS, *TIER_WORDS)

# Syllables that domain names are made of: a lower-case word continues a name only if it is one of
# these (or the second syllable of a title-case word: "Tư pháp", "Nội vụ").
_NAME_SYLLABLES = frozenset(word_key(w) for w in ["nông", "nghiệp", "phát", "triển", "thôn", "xã", "hội", "hạ", "tầng", "môi", "trường", "đào", "tạo", "thông", "tin", "truyền", "thể", "thao", "du", "lịch", "dự", "án", "phòng", "hộ", "quân", "sự", "thống", "kê", "nhà", "nước", "chính", "sách", "y", "tế", "dịch", "vụ", "văn", "hóa", "giáo", "dục", "nghề", "thường", "xuyên", "lao", "động", "thương", "binh", "tài", "nguyên", "kế", "hoạch", "đầu", "tư", "kinh", "quản", "lý", "đô", "thị", "điều", "phối", "mới", "mục", "tiêu", "quốc", "gia", "chương", "trình", "chỉ", "đạo", "huy", "an", "ninh", "trật", "tự", "khoa", "học", "công", "nghệ", "hình", "thanh", "pháp", "dân", "tộc", "tôn", "vật", "bảo", "vệ", "thực", "kiểm", "lâm", "rừng", "đất", "khuyến", "giảm", "nghèo", "xây", "dựng", "giao", "vận", "tải", "nội", "vụ", "ngoại", "cứu", "trợ", "bệnh", "tật", "phụ", "nữ", "trẻ", "em", "gia", "đình", "dinh", "dưỡng", "dân", "số", "sức", "khỏe", "cộng", "đồng", "giống", "cây", "trồng", "chăn", "nuôi", "thú", "thủy", "sản", "lợi", "kỹ", "thuật", "nghiệp", "vụ", "sự", "công", "lập", "vùng", "miền", "núi", "biên", "giới", "dân", "cư", "chống", "thiên", "tai", "tìm", "kiếm", "nạn", "ngân", "sách", "kho", "bạc", "thuế", "hải", "quan", "cảnh", "quốc", "phòng", "đảng", "thanh", "niên", "cựu", "chiến", "nông", "dân", "liên", "hiệp", "tổ", "việt", "nam", "thi", "đua", "khen", "thưởng", "cải", "cách", "hành", "chính", "cửa", "hỗ", "trợ", "doanh", "hợp", "tác", "đối", "xúc", "tiến", "thương", "mại", "nhân", "lực", "việc", "làm", "quỹ", "đai", "bồi", "thường", "giải", "mặt", "bằng", "phát", "thanh", "dục", "học", "mầm", "non", "tiểu", "trung", "cơ", "sở", "phổ", "dạy", "dịch", "tín", "dụng", "ưu", "đãi", "vay", "vốn", "đội", "biên", "kiểm", "sát", "tòa", "án", "điện", "nước", "sạch", "truyền", "hình", "lâm", "nghiệp", "thủy", "lợi", "dự", "phòng", "công", "dân", "tiếp", "nhiên", "sinh", "dạng", "đa", "trị", "xuất", "chế", "soát", "bộ", "đổi", "sáng", "tạo", "chuyển", "số", "máy", "luật", "bản", "đăng", "ký", "đai", "cao", "cán",
    # environment, science and standards departments of the centre: "Cục Biến đổi khí hậu", "Cục Kiểm soát ô
    # nhiễm môi trường", "Viện Khoa học Khí tượng thủy văn", "Cục Viễn thám quốc gia"
    "khí", "hậu", "ô", "nhiễm", "tượng", "viễn", "thám", "chất", "lượng", "thải", "khoáng", "biển", "đảo",
    "đo", "đạc", "phẩm", "dược", "chuẩn", "hạt", "nhân", "bức", "xạ"])

# Lower-case words and phrases that end a name even if their syllables could belong to one.
_BOUNDARY = phrases(
    "chủ trì", "phối hợp", "đầu mối", "đồng đầu mối", "đồng phụ trách", "phụ trách", "thực hiện", "triển khai",
    "tổ chức", "tham mưu", "chỉ đạo", "hướng dẫn", "có trách nhiệm", "chịu trách nhiệm", "theo dõi",
    "tổng hợp", "báo cáo", "kiểm tra", "đôn đốc", "giám sát", "đánh giá", "tuyên truyền", "vận động", "rà soát",
    "đề xuất", "quản lý", "là", "để", "tại", "trong", "theo", "về", "cho", "nhằm", "gửi", "tăng cường",
    "chủ động", "căn cứ", "trên", "đã", "sẽ", "đang", "được", "với", "của", "các", "những", "tiếp tục",
    "tập trung", "hỗ trợ", "đảm bảo", "bảo đảm", "nâng cao", "cùng", "giúp", "thường trực", "và", "hoặc", "từ",
    "đến", "tới", "qua", "khi", "nếu", "thì", "mà", "này", "đó", "trực tiếp", "lồng ghép", "phân công", "giao",
    "đề nghị", "thẩm định", "phân bổ", "bố trí", "cung cấp", "nghiên cứu", "xây dựng", "phát triển",
    "thống kê", "xã hội hóa", "đồng", "chi nhánh", "khu vực", "làm đầu mối", "làm chủ đầu tư", "làm cơ quan",
    "làm thường trực", "thông báo", "biết", "tiến hành", "xem xét", "thành lập", "khẩn trương", "nghiêm túc",
    "có", "cần", "phải", "không", "chưa", "quyết định", "ban hành", "kính gửi", "kính",
    "phổ biến",
)
# Strong role verbs end a name even when written with a capital ("Phòng Văn hóa - Thông tin Chủ trì").
_STRONG_BOUNDARY = phrases(
    "chủ trì", "phối hợp", "đầu mối", "đồng đầu mối", "tham mưu", "có trách nhiệm", "chịu trách nhiệm",
    "phụ trách", "đồng phụ trách", "triển khai", "thực hiện", "hướng dẫn", "tổ chức thực hiện", "là",
)

# Collective subjects: "các cơ quan, đơn vị liên quan", "các phòng, ban, ngành", "Các cấp, các ngành".
_COLLECTIVE_NOUNS = phrases(
    "cơ quan", "đơn vị", "phòng ban", "phòng", "ban ngành", "ban", "ngành", "sở", "đoàn thể", "tổ chức",
    "cấp ủy", "cấp", "hội", "đoàn", "chính quyền", "thành viên", "doanh nghiệp", "địa phương", "chuyên môn",
    "chính trị", "xã hội", "trung tâm", "nganh", "ban nganh", "bộ", "bộ ngành", "bộ phận", "tập đoàn",
    "ngân hàng", "ngân hàng thương mại", "tổ chức tín dụng", "vụ", "cục", "tổng cục", "viện", "văn phòng",
)
# Collective nouns of a ministry's units, written with a capital: "các Vụ, Cục, Viện thuộc Bộ". "vụ" in lower
# case is a plain noun ("các vụ việc", "các vụ vi phạm").
_UNIT_NOUNS = phrases("vụ", "cục", "tổng cục", "viện", "trung tâm", "đơn vị")
_CAP_ONLY_COLLECTIVE = phrases("vụ")
_OWNER_WORDS = frozenset(word_key(w) for w in ("Bộ", "Sở", "Tỉnh", "Ngành"))
# The party committees whose offices a collective names: "các văn phòng tỉnh ủy, thành ủy".
_PARTY_COMMITTEES = ("tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy", "cấp ủy")
_COMMITTEES = phrases(*_PARTY_COMMITTEES)
_COLLECTIVE_TAIL = phrases(
    "có liên quan", "liên quan", "chuyên môn", "thuộc", "huyện", "tỉnh", "thị xã", "thành phố", "từ huyện đến cơ sở",
    *_PARTY_COMMITTEES,
)
# Capitalised words that never go on with a name: they open the next cell of a flattened table.
_NEW_CELL = frozenset(word_key(w) for w in ("các", "bộ", "sở", "phòng", "những"))
_K = {w: word_key(w) for w in ("và", "các", "xã", "hội", "mọi", "thủ", "trưởng", "chương", "thuộc", "của", "về")}


# ---------------------------------------------------------------- the grammar


@dataclass(frozen=True)
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    span: Span  # character span
    text: str
    head: str  # "phòng", "council", "front", "self", "collective", "headless"


def _is_boundary(toks: list[Tok], i: int) -> bool:
    t = toks[i]
    if _match(toks, i, _STRONG_BOUNDARY):
        return True
    if t.key == _TRINH and not t.is_cap and (i == 0 or toks[i - 1].key != _CHUONG):
        return True  # "báo cáo Sở X trình cấp có thẩm quyền": a verb, not the "trình" of "chương trình"
    return not t.is_cap and not t.is_abbrev and bool(_match(toks, i, _BOUNDARY))


# Lower-case head nouns that are the second half of a common word: "cơ sở", "dự phòng", "quốc phòng".
_COMPOUND_BEFORE = {
    word_key("sở"): frozenset(map(word_key, ("cơ", "trụ"))),
    word_key("phòng"): frozenset(map(word_key, ("dự", "quốc", "đề", "biên", "phòng", "xà"))),
    word_key("ban"): frozenset(map(word_key, ("tiểu", "ngày"))),
}
# A body that shows the head noun is a plain word: "Bộ Tiêu chí quốc gia", "Bộ Luật".
_NOT_AGENCY_BODY = phrases("Tiêu chí", "Luật", "Quy tắc", "Chỉ số", "Hồ sơ", "Tài liệu")
_CAPITAL_ONLY = phrases(*CAPITAL_ONLY_HEADS)
_SEASONS = phrases(*SEASON_WORDS)
_TYPO_HEADS = phrases(*HEAD_TYPOS)


def _head_at(toks: list[Tok], i: int) -> tuple[int, str] | None:
    """(length, kind) of a head noun starting at token i, honouring case rules."""
    t = toks[i]
    if not t.is_word:
        return None
    if i > 0:
        prev = toks[i - 1]
        if prev.end == t.start and prev.text in "/-":
            return None  # inside a document symbol: "133/KH-UBND", "NQ-HĐND"
        if not t.is_cap and (prev.text.isdigit() or prev.key in _COMPOUND_BEFORE.get(t.key, ())):
            return None  # "12 phòng tin học", "trên cơ sở Kế hoạch"
    n = _match(toks, i, _FRONT_HEADS)
    if n:
        return n, "front"
    n = _match(toks, i, _COUNCIL_HEADS)
    if n and (t.is_cap or t.is_abbrev or t.text.islower()):
        return n, "council"
    n = _match(toks, i, _SELF_HEADS)
    if n:
        if _match(toks, i, _CAP_ONLY_SELF) and not t.is_cap:
            return None
        return n, "self"
    n = _match(toks, i, _AREA_SERVICES)
    if n and t.is_cap and (_level_at(toks, i + n) or _match(toks, i + n, _SERVICE_AREAS)):
        return n, "self"  # "Thuế tỉnh Đắk Lắk", "Thuế cơ sở 3": not "Thuế thu nhập"
    n = _match(toks, i, _CAPITAL_ONLY)
    if n:
        nxt = toks[i + n] if i + n < len(toks) else None
        if not t.is_cap or nxt is None or not nxt.is_word or not (nxt.is_cap or nxt.is_abbrev) \
                or _match(toks, i + n, _SEASONS):
            return None  # "vụ việc", "Vụ Đông Xuân", "Tạp chí số 5"
        return n, "body"
    n = _match(toks, i, _BODY_HEADS)
    if n:
        if not t.is_cap and not _match(toks, i, _LOWER_OK_HEADS):
            return None
        if _match(toks, i + n, _NOT_AGENCY_BODY):
            return None
        return n, "body"
    return None


def _level_at(toks: list[Tok], i: int) -> int:
    """Length of a level word at i ("huyện", "thị xã", "cấp xã"); "xã hội" is not one."""
    n = _match(toks, i, _LEVELS)
    if not n or toks[i].is_abbrev:
        return 0
    if toks[i].key == _K["xã"] and n == 1 and i + 1 < len(toks) and toks[i + 1].key == _K["hội"]:
        return 0
    if n == 1 and i + 1 < len(toks) and toks[i + 1].key == word_key("ủy"):
        return 0  # "Tỉnh ủy", "Huyện ủy"
    return n


# Titles of officials: "Thủ trưởng các cơ quan" after a list of places is not one more place.
_TITLES = phrases(
    "thủ trưởng", "chủ tịch", "phó chủ tịch", "giám đốc", "phó giám đốc", "chánh", "trưởng", "bí thư",
)


def _proper_name(toks: list[Tok], i: int, limit: int = 5) -> int:
    """Length of a capitalised place name at i ("Phong Thổ", "Điện Biên"), stopping at heads and verbs."""
    n = 0
    while i + n < len(toks) and n < limit:
        t = toks[i + n]
        if not t.is_word or not (t.is_cap or t.text.isdigit()) or _head_at(toks, i + n) or _is_boundary(toks, i + n):
            break
        if n == 0 and _match(toks, i, _TITLES) or t.key in _NEW_CELL:
            break  # "Thủ trưởng ...", and "Các"/"Sở"/"Phòng" that open the next item
        if n > 0 and _level_at(toks, i + n):
            break
        n += 1
    return n


def _locality(toks: list[Tok], i: int) -> int:
    """Length of a locality after a name: a level word and, optionally, a proper name."""
    n = _level_at(toks, i) if i < len(toks) else 0
    if not n:
        return 0
    return n + _proper_name(toks, i + n)


def _joins_council(toks: list[Tok], i: int, j: int) -> int:
    """"Văn phòng HĐND - UBND", "HĐND và UBND": the council pair is one domain. Length of the second part."""
    if not any(t.key in ("hđnd", "nhân") for t in toks[i:j]):
        return 0
    k = j + 1
    if k < len(toks) and _match(toks, k, _COUNCIL_HEADS):
        return 1 + _match(toks, k, _COUNCIL_HEADS)
    return 0


def starts_agency(toks: list[Tok], i: int) -> bool:
    """Does a new agency name start at i? (A head noun alone is not enough: "rừng phòng hộ".)"""
    return _head_at(toks, i) is not None and _parse_at(toks, i) is not None


def _closes_word(toks: list[Tok], j: int, comp: int) -> bool:
    """A weak boundary word that is the second syllable of a title-case word ending a list item: the
    "giao" of "Ngoại giao," ("Các Bộ: Tài chính, Ngoại giao, ...")."""
    if comp != 1 or _match(toks, j, _STRONG_BOUNDARY) or _match(toks, j, _BOUNDARY) != 1 \
            or toks[j].key not in _NAME_SYLLABLES:
        return False
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    return nxt is None or nxt.text in ",;.)" or nxt.key == _K["và"]


def _body(toks: list[Tok], i: int, *, lower_first: bool) -> int:
    """Length of the domain words of a name starting at i (without the head)."""
    j = i
    comp = 0  # syllables in the current title-case component
    while j < len(toks):
        t = toks[j]
        if j > i and (t.text in "-&" or t.key == _K["và"]):
            pair = _joins_council(toks, i, j)
            if pair:
                j += pair
                comp = 0
                continue
        if not t.is_word:
            if t.text in "-&" and j > i and j + 1 < len(toks) and toks[j + 1].is_word:
                nxt = j + 1
                if starts_agency(toks, nxt) or _level_at(toks, nxt) or _is_boundary(toks, nxt):
                    break
                j += 1
                comp = 0
                continue
            if t.text == "," and j > i and (_comma_continues(toks, i, j) or lower_first and _lower_list(toks, j)):
                j += 1
                comp = 0
                continue
            break
        if j > i and (starts_agency(toks, j) or _level_at(toks, j)):
            break
        if j > i and t.is_cap and t.key in _NEW_CELL and (t.key == _K["các"] or j + 1 >= len(toks)
                                                           or not toks[j + 1].is_word or toks[j + 1].is_cap):
            break  # "Bộ Công an Các bộ, ngành", "Sở Khoa học và Công nghệ Sở Y tế": the next cell (not "Phòng chống")
        if t.key == _K["các"] and j + 1 < len(toks) and toks[j + 1].key == _K["chương"]:
            j += 1  # "Ban Chỉ đạo các chương trình mục tiêu quốc gia"
            comp = 1
            continue
        zones = _managed_zones(toks, i, j)
        if zones:
            j += zones  # "Ban Quản lý các khu công nghệ cao và khu công nghiệp": the zones it manages
            comp = 0
            continue
        if t.key == _K["các"] and j > i and j + 1 < len(toks) and toks[j + 1].is_cap and toks[j + 1].is_word \
                and not starts_agency(toks, j + 1) and not _level_at(toks, j + 1):
            j += 1  # "Ban Quản lý các Khu công nghiệp tỉnh": the bodies a board manages
            comp = 0
            continue
        if t.key == _K["và"] and j > i:
            nxt = j + 1
            if nxt >= len(toks) or not toks[nxt].is_word or starts_agency(toks, nxt) or _is_boundary(toks, nxt) \
                    or _level_at(toks, nxt):
                break
            if not (toks[nxt].is_cap or toks[nxt].is_abbrev or toks[nxt].key in _NAME_SYLLABLES):
                break
            if _match(toks, nxt, _TITLES):
                break  # "Bộ Quốc phòng và Thủ trưởng các cơ quan": the next subject is an official
            j += 1
            comp = 0
            continue
        if j == i:
            if t.is_cap or t.is_abbrev:
                if _match(toks, j, _STRONG_BOUNDARY):
                    break
                j += 1
                comp = 2 if t.is_abbrev else 1
                continue
            if lower_first and _match(toks, j, _LOWER_DOMAIN_STARTS):
                j += _match(toks, j, _LOWER_DOMAIN_STARTS)
                comp = 2
                continue
            break
        if _is_boundary(toks, j) and not _closes_word(toks, j, comp):
            break
        if t.is_abbrev or t.is_cap:
            j += 1
            comp = 2 if t.is_abbrev else 1
            continue
        if t.key in _NAME_SYLLABLES or (comp == 1 and not t.text.isdigit() and not _after_place(toks, i, j)):
            j += 1
            comp += 1
            continue
        inner = _lower_inside(toks, j)
        if inner:
            j += inner  # "Khu Nông nghiệp ứng dụng Công nghệ cao": lower-case words between title-case parts
            comp = 0
            continue
        break
    return j - i


_DOC_TYPES = phrases(*DOC_TYPE_WORDS)


def _after_place(toks: list[Tok], i: int, j: int) -> bool:
    """Two title-case words or more right before j ("... Hòa Bình"): a place's name, every syllable of which
    is capitalised, so a lower-case word after it is the sentence's ("đưa tin"), not a second syllable."""
    return j - 2 >= i and all(toks[k].is_word and toks[k].is_cap and not toks[k].is_abbrev for k in (j - 1, j - 2))


def _lower_inside(toks: list[Tok], j: int) -> int:
    """Length of a run of one to three lower-case words at j that the name goes on after, in title case:
    "ứng dụng" in "Ban Quản lý Khu Nông nghiệp ứng dụng Công nghệ cao". A run that a role verb ends, or
    that no title-case word of a name follows, is the sentence's ("Sở Y tế ứng dụng công nghệ")."""
    k = j
    while k < len(toks) and k - j < 3:
        t = toks[k]
        if not t.is_word or t.is_cap or t.is_abbrev or t.text.isdigit() or _is_boundary(toks, k):
            break
        k += 1
    if k == j or k >= len(toks):
        return 0
    nxt = toks[k]
    if not (nxt.is_word and nxt.is_cap and not nxt.is_abbrev) or nxt.key in _NEW_CELL or _is_boundary(toks, k) \
            or starts_agency(toks, k) or _level_at(toks, k) or _match(toks, k, _TITLES) or _match(toks, k, _DOC_TYPES):
        return 0  # "Sở Tư pháp phổ biến Luật ...": a document is an object, never part of a name
    follow = toks[k + 1] if k + 1 < len(toks) else None
    # the title-case word must be a name's, not a place's or a sentence's: a second syllable follows
    if follow is None or not follow.is_word or not (follow.key in _NAME_SYLLABLES or follow.is_cap):
        return 0
    return k - j


_ZONES = phrases(*MANAGED_ZONES)
_QUAN_LY = _keys("quản lý")


def _managed_zones(toks: list[Tok], i: int, j: int) -> int:
    """Length of the zones written in lower case after a board's "Quản lý" ("các khu công nghệ cao và khu
    công nghiệp", "khu kinh tế"), joined by "và" or a comma; 0 elsewhere ("Sở Quản lý các khu" is no name)."""
    if tuple(t.key for t in toks[i:j]) != _QUAN_LY:
        return 0
    k = j + (toks[j].key == _K["các"])
    end = j
    while k < len(toks):
        n = _match(toks, k, _ZONES)
        if not n:
            break
        end = k + n
        k = end
        if k + 1 < len(toks) and (toks[k].key == _K["và"] or toks[k].text == ","):
            nxt = k + 1 + (toks[k + 1].key == _K["các"])
            if _match(toks, nxt, _ZONES):
                k = nxt
                continue
        break
    return end - j


# Domains whose official name has a comma: "Lao động, Thương binh và Xã hội", "Văn hóa, Thể thao và ...",
# "Kinh tế, Hạ tầng và Đô thị". A comma after any other domain separates two agencies.
_OPEN_BEFORE_COMMA = frozenset({"lao động", "văn hóa", "kinh tế", "chiến lược"})


def _lower_list(toks: list[Tok], j: int) -> bool:
    """In a name written in lower case ("Ban Chỉ đạo ... khoa học, công nghệ, đổi mới sáng tạo"), a comma
    followed by two name syllables goes on with the name."""
    return j + 2 < len(toks) and all(not t.is_cap and t.key in _NAME_SYLLABLES and not _match(toks, k, _BOUNDARY)
                                     for k, t in ((j + 1, toks[j + 1]), (j + 2, toks[j + 2])))


def _comma_continues(toks: list[Tok], i: int, j: int) -> bool:
    if any(t.key == _K["và"] or t.text in ("-", "&") for t in toks[i:j]):
        return False  # the list closed already: "Văn hóa, Thể thao và Du lịch, Công Thương" names two
    first = next((k for k in range(i, j) if toks[k].text == ","), j)  # the name's first component decides
    before = " ".join(t.key for t in toks[i:first] if t.is_word)
    if before not in _OPEN_BEFORE_COMMA:
        return False
    k = j + 1
    if k >= len(toks) or not toks[k].is_word or _head_at(toks, k) or _level_at(toks, k):
        return False
    # the rest must close the name with "và" / "-" before the next comma or boundary; a comma before another
    # title-case component goes on ("Văn hóa, Nghệ thuật, Thể thao và Du lịch")
    while k < len(toks) and k < j + 12:
        t = toks[k]
        if t.text == "," and k + 1 < len(toks) and toks[k + 1].is_word and toks[k + 1].is_cap \
                and not toks[k + 1].is_abbrev and not _head_at(toks, k + 1) and not _level_at(toks, k + 1):
            k += 1
            continue
        if t.text in ",;:.()":
            return False
        if t.key == _K["và"] or t.text in ("-", "&") or "&" in t.text:
            return True
        k += 1
    return False


_STANDING = phrases("Thường trực")
_TRINH, _CHUONG = word_key("trình"), word_key("chương")
_PHONG_GIAO_DICH = _keys("phòng giao dịch")
_THANH_TRA = _keys("Thanh tra")


def _parse_at(toks: list[Tok], i: int) -> Mention | None:
    if _match(toks, i, _STANDING) and toks[i].is_cap and i + 2 < len(toks):
        # "Thường trực Hội đồng nhân dân tỉnh", "Thường trực Huyện ủy": the standing body of a council
        inner = _parse_at(toks, i + 2)
        if inner is not None and inner.head in ("council", "self"):
            return _mention(toks, i, inner.end, inner.head)
    found = _head_at(toks, i)
    if found:
        n, kind = found
        if kind == "council":
            end = _council_end(toks, i + n)
        elif kind == "front":
            end = _front_end(toks, i + n)
        elif kind == "self":
            end = _self_end(toks, i, i + n)
            if end is None:
                return None
        else:
            head_keys = tuple(t.key for t in toks[i:i + n])
            lower_first = toks[i].is_cap and head_keys in _LOWER_BODY_HEADS
            if head_keys == _PHONG_GIAO_DICH and i + n < len(toks) and _head_at(toks, i + n):
                inner = _parse_at(toks, i + n)
                if inner is None:
                    return None
                end = inner.end
            else:
                b = _body(toks, i + n, lower_first=lower_first)
                if b == 0:
                    return None
                end = i + n + b
                end += _locality(toks, end)
            kind = " ".join(head_keys)
        if kind != "council":
            end += _branch(toks, end)
        return _mention(toks, i, end, kind)
    if _collective_start(toks, i):
        end = _collective_end(toks, i)
        if end > i + 1:
            return _mention(toks, i, end, "collective")
    return None


_BRANCH_WORDS = phrases("chi nhánh", "khu vực")


def _branch(toks: list[Tok], k: int) -> int:
    """A regional branch after a name: "... chi nhánh tỉnh Sóc Trăng", "Kho bạc Nhà nước khu vực X"."""
    n = _match(toks, k, _BRANCH_WORDS) if k < len(toks) else 0
    if not n or toks[k].is_cap:
        return 0
    tail = _locality(toks, k + n) or _proper_name(toks, k + n, limit=3)
    if not tail and n == 2 and _match(toks, k + n, _REGION):  # "chi nhánh khu vực 14", "Chi nhánh Khu vực 5"
        region = _proper_name(toks, k + n + 2, limit=3)
        tail = 2 + region if region else 0
    return n + tail if tail else 0


_REGION = phrases("khu vực")


def _self_end(toks: list[Tok], i: int, j: int) -> int | None:
    head = tuple(t.key for t in toks[i:j])
    if head in _AREA_SERVICES:
        n = _match(toks, j, _SERVICE_AREAS)
        if n:  # "Thuế cơ sở 3", "Hải quan khu vực II"
            k = j + n
            return k + 1 if k < len(toks) and (toks[k].text.isdigit() or toks[k].text.isupper() and toks[k].is_word) else k
        return j + _locality(toks, j)
    if head in _CAP_ONLY_SELF:
        # "Công an huyện", "Thanh tra tỉnh", "Thanh tra Chính phủ": a locality or a capitalised tail
        loc = _locality(toks, j)
        if loc:
            return j + loc
        if head == _THANH_TRA and j < len(toks) and toks[j].is_cap and not _is_boundary(toks, j):
            return j + _proper_name(toks, j)  # "Thanh tra Chính phủ"
        return j
    end = j
    about = head in _OPEN_SELF and end + 1 < len(toks) and toks[end].key == _K["về"] and not toks[end + 1].is_cap
    if about:
        end += 1  # "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh"
    b = _body(toks, end, lower_first=head in _OPEN_SELF) if end < len(toks) and not _level_at(toks, end) else 0
    if about and not b:
        end -= 1  # "Ban Chỉ đạo về việc này": "về" is the sentence's
    if b and (head in _OPEN_SELF or all(not t.is_word or t.is_cap or t.is_abbrev for t in toks[end:end + 1])):
        end += b
    end += _locality(toks, end)
    # "Huyện ủy Phong Thổ", "Tỉnh ủy Lai Châu": a party committee takes a place name directly
    if head[-1] == word_key("ủy") and end == j:
        end += _proper_name(toks, end)
    return end


def _council_end(toks: list[Tok], j: int) -> int:
    """After "Ủy ban nhân dân": "các xã, thị trấn", "huyện Phong Thổ", "xã Dào San", "cấp xã"."""
    k = j
    plural = False
    if k < len(toks) and toks[k].key == _K["các"]:
        plural = True
        k += 1
    n = _level_at(toks, k) if k < len(toks) else 0
    if not n:
        return j
    k += n
    while k < len(toks) and (toks[k].text == "," or toks[k].key == _K["và"]):
        m = _level_at(toks, k + 1) if k + 1 < len(toks) else 0
        if not m:
            break
        k = k + 1 + m
    # the units by name: "xã Dào San", "xã Mường Lống, Huồi Tụ và Na Ngoi", "các huyện A, B", "các xã: A, B"
    start = k + 1 if k < len(toks) and toks[k].text == ":" and plural else k
    p = _proper_name(toks, start)
    if not p:
        return k
    k = start + p
    while k + 1 < len(toks) and (toks[k].text == "," or toks[k].key == _K["và"]):
        q = _proper_name(toks, k + 1)
        if not q:
            break
        k = k + 1 + q
    return k


def _front_end(toks: list[Tok], j: int) -> int:
    """After "Ủy ban Mặt trận Tổ quốc ...": a locality and "và các tổ chức chính trị - xã hội"."""
    k = j + _locality(toks, j)
    if k < len(toks) and toks[k].key == _K["và"]:
        tail = k + 1
        if tail < len(toks) and toks[tail].key == _K["các"]:
            tail += 1
        end = _collective_words(toks, tail)
        if end > tail:
            k = end + _locality(toks, end)
    return k


def _collective_start(toks: list[Tok], i: int) -> bool:
    t = toks[i]
    if t.key == _K["thủ"] and i + 2 < len(toks) and toks[i + 1].key == _K["trưởng"]:
        return toks[i + 2].key == _K["các"]
    return t.key in (_K["các"], _K["mọi"]) and i + 1 < len(toks) and bool(_match(toks, i + 1, _COLLECTIVE_NOUNS)) \
        and not _match(toks, i + 1, _NOT_COLLECTIVE) \
        and not (_match(toks, i + 1, _CAP_ONLY_COLLECTIVE) and not toks[i + 1].is_cap)


# Compound nouns that start like a collective noun: "các hội thảo", "các Bộ trưởng", "các đơn vị hành chính".
_NOT_COLLECTIVE = phrases("hội thảo", "hội nghị", "hội viên", "hội thi", "bộ trưởng", "bộ phận", "bộ tiêu chí",
                          "đoàn viên", "đơn vị hành chính", "cấp học", "tổ chức tín dụng xanh", "ban hành",
                          "sở hữu", "ngành nghề", "phòng học", "phòng chống", "trung tâm xã")


def _collective_words(toks: list[Tok], k: int) -> int:
    """End of a run of collective nouns joined by commas, "và", "các" ("cơ quan, đơn vị liên quan")."""
    last = k
    while k < len(toks):
        n = _match(toks, k, _COLLECTIVE_NOUNS)
        if n:
            k += n
            last = k
            continue
        t = toks[k]
        if t.text in ",-" or t.key in (_K["và"], _K["các"]):
            nxt = k + 1
            if nxt < len(toks) and toks[nxt].key == _K["các"]:
                nxt += 1
            if nxt < len(toks) and _match(toks, nxt, _COLLECTIVE_NOUNS) and (
                    not toks[nxt].is_cap or _match(toks, nxt, _UNIT_NOUNS) and _match(toks, k - 1, _UNIT_NOUNS)):
                k += 1
                continue
        break
    return last


# "các cơ quan, đơn vị (được) giao phụ trách các xã, thị trấn": a relative clause that belongs to the
# collective subject, so that the main verb after it is read as the verb.
_RELATIVE_GIVEN = phrases(
    "được giao phụ trách", "giao phụ trách", "được giao chủ trì", "giao chủ trì", "được giao nhiệm vụ",
    "được phân công phụ trách", "được phân công",
)
_RELATIVE_OBJECT = phrases(
    "tiêu chí", "các tiêu chí", "dự án", "các dự án", "các xã", "xã", "thị trấn", "phường", "các phường",
    "tổ chức thực hiện dự án", "tổ chức thực hiện",
)


def _collective_end(toks: list[Tok], i: int) -> int:
    k = i + (2 if toks[i].key == _K["thủ"] else 0) + 1
    k = _collective_words(toks, k)
    n = _match(toks, k, _COLLECTIVE_TAIL)
    while n:
        k += n
        if toks[k - 1].key == _K["thuộc"]:
            place = _locality(toks, k)
            owner = None if place or k >= len(toks) else _parse_at(toks, k)
            if place:
                k += place
            elif owner is not None:
                k = owner.end  # "các đơn vị thuộc Bộ Tài chính"
            elif k < len(toks) and toks[k].is_cap and toks[k].key in _OWNER_WORDS:
                k += 1  # "các Vụ, Cục thuộc Bộ": the issuing ministry
        if toks[k - 1].key == word_key("ủy") and k + 1 < len(toks) and toks[k].text == "," \
                and _match(toks, k + 1, _COMMITTEES):
            k += 1  # "các văn phòng tỉnh ủy, thành ủy": committees listed after one another
        n = _match(toks, k, _COLLECTIVE_TAIL)
    n = _match(toks, k, _RELATIVE_GIVEN)
    if n:
        j = k + n
        while j < len(toks):
            if toks[j].text == "," and j + 1 < len(toks) and _match(toks, j + 1, _RELATIVE_OBJECT):
                j += 1
            m = _match(toks, j, _RELATIVE_OBJECT)
            if not m:
                break
            j += m
        if j > k + n or (j < len(toks) and _match(toks, j, _STRONG_BOUNDARY)):
            k = j  # "các cơ quan, đơn vị được phân công có trách nhiệm ...": the main verb follows
    if k + 1 < len(toks) and toks[k].key == _K["của"]:
        # "các Ban của Hội đồng nhân dân tỉnh", "các phòng chuyên môn của Ủy ban nhân dân huyện"
        owner = _parse_at(toks, k + 1)
        if owner is not None and owner.head in ("council", "self", "front"):
            k = owner.end
    return k


def _mention(toks: list[Tok], i: int, end: int, head: str) -> Mention:
    return Mention(i, end, (toks[i].start, toks[end - 1].end), "", head)


def scan(text: str, toks: list[Tok] | None = None) -> list[Mention]:
    """Every agency mention, left to right; "A - B" where B is another agency is one mention (a unit
    housed in a department: "Văn phòng Điều phối Nông thôn mới - Phòng Nông nghiệp và PTNT")."""
    toks = toks if toks is not None else tokenize(text)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        m = parse_agency_at(text, toks, i)
        if m is None:
            i += 1
            continue
        out.append(m)
        i = m.end
    return out


def find_agencies(text: str) -> list[tuple[Span, str]]:
    """Agency mentions in `text` as (character span, name as written)."""
    return [(m.span, m.text) for m in scan(text)]


def parse_agency_at(text: str, toks: list[Tok], i: int) -> Mention | None:
    """The agency mention starting exactly at token i, if any (for callers that walk token lists)."""
    if i >= len(toks):
        return None  # "Chủ tịch" closing a title: no agency follows the official's title
    m = _parse_at(toks, i)
    if m is None:
        return None
    if m.end + 1 < len(toks) and toks[m.end].text == "-" and m.head != "collective":
        nxt = _parse_at(toks, m.end + 1)
        if nxt is not None and nxt.head != "collective":
            m = Mention(m.start, nxt.end, (m.span[0], nxt.span[1]), "", m.head)
    elif m.head == "ban" and m.end < len(toks) and toks[m.end].key in _COUNCIL_OF_BAN:
        # "Ban Dân tộc HĐND tỉnh", "Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh": a committee of the council
        nxt = _parse_at(toks, m.end)
        if nxt is not None and nxt.head == "council":
            m = Mention(m.start, nxt.end, (m.span[0], nxt.span[1]), "", m.head)
    return Mention(m.start, m.end, m.span, text[m.span[0]:m.span[1]], m.head)


_COUNCIL_OF_BAN = frozenset({word_key("HĐND"), word_key("Hội")})


def parse_headless_at(text: str, toks: list[Tok], i: int) -> Mention | None:
    """A domain written without its head, inside a list ("phòng Nông nghiệp và PTNT, Tài nguyên và Môi
    trường"): the caller supplies the head it inherits."""
    if i >= len(toks) or not (toks[i].is_cap or toks[i].is_abbrev) or _head_at(toks, i) or _level_at(toks, i):
        return None
    if _is_boundary(toks, i):
        return None
    b = _body(toks, i, lower_first=False)
    if b == 0:
        return None
    end = i + b + _locality(toks, i + b)
    return Mention(i, end, (toks[i].start, toks[end - 1].end), text[toks[i].start:toks[end - 1].end], "headless")


# ---------------------------------------------------------------- canonical names

# Spelling variants of official domain names -> the official form (matched on the expanded name).
_DOMAIN_FORMS: tuple[tuple[str, str], ...] = (
    (r"Lao động\s*[-,]?\s*Thương binh\s*(?:và|&|-|,)?\s*Xã hội", "Lao động - Thương binh và Xã hội"),
    (r"Kinh tế\s*(?:-|và|&)\s*Hạ tầng(?!\s*và)", "Kinh tế và Hạ tầng"),
    (r"Văn hóa\s*(?:-|và|&)\s*Thông tin", "Văn hóa và Thông tin"),
    (r"Văn hóa\s*[-,]?\s*Thể thao\s*(?:và|-|&)\s*Truyền thông", "Văn hóa, Thể thao và Truyền thông"),
    (r"Văn hóa\s*[-,]?\s*Thể thao\s*(?:và|-|&)\s*Du lịch", "Văn hóa, Thể thao và Du lịch"),
    (r"Văn hóa\s*-\s*Truyền thanh\s*-\s*Truyền hình", "Văn hóa - Truyền thanh - Truyền hình"),
    (r"Tài chính\s*[-&]\s*Kế hoạch", "Tài chính - Kế hoạch"),
    (r"Giáo dục\s*(?:và|&)\s*Đào tạo", "Giáo dục và Đào tạo"),
    (r"Tài nguyên\s*(?:và|&)\s*Môi trường", "Tài nguyên và Môi trường"),
    (r"Nông nghiệp\s*(?:và|&)\s*Phát triển nông thôn", "Nông nghiệp và Phát triển nông thôn"),
    (r"Giáo dục nghề nghiệp\s*-\s*Giáo dục thường xuyên", "Giáo dục nghề nghiệp - Giáo dục thường xuyên"),
    (r"Hội đồng nhân dân\s*(?:-|và|&)\s*Ủy ban nhân dân", "Hội đồng nhân dân và Ủy ban nhân dân"),
)
_DOMAIN_RES = tuple((re.compile(p, re.IGNORECASE), r) for p, r in _DOMAIN_FORMS)

# Heads whose trailing level word is only the locality ("Phòng Nội vụ huyện" is "Phòng Nội vụ" of the
# district); for other heads the level word is part of the name ("Công an huyện" vs "Công an tỉnh").
_LOCALITY_DROPPING_HEADS = ("phong ", "trung tam ", "van phong ", "so ", "bo ")
# Branches of a higher body that keep their level in the name (ANNOTATION rule 9): a level written
# nowhere is taken from the issuer's area.
_BRANCH_HEADS = (
    "cong an", "thanh tra", "ban chi huy quan su", "chi cuc", "bao hiem xa hoi", "ban quan ly du an",
    "kho bac", "ban chi dao", "phong giao dich", "hoi nong dan", "hoi cuu chien binh", "hoi lien hiep phu nu",
    "lien doan lao dong", "doan thanh nien",
)
_GENERIC_HINT = re.compile(
    r"^(?:thủ trưởng\s+)?(?:các|mọi)\b|\bcác\s+(?:xã|phường|thị trấn|cơ quan|đơn vị|tổ chức|đoàn thể|phòng|ban|"
    r"ngành|cấp|huyện|tỉnh|quận|thị xã|thành phố|sở)\b|\b(?:xã|phường)\s*,\s*(?:thị trấn|phường|xã)\b|\bđoàn thể\b|tổ chức chính trị|"
    r"tổ chức thành viên|^(?:xã|phường|thị trấn)\s*,",
    re.IGNORECASE,
)
_COMMUNE_COUNCIL = re.compile(
    r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:các\s+)?(?:cấp\s+xã|xã|phường|thị trấn|đặc khu)\b", re.IGNORECASE)
_OTHER_COUNCIL = re.compile(
    r"^(?P<body>(?:Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân))\s+(?:các\s+)?(?:cấp\s+)?"
    r"(?P<level>huyện|tỉnh|thị xã|thành phố|quận)\b", re.IGNORECASE)
_NAMED_UNITS = re.compile(
    r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân|Hội đồng nhân dân)\s+(?:các\s+)?(?:xã|phường|thị trấn|đặc khu|huyện|quận|"
    r"thị xã|thành phố|tỉnh)\s*:?\s*[A-ZĐÀ-Ỹ]")
_FRONT = re.compile(r"Mặt trận Tổ quốc", re.IGNORECASE)
_PARENT_HEAD = re.compile(r"^(?:Phòng|Sở|Bộ)\b")


def _nfc(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.translate(dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-"))
    text = re.sub(r"\s*-\s*", " - ", text)
    text = re.sub(r"\s*&\s*", " & ", text)
    return re.sub(r"\s+", " ", text).strip(" .,;:")


def expand_abbreviations(text: str) -> str:
    """Abbreviations of a name written out ("Phòng NN&PTNT" -> "Phòng Nông nghiệp và Phát triển nông thôn")."""
    return _expand(text, in_name=True)


def _title_components(head: str, body: str) -> str:
    """Capitalise the first syllable of the domain and of each component after "và", "-", ","."""
    parts = re.split(r"(\s+(?:và|&)\s+|\s+-\s+|,\s+)", body)
    out = []
    for p in parts:
        if p and not re.fullmatch(r"\s+(?:và|&)\s+|\s+-\s+|,\s+", p) and not p.startswith("các "):
            p = p[0].upper() + p[1:]
        out.append(p)
    return f"{head} {''.join(out)}".strip()


# Heads whose name goes on in plain words, not in title-case components.
_PROSE_HEADS = frozenset({"ban chi dao"})


def _head_display() -> dict[tuple[str, ...], str]:
    """Official spelling of each head noun ("ban chỉ đạo" -> "Ban Chỉ đạo"), the first listed wins."""
    names = (
        "Bảo hiểm xã hội", "Ngân hàng Chính sách xã hội", "Kho bạc Nhà nước", "Công an", "Thanh tra",
        "Ban Chỉ huy Quân sự", "Ban Quản lý dự án", "Chính phủ", "Thủ tướng Chính phủ", "Cơ quan thường trực",
        "Văn phòng Điều phối", "Ban Chỉ đạo", "Ban Thường vụ", "Hội Nông dân", "Hội Cựu chiến binh",
        "Hội Liên hiệp Phụ nữ", "Liên đoàn Lao động", "Đoàn Thanh niên", "Bộ Chỉ huy", "Quốc hội",
        "Phòng giao dịch", "Phòng", "Sở", "Bộ", "Ban", "Trung tâm", "Văn phòng", "Chi cục", "Tổng cục", "Cục",
        "Ủy ban", "Hội đồng", "Hội", "Đoàn", "Liên đoàn", "Ngân hàng", "Đài", "Trường", "Viện", "Bệnh viện",
        "Hạt", "Trạm", "Chi nhánh", "Kho bạc", "Tòa án", "Tổng công ty", "Công ty", "Học viện",
        "Báo", "Tập đoàn", "Vụ", "Tạp chí",
    )
    out = {_keys(n): n for n in reversed(names)}
    out.update({_keys(typo): right for typo, right in HEAD_TYPOS.items()})  # "Vu Pháp chế" -> "Vụ Pháp chế"
    return out


_HEAD_DISPLAY = _head_display()


def _head_split(name: str) -> tuple[str, str]:
    """("Trung tâm", "văn hóa, thể thao ...") from a name, using the head-noun grammar."""
    toks = tokenize(name)
    if not toks:
        return "", name
    for heads in (_SELF_HEADS, _BODY_HEADS):
        n = _match(toks, 0, heads)
        if n:
            cut = toks[n - 1].end
            keys = tuple(t.key for t in toks[:n])
            head = _HEAD_DISPLAY.get(keys) or name[:cut][0].upper() + name[:cut][1:]
            return head, name[cut:].strip()
    return "", name


_level_of = level_of


def canonical_agency(name: str, *, locality: str | None = None, province: str | None = None) -> Agency:
    """One canonical name, a type key and a locality for any spelling of an agency.

    `locality` is the area of the issuing authority ("huyện Phong Thổ"): it scopes names written without
    one, so the Phòng of one district is not merged with that of another. `province` is the province
    that area lies in ("tỉnh Lai Châu"), when known: a Sở or the UBND tỉnh named in a district's plan is
    the province's. A central body (a Bộ, the Government, a committee of the National Assembly) has no
    locality, whoever names it. Known kinds of bodies (`ingest.vocab.admin.KINDS`) give the canonical
    spelling, so a typo or an abbreviation in the source makes no new agency; `name` keeps the written form.
    """
    # a plan names the same few agencies again and again; each caller gets its own (mutable) record
    return replace(_canonical_agency(name, locality, province))


@lru_cache(maxsize=4096)
def _canonical_agency(name: str, locality: str | None, province: str | None = None) -> Agency:
    grammar = _grammar_agency(strip_header_noise(name) or name, locality)
    if grammar.generic:
        return grammar
    # "Ủy ban Kinh tế và Tài chính của Quốc hội": the kind is named before its owner
    kind = match_kind(grammar.canonical) or match_kind(re.sub(r"\s+của\s+\S.*$", "", grammar.canonical))
    canonical = kind.name if kind else grammar.canonical
    central = kind.central if kind else _is_central(canonical)
    if central:
        scope = None
    elif grammar.locality == locality and not locality_of(grammar.name):
        scope = _scope(kind.tier if kind else _tier_by_head(canonical), locality, province)
    else:
        scope = grammar.locality  # the name says its own place: "UBND xã Dào San", "Công an huyện Mường Tè"
    return Agency(name=grammar.name, canonical=canonical, kind=kind_key(canonical), locality=scope)


# Bodies of the centre named outside the table of kinds: a ministry's departments ("Cục", "Vụ", "Tổng
# cục"), state groups and bodies named for the nation ("... Việt Nam"), anything of the Assembly or the
# Government. The Front is national only when it says "Ủy ban Trung ương".
_CENTRAL_NAME = re.compile(
    r"^(?:Bộ(?! Chỉ huy| Tư lệnh)|Tổng cục|Cục|Vụ|Tập đoàn|Tổng công ty)\b|(?<![Đđ]ại [Bb]iểu )\bQuốc hội\b|\b(?:Chính phủ|Trung ương)\b"
    r"|(?<!Tổ quốc )\bViệt Nam$")


def _is_central(canonical: str) -> bool:
    return bool(_CENTRAL_NAME.search(canonical)) and not _FRONT.search(canonical) and not locality_of(canonical)


def _tier_by_head(canonical: str) -> str | None:
    """The tier a body of unknown kind belongs to, from its head noun: a Sở is a province's."""
    head = fold(canonical).split(" ", 1)[0]
    return {"so": "province", "phong": "district"}.get(head)


def _scope(tier: str | None, locality: str | None, province: str | None) -> str | None:
    """The locality a body named without one belongs to: the issuer's, or the issuer's province for a
    provincial body named in a district's or commune's plan."""
    if tier == "province" and province and locality != province:
        return province
    return locality


def _grammar_agency(name: str, locality: str | None) -> Agency:
    written = unicodedata.normalize("NFC", name).strip()
    text = _nfc(written)
    standing = re.match(r"^Thường trực\s+(?=[A-ZĐÀ-Ỹ])", text)
    if standing:  # the standing body of a council: its own canonical name
        inner = _grammar_agency(text[standing.end():], locality)
        canonical = f"Thường trực {inner.canonical}"
        return Agency(name=written, canonical=canonical, kind=_slug(canonical), locality=inner.locality)
    # "Văn phòng Điều phối NTM - Phòng NN&PTNT": a unit inside a department counts as the department
    parts = re.split(r"\s+-\s+(?=(?:Phòng|phòng|Văn phòng|Sở|Ban|Trung tâm)\b)", text)
    if len(parts) > 1:
        parents = [p for p in parts if _PARENT_HEAD.match(p[0].upper() + p[1:])]
        text = parents[0] if parents else parts[0]
    text = text[0].upper() + text[1:] if text else text
    text = expand_abbreviations(text)
    for rx, repl in _DOMAIN_RES:
        text = rx.sub(repl, text)
    text = re.sub(r"\bUỷ\b", "Ủy", text)
    text = re.sub(r"\bVăn Phòng\b", "Văn phòng", text)
    text = re.sub(r"\bNgân hàng chính sách xã hội\b", "Ngân hàng Chính sách xã hội", text, flags=re.IGNORECASE)
    generic = bool(_GENERIC_HINT.search(text))

    # people's committees and councils
    named = bool(_NAMED_UNITS.match(text))  # "UBND các xã Bảo Lạc, Cốc Pàng": these communes, not all
    if _COMMUNE_COUNCIL.match(text):
        _, level, place = split_trailing_locality(text)
        own = None if generic or not place or "," in text else f"{level} {place}"
        return Agency(name=written, canonical="Ủy ban nhân dân cấp xã", kind="uy-ban-nhan-dan-cap-xa",
                      locality=own or locality, generic=not named and (generic or own is None))
    m = _OTHER_COUNCIL.match(text)
    if m:
        body = "Ủy ban nhân dân" if fold(m.group("body")).startswith("uy") else "Hội đồng nhân dân"
        level = m.group("level").lower()
        canonical = f"{body} {level}"
        _, tail_level, place = split_trailing_locality(text)
        own = f"{tail_level} {place}" if tail_level and place and "," not in text else None
        return Agency(name=written, canonical=canonical, kind=_slug(canonical), locality=own or locality,
                      generic=generic and not named)
    if _FRONT.search(text) and (generic or re.search(r"\bvà\b", text)):
        canonical = "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội"
        return Agency(name=written, canonical=canonical, kind=_slug(canonical), locality=locality, generic=True)
    if _FRONT.search(text):
        canonical = "Ủy ban Mặt trận Tổ quốc Việt Nam"
        return Agency(name=written, canonical=canonical, kind=_slug(canonical), locality=locality)
    if generic:
        canonical = re.sub(r"\s+", " ", text).strip()
        return Agency(name=written, canonical=canonical, kind=None, locality=locality, generic=True)

    # a council written without its level ("UBND", "HĐND"): the issuer's level
    bare = re.fullmatch(r"(Ủy ban nhân dân|Hội đồng nhân dân)", text, re.IGNORECASE)
    if bare:
        body = "Ủy ban nhân dân" if fold(text).startswith("uy") else "Hội đồng nhân dân"
        scope = _level_of(locality)
        canonical = f"{body} {scope}" if scope else body
        return Agency(name=written, canonical=canonical, kind=_slug(canonical), locality=locality)
    # party committees: "Huyện ủy Phong Thổ", "Tỉnh ủy Lào Cai"
    party = re.fullmatch(r"(?P<level>Huyện|Tỉnh|Thị|Thành|Đảng)\s+(?:ủy|uỷ)(?:\s+(?P<place>.+))?", text)
    if party:
        canonical = f"{party.group('level')} ủy"
        unit = re.fullmatch(r"(xã|phường|thị trấn|đặc khu)(?:\s+(.+))?", party.group("place") or "")
        if party.group("level") == "Đảng" and unit:  # "Đảng ủy xã Kbang": the commune's party committee
            canonical = f"Đảng ủy {unit.group(1)}"
            own = f"{unit.group(1)} {unit.group(2)}" if unit.group(2) else None
            return Agency(name=written, canonical=canonical, kind=_slug(canonical), locality=own or locality)
        level = {"Huyện": "huyện", "Tỉnh": "tỉnh", "Thị": "thị xã", "Thành": "thành phố"}.get(party.group("level"))
        own = f"{level} {party.group('place')}" if level and party.group("place") else None
        return Agency(name=written, canonical=canonical, kind=_slug(canonical), locality=own or locality)

    # a regional branch is the body of that region: "Ngân hàng Chính sách xã hội chi nhánh tỉnh Sóc Trăng"
    branch = re.match(r"^(?P<body>.+?)\s+chi nhánh\s+(?P<place>(?:tỉnh|thành phố|huyện|thị xã|quận)\s+.+)$", text)
    if branch:
        text = f"{branch.group('body')} {branch.group('place')}"
    # split the trailing locality
    text, level_word, place = split_trailing_locality(text)
    own_locality = f"{level_word} {place}" if level_word and place else None
    head, body = _head_split(text)
    region = re.search(r"\s+khu vực\s+\S.*$", text, re.IGNORECASE)  # "Kho bạc Nhà nước khu vực X"
    if region and not level_word:
        head, body = _head_split(text[:region.start()])
        base = _title_components(head, body) if head and body else (head or text[:region.start()])
        canonical = f"{base} khu vực {region.group().split(None, 2)[2]}"
        return Agency(name=written, canonical=canonical, kind=_slug(canonical), locality=locality)
    if head and body and not (body[0].islower() and fold(head) in _PROSE_HEADS):
        text = _title_components(head, body)
    elif head and body:
        text = f"{head} {body}"  # "Ban Chỉ đạo về phát triển khoa học, công nghệ ...": a name in prose
    elif head:
        text = head
    # "Ngân hàng Chính sách xã hội" of a district is its transaction office
    scope_level = level_word or _level_of(own_locality) or _level_of(locality)
    if fold(text) == "ngan hang chinh sach xa hoi" and scope_level in ("huyện", "thị xã", "thành phố", "quận"):
        text = "Phòng giao dịch Ngân hàng Chính sách xã hội"
    if fold(text).startswith(_LOCALITY_DROPPING_HEADS) and not fold(text).startswith(("phong giao dich", "bo chi huy")):
        canonical = text  # "Phòng Nội vụ huyện" is the Phòng Nội vụ of the district: the level goes to locality
    elif level_word:
        canonical = f"{text} {level_word}"  # "Công an huyện" is not "Công an tỉnh"
    elif scope_level and fold(text).startswith(_BRANCH_HEADS):
        canonical = f"{text} {scope_level}"  # a district branch written without its level: "Bảo hiểm xã hội"
    else:
        canonical = text
    return Agency(
        name=written,
        canonical=canonical,
        kind=_slug(canonical),
        locality=own_locality or locality,
        generic=False,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
