"""The Vietnamese administrative vocabulary: levels, kinds of bodies, abbreviations, localities.

Who does what, where: a plan names "Sở NN&MT", "UBND các xã, phường", "Phòng LĐ-TB&XH huyện" and
"Thủ tướng Chính phủ"; a user types "so tai chinh" or "ubnd cap xa". Everything that must agree on how
such names are read lives here, once: the level words of administrative units, the abbreviations of
bodies and domains, where a name's locality starts, and the canonical kinds of bodies (with the 2025
reorganisation: ministries and departments merged, districts abolished, communes given "Phòng").

Only country-wide vocabulary lives here: no province, district or agency of a particular document.
`legal.py` holds the legal vocabulary (document types, symbol and issuer codes); this module never
repeats it. The agency grammar (`ingest.extract.agencies`) compiles its tables from these lists.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

from ingest.text import fold

__all__ = [
    "ABBREVIATIONS", "AREA_LEVELS", "AREA_SERVICE_HEADS", "BODY_HEADS", "BodyKind", "HEAD_TITLES", "COMMUNE_LEVELS", "DISTRICT_LEVELS",
    "KINDS", "KindMatch", "LEVEL_WORDS", "PROVINCE_LEVELS", "TIER_WORDS", "Tier", "VILLAGE_LEVELS",
    "expand_abbreviations", "find_kinds", "fold", "folded_abbreviations", "kind_by_key", "level_of",
    "locality_of", "match_kind", "name_key", "split_level", "split_trailing_locality", "strip_header_noise",
    "tier_of_level",
]

Tier = Literal["central", "province", "district", "commune"]

# ---------------------------------------------------------------- levels of administrative units

# Level words as written in running text, longest first so "thị trấn" wins over a bare "thị".
LEVEL_WORDS: tuple[str, ...] = (
    "thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã",
)
# Commune tier: since 2025 also the "đặc khu" (special zone) of an island.
COMMUNE_LEVELS: frozenset[str] = frozenset({"xã", "phường", "thị trấn", "đặc khu"})
# District tier (abolished on 1 July 2025; older plans still use it). A "thành phố" may be either a
# province-level city (Cần Thơ) or a district-level one (thành phố Lai Châu).
DISTRICT_LEVELS: frozenset[str] = frozenset({"huyện", "quận", "thị xã", "thành phố"})
PROVINCE_LEVELS: frozenset[str] = frozenset({"tỉnh", "thành phố"})
# Units above the commune, in the order a place reads from small to large.
AREA_LEVELS: tuple[str, ...] = ("huyện", "thị xã", "thành phố", "quận", "tỉnh")
# Villages and hamlets: below the commune, not administrative units but named in plans.
VILLAGE_LEVELS: tuple[str, ...] = (
    "bản", "thôn", "tổ dân phố", "ấp", "buôn", "làng", "khu phố", "khóm", "xóm", "sóc", "phum", "plei", "bon",
)
# "cấp xã" names a tier, not a place: "Ủy ban nhân dân cấp xã" is every commune's committee.
TIER_WORDS: Mapping[str, Tier] = MappingProxyType({
    "cấp tỉnh": "province", "cấp huyện": "district", "cấp xã": "commune", "cấp cơ sở": "commune",
})
# Abbreviated level words in names and headers ("TP. Cần Thơ", "TX Mường Lay").
LEVEL_ABBREVIATIONS: Mapping[str, str] = MappingProxyType({"TP": "thành phố", "TX": "thị xã"})


def tier_of_level(level: str | None) -> Tier | None:
    """"xã" -> "commune", "huyện" -> "district", "tỉnh" -> "province"; "thành phố" is read as a
    province (the bodies a plan scopes by a "thành phố" are mostly those of the five central cities and
    of the 2025 provinces), callers that know better pass the tier themselves."""
    if not level:
        return None
    level = level.lower().strip()
    if level in TIER_WORDS:
        return TIER_WORDS[level]
    if level in COMMUNE_LEVELS:
        return "commune"
    if level in ("tỉnh", "thành phố"):
        return "province"
    if level in DISTRICT_LEVELS:
        return "district"
    return None


def split_level(text: str) -> tuple[str | None, str]:
    """("huyện", "Phong Thổ") from "huyện Phong Thổ"; (None, text) when no level word leads."""
    stripped = " ".join((text or "").split())
    low = stripped.lower()
    for word in LEVEL_WORDS:
        if low.startswith(word + " "):
            return word, stripped[len(word):].strip()
    return None, stripped


def level_of(locality: str | None) -> str | None:
    """The level word a locality starts with: "huyện" of "huyện Phong Thổ"; None without one."""
    return split_level(locality or "")[0]


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Accent-folded, space-free key of a proper name: "Tả Văn Chư" and "Tả Van Chư" meet; "Phường 1"
    keeps its digit."""
    return re.sub(r"[^0-9a-z]", "", fold(name))


# ---------------------------------------------------------------- header noise

# The national motto and its slogan head every document; a header read line by line can glue them to
# the issuer ("Ủy ban nhân dân tỉnh X Cộng Hòa Xã Hội Chủ Nghĩa Việt Nam"). They are never part of a name.
_HEADER_NOISE = re.compile(
    r"\s*(?:\bcộng\s+hòa\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam\b|\bcộng\s+hoà\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam\b"
    r"|\bđộc\s+lập\s*[-–]\s*tự\s+do\s*[-–]\s*hạnh\s+phúc\b|\bđảng\s+cộng\s+sản\s+việt\s+nam\b).*$",
    re.IGNORECASE | re.DOTALL,
)


def strip_header_noise(name: str) -> str:
    """A body's name without the motto or slogan glued after it, and without a trailing "Số:" line."""
    text = unicodedata.normalize("NFC", name or "")
    text = _HEADER_NOISE.sub("", text)
    text = re.sub(r"\s+Số\s*:.*$", "", text)
    return " ".join(text.split()).strip(" ,;:-")


# ---------------------------------------------------------------- localities


def _is_name_word(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit())


# Party committees name their area with the level in front: "Huyện ủy Phong Thổ", "Thành ủy Cần Thơ".
_PARTY_LEVEL = {"tỉnh": "tỉnh", "huyện": "huyện", "thành": "thành phố", "thị": "thị xã"}


def locality_of(name: str | None) -> str | None:
    """The locality a body's name is scoped to: "UBND tỉnh Lai Châu" -> "tỉnh Lai Châu".

    The last level word followed by a proper name (capitalised words, digits, "Bà Rịa - Vũng Tàu"), so
    "Xã hội" of "Lao động - Thương binh và Xã hội" is not a commune, and "Huyện ủy Phong Thổ" gives
    "huyện Phong Thổ". Header noise (the motto) is cut first. None when the name names no place."""
    if not name:
        return None
    text = strip_header_noise(name).replace(",", " , ")
    words = text.split()
    lowered = [w.lower() for w in words]
    for i in range(len(words) - 1, -1, -1):
        for level in LEVEL_WORDS:
            parts = level.split()
            j = i + len(parts)
            if lowered[i:j] != parts:
                continue
            if i > 0 and level in ("xã", "phố", "trấn") and f"{lowered[i - 1]} {lowered[i]}" in LEVEL_WORDS:
                continue  # the tail of "thị xã": read from its first word
            party = j < len(words) and lowered[j] in ("ủy", "uỷ")
            if party:
                level = _PARTY_LEVEL.get(lowered[i], level)
                j += 1
            tail = _place_name(words[j:])
            if tail and not (level == "xã" and tail[0].lower() == "hội"):
                return f"{level} {' '.join(tail)}"
    # a party committee whose level is not a level word: "Thành ủy Cần Thơ", "Thị ủy Mường Lay"
    for i, w in enumerate(lowered[:-1]):
        if w in _PARTY_LEVEL and lowered[i + 1] in ("ủy", "uỷ"):
            tail = _place_name(words[i + 2:])
            if tail:
                return f"{_PARTY_LEVEL[w]} {' '.join(tail)}"
    return None


def _place_name(words: list[str]) -> list[str]:
    """The proper name at the start of `words` when it runs to the end ("Bà Rịa - Vũng Tàu")."""
    if not words or not _is_name_word(words[0]):
        return []
    for k, w in enumerate(words):
        if _is_name_word(w):
            continue
        if w == "-" and 0 < k < len(words) - 1 and _is_name_word(words[k + 1]):
            continue
        return []
    return words


def split_trailing_locality(text: str) -> tuple[str, str | None, str | None]:
    """("Công an", "huyện", "Phong Thổ") from "Công an huyện Phong Thổ"; the name part is optional
    ("Phòng Nội vụ huyện" -> ("Phòng Nội vụ", "huyện", None))."""
    words = text.split()
    k = len(words)
    while k > 0 and len(words) - k < 5 and _is_name_word(words[k - 1]):
        k -= 1
    for cut in (k, len(words)):  # with a trailing proper name, or a bare level word at the end
        for level in LEVEL_WORDS:
            n = len(level.split())
            if cut - n >= 1 and " ".join(words[cut - n:cut]).lower() == level:
                name = " ".join(words[cut:]) or None
                if level == "xã" and name and name.lower().startswith("hội"):
                    continue
                return " ".join(words[: cut - n]), level, name
        if k == len(words):
            break
    return text, None, None


# ---------------------------------------------------------------- abbreviations

# Official abbreviations of bodies, domains and planning vocabulary. A key with several parts
# ("LĐ", "TB", "XH") also matches the parts joined by "-", "&", "và" or nothing ("LĐ-TB&XH", "LĐTBXH").
# Ambiguous short forms ("TT": thông tư, thị trấn, trung tâm; "KH": kế hoạch) are only listed inside a
# longer compound. Document type codes are in `legal.py`, not here.
_ABBREVIATION_TABLE: tuple[tuple[tuple[str, ...], str], ...] = (
    # bodies
    (("UBND",), "Ủy ban nhân dân"),
    (("UBDND",), "Ủy ban nhân dân"),  # a common misspelling
    (("HĐND",), "Hội đồng nhân dân"),
    (("HDND",), "Hội đồng nhân dân"),  # typed without "Đ"
    (("UBMTTQ", "VN"), "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    (("UBMTTQ",), "Ủy ban Mặt trận Tổ quốc"),
    (("MTTQ", "VN"), "Mặt trận Tổ quốc Việt Nam"),
    (("MTTQ",), "Mặt trận Tổ quốc"),
    (("NHCSXH",), "Ngân hàng Chính sách xã hội"),
    (("NHNN",), "Ngân hàng Nhà nước"),
    (("BCHQS",), "Ban Chỉ huy Quân sự"),
    (("CHQS",), "Chỉ huy Quân sự"),
    (("BQLDA",), "Ban Quản lý dự án"),
    (("QLDA",), "Quản lý dự án"),
    (("BHXH",), "Bảo hiểm xã hội"),
    (("BHYT",), "Bảo hiểm y tế"),
    (("KBNN",), "Kho bạc Nhà nước"),
    (("BQL",), "Ban Quản lý"),
    (("BCĐ",), "Ban Chỉ đạo"),
    (("ĐBQH",), "Đại biểu Quốc hội"),
    (("VPCP",), "Văn phòng Chính phủ"),
    (("TTg",), "Thủ tướng"),
    (("CP",), "Chính phủ"),
    (("TW",), "Trung ương"),
    (("CDC",), "Trung tâm Kiểm soát bệnh tật"),
    (("TNCS", "HCM"), "Thanh niên Cộng sản Hồ Chí Minh"),
    (("LHPN",), "Liên hiệp Phụ nữ"),
    (("CCB",), "Cựu chiến binh"),
    (("LĐLĐ",), "Liên đoàn Lao động"),
    # domains of ministries and departments
    (("LĐ", "TB", "XH"), "Lao động - Thương binh và Xã hội"),
    (("TB", "XH"), "Thương binh và Xã hội"),
    (("NN", "PTNT"), "Nông nghiệp và Phát triển nông thôn"),
    (("NN", "MT"), "Nông nghiệp và Môi trường"),
    (("PTNT",), "Phát triển nông thôn"),
    (("TC", "KH"), "Tài chính - Kế hoạch"),
    (("KH", "ĐT"), "Kế hoạch và Đầu tư"),
    (("KT", "HT", "ĐT"), "Kinh tế, Hạ tầng và Đô thị"),
    (("KT", "HT"), "Kinh tế và Hạ tầng"),
    (("VH", "TT", "DL"), "Văn hóa, Thể thao và Du lịch"),
    (("VH", "TT", "TT"), "Văn hóa, Thể thao và Truyền thông"),
    (("VH", "KH", "TT"), "Văn hóa, Khoa học và Thông tin"),
    (("VH", "TT"), "Văn hóa và Thông tin"),
    (("VH", "XH"), "Văn hóa - Xã hội"),
    (("TT", "TT"), "Thông tin và Truyền thông"),
    (("GD", "ĐT"), "Giáo dục và Đào tạo"),
    (("GDNN", "GDTX"), "Giáo dục nghề nghiệp - Giáo dục thường xuyên"),
    (("GDNN",), "Giáo dục nghề nghiệp"),
    (("GDTX",), "Giáo dục thường xuyên"),
    (("TN", "MT"), "Tài nguyên và Môi trường"),
    (("KH", "CN"), "Khoa học và Công nghệ"),
    (("GTVT",), "Giao thông vận tải"),
    (("DT", "TG"), "Dân tộc và Tôn giáo"),
    (("CT",), "Công Thương"),  # only inside a name: "Sở CT" (see `_NAME_ONLY`)
    (("XD",), "Xây dựng"),  # only inside a name: "Sở XD"
    (("TC",), "Tài chính"),  # only inside a name: "Sở TC"
    (("YT",), "Y tế"),  # only inside a name: "Sở YT"
    (("NV",), "Nội vụ"),  # only inside a name: "Sở NV"
    (("TP",), "Tư pháp"),  # only inside a name: "Sở TP" (elsewhere "TP" is thành phố)
    # planning vocabulary
    (("CT", "MTQG"), "Chương trình mục tiêu quốc gia"),
    (("MTQG",), "mục tiêu quốc gia"),
    (("NTM",), "nông thôn mới"),
    (("DTTS", "MN"), "dân tộc thiểu số và miền núi"),
    (("DTTS",), "dân tộc thiểu số"),
    (("ĐBKK",), "đặc biệt khó khăn"),
    (("KT", "XH"), "kinh tế - xã hội"),
    (("NSTW",), "ngân sách trung ương"),
    (("NSĐP",), "ngân sách địa phương"),
    (("NSNN",), "ngân sách nhà nước"),
    (("GNBV",), "giảm nghèo bền vững"),
    (("XKLĐ",), "xuất khẩu lao động"),
    (("CSHT",), "cơ sở hạ tầng"),
    (("CNTT",), "công nghệ thông tin"),
    (("VSMT",), "vệ sinh môi trường"),
)
# Single-part forms that are only an abbreviation right after a head noun ("Sở TC", "Sở TP"): on their
# own they are other words ("CT" a directive, "TP" a city).
_NAME_ONLY = frozenset({("CT",), ("XD",), ("TC",), ("YT",), ("NV",), ("TP",)})

# written form -> expansion, for readers (the first spelling of each key)
ABBREVIATIONS: Mapping[str, str] = MappingProxyType({
    "".join(parts) if len(parts) == 1 else "&".join(parts): full for parts, full in _ABBREVIATION_TABLE
    if tuple(parts) not in _NAME_ONLY
})


# Codes that also stand inside document symbols ("NĐ-CP", "QĐ-TTg", "NQ/TW"): expanded only on their own.
_SYMBOL_SHY = frozenset({("CP",), ("TW",), ("TTg",)})


def _part_pattern(parts: tuple[str, ...]) -> str:
    joined = r"\s*(?:&|-|và|\+)?\s*".join(re.escape(p) for p in parts)
    if parts in _SYMBOL_SHY:
        return rf"(?<![\w&/-])(?:{joined})(?![\w&/-])"
    return rf"(?<![\w&])(?:{joined})(?![\w&])"


_EXPANSIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(_part_pattern(parts)), full) for parts, full in _ABBREVIATION_TABLE if parts not in _NAME_ONLY
)
_HEADS_BEFORE_CODE = r"(?:Sở|Bộ|Phòng|Ban|Trung tâm|Chi cục|Cục)"
_NAME_EXPANSIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(\b{_HEADS_BEFORE_CODE}\s+){re.escape(parts[0])}(?![\w&-])"), rf"\g<1>{full}")
    for parts, full in _ABBREVIATION_TABLE if parts in _NAME_ONLY
)


def expand_abbreviations(text: str, *, in_name: bool = False) -> str:
    """Write the abbreviations of `text` out: "Sở NN&MT" -> "Sở Nông nghiệp và Môi trường".

    With `in_name`, short codes after a head noun are expanded too ("Sở TC" -> "Sở Tài chính"); in
    running text they stay (a "CT" is a directive). Longest compounds are tried first ("LĐ-TB&XH" before
    "TB&XH")."""
    for rx, full in _EXPANSIONS:
        text = rx.sub(full, text)
    if in_name:  # after the compounds, so the "TC" of "TC - KH" is read as part of its compound
        for rx, full in _NAME_EXPANSIONS:
            text = rx.sub(full, text)
    return text


@lru_cache(maxsize=1)
def folded_abbreviations() -> Mapping[str, str]:
    """Folded, separator-free abbreviation -> folded words of its expansion ("ldtbxh" -> "lao dong thuong
    binh va xa hoi"), for matching text typed without accents (search terms, questions)."""
    out: dict[str, str] = {}
    for parts, full in _ABBREVIATION_TABLE:
        if parts in _NAME_ONLY:
            continue
        out.setdefault(re.sub(r"[^a-z0-9]", "", fold("".join(parts))), " ".join(re.findall(r"[a-z0-9]+", fold(full))))
    return MappingProxyType(out)


# ---------------------------------------------------------------- head nouns of bodies

# Head nouns that need domain words after them ("Sở" + "Tài chính").
BODY_HEADS: tuple[str, ...] = (
    "Phòng giao dịch", "Phòng", "Sở", "Bộ", "Ban", "Trung tâm", "Văn phòng", "Chi cục", "Tổng cục", "Cục",
    "Ủy ban", "Hội đồng", "Hội", "Đoàn", "Liên đoàn", "Ngân hàng", "Đài", "Trường", "Viện", "Bệnh viện",
    "Hạt", "Trạm", "Chi nhánh", "Kho bạc", "Tòa án", "Tổng công ty", "Công ty", "Học viện", "Báo",
    "Tập đoàn", "Vụ", "Tạp chí",
)
# Heads that start a name only before a capitalised word: "Vụ Pháp chế" (a ministry's department), not
# "Vụ Đông Xuân" (a crop season) nor "vụ việc". A web or OCR copy may lose the tone mark ("Vu Kế hoạch").
CAPITAL_ONLY_HEADS: tuple[str, ...] = ("Vụ", "Vu", "Tạp chí")
SEASON_WORDS: tuple[str, ...] = ("Đông", "Xuân", "Hè", "Thu", "Mùa", "Chiêm")
# A head misspelt in copies -> its spelling.
HEAD_TYPOS: dict[str, str] = {"Vu": "Vụ"}
# Names complete by themselves; domain words and a locality may follow.
SELF_HEADS: tuple[str, ...] = (
    "Bảo hiểm xã hội", "BHXH", "Ngân hàng Chính sách xã hội", "NHCSXH", "Kho bạc Nhà nước", "KBNN",
    "Công an", "Thanh tra", "Ban Chỉ huy Quân sự", "BCHQS", "Ban CHQS", "Ban QLDA", "Ban Quản lý dự án",
    "Huyện ủy", "Tỉnh ủy", "Thị ủy", "Thành ủy", "Đảng ủy", "Huyện đoàn", "Tỉnh đoàn", "Thị đoàn",
    "Thành đoàn", "Chính phủ", "Thủ tướng Chính phủ", "Cơ quan thường trực", "Văn phòng điều phối",
    "Ban Chỉ đạo", "Ban Thường vụ", "Hội Nông dân", "Hội Cựu chiến binh", "Hội Liên hiệp Phụ nữ",
    "Hội Phụ nữ", "Liên đoàn Lao động", "Đoàn Thanh niên", "Bộ Chỉ huy", "Quốc hội", "Chủ tịch nước",
    "Ủy ban Thường vụ Quốc hội", "Kiểm toán nhà nước", "Ngân hàng Nhà nước", "Viện kiểm sát nhân dân",
    "Tòa án nhân dân", "Báo và Phát thanh, Truyền hình", "Báo và Phát thanh - Truyền hình",
    "Báo và Phát thanh Truyền hình",
)
# Services of the centre named since 2025 by the area they serve, never alone: "Thuế tỉnh Đắk Lắk",
# "Thuế cơ sở 3", "Thống kê tỉnh", "Hải quan khu vực II". Without an area the word is a plain noun.
AREA_SERVICE_HEADS: tuple[str, ...] = ("Thuế", "Thống kê", "Hải quan")

# The zones a management board is named after, written in lower case after "Ban Quản lý (các)": "Ban Quản lý
# các khu công nghệ cao và khu công nghiệp", "Ban Quản lý khu kinh tế cửa khẩu". Longest first.
MANAGED_ZONES: tuple[str, ...] = (
    "khu nông nghiệp ứng dụng công nghệ cao", "khu công nghệ thông tin tập trung", "khu kinh tế cửa khẩu",
    "khu công nghệ cao", "khu công nghiệp", "khu kinh tế", "khu chế xuất", "cụm công nghiệp", "khu du lịch",
)
# People's committees and councils: the body is a level of government.
COUNCIL_HEADS: tuple[str, ...] = ("Ủy ban nhân dân", "UBND", "UBDND", "Hội đồng nhân dân", "HĐND")
# The Fatherland Front, in every spelling.
FRONT_HEADS: tuple[str, ...] = (
    "Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban Mặt trận Tổ quốc", "Ủy ban MTTQ Việt Nam", "Ủy ban MTTQ VN",
    "Ủy ban MTTQ", "UBMTTQ Việt Nam", "UBMTTQ VN", "UBMTTQVN", "UBMTTQ", "Mặt trận Tổ quốc Việt Nam",
    "Mặt trận Tổ quốc", "MTTQ Việt Nam", "MTTQ VN", "MTTQVN", "MTTQ",
)
# Officials named for their body: "Giám đốc Sở Tài chính", "Chủ tịch UBND các huyện", "Bộ trưởng Bộ X".
OFFICIAL_TITLES: tuple[str, ...] = (
    "phó chủ tịch", "chủ tịch", "phó giám đốc", "giám đốc", "tổng giám đốc", "chánh", "thủ trưởng",
    "trưởng ban", "phó trưởng ban", "trưởng phòng", "cục trưởng", "chi cục trưởng", "tổng cục trưởng", "hiệu trưởng",
    "bộ trưởng", "chủ nhiệm", "trưởng", "thống đốc", "tổng kiểm toán", "viện trưởng", "chánh án",
)

# The official who heads a body of each kind, and how that body's name starts: in a body's own document
# the bare title ("báo cáo Bộ trưởng", "trình Giám đốc phê duyệt") means the head of that body. Each
# title is one of OFFICIAL_TITLES (tested).
HEAD_TITLES: dict[str, tuple[str, ...]] = {
    "bộ trưởng": ("Bộ ",),
    "tổng cục trưởng": ("Tổng cục ",),
    "cục trưởng": ("Cục ",),
    "chi cục trưởng": ("Chi cục ",),
    "chủ tịch": ("Ủy ban nhân dân", "UBND"),
    "giám đốc": ("Sở ", "Trung tâm ", "Bệnh viện ", "Ban Quản lý "),
    "chủ nhiệm": ("Văn phòng ", "Ủy ban "),
    "trưởng ban": ("Ban ",),
    "viện trưởng": ("Viện ",),
}


# ---------------------------------------------------------------- kinds of bodies


@dataclass(frozen=True)
class BodyKind:
    """One kind of public body, the same everywhere: "Sở Tài chính" of any province.

    `tier` says where the body sits: a central body is national; every other one belongs to a
    locality of its tier (a Sở to a province, a Phòng to a district or, since 2025, a commune).
    `successor` is the kind that took its functions over in the 2025 reorganisation."""

    name: str  # the canonical spelling: "Sở Lao động - Thương binh và Xã hội"
    tier: Tier
    successor: str | None = None  # canonical name of the body that replaced it in 2025
    collective: bool = False  # a class of bodies ("Ủy ban nhân dân cấp xã"), not one body

    @property
    def key(self) -> str:
        """The shared type key ("so-tai-chinh"): `Agency.kind` and the graph's agency-type node."""
        return kind_key(self.name)

    @property
    def central(self) -> bool:
        return self.tier == "central"

    @property
    def head(self) -> str:
        return _head_of(self.name)


def kind_key(name: str) -> str:
    """The type key of a canonical name: its folded words joined by "-" ("Sở Tài chính" -> "so-tai-chinh")."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def _kinds() -> tuple[BodyKind, ...]:
    out: list[BodyKind] = []

    def add(tier: Tier, *names: str, successor: str | None = None, collective: bool = False) -> None:
        out.extend(BodyKind(n, tier, successor, collective) for n in names)

    # --- central: the state, the Party and the Front at national level
    add("central", "Quốc hội", "Ủy ban Thường vụ Quốc hội", "Hội đồng Dân tộc", "Văn phòng Quốc hội",
        "Chủ tịch nước", "Văn phòng Chủ tịch nước", "Chính phủ", "Thủ tướng Chính phủ", "Văn phòng Chính phủ",
        "Thanh tra Chính phủ", "Ngân hàng Nhà nước Việt Nam", "Kiểm toán nhà nước", "Tòa án nhân dân tối cao",
        "Viện kiểm sát nhân dân tối cao", "Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương",
        "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "Tổng Liên đoàn Lao động Việt Nam",
        "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Trung ương Hội Liên hiệp Phụ nữ Việt Nam",
        "Trung ương Hội Nông dân Việt Nam", "Trung ương Hội Cựu chiến binh Việt Nam",
        "Bảo hiểm xã hội Việt Nam", "Tập đoàn Điện lực Việt Nam")
    # committees of the National Assembly (2025 names, then those they replaced)
    add("central", "Ủy ban Pháp luật và Tư pháp", "Ủy ban Kinh tế và Tài chính",
        "Ủy ban Quốc phòng, An ninh và Đối ngoại", "Ủy ban Văn hóa và Xã hội",
        "Ủy ban Khoa học, Công nghệ và Môi trường", "Ủy ban Công tác đại biểu")
    add("central", "Ủy ban Pháp luật", "Ủy ban Tư pháp", successor="Ủy ban Pháp luật và Tư pháp")
    add("central", "Ủy ban Kinh tế", "Ủy ban Tài chính, Ngân sách", successor="Ủy ban Kinh tế và Tài chính")
    add("central", "Ủy ban Quốc phòng và An ninh", "Ủy ban Đối ngoại",
        successor="Ủy ban Quốc phòng, An ninh và Đối ngoại")
    add("central", "Ủy ban Văn hóa, Giáo dục", "Ủy ban Xã hội", successor="Ủy ban Văn hóa và Xã hội")
    # ministries (the 14 of 2025, then those merged into them)
    add("central", "Bộ Quốc phòng", "Bộ Công an", "Bộ Ngoại giao", "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Tài chính",
        "Bộ Công Thương", "Bộ Nông nghiệp và Môi trường", "Bộ Xây dựng", "Bộ Văn hóa, Thể thao và Du lịch",
        "Bộ Khoa học và Công nghệ", "Bộ Giáo dục và Đào tạo", "Bộ Y tế", "Bộ Dân tộc và Tôn giáo")
    add("central", "Bộ Kế hoạch và Đầu tư", successor="Bộ Tài chính")
    add("central", "Bộ Lao động - Thương binh và Xã hội", successor="Bộ Nội vụ")
    add("central", "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Tài nguyên và Môi trường",
        successor="Bộ Nông nghiệp và Môi trường")
    add("central", "Bộ Giao thông vận tải", successor="Bộ Xây dựng")
    add("central", "Bộ Thông tin và Truyền thông", successor="Bộ Khoa học và Công nghệ")
    add("central", "Ủy ban Dân tộc", successor="Bộ Dân tộc và Tôn giáo")

    # --- province: departments (2025, then merged), councils, branches of central bodies
    add("province", "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
        "Sở Xây dựng", "Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa và Thể thao", "Sở Du lịch",
        "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ",
        "Sở Quy hoạch - Kiến trúc")
    add("province", "Sở Kế hoạch và Đầu tư", successor="Sở Tài chính")
    add("province", "Sở Lao động - Thương binh và Xã hội", successor="Sở Nội vụ")
    add("province", "Sở Nông nghiệp và Phát triển nông thôn", "Sở Tài nguyên và Môi trường",
        successor="Sở Nông nghiệp và Môi trường")
    add("province", "Sở Giao thông vận tải", successor="Sở Xây dựng")
    add("province", "Sở Thông tin và Truyền thông", successor="Sở Khoa học và Công nghệ")
    add("province", "Ban Dân tộc", successor="Sở Dân tộc và Tôn giáo")
    add("province", "Ủy ban nhân dân tỉnh", "Ủy ban nhân dân thành phố", "Hội đồng nhân dân tỉnh",
        "Hội đồng nhân dân thành phố", "Văn phòng Ủy ban nhân dân",
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân", "Đoàn đại biểu Quốc hội tỉnh", "Thanh tra tỉnh", "Công an tỉnh", "Công an thành phố", "Bộ Chỉ huy Quân sự tỉnh",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Tỉnh ủy", "Thành ủy", "Tỉnh đoàn",
        "Bảo hiểm xã hội tỉnh", "Thuế tỉnh", "Thống kê tỉnh", "Tòa án nhân dân tỉnh", "Viện kiểm sát nhân dân tỉnh",
        "Trung tâm Kiểm soát bệnh tật tỉnh", "Báo và Phát thanh, Truyền hình tỉnh",
        "Ban Quản lý các khu công nghiệp", "Ban Quản lý Khu kinh tế", "Trung tâm Phục vụ hành chính công tỉnh",
        "Chi cục Kiểm lâm", "Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh",
        "Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh", "Ban Pháp chế Hội đồng nhân dân tỉnh",
        "Ban Dân tộc Hội đồng nhân dân tỉnh")
    add("province", "Cục Thuế tỉnh", successor="Thuế tỉnh")
    add("province", "Cục Thống kê tỉnh", successor="Thống kê tỉnh")
    add("province", "Đài Phát thanh và Truyền hình tỉnh", "Báo tỉnh", successor="Báo và Phát thanh, Truyền hình tỉnh")
    add("province", "Kho bạc Nhà nước tỉnh", successor="Kho bạc Nhà nước khu vực")
    # branches of central bodies, named without their level in a local plan: the local branch
    add("province", "Ngân hàng Chính sách xã hội", "Kho bạc Nhà nước", "Bảo hiểm xã hội", "Cục Thuế",
        "Cục Thống kê")
    add("province", "Kho bạc Nhà nước khu vực", "Bảo hiểm xã hội khu vực", "Thuế cơ sở",
        "Ngân hàng Nhà nước chi nhánh khu vực")
    add("province", "Ngân hàng Nhà nước chi nhánh tỉnh", successor="Ngân hàng Nhà nước chi nhánh khu vực")

    # --- district (until 1 July 2025): divisions of the district committee, councils, branches
    add("district", "Phòng Nội vụ", "Phòng Tư pháp", "Phòng Tài chính - Kế hoạch", "Phòng Tài nguyên và Môi trường",
        "Phòng Lao động - Thương binh và Xã hội", "Phòng Văn hóa và Thông tin", "Phòng Giáo dục và Đào tạo",
        "Phòng Y tế", "Phòng Kinh tế", "Phòng Quản lý đô thị", "Phòng Nông nghiệp và Phát triển nông thôn",
        "Phòng Kinh tế và Hạ tầng", "Phòng Dân tộc", "Phòng Nông nghiệp và Môi trường",
        "Phòng Văn hóa, Khoa học và Thông tin", "Phòng Kinh tế, Hạ tầng và Đô thị",
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Ủy ban nhân dân huyện", "Ủy ban nhân dân quận",
        "Ủy ban nhân dân thị xã", "Hội đồng nhân dân huyện", "Hội đồng nhân dân thị xã", "Thanh tra huyện",
        "Công an huyện", "Công an thị xã", "Ban Chỉ huy Quân sự huyện", "Huyện ủy", "Thị ủy", "Huyện đoàn",
        "Bảo hiểm xã hội huyện", "Chi cục Thống kê huyện", "Chi cục Thuế", "Kho bạc Nhà nước huyện",
        "Phòng giao dịch Ngân hàng Chính sách xã hội", "Trung tâm Y tế", "Hạt Kiểm lâm",
        "Trung tâm Văn hóa - Truyền thanh - Truyền hình", "Trung tâm Văn hóa, Thể thao và Truyền thông",
        "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên", "Ban Quản lý dự án",
        "Trung tâm Dịch vụ nông nghiệp", "Tòa án nhân dân huyện", "Viện kiểm sát nhân dân huyện")

    # --- commune (since 2025 with its own divisions)
    add("commune", "Ủy ban nhân dân cấp xã", "Hội đồng nhân dân cấp xã", collective=True)
    add("commune", "Phòng Văn hóa - Xã hội", "Công an xã", "Ban Chỉ huy Quân sự xã", "Đảng ủy xã", "Trạm Y tế",
        "Trung tâm Phục vụ hành chính công xã", "Đảng ủy phường", "Công an phường")

    # --- the Fatherland Front and the mass organisations, at every tier below the centre
    add("province", "Ủy ban Mặt trận Tổ quốc Việt Nam", "Hội Nông dân", "Hội Liên hiệp Phụ nữ",
        "Hội Cựu chiến binh", "Liên đoàn Lao động", "Đoàn Thanh niên Cộng sản Hồ Chí Minh")
    add("province", "Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội", collective=True)
    return tuple(out)


KINDS: tuple[BodyKind, ...] = _kinds()
_BY_KEY: Mapping[str, BodyKind] = MappingProxyType({k.key: k for k in KINDS})


def kind_by_key(key: str | None) -> BodyKind | None:
    """The kind whose key is `key` ("so-tai-chinh"), if it is a known kind."""
    return _BY_KEY.get(key or "")


# Joiners inside names, dropped from match keys: "Lao động, Thương binh và Xã hội" meets
# "Lao động - Thương binh - Xã hội".
_JOINERS = frozenset({"va", "&", "-", ","})


def _match_words(name: str) -> tuple[str, ...]:
    text = expand_abbreviations(unicodedata.normalize("NFC", name), in_name=True)
    text = re.sub(r"\b[Uu]ỷ\b", "Ủy", text)
    return tuple(w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in _JOINERS)


_HEAD_WORDS = sorted({_match_words(h) for h in (*COUNCIL_HEADS, *FRONT_HEADS, *SELF_HEADS, *BODY_HEADS)
                      if _match_words(h)}, key=len, reverse=True)


def _head_of(name: str) -> str:
    return _head_of_words(_match_words(name))


def _head_of_words(words: tuple[str, ...]) -> str:
    for head in _HEAD_WORDS:
        if words[: len(head)] == head:
            return " ".join(head)
    return words[0] if words else ""


@lru_cache(maxsize=1)
def _kind_index() -> tuple[dict[str, BodyKind], dict[str, list[tuple[str, BodyKind]]]]:
    exact: dict[str, BodyKind] = {}
    by_head: dict[str, list[tuple[str, BodyKind]]] = {}
    for kind in KINDS:
        key = " ".join(_match_words(kind.name))
        exact.setdefault(key, kind)
        by_head.setdefault(kind.head, []).append((key, kind))
    return exact, by_head


def _typo_distance(key: str) -> int:
    """Edits tolerated in a name of this length: one letter in a short name, two in a long one."""
    return 0 if len(key) < 8 else 1 if len(key) < 24 else 2


@lru_cache(maxsize=8192)
def match_kind(name: str) -> BodyKind | None:
    """The known kind of body a canonical name is, tolerating spelling: accents, case, abbreviations
    ("Sở NN&MT"), joiners ("Lao động, Thương binh - Xã hội") and a one-letter typo ("Sở Tài chíng").

    The name is that of the body without its locality ("Sở Y tế", "Công an huyện"); a typo never crosses
    head nouns (a "Bộ" is never a "Sở"). None when the name is not a known kind."""
    return _match_key(_match_words(name))


def _match_key(words: tuple[str, ...]) -> BodyKind | None:
    from rapidfuzz.distance import Levenshtein  # a well-kept C implementation; imported on first use

    if not words:
        return None
    key = " ".join(words)
    exact, by_head = _kind_index()
    if key in exact:
        return exact[key]
    limit = _typo_distance(key)
    if not limit:
        return None
    best: tuple[int, BodyKind] | None = None
    for other, kind in by_head.get(_head_of_words(words), ()):
        d = Levenshtein.distance(key, other, score_cutoff=limit)
        if d <= limit and (best is None or d < best[0]):
            best = (d, kind)
    return best[1] if best else None


# ---------------------------------------------------------------- agencies typed by a user


@dataclass(frozen=True)
class KindMatch:
    """A kind of body a user's words name, with the locality they said, if any."""

    kind: BodyKind
    locality: str | None = None  # "tỉnh Lai Châu" (as typed after the level word) when the words name one
    exact: bool = True  # the words name this kind; False when they are only the beginning of its name


_FOLDED_LEVELS = tuple((tuple(fold(lv).split()), lv) for lv in LEVEL_WORDS)
_COMMUNE_WORDS = frozenset({("xa",), ("phuong",), ("thi", "tran"), ("dac", "khu"), ("co", "so")})
_COUNCILS = (("uy", "ban", "nhan", "dan"), ("hoi", "dong", "nhan", "dan"))
# words after a level word that show it is not one: "xã hội", "cấp xã", "quận" of "cơ quan"
_NOT_A_PLACE_AFTER = frozenset({"hoi", "cap", "ly"})


def find_kinds(query: str) -> list[KindMatch]:
    """The kinds of body a common name typed by a user means, best first.

    "Ủy ban nhân dân cấp xã", "ubnd xa", "UBND các phường" -> the commune committees; "Sở Tài chính",
    "so tai chinh" -> Sở Tài chính; "UBND tỉnh Lai Châu" -> the provincial committee with locality
    "tỉnh Lai Châu"; "sở nông nghiệp" -> every Sở whose name starts so (the 2025 one first); "ubnd" -> the
    committees of every tier. Accents, case and abbreviations do not matter; a one-letter typo is
    tolerated. An empty list when the words name no known kind."""
    written = unicodedata.normalize("NFC", query or "").replace(",", " ").split()
    words: list[str] = []
    origin: list[int] = []  # index of the written word each folded word comes from
    abbreviations = folded_abbreviations()
    for i, w in enumerate(written):
        f = re.sub(r"[^a-z0-9&-]", "", fold(w))
        for part in abbreviations.get(f.replace("&", "").replace("-", ""), f).split():
            if part and part not in _JOINERS and part not in ("cac", "nhung"):
                words.append(part)
                origin.append(i)
    if not words:
        return []
    whole = _match_key(tuple(words))
    if whole is not None and not _commune_council(tuple(words)):
        return [KindMatch(whole)]
    # a locality at the end: the last level word followed by a name ("... tỉnh Lai Châu")
    for i in range(len(words) - 1, 0, -1):
        for lv_words, level in _FOLDED_LEVELS:
            n = len(lv_words)
            if tuple(words[i:i + n]) != lv_words or i + n >= len(words) or words[i + n] in _NOT_A_PLACE_AFTER:
                continue
            if i > 0 and words[i - 1] in ("cap", "thi", "co"):
                continue
            place = " ".join(written[origin[i + n]:])
            locality = f"{level} {' '.join(p[:1].upper() + p[1:] for p in place.split())}"
            found = _kinds_of(tuple(words[:i]), level)
            if found:
                return [KindMatch(m.kind, locality, m.exact) for m in found]
    return _kinds_of(tuple(words), None) or _initialisms(written)


def _initialisms(written: list[str]) -> list[KindMatch]:
    """Kinds a user names by initials, as staff write them: "STC", "SKHCN" (every word's first letter),
    "Sở TC", "Bộ GD&ĐT" (the head, then the initials of the domain). Joiners ("và", "&") have no letter."""
    letters = [re.sub(r"[^a-z]", "", fold(w)) for w in written]
    if len(written) == 1 and 3 <= len(letters[0]) <= 8:
        head, initials = None, letters[0]
    elif len(written) == 2 and sum(c.isupper() for c in written[1]) >= 2 and 2 <= len(letters[1]) <= 7:
        head, initials = letters[0], letters[1]
    else:
        return []
    out = []
    for kind in KINDS:
        words = _match_words(kind.name)
        if head is None and "".join(w[0] for w in words) == initials or \
                head is not None and words[0] == head and "".join(w[0] for w in words[1:]) == initials:
            out.append(KindMatch(kind))
    return sorted(out, key=lambda m: (m.kind.successor is not None, len(m.kind.name)))


def _commune_council(words: tuple[str, ...]) -> bool:
    return any(words[: len(c)] == c for c in _COUNCILS) and any(
        words[-len(t):] == t for t in _COMMUNE_WORDS)


def _kinds_of(words: tuple[str, ...], level: str | None) -> list[KindMatch]:
    """Kinds named by `words` (a body without its place), the place's level word telling the tier."""
    if not words:
        return []
    for council in _COUNCILS:
        if words[: len(council)] == council:
            rest = words[len(council):]
            tier_words = rest or (tuple(fold(level).split()) if level else ())
            if tier_words and (tier_words in _COMMUNE_WORDS or tier_words[-1:] in _COMMUNE_WORDS):
                words = council + ("cap", "xa")  # "UBND xã", "UBND các phường", "HĐND cấp cơ sở"
            elif not rest and level:
                words = council + tuple(fold(level).split())
            break
    else:
        if level and _match_key(words + tuple(fold(level).split())) is not None:
            words = words + tuple(fold(level).split())  # "Công an huyện Phong Thổ"
    kind = _match_key(words)
    if kind is not None:
        return [KindMatch(kind)]
    key = " ".join(words)
    out = [KindMatch(k, exact=False) for k in KINDS if " ".join(_match_words(k.name)).startswith(key + " ")]
    return sorted(out, key=lambda m: (m.kind.successor is not None, len(m.kind.name)))


def canonical_kinds(names: Iterable[str]) -> list[BodyKind]:
    """Known kinds among canonical names, in order, once each (for listing what a corpus holds)."""
    seen: dict[str, BodyKind] = {}
    for n in names:
        k = match_kind(n)
        if k is not None:
            seen.setdefault(k.key, k)
    return list(seen.values())
