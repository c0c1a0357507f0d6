"""What every answer does with the read model: place a clause in its plan, section, programme project
and programme; quote evidence; describe a cited document, a citation, a responsibility; find the
agencies, communes and districts a question names.

`Knowledge` wraps one `ReadModel` (one build of the graph) for one answer: it reads the documents the
answer touches, several at a time, and keeps them for the rest of the answer.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from answers.model import (
    AssignmentFact,
    CitationFact,
    Clause,
    ClauseProbe,
    DocumentFacts,
    LegalDoc,
    ReadModel,
    Section,
    commune_key,
)
from answers.records import AgencyRef, Citation, CitedDocument, ClauseRef, PlanRef, Responsibility, TaskContext
from answers.text import is_commune_mention, strip_level, symbol_key
from answers.text import key as name_key
from graph.iris import clause_iri
from graph.programmes import approved_programme, best_programme, project_label

MAX_EVIDENCE_CHARS = 1500  # the scorer's limit: a longer text proves nothing
PROJECT_IN_TEXT = re.compile(r"\b(Tiểu\s+dự\s+án|Dự\s+án)\s+(\d{1,2}[a-z]?)\b", re.IGNORECASE)
_PROGRAMME_IN_TEXT = re.compile(r"\bChương\s+trình\b|\bCT\s*MTQG\b|\bMTQG\b", re.IGNORECASE)


class Knowledge:
    """The read model seen from one answer: documents read once, records built from them."""

    def __init__(self, model: ReadModel) -> None:
        self.model = model
        self.plans = model.all_plans()
        self._docs: dict[str, DocumentFacts] = {}
        self._probes: dict[str, ClauseProbe] = {}
        self._subtree: dict[str, bool] = {}

    # ------------------------------------------------------------------ documents
    def load(self, doc_ids: Iterable[str]) -> None:
        wanted = [d for d in dict.fromkeys(doc_ids) if d not in self._docs]
        if wanted:
            self._docs.update(self.model.documents(wanted))

    def doc(self, doc_id: str) -> DocumentFacts | None:
        if doc_id not in self._docs:
            self.load([doc_id])
        return self._docs.get(doc_id)

    # ------------------------------------------------------------------ ranking before reading documents
    def probe(self, clause_ids: Iterable[str]) -> None:
        """Read what ranking needs of candidate clauses whose documents are not read yet (one small query
        each), so ranking thirty candidates does not read thirty documents."""
        for cid in dict.fromkeys(clause_ids):
            if cid not in self._probes and doc_of(cid) not in self._docs and not self.model.is_cached(doc_of(cid)):
                probe = self.model.probe(str(clause_iri(cid)))
                for ref in probe.citations:
                    ref.doc_id, ref.clause_id = doc_of(cid), cid
                self._probes[cid] = probe

    def _probed(self, clause_id: str) -> ClauseProbe | None:
        return self._probes.get(clause_id) if doc_of(clause_id) not in self._docs else None

    def clause_text(self, clause_id: str) -> str:
        probe = self._probed(clause_id)
        if probe is not None:
            return probe.text
        clause = self.clause(clause_id)
        return clause.text if clause else ""

    def has_facts(self, clause_id: str) -> bool:
        probe = self._probed(clause_id)
        return bool(probe.agencies) if probe is not None else bool(self.facts_of(clause_id))

    def subtree_assigns(self, clause_id: str) -> bool:
        """Whether the clause's section, or a section below it, assigns a task."""
        probe = self._probed(clause_id)
        if probe is None:
            return any(self.facts_of(c) for c in self.subtree_clauses(self.clause(clause_id)))
        if probe.kind in ("preamble", "closing"):
            return False
        if clause_id not in self._subtree:
            self._subtree[clause_id] = self.model.subtree_assigns(str(clause_iri(clause_id)))
        return self._subtree[clause_id]

    def rank_project(self, clause_id: str) -> tuple[str | None, str | None]:
        """`project_of`, for a clause read or only probed."""
        probe = self._probed(clause_id)
        if probe is None:
            return self.project_of(clause_id)
        project, subproject = probe.project, probe.subproject
        if project is None:
            match = PROJECT_IN_TEXT.search(probe.text)
            if match and not match.group(1).lower().startswith("tiểu"):
                project = f"Dự án {match.group(2)}"
        return project, subproject

    def clause(self, clause_id: str) -> Clause | None:
        doc = self.doc(doc_of(clause_id))
        return doc.clauses.get(clause_id) if doc else None

    def section(self, doc_id: str, section_id: str | None) -> Section | None:
        doc = self.doc(doc_id)
        return doc.sections.get(section_id or "") if doc else None

    def plan_ref(self, doc_id: str) -> PlanRef:
        p = self.plans[doc_id]
        return PlanRef(p.doc_id, p.source, p.symbol, p.type, p.issuer, p.date, p.title, p.locality, p.iri)

    def agency_ref(self, iri: str) -> AgencyRef:
        a = self.model.agency(iri)
        if a is None:  # an agency node with no description: named by its IRI
            key = iri.rsplit("/agency/", 1)[-1]
            return AgencyRef(key, iri, key, key, None, None)
        return AgencyRef(a.key, a.iri, a.label, a.canonical, a.type_key, a.locality, a.generic, a.collective)

    # ------------------------------------------------------------------ structure
    def section_chain(self, clause: Clause) -> list[Section]:
        doc = self.doc(clause.doc_id)
        return doc.section_chain(clause.section_id) if doc else []

    def clause_ref(self, clause_id: str) -> ClauseRef:
        clause = self.clause(clause_id)
        if clause is None:
            doc_id = doc_of(clause_id)
            plan = self.plans.get(doc_id)
            return ClauseRef(clause_id, doc_id, plan.source if plan else "", "")
        return ClauseRef(clause.id, clause.doc_id, self.plans[clause.doc_id].source, clause.text,
                         list(clause.breadcrumb), clause.kind, clause.iri, clause.ocr_confidence,
                         ocr_note(clause.ocr_confidence))

    def section_project(self, clause_id: str) -> tuple[str | None, str | None]:
        """The programme project and subproject whose headings a clause stands under (the graph gives
        each section the project it stands in)."""
        clause = self.clause(clause_id)
        if clause is None:
            return None, None
        for section in self.section_chain(clause):
            if section.project or section.subproject:
                return section.project, section.subproject
        return None, None

    def project_of(self, clause_id: str) -> tuple[str | None, str | None]:
        """("Dự án 4", "Tiểu dự án 2") from the headings; else the first project the clause's text names."""
        project, subproject = self.section_project(clause_id)
        clause = self.clause(clause_id)
        if project is None and clause is not None:
            match = PROJECT_IN_TEXT.search(clause.text)
            if match and not match.group(1).lower().startswith("tiểu"):
                project = f"Dự án {match.group(2)}"
        return project, subproject

    def programmes(self, doc_id: str) -> dict:
        doc = self.doc(doc_id)
        return self.model.programmes_cited_by(doc) if doc else {}

    def main_programme(self, doc_id: str) -> str | None:
        doc = self.doc(doc_id)
        return self.model.main_programme(doc) if doc else None

    def programme_named(self, clause_id: str) -> str | None:
        """The approved programme a clause's headings or text name ("... Chương trình MTQG giảm nghèo ...")."""
        clause = self.clause(clause_id)
        if clause is None:
            return None
        names = list(self.programmes(clause.doc_id))
        if not names:
            return None
        return best_programme(" ".join([*clause.breadcrumb, clause.text]), names)

    def programme_of(self, clause_id: str) -> str | None:
        """The approved programme a clause belongs to: the one its headings or text name, else the plan's
        own when the clause stands in a programme project or speaks of a programme."""
        clause = self.clause(clause_id)
        if clause is None:
            return None
        chosen = self.programme_named(clause_id)
        if chosen:
            return chosen
        project, subproject = self.project_of(clause_id)
        if project or subproject or _PROGRAMME_IN_TEXT.search(clause.text):
            return self.main_programme(clause.doc_id)
        return None

    def task(self, clause_id: str, score: float) -> TaskContext:
        clause = self.clause(clause_id)
        project, subproject = self.project_of(clause_id)
        doc_id = clause.doc_id if clause else doc_of(clause_id)
        return TaskContext(self.clause_ref(clause_id), self.plan_ref(doc_id), clause.section_id if clause else None,
                           project, subproject, self.programme_of(clause_id), score)

    def project_text(self, clause_id: str) -> str | None:
        """The project as a reader names it: "Dự án 4 › Tiểu dự án 2" from the headings, else the projects
        the clause (and the bullets it introduces) name: "Dự án 2, Dự án 4, Dự án 7"."""
        if self.clause(clause_id) is None:
            return None
        by_headings = " › ".join(p for p in self.section_project(clause_id) if p)
        if by_headings:
            return by_headings
        named = sorted(set(listed_projects(self.evidence_text(clause_id))), key=lambda n: (len(n), n))
        return ", ".join(f"Dự án {n}" for n in named) or None

    def projects_named(self, clause_id: str) -> set[str]:
        """Projects a clause's text names, lists included: "Tiểu dự án 1, 2 Dự án 6" names "Dự án 6"."""
        clause = self.clause(clause_id)
        if clause is None:
            return set()
        return {f"Dự án {n.lstrip('0') or '0'}" for n in listed_projects(clause.text)}

    def subtree_clauses(self, clause_or_section: Clause | Section | None) -> list[str]:
        if clause_or_section is None:
            return []
        doc = self.doc(clause_or_section.doc_id)
        section_id = clause_or_section.section_id if isinstance(clause_or_section, Clause) else clause_or_section.id
        return doc.subtree_clauses(section_id) if doc else []

    def siblings(self, clause: Clause) -> list[Clause]:
        """The clauses of the clause's own section, in order (the clause included)."""
        doc = self.doc(clause.doc_id)
        section = doc.sections.get(clause.section_id) if doc else None
        return [doc.clauses[c] for c in section.clauses] if section is not None else []

    def evidence_text(self, clause_id: str) -> str:
        """The clause, followed by the bullets it introduces when it ends with a colon (cut to the limit)."""
        clause = self.clause(clause_id)
        if clause is None:
            return ""
        text = clause.text.strip()
        if text.endswith(":"):
            siblings = self.siblings(clause)
            ids = [c.id for c in siblings]
            after = siblings[ids.index(clause.id) + 1:] if clause.id in ids else []
            for bullet in after:
                if (bullet.lead_in or "").strip() != text or len(text) + len(bullet.text) + 1 > MAX_EVIDENCE_CHARS:
                    break
                text += " " + bullet.text.strip()
        return text[:MAX_EVIDENCE_CHARS]

    # ------------------------------------------------------------------ citations
    def cited(self, ref: CitationFact) -> CitedDocument:
        return self.cited_iri(ref.cited)

    def cited_iri(self, iri: str) -> CitedDocument:
        doc = self.model.legal_doc(iri)
        programme = self.model.programme(doc.programmes[0]).name if doc and doc.programmes else None
        return cited_document(doc, iri, programme)

    def citation(self, ref: CitationFact) -> Citation:
        return Citation(self.plan_ref(ref.doc_id), ref.relation, self.clause_ref(ref.clause_id),
                        (ref.evidence or "")[:MAX_EVIDENCE_CHARS], ref.as_written)

    def refs_of(self, clause_id: str) -> list[CitationFact]:
        probe = self._probed(clause_id)
        if probe is not None:
            return probe.citations
        doc = self.doc(doc_of(clause_id))
        return doc.refs_by_clause.get(clause_id, []) if doc else []

    def facts_of(self, clause_id: str) -> list[AssignmentFact]:
        doc = self.doc(doc_of(clause_id))
        return doc.facts_by_clause.get(clause_id, []) if doc else []

    # ------------------------------------------------------------------ responsibilities
    def commune_names(self, fact: AssignmentFact) -> list[str]:
        """The communes of an assignment, in the order its clause names them."""
        names = []
        for iri in fact.communes:
            place = self.model.place(iri)
            name = place.name if place else iri.rsplit("/", 1)[-1]
            if name not in names:
                names.append(name)
        clause = self.clause(fact.clause_id)
        text = clause.text if clause else fact.evidence
        if clause is not None and fact.start is not None and fact.end is not None:
            text = clause.text[max(0, fact.start - clause.start):max(0, fact.end - clause.start)] or text
        text = name_key(text)
        return sorted(names, key=lambda n: (text.find(name_key(n)) % (len(text) + 1), n))

    def responsibility(self, fact: AssignmentFact, score: float = 0.0, why: str = "") -> Responsibility:
        communes = self.commune_names(fact)
        project_text = self.project_text(fact.clause_id) or (project_label(fact.project) if fact.project else None)
        has_clause = self.clause(fact.clause_id) is not None
        evidence = self.evidence_text(fact.clause_id) if has_clause else fact.evidence
        return Responsibility(
            agency=self.agency_ref(fact.agency), role=fact.role, commune=communes[0] if communes else None,
            communes=communes, task=fact.task, plan=self.plan_ref(fact.doc_id), project=project_text,
            clause=self.clause_ref(fact.clause_id), evidence=evidence, score=round(score, 4), why=why)

    # ------------------------------------------------------------------ names in a question
    def localities_in(self, text: str) -> tuple[list[str], list[str]]:
        """(doc ids of the plans whose district or town the text names, the names found)."""
        _, _, localities = self.model.names()
        docs: list[str] = []
        names: list[str] = []
        for m in localities.find(text):
            if is_commune_mention(m) and not any(is_commune_level(self.plans[d].locality) for d in m.values):
                continue  # "thị trấn Phong Thổ" is a commune, not the district of that name
            docs.extend(d for d in m.values if d not in docs)
            names.append(m.key)
        return docs, names

    def agencies_in(self, text: str, docs: list[str] | None = None) -> list[AgencyRef]:
        agency_names, _, _ = self.model.names()
        matches = agency_names.find(text)
        in_docs = self.model.agency_docs({i for m in matches for i in m.values}, within=docs) if docs else {}
        found: list[AgencyRef] = []
        for m in matches:
            refs = [self.agency_ref(i) for i in m.values]
            if docs:  # the question's district decides between the same office of several districts
                refs = [r for r in refs if in_docs.get(r.iri, set()) & set(docs)]
            found.extend(r for r in refs if r not in found)
        return found

    def communes_in(self, text: str, *, docs: list[str] | None = None) -> list[str]:
        """Place IRIs of the communes named in the text: after a commune level word, or a name that is not
        also a district's."""
        _, place_names, localities = self.model.names()
        locality_keys = {m.key for m in localities.find(text)}
        matches = [m for m in place_names.find(text) if m.key not in locality_keys or is_commune_mention(m)]
        naming = self.model.docs_naming_each({v for m in matches for v in m.values}, within=docs) if docs else {}
        out = []
        for m in matches:
            for value in m.values:
                if docs and not (naming.get(value, set()) & set(docs)):
                    continue
                if value not in out:
                    out.append(value)
        return out

    def commune_key_of(self, place_iri: str) -> str:
        place = self.model.place(place_iri)
        return commune_key(place) if place else place_iri


def cited_document(doc: LegalDoc | None, iri: str, programme: str | None = None) -> CitedDocument:
    """The record of a document node, as answers and pages show it (`programme`: the name of the
    programme the graph says it approves)."""
    if doc is None:
        key = iri.split("/id/doc/", 1)[-1]
        return CitedDocument(key, iri, None, None, None, None, None, key)
    return CitedDocument(key=doc.key, iri=doc.iri, symbol=doc.symbol, type=doc.type, issuer=doc.issuer,
                         date=doc.date, title=doc.title, name=doc.name, doc_id=doc.doc_id,
                         programme=programme or approved_programme(doc.title))


def ocr_note(confidence: float | None) -> str | None:
    """"đọc từ bản quét (OCR, độ tin cậy 83%)" for a clause read by OCR (`cancu:ocrConfidence`), else None:
    what an answer says next to evidence that a machine read from an image."""
    if confidence is None:
        return None
    return f"đọc từ bản quét (OCR, độ tin cậy {round(confidence * 100)}%)"


def mark_ocr(results: list[dict], model: ReadModel) -> list[dict]:
    """Each search result (a dict with its `clause` id) says whether that clause was read by OCR from a
    scan (`ocr_confidence`, `ocr_note`; null for typed text), as the graph records it: the JSON API and
    `cancu search --json` give the same fields."""
    scanned = model.ocr_confidences(str(clause_iri(r["clause"])) for r in results)
    for r in results:
        confidence = scanned.get(str(clause_iri(r["clause"])))
        r["ocr_confidence"], r["ocr_note"] = confidence, ocr_note(confidence)
    return results


def document_key(doc: CitedDocument) -> str:
    """One answer per document as people tell documents apart: its symbol (accent-free), else its name.
    (The graph may hold two nodes for one document, e.g. cited with and without its date.)"""
    if doc.symbol:
        return symbol_key(doc.symbol)
    return "ten:" + name_key(doc.name or doc.title or doc.key)


def doc_of(clause_id: str) -> str:
    return clause_id.split(":", 1)[0]


def is_commune_level(locality: str | None) -> bool:
    """A plan of a commune ("xã Sì Lở Lầu", after 2025 the level below the province)."""
    return name_key(locality or "").startswith(("xa ", "phuong ", "thi tran ", "dac khu "))


def listed_projects(text: str) -> list[str]:
    """"Tiểu dự án 1, 2 Dự án 6" and "Dự án 2, Dự án 4" name projects in lists."""
    return re.findall(r"Dự\s+án\s+(\d{1,2})", text, flags=re.IGNORECASE)


__all__ = ["Knowledge", "MAX_EVIDENCE_CHARS", "cited_document", "document_key", "doc_of", "listed_projects",
           "ocr_note", "strip_level"]
