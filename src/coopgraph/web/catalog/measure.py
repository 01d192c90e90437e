"""What the dataset description counts, asked of the store once per build and process.

:func:`measure` is the only part of the description that touches the store:
SPARQL over the union of the graphs for triples, entities, the class and
property partitions, the Wikidata linkset, the vocabularies used, the time span
of the agreements and projects, and the few labels the description names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from coopgraph.engine.sparql import select
from coopgraph.web.links import with_slash

DISTINCT = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"


@dataclass(frozen=True)
class Counts:
    """What :func:`measure` found in the store."""

    triples: int
    entities: int
    classes: dict[str, int]
    """Class IRI → number of distinct instances."""
    properties: dict[str, int]
    """Property IRI → number of distinct triples."""
    linkset_triples: int
    vocabularies: tuple[str, ...]
    start: date | None
    end: date | None
    examples: tuple[str, ...]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    """Labels (language → text) of the few resources the description names: the home municipality, its
    administration, its country, the source documents."""
    sources: tuple[str, ...] = ()
    """The source documents the data is derived from."""
    centroid: tuple[str, str] | None = None
    """The home municipality's WGS84 longitude and latitude (as written), when the data has them."""


def _int(store: ox.Store, query: str) -> int:
    row = next(iter(select(store, query)))
    return int(row[0].value)


def _namespace(iri: str) -> str | None:
    match = re.match(r"^(https?://.*[#/])[^#/]*$", iri)
    return match.group(1) if match else None


def _date_bound(lexical: str, datatype: str, end: bool) -> date | None:
    """The first (or last) day of an xsd:date, xsd:gYearMonth or xsd:gYear; None for other forms."""
    try:
        if datatype.endswith("#date"):
            return date.fromisoformat(lexical[:10])
        if datatype.endswith("#gYearMonth"):
            year, month = int(lexical[:4]), int(lexical[5:7])
            if not end:
                return date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1)
        if datatype.endswith("#gYear"):
            year = int(lexical[:4])
            return date(year, 12, 31) if end else date(year, 1, 1)
    except ValueError:
        return None
    return None


def measure(store: ox.Store, dataset_base: str, home: str, named: Sequence[str] = ()) -> Counts:
    """Count what the description states, with SPARQL over the union of the store's graphs.

    ``home`` is the home municipality (a VoID example resource); ``named`` are the
    resources whose labels the description repeats.
    """
    id_base = with_slash(dataset_base) + "id/"
    classes = {
        row["c"].value: int(row["n"].value)
        for row in select(store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c")
    }
    properties = {
        row["p"].value: int(row["n"].value)
        for row in select(store, f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {DISTINCT} }} GROUP BY ?p")
    }
    start, end = _time_span(store)
    sources = tuple(
        row["s"].value
        for row in select(
            store, "SELECT DISTINCT ?s WHERE { ?s a coop:SourceDocument FILTER(isIRI(?s)) } ORDER BY STR(?s)"
        )
    )
    return Counts(
        triples=_int(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {DISTINCT} }}"),
        entities=_int(
            store,
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
            f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{id_base}")) }}',
        ),
        classes=classes,
        properties=properties,
        linkset_triples=_int(store, linkset_query(dataset_base, count=True)),
        vocabularies=tuple(sorted({ns for iri in [*classes, *properties] if (ns := _namespace(iri)) is not None})),
        start=start,
        end=end,
        examples=_examples(store, home),
        labels=_labels(store, [home, *named, *sources]),
        sources=sources,
        centroid=_point(store, home),
    )


def _point(store: ox.Store, iri: str) -> tuple[str, str] | None:
    """A place's longitude and latitude (geo:long, geo:lat), the first pair the data gives."""
    query = "SELECT ?long ?lat ?s WHERE { ?s geo:long ?long ; geo:lat ?lat } ORDER BY ?long ?lat LIMIT 1"
    for row in select(store, query, bindings={"s": ox.NamedNode(iri)}):
        return row["long"].value, row["lat"].value
    return None


def _time_span(store: ox.Store) -> tuple[date | None, date | None]:
    """The first and last day covered by the agreements' and projects' dates."""
    starts: list[date] = []
    ends: list[date] = []
    for row in select(
        store,
        """SELECT ?d WHERE {
             { ?x a coop:CooperationAgreement ; coop:concluded ?d }
             UNION { ?x a coop:Project ; schema:startDate ?d }
             UNION { ?x a coop:Project ; schema:endDate ?d } }""",
    ):
        value = row["d"]
        if isinstance(value, ox.Literal):
            for bound, into in ((False, starts), (True, ends)):
                found = _date_bound(value.value, value.datatype.value, bound)
                if found is not None:
                    into.append(found)
    return (min(starts) if starts else None), (max(ends) if ends else None)


def _examples(store: ox.Store, home: str) -> tuple[str, ...]:
    """The home municipality, and the first agreement and project: VoID example resources."""
    examples: list[str] = []
    if _int(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {ox.NamedNode(home)} ?p ?o }}"):
        examples.append(home)
    for cls in ("coop:CooperationAgreement", "coop:Project"):
        first = f"SELECT ?x WHERE {{ ?x a {cls} FILTER(isIRI(?x)) }} ORDER BY STR(?x) LIMIT 1"
        examples.extend(row["x"].value for row in select(store, first))
    return tuple(examples)


def _labels(store: ox.Store, iris: list[str]) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for iri in iris:
        for row in select(store, "SELECT ?l ?s WHERE { ?s rdfs:label ?l }", bindings={"s": ox.NamedNode(iri)}):
            label = row["l"]
            if isinstance(label, ox.Literal) and label.language:
                labels.setdefault(iri, {})[label.language] = label.value
    return labels


def linkset_query(dataset_base: str, count: bool = False) -> str:
    """The links of the Wikidata linkset: skos:exactMatch/closeMatch from the dataset's resources to Wikidata items.

    The ontology's own alignments of coop: terms to Wikidata classes are vocabulary
    mappings, not links of the data, and are not counted (their subjects are not under ``id/``).
    """
    id_base = with_slash(dataset_base) + "id/"
    inner = (
        "SELECT DISTINCT ?s ?p ?o WHERE { VALUES ?p { skos:exactMatch skos:closeMatch } ?s ?p ?o "
        f'FILTER(STRSTARTS(STR(?s), "{id_base}") && STRSTARTS(STR(?o), "http://www.wikidata.org/entity/")) }}'
    )
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ {inner} }}" if count else inner
