"""What the statistics page says about visits, from the kept counts (pure).

Views of a document count for its dział and its menu category; a category
listing (and its archive) counts for its category; every other page (home,
search, system pages) is "strony ogólne". The page shows the last
MONTHS_SHOWN months that have data; the visit counter of a document counts
every month kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bip_content.words import counted, number
from bip_site.dates import MONTHS

from .chart import stacked_bars
from .logs import Day
from .publishing import table_csv

MONTHS_SHOWN = 12
GENERAL = "strony ogólne"
MONTH_NAMES = (
    "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec",
    "sierpień", "wrzesień", "październik", "listopad", "grudzień",
)  # fmt: skip
# The same months as they follow "od" and "w": od marca, w marcu.
GENITIVE = MONTHS
LOCATIVE = (
    "styczniu", "lutym", "marcu", "kwietniu", "maju", "czerwcu", "lipcu",
    "sierpniu", "wrześniu", "październiku", "listopadzie", "grudniu",
)  # fmt: skip
MAX_SERIES = 8
# A document's earlier versions and comparisons (bip_history): its own pages.
RECORD = re.compile(r"(wersje|zmiany)/\d+/$")


@dataclass(frozen=True)
class Page:
    """What the statistics need to know about one address of the site."""

    title: str
    department: str = GENERAL  # the dział's name
    category: str = ""  # the menu category's slug


@dataclass
class Visits:
    """Everything the page shows about visits."""

    months: list[str]  # rrrr-mm, oldest first
    departments: list[str]  # series names, in the chart's order
    views: dict[str, dict[str, int]]  # month → department → views
    visitors: dict[str, int]  # month → sum of daily unique visitors
    categories: dict[str, int] = field(default_factory=dict)  # slug → views
    documents: list[tuple[str, str, int]] = field(default_factory=list)
    queries: list[tuple[str, int]] = field(default_factory=list)
    no_results: set[str] = field(default_factory=set)  # at the last count
    unreadable: int = 0
    left_out: int = 0

    @property
    def unanswered(self) -> list[tuple[str, int]]:
        """Queries of enough visitors that found nothing, most asked first."""
        return [(q, n) for q, n in self.queries if q in self.no_results]

    def total(self, month: str) -> int:
        """All page views of `month`."""
        return sum(self.views[month].values())

    @property
    def series(self) -> list[tuple[str, list[int]]]:
        """(department, views per month) for the chart."""
        return [
            (d, [self.views[m].get(d, 0) for m in self.months])
            for d in self.departments
        ]


def month_name(month: str) -> str:
    """'2026-03' → 'marzec 2026'."""
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


def _month(month: str, names: Sequence[str]) -> str:
    return f"{names[int(month[5:7]) - 1]} {month[:4]}"


def _in(month: str) -> str:
    """'w marcu 2026', 'we wrześniu 2026'."""
    name = _month(month, LOCATIVE)
    return f"{'we' if name.startswith('wr') else 'w'} {name}"


def genitive(month: str) -> str:
    """'2026-03' → 'marca 2026' (od marca 2026)."""
    return _month(month, GENITIVE)


def summary(data: Visits) -> str:
    """The visits in two or three Polish sentences (the chart's text twin)."""
    total = sum(data.total(m) for m in data.months)
    best = max(data.months, key=lambda m: (data.total(m), m))
    text = (
        f"Od {_month(data.months[0], GENITIVE)} do "
        f"{_month(data.months[-1], GENITIVE)} strony BIP wyświetlono "
        f"{counted(total, 'raz', 'razy', 'razy')}; suma dziennych liczb "
        f"odwiedzających to {number(sum(data.visitors.values()))}. "
        f"Najwięcej odsłon było {_in(best)}: {number(data.total(best))}."
    )
    named = [d for d in data.departments if d != GENERAL]
    if named:
        views = sum(data.views[m].get(named[0], 0) for m in data.months)
        shown = counted(views, "odsłona", "odsłony", "odsłon")
        text += f" Najczęściej oglądany dział: {named[0]} ({shown})."
    return text


def summarise(
    months: dict[str, Day],
    pages: dict[str, Page],
    threshold: int,
    last: int | None = MONTHS_SHOWN,
) -> Visits | None:
    """The `last` months with data (None: all); None when there are none.

    Documents and queries come most viewed first, all of them: the page
    shows the first few. A query counts when `threshold` visitors asked it.
    """
    shown = sorted(months)[-last:] if last else sorted(months)
    if not shown:
        return None
    views: dict[str, dict[str, int]] = {m: {} for m in shown}
    categories: dict[str, int] = {}
    documents: dict[str, int] = {}
    queries: dict[str, int] = {}
    for month in shown:
        day = months[month]
        for url, count in day.pages.items():
            page = page_of(url, pages)
            row = views[month]
            row[page.department] = row.get(page.department, 0) + count
            if page.category:
                categories[page.category] = categories.get(page.category, 0) + count
            if page.department != GENERAL and url in pages:
                documents[url] = documents.get(url, 0) + count
        for q, count in day.queries.items():
            queries[q] = queries.get(q, 0) + count
    departments = _series(views)
    for row in views.values():
        for name in [n for n in row if n not in departments]:
            row[GENERAL] = row.get(GENERAL, 0) + row.pop(name)
    asked = [(q, n) for q, n in queries.items() if n >= threshold]
    asked.sort(key=lambda item: (-item[1], item[0]))
    return Visits(
        months=shown,
        departments=departments,
        views=views,
        visitors={m: months[m].visitors for m in shown},
        categories=categories,
        documents=[
            (pages[url].title, url, n)
            for url, n in sorted(documents.items(), key=lambda i: (-i[1], i[0]))
        ],
        queries=asked,
        unreadable=sum(months[m].unreadable for m in shown),
        left_out=sum(months[m].left_out for m in shown),
    )


def page_of(url: str, pages: dict[str, Page]) -> Page:
    """The page at `url`; an earlier version or a comparison counts for its document."""
    return pages.get(url) or pages.get(RECORD.sub("", url)) or Page(url)


def _series(views: dict[str, dict[str, int]]) -> list[str]:
    """Departments by views, the general pages last (they take the smallest)."""
    totals: dict[str, int] = {}
    for row in views.values():
        for name, count in row.items():
            totals[name] = totals.get(name, 0) + count
    names = sorted((n for n in totals if n != GENERAL), key=lambda n: (-totals[n], n))
    names = names[: MAX_SERIES - 1] if len(names) >= MAX_SERIES else names
    return [*names, GENERAL]


def counters(months: dict[str, Day]) -> dict[str, int]:
    """Views of every address over every month kept (the visit counter)."""
    total: dict[str, int] = {}
    for day in months.values():
        for url, count in day.pages.items():
            total[url] = total.get(url, 0) + count
    return total


def chart_svg(data: Visits) -> str:
    """Page views per month and department, as a chart."""
    labels = [f"{month_name(m)[:3]} {m[2:4]}" for m in data.months]
    first, last = month_name(data.months[0]), month_name(data.months[-1])
    return stacked_bars(
        "odwiedziny",
        "Odsłony stron BIP w kolejnych miesiącach według działów",
        f"Od {first} do {last}; liczby są w tabeli obok wykresu.",
        labels,
        data.series,
        muted=GENERAL,
    )


def as_csv(data: Visits) -> str:
    """Views per month and department, and visitors per month."""
    rows: list[list[object]] = [["miesiąc", "dział", "odsłony"]]
    for month in data.months:
        rows += [[month, d, data.views[month].get(d, 0)] for d in data.departments]
        rows.append([month, "razem", data.total(month)])
        rows.append([month, "odwiedzający (suma dzienna)", data.visitors[month]])
    return table_csv(rows)


def pages_csv(months: dict[str, Day], pages: dict[str, Page]) -> str:
    """Views of every page in every month kept, with its dział and category."""
    rows: list[list[object]] = [
        ["miesiąc", "adres", "tytuł", "dział", "kategoria", "odsłony"]
    ]
    for month, day in sorted(months.items()):
        for url, count in sorted(day.pages.items()):
            page = page_of(url, pages)
            title = page.title if page.title != url else ""
            rows.append(
                [month, f"/{url}", title, page.department, page.category, count]
            )
    return table_csv(rows)


def as_json(data: Visits) -> dict:
    """Views per month and department and visitors, for dane.json."""
    return {
        "dzialy": data.departments,
        "miesiace": {
            m: {"dzialy": data.views[m], "odwiedzajacy": data.visitors[m]}
            for m in data.months
        },
    }


def from_json(value: dict, year: int) -> Visits | None:
    """The months of `year` from dane.json (None when it has none)."""
    months = {m: v for m, v in value.get("miesiace", {}).items() if m[:4] == str(year)}
    if not months:
        return None
    return Visits(
        months=sorted(months),
        departments=list(value["dzialy"]),
        views={m: dict(v["dzialy"]) for m, v in months.items()},
        visitors={m: int(v["odwiedzajacy"]) for m, v in months.items()},
    )
