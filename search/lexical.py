"""BM25 over analysed terms (bm25s). Exact names, numbers and symbols are where a dense model is weak
("880/QĐ-TTg", "45 triệu", a commune's name), so this list is fused with the dense one."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class LexicalIndex(Protocol):
    kind: str

    def __len__(self) -> int: ...

    def search(self, terms: list[str], k: int, allowed: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """Scores and ids (best first, only documents sharing a term, at most k)."""
        ...

    def save(self, folder: Path) -> None: ...


class BM25Index:
    kind = "bm25s"

    def __init__(self, retriever: object, count: int) -> None:
        self._bm25 = retriever
        self._count = count

    @classmethod
    def build(cls, corpus_terms: list[list[str]], *, k1: float = 1.2, b: float = 0.75) -> BM25Index:
        import bm25s

        retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
        # bm25s needs a non-empty token list per document
        safe = [terms if terms else [""] for terms in corpus_terms]
        if safe:
            _quiet_bm25s()
            retriever.index(safe, show_progress=False)
        return cls(retriever, len(corpus_terms))

    def __len__(self) -> int:
        return self._count

    def search(self, terms: list[str], k: int, allowed: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        vocab = getattr(self._bm25, "vocab_dict", None) or {}
        ids = [vocab[t] for t in terms if t and t in vocab]
        if not ids or self._count == 0 or k <= 0:
            return np.empty(0, np.float32), np.empty(0, np.int64)
        scores = np.asarray(self._bm25.get_scores_from_ids(ids), dtype=np.float32)  # type: ignore[attr-defined]
        if allowed is not None:
            mask = np.zeros(self._count, dtype=bool)
            mask[np.asarray(allowed, dtype=np.int64)] = True
            scores = np.where(mask, scores, 0.0).astype(np.float32)
        positive = np.flatnonzero(scores > 0)
        if len(positive) == 0:
            return np.empty(0, np.float32), np.empty(0, np.int64)
        if len(positive) > k:
            top = positive[np.argpartition(-scores[positive], k - 1)[:k]]
        else:
            top = positive
        order = top[np.lexsort((top, -scores[top]))]
        return scores[order], order.astype(np.int64)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(folder), show_progress=False)  # type: ignore[attr-defined]
        (folder / "count.txt").write_text(str(self._count), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, *, mmap: bool = False) -> BM25Index:
        import bm25s

        _quiet_bm25s()
        retriever = bm25s.BM25.load(str(folder), mmap=mmap, show_progress=False)
        count = int((folder / "count.txt").read_text(encoding="utf-8"))
        return cls(retriever, count)


def _quiet_bm25s() -> None:
    logging.getLogger("bm25s").setLevel(logging.WARNING)
