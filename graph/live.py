"""The one writable copy of the graph, and the read-only snapshots each build serves.

Publishing used to copy the whole Oxigraph store into every build (1 GB after 108 documents, 685 MB of
it write-ahead logs, and 5-6 s for a one-line upload). Now ingest writes only into `data/graph-live`,
and each build gets a RocksDB checkpoint of it: the memtable is flushed to a table file, and the
immutable table files are hard-linked, not copied, so a snapshot costs a flush and a few links, and
every build shares the files it has in common with the others. Pruning a build drops its links.

The live store must always equal the graph of the build being served before it is changed. A marker
beside it (`graph-live.json`) names the snapshot it last produced; the build's manifest names the
snapshot it serves. When they differ (an ingest failed or was killed after changing the live store,
or the data folder is new or older than this layout), the live store is thrown away and restored
from the served build's snapshot, again by hard links.
"""
from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

from graph.store import OxigraphStore

MARKER = "graph-live.json"


class LiveGraph:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.marker = self.folder.parent / MARKER

    def _token(self) -> str | None:
        try:
            return json.loads(self.marker.read_text(encoding="utf-8")).get("snapshot")
        except (OSError, ValueError):
            return None

    def _write_token(self, token: str | None) -> None:
        tmp = self.marker.with_name(f".{MARKER}.{uuid.uuid4().hex[:6]}")
        tmp.write_text(json.dumps({"snapshot": token}), encoding="utf-8")
        os.replace(tmp, self.marker)

    def open(self, served: Path | None, served_token: str | None) -> tuple[OxigraphStore, bool]:
        """The live store, equal to the served snapshot `served` (whose token is `served_token`), opened
        for writing; True when it starts empty (nothing served yet, every document must be loaded)."""
        in_sync = served is not None and served_token is not None and self._token() == served_token \
            and self.folder.exists()
        self._write_token(None)  # from here until `snapshot`, the live store may differ from any build
        if in_sync:
            return OxigraphStore(self.folder, timeout=None), False
        shutil.rmtree(self.folder, ignore_errors=True)
        if served is None or not served.exists():
            return OxigraphStore(self.folder, timeout=None), True
        source = OxigraphStore(served, read_only=True, timeout=None)
        try:
            source.backup(self.folder)  # hard links again; any older copied store works too
        finally:
            source.close()
        return OxigraphStore(self.folder, timeout=None), False

    @staticmethod
    def compact(store: OxigraphStore) -> float:
        """Merge the store's table files (RocksDB compaction); returns the seconds it took. The bulk loader
        writes each batch of documents as table files of their own; at 1,000 documents reading one
        document's statements took 2.7x longer before compaction than after (56 ms vs 21 ms of CPU), and
        an answer reads several (docs/scale.md). 15 s at 1,000 documents; the store grows on disk (550 ->
        922 MB there)."""
        import time

        started = time.perf_counter()
        store.compact()
        return round(time.perf_counter() - started, 3)

    def snapshot(self, store: OxigraphStore, target: Path) -> str:
        """Checkpoint the live store into `target` (hard links) and name it; returns the token that the
        build's manifest records."""
        store.backup(target)
        token = uuid.uuid4().hex
        self._write_token(token)
        return token
