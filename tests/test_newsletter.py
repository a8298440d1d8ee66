"""The municipal newsletter: issues with print runs and supplements, checked and listed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ROOT, make, soup


def demo_documents() -> dict[str, dict]:
    """Front matter of every demo document by its address, read with PyYAML."""
    found = {}
    for path in sorted((ROOT / "content").glob("*/*.md")):
        slug = re.sub(r"^\d{4}-\d\d-\d\d-", "", path.stem)
        address = f"{path.parent.name}/{slug}"
        found[address] = yaml.safe_load(
            path.read_text(encoding="utf-8").split("---")[1]
        )
    return found


def demo_issues(year: int) -> list[dict]:
    return [
        meta
        for meta in demo_documents().values()
        if meta.get("rodzaj") == "biuletyn" and meta["data_wytworzenia"].year == year
    ]


def test_the_archive_lists_issues_with_print_runs_and_supplements(
    demo_site: Path,
) -> None:
    page = soup(demo_site / "biuletyn" / "index.html")
    issues = demo_issues(2026)
    assert len(issues) == 4
    rows = page.select("#rok-2026 ~ .bip-table-scroll tbody tr")
    assert len(rows) == len(issues)
    runs = sorted(int(r.find_all("td")[1].get_text().replace("\xa0", "")) for r in rows)
    assert runs == sorted(i["naklad"] for i in issues)
    links = [urlsplit(a["href"]).path for a in page.select("tbody td ul a")]
    assert links == [
        "/urzad/dodatek-rozklad-jazdy-komunikacji-gminnej/",
        "/urzad/dodatek-kalendarz-wydarzen-lata-2026/",
    ]
    feed = (demo_site / "biuletyn" / "atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry") == 4
    supplement = soup(
        demo_site / "urzad" / "dodatek-rozklad-jazdy-komunikacji-gminnej" / "index.html"
    )
    issue = supplement.select_one(".bip-document__issue a")["href"]
    assert urlsplit(issue).path == "/urzad/wiesci-jarzebinowskie-4-2026/"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("naklad: 3 500", "„3 500” nie jest liczbą egzemplarzy"),
        ("naklad: 0", "„0” nie jest liczbą egzemplarzy"),
        (
            "dodatki: [urzad/dodatek-rozklad-jazdy]",
            "nie ma dokumentu „urzad/dodatek-rozklad-jazdy” (dodatki) (czy chodziło o „urzad/dodatek-rozklad-jazdy-komunikacji-gminnej”?)",
        ),
        (
            "dodatki: [rozklad jazdy.md]",
            "„rozklad jazdy.md” nie jest adresem dokumentu",
        ),
    ],
)
def test_a_wrong_newsletter_entry_is_named_at_its_line(
    tmp_path: Path, line: str, message: str
) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    issue = content / "urzad" / "2026-11-23-wiesci-jarzebinowskie-4-2026.md"
    text = issue.read_text(encoding="utf-8")
    key = line.split(":", maxsplit=1)[0]
    text = re.sub(rf"^{key}: .*$", line, text, flags=re.MULTILINE)
    issue.write_text(text, encoding="utf-8")
    number = text.splitlines().index(line) + 1
    done = make("check", f"CONTENT={content}")
    assert done.returncode != 0
    assert (
        f"{issue}:{number}: {key}: {message}" in done.stdout
        or f"{issue}:{number}: {message}" in done.stdout
    ), done.stdout


def test_supplements_belong_to_an_issue_only(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "urzad" / "2026-11-23-dodatek-rozklad-jazdy-komunikacji-gminnej.md"
    text = path.read_text(encoding="utf-8").replace(
        "naklad: 2000", "naklad: 2000\ndodatki: [urzad/wiesci-jarzebinowskie-4-2026]"
    )
    path.write_text(text, encoding="utf-8")
    done = make("check", f"CONTENT={content}")
    assert (
        "dodatki ma tylko numer biuletynu, a ten dokument ma rodzaj „dodatek do biuletynu”"
        in done.stdout
    )
    assert f"{path}:7:" in done.stdout
