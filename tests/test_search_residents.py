"""Search that understands residents: their questions, words and typos.

The pure parts (derivation, question words, the thesaurus and its check)
are tested without Pelican; the rest through the real service in front of
the demo's index, in HTML and in JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from bip_content.check import check_site
from bip_content.lexicon import known
from bip_content.thesaurus import parse
from bip_search.analysis import derived_terms, fold, terms
from bip_search.derivation import stem
from bip_search.query import interpret, meaningful
from bip_search.searcher import SearchIndex, clean_request
from bip_search.synonyms import SHIPPED, Thesaurus, shipped
from browser import serving
from bs4 import BeautifulSoup
from conftest import FIXTURE_TODAY, build, copy_site, index_of
from test_search import get, search_json, titles

# The topics a gmina publishes (the list), as the shipped file names them.
TOPICS = 15


def lemma_stem(word: str) -> set[str]:
    return {stem(term) for term in terms(word)}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("podatek", "podatkowy"),
        ("wybory", "wyborczy"),
        ("sprzątanie", "sprzątać"),
        ("zapisać", "zapisywać"),
        ("wydać", "wydawać"),
        ("stypendium", "stypendysta"),
        ("wypożyczalnia", "wypożyczać"),
        ("otwarty", "otwarcie"),
        ("zamknięty", "zamknięcie"),
        ("kandydat", "kandydować"),
        ("odbierać", "odbiór"),
        ("wybierać", "wybór"),
        ("zgłosić", "zgłoszenie"),
    ],
)
def test_derived_words_and_aspect_pairs_meet(one: str, other: str) -> None:
    assert lemma_stem(one) & lemma_stem(other)


def test_a_word_the_documents_lack_meets_its_only_relative() -> None:
    vocab = {"szachowe": ["szachowy"], "zajecia": ["zajecie"]}
    (word,) = interpret("szachy", vocab, derived_terms(vocab), Thesaurus({}))
    assert word.derived == ("szachowy",)


@pytest.mark.parametrize(
    ("one", "other"), [("wynik", "wyniosły"), ("kara", "karta"), ("lato", "latać")]
)
def test_short_stems_do_not_join_unrelated_words(one: str, other: str) -> None:
    assert not lemma_stem(one) & lemma_stem(other)


def test_question_words_do_not_count_unless_nothing_else() -> None:
    def words(q: str) -> list[str]:
        return [word for word, _terms in meaningful(q, {})]

    assert words("kiedy czynny pszok?") == ["czynny", "pszok"]
    assert words("gdzie można zapłacić") == ["zapłacić"]
    assert words("kiedy jest najbliższa sesja") == ["sesja"]
    assert words("co mogę zbudować na swojej działce") == ["zbudować", "działce"]
    assert words("osoba bliska") == ["osoba", "bliska"]
    assert words("kto") == ["kto"]


def test_thesaurus_finds_inflected_and_derived_resident_words() -> None:
    thesaurus = Thesaurus(
        {"wywóz śmieci": ["odbiór odpadów"], "szambo": ["zbiornik bezodpływowy"]}
    )
    words = interpret("kiedy wywozu śmieci", {}, {}, thesaurus)
    assert [w.official for w in words] == [("odbiór odpadów",)] * 2
    found = interpret("szambiarka cennik", {}, {}, thesaurus)
    assert found[0].official == ("zbiornik bezodpływowy",)
    assert found[1].official == ()


def test_a_question_in_a_resident_term_matches_as_a_query_reads_it() -> None:
    thesaurus = Thesaurus({"kto dostał pracę": ["wynik naboru"]})
    words = interpret("kto w końcu dostał tę pracę", {}, {}, thesaurus)
    assert {w.text: w.official for w in words}["pracę"] == ("wynik naboru",)


def test_shipped_thesaurus_is_large_general_and_clean() -> None:
    entries, problems = parse(str(SHIPPED), SHIPPED.read_text(encoding="utf-8"))
    assert problems == []
    assert len(entries) >= 300
    assert entries == shipped()
    topics = [line for line in SHIPPED.read_text().splitlines() if line[:1].isalpha()]
    assert len(topics) >= TOPICS
    assert all(
        fold(term) not in map(fold, official) for term, official in entries.items()
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("odpady:\n  śmieci: [odpady komunalne\n", 3, "nie jest poprawnym YAML"),
        ("- śmieci\n", 1, "tematy i ich hasła"),
        ("odpady:\n  śmieci: odpady\n  gruz: []\n", 3, "oczekiwano listy"),
        ("odpady:\n  śmieci: [Śmieci]\n", 2, "prowadzi do samego siebie"),
        ("odpady:\n  śmieci: [a b c d e f g]\n", 2, "więcej niż 6 słów"),
        ("a:\n  śmieci: [odpady]\nb:\n  śmieci: [odpady]\n", 4, "w innym temacie"),
        ("odpady: śmieci\n", 1, "oczekiwano haseł"),
    ],
)
def test_thesaurus_problems_name_the_line(text: str, line: int, message: str) -> None:
    _entries, problems = parse("content/tezaurus.yaml", text)
    assert problems, text
    assert (problems[0].line, message in problems[0].message) == (line, True)


def test_make_check_reads_the_municipal_thesaurus(tmp_path: Path) -> None:
    content = copy_site("basic", tmp_path)
    (content / "tezaurus.yaml").write_text(
        "drogi:\n  dziura w drodze: [naprawa nawierzchni]\n  łata: []\n",
        encoding="utf-8",
    )
    result = check_site(content, dt.date.fromisoformat(FIXTURE_TODAY))
    found = [p for p in result.problems if p.path.endswith("tezaurus.yaml")]
    assert [(p.line, "oczekiwano listy" in p.message) for p in found] == [(3, True)]
    assert result.thesaurus == {"dziura w drodze": ["naprawa nawierzchni"]}


@pytest.fixture(scope="module")
def own_words_server(tmp_path_factory) -> Iterator[str]:
    """The basic site with a municipal thesaurus word, served."""
    work = tmp_path_factory.mktemp("own-words")
    content = copy_site("basic", work)
    (content / "tezaurus.yaml").write_text(
        "oświata:\n  pierwszak: [rekrutacja do klas pierwszych]\n", encoding="utf-8"
    )
    out = build(content, work / "out")
    with serving(out, index_of(out)) as base:
        yield base


def test_municipal_words_reach_the_search(own_words_server: str) -> None:
    answer = search_json(own_words_server, urlencode({"q": "pierwszaki"}))
    assert answer["total"] >= 1
    assert answer["expanded"] == ["rekrutacja do klas pierwszych"]


@pytest.fixture(scope="module")
def demo_server(demo_site: Path) -> Iterator[str]:
    with serving(demo_site, index_of(demo_site)) as base:
        yield base


def test_a_question_finds_what_it_asks(demo_server: str) -> None:
    answer = search_json(demo_server, urlencode({"q": "kiedy odbierają śmieci"}))
    assert titles(answer)[0].startswith("Harmonogram odbioru odpadów")


def test_thesaurus_terms_are_used_and_shown(demo_server: str) -> None:
    answer = search_json(demo_server, urlencode({"q": "wywóz śmieci"}))
    assert "odbiór odpadów komunalnych" in answer["expanded"]
    assert titles(answer)[0].startswith("Harmonogram odbioru odpadów")
    _status, _h, body = get(f"{demo_server}/szukaj?q=wyw%C3%B3z+%C5%9Bmieci")
    notice = BeautifulSoup(body, "html.parser").select_one(".bip-notice")
    assert notice.get_text().startswith("Wyniki obejmują także: „")
    assert "„odbiór odpadów komunalnych”" in notice.get_text()


def test_a_partial_match_says_which_words_it_lacks(demo_server: str) -> None:
    query = urlencode({"q": "harmonogram odbioru odpadów w sobotę"})
    answer = search_json(demo_server, query)
    first = answer["results"][0]
    assert first["title"].startswith("Harmonogram odbioru odpadów")
    assert first["missing"] == ["sobotę"]
    _status, _h, body = get(f"{demo_server}/szukaj?{query}")
    missing = BeautifulSoup(body, "html.parser").select(".bip-results__missing")
    assert missing[0].get_text() == "W dokumencie nie ma: „sobotę”."
    whole = search_json(demo_server, urlencode({"q": "zasiłek celowy"}))
    assert whole["results"][0]["missing"] == []
    _status, _h, body = get(f"{demo_server}/szukaj?q=zasi%C5%82ek+celowy")
    item = BeautifulSoup(body, "html.parser").select_one(".bip-results__item")
    assert item.select(".bip-results__missing") == []


def test_a_query_about_what_the_site_does_not_hold_finds_nothing(
    demo_server: str,
) -> None:
    for q in ("prognoza pogody na jutro", "wyniki meczów ekstraklasy", "becikowe"):
        answer = search_json(demo_server, urlencode({"q": q}))
        assert (answer["total"], answer["suggestion"]) == (0, None), q


def test_real_words_are_never_corrected(demo_site: Path) -> None:
    index = SearchIndex(index_of(demo_site))
    for q in ("kąpielisko", "szambo", "pogoda", "wiatrak"):
        assert known(q)
        assert index.search(clean_request({"q": q})).suggestion is None, q
        assert index.suggest(q) is None, q


def test_a_correction_is_spelt_with_polish_letters(demo_server: str) -> None:
    answer = search_json(demo_server, "q=og%C5%82osznie")
    assert answer["suggestion"] == "ogłoszenie"
    _status, _h, body = get(f"{demo_server}/szukaj?q=og%C5%82osznie")
    shown = BeautifulSoup(body, "html.parser").select_one("[role=status] strong")
    assert shown.get_text() == answer["suggestion"]


def test_a_correction_that_finds_nothing_is_not_offered(demo_server: str) -> None:
    answer = search_json(demo_server, "q=harmongram&rok=1990")
    assert (answer["total"], answer["suggestion"]) == (0, None)
    _status, _h, body = get(f"{demo_server}/szukaj?q=harmongram&rok=1990")
    assert "Pokazujemy wyniki dla" not in body


def test_no_answer_rule_is_judged_without_the_archive(demo_server: str) -> None:
    """Only an archived notice answers: the current list stays empty.

    Partial matches among current documents are no answer to a query that
    only the archive answers in full.
    """
    q = "parkowa lipiec 2025 woda"
    assert search_json(demo_server, urlencode({"q": q}))["total"] == 0
    archived = search_json(demo_server, urlencode({"q": q, "archiwum": "tak"}))
    assert titles(archived)[0].startswith("Przerwa w dostawie wody 23 lipca 2025")
