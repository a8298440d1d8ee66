"""Shared fixtures: real Pelican builds of fixture sites into temporary folders."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from demo_history import replay
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "tests" / "sites"
# make exports the developer's folders to every recipe, `make test` too; a
# test names its own, so it never reads or fills the developer's cache.
for _name in ("BIP_CACHE", "BIP_SEARCH_INDEX", "BIP_STATS_DATA"):
    os.environ.pop(_name, None)
# Fixture content is dated; checks that compare with "today" use this date.
FIXTURE_TODAY = "2026-11-24"
# The demo's visits: a data file counted from generated logs (tools/demo_logs.py).
DEMO_STATS = {"data": str(ROOT / "tools" / "demo_statystyki.json")}


def build(
    content: Path,
    output: Path,
    conf: str = "pelicanconf.py",
    today: str = FIXTURE_TODAY,
    **override,
) -> Path:
    """Build `content` with real Pelican into `output`; return `output`."""
    index = output.parent / f"{output.name}-index"
    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "BIP_SEARCH": {"index_dir": str(index)},
        **override,
    }
    settings = read_settings(path=str(ROOT / conf), override=override)
    settings["BIP_METADATA"] = {**settings["BIP_METADATA"], "today": today}
    Pelican(settings).run()
    return output


def make(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run a make target of this repository, as a clerk or CI would."""
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def during_load(
    fetch: Callable[[int], bool], action: Callable[[], None], clients: int = 4
) -> tuple[list[int], int]:
    """Run `action` while `clients` threads call fetch(n) in a loop.

    Returns the request numbers that failed and how many were made.
    """
    failures: list[int] = []
    made = [0]
    done = threading.Event()

    def client(offset: int) -> None:
        n = offset
        while not done.is_set():
            if not fetch(n):
                failures.append(n)
            made[0] += 1
            n += clients

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    try:
        action()
    finally:
        done.set()
        for thread in threads:
            thread.join()
    return failures, made[0]


def index_of(output: Path) -> Path:
    """The search index folder that build() wrote for `output`."""
    return output.parent / f"{output.name}-index"


def git_site(name: str, tmp_path: Path) -> Path:
    """A fixture site's content as a git repository with its history replayed."""
    target = tmp_path / name / "content"
    replay(SITES / name / "content", SITES / name / "historia.yaml", target)
    return target


def demo_content(tmp_path: Path) -> Path:
    """The demo's content/ with its fictional history, as `make serve` builds it."""
    target = tmp_path / "demo" / "content"
    replay(ROOT / "content", ROOT / "tools" / "demo_history.yaml", target)
    return target


def copy_site(name: str, tmp_path: Path) -> Path:
    """Copy a fixture site's content folder so a test may change it."""
    target = tmp_path / name / "content"
    shutil.copytree(SITES / name / "content", target)
    return target


def soup(path: Path) -> BeautifulSoup:
    """Parse a built HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(output: Path) -> list[Path]:
    """Every HTML page of a built site."""
    return sorted(output.rglob("*.html"))


def _working_tree() -> dict[str, object]:
    """What the developer's own build folders hold (names at their top)."""
    return {
        name: sorted(p.name for p in (ROOT / name).iterdir())
        if (ROOT / name).is_dir()
        else None
        for name in ("output", "search_index", "build")
    } | {"current": _link(ROOT / "search_index" / "current")}


def _link(path: Path) -> str | None:
    return str(path.readlink()) if path.is_symlink() else None


@pytest.fixture(scope="session", autouse=True)
def working_tree_untouched() -> Iterator[None]:
    """No test builds into the repository's output/, search_index/ or build/."""
    before = _working_tree()
    yield
    after = _working_tree()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert not changed, f"a test wrote into the working tree: {changed}"


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `basic` fixture site, built once."""
    work = tmp_path_factory.mktemp("basic")
    return build(git_site("basic", work), work / "out")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo municipality in content/, built once as for publication."""
    work = tmp_path_factory.mktemp("demo")
    return build(
        demo_content(work),
        work / "out",
        "publishconf.py",
        DELETE_OUTPUT_DIRECTORY=False,
        BIP_STATS=DEMO_STATS,
    )


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The corpus of real texts as a site, built once, with its check result."""
    from bip_content.check import check_site  # noqa: PLC0415
    from corpus import write_site  # noqa: PLC0415

    work = tmp_path_factory.mktemp("corpus")
    content = write_site(work / "content")
    result = check_site(content, dt.date.fromisoformat(FIXTURE_TODAY))
    return build(content, work / "out"), result


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """One Debian Chromium for a module (one sync Playwright session at once)."""
    from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium  # noqa: PLC0415
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def today() -> dt.date:
    """The fixed 'today' of the fixture content."""
    return dt.date.fromisoformat(FIXTURE_TODAY)
