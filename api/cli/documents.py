"""Document commands: `cancu ingest`, `cancu show`, `cancu extract`, `cancu status`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from api.cli.common import Bar, CliCommand, write_json
from api.settings import Settings
from ingest.errors import CancuError


def _ingest_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", help="tệp hoặc thư mục (.txt, .md, .html, .docx, .doc, .rtf, .pdf, ảnh quét .png/.jpg/.tif)")
    p.add_argument("--replace", action="store_true", help="xóa khỏi kho các văn bản không có trong danh sách nạp")


def cmd_ingest(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    """Exit 0 when every file is in, 1 when any failed (each failure is one line: file, stage, reason)."""
    from api.workspace import Workspace

    with Bar(console) as bar:
        report = Workspace(settings).ingest(args.paths, progress=bar, replace_all=args.replace)
    table = Table(title=f"Kết quả nạp (bản dựng {report.build or 'chưa có'}, {report.seconds:.1f} giây)")
    for col in ("tệp", "mã văn bản", "trạng thái", "mục", "đoạn", "dữ kiện"):
        table.add_column(col, overflow="fold")
    labels = {"new": "mới", "changed": "thay thế", "unchanged": "không đổi", "error": "lỗi", "removed": "đã xóa"}
    for r in report.results:
        table.add_row(r.name, r.doc_id or "", labels.get(r.status, r.status), str(r.sections), str(r.clauses),
                      str(r.facts))
    console.print(table)
    for r in report.results:
        if r.note:
            console.print(f"chú ý: {r.name}: {r.note}", markup=False, highlight=False)
    for r in report.errors:
        console.print(f"lỗi: {r.line()}", markup=False, highlight=False, soft_wrap=True)
    ok = sum(r.status in ("new", "changed", "unchanged") for r in report.results)
    console.print(f"{ok} văn bản đã nạp, {len(report.errors)} lỗi.")
    return 1 if report.errors else 0


def _show_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="tệp văn bản")


def cmd_show(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from api.outline import render_outline
    from ingest.readers import read_source
    from ingest.structure import parse_document

    source = read_source(args.file, max_bytes=int(settings.max_file_mb * 1024 * 1024), limits=settings.read_limits())
    console.print(render_outline(parse_document(source)), markup=False, highlight=False)
    return 0


def _extract_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", help="tệp văn bản")
    p.add_argument("--json", action="store_true", help="in JSON Lines theo định dạng của shared/eval/README.md")


def cmd_extract(args: argparse.Namespace, settings: Settings, console: Console) -> int:
    from api.workspace import expand_paths, read_and_extract
    from ingest.extract.pipeline import build_nlp, extraction_to_json

    nlp = build_nlp()
    max_bytes = int(settings.max_file_mb * 1024 * 1024)
    failures = 0
    for path in expand_paths(args.files):
        try:
            record = extraction_to_json(read_and_extract(path, max_bytes=max_bytes, nlp=nlp,
                                                                limits=settings.read_limits()))
        except CancuError as exc:
            failures += 1
            record = {"source": path.name, "error": str(exc)}
            if not args.json:
                console.print(f"[red]lỗi:[/red] {exc}")
                continue
        if args.json:
            write_json(record)
        else:
            _print_extraction(console, record)
    sys.stdout.flush()
    return 1 if failures and failures == len(args.files) else 0


def _print_extraction(console: Console, record: dict) -> None:
    d = record["document"]
    console.print(f"[bold]{record['source']}[/bold]: {d.get('type') or '?'} {d.get('symbol') or '(không số)'} "
                  f"{d.get('date') or ''} — {d.get('issuer') or '?'}")
    from ingest.facts import FACTS

    for kind in FACTS:
        console.print(f"  {kind.label}: {len(record[kind.name])}")


def _no_args(p: argparse.ArgumentParser) -> None:
    return None


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


COMMANDS = [
    CliCommand("ingest", "nạp văn bản vào đồ thị và chỉ mục (tệp hỏng được báo và bỏ qua)", _ingest_args, cmd_ingest),
    CliCommand("show", "in dàn ý của một văn bản cùng mã các đoạn", _show_args, cmd_show),
    CliCommand("extract", "trích xuất dữ kiện từ văn bản (không cần kho)", _extract_args, cmd_extract),
    CliCommand("status", "cho biết bản dựng đang phục vụ và số văn bản", _no_args, cmd_status),
]
