"""Rebuild when a source file changes: what ``coopgraph serve --watch`` runs beside the server.

The sources are polled (a ``stat`` of each file, twice a second) rather than
watched with inotify: the files that count are exactly those the build digests
(:meth:`Sources.all_files`, plus the project's ``coopgraph.toml``), a few dozen
even for a million triples, while an inotify watch of the project would also
see ``dist/`` and ``.venv/`` and need the list filtered back to the same files.
A change is built once the files have been still for a second (an editor's
save, or a copy of several files, is one change).

A good build is published (the server switches to it); a failed one leaves
its record for the server (:mod:`coopgraph.build.failure`) and the last good
build serving. Run as ``python -m coopgraph.build.watch``, it takes its
settings from the ``COOPGRAPH_*`` variables and stops when its parent does.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from coopgraph.build.layout import current_build
from coopgraph.build.pipeline import BuildError, InvalidData, build
from coopgraph.namespaces import DATA_GRAPH, INFERRED_GRAPH
from coopgraph.settings import Settings
from coopgraph.sources.load import LoadError
from coopgraph.sources.project import Sources

Snapshot = dict[Path, tuple[int, int]]

POLL = 0.5
"""Seconds between two looks at the sources."""
SETTLE = 1.0
"""Seconds the sources must stay unchanged before a build starts."""


def snapshot(sources: Sources) -> Snapshot:
    """Each source file with its modification time and size: any edit, addition or removal changes it."""
    found: Snapshot = {}
    for path in [*sources.all_files(), sources.root / "coopgraph.toml"]:
        try:
            stat = path.stat()
        except OSError:
            continue
        found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def next_change(
    sources: Sources, seen: Snapshot, running: Callable[[], bool], poll: float = POLL, settle: float = SETTLE
) -> Snapshot | None:
    """Wait until the sources differ from ``seen`` and have settled; their new state, or None when stopped."""
    while running():
        time.sleep(poll)
        now = snapshot(sources)
        if now == seen:
            continue
        while running():
            time.sleep(settle)
            later = snapshot(sources)
            if later == now:
                return now
            now = later
    return None


def rebuild(settings: Settings) -> str:
    """Build the project once; what happened, in the words the publisher reads in the terminal."""
    before = current_build(settings.output_dir)
    try:
        result = build(
            Sources(settings.project_dir),
            settings.output_dir,
            reasoner=settings.reasoner,  # type: ignore[arg-type]
            validator=settings.validator,  # type: ignore[arg-type]
        )
    except InvalidData as error:
        return f"{error.report.as_text()}\nThe sources do not build: {error}; still serving the previous build."
    except (LoadError, BuildError) as error:
        return f"The sources do not build: {error}\nStill serving the previous build."
    if before is not None and result.path == before.path:
        return f"Build {result.build_id} is up to date with the sources."
    graphs = result.manifest["graphs"]
    return (
        f"Published build {result.build_id}: {result.manifest['triples']:,} triples "
        f"({graphs[str(DATA_GRAPH)]:,} asserted, {graphs[str(INFERRED_GRAPH)]:,} inferred)."
    )


def watch(settings: Settings, say: Callable[[str], None], running: Callable[[], bool]) -> None:
    """Rebuild on every settled change of the sources until ``running()`` turns false."""
    sources = Sources(settings.project_dir)
    seen = snapshot(sources)
    say(f"Watching {sources.root} for changes.")
    say(rebuild(settings))  # the sources may have changed since the server built them
    while (changed := next_change(sources, seen, running)) is not None:
        seen = changed
        say("The sources changed: building…")
        say(rebuild(settings))


def _leave(signum: int, frame: object) -> None:
    """Stop as if interrupted, so that a build in progress removes its staging directory on the way out."""
    raise SystemExit(0)


def main() -> None:
    parent = os.getppid()
    signal.signal(signal.SIGTERM, _leave)

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C reaches the whole process group: stop quietly
        watch(Settings.load(), say, lambda: os.getppid() == parent)


if __name__ == "__main__":
    main()
