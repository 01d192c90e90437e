"""The malloc the query process runs on: jemalloc when the machine has it.

Oxigraph allocates and frees for every term it decodes and every solution it
joins, from eight lane threads at once, and glibc's malloc serves that
poorly. Measured in one process on the bench's synthetic stores, eight
threads running each analytic query and writing it as JSON, the same
pyoxigraph with ``LD_PRELOAD`` set against glibc's malloc (CPU ms a query):

- 100k: join 30.9–34.0 against 35.6–41.8, path 18.3–19.4 against 22.8–26.9,
  GROUP BY 70.8–75.5 against 75.0–77.5;
- 1M: join 332 against 400, path 183 against 212, GROUP BY 789 against 970,
  with a lower peak too (the join 190 MB RSS against 250, GROUP BY 112 against 155).

mimalloc was as fast but held more memory (the 1M join: 223 MB). Only the
query process gets it: the supervisor's environment names it, and every
query process it forks keeps it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
from pathlib import Path

AUTO, SYSTEM = "auto", "system"
JEMALLOC = "jemalloc"
ARENAS_ALL = 4096
"""jemalloc's ``MALLCTL_ARENAS_ALL``: ``arena.4096.purge`` gives back the free pages of every arena."""


class AllocatorMissing(ValueError):
    """The allocator named in the settings is not a file on this machine."""


def preload_for(choice: str) -> str | None:
    """What to put in ``LD_PRELOAD`` for ``choice`` (``query_allocator``), or None for glibc's malloc.

    ``auto`` takes jemalloc when the dynamic linker knows it (Debian:
    ``libjemalloc2``) and glibc's malloc otherwise; a path must exist, so a
    typo is said when the server starts, not hidden behind a slower server.
    """
    if choice == SYSTEM:
        return None
    if choice == AUTO:
        return ctypes.util.find_library(JEMALLOC)
    if not Path(choice).is_file():
        raise AllocatorMissing(
            f"query_allocator {choice!r} is not a file; name a malloc library (e.g. "
            f"/usr/lib/x86_64-linux-gnu/libjemalloc.so.2), or write {AUTO!r} or {SYSTEM!r}"
        )
    return choice


def environment(preload: str | None, base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with ``preload`` first in ``LD_PRELOAD``."""
    env = dict(os.environ if base is None else base)
    if preload is not None:
        env["LD_PRELOAD"] = " ".join(part for part in (preload, env.get("LD_PRELOAD", "")) if part)
    return env


@functools.cache
def _process() -> ctypes.CDLL:
    return ctypes.CDLL(None)


def give_back_free_memory() -> None:
    """Return the heap's free pages to the kernel, whichever malloc this process runs on: jemalloc (its
    ``mallctl`` found first, as preloaded) or glibc's."""
    process = _process()
    if hasattr(process, "mallctl"):
        process.mallctl(f"arena.{ARENAS_ALL}.purge".encode(), None, None, None, ctypes.c_size_t(0))
    else:
        process.malloc_trim(0)
