"""What a row of ``sources`` or ``agreements`` says, as triples, each with the column it comes from.

A row makes every resource it names: the agreement with both parties (the home
municipality from ``coopgraph.toml``, the partner from the row), the partner
municipality with its names and country, the country when the data has none
(names and code from ISO 3166), the fields as concepts of the project's scheme,
and the provenance link to its source document. IRIs come from names by the
slug rule (:mod:`coopgraph.sources.slug`), so the same row always makes the same
IRIs, whatever the order of the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from coopgraph.namespaces import PREFIXES
from coopgraph.sources.config import CONFIG_FILE, ProjectConfig
from coopgraph.sources.countries import Country, country
from coopgraph.sources.load import LoadError
from coopgraph.sources.sheet_known import Known, label_key
from coopgraph.sources.sheet_read import Row, precision
from coopgraph.sources.slug import slug

__all__ = ["Context", "Fact", "agreement_facts", "source_facts"]

Term = ox.NamedNode | ox.Literal
Fact = tuple[ox.NamedNode, ox.NamedNode, Term, str | None]
"""Subject, predicate, object, and the column that wrote it (None: the row as a whole)."""


def _ns(base: str) -> Callable[[str], ox.NamedNode]:
    """IRIs of one vocabulary by local name, each made once (rows repeat the same predicates)."""
    return cache(lambda name: ox.NamedNode(base + name))


COOP = _ns(PREFIXES["coop"])
RDFS = _ns(PREFIXES["rdfs"])
SKOS = _ns(PREFIXES["skos"])
PROV = _ns(PREFIXES["prov"])
DCT = _ns(PREFIXES["dcterms"])
SCHEMA = _ns(PREFIXES["schema"])
GEO = _ns(PREFIXES["geo"])
XSD = PREFIXES["xsd"]
TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
ISO639 = "http://id.loc.gov/vocabulary/iso639-1/"
WIKIDATA = PREFIXES["wd"]
SCHEME = "scheme/fields-of-cooperation"


@dataclass
class _Concept:
    names: set[str] = field(default_factory=set)
    latvian: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    first: tuple[Row, str] | None = None


@dataclass
class Context:
    """What the rows read so far have made, so that each resource is described once."""

    config: ProjectConfig
    """The project's settings: its base IRI and its home municipality."""
    known: Known
    sources: set[str] = field(default_factory=set)
    """Ids of the source documents the sources sheets list."""
    made: set[object] = field(default_factory=set)
    concepts: dict[str, _Concept] = field(default_factory=dict)

    def iri(self, kind: str, key: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.config.base}id/{kind}/{key}")

    def once(self, key: object) -> bool:
        """True the first time ``key`` is seen: the facts it stands for are still to be written."""
        if key in self.made:
            return False
        self.made.add(key)
        return True

    def home_country(self) -> Country:
        try:
            return country(self.config.home.country)
        except LookupError as error:
            raise LoadError(Path(CONFIG_FILE), f"[home] country {self.config.home.country!r} {error}") from None

    def described(self, iri: ox.NamedNode) -> bool:
        return iri.value in self.known.typed


def text(value: str, language: str) -> ox.Literal:
    return ox.Literal(value, language=language)


def dated(row: Row, name: str) -> ox.Literal | None:
    """A date cell typed by the precision written: ``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear`` (…)."""
    value = row.text(name)
    return None if value is None else ox.Literal(value, datatype=ox.NamedNode(XSD + precision(value)))


def key_of(row: Row, name: str, id_column: str | None = "id") -> str:
    """The slug of a name cell, or the row's id where it gives one; a name with no Latin letters is an error."""
    given = row.text(id_column) if id_column else None
    if given:
        return given
    try:
        return slug(row.text(name) or "")
    except ValueError as error:
        raise row.error(name, f'"{row.text(name)}": {error}; write the Latin spelling, or give an id') from None


def source_of(row: Row, context: Context) -> ox.NamedNode:
    """The row's source document, which a sources sheet (or the project's RDF) must describe."""
    key = row.text("source") or ""
    iri = context.iri("source", key)
    if key not in context.sources and not context.described(iri):
        raise row.error("source", f'"{key}" is not a source that sources.csv lists; add a row there, or correct the id')
    return iri


def labels(subject: ox.NamedNode, row: Row, english: str, latvian: str | None) -> Iterator[Fact]:
    yield subject, RDFS("label"), text(row.text(english) or "", "en"), english
    if latvian and row.text(latvian):
        yield subject, RDFS("label"), text(row.text(latvian) or "", "lv"), latvian


def optional_texts(subject: ox.NamedNode, row: Row, columns: dict[str, tuple[ox.NamedNode, str]]) -> Iterator[Fact]:
    """Free text cells (a description, a note) as language-tagged literals, where filled in."""
    for name, (predicate, language) in columns.items():
        value = row.text(name)
        if value:
            yield subject, predicate, text(value, language), name


def source_facts(row: Row, context: Context) -> Iterator[Fact]:
    """A source document: its names and titles, languages, address and dates."""
    key = row.text("id") or ""
    document = context.iri("source", key)
    context.sources.add(key)
    languages = row.items("language")
    yield document, TYPE, COOP("SourceDocument"), None
    yield document, DCT("identifier"), ox.Literal(row.text("identifier") or key), "identifier"
    for language in languages:
        yield document, DCT("language"), ox.NamedNode(ISO639 + language), "language"
    yield from labels(document, row, "label", "label_lv")
    if row.text("title"):
        yield document, DCT("title"), text(row.text("title") or "", languages[0]), "title"
    yield from optional_texts(
        document,
        row,
        {
            "title_en": (DCT("title"), "en"),
            "description": (SCHEMA("description"), "en"),
            "note": (RDFS("comment"), "en"),
        },
    )
    if row.text("url"):
        yield document, SCHEMA("url"), ox.NamedNode(row.text("url") or ""), "url"
    retrieved = dated(row, "retrieved")
    if retrieved is not None:
        yield document, DCT("date"), retrieved, "retrieved"
    modified = row.cells.get("modified")
    if modified is not None:
        yield (
            document,
            DCT("modified"),
            ox.Literal(modified.isoformat(), datatype=ox.NamedNode(XSD + "dateTime")),
            "modified",
        )


def country_of(row: Row, name: str, context: Context, source: ox.NamedNode) -> tuple[ox.NamedNode, list[Fact]]:
    """The country a cell names, and the facts of it still to write."""
    written = row.text(name) or ""
    try:
        found = country(written)
    except LookupError as error:
        raise row.error(name, f'"{written}" {error}') from None
    return country_facts(found, context, source, name)


def country_facts(
    found: Country, context: Context, source: ox.NamedNode, column: str | None
) -> tuple[ox.NamedNode, list[Fact]]:
    """The data's own resource for an ISO code; else one made from ISO 3166, described the first time."""
    existing = context.known.countries.get(found.alpha3)
    if existing is not None:
        return ox.NamedNode(existing), []
    iri = context.iri("country", slug(found.name))
    facts: list[Fact] = []
    if context.once(("country", iri)):
        facts += [
            (iri, TYPE, COOP("Country"), column),
            (iri, RDFS("label"), text(found.name, "en"), column),
            (iri, RDFS("label"), text(found.name_lv, "lv"), column),
            (iri, COOP("iso3166Alpha3"), ox.Literal(found.alpha3), column),
            (iri, SKOS("exactMatch"), ox.NamedNode(found.authority), column),
        ]
    if context.once(("country", iri, source)):
        facts.append((iri, PROV("wasDerivedFrom"), source, column))
    return iri, facts


def field_facts(subject: ox.NamedNode, row: Row, context: Context, source: ox.NamedNode, names: str) -> Iterator[Fact]:
    """``coop:field`` for each name of column ``names``: the scheme's concept with that label, or a new one.

    A new concept is written once all rows are read (:func:`concept_facts`), so
    that its label does not depend on which row came first.
    """
    latvian = row.items("field_concepts_lv")
    for index, name in enumerate(row.items(names)):
        found = context.known.fields.get(label_key(name))
        if found is None:
            try:
                key = slug(name)
            except ValueError as error:
                raise row.error(names, f'"{name}": {error}; write the field in English') from None
            iri = context.iri("field", key)
            if iri.value not in context.known.typed:
                concept = context.concepts.setdefault(key, _Concept())
                concept.names.add(name)
                concept.sources.add(source.value)
                if index < len(latvian):
                    concept.latvian.add(latvian[index])
                concept.first = concept.first or (row, names)
            found = iri.value
        yield subject, COOP("field"), ox.NamedNode(found), names


def concept_facts(context: Context) -> Iterator[tuple[Row, Fact]]:
    """The new fields the rows named, and the scheme when the project has none, after the last row."""
    scheme = context.iri("scheme", SCHEME.split("/", 1)[1])
    if context.concepts and scheme.value not in context.known.typed:
        first = next(iter(context.concepts.values())).first
        assert first is not None
        described: list[Fact] = [(scheme, TYPE, SKOS("ConceptScheme"), None)]
        for name, language in (("Fields of cooperation", "en"), ("Sadarbības jomas", "lv")):
            described += [(scheme, p, text(name, language), None) for p in (SKOS("prefLabel"), RDFS("label"))]
        for fact in described:
            yield first[0], fact
    for key, concept in sorted(context.concepts.items()):
        assert concept.first is not None
        row, column = concept.first
        iri = context.iri("field", key)
        facts: list[Fact] = [
            (iri, TYPE, COOP("FieldOfCooperation"), column),
            (iri, SKOS("inScheme"), scheme, column),
            (iri, SKOS("topConceptOf"), scheme, column),
        ]
        english, latvian = min(concept.names), min(concept.latvian) if concept.latvian else None
        for label, language, written in ((english, "en", column), (latvian, "lv", "field_concepts_lv")):
            if label is not None:
                facts.append((iri, SKOS("prefLabel"), text(label, language), written))
                facts.append((iri, RDFS("label"), text(label, language), written))
        facts.extend((iri, PROV("wasDerivedFrom"), ox.NamedNode(s), column) for s in sorted(concept.sources))
        for fact in facts:
            yield row, fact


def agreement_facts(row: Row, context: Context) -> Iterator[Fact]:
    """An agreement between the home municipality and the row's partner, and the partner it names."""
    source = source_of(row, context)
    key = key_of(row, "partner", "partner_id")
    partner = context.iri("municipality", key)
    concluded = dated(row, "concluded")
    assert concluded is not None  # a required column
    home_key = context.config.home.iri.rstrip("/").rsplit("/", 1)[-1]
    agreement = context.iri("agreement", f"{home_key}-{key}-{concluded.value[:4]}")
    country_iri, new_country = country_of(row, "country", context, source)
    yield from new_country
    yield from _home_facts(row, context, source)
    yield from _partner_facts(row, context, partner, country_iri, source)
    yield agreement, TYPE, COOP("CooperationAgreement"), None
    yield from _agreement_labels(row, context, agreement, concluded.value[:4])
    yield agreement, COOP("party"), ox.NamedNode(context.config.home.iri), None
    yield agreement, COOP("party"), partner, "partner"
    yield agreement, COOP("concluded"), concluded, "concluded"
    language = row.text("fields_language") or "en"
    for wording in row.items("fields"):
        yield agreement, COOP("fieldAsStated"), text(wording, language), "fields"
    yield from field_facts(
        agreement, row, context, source, "field_concepts" if row.items("field_concepts") else "fields"
    )
    supplements = row.text("supplements")
    if supplements:
        earlier = context.iri("agreement", f"{home_key}-{key}-{supplements[:4]}")
        yield agreement, COOP("supplements"), earlier, "supplements"
    yield from optional_texts(
        agreement, row, {"description": (SCHEMA("description"), "en"), "note": (RDFS("comment"), "en")}
    )
    yield agreement, PROV("wasDerivedFrom"), source, "source"


def _agreement_labels(row: Row, context: Context, agreement: ox.NamedNode, year: str) -> Iterator[Fact]:
    names = context.config.home.name
    english = row.text("label") or f"Cooperation agreement between {names['en']} and {row.text('partner')} ({year})"
    yield agreement, RDFS("label"), text(english, "en"), "label"
    latvian = row.text("label_lv")
    if latvian is None and row.text("partner_lv"):
        latvian = f"{names.get('lv', names['en'])} – {row.text('partner_lv')}: sadarbības līgums ({year})"
    if latvian is not None:
        yield agreement, RDFS("label"), text(latvian, "lv"), "label_lv"


def _partner_facts(
    row: Row, context: Context, partner: ox.NamedNode, country_iri: ox.NamedNode, source: ox.NamedNode
) -> Iterator[Fact]:
    """The partner municipality as the row names it; rows that say the same of it say it once."""
    said = tuple(row.text(name) for name in ("partner", "partner_lv", "wikidata", "latitude", "longitude"))
    context.made.add(("municipality", partner))
    if not context.once(("municipality", partner, country_iri, source, said)):
        return
    yield partner, TYPE, COOP("Municipality"), "partner"
    yield from labels(partner, row, "partner", "partner_lv")
    yield partner, COOP("country"), country_iri, "country"
    yield partner, PROV("wasDerivedFrom"), source, "source"
    if row.text("wikidata"):
        yield partner, SKOS("exactMatch"), ox.NamedNode(WIKIDATA + (row.text("wikidata") or "")), "wikidata"
    for name, predicate in (("latitude", GEO("lat")), ("longitude", GEO("long"))):
        if row.text(name):
            yield partner, predicate, ox.Literal(row.text(name) or "", datatype=ox.NamedNode(XSD + "decimal")), name


def _home_facts(row: Row, context: Context, source: ox.NamedNode) -> Iterator[Fact]:
    """The home municipality, from coopgraph.toml, where the project's RDF does not describe it."""
    home = ox.NamedNode(context.config.home.iri)
    if context.described(home) or not context.once(("home", source)):
        return
    home_country, new_country = country_facts(context.home_country(), context, source, None)
    yield from new_country
    if context.once("home"):
        yield home, TYPE, COOP("Municipality"), None
        for language, name in sorted(context.config.home.name.items()):
            yield home, RDFS("label"), text(name, language), None
        yield home, COOP("country"), home_country, None
    yield home, PROV("wasDerivedFrom"), source, None
