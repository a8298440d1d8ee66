"""Answer a resident's query from the current index (read-only, no Pelican).

Queries never reach Whoosh's query parser: words are analysed by the same
module as the index and combined here, so operators, quotes and field names
typed by a resident are plain words and cannot break the search.
"""

from __future__ import annotations

import contextlib
import difflib
import heapq
import json
import os
import re
import threading
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path

from whoosh import index
from whoosh.query import And, Query, Term

from .analysis import (
    NUMBER,
    STOP_WORDS,
    WORD,
    analysis_cache_sizes,
    fold,
    number_terms,
    query_terms,
    terms,
    words,
)
from .caches import LRUCache, postings_bytes
from .indexer import CURRENT, FACETS, SHELL, VOCABULARY

# Limits of a request (README, "Jak działa wyszukiwarka", lists them for IT).
MAX_QUERY = 300  # characters of a query that are read
MAX_WORDS = 12  # words of a query that are searched (stop words not counted)
MAX_PAGE = 1000  # highest page number; a higher one shows the first page
PAGE_SIZE = 10
ARCHIVE_CHOICES = ("", "tak", "wszystkie")
RANKED_FIELDS = ("text", "title", "number")

# Bounds of the per-build caches. The term-weight cache is the one a query can
# fill: each never-seen word adds a miss (~450 B with its bookkeeping), a real
# term its postings (~100 B per document). 20 000 entries hold every term of
# a 10 000-document corpus's resident-style queries for hours; 64 MB is about
# 600 000 postings, what the old 1 000 000-posting limit held in practice
# before it emptied itself, and it caps a service at 30 000 documents well
# below its per-thread searchers' cost.
WEIGHT_ENTRIES = 20_000
WEIGHT_BYTES = 64 * 1024 * 1024
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
    weight_bytes: int = WEIGHT_BYTES
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
class Answer:
    """What a search returns, as plain data (also the JSON shape)."""

    query: str
    total: int
    page: int
    pages: int
    results: list[dict]
    suggestion: str | None = None
    partial: bool = False  # no document had every word; these have most

    def as_json(self) -> dict:
        """The public JSON variant."""
        data = asdict(self)
        del data["pages"], data["partial"]
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
        self.vocabulary: dict[str, list[str]] = json.loads(
            (folder / VOCABULARY).read_text(encoding="utf-8")
        )
        self.shell = (folder / SHELL).read_text(encoding="utf-8")
        self.facets: dict[str, list] = json.loads(
            (folder / FACETS).read_text(encoding="utf-8")
        )
        self.by_letter = _by_first_letter(self.vocabulary)
        self.searchers = SearcherPool(
            index.open_dir(str(folder), readonly=True), limits.searchers
        )
        self.weights: LRUCache[dict[int, float]] = LRUCache(
            limits.weight_entries, limits.weight_bytes
        )
        self._lengths: dict[str, list[int]] = {}  # one list per ranked field
        self._lock = threading.Lock()
        with self.searchers.searcher() as searcher:
            self.archived = _docs(searcher, Term("archived", True)) or set()
        BUILDS_ALIVE.add(self)

    def run(
        self, searcher, q: str, request: Request, *, partial: bool = False
    ) -> tuple[int, int, list[dict]]:
        """(total, page shown, results of that page).

        Matching is set algebra on cached posting lists; ranking sums each
        query term's BM25F weight (Whoosh's own scorer, computed once per term
        and build) over the matched documents only. Whoosh's collector, which
        scores every posting through Python matchers, took 3 to 6 times longer
        on 10 000 documents.
        """
        alternatives = self.alternatives(q)
        matched = self._matching(searcher, alternatives, q, partial=partial)
        allowed = _docs(searcher, _filters(request))
        if allowed is not None:
            matched &= allowed
        if request.archiwum == "":
            matched -= self.archived
        if not matched:
            return 0, 1, []
        page = min(request.strona, -(-len(matched) // PAGE_SIZE))
        weights = [
            self.weights_of(searcher, field_name, text)
            for field_name, text in _ranking_terms(alternatives, q)
        ]
        top = heapq.nsmallest(
            page * PAGE_SIZE,
            matched,
            key=lambda doc: (-sum(w.get(doc, 0.0) for w in weights), doc),
        )[(page - 1) * PAGE_SIZE :]
        wanted = self.wanted(q)
        return (
            len(matched),
            page,
            [_result(searcher.stored_fields(doc), wanted) for doc in top],
        )

    def weights_of(self, searcher, field_name: str, text: str) -> dict[int, float]:
        """Each document that contains a term, with the term's BM25F weight.

        Kept in the build's LRU cache, shared by all threads and never changed
        once stored; a term no document has is kept too (as {}), costing its
        key. `field_name` "" lists every document.
        """
        key = (field_name, text)
        found = self.weights.get(key)
        if found is not None:
            return found
        if not field_name:
            found = dict.fromkeys(searcher.reader().all_doc_ids(), 0.0)
        else:
            lengths = self._field_lengths(searcher, field_name)
            found = _term_weights(searcher, field_name, text, lengths)
        self.weights.put(key, found, postings_bytes(key, found))
        return found

    def _field_lengths(self, searcher, field_name: str) -> list[int]:
        """Length of a ranked field in each document, read once per build."""
        if field_name not in RANKED_FIELDS:
            raise ValueError(f"not a ranked field: {field_name}")
        with self._lock:
            if field_name not in self._lengths:
                self._lengths[field_name] = [
                    searcher.doc_field_length(doc, field_name, 1)
                    for doc in range(searcher.doc_count_all())
                ]
            return self._lengths[field_name]

    def _matching(
        self, searcher, alternatives: list[list[str]], q: str, *, partial: bool
    ) -> set[int]:
        """Every document the query matches (before filters), as a set."""
        if not alternatives:
            return set(self.weights_of(searcher, "", ""))
        per_word = [
            set().union(*(self.weights_of(searcher, "text", t) for t in terms_))
            for terms_ in alternatives
        ]
        if partial:  # all words but one
            counts = Counter(doc for docs in per_word for doc in docs)
            matched = {doc for doc, n in counts.items() if n >= len(per_word) - 1}
        else:
            matched = set.intersection(*per_word)
        for number in _numbers(q):
            matched |= self.weights_of(searcher, "number", number).keys()
        return matched

    def wanted(self, q: str) -> frozenset[str]:
        """Index terms of the query, for marking them in snippets."""
        return frozenset(t for w in words(q) for t in query_terms(w, self.vocabulary))

    def alternatives(self, q: str) -> list[list[str]]:
        """Index terms each query word may stand for (at most MAX_WORDS words)."""
        return [query_terms(w, self.vocabulary) for w in list(words(q))[:MAX_WORDS]]

    def suggest(self, q: str) -> str | None:
        """'Czy chodziło o': replace unknown words by the closest known form."""
        changed, out = False, []
        for word in words(q):
            if fold(word) in self.vocabulary or len(word) < 4 or not word.isalpha():
                out.append(word)
                continue
            folded = fold(word)
            candidates = [
                form
                for form in self.by_letter.get(folded[0], ())
                if abs(len(form) - len(folded)) <= 2
            ]
            close = difflib.get_close_matches(folded, candidates, n=1, cutoff=0.75)
            changed |= bool(close)
            out.append(close[0] if close else word)
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
            if old is None or old.target != target:
                self._build = Build(self.root / target, self.limits)
                if old is not None:
                    old.close()
            return self._build

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
        """Run a cleaned request; with no hits, retry the closest spelling.

        When the retry finds something, the answer carries those results and
        the corrected query in `suggestion` ("Pokazujemy wyniki dla: …").
        """
        build = self.refresh()
        with build.searchers.searcher() as searcher:
            total, page, results = build.run(searcher, request.q, request)
            partial, suggestion = False, None
            if total == 0 and len(list(words(request.q))) > 2:
                total, page, results = build.run(
                    searcher, request.q, request, partial=True
                )
                partial = total > 0
            if total == 0 and request.q:
                suggestion = build.suggest(request.q)
            if suggestion:
                total, page, results = build.run(searcher, suggestion, request)
        pages = -(-total // PAGE_SIZE)
        return Answer(request.q, total, page, pages, results, suggestion, partial)

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


def _by_first_letter(vocabulary: dict[str, list[str]]) -> dict[str, list[str]]:
    """Known word forms grouped by first letter (typos rarely change it)."""
    groups: dict[str, list[str]] = {}
    for form in vocabulary:
        groups.setdefault(form[0], []).append(form)
    return groups


def _term_weights(
    searcher, field_name: str, text: str, lengths: list[int]
) -> dict[int, float]:
    """{document: BM25F weight of the term} from one pass over its postings.

    `lengths` are the field's length per document, read once per build:
    looking each one up through the scorer made this 2.5 times slower.
    """
    reader = searcher.reader()
    if (field_name, text) not in reader:
        return {}
    weight = searcher.weighting.scorer(searcher, field_name, text)._score
    matcher = reader.postings(field_name, text)
    weights = {}
    while matcher.is_active():
        doc = matcher.id()
        weights[doc] = weight(matcher.weight(), lengths[doc])
        matcher.next()
    return weights


def _ranking_terms(alternatives: list[list[str]], q: str) -> list[tuple[str, str]]:
    """Terms whose weights add up to a document's score.

    The words in the text, the same words in the title (which rank a
    document higher but are not required), and typed document numbers.
    """
    found = [t for terms_ in alternatives for t in terms_]
    return (
        [("text", t) for t in found]
        + [("title", t) for t in found]
        + [("number", n) for n in _numbers(q)]
    )


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


def _result(hit, wanted: frozenset[str]) -> dict:
    return {
        "url": hit["url"],
        "title": hit["title"],
        "snippet": snippet(hit["body"], wanted),
        "category": hit["category_name"],
        "kind": hit["kind"],
        "number": hit["number"],
        "date": hit["date"].date().isoformat(),
        "archived": hit["archived"],
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
    for first, last in spans:
        if first < start or last > end:
            continue
        parts += [
            escape(text[position:first]),
            f"<mark>{escape(text[first:last])}</mark>",
        ]
        position = last
    parts.append(escape(text[position:end]))
    return ("… " if start else "") + "".join(parts) + (" …" if end < len(text) else "")
