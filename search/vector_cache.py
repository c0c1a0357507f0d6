"""Vectors remembered by content, so re-ingesting a corpus encodes only the clauses that changed.

Encoding is the slow step (see docs/performance.md); a key is sha256(model name + text),
so a changed model or a changed text is a miss and nothing stale can be served. One SQLite file in the
index folder: safe to reuse across builds, readable with any SQLite client.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from search.encoders import Encoder, Progress, collect, normalise, stream_passages

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

    def put_many(self, items: Sequence[tuple[str, np.ndarray]], *, replace: bool = True) -> None:
        verb = "INSERT OR REPLACE" if replace else "INSERT OR IGNORE"
        with self._connect() as db:
            db.executemany(f"{verb} INTO vectors (key, dim, vec) VALUES (?, ?, ?)",
                           [(k, int(v.shape[0]), np.asarray(v, np.float32).tobytes()) for k, v in items])

    def __len__(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])


def encode_with_cache(encoder: Encoder, texts: Sequence[str], cache: VectorCache | None,
                      progress: Progress | None = None) -> tuple[np.ndarray, int]:
    """Vectors for `texts` in order, and how many had to be encoded (the rest came from `cache`).

    Texts missing from the cache are encoded batch by batch (by length, on all cores for e5), and
    each finished batch is stored at once: an interrupted build keeps what it encoded."""
    dim = encoder.dim
    if cache is None:
        return normalise(collect(encoder, list(texts), progress)).reshape(len(texts), dim), len(texts)
    keys = [content_key(encoder.name, t) for t in texts]
    known = cache.get_many(sorted(set(keys)), dim)
    missing: dict[str, str] = {}
    for key, text in zip(keys, texts):
        if key not in known and key not in missing:
            missing[key] = text
    todo_keys = list(missing)
    total = len(todo_keys)
    done = 0
    if progress:
        progress(0, total)
    for ids, vectors in stream_passages(encoder, [missing[k] for k in todo_keys]):
        vectors = normalise(vectors)
        part = [todo_keys[i] for i in ids]
        cache.put_many(list(zip(part, vectors)))
        known.update(zip(part, vectors))
        done += len(ids)
        if progress:
            progress(done, total)
    out = np.empty((len(texts), dim), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = known[key]
    return out, len(missing)


def missing_count(encoder_name: str, texts: Sequence[str], cache: VectorCache, dim: int) -> int:
    """How many distinct texts the cache cannot answer (what an encoding run would have to do)."""
    keys = sorted({content_key(encoder_name, t) for t in texts})
    return len(keys) - len(cache.get_many(keys, dim))
