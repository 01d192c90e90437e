"""An editor's typo is reported where it is: file, line and column."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from coopgraph.sources.load import LoadError, graph_quads, quads_with_lines, read_dataset, read_graph

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


# --- the usual Turtle slip: a statement left open ---------------------------------------------


def test_a_missing_semicolon_is_suggested_with_the_line_it_belongs_to(tmp_path: Path) -> None:
    text = '@prefix ex: <http://example.org/> .\n\nex:a ex:label "A"@en   # the name\n    ex:b ex:c .\n'
    path = write(tmp_path, "agreements.ttl", text)
    with pytest.raises(LoadError) as failure:
        read_graph([path])
    assert (failure.value.line, failure.value.column) == (4, 5)
    assert str(failure.value) == (
        f"{path}:4:5: A dot is expected at the end of statements (is a ';' or '.' missing at the end of line 3?)"
    )


def test_a_missing_dot_before_the_next_subject_is_suggested(tmp_path: Path) -> None:
    path = write(tmp_path, "places.ttl", GOOD.replace(" .\nex:a", "\nex:a") + "ex:d ex:e ex:f .\n")
    with pytest.raises(LoadError) as failure:
        read_graph([path])
    assert failure.value.message.endswith("(is a ';' or '.' missing at the end of line 1?)")


def test_no_suggestion_when_the_line_before_is_closed(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.ttl", GOOD + "ex:d ex:e ex:f ex:g .\n")
    with pytest.raises(LoadError) as failure:
        read_graph([path])
    assert "missing at the end" not in str(failure.value)


def test_a_hash_inside_an_iri_is_not_a_comment(tmp_path: Path) -> None:
    text = "@prefix ex: <http://example.org/> .\nex:a ex:b <http://example.org/x#y>\n    ex:c ex:d .\n"
    with pytest.raises(LoadError) as failure:
        read_graph([write(tmp_path, "bad.ttl", text)])
    assert failure.value.message.endswith("missing at the end of line 2?)")


def test_each_quad_comes_with_the_line_of_its_value(tmp_path: Path) -> None:
    text = (
        "@prefix ex: <http://example.org/> .\n"
        "ex:a ex:b ex:c ;\n"
        '    ex:label "one" ,\n'
        '        """two\nlines""" ;\n'
        "    ex:d [ ex:e 5 ] .\n"
    )
    found = [(quad.object, line) for quad, line in quads_with_lines(write(tmp_path, "a.ttl", text))]
    values = {str(term): line for term, line in found if not isinstance(term, ox.BlankNode)}
    assert values["<http://example.org/c>"] == 2
    assert values['"one"'] == 3
    assert values['"two\\nlines"'] == 4  # where the long string starts
    assert values['"5"^^<http://www.w3.org/2001/XMLSchema#integer>'] == 6
    assert len(found) == 5
