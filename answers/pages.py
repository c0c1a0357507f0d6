"""What the web pages show, read from the same model as every answer (`answers.model.ReadModel`):
documents, the documents they cite, the agencies they assign and the communes they name.

Page keys are the paths of the graph's IRIs (documented in docs/ui.md), so a page and a SPARQL result
name the same thing the same way:
- corpus document: its id -> `/van-ban/{doc_id}` (IRI `/id/doc/corpus/{doc_id}` or its symbol's IRI);
- cited document: `/id/doc/{key}` -> `/quyet-dinh/{key}`, e.g. `/quyet-dinh/ttg/qd/2022/90`;
- agency: `/id/agency/{key}` -> `/co-quan/{key}`, e.g. `/co-quan/huyen-phong-tho/phong-tu-phap`;
- commune: `/id/place/{key}` -> `/xa/{key}`, e.g. `/xa/code/03550` or `/xa/huyen-phong-tho/xa-ban-lang`.

"Which decision governs this task" on the page is `answers.governing.governing` (the one ranking, shared
with the CLI and the API); this module only draws its evidence chain. Everything here is plain data;
the templates decide how it looks.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from answers import queries as Q
from answers.chains import EVIDENCE_LABELS
from answers.governing import governing
from answers.knowledge import Knowledge, ocr_note
from answers.model import (
    AGENCY,
    CLAUSE,
    COMMUNE_LEVELS,
    DOC,
    PLACE,
    SECTION,
    AssignmentFact,
    DocumentFacts,
    LegalDoc,
    Place,
    ReadModel,
    Section,
    commune_key,
)
from answers.profiles import figures_for_communes
from answers.records import ChainStep, CitedDocument
from answers.status import annotate, statuses
from graph.programmes import best_programme

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
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


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


def decision_url(key: str) -> str:
    return path_url("/quyet-dinh", key)


def agency_url(key: str) -> str:
    return path_url("/co-quan", key)


def commune_url(key: str) -> str:
    return path_url("/xa", key)


def document_url(doc_id: str, clause_id: str | None = None) -> str:
    url = path_url("/van-ban", doc_id)
    return f"{url}#{clause_id}" if clause_id else url


@dataclass(frozen=True)
class Link:
    kind: str  # "agency", "commune", "decision", "document"
    label: str
    url: str
    title: str = ""


def plan_name(model: ReadModel, doc_id: str) -> str:
    """"Kế hoạch 245/KH-UBND", or the type and file when the header has no number."""
    plan = model.plan(doc_id)
    if plan is None:
        return doc_id
    name = " ".join(p for p in (plan.type, plan.symbol) if p)
    return name if plan.symbol else f"{name or 'Văn bản'} ({plan.source})"


def legal_url(model: ReadModel, iri: str) -> str:
    """A cited document's page, or the corpus document's own page when the corpus holds it."""
    doc = model.legal_doc(iri)
    if doc is not None and doc.doc_id:
        return document_url(doc.doc_id)
    return decision_url(iri[len(DOC):] if iri.startswith(DOC) else iri)


# ---------------------------------------------------------------- duties (assignments as pages list them)

@dataclass
class Duty:
    """One assignment as an agency, commune or decision page lists it."""

    doc_id: str
    clause_id: str
    role: str
    task: str | None
    text: str
    communes: list[tuple[str, str]]  # (label, key)
    project: str | None
    programme: str | None
    other: Link | None = None  # the report's recipient / sender


def agency_link(model: ReadModel, iri: str) -> Link:
    a = model.agency(iri)
    key = iri[len(AGENCY):] if iri.startswith(AGENCY) else iri
    return Link("agency", a.label if a else unquote(key), agency_url(unquote(key)))


def section_project(doc: DocumentFacts, section_id: str | None) -> str | None:
    for s in doc.section_chain(section_id):
        if s.project or s.subproject:
            return " › ".join(p for p in (s.project, s.subproject) if p)
    return None


def duty(model: ReadModel, doc: DocumentFacts, f: AssignmentFact, *, role: str | None = None,
         other: Link | None = None) -> Duty:
    clause = doc.clauses.get(f.clause_id)
    heading = section_project(doc, clause.section_id) if clause else None
    # the heading trail is more precise ("Dự án 4 › Tiểu dự án 2") when it agrees with the assignment
    project = heading if heading and (not f.project or heading.startswith(f.project)) else f.project or heading
    communes = []
    for iri in f.communes:
        place = model.place(iri)
        if place is not None:
            communes.append((place.label, place.key))
    context = " ".join(clause.breadcrumb) if clause else ""
    return Duty(doc.plan.doc_id, f.clause_id, role or f.role, f.task, f.evidence, communes, project,
                programme_for(model, doc, context), other)


def programme_for(model: ReadModel, doc: DocumentFacts, context: str) -> str | None:
    """The programme a part of the plan (its heading trail) belongs to, as the graph builder decides."""
    return best_programme(context, list(model.programmes_cited_by(doc))) or model.main_programme(doc)


def duty_rows(model: ReadModel, doc: DocumentFacts, facts: Iterable[AssignmentFact]) -> list[dict]:
    out = []
    for f in facts:
        other = agency_link(model, f.reporter) if f.role == "report_to" and f.reporter else None
        out.append({"duty": duty(model, doc, f, other=other), "agency": agency_link(model, f.agency)})
    return out


# ---------------------------------------------------------------- entity spans inside clause text

@dataclass(frozen=True)
class Mark:
    start: int  # in the clause text
    end: int
    cls: str  # "e-ref", "e-agency", "e-place", "e-target", "e-budget", "e-task", "hit"
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


def clause_marks(model: ReadModel, doc: DocumentFacts, *, with_numbers: bool = True) -> dict[str, list[Mark]]:
    """Entity marks of every clause of one document, in clause-text offsets (facts carry document offsets)."""
    marks: dict[str, list[Mark]] = defaultdict(list)

    def add(clause_id: str, start: int | None, end: int | None, cls: str, href: str | None = None,
            title: str = "") -> None:
        clause = doc.clauses.get(clause_id)
        if clause is None or start is None or end is None:
            return
        s, e = max(0, start - clause.start), min(len(clause.text), end - clause.start)
        if e > s:
            marks[clause_id].append(Mark(s, e, cls, href, title))

    for r in doc.citations:
        cited = model.legal_doc(r.cited)
        label = cited.label if cited else r.as_written or ""
        add(r.clause_id, r.start, r.end, "e-ref", legal_url(model, r.cited),
            f"{RELATION_LABELS.get(r.relation, r.relation)}: {label}")
    for m in doc.mentions:
        place = model.place(m.place)
        href = commune_url(place.key) if place and (place.level or "") in COMMUNE_LEVELS else None
        add(m.clause_id, m.start, m.end, "e-place", href, place.label if place else "")
    for a in doc.assignments:
        add(a.clause_id, a.start, a.end, "e-task", None, ROLE_LABELS.get(a.role, a.role))
        agency = model.agency(a.agency)
        clause = doc.clauses.get(a.clause_id)
        if agency is None or clause is None or a.start is None or a.end is None:
            continue
        found = _find_name(clause.text, a.start - clause.start, a.end - clause.start,
                           [*agency.names, agency.canonical, agency.label])
        if found:
            marks[a.clause_id].append(Mark(found[0], found[1], "e-agency", agency_url(agency.key),
                                           f"{ROLE_LABELS.get(a.role, a.role)}: {agency.label}"))
    if with_numbers:
        for t in model.targets_of(doc.plan.doc_id):
            add(t.clause_id, t.start, t.end, "e-target", None, f"Chỉ tiêu: {t.indicator}")
        for b in model.budgets_of(doc.plan.doc_id):
            add(b.clause_id, b.start, b.end, "e-budget", None,
                "Kinh phí: " + vn_number(b.amount_million_vnd) + " triệu đồng" + (f" ({b.source})" if b.source else ""))
    return marks


def _find_name(text: str, start: int, end: int, names: list[str]) -> tuple[int, int] | None:
    """Where the agency's name stands inside the assignment's span (the longest name found)."""
    window = text[max(0, start):max(0, end)].casefold()
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        at = window.find(name.casefold())
        if at >= 0:
            return max(0, start) + at, max(0, start) + at + len(name)
    return None


def clause_links(model: ReadModel, doc: DocumentFacts) -> dict[str, list[Link]]:
    """The documents, agencies and communes each clause names, as links."""
    links: dict[str, list[Link]] = defaultdict(list)

    def link(clause_id: str, item: Link) -> None:
        if item not in links[clause_id]:
            links[clause_id].append(item)

    for r in doc.citations:
        cited = model.legal_doc(r.cited)
        if cited is not None:
            link(r.clause_id, Link("decision", cited.label, legal_url(model, r.cited), cited.title or ""))
    for m in doc.mentions:
        place = model.place(m.place)
        if place is not None and (place.level or "") in COMMUNE_LEVELS:
            link(m.clause_id, Link("commune", place.label, commune_url(place.key)))
    for a in doc.assignments:
        link(a.clause_id, agency_link(model, a.agency))
        for iri in a.communes:
            place = model.place(iri)
            if place is not None:
                link(a.clause_id, Link("commune", place.label, commune_url(place.key)))
    return links


# ---------------------------------------------------------------- the document page

@dataclass
class ClauseView:
    id: str
    kind: str
    marker: str | None
    pieces: list[Segment]
    ocr_note: str | None = None  # "đọc từ bản quét (OCR, độ tin cậy 83%)"


@dataclass
class SectionView:
    id: str
    heading: str
    level: int
    clauses: list[ClauseView]
    children: list[SectionView]
    project: str | None = None
    attachment: str | None = None  # the kind of a text issued with the document ("Quy chế", "Phụ lục")


def commune_link(model: ReadModel, iri: str | None) -> Link | None:
    """The page of the commune a target or budget is set for (cancu:forCommune)."""
    place = model.place(iri) if iri else None
    return Link("commune", place.label, commune_url(place.key)) if place is not None else None


def ocr_summary(doc: DocumentFacts) -> str | None:
    """"Đọc từ bản quét (OCR, độ tin cậy 83%): 12 trên 40 đoạn" when some clauses came from a scan."""
    read = [c.ocr_confidence for c in doc.clauses.values() if c.ocr_confidence is not None]
    if not read:
        return None
    note = ocr_note(sum(read) / len(read)) or ""
    return f"{note[:1].upper()}{note[1:]}: {len(read)} trên {len(doc.clauses)} đoạn"


def heading(section: Section) -> str:
    label = section.label + ("." if section.kind in ("roman", "arabic", "dotted") else
                             ")" if section.kind == "alpha" else "")
    return f"{label} {section.title}".strip() if section.kind not in ("project", "subproject") else \
        f"{section.label}: {section.title}".strip(": ")


def target_value(t) -> str:
    """"dưới 26 %", "từ 45 đến 50 triệu đồng", "8/16 xã"."""
    unit = f" {t.unit}" if t.unit else ""
    if t.of is not None:
        return f"{vn_number(t.value)}/{vn_number(t.of)}{unit}"
    if t.comparator == "range" and t.max_value is not None:
        return f"từ {vn_number(t.value)} đến {vn_number(t.max_value)}{unit}"
    word = COMPARATOR_LABELS.get(t.comparator, t.comparator)
    return f"{word} {vn_number(t.value)}{unit}".strip()


def document_view(model: ReadModel, doc_id: str, as_of: date | None = None) -> dict[str, Any] | None:
    """Header, table of contents, the text by clause with entity marks, and the fact tables; the status of
    the document and of each document it cites (amended, replaced, repealed; period ended) on `as_of`."""
    doc = model.document(doc_id)
    if doc is None:
        return None
    plan = doc.plan
    marks = clause_marks(model, doc)

    def clause_view(cid: str) -> ClauseView:
        c = doc.clauses[cid]
        return ClauseView(c.id, c.kind, c.marker, segments(c.text, marks.get(c.id, [])), ocr_note(c.ocr_confidence))

    attached = {a.section_id: a for a in doc.attachments}

    def section_view(s: Section) -> SectionView:
        project = " › ".join(p for p in (s.project, s.subproject) if p) or None
        parent = doc.sections.get(s.parent or "")
        if parent is not None and (parent.project, parent.subproject) == (s.project, s.subproject):
            project = None  # said once, where the project starts
        a = attached.get(s.id)
        return SectionView(s.id, (a.title or a.kind or "Văn bản kèm theo") if a else heading(s), s.level,
                           [clause_view(c) for c in s.clauses], [section_view(doc.sections[c]) for c in s.children],
                           project, (a.kind or "Văn bản kèm theo") if a else None)

    root = section_view(doc.root)
    basis, seen = [], set()
    for r in doc.citations:
        cited = model.legal_doc(r.cited)
        if r.relation in ("basis", "implements") and r.cited not in seen and r.cited != plan.iri and cited:
            seen.add(r.cited)
            basis.append({"doc": cited, "url": legal_url(model, r.cited), "clause_id": r.clause_id,
                          "relation": RELATION_LABELS.get(r.relation, r.relation)})
    mentioned = [model.legal_doc(i) for i in dict.fromkeys(r.cited for r in doc.citations)
                 if i not in seen and i != plan.iri and model.legal_doc(i)]
    known = statuses(model, [plan.iri, *(b["doc"].iri for b in basis), *(m.iri for m in mentioned)], as_of)
    for b in basis:
        b["status"] = known[b["doc"].iri]
    targets = model.targets_of(doc_id)
    budgets = model.budgets_of(doc_id)
    cited_by = [d for d in model.legal_docs().values() if d.doc_id == doc_id and d.iri in citation_counts(model)]
    return {
        "plan": plan, "name": plan_name(model, doc_id), "date": vn_date(plan.date), "root": root,
        "preamble": [clause_view(c.id) for c in doc.clauses_of_kind("preamble")],
        "closing": [clause_view(c.id) for c in doc.clauses_of_kind("closing")],
        "basis": basis, "own": known[plan.iri],
        "mentioned": [{"doc": d, "url": legal_url(model, d.iri), "status": known[d.iri]} for d in mentioned],
        "assignments": duty_rows(model, doc, doc.assignments),
        "targets": [{"t": t, "value": target_value(t), "commune": commune_link(model, t.commune)} for t in targets],
        "budgets": [{"b": b, "commune": commune_link(model, b.commune)} for b in budgets],
        "attachments": [{"a": a, "kind": a.kind or "Văn bản kèm theo",
                         "clauses": len(doc.subtree_clauses(a.section_id))} for a in doc.attachments],
        "ocr": ocr_summary(doc),
        "programme": model.main_programme(doc),
        "counts": {"clauses": len(doc.clauses), "references": len(doc.citations), "attachments": len(doc.attachments),
                   "assignments": len(doc.assignments), "targets": len(targets), "budgets": len(budgets),
                   "places": len(doc.mentions)},
        "cited_by": cited_by,
    }


def citation_counts(model: ReadModel) -> dict[str, int]:
    """{document IRI: how many corpus documents cite it}."""
    return {r["cited"]: int(r["docs"]) for r in model.aggregate(Q.CITATION_COUNTS)}


def document_rows(model: ReadModel) -> list[dict[str, Any]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in model.aggregate(Q.DOCUMENT_COUNTS):
        counts[row["doc"]][row["kind"].rsplit("#", 1)[-1]] = int(row["n"])
    rows = []
    for doc_id, plan in sorted(model.all_plans().items()):
        c = counts.get(plan.iri, Counter())
        rows.append({"doc_id": doc_id, "name": plan_name(model, doc_id), "title": plan.title, "issuer": plan.issuer,
                     "date": vn_date(plan.date), "assignments": c["Assignment"], "references": c["Citation"]})
    return rows


# ---------------------------------------------------------------- cited documents

def decision_rows(model: ReadModel, symbol: str | None = None) -> list[dict[str, Any]]:
    """Documents the corpus cites, most cited first (with `symbol`: those whose symbol reads as it)."""
    from answers.text import symbol_key

    counts = citation_counts(model)
    docs = [d for d in model.legal_docs().values() if d.iri in counts]
    if symbol is not None:
        docs = [d for d in docs if d.symbol and symbol_key(d.symbol) == symbol_key(symbol)]
    rows = [{"d": d, "key": d.key, "label": d.label, "date": d.date, "year": d.year, "issuer": d.issuer,
             "title": d.title, "citing": counts[d.iri]} for d in docs]
    return sorted(rows, key=lambda r: (-r["citing"], -(r["year"] or 0), r["label"]))


def decision_view(model: ReadModel, key: str, as_of: date | None = None) -> dict[str, Any] | None:
    """Who cites a document and how, the tasks of the citing plans that answer to it, and what later
    corpus documents did to it (its status on `as_of`)."""
    d = model.legal_doc(DOC + key)
    if d is None:
        return None
    kb = Knowledge(model)
    cited = kb.cited_iri(d.iri)
    annotate(model, [cited], as_of)
    citing = []
    for doc_id in model.docs_citing([d.iri]):
        doc = kb.doc(doc_id)
        citations = [c for c in doc.citations if c.cited == d.iri]
        body_sections = {doc.clauses[c.clause_id].section_id for c in citations
                         if c.clause_id in doc.clauses and doc.clauses[c.clause_id].kind not in ("preamble", "closing")}
        approves = {model.programme(p).name for p in d.programmes if model.programme(p)} | (
            {cited.programme} if cited.programme else set())
        tasks = []
        for f in doc.assignments:
            clause = doc.clauses.get(f.clause_id)
            in_section = clause is not None and bool(
                body_sections & {s.id for s in doc.section_chain(clause.section_id)})
            context = " ".join(clause.breadcrumb) if clause else ""
            under_programme = bool(approves) and programme_for(model, doc, context) in approves
            if in_section or under_programme:
                tasks.extend(duty_rows(model, doc, [f]))
        plan = doc.plan
        citing.append({
            "doc_id": doc_id, "name": plan_name(model, doc_id), "title": plan.title, "date": vn_date(plan.date),
            "relations": sorted({RELATION_LABELS.get(c.relation, c.relation) for c in citations}),
            "citations": [{"clause_id": c.clause_id, "relation": RELATION_LABELS.get(c.relation, c.relation),
                           "text": short(doc.clauses[c.clause_id].text if c.clause_id in doc.clauses else c.evidence,
                                         360)} for c in citations],
            "tasks": tasks,
        })
    return {"d": d, "date": vn_date(d.date), "citing": citing, "programme": cited.programme, "standing": cited}


# ---------------------------------------------------------------- agencies

def agency_rows(model: ReadModel) -> list[dict[str, Any]]:
    counts = {r["agency"]: (int(r["duties"]), int(r["docs"])) for r in model.aggregate(Q.AGENCY_COUNTS)}
    rows = [{"a": a, "key": a.key, "label": a.label, "locality": a.locality, "generic": a.generic,
             "duties": counts[a.iri][0], "plans": counts[a.iri][1]}
            for a in model.all_agencies().values() if a.iri in counts]
    return sorted(rows, key=lambda r: (r["generic"], r["locality"] or "", r["label"]))


def agency_view(model: ReadModel, key: str) -> dict[str, Any] | None:
    """An agency's duties grouped by plan, then by programme project; the communes it is in charge of."""
    a = model.agency_by_key(key)
    if a is None:
        return None
    kb = Knowledge(model)
    docs = model.docs_assigning([a.iri], as_reporter=True)
    kb.load(docs)
    duties: list[Duty] = []
    for doc_id in docs:
        doc = kb.doc(doc_id)
        for f in doc.assignments:
            if f.agency == a.iri:
                other = agency_link(model, f.reporter) if f.role == "report_to" and f.reporter else None
                duties.append(duty(model, doc, f, other=other))
            elif f.reporter == a.iri and f.role == "report_to":
                duties.append(duty(model, doc, f, role="reports", other=agency_link(model, f.agency)))
    plans: dict[str, dict[str, list[Duty]]] = defaultdict(lambda: defaultdict(list))
    for d in duties:
        plans[d.doc_id][d.project or ""].append(d)
    communes: dict[str, dict] = {}
    for d in duties:
        if d.role in ("in_charge_commune", "co_in_charge_commune"):
            for label, ckey in d.communes:
                communes.setdefault(ckey, {"label": label, "key": ckey, "roles": set(), "docs": set()})
                communes[ckey]["roles"].add(ROLE_LABELS[d.role])
                communes[ckey]["docs"].add(d.doc_id)
    roles = Counter(ROLE_LABELS.get(d.role, d.role) for d in duties)
    return {
        "a": a, "roles": roles.most_common(),
        "plans": [{"doc_id": doc_id, "name": plan_name(model, doc_id), "title": model.plan(doc_id).title,
                   "groups": [{"project": project, "duties": items}
                              for project, items in sorted(groups.items(), key=lambda g: _programme_order((g[0], 0)))]}
                  for doc_id, groups in plans.items()],
        "communes": sorted(communes.values(), key=lambda c: c["label"]),
    }


# ---------------------------------------------------------------- communes

def _communes(model: ReadModel) -> dict[tuple[str, str], list[Place]]:
    """Commune nodes by (district, name): the graph may hold one commune under two nodes (with and
    without its official code); pages show them as one."""
    groups: dict[tuple[str, str], list[Place]] = defaultdict(list)
    for p in model.all_places().values():
        if (p.level or "") in COMMUNE_LEVELS:
            groups[(model.district_of(p.iri) or "", commune_key(p))].append(p)
    for nodes in groups.values():
        nodes.sort(key=lambda p: (p.code is None, p.key))
    return groups


def commune_rows(model: ReadModel) -> list[dict[str, Any]]:
    counts = {r["place"]: (int(r["mentions"]), int(r["duties"])) for r in model.aggregate(Q.PLACE_COUNTS)}
    rows = []
    for (district, _), nodes in _communes(model).items():
        mentions = sum(counts.get(p.iri, (0, 0))[0] for p in nodes)
        duties = sum(counts.get(p.iri, (0, 0))[1] for p in nodes)
        if not mentions and not duties:
            continue
        first = nodes[0]
        rows.append({"key": first.key, "label": first.label, "district": district or None, "code": first.code,
                     "mentions": mentions, "duties": duties, "name": first.name})
    return sorted(rows, key=lambda r: (r["district"] or "", r["name"]))


def commune_view(model: ReadModel, key: str) -> dict[str, Any] | None:
    """The plans that name a commune, the agencies in charge of it and the tasks that concern it."""
    chosen = model.place(PLACE + key)
    if chosen is None or (chosen.level or "") not in COMMUNE_LEVELS:
        return None
    nodes = next((g for g in _communes(model).values() if chosen in g), [chosen])
    iris = {p.iri for p in nodes}
    kb = Knowledge(model)
    docs = model.docs_naming(iris)
    kb.load(docs)
    mentions: dict[str, list[dict]] = defaultdict(list)
    in_charge, tasks = [], []
    for doc_id in docs:
        doc = kb.doc(doc_id)
        for m in doc.mentions:
            if m.place in iris:
                clause = doc.clauses.get(m.clause_id)
                item = {"clause_id": m.clause_id, "text": short(clause.text if clause else "", 300)}
                if item not in mentions[doc_id]:
                    mentions[doc_id].append(item)
        for f in doc.assignments:
            if iris & set(f.communes):
                row = duty_rows(model, doc, [f])[0]
                (in_charge if f.role in ("in_charge_commune", "co_in_charge_commune") else tasks).append(row)
    first = nodes[0]
    targets, budgets = figures_for_communes(model, iris)
    for row in targets:
        row["value_text"] = target_value(_TargetRow(row))
    return {"c": {"key": first.key, "label": first.label, "name": first.name,
                  "district": model.district_of(first.iri), "code": first.code,
                  "province": _province(model, first)},
            "in_charge": in_charge, "tasks": tasks, "targets": targets, "budgets": budgets,
            "plan_labels": {d: plan_name(model, d) for d in {*docs, *(r["doc_id"] for r in targets + budgets)}},
            "plans": [{"doc_id": d, "name": plan_name(model, d), "title": model.plan(d).title,
                       "clauses": mentions.get(d, [])} for d in docs]}


class _TargetRow:
    """A target's JSON row read like a `TargetFact` (for `target_value`)."""

    def __init__(self, row: dict) -> None:
        self.value, self.max_value, self.of = row["value"], row["value_max"], row["of"]
        self.unit, self.comparator = row["unit"], row["comparator"]


def _province(model: ReadModel, place: Place) -> str | None:
    seen = set()
    while place is not None and place.parent and place.iri not in seen:
        seen.add(place.iri)
        place = model.place(place.parent)
        if place is not None and (place.level or "") == "tỉnh":
            return place.name
    return None


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


# ---------------------------------------------------------------- search page

@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int = 0


def search_options(model: ReadModel, index) -> dict[str, list[Option]]:
    """Values for the search filters, read from what the index holds (so every option finds something)."""
    counts: dict[str, Counter] = {k: Counter() for k in ("doc_id", "locality", "agencies", "programme", "year")}
    for p in index.passages:
        for key, counter in counts.items():
            value = p.metadata.get(key)
            for v in value if isinstance(value, list) else [value]:
                if v not in (None, ""):
                    counter[str(v)] += 1
    out = {
        "doc_id": [Option(d, plan_name(model, d), n) for d, n in sorted(counts["doc_id"].items())],
        "locality": [Option(v, v, n) for v, n in sorted(counts["locality"].items())],
        "agency": sorted((Option(v, v, n) for v, n in sorted(counts["agencies"].items(), key=lambda x: (-x[1], x[0])))
                         , key=lambda o: (-o.count, o.label))[:150],
        "programme": [Option(v, v, n) for v, n in sorted(counts["programme"].items(), key=_programme_order)],
        "year": [Option(v, v, n) for v, n in sorted(counts["year"].items(), reverse=True)],
    }
    out["agency"].sort(key=lambda o: o.label)
    return out


def _programme_order(item: tuple[str, int]) -> tuple:
    name = item[0]
    numbers = [int(n) for n in re.findall(r"\d+", name)]
    return (0 if name.lower().startswith(("dự án", "tiểu dự án")) else 1, numbers, name)


def search_results(model: ReadModel, results: list[dict]) -> list[dict]:
    """Search hits plus what the page needs: snippet pieces with <mark>, breadcrumb, entity links."""
    docs = model.documents(r["doc_id"] for r in results)
    links = {d: clause_links(model, doc) for d, doc in docs.items()}
    rows = []
    for r in results:
        text = r["text"]
        start, end = r["snippet"]["start"], r["snippet"]["end"]
        marks = [Mark(a, b, "hit") for a, b in r["highlights"]]
        doc = docs.get(r["doc_id"])
        clause = doc.clauses.get(r["clause"]) if doc else None
        plan = model.plan(r["doc_id"])
        rows.append({
            **r,
            "pieces": segments(text, marks, start, end),
            "cut_before": start > 0, "cut_after": end < len(text),
            "doc_label": plan_name(model, r["doc_id"]),
            "doc_title": short(plan.title, 140) if plan else "",
            "url": document_url(r["doc_id"], r["clause"]),
            "crumbs": list(clause.breadcrumb) if clause else r["breadcrumb"][1:],
            "links": links.get(r["doc_id"], {}).get(r["clause"], []),
            "ocr_note": ocr_note(clause.ocr_confidence) if clause else None,
        })
    return rows


# ---------------------------------------------------------------- "which decision governs this task"

@dataclass
class Step:
    label: str  # "Đoạn văn bản", "Thuộc mục", "Kế hoạch", ...
    title: str
    url: str | None = None
    text: str | None = None
    links: list[Link] = field(default_factory=list)
    note: str | None = None  # "đọc từ bản quét (OCR, độ tin cậy 83%)" for a clause read from a scan


@dataclass
class Candidate:
    decision: CitedDocument
    url: str
    score: float
    reasons: list[str]
    evidence: str = "inherited"  # direct, inherited, derived: how the best of its paths reached it
    path: list[ChainStep] = field(default_factory=list)


@dataclass
class GoverningAnswer:
    clause_id: str
    doc_id: str
    decision: CitedDocument | None  # the answer
    url: str | None  # its page
    why: str  # in one sentence, how the chain reached it
    steps: list[Step]
    project: str | None
    programme: str | None
    candidates: list[Candidate] = field(default_factory=list)  # other documents that may govern, ranked
    evidence: str = "inherited"
    path: list[ChainStep] = field(default_factory=list)  # how the chain reached the answer, step by step


REASON_LABELS = {
    "cited_in_clause": "Đoạn văn bản nêu nhiệm vụ dẫn trực tiếp văn bản này.",
    "cited_in_lead_in": "Câu dẫn của đoạn văn bản nêu văn bản này.",
    "cited_in_section": "Mục chứa nhiệm vụ dẫn văn bản này.",
    "cited_in_heading": "Tiêu đề của phần chứa nhiệm vụ nêu văn bản này.",
    "programme": "Nhiệm vụ thuộc chương trình mà văn bản này phê duyệt.",
    "plan_basis": "Kế hoạch chứa nhiệm vụ lấy văn bản này làm căn cứ.",
    "plan_implements": "Kế hoạch chứa nhiệm vụ được ban hành để thực hiện văn bản này.",
    "implemented_programme": "Văn bản mà kế hoạch thực hiện thuộc chương trình do văn bản này phê duyệt.",
    "plan_relation": "Văn bản chứa nhiệm vụ thay thế, sửa đổi, bãi bỏ hoặc thực hiện văn bản này, như câu hỏi hỏi.",
}
EVIDENCE_NAMES = EVIDENCE_LABELS
EVIDENCE_HELP = {
    "direct": "Đoạn nêu nhiệm vụ dẫn trực tiếp văn bản này",
    "inherited": "Câu dẫn, mục hoặc phần mở đầu của kế hoạch dẫn văn bản này; nhiệm vụ kế thừa",
    "derived": "Không đoạn nào nối trực tiếp: suy ra từ chương trình, dự án hoặc tên văn bản",
}
STATUS_BADGES = {"amends": "Đã được sửa đổi", "replaces": "Đã bị thay thế", "repeals": "Đã bị bãi bỏ"}


def answer_for(model: ReadModel, index, query: str | None, clause_id: str | None,
               as_of: date | None = None) -> GoverningAnswer | None:
    """The page's answer: ranked by `answers.governing.governing` (the one ranking, shared with the CLI
    and the API), with the evidence chain of the chosen task drawn from the same model."""
    ranked = governing(model, index, query or None, clause_id=clause_id or None, as_of=as_of)
    if not ranked.tasks:
        return None
    task = next((t for t in ranked.tasks if t.clause.clause_id == clause_id), ranked.tasks[0])
    kb = Knowledge(model)
    doc = kb.doc(task.plan.doc_id)
    clause = doc.clauses.get(task.clause.clause_id) if doc else None
    if clause is None:
        return None
    links = clause_links(model, doc)
    chain = list(reversed(doc.section_chain(clause.section_id)))
    steps = [Step("Đoạn văn bản", short(clause.text, 400), document_url(doc.plan.doc_id, clause.id),
                  links=links.get(clause.id, []), note=ocr_note(clause.ocr_confidence))]
    if chain:
        steps.append(Step("Thuộc mục", " › ".join(heading(s) for s in chain),
                          document_url(doc.plan.doc_id, chain[-1].id)))
    steps.append(Step("Kế hoạch", f"{plan_name(model, doc.plan.doc_id)}: {short(doc.plan.title, 200)}",
                      document_url(doc.plan.doc_id)))
    basis = [model.legal_doc(i) for i in dict.fromkeys(r.cited for r in doc.citations
                                                        if r.relation in ("basis", "implements"))]
    basis = [d for d in basis if d is not None and d.iri != doc.plan.iri]
    steps.append(Step("Căn cứ pháp lý và văn bản kế hoạch thực hiện", f"{len(basis)} văn bản",
                      links=[Link("decision", d.label, legal_url(model, d.iri), d.title or "") for d in basis]))
    project = " › ".join(p for p in (task.project, task.subproject) if p) or None
    programme = task.programme
    if project and programme:
        found = kb.programmes(doc.plan.doc_id).get(programme)
        approver: LegalDoc | None = model.legal_doc(found[1].cited) if found else None
        steps.append(Step("Dự án của chương trình", f"{project} thuộc {programme}",
                          links=[Link("decision", approver.label, legal_url(model, approver.iri), approver.title or "")]
                          if approver else []))
    candidates = [Candidate(g.document, legal_url(model, g.document.iri), g.score,
                            [REASON_LABELS.get(r, r) for r in g.reasons], g.evidence, g.path)
                  for g in ranked.documents]
    if candidates:
        first = candidates[0]
        return GoverningAnswer(clause.id, doc.plan.doc_id, first.decision, first.url, " ".join(first.reasons), steps,
                               project, programme, candidates[1:6], first.evidence, first.path)
    return GoverningAnswer(clause.id, doc.plan.doc_id, None, None, "Kế hoạch không nêu căn cứ pháp lý nào đọc được.",
                           steps, project, programme)


# ---------------------------------------------------------------- graph IRIs -> pages

def page_for_iri(model: ReadModel, iri: str) -> str | None:
    """The page that shows a graph node (a SPARQL result cell), or None when no page does."""
    if iri.startswith(DOC):
        plan = next((p for p in model.all_plans().values() if p.iri == iri), None)
        if plan is not None:
            return document_url(plan.doc_id)
        return decision_url(unquote(iri[len(DOC):])) if model.legal_doc(iri) else None
    if iri.startswith(AGENCY):
        return agency_url(unquote(iri[len(AGENCY):])) if model.agency(iri) else None
    for prefix in (CLAUSE, SECTION):
        if iri.startswith(prefix):
            doc_id, _, path = unquote(iri[len(prefix):]).partition("/")
            if model.plan(doc_id) is None:
                return None
            return document_url(doc_id, f"{doc_id}:{path}" if path and path != "root" else None)
    if iri.startswith(PLACE):
        place = model.place(iri)
        return commune_url(place.key) if place and (place.level or "") in COMMUNE_LEVELS else None
    return None
