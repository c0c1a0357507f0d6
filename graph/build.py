"""Turn one `Extraction` into RDF: the document, its structure, and every fact with its provenance.

Each fact says both what it means (a direct link such as `eli:based_on`) and where it was read
(a node with `prov:wasDerivedFrom` the clause and the character span), so an answer can always be shown
next to the sentence it came from. All triples go into the document's own named graph, so re-ingesting
a document replaces exactly its facts; shared nodes (a cited decision, an agency, a commune) are
described again in each graph that mentions them and survive as long as one does.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, TIME, XSD

from graph import iris
from graph.identity import YearIndex, home_of
from graph.programmes import (
    Period,
    approved_after,
    approved_programme,
    best_programme,
    period_of,
    programme_in_title,
    programme_name,
    project_label,
)
from graph.slug import expand_abbreviations, slug
from graph.vocab import (
    CANCU,
    COMPARATOR,
    ELI,
    FUNDING,
    ID,
    LANG,
    ORG,
    QUDT,
    RELATION,
    ROLE,
    UNIT_CODE,
    bind_prefixes,
)
from ingest.facts import FACTS
from ingest.model import Agency, Attachment, Clause, Document, Extraction, Reference, Section

ONTOLOGY_PATH = Path(__file__).resolve().parent.parent / "ontologies" / "cancu.ttl"

RELATION_PROPERTY: dict[str, URIRef] = {
    "basis": ELI.based_on,
    "implements": CANCU.implements,
    "amends": ELI.amends,
    "replaces": CANCU.replaces,
    "repeals": ELI.repeals,
    "considered": CANCU.considered,
    "mention": ELI.cites,
}
# The status of the cited act, written on it too so "does it still hold" is one triple pattern on the
# cited node (`?act eli:amended_by ?later`): the inverse of each change link (no reasoner needed).
STATUS_PROPERTY: dict[str, URIRef] = {
    "amends": ELI.amended_by,
    "replaces": CANCU.replaced_by,
    "repeals": ELI.repealed_by,
}
# Every direct document-to-document link the builder writes; queries asking "which plans cite X"
# follow any of them (the ontology makes them all sub-properties of eli:cites or eli:changes).
CITING_PROPERTIES = tuple(RELATION_PROPERTY.values())

COMPARATOR_KEY: dict[str, str] = {
    "=": "eq", ">": "gt", ">=": "ge", "≥": "ge", "<": "lt", "<=": "le", "≤": "le", "~": "approx",
    "range": "range",
}
PLAN_TYPES = frozenset({"kh", "ctr"})
COMMUNE_LEVELS = frozenset({"xa", "phuong", "thi-tran", "thon", "ban", "to-dan-pho", "ap", "khu-pho", "dac-khu"})

# Generic spellings of funding sources -> one key each (vocabulary, not corpus strings).
_FUNDING_SYNONYMS: dict[str, str] = {
    "ngan-sach-trung-uong": "nstw", "von-ngan-sach-trung-uong": "nstw", "ns-trung-uong": "nstw",
    "ngan-sach-dia-phuong": "nsdp", "von-ngan-sach-dia-phuong": "nsdp", "ns-dia-phuong": "nsdp",
    "tin-dung": "von-tin-dung", "von-tin-dung-chinh-sach": "von-tin-dung", "von-vay": "von-tin-dung",
    "von-long-ghep": "long-ghep", "long-ghep-cac-nguon-von": "long-ghep",
    "nhan-dan-dong-gop": "dan-gop", "dan-dong-gop": "dan-gop", "cong-dong-dong-gop": "dan-gop",
    "cong-dong-dan-cu-dong-gop": "dan-gop", "doi-ung-cua-nhan-dan": "dan-gop",
    "nguon-khac": "khac", "von-huy-dong-khac": "khac", "huy-dong-khac": "khac",
}
# Budgets of one local level are part of the local budget (NSĐP): minted below it.
_FUNDING_BROADER: dict[str, str] = {"ngan-sach-tinh": "nsdp", "ngan-sach-huyen": "nsdp", "ngan-sach-xa": "nsdp",
                                    "ngan-sach-cap-tinh": "nsdp", "ngan-sach-cap-huyen": "nsdp",
                                    "ngan-sach-cap-xa": "nsdp"}
_UNIT_SYNONYMS: dict[str, str] = {"%": "percent", "phan-tram": "percent", "trieu": "trieu-dong",
                                  "trieu-vnd": "trieu-dong", "ha": "ha", "hec-ta": "ha", "km": "km"}
_LEVEL_PREFIX = re.compile(
    r"^(thành phố|thị xã|thị trấn|tỉnh|huyện|quận|xã|phường|thôn|bản|tổ dân phố|ấp|khu phố)\s+(.+)$",
    re.IGNORECASE,
)
# Village words also begin commune names ("xã Bản Lang"): capitalised, they stay in the name.
_NAME_PREFIX_LEVELS = frozenset({"thôn", "bản", "tổ dân phố", "ấp", "khu phố"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PROJECT_PREFIX = re.compile(r"^(tiểu\s+)?dự\s+án\s*\d*[a-z]?\s*[:.\-–]?\s*", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _known_codes() -> frozenset[URIRef]:
    """Code-list values the ontology already declares (so the builder only mints new ones)."""
    graph = Graph()
    graph.parse(ONTOLOGY_PATH, format="turtle")
    return frozenset(s for s in graph.subjects(SKOS.inScheme, None) if isinstance(s, URIRef))


def _decimal(value: float) -> Literal:
    """xsd:decimal in canonical form ("30.0", "1.5"), so a round trip through Turtle is exact."""
    try:
        number = Decimal(repr(float(value)))
    except (InvalidOperation, ValueError):
        number = Decimal(0)
    text = format(number.normalize(), "f") if number != 0 else "0"
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _sentence_case(text: str) -> str:
    """One spelling for names written with random capitals ("Giảm nghèo", "Nông thôn mới")."""
    text = " ".join(text.split())
    return text[:1].upper() + text[1:].lower()


def _vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def _split_level(name: str, level: str | None) -> tuple[str, str | None]:
    """"xã Sì Lở Lầu" -> ("Sì Lở Lầu", "xã"); "Bản Lang" (a commune) stays whole."""
    match = _LEVEL_PREFIX.match(name.strip())
    if match and match.group(2)[:1].isupper():
        prefix = match.group(1).lower()
        if level is not None and slug(prefix) != slug(level):
            return name.strip(), level  # the prefix is part of the name: "xã Bản Lang" given as "Bản Lang"
        if level is None and prefix in _NAME_PREFIX_LEVELS and match.group(1)[0].isupper():
            return name.strip(), None  # "Bản Lang": a capitalised village word belongs to the name
        return match.group(2).strip(), level or prefix
    return name.strip(), level


class _Builder:
    def __init__(self, extraction: Extraction, corpus_name: str, years: YearIndex | None = None) -> None:
        self.extraction = extraction
        self.years = years
        self.document: Document = extraction.document
        self.corpus_name = corpus_name
        self.graph = Graph(identifier=iris.graph_iri(self.document.id))
        bind_prefixes(self.graph)
        header = self.document.header
        self.doc = iris.document_iri(
            symbol=header.symbol, number=header.number, date=header.date, doc_type=header.doc_type,
            issuer=header.issuer, corpus_id=self.document.id,
        )
        self.locality = iris.locality_of(header.issuer) or (header.place.strip() if header.place else None)
        self.locality_key = slug(self.locality) if self.locality else None
        self.clause_text: dict[str, str] = {c.id: c.text for c in self.document.clauses()}
        self.section_iris: dict[str, URIRef] = {}
        self.places_by_name: dict[str, URIRef] = {}
        self.programmes: dict[str, URIRef] = {}
        self.main_programme: URIRef | None = None
        self._minted: set[URIRef] = set()

    # ------------------------------------------------------------------ small helpers
    def add(self, s, p, o) -> None:
        if o is not None:
            self.graph.add((s, p, o))

    def provenance(self, node: URIRef, clause_id: str, span, text: str | None = None) -> None:
        self.add(node, PROV.wasDerivedFrom, iris.clause_iri(clause_id))
        self.add(node, CANCU.inDocument, self.doc)
        if span is not None:
            self.add(node, CANCU.startOffset, Literal(int(span[0])))
            self.add(node, CANCU.endOffset, Literal(int(span[1])))
        if text and text.strip() and text.strip() != self.clause_text.get(clause_id, "").strip():
            self.add(node, CANCU.evidence, _vi(text))

    def code(self, scheme: str, key: str, concept_class: URIRef, label: str | None = None) -> URIRef:
        """A code-list value; mints it (type, scheme, label) when the ontology does not list it."""
        node = iris.code_iri(scheme, key)
        if node not in _known_codes() and node not in self._minted:
            self._minted.add(node)
            self.add(node, RDF.type, concept_class)
            self.add(node, RDF.type, SKOS.Concept)
            self.add(node, SKOS.inScheme, URIRef(ID + scheme))
            self.add(node, SKOS.prefLabel, _vi(label or key))
        return node

    def year(self, year: int) -> URIRef:
        node = iris.year_iri(year)
        self.add(node, RDF.type, TIME.Instant)
        self.add(node, TIME.inXSDgYear, Literal(str(year), datatype=XSD.gYear))
        return node

    def period(self, period: Period | None) -> URIRef | None:
        if period is None:
            return None
        if period.start == period.end:
            return self.year(period.start)
        node = iris.interval_iri(period.start, period.end)
        self.add(node, RDF.type, TIME.Interval)
        self.add(node, TIME.hasBeginning, self.year(period.start))
        self.add(node, TIME.hasEnd, self.year(period.end))
        return node

    def doc_type(self, name: str | None, type_code: str | None = None) -> URIRef:
        key = iris.type_key(name, type_code)
        return self.code("doc-type", key, CANCU.DocumentType, name)

    # ------------------------------------------------------------------ the document
    def build_document(self) -> None:
        doc, header = self.document, self.document.header
        parts = iris.parse_symbol(header.symbol)
        type_node = self.doc_type(header.doc_type, parts.type_code if parts else None)
        self.add(self.doc, RDF.type, ELI.LegalResource)
        if str(type_node).rsplit("/", 1)[-1] in PLAN_TYPES:
            self.add(self.doc, RDF.type, CANCU.Plan)
        self.add(self.doc, ELI.type_document, type_node)
        if header.symbol:
            self.add(self.doc, ELI.id_local, Literal(header.symbol))
        if header.title:
            self.add(self.doc, ELI.title, _vi(header.title))
        if header.date and _ISO_DATE.match(header.date):
            self.add(self.doc, ELI.date_document, Literal(header.date, datatype=XSD.date))
        if header.issuer:
            self.add(self.doc, ELI.passed_by, self.organisation(header.issuer))
        self.add(self.doc, ELI.language, LANG.VIE)
        self.add(self.doc, CANCU.corpusId, Literal(doc.id))
        self.add(self.doc, CANCU.corpus, Literal(self.corpus_name))
        self.add(self.doc, CANCU.sourceFile, Literal(doc.source))
        if doc.sha256:
            self.add(self.doc, CANCU.sha256, Literal(doc.sha256))
        if doc.ocr_pages:
            self.add(self.doc, CANCU.ocrEngine, Literal(doc.ocr_pages[0].engine))
            self.add(self.doc, CANCU.ocrPageCount, Literal(len(doc.ocr_pages)))
            mean = sum(page.confidence for page in doc.ocr_pages) / len(doc.ocr_pages)
            self.add(self.doc, CANCU.ocrConfidence, _decimal(round(mean, 3)))
        self.add(self.doc, CANCU.period, self.period(period_of(header.title)))
        if doc.signature:
            if doc.signature.signer:
                self.add(self.doc, CANCU.signer, Literal(doc.signature.signer))
            position = " / ".join(p for p in (doc.signature.capacity, doc.signature.position) if p)
            if position:
                self.add(self.doc, CANCU.signerPosition, Literal(position))

    def organisation(self, name: str) -> URIRef:
        """An issuing body: the same node as the agency an extractor would name."""
        return self.agency(Agency(name=name, canonical=name))

    # ------------------------------------------------------------------ structure
    def build_structure(self) -> None:
        root = self.document.body
        for child in root.children:
            self._section(child, parent=self.doc, project=None, subproject=None, breadcrumb=())
        for attachment in self.document.attachments:  # a regulation issued with the document: a part of it
            self._section(attachment.body, parent=self.doc, project=None, subproject=None, breadcrumb=())
            self._attachment(attachment)
        for position, clause in enumerate(self.document.clauses()):
            self._clause(clause, position)

    def _section(self, section: Section, parent: URIRef, project, subproject, breadcrumb) -> None:
        node = iris.section_iri(section.id)
        self.section_iris[section.id] = node
        own_project = project_label(section.project) or (
            project_label(section.label) if section.kind == "project" else None)
        own_sub = project_label(section.subproject) or (
            project_label(section.label) if section.kind == "subproject" else None)
        introduces = (own_project is not None and own_project != project) or (
            own_sub is not None and own_sub != subproject)
        if own_project and own_project != project:
            subproject = None  # a new project starts: the previous one's subproject no longer applies
        project = own_project or project
        subproject = own_sub or subproject
        trail = breadcrumb + (section.title,)
        self.add(node, RDF.type, CANCU.Section)
        self.add(node, ELI.is_part_of, parent)
        self.add(node, CANCU.inDocument, self.doc)
        self.add(node, CANCU.sectionPath, Literal(section.path))
        self.add(node, ELI.number, Literal(section.label))
        if section.title:
            self.add(node, ELI.title, _vi(section.title))
        self.add(node, CANCU.headingKind, Literal(section.kind))
        self.add(node, CANCU.level, Literal(int(section.level)))
        self.add(node, CANCU.startOffset, Literal(int(section.span[0])))
        self.add(node, CANCU.endOffset, Literal(int(section.span[1])))
        if project:
            title = _PROJECT_PREFIX.sub("", section.title).strip() if introduces and section.title else None
            self.add(node, CANCU.aboutProject, self.project(project, subproject, " ".join(trail), title or None))
        for child in section.children:
            self._section(child, node, project, subproject, trail)

    def _attachment(self, attachment: Attachment) -> None:
        """The root section of a text printed after the signature is also a `cancu:Attachment`: its kind
        ("Quy chế", "Phụ lục"), its caption "(Ban hành kèm theo ...)" and the symbol the caption names."""
        node = self.section_iris[attachment.body.id]
        self.add(node, RDF.type, CANCU.Attachment)
        self.add(self.doc, CANCU.attachment, node)
        if attachment.kind:
            self.add(node, CANCU.attachmentKind, _vi(attachment.kind))
        if attachment.title and not attachment.body.title:
            self.add(node, ELI.title, _vi(attachment.title))
        if attachment.caption:
            self.add(node, CANCU.caption, _vi(attachment.caption))
        if attachment.issuing_symbol:
            self.add(node, CANCU.issuingSymbol, Literal(attachment.issuing_symbol))

    def _clause(self, clause: Clause, position: int) -> None:
        node = iris.clause_iri(clause.id)
        self.add(node, RDF.type, CANCU.Clause)
        self.add(node, RDF.type, PROV.Entity)
        self.add(node, CANCU.clauseId, Literal(clause.id))
        self.add(node, CANCU.text, _vi(clause.text))
        self.add(node, CANCU.clauseKind, Literal(clause.kind))
        self.add(node, CANCU.position, Literal(position))
        self.add(node, ELI.is_part_of, self.section_iris.get(clause.section_id, self.doc))
        self.add(node, CANCU.inDocument, self.doc)
        self.add(node, CANCU.startOffset, Literal(int(clause.span[0])))
        self.add(node, CANCU.endOffset, Literal(int(clause.span[1])))
        self.add(node, CANCU.sourceStartOffset, Literal(int(clause.source_span[0])))
        self.add(node, CANCU.sourceEndOffset, Literal(int(clause.source_span[1])))
        if clause.marker:
            self.add(node, CANCU.marker, Literal(clause.marker))
        if clause.lead_in:
            self.add(node, CANCU.leadIn, _vi(clause.lead_in))
        if clause.breadcrumb:
            self.add(node, CANCU.breadcrumb, _vi(" › ".join(clause.breadcrumb)))
        if clause.ocr_confidence is not None:  # read by OCR: answers can say so, and how sure it was
            self.add(node, CANCU.ocrConfidence, _decimal(clause.ocr_confidence))

    # ------------------------------------------------------------------ programmes
    def collect_programmes(self) -> None:
        """Programmes approved by cited decisions, and which one this document is about."""
        for ref in self.extraction.references:
            name = approved_programme(ref.title) or approved_after(self._words_after(ref))
            if not name:
                continue
            node = self.programme(name)
            self.add(node, CANCU.approvedBy, self.cited_iri(ref))
        title = self.document.header.title or ""
        chosen = best_programme(title, list(self.programmes))
        if chosen:
            self.main_programme = self.programmes[chosen]
        elif programme_in_title(title):  # "Kế hoạch thực hiện Chương trình ..." citing no approval
            self.main_programme = self.programme(programme_in_title(title))
        if self.main_programme is not None:
            self.add(self.doc, CANCU.programme, self.main_programme)

    def _words_after(self, ref: Reference) -> str | None:
        """The clause's words after a citation, up to the next citation: its title when the extractor
        read none (an aside "(nay là Bộ ...)" stood before it)."""
        clause = self.document.clause(ref.clause_id)
        if clause is None or ref.title:
            return None
        start = ref.span[1] - clause.span[0]
        following = [r.span[0] - clause.span[0] for r in self.extraction.references
                     if r.clause_id == ref.clause_id and r.span[0] >= ref.span[1]]
        return clause.text[max(0, start):min(following, default=len(clause.text))]

    def programme(self, written: str) -> URIRef:
        """A programme keyed on its name without phase or place; the phase goes to cancu:period."""
        name = programme_name(written) or written
        node = iris.programme_iri(name)
        if name not in self.programmes:
            self.programmes[name] = node
            self.add(node, RDF.type, CANCU.Programme)
            self.add(node, RDF.type, SKOS.Concept)
            self.add(node, SKOS.inScheme, URIRef(ID + "programme"))
            self.add(node, SKOS.prefLabel, _vi(_sentence_case(expand_abbreviations(name))))
        if written != name:
            self.add(node, SKOS.altLabel, _vi(" ".join(written.split())))
        self.add(node, CANCU.period, self.period(period_of(written)))
        return node

    def programme_for(self, context: str) -> URIRef | None:
        chosen = best_programme(context, list(self.programmes))
        return self.programmes[chosen] if chosen else self.main_programme

    def project(self, project: str, subproject: str | None, context: str, title: str | None = None) -> URIRef:
        programme = self.programme_for(context)
        parent = programme or URIRef(f"{ID}project/{quote(self.document.id, safe='-_.~')}")
        node = iris.project_iri(parent, project)
        self.add(node, RDF.type, CANCU.Project)
        self.add(node, RDF.type, SKOS.Concept)
        self.add(node, SKOS.notation, Literal(project))
        self.add(node, SKOS.prefLabel, _vi(project))
        if programme is not None:
            self.add(node, SKOS.broader, programme)
            self.add(node, SKOS.inScheme, URIRef(ID + "programme"))
        if not subproject and title:
            self.add(node, SKOS.altLabel, _vi(title))
        if subproject:
            sub = iris.project_iri(node, subproject)
            self.add(sub, RDF.type, CANCU.Project)
            self.add(sub, RDF.type, SKOS.Concept)
            self.add(sub, SKOS.notation, Literal(subproject))
            self.add(sub, SKOS.prefLabel, _vi(f"{project} › {subproject}"))
            self.add(sub, SKOS.broader, node)
            if programme is not None:
                self.add(sub, SKOS.inScheme, URIRef(ID + "programme"))
            if title:
                self.add(sub, SKOS.altLabel, _vi(title))
            return sub
        return node

    # ------------------------------------------------------------------ references
    def cited_iri(self, ref: Reference) -> URIRef:
        """The cited act's node: a local body named without its place is the citing document's own
        ("UBND tỉnh"), and a citation without a year takes the one year the corpus knows (graph/identity.py)."""
        return iris.document_iri(
            symbol=ref.symbol, number=ref.number, year=ref.year, date=ref.date,
            doc_type=ref.doc_type_detail or ref.doc_type, issuer=ref.issuer, name=ref.name,
            fallback_text=ref.title or ref.as_written or ref.text[:120], home=home_of(self.extraction),
            years=self.years.year if self.years is not None else None,
        )

    def build_references(self) -> None:
        for ref in self.extraction.references:
            cited = self.cited_iri(ref)
            if cited == self.doc:
                continue
            parts = iris.parse_symbol(ref.symbol)
            self.add(cited, RDF.type, ELI.LegalResource)
            self.add(cited, ELI.type_document,
                     self.doc_type(ref.doc_type_detail or ref.doc_type, parts.type_code if parts else None))
            if ref.symbol:
                self.add(cited, ELI.id_local, Literal(ref.symbol))
            if ref.date and _ISO_DATE.match(ref.date):
                self.add(cited, ELI.date_document, Literal(ref.date, datatype=XSD.date))
            elif ref.year or (parts and parts.year):
                self.add(cited, CANCU.year, Literal(str(ref.year or parts.year), datatype=XSD.gYear))
            if ref.title:
                self.add(cited, ELI.title, _vi(ref.title))
            if ref.name:
                self.add(cited, ELI.title_short, _vi(ref.name))
            if ref.issuer:
                self.add(cited, ELI.passed_by, self.organisation(ref.issuer))
            relation = ref.relation if ref.relation in RELATION_PROPERTY else "mention"
            self.add(self.doc, RELATION_PROPERTY[relation], cited)
            if relation in STATUS_PROPERTY:
                self.add(cited, STATUS_PROPERTY[relation], self.doc)
            node = iris.fact_iri("citation", self.document.id, ref.clause_id, tuple(ref.span), str(cited), relation)
            self.add(node, RDF.type, CANCU.Citation)
            self.add(node, CANCU.citingDocument, self.doc)
            self.add(node, CANCU.citedDocument, cited)
            self.add(node, CANCU.relation, RELATION[relation])
            if ref.as_written:
                self.add(node, CANCU.asWritten, Literal(ref.as_written))
            if ref.provisions:
                self.add(node, CANCU.provisions, _vi(ref.provisions))  # "khoản 2 Điều 12": a partial change
            self.provenance(node, ref.clause_id, ref.span, ref.text)

    # ------------------------------------------------------------------ agencies and places
    def agency(self, agency: Agency) -> URIRef:
        node = iris.agency_iri(agency.canonical or agency.name, agency.locality)
        _, locality = iris.agency_parts(agency.canonical or agency.name, agency.locality)
        self.add(node, RDF.type, ORG.Organization)
        label = iris.agency_label(agency.canonical or agency.name, agency.locality)
        self.add(node, SKOS.prefLabel, _vi(label))
        for other in (agency.canonical, agency.name):
            if other and other != label:
                self.add(node, SKOS.altLabel, _vi(other))
        kind = agency.kind or iris.body_of(agency.canonical or agency.name)[0]
        type_node = self.code("agency-type", slug(kind), CANCU.AgencyType, iris.body_of(agency.canonical or agency.name)[0])
        self.add(node, ORG.classification, type_node)
        if locality:
            self.add(node, CANCU.locality, self.locality_place(locality))
        if agency.generic:
            self.add(node, CANCU.isGeneric, Literal(True))
        return node

    def locality_place(self, locality: str) -> URIRef:
        name, level = _split_level(locality, None)
        return self.place_node(name, level)

    def place_node(self, name: str, level: str | None, *, code: str | None = None,
                   district: str | None = None, province: str | None = None,
                   default_level: str | None = None) -> URIRef:
        """An administrative unit: by official code when known, else by name within its district.

        A name already met in this document (a gazetteer-coded place) is reused, so an assignment's
        "Sì Lở Lầu" lands on the coded node of the same commune.
        """
        name, level = _split_level(name, level)
        level_key = slug(level) if level else None
        name_key = slug(name)
        if not code:
            known = self.places_by_name.get((level_key, name_key))
            if known is not None:
                return known
        if level is None and default_level:
            level, level_key = default_level, slug(default_level)
        is_commune = level_key in COMMUNE_LEVELS
        parent = None
        if is_commune:
            parent_name = district or self.locality
            if parent_name:
                if self.locality and slug(_split_level(self.locality, None)[0]) == slug(parent_name):
                    parent_name = self.locality  # a bare district name that is the issuer's own district
                if slug(_split_level(parent_name, None)[0]) != name_key:  # a commune's own plan: no parent
                    parent = self.place_node(parent_name, None)
        elif province and level_key not in (None, "tinh"):
            parent = self.place_node(province if _LEVEL_PREFIX.match(province) else f"tỉnh {province}", None)
        parent_key = str(parent)[len(ID) + len("place/"):] if parent is not None and "/code/" not in str(parent) else None
        if is_commune and parent is not None and parent_key is None:
            parent_key = slug(district or self.locality or "")
        node = iris.place_iri(name, level, code=code, parent=parent_key if is_commune else None)
        self.places_by_name.setdefault((level_key, name_key), node)
        if is_commune:
            self.places_by_name.setdefault((None, name_key), node)  # "Sì Lở Lầu" said without "xã"
        self.add(node, RDF.type, CANCU.AdministrativeUnit)
        self.add(node, SKOS.prefLabel, _vi(iris.display_name(name)))
        if level_key:
            self.add(node, CANCU.adminLevel, self.code("admin-level", level_key, CANCU.AdministrativeLevel, level))
        if code:
            self.add(node, CANCU.officialCode, Literal(code))
        if parent is not None and parent != node:
            self.add(node, CANCU.within, parent)
        return node

    def build_places(self) -> None:
        # Places with an official code first, so later mentions of the same name reuse that node.
        for place in sorted(self.extraction.places, key=lambda p: p.code is None):
            node = self.place_node(place.name, place.level, code=place.code, district=place.district,
                                   province=place.province)
            mention = iris.fact_iri("mention", self.document.id, place.clause_id, tuple(place.span), str(node))
            self.add(mention, RDF.type, CANCU.PlaceMention)
            self.add(mention, CANCU.place, node)
            self.provenance(mention, place.clause_id, place.span, place.text)

    # ------------------------------------------------------------------ assignments
    def build_assignments(self) -> None:
        for a in self.extraction.assignments:
            agency = self.agency(a.agency)
            communes = [c for c in dict.fromkeys(([a.commune] if a.commune else []) + list(a.communes)) if c]
            node = iris.fact_iri("assignment", self.document.id, a.clause_id, tuple(a.span), a.role,
                                 str(agency), "|".join(communes), a.reporter.canonical if a.reporter else "")
            self.add(node, RDF.type, CANCU.Assignment)
            self.add(node, CANCU.agency, agency)
            self.add(node, CANCU.role, ROLE[a.role])
            if a.task:
                self.add(node, CANCU.task, _vi(a.task))
            if a.verb:
                self.add(node, CANCU.verb, _vi(a.verb))
            for commune in communes:
                self.add(node, CANCU.commune, self.place_node(commune, None, default_level="xã"))
            if a.reporter is not None:
                self.add(node, CANCU.reporter, self.agency(a.reporter))
            if a.project and project_label(a.project):
                context = " ".join(self._breadcrumb(a.clause_id))
                self.add(node, CANCU.aboutProject, self.project(project_label(a.project), None, context))
            self.provenance(node, a.clause_id, a.span, a.text)

    def _breadcrumb(self, clause_id: str) -> list[str]:
        clause = self.document.clause(clause_id) if self.document else None
        return list(clause.breadcrumb) if clause else []

    # ------------------------------------------------------------------ targets and budgets
    def unit(self, unit: str) -> URIRef:
        key = _UNIT_SYNONYMS.get(unit.strip()) or _UNIT_SYNONYMS.get(slug(unit)) \
            or slug(unit.replace("%", " percent ")) or "khac"  # "%/năm" -> "percent-nam"
        return self.code("unit", key, CANCU.Unit, unit)

    def build_targets(self) -> None:
        for t in self.extraction.targets:
            node = iris.fact_iri("target", self.document.id, t.clause_id, tuple(t.span), t.indicator, t.value,
                                 t.unit, t.comparator, t.year)
            self.add(node, RDF.type, CANCU.Target)
            self.add(node, CANCU.indicator, _vi(t.indicator))
            self.add(node, CANCU.indicatorKey, Literal(slug(t.indicator)))
            self.add(node, QUDT.numericValue, _decimal(t.value))
            if t.unit:
                self.add(node, QUDT.unit, self.unit(t.unit))
            self.add(node, CANCU.comparator, COMPARATOR[COMPARATOR_KEY.get(t.comparator, "eq")])
            if t.value_max is not None:
                self.add(node, CANCU.maxValue, _decimal(t.value_max))
            if t.of is not None:
                self.add(node, CANCU.denominator, _decimal(t.of))
            if t.year:
                self.add(node, CANCU.targetTime, self.year(int(t.year)))
            if t.commune:  # the one commune the text sets it for (ontologies/cancu.ttl, cancu:forCommune)
                self.add(node, CANCU.forCommune, self.place_node(t.commune, t.commune_level, code=t.commune_code,
                                                                 default_level="xã"))
            self.provenance(node, t.clause_id, t.span, t.text)

    def funding(self, source: str | None) -> URIRef:
        if not source or not source.strip():
            return FUNDING["khong-ro"]
        key = slug(source, expand=False)
        key = _FUNDING_SYNONYMS.get(key, key)
        node = self.code("funding-source", key, CANCU.FundingSource, source)
        if key in _FUNDING_BROADER:
            self.add(node, SKOS.broader, FUNDING[_FUNDING_BROADER[key]])
        return node

    def build_budgets(self) -> None:
        for b in self.extraction.budgets:
            node = iris.fact_iri("budget", self.document.id, b.clause_id, tuple(b.span), b.amount_million_vnd,
                                 b.source, b.purpose)
            self.add(node, RDF.type, CANCU.Budget)
            self.add(node, QUDT.numericValue, _decimal(b.amount_million_vnd))
            self.add(node, QUDT.unit, UNIT_CODE["trieu-dong"])
            self.add(node, CANCU.fundingSource, self.funding(b.source))
            if b.purpose:
                self.add(node, CANCU.purpose, _vi(b.purpose))
            if b.amount_as_written:
                self.add(node, CANCU.asWritten, Literal(b.amount_as_written))
            if b.year:
                self.add(node, CANCU.budgetYear, self.year(int(b.year)))
            if b.commune:
                self.add(node, CANCU.forCommune, self.place_node(b.commune, b.commune_level, code=b.commune_code,
                                                                 default_level="xã"))
            if b.programme:
                label = project_label(b.programme)
                if label:
                    context = " ".join(self._breadcrumb(b.clause_id))
                    self.add(node, CANCU.aboutProject, self.project(label, None, context))
                else:
                    chosen = best_programme(b.programme, list(self.programmes))
                    self.add(node, CANCU.programme, self.programmes[chosen] if chosen else self.programme(b.programme))
            self.provenance(node, b.clause_id, b.span, b.text)

    def build(self) -> Graph:
        """The document, its programmes, then each kind of fact of the registry (`ingest.facts`) through its
        `build_{name}` method; kinds marked `graph_first` (places) before the structure and the others."""
        self.build_document()
        self.collect_programmes()
        for kind in FACTS:
            if kind.graph_first:
                getattr(self, f"build_{kind.name}")()
        self.build_structure()
        for kind in FACTS:
            if not kind.graph_first:
                getattr(self, f"build_{kind.name}")()
        return self.graph


def build_document_graph(extraction: Extraction, *, corpus_name: str = "default",
                         years: YearIndex | None = None) -> Graph:
    """RDF for one document, as a graph whose identifier is the document's named graph. `years` (built
    over the whole corpus) lets an undated citation meet the dated node of the same act."""
    return _Builder(extraction, corpus_name, years).build()


def document_iri_of(document: Document) -> URIRef:
    """The IRI `build_document_graph` gives this document (for links from the API and search)."""
    header = document.header
    return iris.document_iri(symbol=header.symbol, number=header.number, date=header.date,
                             doc_type=header.doc_type, issuer=header.issuer, corpus_id=document.id)


__all__ = ["CITING_PROPERTIES", "RELATION_PROPERTY", "STATUS_PROPERTY", "build_document_graph", "document_iri_of"]
