"""What a project's Turtle already says that a sheet row may name: countries, fields, described resources.

A row reuses what exists instead of minting a rival: a country already in the
data (by its ISO code) keeps its IRI and its curated names, a field already in
the scheme (by any of its labels, capital letters aside) is that concept, and a
resource already described is not described again. One streamed pass over the
RDF data files collects only these few facts; it runs only when there are sheets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from coopgraph.sources.load import parse_quads

__all__ = ["Known", "known_from", "label_key"]

_COOP = "https://w3id.org/coopgraph/ontology#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ISO = _COOP + "iso3166Alpha3"
_FIELD = _COOP + "FieldOfCooperation"
_LABELS = {_SKOS + "prefLabel", _SKOS + "altLabel"}


def label_key(text: str) -> str:
    """How two wordings of a field compare: capital letters and runs of spaces aside."""
    return " ".join(text.split()).casefold()


@dataclass
class Known:
    countries: dict[str, str] = field(default_factory=dict)
    """ISO 3166 alpha-3 code → the IRI of the country the data describes."""
    fields: dict[str, str] = field(default_factory=dict)
    """:func:`label_key` of a preferred or alternative label → the field's IRI."""
    typed: set[str] = field(default_factory=set)
    """Every IRI the data gives a type: described already."""


def known_from(paths: Iterable[Path]) -> Known:
    """The facts of :class:`Known` in the RDF files ``paths`` (the project's data/)."""
    known = Known()
    labels: list[tuple[str, str]] = []
    fields: set[str] = set()
    for path in paths:
        for quad in parse_quads(Path(path)):
            subject, predicate, obj = quad.subject, quad.predicate.value, quad.object
            if not isinstance(subject, ox.NamedNode):
                continue
            if predicate == _TYPE:
                known.typed.add(subject.value)
                if isinstance(obj, ox.NamedNode) and obj.value == _FIELD:
                    fields.add(subject.value)
            elif predicate == _ISO and isinstance(obj, ox.Literal):
                known.countries[obj.value.upper()] = subject.value
            elif predicate in _LABELS and isinstance(obj, ox.Literal):
                labels.append((label_key(obj.value), subject.value))
    for key, iri in labels:
        if iri in fields:
            known.fields.setdefault(key, iri)
    return known
