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
