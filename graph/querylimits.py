"""What a SPARQL text may ask of the engine, checked on its tokens before the engine parses it.

Oxigraph parses and evaluates queries recursively, so a small text can exhaust the native stack and
kill the process (SIGSEGV): 3,000 nested `{`, 5,000 chained `+`, 10,000 nested `(` or `[`, 10,000 `UNION`
branches each did on this machine. Those limits are properties of the engine, not policy, so they are
enforced here on a cheap lexical scan — linear in the text, no recursion — with a wide margin below
the measured crash points and far above what a person or a tool writes (the example queries in
`docs/queries/` nest 6 deep at most). A query over a limit is refused with 400 and a message that
names the limit.

The same scan finds `SERVICE` calls: federated queries make the server send HTTP requests wherever
the text says (SSRF), so they are refused unless the endpoint is on the `sparql_service_allow` list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.errors import BadRequest, Forbidden


@dataclass(frozen=True)
class QueryLimits:
    """Each limit sits at least 20x below the smallest measured crash point of its construct."""

    max_bytes: int = 256 * 1024
    max_tokens: int = 50_000
    max_depth: int = 64  # nested { ( [ together; braces crashed at ~2,500 levels
    max_unions: int = 256  # UNION keywords; 10,000 crashed, 1,000 took seconds to plan
    max_operators: int = 500  # + - * / ! || && = < > | ^ ...; a 5,000-long chain crashed
    max_statements: int = 5_000  # triple patterns (separators . ; , inside groups)


DEFAULT_LIMITS = QueryLimits()


class QueryTooComplex(BadRequest):
    code = "query_too_complex"


class ServiceRefused(Forbidden):
    code = "service_refused"


@dataclass
class QueryProfile:
    """What the scan counted (also what the limits were checked against)."""

    tokens: int = 0
    depth: int = 0
    unions: int = 0
    operators: int = 0
    statements: int = 0
    services: list[str] = field(default_factory=list)  # SERVICE targets as written (IRI, prefixed name or ?var)


_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<comment>\#[^\n\r]*)
      | (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
      | (?P<string>'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][\w\u00B7-\uFFFF]+)
      | (?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
      | (?P<name>(?:[A-Za-z\u00C0-\uFFFF_][\w.\-\u00B7-\uFFFF]*)?:(?:[\w\-.:%\\\u00B7-\uFFFF]*[\w\-:%\u00B7-\uFFFF])?
                |[A-Za-z\u00C0-\uFFFF][\w\-\u00B7-\uFFFF]*)
      | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
      | (?P<op>\|\||&&|!=|<=|>=|\^\^|[-+*/!=<>|^])
      | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_OPEN = {"{": "}", "(": ")", "[": "]"}
_CLOSE = {"}", ")", "]"}
_STATEMENT_SEPARATORS = {".", ";", ","}


def profile_query(sparql: str) -> QueryProfile:
    """Count the constructs that drive the engine's recursion, in one pass over the tokens."""
    profile = QueryProfile()
    stack: list[str] = []
    prefixes: dict[str, str] = {}
    expect: str | None = None  # what the previous keyword announced: "prefix-name", "prefix-iri", "service"
    pending_prefix = ""
    for match in _TOKEN.finditer(sparql):
        kind = match.lastgroup
        if kind in ("ws", "comment"):
            continue
        token = match.group(0)
        profile.tokens += 1
        word = token.upper() if kind == "name" else ""
        if expect == "service":
            if word == "SILENT":
                continue
            target = prefixes_expand(token, prefixes) if kind == "name" else token
            profile.services.append(target)
            expect = None
        elif expect == "prefix-name" and kind == "name":
            pending_prefix, expect = token, "prefix-iri"
            continue
        elif expect == "prefix-iri" and kind == "iri":
            prefixes[pending_prefix] = token[1:-1]
            expect = None
            continue
        else:
            expect = None
        if kind == "punct" or kind == "op":
            if token in _OPEN:
                stack.append(token)
                profile.depth = max(profile.depth, len(stack))
            elif token in _CLOSE:
                if stack:
                    stack.pop()
            elif token in _STATEMENT_SEPARATORS:
                if stack and stack[-1] in "{[":
                    profile.statements += 1
            elif kind == "op":
                profile.operators += 1
        elif word == "UNION":
            profile.unions += 1
        elif word == "SERVICE":
            expect = "service"
        elif word == "PREFIX":
            expect = "prefix-name"
    return profile


def names_dataset(sparql: str) -> bool:
    """True when the query names a graph or a dataset (the keywords GRAPH, FROM), read as tokens: a word in a
    comment, a string or an IRI does not count (the example queries say "from" in their comments)."""
    return any(m.lastgroup == "name" and m.group(0).upper() in ("GRAPH", "FROM") for m in _TOKEN.finditer(sparql))


def prefixes_expand(name: str, prefixes: dict[str, str]) -> str:
    """`ex:sparql` as `<http://example.org/sparql>` when `ex:` was declared; else the name as written."""
    prefix, _, local = name.partition(":")
    base = prefixes.get(prefix + ":")
    return f"<{base}{local}>" if base is not None else name


def check_query(sparql: str, *, limits: QueryLimits = DEFAULT_LIMITS,
                allowed_services: tuple[str, ...] = ()) -> QueryProfile:
    """Refuse a query the engine should not see: over a limit (400) or calling a SERVICE not allowed (403)."""
    size = len(sparql.encode("utf-8"))
    if size > limits.max_bytes:
        raise QueryTooComplex(f"Truy vấn quá dài ({size // 1024} KB; tối đa {limits.max_bytes // 1024} KB)",
                              detail=f"query size {size} bytes > {limits.max_bytes}")
    profile = profile_query(sparql)
    over = [
        (profile.depth, limits.max_depth, "mức lồng nhau của ngoặc { ( [", "nesting depth"),
        (profile.unions, limits.max_unions, "nhánh UNION", "UNION branches"),
        (profile.operators, limits.max_operators, "toán tử trong biểu thức và đường dẫn", "operators"),
        (profile.statements, limits.max_statements, "mẫu bộ ba", "triple patterns"),
        (profile.tokens, limits.max_tokens, "từ tố", "tokens"),
    ]
    for value, limit, label, name in over:
        if value > limit:
            raise QueryTooComplex(
                f"Truy vấn quá phức tạp: {value} {label}, tối đa {limit}. Hãy chia truy vấn nhỏ hơn "
                "(ví dụ dùng VALUES thay cho nhiều UNION hay chuỗi ||)",
                detail=f"{name} {value} > limit {limit}")
    for target in profile.services:
        if not _service_allowed(target, allowed_services):
            raise ServiceRefused(
                "Không cho phép gọi điểm truy vấn khác (SERVICE): máy chủ không gửi truy vấn ra ngoài"
                + (f"; chỉ được gọi: {', '.join(allowed_services)}" if allowed_services else ""),
                detail=f"SERVICE {target} is not in the sparql_service_allow setting")
    return profile


def _service_allowed(target: str, allowed: tuple[str, ...]) -> bool:
    """An allow-listed endpoint, written as an IRI; a variable or an unknown prefix is never allowed."""
    if not (target.startswith("<") and target.endswith(">")):
        return False
    iri = target[1:-1]
    return any(iri == a or (a.endswith("/") and iri.startswith(a)) for a in allowed)


def parse_allow_list(raw: str) -> tuple[str, ...]:
    """The `sparql_service_allow` setting: endpoint IRIs separated by spaces or commas."""
    return tuple(p for p in re.split(r"[\s,]+", raw or "") if p)
