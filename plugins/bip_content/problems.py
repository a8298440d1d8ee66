"""One problem found in the content, reported to the clerk in Polish."""

from __future__ import annotations

from dataclasses import dataclass, field

from .characters import visible
from .messages import ERROR, WARNING, Said

__all__ = ["ERROR", "WARNING", "Problem", "errors"]


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
    code: str = field(default="", compare=False)  # its key in messages.MESSAGES

    @classmethod
    def at(cls, path: str, line: int, said: Said) -> Problem:
        """A message of the table (messages.say) placed at a file's line."""
        return cls(path, line, said.message, said.hint, said.severity, said.code)

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return visible(f"{text} — {self.hint}" if self.hint else text)

    def as_list(self) -> list:
        """Its fields as plain data (a cache keeps them: see from_list)."""
        return [self.path, self.line, self.message, self.hint, self.severity, self.code]

    @classmethod
    def from_list(cls, fields: list) -> Problem:
        """A problem as_list() wrote."""
        return cls(*fields)

    @property
    def is_error(self) -> bool:
        """True for a problem that stops publication."""
        return self.severity == ERROR


def errors(problems: list[Problem]) -> list[Problem]:
    """Return only the problems that stop publication."""
    return [p for p in problems if p.is_error]
