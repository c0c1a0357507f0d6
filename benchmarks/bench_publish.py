"""What an upload costs once the corpus is large: time per one-line upload and storage per document.

Ingests `--docs` real documents in one batch (the sample corpus, `../shared/corpus-real`, then pages of
`../shared/corpus-real/bulk` to make up the number), then uploads `--uploads` one-line documents one at
a time, as `POST /api/documents` does (one `Workspace.ingest` each), and prints for each the time by
stage and the size of the data folder, counting a hard-linked file once (as the disk does). For
comparison it times what every publish did before builds shared the graph by hard links: copying the
whole graph store.

    .venv/bin/python benchmarks/bench_publish.py --docs 100 --uploads 10

The hashing encoder is used (encoding is the search stage's cost, measured by bench_search.py); pass
`--encoder e5` to include it.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.settings import Settings  # noqa: E402
from api.workspace import Workspace  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus-real"
ONE_LINE = "KẾ HOẠCH\nKiểm tra tải lên số {i}: rà soát hộ nghèo tại xã Nậm Ban năm 2025.\n"


def source_files(count: int) -> list[Path]:
    files = sorted((ROOT / "corpus").glob("*.txt")) + sorted(SHARED.glob("*.txt"))
    files += sorted((SHARED / "bulk").glob("b*.txt"))
    return files[:count]


def disk_usage(folder: Path) -> dict[str, int]:
    """Bytes on disk per top-level part of the data folder; a file with several links counts once."""
    seen: set[int] = set()
    parts: dict[str, int] = {}
    for base, _, names in os.walk(folder):
        rel = Path(base).relative_to(folder).parts
        part = "/".join(rel[:1]) if rel[:1] != ("builds",) else "builds/" + (rel[2] if len(rel) > 2 else "")
        for name in names:
            st = os.lstat(os.path.join(base, name))
            if st.st_ino in seen:
                continue
            seen.add(st.st_ino)
            parts[part] = parts.get(part, 0) + st.st_blocks * 512
    return parts


def wal_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.log") if p.is_file())


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--uploads", type=int, default=10)
    parser.add_argument("--encoder", default="hashing")
    parser.add_argument("--keep", help="keep the data folder here instead of a temporary one")
    args = parser.parse_args()

    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-publish-"))
    data = tmp / "data"
    settings = Settings(data_dir=data, encoder=args.encoder, corpus_dir=str(ROOT / "corpus"))
    ws = Workspace(settings)
    files = source_files(args.docs)
    started = time.perf_counter()
    report = ws.ingest(files)
    seconds = time.perf_counter() - started
    build = ws.current()
    graph = build.manifest["stages"]["graph"]
    print(f"batch: {len(files)} files, {len(build.doc_ids)} documents in, {len(report.errors)} failed, {seconds:.1f} s")
    for r in report.errors:
        print("  " + r.line())
    print(f"  graph: {graph['statements']:,} statements built in {graph['build_seconds']:.1f} s, "
          f"loaded ({graph['load_mode']}) in {graph['load_seconds']:.1f} s = {graph['statements_per_second']:,} st/s")

    times, graph_times, index_times, load_rates = [], [], [], []
    upload_dir = tmp / "uploads"
    upload_dir.mkdir(exist_ok=True)
    for i in range(args.uploads):
        path = upload_dir / f"tai-len-{i:03d}.txt"
        path.write_text(ONE_LINE.format(i=i), encoding="utf-8")
        started = time.perf_counter()
        result = ws.ingest([path])
        times.append(time.perf_counter() - started)
        stages = ws.current().manifest["stages"]
        graph_times.append(stages["graph"]["load_seconds"] + stages["graph"]["build_seconds"])
        index_times.append(stages.get("index", {}).get("seconds", 0.0))
        load_rates.append(stages["graph"]["statements_per_second"])
        assert result.results[0].status == "new", result.results[0].line()

    usage = disk_usage(data)
    total = sum(usage.values())
    docs = len(ws.current().doc_ids)
    graph_parts = {k: v for k, v in usage.items() if k.endswith("/graph") or k == "graph-live"}
    started = time.perf_counter()
    shutil.copytree(ws.current().folder / "graph", tmp / "copied-graph")
    copy_seconds = time.perf_counter() - started

    print(f"\none-line uploads at {docs} documents ({args.uploads} uploads, one Workspace.ingest each):")
    print(f"  total      p50 {statistics.median(times):.2f} s, max {max(times):.2f} s")
    print(f"  graph      p50 {statistics.median(graph_times):.2f} s (build + one transaction)")
    print(f"  index      p50 {statistics.median(index_times):.2f} s")
    print(f"  before (copying the graph store once per publish): {copy_seconds:.2f} s for "
          f"{mb(sum(p.stat().st_size for p in (tmp / 'copied-graph').rglob('*') if p.is_file()))}")
    print(f"\nstorage after {docs} documents (hard links counted once): {mb(total)}, {mb(total / docs)} per document")
    for part, size in sorted(usage.items()):
        print(f"  {part:<32} {mb(size)}")
    print(f"  graph (live store + every build's snapshot): {mb(sum(graph_parts.values()))}, "
          f"write-ahead logs {mb(wal_bytes(data))}")
    print(json.dumps({"documents": docs, "upload_p50_s": round(statistics.median(times), 3),
                      "upload_max_s": round(max(times), 3), "storage_mb": round(total / 1024 / 1024, 1),
                      "storage_per_doc_mb": round(total / docs / 1024 / 1024, 3),
                      "batch_load_statements_per_s": graph["statements_per_second"]}))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
