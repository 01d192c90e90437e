"""Solutions written by Oxigraph's own writers, the row limit counted in the bytes they write.

The endpoint must refuse an answer of more than ``max_rows`` rows before its
first byte. Reading the rows into Python to count them and writing them with
the writers of :mod:`coopgraph.engine.results` cost more than the query on
large answers, and held the GIL, so the queries running beside it in the
query process waited their turn (eight 12,000-row joins at once: 5.7 s
against 1.8 s through Oxigraph's writer). Here Oxigraph evaluates and writes
in one call, into a buffer that counts rows as the bytes arrive and stops the
writing as soon as there are too many. Each format's rows are counted exactly
from its syntax:

- JSON: outside strings, ``},{`` appears only between two solutions (terms in a
  solution are separated by ``},"name":{``), and ``[{`` opens the first;
- XML: every solution is a ``<result>`` element (``<`` in a value is escaped);
- TSV: a line each after the header (a newline in a value is escaped).

CSV is not among them: Oxigraph writes a triple term there as three bare
terms, where SPARQL 1.2 writes ``<<( … )>>``; it keeps the Python writer, as
do ``SELECT *`` answers whose columns Oxigraph orders otherwise than the query.
"""

from __future__ import annotations

import re
from typing import IO, cast

import pyoxigraph as ox

FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "tsv": ox.QueryResultsFormat.TSV,
}
"""The result formats whose rows are counted here, with Oxigraph's format for each."""

_XML_UNWRITABLE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
"""What XML 1.0 cannot carry, as UTF-8 bytes: C0 controls but tab, newline and return; U+FFFE, U+FFFF."""


class TooManyRows(Exception):
    """More rows than the limit were written: the answer is refused, the writing stopped."""


class CountedAnswer:
    """A binary buffer for one answer that counts its rows as Oxigraph writes them.

    Raises :class:`TooManyRows` from :meth:`write` at the first row past
    ``max_rows``, which stops the evaluation with it.
    """

    def __init__(self, result_format: str, max_rows: int) -> None:
        self.result_format, self.max_rows = result_format, max_rows
        self.chunks: list[bytes] = []
        self.rows = 0
        self.unwritable: str | None = None
        """For XML: the first character found that XML 1.0 cannot carry."""
        self._carry = b""
        self._opened = False
        self._separators = 0
        self._in_string = False
        self._tail = b""

    def write(self, data: bytes) -> int:
        data = bytes(data)
        self.chunks.append(data)
        if self.result_format == "json":
            self._json(data)
        elif self.result_format == "xml":
            self._xml(data)
        else:
            self.rows += data.count(b"\n")
        if self._counted() > self.max_rows:
            raise TooManyRows(self.max_rows)
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: Oxigraph's writer calls it at the end."""

    def _counted(self) -> int:
        return self.rows - 1 if self.result_format == "tsv" else self.rows

    def _json(self, data: bytes) -> None:
        """Count the solutions in ``data``, what lies outside strings carried on to the next chunk.

        Escapes are dropped first (``\\\\`` then ``\\"``, read left to right as JSON
        reads them), so every quote left opens or closes a string; a chunk
        ending in an odd run of backslashes keeps the last one for the next.
        """
        text = self._carry + data
        run = len(text) - len(text.rstrip(b"\\"))
        self._carry = text[len(text) - 1 :] if run % 2 else b""
        text = text[: len(text) - run % 2].replace(b"\\\\", b"").replace(b'\\"', b"")
        parts = text.split(b'"')
        outside = self._tail + b"".join(parts[1 if self._in_string else 0 :: 2])
        self._in_string ^= (len(parts) - 1) % 2 == 1
        self._separators += outside.count(b"},{")
        self._opened = self._opened or b"[{" in outside
        self._tail = outside[-2:]
        self.rows = self._separators + self._opened

    def _xml(self, data: bytes) -> None:
        text = self._carry + data
        self.rows += text.count(b"<result>")
        if self.unwritable is None and (found := _XML_UNWRITABLE.search(text)) is not None:
            self.unwritable = found.group().decode("utf-8", errors="replace")
        self._carry = text[-7:]


def serialize(result: ox.QuerySolutions, result_format: str, max_rows: int, whole: bool = False) -> CountedAnswer:
    """``result`` written in ``result_format`` by Oxigraph; :class:`TooManyRows` past ``max_rows`` rows.

    ``whole``, for a result known to be small (a bounded query): written into
    one bytes object, then counted (only when it could have too many rows:
    counting a 1,228-row JSON answer held the GIL 2 ms, finding that it has
    fewer ``},{`` than the limit 0.3 ms): Oxigraph's writer no longer calls back
    into Python for each buffer, each call waiting for the GIL among the
    lanes' threads (the bench's 1,228-row join: about 8 % more answers a
    second at c=8).
    """
    answer = CountedAnswer(result_format, max_rows)
    if whole:
        data = result.serialize(format=FORMATS[result_format]) or b""
        if result_format == "json" and data.count(b"},{") < max_rows:
            answer.chunks.append(data)  # fewer separators than the limit, wherever they are: no need to count
        else:
            answer.write(data)
    else:
        result.serialize(cast(IO[bytes], answer), format=FORMATS[result_format])
    return answer
