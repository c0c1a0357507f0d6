"""Errors of the search side; each is a `CancuError`, so the API's one handler answers them."""
from __future__ import annotations

from ingest.errors import CancuError


class SearchIndexMismatch(CancuError):
    """The index on disk was built with another encoder (or format) than the one configured:
    its vectors cannot be compared with the query's, so it must be rebuilt, not used."""

    status = 409
    code = "search_index_mismatch"


class SearchIndexMissing(CancuError):
    status = 404
    code = "search_index_missing"


class SemanticPending(CancuError):
    """Semantic ranking was asked for explicitly while its vectors are still being computed."""

    status = 503
    code = "semantic_pending"
