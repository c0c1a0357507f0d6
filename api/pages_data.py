"""What the web pages show, gathered from the current build: documents, the decisions they cite, the
agencies they assign and the communes they concern, keyed by URL-safe keys.

Keys (documented in docs/ui.md) are the graph's IRI paths, so a page and a SPARQL result name the same
thing the same way:
- cited document: `graph.iris.document_key` -> `/quyet-dinh/ttg/qd/2022/90` (issuer/type/year/number;
  documents without a number: `named/{slug}`);
- agency: the path of `graph.iris.agency_iri` -> `/co-quan/huyen-phong-tho/phong-lao-dong-thuong-binh-va-xa-hoi`;
- commune: `{district}/{level-name}` -> `/xa/phong-tho/xa-si-lo-lau` (district slug without its level word).

The per-build `Catalog` is built once (via `Service.resource`) and dropped when the build changes.
Everything here is plain data; the templates decide how it looks.
"""
from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from graph import iris
from graph.programmes import approved_programme, best_programme, project_label
from graph.slug import slug
from ingest.model import Agency, Clause, Document, Extraction, Reference, Section
from ingest.vocab.admin import COMMUNE_LEVELS

ROLE_LABELS = {
    "lead": "Chủ trì", "cooperate": "Phối hợp", "in_charge_commune": "Phụ trách xã",
    "co_in_charge_commune": "Cùng phụ trách xã", "report_to": "Nhận báo cáo", "reports": "Báo cáo cho",
}
RELATION_LABELS = {
    "basis": "Căn cứ", "implements": "Thực hiện", "amends": "Sửa đổi", "replaces": "Thay thế",
    "repeals": "Bãi bỏ", "mention": "Dẫn chiếu",
}
COMPARATOR_LABELS = {"=": "", ">": "trên", ">=": "từ", "<": "dưới", "<=": "không quá", "~": "khoảng",
                     "range": "từ"}
log = logging.getLogger("cancu")
_LEVEL_PREFIX = re.compile(
    r"^(thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường|đặc khu|thôn|bản)\s+(.+)$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PROJECT_IN_TEXT = re.compile(r"\b((?:tiểu\s+)?dự\s+án\s+\d+[a-z]?)\b", re.IGNORECASE)


# ---------------------------------------------------------------- small formatting helpers

def vn_date(iso: str | None) -> str | None:
    """"2022-01-18" -> "18/01/2022": the way dates are written in Vietnamese documents."""
    match = _ISO.match(iso or "")
    return f"{match.group(3)}/{match.group(2)}/{match.group(1)}" if match else iso


def vn_number(value: float | None) -> str:
    """1790878.0 -> "1.790.878"; 12.5 -> "12,5" (Vietnamese separators)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, _, frac = f"{value:,.2f}".rstrip("0").partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


def short(text: str | None, width: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def path_url(prefix: str, key: str) -> str:
    return f"{prefix}/{quote(key, safe='/-_.~')}"


def split_level(name: str) -> tuple[str | None, str]:
    """"huyện Phong Thổ" -> ("huyện", "Phong Thổ"); a bare name has no level."""
    match = _LEVEL_PREFIX.match(" ".join((name or "").split()))
    if match and match.group(2)[:1].isupper():
        return match.group(1).lower(), match.group(2)
    return None, " ".join((name or "").split())


# ---------------------------------------------------------------- keys

def document_key_of(doc: Document) -> str:
    h = doc.header
    return iris.document_key(symbol=h.symbol, number=h.number, date=h.date, doc_type=h.doc_type,
                             issuer=h.issuer, corpus_id=doc.id)


def decision_key(ref: Reference) -> str:
    """The key of a cited document: the same rule the graph builder uses for its IRI."""
    return iris.document_key(symbol=ref.symbol, number=ref.number, year=ref.year, date=ref.date,
                             doc_type=ref.doc_type_detail or ref.doc_type, issuer=ref.issuer, name=ref.name,
                             fallback_text=ref.title or ref.as_written or ref.text[:120])


def agency_key(agency: Agency) -> str:
    return str(iris.agency_iri(agency.canonical or agency.name, agency.locality)).split("/agency/", 1)[1]


def agency_label(agency: Agency) -> str:
    return iris.agency_label(agency.canonical or agency.name, agency.locality)


def commune_key(name: str, level: str | None, district: str | None) -> str:
    own = slug(f"{level or 'xã'} {name}")
    if district:
        return f"{slug(split_level(district)[1])}/{own}"
    return own


def commune_identity(doc: Document, name: str, level: str | None = None,
                     district: str | None = None) -> tuple[str, str, str, str | None]:
    """(key, bare name, level, district) of a commune named in `doc`; the district defaults to the
    area the issuer governs ("Ủy ban nhân dân huyện Phong Thổ" -> "Phong Thổ"). A leading level word is
    dropped only when it is a commune level ("xã Sì Lở Lầu"): in "Bản Lang" the "Bản" is part of the name."""
    own_level, bare = split_level(name)
    if own_level not in COMMUNE_LEVELS or (level and own_level != level.lower()):
        bare = " ".join(name.split())
        own_level = None
    level = (level or own_level or "xã").lower()
    if not district:
        area_level, area = split_level(iris.locality_of(doc.header.issuer) or doc.header.place or "")
        district = area if area and area_level != "tỉnh" else None
    return commune_key(bare, level, district), bare, level, district


def decision_url(key: str) -> str:
    return path_url("/quyet-dinh", key)


def agency_url(key: str) -> str:
    return path_url("/co-quan", key)


def commune_url(key: str) -> str:
    return path_url("/xa", key)


def document_url(doc_id: str, clause_id: str | None = None) -> str:
    url = path_url("/van-ban", doc_id)
    return f"{url}#{clause_id}" if clause_id else url


# ---------------------------------------------------------------- what a page links to

@dataclass(frozen=True)
class Link:
    kind: str  # "agency", "commune", "decision", "document"
    label: str
    url: str
    title: str = ""


def document_name(doc: Document) -> str:
    """"Kế hoạch 245/KH-UBND", or the type and file when the header has no number."""
    h = doc.header
    name = " ".join(p for p in (h.doc_type, h.symbol) if p)
    if h.symbol:
        return name
    return f"{name or 'Văn bản'} ({doc.source})"


def reference_name(ref: Reference) -> str:
    """"Quyết định 90/QĐ-TTg", or the document's own name when it has no number."""
    if ref.symbol:
        return " ".join(p for p in (ref.doc_type_detail or ref.doc_type, ref.symbol) if p)
    return short(ref.name or ref.as_written or ref.title or ref.text, 120)


# ---------------------------------------------------------------- aggregations over the build

@dataclass
class Citation:
    doc_id: str
    clause_id: str
    relation: str
    as_written: str | None
    clause_text: str
    section_id: str | None


@dataclass
class CitedDocument:
    key: str
    symbol: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    date: str | None = None
    year: int | None = None
    title: str | None = None
    name: str | None = None
    corpus_doc: str | None = None  # when the cited document is itself in the build
    citations: list[Citation] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.symbol:
            return " ".join(p for p in (self.doc_type, self.symbol) if p)
        return short(self.name or self.title or self.key, 120)

    @property
    def programme(self) -> str | None:
        return approved_programme(self.title)

    def absorb(self, ref: Reference) -> None:
        """Fill what this citation says and earlier ones did not."""
        for attr, value in (("symbol", ref.symbol), ("doc_type", ref.doc_type_detail or ref.doc_type),
                            ("issuer", ref.issuer), ("date", ref.date), ("year", ref.year),
                            ("title", ref.title), ("name", ref.name)):
            if value and not getattr(self, attr):
                setattr(self, attr, value)


@dataclass
class Duty:
    """One assignment as an agency or commune page lists it."""

    doc_id: str
    clause_id: str
    role: str
    task: str | None
    text: str
    communes: list[tuple[str, str]]  # (label, key)
    project: str | None
    programme: str | None
    other: Link | None = None  # the report's recipient / sender


@dataclass
class AgencyInfo:
    key: str
    label: str
    locality: str | None
    kind: str | None
    generic: bool
    duties: list[Duty] = field(default_factory=list)


@dataclass
class CommuneInfo:
    key: str
    name: str
    level: str
    district: str | None
    province: str | None = None
    code: str | None = None
    mentions: list[tuple[str, str]] = field(default_factory=list)  # (doc_id, clause_id)
    duties: list[tuple[Duty, Link]] = field(default_factory=list)  # with the agency

    @property
    def label(self) -> str:
        return f"{self.level} {self.name}".strip()


class Catalog:
    """Everything the pages aggregate across documents, computed once per build."""

    def __init__(self, extractions: list[Extraction]) -> None:
        self.extractions: dict[str, Extraction] = {ex.document.id: ex for ex in extractions}
        self.decisions: dict[str, CitedDocument] = {}
        self.agencies: dict[str, AgencyInfo] = {}
        self.communes: dict[str, CommuneInfo] = {}
        self.clause_links: dict[str, list[Link]] = defaultdict(list)
        self.duties_by_doc: dict[str, list[tuple[Duty, Link]]] = defaultdict(list)
        self.doc_keys: dict[str, str] = {document_key_of(ex.document): ex.document.id for ex in extractions}
        self._sections: dict[str, dict[str, Section]] = {}
        self._parents: dict[str, dict[str, str]] = {}
        for ex in extractions:
            self._index_sections(ex.document)
        for ex in extractions:
            self._add_references(ex)
        for ex in extractions:
            self._add_places(ex)
        for ex in extractions:
            self._add_assignments(ex)

    # ------------------------------------------------------------ structure
    def _index_sections(self, doc: Document) -> None:
        sections: dict[str, Section] = {}
        parents: dict[str, str] = {}
        for s in doc.body.walk():
            sections[s.id] = s
            for child in s.children:
                parents[child.id] = s.id
        self._sections[doc.id] = sections
        self._parents[doc.id] = parents

    def section(self, doc_id: str, section_id: str) -> Section | None:
        return self._sections.get(doc_id, {}).get(section_id)

    def section_chain(self, doc_id: str, section_id: str) -> list[Section]:
        """From the top heading down to `section_id` (the root left out)."""
        chain: list[Section] = []
        current: str | None = section_id
        while current:
            s = self.section(doc_id, current)
            if s is None or s.kind == "root":
                break
            chain.append(s)
            current = self._parents.get(doc_id, {}).get(current)
        return list(reversed(chain))

    def clause(self, clause_id: str) -> Clause | None:
        ex = self.extractions.get(clause_id.split(":", 1)[0])
        return ex.document.clause(clause_id) if ex else None

    # ------------------------------------------------------------ programmes
    def programmes_of(self, doc_id: str) -> list[str]:
        """Programmes approved by the decisions this document cites."""
        ex = self.extractions[doc_id]
        return list(dict.fromkeys(p for p in (approved_programme(r.title) for r in ex.references) if p))

    def main_programme(self, doc_id: str) -> str | None:
        ex = self.extractions[doc_id]
        return best_programme(ex.document.header.title or "", self.programmes_of(doc_id))

    def programme_for(self, doc_id: str, context: str) -> str | None:
        """The programme a part of the plan (its heading trail) belongs to, as the graph builder decides."""
        return best_programme(context, self.programmes_of(doc_id)) or self.main_programme(doc_id)

    def programme_decision(self, doc_id: str, programme: str | None) -> CitedDocument | None:
        if not programme:
            return None
        for ref in self.extractions[doc_id].references:
            if approved_programme(ref.title) == programme:
                return self.decisions.get(decision_key(ref))
        return None

    # ------------------------------------------------------------ facts
    def _add_references(self, ex: Extraction) -> None:
        doc = ex.document
        own = document_key_of(doc)
        for ref in ex.references:
            key = decision_key(ref)
            if key == own:
                continue
            cited = self.decisions.setdefault(key, CitedDocument(key=key, corpus_doc=self.doc_keys.get(key)))
            cited.absorb(ref)
            clause = doc.clause(ref.clause_id)
            cited.citations.append(Citation(doc.id, ref.clause_id, ref.relation, ref.as_written,
                                            clause.text if clause else ref.text,
                                            clause.section_id if clause else None))
            self._link(ref.clause_id, Link("decision", reference_name(ref), decision_url(key), ref.title or ""))

    def commune_of(self, doc: Document, name: str, level: str | None = None, district: str | None = None,
                   province: str | None = None, code: str | None = None) -> CommuneInfo:
        key, bare, level, district = commune_identity(doc, name, level, district)
        info = self.communes.get(key)
        if info is None:
            info = self.communes[key] = CommuneInfo(key=key, name=iris.display_name(bare), level=level,
                                                    district=district)
        info.province = info.province or province
        info.code = info.code or code
        return info

    def _add_places(self, ex: Extraction) -> None:
        doc = ex.document
        for p in ex.places:
            if (p.level or "").lower() not in COMMUNE_LEVELS:
                continue
            info = self.commune_of(doc, p.name, p.level, p.district, p.province, p.code)
            if (doc.id, p.clause_id) not in info.mentions:
                info.mentions.append((doc.id, p.clause_id))
            self._link(p.clause_id, Link("commune", info.label, commune_url(info.key)))

    def _known_place(self, ex: Extraction, name: str) -> tuple[str, str | None, str | None]:
        """(name, level, district) a plan's gazetteer-read places give a commune named in an assignment."""
        wanted = {slug(name), slug(split_level(name)[1])}
        for p in ex.places:
            if (p.level or "").lower() in COMMUNE_LEVELS and slug(p.name) in wanted:
                return p.name, p.level, p.district
        return name, None, None

    def _add_assignments(self, ex: Extraction) -> None:
        doc = ex.document
        for a in ex.assignments:
            key = agency_key(a.agency)
            info = self._agency(a.agency, key)
            communes: list[CommuneInfo] = []
            for name in dict.fromkeys(([a.commune] if a.commune else []) + list(a.communes)):
                if name:
                    communes.append(self.commune_of(doc, *self._known_place(ex, name)))
            clause = doc.clause(a.clause_id)
            context = " ".join(clause.breadcrumb) if clause else ""
            own, section_project = project_label(a.project), self._project_of(doc.id, clause)
            # the heading trail is more precise ("Dự án 4 › Tiểu dự án 2") when it agrees with the assignment
            project = section_project if section_project and (not own or section_project.startswith(own)) \
                else own or section_project
            duty = Duty(doc.id, a.clause_id, a.role, a.task, a.text, [(c.label, c.key) for c in communes],
                        project, self.programme_for(doc.id, context))
            if a.role == "report_to" and a.reporter is not None:
                reporter_key = agency_key(a.reporter)
                reporter = self._agency(a.reporter, reporter_key)
                duty.other = Link("agency", reporter.label, agency_url(reporter_key))
                reporter.duties.append(Duty(doc.id, a.clause_id, "reports", a.task, a.text, [], project,
                                            duty.programme, Link("agency", info.label, agency_url(key))))
            info.duties.append(duty)
            agency_link = Link("agency", info.label, agency_url(key))
            self.duties_by_doc[doc.id].append((duty, agency_link))
            self._link(a.clause_id, agency_link)
            for c in communes:
                c.duties.append((duty, agency_link))
                self._link(a.clause_id, Link("commune", c.label, commune_url(c.key)))

    def _agency(self, agency: Agency, key: str) -> AgencyInfo:
        info = self.agencies.get(key)
        if info is None:
            info = self.agencies[key] = AgencyInfo(key, agency_label(agency), agency.locality, agency.kind,
                                                   agency.generic)
        return info

    def _project_of(self, doc_id: str, clause: Clause | None) -> str | None:
        if clause is None:
            return None
        for s in reversed(self.section_chain(doc_id, clause.section_id)):
            if s.subproject or s.project:
                return " › ".join(p for p in (project_label(s.project), project_label(s.subproject)) if p)
        return None

    def _link(self, clause_id: str, link: Link) -> None:
        links = self.clause_links[clause_id]
        if link not in links:
            links.append(link)

    # ------------------------------------------------------------ lookups
    def decision_by_symbol(self, symbol: str) -> list[CitedDocument]:
        """Cited documents whose symbol reads as `symbol` (any spacing, case or dash)."""
        wanted = _symbol_key(symbol)
        return [d for d in self.decisions.values() if d.symbol and _symbol_key(d.symbol) == wanted]

    def document_label(self, doc_id: str) -> str:
        ex = self.extractions.get(doc_id)
        return document_name(ex.document) if ex else doc_id


def _symbol_key(symbol: str) -> str:
    text = unicodedata.normalize("NFC", symbol or "")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"\s+", "", text).casefold()


def catalog(service) -> Catalog:
    """The current build's catalog (built on first use, dropped with the build)."""
    return service.resource("pages_catalog", lambda build: Catalog(build.extractions()))


# ---------------------------------------------------------------- entity spans inside clause text

@dataclass(frozen=True)
class Mark:
    start: int  # in the clause text
    end: int
    cls: str  # "e-ref", "e-agency", "e-place", "e-target", "e-budget", "hit"
    href: str | None = None
    title: str = ""


@dataclass(frozen=True)
class Segment:
    text: str
    classes: str = ""
    href: str | None = None
    title: str = ""


def segments(text: str, marks: Iterable[Mark], start: int = 0, end: int | None = None) -> list[Segment]:
    """Cut `text[start:end]` at every mark edge. Each piece carries the classes of all marks over it and
    the link of the shortest linked mark, so overlapping or nested marks render without broken tags."""
    end = len(text) if end is None else end
    marks = [m for m in marks if m.end > start and m.start < end and m.end > m.start]
    cuts = sorted({start, end, *(max(start, m.start) for m in marks), *(min(end, m.end) for m in marks)})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        over = [m for m in marks if m.start <= a and m.end >= b]
        classes = " ".join(dict.fromkeys(m.cls for m in sorted(over, key=lambda m: m.end - m.start)))
        linked = sorted((m for m in over if m.href), key=lambda m: m.end - m.start)
        titled = sorted((m for m in over if m.title), key=lambda m: m.end - m.start)
        out.append(Segment(text[a:b], classes, linked[0].href if linked else None,
                           titled[0].title if titled else ""))
    return _merge(out)


def _merge(pieces: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for p in pieces:
        if merged and (merged[-1].classes, merged[-1].href, merged[-1].title) == (p.classes, p.href, p.title):
            merged[-1] = Segment(merged[-1].text + p.text, p.classes, p.href, p.title)
        elif p.text:
            merged.append(p)
    return merged


def clause_marks(cat: Catalog, ex: Extraction) -> dict[str, list[Mark]]:
    """Entity marks of every clause of one document, in clause-text offsets."""
    doc = ex.document
    clauses = {c.id: c for c in doc.clauses()}
    marks: dict[str, list[Mark]] = defaultdict(list)
    own = document_key_of(doc)

    def add(clause_id: str, span, cls: str, href: str | None = None, title: str = "") -> None:
        clause = clauses.get(clause_id)
        if clause is None or span is None:
            return
        s, e = span[0] - clause.span[0], span[1] - clause.span[0]
        s, e = max(0, s), min(len(clause.text), e)
        if e > s:
            marks[clause_id].append(Mark(s, e, cls, href, title))

    for r in ex.references:
        key = decision_key(r)
        href = document_url(doc.id) if key == own else decision_url(key)
        add(r.clause_id, r.span, "e-ref", href, f"{RELATION_LABELS.get(r.relation, r.relation)}: {reference_name(r)}")
    for p in ex.places:
        href = None
        if (p.level or "").lower() in COMMUNE_LEVELS:
            href = commune_url(commune_identity(doc, p.name, p.level, p.district)[0])
        add(p.clause_id, p.span, "e-place", href, " ".join(x for x in (p.level, p.name) if x))
    for a in ex.assignments:
        add(a.clause_id, a.span, "e-task", None, ROLE_LABELS.get(a.role, a.role))
        found = _find_name(doc.text, a.span, a.agency.name) or _find_name(doc.text, a.span, a.agency.canonical)
        if found:
            add(a.clause_id, found, "e-agency", agency_url(agency_key(a.agency)),
                f"{ROLE_LABELS.get(a.role, a.role)}: {agency_label(a.agency)}")
    for t in ex.targets:
        add(t.clause_id, t.span, "e-target", None, f"Chỉ tiêu: {t.indicator}")
    for b in ex.budgets:
        add(b.clause_id, b.span, "e-budget", None,
            "Kinh phí: " + vn_number(b.amount_million_vnd) + " triệu đồng" + (f" ({b.source})" if b.source else ""))
    return marks


def _find_name(text: str, span, name: str | None) -> tuple[int, int] | None:
    if not name or span is None:
        return None
    window = text[span[0]:span[1]]
    at = window.casefold().find(name.casefold())
    return (span[0] + at, span[0] + at + len(name)) if at >= 0 else None


# ---------------------------------------------------------------- search page

@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int = 0


def search_options(service, index, cat: Catalog) -> dict[str, list[Option]]:
    """Values for the search filters, read from what the index holds (so every option finds something).
    (`cat` is passed in: a resource factory must not open another resource, the service lock is not
    re-entrant.)"""

    def build(_build) -> dict[str, list[Option]]:
        counts: dict[str, Counter] = {k: Counter() for k in ("doc_id", "locality", "agencies", "programme", "year")}
        for p in index.passages:
            for key, counter in counts.items():
                value = p.metadata.get(key)
                for v in value if isinstance(value, list) else [value]:
                    if v not in (None, ""):
                        counter[str(v)] += 1
        out = {
            "doc_id": [Option(d, cat.document_label(d), n) for d, n in sorted(counts["doc_id"].items())],
            "locality": [Option(v, v, n) for v, n in sorted(counts["locality"].items())],
            "agency": [Option(v, v, n) for v, n in sorted(counts["agencies"].items(), key=lambda x: (-x[1], x[0]))
                       if n >= 1][:150],
            "programme": [Option(v, v, n) for v, n in sorted(counts["programme"].items(), key=_programme_order)],
            "year": [Option(v, v, n) for v, n in sorted(counts["year"].items(), reverse=True)],
        }
        for key in ("agency",):
            out[key].sort(key=lambda o: o.label)
        return out

    return service.resource("pages_search_options", build)


def _programme_order(item: tuple[str, int]) -> tuple:
    name = item[0]
    numbers = [int(n) for n in re.findall(r"\d+", name)]
    return (0 if name.lower().startswith(("dự án", "tiểu dự án")) else 1, numbers, name)


def search_results(service, cat: Catalog, results: list[dict]) -> list[dict]:
    """`run_search` rows plus what the page needs: snippet pieces with <mark>, breadcrumb, entity links."""
    rows = []
    for r in results:
        text = r["text"]
        start, end = r["snippet"]["start"], r["snippet"]["end"]
        marks = [Mark(a, b, "hit") for a, b in r["highlights"]]
        clause = cat.clause(r["clause"])
        rows.append({
            **r,
            "pieces": segments(text, marks, start, end),
            "cut_before": start > 0, "cut_after": end < len(text),
            "doc_label": cat.document_label(r["doc_id"]),
            "doc_title": short(cat.extractions[r["doc_id"]].document.header.title, 140)
            if r["doc_id"] in cat.extractions else "",
            "url": document_url(r["doc_id"], r["clause"]),
            "crumbs": list(clause.breadcrumb) if clause else r["breadcrumb"][1:],
            "links": cat.clause_links.get(r["clause"], []),
        })
    return rows


# ---------------------------------------------------------------- "which decision governs this task"

@dataclass
class Step:
    label: str  # "Đoạn", "Mục", "Kế hoạch", ...
    title: str
    url: str | None = None
    text: str | None = None
    links: list[Link] = field(default_factory=list)


@dataclass
class Candidate:
    decision: CitedDocument
    score: float
    reasons: list[str]


@dataclass
class GoverningAnswer:
    clause_id: str
    doc_id: str
    decision: CitedDocument | None  # the answer
    why: str  # in one sentence, how the chain reached it
    steps: list[Step]
    project: str | None
    programme: str | None
    candidates: list[Candidate] = field(default_factory=list)  # other documents that may govern, ranked


REASON_LABELS = {
    "cited_in_clause": "Đoạn văn bản nêu nhiệm vụ dẫn trực tiếp văn bản này.",
    "cited_in_lead_in": "Câu dẫn của đoạn văn bản nêu văn bản này.",
    "cited_in_section": "Mục chứa nhiệm vụ dẫn văn bản này.",
    "programme": "Nhiệm vụ thuộc chương trình mà văn bản này phê duyệt.",
    "plan_basis": "Kế hoạch chứa nhiệm vụ lấy văn bản này làm căn cứ.",
}
_DOC_IRI_MARK = "/id/doc/"


def answer_for(service, cat: Catalog, query: str | None, clause_id: str | None) -> GoverningAnswer | None:
    """The page's answer: ranked by `api.answers.governing` (the one implementation of the ranking,
    shared with the CLI and the API); the evidence chain of the chosen task is drawn here."""
    from api import answers

    ranked = answers.governing(service, query or None, clause_id=clause_id or None)
    if not ranked.tasks:
        return None
    chosen = clause_id or ranked.tasks[0].clause.clause_id
    answer = governing_decision(cat, chosen)
    if answer is None:
        return None
    candidates = []
    for g in ranked.documents:
        iri = g.document.iri or ""
        key = iri.split(_DOC_IRI_MARK, 1)[1] if _DOC_IRI_MARK in iri else None
        decision = cat.decisions.get(key) if key else None
        if decision is not None:
            candidates.append(Candidate(decision, g.score, [REASON_LABELS.get(r, r) for r in g.reasons]))
    if candidates:
        answer.decision = candidates[0].decision
        answer.why = " ".join(candidates[0].reasons)
        answer.candidates = candidates[1:6]
    return answer


def governing_decision(cat: Catalog, clause_id: str) -> GoverningAnswer | None:
    """The decision a clause's task answers to, with the chain that leads there:
    the clause's own citation ("theo Quyết định ...") → its section's → for a task inside a programme's
    project, the decision that approved the programme → otherwise the plan's first legal basis."""
    clause = cat.clause(clause_id)
    if clause is None:
        return None
    doc_id = clause.doc_id
    ex = cat.extractions[doc_id]
    doc = ex.document
    chain = cat.section_chain(doc_id, clause.section_id)
    steps = [Step("Đoạn văn bản", short(clause.text, 400), document_url(doc_id, clause.id),
                  links=cat.clause_links.get(clause.id, []))]
    if chain:
        steps.append(Step("Thuộc mục", " › ".join(_heading(s) for s in chain), document_url(doc_id, chain[-1].id)))
    steps.append(Step("Kế hoạch", f"{document_name(doc)}: {short(doc.header.title, 200)}", document_url(doc_id)))

    def cited(refs: Iterable[Reference]) -> list[CitedDocument]:
        out = []
        for r in refs:
            d = cat.decisions.get(decision_key(r))
            if d is not None and d not in out:
                out.append(d)
        return out

    own = cited(r for r in ex.references if r.clause_id == clause.id)
    section_ids = {s.id for s in chain}
    heading_refs = cited(r for r in ex.references
                         if r.clause_id != clause.id and (c := doc.clause(r.clause_id)) is not None
                         and c.section_id in section_ids and (c.kind == "heading" or c.text == clause.lead_in))
    basis = cited(r for r in ex.references if r.relation in ("basis", "implements"))
    steps.append(Step("Căn cứ pháp lý của kế hoạch", f"{len(basis)} văn bản",
                      links=[Link("decision", d.label, decision_url(d.key), d.title or "") for d in basis]))

    project = cat._project_of(doc_id, clause)
    assignment_project = next((project_label(a.project) for a in ex.assignments
                               if a.clause_id == clause.id and a.project), None)
    project = project or assignment_project or _project_in_text(clause.breadcrumb)
    context = " ".join(clause.breadcrumb)
    programme = cat.programme_for(doc_id, context) if project else cat.main_programme(doc_id)
    programme_decision = cat.programme_decision(doc_id, programme)
    if project and programme:
        steps.append(Step("Dự án của chương trình", f"{project} thuộc {programme}",
                          links=[Link("decision", programme_decision.label, decision_url(programme_decision.key),
                                      programme_decision.title or "")] if programme_decision else []))

    if own:
        decision, why = own[0], "Đoạn văn bản dẫn trực tiếp văn bản này."
    elif heading_refs:
        decision, why = heading_refs[0], "Mục chứa đoạn văn bản dẫn văn bản này."
    elif project and programme_decision:
        decision = programme_decision
        why = f"Nhiệm vụ thuộc {project} của {programme}; chương trình được phê duyệt bởi văn bản này."
    elif programme_decision:
        decision = programme_decision
        why = f"Kế hoạch thực hiện {programme}; chương trình được phê duyệt bởi văn bản này."
    elif basis:
        decision, why = basis[0], "Kế hoạch lấy văn bản này làm căn cứ đầu tiên."
    else:
        decision, why = None, "Kế hoạch không nêu căn cứ pháp lý nào đọc được."
    return GoverningAnswer(clause.id, doc_id, decision, why, steps, project, programme)


def _heading(section: Section) -> str:
    label = section.label + ("." if section.kind in ("roman", "arabic", "dotted") else
                             ")" if section.kind == "alpha" else "")
    return f"{label} {section.title}".strip() if section.kind not in ("project", "subproject") else \
        f"{section.label}: {section.title}".strip(": ")


def _project_in_text(crumbs: list[str]) -> str | None:
    found = None
    for crumb in crumbs:
        for match in _PROJECT_IN_TEXT.finditer(crumb):
            found = project_label(match.group(1))
    return found


# ---------------------------------------------------------------- the graph view

def graph_data(cat: Catalog, *, include_generic: bool = False) -> dict[str, Any]:
    """Nodes (documents, cited documents, agencies, communes) and the links between them."""
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], dict] = {}

    def node(node_id: str, kind: str, label: str, url: str, title: str = "") -> str:
        n = nodes.setdefault(node_id, {"id": node_id, "kind": kind, "label": label, "url": url, "title": title,
                                       "degree": 0})
        return n["id"]

    def edge(a: str, b: str, kind: str) -> None:
        e = edges.setdefault((a, b, kind), {"source": a, "target": b, "kind": kind, "weight": 0})
        if e["weight"] == 0:
            nodes[a]["degree"] += 1
            nodes[b]["degree"] += 1
        e["weight"] += 1

    for doc_id, ex in cat.extractions.items():
        node("d:" + doc_id, "document", document_name(ex.document) if ex.document.header.symbol
             else short(ex.document.header.title or doc_id, 40), document_url(doc_id), short(ex.document.header.title, 200))
    for d in cat.decisions.values():
        target = "d:" + d.corpus_doc if d.corpus_doc else node("q:" + d.key, "decision", d.label, decision_url(d.key),
                                                                  short(d.title, 200))
        for c in d.citations:
            edge("d:" + c.doc_id, target, "basis" if c.relation in ("basis", "implements") else "cites")
    for a in cat.agencies.values():
        if a.generic and not include_generic:
            continue
        aid = node("a:" + a.key, "agency", a.label, agency_url(a.key))
        for duty in a.duties:
            edge("d:" + duty.doc_id, aid, "assigns")
            for _, ckey in duty.communes:
                c = cat.communes[ckey]
                edge(aid, node("x:" + ckey, "commune", c.label, commune_url(ckey)), "in_charge")
    for c in cat.communes.values():
        cid = node("x:" + c.key, "commune", c.label, commune_url(c.key))
        for doc_id in dict.fromkeys(d for d, _ in c.mentions):
            edge("d:" + doc_id, cid, "mentions")
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


# ---------------------------------------------------------------- SPARQL examples

@dataclass(frozen=True)
class Example:
    name: str
    title: str
    query: str


def sparql_examples(folder: Path) -> list[Example]:
    """The `*.rq` files of docs/queries, titled by their first comment line."""
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#")), path.stem)
        out.append(Example(path.stem, first.split(" — ")[0], text))
    return out


# ---------------------------------------------------------------- page views

@dataclass
class ClauseView:
    id: str
    kind: str
    marker: str | None
    pieces: list[Segment]


@dataclass
class SectionView:
    id: str
    heading: str
    level: int
    clauses: list[ClauseView]
    children: list[SectionView]
    project: str | None = None


def target_value(t) -> str:
    """"dưới 26 %", "từ 45 đến 50 triệu đồng", "8/16 xã"."""
    unit = f" {t.unit}" if t.unit else ""
    if t.of is not None:
        return f"{vn_number(t.value)}/{vn_number(t.of)}{unit}"
    if t.comparator == "range" and t.value_max is not None:
        return f"từ {vn_number(t.value)} đến {vn_number(t.value_max)}{unit}"
    word = COMPARATOR_LABELS.get(t.comparator, t.comparator)
    return f"{word} {vn_number(t.value)}{unit}".strip()


def document_view(cat: Catalog, doc_id: str) -> dict[str, Any]:
    """Header, table of contents, the text by clause with entity marks, and the fact tables."""
    ex = cat.extractions[doc_id]
    doc = ex.document
    marks = clause_marks(cat, ex)

    def clause_view(c: Clause) -> ClauseView:
        return ClauseView(c.id, c.kind, c.marker, segments(c.text, marks.get(c.id, [])))

    def section_view(s: Section) -> SectionView:
        project = " › ".join(p for p in (project_label(s.project), project_label(s.subproject)) if p) or None
        return SectionView(s.id, _heading(s), s.level, [clause_view(c) for c in s.clauses],
                           [section_view(c) for c in s.children], project)

    root = section_view(doc.body)
    basis, seen = [], set()
    for r in ex.references:
        key = decision_key(r)
        if r.relation in ("basis", "implements") and key not in seen and key != document_key_of(doc):
            seen.add(key)
            basis.append({"ref": r, "key": key, "name": reference_name(r), "decision": cat.decisions.get(key),
                          "relation": RELATION_LABELS.get(r.relation, r.relation)})
    mentioned = sorted({decision_key(r) for r in ex.references} - seen - {document_key_of(doc)})
    assignments = [{"duty": d, "agency": a} for d, a in cat.duties_by_doc.get(doc_id, [])]
    h = doc.header
    return {
        "doc": doc, "header": h, "name": document_name(doc), "date": vn_date(h.date), "root": root,
        "preamble": [clause_view(c) for c in doc.preamble], "closing": [clause_view(c) for c in doc.closing],
        "basis": basis, "mentioned": [cat.decisions[k] for k in mentioned if k in cat.decisions],
        "assignments": assignments,
        "targets": [{"t": t, "value": target_value(t)} for t in ex.targets],
        "budgets": ex.budgets,
        "programme": cat.main_programme(doc_id),
        "counts": {"clauses": len(doc.clauses()), "references": len(ex.references),
                   "assignments": len(ex.assignments), "targets": len(ex.targets), "budgets": len(ex.budgets),
                   "places": len(ex.places)},
        "cited_by": [d for d in cat.decisions.values() if d.corpus_doc == doc_id],
    }


def decision_view(cat: Catalog, key: str) -> dict[str, Any] | None:
    """Who cites a document and how, and the tasks of the citing plans that answer to it."""
    d = cat.decisions.get(key)
    if d is None:
        return None
    by_doc: dict[str, list[Citation]] = defaultdict(list)
    for c in d.citations:
        by_doc[c.doc_id].append(c)
    citing = []
    for doc_id, citations in by_doc.items():
        doc = cat.extractions[doc_id].document
        body_sections = {c.section_id for c in citations if c.section_id and not c.clause_id.split(":", 1)[1]
                         .startswith(("preamble", "closing"))}
        tasks = []
        for duty, agency in cat.duties_by_doc.get(doc_id, []):
            clause = cat.clause(duty.clause_id)
            in_section = clause is not None and bool(
                body_sections & {s.id for s in cat.section_chain(doc_id, clause.section_id)})
            under_programme = d.programme is not None and cat.programme_decision(doc_id, duty.programme) is d
            if in_section or under_programme:
                tasks.append({"duty": duty, "agency": agency})
        citing.append({
            "doc_id": doc_id, "name": document_name(doc), "title": doc.header.title, "date": vn_date(doc.header.date),
            "relations": sorted({RELATION_LABELS.get(c.relation, c.relation) for c in citations}),
            "citations": [{"c": c, "relation": RELATION_LABELS.get(c.relation, c.relation),
                           "text": short(c.clause_text, 360)} for c in citations],
            "tasks": tasks,
        })
    return {"d": d, "date": vn_date(d.date), "citing": citing, "programme": d.programme}


def agency_view(cat: Catalog, key: str) -> dict[str, Any] | None:
    """An agency's duties grouped by plan, then by programme project; the communes it is in charge of."""
    a = cat.agencies.get(key)
    if a is None:
        return None
    plans: dict[str, dict[str, list[Duty]]] = defaultdict(lambda: defaultdict(list))
    for duty in a.duties:
        plans[duty.doc_id][duty.project or ""].append(duty)
    communes: dict[str, dict] = {}
    for duty in a.duties:
        if duty.role in ("in_charge_commune", "co_in_charge_commune"):
            for label, ckey in duty.communes:
                communes.setdefault(ckey, {"label": label, "key": ckey, "roles": set(), "docs": set()})
                communes[ckey]["roles"].add(ROLE_LABELS[duty.role])
                communes[ckey]["docs"].add(duty.doc_id)
    roles = Counter(ROLE_LABELS.get(d.role, d.role) for d in a.duties)
    return {
        "a": a, "roles": roles.most_common(),
        "plans": [{"doc_id": doc_id, "name": cat.document_label(doc_id),
                   "title": cat.extractions[doc_id].document.header.title,
                   "groups": [{"project": project, "duties": duties}
                              for project, duties in sorted(groups.items(), key=lambda g: _programme_order((g[0], 0)))]}
                  for doc_id, groups in plans.items()],
        "communes": sorted(communes.values(), key=lambda c: c["label"]),
    }


def commune_view(cat: Catalog, key: str) -> dict[str, Any] | None:
    """The plans that name a commune, the agencies in charge of it and the tasks that concern it."""
    c = cat.communes.get(key)
    if c is None:
        return None
    mentions: dict[str, list[dict]] = defaultdict(list)
    for doc_id, clause_id in c.mentions:
        clause = cat.clause(clause_id)
        mentions[doc_id].append({"clause_id": clause_id, "text": short(clause.text if clause else "", 300)})
    in_charge = [{"duty": d, "agency": a} for d, a in c.duties if d.role in ("in_charge_commune", "co_in_charge_commune")]
    tasks = [{"duty": d, "agency": a} for d, a in c.duties if d.role not in ("in_charge_commune", "co_in_charge_commune")]
    docs = list(dict.fromkeys([*mentions, *(d.doc_id for d, _ in c.duties)]))
    return {"c": c, "in_charge": in_charge, "tasks": tasks,
            "plan_labels": {d: cat.document_label(d) for d in cat.extractions},
            "plans": [{"doc_id": d, "name": cat.document_label(d), "title": cat.extractions[d].document.header.title,
                       "clauses": mentions.get(d, [])} for d in docs]}


def document_rows(cat: Catalog) -> list[dict[str, Any]]:
    rows = []
    for doc_id, ex in cat.extractions.items():
        h = ex.document.header
        rows.append({"doc_id": doc_id, "name": document_name(ex.document), "title": h.title, "issuer": h.issuer,
                     "date": vn_date(h.date), "assignments": len(ex.assignments), "references": len(ex.references)})
    return rows


# ---------------------------------------------------------------- graph IRIs -> pages

def page_for_iri(cat: Catalog, iri: str) -> str | None:
    """The page that shows a graph node (a SPARQL result cell), or None when no page does."""
    from urllib.parse import unquote

    from graph.vocab import ID

    if not iri.startswith(ID):
        return None
    kind, _, rest = iri[len(ID):].partition("/")
    rest = unquote(rest)
    if kind == "doc":
        if rest.startswith("corpus/"):
            doc_id = rest[len("corpus/"):]
            return document_url(doc_id) if doc_id in cat.extractions else None
        if rest in cat.doc_keys:
            return document_url(cat.doc_keys[rest])
        return decision_url(rest) if rest in cat.decisions else None
    if kind == "agency":
        return agency_url(rest) if rest in cat.agencies else None
    if kind in ("clause", "section"):
        doc_id, _, path = rest.partition("/")
        if doc_id not in cat.extractions:
            return None
        anchor = f"{doc_id}:{path}" if path and path != "root" else None
        return document_url(doc_id, anchor)
    if kind == "place":
        if rest.startswith("code/"):
            code = rest[len("code/"):]
            found = next((c for c in cat.communes.values() if c.code and slug(c.code) == code), None)
        else:
            parent, _, own = rest.rpartition("/")
            found = next((c for c in cat.communes.values() if c.key.rsplit("/", 1)[-1] == own
                          and (not parent or not c.district or parent.endswith(slug(c.district)))), None)
        return commune_url(found.key) if found else None
    return None
