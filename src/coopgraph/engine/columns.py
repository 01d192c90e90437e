"""The columns of a ``SELECT *`` answer in the order its variables appear in the query.

Oxigraph lists them alphabetically; Jena, Virtuoso and rdflib, and so the
people reading a table or a CSV download, expect the order they wrote.
"""

from __future__ import annotations

from collections.abc import Sequence

from coopgraph.engine.syntax import tokens


def column_order(query: str, variables: Sequence[str]) -> list[str]:
    """``variables`` in order of first appearance when ``query`` is ``SELECT *``, else unchanged."""
    if "*" not in query:
        return list(variables)  # most queries: no need to read them token by token (a quarter of a lookup's time)
    found = list(tokens(query))
    words = [(i, t.text.upper()) for i, t in enumerate(found) if t.kind == "word"]
    select = next((i for i, word in words if word == "SELECT"), None)
    if select is None:
        return list(variables)
    after = [t for t in found[select + 1 : select + 3] if t.text.upper() not in ("DISTINCT", "REDUCED")]
    if not after or after[0].text != "*":
        return list(variables)
    first: dict[str, int] = {}
    for index, token in enumerate(found[select:]):
        if token.kind == "var":
            first.setdefault(token.text[1:], index)
    return sorted(variables, key=lambda name: first.get(name, len(found)))
