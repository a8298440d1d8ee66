"""The front-matter schema: every bad input gives its Polish message and line."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from bip_content.fields import FIELDS, Context, fold, suggest, validate
from bip_content.frontmatter import parse

CTX = Context(
    bodies=frozenset({"urzad", "rada"}),
    categories=frozenset({"uchwaly", "nabory"}),
    kinds=frozenset({"uchwała", "ogłoszenie"}),
    today=dt.date(2026, 11, 24),
    attachment_dir="content/urzad/nabor",
    attachment_files=frozenset({"regulamin.pdf"}),
)
GOOD = """\
tytul: Nabór na stanowisko
podmiot: urzad
kategoria: nabory
wytworzyl:
  osoba: Anna Nowak
  funkcja: Sekretarz Miasta
data_wytworzenia: 2026-03-15
"""


def check(header: str) -> list[str]:
    doc, problems = parse("a.md", f"---\n{header}---\nTreść\n")
    assert doc is not None, problems
    _meta, found = validate("a.md", doc, CTX)
    return [str(p) for p in problems + found]


def test_good_document_has_no_problems() -> None:
    doc, _ = parse("a.md", f"---\n{GOOD}---\nTreść\n")
    meta, problems = validate("a.md", doc, CTX)
    assert problems == []
    assert meta["produced_by"] == {"osoba": "Anna Nowak", "funkcja": "Sekretarz Miasta"}
    assert meta["produced_on"] == dt.date(2026, 3, 15)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("tytul: Nabór na stanowisko\n", ""), "a.md:1: brak wymaganego klucza 'tytul'"),
        (("podmiot: urzad", "podmiot: urzd"), "a.md:3: podmiot: nieznany podmiot „urzd” (czy chodziło o „urzad”?)"),
        (("kategoria: nabory", "kategoria: nabor"), "a.md:4: kategoria: nieznany dział menu „nabor” (czy chodziło o „nabory”?)"),
        (("data_wytworzenia: 2026-03-15", "data_wytworzenia: 15.03.2026"), "a.md:8: data_wytworzenia: „15.03.2026” nie jest datą"),
        (("data_wytworzenia: 2026-03-15", "data_wytworzenia: 2026-02-30"), "a.md:8: data_wytworzenia: „2026-02-30” nie jest istniejącą datą"),
        (("data_wytworzenia: 2026-03-15", "data_wytworzenia: 2027-01-01"), "a.md:8: data_wytworzenia 2027-01-01 jest z przyszłości"),
        (("  funkcja: Sekretarz Miasta\n", ""), "a.md:5: wytworzyl: brak podklucza 'funkcja'"),
        (("wytworzyl:\n  osoba: Anna Nowak\n  funkcja: Sekretarz Miasta\n", "wytworzyl: Anna Nowak\n"), "a.md:5: wytworzyl: podaj osobę i jej funkcję"),
        (("tytul:", "tytl:"), "a.md:2: nieznany klucz 'tytl' (czy chodziło o „tytul”?)"),
    ],
)  # fmt: skip
def test_bad_input_message(change: tuple[str, str], expected: str) -> None:
    messages = check(GOOD.replace(*change))
    assert any(m.startswith(expected) for m in messages), messages


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("rodzaj: uchwala\n", "a.md:9: rodzaj: nieznany rodzaj dokumentu „uchwala” (czy chodziło o „uchwała”?)"),
        ("zalaczniki:\n  - plik: brak.pdf\n    opis: X\n", "a.md:10: zalaczniki: brak pliku załącznika „brak.pdf”"),
        ("zalaczniki:\n  - plik: ../inny/plik.pdf\n    opis: X\n", "a.md:10: zalaczniki: plik załącznika „../inny/plik.pdf” leży poza folderem dokumentu"),
        ("zalaczniki:\n  - plik: /etc/passwd\n    opis: X\n", "a.md:10: zalaczniki: plik załącznika „/etc/passwd” leży poza folderem"),
        ("zalaczniki:\n  - plik: regulamin.pdf\n", "a.md:10: zalaczniki: brak podklucza 'opis'"),
        ("zalaczniki: regulamin.pdf\n", "a.md:9: zalaczniki: załączniki muszą być listą"),
        ("wylaczenie:\n  zakres: adres\n  kto: Burmistrz\n", "a.md:9: wylaczenie: brak podklucza 'podstawa_prawna'"),
        ("data_udostepnienia: 2026-03-16 25:00\n", "a.md:9: data_udostepnienia: „2026-03-16 25:00” nie jest istniejącą datą"),
        ("numer: [1, 2]\n", "a.md:9: numer: wartość musi być tekstem"),
        ("tytul: Drugi\n", "a.md:9: klucz 'tytul' podano drugi raz"),
    ],
)  # fmt: skip
def test_optional_key_messages(extra: str, expected: str) -> None:
    messages = check(GOOD + extra)
    assert any(m.startswith(expected) for m in messages), messages


def test_every_problem_is_reported_at_once() -> None:
    messages = check("podmiot: x\nkategoria: y\ndata_wytworzenia: jutro\n")
    assert len(messages) == 5, messages  # tytul, wytworzyl, podmiot, kategoria, date


def test_attachment_inside_folder_is_accepted() -> None:
    doc, _ = parse(
        "a.md", f"---\n{GOOD}zalaczniki:\n  - plik: regulamin.pdf\n    opis: R\n---\nx"
    )
    meta, problems = validate("a.md", doc, CTX)
    assert problems == []
    assert meta["attachments"] == [{"plik": "regulamin.pdf", "opis": "R"}]


@pytest.mark.parametrize(
    ("value", "known", "expected"),
    [
        ("oswiata", ["oświata", "kultura"], " (czy chodziło o „oświata”?)"),
        ("zupelnie-inne", ["oświata"], ""),
    ],
)
def test_suggest(value: str, known: list[str], expected: str) -> None:
    assert suggest(value, known) == expected


def test_fold() -> None:
    assert fold("ZAŻÓŁĆ gęślą jaźń") == "zazolc gesla jazn"


def test_fold_fast_path_is_the_general_rule() -> None:
    """Every character folds as NFKD without combining marks would fold it."""

    def general(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.lower().replace("ł", "l"))
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    chars = [chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000]
    assert [c for c in chars if fold(c) != general(c)] == []
    mixed = ["Łódź", "gęślą", "Café", "ﬁrma", "m²", "İstanbul", "ŻÓŁW ß"]
    assert [fold(t) for t in mixed] == [general(t) for t in mixed]


def test_every_field_has_doc_and_example() -> None:
    for field in FIELDS.values():
        assert field.doc and field.example, field.key
        assert field.key.isascii(), field.key
