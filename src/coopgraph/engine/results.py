"""SPARQL query results written row by row: JSON, XML, CSV and TSV.

Oxigraph's own writers need its result iterator, but the endpoint has to look
ahead to enforce the row limit before it answers, so the rows it holds are
written here, as the W3C result formats specify, a row at a time into any
binary stream. Triple terms (SPARQL 1.2, which Oxigraph evaluates) are written
as the SPARQL 1.2 result formats write them: ``"type": "triple"`` in JSON,
``<triple>`` in XML, ``<<( s p o )>>`` in TSV and CSV.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Protocol
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
XML_UNWRITABLE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry, not even as a character reference."""
XML_FORMATS = frozenset({"xml", "rdfxml"})
"""The result formats that are XML documents: SPARQL XML results and RDF/XML."""

Plain = ox.NamedNode | ox.BlankNode | ox.Literal
Term = Plain | ox.Triple


class Writable(Protocol):
    def write(self, data: bytes) -> int: ...


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        found: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            found["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            found["datatype"] = term.datatype.value
        return found
    if isinstance(term, ox.Triple):
        parts = {"subject": term.subject, "predicate": term.predicate, "object": term.object}
        return {"type": "triple", "value": {name: _json_term(part) for name, part in parts.items()}}
    raise TypeError(f"cannot write {term!r} in SPARQL results")


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"cannot write {term!r} in SPARQL results")


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        text = _tsv_value(term)
    else:
        text = f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _tsv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Triple):
        return f"<<( {_tsv_value(term.subject)} {_tsv_value(term.predicate)} {_tsv_value(term.object)} )>>"
    if isinstance(term, ox.Literal):
        value = term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        value = value.replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{value}"@{term.language}'
        if term.datatype.value != XSD_STRING:
            return f'"{value}"^^<{term.datatype.value}>'
        return f'"{value}"'
    return str(term)


def _terms(term: Term | None) -> list[Plain]:
    if isinstance(term, ox.Triple):
        return [*_terms(term.subject), *_terms(term.predicate), *_terms(term.object)]
    return [] if term is None else [term]


def unwritable(fmt: str, terms: Iterable[Term | None]) -> str | None:
    """Why ``terms`` cannot be written in ``fmt``, or None: XML 1.0 cannot hold some control characters.

    Checked before the first byte is sent, so the client gets a 406 it can act
    on (ask for another format) instead of an ill-formed document.
    """
    if fmt not in XML_FORMATS:
        return None
    for term in terms:
        for part in _terms(term):
            found = XML_UNWRITABLE.search(part.value)
            if found is not None:
                return xml_refusal(found.group())
    return None


def xml_refusal(character: str) -> str:
    """The 406's words for a value holding ``character``, which XML 1.0 cannot carry."""
    return (
        f"the results hold the character U+{ord(character):04X}, which XML cannot carry; "
        "ask for another format (JSON, CSV, Turtle…)"
    )


def write_solutions(
    out: Writable,
    fmt: str,
    variables: Sequence[str] | None,
    rows: Sequence[ox.QuerySolution],
    boolean: bool | None = None,
) -> None:
    """Write a SELECT result (``variables`` and ``rows``) or an ASK result (``boolean``) in ``fmt``."""
    if fmt == "json":
        if boolean is not None:
            out.write(json.dumps({"head": {}, "boolean": boolean}).encode())
            return
        names = list(variables or ())
        out.write(b'{"head":{"vars":' + json.dumps(names).encode() + b'},"results":{"bindings":[')
        for index, row in enumerate(rows):
            binding = {name: _json_term(row[name]) for name in names if row[name] is not None}
            out.write((b"," if index else b"") + json.dumps(binding, ensure_ascii=False).encode())
        out.write(b"]}}")
    elif fmt == "xml":
        out.write(b'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
        if boolean is not None:
            out.write(f"<head/><boolean>{'true' if boolean else 'false'}</boolean></sparql>".encode())
            return
        names = list(variables or ())
        out.write(("<head>" + "".join(f"<variable name={quoteattr(n)}/>" for n in names) + "</head><results>").encode())
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(n)}>{_xml_term(row[n])}</binding>" for n in names if row[n] is not None
            )
            out.write(f"<result>{cells}</result>".encode())
        out.write(b"</results></sparql>")
    elif fmt in ("csv", "tsv"):
        if boolean is not None:
            out.write(b"true\r\n" if boolean else b"false\r\n")
            return
        names = list(variables or ())
        if fmt == "csv":
            out.write((",".join(names) + "\r\n").encode())
            for row in rows:
                out.write((",".join(_csv_value(row[n]) for n in names) + "\r\n").encode())
        else:
            out.write(("\t".join(f"?{n}" for n in names) + "\n").encode())
            for row in rows:
                out.write(("\t".join(_tsv_value(row[n]) for n in names) + "\n").encode())
    else:
        raise ValueError(f"unknown results format {fmt!r}")
