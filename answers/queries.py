"""The SPARQL the read model asks: plain SPARQL 1.1 over the default graph (the merge of all documents), no
engine extension, no named graph, so any SPARQL 1.1 store answers them the same way.

Documents, agencies and the rest are addressed by IRI (`VALUES`), never by string matching: the model
finds names in a question itself, then asks the store about the nodes it found.
"""
from __future__ import annotations

from collections.abc import Iterable

from graph.vocab import PREFIXES as PREFIX_IRIS
from graph.vocab import sparql_prologue
from ingest.facts import FACTS

PREFIXES = sparql_prologue(("cancu", "eli", "org", "skos", "prov", "qudt", "time", "rdf"))


def values(variable: str, iris: Iterable[str]) -> str:
    """`VALUES ?v { <a> <b> }`: the nodes a query is about."""
    return f"VALUES ?{variable} {{ {' '.join(f'<{i}>' for i in iris)} }}"


def describe(pattern: str, prop: str) -> str:
    """Every value of one property of the subjects `pattern` binds to ?s."""
    return PREFIXES + f"SELECT ?s ?o WHERE {{ {pattern} ?s {prop} ?o }}"


# ------------------------------------------------------------------------------- the directory

CODE_LABELS = PREFIXES + """
SELECT ?code ?label (LANG(?label) AS ?lang) WHERE {
  ?code skos:inScheme ?scheme ; skos:prefLabel ?label .
  FILTER(LANG(?label) = "" || LANGMATCHES(LANG(?label), "vi"))
}"""

PLACES = "?s a cancu:AdministrativeUnit ."
PLACE_PROPS = {"label": "skos:prefLabel", "level": "cancu:adminLevel", "code": "cancu:officialCode",
               "within": "cancu:within"}

PROJECTS = "?s a cancu:Project ."
PROJECT_PROPS = {"notation": "skos:notation", "label": "skos:prefLabel", "broader": "skos:broader"}

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
  __VALUES__
  ?f cancu:inDocument ?doc ; a cancu:Assignment ; cancu:agency ?agency .
  ?agency cancu:locality ?place .
} GROUP BY ?doc ?place"""

# ------------------------------------------------------------------------------- one document's facts

# Every statement about a document's own subjects, less those no record is built from (each row read costs
# a few index lookups to spell its terms: the subject, the predicate, the object). The filter compares
# terms, it spells none.
_UNREAD = """FILTER(?p NOT IN (cancu:inDocument, cancu:citingDocument, cancu:sourceStartOffset, cancu:sourceEndOffset,
                         cancu:indicatorKey) && !sameTerm(?o, prov:Entity))"""
DESCRIBE_DOCUMENT = PREFIXES + "SELECT ?s ?p ?o WHERE { ?s cancu:inDocument __DOC__ . ?s ?p ?o . " + _UNREAD + " }"
DESCRIBE_DOCUMENTS = PREFIXES + ("SELECT ?doc ?s ?p ?o WHERE { __DOCS__ ?s cancu:inDocument ?doc . ?s ?p ?o . "
                                 + _UNREAD + " }")


class P:
    """The properties a document's description is read by (full IRIs, as result rows name them)."""

    TYPE = PREFIX_IRIS["rdf"] + "type"
    SECTION, CLAUSE = PREFIX_IRIS["cancu"] + "Section", PREFIX_IRIS["cancu"] + "Clause"
    CITATION, ASSIGNMENT = PREFIX_IRIS["cancu"] + "Citation", PREFIX_IRIS["cancu"] + "Assignment"
    MENTION, TARGET, BUDGET = (PREFIX_IRIS["cancu"] + n for n in ("PlaceMention", "Target", "Budget"))
    PART_OF, NUMBER, TITLE = (PREFIX_IRIS["eli"] + n for n in ("is_part_of", "number", "title"))
    DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
    VALUE, UNIT = PREFIX_IRIS["qudt"] + "numericValue", PREFIX_IRIS["qudt"] + "unit"
    (SECTION_PATH, HEADING_KIND, LEVEL, START, END, ABOUT_PROJECT, CLAUSE_ID, TEXT, CLAUSE_KIND, POSITION, MARKER,
     LEAD_IN, BREADCRUMB, CITED, RELATION, AS_WRITTEN, EVIDENCE, AGENCY, ROLE, TASK, VERB, COMMUNE, REPORTER, PLACE,
     INDICATOR, MAX_VALUE, DENOMINATOR, COMPARATOR, TARGET_TIME, FUNDING, PURPOSE, PROGRAMME) = (
        PREFIX_IRIS["cancu"] + n for n in (
            "sectionPath", "headingKind", "level", "startOffset", "endOffset", "aboutProject", "clauseId", "text",
            "clauseKind", "position", "marker", "leadIn", "breadcrumb", "citedDocument", "relation", "asWritten",
            "evidence", "agency", "role", "task", "verb", "commune", "reporter", "place", "indicator", "maxValue",
            "denominator", "comparator", "targetTime", "fundingSource", "purpose", "programme"))
    ATTACHMENT = PREFIX_IRIS["cancu"] + "Attachment"
    (ATTACHMENT_KIND, CAPTION, ISSUING_SYMBOL, OCR_CONFIDENCE, FOR_COMMUNE, BUDGET_YEAR) = (
        PREFIX_IRIS["cancu"] + n for n in (
            "attachmentKind", "caption", "issuingSymbol", "ocrConfidence", "forCommune", "budgetYear"))


COMPARATOR_SIGNS = {"eq": "=", "gt": ">", "ge": ">=", "lt": "<", "le": "<=", "approx": "~", "range": "range"}

# ------------------------------------------------------------------------------- across documents

DOCS_OF_AGENCIES = PREFIXES + """
SELECT DISTINCT ?agency ?doc WHERE { __VALUES__ ?f cancu:agency ?agency . ?f a cancu:Assignment ; cancu:inDocument ?doc . }"""

DOCS_OF_AGENCIES_AS_REPORTER = PREFIXES + """
SELECT DISTINCT ?agency ?doc WHERE {
  __VALUES__
  { ?f cancu:agency ?agency } UNION { ?f cancu:reporter ?agency }
  ?f a cancu:Assignment ; cancu:inDocument ?doc .
}"""

DOCS_OF_PLACES = PREFIXES + """
SELECT DISTINCT ?place ?doc WHERE {
  __VALUES__
  { ?f cancu:commune ?place . ?f a cancu:Assignment } UNION { ?f cancu:place ?place . ?f a cancu:PlaceMention }
  ?f cancu:inDocument ?doc .
}"""

# the same two relations read the other way, from the documents a question is scoped to: when they are fewer
# than the nodes its names match ("Phòng Tư pháp" matches that office in every district), fewer queries
AGENCIES_OF_DOCS = PREFIXES + """
SELECT DISTINCT ?doc ?agency WHERE { __VALUES__ ?f cancu:inDocument ?doc . ?f a cancu:Assignment ; cancu:agency ?agency . }"""

PLACES_OF_DOCS = PREFIXES + """
SELECT DISTINCT ?doc ?place WHERE {
  __VALUES__
  { ?f cancu:inDocument ?doc . ?f a cancu:Assignment ; cancu:commune ?place }
  UNION { ?f cancu:inDocument ?doc . ?f a cancu:PlaceMention ; cancu:place ?place }
}"""

DOCS_SETTING_FOR = PREFIXES + """
SELECT DISTINCT ?place ?doc WHERE { __VALUES__ ?f cancu:forCommune ?place ; cancu:inDocument ?doc . }"""

OCR_CONFIDENCE = PREFIXES + """
SELECT ?clause ?confidence WHERE { __VALUES__ ?clause cancu:ocrConfidence ?confidence . }"""

DOCS_CITING = PREFIXES + """
SELECT DISTINCT ?cited ?doc WHERE { __VALUES__ ?f cancu:citedDocument ?cited . ?f a cancu:Citation ; cancu:citingDocument ?doc . }"""

CITATION_COUNTS = PREFIXES + """
SELECT ?cited (COUNT(DISTINCT ?doc) AS ?docs) WHERE {
  ?f a cancu:Citation ; cancu:citedDocument ?cited ; cancu:citingDocument ?doc .
} GROUP BY ?cited"""


DOCUMENT_COUNTS = PREFIXES + """
SELECT ?doc ?kind (COUNT(DISTINCT ?f) AS ?n) WHERE {
  VALUES ?kind { cancu:Clause __FACT_CLASSES__ }
  ?f a ?kind ; cancu:inDocument ?doc .
} GROUP BY ?doc ?kind""".replace("__FACT_CLASSES__", " ".join(f"cancu:{kind.rdf_class}" for kind in FACTS))

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

# ------------------------------------------------------------------------------- one clause, before its document

CLAUSE_PROBE = PREFIXES + """
SELECT ?what ?text ?kind ?projectLabel ?parentLabel ?f ?cited ?relation ?start ?evidence ?agency WHERE {
  { __C__ cancu:text ?text .
    OPTIONAL { __C__ cancu:clauseKind ?kind }
    OPTIONAL { __C__ eli:is_part_of ?section . ?section cancu:aboutProject ?project . ?project skos:notation ?projectLabel .
               OPTIONAL { ?project skos:broader ?up . ?up skos:notation ?parentLabel } }
    BIND("clause" AS ?what) }
  UNION
  { ?f prov:wasDerivedFrom __C__ ; a cancu:Citation ; cancu:citedDocument ?cited ; cancu:relation ?relation .
    OPTIONAL { ?f cancu:startOffset ?start } OPTIONAL { ?f cancu:evidence ?evidence }
    BIND("citation" AS ?what) }
  UNION
  { ?f prov:wasDerivedFrom __C__ ; a cancu:Assignment ; cancu:agency ?agency .
    BIND("assignment" AS ?what) }
}"""

SUBTREE_HAS_ASSIGNMENT = PREFIXES + """
SELECT ?f WHERE { __C__ eli:is_part_of ?section . ?section a cancu:Section . ?clause eli:is_part_of+ ?section .
      ?f prov:wasDerivedFrom ?clause ; a cancu:Assignment . } LIMIT 1"""
