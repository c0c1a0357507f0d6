"""Subcommands over the built store (status; search, SPARQL and answers are added by their modules)."""
from __future__ import annotations

import argparse

from rich.console import Console

from api.cli import command
from api.settings import Settings


def _no_args(p: argparse.ArgumentParser) -> None:
    return None


@command("status", "cho biết bản dựng đang phục vụ và số văn bản")(_no_args)
def cmd_status(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from api.workspace import Workspace

    build = Workspace(settings, stages=[]).current()
    if build is None:
        console.print(f"chưa có dữ liệu trong {settings.data_dir}; chạy: cancu ingest {settings.corpus_dir}")
        return 1
    console.print(f"bản dựng {build.id}: {len(build.doc_ids)} văn bản")
    for doc_id in build.doc_ids:
        meta = build.manifest["documents"][doc_id]
        console.print(f"  {doc_id}  {meta.get('symbol') or '(không số)'}  {meta.get('title') or ''}")
    return 0


def _serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
    p.add_argument("--port", type=int, help="cổng (mặc định 8000)")
    p.add_argument("--get", metavar="ĐƯỜNG_DẪN", help="chạy một yêu cầu GET trong tiến trình rồi thoát (mã 0 chỉ khi HTTP 200)")


@command("serve", "chạy máy chủ HTTP (tự nạp thư mục corpus ở lần chạy đầu)")(_serve_args)
def cmd_serve(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from api.app import create_app
    from api.cli import _Bar
    from api.service import Service

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    settings = settings.with_values(**overrides) if overrides else settings
    service = Service(settings)
    with _Bar(console) as bar:
        if service.workspace.current() is None:
            console.print(f"lần chạy đầu: nạp {settings.corpus_dir} ...")
        service.ensure_data(progress=bar)
    app = create_app(settings, service=service)
    if args.get:
        from fastapi.testclient import TestClient

        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get(args.get)
        console.print(response.text, markup=False, highlight=False, soft_wrap=True)
        return 0 if response.status_code == 200 else 1
    import uvicorn

    console.print(f"Căn cứ đang phục vụ tại http://{settings.host}:{settings.port}/")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    return 0


def _search_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="?", help="câu hỏi hoặc từ khóa")
    p.add_argument("--top", type=int, default=10, help="số kết quả (mặc định 10)")
    p.add_argument("--queries", metavar="TỆP", help="tệp câu hỏi, mỗi dòng một câu")
    p.add_argument("--json", action="store_true", help="in JSON Lines theo định dạng của shared/eval/README.md")
    p.add_argument("--mode", choices=["hybrid", "dense", "lexical"], help="cách xếp hạng")
    for name in ("doc_id", "issuer", "year", "locality", "agency", "commune", "programme"):
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"lọc theo {name}")


def read_queries(args: argparse.Namespace) -> list[str]:
    from ingest.errors import BadRequest

    if args.queries:
        with open(args.queries, encoding="utf-8") as fh:
            return [line.strip() for line in fh if line.strip()]
    if not args.query:
        raise BadRequest("cần một câu hỏi hoặc --queries TỆP")
    return [args.query]


@command("search", "tìm đoạn văn bản phù hợp với câu hỏi")(_search_args)
def cmd_search(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    import json
    import sys

    from api.service import Service, open_index
    from search.render import format_hits, hits_to_eval_json

    service = Service(settings)
    index = open_index(service)
    filters = {k: getattr(args, k) for k in ("doc_id", "issuer", "year", "locality", "agency", "commune", "programme")
               if getattr(args, k)}
    if "year" in filters:
        filters["year"] = int(filters["year"])
    for query in read_queries(args):
        hits = index.search(query, top_k=args.top, filters=filters or None, mode=args.mode)
        if args.json:
            sys.stdout.write(json.dumps(hits_to_eval_json(query, hits), ensure_ascii=False) + "\n")
        else:
            console.print(f"[bold]{query}[/bold]")
            console.print(format_hits(hits) if hits else "  (không có kết quả)")
    return 0
