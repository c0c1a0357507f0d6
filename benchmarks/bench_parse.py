"""Parse (and optionally extraction) throughput on the corpus replicated to N documents.

    python benchmarks/bench_parse.py --docs 1000            # read + normalise + structure
    python benchmarks/bench_parse.py --docs 200 --extract   # + the spaCy extraction pipeline

Prints documents/s and MB/s. The files are written to a temporary folder first, so reading from disk
is part of the figure, as it is for `cancu ingest`.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.readers import read_source
from ingest.structure import parse_document


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--extract", action="store_true", help="also run the extraction pipeline")
    args = ap.parse_args()
    sources = sorted(p for p in args.corpus.iterdir() if p.suffix == ".txt")
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(args.docs):
            src = sources[i % len(sources)]
            dst = Path(tmp) / f"{i:05d}_{src.name}"
            dst.write_bytes(src.read_bytes())
            files.append(dst)
        total_bytes = sum(f.stat().st_size for f in files)
        nlp = None
        if args.extract:
            from ingest.extract.pipeline import build_nlp, extract_document

            nlp = build_nlp()
        per_doc = []
        clauses = 0
        started = time.perf_counter()
        for f in files:
            t0 = time.perf_counter()
            doc = parse_document(read_source(f))
            if nlp is not None:
                extract_document(doc, nlp)
            per_doc.append(time.perf_counter() - t0)
            clauses += len(doc.clauses())
        elapsed = time.perf_counter() - started
    what = "read + parse + extract" if args.extract else "read + parse"
    print(f"{what}: {args.docs} documents, {total_bytes / 1e6:.1f} MB, {clauses} clauses in {elapsed:.2f} s")
    print(f"  {args.docs / elapsed:.1f} documents/s   {total_bytes / 1e6 / elapsed:.2f} MB/s   "
          f"{clauses / elapsed:.0f} clauses/s")
    print(f"  per document: median {statistics.median(per_doc) * 1000:.1f} ms, "
          f"max {max(per_doc) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
