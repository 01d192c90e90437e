"""Decide what a query is, and refuse what a public endpoint must never run, before it runs.

Oxigraph would happily follow ``SERVICE <http://…>`` out to the network, so the
endpoint reads every query first. The check works on tokens, not on text: a
``SERVICE`` inside a string, an IRI, a comment or a prefixed name
(``ex:SERVICE``) is not the keyword, and SPARQL's codepoint escapes
(``\\u0053ERVICE``), which a conforming parser decodes before parsing, are decoded
here too. The same pass finds the query form and the nesting depth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
"""Keywords that only occur in SPARQL Update (``DATA``/``USING`` follow one of these)."""

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<long>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\")
  | (?P<string>'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n\r]*)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<name>[^\s{}()\[\];,.'"<>#?$=!&|*/+^-]*:[^\s{}()\[\];,'"<>#]*|[A-Za-z_][\w-]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


class Refused(Exception):
    """A request the endpoint will not run, with the HTTP status and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryInfo:
    form: str
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
    depth: int
    """Deepest nesting of ``{ ( [``."""
    declares_dataset: bool = False
    """Whether the query names its own graphs with FROM or FROM NAMED."""

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def decode_escapes(text: str) -> str:
    """Apply SPARQL's codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``) as a parser would first."""

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise Refused(400, f"invalid codepoint escape {match.group(0)!r} in the query")
        return chr(code)

    return _ESCAPE.sub(replace, text)


def inspect_query(text: str, max_depth: int) -> QueryInfo:
    """The form and depth of a query, or :class:`Refused` for updates, SERVICE and deep nesting.

    Syntax is not checked here (the engine does that, with positions); only what
    must never reach the engine is.
    """
    if "\x00" in text:
        raise Refused(400, "the query contains a NUL character")
    decoded = decode_escapes(text)
    form: str | None = None
    declares_dataset = False
    depth = deepest = 0
    for match in _TOKEN.finditer(decoded):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            if depth > max_depth:
                raise Refused(400, f"the query nests groups deeper than {max_depth} levels")
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "name":
            word = match.group().upper()
            if word == "SERVICE":
                raise Refused(
                    403,
                    "SERVICE is not allowed: this endpoint answers from its own data and never contacts other services",
                )
            if word in UPDATE_KEYWORDS and form is None:
                raise Refused(403, f"this endpoint is read-only: SPARQL Update ({word}) is not accepted")
            if word in QUERY_FORMS and form is None:
                form = word
            elif word == "FROM":
                declares_dataset = True
    if form is None:
        raise Refused(400, "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return QueryInfo(form, deepest, declares_dataset)
