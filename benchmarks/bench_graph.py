"""Graph load time and SPARQL latency at scale, rdflib in memory vs Oxigraph, in one run.

The hand-made sample plans (tests/samples.py) are replicated with renamed IRIs until the graph holds
the requested number of statements: each replica is a new document in one of `--districts` synthetic
districts (so agencies and communes repeat across a district's plans, as they do in reality), while
the national decisions they cite stay shared nodes. Then the five documented queries are timed.

    .venv/bin/python benchmarks/bench_graph.py --triples 1000000
"""
from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.build import build_document_graph
from graph.store import GraphStore, MemoryStore, OxigraphStore
from tests.samples import sample_extractions

QUERIES = Path(__file__).resolve().parent.parent / "docs" / "queries"
ID = "https://cancu.vn/id/"


def _locality_keys(graph: Graph) -> set[str]:
    """District keys used in agency IRIs (agency/{locality}/...): renamed per synthetic district."""
    keys = set()
    for term in graph.all_nodes():
        text = str(term)
        if text.startswith(ID + "agency/"):
            keys.add(text[len(ID + "agency/"):].split("/")[0])
    keys.discard("national")
    return keys


def replicate(doc_id: str, graph: Graph, copy: int, districts: int) -> tuple[str, Graph]:
    """The same plan as a new document of district `copy % districts`: doc-scoped and local IRIs renamed."""
    new_id = f"{doc_id}-r{copy}"
    district = copy % districts
    swaps = [(doc_id, new_id)] + [(key, f"{key}-d{district}") for key in _locality_keys(graph)]
    swaps += [("/place/code/", f"/place/code/d{district}-"), ("/kh/2022/245", f"/kh/2022/245{copy}")]

    def rename(term):
        if not isinstance(term, URIRef) or not str(term).startswith(ID):
            return term
        text = str(term)
        for old, new in swaps:
            if old in text:
                text = text.replace(old, new)
        return URIRef(text)

    out = Graph(identifier=rename(graph.identifier))
    for s, p, o in graph:
        out.add((rename(s), p, rename(o)))
    return new_id, out


def corpus(target_triples: int, districts: int) -> list[tuple[str, Graph]]:
    base = [(e.document.id, build_document_graph(e)) for e in sample_extractions()]
    docs, total, copy = [], 0, 0
    while total < target_triples:
        for doc_id, graph in base:
            new_id, g = replicate(doc_id, graph, copy, districts) if copy else (doc_id, graph)
            docs.append((new_id, g))
            total += len(g)
        copy += 1
    return docs


def load(store: GraphStore, docs: list[tuple[str, Graph]], *, bulk: bool) -> float:
    """One transaction per document (a single upload) or all at once through the bulk loader (an ingest
    of many documents). Wall seconds."""
    return load_timed(store, docs, bulk=bulk)[0]


def load_timed(store: GraphStore, docs: list[tuple[str, Graph]], *, bulk: bool) -> tuple[float, float]:
    """`load`, returning (wall seconds, CPU seconds of this process, all threads): on a shared machine the
    CPU figure is the steadier one."""
    started, cpu = time.perf_counter(), time.process_time()
    if bulk:
        store.add_documents(docs)
    else:
        for doc_id, graph in docs:
            store.add_document(doc_id, graph)
    if isinstance(store, OxigraphStore):
        store._store.flush()  # written to disk, not only to the write-ahead log
    return time.perf_counter() - started, time.process_time() - cpu


def time_query(store: GraphStore, sparql: str, runs: int, timeout: float) -> tuple[float | None, int, float | None]:
    """Median wall ms, rows, median CPU ms. On a shared machine CPU time (this process, all threads:
    both engines evaluate in a worker thread here) is the steadier figure; wall time includes waiting."""
    times, cpus, rows = [], [], 0
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        try:
            result = store.query(sparql, timeout=timeout, max_rows=0)
        except Exception as exc:  # noqa: BLE001 - a timeout is a result too
            print(f"    {type(exc).__name__}: {exc}", file=sys.stderr)
            return None, 0, None
        times.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        rows = len(result)
    return statistics.median(times), rows, statistics.median(cpus)


def _rate(seconds: tuple[float, float], statements: int) -> str:
    wall, cpu = seconds
    return f"{wall:.1f} s ({statements / wall:,.0f} st/s; per CPU second {statements / cpu:,.0f} st/s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--districts", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600.0, help="per query, seconds")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--skip-per-document", action="store_true", help="skip the slow per-document load")
    args = parser.parse_args()

    started = time.perf_counter()
    docs = corpus(args.triples, args.districts)
    statements = sum(len(g) for _, g in docs)
    print(f"corpus: {len(docs)} documents, {statements:,} statements, built in {time.perf_counter() - started:.1f} s")
    queries = sorted(QUERIES.glob("*.rq"))

    with tempfile.TemporaryDirectory() as tmp:
        backends: list[tuple[str, GraphStore]] = [("oxigraph (disk)", OxigraphStore(Path(tmp) / "store"))]
        if not args.skip_rdflib:
            backends.append(("rdflib (memory)", MemoryStore()))
        table: dict[str, dict[str, str]] = {}
        for name, store in backends:
            if isinstance(store, OxigraphStore) and not args.skip_per_document:
                scratch = OxigraphStore(Path(tmp) / "per-document")
                seconds = load_timed(scratch, docs, bulk=False)
                table.setdefault("load, one transaction per document", {})[name] = _rate(seconds, statements)
                print(f"{name}: per-document load {seconds[0]:.1f} s")
                scratch.close()
            seconds = load_timed(store, docs, bulk=True)
            print(f"{name}: loaded {store.triple_count():,} statements in {seconds[0]:.1f} s")
            table.setdefault("load, all documents", {})[name] = _rate(seconds, statements)
            for query in queries:
                latency, rows, cpu = time_query(store, query.read_text(encoding="utf-8"), args.runs, args.timeout)
                cell = "timeout" if latency is None else f"{latency:,.0f} ms (CPU {cpu:,.0f} ms; {rows} rows)"
                table.setdefault(query.stem, {})[name] = cell
                print(f"  {query.stem}: {cell}")
            store.close()
            del store
            gc.collect()

    names = [name for name, _ in backends]
    width = max(len(k) for k in table) + 2
    print()
    print("| measure".ljust(width + 2) + " | " + " | ".join(names) + " |")
    print("|" + "-" * (width + 1) + "|" + "|".join("-" * (len(n) + 2) for n in names) + "|")
    for measure, cells in table.items():
        print(f"| {measure}".ljust(width + 2) + " | " + " | ".join(cells.get(n, "-") for n in names) + " |")


if __name__ == "__main__":
    main()
