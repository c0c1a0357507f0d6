"""The graph view's data: corpus documents, the documents they cite, the agencies they assign and the
communes they name, and the links between them, read from the graph once per build.

A hundred documents drawn at once are one tangled clump, so the view starts from one node (a document,
a decision, an agency or a commune) and asks for neighbours on demand (`neighbourhood`), filtered by
relation and kind, a bounded number at a time (the rest is counted, never silently dropped). Every link
keeps its relation as the graph says it (basis, implements, amends, replaces, repeals, considered, cites,
assigns, in_charge, mentions), so the view can filter by it and say it.
"""
from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from answers import queries as Q
from answers.model import COMMUNE_LEVELS, ReadModel
from answers.pages import agency_url, commune_url, decision_url, document_url, plan_name, short
from answers.text import key as name_key

KINDS = ("document", "decision", "agency", "commune")
KIND_LABELS = {"document": "Văn bản trong kho", "decision": "Văn bản được dẫn", "agency": "Cơ quan", "commune": "Xã"}
RELATIONS = ("basis", "implements", "amends", "replaces", "repeals", "considered", "cites", "assigns", "in_charge",
             "mentions")
RELATION_LABELS = {
    "basis": "Căn cứ", "implements": "Thực hiện", "amends": "Sửa đổi, bổ sung", "replaces": "Thay thế",
    "repeals": "Bãi bỏ", "considered": "Xét (tờ trình, báo cáo)", "cites": "Dẫn chiếu", "assigns": "Giao nhiệm vụ",
    "in_charge": "Phụ trách xã", "mentions": "Nêu tên xã",
}
NEIGHBOURS = 25  # neighbours one expansion brings at most; the rest is counted
_CITATION_RELATIONS = {"basis", "implements", "amends", "replaces", "repeals", "considered"}  # else "cites"


@dataclass
class GraphIndex:
    """The whole view graph of one build: nodes by id, edges, and each node's links."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    links: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))  # id -> (other, rel)
    keys: dict[str, str] = field(default_factory=dict)  # id -> accent-free label, for finding a start

    def node(self, node_id: str, kind: str, label: str, url: str, title: str = "") -> str:
        if node_id not in self.nodes:
            self.nodes[node_id] = {"id": node_id, "kind": kind, "label": label, "url": url, "title": title,
                                   "degree": 0}
            self.keys[node_id] = name_key(f"{label} {title}")
        return node_id

    def edge(self, a: str, b: str, relation: str) -> None:
        if a == b:
            return
        e = self.edges.get((a, b, relation))
        if e is None:
            e = self.edges[(a, b, relation)] = {"source": a, "target": b, "kind": relation, "weight": 0}
            self.nodes[a]["degree"] += 1
            self.nodes[b]["degree"] += 1
            self.links[a].append((b, relation))
            self.links[b].append((a, relation))
        e["weight"] += 1


_CACHE: weakref.WeakKeyDictionary[ReadModel, dict[bool, GraphIndex]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def graph_index(model: ReadModel, *, include_generic: bool = False) -> GraphIndex:
    """The view graph of the model's build (built once per build and kept with its read model)."""
    with _LOCK:
        cached = _CACHE.setdefault(model, {})
        if include_generic not in cached:
            cached[include_generic] = _build(model, include_generic)
        return cached[include_generic]


def _build(model: ReadModel, include_generic: bool) -> GraphIndex:
    g = GraphIndex()
    plans = model.all_plans()
    by_iri = {p.iri: p for p in plans.values()}
    for doc_id, plan in plans.items():
        label = plan_name(model, doc_id) if plan.symbol else short(plan.title or doc_id, 40)
        g.node("d:" + doc_id, "document", label, document_url(doc_id), short(plan.title, 200))

    def doc_node(iri: str) -> str | None:
        plan = by_iri.get(iri)
        if plan is not None:
            return "d:" + plan.doc_id
        d = model.legal_doc(iri)
        if d is None:
            return None
        return g.node("q:" + d.key, "decision", d.label, decision_url(d.key), short(d.title, 200))

    for row in model.aggregate(Q.CITATION_EDGES):
        source, target = by_iri.get(row["doc"]), doc_node(row["cited"])
        if source is not None and target is not None:
            relation = row["relation"].rsplit("/", 1)[-1]
            g.edge("d:" + source.doc_id, target, relation if relation in _CITATION_RELATIONS else "cites")

    def commune_node(iri: str) -> str | None:
        place = model.place(iri)
        if place is None or (place.level or "") not in COMMUNE_LEVELS:
            return None
        return g.node("x:" + place.key, "commune", place.label, commune_url(place.key),
                      model.district_of(place.iri) or "")

    for row in model.aggregate(Q.ASSIGNMENT_EDGES):
        source, agency = by_iri.get(row["doc"]), model.agency(row["agency"])
        if source is None or agency is None or (agency.generic and not include_generic):
            continue
        aid = g.node("a:" + agency.key, "agency", agency.label, agency_url(agency.key), agency.locality or "")
        g.edge("d:" + source.doc_id, aid, "assigns")
        target = commune_node(row["commune"]) if row.get("commune") else None
        if target is not None:
            g.edge(aid, target, "in_charge")
    for row in model.aggregate(Q.MENTION_EDGES):
        source, target = by_iri.get(row["doc"]), commune_node(row["place"])
        if source is not None and target is not None:
            g.edge("d:" + source.doc_id, target, "mentions")
    return g


def graph_data(model: ReadModel, *, include_generic: bool = False) -> dict[str, Any]:
    """Every node and link at once (for scripts and small corpora; the page asks for neighbourhoods)."""
    g = graph_index(model, include_generic=include_generic)
    return {"nodes": list(g.nodes.values()), "edges": list(g.edges.values())}


def neighbourhood(model: ReadModel, ids: list[str], *, relations: set[str] | None = None,
                  kinds: set[str] | None = None, limit: int = NEIGHBOURS, include_generic: bool = False) -> dict:
    """The nodes asked for, up to `limit` neighbours of each through the chosen relations and of the chosen
    kinds (documents first, then the most connected), the links among all of them, and for each node
    how many of its neighbours (under the same filters) are not in the answer."""
    g = graph_index(model, include_generic=include_generic)
    wanted = [i for i in dict.fromkeys(ids) if i in g.nodes]

    def fits(other: str, relation: str) -> bool:
        return (relations is None or relation in relations) and (kinds is None or g.nodes[other]["kind"] in kinds)

    chosen: dict[str, None] = dict.fromkeys(wanted)
    for node_id in wanted:
        around = sorted({o for o, rel in g.links[node_id] if fits(o, rel)},
                        key=lambda o: (KINDS.index(g.nodes[o]["kind"]), -g.nodes[o]["degree"], g.nodes[o]["label"]))
        for other in around[:limit]:
            chosen.setdefault(other)
    edges = [e for (a, b, rel), e in g.edges.items() if a in chosen and b in chosen
             and (relations is None or rel in relations)]
    nodes = []
    for node_id in chosen:
        hidden = {o for o, rel in g.links[node_id] if fits(o, rel) and o not in chosen}
        # every link of the node, unfiltered: a view that already shows the other end draws the link,
        # and counts what is still hidden under its own filters
        nodes.append({**g.nodes[node_id], "hidden": len(hidden), "adj": g.links[node_id]})
    return {"nodes": nodes, "edges": edges, "start": wanted}


def find_nodes(model: ReadModel, text: str, *, kinds: set[str] | None = None, limit: int = 20) -> list[dict]:
    """Nodes whose label or title holds the words typed (accent-free), most connected first."""
    g = graph_index(model)
    words = name_key(text).split()
    if not words:
        return []
    found = [n for i, n in g.nodes.items() if (kinds is None or n["kind"] in kinds)
             and all(w in g.keys[i].split() or w in g.keys[i] for w in words)]
    found.sort(key=lambda n: (-n["degree"], KINDS.index(n["kind"]), n["label"]))
    return found[:limit]


def default_start(model: ReadModel) -> str | None:
    """Where the view opens without a chosen node: the most connected document of the corpus."""
    g = graph_index(model)
    docs = [n for n in g.nodes.values() if n["kind"] == "document"]
    return max(docs, key=lambda n: (n["degree"], n["id"]))["id"] if docs else None


def neighbour_groups(model: ReadModel, node_id: str) -> dict[str, list[dict]]:
    """A node's neighbours by relation, for the page without JavaScript."""
    g = graph_index(model)
    out: dict[str, list[dict]] = defaultdict(list)
    for other, relation in g.links.get(node_id, []):
        if g.nodes[other] not in out[relation]:
            out[relation].append(g.nodes[other])
    return {rel: sorted(items, key=lambda n: (KINDS.index(n["kind"]), n["label"]))
            for rel, items in sorted(out.items(), key=lambda kv: RELATIONS.index(kv[0]))}


__all__ = ["KINDS", "KIND_LABELS", "NEIGHBOURS", "RELATIONS", "RELATION_LABELS", "default_start", "find_nodes",
           "graph_data", "graph_index", "neighbour_groups", "neighbourhood"]
