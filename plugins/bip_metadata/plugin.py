"""bip_metadata: the documents' reader and the content check, for Pelican.

Glue only: the schema, the checks and the rendering live in bip_content,
which never imports Pelican.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from bip_content import markup
from bip_content.cache import Store, prune
from bip_content.check import SiteCheck, check_site
from bip_content.documents import publication_date
from bip_content.parallel import worker_count
from bip_content.settings import merged_settings
from markupsafe import Markup
from pelican import signals
from pelican.readers import BaseReader

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Turn every content error into a failed build (set in publishconf.py).
    "strict": False,
    # Date that counts as "today" for future-date checks; None means today.
    "today": None,
    # Folder that keeps rendered bodies between builds, by content
    # (bip_content.cache); "" keeps nothing. make passes CACHE in BIP_CACHE.
    "cache_dir": "",
    # Processes that check and render the documents a build has not kept
    # (bip_content.parallel); None: one per core.
    "workers": None,
}

# This build's content check, kept in Pelican's settings: the one object
# that the readers, the generators and the signals of a build all see (a
# new build has new settings), so nothing outlives the build.
CHECK = "BIP_CHECK"
# The build's bodies, rendered before Pelican reads the first one.
RENDERED = "BIP_RENDERED"


class ContentError(Exception):
    """Content errors stop a strict (publish) build."""


def plugin_settings(settings: dict) -> dict:
    """BIP_METADATA merged over DEFAULTS."""
    return merged_settings(settings, "BIP_METADATA", DEFAULTS)


def cache_folder(settings: dict) -> Path | None:
    """The folder of results kept between builds, if the settings name one."""
    folder = plugin_settings(settings)["cache_dir"]
    return Path(folder) if folder else None


def workers(settings: dict) -> int:
    """Processes that check and render what no earlier build kept."""
    return worker_count(plugin_settings(settings)["workers"])


def build_day(settings: dict) -> dt.date:
    """The day the build counts as today (dates, schedule, archive)."""
    today = plugin_settings(settings)["today"]
    return dt.date.fromisoformat(today) if today else dt.date.today()


def checked(settings: dict) -> SiteCheck | None:
    """The check of this build's content folder (None before `initialized`)."""
    return settings.get(CHECK)


def after_check(plugin: str) -> None:
    """Register `plugin`'s glue behind a check that bip_metadata checked first.

    The check is connected to `initialized` before the plugin's own
    receivers, so a PLUGINS list without bip_metadata, or with it after
    `plugin`, stops the build at once instead of skipping the plugin's checks.
    """
    signals.initialized.connect(_needs_check(plugin))
    importlib.import_module(f"{plugin}.plugin").register()


@functools.cache
def _needs_check(plugin: str) -> Callable[[object], None]:
    """One receiver per plugin (kept here, so blinker's weak reference lives)."""

    def needs_check(pelican) -> None:
        required_check(pelican.settings, plugin)

    return needs_check


def required_check(settings: dict, plugin: str) -> SiteCheck:
    """The content check another plugin needs; a clear error when it has not run.

    Without it a plugin would silently skip its own checks (a PLUGINS list
    without bip_metadata, or with it after the plugin that needs it).
    """
    result = checked(settings)
    if result is None:
        raise RuntimeError(
            f"{plugin} needs the content check of bip_metadata: list "
            f"bip_metadata before {plugin} in PLUGINS "
            f"(now: {settings.get('PLUGINS')})"
        )
    return result


def all_documents(context: dict) -> list:
    """Every document with a page: current ones, then archived (hidden) ones."""
    return context.get("articles", []) + context.get("hidden_articles", [])


def run_checks(pelican) -> None:
    """Check all content once, before any reader runs, and log every problem."""
    config = plugin_settings(pelican.settings)
    root = Path(pelican.settings["PATH"])
    result = check_site(
        root,
        build_day(pelican.settings),
        shown=str(root),
        cache=cache_folder(pelican.settings),
        workers=workers(pelican.settings),
    )
    pelican.settings[CHECK] = result
    pelican.settings.pop(RENDERED, None)
    # Pelican walks the content folder following links; a linked folder
    # (an error above) must not be walked even in a preview.
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        pelican.settings[key] = [*pelican.settings.get(key, []), *result.links]
    for problem in result.problems:
        if problem.is_error and config["strict"]:
            logger.error("bip_metadata: %s", problem)
        else:
            logger.warning("bip_metadata: %s", problem)
    if config["strict"] and not result.ok:
        raise ContentError("bip_metadata: błędy w treści, publikacja wstrzymana")


def add_site_data(generator) -> None:
    """Expose bip.yaml to every template as `bip`."""
    result = checked(generator.settings)
    if result is not None:
        generator.context["bip"] = result.site
        generator.context["bip_declaration"] = result.declaration


class BipReader(BaseReader):
    """Reads documents that the site check has already parsed and validated."""

    enabled = True
    file_extensions: ClassVar[list[str]] = ["md"]

    def read(self, source_path: str) -> tuple[str, dict]:
        """Return sanitised HTML and metadata, or skip a document with errors."""
        result = checked(self.settings)
        # Pelican joins PATH and the file's place in it, links unresolved (as
        # the check's walk names files); resolving both cost ~0.1 ms a file.
        rel = os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")
        doc = result.documents.get(rel) if result else None
        if result is None or result.site is None or not (doc and doc.publishable):
            return "", {"status": "skip"}
        html = self._rendered(result)[doc.body]
        return html, metadata_for(doc, html)

    def _rendered(self, result: SiteCheck) -> dict[str, Markup]:
        """Every publishable body of the build, rendered at the first read.

        Kept in the settings, shared by the readers of all generators:
        rendering them together lets the bodies no build kept be rendered
        on every core (markup.render_all).
        """
        if RENDERED not in self.settings:
            bodies = [d.body for d in result.documents.values() if d.publishable]
            assert result.site is not None  # read() returns before, otherwise
            self.settings[RENDERED] = markup.render_all(
                bodies, result.site.abbreviations, self.store, workers(self.settings)
            )
        return self.settings[RENDERED]

    @functools.cached_property
    def store(self) -> Store:
        """Bodies rendered by this build or kept from earlier ones."""
        return markup.render_store(cache_folder(self.settings))


def metadata_for(doc, html: str = "") -> dict:
    """Pelican metadata from a checked document (dates become datetimes).

    `bip_body` is the sanitised body as markup.render() marked it safe:
    templates print it, not Pelican's `content`, which Pelican rewrites into
    a plain string that autoescaping would show as text.
    """
    # `url` too: Pelican then keeps it as is (override_url) instead of
    # formatting ARTICLE_URL anew at each of the ~10 reads per document.
    meta = dict(
        doc.meta,
        slug=doc.slug,
        url=doc.url,
        bip_url=doc.url,
        bip_source=doc.path,
        bip_body=html,
    )
    if not doc.is_page:
        meta["dzial"] = doc.department
        meta["date"] = publication_date(meta)  # bip_history adds git's dates
    return meta


def keep_rendered(generator) -> None:
    """Write the bodies a generator's reader rendered to the cache folder."""
    reader = generator.readers.readers.get("md")
    if isinstance(reader, BipReader) and "store" in vars(reader):
        reader.store.flush()


def prune_cache(pelican) -> None:
    """Drop kept results that no build used for cache.KEEP_DAYS."""
    folder = cache_folder(pelican.settings)
    if folder is not None and folder.is_dir():
        prune(folder)


def add_reader(readers) -> None:
    """Use our reader for Markdown instead of Pelican's."""
    readers.reader_classes["md"] = BipReader


def register() -> None:
    """Connect the receivers."""
    # initialized: the whole folder must be checked before readers run, so that
    # every problem is reported at once and duplicate URLs are seen.
    signals.initialized.connect(run_checks)
    signals.readers_init.connect(add_reader)
    # generator_init: the shared context exists and templates are not yet rendered.
    signals.generator_init.connect(add_site_data)
    signals.article_generator_finalized.connect(keep_rendered)
    signals.page_generator_finalized.connect(keep_rendered)
    signals.finalized.connect(prune_cache)
