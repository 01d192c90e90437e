"""When the front has a whole request: the headers end, then the body its length or its chunks announce."""

from __future__ import annotations

from coopgraph.web.framing import Framing, frame

LIMIT = 100
POST = b"POST /sparql HTTP/1.1\r\nHost: x\r\n"


def test_a_request_without_a_body_is_whole_once_its_headers_end() -> None:
    assert frame(b"GET / HTTP/1.1\r\nHost: x\r\n", LIMIT).framing is Framing.PARTIAL
    assert frame(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", LIMIT).framing is Framing.WHOLE


def test_a_body_is_whole_when_content_length_bytes_have_arrived() -> None:
    head = POST + b"content-length: 5\r\n\r\n"
    assert frame(head + b"ASK", LIMIT).framing is Framing.PARTIAL
    assert frame(head + b"ASK", LIMIT).headers_done
    assert frame(head + b"ASK {", LIMIT).framing is Framing.WHOLE


def test_a_body_announced_over_the_limit_is_too_large_before_it_arrives() -> None:
    assert frame(POST + b"Content-Length: 101\r\n\r\n", LIMIT).framing is Framing.TOO_LARGE


def test_a_chunked_body_is_whole_after_its_last_chunk() -> None:
    head = POST + b"Transfer-Encoding: chunked\r\n\r\n"
    assert frame(head + b"3\r\nASK\r\n", LIMIT).framing is Framing.PARTIAL
    assert frame(head + b"3\r\nASK\r\n0\r\n", LIMIT).framing is Framing.PARTIAL
    assert frame(head + b"3\r\nASK\r\n2;x=y\r\n {\r\n0\r\n\r\n", LIMIT).framing is Framing.WHOLE
    assert frame(head + b"40\r\n" + b"x" * 64 + b"\r\n40\r\n", LIMIT).framing is Framing.TOO_LARGE


def test_what_cannot_be_framed_goes_to_the_parser_which_says_why() -> None:
    assert frame(POST + b"Content-Length: ten\r\n\r\n", LIMIT).framing is Framing.WHOLE
    assert frame(POST + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n", LIMIT).framing is Framing.WHOLE
