"""Where the graph lives: one named graph per document, read with SPARQL, written only by ingest.

`GraphStore` is the small interface the CLI and the API see; `make_store(name, **opts)` picks the
backend by name (a setting): `oxigraph` (on-disk, the default), `memory` (rdflib, for tests and
comparison) or `remote` (any SPARQL 1.1 server).

Every query text is checked first (`graph.querylimits`): limits that keep the engine's recursion on
its stack, and no `SERVICE` call unless allow-listed. Then, for a store on disk opened with a
`QueryPool` (what the server does), the query runs in a worker process that is killed when the time
limit passes (`graph.querypool`). Without a pool (in-memory stores, tests, ingest bookkeeping) it runs
in a thread of a small bounded pool: the caller gets `QueryTimeout` at the limit, and the thread stops
at the next result row, or finishes in the background when the engine computes everything first.
"""
from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import IO, Protocol, runtime_checkable

from rdflib import Dataset, Graph, URIRef

from graph.iris import doc_id_of_graph, graph_iri
from graph.querykind import query_form, result_kind
from graph.querylimits import check_query
from graph.queryworker import stored_union
from graph.results import NTriplesTerms, OxigraphTerms, QueryResult, from_oxigraph, from_sparql_json
from graph.termcache import memo
from graph.vocab import GRAPH_BASE
from ingest.errors import BadRequest, CancuError, QueryTimeout, StoreError

ONTOLOGY_DOC_ID = "_ontology"  # reserved: corpus ids come from file names and never start with "_"
UNION_DOC_ID = "_union"
UNION_GRAPH = str(graph_iri(UNION_DOC_ID))  # every distinct triple of every document (see OxigraphStore)
RESERVED_IDS = frozenset({ONTOLOGY_DOC_ID, UNION_DOC_ID})
_MENTIONS_GRAPH = re.compile(r"\bGRAPH\b", re.IGNORECASE)
EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld")
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_ROWS = 10_000
BULK_READ_BYTES = 1024 * 1024  # N-Quads handed to the bulk loader per read
UNION_WINDOW = 200_000  # statements remembered to write each to the union once (bounded memory)

Output = str | Path | IO[bytes] | None


@runtime_checkable
class GraphStore(Protocol):
    def add_document(self, doc_id: str, graph: Graph) -> int:
        """Replace the document's named graph with `graph`; returns its statement count."""

    def add_documents(self, items: Iterable[tuple[str, Graph]]) -> int:
        """Load many documents at once (the fastest path a backend has); returns statements written."""

    def remove_document(self, doc_id: str) -> bool: ...

    def documents(self) -> list[str]: ...

    def query(self, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              lane: str = "internal", result_format: str | None = None) -> QueryResult:
        """Run a read-only query over the merge of all documents.

        `timeout` (seconds) and `max_rows` default to the store's settings when None; 0 lifts them.
        `lane` is "public" for text typed by users (it may not take the workers kept for the service).
        `result_format` (json, xml, csv, tsv) is a hint: a store whose engine can write that format itself
        answers a SELECT with `QueryResult.body` (those bytes) instead of rows.
        """

    def export(self, fmt: str, out: Output = None) -> bytes | None: ...

    def triple_count(self) -> int:
        """Statements in all named graphs (a triple asserted by two documents counts twice)."""

    def close(self) -> None: ...


def _check_doc_id(doc_id: str) -> None:
    if not doc_id or not isinstance(doc_id, str):
        raise BadRequest("Thiếu mã văn bản", detail="empty document id")
    if doc_id == UNION_DOC_ID:
        raise BadRequest(f"Mã văn bản '{doc_id}' được dành riêng", detail="reserved graph name")


def _check_format(fmt: str) -> str:
    fmt = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "json-ld": "jsonld"}.get(fmt.lower(), fmt.lower())
    if fmt not in EXPORT_FORMATS:
        from ingest.errors import UnsupportedFormat

        raise UnsupportedFormat(f"Định dạng xuất không hỗ trợ: {fmt}", detail=f"export formats: {EXPORT_FORMATS}")
    return fmt


def _write(data: bytes, out: Output) -> bytes | None:
    if out is None:
        return data
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(data)
    else:
        out.write(data)
    return None


class _Limiter:
    """Run a query body in a bounded worker pool; give up after the timeout (see module docstring)."""

    def __init__(self, max_workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="sparql")

    def run(self, body: Callable[[threading.Event], QueryResult], timeout: float | None) -> QueryResult:
        cancel = threading.Event()
        started = time.perf_counter()
        future: Future = self._pool.submit(body, cancel)
        try:
            result = future.result(timeout=timeout if timeout and timeout > 0 else None)
        except FutureTimeout:
            cancel.set()
            future.cancel()
            raise QueryTimeout(
                f"Truy vấn quá thời gian cho phép ({timeout:g} giây)",
                detail=f"query exceeded {timeout:g}s and was abandoned",
            ) from None
        except CancuError:
            raise
        except SyntaxError as exc:
            raise BadRequest("Truy vấn SPARQL sai cú pháp", detail=str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - engine errors become one domain error
            raise BadRequest("Không thực hiện được truy vấn SPARQL", detail=str(exc)) from None
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _collect_rows(rows: Iterable, width_vars: list[str], convert, cancel: threading.Event,
                  max_rows: int | None) -> tuple[list, bool]:
    out, truncated = [], False
    for solution in rows:
        if cancel.is_set():
            break
        if max_rows and len(out) >= max_rows:
            truncated = True
            break
        out.append(convert(solution))
    return out, truncated


class _ChunkReader(io.RawIOBase):
    """A binary file over an iterator of byte chunks, so the bulk loader reads them as they are made."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


# ================================================================================ Oxigraph

class OxigraphStore:
    """pyoxigraph on disk (RocksDB); `path=None` keeps it in memory (tests, benchmarks).

    Besides one graph per document, the store keeps the union (published as `UNION_GRAPH`): every
    distinct triple of every document, maintained on each write, and the default graph of queries.
    Oxigraph's own "default graph as union" is a bag (a triple asserted by 100 plans matches 100 times
    and joins through shared nodes explode); the maintained union is a set, as SPARQL's RDF merge should
    be. It lives in Oxigraph's default graph, which holds triples in three indexes where a named graph
    needs six: a bulk load writes a quarter less. Stores written before keep it in the named graph
    `UNION_GRAPH` and are read and written there (`stored_union`).
    """

    def __init__(self, path: str | Path | None = None, *, timeout: float | None = DEFAULT_TIMEOUT_S,
                 max_rows: int | None = DEFAULT_MAX_ROWS, max_workers: int = 4, read_only: bool = False,
                 pool=None, allowed_services: tuple[str, ...] = (), service_timeout: float | None = None) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"Không mở được kho đồ thị {path}", detail=str(exc)) from None
        self._union = stored_union(self._store, UNION_GRAPH)
        self.read_only = read_only
        self.timeout = timeout
        self.max_rows = max_rows
        self._limiter = _Limiter(max_workers)
        self._write_lock = threading.Lock()
        self._query_pool = pool if self.path is not None and read_only else None
        self.allowed_services = tuple(allowed_services)
        self.service_timeout = service_timeout

    # -------------------------------------------------------------- writing
    def _quads(self, doc_id: str, graph: Graph) -> tuple[object, set]:
        ox = self._ox
        name = ox.NamedNode(str(graph_iri(doc_id)))
        convert = OxigraphTerms()
        return name, {ox.Quad(convert(s), convert(p), convert(o), name) for s, p, o in graph}

    def _asserted_elsewhere(self, quad, name) -> bool:
        return any(q.graph_name != name and q.graph_name != self._union
                   for q in self._store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None))

    def _retract(self, stale, name) -> None:
        """Remove a document's stale statements, and from the union those no other document asserts."""
        ox = self._ox
        for quad in stale:
            self._store.remove(quad)
        for quad in stale:
            if not self._asserted_elsewhere(quad, name):
                self._store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, self._union))

    def add_document(self, doc_id: str, graph: Graph) -> int:
        """Replace the document's graph by the difference: an unchanged re-ingest rewrites (almost)
        nothing and readers never see the whole document missing, only the statements that change.

        Stale statements go first: Oxigraph stores some literals in canonical form ("30.0" as "30"),
        so a statement can differ in spelling yet be the same value, and must not be removed last.
        """
        _check_doc_id(doc_id)
        ox = self._ox
        name, new = self._quads(doc_id, graph)
        with self._write_lock:
            old = set(self._store.quads_for_pattern(None, None, None, name))
            self._retract(old - new, name)
            fresh = [q for q in new if q not in old]
            self._store.extend(fresh)
            self._store.extend(ox.Quad(q.subject, q.predicate, q.object, self._union) for q in fresh)
        return len(new)

    def add_documents(self, items: Iterable[tuple[str, Graph]], *,
                      on_error: Callable[[str, Exception], None] | None = None) -> int:
        """Load many documents: new ones through Oxigraph's bulk loader, ones already present through
        `add_document` (a transaction each). Returns the statements written.

        New documents stream into one call of the native bulk loader as N-Quads, which it reads while
        the next documents are still being written out (its index writing runs outside Python, so the
        two overlap). Each distinct term is converted once to an Oxigraph term, which validates it (a
        document with a bad IRI or language tag fails alone, before any of it is written), and written
        in Oxigraph's own spelling. Each statement goes into its document's graph, and into the union
        unless it went there shortly before (a bounded window: the store is a set, so a repeat costs
        only time). With `on_error`, a document that cannot be written is reported there and left out;
        the others load. The bulk loader is not transactional: a caller that must survive a crash loads
        into a copy (see `api.stages.GraphStage`).
        """
        ox = self._ox
        existing = set(self.documents())
        replaced: list[tuple[str, Graph]] = []
        failed: list[Exception] = []
        count = 0
        in_union = " .\n" if isinstance(self._union, ox.DefaultGraph) else f" {self._union} .\n"

        def nquads() -> Iterator[bytes]:
            nonlocal count
            term = NTriplesTerms()
            recent: set[str] = set()
            for doc_id, graph in items:
                try:
                    _check_doc_id(doc_id)
                    if doc_id in existing:
                        replaced.append((doc_id, graph))
                        continue
                    lines = [f"{term(s)} {term(p)} {term(o)}" for s, p, o in graph]
                except Exception as exc:  # noqa: BLE001 - reported per document when the caller asks
                    if on_error is None:
                        failed.append(exc)
                        return
                    on_error(doc_id, exc)
                    continue
                existing.add(doc_id)
                if not lines:
                    continue
                count += len(lines)
                if len(recent) > UNION_WINDOW:
                    recent.clear()
                fresh = [line for line in lines if line not in recent]
                recent.update(fresh)
                in_graph = f" <{graph_iri(doc_id)}> .\n"
                yield (in_graph.join(lines) + in_graph + in_union.join(fresh) + (in_union if fresh else "")).encode()

        with self._write_lock:
            self._store.bulk_load(io.BufferedReader(_ChunkReader(nquads()), BULK_READ_BYTES),
                                  format=ox.RdfFormat.N_QUADS, lenient=True)  # terms checked when converted
        if failed:
            raise failed[0]
        for doc_id, graph in replaced:
            try:
                count += self.add_document(doc_id, graph)
            except Exception as exc:  # noqa: BLE001
                if on_error is None:
                    raise
                on_error(doc_id, exc)
        return count

    def remove_document(self, doc_id: str) -> bool:
        _check_doc_id(doc_id)
        name = self._ox.NamedNode(str(graph_iri(doc_id)))
        with self._write_lock:
            if not self._store.contains_named_graph(name):
                return False
            self._retract(list(self._store.quads_for_pattern(None, None, None, name)), name)
            self._store.remove_graph(name)
        return True

    def rebuild_union(self) -> int:
        """Recompute the union graph from the document graphs (after loading files with the CLI)."""
        ox = self._ox
        with self._write_lock:
            self._store.remove_graph(self._union)
            self._store.bulk_extend(
                ox.Quad(q.subject, q.predicate, q.object, self._union) for q in self._store
                if q.graph_name != self._union and not isinstance(q.graph_name, ox.DefaultGraph))
        return self._union_size()

    def documents(self) -> list[str]:
        ids = (doc_id_of_graph(g.value) for g in self._store.named_graphs() if isinstance(g, self._ox.NamedNode))
        return sorted(i for i in ids if i is not None and i not in RESERVED_IDS)

    # -------------------------------------------------------------- reading
    def _named_graphs(self, sparql: str):
        if not _MENTIONS_GRAPH.search(sparql):
            return None
        return [g for g in self._store.named_graphs() if g != self._union]

    def query(self, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              lane: str = "internal", result_format: str | None = None) -> QueryResult:
        form = query_form(sparql)
        profile = check_query(sparql, allowed_services=self.allowed_services)
        cap = max_rows if max_rows is not None else self.max_rows
        limit = timeout if timeout is not None else self.timeout
        if profile.services and self.service_timeout:  # the engine has no HTTP timeouts: the worker's kill is one
            limit = min(limit, self.service_timeout) if limit else self.service_timeout
        if self._query_pool is not None:
            return self._query_pool.run(self.path, sparql, kind=result_kind(form), union=UNION_GRAPH, timeout=limit,
                                        max_rows=cap, lane=lane, result_format=result_format)

        def body(cancel: threading.Event) -> QueryResult:
            answer = self._store.query(sparql, default_graph=self._union, named_graphs=self._named_graphs(sparql))
            kind = result_kind(form)
            if kind == "ask":
                return QueryResult("ask", boolean=bool(answer))
            if kind == "graph":
                term = memo(from_oxigraph)
                triples, truncated = _collect_rows(
                    answer, [], lambda t: (term(t.subject), term(t.predicate), term(t.object)), cancel, cap)
                return QueryResult("graph", triples=triples, truncated=truncated)
            variables = [v.value for v in answer.variables]
            width = range(len(variables))
            term = memo(from_oxigraph)
            rows, truncated = _collect_rows(
                answer, variables, lambda s: tuple(term(s[i]) for i in width), cancel, cap)
            return QueryResult("select", variables=variables, rows=rows, truncated=truncated)

        return self._limiter.run(body, limit)

    def select_lexical(self, sparql: str) -> tuple[list[str], list[tuple[str | None, ...]]]:
        """A SELECT of the service's own (fixed text, no user input: `answers.model`), run in the calling
        thread with no time limit or row cap: (variables, rows of lexical values). The read model asks
        dozens of small queries per answer; a thread hop and rdflib terms per row would double their cost."""
        answer = self._store.query(sparql, default_graph=self._union)
        variables = [v.value for v in answer.variables]
        width = range(len(variables))
        return variables, [tuple(None if s[i] is None else s[i].value for i in width) for s in answer]

    def _union_size(self) -> int:
        answer = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=self._union)
        return int(next(iter(answer))[0].value)

    def triple_count(self) -> int:
        return len(self._store) - self._union_size()

    def distinct_triples(self) -> int:
        return self._union_size()

    def export(self, fmt: str, out: Output = None) -> bytes | None:
        fmt = _check_format(fmt)
        ox = self._ox
        from graph.vocab import PREFIXES

        if fmt in ("ttl", "nt"):  # the merge of all documents: the union graph
            rdf_format = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
            kwargs = {"prefixes": PREFIXES} if fmt == "ttl" else {}
            return _write(self._store.dump(format=rdf_format, from_graph=self._union, **kwargs), out)
        rdf_format = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
        kwargs = {"prefixes": PREFIXES} if fmt == "trig" else {}
        quads = (q for q in self._store if q.graph_name != self._union)
        return _write(ox.serialize(quads, format=rdf_format, **kwargs), out)

    # -------------------------------------------------------------- lifecycle
    def compact(self) -> None:
        """Merge the store's table files (RocksDB compaction). The bulk loader writes each batch as table
        files of their own; reading one document's statements costs about half as much once they are
        merged (see `graph.live.LiveGraph.compact`)."""
        if self.read_only:
            raise StoreError("Kho chỉ đọc không nén lại được", detail="compact needs a writable store")
        with self._write_lock:
            self._store.optimize()

    def backup(self, target: str | Path) -> Path:
        """A consistent snapshot in `target` (must not exist), openable as another `OxigraphStore`."""
        if self.path is None:
            raise StoreError("Kho trong bộ nhớ không sao lưu được", detail="backup needs an on-disk store")
        target = Path(target)
        if target.exists():
            raise StoreError(f"Thư mục sao lưu đã tồn tại: {target}", detail="backup target must not exist")
        if not self.read_only:
            self._store.flush()
        self._store.backup(str(target))
        return target

    def close(self) -> None:
        self._limiter.close()
        if getattr(self, "_store", None) is not None:
            if not self.read_only:
                try:
                    self._store.flush()
                except OSError:
                    pass
            self._store = None


# ============================================================================ rdflib in memory

class MemoryStore:
    """rdflib Dataset in memory: no dependencies beyond rdflib; slow on large graphs."""

    def __init__(self, *, timeout: float | None = DEFAULT_TIMEOUT_S, max_rows: int | None = DEFAULT_MAX_ROWS,
                 max_workers: int = 2) -> None:
        self.dataset = Dataset(default_union=True)
        self.timeout = timeout
        self.max_rows = max_rows
        self._limiter = _Limiter(max_workers)

    def add_document(self, doc_id: str, graph: Graph) -> int:
        _check_doc_id(doc_id)
        name = graph_iri(doc_id)
        self.dataset.remove_graph(name)
        target = self.dataset.graph(name)
        target.addN((s, p, o, target) for s, p, o in graph)
        return len(target)

    def add_documents(self, items: Iterable[tuple[str, Graph]]) -> int:
        return sum(self.add_document(doc_id, graph) for doc_id, graph in items)

    def remove_document(self, doc_id: str) -> bool:
        _check_doc_id(doc_id)
        name = graph_iri(doc_id)
        existed = any(g.identifier == name for g in self.dataset.graphs())
        self.dataset.remove_graph(name)
        return existed

    def documents(self) -> list[str]:
        ids = (doc_id_of_graph(str(g.identifier)) for g in self.dataset.graphs())
        return sorted(i for i in ids if i is not None and i not in RESERVED_IDS)

    def query(self, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              lane: str = "internal", result_format: str | None = None) -> QueryResult:
        form = query_form(sparql)
        check_query(sparql)
        cap = max_rows if max_rows is not None else self.max_rows

        def body(cancel: threading.Event) -> QueryResult:
            answer = self.dataset.query(sparql)
            kind = result_kind(form)
            if kind == "ask":
                return QueryResult("ask", boolean=bool(answer.askAnswer))
            if kind == "graph":
                triples, truncated = _collect_rows(answer, [], lambda t: t, cancel, cap)
                return QueryResult("graph", triples=triples, truncated=truncated)
            variables = [str(v) for v in answer.vars]
            rows, truncated = _collect_rows(answer, variables, lambda r: tuple(r), cancel, cap)
            return QueryResult("select", variables=variables, rows=rows, truncated=truncated)

        return self._limiter.run(body, timeout if timeout is not None else self.timeout)

    def triple_count(self) -> int:
        return sum(len(g) for g in self.dataset.graphs() if str(g.identifier).startswith(GRAPH_BASE))

    def export(self, fmt: str, out: Output = None) -> bytes | None:
        fmt = _check_format(fmt)
        from graph.vocab import bind_prefixes

        if fmt in ("nq", "trig", "jsonld"):
            dataset = Dataset()
            bind_prefixes(dataset)
            for g in self.dataset.graphs():
                if str(g.identifier).startswith(GRAPH_BASE):
                    dataset.graph(g.identifier).addN((s, p, o, dataset.graph(g.identifier)) for s, p, o in g)
            rdflib_format = {"nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt]
            return _write(dataset.serialize(format=rdflib_format, encoding="utf-8"), out)
        merged = Graph()
        bind_prefixes(merged)
        for g in self.dataset.graphs():
            merged += g
        return _write(merged.serialize(format="turtle" if fmt == "ttl" else "nt", encoding="utf-8"), out)

    def close(self) -> None:
        self._limiter.close()


# ========================================================================== remote SPARQL 1.1

class RemoteSparqlStore:
    """Any SPARQL 1.1 server (Oxigraph, Fuseki, Virtuoso, GraphDB...) through the standard protocol.

    Like `OxigraphStore`, it keeps the union graph of all documents itself (SPARQL Update on
    `update_url`) and names it as `default-graph-uri` in every query, so no server-side "union default
    graph" setting is needed and a triple shared by many documents counts once. Users' UPDATE requests
    are still refused by `query()`; the protocol's dataset parameters mean `GRAPH ?g` sees no graphs.
    """

    def __init__(self, query_url: str, update_url: str | None = None, *, timeout: float | None = DEFAULT_TIMEOUT_S,
                 max_rows: int | None = DEFAULT_MAX_ROWS, batch_size: int = 5_000,
                 headers: dict[str, str] | None = None, union_graph: str = UNION_GRAPH) -> None:
        import httpx

        self.union_graph = union_graph  # a build's own union on a shared server (graph.remote_builds)
        self.query_url = query_url
        self.update_url = update_url
        self.timeout = timeout
        self.max_rows = max_rows
        self.batch_size = batch_size
        self._client = httpx.Client(headers=headers or {}, timeout=timeout)

    def _post(self, url: str, data: dict, accept: str, timeout: float | None):
        import httpx

        limit = timeout if timeout is not None else self.timeout
        try:
            response = self._client.post(url, data=data, headers={"Accept": accept}, timeout=limit or None)
        except httpx.TimeoutException:
            raise QueryTimeout(f"Máy chủ SPARQL không trả lời trong {timeout or self.timeout:g} giây",
                               detail=url) from None
        except httpx.HTTPError as exc:
            raise StoreError("Không kết nối được máy chủ SPARQL", detail=f"{url}: {exc}") from None
        if response.status_code == 400:
            raise BadRequest("Máy chủ SPARQL từ chối truy vấn", detail=response.text[:500])
        if response.status_code >= 300:
            raise StoreError(f"Máy chủ SPARQL trả lỗi {response.status_code}", detail=response.text[:500])
        return response

    def _update(self, update: str) -> None:
        if not self.update_url:
            raise StoreError("Kho từ xa không có địa chỉ cập nhật", detail="update_url is not set")
        self._post(self.update_url, {"update": update}, "*/*", self.timeout)

    def _retract(self, name: str) -> None:
        """Drop a document's graph, and from the union the triples no other document asserts."""
        self._update(
            f"DELETE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{name}> && ?g != <{UNION_GRAPH}>) }} }} ;\n"
            f"DROP SILENT GRAPH <{name}>"
        )

    def add_document(self, doc_id: str, graph: Graph) -> int:
        _check_doc_id(doc_id)
        name = graph_iri(doc_id)
        triples = list(graph)
        self._retract(str(name))
        for start in range(0, len(triples), self.batch_size):
            batch = Graph()
            for triple in triples[start:start + self.batch_size]:
                batch.add(triple)
            body = batch.serialize(format="nt", encoding="utf-8").decode("utf-8")
            self._update(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} GRAPH <{UNION_GRAPH}> {{\n{body}\n}} }}")
        return len(triples)

    def add_documents(self, items: Iterable[tuple[str, Graph]]) -> int:
        return sum(self.add_document(doc_id, graph) for doc_id, graph in items)

    def remove_document(self, doc_id: str) -> bool:
        _check_doc_id(doc_id)
        name = str(graph_iri(doc_id))
        existed = ask_value(self._raw_select(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"))
        self._retract(name)
        return bool(existed)

    def _raw_select(self, sparql: str) -> dict:
        """A query on the server's own dataset (all named graphs), for bookkeeping."""
        return self._post(self.query_url, {"query": sparql}, "application/sparql-results+json", self.timeout).json()

    def documents(self) -> list[str]:
        payload = self._raw_select(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{GRAPH_BASE}\")) }}")
        ids = (doc_id_of_graph(b["g"]["value"]) for b in payload["results"]["bindings"])
        return sorted(i for i in ids if i is not None and i not in RESERVED_IDS)

    def query(self, sparql: str, *, timeout: float | None = None, max_rows: int | None = None,
              lane: str = "internal", result_format: str | None = None) -> QueryResult:
        form = query_form(sparql)
        check_query(sparql)  # a SERVICE call would make the remote server fetch for us
        kind = result_kind(form)
        cap = max_rows if max_rows is not None else self.max_rows
        started = time.perf_counter()
        data = {"query": sparql, "default-graph-uri": self.union_graph}
        if kind == "graph":
            response = self._post(self.query_url, data, "application/n-triples", timeout)
            graph = Graph()
            graph.parse(data=response.content, format="nt")
            triples = list(graph)
            truncated = bool(cap) and len(triples) > cap
            result = QueryResult("graph", triples=triples[:cap] if truncated else triples, truncated=truncated)
        else:
            response = self._post(self.query_url, data, "application/sparql-results+json", timeout)
            payload = response.json()
            if kind == "ask":
                result = QueryResult("ask", boolean=ask_value(payload))
            else:
                variables = list(payload.get("head", {}).get("vars", []))
                bindings = payload.get("results", {}).get("bindings", [])
                truncated = bool(cap) and len(bindings) > cap
                rows = [tuple(from_sparql_json(b.get(v)) for v in variables) for b in (bindings[:cap] if cap else bindings)]
                result = QueryResult("select", variables=variables, rows=rows, truncated=truncated)
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def triple_count(self) -> int:
        payload = self._raw_select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{UNION_GRAPH}>) }}")
        bindings = payload["results"]["bindings"]
        return int(bindings[0]["n"]["value"]) if bindings else 0

    def export(self, fmt: str, out: Output = None) -> bytes | None:
        fmt = _check_format(fmt)
        from graph.vocab import bind_prefixes

        if fmt in ("nq", "trig", "jsonld"):
            payload = self._raw_select(
                f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{UNION_GRAPH}>) }}")
            dataset = Dataset()
            bind_prefixes(dataset)
            for b in payload["results"]["bindings"]:
                dataset.graph(URIRef(b["g"]["value"])).add(
                    (from_sparql_json(b["s"]), from_sparql_json(b["p"]), from_sparql_json(b["o"])))
            rdflib_format = {"nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt]
            return _write(dataset.serialize(format=rdflib_format, encoding="utf-8"), out)
        graph = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", max_rows=0).graph()
        bind_prefixes(graph)
        return _write(graph.serialize(format="turtle" if fmt == "ttl" else "nt", encoding="utf-8"), out)

    def close(self) -> None:
        self._client.close()


def ask_value(payload: dict) -> bool:
    """An ASK answer in SPARQL JSON; Virtuoso 7 answers with a one-row table (`__ASK_RETVAL`) instead."""
    if "boolean" in payload:
        return bool(payload["boolean"])
    bindings = payload.get("results", {}).get("bindings", [])
    return bool(bindings) and str(next(iter(bindings[0].values()), {}).get("value")) in ("1", "true")


# ================================================================================== factory

STORE_BACKENDS: dict[str, Callable[..., GraphStore]] = {
    "oxigraph": OxigraphStore,
    "memory": MemoryStore,
    "remote": RemoteSparqlStore,
}


def make_store(name: str = "oxigraph", **opts) -> GraphStore:
    """The store named by the `graph_store` setting, e.g. make_store("oxigraph", path="data/graph")."""
    try:
        factory = STORE_BACKENDS[name]
    except KeyError:
        raise BadRequest(f"Không có kho đồ thị tên '{name}'",
                         detail=f"graph stores: {', '.join(STORE_BACKENDS)}") from None
    return factory(**opts)


def load_ontology(store: GraphStore) -> int:
    """Put the ontology and code lists in their own graph, so queries can read labels."""
    from graph.ontology import ontology_graph

    return store.add_document(ONTOLOGY_DOC_ID, ontology_graph())
