"""The SPARQL the read model asks: plain SPARQL 1.1 over the default graph (the merge of all documents), no
engine extension, no named graph, so any SPARQL 1.1 store answers them the same way.

Documents, agencies and the rest are addressed by IRI (`VALUES`), never by string matching: the model
finds names in a question itself, then asks the store about the nodes it found.
"""
from __future__ import annotations

from collections.abc import Iterable

from graph.vocab import PREFIXES as PREFIX_IRIS
from graph.vocab import sparql_prologue

PREFIXES = sparql_prologue(("cancu", "eli", "org", "skos", "prov", "qudt", "time", "rdf"))


def values(variable: str, iris: Iterable[str]) -> str:
    """`VALUES ?v { <a> <b> }`: the nodes a query is about."""
    return f"VALUES ?{variable} {{ {' '.join(f'<{i}>' for i in iris)} }}"


def expand(curie: str) -> str:
    """"skos:prefLabel" -> the full IRI (how a result row names the property)."""
    prefix, _, local = curie.partition(":")
    return PREFIX_IRIS[prefix] + local


def describe(pattern: str, props: list[str]) -> str:
    """Every value of the listed properties of the subjects `pattern` binds to ?s."""
    return PREFIXES + f"SELECT ?s ?p ?o WHERE {{ {pattern} ?s ?p ?o . VALUES ?p {{ {' '.join(props)} }} }}"


# ------------------------------------------------------------------------------- the directory

CODE_LABELS = PREFIXES + """
SELECT ?code ?label (LANG(?label) AS ?lang) WHERE {
  ?code skos:inScheme ?scheme ; skos:prefLabel ?label .
  FILTER(LANG(?label) = "" || LANGMATCHES(LANG(?label), "vi"))
}"""

PLACES = "?s a cancu:AdministrativeUnit ."
PLACE_PROPS = {"label": "skos:prefLabel", "level": "cancu:adminLevel", "code": "cancu:officialCode",
               "within": "cancu:within"}

PROGRAMMES = "?s a cancu:Programme ."
PROGRAMME_PROPS = {"label": "skos:prefLabel", "alt": "skos:altLabel", "approvedBy": "cancu:approvedBy"}

AGENCIES = "?s a org:Organization ."
AGENCY_PROPS = {"label": "skos:prefLabel", "alt": "skos:altLabel", "type": "org:classification",
                "locality": "cancu:locality", "generic": "cancu:isGeneric"}

LEGAL_DOCS = "?s a eli:LegalResource ."
LEGAL_PROPS = {"symbol": "eli:id_local", "title": "eli:title", "short": "eli:title_short", "date": "eli:date_document",
               "year": "cancu:year", "type": "eli:type_document", "issuer": "eli:passed_by"}

PLANS = "?s cancu:corpusId ?corpusId ."
PLAN_PROPS = {"id": "cancu:corpusId", "source": "cancu:sourceFile", "symbol": "eli:id_local", "title": "eli:title",
              "date": "eli:date_document", "type": "eli:type_document", "issuer": "eli:passed_by",
              "programme": "cancu:programme", "signer": "cancu:signer", "position": "cancu:signerPosition",
              "place": "cancu:placeOfIssue", "issuerParent": "cancu:issuerParent", "recipient": "cancu:recipient"}

ASSIGNMENT_LOCALITIES = PREFIXES + """
SELECT ?doc ?place (COUNT(DISTINCT ?f) AS ?n) WHERE {
  ?f a cancu:Assignment ; cancu:inDocument ?doc ; cancu:agency ?agency .
  ?agency cancu:locality ?place .
} GROUP BY ?doc ?place"""

# ------------------------------------------------------------------------------- one document's facts

SECTIONS = PREFIXES + """
SELECT ?doc ?s ?parent ?path ?label ?title ?kind ?level ?start ?projectLabel ?parentLabel WHERE {
  __DOCS__
  ?s a cancu:Section ; cancu:inDocument ?doc ; eli:is_part_of ?parent ; cancu:sectionPath ?path .
  OPTIONAL { ?s eli:number ?label }
  OPTIONAL { ?s eli:title ?title }
  OPTIONAL { ?s cancu:headingKind ?kind }
  OPTIONAL { ?s cancu:level ?level }
  OPTIONAL { ?s cancu:startOffset ?start }
  OPTIONAL { ?s cancu:aboutProject ?project . ?project skos:notation ?projectLabel .
             OPTIONAL { ?project skos:broader ?up . ?up skos:notation ?parentLabel } }
}"""

CLAUSES = PREFIXES + """
SELECT ?doc ?c ?id ?text ?kind ?position ?part ?start ?end ?marker ?leadIn ?breadcrumb WHERE {
  __DOCS__
  ?c a cancu:Clause ; cancu:inDocument ?doc ; cancu:clauseId ?id ; cancu:text ?text ; cancu:position ?position ;
     eli:is_part_of ?part .
  OPTIONAL { ?c cancu:clauseKind ?kind }
  OPTIONAL { ?c cancu:startOffset ?start }
  OPTIONAL { ?c cancu:endOffset ?end }
  OPTIONAL { ?c cancu:marker ?marker }
  OPTIONAL { ?c cancu:leadIn ?leadIn }
  OPTIONAL { ?c cancu:breadcrumb ?breadcrumb }
}"""

CITATIONS = PREFIXES + """
SELECT ?doc ?f ?clause ?cited ?relation ?asWritten ?start ?end ?evidence WHERE {
  __DOCS__
  ?f a cancu:Citation ; cancu:citingDocument ?doc ; cancu:citedDocument ?cited ; cancu:relation ?relation ;
     prov:wasDerivedFrom ?c .
  ?c cancu:clauseId ?clause .
  OPTIONAL { ?f cancu:asWritten ?asWritten }
  OPTIONAL { ?f cancu:startOffset ?start }
  OPTIONAL { ?f cancu:endOffset ?end }
  OPTIONAL { ?f cancu:evidence ?evidence }
}"""

ASSIGNMENTS = PREFIXES + """
SELECT ?doc ?f ?clause ?agency ?role ?task ?verb ?commune ?reporter ?projectLabel ?parentLabel ?start ?end ?evidence
WHERE {
  __DOCS__
  ?f a cancu:Assignment ; cancu:inDocument ?doc ; cancu:agency ?agency ; cancu:role ?role ; prov:wasDerivedFrom ?c .
  ?c cancu:clauseId ?clause .
  OPTIONAL { ?f cancu:task ?task }
  OPTIONAL { ?f cancu:verb ?verb }
  OPTIONAL { ?f cancu:commune ?commune }
  OPTIONAL { ?f cancu:reporter ?reporter }
  OPTIONAL { ?f cancu:aboutProject ?project . ?project skos:notation ?projectLabel .
             OPTIONAL { ?project skos:broader ?up . ?up skos:notation ?parentLabel } }
  OPTIONAL { ?f cancu:startOffset ?start }
  OPTIONAL { ?f cancu:endOffset ?end }
  OPTIONAL { ?f cancu:evidence ?evidence }
}"""

MENTIONS = PREFIXES + """
SELECT ?doc ?m ?clause ?place ?start ?end WHERE {
  __DOCS__
  ?m a cancu:PlaceMention ; cancu:inDocument ?doc ; cancu:place ?place ; prov:wasDerivedFrom ?c .
  ?c cancu:clauseId ?clause .
  OPTIONAL { ?m cancu:startOffset ?start }
  OPTIONAL { ?m cancu:endOffset ?end }
}"""

TARGETS_OF = PREFIXES + """
SELECT ?clause ?indicator ?value ?maxValue ?of ?unit ?comparator ?year ?start ?end WHERE {
  ?t a cancu:Target ; cancu:inDocument __DOC__ ; cancu:indicator ?indicator ; qudt:numericValue ?value ;
     cancu:comparator ?comparator ; prov:wasDerivedFrom ?c .
  ?c cancu:clauseId ?clause .
  OPTIONAL { ?t cancu:maxValue ?maxValue }
  OPTIONAL { ?t cancu:denominator ?of }
  OPTIONAL { ?t qudt:unit ?unit }
  OPTIONAL { ?t cancu:targetTime/time:inXSDgYear ?year }
  OPTIONAL { ?t cancu:startOffset ?start }
  OPTIONAL { ?t cancu:endOffset ?end }
}"""

BUDGETS_OF = PREFIXES + """
SELECT ?clause ?amount ?source ?purpose ?programme ?projectLabel ?start ?end WHERE {
  ?b a cancu:Budget ; cancu:inDocument __DOC__ ; qudt:numericValue ?amount ; prov:wasDerivedFrom ?c .
  ?c cancu:clauseId ?clause .
  OPTIONAL { ?b cancu:fundingSource ?source }
  OPTIONAL { ?b cancu:purpose ?purpose }
  OPTIONAL { ?b cancu:programme ?programme }
  OPTIONAL { ?b cancu:aboutProject ?project . ?project skos:prefLabel ?projectLabel }
  OPTIONAL { ?b cancu:startOffset ?start }
  OPTIONAL { ?b cancu:endOffset ?end }
}"""

COMPARATOR_SIGNS = {"eq": "=", "gt": ">", "ge": ">=", "lt": "<", "le": "<=", "approx": "~", "range": "range"}

# ------------------------------------------------------------------------------- across documents

DOCS_OF_AGENCIES = PREFIXES + """
SELECT DISTINCT ?doc WHERE { __AGENCIES__ ?f a cancu:Assignment ; cancu:agency ?agency ; cancu:inDocument ?doc . }"""

DOCS_OF_AGENCIES_AS_REPORTER = PREFIXES + """
SELECT DISTINCT ?doc WHERE {
  __AGENCIES__
  { ?f cancu:agency ?agency } UNION { ?f cancu:reporter ?agency }
  ?f a cancu:Assignment ; cancu:inDocument ?doc .
}"""

DOCS_OF_PLACES = PREFIXES + """
SELECT DISTINCT ?place ?doc WHERE {
  __PLACES__
  { ?f a cancu:Assignment ; cancu:commune ?place } UNION { ?f a cancu:PlaceMention ; cancu:place ?place }
  ?f cancu:inDocument ?doc .
}"""

DOCS_CITING = PREFIXES + """
SELECT DISTINCT ?doc WHERE { __CITED__ ?f a cancu:Citation ; cancu:citedDocument ?cited ; cancu:citingDocument ?doc . }"""

CITATION_COUNTS = PREFIXES + """
SELECT ?cited (COUNT(DISTINCT ?doc) AS ?docs) WHERE {
  ?f a cancu:Citation ; cancu:citedDocument ?cited ; cancu:citingDocument ?doc .
} GROUP BY ?cited"""

AGENCY_DOC_PAIRS = PREFIXES + """
SELECT DISTINCT ?agency ?doc WHERE { __AGENCIES__ ?f a cancu:Assignment ; cancu:agency ?agency ; cancu:inDocument ?doc . }"""

DOCUMENT_COUNTS = PREFIXES + """
SELECT ?doc ?kind (COUNT(DISTINCT ?f) AS ?n) WHERE {
  VALUES ?kind { cancu:Clause cancu:Citation cancu:Assignment cancu:Target cancu:Budget cancu:PlaceMention }
  ?f a ?kind ; cancu:inDocument ?doc .
} GROUP BY ?doc ?kind"""

AGENCY_COUNTS = PREFIXES + """
SELECT ?agency (COUNT(DISTINCT ?f) AS ?duties) (COUNT(DISTINCT ?doc) AS ?docs) WHERE {
  { ?f cancu:agency ?agency } UNION { ?f cancu:reporter ?agency }
  ?f a cancu:Assignment ; cancu:inDocument ?doc .
} GROUP BY ?agency"""

PLACE_COUNTS = PREFIXES + """
SELECT ?place (COUNT(DISTINCT ?m) AS ?mentions) (COUNT(DISTINCT ?f) AS ?duties) WHERE {
  { ?m a cancu:PlaceMention ; cancu:place ?place } UNION { ?f a cancu:Assignment ; cancu:commune ?place }
} GROUP BY ?place"""

CITATION_EDGES = PREFIXES + """
SELECT DISTINCT ?doc ?cited ?relation WHERE {
  ?f a cancu:Citation ; cancu:citingDocument ?doc ; cancu:citedDocument ?cited ; cancu:relation ?relation .
}"""

ASSIGNMENT_EDGES = PREFIXES + """
SELECT DISTINCT ?doc ?agency ?commune WHERE {
  ?f a cancu:Assignment ; cancu:inDocument ?doc ; cancu:agency ?agency .
  OPTIONAL { ?f cancu:commune ?commune }
}"""

MENTION_EDGES = PREFIXES + """
SELECT DISTINCT ?doc ?place WHERE { ?m a cancu:PlaceMention ; cancu:inDocument ?doc ; cancu:place ?place . }"""
