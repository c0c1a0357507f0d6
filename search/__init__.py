"""Semantic search over clauses: dense (e5 + FAISS) and lexical (BM25) lists fused by rank.

    from search import SearchIndex, SearchConfig, passages_from_document
    index = SearchIndex.build(passages, "data/search", SearchConfig())
    hits = SearchIndex.load("data/search").search("hỗ trợ BHYT cho hộ cận nghèo", filters={"year": 2024})
"""
from search.config import SearchConfig
from search.encoders import Encoder, HashingEncoder, make_encoder
from search.errors import SearchIndexMismatch, SearchIndexMissing
from search.index import Hit, SearchIndex
from search.passages import Passage, passages_from_document
from search.render import format_hits, hits_to_eval_json

__all__ = [
    "Encoder", "HashingEncoder", "Hit", "Passage", "SearchConfig", "SearchIndex", "SearchIndexMismatch",
    "SearchIndexMissing", "format_hits", "hits_to_eval_json", "make_encoder", "passages_from_document",
]
