#!/usr/bin/env python3
"""Ablation of the search side on the dev questions, scored by the project's own scorer.

    .venv/bin/python benchmarks/eval_search.py                       # every variant, one table
    .venv/bin/python benchmarks/eval_search.py --variants hybrid+ctx bm25+ctx --write-pred /tmp/pred

Each variant indexes the corpus (parsed with `ingest`) with one `SearchConfig`, answers every dev
question, and is scored with `score.py`'s `score_search` (imported from the path given, so the numbers
are the scorer's, not ours): on all `passage` questions, on the normal ones, on those typed without
diacritics or with typos, and on an extended set that adds the `governing` and `responsibility`
questions (their evidence clauses must be found the same way). Vectors are shared through one cache,
so only the first run pays for encoding. Gold data is read here to measure, never by `search/`.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scorer import load_scorer
from ingest.readers import read_source
from ingest.structure import parse_document
from search.config import SearchConfig
from search.index import SearchIndex
from search.passages import Passage, passages_from_document
from search.render import hits_to_eval_json

# name → changes to the default `SearchConfig` ("ctx" = title + headings + lead-in indexed with the clause)
NO_CTX = {"context_dense": False, "context_lexical": False}
RRF = {"fusion": "rrf", "dense_weight": 1.0, "lexical_weight": 1.0, "leaders_within": 0}
PURE = {"leaders_within": 0}
VARIANTS: dict[str, dict[str, Any]] = {
    "bm25": {"mode": "lexical", **NO_CTX},
    "bm25+ctx": {"mode": "lexical"},
    "bm25+ctx pyvi": {"mode": "lexical", "segmenter": "pyvi"},
    "bm25+ctx accents": {"mode": "lexical", "keep_accents": True},
    "dense": {"mode": "dense", **NO_CTX},
    "dense+ctx": {"mode": "dense"},
    "rrf60": {**RRF, **NO_CTX},
    "rrf60+ctx": {**RRF},
    "rrf10+ctx": {**RRF, "rrf_k": 10},
    "rrf60+ctx lex×2": {**RRF, "lexical_weight": 2.0},
    "rrf60+ctx leaders": {**RRF, "leaders_within": 3},
    "convex.5+ctx": {**PURE, "dense_weight": 0.5, "lexical_weight": 0.5},
    "convex.3+ctx": {**PURE},
    "convex.2+ctx": {**PURE, "dense_weight": 0.2, "lexical_weight": 0.8},
    "convex.3 leaders": {**NO_CTX},
    "convex.3+ctx-lex leaders": {"context_dense": False},
    "convex.3+ctx-dense leaders": {"context_lexical": False},
    "convex.3+ctx leaders (default)": {},
    "convex.3+ctx leaders≤2": {"leaders_within": 2},
    "convex.3+ctx leaders accents": {"keep_accents": True},
    "convex.3+ctx leaders pyvi": {"segmenter": "pyvi"},
}
DEFAULT_VARIANTS = list(VARIANTS)




def corpus_passages(corpus: Path) -> list[Passage]:
    out: list[Passage] = []
    for path in sorted(corpus.glob("*.txt")):
        if path.name.lower() == "readme.md":
            continue
        out.extend(passages_from_document(parse_document(read_source(path))))
    return out


def question_sets(scorer: ModuleType, gold: Path) -> dict[str, list[dict]]:
    passage = scorer.gold_questions(gold, "passage")
    extended = passage + [dict(q, kind="passage") for q in scorer.gold_questions(gold, None)
                          if q["kind"] in ("governing", "responsibility") and q.get("evidence")]
    return {
        "all": passage,
        "normal": [q for q in passage if q.get("style", "normal") == "normal"],
        "no-diacr/typo": [q for q in passage if q.get("style", "normal") != "normal"],
        "extended": extended,
    }


def score_subset(scorer: ModuleType, rows: list[dict], questions: list[dict]) -> dict:
    """The scorer's own `score_search`, pointed at a gold folder holding only these questions."""
    with tempfile.TemporaryDirectory() as tmp:
        with open(Path(tmp) / "questions_dev.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(q, ensure_ascii=False) + "\n" for q in questions)
        return scorer.score_search(rows, Path(tmp))


def run_variant(name: str, passages: list[Passage], sets: dict[str, list[dict]], scorer: ModuleType,
                work: Path, encoder: str, write_pred: Path | None) -> dict:
    changes = dict(VARIANTS[name])
    config = SearchConfig(encoder=encoder).with_(**changes)
    folder = work / re.sub(r"[^a-z0-9]+", "_", name.replace("×", "x")).strip("_")
    started = time.perf_counter()
    index = SearchIndex.build(passages, folder, config, cache_path=work / "vector_cache.sqlite")
    build_s = time.perf_counter() - started
    queries = {q["question"] for qs in sets.values() for q in qs}
    rows = []
    started = time.perf_counter()
    for query in sorted(queries):
        rows.append(hits_to_eval_json(query, index.search(query, top_k=10)))
    query_ms = (time.perf_counter() - started) / max(1, len(queries)) * 1000
    if write_pred:
        write_pred.mkdir(parents=True, exist_ok=True)
        with open(write_pred / f"{folder.name}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    result = {"variant": name, "build_s": round(build_s, 1), "query_ms": round(query_ms, 1)}
    for set_name, qs in sets.items():
        result[set_name] = score_subset(scorer, rows, qs)
    return result


def print_table(results: list[dict], sets: dict[str, list[dict]]) -> None:
    head = f"{'variant':31}" + "".join(f" | {s} ({len(q)}q) h@1 h@5 MRR" for s, q in sets.items())
    print(head)
    print("-" * len(head))
    for r in results:
        cells = "".join(
            f" | {'':{len(s) + len(str(len(q))) + 4}}{r[s]['hit@1']:.2f} {r[s]['hit@5']:.2f} {r[s]['mrr@10']:.3f}"
            for s, q in sets.items())
        print(f"{r['variant']:31}{cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--score", type=Path, default=ROOT.parent / "shared/eval/score.py",
                    help="path of score.py (default: ../shared/eval/score.py)")
    ap.add_argument("--gold", type=Path, default=None, help="gold folder (default: gold/ beside score.py)")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "cancu_search_eval")
    ap.add_argument("--encoder", default="e5")
    ap.add_argument("--variants", nargs="+", default=DEFAULT_VARIANTS, choices=list(VARIANTS))
    ap.add_argument("--write-pred", type=Path, default=None, help="write each variant's JSONL here")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    if not args.score.exists():
        sys.exit(f"scorer not found: {args.score} (give --score)")
    scorer = load_scorer(args.score)
    gold = args.gold or args.score.parent / "gold"
    passages = corpus_passages(args.corpus)
    sets = question_sets(scorer, gold)
    print(f"{len(passages)} passages from {args.corpus}; encoder {args.encoder}", file=sys.stderr)
    results = []
    for name in args.variants:
        results.append(run_variant(name, passages, sets, scorer, args.work, args.encoder, args.write_pred))
        print(f"  {name}: done", file=sys.stderr)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
    else:
        print_table(results, sets)


if __name__ == "__main__":
    main()
