"""bip.yaml: the municipality's data is checked like a document, with lines."""

from __future__ import annotations

import pytest
from bip_metadata.sitedata import parse
from conftest import SITES

GOOD = (SITES / "basic" / "content" / "bip.yaml").read_text(encoding="utf-8")


def messages(text: str) -> list[str]:
    _site, problems = parse("bip.yaml", text)
    return [str(p) for p in problems]


def test_fixture_is_valid() -> None:
    site, problems = parse("bip.yaml", GOOD)
    assert problems == []
    assert [i.slug for i in site.menu] == ["organy", "oswiata", "pusta"]
    assert [c.slug for c in site.menu[0].children] == ["uchwaly"]
    assert [i.slug for i in site.trail("uchwaly")] == ["organy", "uchwaly"]
    assert site.trail("nieznana") == []
    assert site.menu[0].subtree() == ["organy", "uchwaly"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("faks: brak, ", ""), "bip.yaml:17: podmioty.0.redaktorzy.0: brak klucza 'faks' — dodaj 'faks: …' (gdy nie ma faksu, wpisz: faks: brak)"),
        (("rodzic: organy", "rodzic: organ"), "bip.yaml:29: menu: nieznany rodzic „organ” (czy chodziło o „organy”?)"),
        (("{slug: pusta, nazwa: Pusta kategoria}", "{slug: oswiata, nazwa: Druga}"), "bip.yaml:31: menu: slug „oswiata” powtarza się"),
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
