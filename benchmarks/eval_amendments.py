#!/usr/bin/env python3
"""Amendment status in the graph against the annotated pairs: which acts later documents amend, replace
or repeal, found through the documented properties (`docs/queries/amendments.rq`, the query a researcher
runs) and compared with the `amends` / `replaces` / `repeals` records of a gold folder.

    .venv/bin/python benchmarks/eval_amendments.py --data-dir /tmp/real --ingest ../shared/corpus-real
    .venv/bin/python benchmarks/eval_amendments.py --data-dir /tmp/real            # an existing build

A pair is (the later document's corpus id, the changed act's symbol, the relation); symbols are compared
the scorer's way (accent-free, leading zeros dropped). Prints recall, precision, every pair found with its
evidence, and the misses. Gold data is read here to measure, never by the product.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.service import Service, read_model  # noqa: E402
from api.settings import Settings  # noqa: E402
from benchmarks.scorer import load_scorer  # noqa: E402

QUERY = ROOT / "docs" / "queries" / "amendments.rq"
CHANGES = ("amends", "replaces", "repeals")
DEFAULT_GOLD = ROOT.parent / "shared" / "eval" / "gold-real"


def gold_pairs(gold: Path, symbol_key) -> set[tuple[str, str, str]]:
    out = set()
    for line in (gold / "refs.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("relation") in CHANGES and row.get("symbol"):
            out.add((row["doc"], symbol_key(row["symbol"]), row["relation"]))
    return out


def found_pairs(model, symbol_key) -> dict[tuple[str, str, str], str]:
    plans = {p.iri: p.doc_id for p in model.all_plans().values()}
    out: dict[tuple[str, str, str], str] = {}
    for row in model.rows(QUERY.read_text(encoding="utf-8")):
        later = plans.get(row["later"])
        symbol = row.get("actSymbol")
        if later and symbol:
            out.setdefault((later, symbol_key(symbol), row["relation"]), " ".join(row.get("evidence", "").split()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--ingest", nargs="*", help="ingest these files or folders first (hashing encoder)")
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    args = ap.parse_args()
    settings = Settings(data_dir=args.data_dir, encoder="hashing")
    if args.ingest:
        from api.workspace import Workspace

        Workspace(settings).ingest([Path(p) for p in args.ingest])
    scorer = load_scorer()
    service = Service(settings)
    try:
        found = found_pairs(read_model(service), scorer.symbol_key)
    finally:
        service.close()
    gold = gold_pairs(args.gold, scorer.symbol_key)
    scored = found
    hits = gold & set(scored)
    gold_docs = {json.loads(line)["doc"] for line in (args.gold / "self.jsonl").read_text(encoding="utf-8").splitlines()}
    judged = {k for k in scored if k[0] in gold_docs}  # pairs of documents the gold annotates
    print(f"gold pairs {len(gold)}; found {len(judged)} in annotated documents; correct {len(hits)}")
    print(f"recall {len(hits) / len(gold):.3f}  precision {len(hits) / len(judged) if judged else 0:.3f}")
    for key in sorted(judged):
        mark = "ok " if key in gold else "NEW"
        print(f"  {mark} {key[0][:40]:40} {key[2]:9} {key[1]:22} «{scored[key][:110]}»")
    for key in sorted(gold - hits):
        print(f"  MISS {key[0][:40]:40} {key[2]:9} {key[1]}")


if __name__ == "__main__":
    main()
