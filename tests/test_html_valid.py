"""Every built page passes the W3C Nu HTML Checker (vnu.jar) without errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from browser import serving
from conftest import ROOT, html_pages, index_of

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SEARCHES = ["rekrutacja", "harmongram", "", "zasiłek celowy"]


def vnu_errors(paths: list[Path]) -> list[str]:
    """Errors the checker reports for the given files (one Java process)."""
    if not VNU.is_file() or shutil.which("java") is None:
        if os.environ.get("CI"):
            pytest.fail("vnu.jar or Java is missing in CI: make test installs vnu-jar")
        pytest.skip("the Nu HTML Checker needs Java and `npm ci` (make test does it)")
    done = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(done.stderr or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]


def test_checker_catches_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "zly.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="pl"><head><title>x</title></head>'
        "<body><p><div>x</p></body></html>",
        encoding="utf-8",
    )
    assert vnu_errors([bad])


def test_every_page_of_the_fixture_site_is_valid(basic_site: Path) -> None:
    assert vnu_errors(html_pages(basic_site)) == []


def test_every_page_of_the_demo_is_valid(demo_site: Path) -> None:
    pages = html_pages(demo_site)
    assert len(pages) > 100
    assert vnu_errors(pages) == []


def test_search_pages_are_valid(basic_site: Path, tmp_path: Path) -> None:
    files = []
    with serving(basic_site, index_of(basic_site)) as base:
        for number, query in enumerate(SEARCHES):
            url = f"{base}/szukaj?{urllib.parse.urlencode({'q': query})}"
            with urllib.request.urlopen(url, timeout=10) as response:
                target = tmp_path / f"szukaj-{number}.html"
                target.write_bytes(response.read())
                files.append(target)
    assert vnu_errors(files) == []
