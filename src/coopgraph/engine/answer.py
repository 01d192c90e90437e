"""An evaluated query made ready to send: the row limit and the format checked first, then written.

Whoever evaluated the query (Oxigraph in a query process, or a remote engine
whose answer was parsed back into Oxigraph's result objects), the client gets
the same bytes and the same refusals: more than ``max_rows`` rows is a 400, a
value the format cannot carry is a 406, both before the first byte.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any, cast

import pyoxigraph as ox

from coopgraph.engine import native
from coopgraph.engine.columns import column_order
from coopgraph.engine.guard import Refused
from coopgraph.engine.results import Writable, unwritable, write_solutions, xml_refusal
from coopgraph.engine.rows import write_rows
from coopgraph.engine.sparql import GRAPH_FORMATS, Term
from coopgraph.namespaces import PREFIXES


@dataclass(frozen=True)
class Ready:
    """What will be written: a boolean, solutions with their columns, or triples."""

    result_format: str
    boolean: bool | None = None
    names: tuple[str, ...] = ()
    rows: tuple[Any, ...] = ()
    graph: bool = False
    truncated: bool = False
    """More rows than the limit were found and the rest dropped (the API's ``rows`` format says so)."""
    written: tuple[bytes, ...] | None = None
    """The answer as Oxigraph's own writer wrote it (:mod:`coopgraph.engine.native`), when it did."""

    def write(self, out: Writable) -> None:
        """Write the answer in its format into ``out``."""
        if self.written is not None:
            for chunk in self.written:
                out.write(chunk)
        elif self.boolean is not None:
            write_solutions(out, self.result_format, None, [], boolean=self.boolean)
        elif self.result_format == "rows":
            write_rows(out, list(self.names), list(self.rows), truncated=self.truncated)
        elif self.graph:
            ox.serialize(list(self.rows), cast(IO[bytes], out), GRAPH_FORMATS[self.result_format], prefixes=PREFIXES)
        else:
            write_solutions(out, self.result_format, list(self.names), list(self.rows))


def prepare(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterable[ox.Triple],
    query: str,
    result_format: str,
    max_rows: int,
    truncate: bool = False,
    keep: Sequence[tuple[str, Term]] = (),
    whole: bool = False,
) -> Ready:
    """The answer to ``query`` ready to write, or :class:`Refused` (400 too many rows, 406 unwritable).

    ``result`` may also be a plain iterable of triples (a graph parsed from a
    remote engine's answer). Reads at most ``max_rows + 1`` rows. With
    ``truncate``, more rows than ``max_rows`` are cut there instead of refused.
    ``keep`` drops the solutions whose variable holds another term: how
    Oxigraph applies a substitution of a variable the query assigns itself,
    done here for an engine that knows no substitutions. ``whole``: the
    query has at most ``max_rows + 1`` rows (a LIMIT of its own or added), so
    Oxigraph may write the answer in one call.
    """
    if isinstance(result, ox.QueryBoolean):
        return Ready(result_format, boolean=bool(result))
    if isinstance(result, ox.QuerySolutions) and result_format in native.FORMATS and not (truncate or keep):
        names = [v.value for v in result.variables]
        if column_order(query, names) == names:
            return _written(result, result_format, max_rows, whole)
    graph = not isinstance(result, ox.QuerySolutions)
    rows = []
    for row in result:
        if keep and any(row[name] != term for name, term in keep):
            continue
        rows.append(row)
        if len(rows) > max_rows and truncate:
            return _ready(result, query, result_format, rows[:max_rows], graph, truncated=True)
        if len(rows) > max_rows:
            raise _too_many(max_rows, "triples" if graph else "rows")
    return _ready(result, query, result_format, rows, graph)


def _written(result: ox.QuerySolutions, result_format: str, max_rows: int, whole: bool) -> Ready:
    try:
        answer = native.serialize(result, result_format, max_rows, whole)
    except native.TooManyRows:
        raise _too_many(max_rows, "rows") from None
    if answer.unwritable is not None:
        raise Refused(406, xml_refusal(answer.unwritable))
    return Ready(result_format, written=tuple(answer.chunks))


def _too_many(max_rows: int, what: str) -> Refused:
    return Refused(
        400,
        f"the query returns more than {max_rows} {what}, the limit of this endpoint: "
        "add LIMIT (and OFFSET to page through the results)",
    )


def _ready(result: Any, query: str, result_format: str, rows: list[Any], graph: bool, truncated: bool = False) -> Ready:
    names = [] if graph else column_order(query, [v.value for v in cast(ox.QuerySolutions, result).variables])
    cells = rows if graph else (row[name] for row in rows for name in names)
    problem = unwritable(result_format, cells)
    if problem is not None:
        raise Refused(406, problem)
    return Ready(result_format, names=tuple(names), rows=tuple(rows), graph=graph, truncated=truncated)
