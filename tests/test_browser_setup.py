"""``make test`` on a fresh machine: the browser the editor tests need is installed, or the one command is named.

``.ci/browser`` (run by ``make test`` and ``.ci/run``) is run here with fake
``id``, ``sudo`` and ``apt-get`` first on PATH, so nothing is installed for real.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).parents[1] / ".ci" / "browser"


def fake(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)


def run(tmp_path: Path, uid: int, sudo_works: bool) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    bin_dir, calls = tmp_path / "bin", tmp_path / "apt-calls"
    bin_dir.mkdir()
    chromium, driver = tmp_path / "chromium", tmp_path / "chromedriver"
    fake(bin_dir, "id", f"echo {uid}")
    fake(
        bin_dir,
        "sudo",
        'if [ "$1" = -n ] && [ "$2" = true ]; then exit ' + ("0" if sudo_works else "1") + '; fi; shift; exec "$@"',
    )
    # the fake apt-get records its arguments and, on install, puts the browser in place
    fake(
        bin_dir,
        "apt-get",
        f'echo "$*" >> {calls}; if [ "$1" = install ]; then for f in {chromium} {driver}; do '
        'printf "#!/bin/sh\\n" > $f; chmod +x $f; done; fi',
    )
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "CHROMIUM": str(chromium),
        "CHROMEDRIVER": str(driver),
    }
    done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30)
    return done, calls.read_text().splitlines() if calls.exists() else []


def test_a_machine_with_the_browser_installs_nothing(tmp_path: Path) -> None:
    for name in ("chromium", "chromedriver"):
        (tmp_path / name).write_text("#!/bin/sh\n")
        (tmp_path / name).chmod(0o755)
    done, calls = run(tmp_path, uid=0, sudo_works=False)
    assert done.returncode == 0 and calls == []


def test_as_root_it_installs_chromium_and_its_driver(tmp_path: Path) -> None:
    done, calls = run(tmp_path, uid=0, sudo_works=False)
    assert done.returncode == 0, done.stderr
    assert calls == ["update", "install -y --no-install-recommends chromium chromium-driver"]


def test_with_passwordless_sudo_it_installs_through_sudo(tmp_path: Path) -> None:
    done, calls = run(tmp_path, uid=1000, sudo_works=True)
    assert done.returncode == 0, done.stderr
    assert calls[-1] == "install -y --no-install-recommends chromium chromium-driver"


def test_without_the_right_to_install_it_stops_with_the_one_command(tmp_path: Path) -> None:
    done, calls = run(tmp_path, uid=1000, sudo_works=False)
    assert done.returncode == 1 and calls == []
    assert "    sudo apt-get install -y --no-install-recommends chromium chromium-driver" in done.stderr.splitlines()
