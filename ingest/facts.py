"""The kinds of fact Căn cứ reads from a document, in one registry.

Each kind says, in one place: its record (`ingest.model`), the finder that reads it from one clause (a rule
component of the spaCy pipeline), how `cancu extract --json` writes it (the scorer's format), the RDF class
its nodes have (the graph builder's `build_{name}` writes them), what it adds to a clause's search passage,
and what people call it. Everything that handles "every kind of fact" — the pipeline, the JSON of the
evaluation, the build folder's serialisation, the graph builder, search passages, fact counts in the
workspace, the API and the CLI — loops over `FACTS`, so a new kind is a record, a finder, a `build_{name}`
method and one entry here.

`Extraction` (ingest/model.py) keeps one typed list per kind, named as the kind (checked by a test).
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from ingest.model import Agency, Assignment, Budget, Extraction, Place, Reference, Target
from ingest.vocab.admin import COMMUNE_LEVELS

if TYPE_CHECKING:
    from ingest.extract.context import ClauseContext

Finder = Callable[[str, "ClauseContext"], list]
PassageFacts = dict[str, Iterable[str | None]]  # {"agencies" | "communes" | "programme": values}


def _no_passage(record: Any) -> PassageFacts:
    return {}


@cache
def _load(path: str) -> Finder:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class FactKind:
    """One kind of fact and everything that handles it."""

    name: str  # the Extraction attribute, the JSON key, the spaCy Doc extension: "targets"
    record: type  # its dataclass in ingest.model
    finder_path: str  # "module:function" of the finder that reads one clause (imported when first used,
    #                   so reading a build folder does not load the extractors)
    label: str  # what people call it, in Vietnamese: "chỉ tiêu"
    rdf_class: str  # local name of its node class in ontologies/cancu.ttl: "Target"
    eval_json: Callable[[Any, str], dict]  # the record as `cancu extract --json` writes it, given its evidence text
    passage: Callable[[Any], PassageFacts] = _no_passage  # what it adds to its clause's search metadata
    nested: dict[str, type] = field(default_factory=dict)  # fields holding records: rebuilt from JSON as such
    graph_first: bool = False  # written before the document's structure and the other facts

    @property
    def finder(self) -> Finder:
        """Reads the records of one clause (spans relative to the clause)."""
        return _load(self.finder_path)

    @property
    def component(self) -> str:
        """The spaCy pipeline component's name."""
        return f"cancu_{self.name}"


# ---------------------------------------------------------------- the scorer's JSON, per kind

def _reference_json(r: Reference, text: str) -> dict:
    return {"symbol": r.symbol, "type": r.doc_type, "issuer": r.issuer, "date": r.date, "title": r.title,
            "name": r.name, "relation": r.relation, "text": text}


def _assignment_json(a: Assignment, text: str) -> dict:
    return {"agency": a.agency.canonical or a.agency.name, "agency_as_written": a.agency.name, "role": a.role,
            "commune": a.commune, "communes": a.communes, "task": a.task, "text": text}


def _place_json(p: Place, text: str) -> dict:
    return {"name": p.name, "level": p.level, "code": p.code, "text": text}


def _target_json(t: Target, text: str) -> dict:
    return {"indicator": t.indicator, "value": t.value, "value_max": t.value_max, "unit": t.unit,
            "comparator": t.comparator, "of": t.of, "year": t.year, "kind": t.kind, "commune": t.commune,
            "commune_level": t.commune_level, "commune_code": t.commune_code, "text": text}


def _budget_json(b: Budget, text: str) -> dict:
    return {"amount_million_vnd": b.amount_million_vnd, "source": b.source, "purpose": b.purpose,
            "programme": b.programme, "capital_type": b.capital_type, "unit_rate": b.unit_rate,
            "approx": b.approx, "parent_amount_million_vnd": b.parent_amount_million_vnd,
            "amount_as_written": b.amount_as_written, "year": b.year, "commune": b.commune,
            "commune_level": b.commune_level, "commune_code": b.commune_code, "text": text}


# ---------------------------------------------------------------- search metadata, per kind

def _assignment_passage(a: Assignment) -> PassageFacts:
    return {"agencies": [a.agency.canonical or a.agency.name], "communes": [a.commune, *a.communes],
            "programme": [a.project]}


def _place_passage(p: Place) -> PassageFacts:
    if p.level is None or p.level in COMMUNE_LEVELS or p.level in ("bản", "thôn"):
        return {"communes": [p.name]}
    return {}


def _budget_passage(b: Budget) -> PassageFacts:
    return {"programme": [b.programme]}


# ---------------------------------------------------------------- the registry

FACTS: tuple[FactKind, ...] = (
    FactKind("references", Reference, "ingest.extract.references:find_references", "căn cứ/trích dẫn", "Citation",
             _reference_json),
    FactKind("assignments", Assignment, "ingest.extract.assignments:find_assignments", "phân công", "Assignment",
             _assignment_json,
             passage=_assignment_passage, nested={"agency": Agency, "reporter": Agency}),
    # places first in the graph: an assignment's commune reuses the coded node of the same name
    FactKind("places", Place, "ingest.extract.places:find_places", "địa danh", "PlaceMention", _place_json,
             passage=_place_passage, graph_first=True),
    FactKind("targets", Target, "ingest.extract.targets:find_targets", "chỉ tiêu", "Target", _target_json),
    FactKind("budgets", Budget, "ingest.extract.budgets:find_budgets", "kinh phí", "Budget", _budget_json,
             passage=_budget_passage),
)
BY_NAME: dict[str, FactKind] = {k.name: k for k in FACTS}
BY_CLASS: dict[str, FactKind] = {k.rdf_class: k for k in FACTS}


def facts_of(extraction: Extraction) -> Iterator[tuple[FactKind, list]]:
    """(kind, its records) for every kind, in registry order."""
    for kind in FACTS:
        yield kind, getattr(extraction, kind.name)


def counts(extraction: Extraction) -> dict[str, int]:
    """{kind name: how many records} of one extraction."""
    return {kind.name: len(records) for kind, records in facts_of(extraction)}


def count(extraction: Extraction) -> int:
    """How many facts of every kind one extraction holds."""
    return sum(counts(extraction).values())


__all__ = ["BY_CLASS", "BY_NAME", "FACTS", "FactKind", "count", "counts", "facts_of"]
