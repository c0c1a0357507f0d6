"""Answers as JSON: the API's plain JSON of any record, and the JSON Lines the scorer
(`shared/eval/score.py`) reads from `cancu basis --json` and `cancu responsible --json`."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from answers.records import BasisAnswer, ResponsibleAnswer


def basis_to_eval(answer: BasisAnswer) -> dict:
    """`{"query", "answers": [{symbol, type, issuer, date, evidence}]}` as `score.py basis` reads it."""
    rows = []
    for g in answer.documents:
        d = g.document
        rows.append({"symbol": d.symbol or d.name or d.title, "type": d.type, "issuer": d.issuer, "date": d.date,
                     "evidence": g.citations[0].evidence if g.citations else "", "reasons": g.reasons,
                     "ocr_confidence": g.citations[0].clause.ocr_confidence if g.citations else None,
                     "score": g.score, "iri": d.iri, "evidence_kind": g.evidence,
                     "status": [{"relation": c.relation, "text": c.text, "by": c.later.symbol, "date": c.later.date,
                                 "provisions": c.provisions} for c in d.status],
                     "period_ended": d.term.text if d.term is not None and d.term.ended else None})
    return {"query": answer.query or answer.clause, "answers": rows}


def responsible_to_eval(answer: ResponsibleAnswer) -> dict:
    """`{"query", "answers": [{agency, role, commune, evidence}]}` as `score.py responsible` reads it."""
    rows = []
    for r in answer.answers:
        rows.append({"agency": r.agency.canonical, "role": r.role, "commune": r.commune, "evidence": r.evidence,
                     "locality": r.agency.locality, "task": r.task, "project": r.project, "plan": r.plan.doc_id,
                     "clause": r.clause.clause_id, "score": r.score, "label": r.agency.label, "iri": r.agency.iri,
                     "ocr_confidence": r.clause.ocr_confidence})
    return {"query": answer.query, "mode": answer.mode, "answers": rows}


def to_json(record: Any) -> Any:
    """Plain JSON for any record of this package (sets become sorted lists)."""
    if hasattr(record, "__dataclass_fields__"):
        return to_json(asdict(record))
    if isinstance(record, dict):
        return {k: to_json(v) for k, v in record.items()}
    if isinstance(record, (list, tuple)):
        return [to_json(v) for v in record]
    if isinstance(record, set):
        return sorted(to_json(v) for v in record)
    return record
