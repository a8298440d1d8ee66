"""Polish analysis: a table of words and the terms they index and query as."""

from __future__ import annotations

import pytest
from bip_search.analysis import (
    fold,
    index_terms,
    number_terms,
    query_terms,
    strip_suffix,
    vocabulary,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("zasiłku", ["zasilek"]),
        ("zasiłki", ["zasilek"]),
        ("uchwale", ["uchwala"]),
        ("świadczeń", ["swiadczenie", "swiadczyc"]),
        ("odpadów", ["odpad", "odpady"]),
        ("harmonogramu", ["harmonogram"]),
        ("w szkole i na boisku", ["szkola", "boisko"]),
        ("Jarzębinowie", ["jarzebin"]),
        ("2026", ["2026"]),
    ],
)
def test_index_terms(text: str, expected: list[str]) -> None:
    assert index_terms(text) == expected


CORPUS = ["Zasiłek celowy przyznaje ośrodek", "Wywóz odpadów", "świadczeń rodzinnych"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("zasilek", {"zasilek"}),
        ("zasilku", {"zasilek"}),  # unknown folded form: falls back to a stem
        ("odpadow", {"odpad", "odpady"}),
        ("swiadczen", {"swiadczenie", "swiadczyc"}),
        ("ŚWIADCZEŃ", {"swiadczenie", "swiadczyc"}),
    ],
)
def test_query_terms_forgive_missing_diacritics(word: str, expected: set[str]) -> None:
    vocab, _spelled = vocabulary(CORPUS)
    found = set(query_terms(word, vocab))
    assert found & expected, (word, found)
    assert found & set(index_terms(" ".join(CORPUS))), "query must hit indexed terms"


@pytest.mark.parametrize(
    ("number", "terms"),
    [
        ("XLII/123/2022", ["xlii/123/2022", "123/2022"]),
        ("0007.XXV.212.2017", ["0007.xxv.212.2017", "xxv.212.2017", "212.2017"]),
        ("RGI.271.38.2018", ["rgi.271.38.2018", "271.38.2018", "38.2018"]),
        ("Zarządzenie nr 45/2021", ["45/2021"]),
    ],
)
def test_number_terms(number: str, terms: list[str]) -> None:
    assert number_terms(number) == terms


def test_fold_and_strip() -> None:
    assert fold("ŻÓŁW") == "zolw"
    assert strip_suffix("abc") == "abc"
