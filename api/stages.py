"""The derived stores of a build: the RDF graph and the search index.

Each stage receives the previous build's folder and the documents that changed, so the work of an
ingest is proportional to what changed: only the changed documents' named graphs are written (into
the live graph store, which each build snapshots by hard links: `graph.live`); the index re-analyses
and re-encodes only passages whose text the previous build did not have (their terms and vectors come
from the previous build's folder, other vectors from the cache shared by all builds, keyed by content
hash), and the undated-citation years (`graph.identity.YearIndex`) are the previous build's, patched.
"""
from __future__ import annotations

from pathlib import Path

from api.settings import Settings
from ingest.model import Extraction


def search_config(settings: Settings):
    from search.config import SearchConfig

    if settings.fusion not in ("convex", "rrf"):
        from ingest.errors import BadRequest

        raise BadRequest(f"thiết lập fusion phải là convex hoặc rrf, nhận được '{settings.fusion}'")
    return SearchConfig(encoder=settings.encoder, model_path=settings.encoder_model or None,
                        exact_threshold=settings.exact_index_threshold, fusion=settings.fusion,
                        dense_weight=settings.dense_weight, rrf_k=settings.rrf_k,
                        answer_type_weight=settings.answer_type_weight, per_context=settings.per_context,
                        encoder_threads=settings.encoder_threads or None)


def vector_cache_path(settings: Settings) -> Path:
    """One vector cache per data folder, shared by all its builds (keys are content hashes)."""
    return Path(settings.data_dir) / "cache" / "vectors.sqlite"


class IndexStage:
    """The search index of a build. With `defer_dense`, clauses the vector cache cannot answer are
    left for `search.index.complete_dense` (the server runs it in the background on first start), so
    the build is published as soon as its lexical index is written."""

    name = "index"

    def __init__(self, settings: Settings, *, defer_dense: bool = False) -> None:
        self.settings = settings
        self.defer_dense = defer_dense

    def update(self, previous: Path | None, target: Path, changed: list[Extraction], removed: list[str],
               everything: list[Extraction], progress) -> dict:
        from search.index import SearchIndex, encoder_for
        from search.passages import passages_from_document
        from search.seed import import_seed
        from search.vector_cache import VectorCache

        passages = [p for ex in everything for p in passages_from_document(ex.document, extraction=ex)]
        config = search_config(self.settings)
        encoder = encoder_for(config)
        cache = vector_cache_path(self.settings)
        if not cache.exists():  # a new data folder starts with the vectors shipped for the bundled corpus
            import_seed(VectorCache(cache), encoder.name)

        def report(done: int, total: int) -> None:
            if progress:
                progress("mã hóa đoạn văn", done, total)

        index = SearchIndex.build(passages, target, config, encoder=encoder, progress=report,
                                  cache_path=cache, defer_dense=self.defer_dense, previous=previous)
        b = index.build_report
        return {"passages": b.count, "encoded": b.encoded, "seconds": b.seconds, "kind": b.index_kind,
                "dense": index.manifest["dense"]["state"],
                "analysed": index.manifest["build"]["analysed"]}


class GraphStage:
    """Named graph per document. On disk (Oxigraph), ingest writes the live store and each build gets a
    hard-link snapshot of it (`graph.live`); on a shared SPARQL 1.1 server each build writes graphs of its
    own (its changed documents' versions, its members and union) that readers open only once the build is
    published (`graph.remote_builds`).

    Many new documents load through Oxigraph's bulk loader; one document (an upload) is one
    transaction. A document whose graph cannot be built or written is left out and named in
    "failed", so it never aborts the others (`api.workspace.Stage`).
    """

    name = "graph"
    BULK_MIN_DOCUMENTS = 2
    # a bulk load of at least 1/COMPACT_SHARE of the corpus is compacted after (the first ingest, a large
    # re-ingest); a few documents added to a large store are not worth rewriting all of it
    COMPACT_SHARE = 4

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def update(self, previous: Path | None, target: Path, changed: list[Extraction], removed: list[str],
               everything: list[Extraction], progress) -> dict:
        import time

        from graph.identity import YearIndex
        from graph.live import LiveGraph
        from graph.store import load_ontology

        s = self.settings
        live = None
        previous_state = None
        if s.graph_store == "remote":  # a shared server: the build writes graphs of its own (graph/remote_builds.py)
            from graph.remote_builds import read_state

            previous_state = read_state(previous)
            store, fresh = None, previous_state is None
        elif s.graph_store == "memory":
            raise ValueError("graph_store=memory chỉ dùng trong kiểm thử, không dựng được bản dựng trên đĩa")
        else:
            live = LiveGraph(Path(s.data_dir) / "graph-live")
            store, fresh = live.open(previous, _snapshot_of(previous))
        # undated citations meet the dated act (graph/identity.py); the previous build's index is patched
        # with the changed documents instead of re-reading the corpus
        before = None if fresh else YearIndex.load(_years_file(previous))
        by_id = {ex.document.id: ex for ex in everything}
        if before is None:
            years = YearIndex.of(everything)
        else:
            years = before.updated(by_id, changed, by_id.__getitem__)
        if not fresh:  # a new year known (or lost) for an act changes the graphs that cite it undated
            ids = {ex.document.id for ex in changed}
            if before is None:
                touched = {key for ex in changed for key in years.keys_of(ex)}
                again = years.all_citing_undated() if removed else years.citing_undated(touched)
            else:  # the keys whose one known year changed, named by the old or new version of a document
                touched = {key for ex in changed for key in years.keys_of(ex)}
                touched |= {key for doc_id in [*ids, *removed] for key in before.keys_of_document(doc_id)}
                again = years.citing_undated({key for key in touched if years.year(key) != before.year(key)})
            changed = changed + [ex for ex in everything if ex.document.id in again - ids]
        failed: dict[str, str] = {}
        info = {"backend": s.graph_store, "documents": len(everything)}
        if store is None:
            return self._publish_remote(previous_state, target, everything if fresh else changed, removed, years,
                                        progress, failed, info)
        try:
            if fresh:
                load_ontology(store)
                changed = everything
            for doc_id in removed:
                store.remove_document(doc_id)
            started = time.perf_counter()
            bulk = len(changed) >= self.BULK_MIN_DOCUMENTS and live is not None
            timer = {"build": 0.0}
            graphs = self._graphs(changed, failed, progress, timer, years)
            if bulk:
                loaded = store.add_documents(graphs, on_error=lambda d, e: failed.setdefault(d, _reason(e)))
            else:
                loaded = 0
                for doc_id, graph in graphs:
                    try:
                        loaded += store.add_document(doc_id, graph)
                    except Exception as exc:  # noqa: BLE001 - one document, one error line
                        failed[doc_id] = _reason(exc)
            seconds = time.perf_counter() - started - timer["build"]  # writing only, not building the graphs
            if bulk and len(changed) * self.COMPACT_SHARE >= len(everything):
                info["compact_seconds"] = live.compact(store)  # reads after a bulk load (graph/live.py)
            info.update(statements=loaded, load_mode="bulk" if bulk else "transaction",
                        build_seconds=round(timer["build"], 3), load_seconds=round(seconds, 3),
                        statements_per_second=round(loaded / seconds) if seconds > 0 and loaded else 0)
            if progress:
                progress("dựng đồ thị", len(changed), len(changed))
            if live is not None:
                info["snapshot"] = live.snapshot(store, target)
        finally:
            store.close()
        years.save(_years_file(target))
        info["failed"] = failed
        return info

    def _publish_remote(self, previous_state: dict | None, target: Path, changed: list[Extraction],
                        removed: list[str], years, progress, failed: dict[str, str], info: dict) -> dict:
        """Write this build's own graphs on the shared store; `data/current` switching to the build is what
        publishes them (graph/remote_builds.py). Graphs of failed or pruned builds are dropped first."""
        import time

        from graph.ontology import ontology_graph
        from graph.remote_builds import (
            RemoteBuilds,
            forget_versions,
            kept_states,
            new_version,
            note_version,
            write_state,
        )
        from graph.store import ONTOLOGY_DOC_ID

        s = self.settings
        builds = RemoteBuilds(s.sparql_query_url, s.sparql_update_url)
        try:
            kept = kept_states(Path(s.data_dir) / "builds", [previous_state] if previous_state else [])
            version = new_version()
            written = note_version(Path(s.data_dir), version)  # recorded first: a crash leaves nothing unknown
            builds.collect(kept, [v for v in written if v != version])
            forget_versions(Path(s.data_dir), {k["version"] for k in kept} | {version}
                            | {g.split("/v/", 1)[1].split("/", 1)[0] for k in kept for g in k["members"].values()})
            started, timer = time.perf_counter(), {"build": 0.0}
            items = self._graphs(changed, failed, None, timer, years)
            if previous_state is None:
                items = iter([(ONTOLOGY_DOC_ID, ontology_graph()), *items])
            state = builds.publish(previous_state, items, removed, progress, total=len(changed), version=version)
            write_state(target, state)
            years.save(_years_file(target))
            info.update(statements=builds.union_size(state["union"]), union=state["union"], version=version,
                        build_seconds=round(timer["build"], 3),
                        load_seconds=round(time.perf_counter() - started - timer["build"], 3))
        finally:
            builds.close()
        info["failed"] = failed
        return info

    @staticmethod
    def _graphs(changed: list[Extraction], failed: dict[str, str], progress, timer: dict[str, float], years):
        """Each document's graph, built on demand; one that cannot be built is named in `failed`."""
        import time

        from graph.build import build_document_graph

        for i, ex in enumerate(changed):
            if progress:
                progress("dựng đồ thị", i, len(changed))
            started = time.perf_counter()
            try:
                graph = build_document_graph(ex, years=years)
            except Exception as exc:  # noqa: BLE001 - e.g. RecursionError on a malformed place tree
                failed[ex.document.id] = _reason(exc)
                continue
            finally:
                timer["build"] += time.perf_counter() - started
            yield ex.document.id, graph


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc)
    return f"{type(exc).__name__}: {text}"[:500]


def _years_file(folder: Path) -> Path:
    """The build's `YearIndex`, beside its graph (RocksDB ignores files it does not know)."""
    return folder / "years.json"


def _snapshot_of(previous: Path | None) -> str | None:
    """The snapshot token the previous build's manifest records for its graph (None before this layout)."""
    import json

    if previous is None:
        return None
    try:
        manifest = json.loads((previous.parent / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return (manifest.get("stages") or {}).get("graph", {}).get("snapshot")
