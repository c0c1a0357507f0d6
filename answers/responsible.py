"""Who is responsible: for a task (lead and cooperating agencies, communes), for a named agency (its
communes, or its tasks), or for a named commune (the agencies in charge of it). Every answer quotes the
clause its assignment was read from."""
from __future__ import annotations

import re

from answers.governing import number_factor
from answers.knowledge import PROJECT_IN_TEXT, Knowledge, listed_projects
from answers.model import AssignmentFact, ReadModel
from answers.records import AgencyRef, Responsibility, ResponsibleAnswer, TaskContext
from answers.search import TASKS_USED, has_text, scope, search
from answers.text import ASKS_AGENCY, Cues, read_question, without_symbols, words
from graph.slug import slug
from ingest.errors import BadRequest

ROLE_ORDER = {"lead": 0, "in_charge_commune": 1, "co_in_charge_commune": 2, "cooperate": 3, "report_to": 4}
IN_CHARGE = ("in_charge_commune", "co_in_charge_commune")


def responsible(model: ReadModel, index, query: str, *, top: int = 10) -> ResponsibleAnswer:
    """Who is responsible: for a task (lead and cooperating agencies, communes), for a named agency
    (its communes, or its tasks), or for a named commune (the agencies in charge of it)."""
    if not has_text(query):
        raise BadRequest("cần một câu hỏi (có ít nhất một từ)")
    kb = Knowledge(model)
    cues = read_question(query)
    docs = scope(kb, cues)
    named = without_symbols(query)  # "Chỉ thị 010/CT-UBND": the symbol's codes name no agency or commune
    agencies = kb.agencies_in(_subject_part(named, cues), docs)
    communes = kb.communes_in(named, docs=docs)
    commune_names = list(dict.fromkeys(model.place(c).name for c in communes if model.place(c)))
    wants_commune = cues.asks_commune or any(r in cues.roles for r in IN_CHARGE)
    if agencies and wants_commune:
        mode, answers, tasks = "agency_communes", _agency_communes(kb, agencies, cues), []
    elif communes and not agencies:
        mode, answers, tasks = "commune_agencies", _commune_agencies(kb, communes, cues), []
    elif agencies:
        mode = "agency_tasks"
        ranked = search(index, query, docs=docs)
        answers, tasks = _agency_tasks(kb, agencies, ranked), [kb.task(c, w) for c, w in ranked[:TASKS_USED]]
    else:
        mode, answers, tasks = "task", [], []
    if not answers:  # a name that gives nothing ("cơ quan thường trực" of another plan): answer the task
        mode = "task"
        ranked = search(index, query, docs=docs)
        kb.probe(cid for cid, _ in ranked)
        ranked = _rerank_for_responsible(kb, cues, ranked)
        kb.load(cid.split(":", 1)[0] for cid, _ in ranked[:TASKS_USED])
        tasks = [kb.task(c, w) for c, w in ranked[:TASKS_USED]]
        answers = _task_responsibilities(kb, cues, tasks)
    return ResponsibleAnswer(query, mode, agencies, commune_names, tasks,
                             merge(answers, per_task=mode == "agency_tasks")[:top])


def _subject_part(text: str, cues: Cues) -> str:
    """The part of a question that can name the agency it is about: before "cơ quan nào / ai" when it asks
    for an agency. An agency named after it is the object of the task ("cơ quan nào tham mưu UBND tỉnh ...",
    "ai phối hợp với Sở Y tế ..."): the question asks who else, so it is answered from the task."""
    if not cues.asks_agency:
        return text
    parts = text.split()
    for end in range(1, len(parts) + 1):
        match = ASKS_AGENCY.search(" ".join(words(" ".join(parts[:end]))))
        if match is not None:
            return " ".join(parts[:max(0, end - len(match.group().split()))])
    return text


def facts_of_agencies(kb: Knowledge, iris: set[str]) -> list[AssignmentFact]:
    """Every assignment to one of these agencies, across the corpus, in document order."""
    docs = kb.model.docs_assigning(iris)
    kb.load(docs)
    return [f for d in docs for f in kb.doc(d).assignments if f.agency in iris]


def _agency_communes(kb: Knowledge, agencies: list[AgencyRef], cues: Cues) -> list[Responsibility]:
    """A named agency's communes in charge, then the other agencies sharing those communes."""
    keys = {a.iri for a in agencies}
    out: list[Responsibility] = []
    theirs: set[tuple[str, str]] = set()
    docs: list[str] = []
    for f in facts_of_agencies(kb, keys):
        if not f.communes:
            continue
        score = {"in_charge_commune": 1.0, "co_in_charge_commune": 0.9}.get(f.role, 0.4)
        out.append(kb.responsibility(f, score, "named_agency"))
        if f.role in IN_CHARGE:
            theirs.update((f.doc_id, kb.commune_key_of(c)) for c in f.communes)
            docs.append(f.doc_id)
    asks_partner = "co_in_charge_commune" in cues.roles or cues.asks_agency
    for doc_id in dict.fromkeys(docs):
        for f in kb.doc(doc_id).assignments:
            if f.agency in keys or f.role not in IN_CHARGE:
                continue
            if any((f.doc_id, kb.commune_key_of(c)) in theirs for c in f.communes):
                score = (0.95 if asks_partner else 0.5) * (1.0 if f.role == "co_in_charge_commune" else 0.9)
                out.append(kb.responsibility(f, score, "shares_commune"))
    return out


def facts_naming_communes(kb: Knowledge, place_iris: list[str]) -> list[AssignmentFact]:
    """Assignments that name one of these communes (by name, within the commune's district)."""
    wanted = {kb.commune_key_of(c) for c in place_iris}
    districts = {slug(d) for d in (kb.model.district_of(c) for c in place_iris) if d}
    docs = kb.model.docs_naming(place_iris)
    kb.load(docs)
    out = []
    for doc_id in docs:
        plan = kb.plans[doc_id]
        if districts and plan.locality and slug(plan.locality) not in districts:
            continue
        for f in kb.doc(doc_id).assignments:
            if any(kb.commune_key_of(c) in wanted for c in f.communes):
                out.append(f)
    return out


def _commune_agencies(kb: Knowledge, communes: list[str], cues: Cues) -> list[Responsibility]:
    out = []
    for f in facts_naming_communes(kb, communes):
        score = {"in_charge_commune": 1.0, "co_in_charge_commune": 0.9}.get(f.role, 0.5)
        score *= role_factor(cues, f.role) if cues.roles else 1.0
        out.append(kb.responsibility(f, score, "named_commune"))
    return out


def _agency_tasks(kb: Knowledge, agencies: list[AgencyRef], ranked: list[tuple[str, float]]) -> list[Responsibility]:
    """A named agency's assignments, those near the clauses the question matches first."""
    keys = {a.iri for a in agencies}
    facts = facts_of_agencies(kb, keys)
    theirs = {f.doc_id for f in facts}  # only clauses of the agency's own plans can be near its assignments
    near: dict[str, float] = {}
    for cid, weight in ranked:
        near[cid] = max(near.get(cid, 0.0), weight)
        if cid.split(":", 1)[0] in theirs:
            for other in kb.subtree_clauses(kb.clause(cid)):
                near[other] = max(near.get(other, 0.0), weight * 0.5)
    out = []
    for f in facts:
        if f.role == "report_to":
            continue
        score = 0.1 + near.get(f.clause_id, 0.0)
        out.append(kb.responsibility(f, score, "named_agency"))
    return out


def merge(answers: list[Responsibility], *, per_task: bool = False) -> list[Responsibility]:
    """One answer per (agency, role, commune) — per task too when listing one agency's tasks —, the
    best-scored evidence kept; best first."""
    best: dict[tuple, Responsibility] = {}
    for r in answers:
        k = (r.agency.key, r.role, r.commune) + ((r.clause.clause_id, r.task) if per_task else ())
        if k not in best or r.score > best[k].score:
            best[k] = r
    return sorted(best.values(), key=lambda r: (-r.score, ROLE_ORDER.get(r.role, 9)))


def role_factor(cues: Cues, role: str) -> float:
    if cues.roles:
        if role in cues.roles:
            return 1.5 if role == cues.roles[0] else 1.3
        return 0.7 if role != "report_to" else 0.3
    return {"lead": 1.2, "cooperate": 0.9, "report_to": 0.3}.get(role, 1.0)


def _project_factor(kb: Knowledge, cues: Cues, clause_id: str) -> float:
    if not cues.projects:
        return 1.0
    text = kb.clause_text(clause_id)
    project, subproject = kb.rank_project(clause_id)
    named = {project, subproject} | {f"Dự án {m.group(2)}" for m in PROJECT_IN_TEXT.finditer(text)
                                     if not m.group(1).lower().startswith("tiểu")}
    named |= {f"Dự án {n}" for n in listed_projects(text)}
    share = sum(p in named for p in cues.projects) / len(cues.projects)
    return 1.0 + 0.6 * share if share else 0.8


def _rerank_for_responsible(kb: Knowledge, cues: Cues, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Clauses with an assignment at hand (in them or their section) rise; so do clauses of the asked project."""
    out = []
    for cid, weight in ranked:
        factor = number_factor(kb, cues, cid)
        if kb.has_facts(cid):
            factor *= 1.5
        elif kb.subtree_assigns(cid):
            factor *= 1.2
        factor *= _project_factor(kb, cues, cid)
        out.append((cid, weight * factor))
    out.sort(key=lambda item: -item[1])
    return out


def _task_responsibilities(kb: Knowledge, cues: Cues, tasks: list[TaskContext]) -> list[Responsibility]:
    out: list[Responsibility] = []
    for task in tasks:
        cid = task.clause.clause_id
        clause = kb.clause(cid)
        if clause is None:
            continue
        found: list[tuple[AssignmentFact, float, str]] = [(f, 1.0, "in_clause") for f in kb.facts_of(cid)]
        # the assignment may sit beside the task ("c) Phân công thực hiện" under the same project heading):
        # climb from the clause's section until a section's subtree holds assignments, two levels at most
        chain = kb.section_chain(clause)
        for depth, section in enumerate(chain[:3]):
            if section.level <= 1 and depth > 0 and not (section.project or section.subproject):
                break
            inside = [f for c in kb.subtree_clauses(section) if c != cid for f in kb.facts_of(c)]
            if inside:
                weight = 0.75 if depth == 0 else 0.6
                found.extend((f, weight, "in_section") for f in inside)
                break
        # plans describe a project in one part and assign it in another ("Chủ trì ... Tiểu dự án 1, 2 Dự án 6"):
        # assignments whose clause names the task's project (or the project the question names) count too
        projects = {p for p in (task.project, *cues.projects) if p and p.startswith("Dự án ")}
        if projects and not found:
            for fact in kb.doc(task.plan.doc_id).assignments:
                if projects & kb.projects_named(fact.clause_id):
                    found.append((fact, 0.7, "names_project"))
        if not found:  # no assignment read: the lead-in above the items ("Các cơ quan đăng ký đầu tư (Sở Tài chính,
            # ...):" / "a) Là đầu mối ...") or the heading ("2.2. Phòng Dân tộc") may still name who does it
            found.extend((fact, 0.6, "heading_subject")
                         for fact in _lead_in_subjects(kb, clause) or _heading_subjects(kb, clause))
        for fact, weight, why in found:
            if fact.role == "report_to" and "report_to" not in cues.roles:
                continue  # who receives the reports is not who does the task
            agency = kb.agency_ref(fact.agency)
            score = task.score * weight * role_factor(cues, fact.role)
            score *= _project_factor(kb, cues, fact.clause_id)
            if agency.collective:
                score *= 0.5
            out.append(kb.responsibility(fact, score, why))
    return out


_ITEM = re.compile(r"^\s*(?:[a-zđ]\)|[-+•–]|\d{1,2}[.)]|\(\d{1,2}\))\s")
LEAD_IN_REACH = 8  # items a lead-in may stand above


def _lead_in_subjects(kb: Knowledge, clause) -> list[AssignmentFact]:
    """Agencies named by the lead-in a list item hangs from ("Các cơ quan đăng ký đầu tư (Sở Tài chính, ...):"
    above "a) Là đầu mối chủ trì ..."), as lead of the item's task: the parser's own lead-in, else the
    paragraph ending in a colon that the items just before the clause follow."""
    lead = clause.lead_in
    if not lead and (clause.marker or _ITEM.match(clause.text)):
        siblings = kb.siblings(clause) or _same_part(kb, clause)
        ids = [c.id for c in siblings]
        at = ids.index(clause.id) if clause.id in ids else 0
        for other in reversed(siblings[max(0, at - LEAD_IN_REACH):at]):
            if other.text.rstrip().endswith(":") and not other.marker and not _ITEM.match(other.text):
                lead = other.text
                break
            if not (other.marker or _ITEM.match(other.text)):
                break  # a paragraph between: the items do not hang from anything above it
    if not lead:
        return []
    return [_subject(clause, a) for a in kb.agencies_in(lead, [clause.doc_id])]


def _same_part(kb: Knowledge, clause) -> list:
    """The clauses of a part that is no section of the tree (a directive's opening read as one block), in order."""
    doc = kb.doc(clause.doc_id)
    return sorted((c for c in doc.clauses.values() if c.section_id == clause.section_id),
                  key=lambda c: c.position) if doc else []


def _subject(clause, agency: AgencyRef) -> AssignmentFact:
    return AssignmentFact(iri="", doc_id=clause.doc_id, clause_id=clause.id, agency=agency.iri, role="lead",
                          task=clause.text[:300], verb=None, communes=[], reporter=None, project=None,
                          start=clause.start, end=clause.end, evidence=clause.text)


def _heading_subjects(kb: Knowledge, clause) -> list[AssignmentFact]:
    """Agencies named by the headings just above a clause, as lead of the clause's task."""
    for section in kb.section_chain(clause)[:2]:
        agencies = kb.agencies_in(section.title or "", [clause.doc_id])
        if agencies:
            return [_subject(clause, a) for a in agencies]
    return []


__all__ = ["responsible", "merge", "facts_of_agencies", "facts_naming_communes", "role_factor"]
