"""The derived stores of a build: the RDF graph and the search index.

Each stage receives the previous build's folder and the documents that changed, so the work of an
ingest is proportional to what changed: the graph store is copied and only the changed documents'
named graphs are replaced; the index re-encodes only clauses whose text it has not seen (vector cache
shared across builds, keyed by content hash).
"""
from __future__ import annotations

import shutil
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
                                  cache_path=cache, defer_dense=self.defer_dense)
        b = index.build_report
        return {"passages": b.count, "encoded": b.encoded, "seconds": b.seconds, "kind": b.index_kind,
                "dense": index.manifest["dense"]["state"]}


class GraphStage:
    """Named graph per document. On disk (Oxigraph) each build has its own copy of the store; a remote
    SPARQL 1.1 store is shared, so only the changed documents' graphs are replaced there."""

    name = "graph"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def open(self, target: Path, previous: Path | None):
        from graph.store import make_store

        if self.settings.graph_store == "remote":
            return make_store("remote", query_url=self.settings.sparql_query_url,
                              update_url=self.settings.sparql_update_url), False
        if self.settings.graph_store == "memory":
            raise ValueError("graph_store=memory chỉ dùng trong kiểm thử, không dựng được bản dựng trên đĩa")
        fresh = previous is None or not previous.exists()
        if not fresh:
            shutil.copytree(previous, target)
        return make_store("oxigraph", path=target), fresh

    def update(self, previous: Path | None, target: Path, changed: list[Extraction], removed: list[str],
               everything: list[Extraction], progress) -> dict:
        from graph.build import build_document_graph
        from graph.store import load_ontology

        from graph.identity import YearIndex

        store, fresh = self.open(target, previous)
        years = YearIndex.of(everything)  # undated citations meet the dated act (graph/identity.py)
        if fresh:
            changed = everything
        else:  # a new year known (or lost) for an act changes the graphs that cite it undated
            touched = {key for ex in changed for key in years.keys_of(ex)}
            again = years.all_citing_undated() if removed else years.citing_undated(touched)
            ids = {ex.document.id for ex in changed}
            changed = changed + [ex for ex in everything if ex.document.id in again - ids]
        try:
            if fresh:
                load_ontology(store)
            for doc_id in removed:
                store.remove_document(doc_id)
            for i, ex in enumerate(changed):
                if progress:
                    progress("dựng đồ thị", i, len(changed))
                store.add_document(ex.document.id, build_document_graph(ex, years=years))
            if progress:
                progress("dựng đồ thị", len(changed), len(changed))
            triples = store.triple_count()
        finally:
            store.close()
        return {"backend": self.settings.graph_store, "triples": triples, "documents": len(everything)}
