"""A query worker: a separate process that answers SPARQL queries on read-only Oxigraph stores.

It exists so that a query can be stopped: the server kills the worker when the time limit passes
(pyoxigraph cannot interrupt a running query) and a crash of the engine (a stack overflow) ends this
process, not the server. It runs at a lower CPU priority than the server, under an address-space
limit, and dies with its parent. It imports only pyoxigraph, so it starts in a fraction of a second.

In-memory copy: the first query on a build's store starts copying that store's union graph into an
in-memory Oxigraph store, in a background thread (the engine releases the GIL while it dumps and loads,
so queries keep being answered from disk meanwhile). Once the copy is ready, queries that name no graph
(no `GRAPH`, no `FROM`) run on it: at 1M statements the example queries take 3-14x less CPU there than
on RocksDB (docs/performance.md). A build's snapshot never changes, so the copy is exact. Stores larger
on disk than half the worker's memory limit are not copied (the copy takes about 0.6x the store's size).

Protocol (pickled messages over a socket): request {"path", "sparql", "kind", "max_rows", "union",
"max_bytes", "format"} -> ("ok", payload, info) | ("syntax", message) | ("error", message), where payload
is ("ask", bool) | ("select", variables, rows, truncated) | ("graph", triples, truncated) with terms
encoded as plain tuples (see `encode_term`), so the parent needs no pyoxigraph objects to read it, or,
for a SELECT asked in a result format (json, xml, csv, tsv: what the SPARQL endpoint answers), the
engine's own bytes: ("body", format, bytes, rows, truncated). `info` says where it ran ("memory" or
"disk") and the worker's CPU milliseconds.
"""
from __future__ import annotations

import os
import pickle
import re
import signal
import sys

from graph.querylimits import names_dataset
from graph.termcache import memo

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


ENGINE_FORMATS = ("json", "xml", "csv", "tsv")


def json_rows(body: bytes) -> int | None:
    """The number of solutions in the engine's compact SPARQL JSON, from the bytes: a solution object opens
    with `{"` right after `[` or `,`, and a `"` inside a JSON string is always escaped, so `[{"` and `,{"`
    occur nowhere else (terms open after `:`; variable names are strings). None when the text has `{}`:
    a solution with no bound variable (or such text in a literal) is counted the TSV way."""
    if b"{}" in body:
        return None
    return body.count(b'[{"') + body.count(b',{"')


def serialized(result, fmt: str, cap: int, rerun=None) -> tuple:
    """("body", format, bytes, rows, truncated): a SELECT answer serialised by the engine itself, with no
    Python object per term. JSON is written directly and its solutions counted on the bytes (`json_rows`);
    when it holds more rows than the cap (or cannot be counted so), the query runs again (`rerun`) the TSV
    way: the engine writes TSV (one line per row: newlines in literals are escaped), rows are counted and
    cut at the cap on bytes, and the engine reads the lossless TSV back to write the asked format (for
    clause texts that round trip costs a third more than writing JSON directly). A cut JSON answer says
    `"truncated": true`, as `graph.sparql` does."""
    import pyoxigraph as ox

    if fmt == "json" and rerun is not None:  # the common case: written directly, counted on the bytes
        body = result.serialize(format=ox.QueryResultsFormat.JSON)
        rows = json_rows(body)
        if rows is not None and (not cap or rows <= cap):
            return ("body", fmt, body, rows, False)
        result = rerun()  # more rows than the cap, or a row with no bound variable: the TSV way below
    tsv = result.serialize(format=ox.QueryResultsFormat.TSV)
    rows = tsv.count(b"\n") - 1
    truncated = bool(cap) and rows > cap
    if truncated:
        end = -1
        for _ in range(cap + 1):
            end = tsv.index(b"\n", end + 1)
        tsv, rows = tsv[:end + 1], cap
    if fmt == "tsv":
        return ("body", fmt, tsv, rows, truncated)
    formats = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV}
    body = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=formats[fmt])
    if truncated and fmt == "json":
        body = body[:-1] + b',"truncated":true}'
    return ("body", fmt, body, rows, truncated)


def stored_union(store, name: str):
    """Where an Oxigraph store keeps the union of its documents: the default graph, or the named graph
    `name` in a store written before the union moved there (see `graph.store.OxigraphStore`)."""
    import pyoxigraph as ox

    legacy = ox.NamedNode(name)
    return legacy if store.contains_named_graph(legacy) else ox.DefaultGraph()


class Copies:
    """In-memory copies of the union graph of read-only stores, made in background threads."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._state: dict[str, object] = {}  # path -> "loading" | "skipped" | "failed" | pyoxigraph.Store
        self.seconds: dict[str, float] = {}

    def get(self, path: str, store, union: str):
        """The copy of `path` when ready, else None (and the copy is started on the first call)."""
        import threading

        state = self._state.get(path)
        if state is None and self.budget_bytes > 0:
            self._state[path] = "loading"
            threading.Thread(target=self._load, args=(path, store, union), daemon=True).start()
            return None
        return None if isinstance(state, str) else state

    def _load(self, path: str, store, union: str) -> None:
        import time

        import pyoxigraph as ox

        started = time.perf_counter()
        try:
            size = sum(f.stat().st_size for f in os.scandir(path) if f.is_file())
            if size > self.budget_bytes:
                self._state[path] = "skipped"
                return
            data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=stored_union(store, union))
            copy = ox.Store()
            copy.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
            del data
        except Exception:  # noqa: BLE001 - the disk store keeps answering
            self._state[path] = "failed"
            return
        if path in self._state:  # not dropped meanwhile
            self._state[path] = copy
            self.seconds[path] = time.perf_counter() - started

    def drop(self, path: str) -> None:
        self._state.pop(path, None)


def answer(store, request: dict, copy=None):
    """The payload for `request`, on the in-memory `copy` of the union graph when given and the query names
    no graph, else on the store."""
    union = stored_union(store, request["union"])
    sparql = request["sparql"]
    def run():
        if copy is not None and not names_dataset(sparql):
            return copy.query(sparql)
        named = None
        if _MENTIONS_GRAPH.search(sparql):
            named = [g for g in store.named_graphs() if g != union]
        return store.query(sparql, default_graph=union, named_graphs=named)

    result = run()
    kind, cap = request["kind"], request.get("max_rows") or 0
    if kind == "ask":
        return ("ask", bool(result))
    if kind == "select" and request.get("format") in ENGINE_FORMATS:
        return serialized(result, request["format"], cap, run)
    term = memo(encode_term)
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


def serve(fd: int, memory_mb: int, nice: int, copy: bool = True) -> None:
    import time
    from multiprocessing.connection import Connection

    import pyoxigraph as ox

    _limit_self(memory_mb, nice)
    conn = Connection(fd)
    stores: dict[str, object] = {}
    copies = Copies(memory_mb * 1024 * 1024 // 2 if copy and memory_mb else 0)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        try:
            started = time.process_time()
            path = request["path"]
            store = stores.get(path)
            if store is None:
                store = ox.Store.read_only(path)
                stores[path] = store
                while len(stores) > MAX_OPEN_STORES:
                    copies.drop(next(iter(stores)))
                    stores.pop(next(iter(stores)))
            in_memory = copies.get(path, store, request["union"])
            payload = answer(store, request, in_memory)
            info = {"engine": "memory" if in_memory is not None and not names_dataset(request["sparql"])
                    else "disk", "cpu_ms": (time.process_time() - started) * 1000}
            data = pickle.dumps(("ok", payload, info), protocol=pickle.HIGHEST_PROTOCOL)
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
    serve(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), (sys.argv[4] != "0") if len(sys.argv) > 4 else True)
