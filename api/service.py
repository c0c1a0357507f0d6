"""What a running server holds: the settings, the workspace, and the build it currently serves.

A request asks `Service.build()` once and uses that build to the end, so an ingest that swaps
`data/current` mid-request never shows it half a corpus. The swap is noticed by comparing the symlink's
target, which costs one `readlink` per request.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from api.settings import Settings
from api.workspace import Build, Workspace
from ingest.errors import CancuError, NotFound


class NoData(CancuError):
    status = 503
    code = "no_data"


class Service:
    def __init__(self, settings: Settings, workspace: Workspace | None = None) -> None:
        self.settings = settings
        self.workspace = workspace or Workspace(settings)
        self._lock = threading.RLock()  # a resource factory may open another resource
        self._build: Build | None = None
        self._target: str | None = None
        self._resources: dict[str, Any] = {}

    def _current_target(self) -> str | None:
        link = Path(self.settings.data_dir) / "current"
        try:
            return os.readlink(link)
        except OSError:
            return None

    def build(self) -> Build:
        target = self._current_target()
        with self._lock:
            if self._build is None or target != self._target:
                build = self.workspace.current()
                if build is None:
                    raise NoData(f"chưa có dữ liệu; hãy nạp văn bản: cancu ingest {self.settings.corpus_dir}")
                # the old build's stores are dropped, not closed: a request may still be reading them
                self._build, self._target, self._resources = build, target, {}
            return self._build

    def resource(self, name: str, factory) -> Any:
        """A per-build object (graph store, search index) opened once and dropped when the build changes."""
        build = self.build()
        with self._lock:
            if name not in self._resources:
                self._resources[name] = factory(build)
            return self._resources[name]

    def close(self) -> None:
        with self._lock:
            _close_all(self._resources)
            self._resources = {}

    def ensure_data(self, progress=None, *, defer_dense: bool = False) -> None:
        """First start: build the store from the bundled corpus. With `defer_dense`, the build is
        published once the graph and the lexical index are ready; the vectors neither cached nor
        shipped (`search/bundled/`) are left to `complete_index_in_background`."""
        if self.workspace.current() is not None:
            return
        corpus = Path(self.settings.corpus_dir)
        if not corpus.exists():
            raise NotFound(f"không có thư mục văn bản {corpus}")
        from api.stages import IndexStage

        index_stages = [s for s in self.workspace.stages if isinstance(s, IndexStage)]
        before = [s.defer_dense for s in index_stages]
        for stage in index_stages:
            stage.defer_dense = defer_dense
        try:
            self.workspace.ingest([corpus], progress=progress)
        finally:
            for stage, value in zip(index_stages, before):
                stage.defer_dense = value

    def complete_index_in_background(self, progress=None, log=None):
        """Start computing the served index's missing vectors, if any (an `IndexCompleter`, or None)."""
        from api.background_index import IndexCompleter

        completer = IndexCompleter(self.settings, self.workspace, progress=progress, log=log)
        return completer if completer.start() else None


def _close_all(resources: dict[str, Any]) -> None:
    for res in resources.values():
        close = getattr(res, "close", None)
        if callable(close):
            try:
                close()
            except Exception:
                pass


def open_index(service: Service):
    """The current build's search index (loaded once per build; the query encoder loads lazily)."""
    from api.stages import search_config
    from search.index import SearchIndex

    return service.resource("index", lambda build: SearchIndex.load(build.folder / "index",
                                                                    search_config(service.settings)))


class LazyIndex:
    """The current build's search index, opened on its first use: a route or command that validates its
    input first, or never searches (`cancu agency`), opens nothing."""

    def __init__(self, service: Service) -> None:
        self._service = service
        self._index = None

    def __getattr__(self, name: str):
        if self._index is None:
            self._index = open_index(self._service)
        return getattr(self._index, name)


def read_model(service: Service):
    """The current build's read model: what answers, JSON routes and pages know, read from its graph.

    It has its own handle on the graph: its queries are the service's own (fixed texts over IRIs, no user
    input), so on the embedded store they run in process, without the worker pool that guards user SPARQL."""
    from answers.model import ReadModel

    return service.resource("model", lambda build: ReadModel(graph_of(service.settings, build, pooled=False)))


def graph_of(s: Settings, build: Build, *, pooled: bool = True):
    """A read-only store over one build's graph: its folder on disk, or its union on a remote server."""
    from graph.querylimits import parse_allow_list
    from graph.querypool import shared_pool
    from graph.store import make_store

    if s.graph_store == "remote":
        from graph.remote_builds import VersionedRemoteStore, read_state

        state = read_state(build.folder / "graph")
        if state is not None:  # the build's own union (graph/remote_builds.py)
            return VersionedRemoteStore(s.sparql_query_url, s.sparql_update_url, union_graph=state["union"],
                                        members_graph=state["members_graph"], timeout=s.sparql_timeout,
                                        max_rows=s.sparql_max_results)
        return make_store("remote", query_url=s.sparql_query_url, update_url=s.sparql_update_url,
                          timeout=s.sparql_timeout, max_rows=s.sparql_max_results)
    pool = shared_pool(s.sparql_workers, s.sparql_worker_memory_mb, s.sparql_memory_copy) if pooled else None
    return make_store("oxigraph", path=build.folder / "graph", read_only=True, timeout=s.sparql_timeout,
                      max_rows=s.sparql_max_results, pool=pool, allowed_services=parse_allow_list(s.sparql_service_allow),
                      service_timeout=s.sparql_service_timeout)


def open_graph(service: Service):
    """The current build's graph store, read-only, with the query time limit and row cap from settings;
    its queries run in worker processes that are killed at the time limit (`graph.querypool`)."""
    return service.resource("graph", lambda build: graph_of(service.settings, build))
