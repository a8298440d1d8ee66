"""Answer a resident's query from the current index (read-only, no Pelican).

Queries never reach Whoosh's query parser: words are analysed by the same
module as the index and combined here, so operators, quotes and field names
typed by a resident are plain words and cannot break the search.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import threading
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path

from whoosh import index
from whoosh.query import And, AndMaybe, Every, Or, Query, Term

from .analysis import NUMBER, WORD, fold, number_terms, query_terms, terms, words
from .indexer import CURRENT, FACETS, SHELL, VOCABULARY

MAX_QUERY = 300  # characters of a query that are read
MAX_WORDS = 12
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
        total, pages, results = self._run(request.q, request)
        partial, suggestion = False, None
        if total == 0 and len(list(words(request.q))) > 2:
            total, pages, results = self._run(request.q, request, partial=True)
            partial = total > 0
        if total == 0 and request.q:
            suggestion = self.suggest(request.q)
        if suggestion:
            total, pages, results = self._run(suggestion, request)
        page = min(request.strona, max(pages, 1))
        return Answer(request.q, total, page, pages, results, suggestion, partial)

    def _run(
        self, q: str, request: Request, *, partial: bool = False
    ) -> tuple[int, int, list[dict]]:
        searcher = self._searcher()
        page = searcher.search_page(
            self._query(q, partial=partial),
            request.strona,
            pagelen=PAGE_SIZE,
            filter=_docs(searcher, _filters(request)),
            # A mask, not a negated filter: a filter would list every
            # document that is not archived on each query.
            mask=self._archived() if request.archiwum == "" else None,
        )
        wanted = self._wanted(q)
        return page.total, page.pagecount, [_result(hit, wanted) for hit in page]

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

    def _archived(self) -> set[int]:
        """Archived documents of the current build (masked by default)."""
        return self._local.archived

    def _wanted(self, q: str) -> frozenset[str]:
        """Index terms of the query, for marking them in snippets."""
        return frozenset(t for w in words(q) for t in query_terms(w, self.vocabulary))

    def _query(self, q: str, *, partial: bool = False) -> Query:
        """All words must match; with `partial`, all but one (3+ words)."""
        found = list(words(q))[:MAX_WORDS]
        if not found:
            return Every()
        alternatives = [query_terms(word, self.vocabulary) for word in found]
        parts = [Or([Term("text", t) for t in terms_]) for terms_ in alternatives]
        if partial:
            words_query: Query = Or(parts, minmatch=len(parts) - 1)
        else:
            words_query = And(parts)
        # Words in the title rank a document higher but are not required.
        in_title = Or([Term("title", t) for terms_ in alternatives for t in terms_])
        ranked = AndMaybe(words_query, in_title)
        numbers = [
            Term("number", number_terms(m.group())[0]) for m in NUMBER.finditer(q)
        ]
        return Or([ranked, *numbers]) if numbers else ranked

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
