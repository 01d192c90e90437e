"""Processes as ``/proc`` shows them, for the tests that look for query processes and their survivors."""

from __future__ import annotations

import os
import time
from pathlib import Path


def stat_of(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command name (the state is the first), or None when gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def children_of(pid: int) -> list[int]:
    """Every process whose parent is ``pid``, zombies included."""
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        fields = stat_of(int(entry))
        if fields is not None and int(fields[1]) == pid:
            found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (dead, waiting to be reaped)."""
    fields = stat_of(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def ended(pid: int | None, within: float) -> bool:
    """Whether process ``pid`` has ended (reaped, or a zombie), looking once and then for ``within`` seconds."""
    assert pid is not None
    deadline = time.monotonic() + within
    while alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True
