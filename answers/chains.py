"""How a task reaches the documents that govern it, one link at a time, each saying what it rests on.

A task clause is governed by what it cites itself (**direct**), by what its bullet's lead-in, its section
or its plan's opening cites (**inherited**: "Căn cứ ...", "Thực hiện ..."), and by the decision approving
the programme it belongs to (**derived**: no clause of the plan ties the task to that decision; the
programme project of its headings, or a programme named in a title, does). The chain never says a clause
cites a document unless that clause does: every step that names a clause names one whose citations
include the step's target.

The implementation chain: a plan whose opening says "Thực hiện Kế hoạch số 459/KH-UBND ..." carries that
act out (inherited); the act belongs to a programme (derived: the programme its title names, or the one
the corpus document is about); the programme is approved by a decision (derived: a citation whose title
says "phê duyệt Chương trình ...", in this plan or in any document of the corpus).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from answers.knowledge import Knowledge
from answers.model import CitationFact, Programme
from answers.records import ChainStep, TaskContext
from graph.programmes import best_programme, programme_in_title

LINK_EVIDENCE = {
    "cited_in_clause": "direct",
    "cited_in_lead_in": "inherited",
    "cited_in_section": "inherited",
    "cited_in_heading": "inherited",
    "plan_relation": "inherited",
    "plan_basis": "inherited",
    "plan_implements": "inherited",
    "in_programme": "derived",
    "programme_of": "derived",
    "approved_by": "derived",
}
EVIDENCE_ORDER = ("direct", "inherited", "derived")
EVIDENCE_LABELS = {"direct": "trực tiếp", "inherited": "kế thừa", "derived": "suy ra"}


@dataclass
class Route:
    """A governing document reached from a task: the reason (for ranking), the citation that names the
    document (its evidence) and the steps taken."""

    reason: str
    ref: CitationFact
    steps: list[ChainStep]

    @property
    def evidence(self) -> str:
        """The weakest step decides: a path with one derived step is derived."""
        return max((s.evidence for s in self.steps), key=EVIDENCE_ORDER.index, default="derived")


def strongest(evidences) -> str:
    return min(evidences, key=EVIDENCE_ORDER.index, default="derived")


class Chains:
    """Routes from task clauses to governing documents, over one answer's `Knowledge`."""

    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        self.model = kb.model
        self._approvals: dict[str, list[CitationFact]] = {}

    # ------------------------------------------------------------------ labels
    def plan_label(self, doc_id: str) -> str:
        """"Kế hoạch 245/KH-UBND"; a document whose number was not read: its type and file."""
        p = self.kb.plans[doc_id]
        if p.symbol:
            return " ".join(x for x in (p.type, p.symbol) if x)
        return f"{p.type or 'Văn bản'} ({p.source})"

    def doc_label(self, iri: str) -> str:
        return self.kb.cited_iri(iri).label

    def step(self, link: str, source: str, target: str, text: str, *, iri: str | None = None,
             clause_id: str | None = None) -> ChainStep:
        return ChainStep(link, LINK_EVIDENCE[link], source, target, text, iri,
                         self.kb.clause_ref(clause_id) if clause_id else None)

    def cites(self, ref: CitationFact, link: str, source: str, what: str) -> ChainStep:
        """A step stated by the clause of `ref` (which cites `ref.cited`)."""
        target = self.doc_label(ref.cited)
        return self.step(link, source, target, f"{what} dẫn {target}.", iri=ref.cited, clause_id=ref.clause_id)

    # ------------------------------------------------------------------ routes from one task
    def routes(self, task: TaskContext, relations: frozenset[str] = frozenset()) -> Iterator[Route]:
        """`relations`: what the question asks the governing document to be to the plan ("thay thế nghị
        quyết nào": replaces): the plan's citations of that kind are routes too."""
        kb = self.kb
        clause = kb.clause(task.clause.clause_id)
        if clause is None:
            return
        where = "Đoạn nêu nhiệm vụ"
        for ref in kb.refs_of(clause.id):
            yield Route("cited_in_clause", ref, [self.cites(ref, "cited_in_clause", where, where)])
        siblings = kb.siblings(clause)
        if siblings:
            if clause.lead_in:
                for other in siblings:
                    if other.id != clause.id and other.text.strip() == clause.lead_in.strip():
                        for ref in kb.refs_of(other.id):
                            yield Route("cited_in_lead_in", ref, [self.cites(
                                ref, "cited_in_lead_in", where, "Câu dẫn của đoạn")])
            if clause.kind != "preamble" and len(siblings) <= 15:
                for other in siblings:
                    if other.id != clause.id:
                        for ref in kb.refs_of(other.id):
                            yield Route("cited_in_section", ref, [self.cites(
                                ref, "cited_in_section", where, "Một đoạn khác cùng mục")])
        # "Điều 1. Sửa đổi, bổ sung một số điều của Thông tư số …" governs every clause below it
        for section in kb.section_chain(clause)[1:4]:
            for cid in section.clauses:
                heading = kb.clause(cid)
                # the title, or the opening sentence under the article's number ("Điều 5." / "Sửa đổi, bổ
                # sung một số điều của Thông tư số …" before its items): the part's own clauses
                if heading is not None and heading.kind in ("heading", "paragraph"):
                    what = "Tiêu đề" if heading.kind == "heading" else "Đoạn mở đầu"
                    for ref in kb.refs_of(cid):
                        yield Route("cited_in_heading", ref, [self.cites(
                            ref, "cited_in_heading", where, f"{what} của phần chứa nhiệm vụ")])
        if task.programme:
            yield from self.programme_routes(clause.doc_id, task)
        yield from self.plan_routes(clause.doc_id)
        if relations:
            doc = kb.doc(clause.doc_id)
            plan = self.plan_label(clause.doc_id)
            for ref in doc.citations if doc else []:
                if ref.relation in relations and ref.cited != doc.plan.iri:
                    yield Route("plan_relation", ref, [self.cites(ref, "plan_relation", plan, f"Một đoạn của {plan}")])

    def programme_routes(self, doc_id: str, task: TaskContext) -> Iterator[Route]:
        """The task's programme project -> the programme -> the decision approving it."""
        project = " › ".join(p for p in (task.project, task.subproject) if p)
        placed = (f"Nhiệm vụ thuộc {project} của {task.programme} (theo đề mục của kế hoạch)" if project
                  else f"Nhiệm vụ thuộc {task.programme} (theo đề mục và lời văn của kế hoạch)")
        first = self.step("in_programme", "Đoạn nêu nhiệm vụ", task.programme, placed + ".")
        for ref in self.approvals(doc_id, task.programme):
            yield Route("programme", ref, [first, self.approval_step(task.programme, ref)])

    def plan_routes(self, doc_id: str) -> Iterator[Route]:
        """The plan's opening: its legal basis ("Căn cứ"), what it implements ("Thực hiện"), and the
        decision approving the programme of what it implements."""
        doc = self.kb.doc(doc_id)
        if doc is None:
            return
        plan = self.plan_label(doc_id)
        opening = [r for r in doc.citations if r.cited != doc.plan.iri
                   and (r.relation == "basis" or (r.relation == "implements" and self._in_opening(r)))]
        for ref in opening:
            if ref.relation == "basis":
                yield Route("plan_basis", ref, [self.cites(ref, "plan_basis", plan, f"Phần căn cứ của {plan}")])
        for ref in opening:
            if ref.relation != "implements":
                continue
            first = self.cites(ref, "plan_implements", plan, f"{plan} mở đầu bằng “Thực hiện …”:")
            yield Route("plan_implements", ref, [first])
            for programme, how in self.programmes_of(ref.cited):
                second = self.step("programme_of", first.target, programme.name,
                                   f"{first.target} {how} {programme.name}.")
                for approval in self.approvals(doc_id, programme.name, programme):
                    if approval.cited != ref.cited:
                        yield Route("implemented_programme", approval,
                                    [first, second, self.approval_step(programme.name, approval)])

    def _in_opening(self, ref: CitationFact) -> bool:
        clause = self.kb.clause(ref.clause_id)
        return clause is not None and clause.kind == "preamble"

    # ------------------------------------------------------------------ programmes
    def programmes_of(self, iri: str) -> list[tuple[Programme, str]]:
        """The programmes an act belongs to, and how that is known: the act approves it (graph), the
        corpus document is about it (cancu:programme), or its title names it."""
        self.model.all_plans()
        doc = self.model.legal_doc(iri)
        if doc is None:
            return []
        found = [(p, "phê duyệt") for p in (self.model.programme(i) for i in doc.programmes) if p]
        if found:
            return found
        if doc.doc_id:
            plan = self.kb.plans.get(doc.doc_id)
            own = self.model.programme(plan.programme) if plan else None
            if own is not None:
                return [(own, "thực hiện")]
        named = programme_in_title(doc.title)
        if named:
            known = {p.name: p for p in self.model.programmes.values()}
            chosen = best_programme(named, list(known))
            if chosen:
                return [(known[chosen], "thực hiện (theo tên văn bản)")]
        return []

    def approvals(self, doc_id: str, name: str, programme: Programme | None = None) -> list[CitationFact]:
        """Citations of the decisions approving a programme: this plan's own first ("Căn cứ Quyết định
        ... phê duyệt Chương trình ..."), else those of other corpus documents the graph holds."""
        own = self.kb.programmes(doc_id).get(name)
        if own is not None:
            return [own[1]]
        if programme is None:
            self.model.all_plans()
            known = {p.name: p for p in self.model.programmes.values()}
            chosen = best_programme(name, list(known))
            programme = known.get(chosen) if chosen else None
        if programme is None:
            return []
        out = []
        for approver in programme.approved_by:
            refs = self._citations_of(approver)
            if refs:
                out.append(refs[0])
        return out

    def _citations_of(self, iri: str) -> list[CitationFact]:
        if iri not in self._approvals:
            citing = self.model.docs_citing([iri])
            self.kb.load(citing)
            refs = [r for d in citing for r in self.kb.doc(d).citations if r.cited == iri]
            # the opening of a plan first (where the approval is cited with its title), then document order
            refs.sort(key=lambda r: (r.relation != "basis", r.doc_id, r.start or 0))
            self._approvals[iri] = refs
        return self._approvals[iri]

    def approval_step(self, programme: str, ref: CitationFact) -> ChainStep:
        target = self.doc_label(ref.cited)
        where = self.plan_label(ref.doc_id)
        return self.step("approved_by", programme, target,
                         f"{programme} được phê duyệt bởi {target} (tên văn bản khi {where} dẫn nó).",
                         iri=ref.cited, clause_id=ref.clause_id)


__all__ = ["Chains", "EVIDENCE_LABELS", "LINK_EVIDENCE", "Route", "strongest"]
