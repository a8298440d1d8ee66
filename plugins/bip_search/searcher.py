"""Answer a resident's query from the current index (read-only, no Pelican).

Queries never reach Whoosh's query parser: words are analysed by the same
module as the index and combined here, so operators, quotes and field names
typed by a resident are plain words and cannot break the search.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import math
import os
import re
import threading
import weakref
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
from bip_content.lexicon import known, naming
from whoosh import index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, Query, Term
from whoosh.scoring import bm25

from .analysis import (
    NUMBER,
    STOP_WORDS,
    WORD,
    analysis_cache_sizes,
    fold,
    number_terms,
    terms,
    words,
)
from .caches import NO_DOCUMENTS, LRUCache, Postings, postings_bytes
from .indexer import CURRENT, DERIVED, FACETS, SHELL, SPELLED, THESAURUS, VOCABULARY
from .query import MAX_WORDS, Word, interpret
from .synonyms import Thesaurus

# Limits of a request (README, "Jak działa wyszukiwarka", lists them for IT).
MAX_QUERY = 300  # characters of a query that are read
MAX_PAGE = 1000  # highest page number; a higher one shows the first page
PAGE_SIZE = 10
ARCHIVE_CHOICES = ("", "tak", "wszystkie")
RANKED_FIELDS = ("text", "title", "number")
# Ranking, tuned on the resident queries (bench/search_quality_bench.py and
# README, "Jak działa wyszukiwarka"). A word found only through a derived
# word or the thesaurus weighs less than the word itself. A document's
# coverage is the share of the query's meaning it holds, each word weighed
# by its rarity (_rarity). A query is answered only when some document
# covers ANSWERED of it (else the site does not hold what is asked); then
# every document covering MIN_COVERAGE is listed, its score multiplied by
# its coverage to the power COORDINATION and raised by TITLE_BOOST times
# the share of the query in its title.
DERIVED_WEIGHT = 0.5
SYNONYM_WEIGHT = 0.6
ANSWERED = 0.58
MIN_COVERAGE = 0.2
COORDINATION = 3
BM25_B, BM25_K1 = 0.75, 1.2  # Whoosh's BM25F defaults
TITLE_BOOST = 1.0
ABSENT_NOUN = 0.6
ABSENT_OTHER = 0.1

# Bounds of the per-build caches. The term-weight cache is the one a query can
# fill: each never-seen word adds a miss (~600 B with its bookkeeping), a real
# term its postings (12 B per document, in two arrays). 20 000 entries hold
# every term of a 10 000-document corpus's resident-style queries for hours;
# 64 MB is about 5 million postings, and it caps a service well below its
# per-thread searchers' cost. A bigger index has longer postings: the bound
# grows by WEIGHT_BYTES_PER_DOCUMENT above 32 768 documents (200 MB at 100 000,
# where the 262 queries of bench/search_bench.py need 121 MB and a 64 MB
# cache re-read evicted postings on every repeated query: p95 57 ms, not 26).
WEIGHT_ENTRIES = 20_000
WEIGHT_BYTES = 64 * 1024 * 1024
WEIGHT_BYTES_PER_DOCUMENT = 2048
# Open searchers per build. Queries are CPU-bound under the GIL: on 2 cores
# 8 server threads gave no throughput over 1, while each open searcher cost
# ~65 MB at 10 000 documents. Requests beyond this wait for a free one.
SEARCHERS = 2

# Every Build not yet garbage-collected (the tests check that a switch frees
# the old one: nothing may keep it alive).
BUILDS_ALIVE: weakref.WeakSet = weakref.WeakSet()


@dataclass(frozen=True)
class Limits:
    """Bounds of one SearchIndex's caches (the defaults are the constants above)."""

    weight_entries: int = WEIGHT_ENTRIES
    weight_bytes: int | None = None  # None: by the build's size (weight_budget)
    searchers: int = SEARCHERS


@dataclass
class Request:
    """A search request, already cleaned of hostile input."""

    q: str = ""
    kategoria: str = ""
    podmiot: str = ""
    rodzaj: str = ""
    rok: int | None = None
    archiwum: str = ""
    strona: int = 1
    notes: list[str] = field(default_factory=list)


@dataclass
class Match:
    """Where one query word is found, one value per document of the build.

    Arrays over all documents (numpy): summing a word's weights over
    10 000 documents is one step, not 10 000 dictionary updates.
    """

    weights: np.ndarray  # float: the word's weight, 0 where it is absent
    found: np.ndarray  # bool: the word is in the document
    titled: np.ndarray  # bool: the word is in its title
    via: dict[str, np.ndarray]  # official term → documents only it found

    @classmethod
    def empty(cls, size: int) -> Match:
        """A word found nowhere among `size` documents."""
        return cls(np.zeros(size), np.zeros(size, bool), np.zeros(size, bool), {})


@dataclass
class Scored:
    """A query's score and coverage per document, what it found, and through what."""

    scores: np.ndarray
    coverage: np.ndarray
    found: np.ndarray
    covered: dict[str, np.ndarray]  # thesaurus term → documents it found
    present: np.ndarray | None = None  # bool, query word × document


@dataclass
class Ranked:
    """One run of a query: total, page shown, its results, thesaurus terms used."""

    total: int
    page: int
    results: list[dict]
    expanded: list[str]


@dataclass
class Answer:
    """What a search returns, as plain data (also the JSON shape)."""

    query: str
    total: int
    page: int
    pages: int
    results: list[dict]
    suggestion: str | None = None
    expanded: list[str] = field(default_factory=list)  # thesaurus terms used

    def as_json(self) -> dict:
        """The public JSON variant."""
        data = asdict(self)
        del data["pages"]
        return data


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_request(params: dict[str, str]) -> Request:
    """Turn raw GET parameters into a safe Request, noting what was changed."""
    request, notes = Request(), []
    q = CONTROL.sub(" ", params.get("q", "")).strip()
    if len(q) > MAX_QUERY:
        q = q[:MAX_QUERY]
        notes.append(f"Zapytanie skrócono do {MAX_QUERY} znaków.")
    q, cut = _first_words(" ".join(q.split()), MAX_WORDS)
    if cut:
        notes.append(f"Szukamy tylko pierwszych {MAX_WORDS} słów zapytania.")
    request.q = q
    for name in ("kategoria", "podmiot", "rodzaj"):
        value = CONTROL.sub("", params.get(name, "")).strip()[:100]
        setattr(request, name, value)
    request.rok = _int(params.get("rok"), 1900, 2999)
    request.strona = _int(params.get("strona"), 1, MAX_PAGE) or 1
    archive = params.get("archiwum", "")
    request.archiwum = archive if archive in ARCHIVE_CHOICES else ""
    request.notes = notes
    return request


def _first_words(q: str, limit: int) -> tuple[str, bool]:
    """The query up to its `limit`-th searched word, and whether it was cut.

    >>> _first_words("uchwała w sprawie budżetu gminy", 3)
    ('uchwała w sprawie budżetu', True)
    """
    counted = 0
    for match in WORD.finditer(q):
        counted += fold(match.group()) not in STOP_WORDS
        if counted > limit:
            return q[: match.start()].rstrip(), True
    return q, False


def _int(value: str | None, low: int, high: int) -> int | None:
    if value is None or not value.strip().isdigit() or len(value.strip()) > 6:
        return None
    number = int(value)
    return number if low <= number <= high else None


class SearcherPool:
    """At most `size` open Whoosh searchers of one build, each lent to one request.

    Whoosh searchers are not shared between threads. Per-thread searchers grew
    with the server's thread count and kept an old build open in every idle
    thread; a pool holds at most `size`, and closing it (on a switch) closes
    the idle ones at once and the lent ones when they come back.
    """

    def __init__(self, ix, size: int) -> None:
        self._ix = ix
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: list = []
        self._closed = False
        self.open = 0  # searchers open now, idle or lent

    @contextlib.contextmanager
    def searcher(self) -> Iterator:
        """Lend a searcher (opening one costs ~2 ms), waiting if all are lent."""
        with self._slots:
            with self._lock:
                searcher = self._idle.pop() if self._idle else None
            if searcher is None:
                searcher = self._ix.searcher()
                with self._lock:
                    self.open += 1
            try:
                yield searcher
            finally:
                with self._lock:
                    keep = not self._closed
                    self._idle += [searcher] if keep else []
                    self.open -= not keep
                if not keep:
                    searcher.close()

    def close(self) -> None:
        """Close idle searchers now and lent ones when they are given back."""
        with self._lock:
            self._closed, idle, self._idle = True, self._idle, []
            self.open -= len(idle)
        for searcher in idle:
            searcher.close()


class Build:
    """One index build and all that is derived from it, dropped together.

    A request takes the current Build once and uses only it, so a switch in
    the middle of a request never mixes two builds' weights or documents.
    """

    def __init__(self, folder: Path, limits: Limits) -> None:
        self.folder = folder
        self.target = folder.name
        self.vocabulary: dict[str, list[str]] = _json(folder / VOCABULARY)
        self.spelled: dict[str, str] = _json(folder / SPELLED)
        self.derived: dict[str, list[str]] = _json(folder / DERIVED)
        self.thesaurus = Thesaurus(_json(folder / THESAURUS))
        self.shell = (folder / SHELL).read_text(encoding="utf-8")
        self.facets: dict[str, list] = _json(folder / FACETS)
        self.by_letter = _by_first_letter(self.vocabulary)
        self.searchers = SearcherPool(
            index.open_dir(str(folder), readonly=True), limits.searchers
        )
        self._lengths: dict[str, np.ndarray] = {}  # one array per ranked field
        self._lock = threading.Lock()
        self._average: dict[str, float] = {}  # of each ranked field, live documents
        with self.searchers.searcher() as searcher:
            self.size = searcher.doc_count_all()  # deleted ones too (updated index)
            self.alive = self._mask(set(searcher.reader().all_doc_ids()))
            self.live = int(self.alive.sum())
            self.archived = self._mask(_docs(searcher, Term("archived", True)))
            self.ties = _tie_order(searcher, self.size)
        self.weights: LRUCache[Postings] = LRUCache(
            limits.weight_entries, limits.weight_bytes or weight_budget(self.size)
        )
        BUILDS_ALIVE.add(self)

    def run(self, searcher, q: str, request: Request) -> Ranked:
        """The documents a query answers, ranked, and the page asked for.

        Matching and ranking are arithmetic on cached posting lists: each
        query word's documents with its BM25F weight (Whoosh's own scorer,
        computed once per term and build), weighed by how much of the query
        a document covers. Whoosh's collector, which scores every posting
        through Python matchers, took 3 to 6 times longer on 10 000 documents.
        """
        query = interpret(q, self.vocabulary, self.derived, self.thesaurus)
        scored = self._scores(searcher, query, q)
        matched = scored.found & self._mask(_docs(searcher, _filters(request)))
        if request.archiwum == "":
            matched &= ~self.archived
        matched = _answering(matched, scored.coverage)
        docs = np.flatnonzero(matched)
        if not len(docs):
            return Ranked(0, 1, [], [])
        page = min(request.strona, -(-len(docs) // PAGE_SIZE))
        top = _best(docs, scored.scores[docs], self.ties[docs], page * PAGE_SIZE)
        top = top[(page - 1) * PAGE_SIZE :]
        wanted = frozenset(t for word in query for t in word.terms)
        results = [
            _result(
                searcher.stored_fields(int(doc)), wanted, _missing(query, scored, doc)
            )
            for doc in top
        ]
        used = [term for term, found in scored.covered.items() if found[matched].any()]
        return Ranked(len(docs), page, results, used)

    def _mask(self, docs: set[int] | None) -> np.ndarray:
        """The documents of a set as a mask; None (no filter) is every one."""
        if docs is None:
            return np.ones(self.size, bool)
        mask = np.zeros(self.size, bool)
        mask[list(docs)] = True
        return mask

    def _scores(self, searcher, query: list[Word], q: str) -> Scored:
        """Each document's score and coverage; what each thesaurus term found.

        A document found by its number covers the whole query. With no
        meaningful word, every document answers (an empty search lists them
        all, newest first: see _tie_order).
        """
        numbers = [self.weights_of(searcher, "number", n) for n in _numbers(q)]
        if not query:
            listed = numbers or [self.weights_of(searcher, "", "")]
            scored = Scored(
                np.zeros(self.size), np.ones(self.size), np.zeros(self.size, bool), {}
            )
        else:
            scored = self._ranked(searcher, query)
            listed = numbers
        for postings in listed:
            scored.scores[postings.ids] += postings.weights
            scored.coverage[postings.ids] = 1.0
            scored.found[postings.ids] = True
        return scored

    def _ranked(self, searcher, query: list[Word]) -> Scored:
        """The meaningful words' scores, coverage and thesaurus finds."""
        found = [self._word(searcher, word) for word in query]
        rarity = [
            self._rarity(searcher, word, match.found)
            for word, match in zip(query, found, strict=True)
        ]
        present = np.array([match.found for match in found])
        titles = np.array([match.titled for match in found])
        coverage, titled = _shares(present, titles, rarity)
        weights = np.sum([match.weights for match in found], axis=0)
        scores = weights * coverage**COORDINATION * (1 + TITLE_BOOST * titled)
        covered: dict[str, np.ndarray] = {}
        for match in found:
            for term, docs in match.via.items():
                covered[term] = covered[term] | docs if term in covered else docs
        return Scored(scores, coverage, coverage > 0, covered, present)

    def _word(self, searcher, word: Word) -> Match:
        """A query word's documents, weights, titles and thesaurus-only finds."""
        match = Match.empty(self.size)
        for terms_, factor in ((word.exact, 1.0), (word.derived, DERIVED_WEIGHT)):
            for term in terms_:
                self._add(searcher, match, term, factor)
        for phrase, official in zip(word.phrases, word.official, strict=True):
            within = self._phrase(searcher, phrase)
            found = np.zeros(self.size, bool)
            found[within.ids] = True
            match.via[official] = found & ~match.found
            match.titled[within.titled] = True
            match.weights[within.ids] += SYNONYM_WEIGHT * within.weights
            match.found |= found
        return match

    def _add(self, searcher, match: Match, term: str, factor: float) -> None:
        """A term's weight in text and title, times `factor`, onto each document."""
        both = self._term(searcher, term)
        match.weights[both.ids] += factor * both.weights
        match.found[both.ids] = True
        match.titled[both.titled] = True

    def _term(self, searcher, term: str) -> Postings:
        """A term's documents, its text weight plus title weight, its titles.

        Kept as one entry of the weight cache: a long posting list is
        scattered once per query, not twice with a search between.
        """
        key = ("+", term)
        found = self.weights.get(key)
        if found is None:
            text = self.weights_of(searcher, "text", term, keep=False)
            title = self.weights_of(searcher, "title", term, keep=False)
            weights = text.weights.copy()
            at, also = _places(title.ids, text.ids)  # title weight where text has it
            weights[at[also]] += title.weights[also]
            found = Postings(text.ids, weights, title.ids)
            self.weights.put(key, found, postings_bytes(key, found))
        return found

    def _phrase(self, searcher, phrase: tuple[frozenset[str], ...]) -> Postings:
        """Documents with every word of an official term (any of its lemmas).

        An official term's documents depend on nothing but the term: kept in
        the weight cache, since the same terms come back with every query on
        their topic (a phrase of common words cost half of a query's time at
        100 000 documents).
        """
        key = ("phrase", phrase)
        kept = self.weights.get(key)
        if kept is not None:
            return kept
        per_word = []
        for alternatives in phrase:
            match = Match.empty(self.size)
            for term in alternatives:
                self._add(searcher, match, term, 1.0)
            per_word.append(match)
        if per_word:
            common = np.flatnonzero(np.logical_and.reduce([m.found for m in per_word]))
            weights = np.sum([m.weights[common] for m in per_word], axis=0)
            titled = np.logical_and.reduce([m.titled for m in per_word])
            found = Postings(common.astype(np.int32), weights, np.flatnonzero(titled))
        else:
            found = Postings(NO_DOCUMENTS, np.zeros(0))
        self.weights.put(key, found, postings_bytes(key, found))
        return found

    def _rarity(self, searcher, word: Word, docs: np.ndarray) -> float:
        """How much a word says: the idf of its rarest exact term in the corpus.

        A word the corpus lacks but reaches through a derived word or the
        thesaurus counts by those documents. A word found nowhere is a
        noun the site may not hold (ABSENT_NOUN of the rarest possible
        weight: "żłobka" in "zapisy do żłobka") or the verb or adverb a
        resident asks with (ABSENT_OTHER: "kosztuje", "darmo").
        """
        found = [len(self._term(searcher, t).ids) for t in word.exact]
        if any(found):
            return max(idf(self.live, n) for n in found if n)
        if docs.any():
            return idf(self.live, int(docs.sum()))
        share = ABSENT_NOUN if naming(word.text) else ABSENT_OTHER
        return share * idf(self.live, 0)

    def weights_of(
        self, searcher, field_name: str, text: str, keep: bool = True
    ) -> Postings:
        """Each document that contains a term, with the term's BM25F weight.

        Kept (unless not `keep`) in the build's LRU cache, shared by all
        threads and never changed once stored; a term no document has is
        kept too (empty), costing its key. `field_name` "" lists every
        document.
        """
        key = (field_name, text)
        found = self.weights.get(key)
        if found is not None:
            return found
        if not field_name:
            ids = np.fromiter(searcher.reader().all_doc_ids(), np.int32)
            found = Postings(ids, np.zeros(len(ids)))
        else:
            lengths = self._field_lengths(searcher, field_name)
            found = _term_weights(
                searcher.reader(),
                (field_name, text),
                lengths,
                self.live,
                self._average[field_name],
            )
        if keep:
            self.weights.put(key, found, postings_bytes(key, found))
        return found

    def _field_lengths(self, searcher, field_name: str) -> np.ndarray:
        """Length of a ranked field in each document, read once per build.

        The average is over the live documents, from these lengths (as
        Whoosh stores them, to a byte): deleted documents of an updated
        index count nowhere, so it ranks as a full build of the same
        documents does.
        """
        if field_name not in RANKED_FIELDS:
            raise ValueError(f"not a ranked field: {field_name}")
        with self._lock:
            if field_name not in self._lengths:
                lengths = np.array(
                    [
                        searcher.doc_field_length(doc, field_name, 1)
                        for doc in range(self.size)
                    ],
                    dtype=np.float64,
                )
                # A document without the field (no number) has no length
                # (nan): it counts as 0, as in Whoosh's own average.
                live = np.nan_to_num(lengths[self.alive])
                self._average[field_name] = float(live.mean()) if len(live) else 1.0
                self._lengths[field_name] = lengths
            return self._lengths[field_name]

    def suggest(self, q: str) -> str | None:
        """'Czy chodziło o': each word that is no word, as the closest written form.

        A word of the documents or of the dictionary is never corrected,
        even when the documents lack it; the correction is spelt as the
        documents spell it, with its Polish letters.
        """
        changed, out = False, []
        for word in words(q):
            folded = fold(word)
            if folded in self.vocabulary or len(word) < 4 or not word.isalpha():
                out.append(word)
                continue
            if known(word):
                out.append(word)
                continue
            candidates = [
                form
                for form in self.by_letter.get(folded[0], ())
                if abs(len(form) - len(folded)) <= 2
            ]
            close = difflib.get_close_matches(folded, candidates, n=1, cutoff=0.75)
            changed |= bool(close)
            out.append(self.spelled.get(close[0], close[0]) if close else word)
        return " ".join(out) if changed else None

    def close(self) -> None:
        """Stop lending searchers of this build (it is no longer current)."""
        self.searchers.close()


class SearchIndex:
    """The live index; a new Build is opened when a new one is switched in."""

    def __init__(self, root: Path, limits: Limits | None = None) -> None:
        self.root = root
        self.limits = limits or Limits()
        self._lock = threading.Lock()
        self._build: Build | None = None

    def refresh(self) -> Build:
        """The current build, opened if it changed since the last request."""
        target = os.readlink(self.root / CURRENT)
        build = self._build
        if build is not None and build.target == target:
            return build
        with self._lock:
            old = self._build
            if old is not None and old.target == target:
                return old  # another request opened it meanwhile
            self._build = build = Build(self.root / target, self.limits)
            if old is not None:
                old.close()
            return build

    @property
    def vocabulary(self) -> dict[str, list[str]]:
        """Known word forms of the current build."""
        return self.refresh().vocabulary

    @property
    def shell(self) -> str:
        """The results page of the current build (the site's theme)."""
        return self.refresh().shell

    @property
    def facets(self) -> dict[str, list]:
        """Filter choices of the current build."""
        return self.refresh().facets

    def search(self, request: Request) -> Answer:
        """Run a cleaned request; with misspelt words, maybe their correction.

        When a word is neither in the documents nor in the dictionary and its
        closest written form gives results, the answer carries those
        results and the corrected query in `suggestion` ("Pokazujemy wyniki
        dla: …"); a correction that finds nothing is never shown.
        """
        build = self.refresh()
        with build.searchers.searcher() as searcher:
            ranked = build.run(searcher, request.q, request)
            suggestion = build.suggest(request.q) if request.q else None
            if suggestion:
                corrected = build.run(searcher, suggestion, request)
                if corrected.total:
                    ranked = corrected
                else:
                    suggestion = None
        pages = -(-ranked.total // PAGE_SIZE)
        return Answer(
            request.q,
            ranked.total,
            ranked.page,
            pages,
            ranked.results,
            suggestion,
            ranked.expanded,
        )

    def suggest(self, q: str) -> str | None:
        """'Czy chodziło o' on the current build."""
        return self.refresh().suggest(q)

    def stats(self) -> dict[str, object]:
        """What the caches hold now (for tests, the soak bench and IT)."""
        build = self.refresh()
        return {
            "build": build.target,
            "builds_alive": sum(b.folder.parent == self.root for b in BUILDS_ALIVE),
            "weight_entries": len(build.weights),
            "weight_bytes": build.weights.bytes,
            "searchers_open": build.searchers.open,
            "length_fields": len(build._lengths),
            **analysis_cache_sizes(),
        }


def _shares(
    present: np.ndarray, titles: np.ndarray, rarity: list[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Each document's share of the query's meaning, in all and in its title.

    `present` and `titles` say, per query word and document, whether the
    word is in the document and in its title.
    """
    shares = np.array(rarity) / sum(rarity)
    return shares @ present.astype(np.float64), shares @ titles.astype(np.float64)


def _missing(query: list[Word], scored: Scored, doc: int) -> list[str]:
    """The query's words, as typed, that a listed document does not hold.

    Shown under the result ("W dokumencie nie ma: …"), so a resident sees a
    partial match for what it is. Nothing for a document found by its number
    or when no word was searched.
    """
    if scored.present is None or scored.coverage[doc] >= 1 - 1e-9:
        return []
    return [
        word.text
        for word, there in zip(query, scored.present[:, doc], strict=True)
        if not there
    ]


def _places(ids: np.ndarray, sorted_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `ids` is in `sorted_ids` (ascending), and which are there.

    >>> _places(np.array([3, 4, 9]), np.array([1, 3, 9]))
    (array([1, 2, 2]), array([ True, False,  True]))
    """
    at = np.searchsorted(sorted_ids, ids)
    inside = at < len(sorted_ids)
    inside[inside] = sorted_ids[at[inside]] == ids[inside]
    return at, inside


def _best(
    docs: np.ndarray, scores: np.ndarray, ties: np.ndarray, count: int
) -> np.ndarray:
    """The `count` best documents in order: higher score, then tie order.

    Only the documents scoring at least the count-th best score are sorted
    (all of them when fewer): the same first `count` as sorting every match,
    without sorting 100 000 of them for a page of ten.
    """
    if len(docs) > count:
        floor = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= floor
        docs, scores, ties = docs[keep], scores[keep], ties[keep]
    return docs[np.lexsort((ties, -scores))][:count]


def _answering(docs: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """The documents that answer: none unless one covers ANSWERED of the query.

    Judged among the documents the filters and the archive leave, so a
    query answered only by an archived document answers nothing.
    """
    if not docs.any() or coverage[docs].max() < ANSWERED - 1e-9:
        return np.zeros_like(docs)
    return docs & (coverage >= MIN_COVERAGE - 1e-9)


def weight_budget(documents: int) -> int:
    """The term-weight cache's bound in bytes for a build of `documents`.

    >>> weight_budget(10_000) == WEIGHT_BYTES, weight_budget(100_000) >> 20
    (True, 195)
    """
    return max(WEIGHT_BYTES, WEIGHT_BYTES_PER_DOCUMENT * documents)


def _json(path: Path) -> Any:
    """A JSON file of the build."""
    return json.loads(path.read_text(encoding="utf-8"))


def _by_first_letter(vocabulary: dict[str, list[str]]) -> dict[str, list[str]]:
    """Known word forms grouped by first letter (typos rarely change it)."""
    groups: dict[str, list[str]] = {}
    for form in vocabulary:
        groups.setdefault(form[0], []).append(form)
    return groups


def idf(live: int, found: int) -> float:
    """Whoosh's inverse document frequency, over the live documents only.

    Whoosh's own counts a deleted document of an updated index until its
    segment is merged; this one ranks an updated index as a full build.
    """
    return math.log(live / (found + 1)) + 1 if live else 1.0


def _term_weights(
    reader, term: tuple[str, str], lengths: np.ndarray, live: int, average: float
) -> Postings:
    """The term's documents and BM25F weights from one pass over its postings.

    `lengths` are the field's length per document and `average` their mean
    over the live documents, read once per build; the weights are Whoosh's
    own BM25 formula over whole arrays, with Whoosh's B and K1. Postings
    never list a deleted document.
    """
    docs, frequencies = postings(reader, term)
    weights = bm25(
        idf(live, len(docs)),
        frequencies,
        lengths[docs],
        average or 1.0,
        BM25_B,
        BM25_K1,
    )
    return Postings(docs, weights)


def postings(reader, term: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """A term's live documents and frequencies, read a block at a time.

    Whoosh's matcher hands out one posting per four Python calls (is_active,
    id, weight, next), and its block reader decodes document numbers one by
    one in a generator. Its leaf matcher (codec whoosh3, pinned in
    requirements.txt) keeps each block (indexer.BLOCK_POSTINGS postings) as a
    pickled tuple of number gaps and one of frequencies: read here whole.
    Any other matcher is read posting by posting (`tests/test_search_update.py`
    checks both give the same on an updated index). Deleted documents are
    dropped as Whoosh's own FilterMatcher drops them.
    """
    ids: list[np.ndarray] = []
    frequencies: list[np.ndarray] = []
    for leaf, base in reader.leaf_readers():
        if term not in leaf:
            continue
        matcher, deleted = leaf.postings(*term), None
        if isinstance(matcher, FilterMatcher) and matcher._exclude:
            matcher, deleted = matcher.child, matcher._ids
        read = _blocks if isinstance(matcher, W3LeafMatcher) else _one_by_one
        block_ids, block_frequencies = read(matcher)
        if deleted:
            keep = ~np.isin(block_ids, np.fromiter(deleted, np.int64))
            block_ids, block_frequencies = block_ids[keep], block_frequencies[keep]
        ids.append(block_ids + base)
        frequencies.append(block_frequencies)
    if not ids:
        return np.zeros(0, np.int32), np.zeros(0)
    return np.concatenate(ids).astype(np.int32), np.concatenate(frequencies)


def _blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """Every posting of a whoosh3 leaf matcher, from its blocks' data."""
    ids: list[np.ndarray] = []
    frequencies: list[np.ndarray] = []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        gaps, weights = matcher._data[0], matcher._data[1]
        size = matcher._blocklength
        ids.append(np.cumsum(np.array(gaps, np.int64)))
        if weights is None or isinstance(weights, float):  # all 1.0 or all equal
            frequencies.append(np.full(size, 1.0 if weights is None else weights))
        else:
            frequencies.append(np.array(weights, np.float64))
        matcher._next_block()
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(ids), np.concatenate(frequencies)


def _one_by_one(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Every posting of any Whoosh matcher, through its public calls."""
    ids, frequencies = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        frequencies.append(matcher.weight())
        matcher.next()
    return np.array(ids, np.int64), np.array(frequencies, np.float64)


def _tie_order(searcher, size: int) -> np.ndarray:
    """Each document's place among equal scores: newest first, then by address.

    Not the document number: an updated index numbers a changed document
    after all others, and must rank as a full build of the same documents.
    """
    reader = searcher.reader()
    dates = list(reader.column_reader("date", translate=False))
    urls = list(reader.column_reader("url", translate=False))
    ranked = sorted(range(size), key=lambda doc: (-dates[doc], urls[doc]))
    order = np.empty(size, np.int64)
    order[ranked] = np.arange(size)
    return order


def _numbers(q: str) -> list[str]:
    """Index terms of the document numbers typed in a query."""
    return [number_terms(m.group())[0] for m in NUMBER.finditer(q)]


def _filters(request: Request) -> Query | None:
    """Documents the request is limited to (the archive is masked separately)."""
    terms: list[Query] = []
    if request.kategoria:
        terms.append(Term("categories", request.kategoria))
    for field_name, value in (("publisher", request.podmiot), ("kind", request.rodzaj)):
        if value:
            terms.append(Term(field_name, value))
    if request.rok:
        terms.append(Term("year", request.rok))
    if request.archiwum == "tak":
        terms.append(Term("archived", True))
    return And(terms) if terms else None


def _docs(searcher, query: Query | None) -> set[int] | None:
    """Document numbers matching a filter, as a plain set.

    Whoosh turns a filter query into a BitSet whose truth test scans every
    byte, and the collector tests it once per hit: 10 000 documents cost
    ~9 million steps a query. A set's truth test is constant.
    """
    return None if query is None else set(searcher.docs_for_query(query))


def _result(hit, wanted: frozenset[str], missing: list[str]) -> dict:
    return {
        "url": hit["url"],
        "title": hit["title"],
        "snippet": snippet(hit["body"], wanted),
        "category": hit["category_name"],
        "kind": hit["kind"],
        "number": hit["number"],
        "date": hit["date"].date().isoformat(),
        "archived": hit["archived"],
        "missing": missing,
    }


SNIPPET = 220  # characters shown around the first match


def snippet(text: str, wanted: frozenset[str]) -> str:
    """Escaped excerpt around the first word that matched, matches in <mark>.

    >>> snippet("Wniosek o zasiłek celowy składa się w MOPS.", frozenset({"zasilek"}))
    'Wniosek o <mark>zasiłek</mark> celowy składa się w MOPS.'
    """
    matches = (m for m in WORD.finditer(text) if wanted.intersection(terms(m.group())))
    first = next(matches, None)  # stop reading at the first match
    start = max(0, first.start() - 60) if first else 0
    end = min(len(text), start + SNIPPET)
    if start:  # begin at a word boundary
        start = text.find(" ", start) + 1 or start
    spans = [
        m.span()
        for m in WORD.finditer(text, start, end)
        if wanted.intersection(terms(m.group()))
    ]
    parts, position = [], start
    for begin, finish in spans:
        if begin < start or finish > end:
            continue
        parts += [
            escape(text[position:begin]),
            f"<mark>{escape(text[begin:finish])}</mark>",
        ]
        position = finish
    parts.append(escape(text[position:end]))
    return ("… " if start else "") + "".join(parts) + (" …" if end < len(text) else "")
