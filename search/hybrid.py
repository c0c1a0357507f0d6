"""Fusing the dense and lexical ranked lists, and restricting them by passage metadata.

Reciprocal-rank fusion ignores the raw scores, which is what we want: e5 cosines are compressed into
0.8-0.9 and BM25 scores are unbounded, so no fixed scale would combine them honestly.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from search.text import fold

Filters = Mapping[str, Any]  # key → allowed value or values, e.g. {"year": [2023, 2024], "locality": "Phong Thổ"}


@dataclass(frozen=True)
class Fused:
    id: int
    score: float
    dense_rank: int | None  # 1-based rank in the dense list, None if absent
    lexical_rank: int | None


def reciprocal_rank_fusion(dense: Sequence[int], lexical: Sequence[int], *, k: int = 60,
                           dense_weight: float = 1.0, lexical_weight: float = 1.0) -> list[Fused]:
    """score(d) = Σ wᵢ / (k + rankᵢ(d)); ties broken by the better single rank, then by id."""
    dense_rank = {int(d): r for r, d in enumerate(dense, 1)}
    lexical_rank = {int(d): r for r, d in enumerate(lexical, 1)}
    out = []
    for doc in dense_rank.keys() | lexical_rank.keys():
        dr, lr = dense_rank.get(doc), lexical_rank.get(doc)
        score = (dense_weight / (k + dr) if dr else 0.0) + (lexical_weight / (k + lr) if lr else 0.0)
        out.append(Fused(doc, score, dr, lr))
    out.sort(key=lambda f: (-f.score, min(f.dense_rank or 10**9, f.lexical_rank or 10**9), f.id))
    return out


def convex_combination(dense_ids: Sequence[int], dense_scores: Sequence[float], lexical_ids: Sequence[int],
                       lexical_scores: Sequence[float], *, dense_weight: float = 0.3,
                       lexical_weight: float = 0.7) -> list[Fused]:
    """score(d) = α·dense'(d) + (1-α)·bm25'(d), α = dense_weight / (dense_weight + lexical_weight).

    dense' is min-max scaled over the candidate list (e5 cosines sit in a narrow band, so only their
    spread means anything); bm25' is divided by the best BM25 score (zero means no shared term). A
    document absent from a list gets 0 there. Unlike RRF this keeps *how much* better the top
    lexical match is: one clause sharing a rare symbol or name is not averaged away by many clauses
    the dense model finds vaguely similar."""
    total = dense_weight + lexical_weight
    alpha = dense_weight / total if total > 0 else 0.5
    dense_norm = _minmax(np.asarray(dense_scores, dtype=np.float64))
    lexical = np.asarray(lexical_scores, dtype=np.float64)
    lexical_norm = lexical / lexical.max() if len(lexical) and lexical.max() > 0 else lexical
    dense_rank = {int(d): r for r, d in enumerate(dense_ids, 1)}
    lexical_rank = {int(d): r for r, d in enumerate(lexical_ids, 1)}
    score: dict[int, float] = {}
    for d, s in zip(dense_ids, dense_norm):
        score[int(d)] = alpha * float(s)
    for d, s in zip(lexical_ids, lexical_norm):
        score[int(d)] = score.get(int(d), 0.0) + (1 - alpha) * float(s)
    out = [Fused(d, s, dense_rank.get(d), lexical_rank.get(d)) for d, s in score.items()]
    out.sort(key=lambda f: (-f.score, min(f.dense_rank or 10**9, f.lexical_rank or 10**9), f.id))
    return out


UNACCENTED_DENSE_SHARE = 1 / 3  # the dense weight kept for a query typed without diacritics


def typed_without_accents(query: str) -> bool:
    """A query with letters but no Vietnamese diacritic ("chien dich quang trung nha bi sap")."""
    return any(ch.isalpha() for ch in query) and fold(query).lower() == query.lower()


def weights_for(query: str, dense_weight: float, lexical_weight: float) -> tuple[float, float]:
    """The two lists' weights for one query. The e5 model read accented Vietnamese: a query typed without
    diacritics gets a vector that matches the wrong clauses, while the lexical index folds accents on both
    sides. So such a query keeps a third of the dense weight (a tie-breaker). Measured on the real-document
    questions (shared/eval/gold-real): passage hit@5 0.65 -> 0.75; dev questions unchanged (hit@5 1.0)."""
    if typed_without_accents(query):
        return dense_weight * UNACCENTED_DENSE_SHARE, lexical_weight
    return dense_weight, lexical_weight


def promote_leaders(fused: list[Fused], leaders: Sequence[int], *, within: int) -> list[Fused]:
    """Make sure each list's own best hit (`leaders`) stands among the first `within` results.

    With a weak dense model the two lists often disagree; a weighted sum then buries a clause that one
    list is sure about under clauses both find so-so. Showing each retriever's first choice near the
    top (as team-draft interleaving does) costs at most one place to the others. 0 turns it off."""
    if within <= 0:
        return fused
    out = list(fused)
    for leader in leaders:
        position = next((i for i, f in enumerate(out) if f.id == leader), None)
        if position is None or position < within:
            continue
        item = out.pop(position)
        out.insert(within - 1, item)
    return out


def favour_answers(fused: list[Fused], match: Callable[[int], float], *, weight: float,
                   depth: int) -> list[Fused]:
    """Lift, among the first `depth` results, the clauses that hold the kind of answer the question asks
    for (`search.asks`): each score gains `weight` × match (0, 0.5 or 1) × the list's best score, then the
    list is sorted again.

    Both retrievers score a clause by the question's words, most of which name the document and its
    topic; the figure asked for ("bao nhiêu ngày") has no word to match. With convex fusion the best
    score is about 1, so a weight of 0.2 moves a clause holding the figure above topic clauses scoring up
    to 0.2 more, and no further: a clause the retrievers did not find stays unfound. Scaling by the best
    score keeps that meaning for BM25-only lists. 0 turns it off."""
    if weight <= 0 or not fused:
        return fused
    lift = weight * max(f.score for f in fused[:depth])
    head = [Fused(f.id, f.score + lift * match(f.id), f.dense_rank, f.lexical_rank) for f in fused[:depth]]
    head.sort(key=lambda f: (-f.score, min(f.dense_rank or 10**9, f.lexical_rank or 10**9), f.id))
    return head + list(fused[depth:])


def spread_contexts(fused: list[Fused], context: Callable[[int], str | None], *,
                    per_context: int) -> list[Fused]:
    """At most `per_context` clauses of one context (the same headings and lead-in) before the rest, each
    group in its order. A clause whose context is None (under its document's title alone) is never held
    back: capping those would cap whole documents, not lists.

    A plan lists the same kind of line many times under one lead-in ("Xã A: kiểm tra 02 điểm …",
    "Xã B: kiểm tra 03 điểm …"); they share most words with a question about that part, and fill the
    first page with one answer repeated. Capping them lets the next clause about something else be seen.
    0 turns it off."""
    if per_context <= 0:
        return fused
    seen: dict[str, int] = {}
    first, rest = [], []
    for f in fused:
        key = context(f.id)
        if key is None:
            first.append(f)
            continue
        seen[key] = seen.get(key, 0) + 1
        (first if seen[key] <= per_context else rest).append(f)
    return first + rest


def _minmax(values: np.ndarray) -> np.ndarray:
    if len(values) == 0:
        return values
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-12:
        return np.ones_like(values)
    return (values - lo) / (hi - lo)


def single_list(ids: Sequence[int], scores: Sequence[float], *, dense: bool) -> list[Fused]:
    """One list as fused results, for the dense-only and lexical-only modes."""
    return [Fused(int(i), float(s), r if dense else None, None if dense else r)
            for r, (i, s) in enumerate(zip(ids, scores), 1)]


# ---------------------------------------------------------------- filters

_TEXT_KEYS_EXACT = {"doc_id", "year", "symbol", "kind"}


class MetadataFilter:
    """Passage ids allowed by a filter dict, answered from a value → ids table built once.

    Values compare without accents or case. For `doc_id`, `year`, `symbol`, `kind` a value must be
    equal; for names (issuer, locality, agencies, communes, programme...) the wanted words must appear
    in order inside the stored value, so "Phong Thổ" selects "huyện Phong Thổ". Several values for one
    key mean any of them; several keys must all hold."""

    def __init__(self, metadata: Sequence[Mapping[str, Any]]) -> None:
        self.count = len(metadata)
        table: dict[str, dict[str, list[int]]] = {}
        for i, meta in enumerate(metadata):
            for key, value in meta.items():
                for v in _values(value):
                    table.setdefault(key, {}).setdefault(_norm(v), []).append(i)
        self._table = {k: {v: np.asarray(ids, dtype=np.int64) for v, ids in vals.items()}
                       for k, vals in table.items()}

    def keys(self) -> list[str]:
        return sorted(self._table)

    def allowed(self, filters: Filters | None) -> np.ndarray | None:
        """Sorted allowed ids, or None when nothing is filtered."""
        if not filters:
            return None
        result: np.ndarray | None = None
        for key, wanted in filters.items():
            wanted_norm = [_norm(w) for w in _values(wanted) if _norm(w)]
            if not wanted_norm:
                continue
            stored = self._table.get(key, {})
            parts = [ids for value, ids in stored.items()
                     if any(_matches(key, w, value) for w in wanted_norm)]
            ids = np.unique(np.concatenate(parts)) if parts else np.empty(0, np.int64)
            result = ids if result is None else np.intersect1d(result, ids, assume_unique=True)
        return result


def _values(value: Any) -> Iterable[Any]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [v for v in value if v is not None]
    return [value]


def _norm(value: Any) -> str:
    return " ".join(fold(str(value)).split())


def _matches(key: str, wanted: str, stored: str) -> bool:
    if key in _TEXT_KEYS_EXACT:
        return wanted == stored
    return f" {wanted} " in f" {stored} "
