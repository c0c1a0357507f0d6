"""A query worker: a separate process that answers SPARQL queries on read-only Oxigraph stores.

It exists so that a query can be stopped: the server kills the worker when the time limit passes
(pyoxigraph cannot interrupt a running query) and a crash of the engine (a stack overflow) ends this
process, not the server. It runs at a lower CPU priority than the server, under an address-space
limit, and dies with its parent. It imports only pyoxigraph, so it starts in a fraction of a second.

Protocol (pickled messages over a socket): request {"path", "sparql", "kind", "max_rows", "union",
"max_bytes"} -> ("ok", payload) | ("syntax", message) | ("error", message), where payload is
("ask", bool) | ("select", variables, rows, truncated) | ("graph", triples, truncated) with terms
encoded as plain tuples (see `encode_term`), so the parent needs no pyoxigraph objects to read it.
"""
from __future__ import annotations

import os
import pickle
import re
import signal
import sys

_MENTIONS_GRAPH = re.compile(r"\bGRAPH\b", re.IGNORECASE)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
MAX_OPEN_STORES = 2  # the current build and the one a slow reader may still use


class ResultTooLarge(Exception):
    pass


def encode_term(term):
    """("u", iri) | ("b", id) | ("l", value, datatype or None, language or None); None when unbound."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("u", term.value)
    if isinstance(term, ox.BlankNode):
        return ("b", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return ("l", term.value, None, term.language)
        datatype = term.datatype.value
        return ("l", term.value, None if datatype == XSD_STRING else datatype, None)
    return ("l", str(term), None, None)  # an RDF-star quoted triple: shown, not modelled


def _memo(convert):
    cache: dict = {}

    def cached(term):
        if term is None:
            return None
        hit = cache.get(term)
        if hit is None:
            hit = cache[term] = convert(term)
        return hit

    return cached


def answer(store, request: dict):
    import pyoxigraph as ox

    union = ox.NamedNode(request["union"])
    sparql = request["sparql"]
    named = None
    if _MENTIONS_GRAPH.search(sparql):
        named = [g for g in store.named_graphs() if g != union]
    result = store.query(sparql, default_graph=union, named_graphs=named)
    kind, cap = request["kind"], request.get("max_rows") or 0
    if kind == "ask":
        return ("ask", bool(result))
    term = _memo(encode_term)
    rows, truncated = [], False
    if kind == "graph":
        for t in result:
            if cap and len(rows) >= cap:
                truncated = True
                break
            rows.append((term(t.subject), term(t.predicate), term(t.object)))
        return ("graph", rows, truncated)
    variables = [v.value for v in result.variables]
    width = range(len(variables))
    for solution in result:
        if cap and len(rows) >= cap:
            truncated = True
            break
        rows.append(tuple(term(solution[i]) for i in width))
    return ("select", variables, rows, truncated)


def _limit_self(memory_mb: int, nice: int) -> None:
    """Lower priority, bounded memory, ignore Ctrl-C (the parent stops us), die with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if nice:
        try:
            os.nice(nice)
        except OSError:
            pass
    if memory_mb:
        import resource

        limit = memory_mb * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):
            pass
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def serve(fd: int, memory_mb: int, nice: int) -> None:
    from multiprocessing.connection import Connection

    import pyoxigraph as ox

    _limit_self(memory_mb, nice)
    conn = Connection(fd)
    stores: dict[str, object] = {}
    conn.send(("ready", os.getpid()))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            path = request["path"]
            store = stores.get(path)
            if store is None:
                store = ox.Store.read_only(path)
                stores[path] = store
                while len(stores) > MAX_OPEN_STORES:
                    stores.pop(next(iter(stores)))
            data = pickle.dumps(("ok", answer(store, request)), protocol=pickle.HIGHEST_PROTOCOL)
            if request.get("max_bytes") and len(data) > request["max_bytes"]:
                raise ResultTooLarge(f"{len(data)} bytes > {request['max_bytes']}")
        except SyntaxError as exc:
            data = pickle.dumps(("syntax", str(exc)))
        except ResultTooLarge as exc:
            data = pickle.dumps(("too_large", str(exc)))
        except MemoryError:
            data = pickle.dumps(("memory", "MemoryError"))
        except Exception as exc:  # noqa: BLE001 - the engine's errors go back as one message
            data = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
        try:
            conn.send_bytes(data)
        except (OSError, BrokenPipeError):
            return


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
