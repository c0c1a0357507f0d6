"""`cancu`: one command line with subcommands. The CLI only turns flags into settings and calls the
same functions the HTTP API calls; every failure is one readable line and exit code 1, never a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.settings import Settings, settings_help
from ingest.errors import CancuError

Command = Callable[[argparse.Namespace, Settings, Console], int]
_COMMANDS: dict[str, tuple[Command, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help: str):
    """Register a subcommand: `configure` adds its arguments, the decorated function runs it."""

    def wrap(configure: Callable[[argparse.ArgumentParser], None]):
        def attach(run: Command) -> Command:
            _COMMANDS[name] = (run, configure, help)
            return run

        return attach

    return wrap


# ---------------------------------------------------------------- progress

class _Bar:
    """A rich progress bar driven by (stage, done, total) callbacks; silent when not a terminal."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True,
                                 disable=not console.is_terminal)
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> _Bar:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


# ---------------------------------------------------------------- ingest / show / extract

def _ingest_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="tệp hoặc thư mục (.txt, .docx, .pdf, .md, .html)")
    p.add_argument("--replace", action="store_true", help="xóa khỏi kho các văn bản không có trong danh sách nạp")


@command("ingest", "nạp văn bản vào đồ thị và chỉ mục (tệp hỏng được báo và bỏ qua)")(_ingest_args)
def cmd_ingest(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from api.workspace import Workspace

    with _Bar(console) as bar:
        report = Workspace(settings).ingest(args.paths, progress=bar, replace_all=args.replace)
    table = Table(title=f"Kết quả nạp (bản dựng {report.build}, {report.seconds:.1f} giây)")
    for col in ("tệp", "mã văn bản", "trạng thái", "mục", "đoạn", "dữ kiện", "lỗi"):
        table.add_column(col, overflow="fold")
    labels = {"new": "mới", "changed": "thay thế", "unchanged": "không đổi", "error": "lỗi", "removed": "đã xóa"}
    for r in report.results:
        table.add_row(Path(r.path).name, r.doc_id or "", labels.get(r.status, r.status),
                      str(r.sections), str(r.clauses), str(r.facts), r.error or "")
    console.print(table)
    ok = sum(r.status in ("new", "changed", "unchanged") for r in report.results)
    console.print(f"{ok} văn bản đã nạp, {len(report.errors)} lỗi.")
    return 0 if ok or not report.results else 1


def _show_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="tệp văn bản")


@command("show", "in dàn ý của một văn bản cùng mã các đoạn")(_show_args)
def cmd_show(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from api.outline import render_outline
    from ingest.readers import read_source
    from ingest.structure import parse_document

    source = read_source(args.file, max_bytes=int(settings.max_file_mb * 1024 * 1024))
    console.print(render_outline(parse_document(source)), markup=False, highlight=False)
    return 0


def _extract_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", help="tệp văn bản")
    p.add_argument("--json", action="store_true", help="in JSON Lines theo định dạng của shared/eval/README.md")


@command("extract", "trích xuất dữ kiện từ văn bản (không cần kho)")(_extract_args)
def cmd_extract(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from api.workspace import expand_paths, read_and_extract
    from ingest.extract.pipeline import build_nlp, extraction_to_json

    nlp = build_nlp()
    max_bytes = int(settings.max_file_mb * 1024 * 1024)
    failures = 0
    for path in expand_paths(args.files):
        try:
            record = extraction_to_json(read_and_extract(path, max_bytes=max_bytes, nlp=nlp))
        except CancuError as exc:
            failures += 1
            record = {"source": path.name, "error": str(exc)}
            if not args.json:
                console.print(f"[red]lỗi:[/red] {exc}")
                continue
        if args.json:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            _print_extraction(console, record)
    return 1 if failures and failures == len(args.files) else 0


def _print_extraction(console: Console, record: dict) -> None:
    d = record["document"]
    console.print(f"[bold]{record['source']}[/bold]: {d.get('type') or '?'} {d.get('symbol') or '(không số)'} "
                  f"{d.get('date') or ''} — {d.get('issuer') or '?'}")
    for key, label in (("references", "căn cứ/trích dẫn"), ("assignments", "phân công"), ("places", "địa danh"),
                       ("targets", "chỉ tiêu"), ("budgets", "kinh phí")):
        console.print(f"  {label}: {len(record[key])}")


# ---------------------------------------------------------------- entry point

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cancu", description="Căn cứ: đồ thị tri thức và tìm kiếm trên văn bản chính sách")
    parser.add_argument("-s", "--setting", nargs=2, action="append", metavar=("TÊN", "GIÁ_TRỊ"), default=[],
                        help="đặt một thiết lập (xem --help-settings)")
    parser.add_argument("--help-settings", action="store_true", help="liệt kê các thiết lập")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    for name, (_, configure, help_text) in _COMMANDS.items():
        configure(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def _load_commands() -> None:
    """Subcommands living in other modules register themselves on import."""
    import api.cli_answers
    import api.cli_graph
    import api.cli_more  # noqa: F401


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # `cancu ... | head`
        sys.stderr.close()
        return 0


def _main(argv: Sequence[str] | None) -> int:
    _load_commands()
    parser = build_parser()
    args = parser.parse_args(argv)
    console = Console(stderr=False, soft_wrap=True)
    err = Console(stderr=True)
    if args.help_settings:
        print(settings_help())
        return 0
    if not args.command:
        parser.print_help()
        return 2
    try:
        settings = Settings.load(dict(args.setting))
        run = _COMMANDS[args.command][0]
        return run(args, settings, console)
    except CancuError as exc:
        err.print(f"lỗi: {exc}", markup=False, highlight=False)
        return 1
    except KeyboardInterrupt:
        err.print("đã dừng; dữ liệu đang phục vụ không thay đổi")
        return 130
    except OSError as exc:
        err.print(f"lỗi: {exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}", markup=False, highlight=False)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
