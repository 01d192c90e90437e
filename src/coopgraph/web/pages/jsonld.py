"""A resource's JSON-LD, compacted with a ``@context`` a JSON reader can use as it is.

Oxigraph writes expanded JSON-LD (full IRIs, every value an object). A client
reading one resource wants ``"name"``, ``"startDate"`` and ``"coop:partner"``:
schema.org's properties as plain terms (typed as they are used here, so IRIs
and dates need no ``@id`` / ``@value`` wrapping), every other vocabulary by the
prefixes of ``coopgraph.namespaces``. The description graph of one resource is
small (its CBD, the labels of what it links to, a bounded number of inbound
statements), so rdflib's JSON-LD serializer compacts it in memory.
"""

from __future__ import annotations

import io
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from coopgraph.namespaces import PREFIXES
from coopgraph.web.pages.names import MORE_PREFIXES

SCHEMA = PREFIXES["schema"]


def _coercion(objects: list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]) -> str | None:
    """How a term's values are typed in the context: ``@id`` for IRIs, a datatype shared by all, else none."""
    if all(isinstance(o, ox.NamedNode) for o in objects):
        return "@id"
    datatypes = {o.datatype.value for o in objects if isinstance(o, ox.Literal) and not o.language}
    if len(datatypes) == 1 and all(isinstance(o, ox.Literal) and not o.language for o in objects):
        datatype = datatypes.pop()
        return None if datatype == PREFIXES["xsd"] + "string" else datatype
    return None


def context(triples: list[ox.Triple]) -> dict[str, Any]:
    """The prefixes the triples use, and a term for each schema.org property among them."""
    used = {t.value for triple in triples for t in (triple.predicate, triple.object) if isinstance(t, ox.NamedNode)}
    used |= {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    used |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    result: dict[str, Any] = {
        prefix: namespace
        for prefix, namespace in {**PREFIXES, **MORE_PREFIXES}.items()
        if prefix != "id" and any(v.startswith(namespace) for v in used)
    }
    by_property: dict[str, list[Any]] = {}
    for triple in triples:
        if triple.predicate.value.startswith(SCHEMA):
            by_property.setdefault(triple.predicate.value, []).append(triple.object)
    for iri, objects in sorted(by_property.items()):
        term = iri[len(SCHEMA) :]
        if not term or term in result or not term.isidentifier():
            continue
        coercion = _coercion(objects)
        result[term] = {"@id": iri, "@type": coercion} if coercion else iri
    return result


def compact(triples: list[ox.Triple]) -> bytes:
    """The triples as compacted JSON-LD with their ``@context``."""
    out = io.BytesIO()
    ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    graph = Graph()
    graph.parse(data=out.getvalue().decode("utf-8"), format="nt")
    return graph.serialize(format="json-ld", context=context(triples), auto_compact=True).encode("utf-8")
