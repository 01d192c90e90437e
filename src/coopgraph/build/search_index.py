"""The build's search index: every resource's names in an SQLite FTS5 table, beside its store.

The names are read from the published store by predicate, streamed (a million
triples never pass through rdflib), and written into ``search.sqlite`` in the
staging directory, so the index is published with its build by the same
rename and a server switching builds switches indexes with it.

What is indexed, for every IRI that has a name: its labels (``rdfs:label``,
``skos:prefLabel``), its other names (``skos:altLabel``, ``schema:alternateName``:
the spellings the source documents use), in every language, and its
identifiers (the IRI's last segment, ``schema:identifier``, ``dcterms:identifier``,
the Wikidata ids it is matched to); and all its types, asserted and inferred.

The tokenizer (``unicode61 remove_diacritics 2``) ignores case and diacritics;
:func:`normalise` is the same folding in Python, stored beside each name so an
exact or a prefix match of the whole name can be ranked before bm25.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from coopgraph.namespaces import INFERRED_GRAPH, PREFIXES, WD
from coopgraph.sources.slug import without_marks

SEARCH_FILE = "search.sqlite"
"""The index's file name, in the build directory beside ``store/``."""

NAMES: dict[str, str] = {
    PREFIXES["rdfs"] + "label": "label",
    PREFIXES["skos"] + "prefLabel": "label",
    PREFIXES["skos"] + "altLabel": "alt",
    PREFIXES["schema"] + "alternateName": "alt",
    PREFIXES["schema"] + "identifier": "id",
    PREFIXES["dcterms"] + "identifier": "id",
}
"""The predicates whose literals are a resource's names, and the kind of name each gives."""

MATCHES = (PREFIXES["skos"] + "exactMatch", PREFIXES["skos"] + "closeMatch", PREFIXES["owl"] + "sameAs")
"""Links to Wikidata whose item id (``Q1733``) is an identifier of the resource."""

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")

SCHEMA = """
CREATE TABLE resources (rid INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE);
CREATE TABLE names (
    id INTEGER PRIMARY KEY, rid INTEGER NOT NULL, kind TEXT NOT NULL, lang TEXT NOT NULL,
    text TEXT NOT NULL, norm TEXT NOT NULL, UNIQUE (rid, kind, lang, text));
CREATE TABLE types (rid INTEGER NOT NULL, type TEXT NOT NULL, asserted INTEGER NOT NULL,
    PRIMARY KEY (rid, type)) WITHOUT ROWID;
CREATE TABLE about (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE terms USING fts5(
    text, content='names', content_rowid='id',
    tokenize = "unicode61 remove_diacritics 2", prefix = '1 2 3 4');
"""

INDEXES = """
CREATE INDEX names_rid ON names (rid, kind);
CREATE INDEX names_norm ON names (norm, kind, rid);
CREATE INDEX types_type ON types (type, rid);
"""

_SEPARATORS = re.compile(r"[^\w]+|_+")


def normalise(text: str) -> str:
    """A name folded as the FTS5 tokenizer folds it: no case, no diacritics, words split on punctuation.

    >>> normalise("Panevėžys")
    'panevezys'
    >>> normalise("Naro-Fominsk (RUS)")
    'naro fominsk rus'
    """
    bare = without_marks(text.casefold())
    return " ".join(_SEPARATORS.sub(" ", bare).split())


@dataclass(frozen=True)
class IndexSize:
    """What went into an index, for the manifest."""

    resources: int
    names: int
    bytes: int

    def manifest(self) -> dict[str, object]:
        return {"file": SEARCH_FILE, "resources": self.resources, "names": self.names, "bytes": self.bytes}


def write_index(store: ox.Store, path: Path) -> IndexSize:
    """Index the names and types of every named resource of ``store`` into a new file at ``path``."""
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        connection.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
        ids: dict[str, int] = {}
        names, types = _names(store, ids), _types(store, ids)
        try:
            with connection:
                connection.executemany(
                    "INSERT OR IGNORE INTO names (rid, kind, lang, text, norm) VALUES (?, ?, ?, ?, ?)", names
                )
                connection.executemany("INSERT INTO resources VALUES (?, ?)", ((n, iri) for iri, n in ids.items()))
                connection.executemany(
                    "INSERT INTO types VALUES (?, ?, ?) ON CONFLICT (rid, type)"
                    " DO UPDATE SET asserted = max(asserted, excluded.asserted)",
                    types,
                )
        finally:  # Oxigraph's iterators end on the thread that made them, even when writing failed
            names.close()
            types.close()
        with connection:
            connection.executescript(INDEXES + "INSERT INTO terms (terms) VALUES ('rebuild');")
            count = connection.execute("SELECT count(*) FROM names").fetchone()[0]
            connection.executemany(
                "INSERT INTO about VALUES (?, ?)", [("resources", str(len(ids))), ("names", str(count))]
            )
        connection.execute("VACUUM")
    finally:
        connection.close()
    os.replace(partial, path)
    return IndexSize(len(ids), count, path.stat().st_size)


Row = tuple[int, str, str, str, str]


def _names(store: ox.Store, ids: dict[str, int]) -> Generator[Row, None, None]:
    """The name rows, predicate by predicate; each resource gets its number (and its slug) when first named."""

    def rid(iri: str) -> tuple[int, bool]:
        found = ids.get(iri)
        if found is not None:
            return found, False
        ids[iri] = len(ids) + 1
        return ids[iri], True

    for predicate, kind in NAMES.items():
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            subject, value = quad.subject, quad.object
            if not isinstance(subject, ox.NamedNode) or not isinstance(value, ox.Literal):
                continue
            number, new = rid(subject.value)
            yield number, kind, value.language or "", value.value, normalise(value.value)
            if new:
                slug = last_segment(subject.value)
                yield number, "id", "", slug, normalise(slug)
    for predicate in MATCHES:
        for quad in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            target = quad.object
            if isinstance(target, ox.NamedNode) and target.value.startswith(str(WD)):
                matched = ids.get(quad.subject.value) if isinstance(quad.subject, ox.NamedNode) else None
                if matched is not None:
                    item = target.value[len(str(WD)) :]
                    yield matched, "id", "", item, normalise(item)


def _types(store: ox.Store, ids: dict[str, int]) -> Generator[tuple[int, str, int], None, None]:
    """Each named resource's types, ``asserted`` unless only the inferred graph holds it."""
    inferred = ox.NamedNode(str(INFERRED_GRAPH))
    for quad in store.quads_for_pattern(None, RDF_TYPE, None):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            number = ids.get(quad.subject.value)
            if number is not None:
                yield number, quad.object.value, int(quad.graph_name != inferred)


def last_segment(iri: str) -> str:
    """The IRI's last path segment or fragment: ``radom`` of ``…/id/municipality/radom``.

    >>> last_segment("https://w3id.org/coopgraph/ontology#Municipality")
    'Municipality'
    """
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]
