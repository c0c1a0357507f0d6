"""What a SPARQL request is, read from its first keyword after the prologue.

Stores never execute updates through `query()` (the engines' query entry points cannot), but telling
the user clearly that UPDATE is refused — with the right status — is this module's job.
"""
from __future__ import annotations

import re
from typing import Literal

from ingest.errors import BadRequest, Forbidden

QueryForm = Literal["select", "ask", "construct", "describe"]

_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}
_UPDATES = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
_TOKEN = re.compile(
    r"""\s+                      # whitespace
      | \#[^\n]*                  # comment
      | <[^<>"{}|^`\\\s]*>        # IRI reference
      | [A-Za-z_][\w.\-]*:?       # keyword or prefix name
      | :                         # empty prefix
    """,
    re.VERBOSE,
)


def query_form(sparql: str) -> QueryForm:
    """'select' | 'ask' | 'construct' | 'describe'; Forbidden for updates, BadRequest otherwise."""
    if not isinstance(sparql, str) or not sparql.strip():
        raise BadRequest("Truy vấn SPARQL rỗng", detail="empty SPARQL query")
    pos, expect = 0, "keyword"
    while pos < len(sparql):
        match = _TOKEN.match(sparql, pos)
        if not match:
            break
        token, pos = match.group(0), match.end()
        if token.isspace() or token.startswith("#"):
            continue
        word = token.upper()
        if expect == "keyword":
            if word == "PREFIX":
                expect = "prefix-name"
            elif word == "BASE":
                expect = "iri"
            elif word in _FORMS:
                return _FORMS[word]  # type: ignore[return-value]
            elif word in _UPDATES:
                raise Forbidden(
                    "Không cho phép cập nhật (SPARQL Update): điểm truy vấn chỉ đọc",
                    detail="SPARQL Update is disabled; the graph is written only by ingest",
                )
            else:
                break
        elif expect == "prefix-name":
            if not token.endswith(":"):
                break
            expect = "iri"
        elif expect == "iri":
            if not token.startswith("<"):
                break
            expect = "keyword"
    raise BadRequest(
        "Không nhận ra truy vấn SPARQL (cần SELECT, ASK, CONSTRUCT hoặc DESCRIBE)",
        detail="not a SPARQL query form (SELECT, ASK, CONSTRUCT, DESCRIBE)",
    )


def result_kind(form: QueryForm) -> Literal["select", "ask", "graph"]:
    return "graph" if form in ("construct", "describe") else form  # type: ignore[return-value]
