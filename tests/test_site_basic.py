"""The `basic` fixture site built by real Pelican, with golden assertions.

Golden files change only through `make golden`; review their diff.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from conftest import ROOT, build, copy_site, html_pages, soup
from pagecheck import metryczka_problems, page_problems

GOLDEN = ROOT / "tests" / "golden" / "basic"
UPDATE = os.environ.get("BIP_UPDATE_GOLDEN") == "1"


def golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


def test_output_files(basic_site: Path) -> None:
    files = sorted(
        p.relative_to(basic_site).as_posix()
        for p in basic_site.rglob("*")
        if p.is_file()
    )
    golden("files.txt", "\n".join(files) + "\n")


def test_metryczka_of_document(basic_site: Path) -> None:
    page = soup(basic_site / "oswiata" / "rekrutacja" / "index.html")
    golden("metryczka.html", page.select_one(".bip-metryczka").prettify())


def test_every_page_shares_the_structure(basic_site: Path) -> None:
    for path in html_pages(basic_site):
        assert page_problems(soup(path)) == [], path


@pytest.mark.parametrize(
    "doc", ["oswiata/rekrutacja", "rada-miejska/uchwala-budzetowa"]
)
def test_document_pages(basic_site: Path, doc: str) -> None:
    assert metryczka_problems(soup(basic_site / doc / "index.html")) == []


def test_attachment_is_published_with_format_and_size(basic_site: Path) -> None:
    page = soup(basic_site / "oswiata" / "rekrutacja" / "index.html")
    link = page.select_one(".bip-attachments a")
    assert link.get_text(" ", strip=True) == "Zasady rekrutacji (TXT, 1 KB)"
    assert (basic_site / "oswiata" / "rekrutacja" / "zasady.txt").is_file()


def test_script_in_markdown_is_not_published(basic_site: Path) -> None:
    page = soup(basic_site / "rada-miejska" / "uchwala-budzetowa" / "index.html")
    assert page.select(".bip-document__body script") == []
    assert "alert" not in str(page.select_one(".bip-document__body"))


def test_body_h1_is_demoted(basic_site: Path) -> None:
    page = soup(basic_site / "oswiata" / "rekrutacja" / "index.html")
    assert [h.get_text() for h in page.select(".bip-document__body h2")] == ["Terminy"]


def test_empty_category_says_so(basic_site: Path) -> None:
    page = soup(basic_site / "kategoria" / "pusta" / "index.html")
    assert (
        page.select_one(".bip-empty").get_text(strip=True)
        == "Brak informacji do udostępnienia"
    )


def test_parent_category_lists_subcategory_documents(basic_site: Path) -> None:
    page = soup(basic_site / "kategoria" / "organy" / "index.html")
    titles = [a.get_text() for a in page.select(".bip-doclist__link")]
    assert titles == ["Uchwała w sprawie budżetu gminy na 2026 rok"]
    assert page.select_one(".bip-subcategories a")["href"].endswith(
        "kategoria/uchwaly/"
    )


def test_polish_dates(basic_site: Path) -> None:
    page = soup(basic_site / "oswiata" / "rekrutacja" / "index.html")
    times = {t["datetime"]: t.get_text() for t in page.select(".bip-metryczka time")}
    assert times == {
        "2026-02-01": "1 lutego 2026",
        "2026-02-02T09:30": "2 lutego 2026, godz. 09:30",
    }


def test_redakcja_lists_editors_with_fax_or_none(basic_site: Path) -> None:
    page = soup(basic_site / "redakcja" / "index.html")
    editors = {
        item.h3.get_text(strip=True): [
            dd.get_text(strip=True) for dd in item.find_all("dd")
        ]
        for item in page.select(".bip-editors__item")
    }
    assert editors["Ewa Testowa"] == ["+48 00 000 00 01", "brak", "bip@testowo.example"]
    assert editors["Jan Próbny"] == [
        "+48 00 000 00 02",
        "+48 00 000 00 03",
        "rada@testowo.example",
    ]


def test_feeds_per_category(basic_site: Path) -> None:
    feed = (basic_site / "kategoria" / "uchwaly" / "atom.xml").read_text(
        encoding="utf-8"
    )
    assert "Uchwała w sprawie budżetu gminy na 2026 rok" in feed
    assert "Rekrutacja" not in feed
    assert "Rekrutacja do klas pierwszych" in (basic_site / "atom.xml").read_text(
        encoding="utf-8"
    )


def test_body_image_is_published_beside_the_page(basic_site: Path) -> None:
    page = soup(basic_site / "oswiata" / "rekrutacja" / "index.html")
    img = page.select_one(".bip-document__body img")
    assert (img["src"], img["alt"]) == (
        "plan.png",
        "Plan parteru szkoły z sekretariatem",
    )
    assert (basic_site / "oswiata" / "rekrutacja" / "plan.png").is_file()


def test_the_same_name_in_two_departments_is_two_documents(tmp_path, caplog) -> None:
    """Pelican would take them for translations of one another (same slug)."""
    content = copy_site("basic", tmp_path)
    source = content / "rada-miejska" / "2026-03-10-uchwala-budzetowa.md"
    twin = content / "oswiata" / "2026-03-12-uchwala-budzetowa.md"
    twin.write_text(
        source.read_text(encoding="utf-8").replace("tytul: Uchwała", "tytul: Kopia"),
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING):
        out = build(content, tmp_path / "out")
    assert "original" not in caplog.text and "translat" not in caplog.text
    titles = [
        a.get_text() for a in soup(out / "dokumenty" / "index.html").select("main li a")
    ]
    assert sum("budżetu gminy" in t for t in titles) == 2
    assert (out / "oswiata" / "uchwala-budzetowa" / "index.html").is_file()
    assert (out / "rada-miejska" / "uchwala-budzetowa" / "index.html").is_file()
