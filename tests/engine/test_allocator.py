"""The query process runs on jemalloc where the machine has it, and a publisher's mistyped path is said at start.

``.ci/run`` installs Debian's ``libjemalloc2``, so here ``auto`` finds it.
"""

from __future__ import annotations

import ctypes.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coopgraph.build.layout import Build
from coopgraph.cli import cli
from coopgraph.engine.allocator import AllocatorMissing, environment, preload_for
from coopgraph.engine.processes import Job, QueryPool

JEMALLOC = ctypes.util.find_library("jemalloc")


def mapped_libraries(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


@pytest.fixture
def pools(published: Build) -> Iterator[dict[str, QueryPool]]:
    running = {choice: QueryPool(str(published.store_path), 2, allocator=choice) for choice in ("auto", "system")}
    for pool in running.values():
        assert b"".join(pool.run(Job("ASK { ?s ?p ?o }", "json", 10), 10))  # the query process is up
    yield running
    for pool in running.values():
        pool.close()


def test_the_machine_has_jemalloc_for_the_query_process() -> None:
    assert JEMALLOC is not None, "install Debian's libjemalloc2 (as .ci/run does)"
    assert preload_for("auto") == JEMALLOC


def test_queries_run_on_jemalloc_by_default_and_on_glibc_when_asked(pools: dict[str, QueryPool]) -> None:
    on_auto, on_system = (pools[choice].query_process for choice in ("auto", "system"))
    assert on_auto is not None and on_system is not None
    assert "libjemalloc" in mapped_libraries(on_auto)
    assert "libjemalloc" not in mapped_libraries(on_system)


def test_only_the_query_process_gets_it(pools: dict[str, QueryPool]) -> None:
    """The server process's own environment is left alone: the watcher and the build's children it starts
    later run on glibc's malloc, as they did."""
    assert "libjemalloc" not in os.environ.get("LD_PRELOAD", "")
    assert "libjemalloc" not in mapped_libraries(os.getpid())


def test_a_mistyped_allocator_is_said_before_the_server_starts(tmp_path: Path) -> None:
    data = tmp_path / "one.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    missing = tmp_path / "libjemalloc.so.9"
    result = CliRunner().invoke(cli, ["serve", "--data", str(data), "--query-allocator", str(missing)])
    assert result.exit_code == 1
    assert f"query_allocator '{missing}' is not a file" in result.output
    assert "Traceback" not in result.output
    with pytest.raises(AllocatorMissing):
        preload_for(str(missing))


def test_a_path_to_a_library_is_preloaded_as_written(tmp_path: Path) -> None:
    library = tmp_path / "libmy-malloc.so"
    library.write_bytes(b"")
    assert preload_for(str(library)) == str(library)
    assert preload_for("system") is None


def test_a_preload_of_the_users_own_is_kept_behind_it() -> None:
    assert environment("libjemalloc.so.2", {"LD_PRELOAD": "/opt/trace.so", "HOME": "/h"}) == {
        "LD_PRELOAD": "libjemalloc.so.2 /opt/trace.so",
        "HOME": "/h",
    }
    assert environment(None, {"HOME": "/h"}) == {"HOME": "/h"}


FREED = """
import json
from coopgraph.engine.allocator import give_back_free_memory
def rss():
    return next(int(l.split()[1]) // 1024 for l in open("/proc/self/status") if l.startswith("VmRSS"))
kept = [b"x" * 50_000 for _ in range(4000)]
del kept
before = rss()
give_back_free_memory()
print(json.dumps([before, rss()]))
"""


def test_a_quiet_query_process_on_jemalloc_gives_its_free_memory_back() -> None:
    """jemalloc keeps freed pages for ten seconds by default, and glibc's ``malloc_trim`` does not reach them:
    the watch's purge must be jemalloc's own."""
    done = subprocess.run(
        [sys.executable, "-c", FREED], env=environment(preload_for("auto")), capture_output=True, text=True, check=True
    )
    before, after = json.loads(done.stdout)
    assert before > 60 and after < before / 3, (before, after)
