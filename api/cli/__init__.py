"""`cancu`: one command line with subcommands. The CLI only turns flags into settings and calls the
same functions the HTTP API calls; every failure is one readable line and exit code 1, never a traceback.

The subcommands are listed explicitly below, one module per group (documents, serving, answers, graph);
`api.cli.common` holds what they share.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from rich.console import Console

from api.cli import answers, documents, graph, serve
from api.cli.common import CliCommand
from api.settings import Settings, settings_help
from ingest.errors import CancuError

COMMANDS: list[CliCommand] = [*documents.COMMANDS, *serve.COMMANDS, *answers.COMMANDS, *graph.COMMANDS]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cancu", description="Căn cứ: đồ thị tri thức và tìm kiếm trên văn bản chính sách")
    parser.add_argument("-s", "--setting", nargs=2, action="append", metavar=("TÊN", "GIÁ_TRỊ"), default=[],
                        help="đặt một thiết lập (xem --help-settings)")
    parser.add_argument("--help-settings", action="store_true", help="liệt kê các thiết lập")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    for cmd in COMMANDS:
        cmd.configure(sub.add_parser(cmd.name, help=cmd.help, description=cmd.help))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # `cancu ... | head`
        sys.stderr.close()
        return 0


def _main(argv: Sequence[str] | None) -> int:
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
        run = next(cmd.run for cmd in COMMANDS if cmd.name == args.command)
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
