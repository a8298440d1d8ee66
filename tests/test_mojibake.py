"""Broken Polish letters and abbreviations: every pairing of five encodings
is caught, no real text is taken for broken, capitals are not acronyms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from bip_content.check import check_site
from bip_content.documents import unknown_abbreviations
from bip_content.mojibake import PAIRINGS, POLISH, broken_words, garble
from conftest import FIXTURE_TODAY, ROOT, copy_site
from corpus import texts

# Words that hold each of the 18 Polish letters, in both cases.
WORDS = [
    "zażółć", "gęślą", "jaźń", "ZAŻÓŁĆ", "GĘŚLĄ", "JAŹŃ", "września", "uchwała",
    "świadczenie", "źródło", "żłobek", "łąka", "ćwiczenia", "ŚWIĘTO", "ŹRÓDŁO",
    "ŻŁOBEK", "ŁĄKA", "ĆWICZENIA", "KOŃ",
]  # fmt: skip


def test_the_words_hold_every_polish_letter() -> None:
    assert set("".join(WORDS)) >= set(POLISH)


@pytest.mark.parametrize(("wrote", "read"), PAIRINGS)
def test_every_pairing_is_caught(wrote: str, read: str) -> None:
    garbled = {w: garble(w, wrote, read) for w in WORDS}
    changed = {w: g for w, g in garbled.items() if g is not None and g != w}
    if wrote == "cp1252":  # Windows-1252 cannot hold Polish letters but ó
        assert changed == {}
        return
    assert len(changed) >= 10
    for word, broken in changed.items():
        found = broken_words(f"Tekst: {broken}, dalej.")
        assert [(f[0], f[1]) for f in found] == [(broken, word)], (word, broken)


def test_no_real_text_is_taken_for_broken() -> None:
    lines = [line for t in texts() for line in t.body.split("\n")]
    lines += [
        line
        for path in sorted((ROOT / "content").rglob("*.md"))
        for line in path.read_text(encoding="utf-8").split("\n")
    ]
    assert len(lines) > 5000
    assert [w for line in lines for w in broken_words(line)] == []


def test_the_check_names_the_line_and_the_word(tmp_path: Path) -> None:
    content = copy_site("basic", tmp_path)
    (content / "oswiata" / "2026-03-01-sesja.md").write_text(
        "---\ntytul: Sesja odbędš się we wtorek\npodmiot: urzad\nkategoria: oswiata\n"
        "wytworzyl: {osoba: Ewa Testowa, funkcja: Kierownik}\n"
        "data_wytworzenia: 2026-02-01\n---\nSesja 15 wrzeœnia.\nZaÅ‚Ä…cznik poniżej.\n",
        encoding="utf-8",
    )
    result = check_site(content, dt.date.fromisoformat(FIXTURE_TODAY), shown="c")
    found = [str(p).split(" — ")[0] for p in result.problems if "zepsute" in p.message]
    assert found == [
        "c/oswiata/2026-03-01-sesja.md:2: zepsute polskie znaki: „odbędš” to zapewne "
        "„odbędą” (tekst zapisany w kodowaniu Windows-1250 odczytano jako ISO-8859-2)",
        "c/oswiata/2026-03-01-sesja.md:8: zepsute polskie znaki: „wrzeœnia” to zapewne "
        "„września” (tekst zapisany w kodowaniu Windows-1250 odczytano jako "
        "Windows-1252)",
        "c/oswiata/2026-03-01-sesja.md:9: zepsute polskie znaki: „ZaÅ‚Ä…cznik” to "
        "zapewne „Załącznik” (tekst zapisany w kodowaniu UTF-8 odczytano jako "
        "Windows-1252)",
    ]


def test_abbreviation_warnings_name_acronyms_not_words_in_capitals() -> None:
    body = (
        "OGŁOSZENIE WÓJTA GMINY\nWnioski przyjmuje GOPS; odbiór RTV i AGD "
        "w PSZOK, opinia RIO, NP. w sprawie XLII sesji.\n"
    )
    found = [p.message for p in unknown_abbreviations("a.md", body, 1, frozenset())]
    assert found == [
        f"nieznany skrót „{w}”" for w in ("GOPS", "RTV", "AGD", "PSZOK", "RIO")
    ]
