"""Builds on a shared SPARQL 1.1 store, published by switching a pointer.

On disk every build has its own copy of the graph, so a failed ingest never touches what is served. A
remote store (Virtuoso, Fuseki, GraphDB, `oxigraph serve`) is shared by every build and every reader, so a
build cannot be prepared in a copy of it; instead each build writes graphs of its own, and readers are
pointed at them only once the whole build (graph and search index) is complete:

- a **document version** `https://cancu.vn/graph/v/{version}/{doc_id}`: written once, by the build that
  read that version of the document, and never changed; unchanged documents keep theirs across builds;
- the build's **members** `…/v/{version}/_members`: which document versions make up the build
  (`<graph> cancu:memberOf <union>`), copied from the previous build and amended;
- the build's **union** `…/v/{version}/_union`, the default graph of every query: copied server-side
  from the previous build's union, then amended by exactly the changed documents (a removed or replaced
  version's triple is retracted only when no other member still asserts it; a new version's triples are
  added).

The pointer is the build's manifest: `data/current` names the build, whose `graph/remote.json` names its
union and members, and a reader opens the union of the build it serves (`VersionedRemoteStore`). A build
that fails, or is interrupted, before `data/current` switches has written only graphs no reader opens;
they are dropped by the next ingest's clean-up, with the graphs of builds no longer kept. What a reader
sees therefore changes only at the switch, as with the embedded store. The one thing not guaranteed is
the isolation of the server itself under concurrent writers from outside Căn cứ: only ingest writes here,
under the workspace lock.
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from rdflib import BNode, Graph

from graph.results import from_sparql_json
from graph.store import ONTOLOGY_DOC_ID, RemoteSparqlStore, ask_value
from graph.vocab import CANCU, GRAPH_BASE

STATE_FILE = "remote.json"
VERSIONS = GRAPH_BASE + "v/"
MEMBER_OF = str(CANCU.memberOf)


def version_graph(version: str, name: str) -> str:
    return f"{VERSIONS}{version}/{quote(name, safe='-_.~')}"


class VersionedRemoteStore(RemoteSparqlStore):
    """One build on a shared SPARQL store: queries read its union; its documents are its members."""

    def __init__(self, query_url: str, update_url: str | None = None, *, union_graph: str, members_graph: str,
                 **options) -> None:
        super().__init__(query_url, update_url, union_graph=union_graph, **options)
        self.members_graph = members_graph

    def members(self) -> dict[str, str]:
        """{doc_id: graph IRI} of the build's document versions."""
        payload = self._raw_select(
            f"SELECT ?g WHERE {{ GRAPH <{self.members_graph}> {{ ?g <{MEMBER_OF}> <{self.union_graph}> }} }}")
        out = {}
        for b in payload["results"]["bindings"]:
            iri = b["g"]["value"]
            out[_doc_of(iri)] = iri
        return out

    def documents(self) -> list[str]:
        return sorted(d for d in self.members() if not d.startswith("_"))

    def triple_count(self) -> int:
        payload = self._raw_select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{self.members_graph}> {{ ?g <{MEMBER_OF}> <{self.union_graph}> }} "
            f"GRAPH ?g {{ ?s ?p ?o }} }}")
        bindings = payload["results"]["bindings"]
        return int(bindings[0]["n"]["value"]) if bindings else 0

    def export(self, fmt: str, out=None):
        if fmt not in ("nq", "trig", "jsonld"):
            return super().export(fmt, out)
        from rdflib import Dataset, URIRef

        from graph.iris import graph_iri
        from graph.store import _check_format, _write
        from graph.vocab import bind_prefixes

        fmt = _check_format(fmt)
        dataset = Dataset()
        bind_prefixes(dataset)
        for doc_id, iri in self.members().items():  # each document under its usual name
            payload = self._raw_select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
            target = dataset.graph(URIRef(graph_iri(doc_id)))
            for b in payload["results"]["bindings"]:
                target.add((from_sparql_json(b["s"]), from_sparql_json(b["p"]), from_sparql_json(b["o"])))
        rdflib_format = {"nq": "nquads", "trig": "trig", "jsonld": "json-ld"}[fmt]
        return _write(dataset.serialize(format=rdflib_format, encoding="utf-8"), out)


def _ntriples(triples: list) -> str:
    batch = Graph()
    for t in triples:
        batch.add(t)
    return batch.serialize(format="nt", encoding="utf-8").decode("utf-8")


def _doc_of(graph: str) -> str:
    from urllib.parse import unquote

    return unquote(graph.rsplit("/", 1)[-1])


class RemoteBuilds:
    """Writes one build's graphs on a shared store and cleans up after builds no longer kept."""

    def __init__(self, query_url: str, update_url: str, *, timeout: float | None = 600.0, batch_size: int = 500):
        self.store = RemoteSparqlStore(query_url, update_url, timeout=timeout, max_rows=0, batch_size=batch_size)
        self.query_url, self.update_url = query_url, update_url

    def close(self) -> None:
        self.store.close()

    def _update(self, update: str) -> None:
        self.store._update(update)

    def _insert(self, graph: str, triples: Iterable) -> int:
        """Write `triples` into `graph` in batches. Triples with blank nodes (the ontology's
        `owl:unionOf` lists) go in one `INSERT { } WHERE { }` of their own: SPARQL 1.1 allows blank
        nodes in `INSERT DATA` but Virtuoso refuses them there (SP031), and a blank node's label only
        names the same node within one request, so they must not be split across batches."""
        plain, with_blank = [], []
        for t in triples:
            (with_blank if any(isinstance(term, BNode) for term in t) else plain).append(t)
        for start in range(0, len(plain), self.store.batch_size):
            body = _ntriples(plain[start:start + self.store.batch_size])
            self._update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")
        if with_blank:
            self._update(f"INSERT {{ GRAPH <{graph}> {{\n{_ntriples(with_blank)}\n}} }} WHERE {{}}")
        return len(plain) + len(with_blank)

    # ------------------------------------------------------------------ publishing one build
    def publish(self, previous: dict | None, documents: Iterable[tuple[str, Graph]], removed: list[str],
                progress=None, total: int = 0, *, version: str | None = None) -> dict:
        """Write a build: the new versions of `documents`, then its members and union. Returns the state
        the build's manifest keeps (`remote.json`): version, union, members graph, {doc_id: graph}."""
        version = version or new_version()
        union, members_graph = version_graph(version, "_union"), version_graph(version, "_members")
        members = dict(previous["members"]) if previous else {}
        stale: list[str] = []
        fresh: list[str] = []
        for i, (doc_id, graph) in enumerate(documents):
            if progress:
                progress("dựng đồ thị", i, total)
            target = version_graph(version, doc_id)
            self._insert(target, graph)
            if doc_id in members:
                stale.append(members[doc_id])
            members[doc_id] = target
            fresh.append(target)
        for doc_id in removed:
            if doc_id in members:
                stale.append(members.pop(doc_id))
        if progress:
            progress("dựng đồ thị", total, total)
        self._insert(members_graph, [(_uri(g), CANCU.memberOf, _uri(union)) for g in members.values()])
        if previous:
            self._update(f"INSERT {{ GRAPH <{union}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{previous['union']}> {{ ?s ?p ?o }} }}")
            for old in stale:  # a triple goes when no member of the new build asserts it any more
                self._update(
                    f"DELETE {{ GRAPH <{union}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{old}> {{ ?s ?p ?o }} "
                    f"FILTER NOT EXISTS {{ GRAPH <{members_graph}> {{ ?g <{MEMBER_OF}> <{union}> }} "
                    f"GRAPH ?g {{ ?s ?p ?o }} }} }}")
        else:
            fresh = list(members.values())
        for graph in fresh:
            self._update(f"INSERT {{ GRAPH <{union}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return {"version": version, "union": union, "members_graph": members_graph, "members": members}

    # ------------------------------------------------------------------ clean-up
    def graphs(self) -> set[str]:
        payload = self.store._raw_select(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{VERSIONS}\")) }}")
        return {b["g"]["value"] for b in payload["results"]["bindings"]}

    def collect(self, kept: Iterable[dict], written: Iterable[str]) -> int:
        """Drop the graphs of versions this data folder wrote (`written`) that no kept build uses (failed
        builds, builds pruned from the data folder). Graphs of other deployments on the same server, and
        the document versions a kept build still uses, stay."""
        used: set[str] = set()
        for state in kept:
            used.update((state["union"], state["members_graph"], *state["members"].values()))
        mine = tuple(f"{VERSIONS}{v}/" for v in written)
        dropped = sorted(g for g in self.graphs() if g.startswith(mine) and g not in used) if mine else []
        for start in range(0, len(dropped), 50):
            self._update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in dropped[start:start + 50]))
        return len(dropped)

    def union_size(self, union: str) -> int:
        payload = self.store._raw_select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{union}> {{ ?s ?p ?o }} }}")
        bindings = payload["results"]["bindings"]
        return int(bindings[0]["n"]["value"]) if bindings else 0

    def has_graph(self, graph: str) -> bool:
        return ask_value(self.store._raw_select(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"))


def new_version() -> str:
    return uuid.uuid4().hex[:12]


def _uri(text: str):
    from rdflib import URIRef

    return URIRef(text)


# ---------------------------------------------------------------------- the state a build folder keeps

def read_state(folder: Path | None) -> dict | None:
    """The remote state a build's graph folder records (None for an embedded build or no build)."""
    if folder is None:
        return None
    path = Path(folder) / STATE_FILE
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def write_state(folder: Path, state: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / STATE_FILE).write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")


WRITTEN_FILE = "remote-versions.json"


def note_version(data_dir: Path, version: str) -> list[str]:
    """Record, before writing any graph, that this data folder writes `version`; returns every version
    it has written (what its clean-up may drop)."""
    path = Path(data_dir) / WRITTEN_FILE
    written = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []
    if version not in written:
        written.append(version)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(written), encoding="utf-8")
        tmp.replace(path)
    return written


def forget_versions(data_dir: Path, keep: Iterable[str]) -> None:
    """After a clean-up: only the versions still in use stay on the list."""
    path = Path(data_dir) / WRITTEN_FILE
    if path.is_file():
        kept = set(keep)
        written = [v for v in json.loads(path.read_text(encoding="utf-8")) if v in kept]
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(written), encoding="utf-8")
        tmp.replace(path)


def kept_states(builds_dir: Path, also: Iterable[dict] = ()) -> list[dict]:
    """The remote states of every build still in the data folder (staging folders of failed runs left out)."""
    out = list(also)
    if builds_dir.is_dir():
        for build in builds_dir.iterdir():
            if build.name.startswith("."):
                continue
            state = read_state(build / "graph")
            if state is not None:
                out.append(state)
    return out


__all__ = ["RemoteBuilds", "VersionedRemoteStore", "read_state", "write_state", "kept_states", "note_version",
           "forget_versions", "new_version", "ONTOLOGY_DOC_ID", "version_graph"]
