"""`cancu sparql` and `cancu export`: the graph of the current build from the command line, no server needed.

Both open the same read-only store the HTTP endpoint opens (`open_graph`), with the same time limit
and result cap, and write with the same serialisers (`graph.sparql`), so the CLI and the endpoint
answer a query identically.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from api.cli.common import CliCommand
from api.settings import Settings
from ingest.errors import BadRequest

QUERY_FORMATS = ("table", "json", "csv", "tsv", "xml", "turtle", "ntriples", "jsonld")
EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")


def read_query_argument(text: str) -> str:
    """A query given inline, as `@file.rq`, or `-` for standard input."""
    if text == "-":
        return sys.stdin.read()
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BadRequest(f"không tìm thấy tệp truy vấn {path}") from None
        except UnicodeDecodeError:
            raise BadRequest(f"tệp truy vấn {path} không phải UTF-8") from None
    return text


def default_format(form: str) -> str:
    return "turtle" if form in ("construct", "describe") else "table"


def _sparql_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", help="truy vấn SPARQL, @tệp.rq, hoặc - để đọc từ đầu vào chuẩn")
    p.add_argument("--format", "-f", choices=QUERY_FORMATS,
                   help="định dạng kết quả (mặc định: table cho SELECT/ASK, turtle cho CONSTRUCT/DESCRIBE)")


def cmd_sparql(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from api.service import Service, open_graph
    from graph.querykind import query_form
    from graph.sparql import normalise_format, serialize_result

    query = read_query_argument(args.query)
    form = query_form(query)  # refuses an update before the store is opened
    fmt = normalise_format(args.format or default_format(form), form)
    store = open_graph(Service(settings))
    result = store.query(query, timeout=settings.sparql_timeout, max_rows=settings.sparql_max_results)
    sys.stdout.write(serialize_result(result, fmt))
    sys.stdout.flush()
    if result.truncated:
        Console(stderr=True).print(f"chú ý: kết quả đã bị cắt ở {settings.sparql_max_results} dòng "
                                   "(thiết lập sparql_max_results)", markup=False, highlight=False)
    return 0


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", "-f", choices=EXPORT_FORMATS, default="ttl",
                   help="ttl, nt: đồ thị hợp nhất; nq, trig, jsonld: mỗi văn bản một đồ thị có tên (mặc định ttl)")
    p.add_argument("-o", "--output", metavar="TỆP", help="ghi ra tệp thay vì đầu ra chuẩn")


def cmd_export(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from api.service import Service, open_graph
    from graph.sparql import export

    store = open_graph(Service(settings))
    if args.output:
        export(store, args.format, Path(args.output))
        size = Path(args.output).stat().st_size
        Console(stderr=True).print(f"đã ghi {size:,} byte vào {args.output}", markup=False, highlight=False)
    else:
        sys.stdout.buffer.write(export(store, args.format) or b"")
        sys.stdout.flush()
    return 0


COMMANDS = [
    CliCommand("sparql", "chạy một truy vấn SPARQL (chỉ đọc) trên bản dựng hiện tại", _sparql_args, cmd_sparql),
    CliCommand("export", "xuất toàn bộ đồ thị của bản dựng hiện tại", _export_args, cmd_export),
]
