"""Every build carries a search index of its names: what goes in, and that it is published with the build."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyoxigraph as ox

from coopgraph.build.layout import Build
from coopgraph.build.search_index import SEARCH_FILE, last_segment, normalise, write_index
from coopgraph.namespaces import INFERRED_GRAPH, PREFIXES

ID = "https://w3id.org/coopgraph/id/"
RDFS, SKOS, SCHEMA = PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["schema"]


def quad(s: str, p: str, o: ox.NamedNode | ox.Literal, graph: str | None = None) -> ox.Quad:
    named = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, named)


def small_store() -> ox.Store:
    """Two Latvian places written with their case endings, one with a Wikidata match, and a blank node."""
    store = ox.Store()
    riga, kekava = ID + "municipality/riga", ID + "municipality/kekava"
    store.extend(
        [
            quad(riga, RDFS + "label", ox.Literal("Rīgā", language="lv")),
            quad(riga, SKOS + "altLabel", ox.Literal("Riga", language="en")),
            quad(riga, SCHEMA + "identifier", ox.Literal("LV-RIX")),
            quad(riga, SKOS + "exactMatch", ox.NamedNode("http://www.wikidata.org/entity/Q1773")),
            quad(riga, PREFIXES["rdf"] + "type", ox.NamedNode(PREFIXES["coop"] + "Municipality")),
            quad(riga, PREFIXES["rdf"] + "type", ox.NamedNode(SCHEMA + "Place"), str(INFERRED_GRAPH)),
            quad(kekava, SCHEMA + "alternateName", ox.Literal("Ķekavu", language="lv")),
            quad(riga, RDFS + "label", ox.Literal("Rīgā", language="lv"), str(INFERRED_GRAPH)),  # the same name twice
        ]
    )
    store.add(ox.Quad(ox.BlankNode(), ox.NamedNode(RDFS + "label"), ox.Literal("nobody"), ox.DefaultGraph()))
    return store


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def test_names_fold_as_the_tokenizer_folds_them() -> None:
    assert normalise("Rīgā") == "riga"
    assert normalise("Ķekavu") == "kekavu"
    assert normalise("  Saint  petersburg ") == "saint petersburg"
    assert last_segment(ID + "municipality/naro-fominsk") == "naro-fominsk"


def test_labels_other_names_and_identifiers_of_named_iris_are_indexed(tmp_path: Path) -> None:
    size = write_index(small_store(), tmp_path / SEARCH_FILE)
    assert size.resources == 2  # the blank node is not a resource one can link to
    names = set(rows(tmp_path / SEARCH_FILE, "SELECT kind, lang, text FROM names JOIN resources USING (rid)"))
    assert {("label", "lv", "Rīgā"), ("alt", "en", "Riga"), ("id", "", "LV-RIX"), ("id", "", "Q1773")} <= names
    assert ("id", "", "riga") in names and ("alt", "lv", "Ķekavu") in names  # the IRI's slug, every name kind
    assert size.names == len(names)  # a name given twice (asserted, inferred) is kept once
    assert size.bytes == (tmp_path / SEARCH_FILE).stat().st_size


def test_riga_finds_riga_and_kekavu_finds_kekavu_whatever_the_diacritics(tmp_path: Path) -> None:
    write_index(small_store(), tmp_path / SEARCH_FILE)
    found = rows(tmp_path / SEARCH_FILE, "SELECT text FROM terms WHERE terms MATCH 'riga' ORDER BY text")
    assert ("Rīgā",) in found and ("Riga",) in found
    assert rows(tmp_path / SEARCH_FILE, "SELECT text FROM terms WHERE terms MATCH 'kekavu'") == [("Ķekavu",)]


def test_types_are_kept_asserted_or_inferred(tmp_path: Path) -> None:
    write_index(small_store(), tmp_path / SEARCH_FILE)
    types = set(rows(tmp_path / SEARCH_FILE, "SELECT type, asserted FROM types"))
    assert types == {(PREFIXES["coop"] + "Municipality", 1), (SCHEMA + "Place", 0)}


def test_the_published_build_has_its_index_listed_in_its_manifest(published: Build) -> None:
    listed = published.manifest["search"]
    index = published.path / listed["file"]
    assert index.is_file() and listed["bytes"] == index.stat().st_size
    assert not list(published.path.glob("*.part"))
    (count,) = rows(index, "SELECT count(*) FROM resources")[0]
    assert count == listed["resources"] > 150
    names = {text for (text,) in rows(index, "SELECT text FROM names WHERE kind = 'alt'")}
    assert {"Harkova", "Magdebourg", "Narofominsk", "Panevežys"} <= names  # the source documents' spellings
