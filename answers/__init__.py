"""Căn cứ's answers, read from the graph: which decision governs a task, who is responsible, an agency's or
a commune's responsibilities across plans, the same target or budget across plans, and what the web pages
show.

Every function takes the read model of the graph (`ReadModel(store)`: any `graph.store.GraphStore`,
embedded Oxigraph or a SPARQL 1.1 server) and, when it searches, the search index; none knows about
HTTP, the CLI or the data folder. `api/` routes requests to these functions and renders their records.
"""
from __future__ import annotations

from answers.across import budgets_summary, indicator_matches, targets_across
from answers.formats import basis_to_eval, responsible_to_eval, to_json
from answers.governing import decision_uses, governing
from answers.knowledge import MAX_EVIDENCE_CHARS
from answers.model import ReadModel
from answers.profiles import agencies_by_locality, agency_profile, agency_type, find_agencies, place_profile
from answers.responsible import responsible

__all__ = [
    "MAX_EVIDENCE_CHARS", "ReadModel", "agencies_by_locality", "agency_profile", "agency_type", "basis_to_eval",
    "budgets_summary", "decision_uses", "find_agencies", "governing", "indicator_matches", "place_profile",
    "responsible", "responsible_to_eval", "targets_across", "to_json",
]
