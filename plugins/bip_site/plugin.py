"""bip_site: menu category listings, system pages, feeds and Polish filters."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from pathlib import Path

from bip_content import editor, feeds, newsletter
from bip_content.addresses import (
    DECLARATION,
    EDITOR,
    NEWSLETTER,
    SYSTEM_PAGES,
    UNLISTED,
)
from bip_content.limits import in_bytes
from bip_content.settings import merged_settings
from bip_metadata.plugin import all_documents, required_check
from pelican import signals
from pelican.generators import Generator

from . import manifest, sitemap
from .dates import FILTERS
from .listings import by_category
from .writer import WRITER, KeptPagesWriter

logger = logging.getLogger(__name__)

DEFAULTS = {
    # How many of the newest documents the home page lists.
    "latest_on_home": 10,
    # How many entries each Atom feed carries.
    "feed_items": 30,
}


def plugin_settings(settings: dict) -> dict:
    """BIP_SITE merged over DEFAULTS (an unknown key is an error)."""
    return merged_settings(settings, "BIP_SITE", DEFAULTS)


class BipSiteGenerator(Generator):
    """Writes what Pelican has no notion of: the menu przedmiotowe pages."""

    def generate_context(self) -> None:
        """Group documents by menu category for every template."""
        site = self.context.get("bip")
        config = plugin_settings(self.settings)
        documents = self.context.get("articles", [])
        self.context["bip_listings"] = by_category(site.menu, documents) if site else {}
        archived = self.context.get("hidden_articles", [])
        self.context["bip_archives"] = by_category(site.menu, archived) if site else {}
        self.context["bip_latest"] = documents[: config["latest_on_home"]]
        for document in all_documents(self.context):
            document.bip_trail = site.trail(document.menu_category) if site else []
        self.context["bip_issues"] = newsletter.issues(all_documents(self.context))
        newsletter.mark(self.context["bip_issues"])

    def generate_output(self, writer) -> None:
        """Write category listings, all-documents list, system pages, feeds, 404."""
        site = self.context.get("bip")
        if site is None:
            return
        if site.editor:
            self._editor(site)
        for slug, item in site.categories.items():
            self._listing(
                writer,
                item.url,
                item.name,
                self.context["bip_listings"][slug],
                category=item,
                trail=site.trail(slug),
            )
            if self.context["bip_archives"][slug]:
                self._listing(
                    writer,
                    f"{item.url}archiwum/",
                    f"Archiwum: {item.name}",
                    self.context["bip_archives"][slug],
                    category=item,
                    trail=site.trail(slug),
                    archive=True,
                )
        documents = self.context.get("articles", [])
        self._listing(writer, "dokumenty/", "Wszystkie dokumenty", documents)
        self._newsletter(writer)
        self._feed("", self.context["SITENAME"], documents)
        for slug, (template, title) in SYSTEM_PAGES.items():
            if slug == DECLARATION and not self.context.get("bip_declaration"):
                continue  # no data: make check has already said so
            writer.write_file(
                f"{slug}/index.html",
                self.get_template(template),
                self.context,
                page_title=title,
                page_url=f"{slug}/",
                relative_urls=self.settings["RELATIVE_URLS"],
            )
        writer.write_file(
            "404.html",
            self.get_template("404"),
            self.context,
            page_title="Nie znaleziono strony",
            page_url="404.html",
            relative_urls=self.settings["RELATIVE_URLS"],
        )

    def _listing(
        self,
        writer,
        url: str,
        title: str,
        documents: list,
        *,
        template: str = "kategoria",
        **extra,
    ) -> None:
        writer.write_file(
            f"{url}index.html",
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            paginated={"articles": documents},
            template_name=template,
            url=url,
            page_title=title,
            page_url=url,
            listing_feed=f"{url}atom.xml",
            **extra,
        )
        self._feed(url, f"{title} — {self.context['SITENAME']}", documents)

    def _newsletter(self, writer) -> None:
        """The issues of the newsletter by year, and their feed."""
        issues = self.context["bip_issues"]
        url = f"{NEWSLETTER}/"
        site = self.context["bip"]
        newest = (
            site.categories.get(issues[0].document.menu_category) if issues else None
        )
        title = f"{newest.name if newest else 'Biuletyn gminy'}: wszystkie numery"
        writer.write_file(
            f"{url}index.html",
            self.get_template("biuletyn"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            page_title=title,
            page_url=url,
            listing_feed=f"{url}atom.xml",
            issues_by_year=newsletter.by_year(issues),
        )
        current = [
            i.document for i in issues if not getattr(i.document, "archived", False)
        ]
        self._feed(url, f"{title} — {self.context['SITENAME']}", current)

    @functools.cached_property
    def _newest(self) -> dt.datetime:
        """The newest document's date, once per build (every feed needs it)."""
        dates = (d.date for d in all_documents(self.context))
        return max(dates, default=feeds.NO_DATE)

    def _feed(self, url: str, title: str, documents: list) -> None:
        """The Atom feed of a listing: its newest documents.

        An empty feed is dated by the newest document, never by the clock.
        """
        site_url = self.settings.get("SITEURL", "")
        feed_domain = self.settings.get("FEED_DOMAIN") or site_url
        channel = feeds.Channel(
            title, f"{site_url}/{url}", f"{feed_domain}/{url}atom.xml", self._newest
        )
        entries = [
            feeds.Entry(
                doc.title, f"{site_url}/{doc.url}", doc.date, html=str(doc.bip_body)
            )
            for doc in documents[: plugin_settings(self.settings)["feed_items"]]
        ]
        limit = in_bytes(self.context["bip"].limits, "wpis_kanalu_kb")
        feeds.write(Path(self.output_path) / url / "atom.xml", channel, entries, limit)

    def _editor(self, site) -> None:
        """The web editor under edytor/, as bip.yaml's `edytor` section says."""
        section = site.editor
        settings = editor.config(
            site,
            editor.backend(section),
            str(section.get("folder") or "content"),
            editor.reviewed(section),
        )
        try:
            editor.write(Path(self.output_path), settings)
        except FileNotFoundError as missing:
            logger.error("bip_site: bip.yaml: edytor: %s", missing)
            return
        self.settings.setdefault(UNLISTED, set()).add(f"{EDITOR}/")


def get_generators(pelican):
    """Add the menu generator."""
    return BipSiteGenerator


def add_filters(generator) -> None:
    """Polish date filters for every generator's templates."""
    generator.env.filters.update(FILTERS)


# What the sitemap and the manifest need of the documents, kept in Pelican's
# settings for the build's end (as the content check is: CHECK).
MODIFIED = "BIP_SITE_MODIFIED"  # page URL → day of its last change
NEWEST = "BIP_SITE_NEWEST"  # title of the newest document


def remember_dates(generator) -> None:
    """Note each document's last change (its newest version, else its date)."""
    modified = {}
    documents = all_documents(generator.context)
    for doc in documents:
        history = getattr(doc, "bip_history", None)
        when = history.versions[-1].when if history else doc.date
        modified[doc.url] = when.date()
    generator.settings[MODIFIED] = modified
    if documents:
        generator.settings[NEWEST] = max(documents, key=lambda d: d.date).title


def write_sitemap(pelican) -> None:
    """sitemap.xml and robots.txt, once every page is written."""
    output = Path(pelican.output_path)
    base = str(pelican.settings.get("SITEURL") or "")
    if not base.startswith("http"):
        declared = required_check(pelican.settings, "bip_site").declaration
        base = declared["adres_strony"] if declared else ""
    if not base:
        logger.warning("bip_site: brak publicznego adresu serwisu: pomijam sitemap.xml")
        return
    modified = pelican.settings.get(MODIFIED, {})
    unlisted = pelican.settings.get(UNLISTED, set())
    count = sitemap.write(output, base.rstrip("/"), modified, unlisted)
    logger.info("bip_site: sitemap.xml lists %d pages", count)


def write_manifest(pelican) -> None:
    """The manifest of every output file, when nothing more will be written."""
    output = Path(pelican.output_path)
    title = pelican.settings.get(NEWEST, "")
    manifest.write(output, manifest.smoke_word(title))


def finish_writing(pelican) -> None:
    """Wait for every page the writer hands to its child (and its error)."""
    writer = pelican.settings.get(WRITER)
    if isinstance(writer, KeptPagesWriter):
        writer.finish()


def get_writer(pelican) -> type[KeptPagesWriter]:
    """Pelican's writer that reads back document pages nothing changed in."""
    return KeptPagesWriter


def keep_pages(generator, writer) -> None:
    """Write the document pages rendered so far to the cache folder."""
    if isinstance(writer, KeptPagesWriter):
        kept, rendered = writer.flush()
        logger.info("bip_site: document pages kept %d, rendered %d", kept, rendered)


def register() -> None:
    """Connect the receivers."""
    # article_generator_finalized: documents and their histories are known.
    signals.article_generator_finalized.connect(remember_dates)
    # finalized, first: the pages the writer's child still writes are on disk.
    signals.finalized.connect(finish_writing)
    # finalized: every generator has written its pages.
    signals.finalized.connect(write_sitemap)
    # finalized, after write_sitemap (blinker calls receivers in connection
    # order; no other plugin listens to finalized): the manifest must list
    # every file. A file written after it fails the deploy's check.
    signals.finalized.connect(write_manifest)
    # get_generators: listings need every article read and the writer.
    signals.get_generators.connect(get_generators)
    # get_writer: document pages come from the cache when their inputs did not
    # change; article_writer_finalized: the documents' pages are written.
    signals.get_writer.connect(get_writer)
    signals.article_writer_finalized.connect(keep_pages)
    # generator_init: each generator has its own Jinja environment (jinja-filters).
    signals.generator_init.connect(add_filters)
