"""Direct answers with their evidence: which decision governs a task, who is responsible for it, and the
same facts traced across plans.

Search finds the clauses a question is about; this module walks from those clauses through the
document's structure and the facts read from it (citations, assignments, programmes) to an answer, and
keeps the source text of every step so a reader can check it. Everything here is a pure function of a
`Service` (its current build and search index) and returns typed records; the CLI and the HTTP routes
only render them. No language model: ranking is by search rank, structure and generic cues of the
question (which document type, which issuer, which role, which project it asks about).

Identity across documents follows the graph's IRIs (`graph.iris`): an agency is one body of one
locality (the Phòng Lao động - Thương binh và Xã hội of Phong Thổ is not that of Bắc Hà), bodies of the
same kind share an agency type, and a cited document is keyed on its normalised symbol.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from api.answers_text import (
    Cues,
    NameTable,
    has_number,
    is_commune_mention,
    issuer_match,
    read_question,
    strip_level,
    symbol_key,
)
from api.answers_text import (
    key as name_key,
)
from graph import iris
from graph.programmes import approved_programme, best_programme, project_label
from graph.slug import slug
from ingest.errors import BadRequest, NotFound
from ingest.model import Agency, Assignment, Clause, Extraction, Reference, Section
from ingest.vocab.admin import COMMUNE_LEVELS

MAX_EVIDENCE_CHARS = 1500  # the scorer's limit: a longer text proves nothing
SEARCH_DEPTH = 30  # candidate clauses read from the index per question
TASKS_USED = 5  # best task clauses an answer is built from
_PROJECT_IN_TEXT = re.compile(r"\b(Tiểu\s+dự\s+án|Dự\s+án)\s+(\d{1,2}[a-z]?)\b", re.IGNORECASE)
_PROGRAMME_IN_TEXT = re.compile(r"\bChương\s+trình\b|\bCT\s*MTQG\b|\bMTQG\b", re.IGNORECASE)


# ==================================================================================== records

@dataclass
class ClauseRef:
    """A clause quoted as evidence, with where it stands."""

    clause_id: str
    doc_id: str
    source: str
    text: str
    breadcrumb: list[str] = field(default_factory=list)
    kind: str = "paragraph"


@dataclass
class PlanRef:
    doc_id: str
    source: str
    symbol: str | None
    type: str | None
    issuer: str | None
    date: str | None
    title: str | None
    locality: str | None


@dataclass
class CitedDocument:
    key: str  # merge key: the folded symbol, or "ten:" + the folded name for unnumbered documents
    iri: str  # the node the graph gives it
    symbol: str | None
    type: str | None
    issuer: str | None
    date: str | None
    title: str | None
    name: str | None
    doc_id: str | None = None  # when the cited document is itself in the corpus
    programme: str | None = None  # the programme it approves ("phê duyệt Chương trình ...")


@dataclass
class Citation:
    """One place where a plan cites a document."""

    plan: PlanRef
    relation: str
    clause: ClauseRef
    evidence: str  # the clause or sentence the citation was read from
    as_written: str | None = None


@dataclass
class TaskContext:
    """A clause the question is about, placed in its plan, section and programme project."""

    clause: ClauseRef
    plan: PlanRef
    section_id: str | None
    project: str | None
    subproject: str | None
    programme: str | None
    score: float


@dataclass
class Governing:
    document: CitedDocument
    score: float
    reasons: list[str]  # cited_in_clause, cited_in_section, programme, plan_basis — strongest first
    citations: list[Citation]  # where it is cited, the one that put it here first


@dataclass
class BasisAnswer:
    query: str | None
    clause: str | None
    tasks: list[TaskContext]
    documents: list[Governing]


@dataclass
class AgencyRef:
    key: str  # "huyen-phong-tho/phong-tu-phap": locality key / body key, as in the graph's agency IRI
    iri: str
    label: str  # "Phòng Tư pháp huyện Phong Thổ"
    canonical: str  # "Phòng Tư pháp"
    type_key: str | None  # shared across localities: "phong-tu-phap"
    locality: str | None
    generic: bool = False  # a collective subject ("các cơ quan liên quan", "UBMTTQ và các tổ chức ...")
    collective: bool = False  # generic and of no agency type: no one body is named


@dataclass
class Responsibility:
    agency: AgencyRef
    role: str
    commune: str | None
    communes: list[str]
    task: str | None
    plan: PlanRef
    project: str | None
    clause: ClauseRef
    evidence: str  # the clause (and the bullets it introduces), at most MAX_EVIDENCE_CHARS
    score: float = 0.0
    why: str = ""  # in_clause, in_section, named_agency, named_commune, shares_commune


@dataclass
class ResponsibleAnswer:
    query: str
    mode: str  # task, agency_communes, agency_tasks, commune_agencies
    agencies: list[AgencyRef]  # agencies the question names
    communes: list[str]  # communes the question names
    tasks: list[TaskContext]
    answers: list[Responsibility]


@dataclass
class DecisionUse:
    """What was issued on the basis of one decision, and the tasks that flow from it."""

    symbol: str
    documents: list[CitedDocument]
    citations: list[Citation]
    plans: list[dict]  # per citing plan: plan, relations, programme, tasks (responsibilities)


@dataclass
class AgencyProfile:
    agency: AgencyRef
    communes: list[dict]  # {commune, role, plan, evidence}
    plans: list[dict]  # {plan, projects: [{project, responsibilities: [...]}]}
    same_type: list[AgencyRef]  # the same kind of body in other localities


@dataclass
class PlaceProfile:
    key: str
    name: str
    level: str | None
    district: str | None
    in_charge: list[Responsibility]
    tasks: list[ClauseRef]  # clauses that name it
    plans: list[PlanRef]


# ==================================================================================== knowledge

@dataclass
class _Fact:
    doc_id: str
    assignment: Assignment
    agency_key: str
    section_id: str


class Knowledge:
    """Per-build tables over the extractions: clauses, sections, citations, assignments and names."""

    def __init__(self, extractions: Iterable[Extraction]) -> None:
        self.extractions: dict[str, Extraction] = {}
        self.plans: dict[str, PlanRef] = {}
        self.clauses: dict[str, Clause] = {}
        self.sections: dict[str, Section] = {}
        self.parent: dict[str, str | None] = {}
        self.section_of_clause: dict[str, str] = {}
        self.refs_by_clause: dict[str, list[Reference]] = defaultdict(list)
        self.facts_by_clause: dict[str, list[_Fact]] = defaultdict(list)
        self.facts: list[_Fact] = []
        self.agencies: dict[str, AgencyRef] = {}
        self.programmes: dict[str, dict[str, Reference]] = {}
        self.main_programme: dict[str, str | None] = {}
        self.agency_names: NameTable[str] = NameTable()
        self.place_names: NameTable[tuple[str, str]] = NameTable()  # -> (district key, commune key)
        self.locality_names: NameTable[str] = NameTable()  # district/town name -> doc ids
        self.communes: dict[tuple[str, str], dict] = {}  # (district key, commune key) -> info
        for ex in extractions:
            self._add(ex)

    # ------------------------------------------------------------------ loading
    def _add(self, ex: Extraction) -> None:
        doc = ex.document
        self.extractions[doc.id] = ex
        locality = iris.locality_of(doc.header.issuer) or _most_common(a.agency.locality for a in ex.assignments) \
            or (f"{doc.header.place}" if doc.header.place else None)
        self.plans[doc.id] = PlanRef(doc.id, doc.source, doc.header.symbol, doc.header.doc_type, doc.header.issuer,
                                     doc.header.date, doc.header.title, locality)
        if locality:
            self.locality_names.add(strip_level(name_key(locality)), doc.id)
            self.locality_names.add(locality, doc.id)
        for section in doc.sections():
            self.sections[section.id] = section
            for child in section.children:
                self.parent[child.id] = section.id
            self.parent.setdefault(section.id, None)
        for clause in doc.clauses():
            self.clauses[clause.id] = clause
            self.section_of_clause[clause.id] = clause.section_id
        for ref in ex.references:
            self.refs_by_clause[ref.clause_id].append(ref)
        programmes: dict[str, Reference] = {}
        for ref in ex.references:
            name = approved_programme(ref.title)
            if name and name not in programmes:
                programmes[name] = ref
        self.programmes[doc.id] = programmes
        self.main_programme[doc.id] = best_programme(doc.header.title or "", list(programmes))
        district_key = slug(locality) if locality else ""
        for a in ex.assignments:
            agency = self._agency(a.agency)
            fact = _Fact(doc.id, a, agency.key, self.section_of_clause.get(a.clause_id, ""))
            self.facts.append(fact)
            self.facts_by_clause[a.clause_id].append(fact)
            for commune in _communes_of(a):
                self._commune(district_key, locality, commune, doc.id)
        for place in ex.places:
            if (place.level or "xã") in COMMUNE_LEVELS:
                self._commune(district_key, locality, place.name, doc.id, level=place.level)

    def _agency(self, agency: Agency) -> AgencyRef:
        canonical = agency.canonical or agency.name
        node = str(iris.agency_iri(canonical, agency.locality))
        key = node.split("/agency/", 1)[1]
        if key not in self.agencies:
            kind = agency.kind or iris.body_of(canonical)[0]
            _, locality = iris.agency_parts(canonical, agency.locality)
            ref = AgencyRef(key=key, iri=node, label=iris.agency_label(canonical, agency.locality),
                            canonical=canonical, type_key=slug(kind) if kind else None, locality=locality,
                            generic=agency.generic, collective=agency.generic and not agency.kind)
            self.agencies[key] = ref
            if not agency.generic:
                self.agency_names.add(canonical, key)
                self.agency_names.add(ref.label, key)
                self.agency_names.add(_without_trailing_level(canonical), key)
        return self.agencies[key]

    def _commune(self, district_key: str, locality: str | None, name: str, doc_id: str, level: str | None = None) -> None:
        bare = strip_level(name_key(name))
        if not bare:
            return
        info = self.communes.setdefault((district_key, bare), {"name": name, "level": level, "district": locality,
                                                               "docs": set()})
        if level and not info["level"]:
            info["level"] = level
        info["docs"].add(doc_id)
        self.place_names.add(bare, (district_key, bare))

    # ------------------------------------------------------------------ structure
    def section_chain(self, section_id: str | None) -> list[Section]:
        """The section and its ancestors, innermost first (the root excluded)."""
        out = []
        while section_id:
            section = self.sections.get(section_id)
            if section is None or section.kind == "root":
                break
            out.append(section)
            section_id = self.parent.get(section_id)
        return out

    def clause_ref(self, clause_id: str) -> ClauseRef:
        clause = self.clauses[clause_id]
        return ClauseRef(clause.id, clause.doc_id, self.plans[clause.doc_id].source, clause.text,
                         list(clause.breadcrumb), clause.kind)

    def section_project(self, clause_id: str) -> tuple[str | None, str | None]:
        """The programme project and subproject whose headings a clause stands under."""
        project = subproject = None
        for section in self.section_chain(self.section_of_clause.get(clause_id)):
            own_project = project_label(section.project) or (
                project_label(section.label) if section.kind == "project" else None)
            own_sub = project_label(section.subproject) or (
                project_label(section.label) if section.kind == "subproject" else None)
            subproject = subproject or own_sub
            if project is None and own_project and own_project != "Tiểu dự án":
                project = own_project
        return project, subproject

    def project_of(self, clause_id: str) -> tuple[str | None, str | None]:
        """("Dự án 4", "Tiểu dự án 2") from the headings; else the first project the clause's text names."""
        project, subproject = self.section_project(clause_id)
        if project is None:
            match = _PROJECT_IN_TEXT.search(self.clauses[clause_id].text)
            if match and not match.group(1).lower().startswith("tiểu"):
                project = f"Dự án {match.group(2)}"
        return project, subproject

    def programme_named(self, clause_id: str) -> str | None:
        """The approved programme a clause's headings or text name ("... Chương trình MTQG giảm nghèo ...")."""
        clause = self.clauses[clause_id]
        names = list(self.programmes.get(clause.doc_id, {}))
        if not names:
            return None
        return best_programme(" ".join([*clause.breadcrumb, clause.text]), names)

    def programme_of(self, clause_id: str) -> str | None:
        """The approved programme a clause belongs to: the one its headings or text name, else the plan's
        own when the clause stands in a programme project or speaks of a programme."""
        clause = self.clauses[clause_id]
        chosen = self.programme_named(clause_id)
        if chosen:
            return chosen
        project, subproject = self.project_of(clause_id)
        if project or subproject or _PROGRAMME_IN_TEXT.search(clause.text):
            return self.main_programme.get(clause.doc_id)
        return None

    def task(self, clause_id: str, score: float) -> TaskContext:
        clause = self.clauses[clause_id]
        project, subproject = self.project_of(clause_id)
        return TaskContext(self.clause_ref(clause_id), self.plans[clause.doc_id], clause.section_id, project,
                           subproject, self.programme_of(clause_id), score)

    def project_text(self, clause_id: str) -> str | None:
        """The project as a reader names it: "Dự án 4 › Tiểu dự án 2" from the headings, else the projects
        the clause (and the bullets it introduces) name: "Dự án 2, Dự án 4, Dự án 7"."""
        if clause_id not in self.clauses:
            return None
        by_headings = " › ".join(p for p in self.section_project(clause_id) if p)
        if by_headings:
            return by_headings
        named = sorted(set(_listed_projects(self.evidence_text(clause_id))), key=lambda n: (len(n), n))
        return ", ".join(f"Dự án {n}" for n in named) or None

    def projects_named(self, clause_id: str) -> set[str]:
        """Projects a clause's text names, lists included: "Tiểu dự án 1, 2 Dự án 6" names "Dự án 6"."""
        clause = self.clauses.get(clause_id)
        if clause is None:
            return set()
        return {f"Dự án {n.lstrip('0') or '0'}" for n in _listed_projects(clause.text)}

    def subtree_clauses(self, section_id: str) -> list[str]:
        section = self.sections.get(section_id)
        if section is None:
            return []
        return [c.id for s in section.walk() for c in s.clauses]

    def evidence_text(self, clause_id: str) -> str:
        """The clause, followed by the bullets it introduces when it ends with a colon (cut to the limit)."""
        clause = self.clauses[clause_id]
        text = clause.text.strip()
        section = self.sections.get(clause.section_id)
        if text.endswith(":") and section is not None:
            ids = [c.id for c in section.clauses]
            after = section.clauses[ids.index(clause.id) + 1:] if clause.id in ids else []
            for bullet in after:
                if (bullet.lead_in or "").strip() != text or len(text) + len(bullet.text) + 1 > MAX_EVIDENCE_CHARS:
                    break
                text += " " + bullet.text.strip()
        return text[:MAX_EVIDENCE_CHARS]

    # ------------------------------------------------------------------ citations
    def cited(self, ref: Reference) -> CitedDocument:
        node = iris.document_iri(symbol=ref.symbol, number=ref.number, year=ref.year, date=ref.date,
                                 doc_type=ref.doc_type_detail or ref.doc_type, issuer=ref.issuer, name=ref.name,
                                 fallback_text=ref.title or ref.as_written or ref.text[:120])
        in_corpus = next((d for d, p in self.plans.items()
                          if ref.symbol and p.symbol and symbol_key(p.symbol) == symbol_key(ref.symbol)), None)
        return CitedDocument(key=document_key(ref), iri=str(node), symbol=ref.symbol, type=ref.doc_type,
                             issuer=ref.issuer, date=ref.date, title=ref.title, name=ref.name, doc_id=in_corpus,
                             programme=approved_programme(ref.title))

    def citation(self, ref: Reference) -> Citation:
        clause = self.clauses.get(ref.clause_id)
        plan = self.plans[clause.doc_id if clause else ref.clause_id.split(":", 1)[0]]
        clause_ref = self.clause_ref(ref.clause_id) if clause else ClauseRef(ref.clause_id, plan.doc_id, plan.source,
                                                                              ref.text)
        return Citation(plan, ref.relation, clause_ref, (ref.text or "")[:MAX_EVIDENCE_CHARS], ref.as_written)

    # ------------------------------------------------------------------ responsibilities
    def responsibility(self, fact: _Fact, score: float = 0.0, why: str = "") -> Responsibility:
        a = fact.assignment
        communes = _communes_of(a)
        project_text = self.project_text(a.clause_id) or (project_label(a.project) if a.project else None)
        evidence = self.evidence_text(a.clause_id) if a.clause_id in self.clauses else a.text
        return Responsibility(
            agency=self.agencies[fact.agency_key], role=a.role, commune=a.commune or (communes[0] if communes else None),
            communes=communes, task=a.task, plan=self.plans[fact.doc_id], project=project_text,
            clause=self.clause_ref(a.clause_id) if a.clause_id in self.clauses else ClauseRef(a.clause_id, fact.doc_id,
                                                                                               "", a.text),
            evidence=evidence, score=round(score, 4), why=why)

    # ------------------------------------------------------------------ names in a question
    def localities_in(self, text: str) -> tuple[list[str], list[str]]:
        """(doc ids of the plans whose district or town the text names, the names found)."""
        docs: list[str] = []
        names: list[str] = []
        for m in self.locality_names.find(text):
            if is_commune_mention(m) and not any(_is_commune_level(self.plans[d].locality) for d in m.values):
                continue  # "thị trấn Phong Thổ" is a commune, not the district of that name
            docs.extend(d for d in m.values if d not in docs)
            names.append(m.key)
        return docs, names

    def agencies_in(self, text: str, docs: list[str] | None = None) -> list[AgencyRef]:
        found: list[AgencyRef] = []
        for m in self.agency_names.find(text):
            refs = [self.agencies[k] for k in m.values]
            if docs:  # the question's district decides between the same office of several districts
                refs = [r for r in refs if any(self._agency_in_doc(r.key, d) for d in docs)]
            found.extend(r for r in refs if r not in found)
        return found

    def _agency_in_doc(self, agency_key: str, doc_id: str) -> bool:
        return any(f.agency_key == agency_key and f.doc_id == doc_id for f in self.facts)

    def communes_in(self, text: str, *, docs: list[str] | None = None) -> list[tuple[str, str]]:
        """Communes named in the text: after a commune level word, or not also a district's name."""
        out = []
        locality_keys = {m.key for m in self.locality_names.find(text)}
        for m in self.place_names.find(text):
            if m.key in locality_keys and not is_commune_mention(m):
                continue
            for value in m.values:
                info = self.communes.get(value)
                if docs and info and not (info["docs"] & set(docs)):
                    continue
                if value not in out:
                    out.append(value)
        return out


def _is_commune_level(locality: str | None) -> bool:
    """A plan of a commune ("xã Sì Lở Lầu", after 2025 the level below the province)."""
    return name_key(locality or "").startswith(("xa ", "phuong ", "thi tran ", "dac khu "))


def document_key(ref: Reference) -> str:
    if ref.symbol:
        return symbol_key(ref.symbol)
    return "ten:" + name_key(ref.name or ref.title or ref.as_written or "")


def _most_common(values: Iterable[str | None]) -> str | None:
    counts: dict[str, int] = defaultdict(int)
    for v in values:
        if v:
            counts[v] += 1
    return max(counts, key=counts.get) if counts else None


def _communes_of(a: Assignment) -> list[str]:
    return [c for c in dict.fromkeys(([a.commune] if a.commune else []) + list(a.communes)) if c]


def _without_trailing_level(name: str) -> str:
    """"Công an huyện" -> "Công an": a question says "Công an Phong Thổ" as often as "Công an huyện"."""
    return re.sub(r"\s+(huyện|tỉnh|thị xã|thành phố|quận|xã)$", "", name.strip(), flags=re.IGNORECASE)


def knowledge(service) -> Knowledge:
    """The current build's tables, built once per build."""
    return service.resource("answers", lambda build: Knowledge(build.extractions()))


# ==================================================================================== search

def _search(service, query: str, *, docs: list[str] | None, depth: int = SEARCH_DEPTH) -> list[tuple[str, float]]:
    """(clause id, rank weight) of the best clauses, best first; within `docs` when given."""
    from api.service import open_index

    index = open_index(service)
    filters = {"doc_id": docs} if docs else None
    hits = index.search(query, top_k=depth, filters=filters)
    return [(h.passage.id, 1.0 / (1.0 + 0.4 * (h.rank - 1))) for h in hits]


def _plan_number(plan: PlanRef) -> str | None:
    number = (plan.symbol or "").split("/", 1)[0].split("-", 1)[0].strip()
    if not number.isdigit():
        return None
    return number.lstrip("0") or "0"


def _named_plans(kb: Knowledge, cues: Cues) -> list[str]:
    """Plans the question names by symbol ("245/KH-UBND") or by type and number ("Kế hoạch 245")."""
    named = [d for d, p in kb.plans.items() if p.symbol and any(symbol_key(s) == symbol_key(p.symbol)
                                                                  for s in cues.symbols)]
    return named or [d for d, p in kb.plans.items() if (p.type, _plan_number(p)) in cues.numbered]


def _scope(kb: Knowledge, cues: Cues) -> list[str] | None:
    """The plans a question is about: plans it names, else plans of a district it names."""
    named = _named_plans(kb, cues)
    if named:
        return named
    docs, names = kb.localities_in(cues.text)
    if not docs:
        return None
    # a plan of another body about that place ("Kế hoạch hỗ trợ huyện Phong Thổ" of the province) counts too
    for doc_id, plan in kb.plans.items():
        title = f" {name_key(plan.title)} "
        if doc_id not in docs and any(f" {n} " in title for n in names):
            docs.append(doc_id)
    return docs


# ==================================================================================== governing

_ASKS_BASIS = re.compile(r"\b(?:can cu|dua tren|dua vao|co so phap ly|ban hanh theo)\b")
_REASON_WEIGHT = {"cited_in_clause": 1.0, "cited_in_lead_in": 0.8, "programme": 0.7, "cited_in_section": 0.5,
                  "plan_basis": 0.35}


def governing(service, query: str | None = None, *, clause_id: str | None = None, top: int = 10) -> BasisAnswer:
    """Which documents govern the task a question describes (or one clause), best first, with evidence."""
    kb = knowledge(service)
    cues = read_question(query) if query else None
    if clause_id:
        if clause_id not in kb.clauses:
            raise NotFound(f"không có đoạn '{clause_id}'")
        ranked = [(clause_id, 1.0)]
    elif query and name_key(query):
        ranked = _rerank_for_basis(kb, cues, _search(service, query, docs=_scope(kb, cues)))
    else:
        raise BadRequest("cần một câu hỏi hoặc mã đoạn")
    tasks = [kb.task(cid, w) for cid, w in ranked[:TASKS_USED]]
    # "Kế hoạch 245 căn cứ vào đâu?": the task is the named plan itself, so its legal basis comes first
    whole_plan = cues is not None and bool(_named_plans(kb, cues)) and bool(_ASKS_BASIS.search(cues.folded))
    weights = {**_REASON_WEIGHT, "plan_basis": 1.2} if whole_plan else _REASON_WEIGHT
    scores: dict[str, list[tuple[float, str, Reference]]] = defaultdict(list)
    for task in tasks:
        for reason, ref in _governing_refs(kb, task):
            scores[document_key(ref)].append((task.score * weights[reason], reason, ref))
    described = {key: _richest(kb, [c[2] for c in contributions]) for key, contributions in scores.items()}
    candidates = list(described.values())
    results = []
    for key, contributions in scores.items():
        contributions.sort(key=lambda c: -c[0])
        score = contributions[0][0] + 0.15 * sum(c[0] for c in contributions[1:4])
        if cues is not None:
            score *= _cue_factor(cues, described[key], candidates)
        citations, seen = [], set()
        for _, _, ref in contributions:
            if (ref.clause_id, ref.span) not in seen:
                seen.add((ref.clause_id, ref.span))
                citations.append(kb.citation(ref))
        reasons = list(dict.fromkeys(c[1] for c in contributions))
        results.append(Governing(described[key], round(score, 4), reasons, citations))
    results.sort(key=lambda g: (-g.score, g.document.key))
    return BasisAnswer(query, clause_id, tasks, results[:top])


def _richest(kb: Knowledge, refs: list[Reference]) -> CitedDocument:
    """The citation that says most about the document (symbol, date, issuer, title) describes it."""
    best = max(refs, key=lambda r: (bool(r.symbol), bool(r.date), bool(r.issuer), bool(r.title)))
    doc = kb.cited(best)
    for r in refs:  # fill gaps from the other citations of the same document
        doc.date = doc.date or r.date
        doc.issuer = doc.issuer or r.issuer
        doc.title = doc.title or r.title
        doc.type = doc.type or r.doc_type
    doc.programme = doc.programme or approved_programme(doc.title)
    return doc


def _governing_refs(kb: Knowledge, task: TaskContext) -> Iterable[tuple[str, Reference]]:
    clause = kb.clauses[task.clause.clause_id]
    own = kb.refs_by_clause.get(clause.id, [])
    for ref in own:
        yield "cited_in_clause", ref
    section = kb.sections.get(clause.section_id)
    if section is not None:
        siblings = section.clauses
        if clause.lead_in:
            for other in siblings:
                if other.id != clause.id and other.text.strip() == clause.lead_in.strip():
                    for ref in kb.refs_by_clause.get(other.id, []):
                        yield "cited_in_lead_in", ref
        if clause.kind != "preamble" and len(siblings) <= 15:
            for other in siblings:
                if other.id != clause.id:
                    for ref in kb.refs_by_clause.get(other.id, []):
                        yield "cited_in_section", ref
    if task.programme:
        ref = kb.programmes.get(clause.doc_id, {}).get(task.programme)
        if ref is not None:
            yield "programme", ref
    ex = kb.extractions[clause.doc_id]
    for ref in ex.references:
        if ref.relation == "basis":
            yield "plan_basis", ref


def _number_factor(kb: Knowledge, cues: Cues, clause_id: str) -> float:
    """A question naming an item by number ("chỉ tiêu 18.3") is about the clause that has that number."""
    if not cues.numbers:
        return 1.0
    text = kb.clauses[clause_id].text
    return 1.6 if any(has_number(text, n) for n in cues.numbers) else 0.85


def _rerank_for_basis(kb: Knowledge, cues: Cues, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A question asking "which decision" is answered by a clause that cites one: such clauses rise,
    more when what they cite is of the type or from the issuer the question asks for."""
    out = []
    for cid, weight in ranked:
        refs = kb.refs_by_clause.get(cid, [])
        factor = _number_factor(kb, cues, cid)
        if refs:
            factor *= 1.4
            if any(_type_ok(cues, r.doc_type) for r in refs) and cues.asked_types:
                factor *= 1.3
            if cues.issuer_phrases and any(issuer_match(cues.issuer_phrases, r.issuer) for r in refs):
                factor *= 1.2
        out.append((cid, weight * factor))
    out.sort(key=lambda item: -item[1])
    return out


def _type_ok(cues: Cues, doc_type: str | None) -> bool:
    return bool(doc_type) and doc_type in cues.asked_types


def _cue_factor(cues: Cues, doc: CitedDocument, candidates: list[CitedDocument]) -> float:
    """Documents of the asked type and from the asked issuer go first, when any candidate fits."""
    factor = 1.0
    if cues.asked_types and any(_type_ok(cues, c.type) for c in candidates):
        factor *= 1.6 if _type_ok(cues, doc.type) else 0.6
    if cues.issuer_phrases and any(issuer_match(cues.issuer_phrases, c.issuer) for c in candidates):
        matched = issuer_match(cues.issuer_phrases, doc.issuer)
        factor *= (1.0 + 0.2 * min(matched, 4)) if matched else 0.5
    return factor


# ==================================================================================== reverse: a decision's uses

def decision_uses(service, symbol: str, *, max_tasks: int = 30) -> DecisionUse:
    """Plans that cite a decision, how (basis, implements, mention), and the tasks that flow from it:
    assignments in the clauses that cite it, and, when it approves a programme, in the projects of
    that programme in the plans that follow it."""
    kb = knowledge(service)
    wanted = symbol_key(symbol)
    if not wanted:
        raise BadRequest("cần số ký hiệu văn bản, ví dụ 90/QĐ-TTg")
    refs = [r for ex in kb.extractions.values() for r in ex.references
            if r.symbol and symbol_key(r.symbol) == wanted]
    if not refs and not re.search(r"\d", symbol):  # an unnumbered document named in words ("Đề án ...")
        name = name_key(symbol)
        refs = [r for ex in kb.extractions.values() for r in ex.references
                if not r.symbol and len(name.split()) >= 3 and name in name_key(r.name or r.title)]
    if not refs:
        raise NotFound(f"không có văn bản nào dẫn '{symbol}'")
    documents: dict[str, CitedDocument] = {}
    for r in refs:
        doc = kb.cited(r)
        documents.setdefault(doc.iri, doc)
    citations = [kb.citation(r) for r in refs]
    plans = []
    for doc_id in dict.fromkeys(c.plan.doc_id for c in citations):
        mine = [r for r in refs if kb.clauses.get(r.clause_id) and kb.clauses[r.clause_id].doc_id == doc_id]
        programme_names = [n for n, r in kb.programmes.get(doc_id, {}).items() if symbol_key(r.symbol) == wanted]
        facts: list[tuple[_Fact, str]] = []
        seen: set[int] = set()
        for r in mine:
            if r.relation == "basis":
                continue  # the preamble: the whole plan follows it, listed below by programme or as the plan
            section_id = kb.section_of_clause.get(r.clause_id)
            for cid in [r.clause_id, *(kb.subtree_clauses(section_id) if section_id else [])]:
                for f in kb.facts_by_clause.get(cid, []):
                    if id(f) not in seen:
                        seen.add(id(f))
                        facts.append((f, "cites_it"))
        if programme_names:
            for f in kb.facts:
                if f.doc_id != doc_id or id(f) in seen or f.assignment.clause_id not in kb.clauses:
                    continue
                cid = f.assignment.clause_id
                if kb.programme_named(cid) in programme_names or (
                        any(kb.project_of(cid)) and kb.programme_of(cid) in programme_names):
                    seen.add(id(f))
                    facts.append((f, "programme_project"))
        facts = [(f, why) for f, why in facts if f.assignment.role != "report_to" and not kb.agencies[f.agency_key].generic] \
            + [(f, why) for f, why in facts if f.assignment.role == "report_to" or kb.agencies[f.agency_key].generic]
        plans.append({
            "plan": kb.plans[doc_id],
            "relations": sorted({r.relation for r in mine}),
            "programme": programme_names[0] if programme_names else None,
            "is_main_programme": bool(programme_names) and kb.main_programme.get(doc_id) in programme_names,
            "tasks": [kb.responsibility(f, why=why) for f, why in facts[:max_tasks]],
            "task_count": len(facts),
        })
    return DecisionUse(symbol, list(documents.values()), citations, plans)


# ==================================================================================== responsible

_ROLE_ORDER = {"lead": 0, "in_charge_commune": 1, "co_in_charge_commune": 2, "cooperate": 3, "report_to": 4}


def responsible(service, query: str, *, top: int = 10) -> ResponsibleAnswer:
    """Who is responsible: for a task (lead and cooperating agencies, communes), for a named agency
    (its communes, or its tasks), or for a named commune (the agencies in charge of it)."""
    if not query or not name_key(query):
        raise BadRequest("cần một câu hỏi (có ít nhất một từ)")
    kb = knowledge(service)
    cues = read_question(query)
    docs = _scope(kb, cues)
    agencies = kb.agencies_in(query, docs)
    communes = kb.communes_in(query, docs=docs)
    commune_names = [kb.communes[c]["name"] for c in communes]
    wants_commune = cues.asks_commune or any(r in cues.roles for r in ("in_charge_commune", "co_in_charge_commune"))
    if agencies and wants_commune:
        mode, answers, tasks = "agency_communes", _agency_communes(kb, agencies, cues), []
    elif communes and not agencies:
        mode, answers, tasks = "commune_agencies", _commune_agencies(kb, communes, cues), []
    elif agencies:
        mode = "agency_tasks"
        ranked = _search(service, query, docs=docs)
        answers, tasks = _agency_tasks(kb, agencies, ranked), [kb.task(c, w) for c, w in ranked[:TASKS_USED]]
    else:
        mode, answers, tasks = "task", [], []
    if not answers:  # a name that gives nothing ("cơ quan thường trực" of another plan): answer the task
        mode = "task"
        ranked = _rerank_for_responsible(kb, cues, _search(service, query, docs=docs))
        tasks = [kb.task(c, w) for c, w in ranked[:TASKS_USED]]
        answers = _task_responsibilities(kb, cues, tasks)
    return ResponsibleAnswer(query, mode, agencies, commune_names, tasks,
                             _merge(answers, per_task=mode == "agency_tasks")[:top])


def _merge(answers: list[Responsibility], *, per_task: bool = False) -> list[Responsibility]:
    """One answer per (agency, role, commune) — per task too when listing one agency's tasks —, the
    best-scored evidence kept; best first."""
    best: dict[tuple, Responsibility] = {}
    for r in answers:
        k = (r.agency.key, r.role, r.commune) + ((r.clause.clause_id, r.task) if per_task else ())
        if k not in best or r.score > best[k].score:
            best[k] = r
    return sorted(best.values(), key=lambda r: (-r.score, _ROLE_ORDER.get(r.role, 9)))


def _role_factor(cues: Cues, role: str) -> float:
    if cues.roles:
        if role in cues.roles:
            return 1.5 if role == cues.roles[0] else 1.3
        return 0.7 if role != "report_to" else 0.3
    return {"lead": 1.2, "cooperate": 0.9, "report_to": 0.3}.get(role, 1.0)


def _project_factor(kb: Knowledge, cues: Cues, clause_id: str) -> float:
    if not cues.projects or clause_id not in kb.clauses:
        return 1.0
    project, subproject = kb.project_of(clause_id)
    text = kb.clauses[clause_id].text
    named = {project, subproject} | {f"Dự án {m.group(2)}" for m in _PROJECT_IN_TEXT.finditer(text)
                                     if not m.group(1).lower().startswith("tiểu")}
    named |= {f"Dự án {n}" for n in _listed_projects(text)}
    share = sum(p in named for p in cues.projects) / len(cues.projects)
    return 1.0 + 0.6 * share if share else 0.8


def _listed_projects(text: str) -> list[str]:
    """"Tiểu dự án 1, 2 Dự án 6" and "Dự án 2, Dự án 4" name projects in lists."""
    return re.findall(r"Dự\s+án\s+(\d{1,2})", text, flags=re.IGNORECASE)


def _rerank_for_responsible(kb: Knowledge, cues: Cues, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Clauses with an assignment at hand (in them or their section) rise; so do clauses of the asked project."""
    out = []
    for cid, weight in ranked:
        factor = _number_factor(kb, cues, cid)
        if kb.facts_by_clause.get(cid):
            factor *= 1.5
        elif any(kb.facts_by_clause.get(c) for c in kb.subtree_clauses(kb.section_of_clause.get(cid, ""))):
            factor *= 1.2
        factor *= _project_factor(kb, cues, cid)
        out.append((cid, weight * factor))
    out.sort(key=lambda item: -item[1])
    return out


def _task_responsibilities(kb: Knowledge, cues: Cues, tasks: list[TaskContext]) -> list[Responsibility]:
    out: list[Responsibility] = []
    for task in tasks:
        cid = task.clause.clause_id
        found: list[tuple[_Fact, float, str]] = [(f, 1.0, "in_clause") for f in kb.facts_by_clause.get(cid, [])]
        # the assignment may sit beside the task ("c) Phân công thực hiện" under the same project heading):
        # climb from the clause's section until a section's subtree holds assignments, two levels at most
        chain = kb.section_chain(kb.section_of_clause.get(cid))
        for depth, section in enumerate(chain[:3]):
            if section.level <= 1 and depth > 0 and not (section.project or section.subproject):
                break
            inside = [f for c in kb.subtree_clauses(section.id) if c != cid for f in kb.facts_by_clause.get(c, [])]
            if inside:
                weight = 0.75 if depth == 0 else 0.6
                found.extend((f, weight, "in_section") for f in inside)
                break
        # plans describe a project in one part and assign it in another ("Chủ trì ... Tiểu dự án 1, 2 Dự án 6"):
        # assignments whose clause names the task's project (or the project the question names) count too
        projects = {p for p in (task.project, *cues.projects) if p and p.startswith("Dự án ")}
        if projects and not found:
            for fact in kb.facts:
                if fact.doc_id == task.plan.doc_id and projects & kb.projects_named(fact.assignment.clause_id):
                    found.append((fact, 0.7, "names_project"))
        if not found:  # no assignment read: the heading may still name who does it ("2.2. Phòng Dân tộc")
            found.extend((fact, 0.6, "heading_subject") for fact in _heading_subjects(kb, cid))
        for fact, weight, why in found:
            if fact.assignment.role == "report_to" and "report_to" not in cues.roles:
                continue  # who receives the reports is not who does the task
            agency = kb.agencies[fact.agency_key]
            score = task.score * weight * _role_factor(cues, fact.assignment.role)
            score *= _project_factor(kb, cues, fact.assignment.clause_id)
            if agency.collective:
                score *= 0.5
            out.append(kb.responsibility(fact, score, why))
    return out


def _heading_subjects(kb: Knowledge, clause_id: str) -> list[_Fact]:
    """Agencies named by the headings just above a clause, as lead of the clause's task."""
    clause = kb.clauses[clause_id]
    for section in kb.section_chain(clause.section_id)[:2]:
        agencies = kb.agencies_in(section.title or "", [clause.doc_id])
        if agencies:
            return [_Fact(clause.doc_id,
                          Assignment(agency=Agency(name=a.canonical, canonical=a.canonical, kind=a.type_key,
                                                   locality=a.locality, generic=a.generic),
                                     role="lead", text=clause.text, clause_id=clause.id, span=clause.span,
                                     task=clause.text[:300]),
                          a.key, clause.section_id) for a in agencies]
    return []


def _agency_communes(kb: Knowledge, agencies: list[AgencyRef], cues: Cues) -> list[Responsibility]:
    """A named agency's communes in charge, then the other agencies sharing those communes."""
    keys = {a.key for a in agencies}
    out: list[Responsibility] = []
    theirs: set[tuple[str, str]] = set()
    for f in kb.facts:
        if f.agency_key not in keys:
            continue
        role = f.assignment.role
        communes = _communes_of(f.assignment)
        if not communes:
            continue
        score = {"in_charge_commune": 1.0, "co_in_charge_commune": 0.9}.get(role, 0.4)
        out.append(kb.responsibility(f, score, "named_agency"))
        if role in ("in_charge_commune", "co_in_charge_commune"):
            theirs.update((f.doc_id, strip_level(name_key(c))) for c in communes)
    asks_partner = "co_in_charge_commune" in cues.roles or cues.asks_agency
    for f in kb.facts:
        if f.agency_key in keys or f.assignment.role not in ("in_charge_commune", "co_in_charge_commune"):
            continue
        if any((f.doc_id, strip_level(name_key(c))) in theirs for c in _communes_of(f.assignment)):
            score = (0.95 if asks_partner else 0.5) * (1.0 if f.assignment.role == "co_in_charge_commune" else 0.9)
            out.append(kb.responsibility(f, score, "shares_commune"))
    return out


def _commune_agencies(kb: Knowledge, communes: list[tuple[str, str]], cues: Cues) -> list[Responsibility]:
    wanted = {bare for _, bare in communes}
    districts = {d for d, _ in communes}
    out = []
    for f in kb.facts:
        plan = kb.plans[f.doc_id]
        if plan.locality and slug(plan.locality) not in districts:
            continue
        if not any(strip_level(name_key(c)) in wanted for c in _communes_of(f.assignment)):
            continue
        score = {"in_charge_commune": 1.0, "co_in_charge_commune": 0.9}.get(f.assignment.role, 0.5)
        score *= _role_factor(cues, f.assignment.role) if cues.roles else 1.0
        out.append(kb.responsibility(f, score, "named_commune"))
    return out


def _agency_tasks(kb: Knowledge, agencies: list[AgencyRef], ranked: list[tuple[str, float]]) -> list[Responsibility]:
    """A named agency's assignments, those near the clauses the question matches first."""
    keys = {a.key for a in agencies}
    near: dict[str, float] = {}
    for cid, weight in ranked:
        near[cid] = max(near.get(cid, 0.0), weight)
        for other in kb.subtree_clauses(kb.section_of_clause.get(cid, "")):
            near[other] = max(near.get(other, 0.0), weight * 0.5)
    out = []
    for f in kb.facts:
        if f.agency_key not in keys or f.assignment.role == "report_to":
            continue
        score = 0.1 + near.get(f.assignment.clause_id, 0.0)
        out.append(kb.responsibility(f, score, "named_agency"))
    return out


# ==================================================================================== agencies, places, types

def agency_profile(service, key: str) -> AgencyProfile:
    kb = knowledge(service)
    agency = kb.agencies.get(key) or _agency_by_name(kb, key)
    return _profile(kb, agency)


def _agency_by_name(kb: Knowledge, text: str) -> AgencyRef:
    found = kb.agencies_in(text.replace("/", " ").replace("-", " "))
    if not found:
        raise NotFound(f"không có cơ quan '{text}'")
    return found[0]


def _profile(kb: Knowledge, agency: AgencyRef) -> AgencyProfile:
    by_plan: dict[str, dict[str, list[Responsibility]]] = {}
    communes = []
    for f in kb.facts:
        if f.agency_key != agency.key:
            continue
        r = kb.responsibility(f)
        by_plan.setdefault(f.doc_id, {}).setdefault(r.project or "", []).append(r)
        if f.assignment.role in ("in_charge_commune", "co_in_charge_commune"):
            for c in r.communes:
                communes.append({"commune": c, "role": f.assignment.role, "plan": r.plan, "evidence": r.evidence})
    plans = [{"plan": kb.plans[d], "projects": [{"project": p or None, "responsibilities": rs}
                                                 for p, rs in sorted(projects.items(), key=lambda i: (i[0] == "", i[0]))]}
             for d, projects in by_plan.items()]
    same = [a for a in kb.agencies.values() if a.type_key and a.type_key == agency.type_key and a.key != agency.key]
    return AgencyProfile(agency, communes, plans, sorted(same, key=lambda a: a.key))


def find_agencies(service, query: str) -> list[AgencyRef]:
    """Agencies whose name (any spelling, with or without accents) the query contains or is part of."""
    kb = knowledge(service)
    found = kb.agencies_in(query)
    if found:
        return found
    wanted = name_key(query)
    return [a for a in kb.agencies.values() if wanted and (wanted in name_key(a.label) or wanted in a.key)]


def agency_type(service, type_key: str) -> dict:
    """The same kind of body across localities: each one's profile."""
    kb = knowledge(service)
    wanted = slug(type_key)
    members = [a for a in kb.agencies.values() if a.type_key == wanted]
    if not members:
        members = [a for a in kb.agencies.values() if a.type_key and wanted and wanted in a.type_key]
    if not members:
        raise NotFound(f"không có loại cơ quan '{type_key}'")
    return {"type": members[0].type_key, "agencies": [_profile(kb, a) for a in sorted(members, key=lambda a: a.key)]}


def place_profile(service, key: str) -> PlaceProfile:
    """A commune: who is in charge of it, which clauses name it, which plans."""
    kb = knowledge(service)
    district, _, bare = key.rpartition("/")
    bare = strip_level(name_key(bare.replace("-", " ")))
    matches = [k for k in kb.communes if k[1] == bare and (not district or k[0] == slug(district))]
    if not matches:
        raise NotFound(f"không có địa danh '{key}'")
    info = kb.communes[matches[0]]
    district_key = matches[0][0]
    in_charge = []
    for f in kb.facts:
        plan = kb.plans[f.doc_id]
        if (slug(plan.locality) if plan.locality else "") != district_key:
            continue
        if any(strip_level(name_key(c)) == bare for c in _communes_of(f.assignment)):
            score = {"in_charge_commune": 1.0, "co_in_charge_commune": 0.9}.get(f.assignment.role, 0.5)
            in_charge.append(kb.responsibility(f, score, "named_commune"))
    tasks = []
    for doc_id in sorted(info["docs"]):
        for place in kb.extractions[doc_id].places:
            if strip_level(name_key(place.name)) == bare and place.clause_id in kb.clauses:
                ref = kb.clause_ref(place.clause_id)
                if ref not in tasks:
                    tasks.append(ref)
    return PlaceProfile(f"{district_key}/{slug(bare)}", info["name"], info["level"], info["district"],
                        _merge(in_charge), tasks, [kb.plans[d] for d in sorted(info["docs"])])


# ==================================================================================== across plans (graph)

def _sparql_rows(service, sparql: str) -> list[dict[str, Any]]:
    from api.service import open_graph

    result = open_graph(service).query(sparql)
    return [{k: (v.toPython() if hasattr(v, "toPython") else str(v)) for k, v in row.items()}
            for row in result.bindings()]


_MEASURES = ("ty le", "so luong", "tong so", "so")


def indicator_matches(wanted: str, indicator: str) -> bool:
    """Accent-free indicator match: "tỷ lệ hộ nghèo" finds "Tỷ lệ hộ nghèo bình quân" and "Tỷ lệ giảm hộ
    nghèo" (one word between the measure and the thing measured), not "tỷ lệ hộ cận nghèo"."""
    want, have = name_key(wanted).split(), name_key(indicator).split()
    if not want:
        return False
    measure = next((m.split() for m in _MEASURES if want[: len(m.split())] == m.split() and len(want) > len(m.split())), None)
    core = want[len(measure):] if measure else want
    for i in range(len(have)):
        if have[i:i + len(core)] == core:
            if measure is None:
                return True
            for gap in (0, 1):
                start = i - gap - len(measure)
                if start >= 0 and have[start:start + len(measure)] == measure:
                    return True
    return False


def targets_across(service, indicator: str) -> list[dict]:
    """The same target indicator across plans (see `indicator_matches`); each row with its clause."""
    if not name_key(indicator):
        raise BadRequest("cần tên chỉ tiêu, ví dụ: tỷ lệ hộ nghèo")
    want = name_key(indicator).split()
    measure = next((m for m in _MEASURES if " ".join(want).startswith(m + " ")), None)
    core = " ".join(want)[len(measure) + 1:] if measure else " ".join(want)
    sparql = _TARGETS_QUERY.replace("__KEY__", slug(core).replace('"', ""))
    kb = knowledge(service)
    out = []
    for row in _sparql_rows(service, sparql):
        if not indicator_matches(indicator, str(row.get("indicator", ""))):
            continue
        doc_id = iris.doc_id_of_graph(str(row.get("g", ""))) or ""
        row = {k: v for k, v in row.items() if k != "g"}
        row["plan"] = asdict(kb.plans[doc_id]) if doc_id in kb.plans else None
        for k in ("value", "maxValue"):
            if k in row and row[k] is not None:
                row[k] = float(row[k])
        row["year"] = int(str(row["year"])[:4]) if row.get("year") else None
        out.append(row)
    out.sort(key=lambda r: ((r.get("plan") or {}).get("doc_id") or "", r.get("year") or 0, r.get("start") or 0))
    return out


_TARGETS_QUERY = """
PREFIX cancu: <https://cancu.vn/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
PREFIX time: <http://www.w3.org/2006/time#>
SELECT DISTINCT ?g ?indicator ?comparator ?value ?maxValue ?unit ?year ?clause ?evidence ?start
WHERE {
  GRAPH ?g {
    ?target a cancu:Target ; cancu:indicatorKey ?key ; cancu:indicator ?indicator ; qudt:numericValue ?value ;
        cancu:comparator ?c ; prov:wasDerivedFrom ?clauseNode ; cancu:startOffset ?start .
    FILTER(CONTAINS(?key, "__KEY__"))
    ?clauseNode cancu:text ?evidence ; cancu:clauseId ?clause .
    OPTIONAL { ?target qudt:unit ?u }
    OPTIONAL { ?target cancu:maxValue ?maxValue }
    OPTIONAL { ?target cancu:targetTime/time:inXSDgYear ?year }
  }
  BIND(STRAFTER(STR(?c), "/comparator/") AS ?comparator)
  BIND(STRAFTER(STR(?u), "/unit/") AS ?unit)
}
"""

_BUDGETS_QUERY = """
PREFIX cancu: <https://cancu.vn/ontology#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?g ?budget ?amount ?source ?purpose ?clause ?evidence
WHERE {
  GRAPH ?g {
    ?budget a cancu:Budget ; qudt:numericValue ?amount ; cancu:fundingSource ?src ; prov:wasDerivedFrom ?clauseNode .
    ?clauseNode cancu:text ?evidence ; cancu:clauseId ?clause .
    OPTIONAL { ?budget cancu:purpose ?purpose }
  }
  BIND(STRAFTER(STR(?src), "/funding-source/") AS ?source)
}
"""

_TOTAL_WORDS = re.compile(r"\b(tổng|dự kiến kinh phí|tổng nhu cầu|tổng vốn|tổng kinh phí)\b", re.IGNORECASE)


def budgets_summary(service) -> list[dict]:
    """Per plan: amounts by funding source (as extracted: a stated total and its parts both count, so
    read them next to the evidence) and the plan's stated total (the largest amount said to be a total)."""
    kb = knowledge(service)
    per_plan: dict[str, dict] = {}
    for row in _sparql_rows(service, _BUDGETS_QUERY):
        doc_id = iris.doc_id_of_graph(str(row.get("g", ""))) or ""
        plan = per_plan.setdefault(doc_id, {"plan": asdict(kb.plans[doc_id]) if doc_id in kb.plans else None,
                                            "by_source": defaultdict(lambda: {"total_million_vnd": 0.0, "items": 0}),
                                            "stated_total": None, "items": 0})
        amount = float(row["amount"])
        bucket = plan["by_source"][row.get("source") or "khong-ro"]
        bucket["total_million_vnd"] += amount
        bucket["items"] += 1
        plan["items"] += 1
        said = " ".join(str(row.get(k) or "") for k in ("purpose", "evidence"))
        if _TOTAL_WORDS.search(said[:200]) and (plan["stated_total"] is None or amount > plan["stated_total"]["amount_million_vnd"]):
            plan["stated_total"] = {"amount_million_vnd": amount, "source": row.get("source"), "clause": row.get("clause"),
                                    "evidence": (row.get("evidence") or "")[:MAX_EVIDENCE_CHARS]}
    out = []
    for doc_id, plan in sorted(per_plan.items()):
        plan["by_source"] = {k: {"total_million_vnd": round(v["total_million_vnd"], 3), "items": v["items"]}
                             for k, v in sorted(plan["by_source"].items(), key=lambda i: -i[1]["total_million_vnd"])}
        out.append(plan)
    return out


# ==================================================================================== scorer JSON

def basis_to_eval(answer: BasisAnswer) -> dict:
    """`{"query", "answers": [{symbol, type, issuer, date, evidence}]}` as `score.py basis` reads it."""
    rows = []
    for g in answer.documents:
        d = g.document
        rows.append({"symbol": d.symbol or d.name or d.title, "type": d.type, "issuer": d.issuer, "date": d.date,
                     "evidence": g.citations[0].evidence if g.citations else "", "reasons": g.reasons,
                     "score": g.score})
    return {"query": answer.query or answer.clause, "answers": rows}


def responsible_to_eval(answer: ResponsibleAnswer) -> dict:
    """`{"query", "answers": [{agency, role, commune, evidence}]}` as `score.py responsible` reads it."""
    rows = []
    for r in answer.answers:
        rows.append({"agency": r.agency.canonical, "role": r.role, "commune": r.commune, "evidence": r.evidence,
                     "locality": r.agency.locality, "task": r.task, "project": r.project, "plan": r.plan.doc_id,
                     "clause": r.clause.clause_id, "score": r.score})
    return {"query": answer.query, "mode": answer.mode, "answers": rows}


def to_json(record: Any) -> Any:
    """Plain JSON for any record of this module (sets become sorted lists)."""
    if hasattr(record, "__dataclass_fields__"):
        return to_json(asdict(record))
    if isinstance(record, dict):
        return {k: to_json(v) for k, v in record.items()}
    if isinstance(record, (list, tuple)):
        return [to_json(v) for v in record]
    if isinstance(record, set):
        return sorted(to_json(v) for v in record)
    return record
