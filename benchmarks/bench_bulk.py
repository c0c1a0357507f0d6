"""Document identity on real pasted web pages: every page of `shared/corpus-real/bulk` is read, parsed
and extracted, and the header fields are counted.

    python benchmarks/bench_bulk.py                 # bulk pages + gold-real + sample gold figures
    python benchmarks/bench_bulk.py --no-extract    # parse only (faster)
    python benchmarks/bench_bulk.py --show-misses   # list every miss with its cause

Prints: failures (a page that raised, with the stage), the share of pages with a symbol, a date, an
issuer and a type, and the misses grouped by cause. The bulk pages have no gold; the figures count a
field as right where it is found, or where it is missing on a page whose text does not state it (the
pages the bulk README lists). As a check on correctness, not only presence, the site's metadata box
("Số hiệu:", "Ngày ban hành:", ...) that 242 pages carry is compared with what the parser read from the
document's own header; the product never reads that box. Then the `document_metadata_accuracy` and
the reference field figures against `shared/eval/gold-real` and the sample gold, scored by
`shared/eval/score.py`.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import traceback
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scorer import load_scorer  # noqa: E402
from ingest.readers import read_source  # noqa: E402
from ingest.structure import parse_document  # noqa: E402
from ingest.text import fold  # noqa: E402

SHARED = ROOT.parent / "shared"
BULK = SHARED / "corpus-real" / "bulk"
FIELDS = ("symbol", "date", "issuer", "type")

# What the bulk README says the texts do not state (a missing value there is the right answer).
NOT_STATED = {
    "date": {"b004", "b066", "b118", "b119", "b120", "b185", "b249", "b260", "b304", "b335", "b400"},
    "issuer": {"b120"},
}

_BOX = re.compile(r"^(Số hiệu|Loại văn bản|Nơi ban hành|Ngày ban hành):\s*\n+\s*(.+)$", re.MULTILINE)


def metadata_box(text: str) -> dict[str, str]:
    """The site's metadata box, for checking only: {"symbol", "type", "issuer", "date"} as the site wrote them."""
    names = {"Số hiệu": "symbol", "Loại văn bản": "type", "Nơi ban hành": "issuer", "Ngày ban hành": "date"}
    out: dict[str, str] = {}
    for m in _BOX.finditer(text[:6000]):
        out.setdefault(names[m.group(1)], m.group(2).strip())
    return out


def _agrees(field: str, ours: str | None, box: str) -> bool:
    if not ours:
        return False
    if field == "symbol":
        return re.sub(r"\s+", "", fold(ours)) == re.sub(r"\s+", "", fold(box))
    if field == "date":
        m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", box)
        return bool(m) and ours == f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    if field == "type":
        return fold(ours) == fold(box) or box in ("Văn bản khác", "Văn bản hợp nhất")
    # the box names the province only ("Tỉnh Hà Tĩnh") or the body ("Cục Thuế", "Bộ Tài chính")
    place = re.sub(r"^(tinh|thanh pho)\s+", "", fold(box))
    return place in fold(ours)


def _miss_cause(field: str, doc, text: str) -> str:
    """Why a field is missing, from what the page shows (a rough diagnosis for the report)."""
    head = text[:8000]
    if field == "symbol":
        return "no 'Số' cell in the text" if not re.search(r"\bS[ốỐ]\s*:?\s*\d", head) else "symbol cell not read"
    if field == "date":
        if not re.search(r"ngày\s*\d{1,2}\s*tháng\s*\d{1,2}\s*năm\s*\d{4}", text, re.IGNORECASE):
            return "no written date in the text"
        return "date stated but not read"
    if field == "issuer":
        return "issuer cell not read" if doc.header.symbol else "issuer and symbol not read"
    return "no type word and no type code" if doc.header.symbol else "type not read (no symbol either)"


def bench_bulk(extract: bool, show_misses: bool) -> int:
    files = sorted(BULK.glob("b*.txt"))
    if not files:
        print(f"no bulk pages under {BULK}")
        return 1
    nlp = None
    if extract:
        from ingest.extract.pipeline import build_nlp, extract_document

        nlp = build_nlp()
    failures: list[tuple[str, str, str]] = []
    found = Counter()
    right = Counter()
    causes: dict[str, Counter] = defaultdict(Counter)
    misses: dict[str, list[str]] = defaultdict(list)
    box_total = Counter()
    box_agree = Counter()
    box_disagree: dict[str, list[str]] = defaultdict(list)
    started = time.perf_counter()
    parsed = 0
    for path in files:
        page = path.name[:4]
        stage = "read"
        try:
            source = read_source(path)
            stage = "parse"
            doc = parse_document(source)
            if nlp is not None:
                stage = "extract"
                extract_document(doc, nlp)
        except Exception as exc:  # the benchmark counts failures instead of stopping
            failures.append((path.name, stage, f"{type(exc).__name__}: {exc}"))
            if show_misses:
                traceback.print_exc()
            continue
        parsed += 1
        h = doc.header
        values = {"symbol": h.symbol, "date": h.date, "issuer": h.issuer, "type": h.doc_type}
        box = metadata_box(source.text)
        for field in FIELDS:
            if values[field]:
                found[field] += 1
                right[field] += 1
            elif page in NOT_STATED.get(field, ()):
                right[field] += 1
            else:
                cause = _miss_cause(field, doc, source.text)
                causes[field][cause] += 1
                misses[field].append(f"{page} ({cause})")
            if field in box:
                box_total[field] += 1
                if _agrees(field, values[field], box[field]):
                    box_agree[field] += 1
                else:
                    box_disagree[field].append(f"{page}: {values[field]!r} vs box {box[field]!r}")
    elapsed = time.perf_counter() - started
    what = "read + parse + extract" if extract else "read + parse"
    print(f"bulk: {len(files)} pages, {what} in {elapsed:.1f} s")
    print(f"  failures: {len(failures)}")
    for name, stage, reason in failures:
        print(f"    {name} [{stage}] {reason[:160]}")
    n = len(files)
    for field in FIELDS:
        print(f"  {field:7s} found {found[field]:3d}/{n} ({found[field] / n:.1%}); right or rightly missing "
              f"{right[field]:3d}/{n} ({right[field] / n:.1%})")
    for field in FIELDS:
        if causes[field]:
            print(f"  misses of {field}: " + "; ".join(f"{c}: {k}" for c, k in causes[field].most_common()))
            if show_misses:
                print("    " + ", ".join(misses[field]))
    print("  agreement with the site's metadata box (pages that carry one):")
    for field in FIELDS:
        if box_total[field]:
            print(f"    {field:7s} {box_agree[field]:3d}/{box_total[field]} ({box_agree[field] / box_total[field]:.1%})")
            if show_misses:
                for line in box_disagree[field]:
                    print(f"      {line}")
    return len(failures)


def bench_gold(corpus: Path, gold: Path, label: str) -> None:
    from ingest.extract.pipeline import build_nlp, extract_document, extraction_to_json

    scorer = load_scorer()
    nlp = build_nlp()
    rows = []
    for path in sorted(corpus.glob("*.txt")):
        try:
            rows.append(extraction_to_json(extract_document(parse_document(read_source(path)), nlp)))
        except Exception as exc:
            rows.append({"source": path.name, "error": f"{type(exc).__name__}: {exc}"})
    result = scorer.score_extraction(rows, gold)
    refs = result["references"]
    print(f"{label}: document_metadata_accuracy {result['document_metadata_accuracy']}; references "
          f"precision {refs['precision']} recall {refs['recall']}; fields {refs.get('field_accuracy')}; "
          f"missing {result['missing_documents']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-extract", action="store_true", help="parse only, no extraction")
    ap.add_argument("--no-gold", action="store_true", help="skip the gold-real and sample gold figures")
    ap.add_argument("--show-misses", action="store_true", help="list every miss and disagreement")
    args = ap.parse_args()
    failures = bench_bulk(extract=not args.no_extract, show_misses=args.show_misses)
    if not args.no_gold:
        bench_gold(SHARED / "corpus-real", SHARED / "eval" / "gold-real", "gold-real")
        bench_gold(SHARED / "corpus", SHARED / "eval" / "gold", "sample gold")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
