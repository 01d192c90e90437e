"""Line files in byte order: sorted once with their repeats dropped, then compared in one pass."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from coopgraph.build.sorted_lines import LineOrderError, differing_lines, sort_to_gzip

LINES = [b'<b> <p> "Riga"@en .\n', b'<a> <p> "\xc3\x84" .\n', b'<b> <p> "Riga"@en .\n', b'<a> <p> "Z" .\n']


def packed(tmp_path: Path, name: str, lines: list[bytes]) -> Path:
    path = tmp_path / name
    path.write_bytes(gzip.compress(b"".join(lines)))
    return path


def test_a_file_is_sorted_in_byte_order_each_line_once(tmp_path: Path) -> None:
    unsorted = tmp_path / "unsorted.nq"
    unsorted.write_bytes(b"".join(LINES))
    sort_to_gzip(unsorted, tmp_path / "sorted.nq.gz")
    lines = gzip.decompress((tmp_path / "sorted.nq.gz").read_bytes()).splitlines(keepends=True)
    assert lines == sorted(set(LINES))  # "Z" (0x5A) before "Ä" (0xC3 0x84), whatever the locale
    assert not [p for p in tmp_path.iterdir() if p.name not in ("unsorted.nq", "sorted.nq.gz")]


def test_the_lines_only_one_file_has_come_out_in_byte_order_marked_added_or_removed(tmp_path: Path) -> None:
    old = packed(tmp_path, "old.gz", [b"<a> 1\n", b"<b> 1\n", b"<c> 1\n"])
    new = packed(tmp_path, "new.gz", [b"<a> 1\n", b"<a> 2\n", b"<c> 1\n", b"<d> 1\n"])
    assert list(differing_lines(old, new)) == [(True, b"<a> 2\n"), (False, b"<b> 1\n"), (True, b"<d> 1\n")]
    assert list(differing_lines(new, new)) == []


def test_a_file_out_of_order_is_refused_not_misread(tmp_path: Path) -> None:
    old = packed(tmp_path, "old.gz", [b"<b> 1\n", b"<a> 1\n"])
    new = packed(tmp_path, "new.gz", [b"<c> 1\n"])
    with pytest.raises(LineOrderError, match=r"comm failed.*not in sorted order"):
        list(differing_lines(old, new))
