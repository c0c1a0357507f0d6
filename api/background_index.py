"""Finishing the served index's semantic part in the background, so a first start serves at once.

On a new data folder the server publishes its first build with the graph and the lexical index
only (`IndexStage(defer_dense=True)`): searches and SPARQL answer within seconds, the answers say
semantic ranking is still being built, and this thread computes the missing vectors (lower CPU
priority, all cores) then switches the index to hybrid ranking atomically (see
`search.index.complete_dense`). It also resumes a build left pending by a server that stopped.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from api.settings import Settings
from api.workspace import Workspace

Progress = Callable[[str, int, int], None]
BACKGROUND_NICE = 10  # requests come first; encoding uses what CPU is left
STAGE = "mã hóa đoạn văn (nền)"


class IndexCompleter:
    def __init__(self, settings: Settings, workspace: Workspace, *, progress: Progress | None = None,
                 log: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        self.workspace = workspace
        self.progress = progress
        self.log = log or (lambda _message: None)
        self.error: str | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cancu-index-completer", daemon=True)

    def pending_folder(self) -> Path | None:
        from search.index import is_pending

        build = self.workspace.current()
        if build is None:
            return None
        folder = build.folder / "index"
        return folder if is_pending(folder) else None

    def start(self) -> bool:
        """Start if the served index is pending; False when there is nothing to do."""
        if self.pending_folder() is None:
            return False
        self._thread.start()
        return True

    def stop(self, timeout: float = 10.0) -> None:
        """End the encoding workers now (server shutdown); vectors already computed stay cached."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        from api.stages import vector_cache_path
        from search.encode_pool import EncodingStopped
        from search.index import complete_dense

        failed: set[Path] = set()
        while not self._stop.is_set():
            folder = self.pending_folder()
            if folder is None or folder in failed:
                return
            try:
                complete_dense(folder, cache_path=vector_cache_path(self.settings), nice=BACKGROUND_NICE,
                               stop=self._stop, progress=self._report)
                self.log("xếp hạng ngữ nghĩa đã sẵn sàng: tìm kiếm dùng cả ngữ nghĩa và từ khóa")
            except EncodingStopped:
                return
            except Exception as exc:  # a build pruned meanwhile, a full disk: say so, keep serving lexically
                failed.add(folder)
                self.error = f"{type(exc).__name__}: {exc}"
                self.log(f"không dựng được xếp hạng ngữ nghĩa ({self.error}); tìm kiếm vẫn dùng từ khóa")

    def _report(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(STAGE, done, total)
