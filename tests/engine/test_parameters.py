"""A parameter's type turns text into a typed term, or says which parameter and what it expected."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from coopgraph.engine.parameters import (
    IRI_PATTERN,
    XSD,
    ParameterError,
    ParameterType,
    UnknownKind,
    parameter_type,
)

COUNTRY = "https://w3id.org/coopgraph/ontology#Country"


def test_an_iri_of_a_class_resolves_its_prefixed_name() -> None:
    assert parameter_type("IRI of coop:Country") == ParameterType("iri", COUNTRY, "coop:Country")
    assert parameter_type("IRI of <http://example.org/C>").of_class == "http://example.org/C"
    assert parameter_type("IRI") == ParameterType("iri")


@pytest.mark.parametrize("kind", ["IRI of nope:Country", "IRI of Country", "number", "IRI for coop:Country", ""])
def test_an_unknown_kind_says_what_a_kind_may_be(kind: str) -> None:
    with pytest.raises(UnknownKind, match=r"IRI of CLASS|prefixed name"):
        parameter_type(kind)


@pytest.mark.parametrize(("value", "datatype"), [("2012", "gYear"), ("2012-09", "gYearMonth"), ("2012-09-17", "date")])
def test_a_date_is_bound_at_the_precision_given(value: str, datatype: str) -> None:
    assert parameter_type("date").term("since", value) == ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("date", "2012-02-30", "a day that exists"),
        ("date", "12.09.2012", "2012, 2012-09 or 2012-09-17"),
        ("date", "2012-13", "2012, 2012-09 or 2012-09-17"),
        ("integer", "twelve", "an integer"),
        ("integer", "1.5", "an integer"),
        ("IRI of coop:Country", "belarus", "an IRI of coop:Country"),
        ("IRI", "https://example.org/a b", "an absolute http(s) IRI"),
        ("language", "latvian!", "a BCP 47 language tag"),
        ("boolean", "yes", "xsd:boolean"),
    ],
)
def test_a_bad_value_names_the_parameter_and_what_it_expected(kind: str, value: str, expected: str) -> None:
    with pytest.raises(ParameterError) as raised:
        parameter_type(kind).term("p", value)
    assert raised.value.parameter == "p"
    assert expected in raised.value.expected
    assert str(raised.value).startswith(f"parameter p: {value!r} is not ")


def test_typed_terms() -> None:
    assert parameter_type("integer").term("n", "+007") == ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))
    assert parameter_type("language").term("lang", "en-GB") == ox.Literal("en-gb")
    assert parameter_type("string").term("s", 'a "quoted" } text') == ox.Literal('a "quoted" } text')
    assert parameter_type("IRI").term("i", "https://w3id.org/x#y") == ox.NamedNode("https://w3id.org/x#y")


def test_the_iri_pattern_of_the_document_is_the_check_of_the_server() -> None:
    schema = parameter_type("IRI of coop:Country").schema()
    assert schema["pattern"] == IRI_PATTERN and schema["format"] == "iri"
    for value in ("https://w3id.org/coopgraph/id/country/belarus", "http://h:80/p?q=1#f"):
        assert re.search(IRI_PATTERN, value)
        parameter_type("IRI").term("i", value)
    for value in ("urn:x", "https://h/%zz", "https://h/#a#b"):
        assert re.search(IRI_PATTERN, value) is None


def test_a_date_s_schema_offers_the_three_precisions() -> None:
    choices = parameter_type("date").schema()["anyOf"]
    assert [c.get("pattern") or c.get("format") for c in choices] == [
        r"^[0-9]{4}$",
        r"^[0-9]{4}-(0[1-9]|1[0-2])$",
        "date",
    ]
    assert parameter_type("integer").schema() == {"type": "integer"}
