"""The SPARQL 1.1 Protocol endpoint: one mountable router, read-only, with a time limit and a result cap.

Three ways to send a query (GET `?query=`, POST form, POST `application/sparql-query`), one answer
path: parse the request, check the text against the engine's limits and the SERVICE policy
(`graph.querylimits`, 400/403 before the engine sees it), cap the queries one client runs at once
(429), run the query in a worker process that is killed at the time limit (`graph.querypool`),
serialise it with `graph.sparql`. Without a query, GET answers the service description. Updates are
refused: the graph is written only by ingest.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD
from starlette.concurrency import run_in_threadpool

from api.deps import get_service as _service
from api.service import NoData, Service, open_graph
from graph.iris import graph_iri
from graph.querykind import query_form
from graph.querylimits import DEFAULT_LIMITS, check_query, parse_allow_list
from graph.sparql import MIME_OF, negotiate, normalise_format, serialize_result
from graph.store import UNION_GRAPH, OxigraphStore
from ingest.errors import BadRequest, CancuError, Forbidden, PayloadTooLarge, UnsupportedFormat

router = APIRouter(tags=["SPARQL"])

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
MAX_QUERY_BYTES = DEFAULT_LIMITS.max_bytes  # a query text, not a data upload
TRUNCATED_HEADER = "X-Cancu-Truncated"
_EXPOSED = f"{TRUNCATED_HEADER}, X-Cancu-Rows, X-Cancu-Elapsed-Ms, X-Cancu-Build"

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_QUERY_TYPE = "application/sparql-query"
_UPDATE_TYPE = "application/sparql-update"
# What clients put in `format=`/`output=`/`results=` (SPARQLWrapper sends all three) for graph results.
_GRAPH_FORMAT_WORDS = {"xml": "rdfxml", "rdf+xml": "rdfxml", "json": "jsonld", "n3": "turtle"}
_RESULT_FORMAT_URIS = {
    "json": FORMATS.SPARQL_Results_JSON, "xml": FORMATS.SPARQL_Results_XML, "csv": FORMATS.SPARQL_Results_CSV,
    "tsv": FORMATS.SPARQL_Results_TSV, "turtle": FORMATS.Turtle, "ntriples": FORMATS["N-Triples"],
    "jsonld": FORMATS["JSON-LD"], "rdfxml": FORMATS["RDF_XML"],
}
_UPDATE_REFUSED = "Không cho phép cập nhật (SPARQL Update): điểm truy vấn chỉ đọc; đồ thị chỉ được ghi khi nạp văn bản"


class NotAcceptable(CancuError):
    status = 406
    code = "not_acceptable"


class DatasetNotSupported(BadRequest):
    code = "dataset_not_supported"


class TooManyQueries(CancuError):
    status = 429
    code = "too_many_queries"
    headers = {"Retry-After": "2"}


class ClientSlots:
    """At most `limit` queries running at once per client address: one client cannot take every worker."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, int(limit))
        self._running: dict[str, int] = {}
        self._lock = threading.Lock()

    @contextmanager
    def hold(self, client: str) -> Iterator[None]:
        with self._lock:
            running = self._running.get(client, 0)
            if running >= self.limit:
                raise TooManyQueries(
                    f"Máy khách này đã có {running} truy vấn SPARQL đang chạy (tối đa {self.limit}); "
                    "hãy chờ chúng xong rồi gửi tiếp", detail=f"setting sparql_client_queries={self.limit}")
            self._running[client] = running + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._running[client] - 1
                if left:
                    self._running[client] = left
                else:
                    del self._running[client]


def client_slots(request: Request) -> ClientSlots:
    state = request.app.state
    slots = getattr(state, "sparql_clients", None)
    if slots is None:
        slots = state.sparql_clients = ClientSlots(_service(request).settings.sparql_client_queries)
    return slots


@dataclass
class ProtocolRequest:
    """The protocol parameters of one request, whichever way they came."""

    query: str | None = None
    formats: list[str] = field(default_factory=list)
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    wants_update: bool = False


def read_params(items: list[tuple[str, str]], request: ProtocolRequest | None = None) -> ProtocolRequest:
    """Collect protocol parameters; the SPARQL protocol allows exactly one `query`."""
    out = request or ProtocolRequest()
    queries = [v for k, v in items if k == "query"]
    if len(queries) > 1 or (queries and out.query is not None):
        raise BadRequest("Chỉ được gửi một tham số query", detail="the SPARQL protocol allows exactly one query")
    if queries:
        out.query = queries[0]
    out.formats += [v for k, v in items if k in ("format", "output", "results") and v]
    out.default_graphs += [v for k, v in items if k == "default-graph-uri"]
    out.named_graphs += [v for k, v in items if k == "named-graph-uri"]
    out.wants_update = out.wants_update or any(k in ("update", "using-graph-uri", "using-named-graph-uri")
                                               for k, _ in items)
    return out


def check_dataset(params: ProtocolRequest) -> None:
    """The dataset is fixed: the union of all documents as default graph, every document as a named graph."""
    foreign = [g for g in params.default_graphs if g != UNION_GRAPH]
    if foreign or params.named_graphs:
        raise DatasetNotSupported(
            "Điểm truy vấn không hỗ trợ chọn tập dữ liệu qua default-graph-uri/named-graph-uri: đồ thị mặc định "
            "là hợp của mọi văn bản; để hỏi một văn bản, dùng GRAPH <https://cancu.vn/graph/MÃ_VĂN_BẢN> { ... }",
            detail=f"only default-graph-uri={UNION_GRAPH} is accepted; named-graph-uri is not supported",
        )


def choose_format(params: ProtocolRequest, accept: str | None, form: str) -> tuple[str, str]:
    """(media type, format): an explicit `format=` wins; else the Accept header decides."""
    if params.formats:
        wanted = params.formats[0].strip()
        if "/" in wanted:  # a media type given as the format
            return _negotiate(wanted, form)
        kind = "graph" if form in ("construct", "describe") else "select"
        if kind == "graph":
            wanted = _GRAPH_FORMAT_WORDS.get(wanted.lower(), wanted)
        fmt = normalise_format(wanted, form)
        return MIME_OF[fmt], fmt
    return _negotiate(accept, form)


def _negotiate(accept: str | None, form: str) -> tuple[str, str]:
    try:
        return negotiate(accept, form)
    except UnsupportedFormat as exc:
        raise NotAcceptable(exc.message, detail=exc.detail) from None



def _endpoint_url(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


# ------------------------------------------------------------------------------ answering

def _execute(service: Service, query: str, fmt: str) -> tuple[bytes, bool, int, float, str]:
    """Runs in a worker thread: open the current build's store, query it with the settings' limits. A
    SELECT on the embedded store comes back already serialised by the engine (graph.queryworker): its
    bytes are the answer, with no Python object per term."""
    build = service.build()
    store = open_graph(service)
    s = service.settings
    engine_format = {"result_format": fmt} if isinstance(store, OxigraphStore) else {}
    result = store.query(query, timeout=s.sparql_timeout, max_rows=s.sparql_max_results, lane="public",
                         **engine_format)
    if result.body is not None and result.body_format == fmt:
        body = result.body
    else:
        body = serialize_result(result, fmt).encode("utf-8")
    return body, result.truncated, len(result), result.elapsed_ms, build.id


async def answer(request: Request, params: ProtocolRequest) -> Response:
    if params.wants_update:
        raise Forbidden(_UPDATE_REFUSED, detail="use `cancu ingest` or POST /api/documents to change the graph")
    if params.query is None:
        raise BadRequest("Thiếu tham số query", detail="send ?query=..., a form field query= or a "
                                                      "application/sparql-query body")
    if len(params.query.encode("utf-8")) > MAX_QUERY_BYTES:
        raise PayloadTooLarge(f"Truy vấn dài quá {MAX_QUERY_BYTES // 1000} kB")
    form = query_form(params.query)  # Forbidden for an update, BadRequest for anything else
    check_query(params.query, allowed_services=parse_allow_list(_service(request).settings.sparql_service_allow))
    check_dataset(params)
    media, fmt = choose_format(params, request.headers.get("accept"), form)
    client = request.client.host if request.client else "?"
    with client_slots(request).hold(client):
        text, truncated, rows, elapsed, build_id = await run_in_threadpool(_execute, _service(request), params.query,
                                                                           fmt)
    headers = {"X-Cancu-Rows": str(rows), "X-Cancu-Elapsed-Ms": f"{elapsed:.1f}", "X-Cancu-Build": build_id,
               "Access-Control-Expose-Headers": _EXPOSED, "Vary": "Accept"}
    if truncated:
        headers[TRUNCATED_HEADER] = "true"
    return Response(text, media_type=f"{media}; charset=utf-8", headers=headers)


# ---------------------------------------------------------------------------- description

def service_description(endpoint: str, service: Service) -> Graph:
    """An `sd:Service` of the SPARQL 1.1 Service Description vocabulary, with the dataset it serves."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("dcterms", DCTERMS)
    me = URIRef(endpoint)
    s = service.settings
    g.add((me, RDF.type, SD.Service))
    g.add((me, SD.endpoint, me))
    g.add((me, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((me, SD.feature, SD.UnionDefaultGraph))
    g.add((me, SD.feature, SD.EmptyGraphs))
    for uri in _RESULT_FORMAT_URIS.values():
        g.add((me, SD.resultFormat, uri))
    g.add((me, DCTERMS.title, Literal("Căn cứ — điểm truy vấn SPARQL (chỉ đọc)", lang="vi")))
    g.add((me, RDFS.comment, Literal(
        f"Chỉ nhận SELECT, ASK, CONSTRUCT, DESCRIBE; mỗi truy vấn tối đa {s.sparql_timeout:g} giây và "
        f"{s.sparql_max_results} kết quả (vượt thì cắt bớt, tiêu đề {TRUNCATED_HEADER}: true). "
        "Đồ thị mặc định là hợp của mọi văn bản; mỗi văn bản là một đồ thị có tên.", lang="vi")))
    try:
        build = service.build()
        store = open_graph(service)
        documents = store.documents()
    except NoData:
        return g
    dataset, default = BNode(), BNode()
    g.add((me, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, DCTERMS.identifier, Literal(build.id)))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, DCTERMS.identifier, Literal(UNION_GRAPH, datatype=XSD.anyURI)))
    for doc_id in documents:
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(graph_iri(doc_id))))
    return g


async def describe_service(request: Request, params: ProtocolRequest) -> Response:
    media, fmt = choose_format(params, request.headers.get("accept"), "describe")
    graph = await run_in_threadpool(service_description, _endpoint_url(request), _service(request))
    rdflib_format = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "pretty-xml"}[fmt]
    return Response(graph.serialize(format=rdflib_format).encode("utf-8"), media_type=f"{media}; charset=utf-8",
                    headers={"Vary": "Accept"})


# ---------------------------------------------------------------------------------- routes

_DOC = ("Điểm truy vấn SPARQL 1.1 (chỉ đọc). Định dạng theo tiêu đề Accept hoặc tham số format: "
        "json, xml, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld (CONSTRUCT/DESCRIBE). "
        "Không có query: trả mô tả dịch vụ (sd:Service, Turtle).")


@router.get("/sparql", summary="Truy vấn SPARQL 1.1 (GET)", description=_DOC)
async def sparql_get(
    request: Request,
    query: str | None = Query(None, description="Truy vấn SELECT, ASK, CONSTRUCT hoặc DESCRIBE"),
    format: str | None = Query(None, description="Định dạng kết quả, ví dụ json, csv, turtle (ghi đè Accept)"),
    default_graph_uri: list[str] = Query([], alias="default-graph-uri", description="Chỉ nhận đồ thị hợp mặc định"),
    named_graph_uri: list[str] = Query([], alias="named-graph-uri", description="Không hỗ trợ"),
) -> Response:
    params = read_params(list(request.query_params.multi_items()))
    if params.query is None and not params.wants_update:
        return await describe_service(request, params)
    return await answer(request, params)


_POST_BODY = {
    "requestBody": {"content": {
        _QUERY_TYPE: {"schema": {"type": "string"}, "example": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"},
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
            "query": {"type": "string"}, "format": {"type": "string"}}, "required": ["query"]}},
    }},
}


@router.post("/sparql", summary="Truy vấn SPARQL 1.1 (POST)", description=_DOC, openapi_extra=_POST_BODY)
async def sparql_post(request: Request) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_QUERY_BYTES:
        raise PayloadTooLarge(f"Truy vấn dài quá {MAX_QUERY_BYTES // 1000} kB")
    params = read_params(list(request.query_params.multi_items()))
    if content_type == _UPDATE_TYPE:
        raise Forbidden(_UPDATE_REFUSED, detail="SPARQL Update is disabled")
    if content_type == _QUERY_TYPE:
        body = await _read_body(request)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("Truy vấn phải được mã hóa UTF-8") from None
        params = read_params([("query", text)], params)
    elif content_type in _FORM_TYPES:
        form = await request.form()
        params = read_params([(k, v) for k, v in form.multi_items() if isinstance(v, str)], params)
    else:
        raise UnsupportedFormat(
            f"Kiểu nội dung '{content_type or '(không có)'}' không được hỗ trợ cho POST /sparql",
            detail=f"use {_QUERY_TYPE} or application/x-www-form-urlencoded",
        )
    return await answer(request, params)


async def _read_body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_QUERY_BYTES:
            raise PayloadTooLarge(f"Truy vấn dài quá {MAX_QUERY_BYTES // 1000} kB")
        chunks.append(chunk)
    return b"".join(chunks)
