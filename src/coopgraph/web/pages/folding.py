"""One fact, shown once: the inferred copies of a resource's statements folded into the row they copy.

OWL RL restates each fact under every super-property (a ``coop:party`` is also
a ``prov:wasAttributedTo``, a ``coop:partnerOf`` also a Wikidata P190) and
each type under every super-class. A page that listed them all would say
everything two or three times. Here a row whose values are all inferred, and
all stated already under one of its sub-properties on the same page, becomes
an "also in other vocabularies" entry of that row, the way Wikidata and LodView
group statements; an inferred value no sub-property states stays in its own
row. The property hierarchy is read from the store, a few triples per property.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from coopgraph.web.pages.names import OWL, RDFS, TYPE, short_name

if TYPE_CHECKING:  # the rows are describe's; this module only regroups them
    from coopgraph.web.pages.describe import Row

SUB_PROPERTY = ox.NamedNode(RDFS + "subPropertyOf")
EQUIVALENT = ox.NamedNode(OWL + "equivalentProperty")


@dataclass(frozen=True)
class Also:
    """A property (or a type) under which the same fact is stated again, in another vocabulary."""

    iri: str
    text: str
    """Its prefixed name (``schema:location``), which tells the vocabularies apart."""
    name: str
    """Its name in the reader's language."""
    count: int | None = None
    """How many statements, where that is worth saying (the inbound links folded into a row)."""
    inbound: bool = False
    """Whether these are the same links stated from the other side, pointing here."""


def super_properties(store: ox.Store, predicate: str, limit: int = 64) -> set[str]:
    """Every property ``predicate`` is a sub-property of, directly or not, and its equivalents."""
    return _related(store, predicate, limit, upwards=True)


def sub_properties(store: ox.Store, predicate: str, limit: int = 64) -> set[str]:
    """Every property that is a sub-property of ``predicate``, directly or not, and its equivalents.

    Walked here rather than asked as ``?p rdfs:subPropertyOf+ ?q`` inside a ``FILTER NOT EXISTS``,
    which engines evaluate differently (Virtuoso 7.2 counts otherwise)."""
    return _related(store, predicate, limit, upwards=False)


def _related(store: ox.Store, predicate: str, limit: int, upwards: bool) -> set[str]:
    found: set[str] = set()
    frontier = [ox.NamedNode(predicate)]

    def add(term: object) -> None:
        if isinstance(term, ox.NamedNode) and term.value not in found and term.value != predicate:
            found.add(term.value)
            frontier.append(term)

    while frontier and len(found) < limit:
        node = frontier.pop()
        for quad in store.quads_for_pattern(node if upwards else None, SUB_PROPERTY, None if upwards else node, None):
            add(quad.object if upwards else quad.subject)
        for quad in store.quads_for_pattern(node, EQUIVALENT, None, None):
            add(quad.object)
        for quad in store.quads_for_pattern(None, EQUIVALENT, node, None):
            add(quad.subject)
    return found


def key_of(iri: str | None, text: str) -> str:
    """What makes two values the same value: the IRI, else the text as written."""
    return iri or text


def fold_rows(store: ox.Store, rows: list[Row]) -> list[Row]:
    """The rows with each inferred copy of a fact folded into the row of the property that states it."""
    values_of = {row.predicate: {key_of(v.iri, v.text) for v in row.values + row.other_languages} for row in rows}
    supers = {row.predicate: super_properties(store, row.predicate) for row in rows}
    kept: list[Row] = []
    for row in rows:
        if row.predicate == TYPE:
            kept.append(_fold_types(row))
            continue
        covering = [r for r in rows if r is not row and row.predicate in supers[r.predicate]]
        if not row.inferred or not covering:
            kept.append(row)
            continue
        stated = set().union(*(values_of[r.predicate] for r in covering))
        also = Also(row.predicate, short_name(row.predicate), row.name)
        for r in covering:
            if values_of[row.predicate] & values_of[r.predicate] and also not in r.also:
                r.also.append(also)
        row.values = [v for v in row.values if key_of(v.iri, v.text) not in stated]
        row.other_languages = [v for v in row.other_languages if key_of(v.iri, v.text) not in stated]
        if row.values or row.other_languages:
            kept.append(row)
    for row in kept:
        row.also.sort(key=lambda a: a.text)  # by prefixed name, not in the order an engine answered
    return kept


def _fold_types(row: Row) -> Row:
    """The asserted types, with the inferred super-classes (``schema:Project``, ``foaf:Project``) as "also"."""
    asserted = [v for v in row.values + row.other_languages if not v.inferred]
    if not asserted:
        return row
    for v in row.values + row.other_languages:
        if v.inferred and v.iri:
            row.also.append(Also(v.iri, short_name(v.iri), v.text))
    row.values, row.other_languages = asserted, []
    return row
