"""The types a canned query's parameter can have, and how a value given as text becomes a term.

A query header says what each parameter takes (``IRI of coop:Country``,
``integer``, ``date``…) so that three readers agree on it: the engine, which
binds the value as a typed term (never pasted into the query text); the web
API, which refuses a bad value naming the parameter; and the OpenAPI document,
whose JSON Schema for the parameter is :meth:`ParameterType.schema`. The
patterns are the server's own checks, so a value the document allows is one
the server takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pyoxigraph as ox

from coopgraph.engine.sparql import Term
from coopgraph.namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"

_PCHAR = r"A-Za-z0-9\-._~!$&'()*+,;=:@"
IRI_PATTERN = rf"^https?://[A-Za-z0-9.\-]*(:[0-9]+)?(/[{_PCHAR}/]*)?(\?[{_PCHAR}/?]*)?(#[{_PCHAR}/?]*)?$"
"""An absolute http(s) IRI in ASCII without percent-escapes: every value it admits is one Oxigraph takes."""
INTEGER_PATTERN = r"^[+-]?[0-9]+$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
"""A BCP 47 language tag: the primary language, then subtags (``lv``, ``en-GB``, ``sr-Latn``)."""
YEAR_PATTERN = r"^[0-9]{4}$"
YEAR_MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DECIMAL_PATTERN = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$"
BOOLEAN_PATTERN = r"^(true|false|1|0)$"

KINDS = ("IRI", "IRI of CLASS", "string", "language", "integer", "date", "gYear", "gYearMonth", "decimal", "boolean")
"""What a header may write as a kind (``CLASS`` a prefixed name such as ``coop:Country``, or ``<IRI>``)."""
_LEGACY_PATTERNS = {
    "gYear": YEAR_PATTERN,
    "gYearMonth": YEAR_MONTH_PATTERN,
    "decimal": DECIMAL_PATTERN,
    "boolean": BOOLEAN_PATTERN,
}
"""XSD datatypes the first headers named directly; each is bound as a literal of that datatype."""


class ParameterError(ValueError):
    """A value that does not fit its parameter: which parameter, and what it expected."""

    def __init__(self, parameter: str, expected: str, value: str | None = None, message: str | None = None) -> None:
        super().__init__(message or f"parameter {parameter}: {value!r} is not {expected}")
        self.parameter, self.expected, self.value = parameter, expected, value


class UnknownKind(ValueError):
    """A header's kind that is none of :data:`KINDS`."""


@dataclass(frozen=True)
class ParameterType:
    base: str
    """``iri``, ``string``, ``language``, ``integer``, ``date`` or one of the XSD names of :data:`KINDS`."""
    of_class: str | None = None
    """For ``IRI of CLASS``: the class's full IRI."""
    class_name: str | None = None
    """…and the class as the header wrote it (``coop:Country``), for messages."""

    @property
    def expected(self) -> str:
        """What a value must be, in the words of an error message."""
        return {
            "iri": f"an IRI of {self.class_name}" if self.class_name else "an absolute http(s) IRI",
            "string": "a string",
            "language": "a BCP 47 language tag such as lv or en-GB",
            "integer": "an integer such as 2012",
            "date": "a date at one of three precisions: 2012, 2012-09 or 2012-09-17",
        }.get(self.base, f"an xsd:{self.base} value")

    def term(self, parameter: str, value: str) -> Term:
        """The typed term for ``value``; raises :class:`ParameterError` naming ``parameter``."""
        if self.base == "iri":
            if re.fullmatch(IRI_PATTERN, value) is None:
                raise ParameterError(parameter, self.expected, value)
            return ox.NamedNode(value)
        if self.base == "string":
            return ox.Literal(value)
        if self.base == "language":
            if re.fullmatch(LANGUAGE_PATTERN, value) is None:
                raise ParameterError(parameter, self.expected, value)
            return ox.Literal(value.lower())
        if self.base == "integer":
            if re.fullmatch(INTEGER_PATTERN, value) is None:
                raise ParameterError(parameter, self.expected, value)
            return _typed(str(int(value)), "integer")
        if self.base == "date":
            return _date(parameter, value, self.expected)
        if re.fullmatch(_LEGACY_PATTERNS[self.base], value) is None:
            raise ParameterError(parameter, self.expected, value)
        return _typed(value, self.base)

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of a value, for the OpenAPI document (the allowed IRIs are the document's to add)."""
        if self.base == "iri":
            found: dict[str, Any] = {"type": "string", "format": "iri", "pattern": IRI_PATTERN}
            if self.class_name:
                found["description"] = f"an IRI of {self.class_name} ({self.of_class})"
            return found
        if self.base == "integer":
            return {"type": "integer"}
        if self.base == "language":
            return {"type": "string", "pattern": LANGUAGE_PATTERN}
        if self.base == "date":
            return {
                "anyOf": [
                    {"type": "string", "pattern": YEAR_PATTERN, "description": "a year (xsd:gYear)"},
                    {"type": "string", "pattern": YEAR_MONTH_PATTERN, "description": "a month (xsd:gYearMonth)"},
                    {"type": "string", "format": "date", "description": "a day (xsd:date)"},
                ]
            }
        if self.base == "string":
            return {"type": "string"}
        return {"type": "string", "pattern": _LEGACY_PATTERNS[self.base]}


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def _date(parameter: str, value: str, expected: str) -> ox.Literal:
    """A date at the precision given: a year, a month or a day (which must exist)."""
    if re.fullmatch(YEAR_PATTERN, value):
        return _typed(value, "gYear")
    if re.fullmatch(YEAR_MONTH_PATTERN, value):
        return _typed(value, "gYearMonth")
    if re.fullmatch(DAY_PATTERN, value):
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ParameterError(parameter, f"a day that exists ({expected})", value) from None
        return _typed(value, "date")
    raise ParameterError(parameter, expected, value)


def parameter_type(kind: str) -> ParameterType:
    """The type a header's kind names; raises :class:`UnknownKind` saying what a kind may be."""
    words = kind.split()
    if len(words) == 1 and words[0].upper() == "IRI":
        return ParameterType("iri")
    if len(words) == 3 and words[0].upper() == "IRI" and words[1] == "of":
        return ParameterType("iri", _class_iri(words[2]), words[2])
    if len(words) == 1 and (words[0] in ("string", "language", "integer", "date") or words[0] in _LEGACY_PATTERNS):
        return ParameterType(words[0])
    raise UnknownKind(f"unknown parameter type {kind!r}; write one of: {', '.join(KINDS)}")


def _class_iri(name: str) -> str:
    """A class written as ``<IRI>`` or as a prefixed name of :data:`coopgraph.namespaces.PREFIXES`."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, colon, local = name.partition(":")
    if not colon or prefix not in PREFIXES:
        known = ", ".join(sorted(PREFIXES))
        raise UnknownKind(f"the class {name!r} is not a prefixed name of a known prefix ({known}) nor an <IRI>")
    return PREFIXES[prefix] + local
