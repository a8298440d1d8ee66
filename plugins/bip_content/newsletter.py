"""The municipal newsletter: its issues, their supplements and print runs (pure).

An issue is a document of the kind ISSUE (`rodzaj: biuletyn`) with its
number (`numer`), date (`data_wytworzenia`), print run (`naklad`) and the
addresses of its supplements (`dodatki`), each a document of its own. The
archive page lists issues by year, the feed carries them, the yearly
report counts them; all three read `issues()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ISSUE = "biuletyn"


@dataclass
class Issue:
    """One issue with the supplement documents it names."""

    document: Any
    supplements: list[Any] = field(default_factory=list)

    @property
    def date(self) -> dt.date:
        """The issue's date: its date of production."""
        return self.document.produced_on

    @property
    def copies(self) -> int:
        """Print run of the issue and its supplements (those that give one)."""
        parts = [self.document, *self.supplements]
        return sum(getattr(d, "print_run", None) or 0 for d in parts)


def issues(documents: Iterable[Any]) -> list[Issue]:
    """Every issue among `documents`, newest first, its supplements resolved."""
    documents = list(documents)
    by_address = {d.url.rstrip("/"): d for d in documents}
    found = [
        Issue(d, [by_address[a] for a in _supplements(d) if a in by_address])
        for d in documents
        if getattr(d, "kind", None) == ISSUE
    ]
    return sorted(found, key=lambda i: (i.date, i.document.url), reverse=True)


def by_year(found: list[Issue]) -> dict[int, list[Issue]]:
    """Issues grouped by the year of their date, newest year first."""
    years: dict[int, list[Issue]] = {}
    for issue in found:
        years.setdefault(issue.date.year, []).append(issue)
    return years


def mark(found: list[Issue]) -> None:
    """Link issues and supplements for their pages: bip_supplements, bip_issue."""
    for issue in found:
        issue.document.bip_supplements = issue.supplements
        for supplement in issue.supplements:
            supplement.bip_issue = issue.document


def _supplements(document: Any) -> list[str]:
    return getattr(document, "supplements", None) or []


def as_json(issue: Issue) -> dict:
    """An issue and its supplements as plain data (statystyka/dane.json)."""

    def part(document: Any) -> dict:
        return {
            "tytul": document.title,
            "adres": document.url,
            "naklad": getattr(document, "print_run", None),
        }

    return {
        **part(issue.document),
        "numer": getattr(issue.document, "number", None),
        "data": issue.date.isoformat(),
        "dodatki": [part(s) for s in issue.supplements],
    }
