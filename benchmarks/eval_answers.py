#!/usr/bin/env python3
"""Answers and search on a gold question set, scored by the project's own scorer (`score.py`).

    .venv/bin/python benchmarks/eval_answers.py --data-dir /tmp/ansdata                # e5 build, dev questions
    .venv/bin/python benchmarks/eval_answers.py --data-dir /tmp/ansdata_h --encoder hashing
    .venv/bin/python benchmarks/eval_answers.py --data-dir /tmp/new --ingest          # build corpus/ first
    .venv/bin/python benchmarks/eval_answers.py --data-dir /tmp/real --gold ../shared/eval/gold-real --per-question

For each kind (`passage` -> the index's search, `governing` -> `answers.governing`, `responsibility` ->
`answers.responsible`, over the current build's read model and index, as the CLI and the server run them)
it answers every question as written, then (with `--folded`) again typed without diacritics (the scorer
matches questions accent-free, so both variants are scored against the same gold), and prints hit@1/3/5,
MRR and the time per question. `--per-question` prints each question's rank of the first right answer
and the top answers, to see what is missed. The scorer's functions are imported from its path, so the
numbers are the scorer's. Gold data is read here to measure, never by the product.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import answers as A  # noqa: E402
from api.service import Service, open_index, read_model  # noqa: E402
from api.settings import Settings  # noqa: E402
from benchmarks.scorer import load_scorer  # noqa: E402
from ingest.text import fold  # noqa: E402
from search.render import hits_to_eval_json  # noqa: E402

KINDS = ("passage", "governing", "responsibility")


def answer_row(kind: str, model, index, text: str) -> dict:
    if kind == "passage":
        return hits_to_eval_json(text, index.search(text, top_k=10))
    if kind == "governing":
        return A.basis_to_eval(A.governing(model, index, text))
    return A.responsible_to_eval(A.responsible(model, index, text))


def score(scorer: ModuleType, rows: list[dict], gold: Path, kind: str) -> dict:
    if kind == "passage":
        return scorer.score_search(rows, gold)
    return scorer.score_answers(rows, gold, kind)


def run(model, index, scorer: ModuleType, gold: Path, kind: str, folded: bool, per_question: bool) -> dict:
    questions = scorer.gold_questions(gold, kind)
    rows = []
    started = time.perf_counter()
    for q in questions:
        rows.append(answer_row(kind, model, index, fold(q["question"]) if folded else q["question"]))
    seconds = time.perf_counter() - started
    result = score(scorer, rows, gold, kind)
    result["ms_per_question"] = round(1000 * seconds / max(1, len(questions)), 1)
    if per_question:
        for q, row in zip(questions, rows):
            top = [r.get("symbol") or r.get("agency") or r.get("commune") or r.get("clause")
                   for r in (row.get("answers") or row.get("results") or [])[:3]]
            print(f"  {q['id']} {kind:<15} rank={_rank(scorer, row, q, kind)!s:<5} "
                  f"gold={q.get('answers', [])[:2]} top3={top}")
    return result


def _rank(scorer: ModuleType, row: dict, q: dict, kind: str) -> int | None:
    """The rank of one question's first right answer, from the scorer's MRR over a gold of that question."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "questions.jsonl").write_text(json.dumps(q, ensure_ascii=False) + "\n", encoding="utf-8")
        metrics = score(scorer, [row], Path(tmp), kind)
    mrr = metrics.get("mrr@10", metrics.get("mrr@5"))
    return round(1 / mrr) if mrr else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True, help="data folder built by `cancu ingest`")
    ap.add_argument("--encoder", default="e5", help="encoder the folder was built with (e5, hashing)")
    ap.add_argument("--ingest", action="store_true", help="ingest corpus/ into the folder first")
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval", help="folder with score.py")
    ap.add_argument("--gold", type=Path, help="gold folder (default: EVAL/gold, the dev questions)")
    ap.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    ap.add_argument("--folded", action="store_true", help="also ask every question without diacritics")
    ap.add_argument("--per-question", action="store_true", help="print each question's rank and top answers")
    args = ap.parse_args()

    settings = Settings.load({"data_dir": args.data_dir, "encoder": args.encoder})
    if args.ingest:
        from api.workspace import Workspace

        Workspace(settings).ingest([ROOT / "corpus"])
    scorer = load_scorer(args.eval / "score.py")
    gold = args.gold or args.eval / "gold"
    service = Service(settings)
    model, index = read_model(service), open_index(service)
    index.search("khởi động", top_k=1)  # load the encoder before timing
    print(f"{'kind':<16}{'typed':<12}{'n':>3}{'hit@1':>8}{'hit@3':>8}{'hit@5':>8}{'mrr':>8}{'ms/q':>8}")
    for kind in args.kinds:
        for folded in (False, True) if args.folded else (False,):
            r = run(model, index, scorer, gold, kind, folded, args.per_question)
            mrr = r.get("mrr@10", r.get("mrr@5"))
            print(f"{kind:<16}{'no accents' if folded else 'as written':<12}{r['questions']:>3}{r['hit@1']:>8}"
                  f"{r['hit@3']:>8}{r['hit@5']:>8}{mrr:>8}{r['ms_per_question']:>8}")
    service.close()


if __name__ == "__main__":
    main()
