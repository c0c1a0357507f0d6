"""The records answers are made of. Every one carries the graph IRI of what it describes (`iri`), and the
short ids people and URLs use beside it (a clause id, a corpus document id, an agency key = the path of
its IRI under `/id/agency/`).

They are plain data: `answers.formats.to_json` turns any of them into JSON, the CLI and the templates
render them.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ClauseRef:
    """A clause quoted as evidence, with where it stands."""

    clause_id: str
    doc_id: str
    source: str
    text: str
    breadcrumb: list[str] = field(default_factory=list)
    kind: str = "paragraph"
    iri: str = ""
    ocr_confidence: float | None = None  # 0..1 when the clause was read by OCR from a scan, else None
    ocr_note: str | None = None  # "đọc từ bản quét (OCR, độ tin cậy 83%)" when it was


@dataclass
class PlanRef:
    """A document of the corpus (a plan, a decision, a resolution ...)."""

    doc_id: str
    source: str
    symbol: str | None
    type: str | None
    issuer: str | None
    date: str | None
    title: str | None
    locality: str | None
    iri: str = ""


@dataclass
class Change:
    """A later document of the corpus changed this one (`eli:amended_by`, `cancu:replaced_by`,
    `eli:repealed_by` in the graph): the later document says so in `clause`."""

    relation: str  # amends, replaces, repeals
    text: str  # "đã được sửa đổi, bổ sung bởi Nghị quyết 66/2025/NQ-HĐND ngày 10/12/2025 (khoản 2 Điều 12)"
    later: PlanRef
    provisions: str | None  # the parts changed, when the text names them ("khoản 2 Điều 12")
    evidence: str  # the sentence of the later document that makes the change
    clause: ClauseRef | None = None


@dataclass
class Term:
    """The period a document is for, read from its title ("giai đoạn 2021-2025"), and whether it has ended
    on the as-of date. An ended period is said, never hidden."""

    start: int | None
    end: int
    as_written: str
    ended: bool
    as_of: str  # ISO date the period was compared with
    text: str  # "Giai đoạn 2021-2025 đã kết thúc (tính đến ngày 06/12/2026)"


@dataclass
class CitedDocument:
    """A document some clause cites: the graph's node for it, as described by its citations."""

    key: str  # the path of its IRI under /id/doc/: "ttg/qd/2022/90" (the page /quyet-dinh/{key})
    iri: str
    symbol: str | None
    type: str | None
    issuer: str | None
    date: str | None
    title: str | None
    name: str | None
    doc_id: str | None = None  # when the cited document is itself in the corpus
    programme: str | None = None  # the programme it approves ("phê duyệt Chương trình ...")
    status: list[Change] = field(default_factory=list)  # amended, replaced, repealed by later documents
    term: Term | None = None  # its period, when its title names one

    @property
    def label(self) -> str:
        """"Quyết định 90/QĐ-TTg", or the document's name when it has no number."""
        if self.symbol:
            return " ".join(p for p in (self.type, self.symbol) if p)
        text = " ".join((self.name or self.title or self.key).split())
        return text if len(text) <= 120 else text[:119].rstrip() + "…"


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
class ChainStep:
    """One link of the way from a task to a governing document, and what it rests on:
    `direct` (the task's clause cites the target), `inherited` (the section, the bullet's lead-in or the
    plan's opening cites it: the task inherits it), `derived` (no clause ties them: the task's programme
    project, a programme named in a title, a decision approving that programme)."""

    link: str  # cited_in_clause, cited_in_lead_in, cited_in_section, plan_basis, plan_implements,
    #            in_programme, programme_of, approved_by
    evidence: str  # direct, inherited, derived
    source: str  # where the step starts, as a reader names it
    target: str  # what it reaches: a document's label or a programme's name
    text: str  # the step in one Vietnamese sentence
    target_iri: str | None = None
    clause: ClauseRef | None = None  # the clause that states the link, when one does (it cites the target)


@dataclass
class Governing:
    document: CitedDocument
    score: float
    reasons: list[str]  # cited_in_clause, cited_in_lead_in, programme, cited_in_section, plan_basis, ...
    citations: list[Citation]  # where it is cited, the one that put it here first
    evidence: str = "inherited"  # the strongest kind of its paths: direct, inherited or derived
    path: list[ChainStep] = field(default_factory=list)  # how the best-scoring reason reached it


@dataclass
class BasisAnswer:
    query: str | None
    clause: str | None
    tasks: list[TaskContext]
    documents: list[Governing]


@dataclass
class AgencyRef:
    key: str  # "huyen-phong-tho/phong-tu-phap": the path of the agency's IRI under /id/agency/
    iri: str
    label: str  # "Phòng Tư pháp huyện Phong Thổ"
    canonical: str  # the body without its locality's name: "Phòng Tư pháp huyện"
    type_key: str | None  # the kind of body, shared across localities: "phong-tu-phap"
    locality: str | None  # "huyện Phong Thổ"
    generic: bool = False  # a collective subject ("các cơ quan liên quan", "UBMTTQ và các tổ chức ...")
    collective: bool = False  # generic and of no kind of body: no one body is named


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
    why: str = ""  # in_clause, in_section, names_project, heading_subject, named_agency, named_commune, shares_commune


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
class AgencyGroup:
    """Agencies a common name ("Sở Tài chính", "UBND cấp xã") names, in one locality."""

    locality: str | None
    agencies: list[AgencyRef]


@dataclass
class PlaceProfile:
    key: str  # the path of the place's IRI under /id/place/
    iri: str
    name: str
    level: str | None
    district: str | None
    in_charge: list[Responsibility]
    tasks: list[ClauseRef]  # clauses that name it
    plans: list[PlanRef]
    targets: list[dict] = field(default_factory=list)  # targets set for this commune (cancu:forCommune)
    budgets: list[dict] = field(default_factory=list)  # budgets set for this commune
