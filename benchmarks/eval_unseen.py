#!/usr/bin/env python3
"""Extraction figures on the unseen-document set (`tests/data/unseen`), scored by the project's scorer.

    .venv/bin/python benchmarks/eval_unseen.py                    # one table, per fact kind
    .venv/bin/python benchmarks/eval_unseen.py --per-doc          # and one line per document
    .venv/bin/python benchmarks/eval_unseen.py --write-pred /tmp/unseen_pred.jsonl
    .venv/bin/python benchmarks/eval_unseen.py --set tests/data/heldout --per-doc   # the blind set

The sample corpus measures the rules on five plans of two provinces; these nine documents (decisions
with articles, a provincial resolution, a ministry circular, an official letter, post-2025 commune
plans, other provinces) measure whether the rules are general. Their expected facts
(`expected.jsonl`, hand-checked) are written out as a gold directory in the scorer's format and scored
with `score.py`'s own `score_extraction`, so the matching rules are exactly those of the sample set.
`--set DIR` scores any folder of `.txt` documents with an `expected.jsonl` of the same format (e.g. the
blind set `tests/data/heldout`, which no rule was tuned on).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scorer import load_scorer
from ingest.extract.pipeline import build_nlp, extract_document, extraction_to_json
from ingest.structure import parse_text

DATA = ROOT / "tests" / "data" / "unseen"
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "score.py"
KINDS = ("references", "assignments", "communes", "targets", "budgets")




def load_expected(path: Path = DATA / "expected.jsonl") -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def predict(expected: list[dict], data: Path = DATA) -> list[dict]:
    """The service's extraction JSON for every document of the set in `data`."""
    nlp = build_nlp()
    rows = []
    for e in expected:
        path = data / f"{e['doc']}.txt"
        document = parse_text(path.read_text(encoding="utf-8"), name=path.name)
        rows.append(extraction_to_json(extract_document(document, nlp)))
    return rows


def write_gold(expected: list[dict], gold: Path) -> None:
    """`expected.jsonl` (one line per document) as the scorer's gold files (one line per fact)."""
    files: dict[str, list[dict]] = {k: [] for k in ("self", "refs", "assignments", "communes", "targets", "budgets")}
    for e in expected:
        doc = e["doc"]
        d = e["document"]
        files["self"].append({"doc": doc, "symbol": d.get("symbol"), "type": d.get("type"),
                              "issuer": d.get("issuer"), "date": d.get("date"), "evidence": ""})
        for r in e["references"]:
            files["refs"].append({"doc": doc, "symbol": r["symbol"], "type": r["type"], "issuer": r["issuer"],
                                  "date": r["date"], "relation": r["relation"], "evidence": r["evidence"]})
        for a in e["assignments"]:
            files["assignments"].append({"doc": doc, "agency": a["agency"], "agency_canonical": a["agency"],
                                         "role": a["role"], "commune": a.get("commune"),
                                         "generic": a.get("generic", False), "evidence": a["evidence"]})
        for p in e["places"]:
            files["communes"].append({"doc": doc, "name": p["name"], "level": p["level"], "evidence": ""})
        for t in e["targets"]:
            files["targets"].append({"doc": doc, "value": t["value"], "kind": "target", "evidence": t["evidence"]})
        for b in e["budgets"]:
            files["budgets"].append({"doc": doc, "amount_million_vnd": b["amount_million_vnd"],
                                     "evidence": b["evidence"]})
    gold.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        with open(gold / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def score(scorer: ModuleType, expected: list[dict], rows: list[dict]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        write_gold(expected, Path(tmp))
        return scorer.score_extraction(rows, Path(tmp))


def _line(name: str, fig: dict) -> str:
    return (f"{name:22} P {fig['precision']:.3f}  R {fig['recall']:.3f}  F1 {fig['f1']:.3f}"
            f"  (gold {fig['gold']}, predicted {fig['predicted']})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, help="path to shared/eval/score.py")
    ap.add_argument("--per-doc", action="store_true", help="also print the figures of each document")
    ap.add_argument("--write-pred", type=Path, help="write the predictions (JSON Lines) here")
    ap.add_argument("--pred", type=Path, help="score these saved predictions instead of running the pipeline")
    ap.add_argument("--json", action="store_true", help="print the overall figures as one JSON object")
    ap.add_argument("--set", dest="data", type=Path, default=DATA,
                    help="folder of .txt documents with their expected.jsonl (default: tests/data/unseen)")
    args = ap.parse_args()

    data = args.data if args.data.is_absolute() else (Path.cwd() / args.data)
    if not (data / "expected.jsonl").is_file():
        sys.exit(f"no expected.jsonl in {data}")
    label = "unseen" if data.resolve() == DATA.resolve() else data.name

    scorer = load_scorer(args.scorer)
    expected = load_expected(data / "expected.jsonl")
    if args.pred:
        saved = {Path(r["source"]).stem: r for r in map(json.loads, args.pred.read_text(encoding="utf-8").splitlines())}
        rows = [saved.get(e["doc"], {"source": f"{e['doc']}.txt", "error": "missing"}) for e in expected]
    else:
        rows = predict(expected, data)
    if args.write_pred:
        with open(args.write_pred, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    result = score(scorer, expected, rows)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    print(f"{label} documents: {result['documents']}  document metadata accuracy: "
          f"{result['document_metadata_accuracy']}")
    for kind in KINDS:
        print(_line(kind, result[kind]))
    print(f"{'reference fields':22} {result['references'].get('field_accuracy')}")
    if args.per_doc:
        for e, row in zip(expected, rows):
            one = score(scorer, [e], [row])
            figs = "  ".join(f"{k[:5]} {one[k]['precision']:.2f}/{one[k]['recall']:.2f}" for k in KINDS
                             if one[k]["gold"] or one[k]["predicted"])
            print(f"  {e['doc'][:38]:38} meta {one['document_metadata_accuracy']}  {figs}")


if __name__ == "__main__":
    main()
