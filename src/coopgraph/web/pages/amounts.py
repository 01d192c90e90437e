"""Money as a person reads it: "138 000 EUR", on the project's page and on the amount's own.

The data keeps each amount as a ``schema:MonetaryAmount`` resource (value,
currency, who contributed it, its source), which is right for the graph but
reads as a link with a long label. A row whose values are such amounts shows
the sum instead, with the contributor beside it, and the amount's own page
reads its value with its currency.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from coopgraph.build.store import labels
from coopgraph.i18n import pick
from coopgraph.web.pages.names import COOP, SCHEMA, TYPE
from coopgraph.web.values import amount_text

if TYPE_CHECKING:  # describe's rows; this module only rewrites their values' text
    from coopgraph.web.pages.describe import Row, Value

MONETARY_AMOUNT = ox.NamedNode(SCHEMA + "MonetaryAmount")


def _literal(store: ox.Store, node: ox.NamedNode, predicate: str) -> str | None:
    return next(
        (
            q.object.value
            for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None, None)
            if isinstance(q.object, ox.Literal)
        ),
        None,
    )


def amount_of(store: ox.Store, iri: str, lang: str) -> str | None:
    """What an amount resource reads as ("138 000 EUR"), or None when ``iri`` is not one with a value."""
    node = ox.NamedNode(iri)
    if next(iter(store.quads_for_pattern(node, ox.NamedNode(TYPE), MONETARY_AMOUNT, None)), None) is None:
        return None
    value = _literal(store, node, SCHEMA + "value")
    if value is None:
        return None
    return amount_text(value, _literal(store, node, SCHEMA + "currency") or "", lang)


def _contributors(store: ox.Store, iri: str, lang: str) -> list[str]:
    found = store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(COOP + "contributedBy"), None, None)
    return [pick(labels(store, q.object), lang) or q.object.value for q in found if isinstance(q.object, ox.NamedNode)]


def _read_as_amount(store: ox.Store, value: Value, lang: str) -> None:
    if value.iri is None:
        return
    shown = amount_of(store, value.iri, lang)
    if shown is None:
        return
    who = _contributors(store, value.iri, lang)
    value.text = f"{shown} ({', '.join(who)})" if who else shown
    value.href, value.internal, value.labelled = None, False, False  # read here, not followed


def amounts(store: ox.Store, rows: list[Row], lang: str) -> None:
    """Rewrite, in place, amounts linked from ``rows`` and the value row of an amount's own page."""
    currency = next((r for r in rows if r.predicate == SCHEMA + "currency"), None)
    for row in rows:
        for value in row.values + row.other_languages:
            _read_as_amount(store, value, lang)
        if row.predicate == SCHEMA + "value" and currency is not None and currency.values:
            code = currency.values[0].raw or currency.values[0].text
            for value in row.values:
                value.text = amount_text(value.raw or value.text, code, lang)
