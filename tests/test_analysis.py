"""Polish analysis: a table of words and the terms they index and query as."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import corpus
import pytest
from bip_search.analysis import (
    LemmaFrequency,
    _is_text_analyzer,
    fold,
    index_terms,
    number_terms,
    query_terms,
    strip_suffix,
    vocabulary,
)
from bip_search.schema import make_schema
from conftest import ROOT
from whoosh.formats import Frequency


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


def test_vocabulary_is_the_same_in_every_process() -> None:
    """The spelling kept for a form does not follow a set's order (hash seed).

    "próbka" and "próbką" fold alike; which one a suggestion shows was the
    first met while walking sets, so it changed from one build to the next.
    """
    code = (
        "import json, sys; from bip_search.analysis import vocabulary;"
        "print(json.dumps(vocabulary(sys.argv[1:]), sort_keys=True))"
    )
    texts = ["Próbka wody", "uchwalona przez radę", "niepełnosprawna osoba"]
    found = {
        subprocess.run(
            [sys.executable, "-c", code, *texts],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": "plugins"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(found) == 1


def test_lemma_frequency_counts_as_whoosh_does() -> None:
    """The schema's text fields count terms as Whoosh's chain of tokens would."""
    schema = pickle.loads(pickle.dumps(make_schema()))  # as the index keeps it
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.CORPUS.rglob("*.md"))]
    texts += ["", "w i z", "Jarzębinowie 12/2026 ŻŁOBEK żłobek", "_a_ 3,5 m²"]
    assert len(texts) > 200
    for name in ("title", "text"):
        field = schema[name]
        assert isinstance(field.format, LemmaFrequency)
        assert _is_text_analyzer(field.analyzer)
        whoosh = Frequency(field_boost=field.format.field_boost)
        for text in texts:
            expected = list(whoosh.word_values(text, field.analyzer, mode="index"))
            assert list(field.index(text)) == [
                (term.encode("utf-8"), *rest) for term, *rest in expected
            ]
