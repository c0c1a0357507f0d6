#!/usr/bin/env python3
"""Load test of the HTTP service: mixed search, document and SPARQL requests from concurrent clients.

    .venv/bin/cancu -s data_dir /tmp/loaddata ingest corpus          # once, real (e5) encoder
    .venv/bin/python benchmarks/bench_load.py --data-dir /tmp/loaddata
    .venv/bin/python benchmarks/bench_load.py --url http://127.0.0.1:8000   # a server already running

Without `--url` it starts `cancu serve` on a free port over `--data-dir` and stops it afterwards. The
requests are drawn with a fixed seed (same mix every run), sent by `--concurrency` clients that each
wait for their answer before sending the next (closed loop), after one warm-up request of each kind
(the first search loads the encoder). Reported: throughput, p50 and p95 latency per kind and overall,
and the error count (any status other than 200, or a transport error), which must be 0.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent

# Generic questions of the kind users ask (not the gold questions).
SEARCH_QUERIES = [
    "Thu nhập bình quân đầu người đến năm 2025 đạt bao nhiêu?",
    "hỗ trợ bảo hiểm y tế cho hộ cận nghèo",
    "Quyết định 90/QĐ-TTg",
    "xay dung nong thon moi",
    "Cơ quan nào chủ trì dự án đa dạng hóa sinh kế?",
    "tỷ lệ hộ nghèo giảm bao nhiêu mỗi năm",
    "đào tạo nghề cho lao động nông thôn",
    "vốn ngân sách trung ương thực hiện chương trình",
    "hỗ trợ nhà ở cho hộ nghèo",
    "giao Phòng Lao động - Thương binh và Xã hội",
    "truyền thông về giảm nghèo",
    "kiểm tra giám sát đánh giá thực hiện chương trình",
]
SMALL_SPARQL = [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "PREFIX cancu: <https://cancu.vn/ontology#> SELECT ?c ?t WHERE { ?c cancu:text ?t } LIMIT 20",
    "ASK { ?s ?p ?o }",
    "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT DISTINCT ?d ?id WHERE { ?d eli:id_local ?id } LIMIT 50",
]


@dataclass
class Sample:
    kind: str
    seconds: float
    ok: bool
    status: int | None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, extra: list[str]) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    cancu = Path(sys.executable).with_name("cancu")
    command = [str(cancu), "-s", "data_dir", str(data_dir), *extra, "serve", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while True:
        if process.poll() is not None:
            raise SystemExit(f"cancu serve exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                return process, url
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.terminate()
            raise SystemExit("cancu serve did not answer /api/health within 300 s")
        time.sleep(0.5)


def sparql_queries() -> list[str]:
    files = sorted((ROOT / "docs" / "queries").glob("*.rq"))
    return [f.read_text(encoding="utf-8") for f in files] + SMALL_SPARQL


def plan_requests(n: int, mix: dict[str, float], doc_ids: list[str], seed: int) -> list[tuple[str, dict]]:
    """The request list: (kind, httpx request arguments), drawn once with a fixed seed."""
    rng = random.Random(seed)
    kinds = rng.choices(list(mix), weights=list(mix.values()), k=n)
    queries = sparql_queries()
    out = []
    for kind in kinds:
        if kind == "search":
            params = {"q": rng.choice(SEARCH_QUERIES), "top": rng.choice((5, 10, 20))}
            if rng.random() < 0.2:
                params["doc_id"] = rng.choice(doc_ids)
            out.append((kind, {"method": "GET", "url": "/api/search", "params": params}))
        elif kind == "document":
            out.append((kind, {"method": "GET", "url": f"/api/documents/{rng.choice(doc_ids)}"}))
        else:
            out.append((kind, {"method": "POST", "url": "/sparql", "data": {"query": rng.choice(queries)},
                               "headers": {"Accept": "application/sparql-results+json"}}))
    return out


async def run_load(url: str, requests: list[tuple[str, dict]], concurrency: int,
                   timeout: float) -> tuple[list[Sample], float]:
    queue: asyncio.Queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    samples: list[Sample] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=timeout, limits=limits) as client:

        async def worker() -> None:
            while True:
                try:
                    kind, args = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                try:
                    response = await client.request(**args)
                    await response.aread()
                    samples.append(Sample(kind, time.perf_counter() - started, response.status_code == 200,
                                          response.status_code))
                except httpx.HTTPError:
                    samples.append(Sample(kind, time.perf_counter() - started, False, None))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return samples, wall


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def summarise(samples: list[Sample], wall: float) -> dict:
    groups = {kind: [s for s in samples if s.kind == kind] for kind in sorted({s.kind for s in samples})}
    groups["all"] = samples
    table = {}
    for kind, group in groups.items():
        ms = [s.seconds * 1000 for s in group]
        table[kind] = {"requests": len(group), "errors": sum(not s.ok for s in group),
                       "throughput_rps": round(len(group) / wall, 1),
                       "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
                       "max_ms": round(max(ms), 1) if ms else None}
    statuses: dict[str, int] = {}
    for s in samples:
        if not s.ok:
            statuses[str(s.status)] = statuses.get(str(s.status), 0) + 1
    return {"wall_s": round(wall, 2), "kinds": table, "error_statuses": statuses}


def print_report(report: dict, args: argparse.Namespace) -> None:
    print(f"{args.requests} requests, {args.concurrency} concurrent clients, {report['wall_s']} s "
          f"(warm-up {report['warmup_s']} s not counted); server: {report['url']}")
    print(f"{'kind':<10} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for kind, row in report["kinds"].items():
        print(f"{kind:<10} {row['requests']:>8} {row['errors']:>6} {row['throughput_rps']:>7} {row['p50_ms']:>8} "
              f"{row['p95_ms']:>8} {row['max_ms']:>8}")
    if report["error_statuses"]:
        print(f"errors by status: {report['error_statuses']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running server; otherwise one is started over --data-dir")
    parser.add_argument("--data-dir", type=Path, default=Path("data"), help="data folder for the started server")
    parser.add_argument("-s", "--setting", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                        help="extra setting for the started server (e.g. -s encoder hashing)")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--mix", default="search=0.5,document=0.25,sparql=0.25", help="kind=weight,...")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=60.0, help="client timeout per request (s)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()

    mix = {k: float(v) for k, v in (part.split("=") for part in args.mix.split(","))}
    process = None
    if args.url:
        url = args.url.rstrip("/")
    else:
        extra = [x for name, value in args.setting for x in ("-s", name, value)]
        process, url = start_server(args.data_dir, extra)
    try:
        doc_ids = [d["id"] for d in httpx.get(f"{url}/api/documents", params={"limit": 500}, timeout=30)
                   .json()["documents"]]
        if not doc_ids:
            raise SystemExit("the server has no documents")
        requests = plan_requests(args.requests, mix, doc_ids, args.seed)
        warm = time.perf_counter()
        first = {kind: req for kind, req in reversed(requests)}
        asyncio.run(run_load(url, list(first.items()), 1, args.timeout))
        warmup = time.perf_counter() - warm
        samples, wall = asyncio.run(run_load(url, requests, args.concurrency, args.timeout))
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
    report = {"url": url, "requests": args.requests, "concurrency": args.concurrency, "mix": mix,
              "seed": args.seed, "warmup_s": round(warmup, 2), "cpus": os.cpu_count(), **summarise(samples, wall)}
    print_report(report, args)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if report["kinds"]["all"]["errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
