"""What a row of ``programmes``, ``projects``, ``participants`` or ``events`` says, as triples.

The same rules as :mod:`coopgraph.sources.sheet_facts`: IRIs from names by the
slug rule (or the row's ``id``), a row names other rows by name or id
(``programme``, ``project``, ``part_of``), and every resource a row makes says
which source document it comes from.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from coopgraph.sources.sheet_facts import (
    COOP,
    DCT,
    PROV,
    RDFS,
    SCHEMA,
    TYPE,
    Context,
    Fact,
    country_of,
    dated,
    field_facts,
    key_of,
    labels,
    optional_texts,
    source_of,
    text,
)
from coopgraph.sources.sheet_read import Row
from coopgraph.sources.slug import slug

__all__ = ["event_facts", "participant_facts", "programme_facts", "project_facts"]

ROLES = {"lead": "leadPartner", "partner": "partner", "associated": "associatedPartner", None: "participant"}
EVENT_TYPES = {"event": "Event", "meeting": "Meeting", "seminar": "Seminar", "study visit": "StudyVisit"}


def _named(row: Row, name: str, kind: str, context: Context) -> ox.NamedNode | None:
    """The resource a cell names by its name or id (``Cities of change``, ``cities-of-change``)."""
    value = row.text(name)
    if not value:
        return None
    try:
        return context.iri(kind, slug(value))
    except ValueError as error:
        raise row.error(name, f'"{value}": {error}; write the Latin spelling, or the id') from None


def _dates(subject: ox.NamedNode, row: Row) -> Iterator[Fact]:
    for name, predicate in (("start", SCHEMA("startDate")), ("end", SCHEMA("endDate"))):
        value = dated(row, name)
        if value is not None:
            yield subject, predicate, value, name


def _organisation(row: Row, name: str, context: Context, source: ox.NamedNode) -> Iterator[Fact | ox.NamedNode]:
    """An organisation a cell names (described once, with the row's source), then its IRI."""
    iri = _named(row, name, "organisation", context)
    assert iri is not None
    if not context.described(iri) and context.once(("organisation", iri, source)):
        if context.once(("organisation", iri)):
            yield iri, TYPE, COOP("Organisation"), name
            yield iri, RDFS("label"), text(row.text(name) or "", "en"), name
        yield iri, PROV("wasDerivedFrom"), source, name
    yield iri


def programme_facts(row: Row, context: Context) -> Iterator[Fact]:
    source = source_of(row, context)
    programme = context.iri("programme", key_of(row, "name"))
    yield programme, TYPE, COOP("FundingProgramme"), None
    yield from labels(programme, row, "name", "name_lv")
    part_of = _named(row, "part_of", "programme", context)
    if part_of is not None:
        yield programme, COOP("partOfProgramme"), part_of, "part_of"
    if row.text("operator"):
        *facts, operator = _organisation(row, "operator", context, source)
        yield from (f for f in facts if isinstance(f, tuple))
        assert isinstance(operator, ox.NamedNode)
        yield programme, COOP("operator"), operator, "operator"
    yield from _dates(programme, row)
    yield from optional_texts(programme, row, {"description": (SCHEMA("description"), "en")})
    yield programme, PROV("wasDerivedFrom"), source, "source"


def project_facts(row: Row, context: Context) -> Iterator[Fact]:
    source = source_of(row, context)
    project = context.iri("project", key_of(row, "name"))
    yield project, TYPE, COOP("Project"), None
    yield from labels(project, row, "name", "name_lv")
    if row.text("code"):
        yield project, DCT("identifier"), ox.Literal(row.text("code") or ""), "code"
    programme = _named(row, "programme", "programme", context)
    if programme is not None:
        yield project, COOP("fundedBy"), programme, "programme"
    yield from _dates(project, row)
    yield from field_facts(project, row, context, source, "field_concepts")
    if row.text("url"):
        yield project, SCHEMA("url"), ox.NamedNode(row.text("url") or ""), "url"
    yield from optional_texts(
        project,
        row,
        {"description": (SCHEMA("description"), "en"), "description_lv": (SCHEMA("description"), "lv")},
    )
    yield project, PROV("wasDerivedFrom"), source, "source"


def participant_facts(row: Row, context: Context) -> Iterator[Fact]:
    """A participant of a project: a municipality the data has under that name, else an organisation."""
    source = source_of(row, context)
    project = _named(row, "project", "project", context)
    assert project is not None  # a required column
    key = key_of(row, "participant")
    municipality = context.iri("municipality", key)
    if context.described(municipality) or ("municipality", municipality) in context.made:
        participant = municipality
    else:
        participant = context.iri("organisation", key)
        if context.once(("organisation", participant, source)):
            if context.once(("organisation", participant)):
                yield participant, TYPE, COOP("Organisation"), "participant"
                yield from labels(participant, row, "participant", "participant_lv")
                if row.text("country"):
                    country, new_country = country_of(row, "country", context, source)
                    yield from new_country
                    yield participant, COOP("country"), country, "country"
            yield participant, PROV("wasDerivedFrom"), source, "source"
    yield project, COOP(ROLES[row.text("role")]), participant, "role" if row.text("role") else "project"


def event_facts(row: Row, context: Context) -> Iterator[Fact]:
    source = source_of(row, context)
    event = context.iri("event", key_of(row, "name"))
    yield event, TYPE, COOP(EVENT_TYPES[row.text("type") or "event"]), "type"
    yield from labels(event, row, "name", "name_lv")
    project = _named(row, "project", "project", context)
    if project is not None:
        yield event, COOP("project"), project, "project"
    yield from _dates(event, row)
    location = _named(row, "location", "municipality", context)
    if location is not None:
        yield event, SCHEMA("location"), location, "location"
    yield from optional_texts(event, row, {"description": (SCHEMA("description"), "en")})
    yield event, PROV("wasDerivedFrom"), source, "source"
