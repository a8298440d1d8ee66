"""bip_stats glue: the statistics page, its CSV files and the visit counter."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from bip_content import newsletter
from bip_content.addresses import (
    CHANGES,
    NEWSLETTER,
    REMOVED,
    STATISTICS,
    SYSTEM_PAGES,
)
from bip_content.settings import merged_settings
from bip_content.words import number
from bip_history.history import parts_of
from bip_history.repository import loaded_for
from bip_metadata.plugin import all_documents
from pelican import signals
from pelican.generators import Generator

from . import publishing, store, visits
from .publishing import Record

logger = logging.getLogger(__name__)
# Every figure of the page as JSON, for make raport and for anyone re-using them.
DATA = "dane.json"
# Names of the pages that are neither documents nor listings, for the CSV.
GENERAL_PAGES = {
    "": "Strona główna",
    "dokumenty/": "Wszystkie dokumenty",
    "szukaj": "Wyszukiwarka",
    f"{CHANGES}/": "Rejestr zmian",
    f"{REMOVED}/": "Rejestr dokumentów usuniętych",
    f"{STATISTICS}/": "Statystyka odwiedzin",
    f"{NEWSLETTER}/": "Biuletyn gminy: wszystkie numery",
}

DEFAULTS = {
    # The visits data file `make statystyki` keeps ('' or missing: no visits).
    "data": "",
    # A query is shown only when at least this many visitors asked it.
    "query_threshold": 3,
    # How many documents and queries the page lists.
    "top": 10,
}


def plugin_settings(settings: dict) -> dict:
    """BIP_STATS merged over DEFAULTS (an unknown key is an error)."""
    return merged_settings(settings, "BIP_STATS", DEFAULTS)


class StatsGenerator(Generator):
    """Figures of visits and publishing, for the page and every document."""

    def generate_context(self) -> None:
        """Read the visits data and the history; give documents their counters."""
        site = self.context.get("bip")
        config = plugin_settings(self.settings)
        self.zone = ZoneInfo(self.settings.get("TIMEZONE") or "UTC")
        data = self._data(config["data"])
        months = store.by_month(data)
        pages = self._pages(site)
        self.visits = visits.summarise(months, pages, config["query_threshold"])
        if self.visits:
            self.visits.no_results = set(data.get("no_results", []))
        self.every_month = visits.summarise(months, pages, 1, last=None)
        self.by_page = visits.pages_csv(months, pages) if months else ""
        self.years = publishing.figures(self._records(site))
        if site and site.counter and months:
            views = visits.counters(months)
            since = visits.genitive(min(months))
            for doc in all_documents(self.context):
                doc.bip_views = f"{number(views.get(doc.url, 0))} (od {since})"

    def _data(self, path: str) -> dict:
        """The visits data; a broken file is named and read as none.

        Statistics never hold up publication of what the law requires: the
        page then says there are no visit data, and IT sees the warning.
        """
        if not path:
            return store.empty()
        try:
            return store.load(Path(path))
        except store.DataError as error:
            logger.warning("bip_stats: %s", error)
            return store.empty()

    def _pages(self, site) -> dict[str, visits.Page]:
        pages = {url: visits.Page(title) for url, title in GENERAL_PAGES.items()}
        pages |= {f"{slug}/": visits.Page(t) for slug, (_, t) in SYSTEM_PAGES.items()}
        pages |= {p.url: visits.Page(p.title) for p in self.context.get("pages", [])}
        if site is None:
            return pages
        for slug, item in site.categories.items():
            pages[item.url] = visits.Page(item.name, visits.GENERAL, slug)
            pages[f"{item.url}archiwum/"] = pages[item.url]
        for doc in all_documents(self.context):
            name = site.departments.get(doc.dzial, doc.dzial)
            pages[doc.url] = visits.Page(doc.title, name, doc.menu_category)
        return pages

    def _records(self, site) -> list[Record]:
        if site is None:
            return []
        loaded = loaded_for(self.settings)
        found = [self._record(site, doc) for doc in all_documents(self.context)]
        if loaded and loaded.history:
            for history in loaded.history.removed:
                raw = loaded.blobs.get(history.versions[-1].blob, b"")
                found.append(self._removed(site, history, raw))
        return found

    def _record(self, site, doc) -> Record:
        history = getattr(doc, "bip_history", None)
        record = Record(
            site.departments.get(doc.dzial, doc.dzial),
            site.bodies.get(doc.publisher, {}).get("nazwa", doc.publisher),
            getattr(doc, "kind", ""),
            getattr(doc, "produced_on", None),
            doc.date.date(),
            [doc.entered_by] if getattr(doc, "entered_by", None) else [],
        )
        if history:
            record.changes = [
                (self._day(v.when), v.authors) for v in history.versions[1:]
            ]
        return record

    def _removed(self, site, history, raw: bytes) -> Record:
        meta = parts_of(raw)[0]
        department = history.path.split("/")[0]
        first = history.versions[0]
        record = Record(
            site.departments.get(department, department),
            site.bodies.get(str(meta.get("podmiot")), {}).get("nazwa", ""),
            str(meta.get("rodzaj") or ""),
            _day_or_none(meta.get("data_wytworzenia")),
            self._day(first.when),
            first.authors,
            [(self._day(v.when), v.authors) for v in history.versions[1:]],
        )
        if history.removal:
            record.removed = (self._day(history.removal.when), history.removal.authors)
        return record

    def _day(self, when: dt.datetime) -> dt.date:
        return when.astimezone(self.zone).date()

    def generate_output(self, writer) -> None:
        """Write the statistics page, its chart and its CSV files."""
        folder = Path(self.output_path) / STATISTICS
        folder.mkdir(parents=True, exist_ok=True)
        files = {
            "publikacje.csv": publishing.as_csv(self.years),
            "terminowosc.csv": publishing.delays_csv(self.years),
        }
        if self.visits:
            files["odwiedziny.csv"] = visits.as_csv(self.visits)
            files["odwiedziny-stron.csv"] = self.by_page
            files["odwiedziny.svg"] = visits.chart_svg(self.visits)
        if self.years:
            files["publikacje.svg"] = publishing.chart_svg(self.years)
        files[DATA] = json.dumps(self._figures(), ensure_ascii=False, indent=1)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        writer.write_file(
            f"{STATISTICS}/index.html",
            self.get_template("statystyka"),
            self.context,
            page_title="Statystyka odwiedzin",
            page_url=f"{STATISTICS}/",
            relative_urls=self.settings["RELATIVE_URLS"],
            visits=self.visits,
            visits_summary=visits.summary(self.visits) if self.visits else "",
            years=list(self.years.values())[::-1],
            publishing_summary=publishing.summary,
            events=publishing.EVENTS,
            dimensions=publishing.DIMENSIONS,
            month_name=visits.month_name,
            query_threshold=plugin_settings(self.settings)["query_threshold"],
            top=plugin_settings(self.settings)["top"],
        )

    def _figures(self) -> dict:
        """Every figure of the page as data (make raport reads it)."""
        site = self.context.get("bip")
        issues = newsletter.issues(all_documents(self.context))
        return {
            "gmina": site.municipality.get("nazwa", "") if site else "",
            "odwiedziny": visits.as_json(self.every_month)
            if self.every_month
            else None,
            "publikacje": {
                str(n): publishing.year_json(y) for n, y in self.years.items()
            },
            "biuletyn": [newsletter.as_json(issue) for issue in issues],
        }


def _day_or_none(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def get_generators(pelican):
    """Add the statistics generator (after the history's: it reads documents)."""
    return StatsGenerator


def register() -> None:
    """Connect the receivers."""
    signals.get_generators.connect(get_generators)
