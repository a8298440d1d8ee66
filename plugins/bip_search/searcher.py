"""Answer a resident's query from the current index (read-only, no Pelican).

Queries never reach Whoosh's query parser: words are analysed by the same
module as the index and combined here, so operators, quotes and field names
typed by a resident are plain words and cannot break the search.
"""

from __future__ import annotations

import difflib
import heapq
import json
import os
import re
import threading
from collections import Counter
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path

from whoosh import index
from whoosh.query import And, Query, Term

from .analysis import NUMBER, WORD, fold, number_terms, query_terms, terms, words
from .indexer import CURRENT, FACETS, SHELL, VOCABULARY

MAX_QUERY = 300  # characters of a query that are read
MAX_WORDS = 12
POSTINGS_CACHED = 1_000_000  # (document, weight) pairs kept in the term cache
MAX_PAGE = 1000
PAGE_SIZE = 10
ARCHIVE_CHOICES = ("", "tak", "wszystkie")


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
    request.q = " ".join(q.split())
    for name in ("kategoria", "podmiot", "rodzaj"):
        value = CONTROL.sub("", params.get(name, "")).strip()[:100]
        setattr(request, name, value)
    request.rok = _int(params.get("rok"), 1900, 2999)
    request.strona = _int(params.get("strona"), 1, MAX_PAGE) or 1
    archive = params.get("archiwum", "")
    request.archiwum = archive if archive in ARCHIVE_CHOICES else ""
    request.notes = notes
    return request


def _int(value: str | None, low: int, high: int) -> int | None:
    if value is None or not value.strip().isdigit() or len(value.strip()) > 6:
        return None
    number = int(value)
    return number if low <= number <= high else None


class SearchIndex:
    """The live index; reopened when a new build is switched in."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._target: str | None = None
        self._index = None
        self.vocabulary: dict[str, list[str]] = {}
        self.shell = ""
        self.facets: dict[str, list] = {}
        self._by_letter: dict[str, list[str]] = {}
        self._local = threading.local()  # one open searcher per server thread
        self._cache: dict[tuple[str | None, str, str], dict[int, float]] = {}
        self._cached = 0
        self._field_lengths: dict[tuple[str | None, str], list[int]] = {}

    def refresh(self) -> None:
        """Open the current build if it changed since the last request."""
        target = os.readlink(self.root / CURRENT)
        if target == self._target:
            return
        with self._lock:
            if target == self._target:
                return
            folder = self.root / target
            self._index = index.open_dir(str(folder), readonly=True)
            self.vocabulary = json.loads(
                (folder / VOCABULARY).read_text(encoding="utf-8")
            )
            self.shell = (folder / SHELL).read_text(encoding="utf-8")
            self._by_letter = _by_first_letter(self.vocabulary)
            self.facets = json.loads((folder / FACETS).read_text(encoding="utf-8"))
            self._target = target

    def search(self, request: Request) -> Answer:
        """Run a cleaned request; with no hits, retry the closest spelling.

        When the retry finds something, the answer carries those results and
        the corrected query in `suggestion` ("Pokazujemy wyniki dla: …").
        """
        self.refresh()
        total, page, results = self._run(request.q, request)
        partial, suggestion = False, None
        if total == 0 and len(list(words(request.q))) > 2:
            total, page, results = self._run(request.q, request, partial=True)
            partial = total > 0
        if total == 0 and request.q:
            suggestion = self.suggest(request.q)
        if suggestion:
            total, page, results = self._run(suggestion, request)
        pages = -(-total // PAGE_SIZE)
        return Answer(request.q, total, page, pages, results, suggestion, partial)

    def _run(
        self, q: str, request: Request, *, partial: bool = False
    ) -> tuple[int, int, list[dict]]:
        """(total, page shown, results of that page).

        Matching is set algebra on cached posting lists; ranking sums each
        query term's BM25F weight (Whoosh's own scorer, computed once per term
        and build) over the matched documents only. Whoosh's collector, which
        scores every posting through Python matchers, took 3 to 6 times longer
        on 10 000 documents.
        """
        searcher = self._searcher()
        alternatives = self._alternatives(q)
        matched = self._matching(searcher, alternatives, q, partial=partial)
        allowed = _docs(searcher, _filters(request))
        if allowed is not None:
            matched &= allowed
        if request.archiwum == "":
            matched -= self._local.archived
        if not matched:
            return 0, 1, []
        page = min(request.strona, -(-len(matched) // PAGE_SIZE))
        weights = [
            self._weights(searcher, field_name, text)
            for field_name, text in _ranking_terms(alternatives, q)
        ]
        top = heapq.nsmallest(
            page * PAGE_SIZE,
            matched,
            key=lambda doc: (-sum(w.get(doc, 0.0) for w in weights), doc),
        )[(page - 1) * PAGE_SIZE :]
        wanted = self._wanted(q)
        return (
            len(matched),
            page,
            [_result(searcher.stored_fields(doc), wanted) for doc in top],
        )

    def _searcher(self):
        """Searcher of this thread on the current build (opening one costs ~2 ms).

        Whoosh searchers are not shared between threads; an old build's
        searcher is closed when its thread first sees the new build.
        """
        local = self._local
        if getattr(local, "target", None) != self._target:
            if getattr(local, "searcher", None) is not None:
                local.searcher.close()
            local.searcher, local.target = self._index.searcher(), self._target
            local.archived = _docs(local.searcher, Term("archived", True))
        return local.searcher

    def _weights(self, searcher, field_name: str, text: str) -> dict[int, float]:
        """Each document that contains a term, with the term's BM25F weight.

        Kept for the build's lifetime and shared by all threads (never
        changed once stored); when the cache holds more than POSTINGS_CACHED
        documents in all, it starts again. `field_name` "" lists every document.
        """
        key = (self._target, field_name, text)
        found = self._cache.get(key)
        if found is None and not field_name:
            found = dict.fromkeys(searcher.reader().all_doc_ids(), 0.0)
        elif found is None:
            found = _term_weights(
                searcher, field_name, text, self._lengths(searcher, field_name)
            )
            self._cached += len(found)
            if self._cached > POSTINGS_CACHED:
                self._cache.clear()
                self._cached = len(found)
            self._cache[key] = found
        return found

    def _lengths(self, searcher, field_name: str) -> list[int]:
        """Length of a field in each document of the current build."""
        key = (self._target, field_name)
        if key not in self._field_lengths:
            self._field_lengths = {
                key: [
                    searcher.doc_field_length(doc, field_name, 1)
                    for doc in range(searcher.doc_count_all())
                ],
                **{k: v for k, v in self._field_lengths.items() if k[0] == key[0]},
            }
        return self._field_lengths[key]

    def _matching(
        self, searcher, alternatives: list[list[str]], q: str, *, partial: bool
    ) -> set[int]:
        """Every document the query matches (before filters), as a set."""
        if not alternatives:
            return set(self._weights(searcher, "", ""))
        per_word = [
            set().union(*(self._weights(searcher, "text", t) for t in terms_))
            for terms_ in alternatives
        ]
        if partial:  # all words but one
            counts = Counter(doc for docs in per_word for doc in docs)
            matched = {doc for doc, n in counts.items() if n >= len(per_word) - 1}
        else:
            matched = set.intersection(*per_word)
        for number in _numbers(q):
            matched |= self._weights(searcher, "number", number).keys()
        return matched

    def _wanted(self, q: str) -> frozenset[str]:
        """Index terms of the query, for marking them in snippets."""
        return frozenset(t for w in words(q) for t in query_terms(w, self.vocabulary))

    def _alternatives(self, q: str) -> list[list[str]]:
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
                for form in self._by_letter.get(folded[0], ())
                if abs(len(form) - len(folded)) <= 2
            ]
            close = difflib.get_close_matches(folded, candidates, n=1, cutoff=0.75)
            changed |= bool(close)
            out.append(close[0] if close else word)
        return " ".join(out) if changed else None


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
