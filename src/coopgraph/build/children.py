"""The build's child processes: ``python -m coopgraph.build.…`` beside the build, stopped with it.

Plain child processes rather than a fork: the build holds an open store, and a
child that starts clean imports only what its module needs. A child's failure
comes back in its own words, so a full disk in a child reads as a full disk.
"""

from __future__ import annotations

import errno
import subprocess
import sys
import threading


class Child:
    """One child process, waited for from any thread, killed if the build stops before it ends."""

    def __init__(self, module: str, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", module, *args], stderr=subprocess.PIPE, text=True)
        self.lock = threading.Lock()
        self.errors: str | None = None

    def finished(self, what: str) -> None:
        """Wait for the child (any number of times); raise its failure as an ``OSError``."""
        with self.lock:
            if self.errors is None:
                self.errors = self.process.communicate()[1] or ""
        if self.process.returncode != 0:
            lines = self.errors.strip().splitlines()
            message = lines[-1] if lines else f"exit {self.process.returncode}"
            raise OSError(errno.ENOSPC if "No space left" in message else errno.EIO, f"{what} failed: {message}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
