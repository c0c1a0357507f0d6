"""Which decision governs a task, and the reverse: what was issued on the basis of a decision.

Search finds the clauses a question is about; the read model places each in its plan, section, project
and programme, and the documents cited there, weighted by how close the citation stands to the task,
are the answer. Every answer keeps the clauses it was read from. No language model: ranking is by search
rank, structure and generic cues of the question (which document type, which issuer).
"""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from answers.chains import Chains, Route, strongest
from answers.knowledge import MAX_EVIDENCE_CHARS, Knowledge, document_key
from answers.model import ReadModel
from answers.records import BasisAnswer, CitedDocument, DecisionUse, Governing
from answers.search import TASKS_USED, has_text, named_plans, scope, search
from answers.status import annotate
from answers.text import Cues, has_number, issuer_match, read_question, symbol_key
from answers.text import key as name_key
from graph.programmes import approved_programme
from ingest.errors import BadRequest, NotFound

_ASKS_BASIS = re.compile(r"\b(?:can cu|dua tren|dua vao|co so phap ly|ban hanh theo)\b")
REASON_WEIGHT = {"cited_in_clause": 1.0, "cited_in_lead_in": 0.8, "plan_relation": 0.9, "programme": 0.7,
                 "cited_in_heading": 0.6, "cited_in_section": 0.5, "plan_basis": 0.35, "plan_implements": 0.35,
                 "implemented_programme": 0.3}
# a question about the named plan itself ("Kế hoạch 245 căn cứ vào đâu?", "... thay thế nghị quyết nào?"): its
# opening, or its citations of the asked kind, answer it
WHOLE_PLAN_WEIGHT = {"plan_basis": 1.2, "plan_implements": 1.1, "plan_relation": 1.2}


def governing(model: ReadModel, index, query: str | None = None, *, clause_id: str | None = None,
              top: int = 10, as_of: date | None = None) -> BasisAnswer:
    """Which documents govern the task a question describes (or one clause), best first, with evidence:
    for each, the way it was reached (`path`, each step direct, inherited or derived) and what later
    documents of the corpus did to it (`document.status`) on `as_of` (default today)."""
    kb = Knowledge(model)
    cues = read_question(query) if query else None
    if clause_id:
        if kb.clause(clause_id) is None:
            raise NotFound(f"không có đoạn '{clause_id}'")
        ranked = [(clause_id, 1.0)]
    elif query and has_text(query):
        ranked = search(index, query, docs=scope(kb, cues))
        kb.probe(cid for cid, _ in ranked)
        ranked = _rerank_for_basis(kb, cues, ranked)
        kb.load(cid.split(":", 1)[0] for cid, _ in ranked[:TASKS_USED])
    else:
        raise BadRequest("cần một câu hỏi hoặc mã đoạn")
    tasks = [kb.task(cid, w) for cid, w in ranked[:TASKS_USED]]
    # "Kế hoạch 245 căn cứ vào đâu?": the task is the named plan itself, so its legal basis comes first
    named = cues is not None and bool(named_plans(kb, cues))
    whole_plan = named and (bool(_ASKS_BASIS.search(cues.folded)) or bool(cues.relations))
    weights = {**REASON_WEIGHT, **WHOLE_PLAN_WEIGHT} if whole_plan else REASON_WEIGHT
    relations = frozenset(cues.relations) if cues is not None else frozenset()
    chains = Chains(kb)
    scores: dict[str, list[tuple[float, Route]]] = defaultdict(list)
    described: dict[str, list[CitedDocument]] = defaultdict(list)
    for task in tasks:
        for route in _own_routes_first(list(chains.routes(task, relations)), relations, whole_plan):
            doc = kb.cited(route.ref)
            key = document_key(doc)
            scores[key].append((task.score * weights[route.reason], route))
            described[key].append(doc)
    documents = {key: _richest(docs) for key, docs in described.items()}
    annotate(model, documents.values(), as_of,
             aliases={documents[k].iri: [d.iri for d in docs] for k, docs in described.items()})
    candidates = list(documents.values())
    results = []
    for key, contributions in scores.items():
        contributions.sort(key=lambda c: -c[0])
        score = contributions[0][0] + 0.15 * sum(c[0] for c in contributions[1:4])
        if cues is not None:
            score *= _cue_factor(cues, documents[key], candidates)
            score *= _relation_factor(relations, {c[1].ref.relation for c in contributions}, scores)
        citations, seen = [], set()
        for _, route in contributions:
            ref = route.ref
            if (ref.clause_id, ref.start) not in seen:
                seen.add((ref.clause_id, ref.start))
                citations.append(kb.citation(ref))
        reasons = list(dict.fromkeys(c[1].reason for c in contributions))
        results.append(Governing(documents[key], round(score, 4), reasons, citations,
                                 strongest(c[1].evidence for c in contributions), contributions[0][1].steps))
    results.sort(key=lambda g: (-g.score, g.document.key))
    return BasisAnswer(query, clause_id, tasks, results[:top])


def _own_routes_first(routes: list[Route], relations: frozenset[str], whole_plan: bool) -> list[Route]:
    """The plan's citations of the asked kind ("... được bổ sung vào thông tư nào?": every act an amending
    document amends) stand in for the task's own only when the task's clause, lead-in or headings cite none
    of that kind: "Điều 5. Sửa đổi, bổ sung ... Thông tư số X" above the task names the one it asks for."""
    if whole_plan or not relations:
        return routes
    if any(r.reason != "plan_relation" and r.ref.relation in relations for r in routes):
        return [r for r in routes if r.reason != "plan_relation"]
    return routes


def _richest(docs: list[CitedDocument]) -> CitedDocument:
    """Of the graph's nodes for one document, the one that says most (symbol, date, issuer, title), its
    gaps filled from the others."""
    unique = list({d.iri: d for d in docs}.values())
    best = max(unique, key=lambda d: (bool(d.symbol), bool(d.date), bool(d.issuer), bool(d.title), d.iri))
    out = CitedDocument(**vars(best))
    for d in unique:
        out.date = out.date or d.date
        out.issuer = out.issuer or d.issuer
        out.title = out.title or d.title
        out.type = out.type or d.type
        out.doc_id = out.doc_id or d.doc_id
        out.programme = out.programme or d.programme
    out.programme = out.programme or approved_programme(out.title)
    return out


def _relation_factor(asked: frozenset[str], mine: set[str], scores: dict) -> float:
    """Documents cited the way the question asks (replaced, amended, implemented) go first, when any is."""
    if not asked or not any(asked & {c[1].ref.relation for c in contributions} for contributions in scores.values()):
        return 1.0
    return 1.6 if asked & mine else 0.6


def number_factor(kb: Knowledge, cues: Cues, clause_id: str) -> float:
    """A question naming an item by number ("chỉ tiêu 18.3") is about the clause that has that number."""
    if not cues.numbers:
        return 1.0
    text = kb.clause_text(clause_id)
    return 1.6 if any(has_number(text, n) for n in cues.numbers) else 0.85


def _rerank_for_basis(kb: Knowledge, cues: Cues, ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A question asking "which decision" is answered by a clause that cites one: such clauses rise,
    more when what they cite is of the type or from the issuer the question asks for."""
    out = []
    for cid, weight in ranked:
        refs = kb.refs_of(cid)
        factor = number_factor(kb, cues, cid)
        if refs:
            factor *= 1.4
            if cues.relations and any(r.relation in cues.relations for r in refs):
                factor *= 1.5
            cited = [kb.cited(r) for r in refs]
            if cues.asked_types and any(_type_ok(cues, d.type) for d in cited):
                factor *= 1.3
            if cues.issuer_phrases and any(issuer_match(cues.issuer_phrases, d.issuer) for d in cited):
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

def decision_uses(model: ReadModel, symbol: str, *, max_tasks: int = 30, as_of: date | None = None) -> DecisionUse:
    """Plans that cite a decision, how (basis, implements, mention), and the tasks that flow from it:
    assignments in the clauses that cite it, and, when it approves a programme, in the projects of
    that programme in the plans that follow it. The decision's status (amended, replaced, repealed by a
    later corpus document; its period ended) is read on `as_of`."""
    kb = Knowledge(model)
    wanted = symbol_key(symbol)
    if not wanted:
        raise BadRequest("cần số ký hiệu văn bản, ví dụ 90/QĐ-TTg")
    legal = model.legal_docs()
    nodes = [d.iri for d in legal.values() if d.symbol and symbol_key(d.symbol) == wanted]
    if not nodes and not re.search(r"\d", symbol):  # an unnumbered document named in words ("Đề án ...")
        name = name_key(symbol)
        nodes = [d.iri for d in legal.values() if not d.symbol and len(name.split()) >= 3
                 and name in name_key(d.name or d.title)]
    citing = model.docs_citing(nodes)
    kb.load(citing)
    refs = [r for doc_id in citing for r in kb.doc(doc_id).citations if r.cited in nodes]
    if not refs:
        raise NotFound(f"không có văn bản nào dẫn '{symbol}'")
    documents: dict[str, CitedDocument] = {}
    for r in refs:
        doc = kb.cited(r)
        documents.setdefault(doc.iri, doc)
    annotate(model, documents.values(), as_of)
    citations = [kb.citation(r) for r in refs]
    plans = []
    for doc_id in dict.fromkeys(c.plan.doc_id for c in citations):
        facts_doc = kb.doc(doc_id)
        mine = [r for r in refs if r.doc_id == doc_id]
        programme_names = [n for n, (p, r) in kb.programmes(doc_id).items()
                           if r.cited in nodes or any(a in nodes for a in p.approved_by)]
        facts: list[tuple] = []
        seen: set[str] = set()
        for r in mine:
            if r.relation == "basis":
                continue  # the preamble: the whole plan follows it, listed below by programme or as the plan
            clause = kb.clause(r.clause_id)
            for cid in [r.clause_id, *kb.subtree_clauses(clause)]:
                for f in facts_doc.facts_by_clause.get(cid, []):
                    if f.iri not in seen:
                        seen.add(f.iri)
                        facts.append((f, "cites_it"))
        if programme_names:
            for f in facts_doc.assignments:
                if f.iri in seen or f.clause_id not in facts_doc.clauses:
                    continue
                cid = f.clause_id
                if kb.programme_named(cid) in programme_names or (
                        any(kb.project_of(cid)) and kb.programme_of(cid) in programme_names):
                    seen.add(f.iri)
                    facts.append((f, "programme_project"))
        facts = [(f, why) for f, why in facts if f.role != "report_to" and not kb.agency_ref(f.agency).generic] \
            + [(f, why) for f, why in facts if f.role == "report_to" or kb.agency_ref(f.agency).generic]
        plans.append({
            "plan": kb.plan_ref(doc_id),
            "relations": sorted({r.relation for r in mine}),
            "programme": programme_names[0] if programme_names else None,
            "is_main_programme": bool(programme_names) and kb.main_programme(doc_id) in programme_names,
            "tasks": [kb.responsibility(f, why=why) for f, why in facts[:max_tasks]],
            "task_count": len(facts),
        })
    return DecisionUse(symbol, list(documents.values()), citations, plans)


__all__ = ["MAX_EVIDENCE_CHARS", "governing", "decision_uses", "number_factor"]
