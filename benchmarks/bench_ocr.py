"""OCR end to end: the corpora rendered as scans, read back, parsed and extracted, scored beside the text.

    python benchmarks/bench_ocr.py                        # both sets, 300 and 200 dpi (≈ 400 pages: long)
    python benchmarks/bench_ocr.py --docs 3 --dpi 300     # the first 3 documents of each set
    python benchmarks/bench_ocr.py --docs 13_hanoi_nq63_2025_tro_giup_xa_hoi,000_571cade1eccd0710

Each document of `../shared/corpus` (gold `../shared/eval/gold`) and `../shared/corpus-real` (gold
`../shared/eval/gold-real`) is read as text, then drawn as A4 page images (13 pt DejaVu Sans, the
source's non-blank lines wrapped to the printed width; pages tilted by ±0.4–0.6° and 0.1% of the
pixels flipped to random grey) and saved as an image-only PDF at each resolution. The PDFs go through
the product's own path: `read_source` (OCR in the reading child process) → `parse_document` →
`extract_document`, and the records are scored by `score.py extraction` against the same gold as the
text versions, restricted to the documents run. Printed per set and version:

* CER: character error rate (Levenshtein distance / reference length) of the read text against the
  text version, whitespace collapsed;
* references precision/recall/F1 and document metadata accuracy (symbol, date, type, issuer), and the
  ratio of the scan's figure to the text version's (target at 300 dpi: ≥ 0.9 for recall and metadata);
* OCR throughput: Tesseract wall seconds per page (mean over pages, as measured around each page)
  and pages per minute of the whole read.

Times are wall-clock on whatever else the machine is doing: say so when quoting them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scorer import load_scorer  # noqa: E402

SHARED = ROOT.parent / "shared"
SETS = {  # name -> (documents, gold)
    "sample": (SHARED / "corpus", SHARED / "eval" / "gold"),
    "real": (SHARED / "corpus-real", SHARED / "eval" / "gold-real"),
}
_TILTS = (0.5, -0.4, 0.6, -0.5)
_NOISE = 0.001


@dataclass
class Run:
    records: list[dict] = field(default_factory=list)
    cer: list[tuple[int, int]] = field(default_factory=list)  # (edits, reference length) per document
    pages: int = 0
    ocr_seconds: float = 0.0
    read_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _read_scan(job: tuple[str, int, int, str]) -> dict:
    """Render one document at one resolution and read it back (runs in a worker process)."""
    from ingest.readers import read_source
    from tests.fixtures_docs import make_scan_pdf

    txt, dpi, index, folder = job
    source = Path(txt)
    reference = read_source(source).text
    lines = [line for line in reference.split("\n") if line.strip()]
    pdf = Path(folder) / f"{source.stem}.pdf"
    make_scan_pdf(pdf, lines, dpi=dpi, rotate=_TILTS[index % len(_TILTS)], noise=_NOISE, seed=index)
    started = time.perf_counter()
    try:
        scan = read_source(pdf)
    except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
        return {"txt": txt, "error": str(exc)}
    return {
        "txt": txt,
        "pdf": str(pdf),
        "text": scan.text,
        "reference": reference,
        "pages": scan.pages or 0,
        "ocr_seconds": sum(page.seconds for page in scan.ocr_pages),
        "read_seconds": time.perf_counter() - started,
        "source": scan,
    }


def _extract(source, nlp, errors: list[str]) -> dict:
    """The `cancu extract --json` record, or an error record (an extractor bug must not end the run)."""
    from ingest.extract.pipeline import extract_document, extraction_to_json
    from ingest.structure import parse_document

    try:
        return extraction_to_json(extract_document(parse_document(source), nlp))
    except Exception as exc:  # noqa: BLE001
        errors.append(f"{source.name}: trích xuất lỗi {type(exc).__name__}: {exc}")
        return {"source": source.name, "error": str(exc)}


def _text_run(files: list[Path], nlp) -> Run:
    from ingest.readers import read_source

    run = Run()
    for file in files:
        run.records.append(_extract(read_source(file), nlp, run.errors))
    return run


def _scan_run(files: list[Path], dpi: int, nlp, jobs: int, folder: Path) -> Run:
    from rapidfuzz.distance import Levenshtein

    run = Run()
    work = [(str(file), dpi, index, str(folder)) for index, file in enumerate(files)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for result in pool.map(_read_scan, work):
            name = Path(result["txt"]).name
            if "error" in result:
                run.errors.append(f"{name}: {result['error']}")
                run.records.append({"source": name, "error": result["error"]})
                continue
            reference, text = _flat(result["reference"]), _flat(result["text"])
            run.cer.append((Levenshtein.distance(reference, text), len(reference)))
            run.pages += result["pages"]
            run.ocr_seconds += result["ocr_seconds"]
            run.read_seconds += result["read_seconds"]
            run.records.append(_extract(result["source"], nlp, run.errors))
            print(f"  {dpi} dpi {name}: {result['pages']} trang, CER {run.cer[-1][0] / max(run.cer[-1][1], 1):.3f}, "
                  f"{result['read_seconds']:.0f} s", flush=True)
    return run


def _subset_gold(gold: Path, stems: set[str], folder: Path) -> Path:
    """A copy of the gold holding only the documents run, so missing ones do not count as misses."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in gold.glob("*.jsonl"):
        rows = [line for line in file.read_text(encoding="utf-8").splitlines()
                if line.strip() and json.loads(line).get("doc") in stems]
        (folder / file.name).write_text("\n".join(rows) + ("\n" if rows else ""), encoding="utf-8")
    return folder


def _figures(scorer, run: Run, gold: Path) -> dict:
    scores = scorer.score_extraction(run.records, gold)
    refs = scores["references"]
    edits = sum(e for e, _ in run.cer)
    length = sum(n for _, n in run.cer)
    return {
        "cer": round(edits / length, 4) if length else None,
        "ref_p": refs["precision"], "ref_r": refs["recall"], "ref_f1": refs["f1"],
        "meta": scores["document_metadata_accuracy"],
        "pages": run.pages,
        "s_per_page": round(run.ocr_seconds / run.pages, 2) if run.pages else None,
        "pages_per_min": round(60 * run.pages / run.read_seconds, 1) if run.read_seconds else None,
        "errors": run.errors,
    }


def _pick(files: list[Path], docs: str | None) -> list[Path]:
    if not docs:
        return files
    if docs.isdigit():
        return files[: int(docs)]
    wanted = {name.strip() for name in docs.split(",")}
    return [file for file in files if file.stem in wanted]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", help="a number (the first N of each set) or comma-separated file stems")
    parser.add_argument("--dpi", type=int, nargs="+", default=[300, 200])
    parser.add_argument("--sets", nargs="+", choices=sorted(SETS), default=sorted(SETS))
    parser.add_argument("--jobs", type=int, default=1, help="documents read at once (each OCR uses one core)")
    parser.add_argument("--keep", type=Path, help="keep the rendered PDFs in this folder")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object at the end")
    args = parser.parse_args()

    from ingest.extract.pipeline import build_nlp
    from ingest.readers.ocr import engine

    scorer = load_scorer()
    nlp = build_nlp()
    print(f"OCR: {engine()}; scans: A4, 13 pt, tilt ±0.4–0.6°, noise {_NOISE:.1%}")
    work = Path(tempfile.mkdtemp(prefix="cancu-bench-ocr-"))
    results: dict[str, dict] = {}
    try:
        for name in args.sets:
            corpus, gold = SETS[name]
            files = _pick(sorted(corpus.glob("*.txt")), args.docs)
            if not files:
                continue
            gold = _subset_gold(gold, {f.stem for f in files}, work / "gold" / name)
            results[f"{name}/text"] = _figures(scorer, _text_run(files, nlp), gold)
            for dpi in args.dpi:
                folder = (args.keep or work) / f"{name}-{dpi}"
                folder.mkdir(parents=True, exist_ok=True)
                results[f"{name}/{dpi}dpi"] = _figures(scorer, _scan_run(files, dpi, nlp, args.jobs, folder), gold)
            results[f"{name}/text"]["documents"] = len(files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _print(results)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))


def _ratio(value, base) -> str:
    return f"{value / base:.2f}" if value is not None and base else "-"


def _print(results: dict[str, dict]) -> None:
    print()
    print(f"{'set/version':<16}{'CER':>7}{'ref P':>7}{'ref R':>7}{'ref F1':>7}{'meta':>7}{'R/text':>8}"
          f"{'meta/text':>10}{'pages':>7}{'s/page':>8}{'pages/min':>10}")
    for key, row in results.items():
        base = results[key.split("/")[0] + "/text"]
        cer = "-" if row["cer"] is None else f"{row['cer']:.3f}"
        print(f"{key:<16}{cer:>7}{row['ref_p']:>7.3f}{row['ref_r']:>7.3f}{row['ref_f1']:>7.3f}"
              f"{(row['meta'] or 0):>7.3f}{_ratio(row['ref_r'], base['ref_r']):>8}{_ratio(row['meta'], base['meta']):>10}"
              f"{row['pages'] or '-':>7}{row['s_per_page'] or '-':>8}{row['pages_per_min'] or '-':>10}")
        for error in row["errors"]:
            print(f"    lỗi: {error}")


if __name__ == "__main__":
    main()
