"""The systemd unit of the search service: sandbox score, lint, and a command
line that really serves.

No systemd runs as PID 1 on the test machines, so the sandbox itself cannot
be started here: systemd-analyze scores and verifies the unit offline, and
the waitress command line runs outside it against a real index.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, index_of
from nginx import free_port

UNIT = ROOT / "deploy" / "systemd" / "bip-search.service"
ANALYZE = "systemd-analyze"
MAX_EXPOSURE = 3.0

# What the sandbox must keep, whatever the score: the brief of the unit.
REQUIRED = {
    "NoNewPrivileges": ["yes"],
    "CapabilityBoundingSet": [""],
    "ProtectSystem": ["strict"],
    "ReadOnlyPaths": ["/opt/bip /srv/bip"],
    "PrivateTmp": ["yes"],
    "RestrictAddressFamilies": ["AF_INET AF_UNIX"],
    "IPAddressDeny": ["any"],
    "IPAddressAllow": ["localhost"],
    "SystemCallFilter": ["@system-service", "~@privileged @resources"],
    "MemoryMax": ["512M"],
    "TasksMax": ["32"],
    "UMask": ["0077"],
}


def settings(text: str) -> dict[str, list[str]]:
    r"""Key → values of a unit file (keys repeat; `\` continues a line).

    >>> settings("[Service]\nA=1 \\\n  2\nA=3\n# c\n")
    {'A': ['1 2', '3']}
    """
    found: dict[str, list[str]] = {}
    joined = re.sub(r"\\\n\s*", "", text)
    for line in joined.splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(" ".join(value.split()))
    return found


def require_analyze() -> str:
    """systemd-analyze, or a skip on a machine without systemd (never in CI)."""
    path = shutil.which(ANALYZE)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("systemd-analyze is missing in CI: .ci/run installs systemd")
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    return path


def unit() -> dict[str, list[str]]:
    return settings(UNIT.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("key", "values"), REQUIRED.items(), ids=REQUIRED.keys())
def test_unit_keeps_the_sandbox(key: str, values: list[str]) -> None:
    assert unit()[key] == values


def test_exposure_score_is_at_most_3() -> None:
    run = subprocess.run(
        [require_analyze(), "security", "--offline=yes", "--no-pager", str(UNIT)],
        capture_output=True,
        text=True,
        check=False,
    )
    score = re.search(r"Overall exposure level for \S+: (\d+\.\d)", run.stdout)
    assert score, run.stdout + run.stderr
    assert float(score.group(1)) <= MAX_EXPOSURE, run.stdout


def test_unit_verifies_with_this_checkout_as_opt_bip(tmp_path: Path) -> None:
    """verify needs ExecStart's binary to exist: point /opt/bip at this checkout."""
    copy = tmp_path / UNIT.name
    copy.write_text(
        UNIT.read_text(encoding="utf-8").replace("/opt/bip", str(ROOT)),
        encoding="utf-8",
    )
    run = subprocess.run(
        [require_analyze(), "verify", "--man=no", str(copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "bip-search.service" not in run.stderr  # no warning about the unit


def command_line(port: int) -> tuple[list[str], dict[str, str]]:
    """ExecStart and Environment of the unit, /opt/bip being this checkout."""
    here = {"/opt/bip": str(ROOT), "127.0.0.1:8081": f"127.0.0.1:{port}"}
    words = shlex.split(unit()["ExecStart"][0])
    for old, new in here.items():
        words = [word.replace(old, new) for word in words]
    environment = dict(value.split("=", 1) for value in unit()["Environment"])
    environment = {k: v.replace("/opt/bip", str(ROOT)) for k, v in environment.items()}
    return words, environment


def test_waitress_command_line_serves_a_real_index(basic_site: Path) -> None:
    """Every flag of ExecStart parses, and the service answers a search."""
    port = free_port()
    words, environment = command_line(port)
    assert "--listen=127.0.0.1:" in " ".join(words)
    environment["BIP_SEARCH_INDEX"] = str(index_of(basic_site))
    service = subprocess.Popen(
        words,
        cwd=ROOT,
        env={**os.environ, **environment},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/szukaj.json?q=rekrutacja"
    try:
        answer = None
        for _ in range(600):  # 30 s at most: only against a hang
            if answer is not None or service.poll() is not None:
                break
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    answer = json.loads(response.read())
            except OSError:
                time.sleep(0.05)
    finally:
        service.terminate()
        output, _ = service.communicate(timeout=10)
    assert answer is not None, output  # waitress-serve exits on an unknown flag
    assert answer["total"] == 1
