"""What a resource page says, computed from the store by pure functions.

A resource is described by its concise bounded description (every triple with
it as subject, following blank nodes, asserted and inferred alike) plus the
labels of everything it links to, so that a client reading one document can
show names instead of IRIs. The HTML view groups the same triples, knows which
came from inference (the ``graph/inferred`` named graph), which documents they
were derived from, and what links to the resource.

Nothing here formats HTML: the templates do, through Jinja's autoescape. No
SPARQL text is assembled from request values: the functions use the store's
triple patterns, or fixed queries with ``substitutions``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from coopgraph.build.store import labels, lang_values
from coopgraph.engine.sparql import GRAPH_FORMATS
from coopgraph.i18n import pick
from coopgraph.namespaces import PREFIXES
from coopgraph.web.links import page_url, with_slash
from coopgraph.web.pages.amounts import amounts
from coopgraph.web.pages.folding import Also, fold_rows
from coopgraph.web.pages.jsonld import compact
from coopgraph.web.pages.names import (
    COOP,
    DCTERMS,
    GEO,
    LABEL,
    OWL,
    PROV,
    RDFS,
    SCHEMA,
    SKOS,
    TYPE,
    WDT,
    XSD,
    external_name,
    short_name,
    term_name,
)
from coopgraph.web.pages.referrers import Inbound, inbound
from coopgraph.web.values import literal_text

GRAPH_BASE = "https://w3id.org/coopgraph/graph/"
INFERRED_GRAPH = GRAPH_BASE + "inferred"

GROUPS: tuple[tuple[str, str, str], ...] = (
    ("identity", "Identity", "Identitāte"),
    ("description", "Description", "Apraksts"),
    ("relations", "Relations", "Saistības"),
    ("dates", "Dates", "Datumi"),
    ("figures", "Figures", "Skaitļi"),
    ("provenance", "Provenance", "Izcelsme"),
    ("alignments", "Alignments", "Saskaņojumi"),
)

GROUP_OF: dict[str, str] = {
    **dict.fromkeys(
        [
            TYPE,
            LABEL,
            SKOS + "prefLabel",
            SKOS + "altLabel",
            SCHEMA + "name",
            SCHEMA + "alternateName",
            DCTERMS + "identifier",
            DCTERMS + "title",
            SKOS + "notation",
            COOP + "agreementNumber",
            DCTERMS + "language",
            SKOS + "inScheme",
            SKOS + "topConceptOf",
            SCHEMA + "jobTitle",
            SCHEMA + "honorificSuffix",
        ],
        "identity",
    ),
    **dict.fromkeys(
        [
            SCHEMA + "description",
            RDFS + "comment",
            COOP + "objective",
            COOP + "result",
            SCHEMA + "text",
            SKOS + "definition",
            DCTERMS + "description",
            COOP + "fieldAsStated",
        ],
        "description",
    ),
    **dict.fromkeys(
        [
            COOP + "concluded",
            SCHEMA + "startDate",
            SCHEMA + "endDate",
            SCHEMA + "duration",
            DCTERMS + "date",
            DCTERMS + "modified",
        ],
        "dates",
    ),
    **dict.fromkeys(
        [
            COOP + "budget",
            COOP + "coFinancing",
            SCHEMA + "value",
            SCHEMA + "currency",
            COOP + "fundingPercentage",
            COOP + "numberOfPartners",
            COOP + "numberOfPartnerCountries",
            COOP + "statedCount",
        ],
        "figures",
    ),
    **dict.fromkeys([PROV + "wasDerivedFrom", PROV + "wasAttributedTo"], "provenance"),
    **dict.fromkeys(
        [
            SKOS + "exactMatch",
            SKOS + "closeMatch",
            OWL + "sameAs",
            GEO + "lat",
            GEO + "long",
            COOP + "iso3166Alpha3",
            WDT + "P298",
            "http://purl.org/cerif/frapo/hasCountryCode",
            SCHEMA + "url",
        ],
        "alignments",
    ),
}

MAX_BLANK_DEPTH = 8
FIRST_ROWS: tuple[str, ...] = (TYPE, LABEL, SKOS + "prefLabel", COOP + "budget", COOP + "coFinancing")
FIRST_ROWS += (COOP + "concluded", SCHEMA + "startDate", SCHEMA + "endDate", SCHEMA + "duration")
"""Rows that come first in their group, in this order: a period reads start, end, duration."""
MAX_INBOUND_RDF = 1000
"""Most statements pointing at a resource that its RDF carries; a hub at a million triples has more."""


# --- the concise bounded description --------------------------------------------------------


def resource_node(iri: str) -> ox.NamedNode | None:
    """The node of ``iri``, or None when it is not a valid IRI."""
    try:
        return ox.NamedNode(iri)
    except (ValueError, TypeError):
        return None


def exists(store: ox.Store, iri: str) -> bool:
    """Whether the graph says anything about ``iri`` (as subject, else as object)."""
    node = resource_node(iri)
    if node is None:
        return False
    return (
        next(iter(store.quads_for_pattern(node, None, None, None)), None) is not None
        or next(iter(store.quads_for_pattern(None, None, node, None)), None) is not None
    )


def bounded_quads(store: ox.Store, iri: str) -> list[ox.Quad]:
    """Every quad with ``iri`` as subject, following blank-node objects (the CBD, with graph names kept)."""
    start = ox.NamedNode(iri)
    quads: list[ox.Quad] = []
    seen: set[Any] = {start}
    frontier: list[tuple[ox.NamedNode | ox.BlankNode, int]] = [(start, 0)]
    while frontier:
        node, depth = frontier.pop()
        for quad in store.quads_for_pattern(node, None, None, None):
            quads.append(quad)
            obj = quad.object
            if isinstance(obj, ox.BlankNode) and obj not in seen and depth < MAX_BLANK_DEPTH:
                seen.add(obj)
                frontier.append((obj, depth + 1))
    return quads


def inferred_triples(quads: Iterable[ox.Quad]) -> dict[ox.Triple, bool]:
    """Each distinct triple, and whether it is only inferred (in no graph but ``graph/inferred``)."""
    result: dict[ox.Triple, bool] = {}
    for quad in quads:
        inferred = isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value == INFERRED_GRAPH
        result[quad.triple] = result.get(quad.triple, True) and inferred
    return result


def inbound_triples(store: ox.Store, iri: str, limit: int = MAX_INBOUND_RDF) -> tuple[list[ox.Triple], bool]:
    """The statements pointing at ``iri`` (asserted first, then inferred), at most ``limit``; and whether all."""
    node, inferred = ox.NamedNode(iri), ox.NamedNode(INFERRED_GRAPH)
    found: dict[ox.Triple, None] = {}
    passes = (
        (q for q in store.quads_for_pattern(None, None, node, None) if q.graph_name != inferred),
        store.quads_for_pattern(None, None, node, inferred),
    )
    for quads in passes:
        for quad in quads:
            if quad.triple not in found and len(found) >= limit:
                return list(found), False
            found[quad.triple] = None
    return list(found), True


def rdf_description(store: ox.Store, iri: str) -> list[ox.Triple]:
    """The triples returned for ``iri``: its CBD, the labels of every resource it links to, and (at most
    ``MAX_INBOUND_RDF``) the statements that point at it, so that a city's RDF finds its agreements."""
    triples = list(inferred_triples(bounded_quads(store, iri)))
    inbound, _ = inbound_triples(store, iri)
    present = set(triples)
    triples.extend(t for t in inbound if t not in present)
    present.update(inbound)
    linked = {t.object for t in triples if isinstance(t.object, ox.NamedNode) and t.predicate.value != TYPE}
    linked |= {t.subject for t in inbound if isinstance(t.subject, ox.NamedNode)}
    linked.discard(ox.NamedNode(iri))
    for node in sorted(linked, key=lambda n: n.value):
        for quad in store.quads_for_pattern(node, ox.NamedNode(LABEL), None, None):
            if quad.triple not in present:
                present.add(quad.triple)
                triples.append(quad.triple)
    return triples


def serialize(triples: list[ox.Triple], fmt: str) -> bytes:
    """The triples in ``fmt`` (``turtle``, ``jsonld``, ``rdfxml``, ``ntriples``), prefixes bound."""
    if fmt == "jsonld":
        return compact(triples)
    prefixes = None
    if fmt in ("turtle", "rdfxml"):
        used = {t.value for triple in triples for t in (triple.predicate, triple.object) if isinstance(t, ox.NamedNode)}
        # the id: prefix would turn every slug into an escaped local name (id:municipality\/radom): leave it out
        prefixes = {p: ns for p, ns in PREFIXES.items() if p != "id" and any(v.startswith(ns) for v in used)}
        if fmt == "rdfxml":
            prefixes = {p: ns for p, ns in prefixes.items() if ns.endswith(("#", "/"))}
    out = io.BytesIO()
    ox.serialize(triples, out, GRAPH_FORMATS[fmt], prefixes=prefixes)
    return out.getvalue()


# --- what a page shows ------------------------------------------------------------------------


@dataclass
class Value:
    """One object of a statement, ready to show."""

    text: str
    iri: str | None = None
    href: str | None = None
    internal: bool = False
    lang: str | None = None
    datatype: str | None = None
    inferred: bool = False
    labelled: bool = False
    """Whether ``text`` is a label (else it is the IRI or its short form)."""
    nested: list[Row] | None = None
    """The statements about a blank node."""
    raw: str | None = None
    """A literal as written (``1993-12-17``, ``P12M``) where ``text`` is how it reads."""


@dataclass
class Row:
    predicate: str
    name: str
    values: list[Value]
    other_languages: list[Value] = field(default_factory=list)
    also: list[Also] = field(default_factory=list)
    """The same facts stated again under other properties (inferred), folded into this row."""

    @property
    def inferred(self) -> bool:
        return all(v.inferred for v in self.values + self.other_languages)


@dataclass
class Group:
    key: str
    title: str
    rows: list[Row]


@dataclass
class Source:
    iri: str
    href: str
    title: str
    file_name: str | None


@dataclass
class Description:
    iri: str
    name: str
    names: dict[str, str]
    types: list[Value]
    groups: list[Group]
    referenced_by: list[Inbound]
    sources: list[Source]
    has_inferred: bool
    quads: list[ox.Quad]

    def values_of(self, predicate: str) -> list[Value]:
        return [
            v for g in self.groups for r in g.rows if r.predicate == predicate for v in r.values + r.other_languages
        ]


class Linker:
    """Where links go: the dataset's IRIs to this server (keeping the reader's language), others as they are."""

    def __init__(self, dataset_base: str, public_base: str, lang: str | None = None) -> None:
        self.dataset_base, self.public_base, self.lang = with_slash(dataset_base), with_slash(public_base), lang

    def internal(self, iri: str) -> bool:
        return iri.startswith(self.dataset_base)

    def href(self, iri: str) -> str:
        url = page_url(iri, self.dataset_base, self.public_base)
        if not self.internal(iri) or not self.lang:
            return url
        path, hash_, fragment = url.partition("#")
        return f"{path}{'&' if '?' in path else '?'}lang={self.lang}{hash_}{fragment}"


def _value(store: ox.Store, term: Any, inferred: bool, lang: str, linker: Linker, depth: int = 0) -> Value:
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype is not None else None
        shown = literal_text(term.value, datatype, lang)
        return Value(shown or term.value, lang=term.language, datatype=datatype, inferred=inferred, raw=term.value)
    if isinstance(term, ox.BlankNode):
        nested = (
            _rows(store, list(store.quads_for_pattern(term, None, None, None)), lang, linker, depth + 1)
            if depth < MAX_BLANK_DEPTH
            else []
        )
        return Value("", inferred=inferred, nested=nested)
    iri = term.value
    name = pick(labels(store, term), lang)
    return Value(
        name or external_name(iri, lang),
        iri=iri,
        href=linker.href(iri),
        internal=linker.internal(iri),
        inferred=inferred,
        labelled=name is not None,
    )


def _rows(store: ox.Store, quads: list[ox.Quad], lang: str, linker: Linker, depth: int = 0) -> list[Row]:
    by_predicate: dict[str, list[Value]] = {}
    for triple, inferred in inferred_triples(quads).items():
        predicate = triple.predicate.value
        if predicate == TYPE:
            value = _value(store, triple.object, inferred, lang, linker, depth)
            if isinstance(triple.object, ox.NamedNode):
                value.text, value.labelled = term_name(store, triple.object.value, lang), True
        else:
            value = _value(store, triple.object, inferred, lang, linker, depth)
        by_predicate.setdefault(predicate, []).append(value)
    rows = []
    for predicate, values in by_predicate.items():
        values.sort(key=lambda v: (v.inferred, v.text.casefold()))
        mine = [v for v in values if v.lang is None or v.lang in ("", lang)]
        others = [v for v in values if v not in mine]
        if not mine:  # nothing in the reader's language: show English, else everything
            mine = [v for v in others if v.lang == "en"] or others
            others = [v for v in others if v not in mine]
        rows.append(Row(predicate, term_name(store, predicate, lang), mine, others))
    return rows


def _group_key(row: Row) -> str:
    if row.predicate in GROUP_OF:
        return GROUP_OF[row.predicate]
    if row.predicate.startswith(WDT):
        return "alignments"
    if all(v.iri is None and v.nested is None for v in row.values):
        return (
            "figures"
            if all(v.datatype and v.datatype != XSD + "string" and v.lang is None for v in row.values)
            else "description"
        )
    return "relations"


def describe(store: ox.Store, iri: str, lang: str, linker: Linker) -> Description:
    """Everything the HTML page of ``iri`` shows, in ``lang``, with links made by ``linker``."""
    node = ox.NamedNode(iri)
    quads = bounded_quads(store, iri)
    all_rows = _rows(store, [q for q in quads if q.subject == node], lang, linker)  # blank nodes inside their values
    types = next((r.values + r.other_languages for r in all_rows if r.predicate == TYPE), [])
    for t in types:  # the chips tell the vocabularies apart: schema:Project, foaf:Project
        if t.iri:
            t.text = short_name(t.iri)
    has_inferred = any(r.inferred or any(v.inferred for v in r.values) for r in all_rows)
    rows = fold_rows(store, all_rows)
    amounts(store, rows, lang)
    names = labels(store, node)
    return Description(
        iri=iri,
        name=pick(names, lang) or short_name(iri),
        names=names,
        types=sorted(types, key=lambda t: (t.inferred, t.text.casefold())),
        groups=_grouped(rows, lang),
        referenced_by=inbound(store, iri, rows, lang, linker),
        sources=_sources(store, rows, lang),
        has_inferred=has_inferred,
        quads=quads,
    )


def _grouped(rows: list[Row], lang: str) -> list[Group]:
    """The rows in the page's groups, in the groups' order."""
    groups: dict[str, list[Row]] = {key: [] for key, _, _ in GROUPS}
    for row in rows:
        groups[_group_key(row)].append(row)
    first = FIRST_ROWS
    for members in groups.values():
        members.sort(
            key=lambda r: (
                r.predicate not in first,
                first.index(r.predicate) if r.predicate in first else 0,
                r.inferred,
                r.name.casefold(),
            )
        )
    return [Group(key, (lv if lang == "lv" else en), groups[key]) for key, en, lv in GROUPS if groups[key]]


def _sources(store: ox.Store, rows: list[Row], lang: str) -> list[Source]:
    """The documents the facts were derived from (``prov:wasDerivedFrom``)."""
    derived = [
        v
        for r in rows
        if r.predicate == PROV + "wasDerivedFrom"
        for v in r.values + r.other_languages
        if v.iri is not None
    ]
    return [
        Source(v.iri, v.href or v.iri, _source_title(store, v.iri, lang), identifier(store, v.iri))
        for v in derived
        if v.iri
    ]


def identifier(store: ox.Store, iri: str) -> str | None:
    """The ``dcterms:identifier`` of ``iri`` (a source's file name, a project's code), if any."""
    return next(
        (
            q.object.value
            for q in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(DCTERMS + "identifier"), None, None)
            if isinstance(q.object, ox.Literal)
        ),
        None,
    )


def _source_title(store: ox.Store, iri: str, lang: str) -> str:
    """A source's name in the reader's language: its label there (a document's title stays in the
    language it was written in), else its title, else any label."""
    node = ox.NamedNode(iri)
    titles, names_ = lang_values(store, node, DCTERMS + "title"), labels(store, node)
    return names_.get(lang) or titles.get(lang) or pick(titles, lang) or pick(names_, lang) or short_name(iri)
