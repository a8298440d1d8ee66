"""Publishing figures from the documents and their git history (pure, no Pelican).

Per year: documents published (first reached the site), changed (each later
version counts once) and removed, by dział, publishing body and kind; the
median number of days from a document's date of production to its
publication (how quickly the office makes information public, the measure
the law asks about); and each editor's count of publications, changes and
removals, nothing else about them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from bip_content.words import counted, number

from .chart import stacked_bars

PUBLISHED = "opublikowane"
CHANGED = "zmienione"
REMOVED = "usunięte"
EVENTS = (PUBLISHED, CHANGED, REMOVED)
# Dimensions of the figures: attribute of a Record → column heading.
DIMENSIONS = {"department": "dział", "publisher": "podmiot", "kind": "rodzaj"}
NO_KIND = "(bez rodzaju)"
# First characters with which a spreadsheet reads a cell as a formula.
FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Record:
    """One document as the figures need it: where, who, when."""

    department: str
    publisher: str
    kind: str
    produced: dt.date | None
    published: dt.date
    published_by: list[str] = field(default_factory=list)
    changes: list[tuple[dt.date, list[str]]] = field(default_factory=list)
    removed: tuple[dt.date, list[str]] | None = None


@dataclass
class Year:
    """The figures of one year."""

    year: int
    totals: Counter = field(default_factory=Counter)  # event → count
    by: dict[str, Counter] = field(default_factory=dict)  # dimension → (value, event)
    delays: list[int] = field(default_factory=list)  # days, produced → published
    editors: Counter = field(default_factory=Counter)  # (person, event) → count

    @property
    def median_delay(self) -> float | None:
        """Median days from production to publication, None without data."""
        return statistics.median(self.delays) if self.delays else None

    def table(self, dimension: str) -> list[tuple[str, int, int, int]]:
        """(value, published, changed, removed) rows, most published first."""
        counts = self.by.get(dimension, Counter())
        values = sorted({value for value, _ in counts})
        rows = [(v, *(counts[(v, e)] for e in EVENTS)) for v in values]
        return sorted(rows, key=lambda row: (-row[1], -row[2], row[0]))

    def editor_rows(self) -> list[tuple[str, int, int, int]]:
        """(person, published, changed, removed), most active first."""
        people = sorted({person for person, _ in self.editors})
        rows = [(p, *(self.editors[(p, e)] for e in EVENTS)) for p in people]
        return sorted(rows, key=lambda row: (-sum(row[1:]), row[0]))


def figures(records: Iterable[Record]) -> dict[int, Year]:
    """Every year with any event, oldest first."""
    years: dict[int, Year] = {}

    def count(day: dt.date, record: Record, event: str, people: list[str]) -> Year:
        year = years.setdefault(day.year, Year(day.year))
        year.totals[event] += 1
        for attribute in DIMENSIONS:
            value = getattr(record, attribute) or NO_KIND
            year.by.setdefault(attribute, Counter())[(value, event)] += 1
        for person in people:
            year.editors[(person, event)] += 1
        return year

    for record in records:
        year = count(record.published, record, PUBLISHED, record.published_by)
        if record.produced and record.produced <= record.published:
            year.delays.append((record.published - record.produced).days)
        for day, people in record.changes:
            count(day, record, CHANGED, people)
        if record.removed:
            count(record.removed[0], record, REMOVED, record.removed[1])
    return dict(sorted(years.items()))


def as_csv(years: dict[int, Year]) -> str:
    """All figures as one CSV table (rok, wymiar, wartość, three counts)."""
    rows: list[list[object]] = [["rok", "wymiar", "wartość", *EVENTS]]
    for year in years.values():
        rows.append([year.year, "razem", "", *(year.totals[e] for e in EVENTS)])
        for attribute, heading in DIMENSIONS.items():
            rows += [[year.year, heading, *row] for row in year.table(attribute)]
        rows += [[year.year, "redaktor", *row] for row in year.editor_rows()]
    return table_csv(rows)


def delays_csv(years: dict[int, Year]) -> str:
    """Median and count of days from production to publication per year."""
    rows: list[list[object]] = [["rok", "dokumenty z datą wytworzenia", "mediana dni"]]
    for year in years.values():
        median = year.median_delay
        rows.append([year.year, len(year.delays), "" if median is None else median])
    return table_csv(rows)


def table_csv(rows: list[list[object]]) -> str:
    r"""CSV text; a cell a spreadsheet would run as a formula is quoted as text.

    >>> table_csv([["=HYPERLINK(1)", 2]])
    "'=HYPERLINK(1),2\n"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, str) and value[:1] in FORMULA:
        return "'" + value
    return value


def chart_svg(years: dict[int, Year]) -> str:
    """Documents published, changed and removed in the last ten years, as a chart."""
    shown = list(years.values())[-10:]
    return stacked_bars(
        "publikacje",
        "Dokumenty opublikowane, zmienione i usunięte w kolejnych latach",
        "Liczby są w tabeli obok wykresu.",
        [str(y.year) for y in shown],
        [(event, [y.totals[event] for y in shown]) for event in EVENTS],
    )


def summary(year: Year) -> str:
    """The year's publishing in Polish sentences, for the page and the report."""
    totals = year.totals
    text = (
        f"W {year.year} r. w BIP opublikowano "
        f"{counted(totals[PUBLISHED], 'dokument', 'dokumenty', 'dokumentów')}, "
        f"wprowadzono {counted(totals[CHANGED], 'zmianę', 'zmiany', 'zmian')} "
        f"w opublikowanych dokumentach i usunięto "
        f"{counted(totals[REMOVED], 'dokument', 'dokumenty', 'dokumentów')}."
    )
    median = year.median_delay
    if median is None:
        return text
    if median == 0:
        when = "w dniu wytworzenia"
    elif float(median).is_integer():
        when = (
            f"najpóźniej {counted(int(median), 'dzień', 'dni', 'dni')} po wytworzeniu"
        )
    else:
        when = f"najpóźniej {number(median)} dnia po wytworzeniu"
    dated = counted(len(year.delays), "dokumentu", "dokumentów", "dokumentów")
    return (
        f"{text} Połowa dokumentów trafiła do BIP {when} "
        f"(mediana z {dated} z datą wytworzenia)."
    )


def year_json(year: Year) -> dict:
    """One year's figures for dane.json (counts and day numbers, no documents)."""
    return {
        "razem": {event: year.totals[event] for event in EVENTS},
        **{heading: year.table(attr) for attr, heading in DIMENSIONS.items()},
        "redaktorzy": year.editor_rows(),
        "dni_od_wytworzenia": sorted(year.delays),
    }


def year_from_json(number_: int, value: dict) -> Year:
    """A Year back from dane.json."""
    year = Year(
        number_, Counter(value["razem"]), delays=list(value["dni_od_wytworzenia"])
    )
    for attr, heading in DIMENSIONS.items():
        year.by[attr] = Counter(
            {
                (row[0], e): row[i]
                for row in value[heading]
                for i, e in enumerate(EVENTS, 1)
            }
        )
    year.editors = Counter(
        {
            (row[0], e): row[i]
            for row in value["redaktorzy"]
            for i, e in enumerate(EVENTS, 1)
        }
    )
    return year
