"""The IRIs a class-typed parameter may take, when the build has few enough of them to list.

The OpenAPI document lists them as the parameter's ``enum`` and the API
refuses an IRI outside them; with more than :data:`MAX_LISTED` instances the
parameter takes any IRI. One bounded query per class and build (``LIMIT``),
answered from the store's class index, whatever the size of the graph.
"""

from __future__ import annotations

import threading

import pyoxigraph as ox

from coopgraph.engine.canned import Parameter
from coopgraph.engine.sparql import select
from coopgraph.web.published import Published

MAX_LISTED = 50
_KEPT = 256
"""Classes × builds remembered by a server process: a few classes, a few builds."""
_KNOWN: dict[tuple[str, str], list[str] | None] = {}
_LOCK = threading.Lock()

ALLOWED = f"SELECT DISTINCT ?value ?class WHERE {{ ?value a ?class . FILTER(isIRI(?value)) }} LIMIT {MAX_LISTED + 1}"


def allowed_values(site: Published, parameter: Parameter) -> list[str] | None:
    """The IRIs of the parameter's class in the build, sorted, or None when it has no class or too many.

    Asked once per build and class, and kept apart from the response cache (which may be off).
    """
    kind = parameter.type
    if kind.base != "iri" or kind.of_class is None:
        return None
    key = (site.build_id, kind.of_class)
    with _LOCK:
        if key in _KNOWN:
            return _KNOWN[key]
    found = _instances(site, kind.of_class)
    with _LOCK:
        if len(_KNOWN) >= _KEPT:
            _KNOWN.clear()
        _KNOWN[key] = found
    return found


def _instances(site: Published, of_class: str) -> list[str] | None:
    values = [row["value"].value for row in select(site.store, ALLOWED, bindings={"class": ox.NamedNode(of_class)})]
    return sorted(values) if len(values) <= MAX_LISTED else None
