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


_NUMBER = re.compile(r"\s*([0-9]{1,18})\b")


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
    limit: int | None = None
    """The query's own top-level LIMIT (a subquery's does not count)."""
    open_ended: bool = True
    """Whether anything could stand in the way of a LIMIT added at its end: a top-level VALUES clause, a LIMIT of
    its own, a bracket left open."""

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def row_cap(self, max_rows: int) -> tuple[int, bool] | None:
        """How many rows a SELECT's answer has at most, and whether ``LIMIT`` that must be added to its end for it.

        With its own LIMIT of up to ``max_rows``, the query is bounded as it
        is; without one, ``LIMIT max_rows + 1`` added at the end bounds it and
        still tells an answer with too many rows. Oxigraph can then write a
        bounded answer in one call, with no Python between its rows. None: the
        answer is written as it streams, its rows counted on the way.
        """
        if self.form != "SELECT":
            return None
        if self.limit is not None:
            return (self.limit, False) if self.limit <= max_rows else None
        return None if not self.open_ended else (max_rows + 1, True)


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
    declares_dataset = values = False
    limit: int | None = None
    depth = deepest = 0
    for match in _TOKEN.finditer(decoded):
        kind = match.lastgroup
        if depth == 0 and kind == "name" and form is not None:
            word = match.group().upper()
            values = values or word == "VALUES"
            if word == "LIMIT":
                found = _NUMBER.match(decoded, match.end())
                limit = int(found.group(1)) if found is not None else -1
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
    bounded = limit if limit is not None and limit >= 0 else None
    ends_open = depth == 0 and not values and limit is None
    return QueryInfo(form, deepest, declares_dataset, bounded, ends_open)
