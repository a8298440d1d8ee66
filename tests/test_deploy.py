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
from kept import kept
from release import verify

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


def rollback(target: Path):
    return make("rollback", f"DEPLOY_DIR={target}")


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
    assert verify(target / "current") == []
    assert (target / "activations").read_text() == "20261124T100000Z\n"
    # Results kept for the next deploy live beside the releases, not in one.
    assert kept(target / "cache", "render")


def test_rollback_and_pruning(content, tmp_path) -> None:
    """KEEP counts verified releases; unverified folders and leftovers go."""
    target = tmp_path / "srv"
    old = target / "releases" / "20200101T000000Z" / "site"  # no manifest
    old.mkdir(parents=True)
    (old / "index.html").write_text("stare", encoding="utf-8")
    (target / "releases" / ".nowe-20200101T000000Z-0a1b2c3d").mkdir()  # killed
    for release in ("20261124T100000Z", "20261124T110000Z", "20261124T120000Z"):
        assert deploy(content, target, release, "KEEP=2").returncode == 0
    assert sorted(p.name for p in (target / "releases").iterdir()) == [
        "20261124T110000Z",
        "20261124T120000Z",
    ]
    run = rollback(target)
    assert run.returncode == 0, run.stderr
    assert live(target) == "releases/20261124T110000Z"
    run = rollback(target)
    assert run.returncode != 0  # nothing older
    assert "Nie ma wcześniejszego wydania" in run.stderr
    assert live(target) == "releases/20261124T110000Z"


def test_rollback_returns_to_what_was_live_before_the_deploy(content, tmp_path):
    """Deploy A, B, rollback (A), deploy C, rollback: A again, never B."""
    target = tmp_path / "srv"
    assert deploy(content, target, "A").returncode == 0
    assert deploy(content, target, "B").returncode == 0
    assert rollback(target).returncode == 0
    assert live(target) == "releases/A"
    assert deploy(content, target, "C").returncode == 0
    assert sorted(p.name for p in (target / "releases").iterdir()) == ["A", "C"]
    run = rollback(target)
    assert run.returncode == 0, run.stderr
    assert "Przywrócono wydanie A (było: C)" in run.stdout
    assert live(target) == "releases/A"
    assert (target / "activations").read_text() == "A\n"


def test_rollback_skips_a_damaged_release(content, tmp_path) -> None:
    target = tmp_path / "srv"
    for release in ("A", "B", "C"):
        assert deploy(content, target, release).returncode == 0
    page = target / "releases" / "B" / "site" / "oswiata" / "rekrutacja"
    (page / "index.html").unlink()
    run = rollback(target)
    assert run.returncode == 0, run.stderr
    assert "Pomijam wydanie B: brak pliku oswiata/rekrutacja/index.html" in run.stderr
    assert live(target) == "releases/A"


def test_release_names_are_unique_and_plain(content, tmp_path) -> None:
    target = tmp_path / "srv"
    for _ in range(2):
        assert deploy(content, target, "20261124T100000Z").returncode == 0
    assert live(target) == "releases/20261124T100000Z-2"
    run = deploy(content, target, "../poza")
    assert run.returncode != 0
    assert "Niedozwolona nazwa wydania: '../poza'" in run.stderr
    assert not (tmp_path / "poza").exists()


def test_failed_build_changes_nothing_in_an_odd_folder(content, tmp_path) -> None:
    """A DEPLOY_DIR with a space and shell characters; its sibling survives."""
    # $ZNACZNIK reaches the recipe's shell: a command run there touches it.
    target = tmp_path / "srv bip; $(touch $ZNACZNIK) `touch $ZNACZNIK` 'x' \"y\""
    marker = tmp_path / "wykonane"
    sibling = tmp_path / "srv"  # what an unquoted `rm -rf srv bip…` removed
    sibling.mkdir()
    (sibling / "zostaje.txt").write_text("ważne", encoding="utf-8")
    assert deploy(content, target, "20261124T100000Z").returncode == 0
    broken = copy_site("broken", tmp_path / "b")
    run = deploy(broken, target, "20261124T110000Z", f"ZNACZNIK={marker}")
    assert run.returncode != 0
    assert live(target) == "releases/20261124T100000Z"
    assert [p.name for p in (target / "releases").iterdir()] == ["20261124T100000Z"]
    assert rollback(target).returncode != 0  # one release: nothing to go back to
    assert live(target) == "releases/20261124T100000Z"
    assert (sibling / "zostaje.txt").read_text(encoding="utf-8") == "ważne"
    assert not marker.exists()


def test_search_answers_through_a_deploy(content, tmp_path) -> None:
    target = tmp_path / "srv"
    assert deploy(content, target, "20261124T100000Z").returncode == 0

    def releases() -> None:
        for release in ("20261124T110000Z", "20261124T120000Z"):
            assert deploy(content, target, release).returncode == 0
        assert rollback(target).returncode == 0

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
