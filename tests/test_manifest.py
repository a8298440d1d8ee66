"""The build manifest: every output file with its size, compared before a deploy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bip_site import manifest


def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    (folder / "oswiata").mkdir(parents=True)
    (folder / "index.html").write_text("<h1>BIP</h1>", encoding="utf-8")
    (folder / "oswiata" / "index.html").write_text("<h1>Oświata</h1>", "utf-8")
    manifest.write(folder, "Oświata")
    return folder


def remove(folder: Path) -> None:
    (folder / "oswiata" / "index.html").unlink()


def truncate(folder: Path) -> None:
    (folder / "index.html").write_text("<h1>", encoding="utf-8")


def add(folder: Path) -> None:
    (folder / "obce.html").write_text("x", encoding="utf-8")


def lose_manifest(folder: Path) -> None:
    (folder / manifest.NAME).unlink()


def garble_manifest(folder: Path) -> None:
    (folder / manifest.NAME).write_text('{"files": [', encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda _: None, []),
        (remove, ["brak pliku oswiata/index.html"]),
        (truncate, ["plik index.html ma 4 B zamiast 12 B"]),
        (add, ["plik obce.html spoza budowania"]),
        (lose_manifest, ["brak czytelnego manifestu"]),
        (garble_manifest, ["brak czytelnego manifestu"]),
    ],
    ids=["intact", "missing", "truncated", "extra", "no-manifest", "garbled"],
)
def test_problems(tmp_path: Path, damage, expected: list[str]) -> None:
    folder = site(tmp_path)
    damage(folder)
    found = manifest.problems(folder)
    assert len(found) == len(expected)
    assert all(f.startswith(e) for f, e in zip(found, expected, strict=True))


def test_manifest_lists_files_not_itself(tmp_path: Path) -> None:
    data = json.loads((site(tmp_path) / manifest.NAME).read_text(encoding="utf-8"))
    assert data == {
        "files": {"index.html": 12, "oswiata/index.html": 17},
        "smoke": "Oświata",
    }


def test_built_site_matches_its_manifest(basic_site: Path) -> None:
    """Written last at `finalized`: the sitemap and every page are in it."""
    assert manifest.problems(basic_site) == []
    data = manifest.read(basic_site)
    assert {"sitemap.xml", "robots.txt", "404.html"} <= set(data["files"])
    assert data["smoke"] == "Uchwała"  # newest document: the budget resolution
