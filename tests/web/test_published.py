"""The response cache stays within its bounds and gives back exactly what was put."""

from __future__ import annotations

from coopgraph.web.published import CachedAnswer, ResponseCache


def answer(size: int, tag: str = "x") -> CachedAnswer:
    return CachedAnswer(tag, "text/plain", b"a" * size)


def test_least_recently_used_answers_go_first_when_entries_run_out() -> None:
    cache = ResponseCache(entries=2)
    cache.put("a", answer(1))
    cache.put("b", answer(1))
    assert cache.get("a") is not None  # a is now the most recent
    cache.put("c", answer(1))
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None


def test_the_byte_budget_is_kept_and_oversized_answers_are_not_cached() -> None:
    cache = ResponseCache(entries=100, max_bytes=10, max_entry_bytes=6)
    cache.put("big", answer(7))
    assert cache.get("big") is None
    cache.put("a", answer(6))
    cache.put("b", answer(6))
    assert cache.get("a") is None and cache.get("b") is not None


def test_fetch_makes_once_and_replacing_an_entry_keeps_the_count_right() -> None:
    cache = ResponseCache(entries=10, max_bytes=10)
    made = []
    for _ in range(3):
        found = cache.fetch("k", "etag", "text/html", lambda: made.append(1) or b"12345")
    assert made == [1] and found == CachedAnswer("etag", "text/html", b"12345")
    cache.put("k", answer(5))
    cache.put("j", answer(5))
    assert cache.get("k") is not None and cache.get("j") is not None


def test_a_cache_of_no_entries_keeps_nothing() -> None:
    cache = ResponseCache(entries=0)
    cache.put("a", answer(1))
    assert cache.get("a") is None
