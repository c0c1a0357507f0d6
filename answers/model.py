"""The read model: what answers, JSON routes and pages know, read from the graph store through SPARQL.

Every reader of the service (CLI, JSON API, web pages) asks this model, and the model asks the graph
(embedded Oxigraph or any SPARQL 1.1 store), so a fact a researcher finds with SPARQL is the fact an
answer or a page shows. Nothing here reads the build's JSON files.

Two layers:
- the **directory**, read once per build: every corpus document, cited document, agency, administrative
  unit and programme, with the labels questions and pages need, and the name tables that find agencies,
  communes and districts in a question (accent-free, abbreviations expanded);
- **document facts**, read on demand, several documents per query, and kept in a bounded cache: one
  document's sections, clauses, citations, assignments and place mentions (targets and budgets for its
  page). Lookups across documents (which documents assign this agency, name this commune, cite that
  decision) are SPARQL queries, so an answer reads only the documents it needs.

Keys are the graph's IRIs. Corpus document ids and clause ids, which are part of those IRIs, are kept
beside them because URLs and the scorer speak them.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

from answers import queries as Q
from answers.queries import P
from answers.text import NameTable, strip_level
from answers.text import key as name_key
from graph import iris
from graph.programmes import approved_programme, best_programme
from graph.vocab import ID
from ingest.vocab.admin import COMMUNE_LEVELS, match_kind

DOC = ID + "doc/"
AGENCY = ID + "agency/"
PLACE = ID + "place/"
SECTION = ID + "section/"
CLAUSE = ID + "clause/"
DOCUMENT_CACHE = 512  # documents whose facts stay in memory (an answer reads a handful)
DIRECTORY_TIMEOUT_S = 600.0  # the directory is read once per build; a large corpus takes a while


# ==================================================================================== records

@dataclass
class Plan:
    """A corpus document as the graph describes it."""

    iri: str
    doc_id: str
    source: str
    symbol: str | None
    type: str | None
    issuer: str | None
    issuer_iri: str | None
    date: str | None
    title: str | None
    locality: str | None
    programme: str | None  # IRI of the programme the document is about (cancu:programme)
    signer: str | None = None
    signer_position: str | None = None
    place: str | None = None
    issuer_parent: str | None = None
    recipients: list[str] = field(default_factory=list)


@dataclass
class LegalDoc:
    """Any document node (cited or in the corpus): what its citations and its own header say."""

    iri: str
    key: str
    symbol: str | None
    type: str | None
    issuer: str | None
    date: str | None
    year: int | None
    title: str | None
    name: str | None
    doc_id: str | None  # the corpus document with this IRI, if any
    programmes: list[str] = field(default_factory=list)  # IRIs of the programmes it approves

    @property
    def label(self) -> str:
        if self.symbol:
            return " ".join(p for p in (self.type, self.symbol) if p)
        return _short(self.name or self.title or self.key, 120)


@dataclass
class Agency:
    iri: str
    key: str
    label: str
    canonical: str
    type_key: str | None
    type_label: str | None
    locality: str | None
    locality_iri: str | None
    generic: bool
    collective: bool
    names: list[str] = field(default_factory=list)  # other names documents give it


@dataclass
class Place:
    iri: str
    key: str
    name: str
    level: str | None
    code: str | None
    parent: str | None  # IRI

    @property
    def label(self) -> str:
        return f"{self.level} {self.name}".strip() if self.level else self.name


@dataclass
class Programme:
    iri: str
    name: str
    names: list[str]
    approved_by: list[str]  # document IRIs


@dataclass
class Section:
    id: str
    iri: str
    doc_id: str
    parent: str | None  # section id; None under the document
    path: str
    label: str
    title: str
    kind: str
    level: int
    start: int
    project: str | None = None  # "Dự án 4": the programme project the section stands in
    subproject: str | None = None  # "Tiểu dự án 2"
    children: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)


@dataclass
class Clause:
    id: str
    iri: str
    doc_id: str
    section_id: str
    text: str
    kind: str
    position: int
    start: int
    end: int
    marker: str | None = None
    lead_in: str | None = None
    breadcrumb: list[str] = field(default_factory=list)
    ocr_confidence: float | None = None  # 0..1 when the clause was read by OCR from a scan (cancu:ocrConfidence)


@dataclass
class Attachment:
    """A text printed after the signature and issued with the document (cancu:Attachment): a Quy chế, Quy
    định, Quy trình "ban hành kèm theo", an annex. Its body is the section `section_id` of the document."""

    iri: str
    section_id: str  # f"{doc_id}:A1"
    path: str  # "A1"
    kind: str | None  # "Quy chế", "Phụ lục"; None for text after the signature without a title
    title: str | None
    caption: str | None  # "(Ban hành kèm theo Quyết định số ...)"
    issuing_symbol: str | None  # the symbol the caption names


@dataclass
class CitationFact:
    iri: str
    doc_id: str
    clause_id: str
    cited: str  # IRI of the cited document
    relation: str
    as_written: str | None
    start: int | None
    end: int | None
    evidence: str  # the sentence it was read from (the clause when the graph keeps no other)


@dataclass
class AssignmentFact:
    iri: str
    doc_id: str
    clause_id: str
    agency: str  # IRI
    role: str
    task: str | None
    verb: str | None
    communes: list[str]  # place IRIs
    reporter: str | None
    project: str | None
    start: int | None
    end: int | None
    evidence: str


@dataclass
class MentionFact:
    iri: str
    doc_id: str
    clause_id: str
    place: str
    start: int | None
    end: int | None


@dataclass
class TargetFact:
    clause_id: str
    indicator: str
    value: float
    max_value: float | None
    of: float | None
    unit: str | None
    comparator: str
    year: int | None
    start: int | None
    end: int | None
    commune: str | None = None  # IRI of the one commune the text sets it for (cancu:forCommune)


@dataclass
class BudgetFact:
    clause_id: str
    amount_million_vnd: float
    source: str | None
    purpose: str | None
    programme: str | None
    start: int | None
    end: int | None
    commune: str | None = None  # IRI of the one commune the text sets it for (cancu:forCommune)
    year: int | None = None  # cancu:budgetYear


@dataclass
class ClauseProbe:
    """A clause as ranking sees it before its document is read (`ReadModel.probe`)."""

    text: str = ""
    kind: str = "paragraph"
    project: str | None = None
    subproject: str | None = None
    citations: list[CitationFact] = field(default_factory=list)
    agencies: set[str] = field(default_factory=set)


@dataclass
class DocumentFacts:
    """One corpus document's structure and facts, as the graph holds them."""

    plan: Plan
    sections: dict[str, Section]  # by id; the body's root is f"{doc_id}:body"
    clauses: dict[str, Clause]  # by id, in document order
    citations: list[CitationFact]
    assignments: list[AssignmentFact]
    mentions: list[MentionFact]
    refs_by_clause: dict[str, list[CitationFact]] = field(default_factory=dict)
    facts_by_clause: dict[str, list[AssignmentFact]] = field(default_factory=dict)
    targets: list[TargetFact] = field(default_factory=list)
    budgets: list[BudgetFact] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)  # in document order

    def __post_init__(self) -> None:
        by_clause: dict[str, list] = defaultdict(list)
        for c in self.citations:
            by_clause[c.clause_id].append(c)
        self.refs_by_clause = dict(by_clause)
        by_clause = defaultdict(list)
        for a in self.assignments:
            by_clause[a.clause_id].append(a)
        self.facts_by_clause = dict(by_clause)

    @property
    def root(self) -> Section:
        return self.sections[f"{self.plan.doc_id}:body"]

    def clauses_of_kind(self, kind: str) -> list[Clause]:
        return [c for c in self.clauses.values() if c.kind == kind]

    def section_chain(self, section_id: str | None) -> list[Section]:
        """The section and its ancestors, innermost first (the body's root excluded)."""
        out = []
        while section_id:
            section = self.sections.get(section_id)
            if section is None or section.kind == "root":
                break
            out.append(section)
            section_id = section.parent
        return out

    def subtree_clauses(self, section_id: str | None) -> list[str]:
        section = self.sections.get(section_id or "")
        if section is None:
            return []
        out, stack = [], [section]
        while stack:
            s = stack.pop()
            out.extend(s.clauses)
            stack.extend(self.sections[c] for c in reversed(s.children))
        return out


# ==================================================================================== the model

class ReadModel:
    """The graph of one build, as answers and pages read it. Thread-safe; built lazily."""

    def __init__(self, store, *, cache_documents: int = DOCUMENT_CACHE) -> None:
        self.store = store
        self._lock = threading.RLock()
        self._loaded = False
        self._cache: OrderedDict[str, DocumentFacts] = OrderedDict()
        self._cache_size = cache_documents
        self._aggregates: dict[str, list[dict[str, str]]] = {}
        # Documents per query. Oxigraph joins `VALUES ?doc` with the whole corpus but walks its indexes from a
        # single IRI, so on the embedded store one query per document is fastest and does not grow with the
        # corpus; a server across the network is asked about many documents at once (one round trip).
        self._batch = 1 if type(store).__name__ == "OxigraphStore" else 25

    # ------------------------------------------------------------------ SPARQL
    def rows(self, sparql: str, *, timeout: float | None = None) -> list[dict[str, str]]:
        """Rows of a SELECT as {variable: lexical value}, unbound variables left out, no row cap."""
        direct = getattr(self.store, "select_lexical", None)
        if direct is not None:  # the embedded store: in this thread, no conversion to rdflib terms
            variables, rows = direct(sparql)
            return [{v: t for v, t in zip(variables, row) if t is not None} for row in rows]
        result = self.store.query(sparql, timeout=timeout, max_rows=0)
        out = []
        for row in result.rows:
            out.append({v: str(t) for v, t in zip(result.variables, row) if t is not None})
        return out

    def tuples(self, sparql: str, variables: tuple[str, ...]) -> list[tuple[str | None, ...]]:
        """Rows of a SELECT as tuples of lexical values in the order of `variables` (None when unbound)."""
        direct = getattr(self.store, "select_lexical", None)
        if direct is None:
            return [tuple(row.get(v) for v in variables) for row in self.rows(sparql)]
        names, rows = direct(sparql)
        if tuple(names) == variables:
            return rows
        at = [list(names).index(v) for v in variables]
        return [tuple(row[i] for i in at) for row in rows]

    def aggregate(self, sparql: str) -> list[dict[str, str]]:
        """Rows of a query over the whole corpus (counts, edges for the graph view), computed once per build:
        the build never changes, and at scale such a query takes seconds."""
        with self._lock:
            if sparql in self._aggregates:
                return self._aggregates[sparql]
        rows = self.rows(sparql, timeout=DIRECTORY_TIMEOUT_S)
        with self._lock:
            self._aggregates[sparql] = rows
        return rows

    def _describe(self, pattern: str, props: dict[str, str]) -> dict[str, dict[str, list[str]]]:
        """{subject: {property name: [values]}} for the subjects matching `pattern` (binding ?s)."""
        out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for name, prop in props.items():  # one property per query: every engine starts from the class
            for row in self.rows(Q.describe(pattern, prop), timeout=DIRECTORY_TIMEOUT_S):
                values = out[row["s"]][name]
                if row["o"] not in values:
                    values.append(row["o"])
        return out

    # ------------------------------------------------------------------ the directory
    def _ensure(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if not self._loaded:
                self._load_directory()
                self._loaded = True

    def _load_directory(self) -> None:
        labels: dict[str, dict[bool, list[str]]] = defaultdict(lambda: defaultdict(list))
        for row in self.rows(Q.CODE_LABELS, timeout=DIRECTORY_TIMEOUT_S):
            labels[row["code"]][row.get("lang", "").startswith("vi")].append(row["label"])
        self.code_labels: dict[str, str] = {code: _pick_label(by_lang[True] or by_lang[False])
                                            for code, by_lang in labels.items()}
        self.places: dict[str, Place] = {}
        for s, p in self._describe(Q.PLACES, Q.PLACE_PROPS).items():
            level = self._code_label(_first(p.get("level")))
            self.places[s] = Place(s, unquote(s[len(PLACE):]), _pick_label(p.get("label")) or "", level,
                                   _first(p.get("code")), _first(p.get("within")))
        self.programmes: dict[str, Programme] = {}
        approves: dict[str, list[str]] = defaultdict(list)
        for s, p in self._describe(Q.PROGRAMMES, Q.PROGRAMME_PROPS).items():
            self.programmes[s] = Programme(s, _pick_label(p.get("label")) or "", sorted(p.get("alt", [])),
                                           sorted(p.get("approvedBy", [])))
            for doc in p.get("approvedBy", []):
                approves[doc].append(s)
        self.projects: dict[str, tuple[str | None, str | None, str | None]] = {}  # notation, label, broader
        for s, p in self._describe(Q.PROJECTS, Q.PROJECT_PROPS).items():
            broader = [b for b in p.get("broader", []) if b not in self.programmes]
            self.projects[s] = (_first(p.get("notation")), _pick_label(p.get("label")), _first(broader))
        self.agencies: dict[str, Agency] = {}
        for s, p in self._describe(Q.AGENCIES, Q.AGENCY_PROPS).items():
            self.agencies[s] = self._agency(s, p)
        self.legal: dict[str, LegalDoc] = {}
        for s, p in self._describe(Q.LEGAL_DOCS, Q.LEGAL_PROPS).items():
            self.legal[s] = self._legal(s, p, sorted(approves.get(s, [])))
        described = self._describe(Q.PLANS, Q.PLAN_PROPS)
        localities = self._assignment_localities([s for s, p in described.items() if self._issuer(p)[1] is None])
        self.plans: dict[str, Plan] = {}
        for s, p in described.items():
            plan = self._plan(s, p, localities.get(s))
            self.plans[plan.doc_id] = plan
        self.plan_by_iri = {p.iri: p for p in self.plans.values()}
        for doc in self.legal.values():
            plan = self.plan_by_iri.get(doc.iri)
            doc.doc_id = plan.doc_id if plan else None
        self._name_tables()

    def _code_label(self, code: str | None) -> str | None:
        if not code:
            return None
        return self.code_labels.get(code) or code.rsplit("/", 1)[-1]

    def _agency(self, iri: str, p: dict[str, list[str]]) -> Agency:
        label = _pick_label(p.get("label")) or unquote(iri.rsplit("/", 1)[-1])
        place = _first(p.get("locality"))
        locality = self.locality_label(place) if place else None
        type_iri = _first(p.get("type"))
        # the body without its place, as plans name it ("Phòng Tư pháp", "Ủy ban nhân dân cấp xã"): the
        # label of its kind of body, which the graph mints from the extractor's canonical name
        canonical = self._code_label(type_iri) if type_iri in self.code_labels else (
            iris.body_of(label)[0] if locality else label)
        generic = "true" in p.get("generic", [])
        return Agency(iri=iri, key=unquote(iri[len(AGENCY):]), label=label, canonical=canonical,
                      type_key=type_iri.rsplit("/", 1)[-1] if type_iri else None,
                      type_label=self._code_label(type_iri), locality=locality, locality_iri=place,
                      generic=generic, collective=generic and _is_collective(canonical),
                      names=sorted(set(p.get("alt", [])) - {label}))

    def _legal(self, iri: str, p: dict[str, list[str]], programmes: list[str]) -> LegalDoc:
        date = _first(sorted(p.get("date", [])))
        year = _first(p.get("year"))
        return LegalDoc(
            iri=iri, key=unquote(iri[len(DOC):]) if iri.startswith(DOC) else iri,
            symbol=_pick_symbol(p.get("symbol")), type=self._code_label(_first(p.get("type"))),
            issuer=self._issuer_label(p.get("issuer")), date=date,
            year=int(str(year)[:4]) if year else (int(date[:4]) if date else None),
            title=_longest(p.get("title")), name=_longest(p.get("short")), doc_id=None, programmes=programmes)

    def _issuer_label(self, orgs: list[str] | None) -> str | None:
        labels = [self.agencies[o].label for o in orgs or [] if o in self.agencies]
        return min(labels, key=lambda x: (len(x), x)) if labels else None

    def _assignment_localities(self, docs: list[str]) -> dict[str, str]:
        """The locality most assignments of a document are scoped to, for the plans whose issuer names none
        (asked for those only: counted over the whole corpus, it was a fifth of the directory's time)."""
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for start in range(0, len(docs), 100):
            chunk = Q.values("doc", docs[start:start + 100])
            for row in self.rows(Q.ASSIGNMENT_LOCALITIES.replace("__VALUES__", chunk), timeout=DIRECTORY_TIMEOUT_S):
                counts[row["doc"]][row["place"]] = int(row["n"])
        out = {}
        for doc, by_place in counts.items():
            best = max(sorted(by_place), key=by_place.get)
            out[doc] = best
        return out

    def _issuer(self, p: dict[str, list[str]]) -> tuple[str | None, str | None]:
        """(the IRI of the plan's issuer, the place it names): the issuer with a locality first."""
        issuers = p.get("issuer", [])
        issuer_iri = next((o for o in issuers if self.agencies.get(o) and self.agencies[o].locality), None) \
            or _first(issuers)
        issuer = self.agencies.get(issuer_iri) if issuer_iri else None
        return issuer_iri, issuer.locality_iri if issuer and issuer.locality_iri else None

    def _plan(self, iri: str, p: dict[str, list[str]], fallback_place: str | None) -> Plan:
        doc_id = _first(p.get("id")) or ""
        issuer_iri, own_place = self._issuer(p)
        issuer = self.agencies.get(issuer_iri) if issuer_iri else None
        place = own_place or fallback_place
        locality = self.locality_label(place) if place else (_first(p.get("place")) or None)
        parent = _first(p.get("issuerParent"))
        return Plan(
            iri=iri, doc_id=doc_id, source=_first(p.get("source")) or doc_id, symbol=_pick_symbol(p.get("symbol")),
            type=self._code_label(_first(p.get("type"))), issuer=issuer.label if issuer else None,
            issuer_iri=issuer_iri, date=_first(sorted(p.get("date", []))), title=_longest(p.get("title")),
            locality=locality, programme=_first(p.get("programme")), signer=_first(p.get("signer")),
            signer_position=_first(p.get("position")), place=_first(p.get("place")),
            issuer_parent=self.agencies[parent].label if parent in self.agencies else None,
            recipients=sorted(p.get("recipient", [])))

    def title_keys(self) -> dict[str, str]:
        """{doc_id: " folded words of its title "}: what a question's place names are looked up in."""
        self._ensure()
        return self._title_keys

    def locality_label(self, place_iri: str) -> str:
        """"huyện Phong Thổ": the level and the name of an administrative unit."""
        place = self.places.get(place_iri)
        if place is None:
            return unquote(place_iri.rsplit("/", 1)[-1])
        return place.label

    def _name_tables(self) -> None:
        self.agency_names: NameTable[str] = NameTable()
        for a in sorted(self.agencies.values(), key=lambda a: a.key):
            if not a.generic:
                self.agency_names.add(a.canonical, a.iri)
                self.agency_names.add(a.label, a.iri)
                self.agency_names.add(_without_trailing_level(a.canonical), a.iri)
        self._title_keys = {d: f" {name_key(p.title)} " for d, p in self.plans.items()}
        self.locality_names: NameTable[str] = NameTable()
        for plan in self.plans.values():
            if plan.locality:
                self.locality_names.add(strip_level(name_key(plan.locality)), plan.doc_id)
                self.locality_names.add(plan.locality, plan.doc_id)
        self.place_names: NameTable[str] = NameTable()
        for place in self.places.values():
            if (place.level or "xã") in COMMUNE_LEVELS:
                bare = strip_level(name_key(place.name))
                if bare:
                    self.place_names.add(bare, place.iri)

    # ------------------------------------------------------------------ directory accessors
    def all_plans(self) -> dict[str, Plan]:
        self._ensure()
        return self.plans

    def plan(self, doc_id: str) -> Plan | None:
        self._ensure()
        return self.plans.get(doc_id)

    def agency(self, iri: str) -> Agency | None:
        self._ensure()
        return self.agencies.get(iri)

    def agency_by_key(self, key: str) -> Agency | None:
        self._ensure()
        return self.agencies.get(AGENCY + key)

    def all_agencies(self) -> dict[str, Agency]:
        self._ensure()
        return self.agencies

    def place(self, iri: str) -> Place | None:
        self._ensure()
        return self.places.get(iri)

    def all_places(self) -> dict[str, Place]:
        self._ensure()
        return self.places

    def legal_doc(self, iri: str) -> LegalDoc | None:
        self._ensure()
        return self.legal.get(iri)

    def legal_docs(self) -> dict[str, LegalDoc]:
        self._ensure()
        return self.legal

    def programme(self, iri: str | None) -> Programme | None:
        self._ensure()
        return self.programmes.get(iri or "")

    def names(self) -> tuple[NameTable[str], NameTable[str], NameTable[str]]:
        """(agency names -> agency IRIs, commune names -> place IRIs, districts -> corpus doc ids)."""
        self._ensure()
        return self.agency_names, self.place_names, self.locality_names

    def district_of(self, place_iri: str) -> str | None:
        """The label of the unit a commune lies within ("huyện Phong Thổ")."""
        place = self.place(place_iri)
        if place is None or not place.parent:
            return None
        return self.locality_label(place.parent)

    # ------------------------------------------------------------------ documents
    def document(self, doc_id: str) -> DocumentFacts | None:
        return self.documents([doc_id]).get(doc_id)

    def clear_cache(self) -> None:
        """Forget the documents read so far (benchmarks measure cold answers)."""
        with self._lock:
            self._cache.clear()

    def is_cached(self, doc_id: str) -> bool:
        with self._lock:
            return doc_id in self._cache

    def documents(self, doc_ids: Iterable[str]) -> dict[str, DocumentFacts]:
        """Facts of several corpus documents, read with one query per kind of fact for those not cached."""
        self._ensure()
        wanted = [d for d in dict.fromkeys(doc_ids) if d in self.plans]
        out: dict[str, DocumentFacts] = {}
        missing = []
        with self._lock:
            for d in wanted:
                if d in self._cache:
                    self._cache.move_to_end(d)
                    out[d] = self._cache[d]
                else:
                    missing.append(d)
        for start in range(0, len(missing), self._batch):
            loaded = self._load_documents(missing[start:start + self._batch])
            with self._lock:
                for d, facts in loaded.items():
                    self._cache[d] = facts
                    self._cache.move_to_end(d)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
            out.update(loaded)
        return {d: out[d] for d in wanted if d in out}

    def _load_documents(self, doc_ids: list[str]) -> dict[str, DocumentFacts]:
        """Every statement about the sections, clauses and facts of these documents (`?s cancu:inDocument
        <doc> . ?s ?p ?o`), assembled into their records. One pass over each document's own subjects is
        cheaper than one query per kind of fact, and the same query on every store."""
        plans = {self.plans[d].iri: self.plans[d] for d in doc_ids}
        if len(plans) == 1:  # rows as tuples: a document is about 1,600 rows, one dict each cost 10% of reading it
            ((iri, plan),) = plans.items()
            described: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
            for s, p, o in self.tuples(Q.DESCRIBE_DOCUMENT.replace("__DOC__", f"<{iri}>"), ("s", "p", "o")):
                described[s][p].append(o)
            return {plan.doc_id: self._assemble(plan, described)}
        rows = self.rows(Q.DESCRIBE_DOCUMENTS.replace("__DOCS__", Q.values("doc", plans)))
        subjects: dict[str, dict[str, dict[str, list[str]]]] = {p.doc_id: defaultdict(lambda: defaultdict(list))
                                                                 for p in plans.values()}
        for row in rows:
            subjects[plans[row["doc"]].doc_id][row["s"]][row["p"]].append(row["o"])
        return {doc_id: self._assemble(self.plans[doc_id], described) for doc_id, described in subjects.items()}

    def _project(self, iri: str | None) -> tuple[str | None, str | None]:
        """("Dự án 4", "Tiểu dự án 2") of a project node (its notation and its parent project's)."""
        node = self.projects.get(iri or "")
        if node is None:
            return None, None
        parent = self.projects.get(node[2] or "")
        return _project_parts(node[0], parent[0] if parent else None)

    def _assemble(self, plan: Plan, described: dict[str, dict[str, list[str]]]) -> DocumentFacts:
        doc_id = plan.doc_id
        kinds: dict[str, list[str]] = defaultdict(list)
        for subject, props in described.items():
            for t in props.get(P.TYPE, ()):
                kinds[t].append(subject)
        sections: dict[str, Section] = {}
        by_iri: dict[str, Section] = {}
        for iri in kinds[P.SECTION]:
            d = described[iri]
            project, subproject = self._project(_first(d.get(P.ABOUT_PROJECT)))
            path = _first(d.get(P.SECTION_PATH)) or ""
            section = Section(id=f"{doc_id}:{path}", iri=iri, doc_id=doc_id, parent=_first(d.get(P.PART_OF)), path=path,
                              label=_first(d.get(P.NUMBER)) or "", title=_first(d.get(P.TITLE)) or "",
                              kind=_first(d.get(P.HEADING_KIND)) or "", level=_int(_first(d.get(P.LEVEL))) or 1,
                              start=_int(_first(d.get(P.START))) or 0, project=project, subproject=subproject)
            sections.setdefault(section.id, section)
            by_iri[iri] = sections[section.id]
        root = Section(id=f"{doc_id}:body", iri="", doc_id=doc_id, parent=None, path="", label="", title="",
                       kind="root", level=0, start=-1)
        for section in sorted(sections.values(), key=lambda x: (x.start, x.path)):
            parent = by_iri.get(section.parent or "")
            section.parent = parent.id if parent is not None else root.id
            (parent or root).children.append(section.id)
        sections[root.id] = root
        clause_list = []
        for iri in kinds[P.CLAUSE]:
            d = described[iri]
            kind = _first(d.get(P.CLAUSE_KIND)) or "paragraph"
            part = by_iri.get(_first(d.get(P.PART_OF)) or "")
            section_id = part.id if part is not None else f"{doc_id}:" + (
                kind if kind in ("preamble", "closing") else "body")
            crumbs = _first(d.get(P.BREADCRUMB))
            clause_list.append(Clause(
                id=_first(d.get(P.CLAUSE_ID)) or iri, iri=iri, doc_id=doc_id, section_id=section_id,
                text=_first(d.get(P.TEXT)) or "", kind=kind, position=_int(_first(d.get(P.POSITION))) or 0,
                start=_int(_first(d.get(P.START))) or 0, end=_int(_first(d.get(P.END))) or 0,
                marker=_first(d.get(P.MARKER)), lead_in=_first(d.get(P.LEAD_IN)),
                breadcrumb=crumbs.split(" › ") if crumbs else [],
                ocr_confidence=_float(_first(d.get(P.OCR_CONFIDENCE)))))
        clauses: dict[str, Clause] = {}
        clause_of: dict[str, str] = {}
        for c in sorted(clause_list, key=lambda c: c.position):
            if c.id not in clauses:
                clauses[c.id] = c
                clause_of[c.iri] = c.id
                holder = sections.get(c.section_id)
                if holder is not None:
                    holder.clauses.append(c.id)

        def where(d: dict[str, list[str]]) -> tuple[str, int | None, int | None]:
            return (clause_of.get(_first(d.get(P.DERIVED_FROM)) or "", ""), _int(_first(d.get(P.START))),
                    _int(_first(d.get(P.END))))

        def order(clause_id: str, start: int | None, iri: str) -> tuple:
            return (_order(clauses, clause_id), start or 0, iri)

        citations = []
        for iri in kinds[P.CITATION]:
            d = described[iri]
            clause_id, start, end = where(d)
            clause = clauses.get(clause_id)
            citations.append(CitationFact(
                iri=iri, doc_id=doc_id, clause_id=clause_id, cited=_first(d.get(P.CITED)) or "",
                relation=(_first(d.get(P.RELATION)) or "mention").rsplit("/", 1)[-1],
                as_written=_first(d.get(P.AS_WRITTEN)), start=start, end=end,
                evidence=_first(d.get(P.EVIDENCE)) or (clause.text if clause else "")))
        assignments = []
        for iri in kinds[P.ASSIGNMENT]:
            d = described[iri]
            clause_id, start, end = where(d)
            clause = clauses.get(clause_id)
            project, subproject = self._project(_first(d.get(P.ABOUT_PROJECT)))
            communes = sorted(set(d.get(P.COMMUNE, [])), key=lambda i: self.places[i].name if i in self.places else i)
            assignments.append(AssignmentFact(
                iri=iri, doc_id=doc_id, clause_id=clause_id, agency=_first(d.get(P.AGENCY)) or "",
                role=(_first(d.get(P.ROLE)) or "").rsplit("/", 1)[-1], task=_first(d.get(P.TASK)),
                verb=_first(d.get(P.VERB)), communes=communes, reporter=_first(d.get(P.REPORTER)),
                project=project or subproject, start=start, end=end,
                evidence=_first(d.get(P.EVIDENCE)) or (clause.text if clause else "")))
        mentions = []
        for iri in kinds[P.MENTION]:
            d = described[iri]
            clause_id, start, end = where(d)
            mentions.append(MentionFact(iri, doc_id, clause_id, _first(d.get(P.PLACE)) or "", start, end))
        targets = []
        for iri in kinds[P.TARGET]:
            d = described[iri]
            clause_id, start, end = where(d)
            year = _first(d.get(P.TARGET_TIME))
            targets.append((order(clause_id, start, iri), TargetFact(
                clause_id, _first(d.get(P.INDICATOR)) or "", _float(_first(d.get(P.VALUE))) or 0.0,
                _float(_first(d.get(P.MAX_VALUE))), _float(_first(d.get(P.DENOMINATOR))),
                self._code_label(_first(d.get(P.UNIT))),
                Q.COMPARATOR_SIGNS.get((_first(d.get(P.COMPARATOR)) or "").rsplit("/", 1)[-1], "="),
                _int(year.rsplit("/", 1)[-1][:4]) if year else None, start, end,
                commune=_first(d.get(P.FOR_COMMUNE)))))
        budgets = []
        for iri in kinds[P.BUDGET]:
            d = described[iri]
            clause_id, start, end = where(d)
            project = self.projects.get(_first(d.get(P.ABOUT_PROJECT)) or "")
            programme = self.programmes.get(_first(d.get(P.PROGRAMME)) or "")
            budget_year = _first(d.get(P.BUDGET_YEAR))
            budgets.append((order(clause_id, start, iri), BudgetFact(
                clause_id, _float(_first(d.get(P.VALUE))) or 0.0, self._code_label(_first(d.get(P.FUNDING))),
                _first(d.get(P.PURPOSE)), project[1] if project else (programme.name if programme else None),
                start, end, commune=_first(d.get(P.FOR_COMMUNE)),
                year=_int(budget_year.rsplit("/", 1)[-1][:4]) if budget_year else None)))
        facts = DocumentFacts(
            plan=plan, sections=sections, clauses=clauses,
            citations=sorted(citations, key=lambda c: order(c.clause_id, c.start, c.iri)),
            assignments=sorted(assignments, key=lambda f: (_order(clauses, f.clause_id), f.start or 0,
                                                           self._named_at(clauses, f), f.iri)),
            mentions=sorted(mentions, key=lambda m: order(m.clause_id, m.start, m.iri)))
        facts.targets = [t for _, t in sorted(targets, key=lambda x: x[0])]
        facts.budgets = [b for _, b in sorted(budgets, key=lambda x: x[0])]
        attachments = []
        for iri in kinds[P.ATTACHMENT]:
            d, section = described[iri], by_iri.get(iri)
            if section is None:
                continue
            attachments.append(Attachment(
                iri=iri, section_id=section.id, path=section.path, kind=_first(d.get(P.ATTACHMENT_KIND)),
                title=_first(d.get(P.TITLE)), caption=_first(d.get(P.CAPTION)),
                issuing_symbol=_first(d.get(P.ISSUING_SYMBOL))))
        facts.attachments = sorted(attachments, key=lambda a: (sections[a.section_id].start, a.path))
        return facts

    def _named_at(self, clauses: dict[str, Clause], fact: AssignmentFact) -> int:
        """Where the clause (else the headings above it) names the fact's agency: several agencies of one
        sentence keep the order the text gives them."""
        clause, agency = clauses.get(fact.clause_id), self.agencies.get(fact.agency)
        if clause is None or agency is None:
            return 1 << 30
        text = (clause.text + " › " + " › ".join(reversed(clause.breadcrumb))).casefold()
        found = [text.find(n.casefold()) for n in (*agency.names, agency.canonical, agency.label) if n]
        return min((i for i in found if i >= 0), default=1 << 30)

    def targets_of(self, doc_id: str) -> list[TargetFact]:
        doc = self.document(doc_id)
        return list(doc.targets) if doc else []

    def budgets_of(self, doc_id: str) -> list[BudgetFact]:
        doc = self.document(doc_id)
        return list(doc.budgets) if doc else []

    # ------------------------------------------------------------------ one clause, before its document
    def probe(self, clause_iri: str) -> ClauseProbe:
        """What ranking needs to know of a candidate clause without reading its whole document: its text, its
        kind, the project its section stands in, the documents it cites, whether it assigns anything."""
        probe = ClauseProbe()
        for row in self.rows(Q.CLAUSE_PROBE.replace("__C__", f"<{clause_iri}>")):
            what = row.get("what")
            if what == "clause":
                probe.text = row.get("text", probe.text)
                probe.kind = row.get("kind", probe.kind)
                if row.get("projectLabel"):
                    probe.project, probe.subproject = _project_parts(row["projectLabel"], row.get("parentLabel"))
            elif what == "citation" and row["f"] not in {c.iri for c in probe.citations}:
                probe.citations.append(CitationFact(
                    iri=row["f"], doc_id="", clause_id="", cited=row["cited"],
                    relation=row["relation"].rsplit("/", 1)[-1], as_written=None, start=_int(row.get("start")),
                    end=None, evidence=row.get("evidence") or ""))
            elif what == "assignment":
                probe.agencies.add(row["agency"])
        return probe

    def subtree_assigns(self, clause_iri: str) -> bool:
        """Whether any clause of the clause's section (or below it) assigns a task."""
        return bool(self.rows(Q.SUBTREE_HAS_ASSIGNMENT.replace("__C__", f"<{clause_iri}>")))

    # ------------------------------------------------------------------ lookups across documents
    def lookup(self, template: str, variable: str, iris: Iterable[str]) -> list[dict[str, str]]:
        """Rows of a query about some nodes (`?variable` in `template`, `__VALUES__` where they are listed).
        On the embedded store it runs once per node with the IRI written in (its engine joins a `VALUES`
        list with the whole corpus, but walks its indexes from one IRI); elsewhere once per batch."""
        iris = list(dict.fromkeys(iris))
        out: list[dict[str, str]] = []
        if self._batch == 1:
            head, where = template.replace("__VALUES__", "").split("WHERE", 1)
            head = re.sub(rf"\?{variable}\b", "", head)
            for iri in iris:
                query = head + "WHERE" + re.sub(rf"\?{variable}\b", f"<{iri}>", where)
                for row in self.rows(query):
                    row[variable] = iri
                    out.append(row)
            return out
        for start in range(0, len(iris), 100):
            chunk = iris[start:start + 100]
            out.extend(self.rows(template.replace("__VALUES__", Q.values(variable, chunk))))
        return out

    def docs_assigning(self, agency_iris: Iterable[str], *, as_reporter: bool = False) -> list[str]:
        """Corpus documents with an assignment to one of these agencies (or from it, as a reporter)."""
        query = Q.DOCS_OF_AGENCIES_AS_REPORTER if as_reporter else Q.DOCS_OF_AGENCIES
        return self._doc_ids(self.lookup(query, "agency", agency_iris))

    def agency_docs(self, agency_iris: Iterable[str], *, within: Iterable[str] | None = None) -> dict[str, set[str]]:
        """{agency IRI: corpus doc ids with an assignment to it}; only among the documents `within` when given."""
        return self._nodes_in_docs(Q.DOCS_OF_AGENCIES, Q.AGENCIES_OF_DOCS, "agency", agency_iris, within)

    def _nodes_in_docs(self, by_node: str, by_doc: str, variable: str, iris: Iterable[str],
                       within: Iterable[str] | None) -> dict[str, set[str]]:
        """{node IRI: corpus doc ids that name it}, asked from whichever side has fewer IRIs: the nodes
        (`by_node`, one lookup each), or the documents `within` (`by_doc`: which nodes each names). The
        answer is the same; a question's scope is often three plans while its names match hundreds of nodes."""
        self._ensure()
        nodes = set(iris)
        wanted = None if within is None else {d for d in within if d in self.plans}
        out: dict[str, set[str]] = defaultdict(set)
        if wanted is not None:
            if len(wanted) < len(nodes):
                rows = self.lookup(by_doc, "doc", sorted(self.plans[d].iri for d in wanted))
                for row in rows:
                    if row[variable] in nodes:
                        out[row[variable]].add(self.plan_by_iri[row["doc"]].doc_id)
                return out
        for row in self.lookup(by_node, variable, nodes):
            plan = self.plan_by_iri.get(row["doc"])
            if plan is not None and (wanted is None or plan.doc_id in wanted):
                out[row[variable]].add(plan.doc_id)
        return out

    def docs_naming(self, place_iris: Iterable[str]) -> list[str]:
        """Corpus documents that name one of these places (an assignment's commune or a mention)."""
        return self._doc_ids(self.lookup(Q.DOCS_OF_PLACES, "place", place_iris))

    def docs_naming_each(self, place_iris: Iterable[str], *, within: Iterable[str] | None = None) -> dict[str, set[str]]:
        """{place IRI: corpus doc ids that name it}; only among the documents `within` when given."""
        return self._nodes_in_docs(Q.DOCS_OF_PLACES, Q.PLACES_OF_DOCS, "place", place_iris, within)

    def docs_setting_for(self, place_iris: Iterable[str]) -> list[str]:
        """Corpus documents with a target or budget set for one of these communes (cancu:forCommune)."""
        return self._doc_ids(self.lookup(Q.DOCS_SETTING_FOR, "place", place_iris))

    def ocr_confidences(self, clause_iris: Iterable[str]) -> dict[str, float]:
        """{clause IRI: OCR confidence} of the clauses read from a scan (the others are left out)."""
        out = {}
        for row in self.lookup(Q.OCR_CONFIDENCE, "clause", clause_iris):
            value = _float(row.get("confidence"))
            if value is not None:
                out[row["clause"]] = value
        return out

    def docs_citing(self, cited_iris: Iterable[str]) -> list[str]:
        return self._doc_ids(self.lookup(Q.DOCS_CITING, "cited", cited_iris))

    def _doc_ids(self, rows: list[dict[str, str]]) -> list[str]:
        self._ensure()
        found = {self.plan_by_iri[r["doc"]].doc_id for r in rows if r.get("doc") in self.plan_by_iri}
        return sorted(found)

    # ------------------------------------------------------------------ programmes of a document
    def programmes_cited_by(self, facts: DocumentFacts) -> dict[str, tuple[Programme, CitationFact]]:
        """Programmes approved by the documents this one cites, by name, with the first such citation."""
        out: dict[str, tuple[Programme, CitationFact]] = {}
        for ref in facts.citations:
            doc = self.legal.get(ref.cited)
            for p in (self.programmes[i] for i in (doc.programmes if doc else []) if i in self.programmes):
                out.setdefault(p.name, (p, ref))
            if doc is not None and not doc.programmes:  # a title read here that the graph did not key
                name = approved_programme(doc.title)
                if name and name not in out:
                    out[name] = (Programme("", name, [], [ref.cited]), ref)
        return out

    def main_programme(self, facts: DocumentFacts) -> str | None:
        """The programme a document is about: the graph's cancu:programme, else the cited approval its
        title names."""
        own = self.programmes.get(facts.plan.programme or "")
        cited = self.programmes_cited_by(facts)
        if own is not None:
            for name, (p, _) in cited.items():
                if p.iri == own.iri:
                    return name
            return own.name
        return best_programme(facts.plan.title or "", list(cited))


# ==================================================================================== helpers

def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _longest(values: list[str] | None) -> str | None:
    """Of the ways documents write one title, the fullest (deterministic: longest, then first)."""
    return min(values, key=lambda v: (-len(v), v)) if values else None


def _pick_label(values: list[str] | None) -> str | None:
    """One label out of several spellings: the one written with the most capitals, then the shortest."""
    if not values:
        return None
    return min(values, key=lambda v: (not v[:1].isupper(), v.isupper(), len(v), v))


def _pick_symbol(values: list[str] | None) -> str | None:
    if not values:
        return None
    return min(values, key=lambda v: (len(v), v))


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _order(clauses: dict[str, Clause], clause_id: str) -> int:
    c = clauses.get(clause_id)
    return c.position if c is not None else 1 << 30


def _project_parts(label: str | None, parent_label: str | None) -> tuple[str | None, str | None]:
    """("Dự án 4", "Tiểu dự án 2") from a project node's notation and its parent project's."""
    if not label:
        return None, None
    if parent_label:
        return parent_label, label
    if label.lower().startswith("tiểu"):
        return None, label
    return label, None


def _without_trailing_level(name: str) -> str:
    """"Công an huyện" -> "Công an": a question says "Công an Phong Thổ" as often as "Công an huyện"."""
    import re

    return re.sub(r"\s+(huyện|tỉnh|thị xã|thành phố|quận|xã)$", "", name.strip(), flags=re.IGNORECASE)


def _is_collective(name: str) -> bool:
    """A generic subject that names no kind of body ("các cơ quan liên quan"), as opposed to a class of
    bodies that is one ("Ủy ban nhân dân cấp xã", the front and its member organisations)."""
    return match_kind(name) is None


def commune_key(place: Place) -> str:
    """A commune's name without its level, folded: the same commune under two graph nodes meets here."""
    return strip_level(name_key(place.name))


__all__ = ["ReadModel", "DocumentFacts", "Plan", "Agency", "Place", "LegalDoc", "Programme", "Section", "Clause",
           "Attachment",
           "CitationFact", "AssignmentFact", "MentionFact", "TargetFact", "BudgetFact", "commune_key"]
