"""Programmes, their projects and periods, read from titles by general rules.

A decision whose title says "phê duyệt Chương trình ..." (or "phê duyệt Đề án ...", "ban hành Chương trình
...") approves a programme, whoever issues it: the Prime Minister, a ministry ("Quyết định số .../QĐ-BCA
... phê duyệt Chương trình mục tiêu quốc gia phòng, chống ma túy"), a province. When the citation's title
was not read (an aside "(nay là Bộ ...)" before it), the words that follow the citation in its clause say
it the same way (`approved_after`). A plan's "Dự án 4" belongs to the programme its own title (or the
heading above) names most closely. No programme name is listed here: a new programme in an unseen
document is found the same way.

`document_term` reads the period a document is for ("giai đoạn 2021-2025", "đến năm 2030", a plan "năm
2024"), so a reader can say that the period has ended without hiding the document.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from graph.slug import slug

# the approving verb right before the programme or scheme ("phê duyệt chủ trương đầu tư Chương trình" is an
# investment decision, not the approval: something stands between the verb and the name)
_APPROVES = re.compile(r"(?:phê\s+duyệt|ban\s+hành)\s+(?:điều\s+chỉnh\s+)?((?:chương\s+trình|đề\s+án)(?!\w)[^;]*)",
                       re.IGNORECASE)
# what may stand between a citation and its title: an aside in brackets, "về việc", "về", "v/v"
_TITLE_LEAD = re.compile(r"^[\s,]*(?:\([^()]{0,200}\)[\s,]*)*(?:về\s+việc|về|v/v)?\s*", re.IGNORECASE)
_PERIOD = re.compile(r"giai\s+đoạn\s+(?:[IVX]+\s+)?(?:từ\s+)?((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)", re.IGNORECASE)
_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_PROJECT = re.compile(r"^(tiểu\s+dự\s+án|dự\s+án)\s*(\d+[a-z]?)?\b", re.IGNORECASE)

# Words every programme name shares: they say nothing about which programme is meant.
_GENERIC_TOKENS = frozenset(
    ["chuong", "trinh", "muc", "tieu", "quoc", "gia", "giai", "doan", "nam", "va", "cac", "ve", "phe", "duyet", "thuc", "hien", "ke", "hoach", "tren", "dia", "ban", "huyen", "tinh", "xa", "cua", "den", "trong", "cho"]
)


# "công tác", "hành động", "làm việc": kinds of programme, not the name of one
_WORK_PROGRAMME_TOKENS = frozenset(["cong", "tac", "hanh", "dong", "lam", "viec", "trong", "tam"])


@dataclass(frozen=True)
class Period:
    start: int
    end: int


def approved_programme(title: str | None) -> str | None:
    """The programme a decision approves, from its title ("về phê duyệt Chương trình ...")."""
    if not title:
        return None
    match = _APPROVES.search(unicodedata.normalize("NFC", title))
    if not match:
        return None
    return _programme_words(match.group(1))


def _programme_words(text: str) -> str | None:
    """The name as written: up to a closing quote (the quotes dropped), an aside in brackets or a sentence
    end. "Chương trình “Quan trắc môi trường ... đến năm 2040” và Kế hoạch ..." -> the quoted name."""
    text = " ".join(text.split())
    quoted = re.match(r"((?:chương\s+trình|đề\s+án)\s*)[“\"]([^”\"]+)[”\"]", text, re.IGNORECASE)
    if quoted:
        name = quoted.group(1).strip() + " " + quoted.group(2).strip()
    else:
        name = re.split(r"\s*\(|[.:](?:\s|$)|\n", text, maxsplit=1)[0]
    name = name.replace("“", "").replace("”", "").strip(" .,;:-–")
    if not distinctive_tokens(name):
        return None  # "phê duyệt Chương trình" with no name: nothing to key
    return name[0].upper() + name[1:]


def approved_after(text: str | None) -> str | None:
    """The programme an act approves, from the words right after its citation when they are its title:
    "(nay là Bộ Nông nghiệp và Môi trường) về việc phê duyệt Chương trình “...”". The verb must open the
    title (an aside and "về việc" may come first), so a later sentence of the clause is not read as it."""
    if not text:
        return None
    text = unicodedata.normalize("NFC", text)
    rest = text[_TITLE_LEAD.match(text).end():]
    match = _APPROVES.match(rest)
    return _programme_words(match.group(1)) if match else None


_IN_TITLE = re.compile(r"(chương\s+trình\b.*)", re.IGNORECASE)
_PERIOD_PHRASES = re.compile(
    r"[,;]?\s*(?:giai\s+đoạn\s+(?:[IVX]+\s+)?(?:từ\s+)?(?:năm\s+)?(?:19|20)\d\d(?:\s*[-–—]\s*(?:19|20)\d\d)?"
    r"|(?:đến|vào)?\s*năm\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)
_PLACE_TAIL = re.compile(r"\s+(?:trên\s+địa\s+bàn|tại|của)\s+.*$", re.IGNORECASE)


def programme_name(name: str) -> str:
    """The programme without its phase or place: phases of one programme meet on one node.

    "Chương trình MTQG giảm nghèo bền vững, giai đoạn 2021-2025 trên địa bàn thị xã Mường Lay" ->
    "Chương trình MTQG giảm nghèo bền vững" (the decisions approving each phase stay distinct).
    """
    name = unicodedata.normalize("NFC", " ".join(name.split()))
    name = name.split(";")[0]
    bare = _PLACE_TAIL.sub("", name)
    # "Chương trình công tác của Ban Chỉ đạo tỉnh ...", "Chương trình hành động thực hiện ...": a work or
    # action programme is told apart by whose it is; without that it would merge every body's
    name = bare if distinctive_tokens(bare) - _WORK_PROGRAMME_TOKENS else name
    name = _PERIOD_PHRASES.sub("", name)
    name = " ".join(name.split()).rstrip(" .,;:-–")
    return name[0].upper() + name[1:] if name else name


def programme_in_title(title: str | None) -> str | None:
    """The programme a plan's own title names ("Kế hoạch thực hiện Chương trình ... năm 2022")."""
    if not title:
        return None
    match = _IN_TITLE.search(unicodedata.normalize("NFC", title))
    if not match:
        return None
    name = programme_name(match.group(1))
    return name if distinctive_tokens(name) else None


def period_of(text: str | None) -> Period | None:
    """"giai đoạn 2021-2025" -> 2021..2025; "năm 2024" -> 2024..2024."""
    if not text:
        return None
    text = unicodedata.normalize("NFC", text)
    match = _PERIOD.search(text)
    if match:
        start, end = int(match.group(1)), int(match.group(2))
        return Period(min(start, end), max(start, end))
    match = _YEAR.search(text)
    if match:
        year = int(match.group(1))
        return Period(year, year)
    return None


@dataclass(frozen=True)
class Term:
    """The period a document is for: `end` is the last year it covers; `start` may be unknown ("đến năm
    2030"). `as_written` is the phrase it was read from."""

    start: int | None
    end: int
    as_written: str


_RANGE = re.compile(r"(?:giai\s+đoạn\s+(?:[IVX]+\s+)?(?:từ\s+)?(?:năm\s+)?|(?:\d{1,2}\s+)?năm\s+)?"
                    r"((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)", re.IGNORECASE)
_UNTIL = re.compile(r"(?<!\w)(?:đến|tới)\s+năm\s+((?:19|20)\d\d)", re.IGNORECASE)
_BEYOND = re.compile(r"(?:tầm\s+nhìn|định\s+hướng)[\s,]*$", re.IGNORECASE)
_PLAN_YEAR = re.compile(r"(?<!\w)năm\s+((?:19|20)\d\d)(?!\s*[-–—]\s*\d)", re.IGNORECASE)
_NOT_A_TERM_BEFORE = re.compile(r"(?:tháng\s+\d{1,2}|\b(?:Luật|Bộ\s+luật|Hiến\s+pháp|Pháp\s+lệnh)\b.*)\s*$",
                                re.IGNORECASE)
# kinds of documents that are for one year when their title names one ("Kế hoạch ... năm 2024")
_YEARLY_TYPES = ("kế hoạch", "chương trình", "đề án", "dự toán")


def document_term(title: str | None, doc_type: str | None = None) -> Term | None:
    """The period a document is for, from its title: "giai đoạn 2021-2025" (any type), "đến năm 2030"
    (a vision "tầm nhìn đến năm 2045" is not its period), and "năm 2024" for plans, programmes and
    schemes only, and not the year of a law named in the title ("Luật Đất đai năm 2024") or of a date
    ("ngày 01 tháng 01 năm 2026")."""
    if not title:
        return None
    text = " ".join(unicodedata.normalize("NFC", title).split())
    match = _RANGE.search(text)
    if match:
        start, end = int(match.group(1)), int(match.group(2))
        if start <= end:
            return Term(start, end, match.group(0).strip())
    for match in _UNTIL.finditer(text):
        if not _BEYOND.search(text[:match.start()]):
            return Term(None, int(match.group(1)), match.group(0))
    kind = (doc_type or "").strip().lower()
    yearly = kind.startswith(_YEARLY_TYPES) or (not kind and text.lower().startswith(_YEARLY_TYPES))
    if yearly:
        for match in _PLAN_YEAR.finditer(text):
            if not _NOT_A_TERM_BEFORE.search(text[:match.start()]):
                year = int(match.group(1))
                return Term(year, year, match.group(0))
    return None


def distinctive_tokens(text: str) -> frozenset[str]:
    return frozenset(t for t in slug(text).split("-") if t and not t.isdigit() and t not in _GENERIC_TOKENS)


def best_programme(context: str, candidates: list[str], *, threshold: float = 0.6) -> str | None:
    """The candidate programme name that the context (a title, a heading) names most closely.

    Score = share of the candidate's distinctive words found in the context; a single candidate wins
    when the context says nothing against it (no distinctive words at all).
    """
    if not candidates:
        return None
    context_tokens = distinctive_tokens(context)
    scored = []
    for name in candidates:
        tokens = distinctive_tokens(name)
        score = len(tokens & context_tokens) / len(tokens) if tokens else 0.0
        scored.append((score, name))
    scored.sort(key=lambda item: -item[0])
    best_score, best = scored[0]
    if len(scored) > 1 and scored[1][0] == best_score:
        return None
    if best_score >= threshold:
        return best
    if len(candidates) == 1 and not context_tokens:
        return best
    return None


def project_label(label: str | None) -> str | None:
    """"DỰ ÁN 4: Phát triển ..." -> "Dự án 4"; "Tiểu dự án 2" stays."""
    if not label:
        return None
    match = _PROJECT.match(unicodedata.normalize("NFC", label.strip()))
    if not match:
        return None
    head = "Tiểu dự án" if match.group(1).lower().startswith("tiểu") else "Dự án"
    return f"{head} {match.group(2)}" if match.group(2) else head
