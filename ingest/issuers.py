"""Names of issuing bodies as a header writes them (ALL CAPS, cut over lines) turned into their usual
spelling: "ỦY BAN NHÂN" / "DÂN" / "TỈNH CÀ MAU" -> "Ủy ban nhân dân tỉnh Cà Mau".

Decree 30/2020/NĐ-CP puts the issuer in the header's left cell, the body above it first when there is
one ("BỘ TÀI CHÍNH" / "CỤC THUẾ"); the issuer is the lowest body, and a body named without a place takes
its parent's place ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" under "UBND TỈNH CAO BẰNG"). Generic words become
lower case, place names and the domain of a department title case, national proper names keep theirs.
"""
from __future__ import annotations

import re

from ingest.vocab.admin import BODY_HEADS, COUNCIL_HEADS, FRONT_HEADS, LEVEL_WORDS, OFFICIAL_TITLES, SELF_HEADS
from ingest.vocab.legal import ISSUER_CODES


def _caps_alternation(names) -> str:
    """Upper-case alternation of body heads, longest first, with both spellings of "ỦY"/"UỶ"."""
    forms = sorted({n.upper() for n in names}, key=len, reverse=True)
    return "|".join(re.escape(f).replace("ỦY", "(?:ỦY|UỶ)") for f in forms)


# The first words of a body's name in a header (the left cell), and of the enacting body named under a
# title ("ỦY BAN NHÂN DÂN TỈNH ...", "BỘ TRƯỞNG BỘ TÀI CHÍNH"): the head nouns of the administrative
# vocabulary, the officials who head a body, and the few heads only a header shows ("THỦ TƯỚNG" on
# its own line over "CHÍNH PHỦ", a Party "ĐẢNG BỘ", a 2025 tax office "THUẾ TỈNH ...").
ISSUER_HEAD = re.compile(r"^(?:" + _caps_alternation(
    (*COUNCIL_HEADS, *BODY_HEADS, *SELF_HEADS, *FRONT_HEADS, *OFFICIAL_TITLES, "Thủ tướng", "Đảng bộ", "Thuế",
     "Bộ Chỉ huy", "Chánh")) + r")\b")
# The enacting body named under a decision's title, or the session of a council.
AUTHORITY_LINE = re.compile(
    r"^(?:ỦY BAN|UỶ BAN|HỘI ĐỒNG|CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|CHÍNH PHỦ|QUỐC HỘI|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|"
    r"CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|BAN THƯỜNG VỤ|BAN CHẤP HÀNH|BAN BÍ THƯ|BỘ CHÍNH TRỊ|"
    r"THỐNG ĐỐC|TỔNG KIỂM TOÁN|VIỆN TRƯỞNG|CHÁNH ÁN|KHÓA|KHOÁ|KỲ HỌP|PHIÊN HỌP)\b"
)
# A level word that starts a line continuing the body above: "TỈNH CÀ MAU" under "ỦY BAN NHÂN DÂN".
_LEVELS_RE = "|".join(LEVEL_WORDS)  # the shared level words, longest first
LEVEL_HEAD = re.compile(rf"^(?:{_LEVELS_RE.upper()})\b(?!\s+(?:ỦY|UỶ))")
PLACE_IN_NAME = re.compile(rf"\b(?:{_LEVELS_RE})\s+[A-ZĐÀ-Ỹ]")
# The head of a body named before the body ("CHỦ TỊCH ỦY BAN NHÂN DÂN ..."): the title stays lower case.
_HEAD_OF_BODY = re.compile(r"^(?:PHÓ\s+)?(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TRƯỞNG|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|CỤC TRƯỞNG|"
                           r"TỔNG CỤC TRƯỞNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|THỐNG ĐỐC|TỔNG KIỂM TOÁN|VIỆN TRƯỞNG|"
                           r"CHÁNH ÁN)\s+(?=\S)")

_UNIT_WORDS = LEVEL_WORDS
# Heads of bodies whose domain words are written in title case ("Sở Nông nghiệp và Môi trường").
_DOMAIN_HEADS = tuple({h.lower() for h in BODY_HEADS} | {"vụ", "uỷ ban"})
_CAPS_ABBREVIATIONS = frozenset({"UBND", "HĐND", "MTQG", "CTMTQG", "MTTQ", "NTM", "DTTS", "QLDA", "NN&PTNT",
                                  "LĐ-TB&XH", "TC-KH", "KT-HT", "VH-TT", "GD&ĐT", "TN&MT", "BCĐ"})
_COUNCIL_WORDS = ("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân")
# Proper names inside national bodies' names keep their capitals ("Ban Chấp hành Trung ương",
# "Ngân hàng Nhà nước Việt Nam"): taken from the national issuer names of the legal vocabulary.
_PROPER = ("Việt Nam", "Trung ương", "Chính phủ", "Quốc hội", "Nhà nước")
_NATIONAL_NAMES = {name.lower(): name for name in ISSUER_CODES.values()}


def issuer_from_caps(parts: list[str]) -> tuple[str, str | None]:
    """(issuer, parent) from the ALL-CAPS header pieces: ["ỦY BAN NHÂN DÂN", "HUYỆN PHONG THỔ"] ->
    ("Ủy ban nhân dân huyện Phong Thổ", None); ["UBND TỈNH CAO BẰNG", "SỞ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"]
    -> ("Sở Nông nghiệp và Môi trường tỉnh Cao Bằng", "Ủy ban nhân dân tỉnh Cao Bằng"). Pieces cut inside
    a word group ("ỦY BAN NHÂN" / "DÂN") are joined first."""
    bodies: list[list[str]] = []
    for part in parts:
        if bodies and not _starts_body(" ".join(bodies[-1]), part):
            bodies[-1].append(part)  # "HUYỆN PHONG THỔ", "VÀ MÔI TRƯỜNG", "DÂN" continue the body above
        else:
            bodies.append([part])
    names = [normalise_issuer(caps_to_name(expand_council(" ".join(b)))) for b in bodies]
    issuer = names[-1]
    parent = names[-2] if len(names) > 1 else None
    if parent and issuer in ("Văn phòng", "Thanh tra"):
        return f"{issuer} {parent}", parent  # the office of the body above: "Văn phòng Ủy ban nhân dân tỉnh ..."
    if parent and parent.endswith("Trung ương") and not re.search(r"Trung ương|\bTW\b", issuer):
        return f"{issuer} Trung ương", parent  # a board of the Party's Central Committee: "Ban ... Trung ương"
    if parent and not PLACE_IN_NAME.search(issuer):
        place = PLACE_IN_NAME.search(parent)
        if place and re.search(r"\bủy$", issuer):
            issuer = f"{issuer} {parent[place.start():].split(' ', 1)[1]}"  # "Tỉnh ủy Gia Lai"
        elif place:
            issuer = f"{issuer} {parent[place.start():]}"
    return issuer, parent


def _starts_body(before: str, part: str) -> bool:
    """Does the header piece `part` name a second body (the issuer under its parent: "BỘ TÀI CHÍNH" /
    "CỤC THUẾ"), or continue the name above, cut by a line break ("VĂN PHÒNG" / "CHÍNH PHỦ", "ỦY BAN
    NHÂN" / "DÂN", "BỘ NÔNG NGHIỆP VÀ MÔI" / "TRƯỜNG", "BẢO HIỂM XÃ" / "HỘI VIỆT NAM")?"""
    m = ISSUER_HEAD.match(part)
    if not m or LEVEL_HEAD.match(part) or _incomplete(before):
        return False
    if m.group() in ("QUỐC HỘI", "CHÍNH PHỦ"):
        return False  # national bodies are never the lower body of a header
    last = before.split()[-1] if before.split() else ""
    if last in ("VÀ", "-", "&") or before.endswith((",", "-")):
        return False
    return f"{last} {part.split()[0]}" not in _COMPOUNDS


# Two-syllable words whose second syllable is also a body's head: a line break between them is inside
# a word ("MÔI" / "TRƯỜNG"), not between two bodies.
_COMPOUNDS = frozenset({"XÃ HỘI", "QUỐC HỘI", "ĐẠI HỘI", "MÔI TRƯỜNG", "THỊ TRƯỜNG", "HỌC VIỆN", "BỆNH VIỆN",
                        "CÔNG ĐOÀN", "LIÊN ĐOÀN", "TẬP ĐOÀN", "THƯ VIỆN", "VĂN PHÒNG", "NHÀ TRƯỜNG"})


def _incomplete(name: str) -> bool:
    """A body's name cut before its domain: no head at all ("VĂN", "ỦY BAN NHÂN") or a bare head ("BỘ",
    "VĂN PHÒNG", "HỘI")."""
    m = ISSUER_HEAD.match(name)
    return m is None or not name[m.end():].strip() or bool(re.search(r"\b(?:NHÂN|ỦY|UỶ)$", name))


def expand_council(text: str) -> str:
    """ "UBND TỈNH CAO BẰNG" -> "ỦY BAN NHÂN DÂN TỈNH CAO BẰNG" (before case is lost)."""
    return re.sub(r"^HĐND\b", "HỘI ĐỒNG NHÂN DÂN", re.sub(r"^UBND\b", "ỦY BAN NHÂN DÂN", text))


def normalise_issuer(text: str) -> str:
    text = re.sub(r"^UBND\b", "Ủy ban nhân dân", text.strip())
    text = re.sub(r"^HĐND\b", "Hội đồng nhân dân", text)
    return text.replace("Uỷ ban", "Ủy ban").replace("uỷ ban", "ủy ban")


def authority_name(text: str) -> str:
    """The enacting body line under a title as a name: "ỦY BAN THƯỜNG VỤ QUỐC HỘI" -> "Ủy ban Thường vụ
    Quốc hội", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" -> "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi"."""
    text = re.sub(r"\s+", " ", text).strip(" :,.")
    m = _HEAD_OF_BODY.match(text)
    if m:
        body = normalise_issuer(caps_to_name(expand_council(text[m.end():])))
        return f"{m.group().strip().capitalize()} {body}"
    return normalise_issuer(caps_to_name(expand_council(text)))


def caps_to_name(text: str) -> str:
    """ALL-CAPS body name to its usual spelling: generic words lower-case, place names title-case, and
    the domain of a department in title case ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" -> "Bộ Lao động -
    Thương binh và Xã hội")."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return text
    national = _NATIONAL_NAMES.get(text.lower().replace("uỷ", "ủy"))
    if national:
        return national
    caps = text.split()
    words = text.lower().split()
    if len(words) >= 2 and words[1] in ("ủy", "uỷ") and words[0] in ("tỉnh", "huyện", "thị", "thành", "đảng"):
        # a party committee: "TỈNH ỦY GIA LAI" -> "Tỉnh ủy Gia Lai", "ĐẢNG ỦY XÃ KBANG" -> "Đảng ủy xã Kbang"
        if words[0] == "đảng":
            rest = caps_to_name(" ".join(caps[2:])) if len(caps) > 2 else ""
            if rest.split() and rest.split()[0].lower() in _UNIT_WORDS:
                rest = rest[:1].lower() + rest[1:]
        else:
            rest = " ".join(w.capitalize() for w in words[2:])
        return f"{words[0].capitalize()} ủy {rest}".strip()
    out = []
    place = False
    head = 0
    low = " ".join(words)
    if not low.startswith(_COUNCIL_WORDS):
        head = max((len(h.split()) for h in _DOMAIN_HEADS if low == h or low.startswith(h + " ")), default=0)
    component_start = head
    for i, w in enumerate(words):
        if place:
            out.append(w.capitalize())
            continue
        two = " ".join(words[i : i + 2])
        is_level = w in ("tỉnh", "huyện", "quận", "phường") or (w == "xã" and two != "xã hội") or two in (
            "thị xã", "thành phố", "thị trấn", "đặc khu")
        if is_level and not (head and i == component_start):
            out.append(w)
            if two not in ("thị xã", "thành phố", "thị trấn", "đặc khu"):
                place = True
            head = 0  # the domain ended: what follows is the place
            continue
        if i and words[i - 1] in ("thị", "thành", "đặc") and w in ("xã", "phố", "trấn", "khu"):
            out.append(w)
            place = True
            continue
        if caps[i] in _CAPS_ABBREVIATIONS:
            out.append(caps[i])  # "UBND", "MTQG" stay abbreviations
        elif head and i == component_start:
            out.append(w.capitalize())
        else:
            out.append(w)
        if head and i >= head and (w in ("và", "-", "&") or w.endswith(",")):
            component_start = i + 1
    name = " ".join(out)
    for proper in _PROPER:
        name = re.sub(rf"(?<=\s){re.escape(proper.lower())}\b", proper, name)
    return name[:1].upper() + name[1:]
