"""Vectors remembered by content, so re-ingesting a corpus encodes only the clauses that changed.

Encoding is the slow step (about 39 clauses/s with e5 on two cores); a key is sha256(model name + text),
so a changed model or a changed text is a miss and nothing stale can be served. One SQLite file in the
index folder: safe to reuse across builds, readable with any SQLite client.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from search.encoders import Encoder, Progress, normalise

CACHE_FILE = "vector_cache.sqlite"


def content_key(model_name: str, text: str) -> str:
    return hashlib.sha256(f"{model_name}\x00{text}".encode()).hexdigest()


class VectorCache:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, dim INTEGER, vec BLOB)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def get_many(self, keys: Sequence[str], dim: int) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._connect() as db:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start:start + 500])
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT key, dim, vec FROM vectors WHERE key IN ({marks})", chunk)
                for key, stored_dim, blob in rows:
                    if stored_dim == dim:
                        found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: Sequence[tuple[str, np.ndarray]]) -> None:
        with self._connect() as db:
            db.executemany("INSERT OR REPLACE INTO vectors (key, dim, vec) VALUES (?, ?, ?)",
                           [(k, int(v.shape[0]), np.asarray(v, np.float32).tobytes()) for k, v in items])

    def __len__(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])


def encode_with_cache(encoder: Encoder, texts: Sequence[str], cache: VectorCache | None,
                      progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Vectors for `texts` in order, and how many had to be encoded (the rest came from `cache`)."""
    dim = encoder.dim
    if cache is None:
        return normalise(encoder.encode_passages(list(texts), progress)).reshape(len(texts), dim), len(texts)
    keys = [content_key(encoder.name, t) for t in texts]
    known = cache.get_many(sorted(set(keys)), dim)
    missing: dict[str, str] = {}
    for key, text in zip(keys, texts):
        if key not in known and key not in missing:
            missing[key] = text
    if missing:
        todo_keys = list(missing)
        total = len(todo_keys)
        chunk = 512  # persist as we go: an interrupted build keeps what it encoded
        for start in range(0, total, chunk):
            part = todo_keys[start:start + chunk]

            def report(n: int, _t: int, offset: int = start) -> None:
                if progress:
                    progress(offset + n, total)

            vectors = normalise(encoder.encode_passages([missing[k] for k in part], report))
            cache.put_many(list(zip(part, vectors)))
            known.update(zip(part, vectors))
    elif progress:
        progress(0, 0)
    out = np.empty((len(texts), dim), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = known[key]
    return out, len(missing)
