"""What every `cancu` subcommand shares: the command record, the progress display and JSON Lines output.

A subcommand is a `CliCommand` (name, help, how to add its arguments, what to run). Each module of this
package lists its own in `COMMANDS`; `api.cli` puts the lists together, so nothing registers itself on
import and no module of the package imports another in a loop.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.settings import Settings
from ingest.errors import BadRequest

Run = Callable[[argparse.Namespace, Settings, Console], int]


@dataclass(frozen=True)
class CliCommand:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Run


ROLE_LABELS = {"lead": "chủ trì", "cooperate": "phối hợp", "in_charge_commune": "phụ trách xã",
               "co_in_charge_commune": "đồng phụ trách xã", "report_to": "nhận báo cáo"}


class Bar:
    """A rich progress bar driven by (stage, done, total) callbacks; silent when not a terminal."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True,
                                 disable=not console.is_terminal)
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> Bar:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


def write_json(record: dict) -> None:
    """One JSON Lines record on standard output (the format `shared/eval/score.py` reads)."""
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def short(text: str | None, width: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def read_queries(args: argparse.Namespace) -> list[str]:
    """The question given on the command line, or one question per line of `--queries FILE`."""
    if args.queries:
        with open(args.queries, encoding="utf-8") as fh:
            return [line.strip() for line in fh if line.strip()]
    if not args.query:
        raise BadRequest("cần một câu hỏi hoặc --queries TỆP")
    return [args.query]
