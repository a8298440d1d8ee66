"""Legal completeness of the built demo, requirement by requirement.

The numbers follow the 15 requirements at the end of bip-requirements.md
(design notes). Those proven elsewhere are named here with their tests:
5 search (test_search*.py), 7 metryczka (test_demo_site.py), 8-9 history
(test_site_history.py), 12 WCAG and valid HTML (test_browser.py,
test_html_valid.py), 13-14 accessibility statement (test_declaration.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bip_content.check import check_site
from bip_content.documents import unknown_abbreviations
from conftest import FIXTURE_TODAY, ROOT, html_pages, soup

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def site_data():
    return check_site(CONTENT, dt.date.fromisoformat(FIXTURE_TODAY)).site


@pytest.fixture(scope="module")
def pages(demo_site: Path) -> list:
    return [(path, soup(path)) for path in html_pages(demo_site)]


def test_1_bip_logo_links_to_the_main_bip_page(pages) -> None:
    for path, page in pages:
        logo = page.select_one("header a[href='https://www.gov.pl/bip'] img")
        assert logo is not None and logo["alt"], path


def test_2_redakcja_names_every_editor_with_phone_fax_and_email(
    demo_site, site_data
) -> None:
    text = soup(demo_site / "redakcja" / "index.html").select_one("main").get_text()
    for body in site_data.bodies.values():
        assert body["nazwa"] in text
        for editor in body["redaktorzy"]:
            assert editor["imie_nazwisko"] in text
            assert editor["telefon"] in text and editor["email"] in text
            assert str(editor["faks"]) in text  # a number or the word "brak"


@pytest.mark.parametrize(
    ("label", "url"),
    [
        ("Redakcja", "redakcja/"),
        ("Instrukcja korzystania z BIP", "instrukcja/"),
        ("Informacje nieudostępnione w BIP", "informacje-nieudostepnione/"),
    ],
)
def test_2_3_10_system_pages_linked_from_every_page(pages, label, url) -> None:
    for path, page in pages:
        links = {a.get_text(strip=True): a["href"] for a in page.select("footer a")}
        assert links.get(label, "").endswith(url), path


def test_4_menu_with_every_mandatory_category_on_every_page(pages, site_data) -> None:
    mandatory = [i for i in site_data.categories.values() if i.mandatory]
    assert mandatory
    for path, page in pages:
        menu = {a["href"].split("/kategoria/")[-1] for a in page.select("nav a")}
        top = {item.slug + "/" for item in mandatory if item.parent is None}
        assert top <= menu, (path, top - menu)


def test_6_nothing_is_loaded_from_another_host(pages) -> None:
    local = ("/", "https://bip.jarzebinow.example/")
    for path, page in pages:
        for tag, attr in (("img", "src"), ("script", "src"), ("link", "href")):
            for element in page.find_all(tag):
                value = element.get(attr)
                if value and element.get("rel") != ["canonical"]:
                    assert value.startswith(local), (path, value)


def test_10_informacje_nieudostepnione_says_how_to_ask(demo_site) -> None:
    text = soup(demo_site / "informacje-nieudostepnione" / "index.html").get_text()
    for needed in ("14 dni", "ePUAP", "e-mail", "pocztą"):
        assert needed in text


def test_11_print_stylesheet_and_attachment_format_and_size(pages) -> None:
    attachments = 0
    for path, page in pages:
        assert page.select_one("link[rel=stylesheet][media=print]"), path
        for link in page.select("a.bip-attachments__link"):
            attachments += 1
            label = link.get_text(" ", strip=True)
            assert label.endswith(("KB)", "MB)")) and "(" in label, (path, label)
    assert attachments >= 28


def test_15_glossary_lists_every_abbreviation(demo_site, site_data) -> None:
    page = soup(demo_site / "slownik-skrotow" / "index.html")
    text = page.select_one("main").get_text()
    for short, meaning in site_data.abbreviations.items():
        assert short in text and meaning in text


def test_15_known_abbreviations_are_marked_in_documents(demo_site, site_data) -> None:
    page = soup(demo_site / "pomoc-spoleczna" / "zasilek-celowy" / "index.html")
    marked = page.select(".bip-document__body abbr")
    assert marked, "no <abbr> in a document that uses known abbreviations"
    for abbr in marked:
        assert abbr["title"] == site_data.abbreviations[abbr.get_text()]
    words = [a.get_text() for a in marked]
    assert len(words) == len(set(words))  # the first use only


def test_15_unknown_abbreviation_is_a_warning() -> None:
    (problem,) = unknown_abbreviations(
        "a.md", "Wniosek składa się w GOPS.", 7, frozenset()
    )
    assert str(problem).startswith("a.md:7: nieznany skrót „GOPS” — dopisz go")
    assert not problem.is_error
