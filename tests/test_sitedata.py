"""bip.yaml: the municipality's data is checked like a document, with lines."""

from __future__ import annotations

import pytest
from bip_content.sitedata import parse
from conftest import SITES

GOOD = (SITES / "basic" / "content" / "bip.yaml").read_text(encoding="utf-8")


def messages(text: str) -> list[str]:
    _site, problems = parse("bip.yaml", text)
    return [str(p) for p in problems]


def test_fixture_is_valid() -> None:
    site, problems = parse("bip.yaml", GOOD)
    assert problems == []
    top = [i.slug for i in site.menu]
    assert top[3] == "organy" and top[-2:] == ["oswiata", "pusta"]
    organy = site.categories["organy"]
    assert [c.slug for c in organy.children] == ["uchwaly", "sesje", "glosowania"]
    assert [i.slug for i in site.trail("uchwaly")] == ["organy", "uchwaly"]
    assert site.trail("nieznana") == []
    assert organy.subtree() == ["organy", "uchwaly", "sesje", "glosowania"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("faks: brak, ", ""), "bip.yaml:17: podmioty.0.redaktorzy.0: brak klucza 'faks' — dodaj 'faks: …' (gdy nie ma faksu, wpisz: faks: brak)"),
        (("uchwaly, nazwa: Uchwały, rodzic: organy", "uchwaly, nazwa: Uchwały, rodzic: organ"), "bip.yaml:32: menu: nieznany rodzic „organ” (czy chodziło o „organy”?)"),
        (("{slug: pusta, nazwa: Pusta kategoria}", "{slug: oswiata, nazwa: Druga}"), "bip.yaml:43: menu: slug „oswiata” powtarza się"),
        (("{slug: oswiata, nazwa: Oświata}", "{slug: kategoria, nazwa: X}"), "bip.yaml:25: slug „kategoria” jest zarezerwowany"),
        (("  epuap: /testowo/SkrytkaESP\n", ""), "bip.yaml:1: gmina: brak klucza 'epuap'"),
        (("rodzaje: [uchwała, ogłoszenie]\n", ""), "bip.yaml:1: brak sekcji 'rodzaje'"),
        (("  nazwa: Gmina Testowa\n", "  nazwa: [Gmina\n"), "bip.yaml:3: plik nie jest poprawnym YAML"),
    ],
)  # fmt: skip
def test_bad_site_data(change: tuple[str, str], expected: str) -> None:
    assert change[0] in GOOD
    found = messages(GOOD.replace(*change))
    assert any(m.startswith(expected) for m in found), found


def test_menu_must_have_the_categories_the_law_requires() -> None:
    text = GOOD.replace("  - {slug: petycje, nazwa: Petycje}\n", "")
    problems = [str(p) for p in parse("bip.yaml", text)[1]]
    assert len(problems) == 1
    assert problems[0].startswith(
        "bip.yaml:27: menu nie ma kategorii „Petycje”, której wymaga art. 8 ustawy "
        "o petycjach od podmiotu typu „urząd” — dodaj do menu pozycję: "
        "- {slug: petycje, nazwa: Petycje}"
    )


def test_required_categories_are_mandatory_in_the_menu() -> None:
    site, _ = parse("bip.yaml", GOOD)
    assert site.categories["petycje"].mandatory
    assert site.categories["glosowania"].mandatory  # the council's
    assert not site.categories["oswiata"].mandatory
