"""The columns of the class indexes: how each sorts (a SPARQL key) and what each cell shows.

A column's ``sort`` is a constant SPARQL fragment binding ``?k`` for a member
``?s``; its ``cell`` reads the member's values from the store for display.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from coopgraph.web.pages import describe as d
from coopgraph.web.pages import names
from coopgraph.web.pages.amounts import amount_of
from coopgraph.web.pages.base import COOP, home_municipality
from coopgraph.web.pictures.fields import field_agreement_counts
from coopgraph.web.values import literal_text


def label_key(var: str, key: str) -> str:
    """SPARQL that binds ``?{key}`` to the lower-cased name of ``?{var}`` in ?lang, else English."""
    return (
        f"OPTIONAL {{ ?{var} rdfs:label ?{key}_1 FILTER(LANG(?{key}_1) = ?lang) }} "
        f'OPTIONAL {{ ?{var} rdfs:label ?{key}_2 FILTER(LANG(?{key}_2) = "en") }} '
        f"BIND(LCASE(STR(COALESCE(?{key}_1, ?{key}_2, STR(?{var})))) AS ?{key})"
    )


def linked_key(path: str) -> str:
    return f"OPTIONAL {{ ?s {path} ?o . {label_key('o', 'k')} }}"


Cell = list[d.Value]


@dataclass(frozen=True)
class Column:
    key: str
    word: str
    sort: str
    """SPARQL binding ``?k`` for a member ``?s`` (a fixed string of this module)."""
    aggregate: str
    cell: Callable[[ox.Store, ox.NamedNode, str, d.Linker], Cell]
    numeric: bool = False


def _objects(store: ox.Store, node: Any, predicate: str) -> list[Any]:
    return [q.object for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None, None)]


def _distinct(terms: list[Any]) -> list[Any]:
    return list(dict.fromkeys(terms))


def _link_values(store: ox.Store, terms: list[Any], lang: str, linker: d.Linker) -> Cell:
    values = []
    for term in _distinct(terms):
        if isinstance(term, ox.NamedNode):
            name = names.label(store, term.value, lang)
            values.append(
                d.Value(
                    name or names.short_name(term.value),
                    iri=term.value,
                    href=linker.href(term.value),
                    internal=linker.internal(term.value),
                    labelled=name is not None,
                )
            )
        elif isinstance(term, ox.Literal):
            datatype = term.datatype.value if term.datatype else None
            values.append(d.Value(literal_text(term.value, datatype, lang) or term.value, datatype=datatype))
    return sorted(values, key=lambda v: v.text.casefold())


def linked(predicate: str) -> Callable[[ox.Store, ox.NamedNode, str, d.Linker], Cell]:
    def cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
        return _link_values(store, _objects(store, node, predicate), lang, linker)

    return cell


def name_cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
    return _link_values(store, [node], lang, linker)


def partner_cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
    home = home_municipality()
    return _link_values(store, [p for p in _objects(store, node, COOP + "party") if p != home], lang, linker)


def _agreements_of(store: ox.Store, node: ox.NamedNode, predicate: str) -> list[Any]:
    agreement = ox.NamedNode(COOP + "CooperationAgreement")
    return [
        q.subject
        for q in store.quads_for_pattern(None, ox.NamedNode(predicate), node, None)
        if next(iter(store.quads_for_pattern(q.subject, ox.NamedNode(names.TYPE), agreement, None)), None)
    ]


def first_agreement_cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
    dates = [
        o
        for a in _distinct(_agreements_of(store, node, COOP + "party"))
        for o in _objects(store, a, COOP + "concluded")
        if isinstance(o, ox.Literal)
    ]
    return _link_values(store, sorted(dates, key=lambda o: o.value)[:1], lang, linker)


def agreement_count(predicate: str) -> Callable[[ox.Store, ox.NamedNode, str, d.Linker], Cell]:
    def cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
        return [d.Value(str(len(set(_agreements_of(store, node, predicate)))))]

    return cell


def field_agreement_cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
    """A field's agreements, narrower fields included: the number its bar in the fields chart shows."""
    return [d.Value(str(field_agreement_counts(store, [node.value])[node.value]))]


def budget_cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
    values = []
    for amount in _distinct(_objects(store, node, COOP + "budget")):
        shown = amount_of(store, amount.value, lang) if isinstance(amount, ox.NamedNode) else None
        if shown is not None:
            values.append(
                d.Value(
                    shown,
                    iri=amount.value,
                    href=linker.href(amount.value),
                    internal=True,
                    labelled=True,
                )
            )
    return values


def period_cell(store: ox.Store, node: ox.NamedNode, lang: str, linker: d.Linker) -> Cell:
    start = _link_values(store, _objects(store, node, names.SCHEMA + "startDate"), lang, linker)[:1]
    end = _link_values(store, _objects(store, node, names.SCHEMA + "endDate"), lang, linker)[:1]
    if not start and not end:
        return []
    return [d.Value(f"{start[0].text if start else '…'} – {end[0].text if end else '…'}")]


NAME = Column("name", "name", label_key("s", "k"), "SAMPLE", name_cell)


COUNTRY = Column("country", "country", linked_key("coop:country"), "SAMPLE", linked(COOP + "country"))
