"""SELECT results as plain JSON rows, for readers who do not speak SPARQL results.

``{"columns": [...], "rows": [{column: value}], "truncated": bool}``: an IRI or
a literal is its string, an xsd number a JSON number, an xsd:boolean a JSON
boolean, an unbound variable ``null``. A spreadsheet, pandas or a notebook
reads it as a table; the terms' types are what SPARQL JSON is for.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence

import pyoxigraph as ox

from coopgraph.engine.results import Term, Writable
from coopgraph.sources.load import STORED_AS, XSD

INTEGERS = frozenset({XSD + "integer", *(name for name, stored in STORED_AS.items() if stored == XSD + "integer")})
"""xsd:integer and the datatypes derived from it."""
REALS = frozenset(XSD + name for name in ("decimal", "double", "float"))
INTEGER = re.compile(r"[+-]?[0-9]+")


def plain(term: Term | None) -> str | int | float | bool | None:
    """The JSON value of a term: numbers and booleans as themselves, anything else as its text."""
    if term is None:
        return None
    if isinstance(term, ox.Triple):
        return f"<< {plain(term.subject)} {plain(term.predicate)} {plain(term.object)} >>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in INTEGERS and len(term.value) < 4000 and INTEGER.fullmatch(term.value.strip()):
            return int(term.value)
        if datatype in REALS:
            try:
                number = float(term.value)
            except ValueError:
                return term.value
            return number if math.isfinite(number) else term.value
        if datatype == XSD + "boolean" and term.value in ("true", "false", "1", "0"):
            return term.value in ("true", "1")
    return term.value


def write_rows(out: Writable, columns: Sequence[str], rows: Sequence[ox.QuerySolution], truncated: bool) -> None:
    """Write the rows a row at a time, so a large answer is never one string in memory."""
    out.write(b'{"columns":' + json.dumps(list(columns)).encode() + b',"rows":[')
    for index, row in enumerate(rows):
        values = {name: plain(row[name]) for name in columns}
        out.write((b"," if index else b"") + json.dumps(values, ensure_ascii=False).encode())
    out.write(b'],"truncated":' + (b"true" if truncated else b"false") + b"}")
