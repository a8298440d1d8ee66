"""The demo municipality: complete, valid, and every page legally shaped."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pypdf
import pytest
from bip_content.addresses import NEWSLETTER, OTHER, PAGE_SLUGS, REMOVED
from bip_content.check import check_site
from conftest import FIXTURE_TODAY, ROOT, html_pages, soup
from pagecheck import metryczka_problems, page_problems

CONTENT = ROOT / "content"
SITEURL = "https://bip.jarzebinow.example/"


@pytest.fixture(scope="module")
def demo_check():
    return check_site(CONTENT, dt.date.fromisoformat(FIXTURE_TODAY))


def test_demo_content_has_no_problems(demo_check) -> None:
    assert [str(p) for p in demo_check.problems] == []


def test_demo_covers_every_department_and_kind(demo_check) -> None:
    docs = [d for d in demo_check.documents.values() if not d.is_page]
    assert len(docs) >= 60
    site = demo_check.site
    assert set(Counter(d.department for d in docs)) == set(site.departments)
    assert set(Counter(d.meta.get("kind") for d in docs)) >= set(site.kinds)
    assert set(Counter(d.meta["publisher"] for d in docs)) == set(site.bodies)


def test_demo_attachments(demo_check) -> None:
    files = [
        CONTENT / d.attachment_dir / a["plik"]
        for d in demo_check.documents.values()
        for a in d.meta.get("attachments", [])
    ]
    assert len(files) >= 15
    suffixes = Counter(f.suffix for f in files)
    assert suffixes[".pdf"] >= 10
    assert {".odt", ".docx", ".xlsx"} <= set(suffixes)
    for pdf in (f for f in files if f.suffix == ".pdf"):
        text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
        assert len(text) > 100, f"{pdf} has no text layer"
        assert any(letter in text for letter in "ąęółśżźćń"), pdf


def test_every_page_shares_the_structure(demo_site: Path) -> None:
    problems = {p: page_problems(soup(p)) for p in html_pages(demo_site)}
    assert {p: v for p, v in problems.items() if v} == {}


def test_every_document_has_a_complete_metryczka(demo_site: Path, demo_check) -> None:
    for doc in demo_check.documents.values():
        if not doc.is_page:
            page = demo_site / doc.url / "index.html"
            assert metryczka_problems(soup(page)) == [], page


def test_every_internal_link_resolves(demo_site: Path) -> None:
    broken = []
    for path in html_pages(demo_site):
        page_url = SITEURL + path.relative_to(demo_site).as_posix()
        for a in soup(path).find_all("a", href=True):
            target = urljoin(page_url, a["href"])
            if not target.startswith(SITEURL) or urlsplit(target).path == "/szukaj":
                continue
            local = demo_site / unquote(urlsplit(target).path.lstrip("/"))
            if not (local.is_file() or (local / "index.html").is_file()):
                broken.append((path.relative_to(demo_site).as_posix(), a["href"]))
    assert broken == []


def test_system_pages_exist(demo_site: Path) -> None:
    pages = {
        "dane-podmiotu": "NIP",
        "redakcja": "Faks",
        "instrukcja": "wyszuk",
        "informacje-nieudostepnione": "14 dni",
        "mapa-strony": "Menu przedmiotowe",
        "slownik-skrotow": "Biuletyn Informacji Publicznej",
        "deklaracja-dostepnosci": "Deklaracja dostępności",
        "rejestr-zmian": "Rejestr zmian",
    }
    for slug, text in pages.items():
        page = soup(demo_site / slug / "index.html")
        assert text in page.select_one("main").get_text(), slug
    unavailable = soup(demo_site / "informacje-nieudostepnione" / "index.html")
    assert "wniosek" in unavailable.select_one("main").get_text().lower()


def test_every_generated_address_is_built_listed_and_in_the_footer(
    demo_site: Path,
) -> None:
    """One table (bip_content.addresses) names what the build writes itself."""

    def built(address: str) -> bool:
        path = demo_site / address
        return (path / "index.html").is_file() or path.is_file()

    sitemap = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    for slug in PAGE_SLUGS:
        assert built(f"{slug}/") and f"/{slug}/</loc>" in sitemap, slug
    # /szukaj is answered by the search service, not written.
    assert [a for a in OTHER if a != "szukaj" and not built(a)] == []
    footer = soup(demo_site / "index.html").select(".bip-footer__nav a")
    paths = {urlsplit(a["href"]).path.strip("/") for a in footer}
    # The newsletter's archive is linked from the site map and every issue,
    # only when there are issues; the removed register from the change register.
    assert PAGE_SLUGS - {REMOVED, NEWSLETTER} <= paths
    assert [p for p in paths if not built(p)] == []


def test_categories_paginate_newest_first(demo_site: Path) -> None:
    listing = soup(demo_site / "dokumenty" / "index.html")
    dates = [t["datetime"] for t in listing.select(".bip-doclist time")]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == 20
    assert (demo_site / "dokumenty" / "strona" / "2" / "index.html").is_file()
    assert listing.select_one(".bip-pagination a[rel=next]")


def test_every_menu_category_has_a_page_and_a_feed(demo_site: Path, demo_check) -> None:
    for slug in demo_check.site.categories:
        assert (demo_site / "kategoria" / slug / "index.html").is_file()
        assert (demo_site / "kategoria" / slug / "atom.xml").is_file()
