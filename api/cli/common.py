"""What every `cancu` subcommand shares: the command record, the progress display and JSON Lines output.

A subcommand is a `CliCommand` (name, help, how to add its arguments, what to run). Each module of this
package lists its own in `COMMANDS`; `api.cli` puts the lists together, so nothing registers itself on
import and no module of the package imports another in a loop.
"""
from __future__ import annotations

import argparse
import json
import sys
import threading
import time
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


class LineProgress:
    """Progress for a log: one line when a stage ends (count, time, rate), and one every `every`
    seconds while a long stage runs (count, rate, time left). Safe to call from several threads."""

    def __init__(self, console: Console, *, every: float = 10.0, prefix: str = "") -> None:
        self.console = console
        self.every = every
        self.prefix = prefix
        self._stages: dict[str, tuple[float, int, float]] = {}  # stage → (started, done at start, last line)
        self._lock = threading.Lock()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        with self._lock:
            if (stage not in self._stages or self._stages[stage][0] < 0) and done < total:
                self._stages[stage] = (now, done, now)  # a stage seen again after it ended starts anew
                return
            started, first, last = self._stages.get(stage, (now, done, now))
            if started < 0:
                return
            elapsed = now - started
            rate = (done - first) / elapsed if elapsed > 0 else 0.0
            if done >= total:
                self._stages[stage] = (-1.0, done, now)
                if total == 0:
                    line = f"{stage}: không có gì cần làm"
                else:
                    line = f"{stage}: {done}/{total} xong trong {_num(elapsed)} giây"
                    if done > first and elapsed > 0:
                        line += f" ({_num(rate)}/giây)"
            elif now - last >= self.every:
                self._stages[stage] = (started, first, now)
                line = f"{stage}: {done}/{total} ({100 * done // max(total, 1)}%)"
                if rate > 0:
                    line += f", {_num(rate)}/giây, còn khoảng {_num((total - done) / rate, 0)} giây"
            else:
                return
        self.console.print(self.prefix + line, markup=False, highlight=False, soft_wrap=True)


class Bar:
    """Progress of (stage, done, total) callbacks: a rich progress bar on a terminal; log lines
    (`LineProgress`) when output goes to a file or a pipe, so a log shows what a long first run does."""

    def __init__(self, console: Console) -> None:
        self.live = console.is_terminal
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True, disable=not self.live)
        self.lines = None if self.live else LineProgress(console)
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> Bar:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.lines is not None:
            self.lines(stage, done, total)
            return
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


def _num(value: float, digits: int = 1) -> str:
    """A number the Vietnamese way: 1.234,5."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


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
