"""Nearest neighbours over unit vectors (inner product = cosine). FAISS behind a small protocol.

Below `exact_threshold` vectors an exact scan (`IndexFlatIP`) is both exact and fast enough
(a few ms at 20k × 384); above it HNSW (`IndexHNSWFlat`, inner product) keeps latency flat. A filtered
search that leaves few candidates scans those exactly instead of asking HNSW, whose graph walk can
miss them when most nodes are filtered out.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

import numpy as np

IndexKind = Literal["flat", "hnsw"]


@runtime_checkable
class VectorIndex(Protocol):
    kind: str

    def __len__(self) -> int: ...

    def add(self, vectors: np.ndarray) -> None: ...

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """Scores and ids (best first, at most k) for one query vector; `allowed` restricts ids."""
        ...

    def save(self, path: Path) -> None: ...


def choose_kind(count: int, exact_threshold: int) -> IndexKind:
    return "flat" if count < exact_threshold else "hnsw"


class FaissIndex:
    """Either kind: they differ only in how the FAISS index is made."""

    def __init__(self, index: object, kind: IndexKind, *, exact_subset: int = 20_000,
                 ef_search: int = 128) -> None:
        self._index = index
        self.kind = kind
        self.exact_subset = exact_subset
        self.ef_search = ef_search
        if kind == "hnsw":
            index.hnsw.efSearch = ef_search  # type: ignore[attr-defined]

    @property
    def dim(self) -> int:
        return int(self._index.d)  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return int(self._index.ntotal)  # type: ignore[attr-defined]

    def add(self, vectors: np.ndarray) -> None:
        self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))  # type: ignore[attr-defined]

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        n = len(self)
        if n == 0 or k <= 0:
            return np.empty(0, np.float32), np.empty(0, np.int64)
        q = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        if allowed is not None:
            allowed = np.asarray(allowed, dtype=np.int64)
            if len(allowed) == 0:
                return np.empty(0, np.float32), np.empty(0, np.int64)
            if len(allowed) <= self.exact_subset:
                return self._scan(q[0], k, allowed)
            selector = faiss.IDSelectorBatch(allowed)
            params = (faiss.SearchParametersHNSW(sel=selector, efSearch=max(self.ef_search, k))
                      if self.kind == "hnsw" else faiss.SearchParameters(sel=selector))
            scores, ids = self._index.search(q, min(k, n), params=params)  # type: ignore[attr-defined]
        else:
            if self.kind == "hnsw" and self.ef_search < k:
                params = faiss.SearchParametersHNSW(efSearch=k)
                scores, ids = self._index.search(q, min(k, n), params=params)  # type: ignore[attr-defined]
            else:
                scores, ids = self._index.search(q, min(k, n))  # type: ignore[attr-defined]
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def _scan(self, q: np.ndarray, k: int, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        vectors = self._index.reconstruct_batch(allowed)  # type: ignore[attr-defined]
        scores = vectors @ q
        order = np.argsort(-scores, kind="stable")[:k]
        return scores[order].astype(np.float32), allowed[order]

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))


def make_vector_index(kind: IndexKind, dim: int, *, hnsw_m: int = 32, ef_construction: int = 200,
                      ef_search: int = 128, exact_subset: int = 20_000) -> FaissIndex:
    import faiss

    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
    else:
        raise ValueError(f"Loại chỉ mục vector không hợp lệ: {kind!r} (flat hoặc hnsw)")
    return FaissIndex(index, kind, exact_subset=exact_subset, ef_search=ef_search)


def load_vector_index(path: Path, kind: IndexKind, *, ef_search: int = 128,
                      exact_subset: int = 20_000) -> FaissIndex:
    import faiss

    return FaissIndex(faiss.read_index(str(path)), kind, exact_subset=exact_subset, ef_search=ef_search)
