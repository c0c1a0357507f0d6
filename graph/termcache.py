"""Per-query cache of term conversions, shared by the store and the query worker.

Result rows repeat the same IRIs and labels, so converting each engine term once per query saves most
of the Python work of reading a result. Kept free of imports: the query worker imports it and must
start in a fraction of a second.
"""
from __future__ import annotations

from collections.abc import Callable


def memo(convert: Callable) -> Callable:
    """`convert` with a cache for this query (None stays None)."""
    cache: dict = {}

    def cached(term):
        if term is None:
            return None
        hit = cache.get(term)
        if hit is None:
            hit = cache[term] = convert(term)
        return hit

    return cached
