"""Deploys that cannot break the site: faults while nginx serves it under load.

Each test keeps clients requesting pages, a stylesheet and the search through
nginx for the whole run, and now and then a client verifies the live release
(tools/release.py verify: manifest, index, smoke search). None may fail.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import random
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import ROOT, during_load, git_site
from nginx import front, get
from release import ACTIVATIONS, LOCK, RELEASES, STAGING, verify
from test_deploy import deploy

PATHS = ["/", "/oswiata/rekrutacja/", "/theme/css/bip.css", "/szukaj.json?q=rekrutacja"]
SEED = 20261124  # kill points are random but the same on every run
KILLS = 20
# Clients pause between requests and verify now and then: at full speed they
# took the two cores from the deploys they watch and tripled the run time.
PAUSE = 0.01
VERIFY_EVERY = 25


def live_problems(srv: Path) -> list[str]:
    """Verify the release `current` points at (resolved once: it may switch)."""
    return verify(srv / os.readlink(srv / "current"))


def client(base: str, srv: Path, seen: list[str]) -> Callable[[int], bool]:
    """A request through nginx, or now and then a check of the live release."""

    def fetch(n: int) -> bool:
        time.sleep(PAUSE)
        if n % VERIFY_EVERY == 0:
            problems = live_problems(srv)
            seen.extend(f"live: {p}" for p in problems)
            return not problems
        path = PATHS[n % len(PATHS)]
        try:
            status, _, body = get(base + path)
        except OSError as error:
            seen.append(f"{path}: {error}")
            return False
        if status != 200 or not body:
            seen.append(f"{path}: {status}")
        return status == 200 and bool(body)

    return fetch


def under_load(base: str, srv: Path, action: Callable[[], None]) -> int:
    """Run `action` under load; assert no request failed; return how many ran."""
    seen: list[str] = []
    failures, made = during_load(client(base, srv, seen), action)
    assert failures == [], seen[:10]
    assert made > 0
    print(f"{made} requests, {len(failures)} failed")  # noqa: T201 (figures for -s)
    return made


def start_deploy(
    content: Path, srv: Path, *extra: str
) -> tuple[subprocess.Popen, Path]:
    """`make deploy` in its own process group; its stderr goes to a file."""
    errors = srv.parent / f"deploy-{time.monotonic_ns()}.err"
    with open(errors, "w") as stderr:
        process = subprocess.Popen(
            [
                "make",
                "--no-print-directory",
                "deploy",
                f"CONTENT={content}",
                f"DEPLOY_DIR={srv}",
                *extra,
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    return process, errors


def leftovers(srv: Path) -> list[str]:
    """Staging folders and releases that are not on the activation stack."""
    stack = (srv / ACTIVATIONS).read_text(encoding="utf-8").split()
    return [
        p.name
        for p in (srv / RELEASES).iterdir()
        if p.name.startswith(STAGING) or p.name not in stack
    ]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return git_site("basic", tmp_path)


def wait_for(condition: Callable[[], bool]) -> None:
    """Poll until `condition` holds (generous limit: only against a hang)."""
    for _ in range(2400):
        if condition():
            return
        time.sleep(0.05)
    pytest.fail("waited two minutes in vain")


def test_two_deploys_started_together(content, tmp_path) -> None:
    """Both wait for the lock, then deploy one after the other, named apart.

    The deploy folder has a space in its name; the sibling folder that an
    unquoted `rm -rf` used to hit must survive.
    """
    srv = tmp_path / "srv bip"
    sibling = tmp_path / "srv"
    sibling.mkdir()
    (sibling / "zostaje.txt").write_text("ważne", encoding="utf-8")
    assert deploy(content, srv, "20261124T100000Z").returncode == 0

    def two_deploys() -> None:
        with open(srv / LOCK, "a") as lock:
            # Holding the lock ourselves makes both wait for certain.
            fcntl.flock(lock, fcntl.LOCK_EX)
            both = [
                start_deploy(content, srv, "RELEASE=20261124T110000Z") for _ in "ab"
            ]
            wait_for(lambda: all("czekam" in e.read_text() for _, e in both))
        assert [p.wait() for p, _ in both] == [0, 0]

    with front(tmp_path / "nginx", srv) as base:
        under_load(base, srv, two_deploys)
    assert (srv / ACTIVATIONS).read_text().split() == [
        "20261124T100000Z",
        "20261124T110000Z",
        "20261124T110000Z-2",
    ]
    assert os.readlink(srv / "current") == "releases/20261124T110000Z-2"
    for name in ("20261124T110000Z", "20261124T110000Z-2"):
        assert verify(srv / RELEASES / name) == []
    assert leftovers(srv) == []
    assert (sibling / "zostaje.txt").read_text(encoding="utf-8") == "ważne"


def outcome(srv: Path, before: str) -> str:
    """Where a kill landed, judged by what it left."""
    if os.readlink(srv / "current") != before:
        return "po przełączeniu"
    if any(p.name.startswith(STAGING) for p in (srv / RELEASES).iterdir()):
        return "w budowaniu lub sprawdzaniu"
    return "przed budowaniem"


def test_deploys_killed_at_random_points(content, tmp_path) -> None:
    """SIGKILL to the whole `make deploy` group; the next deploy cleans up."""
    srv = tmp_path / "srv"
    assert deploy(content, srv, "").returncode == 0
    chance = random.Random(SEED)
    outcomes: dict[str, int] = {}

    def kill_and_redeploy() -> None:
        duration = 2.0  # of a deploy under this load, measured below
        for _ in range(KILLS):
            before = os.readlink(srv / "current")
            process, _ = start_deploy(content, srv)
            # Up to a little past the end: some deploys finish before the kill.
            time.sleep(chance.uniform(0.1, 1.1 * duration))
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            where = outcome(srv, before)
            outcomes[where] = outcomes.get(where, 0) + 1
            assert live_problems(srv) == []
            started = time.monotonic()
            run = deploy(content, srv, "")
            duration = time.monotonic() - started
            assert run.returncode == 0, run.stdout + run.stderr
            assert leftovers(srv) == []
            assert len(list((srv / RELEASES).iterdir())) <= 5

    with front(tmp_path / "nginx", srv) as base:
        under_load(base, srv, kill_and_redeploy)
    print(outcomes)  # noqa: T201 (figures for -s)
    assert sum(outcomes.values()) == KILLS


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[None]:
    """A tmpfs mounted on `folder`; skip where mounting is not permitted."""
    folder.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mount.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"CI runs as root and must mount a tmpfs: {mount.stderr}")
        pytest.skip(f"mounting a tmpfs is not permitted here: {mount.stderr}")
    try:
        yield
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


def resize(folder: Path, size: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(folder)], check=True)


def test_disk_full_mid_build(content, tmp_path) -> None:
    """A deploy that runs out of space fails; the live release stays whole."""
    srv = tmp_path / "srv"
    with tmpfs(srv, "64m"):
        assert deploy(content, srv, "A").returncode == 0
        stats = os.statvfs(srv)
        used = (stats.f_blocks - stats.f_bfree) * stats.f_frsize
        runs = []

        def fill_the_disk() -> None:
            # Room for half a release more: the next build stops half-way.
            resize(srv, used + used // 2)
            runs.append(deploy(content, srv, "B"))
            assert os.readlink(srv / "current") == "releases/A"
            assert live_problems(srv) == []
            resize(srv, 64 * 1024 * 1024)
            runs.append(deploy(content, srv, "C"))

        with front(tmp_path / "nginx", srv) as base:
            under_load(base, srv, fill_the_disk)
        full, after = runs
        assert full.returncode != 0
        assert "No space left on device" in full.stdout + full.stderr
        assert after.returncode == 0, after.stdout + after.stderr
        assert (srv / ACTIVATIONS).read_text().split() == ["A", "C"]
        assert leftovers(srv) == []
