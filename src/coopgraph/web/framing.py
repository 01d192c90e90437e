"""How much of an HTTP/1.1 request a buffer holds: enough to answer, not yet, or too much.

The front of the server (:mod:`coopgraph.web.front`) gathers a request's bytes
before any request thread sees them, so it must know when a request is whole:
the headers end, then ``Content-Length`` bytes or a chunked body up to its last
chunk. Anything it cannot frame (a malformed length, a bad chunk size) counts
as whole, so the HTTP parser behind it answers with its own 400.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

HEADERS_END = b"\r\n\r\n"


class Framing(Enum):
    WHOLE = "whole"
    """Every byte of the request is in the buffer (or it cannot be framed: the parser will say why)."""
    PARTIAL = "partial"
    """More is to come."""
    TOO_LARGE = "too large"
    """The body announces or already has more than the limit."""


@dataclass(frozen=True)
class Frame:
    framing: Framing
    headers_done: bool
    """Whether the headers have all arrived (a 408 then concerns the body)."""


def frame(buffer: bytes, body_limit: int) -> Frame:
    """Where a request stands in ``buffer``, bodies over ``body_limit`` bytes refused."""
    end = buffer.find(HEADERS_END)
    if end < 0:
        return Frame(Framing.PARTIAL, False)
    body = memoryview(buffer)[end + len(HEADERS_END) :]
    fields = _fields(buffer[:end])
    if "chunked" in fields.get("transfer-encoding", "").lower():
        return Frame(_chunked(body, body_limit), True)
    length = fields.get("content-length", "0").strip()
    if not length.isdigit():
        return Frame(Framing.WHOLE, True)
    if int(length) > body_limit:
        return Frame(Framing.TOO_LARGE, True)
    return Frame(Framing.WHOLE if len(body) >= int(length) else Framing.PARTIAL, True)


def _fields(head: bytes) -> dict[str, str]:
    """The header fields that frame a body, by lower-case name (the last one wins: the parser rejects repeats)."""
    found: dict[str, str] = {}
    for line in head.split(b"\r\n")[1:]:
        name, colon, value = line.partition(b":")
        if colon:
            found[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    return found


def _chunked(body: memoryview, body_limit: int) -> Framing:
    """Whether a chunked body has reached its last chunk and the trailer after it."""
    position, total = 0, 0
    data = body.tobytes()
    while True:
        line_end = data.find(b"\r\n", position)
        if line_end < 0:
            return Framing.PARTIAL
        size_text = data[position:line_end].split(b";")[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return Framing.WHOLE
        total += size
        if total > body_limit:
            return Framing.TOO_LARGE
        position = line_end + 2
        if size == 0:
            trailer = data[position:]
            return Framing.WHOLE if trailer.startswith(b"\r\n") or HEADERS_END in trailer else Framing.PARTIAL
        position += size + 2
        if position > len(data):
            return Framing.PARTIAL
