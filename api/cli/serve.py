"""Serving commands: `cancu serve` (the HTTP server, or one in-process request) and `cancu search`."""
from __future__ import annotations

import argparse

from rich.console import Console

from api.cli.common import Bar, CliCommand, LineProgress, read_queries, write_json
from api.settings import Settings

SEARCH_FILTERS = ("doc_id", "issuer", "year", "locality", "agency", "commune", "programme")


def _serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
    p.add_argument("--port", type=int, help="cổng (mặc định 8000)")
    p.add_argument("--get", metavar="ĐƯỜNG_DẪN", help="chạy một yêu cầu GET trong tiến trình rồi thoát (mã 0 chỉ khi HTTP 200)")


def cmd_serve(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """Serve. On a new data folder the bundled corpus is ingested first with the semantic part of
    the index deferred: searches (by keyword) and SPARQL answer within seconds, and the vectors are
    computed in the background, then ranking switches to hybrid by itself. `--get` builds
    everything before its one request, so its answer is the complete one."""
    from api.app import create_app
    from api.service import Service

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    settings = settings.with_values(**overrides) if overrides else settings
    service = Service(settings)
    with Bar(console) as bar:
        if service.workspace.current() is None:
            console.print(f"lần chạy đầu: nạp {settings.corpus_dir} ...")
        service.ensure_data(progress=bar, defer_dense=not args.get)
    app = create_app(settings, service=service)
    if args.get:
        from fastapi.testclient import TestClient

        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get(args.get)
        console.print(response.text, markup=False, highlight=False, soft_wrap=True)
        return 0 if response.status_code == 200 else 1
    import uvicorn

    say = lambda message: console.print(message, markup=False, highlight=False)  # noqa: E731
    completer = service.complete_index_in_background(progress=LineProgress(console, every=15.0), log=say)
    if completer is not None:
        say("xếp hạng ngữ nghĩa đang được dựng trong nền; trong lúc chờ, tìm kiếm xếp theo từ khóa")
    console.print(f"Căn cứ đang phục vụ tại http://{settings.host}:{settings.port}/")
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    finally:
        if completer is not None:
            completer.stop()
    return 0


def _search_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="?", help="câu hỏi hoặc từ khóa")
    p.add_argument("--top", type=int, default=10, help="số kết quả (mặc định 10)")
    p.add_argument("--queries", metavar="TỆP", help="tệp câu hỏi, mỗi dòng một câu")
    p.add_argument("--json", action="store_true", help="in JSON Lines theo định dạng của shared/eval/README.md")
    p.add_argument("--mode", choices=["hybrid", "dense", "lexical"], help="cách xếp hạng")
    for name in SEARCH_FILTERS:
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"lọc theo {name}")


def cmd_search(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from answers.knowledge import mark_ocr
    from api.service import Service, open_index, read_model
    from search.render import format_hits, hits_to_eval_json

    service = Service(settings)
    index = open_index(service)
    model = read_model(service) if args.json else None
    filters = {k: getattr(args, k) for k in SEARCH_FILTERS if getattr(args, k)}
    if "year" in filters:
        filters["year"] = int(filters["year"])
    note = index.semantic_status()["note"]
    if note and not args.json:
        console.print(f"[yellow]{note}[/yellow]")
    for query in read_queries(args):
        hits = index.search(query, top_k=args.top, filters=filters or None, mode=args.mode)
        if args.json:
            out = hits_to_eval_json(query, hits)
            mark_ocr(out["results"], model)
            write_json(out)
        else:
            console.print(f"[bold]{query}[/bold]")
            console.print(format_hits(hits) if hits else "  (không có kết quả)")
    return 0


COMMANDS = [
    CliCommand("serve", "chạy máy chủ HTTP (tự nạp thư mục corpus ở lần chạy đầu)", _serve_args, cmd_serve),
    CliCommand("search", "tìm đoạn văn bản phù hợp với câu hỏi", _search_args, cmd_search),
]
