"""An editor's typo is reported where it is: file, line and column."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from coopgraph.sources.load import LoadError, graph_quads, read_dataset, read_graph

GOOD = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_dot_is_reported_with_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.ttl", GOOD + "ex:d ex:e ex:f ex:g .\n")
    with pytest.raises(LoadError) as failure:
        read_graph([path])
    assert (failure.value.path, failure.value.line, failure.value.column) == (path, 3, 16)
    assert str(failure.value).startswith(f"{path}:3:16: ")


def test_an_unterminated_string_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.ttl", GOOD + 'ex:d ex:e "open .\nex:f ex:g ex:h .\n')
    with pytest.raises(LoadError) as failure:
        read_graph([path])
    assert failure.value.line == 3


def test_an_unknown_file_type_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"unknown RDF file type '\.csv'"):
        read_graph([write(tmp_path, "places.csv", "a,b\n")])


def test_a_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="No such file"):
        read_graph([tmp_path / "absent.ttl"])


def test_blank_nodes_of_two_files_stay_apart(tmp_path: Path) -> None:
    one = write(tmp_path, "one.ttl", "@prefix ex: <http://example.org/> .\n_:b ex:p 1 .\n")
    two = write(tmp_path, "two.ttl", "@prefix ex: <http://example.org/> .\n_:b ex:p 2 .\n")
    graph = read_graph([one, two])
    assert len(set(graph.subjects())) == 2


def test_datatypes_and_languages_survive(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "t.ttl",
        "@prefix ex: <http://example.org/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'ex:a ex:d "2012-09"^^xsd:gYearMonth ; ex:l "Radoma"@lv ; ex:s "plain" .\n',
    )
    values = {str(p).rsplit("/", 1)[1]: o for p, o in read_graph([path]).predicate_objects()}
    assert str(values["d"].datatype).endswith("#gYearMonth")
    assert values["l"].language == "lv"
    assert values["s"].datatype is None and values["s"].language is None


def test_named_graphs_are_kept_as_named_graphs(tmp_path: Path) -> None:
    path = write(tmp_path, "g.trig", "@prefix ex: <http://example.org/> .\nex:g { ex:a ex:b ex:c }\nex:x ex:y ex:z .\n")
    dataset = read_dataset([path])
    assert len(dataset.graph(URIRef("http://example.org/g"))) == 1
    assert len(dataset.default_graph) == 1


def test_a_datatype_the_store_would_change_is_refused_with_its_line(tmp_path: Path) -> None:
    turtle = '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n<urn:p> <urn:n> "14"^^xsd:nonNegativeInteger .\n'
    path = write(tmp_path, "counts.ttl", turtle)
    with pytest.raises(LoadError) as failure:
        list(graph_quads([path], ox.NamedNode("https://example.org/g"), "d"))
    assert failure.value.line == 3
    assert 'write "14"^^xsd:integer' in str(failure.value) and str(path) in str(failure.value)


def test_two_files_never_share_a_blank_node(tmp_path: Path) -> None:
    one = write(tmp_path, "one.ttl", "<urn:a> <urn:p> _:b1 .\n")
    two = write(tmp_path, "two.ttl", "<urn:b> <urn:p> _:b1 .\n")
    objects = {q.object for q in graph_quads([one, two], ox.NamedNode("urn:g"), "d")}
    assert len(objects) == 2 and all(isinstance(o, ox.BlankNode) for o in objects)
    again = {q.object for q in graph_quads([one, two], ox.NamedNode("urn:g"), "d")}
    assert again == objects, "the same sources give the same labels"
