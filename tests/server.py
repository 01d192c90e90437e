"""Start a real coopgraph server on 127.0.0.1 for tests that speak HTTP to it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(
    build_dir: Path | None = None,
    data: Sequence[Path] = (),
    settings: dict[str, str] | None = None,
    startup_timeout: float = 60.0,
    options: Sequence[str] = (),
    output: Path | None = None,
) -> Iterator[str]:
    """``coopgraph serve`` in a child process; yields its base URL (``http://127.0.0.1:PORT``).

    ``settings`` are ``COOPGRAPH_*`` variables (e.g. ``{"COOPGRAPH_QUERY_TIMEOUT": "2"}``),
    ``options`` more arguments (``["--watch"]``); ``output`` a file that receives what the server prints.
    """
    port = free_port()
    env = {**os.environ, "COOPGRAPH_WORKERS": "2", "COOPGRAPH_THREADS": "4", **(settings or {})}
    if build_dir is not None:
        env["COOPGRAPH_BUILD_DIR"] = str(build_dir)
    command = [sys.executable, "-m", "coopgraph", "serve", "--host", "127.0.0.1", "--port", str(port)]
    for path in data:
        command += ["--data", str(path)]
    command += list(options)
    printed = output.open("wb") if output is not None else None
    stderr = printed if printed is not None else subprocess.PIPE
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + startup_timeout
    try:
        while True:
            if process.poll() is not None:
                said = output.read_text() if output is not None else process.stderr.read().decode()
                raise RuntimeError(f"coopgraph serve exited with {process.returncode}: {said[-2000:]}")
            try:
                if requests.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still opening its build
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("coopgraph serve did not answer in time")
            time.sleep(0.2)
        yield url
    finally:
        stop(process)
        if printed is not None:
            printed.close()
        else:
            assert process.stderr is not None
            process.stderr.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a server the tests started: SIGTERM (it shuts down gracefully), SIGKILL after 15 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
