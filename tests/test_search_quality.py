"""Retrieval quality floors on the demo's development set (not a timed test).

The floors are what this implementation reached when they were set; a change
that lowers them must say why. `make bench` prints the same figures beside
Whoosh's default analyzer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bip_search.evaluation import evaluate, load_devset
from bip_search.searcher import SearchIndex, clean_request
from conftest import ROOT, index_of

DEVSET = load_devset(ROOT / "tests" / "search_devset.yaml")
RECALL_FLOOR = 0.97
MRR_FLOOR = 0.96


@pytest.fixture(scope="module")
def index(demo_site: Path) -> SearchIndex:
    return SearchIndex(index_of(demo_site))


@pytest.fixture(scope="module")
def quality(index: SearchIndex):
    def search(q: str) -> list[str]:
        return [r["url"] for r in index.search(clean_request({"q": q})).results]

    return evaluate(DEVSET, search)


def test_devset_is_big_and_varied() -> None:
    assert len(DEVSET) >= 40
    kinds = {j.kind for j in DEVSET}
    assert kinds == {
        "odmiana",
        "bez-ogonkow",
        "literowka",
        "numer",
        "wiele-slow",
        "brak",
    }


def test_recall_and_mrr_floors(quality) -> None:
    assert quality.recall_at_10 >= RECALL_FLOOR, quality.misses
    assert quality.mrr >= MRR_FLOOR, quality.misses


def test_queries_without_answer_never_claim_a_full_match(index: SearchIndex) -> None:
    for judged in (j for j in DEVSET if not j.relevant):
        answer = index.search(clean_request({"q": judged.q}))
        assert answer.total == 0 or answer.partial, judged.q
