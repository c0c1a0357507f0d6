"""Extraction throughput: clauses/s and documents/s of `extract_document`, and the time of each component.

    python benchmarks/bench_extract.py                  # corpus/*.txt and tests/data/unseen/*.txt, 3 rounds
    python benchmarks/bench_extract.py --repeat 10 --warm

Documents are read and parsed once, outside the timed part. Before every round the extractors' bounded
caches (`functools.lru_cache`) are cleared, so each round pays what a new document pays: a corpus of
thousands of different documents does not hit a cache filled by the same text (`--warm` keeps them, to
see the cost of a document read twice). The gazetteer tables are built once before timing, as a
long-running service builds them once.

Times are CPU seconds of this process (`time.process_time`), so other jobs on a shared machine move
them less than wall-clock time; the best round is reported.

The per-component figures call each finder directly on every clause with its context (what the spaCy
components do, without tokenisation and `doc.spans`), so they add up to a little less than the total.
"""
from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.extract.gazetteer import gazetteer
from ingest.extract.pipeline import _COMPONENTS, build_nlp, clause_contexts, extract_document
from ingest.readers import read_source
from ingest.structure import parse_document

_EXTRACT_MODULES = ("agencies", "assignments", "budgets", "gazetteer", "numbers", "places", "references",
                    "targets", "pipeline")


def clear_caches() -> int:
    """Clear every lru_cache of the extractors (not the gazetteer itself). Returns how many."""
    n = 0
    for name in _EXTRACT_MODULES:
        mod = importlib.import_module(f"ingest.extract.{name}")
        for attr, obj in vars(mod).items():
            if attr == "gazetteer" or getattr(obj, "__module__", None) != mod.__name__:
                continue
            if callable(getattr(obj, "cache_clear", None)):
                obj.cache_clear()
                n += 1
    return n


def _time_set(label: str, docs, nlp, repeat: int, warm: bool) -> dict:
    clauses = sum(len(d.clauses()) for d in docs)
    totals = []
    per_component = {name: [] for name in _COMPONENTS}
    for _ in range(repeat):
        if not warm:
            clear_caches()
        t0 = time.process_time()
        for d in docs:
            extract_document(d, nlp)
        totals.append(time.process_time() - t0)
        for name, (_, finder) in _COMPONENTS.items():
            if not warm:
                clear_caches()
            pairs = [(c.text, ctx) for d in docs for c, ctx in clause_contexts(d)]
            t0 = time.process_time()
            for text, ctx in pairs:
                finder(text, ctx)
            per_component[name].append(time.process_time() - t0)
    best = min(totals)
    return {
        "label": label, "docs": len(docs), "clauses": clauses, "total": best,
        "median": statistics.median(totals),
        "components": {name: min(ts) for name, ts in per_component.items()},
    }


def _print(results: list[dict], repeat: int, warm: bool) -> None:
    print(f"extract_document, best of {repeat} rounds ({'warm' if warm else 'cold'} caches)")
    print(f"{'set':<10} {'docs':>5} {'clauses':>8} {'total s':>8} {'docs/s':>8} {'clauses/s':>10} {'ms/clause':>10}")
    for r in results:
        print(f"{r['label']:<10} {r['docs']:>5} {r['clauses']:>8} {r['total']:>8.3f} "
              f"{r['docs'] / r['total']:>8.2f} {r['clauses'] / r['total']:>10.0f} "
              f"{1000 * r['total'] / r['clauses']:>10.3f}")
    print()
    print("per component (finder called directly on every clause), seconds and clauses/s")
    names = list(_COMPONENTS)
    print(f"{'set':<10} " + " ".join(f"{n.removeprefix('cancu_'):>19}" for n in names))
    for r in results:
        cells = [f"{r['components'][n]:>7.3f}s {r['clauses'] / r['components'][n]:>8.0f}/s" for n in names]
        print(f"{r['label']:<10} " + " ".join(f"{c:>19}" for c in cells))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="rounds; the best one is reported")
    ap.add_argument("--warm", action="store_true", help="keep caches between rounds")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--unseen", type=Path, default=ROOT / "tests" / "data" / "unseen")
    args = ap.parse_args()
    sets = []
    for label, folder in (("corpus", args.corpus), ("unseen", args.unseen)):
        files = sorted(folder.glob("*.txt"))
        sets.append((label, [parse_document(read_source(f)) for f in files]))
    gazetteer().find("Nậm Xe")  # build the tables outside the timed part
    nlp = build_nlp()
    extract_document(sets[0][1][0], nlp)  # import-time and first-call costs
    results = [_time_set(label, docs, nlp, args.repeat, args.warm) for label, docs in sets]
    all_docs = [d for _, docs in sets for d in docs]
    results.append(_time_set("all", all_docs, nlp, args.repeat, args.warm))
    _print(results, args.repeat, args.warm)


if __name__ == "__main__":
    main()
