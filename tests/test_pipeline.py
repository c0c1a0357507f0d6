"""The extraction pipeline: a spaCy pipeline of rule components whose facts point at their clause."""
from pathlib import Path

import pytest

from ingest.extract.pipeline import build_nlp, extract_document, extraction_to_json
from ingest.structure import parse_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def plan():
    path = CORPUS / "003_609cd0d87b161299.txt"
    return parse_text(path.read_text(encoding="utf-8"), name=path.name)


def test_pipeline_is_a_spacy_pipeline_with_rule_components():
    nlp = build_nlp()
    assert nlp.lang == "vi"
    assert nlp.pipe_names == ["cancu_references", "cancu_assignments", "cancu_places", "cancu_targets", "cancu_budgets"]


def test_every_fact_points_at_its_clause_and_span(plan):
    ex = extract_document(plan, build_nlp())
    clauses = {c.id: c for c in plan.clauses()}
    facts = ex.references + ex.assignments + ex.places + ex.targets + ex.budgets
    assert facts
    for fact in facts:
        clause = clauses[fact.clause_id]
        start, end = fact.span
        assert clause.span[0] <= start <= end <= clause.span[1], fact


def test_word_segmentation_does_not_change_the_facts(plan):
    a = extraction_to_json(extract_document(plan, build_nlp(segment_words=False)))
    b = extraction_to_json(extract_document(plan, build_nlp(segment_words=True)))
    assert a == b


def test_a_plan_does_not_cite_itself(plan):
    ex = extract_document(plan, build_nlp())
    assert "245/KH-UBND" not in {r.symbol for r in ex.references}
    basis = [r.symbol for r in ex.references if r.relation == "basis"]
    assert basis[:2] == ["90/QĐ-TTg", "747/QĐ-UBND"]


def test_the_json_has_the_scorer_fields(plan):
    row = extraction_to_json(extract_document(plan, build_nlp()))
    assert row["document"] == {"symbol": "245/KH-UBND", "type": "Kế hoạch", "issuer": "Ủy ban nhân dân huyện Phong Thổ",
                               "date": "2022-08-03", "title": row["document"]["title"]}
    assert all(len(r["text"]) <= 1500 for key in ("references", "assignments", "targets", "budgets") for r in row[key])
    lead = [a for a in row["assignments"] if a["role"] == "lead"]
    assert any(a["agency"].startswith("Phòng Lao động") for a in lead)
