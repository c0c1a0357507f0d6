#!/usr/bin/env python3
"""Answers on the dev questions, scored by the project's own scorer (`score.py basis` / `responsible`).

    .venv/bin/python benchmarks/eval_answers.py --data-dir /tmp/ansdata                # e5 build
    .venv/bin/python benchmarks/eval_answers.py --data-dir /tmp/ansdata_h --encoder hashing
    .venv/bin/python benchmarks/eval_answers.py --data-dir /tmp/new --ingest          # build first

For each kind (`governing` -> `api.answers.governing`, `responsibility` -> `api.answers.responsible`)
it answers every dev question as written, then again typed without diacritics (the scorer matches
questions accent-free, so both variants are scored against the same gold), and prints hit@1/3/5, MRR
and the time per question. The scorer's functions are imported from its path, so the numbers are the
scorer's. Gold data is read here to measure, never by `api/`.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api import answers as A
from api.service import Service
from api.settings import Settings
from benchmarks.scorer import load_scorer
from ingest.text import fold

KINDS = {"governing": (A.governing, A.basis_to_eval), "responsibility": (A.responsible, A.responsible_to_eval)}




def run(service: Service, scorer: ModuleType, gold: Path, kind: str, folded: bool) -> dict:
    answer, to_eval = KINDS[kind]
    questions = scorer.gold_questions(gold, kind)
    rows = []
    started = time.perf_counter()
    for q in questions:
        text = fold(q["question"]) if folded else q["question"]
        rows.append(to_eval(answer(service, text)))
    seconds = time.perf_counter() - started
    result = scorer.score_answers(rows, gold, kind)
    result["ms_per_question"] = round(1000 * seconds / max(1, len(questions)), 1)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True, help="data folder built by `cancu ingest`")
    ap.add_argument("--encoder", default="e5", help="encoder the folder was built with (e5, hashing)")
    ap.add_argument("--ingest", action="store_true", help="ingest corpus/ into the folder first")
    ap.add_argument("--eval", type=Path, default=Path("/work/shared/eval"), help="folder with score.py and gold/")
    args = ap.parse_args()

    settings = Settings.load({"data_dir": args.data_dir, "encoder": args.encoder})
    if args.ingest:
        from api.workspace import Workspace

        Workspace(settings).ingest([ROOT / "corpus"])
    scorer = load_scorer(args.eval / "score.py")
    service = Service(settings)
    A.knowledge(service)  # build the tables before timing
    print(f"{'kind':<16}{'typed':<12}{'n':>3}{'hit@1':>8}{'hit@3':>8}{'hit@5':>8}{'mrr@5':>8}{'ms/q':>8}")
    for kind in KINDS:
        for folded in (False, True):
            r = run(service, scorer, args.eval / "gold", kind, folded)
            print(f"{kind:<16}{'no accents' if folded else 'as written':<12}{r['questions']:>3}{r['hit@1']:>8}"
                  f"{r['hit@3']:>8}{r['hit@5']:>8}{r['mrr@5']:>8}{r['ms_per_question']:>8}")
    service.close()


if __name__ == "__main__":
    main()
