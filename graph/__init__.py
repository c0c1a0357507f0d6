"""The knowledge graph: ontology-backed RDF built from extractions, stored one named graph per document.

- `graph.build.build_document_graph(extraction)` -> rdflib.Graph (the document's named graph)
- `graph.iris` mints stable IRIs; `graph.vocab` holds the namespaces
- `graph.store.make_store(name, **opts)` -> GraphStore (oxigraph | memory | remote)
- `graph.sparql.run_query / export / negotiate` answer and serialise SPARQL
- `graph.ontology.validate(graph)` checks a graph against ontologies/shapes.ttl
"""
