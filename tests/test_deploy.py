"""make deploy / make rollback: atomic releases of site and index together."""

from __future__ import annotations

import os
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from bip_search.serve import running
from bip_search.service import SearchApp
from conftest import copy_site, during_load, git_site, make

QUERY = urllib.parse.urlencode({"q": "rekrutacja"})


def deploy(content: Path, target: Path, release: str, *extra: str):
    return make(
        "deploy",
        f"CONTENT={content}",
        f"DEPLOY_DIR={target}",
        f"RELEASE={release}",
        *extra,
    )


def live(target: Path) -> str:
    return os.readlink(target / "current")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return git_site("basic", tmp_path)


def test_deploy_switches_site_and_index_together(content, tmp_path) -> None:
    target = tmp_path / "srv"
    run = deploy(content, target, "20261124T100000Z")
    assert run.returncode == 0, run.stdout + run.stderr
    assert live(target) == "releases/20261124T100000Z"
    assert (
        target / "current" / "site" / "oswiata" / "rekrutacja" / "index.html"
    ).is_file()
    assert (target / "current" / "search_index" / "current").is_symlink()
    assert [p.name for p in (target / "releases").iterdir()] == ["20261124T100000Z"]


def test_rollback_and_pruning(content, tmp_path) -> None:
    target = tmp_path / "srv"
    for release in ("20261124T100000Z", "20261124T110000Z", "20261124T120000Z"):
        assert deploy(content, target, release, "KEEP=2").returncode == 0
    assert sorted(p.name for p in (target / "releases").iterdir()) == [
        "20261124T110000Z",
        "20261124T120000Z",
    ]
    run = make("rollback", f"DEPLOY_DIR={target}")
    assert run.returncode == 0, run.stderr
    assert live(target) == "releases/20261124T110000Z"
    assert make("rollback", f"DEPLOY_DIR={target}").returncode != 0  # nothing older


def test_failed_build_changes_nothing(content, tmp_path) -> None:
    target = tmp_path / "srv"
    assert deploy(content, target, "20261124T100000Z").returncode == 0
    broken = copy_site("broken", tmp_path / "b")
    run = deploy(broken, target, "20261124T110000Z")
    assert run.returncode != 0
    assert live(target) == "releases/20261124T100000Z"
    assert [p.name for p in (target / "releases").iterdir()] == ["20261124T100000Z"]


def test_search_answers_through_a_deploy(content, tmp_path) -> None:
    target = tmp_path / "srv"
    assert deploy(content, target, "20261124T100000Z").returncode == 0

    def releases() -> None:
        for release in ("20261124T110000Z", "20261124T120000Z"):
            assert deploy(content, target, release).returncode == 0
        assert make("rollback", f"DEPLOY_DIR={target}").returncode == 0

    with running(SearchApp(target / "current" / "search_index")) as base:
        url = f"{base}/szukaj.json?{QUERY}"

        def fetch(_: int) -> bool:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    return response.status == 200 and b'"total": 1' in response.read()
            except OSError:
                return False

        failures, answered = during_load(fetch, releases)
    assert failures == []
    assert answered > 20  # the deploys really happened under load


def test_publish_paths_with_spaces_and_shell_characters(tmp_path) -> None:
    """Folders named like this are data: nothing beside them is touched."""
    # $ZNACZNIK reaches the recipe's shell: a command run there touches it.
    odd = "bip $(touch $ZNACZNIK) `touch $ZNACZNIK`; 'x' \"y\" $HOME"
    marker = tmp_path / "wykonane"
    content = git_site("basic", tmp_path / odd)
    sibling = tmp_path / "bip"  # what an unquoted `rm -rf bip …` would remove
    sibling.mkdir()
    (sibling / "zostaje.txt").write_text("ważne", encoding="utf-8")
    output, index = tmp_path / odd / "www", tmp_path / odd / "indeks"
    for _ in range(2):  # the second run replaces a published folder
        run = make(
            "publish",
            f"CONTENT={content}",
            f"OUTPUT={output}",
            f"INDEX={index}",
            f"ZNACZNIK={marker}",
        )
        assert run.returncode == 0, run.stdout + run.stderr
    assert (output / "oswiata" / "rekrutacja" / "index.html").is_file()
    assert (index / "current").is_symlink()
    assert (sibling / "zostaje.txt").read_text(encoding="utf-8") == "ważne"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bip", odd]
    assert not marker.exists()
