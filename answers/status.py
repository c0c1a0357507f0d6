"""Does it still hold? The status of a document, read from the corpus itself.

The graph writes what a later document of the corpus does to an earlier act on the act itself
(`eli:amended_by`, `cancu:replaced_by`, `eli:repealed_by`), and the evidence on the later document's
citation node (`cancu:provisions`, `prov:wasDerivedFrom` its clause; docs/graph.md). This module reads
them for the documents an answer or a page shows, and the period a document is for ("giai đoạn
2021-2025", from its title: `graph.programmes.document_term`), compared with today or an as-of date.

Nothing is hidden: an amended, replaced or repealed act, or a plan whose period has ended, is still
listed where it is cited, with what happened to it beside it. A change made by a document dated after
the as-of date is not yet a change on that date and is left out.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from answers import queries as Q
from answers.knowledge import Knowledge
from answers.model import ReadModel
from answers.records import Change, CitedDocument, ClauseRef, PlanRef, Term
from graph.programmes import document_term
from graph.vocab import RELATION
from ingest.errors import BadRequest

STATUS_WORDS = {
    "amends": "đã được sửa đổi, bổ sung bởi",
    "replaces": "đã được thay thế bởi",
    "repeals": "đã bị bãi bỏ bởi",
}
# strongest first: a replaced or repealed act no longer stands; an amended one stands as amended
STATUS_ORDER = ("repeals", "replaces", "amends")

# Two steps, so the work follows the acts asked about: which of them a later corpus document changed (by
# their IRIs), then the citations stating each change (by act and later document). As one query with the
# citations in an OPTIONAL, the embedded store evaluated the optional part over every citation of the corpus
# first (7 s per answer at 1,000 documents).
CHANGED = Q.PREFIXES + f"""
SELECT ?act ?rel ?later WHERE {{
  __ACTS__
  VALUES (?status ?rel) {{
    (eli:amended_by <{RELATION['amends']}>) (cancu:replaced_by <{RELATION['replaces']}>)
    (eli:repealed_by <{RELATION['repeals']}>)
  }}
  ?act ?status ?later .
}}"""
CHANGE_CITATIONS = Q.PREFIXES + """
SELECT ?act ?rel ?later ?clauseId ?clauseText ?position ?evidence ?provisions WHERE {
  __CHANGES__
  ?citation cancu:citedDocument ?act ; cancu:citingDocument ?later ; cancu:relation ?rel ;
      prov:wasDerivedFrom ?c .
  ?c cancu:clauseId ?clauseId ; cancu:text ?clauseText .
  OPTIONAL { ?c cancu:position ?position }
  OPTIONAL { ?citation cancu:evidence ?evidence }
  OPTIONAL { ?citation cancu:provisions ?provisions }
}"""


def _change_rows(model: ReadModel, acts: list[str]) -> list[dict]:
    """One row per change (act, relation, later document), with the citations stating it where the graph
    has them."""
    changed = model.rows(CHANGED.replace("__ACTS__", Q.values("act", acts)))
    if not changed:
        return []
    triples = list(dict.fromkeys((r["act"], r["rel"], r["later"]) for r in changed))
    block = "VALUES (?act ?rel ?later) { " + " ".join(f"(<{a}> <{r}> <{l}>)" for a, r, l in triples) + " }"
    cited = model.rows(CHANGE_CITATIONS.replace("__CHANGES__", block))
    stated = {(r["act"], r["rel"], r["later"]) for r in cited}
    return cited + [{"act": a, "rel": r, "later": l} for a, r, l in triples if (a, r, l) not in stated]


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_as_of(value: str | date | None) -> date:
    """The date statuses are read at: ISO "2025-12-31" or "31/12/2025"; none means today."""
    if value is None or value == "":
        return date.today()
    if isinstance(value, date):
        return value
    text = value.strip()
    try:
        match = _DMY.match(text)
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"ngày không hợp lệ: '{value}' (viết 2025-12-31 hoặc 31/12/2025)") from None


def vn_date(iso: str | None) -> str | None:
    """"2022-01-18" -> "18/01/2022"."""
    if not iso or not re.match(r"^\d{4}-\d{2}-\d{2}$", iso):
        return iso
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def term_of(title: str | None, doc_type: str | None, as_of: date) -> Term | None:
    """The document's period and whether it has ended on `as_of` (the whole last year has passed)."""
    term = document_term(title, doc_type)
    if term is None:
        return None
    ended = as_of.year > term.end
    span = f"{term.start}-{term.end}" if term.start is not None and term.start != term.end else str(term.end)
    phrase = f"Giai đoạn {span}" if term.start is not None and term.start != term.end else (
        f"Thời hạn đến năm {term.end}" if term.start is None else f"Năm {term.end}")
    text = f"{phrase} {'đã kết thúc' if ended else 'chưa kết thúc'} (tính đến ngày {as_of:%d/%m/%Y})"
    return Term(term.start, term.end, term.as_written, ended, as_of.isoformat(), text)


def changes_of(model: ReadModel, iris: Iterable[str], as_of: date) -> dict[str, list[Change]]:
    """{act IRI: the changes later corpus documents made to it, strongest first}. One query for all."""
    acts = list(dict.fromkeys(iris))
    if not acts:
        return {}
    rows = _change_rows(model, acts)
    plans = {p.iri: p for p in model.all_plans().values()}
    grouped: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for row in rows:
        grouped[(row["act"], row["rel"].rsplit("/", 1)[-1], row["later"])].append(row)
    out: dict[str, list[Change]] = defaultdict(list)
    for (act, relation, later_iri), found in grouped.items():
        plan = plans.get(later_iri)
        later_date = plan.date if plan else None
        if later_date and later_date > as_of.isoformat():
            continue  # not made yet on the as-of date
        later = (PlanRef(plan.doc_id, plan.source, plan.symbol, plan.type, plan.issuer, plan.date, plan.title,
                         plan.locality, plan.iri) if plan else PlanRef("", "", None, None, None, None, None, None,
                                                                        later_iri))
        found.sort(key=lambda r: (not r.get("provisions"), int(r.get("position", 1 << 30)), r.get("clauseId", "")))
        first = found[0]
        provisions = "; ".join(dict.fromkeys(r["provisions"] for r in found if r.get("provisions"))) or None
        clause = (ClauseRef(first["clauseId"], later.doc_id, later.source, first.get("clauseText", ""))
                  if first.get("clauseId") else None)
        out[act].append(Change(relation, change_text(relation, later, provisions), later, provisions,
                               first.get("evidence") or first.get("clauseText") or "", clause))
    for changes in out.values():
        changes.sort(key=lambda c: (STATUS_ORDER.index(c.relation), c.later.date or "", c.later.doc_id))
    return dict(out)


def change_text(relation: str, later: PlanRef, provisions: str | None) -> str:
    """"đã được sửa đổi, bổ sung bởi Nghị quyết 66/2025/NQ-HĐND ngày 10/12/2025 (khoản 2 Điều 12)"."""
    name = " ".join(p for p in (later.type, later.symbol) if p) or later.title or later.doc_id
    when = f" ngày {vn_date(later.date)}" if later.date else ""
    parts = f" ({provisions})" if provisions else ""
    return f"{STATUS_WORDS[relation]} {name}{when}{parts}"


def annotate(model: ReadModel, documents: Iterable[CitedDocument], as_of: date | None = None, *,
             aliases: dict[str, list[str]] | None = None) -> None:
    """Fill `status` and `term` of each document record in place. `aliases`: other graph nodes of the
    same document (cited with and without its date), whose changes count too."""
    when = as_of or date.today()
    documents = list(documents)
    nodes = {d.iri: list(dict.fromkeys([d.iri, *((aliases or {}).get(d.iri, []))])) for d in documents}
    changes = changes_of(model, (i for group in nodes.values() for i in group), when)
    for d in documents:
        seen: set[tuple[str, str]] = set()
        status = []
        for iri in nodes[d.iri]:
            for c in changes.get(iri, []):
                if (c.relation, c.later.iri) not in seen:
                    seen.add((c.relation, c.later.iri))
                    status.append(c)
        status.sort(key=lambda c: (STATUS_ORDER.index(c.relation), c.later.date or "", c.later.doc_id))
        d.status = status
        d.term = term_of(d.title or d.name, d.type, when)


def document_status(model: ReadModel, iri: str, as_of: date | None = None) -> CitedDocument:
    """The record of one document node (corpus or cited) with its status and period filled."""
    record = Knowledge(model).cited_iri(iri)
    annotate(model, [record], as_of)
    return record


def statuses(model: ReadModel, iris: Iterable[str], as_of: date | None = None) -> dict[str, CitedDocument]:
    """{IRI: its record with status and period}, for the documents a page or a JSON answer lists."""
    kb = Knowledge(model)
    records = {i: kb.cited_iri(i) for i in dict.fromkeys(iris)}
    annotate(model, records.values(), as_of)
    return records


def status_line(document: CitedDocument) -> str | None:
    """One line for a reader: what happened to the document, and whether its period has ended."""
    parts = [c.text for c in document.status]
    if document.term is not None and document.term.ended:
        parts.append(document.term.text[:1].lower() + document.term.text[1:])
    return "; ".join(parts) or None


__all__ = ["STATUS_WORDS", "annotate", "change_text", "changes_of", "document_status", "parse_as_of", "status_line",
           "statuses", "term_of"]
