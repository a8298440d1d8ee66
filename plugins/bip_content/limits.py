"""Limits on everything the build reads: one table, documented and configurable.

A municipality may change each limit in bip.yaml (section `limity`), but
never beyond its ceiling: an edit of bip.yaml must not make the build
unbounded again. The clerk's guide is tested against this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from .messages import say
from .problems import Problem


@dataclass(frozen=True)
class Limit:
    """One limit: its key in bip.yaml, default, ceiling, unit and meaning."""

    key: str
    default: int
    ceiling: int
    unit: str
    doc: str


LIMITS: dict[str, Limit] = {
    item.key: item
    for item in (
        Limit(
            "naglowek_kb",
            64,
            1024,
            "KB",
            "Rozmiar nagłówka dokumentu (między liniami `---`).",
        ),
        Limit(
            "tytul_znaki",
            1000,
            5000,
            "znaków",
            "Długość tytułu dokumentu lub strony.",
        ),
        Limit(
            "pole_znaki",
            5000,
            50_000,
            "znaków",
            "Długość każdej innej wartości tekstowej nagłówka, `bip.yaml` "
            "i deklaracji dostępności.",
        ),
        Limit(
            "tresc_kb",
            2048,
            20_480,
            "KB",
            "Rozmiar treści dokumentu (pod nagłówkiem).",
        ),
        Limit(
            "zalacznik_mb",
            100,
            2048,
            "MB",
            "Rozmiar jednego załącznika lub obrazu.",
        ),
        Limit(
            "rozpakowanie_mb",
            100,
            2048,
            "MB",
            "Ile danych wolno rozpakować z jednego pliku DOCX, XLSX, ODT lub ODS, "
            "by odczytać jego tekst.",
        ),
        Limit(
            "tekst_zalacznika_znaki",
            2_000_000,
            20_000_000,
            "znaków",
            "Ile tekstu jednego załącznika trafia do wyszukiwarki (reszta jest "
            "pomijana z ostrzeżeniem).",
        ),
        Limit(
            "czas_zalacznika_s",
            30,
            600,
            "s",
            "Czas na odczytanie tekstu jednego załącznika (PDF, DOCX, ODT…).",
        ),
        Limit(
            "pamiec_zalacznika_mb",
            512,
            4096,
            "MB",
            "Pamięć na odczytanie tekstu jednego załącznika.",
        ),
        Limit(
            "wpis_kanalu_kb",
            100,
            1024,
            "KB",
            "Treść jednego wpisu kanału Atom; dłuższy dokument ma w kanale "
            "początek tekstu i odnośnik.",
        ),
    )
}
# bip.yaml and the accessibility statement are read before their limits are
# known, so they have fixed sizes of their own.
DATA_FILE_BYTES = 1024 * 1024
UNITS = {"KB": 1024, "MB": 1024 * 1024}


def defaults() -> dict[str, int]:
    """Every limit at its default."""
    return {key: item.default for key, item in LIMITS.items()}


def in_bytes(limits: dict[str, int], key: str) -> int:
    """A size limit in bytes.

    >>> in_bytes({"tresc_kb": 2}, "tresc_kb")
    2048
    """
    return limits[key] * UNITS[LIMITS[key].unit]


def human_size(size: int) -> str:
    """Size in bytes as residents read it, with a Polish decimal comma.

    >>> human_size(245_760), human_size(1_572_864), human_size(300)
    ('240 KB', '1,5 MB', '1 KB')
    """
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def parse(path: str, value: object, line: int) -> tuple[dict[str, int], list[Problem]]:
    """The `limity` section of bip.yaml over the defaults; every problem at once."""
    limits, problems = defaults(), list[Problem]()
    if value is None:
        return limits, problems
    if not isinstance(value, dict):
        return limits, [Problem.at(path, line, say("limits_not_mapping"))]
    for key, number in value.items():
        item = LIMITS.get(str(key))
        if item is None:
            found = say("unknown_limit", key=key, known=", ".join(LIMITS))
            problems.append(Problem.at(path, line, found))
        elif isinstance(number, bool) or not isinstance(number, int) or number < 1:
            found = say("limit_not_number", key=key, value=number, example=item.default)
            problems.append(Problem.at(path, line, found))
        elif number > item.ceiling:
            found = say(
                "limit_too_high",
                key=key,
                value=number,
                unit=item.unit,
                ceiling=item.ceiling,
            )
            problems.append(Problem.at(path, line, found))
        else:
            limits[item.key] = number
    return limits, problems
