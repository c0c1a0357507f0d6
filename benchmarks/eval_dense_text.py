#!/usr/bin/env python3
"""What each clause's vector should carry, measured on real documents and on the dev questions at once.

    .venv/bin/python -m api.cli -s data_dir /tmp/hs-real ingest ../shared/corpus/*.txt ../shared/corpus-real/*.txt
    .venv/bin/python benchmarks/eval_dense_text.py --data-dir /tmp/hs-real            # every variant, one table
    .venv/bin/python benchmarks/eval_dense_text.py --data-dir /tmp/hs-real --encode   # encode missing texts first

The passages come from the data folder's current build (`passages.jsonl`); the `real` set is all of them
with the `passage` questions of `gold-real`, the `dev` set the passages of the bundled corpus (`corpus/`)
with the dev questions. Each variant is a dense text (context kept with the clause), an optional document
vector added to it, an optional second vector whose best hit is promoted, and fusion weights; vectors come
from the data folder's vector cache (keyed by exact text, so a variant already encoded costs nothing) and
are scored exactly (numpy), BM25 and fusion as `search/` does. A hit is the scorer's own match (`score.py`:
the gold snippet inside the returned clause text, cut as `search.render` cuts it). The product's default
is the row `default`; its figures equal `eval_answers.py`'s. Gold data is read here to measure, never by
`search/`.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scorer import load_scorer  # noqa: E402
from search.config import SearchConfig  # noqa: E402
from search.encoders import HashingEncoder  # noqa: E402
from search.asks import asked_for, passage_match  # noqa: E402
from search.hybrid import (  # noqa: E402
    convex_combination,
    favour_answers,
    promote_leaders,
    spread_contexts,
    typed_without_accents,
    weights_for,
)
from search.index import SearchIndex, document_text, encoder_for, read_passages, whole_text  # noqa: E402
from search.passages import CONTEXT_SEPARATOR, Passage  # noqa: E402
from search.render import evidence_text  # noqa: E402
from search.text import highlight_spans  # noqa: E402
from search.vector_cache import VectorCache, encode_with_cache, missing_count  # noqa: E402


def near(p: Passage, parts: int, title: bool) -> str:
    """The clause after its context: all of it (parts=0), or the label (with or without its title) and the
    `parts` nearest headings or lead-in."""
    if not p.context:
        return p.text
    if parts <= 0:
        return whole_text(p)
    head, *rest = p.context.split(CONTEXT_SEPARATOR)
    label = head if title else head.split(": ", 1)[0]
    return CONTEXT_SEPARATOR.join([label, *rest[-parts:], p.text])


@dataclass(frozen=True)
class Variant:
    parts: int = 2  # dense_context
    title: bool = False  # keep the document title in the clause's dense text
    doc: float = 0.5  # dense_document_weight
    whole_leader: bool = True  # dense_whole_leader
    accent_leaders: bool = True  # no dense leader for a query typed without diacritics
    dense_weight: float = 0.3
    mix_whole: float = 0.0  # add this times the whole-context vector to the clause's (one vector)
    max_whole: bool = False  # the better of the two vectors' scores
    per_context: int = 2  # at most this many clauses of one context (same headings and lead-in) before the rest
    answers: float = 0.2  # answer_type_weight: lift clauses holding the kind of figure the question asks for
    answers_depth: int = 100


def B(**changes: object) -> Variant:  # noqa: N802
    """A variant measured before answer types and context spreading."""
    return Variant(answers=0, per_context=0, **changes)  # type: ignore[arg-type]


VARIANTS: dict[str, Variant] = {
    "whole context (before)": B(parts=0, doc=0, whole_leader=False, accent_leaders=False),
    "whole, no dense leader unaccented": B(parts=0, doc=0, whole_leader=False),
    "whole, dense weight 0.4": B(parts=0, doc=0, whole_leader=False, accent_leaders=False, dense_weight=0.4),
    "whole, dense weight 0.5": B(parts=0, doc=0, whole_leader=False, accent_leaders=False, dense_weight=0.5),
    "label+title, 2 parts": B(title=True, doc=0, whole_leader=False, accent_leaders=False),
    "label, 2 parts": B(doc=0, whole_leader=False, accent_leaders=False),
    "label, 2 parts +0.5 doc": B(whole_leader=False, accent_leaders=False),
    "label, 2 parts +1.0 doc": B(doc=1.0, whole_leader=False, accent_leaders=False),
    "label, 2 parts +0.5 whole (one vector)": B(doc=0, mix_whole=0.5, whole_leader=False, accent_leaders=False),
    "max(label 2 parts, whole)": B(doc=0, max_whole=True, whole_leader=False, accent_leaders=False),
    "label, 2 parts +0.5 doc, no unacc. leader": B(whole_leader=False),
    "two vectors (before answer types)": Variant(answers=0, per_context=0),
    "two vectors, dense weight 0.4": B(dense_weight=0.4),
    "two vectors, dense weight 0.5": B(dense_weight=0.5),
    "two vectors, 1 per context": Variant(answers=0, per_context=1),
    "two vectors, 2 per context": Variant(answers=0, per_context=2),
    "two vectors, 3 per context": Variant(answers=0, per_context=3),
    "two vectors with 1 part": B(parts=1),
    "two vectors with 3 parts": B(parts=3),
    "two vectors + answers 0.1": Variant(answers=0.1, per_context=0),
    "two vectors + answers 0.15": Variant(answers=0.15, per_context=0),
    "two vectors + answers 0.2": Variant(answers=0.2, per_context=0),
    "two vectors + answers 0.3": Variant(answers=0.3, per_context=0),
    "default": Variant(),  # answers 0.2, 2 per context
    "default, answers 0.1": Variant(answers=0.1),
    "default, answers 0.15": Variant(answers=0.15),
    "default, answers 0.3": Variant(answers=0.3),
    "default, 3 per context": Variant(per_context=3),
    "default, 1 per context": Variant(per_context=1),
    "default, answers within the first 20": Variant(answers_depth=20),
    "whole, 2 per context": Variant(answers=0, parts=0, doc=0, whole_leader=False, accent_leaders=False),
}


def texts_of(v: Variant, p: Passage) -> list[str]:
    out = [near(p, v.parts, v.title)]
    if v.doc and document_text(p):
        out.append(document_text(p))
    if v.whole_leader or v.mix_whole or v.max_whole:
        out.append(whole_text(p))
    return out


class QuestionSet:
    """One set's passages, lexical index, questions and the passages that answer each question."""

    def __init__(self, passages: list[Passage], questions: list[dict], scorer, work: Path) -> None:
        self.passages = passages
        index = SearchIndex.build(passages, work, SearchConfig(encoder="hashing", dim=8), encoder=HashingEncoder(8))
        self.rows = []
        for q in questions:
            terms = index.analyzer.query_terms(q["question"])
            l_scores, l_ids = index.lexical.search(terms, 100, None)
            marks = index.analyzer.highlight_terms(q["question"])
            good = set()
            for i, p in enumerate(passages):
                if not any(scorer.doc_id(p.source) == ev["doc"] for ev in q["evidence"]):
                    continue
                from search.index import Hit

                text = evidence_text(Hit(p, 0.0, 1, None, None, highlight_spans(p.text, marks)))
                if any(scorer.doc_id(p.source) == ev["doc"] and scorer.coverage(ev["snippet"], text) >= 0.8
                       for ev in q["evidence"]):
                    good.add(i)
            self.rows.append((q["question"], l_ids, l_scores, good))


def ranks(v: Variant, qs: QuestionSet, vectors: Callable[[str], np.ndarray], queries: np.ndarray) -> list[int | None]:
    ps = qs.passages
    main = np.stack([vectors(near(p, v.parts, v.title)) for p in ps])
    if v.doc:
        main = main + v.doc * np.stack([vectors(document_text(p)) if document_text(p) else np.zeros_like(main[0])
                                        for p in ps])
    whole = np.stack([vectors(whole_text(p)) for p in ps]) if (v.whole_leader or v.mix_whole or v.max_whole) else None
    if v.mix_whole:
        main = main + v.mix_whole * whole
    out = []
    for (question, l_ids, l_scores, good), qv in zip(qs.rows, queries):
        s = main @ qv
        if v.max_whole:
            s = np.maximum(s, whole @ qv)
        d_ids = np.argsort(-s, kind="stable")[:100]
        dw, lw = weights_for(question, v.dense_weight, 1 - v.dense_weight)
        fused = convex_combination(d_ids, s[d_ids], l_ids, l_scores, dense_weight=dw, lexical_weight=lw)
        asks = asked_for(question) if v.answers else None
        if asks:
            fused = favour_answers(fused, lambda i: passage_match(asks, ps[i]), weight=v.answers,
                                   depth=v.answers_depth)
        plain = v.accent_leaders and typed_without_accents(question)
        lists = [l_ids] if plain else [d_ids, l_ids] + ([[int(np.argmax(whole @ qv))]] if v.whole_leader else [])
        leaders = list(dict.fromkeys(int(ids[0]) for ids in lists if len(ids)))
        fused = promote_leaders(fused, leaders, within=3)
        fused = spread_contexts(fused, lambda i: ps[i].group, per_context=v.per_context)
        out.append(next((r for r, f in enumerate(fused[:10], 1) if f.id in good), None))
    return out


def summary(rs: list[int | None]) -> str:
    n = len(rs)
    hit = lambda k: sum(r is not None and r <= k for r in rs) / n  # noqa: E731
    return f"{hit(1):.2f} {hit(5):.2f} {sum(1 / r for r in rs if r) / n:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, required=True, help="data folder holding the samples and corpus-real")
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval", help="folder with score.py")
    ap.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    ap.add_argument("--encode", action="store_true", help="encode the texts the cache lacks (minutes)")
    ap.add_argument("--per-question", action="store_true")
    args = ap.parse_args()

    scorer = load_scorer(args.eval / "score.py")
    passages = read_passages(args.data_dir / "current" / "index")
    samples = {p.stem for p in (ROOT / "corpus").glob("*.txt")}
    encoder = encoder_for(SearchConfig())
    cache = VectorCache(args.data_dir / "cache" / "vectors.sqlite")
    chosen = [VARIANTS[name] for name in args.variants]
    texts = list(dict.fromkeys(t for v in chosen for p in passages for t in texts_of(v, p)))
    missing = missing_count(encoder.name, texts, cache, encoder.dim)
    if missing and not args.encode:
        sys.exit(f"{missing} of {len(texts)} texts are not in the cache: give --encode, or fewer --variants")
    found, _ = encode_with_cache(encoder, texts, cache)
    by_text = dict(zip(texts, found))
    with tempfile.TemporaryDirectory() as tmp:
        sets = {
            "real": QuestionSet(passages, scorer.gold_questions(args.eval / "gold-real", "passage"), scorer,
                                Path(tmp) / "real"),
            "dev": QuestionSet([p for p in passages if p.doc_id in samples],
                               scorer.gold_questions(args.eval / "gold", "passage"), scorer, Path(tmp) / "dev"),
        }
    queries = {name: encoder.encode_queries([row[0] for row in qs.rows]) for name, qs in sets.items()}
    print(f"{'variant':44} | real ({len(sets['real'].rows)}q) h@1 h@5 MRR | dev ({len(sets['dev'].rows)}q) h@1 h@5 MRR")
    for name, v in zip(args.variants, chosen):
        cells = {s: ranks(v, qs, by_text.__getitem__, queries[s]) for s, qs in sets.items()}
        print(f"{name:44} | {'':9}{summary(cells['real'])} | {'':8}{summary(cells['dev'])}")
        if args.per_question:
            print(f"   real ranks {cells['real']}\n   dev ranks  {cells['dev']}")


if __name__ == "__main__":
    main()
