"""The Reconciliation Service API v0.2 (W3C Entity Reconciliation CG), answered from the search index.

OpenRefine sends a batch of queries (a name, perhaps a type, a limit and
properties such as ``coop:country``); each gets candidates from the index,
scored by :mod:`coopgraph.engine.search` and refined by the properties, read
from the store for the few candidates only. A candidate is a ``match`` only
when one of its names is the query (folded: no case, no diacritics), it is of
the type asked, its properties agree, and no other candidate is as good: an
ambiguous name is never matched automatically.

Entities are identified inside the dataset's ``id/`` space (``municipality/radom``
in ``https://w3id.org/coopgraph/id/``), types and properties by their IRIs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from coopgraph.build.search_index import normalise
from coopgraph.engine.search import Hit, SearchIndex
from coopgraph.namespaces import PREFIXES

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
MAX_QUERIES = 500
OWL_CLASS = PREFIXES["owl"] + "Class"
PROPERTY_TYPES = (PREFIXES["owl"] + "ObjectProperty", PREFIXES["owl"] + "DatatypeProperty")


class BadQueries(ValueError):
    """A batch that is not the API's JSON; the message says which query and what was wrong."""


Value = str | float | bool


@dataclass(frozen=True)
class Query:
    key: str
    text: str
    types: tuple[str, ...]
    limit: int
    properties: tuple[tuple[str, tuple[Value, ...]], ...]


def parse_batch(raw: str, expand: Any = lambda term: term) -> list[Query]:
    """The queries of a ``queries=`` batch; :class:`BadQueries` says what is wrong with it.

    ``expand`` turns a prefixed name (``coop:country``) into its IRI.
    """
    try:
        batch = json.loads(raw)
    except json.JSONDecodeError as error:
        raise BadQueries(f"queries is not JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    if not isinstance(batch, dict):
        raise BadQueries('queries must be a JSON object of queries by key, e.g. {"q0": {"query": "Radom"}}')
    if len(batch) > MAX_QUERIES:
        raise BadQueries(f"queries holds {len(batch)} queries; at most {MAX_QUERIES} are answered at once")
    return [_query(key, body, expand) for key, body in batch.items()]


def _query(key: str, body: object, expand: Any) -> Query:
    def bad(what: str) -> BadQueries:
        return BadQueries(f"query {key!r}: {what}")

    if not isinstance(body, dict):
        raise bad("must be an object with a query string")
    unknown = sorted(set(body) - {"query", "type", "limit", "properties", "type_strict"})
    if unknown:
        raise bad(f"unknown member {unknown[0]!r} (the API has query, type, limit, properties, type_strict)")
    text = body.get("query", "")
    if not isinstance(text, str):
        raise bad("query must be a string")
    kinds = body.get("type", [])
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise bad("type must be a type id or a list of them")
    limit = body.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int | float) or not 1 <= limit <= MAX_LIMIT:
        raise bad(f"limit must be a number from 1 to {MAX_LIMIT}")
    properties = _properties(body.get("properties", []), bad, expand)
    if not text.strip() and not properties:
        raise bad("has neither a query string nor properties")
    return Query(key, text, tuple(expand(k) for k in kinds if k), int(limit), properties)


def _properties(given: object, bad: Any, expand: Any) -> tuple[tuple[str, tuple[Value, ...]], ...]:
    if not isinstance(given, list):
        raise bad("properties must be a list of {pid, v}")
    found = []
    for item in given:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str) or "v" not in item:
            raise bad("each property must be an object with a pid string and a value v")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        plain: list[Value] = []
        for value in values:
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                plain.append(value["id"])
            elif isinstance(value, str | int | float | bool):
                plain.append(value)
            else:
                raise bad(f"the value of property {item['pid']!r} must be a string, a number or an {{id}}")
        found.append((expand(item["pid"]), tuple(plain)))
    return tuple(found)


@dataclass(frozen=True)
class Service:
    """What answering needs: the build's index and store, and the id space entities are named in."""

    index: SearchIndex
    store: ox.Store
    id_space: str
    lang: str = "en"

    def entity_id(self, iri: str) -> str:
        return iri[len(self.id_space) :]

    def entity_iri(self, given: str) -> str:
        return given if "://" in given else self.id_space + given

    def candidates(self, query: Query) -> list[dict[str, Any]]:
        """The query's candidates as the API's result objects, best first."""
        text = query.text if query.text.strip() else ""
        hits = [h for h in self.index.search(text, query.types, self.lang, query.limit + 10) if self._ours(h)]
        scored = [(self._refined(hit, query), hit) for hit in hits]
        scored.sort(key=lambda pair: -pair[0][0])
        scored = scored[: query.limit]
        certain = [hit for (_, agree), hit in scored if hit.exact and agree]
        type_names = self.type_names({t for _, hit in scored for t in _ontology_types(hit)})
        return [
            {
                "id": self.entity_id(hit.iri),
                "name": hit.label,
                "type": [{"id": t, "name": type_names.get(t, t)} for t in _ontology_types(hit)],
                "score": score,
                "match": len(certain) == 1 and certain[0] is hit,
                "features": [{"id": "name_exact", "value": hit.exact}, {"id": "name_score", "value": hit.score}],
            }
            for (score, _), hit in scored
        ]

    def _ours(self, hit: Hit) -> bool:
        return hit.iri.startswith(self.id_space)

    def _refined(self, hit: Hit, query: Query) -> tuple[float, bool]:
        """The hit's score, lowered by each property it does not have; and whether all agree."""
        if not query.properties:
            return hit.score, True
        agreeing = sum(self.has_value(hit.iri, pid, values) for pid, values in query.properties)
        share = agreeing / len(query.properties)
        return round(hit.score * (0.5 + 0.5 * share), 2), agreeing == len(query.properties)

    def has_value(self, iri: str, pid: str, values: Sequence[Value]) -> bool:
        """Whether the resource's ``pid`` is one of ``values``: an entity by its IRI, id or one of its names,
        a literal by its folded text."""
        wanted = {normalise(str(v)) for v in values}
        iris = {self.entity_iri(str(v)) for v in values if isinstance(v, str)}
        for quad in self.store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(pid), None):
            value = quad.object
            if isinstance(value, ox.NamedNode):
                if value.value in iris or any(
                    normalise(text) in wanted for _, _, text in self.index.names_of(value.value)
                ):
                    return True
            elif isinstance(value, ox.Literal) and normalise(value.value) in wanted:
                return True
        return False

    def type_names(self, types: set[str]) -> dict[str, str]:
        numbers = {kind: self.index.rid(kind) for kind in types}
        names = self.index.labels([n for n in numbers.values() if n is not None], self.lang)
        return {kind: names[n] for kind, n in numbers.items() if n is not None and n in names}

    def suggest_entities(self, prefix: str, types: Sequence[str], limit: int) -> list[dict[str, Any]]:
        hits = [h for h in self.index.search(prefix, types, self.lang, limit + 10) if self._ours(h)][:limit]
        names = self.type_names({t for hit in hits for t in hit.types[:1]})
        return [
            {
                "id": self.entity_id(h.iri),
                "name": h.label,
                "notable": [{"id": t, "name": names.get(t, t)} for t in h.types[:1]],
            }
            for h in hits
        ]

    def classes(self) -> list[dict[str, str]]:
        """The ontology's classes that have instances, the most used first: the default types."""
        ontology = [iri for iri in self.index.of_type(OWL_CLASS) if iri.startswith(PREFIXES["coop"])]
        names = self.type_names(set(ontology))
        return [{"id": kind, "name": names.get(kind, kind)} for kind, _ in self.index.instances_of(ontology)]

    def suggest_schema(self, prefix: str, types: Sequence[str], limit: int) -> list[dict[str, str]]:
        """The ontology's classes (``types`` = owl:Class) or properties whose names begin with ``prefix``."""
        folded = normalise(prefix)
        found = []
        for iri in sorted({i for kind in types for i in self.index.of_type(kind) if i.startswith(PREFIXES["coop"])}):
            names = [normalise(text) for _, _, text in self.index.names_of(iri)]
            if any(name.startswith(folded) or f" {folded}" in f" {name}" for name in names):
                found.append(iri)
        labels = self.type_names(set(found))
        return [{"id": iri, "name": labels.get(iri, iri)} for iri in found[:limit]]


def _ontology_types(hit: Hit) -> list[str]:
    """The candidate's types of the ontology (a schema.org or PROV type says little in a spreadsheet)."""
    return [kind for kind in hit.types if kind.startswith(PREFIXES["coop"])][:3]
