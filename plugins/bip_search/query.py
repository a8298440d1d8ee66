"""What a resident's query asks for: its meaningful words and what each may match.

Each meaningful word (not a stop word, not a question or filler word) may
match its lemmas exactly, words derived from the same stem (ranked lower)
and, when it is part of a resident's term of the thesaurus, the office's
terms it leads to (ranked lower too). A document need not have every word:
how much of the query it covers is weighed by how rare each word is.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .analysis import filler, query_terms, words
from .derivation import stem
from .synonyms import Thesaurus

MAX_WORDS = 12  # words of a query that are searched (stop words not counted)


@dataclass(frozen=True)
class Word:
    """One meaningful word of a query and the index terms it may match."""

    text: str
    exact: tuple[str, ...]
    derived: tuple[str, ...] = ()  # other terms of the same stem
    phrases: tuple[tuple[frozenset[str], ...], ...] = ()  # thesaurus, analysed
    official: tuple[str, ...] = ()  # thesaurus terms as written

    @property
    def terms(self) -> tuple[str, ...]:
        """Every index term this word may be found by (for snippets)."""
        found = self.exact + self.derived
        return found + tuple(t for p in self.phrases for w in p for t in w)


def meaningful(q: str, vocabulary: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """The words that say what is sought (at most MAX_WORDS), with their terms.

    Question and filler words count only when there is nothing else.

    >>> [word for word, _terms in meaningful("kiedy odbierają śmieci w gminie?", {})]
    ['odbierają', 'śmieci', 'gminie']
    """
    typed = [(w, query_terms(w, vocabulary)) for w in list(words(q))[:MAX_WORDS]]
    return [(w, t) for w, t in typed if not filler(w, t)] or typed


def interpret(
    q: str,
    vocabulary: dict[str, list[str]],
    derived: dict[str, list[str]],
    thesaurus: Thesaurus,
) -> list[Word]:
    """The query's meaningful words with their exact, derived and thesaurus terms."""
    typed = meaningful(q, vocabulary)
    exact = [terms for _word, terms in typed]
    found = [
        Word(
            word,
            tuple(terms),
            tuple(
                sorted(
                    {t for e in terms for t in derived.get(stem(e), ())} - set(terms)
                )
            ),
        )
        for word, terms in typed
    ]
    for start, end, entry in thesaurus.find(exact):
        for index in range(start, end):
            word = found[index]
            found[index] = dataclasses.replace(
                word,
                phrases=word.phrases + entry.phrases,
                official=word.official + entry.official,
            )
    return found
