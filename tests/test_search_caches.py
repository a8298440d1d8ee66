"""The search service holds its size: every cache bounded, misses included."""

from __future__ import annotations

import gc
import json
import random
import string
import tracemalloc
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from bip_search import analysis
from bip_search.caches import LRUCache, Postings, key_bytes, postings_bytes
from bip_search.searcher import Limits, SearchIndex, clean_request
from bip_search.serve import running
from bip_search.service import SearchApp
from conftest import build, copy_site, index_of

SMALL = Limits(weight_entries=40, weight_bytes=24_000, searchers=2)


def unique_words(count: int, seed: int = 5) -> list[str]:
    """Words no index holds: random letters with a running number spelt in letters."""
    rng = random.Random(seed)
    digits = str.maketrans("0123456789", "bcdfghjklm")
    return [
        "".join(rng.choices(string.ascii_lowercase + "ąęłóź", k=5))
        + str(n).translate(digits)
        for n in range(count)
    ]


def ask(base: str, q: str) -> dict:
    query = urllib.parse.urlencode({"q": q})
    with urllib.request.urlopen(f"{base}/szukaj.json?{query}", timeout=10) as answer:
        return json.loads(answer.read())


@pytest.mark.parametrize(
    ("puts", "max_entries", "max_bytes", "kept"),
    [
        ([("a", 10), ("b", 10), ("c", 10)], 2, 10_000, ["b", "c"]),  # by entries
        ([("a", 400), ("b", 400), ("c", 400)], 10, 1000, ["c"]),  # by bytes
        ([("a", 10), ("huge", 5000)], 10, 1000, ["a"]),  # larger than the cache
        ([("a", 10), ("b", 10), ("a", 10), ("c", 10)], 2, 10_000, ["a", "c"]),
    ],
)
def test_lru_cache_keeps_within_both_bounds(
    puts: list[tuple[str, int]], max_entries: int, max_bytes: int, kept: list[str]
) -> None:
    cache: LRUCache[str] = LRUCache(max_entries, max_bytes)
    for key, size in puts:
        if cache.get(key) is None:
            cache.put(key, key.upper(), size)
    assert [k for k in ("a", "b", "c", "huge") if cache.get(k)] == kept
    assert len(cache) <= max_entries and cache.bytes <= max_bytes


@pytest.mark.parametrize("size", [0, 1, 7, 100, 5000])
def test_counted_bytes_are_never_less_than_the_real_ones(size: int) -> None:
    key = ("text", "zasilek")
    ids, weights = [doc * 7919 for doc in range(size)], [d / 3 for d in range(size)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        postings = Postings(
            np.array(ids, np.int32),
            np.array(weights, np.float64),
            np.array(ids[: size // 2], np.int32),
        )
        real = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(postings) == size
    assert postings_bytes(key, postings) >= real + key_bytes(key)


def test_unique_words_fill_no_cache_beyond_its_bounds(basic_site: Path) -> None:
    app = SearchApp(index_of(basic_site), SMALL)
    words = unique_words(900)
    with running(app) as base:
        reference = ask(base, "rekrutacja")
        before = analysis.analysis_cache_sizes()
        for n in range(0, len(words), 3):
            answer = ask(base, " ".join(words[n : n + 3]))
            assert answer["total"] == 0
            stats = app.index.stats()
            assert stats["weight_entries"] <= SMALL.weight_entries
            assert stats["weight_bytes"] <= SMALL.weight_bytes
            assert stats["searchers_open"] <= SMALL.searchers
        after = analysis.analysis_cache_sizes()
        # Evicted long ago, recomputed: the same answer.
        assert ask(base, "rekrutacja") == reference
    # Words no document has are analysed afresh: the word caches keep none.
    assert after == before


def test_only_words_the_corpus_has_are_kept_in_the_word_caches(
    basic_site: Path,
) -> None:
    index = SearchIndex(index_of(basic_site))
    index.search(clean_request({"q": "Rekrutację żółwiątkowo"}))

    def kept(word: str) -> bool:  # a lookup that hits the cache was kept
        hits = analysis.terms.cache_info().hits
        analysis.terms(word)
        return analysis.terms.cache_info().hits > hits

    assert kept("Rekrutację")  # the corpus has this form
    assert not kept("żółwiątkowo")


def test_words_too_long_for_the_word_caches_are_not_kept() -> None:
    long_word = "bardzo" * 10
    before = analysis.analysis_cache_sizes()
    assert analysis.terms(long_word) == analysis.terms(long_word)
    assert analysis.analysis_cache_sizes() == before


def test_answers_after_eviction_match_a_fresh_service(basic_site: Path) -> None:
    queries = ["rekrutacja", "uchwala budzetowa", "zasady rekrutacji", "budżet"]
    fresh = SearchIndex(index_of(basic_site))
    tiny = SearchIndex(index_of(basic_site), Limits(2, 3000, 1))
    for word in unique_words(60, seed=9):
        tiny.search(clean_request({"q": word}))
    for q in queries:
        request = clean_request({"q": q})
        assert tiny.search(request) == fresh.search(request)
    assert tiny.stats()["weight_entries"] <= 2


def test_answers_from_kept_terms_and_phrases_match_a_fresh_service(
    basic_site: Path,
) -> None:
    """A word's text-and-title postings and an official term's documents are
    kept; a query answered from them is the query answered afresh."""
    queries = ["wywóz śmieci", "becikowe", "harmonogram wywozu", "rekrutacja"]
    warm = SearchIndex(index_of(basic_site))
    first = [warm.search(clean_request({"q": q})) for q in queries]
    kept = list(warm.refresh().weights._items)
    assert any(answer.results for answer in first)
    assert any(key[0] == "phrase" for key in kept)
    assert any(key[0] == "+" for key in kept)
    for q, answer in zip(queries, first, strict=True):
        request = clean_request({"q": q})
        assert warm.search(request) == answer
        assert SearchIndex(index_of(basic_site)).search(request) == answer


def test_concurrent_requests_share_a_bounded_pool_of_searchers(
    basic_site: Path,
) -> None:
    app = SearchApp(index_of(basic_site), Limits(searchers=2))
    with running(app, threads=8) as base:
        with ThreadPoolExecutor(max_workers=8) as pool:
            totals = list(
                pool.map(lambda q: ask(base, q)["total"], ["rekrutacja"] * 40)
            )
        assert totals == [1] * 40
        assert app.index.stats()["searchers_open"] <= 2


def test_an_index_switch_drops_the_old_build(tmp_path: Path) -> None:
    content = copy_site("basic", tmp_path)
    output = build(content, tmp_path / "site")
    app = SearchApp(index_of(output))
    with running(app) as base:
        for word in unique_words(30, seed=3):
            ask(base, word)
        assert ask(base, "rekrutacja")["total"] == 1
        old = app.index.stats()
        old_pool = app.index.refresh().searchers
        assert old["weight_entries"] > 30
        doc = content / "oswiata" / "2026-02-01-rekrutacja.md"
        doc.write_text(
            doc.read_text(encoding="utf-8").replace("Rekrutacja trwa", "Nabór trwa"),
            encoding="utf-8",
        )
        build(content, tmp_path / "site")
        assert ask(base, "nabor")["total"] == 1
        new = app.index.stats()
    assert new["build"] != old["build"]
    # Only what the one query on the new build needed.
    fresh = SearchIndex(index_of(output))
    fresh.search(clean_request({"q": "nabor"}))
    assert new["weight_entries"] == fresh.stats()["weight_entries"]
    assert old_pool.open == 0  # the old build's searchers are closed
    del fresh
    gc.collect()
    assert app.index.stats()["builds_alive"] == 1  # nothing keeps the old one
