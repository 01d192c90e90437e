"""Typed values bound into a query's text as a ``VALUES`` block, for engines reached only by text.

Oxigraph binds ``substitutions`` itself; a remote engine and the editor's tabs
only get text. The block is written from the terms themselves in N-Triples
syntax (IRIs and literals escaped by Oxigraph), never from request text, so no
value can close the block and add query text. It opens the query's WHERE
block, where Oxigraph's substitutions also apply: before grouping, so an
aggregate over ``?home`` sees it bound.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from coopgraph.engine.guard import _TOKEN as TOKEN
from coopgraph.engine.sparql import QueryError, Term


def values_block(bindings: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (<x> "y") }`` for ``bindings``, each term in N-Triples syntax."""
    for name, term in bindings.items():
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise QueryError(f"?{name} is bound to a blank node, which a query's text cannot name")
    if len(bindings) == 1:
        ((name, term),) = bindings.items()
        return f"VALUES ?{name} {{ {term} }}"
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def where_opening(text: str) -> int | None:
    """The offset just after the ``{`` opening the query's WHERE block (its pattern), or None without one.

    A CONSTRUCT's first brace opens its template, so there the block after the
    ``WHERE`` keyword counts; elsewhere ``WHERE`` may be left out
    (``ASK { … }``) and the first top-level brace opens the pattern.
    """
    depth = 0
    form: str | None = None
    where = False
    for match in TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "name" and depth == 0:
            word = match.group().upper()
            if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            elif word == "WHERE":
                where = True
        elif kind == "open":
            if depth == 0 and match.group() == "{" and form is not None and (where or form != "CONSTRUCT"):
                return match.end()
            depth += 1
        elif kind == "close":
            depth = max(depth - 1, 0)
    return None


def with_values(text: str, bindings: Mapping[str, Term], comment: str = "") -> str:
    """``text`` with ``bindings`` bound by a ``VALUES`` line opening its WHERE block (``comment`` after it)."""
    if not bindings:
        return text
    at = where_opening(text)
    if at is None:
        raise QueryError("the query has no WHERE block to bind " + ", ".join(f"?{n}" for n in bindings) + " in")
    rest = text[at:]
    newline = "" if rest.startswith("\n") else "\n"
    note = f"  # {comment}" if comment else ""
    return text[:at] + "\n  " + values_block(bindings) + note + newline + rest


def without_dataset(text: str) -> str:
    """``text`` without its ``FROM`` and ``FROM NAMED`` clauses, for a request that names its graphs itself.

    The protocol's ``default-graph-uri`` and ``named-graph-uri`` override the
    query's own dataset; some engines (Virtuoso) keep the query's instead, so
    coopgraph sends the query without it. Dataset clauses only stand at the top
    level, between the query form and its WHERE block.
    """
    spans: list[tuple[int, int]] = []
    depth = 0
    pending: int | None = None  # where the clause being read started
    for match in TOKEN.finditer(text):
        kind, word = match.lastgroup, match.group().upper()
        if kind == "comment":
            continue
        if kind in ("open", "close"):
            depth = depth + 1 if kind == "open" else max(depth - 1, 0)
            pending = None
        elif depth == 0 and kind == "name" and word == "FROM":
            pending = match.start()
        elif pending is not None and kind == "name" and word == "NAMED":
            pass
        elif pending is not None and kind in ("iri", "name"):
            spans.append((pending, match.end()))
            pending = None
        else:
            pending = None
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text
