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


class IndexStage:
    name = "index"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def update(self, previous: Path | None, target: Path, changed: list[Extraction], removed: list[str],
               everything: list[Extraction], progress) -> dict:
        from search.index import SearchIndex
        from search.passages import passages_from_document

        passages = [p for ex in everything for p in passages_from_document(ex.document, extraction=ex)]
        cache = Path(self.settings.data_dir) / "cache" / "vectors.sqlite"
        cache.parent.mkdir(parents=True, exist_ok=True)

        def report(done: int, total: int) -> None:
            if progress:
                progress("mã hóa đoạn văn", done, total)

        index = SearchIndex.build(passages, target, search_config(self.settings), progress=report, cache_path=cache)
        b = index.build_report
        return {"passages": b.count, "encoded": b.encoded, "seconds": b.seconds, "kind": b.index_kind}


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

        store, fresh = self.open(target, previous)
        if fresh:
            changed = everything
        try:
            if fresh:
                load_ontology(store)
            for doc_id in removed:
                store.remove_document(doc_id)
            for i, ex in enumerate(changed):
                if progress:
                    progress("dựng đồ thị", i, len(changed))
                store.add_document(ex.document.id, build_document_graph(ex))
            if progress:
                progress("dựng đồ thị", len(changed), len(changed))
            triples = store.triple_count()
        finally:
            store.close()
        return {"backend": self.settings.graph_store, "triples": triples, "documents": len(everything)}
