"""Writes the pages git history gives: versions, registers, redirects."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bip_content import feeds, markup
from bip_content.addresses import CHANGES, REMOVED, UNLISTED
from bip_content.limits import in_bytes
from bip_metadata.plugin import all_documents, build_day, cache_folder
from pelican.generators import Generator

from .history import DocumentHistory, Version
from .repository import Loaded, loaded_for
from .settings import plugin_settings
from .versions import (
    body_text,
    context_for,
    read_version,
    text_diff,
    text_store,
    title_of,
    url_of,
    version_url,
)

logger = logging.getLogger(__name__)

NO_PERSON = "zmiana automatyczna"


@dataclass
class Change:
    """One row of a history table or of the site's change register."""

    number: int
    when: dt.datetime  # in the site's time zone
    who: str
    kinds: str
    reason: str
    title: str
    url: str  # the document (or the removal notice)
    version_url: str | None  # an earlier version's page; None for the current one
    compare_url: str | None  # comparison with the version before


class HistoryGenerator(Generator):
    """Versions, comparisons, redirects, removed documents, change register."""

    def generate_context(self) -> None:
        """Give every published document its history rows; collect the register."""
        # No history read (no git): no versions, an empty register.
        self.loaded: Loaded = loaded_for(self.settings) or Loaded(None)
        self.store = markup.render_store(cache_folder(self.settings))
        self.texts = text_store(cache_folder(self.settings))
        self.zone = ZoneInfo(self.settings.get("TIMEZONE") or "UTC")
        self.published = {
            doc.bip_source: doc
            for doc in all_documents(self.context)
            if getattr(doc, "bip_history", None)
        }
        for doc in self.published.values():
            doc.bip_changes = self._rows(doc.bip_history, doc.title)[::-1]
        self.context["bip_removed"] = self._removed()

    def _rows(self, history: DocumentHistory, title: str) -> list[Change]:
        url = url_of(history.path)
        last = len(history.versions)
        return [self._row(v, title, url, v.number < last) for v in history.versions]

    def _row(self, version: Version, title: str, url: str, earlier: bool) -> Change:
        return Change(
            version.number,
            version.when.astimezone(self.zone),
            ", ".join(version.authors) or NO_PERSON,
            ", ".join(version.kinds),
            version.reason,
            title,
            url,
            version_url(url, version.number) if earlier else None,
            f"{url}zmiany/{version.number}/" if version.number > 1 else None,
        )

    def _removed(self) -> list[tuple[DocumentHistory, Change, str]]:
        """Removed documents, newest removal first: (history, removal row, title)."""
        if self.loaded.history is None:
            return []
        taken = {doc.url for doc in all_documents(self.context)}
        found = []
        for history in self.loaded.history.removed:
            if not history.removal or url_of(history.path) in taken:
                continue
            last = history.versions[-1]
            title = self._title(last)
            row = self._row(history.removal, title, url_of(history.path), False)
            row.version_url = version_url(url_of(history.path), last.number)
            found.append((history, row, title))
        return sorted(found, key=lambda item: item[1].when, reverse=True)

    def _title(self, version: Version) -> str:
        return title_of(self.loaded.blobs.get(version.blob, b""), version.path)

    def _version_page(self, history: DocumentHistory, version: Version):
        site = self.context["bip"]
        ctx = context_for(site, build_day(self.settings))
        render = functools.partial(
            markup.render, glossary=site.abbreviations, store=self.store
        )
        return read_version(history, version, self.loaded, ctx, render)

    def generate_output(self, writer) -> None:
        """Write every page the history gives (the registers even without git)."""
        taken = {d.url for d in all_documents(self.context)}
        for doc in self.published.values():
            self._versions(writer, doc.bip_history, doc)
            self._redirects(writer, doc.bip_history, doc, taken)
        for history, row, title in self.context["bip_removed"]:
            self._versions(writer, history, None)
            notice = f"Dokument usunięty: {title}"
            self._unlisted(writer, row.url, "usuniety", notice, removed=row)
        self._register(writer)
        self._write(
            writer,
            f"{REMOVED}/",
            "rejestr_usunietych",
            "Rejestr dokumentów usuniętych",
        )
        self.store.flush()
        self.texts.flush()

    def _versions(self, writer, history: DocumentHistory, doc) -> None:
        """Earlier versions (all of them for a removed document) and comparisons."""
        count = len(history.versions) - (1 if doc is not None else 0)
        for version in history.versions[:count]:
            page = self._version_page(history, version)
            category = page.meta.get("menu_category", "")
            page.meta["bip_trail"] = self.context["bip"].trail(category)
            title = page.meta.get("title", "")
            self._unlisted(
                writer, page.url, "article", title, article=page, version=page
            )
            for name, data in page.files.items():
                target = Path(self.output_path) / page.url / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        title = doc.title if doc is not None else self._title(history.versions[-1])
        for before, after in zip(history.versions, history.versions[1:], strict=False):
            self._compare(writer, history, before, after, title)

    def _compare(
        self, writer, history, before: Version, after: Version, title: str
    ) -> None:
        url = url_of(history.path)
        diff = text_diff(self._text(before.blob), self._text(after.blob))
        self._unlisted(
            writer,
            f"{url}zmiany/{after.number}/",
            "porownanie",
            f"Zmiany w wersji {after.number}: {title}",
            change=self._row(after, title, url, after.number < len(history.versions)),
            previous_url=version_url(url, before.number),
            document_url=url,
            diff=diff,
        )

    def _text(self, blob: str) -> str:
        """A version's text (kept by its git blob id: the file's content)."""
        raw = self.loaded.blobs.get(blob)
        if raw is None:  # not read (over the size limit): nothing to keep
            return body_text(b"", self.store)
        return self.texts.computed((blob,), lambda: body_text(raw, self.store))

    def _redirects(
        self, writer, history: DocumentHistory, doc, taken: set[str]
    ) -> None:
        """Old addresses of a moved document lead to the new one."""
        for path in history.former_paths:
            old = url_of(path)
            if old != doc.url and old not in taken:
                self._unlisted(writer, old, "przekierowanie", doc.title, target=doc)

    def _register(self, writer) -> None:
        """Rejestr zmian: every published change, newest first, and its feed."""
        rows = [row for doc in self.published.values() for row in doc.bip_changes] + [
            row for _, row, _ in self.context["bip_removed"]
        ]
        rows.sort(key=lambda r: (r.when, r.url, r.number), reverse=True)
        writer.write_file(
            f"{CHANGES}/index.html",
            self.get_template("rejestr_zmian"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            paginated={"articles": rows},
            template_name="rejestr_zmian",
            url=f"{CHANGES}/",
            page_title="Rejestr zmian",
            page_url=f"{CHANGES}/",
            listing_feed=f"{CHANGES}/atom.xml",
        )
        self._feed(rows[: plugin_settings(self.settings)["feed_items"]])

    def _feed(self, rows: list[Change]) -> None:
        site_url = self.settings.get("SITEURL", "")
        feed_domain = self.settings.get("FEED_DOMAIN") or site_url
        channel = feeds.Channel(
            f"Rejestr zmian — {self.context['SITENAME']}",
            f"{site_url}/{CHANGES}/",
            f"{feed_domain}/{CHANGES}/atom.xml",
        )
        entries = [
            feeds.Entry(
                f"{row.title} ({row.kinds})",
                f"{site_url}/{row.url}",
                row.when,
                note=f"{row.kinds}: {row.reason}" if row.reason else row.kinds,
                author=row.who,
                unique_id=f"{site_url}/{row.url}#wersja-{row.number}-{row.kinds}",
            )
            for row in rows
        ]
        limit = in_bytes(self.context["bip"].limits, "wpis_kanalu_kb")
        target = Path(self.output_path) / CHANGES / "atom.xml"
        feeds.write(target, channel, entries, limit)

    def _unlisted(self, writer, url: str, template: str, title: str, **extra) -> None:
        """A page for the record: noindex, and not in sitemap.xml (UNLISTED)."""
        self.settings.setdefault(UNLISTED, set()).add(url)
        self._write(writer, url, template, title, noindex=True, **extra)

    def _write(self, writer, url: str, template: str, title: str, **extra) -> None:
        writer.write_file(
            f"{url}index.html",
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            page_title=title,
            page_url=url,
            **extra,
        )
