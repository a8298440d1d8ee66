"""Residents' words in a query → the office's terms (the thesaurus, compiled).

The thesaurus (bip_content.thesaurus: the shipped file and the
municipality's own words) is compiled against the index's analysis: each
word of a resident's term and of an official term becomes the index terms
it may stand for, so "wywozu śmieci" in a query finds the entry
"wywóz śmieci" and brings "odbiór odpadów komunalnych".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bip_content import thesaurus

from .analysis import filler, terms, words
from .derivation import stem

SHIPPED = Path(__file__).with_name("tezaurus.yaml")


def shipped() -> dict[str, list[str]]:
    """The project's general municipal thesaurus (tested to have no problems)."""
    entries, _problems = thesaurus.parse(
        str(SHIPPED), SHIPPED.read_text(encoding="utf-8")
    )
    return entries


def analysed(text: str) -> tuple[frozenset[str], ...]:
    """The index terms each word of a term may stand for (stop words left out).

    >>> analysed("wywóz śmieci")[0]
    frozenset({'wywoz'})
    """
    return tuple(frozenset(terms(word)) for word in words(text))


@dataclass(frozen=True)
class Entry:
    """One resident's term and the official terms it leads to."""

    key: tuple[frozenset[str], ...]  # derivational stems of each word
    official: tuple[str, ...]  # as written, shown to residents
    phrases: tuple[tuple[frozenset[str], ...], ...]  # each official term analysed


class Thesaurus:
    """Compiled entries, found in a query's words by their first word's stems.

    A resident's term is matched by the derivational stems of its words, so
    "szambiarka" finds the entry "szambo" and "alkoholik" finds "alkoholizm".
    """

    def __init__(self, entries: dict[str, list[str]]) -> None:
        self.by_first: dict[str, list[Entry]] = {}
        for term, official in entries.items():
            key = _key(term)
            if not key:
                continue
            entry = Entry(key, tuple(official), tuple(analysed(o) for o in official))
            for first in key[0]:
                self.by_first.setdefault(first, []).append(entry)

    def find(self, query: list[list[str]]) -> list[tuple[int, int, Entry]]:
        """(first word, after last word, entry) for each resident term in a query.

        `query` holds each query word's index terms, in order.
        """
        stems = [_stems(alternatives) for alternatives in query]
        found = []
        for start, alternatives in enumerate(stems):
            candidates = {
                id(e): e for t in alternatives for e in self.by_first.get(t, [])
            }
            for entry in candidates.values():
                end = start + len(entry.key)
                if end <= len(query) and all(
                    entry.key[k] & stems[start + k] for k in range(len(entry.key))
                ):
                    found.append((start, end, entry))
        return found


def _key(term: str) -> tuple[frozenset[str], ...]:
    """A resident's term as a query sees it: question and filler words out.

    >>> [sorted(stems) for stems in _key("kto dostał pracę")]
    [['dost'], ['prac']]
    """
    typed = [(word, list(terms(word))) for word in words(term)]
    kept = [t for word, t in typed if not filler(word, t)] or [t for _w, t in typed]
    return tuple(_stems(t) for t in kept)


def _stems(terms: Iterable[str]) -> frozenset[str]:
    return frozenset(stem(term) for term in terms)
