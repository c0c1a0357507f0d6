#!/usr/bin/env python3
"""How the search index scales: build rate, query latency (one client and N concurrent), memory.

    .venv/bin/python benchmarks/bench_search.py --sizes 1000 10000 100000

Passages are synthetic: the corpus clauses (parsed with `ingest`) replicated and perturbed (numbers
changed, a few words dropped, a replica tag added) so BM25 and FAISS see realistic, non-identical
text. Sizes up to `--real-encode-max` (1,000) are encoded with the real encoder; above it the corpus side uses
seeded random unit vectors (e5 encodes a few clauses with context per second on two shared cores),
which the output states. Queries always go through the real encoder: the query path is what is
measured. Latency and memory are measured in a fresh subprocess that only loads the index and
queries it, as a server would.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.config import SearchConfig
from search.encoders import Encoder, Progress, make_encoder, normalise
from search.index import SearchIndex
from search.passages import Passage

# Generic questions of the kind users ask (not the gold questions): the query path's cost barely
# depends on the words, only on their count.
QUERIES = [
    "Thu nhập bình quân đầu người đến năm 2025 đạt bao nhiêu?",
    "hỗ trợ bảo hiểm y tế cho hộ cận nghèo",
    "Quyết định 90/QĐ-TTg",
    "QĐ 880 hỗ trợ huyện nghèo",
    "xay dung nong thon moi nam 2024",
    "Cơ quan nào chủ trì dự án đa dạng hóa sinh kế?",
    "tỷ lệ hộ nghèo giảm bao nhiêu mỗi năm",
    "đào tạo nghề cho lao động nông thôn",
    "vốn ngân sách trung ương thực hiện chương trình",
    "nước sinh hoạt hợp vệ sinh",
    "xuất khẩu lao động đi làm việc ở nước ngoài",
    "Phòng Lao động - Thương binh và Xã hội có nhiệm vụ gì",
    "ho tro tien dien cho ho ngheo",
    "trồng chè tập trung ở các xã vùng cao",
    "rà soát hộ nghèo hằng năm",
    "NTM DTTS ĐBKK",
]


class RandomCorpusEncoder:
    """Real query encoding, seeded random unit vectors for passages (stated in the output)."""

    def __init__(self, real: Encoder, seed: int = 0) -> None:
        self.real = real
        self.name = f"{real.name}+random-corpus"
        self._rng = np.random.default_rng(seed)

    @property
    def dim(self) -> int:
        return self.real.dim

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.real.encode_queries(texts)

    def encode_passages(self, texts: list[str], progress: Progress | None = None) -> np.ndarray:
        vectors = normalise(self._rng.normal(size=(len(texts), self.dim)).astype(np.float32))
        if progress:
            progress(len(texts), len(texts))
        return vectors


class TimedEncoder:
    """Counts the seconds spent encoding passages, to split build time into encoding and indexing."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.seconds = 0.0

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.encode_queries(texts)

    def encode_passages(self, texts: list[str], progress: Progress | None = None) -> np.ndarray:
        started = time.perf_counter()
        try:
            return self.inner.encode_passages(texts, progress)
        finally:
            self.seconds += time.perf_counter() - started


def corpus_passages() -> list[Passage]:
    from ingest.readers import read_source
    from ingest.structure import parse_document
    from search.passages import passages_from_document

    out: list[Passage] = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        out.extend(passages_from_document(parse_document(read_source(path))))
    return out


def synthetic(base: list[Passage], size: int, seed: int = 1) -> list[Passage]:
    """`size` passages: copy n of base clause n % len(base), numbers changed, ~10% words dropped."""
    rng = random.Random(seed)
    out = []
    for n in range(size):
        src = base[n % len(base)]
        copy = n // len(base)
        text = src.text
        if copy:
            text = re.sub(r"\d+", lambda m: str(rng.randint(1, 9999)), text)
            words = text.split()
            words = [w for w in words if rng.random() > 0.1] or words
            text = " ".join(words) + f" (bản {copy})"
        meta = dict(src.metadata, doc_id=f"{src.doc_id}~{copy}")
        out.append(Passage(id=f"{src.id}~{copy}", doc_id=meta["doc_id"], source=src.source, text=text,
                           context=src.context, metadata=meta))
    return out


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size of this process in MB, from /proc/self/status."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                values[key] = int(value.split()[0]) / 1024
    return round(values.get("VmRSS", 0.0), 1), round(values.get("VmHWM", 0.0), 1)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


# ---------------------------------------------------------------- the query side (subprocess)

def serve_check(folder: Path, random_corpus: bool, queries: int, clients: int, threads: int | None) -> dict:
    base_rss = rss_mb()[0]
    started = time.perf_counter()
    real = make_encoder(json.loads((folder / "manifest.json").read_text())["config"]["encoder"], threads=threads)
    encoder = RandomCorpusEncoder(real) if random_corpus else None
    index = SearchIndex.load(folder, encoder=encoder)
    index.search(QUERIES[0])  # loads the model: the first query of a process pays for it
    load_s = time.perf_counter() - started
    loaded_rss = rss_mb()[0]

    single = []
    for n in range(queries):
        t = time.perf_counter()
        index.search(QUERIES[n % len(QUERIES)], top_k=10)
        single.append((time.perf_counter() - t) * 1000)

    filtered = []
    doc_id = index.passages[len(index) // 2].doc_id
    for n in range(max(10, queries // 4)):
        t = time.perf_counter()
        index.search(QUERIES[n % len(QUERIES)], top_k=10, filters={"doc_id": doc_id})
        filtered.append((time.perf_counter() - t) * 1000)

    concurrent: list[float] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        mine = []
        for n in range(queries // clients):
            t = time.perf_counter()
            index.search(QUERIES[(n + k) % len(QUERIES)], top_k=10)
            mine.append((time.perf_counter() - t) * 1000)
        with lock:
            concurrent.extend(mine)

    workers = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    wall = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - wall
    current, peak = rss_mb()
    return {
        "query_encoder_threads": threads or "OpenMP default",
        "load_avg_1m": round(os.getloadavg()[0], 1),
        "load_s": round(load_s, 2),
        "rss_before_load_mb": base_rss, "rss_loaded_mb": loaded_rss, "rss_after_queries_mb": current,
        "rss_peak_mb": peak,
        "single_p50_ms": round(statistics.median(single), 1), "single_p95_ms": round(percentile(single, 95), 1),
        "filtered_p50_ms": round(statistics.median(filtered), 1),
        "filtered_p95_ms": round(percentile(filtered, 95), 1),
        f"concurrent{clients}_p50_ms": round(statistics.median(concurrent), 1),
        f"concurrent{clients}_p95_ms": round(percentile(concurrent, 95), 1),
        f"concurrent{clients}_qps": round(len(concurrent) / wall, 1),
        "single_qps": round(1000 / statistics.mean(single), 1),
    }


# ---------------------------------------------------------------- the build side

def bench_size(size: int, base: list[Passage], args: argparse.Namespace) -> dict:
    random_corpus = size > args.real_encode_max
    real = make_encoder(args.encoder)
    encoder = TimedEncoder(RandomCorpusEncoder(real) if random_corpus else real)
    passages = synthetic(base, size)
    folder = args.work / f"n{size}"
    if not args.keep_cache:
        for stale in folder.glob("vector_cache.sqlite"):
            stale.unlink()  # measure a cold build
    config = SearchConfig(encoder=args.encoder)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    SearchIndex.build(passages, folder, config, encoder=encoder)
    build_s = time.perf_counter() - started
    row = {
        "size": size,
        "corpus_vectors": "random unit vectors (not encoded)" if random_corpus else f"encoded with {real.name}",
        "build_s": round(build_s, 1),
        "build_rate_per_s": round(size / build_s, 1),
        "encode_s": round(encoder.seconds, 1),
        "vectors_from_cache": json.loads((folder / "manifest.json").read_text())["build"]["reused"],
        "index_s": round(build_s - encoder.seconds, 1),
        "index_rate_per_s": round(size / max(1e-9, build_s - encoder.seconds), 1),
        "index_kind": json.loads((folder / "manifest.json").read_text())["index_kind"],
        "load_avg_1m_before_after_build": (round(load_before, 1), round(os.getloadavg()[0], 1)),
        "folder_mb": round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20, 1),
    }
    cmd = [sys.executable, __file__, "--serve-check", str(folder), "--queries", str(args.queries),
           "--clients", str(args.clients)] + (["--random-corpus"] if random_corpus else [])
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=True, env=dict(os.environ))
    row.update(json.loads(result.stdout.strip().splitlines()[-1]))
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--encoder", default="e5")
    ap.add_argument("--real-encode-max", type=int, default=1_000,
                    help="largest size encoded for real; larger sizes use random corpus vectors")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "cancu_search_bench")
    ap.add_argument("--threads", type=int, default=None,
                    help="OpenMP threads of the query encoder (default: OpenMP's, all cores)")
    ap.add_argument("--keep-cache", action="store_true",
                    help="keep the vector cache of a previous run: measures a rebuild with nothing changed")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--serve-check", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--random-corpus", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.serve_check:
        print(json.dumps(serve_check(args.serve_check, args.random_corpus, args.queries, args.clients,
                                     args.threads)))
        return
    base = corpus_passages()
    print(f"{len(base)} corpus clauses; {os.cpu_count()} CPUs; encoder {args.encoder}", file=sys.stderr)
    rows = []
    for size in args.sizes:
        rows.append(bench_size(size, base, args))
        print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        print(f"\n== {row['size']:,} passages ({row['corpus_vectors']}; {row['index_kind']})")
        for key, value in row.items():
            if key not in ("size", "corpus_vectors", "index_kind"):
                print(f"  {key:26} {value}")


if __name__ == "__main__":
    main()
