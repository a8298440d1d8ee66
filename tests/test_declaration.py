"""Deklaracja dostępności: data checks, and the built page's v2.0 structure."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bip_content import declaration
from bip_content.fields import Context
from conftest import SITES, html_pages, soup

GOOD = (SITES / "basic" / "content" / declaration.FILENAME).read_text(encoding="utf-8")
TODAY = dt.date(2026, 11, 24)
MANDATORY = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-zakres",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-data-sporzadzenie",
    "a11y-kontakt",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
    "a11y-komunikacja",
]
STATUS_SENTENCES = {
    "Strona internetowa jest zgodna z ustawą o dostępności cyfrowej stron "
    "internetowych i aplikacji mobilnych podmiotów publicznych.",
    "Strona internetowa jest częściowo zgodna z ustawą o dostępności cyfrowej stron "
    "internetowych i aplikacji mobilnych podmiotów publicznych z powodu niezgodności "
    "lub wyłączeń wymienionych poniżej.",
    "Strona internetowa jest niezgodna z ustawą o dostępności cyfrowej stron "
    "internetowych i aplikacji mobilnych podmiotów publicznych z powodu niezgodności "
    "lub wyłączeń wymienionych poniżej.",
}


def problems(text: str, today: dt.date = TODAY) -> list[str]:
    return [str(p) for p in declaration.parse("d.yaml", text, Context(today=today))[1]]


def test_good_data_has_no_problems() -> None:
    data, found = declaration.parse("d.yaml", GOOD, Context(today=TODAY))
    assert found == []
    assert data["status"] == "częściowo zgodna"
    assert data["data_przegladu"] == dt.date(2026, 3, 20)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("status: częściowo zgodna", "status: prawie"), "d.yaml:5: status: nieznany"),
        (("data_publikacji: 2026-01-10", "data_publikacji: 2026-13-01"), "d.yaml:3: "),
        (("kontakt_email: dostepnosc@testowo.example\n", ""), "brak wymaganego klucza"),
        (("komunikacja:", "komunikacjaa:"), "czy chodziło o „komunikacja”"),
        (("adres_strony: https://", "adres_strony: "), "d.yaml:1: adres_strony"),
    ],
)
def test_each_problem_names_its_line(change, expected) -> None:
    found = problems(GOOD.replace(*change))
    assert any(expected in p for p in found), found


def test_not_compliant_needs_the_inaccessible_content() -> None:
    text = re.sub(r"niezgodnosci:\n  - .*\n", "", GOOD)
    assert any("nie wymieniono niedostępnych treści" in p for p in problems(text))


@pytest.mark.parametrize(
    ("today", "warned"),
    [
        (dt.date(2027, 3, 30), False),  # the 2026 review still counts
        (dt.date(2027, 3, 31), True),  # the 2027 deadline has passed
    ],
)
def test_review_older_than_last_31_march_warns(today, warned) -> None:
    data, found = declaration.parse("d.yaml", GOOD, Context(today=today))
    assert data is not None  # a warning does not stop publication
    assert any("nie przejrzano" in str(p) for p in found) is warned


@pytest.fixture(scope="module")
def page(basic_site: Path):
    return soup(basic_site / "deklaracja-dostepnosci" / "index.html")


def test_every_mandatory_id_once(page) -> None:
    for name in MANDATORY:
        assert len(page.select(f"#{name}")) == 1, name


def test_conditional_ids_follow_the_data(page) -> None:
    assert len(page.select("#a11y-data-przeglad")) == 1
    for absent in ("a11y-ocena", "a11y-aplikacje", "a11y-architektura-url"):
        assert page.select(f"#{absent}") == []


def test_dates_and_address(page) -> None:
    for name in [*MANDATORY, "a11y-data-przeglad"]:
        if name.startswith("a11y-data"):
            element = page.select_one(f"#{name}")
            assert element.name == "time"
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", element["datetime"])
    assert page.select_one("#a11y-url")["href"] == "https://bip.testowo.example/"
    assert page.select_one("#a11y-podmiot").get_text() == "Gmina Testowa"
    assert page.select_one("#a11y-email")["href"] == "mailto:dostepnosc@testowo.example"


def test_prescribed_headings_and_sentences(page) -> None:
    headings = [h.get_text() for h in page.select("main h1, main h2")]
    assert headings[:5] == [
        "Deklaracja dostępności",
        "Stan dostępności cyfrowej",
        "Niedostępne treści",
        "Przygotowanie deklaracji dostępności i jej aktualizacja",
        "Informacje zwrotne i dane kontaktowe",
    ]
    assert headings[-2:] == [
        "Obsługa wniosków i skarg związanych z dostępnością",
        "Pozostałe informacje",
    ]
    assert page.select_one("#a11y-status").get_text() in STATUS_SENTENCES
    procedure = page.select_one("#a11y-procedura")
    assert "https://bip.brpo.gov.pl/" in [a["href"] for a in procedure.find_all("a")]
    assert "7 dni" in page.get_text() and "2 miesiące" in page.get_text()


def test_every_page_links_to_the_statement_and_names_it_once(basic_site) -> None:
    for path in html_pages(basic_site):
        html = soup(path)
        metas = html.find_all("meta", attrs={"name": "deklaracja-dostępności"})
        assert [m["content"] for m in metas] == [
            "https://bip.testowo.example/deklaracja-dostepnosci/"
        ], path
        footer = html.select_one("footer")
        assert "Deklaracja dostępności" in [a.get_text() for a in footer.find_all("a")]
