"""Line files in byte order: what makes two builds' differences one streaming merge.

A build writes its N-Quads dump sorted and without repeats (one quad a line,
lines in byte order), so that the quads two builds do not share are found by
walking both files once side by side, never by holding either in memory. The
sorting and the merging are GNU ``sort`` and ``comm`` in the C locale, which
do it in bounded memory at disk speed; ``gzip`` feeds them.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO

BYTE_ORDER = {**os.environ, "LC_ALL": "C"}
"""The environment of ``sort`` and ``comm``: byte order, whatever the user's locale."""

SORT_MEMORY = "256M"
"""The buffer ``sort`` may hold; beyond it, it merges runs from temporary files."""


class LineOrderError(OSError):
    """A line file could not be sorted or compared (a tool failed, a file is not in byte order)."""


def sort_to_gzip(unsorted: Path, target: Path) -> None:
    """``unsorted``'s lines, each once, in byte order, gzip-compressed into ``target``."""
    command = ["sort", "-u", "-S", SORT_MEMORY, "-T", str(unsorted.parent), str(unsorted)]
    with (
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=BYTE_ORDER) as sort,
        target.open("wb") as out,
        subprocess.Popen(["gzip", "-6", "-c"], stdin=sort.stdout, stdout=out) as gzip,
    ):
        assert sort.stdout is not None and sort.stderr is not None
        sort.stdout.close()  # gzip reads it now
        errors = sort.stderr.read()
    _check("sort", sort.returncode, errors, unsorted)
    _check("gzip", gzip.returncode, b"", target)


def differing_lines(old: Path, new: Path) -> Iterator[tuple[bool, bytes]]:
    """``(added, line)`` for each line of the gzip'd sorted file ``new`` not in ``old`` (True) and of
    ``old`` not in ``new`` (False), in byte order, so lines that begin alike come together."""
    with ExitStack() as stack:
        readers = [
            stack.enter_context(subprocess.Popen(["gzip", "-dc", str(path)], stdout=subprocess.PIPE))
            for path in (old, new)
        ]
        pipes = [_pipe(reader.stdout) for reader in readers]
        comm = stack.enter_context(
            subprocess.Popen(
                ["comm", "-3", "--check-order", *(f"/dev/fd/{fd}" for fd in pipes)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=pipes,
                env=BYTE_ORDER,
            )
        )
        for reader in readers:
            assert reader.stdout is not None
            reader.stdout.close()  # comm holds them now
        assert comm.stdout is not None and comm.stderr is not None
        for line in comm.stdout:
            if line.startswith(b"\t"):
                yield True, line[1:]
            else:
                yield False, line
        errors = comm.stderr.read()
        comm.wait()
        for reader, path in zip(readers, (old, new), strict=True):
            _check("gzip", reader.wait(), b"", path)
        _check("comm", comm.returncode, errors, new)


def _pipe(stream: IO[bytes] | None) -> int:
    assert stream is not None
    return stream.fileno()


def _check(tool: str, code: int | None, errors: bytes, path: Path) -> None:
    if code:
        said = errors.decode(errors="replace").strip() or f"exit status {code}"
        raise LineOrderError(f"{tool} failed on {path}: {said}")
