"""Answers at scale: ingest N synthetic plans, then time `basis` and `responsible` (and search) per question.

    python benchmarks/bench_answers.py --docs 1000 --data-dir /tmp/bench1k              # embedded Oxigraph
    python benchmarks/bench_answers.py --docs 1000 --data-dir /tmp/bench1k --virtuoso   # + Virtuoso beside it
    python benchmarks/bench_answers.py --docs 10000 --data-dir /tmp/bench10k --no-ingest  # reuse a data folder

The plans come from `benchmarks/synthetic.py` (templates with varied names, tasks, numbers; ~50 clauses
each). Ingest uses the hashing encoder (`CANCU_ENCODER=hashing`): encoding time is not what is measured
here (e5 encodes a few clauses per second per core; see docs/search.md). Printed: time per ingest stage
(read + extract, graph, index), store sizes, the read model's first load, then per question the latency
of `answers.governing` and `answers.responsible` over the read model (in process, as the server runs
them; cold = first time a question's documents are read, warm = asked again) and of the index's search,
with p50, p95 and max, and whether the known answer is in the top 3. `--virtuoso` starts a Virtuoso
Open-Source server in a folder of its own (tests/virtuoso.py), ingests the same plans into it with
`graph_store=remote` and measures the same.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import synthetic  # noqa: E402


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file() and not p.is_symlink())


def ingest(settings, corpus: Path) -> dict:
    """Ingest the corpus, timing each stage the workspace reports."""
    from api.workspace import Workspace

    first: dict[str, float] = {}
    last: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        first.setdefault(stage, now)
        last[stage] = now
        if total and (done == total or done % max(1, total // 20) == 0):  # a long run's stages, as they go
            print(f"  [{time.strftime('%H:%M:%S')}] {stage}: {done}/{total} in {now - first[stage]:.0f} s",
                  file=sys.stderr, flush=True)

    started = time.perf_counter()
    report = Workspace(settings).ingest([corpus], progress=progress)
    total = time.perf_counter() - started
    stages = {stage: round(last[stage] - first[stage], 1) for stage in first}
    return {"seconds": round(total, 1), "stages": stages, "errors": len(report.errors), "build": report.build}


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def percentiles(values: list[float], cpu: list[float] | None = None) -> dict:
    """Wall-clock p50/p95/max, and the same of the CPU time this process spent (the engine runs in it): on a
    shared machine the wall clock also counts waiting for a core, the CPU time does not."""
    if not values:
        return {}
    out = {"n": len(values), "p50_ms": round(statistics.median(values) * 1000, 1),
           "p95_ms": round(_p95(values) * 1000, 1), "max_ms": round(max(values) * 1000, 1)}
    if cpu:
        out.update(cpu_p50_ms=round(statistics.median(cpu) * 1000, 1), cpu_p95_ms=round(_p95(cpu) * 1000, 1))
    return out


def measure(settings, questions: dict[str, list[dict]]) -> dict:
    import answers as A
    from answers.text import symbol_key
    from api.service import Service, open_index, read_model

    service = Service(settings)
    started = time.perf_counter()
    model = read_model(service)
    model.all_plans()
    directory = time.perf_counter() - started
    index = open_index(service)
    index.search("khởi động", top_k=1)
    out: dict = {"directory_load_s": round(directory, 2)}
    for kind in ("basis", "responsible"):
        for run in ("cold", "warm"):
            times, cpu, hits = [], [], 0
            for q in questions[kind]:
                t0, c0 = time.perf_counter(), time.process_time()
                if kind == "basis":
                    answer = A.governing(model, index, q["question"])
                    top = [symbol_key(g.document.symbol) for g in answer.documents[:3]]
                    hits += symbol_key(q["answer"]) in top
                else:
                    answer = A.responsible(model, index, q["question"])
                    top = [(r.agency.canonical, r.commune) for r in answer.answers[:3]]
                    hits += any(q["answer"] in (a, c) or (a and a.startswith(q["answer"])) for a, c in top)
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            out[f"{kind}_{run}"] = {**percentiles(times, cpu), "hit@3": round(hits / max(1, len(questions[kind])), 2)}
        model.clear_cache()  # the second kind starts cold too
    times, cpu = [], []
    for q in questions["basis"] + questions["responsible"]:
        t0, c0 = time.perf_counter(), time.process_time()
        index.search(q["question"], top_k=10)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    out["search"] = percentiles(times, cpu)
    service.close()
    return out


def _progress(part: dict) -> None:
    """Figures as soon as they are measured (stderr), so a long Virtuoso run cannot lose the embedded ones."""
    print(json.dumps(part, ensure_ascii=False), file=sys.stderr, flush=True)


def run(args) -> dict:
    from api.settings import Settings

    data = args.data_dir
    corpus = data.parent / f"{data.name}-corpus"
    questions_file = data.parent / f"{data.name}-corpus-questions.json"
    if not corpus.is_dir() or not questions_file.exists():
        plans = synthetic.corpus(args.docs, args.seed)
        synthetic.write(plans, corpus)
        questions_file.write_text(json.dumps(synthetic.questions(plans, args.questions), ensure_ascii=False),
                                  encoding="utf-8")
    questions = json.loads(questions_file.read_text(encoding="utf-8"))
    result: dict = {"documents": args.docs, "corpus_mb": round(folder_bytes(corpus) / 1e6, 1)}
    embedded = Settings(data_dir=str(data), encoder="hashing")
    if not args.no_ingest:
        shutil.rmtree(data, ignore_errors=True)
        result["ingest"] = ingest(embedded, corpus)
    current = (data / "current").resolve()
    manifest = json.loads((current / "manifest.json").read_text(encoding="utf-8"))
    result["clauses"] = sum(d.get("clauses", 0) for d in manifest["documents"].values())
    result["graph"] = manifest["stages"].get("graph", {})
    result["graph_mb"] = round(folder_bytes(current / "graph") / 1e6, 1)
    result["graph_live_mb"] = round(folder_bytes(data / "graph-live") / 1e6, 1) if (data / "graph-live").exists() else None
    result["index_mb"] = round(folder_bytes(current / "index") / 1e6, 1)
    result["embedded"] = measure(embedded, questions)
    _progress(result)
    if args.virtuoso:
        from tests.virtuoso import Virtuoso

        vdata = data.parent / f"{data.name}-virtuoso"
        shutil.rmtree(vdata, ignore_errors=True)
        with Virtuoso(data.parent / f"{data.name}-virtuoso-db", memory_mb=args.virtuoso_mb) as server:
            remote = Settings(data_dir=str(vdata), encoder="hashing", graph_store="remote",
                              sparql_query_url=server.sparql_url, sparql_update_url=server.sparql_url)
            result["virtuoso_ingest"] = ingest(remote, corpus)
            _progress({"virtuoso_ingest": result["virtuoso_ingest"]})
            result["virtuoso"] = measure(remote, questions)
            server.sql("checkpoint;")
            result["virtuoso_db_mb"] = round(server.database_bytes() / 1e6, 1)
        shutil.rmtree(data.parent / f"{data.name}-virtuoso-db", ignore_errors=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--questions", type=int, default=40, help="plans questions are drawn from")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-ingest", action="store_true", help="measure an existing data folder")
    ap.add_argument("--virtuoso", action="store_true", help="also ingest into and answer from Virtuoso")
    ap.add_argument("--virtuoso-mb", type=int, default=2048, help="Virtuoso buffer memory")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    args = ap.parse_args()
    os.environ.setdefault("CANCU_ENCODER", "hashing")
    result = run(args)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
