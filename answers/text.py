"""Reading a question: which names, document types, roles and projects it mentions.

People type questions without diacritics, in lower case, with abbreviations ("phong tu phap phong tho
phu trach xa nao"), so everything here compares accent-folded word sequences. The names themselves
(agencies, communes, districts) are not listed here: they come from the documents in the build, passed
in as a `NameTable`; this module holds only generic vocabulary (question words, type words, roles).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from ingest.text import fold
from ingest.vocab.admin import COMMUNE_LEVELS, LEVEL_ABBREVIATIONS, folded_abbreviations
from ingest.vocab.admin import LEVEL_WORDS as ADMIN_LEVEL_WORDS
from ingest.vocab.legal import AMEND_VERBS, DOC_TYPE_WORDS, IMPLEMENT_VERBS, REPEAL_VERBS, REPLACE_VERBS

T = TypeVar("T")

_WORD = re.compile(r"[a-z0-9]+")

# Generic abbreviations a question may use, folded (lower case, no accents) -> folded expansion; level
# abbreviations ("tp", "tx") too, since a question is not a document symbol.
_ABBREVIATIONS: dict[str, str] = {
    **folded_abbreviations(), **{fold(k): fold(v) for k, v in LEVEL_ABBREVIATIONS.items()},
}
# Words that join parts of a name and may be left out when typing ("Lao động Thương binh Xã hội").
_JOINERS = frozenset({"va"})

# Level words of administrative units, folded, longest first.
LEVEL_WORDS: tuple[str, ...] = tuple(fold(w) for w in ADMIN_LEVEL_WORDS)
COMMUNE_LEVEL_WORDS: tuple[str, ...] = tuple(fold(w) for w in ADMIN_LEVEL_WORDS if w in COMMUNE_LEVELS)

# Document types a question can ask for ("theo quyết định nào"), folded -> the type name used in records.
_TYPE_NAMES: dict[str, str] = {}
for _written, (_type, _detail) in DOC_TYPE_WORDS.items():
    if _type:
        _TYPE_NAMES.setdefault(" ".join(_WORD.findall(fold(_written))), _type)
_TYPE_ALT = "|".join(sorted((re.escape(k) for k in _TYPE_NAMES), key=len, reverse=True))
_ASKED_TYPE = re.compile(rf"\b(?P<type>{_TYPE_ALT}|van ban)\b(?P<mid>(?: \w+){{0,2}}?) (?:nao|so may|so bao nhieu|gi)\b")
# How a question asks for a document by what the asked-about document does to it: "thay thế nghị quyết nào",
# "được bổ sung vào thông tư nào", "để tiếp tục thực hiện chỉ thị nào". The verbs are the legal vocabulary's
# (`ingest.vocab.legal`); "thay cho" and a bare "bổ sung" are how questions say them. "thực hiện theo quyết
# định nào" is not one: "theo" makes it the act a task is done under, not the act a document carries out.
_RELATION_VERBS: dict[str, tuple[str, ...]] = {
    "amends": (*AMEND_VERBS, "bổ sung"), "replaces": (*REPLACE_VERBS, "thay cho"), "repeals": REPEAL_VERBS,
    "implements": IMPLEMENT_VERBS,
}
_RELATION_ALT = "|".join(sorted({re.escape(" ".join(_WORD.findall(fold(v)))): None
                                 for vs in _RELATION_VERBS.values() for v in vs}, key=len, reverse=True))
_RELATION_OF = {" ".join(_WORD.findall(fold(v))): rel for rel, vs in _RELATION_VERBS.items() for v in vs}
_ASKED_RELATION = re.compile(
    rf"\b(?P<verb>{_RELATION_ALT})(?: (?:vao|cho|nhung|cac|mot|ban|bang|lai))*"
    rf" (?:{_TYPE_ALT}|van ban)\b(?:(?: \w+){{0,2}}?) (?:nao|so may|gi)\b")
_NUMBERED = re.compile(rf"\b(?P<type>{_TYPE_ALT})\s+(?:so\s+)?(?P<num>\d{{1,5}})\b")
_TYPE_THEN_OF = re.compile(rf"\b(?:{_TYPE_ALT}|van ban)(?: nao)? cua (?P<who>[a-z0-9 ]+)")
_ISSUER_STOP = re.compile(r"\b(?:ve|de|nam|ngay|so|la|duoc|lam|cho|tai|tren|o|nhu|thi|khi)\b")

_ITEM_NUMBER = re.compile(r"(?<![\d.,])\d{1,2}(?:\.\d{1,2})+(?![\d]|[.,]\d)")
_PROJECT = re.compile(r"\b(tieu du an|du an)\s+(?:so\s+)?(\d{1,2}[a-z]?)\b")
_ROLE_CUES: tuple[tuple[str, str], ...] = (
    ("dong phu trach", "co_in_charge_commune"),
    ("cung phu trach", "co_in_charge_commune"),
    ("phu trach xa", "in_charge_commune"),
    ("phu trach dia ban", "in_charge_commune"),
    ("chu tri", "lead"),
    ("dau moi", "lead"),
    ("thuong truc", "lead"),
    ("phoi hop", "cooperate"),
    ("bao cao", "report_to"),
)
# "báo cáo" names the receiving role only when the question asks for the receiver ("báo cáo cho cơ quan nào",
# "gửi báo cáo về đâu", "ai nhận báo cáo"); "Đơn vị nào ... báo cáo kết quả cho UBND tỉnh?" asks who reports
_ASKS_RECEIVER = re.compile(
    r"\bnhan bao cao\b|\bbao cao\b(?: \w+){0,6}? (?:cho|ve|len|toi|den|gui)"
    r" (?:ai|dau|(?:co quan|don vi|cap|noi|ben|ban|to chuc) (?:nao|gi))\b")
_ASKS_COMMUNE = re.compile(r"\b(?:xa|phuong|thi tran|dia ban|(?<!van )ban|thon)\s+nao\b|\bphu trach\s+(?:xa|phuong|thi tran|dia ban|nhung|cac)\b")
ASKS_AGENCY = re.compile(
    r"\b(?:co quan|don vi|phong|(?<!van )ban|to chuc|ai|nganh|cap)\s+(?:nao|gi)\b|\bai\b|\bdo ai\b|\bdo co quan\b|\bla co quan\b")
_ASKS_TASKS = re.compile(r"\bnhiem vu\b|\blam gi\b|\bphai lam\b|\bchiu trach nhiem\b|\bduoc giao\b")
_SYMBOL = re.compile(
    r"(?<![\w/])(\d{1,5}[a-zA-Z]?)\s*(?:/\s*((?:19|20)\d\d))?\s*([/-])\s*([A-Za-zĐđ][A-Za-zĐđ0-9&]*(?:\s*-\s*[A-Za-zĐđ][A-Za-zĐđ0-9&]*)*)"
    r"(?:\s*/\s*([A-Za-zĐđ][A-Za-zĐđ0-9&]*))?")


def words(text: str | None) -> list[str]:
    """Accent-folded words with generic abbreviations expanded: "UBND tỉnh" -> [uy, ban, nhan, dan, tinh]."""
    out: list[str] = []
    for w in _WORD.findall(fold(text or "")):
        out.extend(_ABBREVIATIONS.get(w, w).split())
    return out


def key(text: str | None) -> str:
    """The matching key of a name: its folded words joined by one space."""
    return " ".join(words(text))


@lru_cache(maxsize=1 << 16)
def name_words(text: str | None) -> tuple[str, ...]:
    """Words of a name without joiners, so "Lao động - Thương binh và Xã hội" meets "lao dong thuong binh xa hoi".
    Kept: the directory's name tables add each office's name once per district."""
    return tuple(w for w in words(text) if w not in _JOINERS)


def strip_level(name_key: str) -> str:
    """"xa dao san" -> "dao san"; "thi tran phong tho" -> "phong tho"."""
    for level in LEVEL_WORDS:
        if name_key.startswith(level + " "):
            return name_key[len(level) + 1:]
    return name_key


def level_of(name_key: str) -> str | None:
    for level in LEVEL_WORDS:
        if name_key.startswith(level + " "):
            return level
    return None


@dataclass
class Match(Generic[T]):
    start: int  # word positions in the question's name words
    end: int
    key: str
    values: list[T]
    before: tuple[str, ...] = ()  # up to two words just before the match


class NameTable(Generic[T]):
    """Names (agencies, communes, districts) by their word sequence, found in a question longest first."""

    def __init__(self) -> None:
        self._by_words: dict[tuple[str, ...], list[T]] = {}
        self._longest = 0

    def add(self, name: str, value: T) -> None:
        seq = name_words(name)
        if not seq:
            return
        bucket = self._by_words.setdefault(seq, [])
        if value not in bucket:
            bucket.append(value)
        self._longest = max(self._longest, len(seq))

    def __len__(self) -> int:
        return len(self._by_words)

    def find(self, text: str) -> list[Match[T]]:
        """Non-overlapping matches, longest first at each position, left to right."""
        seq = name_words(text)
        out: list[Match[T]] = []
        i = 0
        while i < len(seq):
            for n in range(min(self._longest, len(seq) - i), 0, -1):
                values = self._by_words.get(tuple(seq[i:i + n]))
                if values:
                    out.append(Match(i, i + n, " ".join(seq[i:i + n]), list(values), tuple(seq[max(0, i - 2):i])))
                    i += n
                    break
            else:
                i += 1
        return out


@dataclass(frozen=True)
class Cues:
    """What a question asks, read by generic rules."""

    text: str
    folded: str  # folded words joined by spaces (abbreviations expanded)
    symbols: tuple[str, ...] = ()  # document symbols written in the question, as written
    asked_types: tuple[str, ...] = ()  # document types asked for: ("Quyết định",)
    issuer_phrases: tuple[str, ...] = ()  # folded: ("thu tuong chinh phu",)
    roles: tuple[str, ...] = ()  # roles the question names, strongest first
    projects: tuple[str, ...] = ()  # ("Dự án 6", "Tiểu dự án 2")
    asks_commune: bool = False
    asks_agency: bool = False
    asks_tasks: bool = False
    numbered: tuple[tuple[str, str], ...] = ()  # documents named by type and number: (("Kế hoạch", "245"),)
    numbers: tuple[str, ...] = ()  # dotted numbers that name one item: "18.3" (chỉ tiêu 18.3), "4.2"
    relations: tuple[str, ...] = ()  # what the asked-for document is to the one asked about: ("replaces",)
    extra: dict = field(default_factory=dict, compare=False)


def read_question(text: str) -> Cues:
    folded = " ".join(words(text))
    asked: list[str] = []
    for m in _ASKED_TYPE.finditer(folded):
        kind = m.group("type")
        if kind != "van ban":
            asked.append(_TYPE_NAMES[kind])
    issuers: list[str] = []
    for m in _TYPE_THEN_OF.finditer(folded):
        for part in re.split(r"\b(?:va cua|va)\b", m.group("who")):
            part = _ISSUER_STOP.split(part)[0].strip()
            part = " ".join(part.split()[:8])
            if part:
                issuers.append(part)
    roles = [role for cue, role in _ROLE_CUES if re.search(rf"\b{cue}\b", folded)]
    if "report_to" in roles and not _ASKS_RECEIVER.search(folded):
        roles.remove("report_to")  # "Ai ... và báo cáo kết quả cho UBND tỉnh?" asks who reports, not who is told
    if "co_in_charge_commune" in roles and "in_charge_commune" not in roles and re.search(r"\bphu trach\b", folded):
        roles.append("in_charge_commune")
    projects = []
    for m in _PROJECT.finditer(folded):
        label = ("Tiểu dự án " if m.group(1).startswith("tieu") else "Dự án ") + m.group(2).lstrip("0")
        projects.append(label)
    return Cues(
        text=text, folded=folded, symbols=tuple(find_symbols(text)), asked_types=tuple(dict.fromkeys(asked)),
        issuer_phrases=tuple(dict.fromkeys(issuers)), roles=tuple(dict.fromkeys(roles)),
        projects=tuple(dict.fromkeys(projects)), asks_commune=bool(_ASKS_COMMUNE.search(folded)),
        asks_agency=bool(ASKS_AGENCY.search(folded)), asks_tasks=bool(_ASKS_TASKS.search(folded)),
        numbers=tuple(dict.fromkeys(_ITEM_NUMBER.findall(text or ""))),
        numbered=tuple(dict.fromkeys((_TYPE_NAMES[m.group("type")], m.group("num").lstrip("0") or "0")
                                     for m in _NUMBERED.finditer(folded))),
        relations=tuple(dict.fromkeys(_RELATION_OF[m.group("verb")] for m in _ASKED_RELATION.finditer(folded))),
    )


def has_number(text: str, number: str) -> bool:
    """The dotted number stands in the text as a whole token ("18.3" is not inside "118.35")."""
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d]|\.\d)", text or "") is not None


def find_symbols(text: str) -> list[str]:
    """Document symbols written in a question: "245/KH-UBND", "19-NQ/TW", "90/QĐ-TTg"."""
    out = []
    for m in _SYMBOL.finditer(text or ""):
        number, year, sep, codes, tail = m.groups()
        codes = re.sub(r"\s*-\s*", "-", codes)
        if sep == "-" and not tail:
            continue  # "2021-2025" is a period, not "2021-NQ/..."
        if not re.search(r"[A-Za-zĐđ]", codes):
            continue
        symbol = f"{number}{'/' + year if year else ''}{sep}{codes}{'/' + tail if tail else ''}"
        out.append(symbol)
    return list(dict.fromkeys(out))


def without_symbols(text: str) -> str:
    """The text with its document symbols blanked: "Chỉ thị 010/CT-UBND" names no people's committee."""
    spans = [m.span() for m in _SYMBOL.finditer(text or "") if m.group(4) and re.search(r"[A-Za-zĐđ]", m.group(4))
             and not (m.group(3) == "-" and not m.group(5))]
    for start, end in reversed(spans):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def symbol_key(symbol: str | None) -> str:
    """Symbols compared without accents, case, spaces or leading zeros: "90/QĐ-TTg" == "90/qd-ttg"."""
    text = fold(symbol or "").replace(" ", "")
    text = re.sub(r"^(?:so:?)", "", text)
    text = re.sub(r"^0+(?=\d)", "", text)
    return text.strip(".,;:")


def issuer_match(phrases: Iterable[str], issuer: str | None) -> int:
    """How many words of the best question phrase ("của Bộ Nông nghiệp") the issuer's name contains.

    0 when no phrase is wholly inside the issuer's words: "tỉnh" matches "UBND tỉnh Lai Châu" (1),
    "thủ tướng chính phủ" matches "Thủ tướng Chính phủ" (3), "huyện" does not match "Thủ tướng".
    """
    if not issuer:
        return 0
    have = set(words(issuer))
    best = 0
    for phrase in phrases:
        wanted = [w for w in phrase.split() if w not in _JOINERS]
        if wanted and all(w in have for w in wanted):
            best = max(best, len(wanted))
    return best


def is_commune_mention(match: Match) -> bool:
    """A place name written after a commune level word ("xã Dào San", "thị trấn Phong Thổ")."""
    before = " ".join(match.before)
    return any(before.endswith(level) for level in COMMUNE_LEVEL_WORDS)
