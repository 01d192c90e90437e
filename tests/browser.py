"""Debian's headless Chromium driven by Selenium, for tests of what a person sees.

Needs ``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` (Debian packages
``chromium`` and ``chromium-driver``, which ``.ci/run`` installs): without them a
browser test fails, it is never skipped. The driver path is explicit, so
Selenium Manager never downloads anything, and Chromium runs with its
background networking off: the pages must work on loopback alone.
"""

from __future__ import annotations

import json
import os
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARGUMENTS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)
WAIT = 30


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        pytest.fail(
            f"the browser test needs {' and '.join(missing)}: install Debian's chromium and chromium-driver "
            "(apt-get install -y chromium chromium-driver)",
            pytrace=False,
        )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ARGUMENTS:
        options.add_argument(argument)
    profile = tempfile.TemporaryDirectory(prefix="coopgraph-chromium-")
    options.add_argument(f"--user-data-dir={profile.name}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # An explicit driver path: Selenium Manager never runs, so nothing is downloaded.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        profile.cleanup()


def wait_for(driver: WebDriver, what: str, condition, timeout: float = WAIT):
    try:
        return WebDriverWait(driver, timeout).until(condition)
    except TimeoutException:
        logs = "\n".join(str(entry) for entry in driver.get_log("browser"))
        pytest.fail(f"timed out waiting for {what}; browser console:\n{logs}", pytrace=False)


def page_errors(entries: list[dict]) -> list[dict]:
    """SEVERE console entries, but for the favicon the server does not have."""
    return [e for e in entries if e["level"] == "SEVERE" and "favicon.ico" not in e["message"]]


def requested_urls(driver: WebDriver) -> set[str]:
    urls = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.add(message["params"]["request"]["url"])
    return urls


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])
