"""What points at a resource, grouped by property and counted in the store, each link once.

A hub of a million-triple graph has thousands of inbound statements, so
nothing here walks them in Python: one ``GROUP BY`` counts the subjects per
property (and whether any of them is asserted), and each shown property lists
at most ``PER_PROPERTY`` of its subjects. A property whose statements are all
inferred copies of others (``prov:wasAttributedTo`` of each ``coop:party``,
``schema:location`` of each ``coop:locatedIn``, the other side of a symmetric
``coop:partnerOf`` the page already lists) is not a group of its own: it is an
"also in other vocabularies" entry of the group or row that states the same
links, with its count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import pyoxigraph as ox

from coopgraph.build.store import labels
from coopgraph.engine.sparql import select
from coopgraph.i18n import pick
from coopgraph.web.pages.folding import Also, sub_properties, super_properties
from coopgraph.web.pages.names import OWL, TYPE, short_name, term_name

if TYPE_CHECKING:  # describe's rows and linker; this module only adds to the rows
    from coopgraph.web.pages.describe import Linker, Row

INFERRED_GRAPH = "https://w3id.org/coopgraph/graph/inferred"
PER_PROPERTY = 50
"""Most subjects a group lists; its count says how many there are, and a query link lists them all."""

COUNTS = """
SELECT ?p ?o (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) } GROUP BY ?p ?o
"""
"""Oxigraph substitutes only projected variables: ?o is projected, and grouped on, for that."""

INFERRED_COUNTS = """
SELECT ?p ?o ?inferred (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?inferred { ?s ?p ?o } FILTER(isIRI(?s)) }
GROUP BY ?p ?o ?inferred
"""
"""The same, for the inferred graph alone: a property with as many there as in all is inferred only."""

ORIGINALS = """
  ?s ?q ?o FILTER(isIRI(?s))
  {restated}
  FILTER NOT EXISTS {{
    ?o ?r ?s .
    {{ ?q a owl:SymmetricProperty BIND(?q AS ?r) }} UNION {{ ?q owl:inverseOf ?r }} UNION {{ ?r owl:inverseOf ?q }}
  }}
"""
"""?q's links to ?o that are not copies: stated by no sub-property, nor from ?o's side."""

NOT_COPIES = "SELECT ?q ?o (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {originals} }} GROUP BY ?q ?o"

SUBJECTS = "SELECT DISTINCT ?s ?q ?o WHERE {{ {originals} }} LIMIT " + str(PER_PROPERTY)
"""Neither orders in SPARQL: a LIMIT without ORDER BY stops at the 50th subject, where sorting a hub's
100,000 first took seconds (8.3 s at the 1M bench's source); the 50 are sorted by name. So which 50 a
large group lists is the engine's choice, and may differ between engines: its count does not."""


def original_pattern(store: ox.Store, predicate: str) -> str:
    """The pattern of ``predicate``'s links that are no copies, its sub-properties named (IRIs from the store)."""
    subs = sorted(sub_properties(store, predicate))
    restated = f"FILTER NOT EXISTS {{ VALUES ?p {{ {' '.join(f'<{p}>' for p in subs)} }} ?s ?p ?o }}" if subs else ""
    return ORIGINALS.format(restated=restated)


ALL_OF = f"SELECT DISTINCT ?s ?q ?o WHERE {{ ?s ?q ?o FILTER(isIRI(?s)) }} LIMIT {PER_PROPERTY}"
"""The subjects of a property that can restate nothing (no sub-property here, not symmetric): no filter to pay."""

SYMMETRIC = ox.NamedNode(OWL + "SymmetricProperty")
INVERSE = ox.NamedNode(OWL + "inverseOf")

ALL_SUBJECTS = "SELECT DISTINCT ?s WHERE {{ ?s <{p}> <{o}> }} ORDER BY ?s"
"""The query a "list them all" link opens at /sparql (IRIs from the store, not from the request)."""


@dataclass
class Referrer:
    iri: str
    href: str
    name: str


@dataclass
class Inbound:
    """The statements of one property that point at the resource."""

    predicate: str
    name: str
    text: str
    count: int
    inferred: bool
    referrers: list[Referrer]
    also: list[Also] = field(default_factory=list)
    query_href: str | None = None
    """A /sparql link listing every subject, when there are more than shown."""


def _integer(term: object) -> int:
    return int(term.value) if isinstance(term, ox.Literal) else 0


def _counted(store: ox.Store, sparql: str, bindings: dict[str, ox.NamedNode]) -> dict[str, int]:
    return {
        solution["p"].value: _integer(solution["n"])
        for solution in select(store, sparql, bindings=bindings)
        if isinstance(solution["p"], ox.NamedNode)
    }


def counts(store: ox.Store, iri: str) -> dict[str, tuple[int, bool]]:
    """Per property pointing at ``iri``: its distinct subjects, and whether any statement is asserted."""
    node = ox.NamedNode(iri)
    inferred = _counted(store, INFERRED_COUNTS, {"o": node, "inferred": ox.NamedNode(INFERRED_GRAPH)})
    return {p: (n, n > inferred.get(p, 0)) for p, n in _counted(store, COUNTS, {"o": node}).items()}


def _may_restate(store: ox.Store, predicate: str, subs: bool) -> bool:
    """Whether ``predicate``'s links can be copies: a sub-property points here too, or it is symmetric or inverse."""
    node = ox.NamedNode(predicate)
    return (
        subs
        or any(True for _ in store.quads_for_pattern(node, ox.NamedNode(TYPE), SYMMETRIC, None))
        or any(True for _ in store.quads_for_pattern(node, INVERSE, None, None))
        or any(True for _ in store.quads_for_pattern(None, INVERSE, node, None))
    )


def _not_copies(store: ox.Store, iri: str, predicate: str, pattern: str) -> int:
    bindings = {"o": ox.NamedNode(iri), "q": ox.NamedNode(predicate)}
    query = NOT_COPIES.format(originals=pattern)
    return next((_integer(s["n"]) for s in select(store, query, bindings=bindings)), 0)


def _referrers(
    store: ox.Store, iri: str, predicate: str, lang: str, linker: Linker, pattern: str | None
) -> list[Referrer]:
    bindings = {"o": ox.NamedNode(iri), "q": ox.NamedNode(predicate)}
    query = ALL_OF if pattern is None else SUBJECTS.format(originals=pattern)
    subjects = [s["s"] for s in select(store, query, bindings=bindings) if isinstance(s["s"], ox.NamedNode)]
    found = [
        Referrer(s.value, linker.href(s.value), pick(labels(store, s), lang) or short_name(s.value)) for s in subjects
    ]
    return sorted(found, key=lambda r: r.name.casefold())


def _group(
    store: ox.Store,
    iri: str,
    predicate: str,
    count_inferred: tuple[int, bool],
    lang: str,
    linker: Linker,
    pattern: str | None,
) -> Inbound:
    """One property's group: ``pattern`` (:func:`original_pattern`) sifts its subjects from restatements,
    None when it can restate nothing."""
    count, inferred = count_inferred
    referrers = _referrers(store, iri, predicate, lang, linker, pattern)
    group = Inbound(predicate, term_name(store, predicate, lang), short_name(predicate), count, inferred, referrers)
    if count > len(referrers):
        group.query_href = "/sparql?" + urlencode({"query": ALL_SUBJECTS.format(p=predicate, o=iri)})
    return group


def _target(
    predicate: str, shown: dict[str, Inbound], folded: dict[str, str], rows: dict[str, Row], supers: dict[str, set[str]]
) -> Inbound | Row | None:
    """Where an inbound property's copies are told: the group of a sub-property, else the page's own row."""
    for sub in sorted(p for p in shown.keys() | folded.keys() if predicate in supers[p]):
        if sub in shown:
            return shown[sub]
        return rows.get(folded[sub])
    row = rows.get(predicate)
    if row is not None:
        return row
    return next((r for r in rows.values() if any(a.iri == predicate for a in r.also)), None)


def inbound(store: ox.Store, iri: str, rows: list[Row], lang: str, linker: Linker) -> list[Inbound]:
    """The groups of "Referenced by"; copies of other links are told, with their count, where those are."""
    found = counts(store, iri)
    supers = {p: super_properties(store, p) for p in found}
    by_row = {r.predicate: r for r in rows}
    patterns = {
        p: original_pattern(store, p) for p in found if _may_restate(store, p, any(p in supers[sub] for sub in found))
    }
    originals = {p: _not_copies(store, iri, p, patterns[p]) if p in patterns else n for p, (n, _) in found.items()}
    shown = {
        p: _group(store, iri, p, (originals[p], not asserted), lang, linker, patterns.get(p))
        for p, (_, asserted) in found.items()
        if originals[p]
    }
    folded: dict[str, str] = {}
    for predicate in sorted(found, key=lambda p: (-len(supers[p]), p)):  # sub-properties before their supers
        copies = found[predicate][0] - originals[predicate]
        if copies <= 0:
            continue
        target = _target(predicate, shown, folded, by_row, supers)
        if target is None:  # nothing on the page states these links: they are a group after all
            count, asserted = found[predicate]
            shown[predicate] = _group(store, iri, predicate, (count, not asserted), lang, linker, None)
            continue
        name = term_name(store, predicate, lang)
        inbound_copy = not isinstance(target, Inbound)
        if inbound_copy:
            folded[predicate] = target.predicate
        target.also.append(Also(predicate, short_name(predicate), name, copies, inbound=inbound_copy))
    return sorted(shown.values(), key=lambda g: (g.inferred, g.name.casefold()))
