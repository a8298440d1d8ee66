"""One problem found in the content, reported to the clerk in Polish."""

from __future__ import annotations

from dataclasses import dataclass

from .characters import visible

ERROR = "błąd"
WARNING = "ostrzeżenie"


@dataclass(frozen=True, order=True)
class Problem:
    """What is wrong, where, and how to fix it.

    >>> str(Problem("content/a.md", 3, "brak tytułu", "dodaj klucz tytul"))
    'content/a.md:3: brak tytułu — dodaj klucz tytul'
    """

    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return visible(f"{text} — {self.hint}" if self.hint else text)

    @property
    def is_error(self) -> bool:
        """True for a problem that stops publication."""
        return self.severity == ERROR


def errors(problems: list[Problem]) -> list[Problem]:
    """Return only the problems that stop publication."""
    return [p for p in problems if p.is_error]
