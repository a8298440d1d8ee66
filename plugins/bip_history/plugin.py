"""bip_history: git is the change register (metryczka, history, versions).

Glue only: reading git and following documents live in gitlog.py,
history.py and repository.py, which never import Pelican.
"""

from __future__ import annotations

import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from bip_content.documents import publication_date
from bip_metadata.plugin import (
    ContentError,
    build_day,
    cache_folder,
    required_check,
)
from bip_metadata.plugin import plugin_settings as metadata_settings
from pelican import signals

from .generator import HistoryGenerator
from .repository import LOADED, check_documents, load, loaded_for
from .settings import plugin_settings

logger = logging.getLogger(__name__)


def load_history(pelican) -> None:
    """Read the history once, after the content check, and log its problems."""
    settings = pelican.settings
    root = Path(settings["PATH"])
    result = required_check(settings, "bip_history")
    limits = result.site.limits if result.site else None
    bots = plugin_settings(settings)["bots"]
    loaded = load(root, bots, str(root), limits, cache_folder(settings))
    found = check_documents(loaded, result.documents, str(root))
    loaded.problems += found
    # Like documents with content errors, these are left out of a preview.
    loaded.blocked = {p.path.removeprefix(f"{root}/") for p in found if p.is_error}
    settings[LOADED] = loaded
    strict = metadata_settings(settings)["strict"]
    for problem in loaded.problems:
        log = logger.error if problem.is_error and strict else logger.warning
        log("bip_history: %s", problem)
    if strict and any(p.is_error for p in loaded.problems):
        raise ContentError("bip_history: błędy historii, publikacja wstrzymana")


def apply_history(generator, metadata: dict) -> None:
    """Fill the metryczka from git; hold back scheduled and archive old documents.

    Front matter `wprowadzil` / `data_udostepnienia` win over git; the page
    then also shows what git says, so an override is never hidden.
    """
    rel = metadata.get("bip_source")
    if rel is None or "dzial" not in metadata:
        return
    settings = generator.settings
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    loaded = loaded_for(settings)
    if loaded and rel in loaded.blocked:
        metadata["status"] = "skip"
        return
    found = loaded.history.documents.get(rel) if loaded and loaded.history else None
    if found is not None:
        metadata["bip_history"] = found
        metadata["git_entered_by"] = found.entered_by
        metadata["git_published_at"] = found.published_at.astimezone(zone)
        metadata.setdefault("entered_by", found.entered_by)
        metadata.setdefault("published_at", metadata["git_published_at"])
        if metadata["entered_by"] is None:
            del metadata["entered_by"]
    metadata["date"] = publication_date(metadata, zone)
    today = build_day(settings)
    if metadata["date"].date() > today:
        metadata["status"] = "skip"
        logger.info(
            "bip_history: %s czeka na publikację (%s)", rel, metadata["date"].date()
        )
    archived_on = metadata.get("archived_on")
    if archived_on and archived_on <= today:
        metadata["status"] = "hidden"  # written at its URL, left out of listings
        metadata["archived"] = True


def get_generators(pelican):
    """Add the history pages generator (it runs after the articles are read)."""
    return HistoryGenerator


def register() -> None:
    """Connect the receivers."""
    # get_generators: versions and registers need every article read.
    signals.get_generators.connect(get_generators)
    # initialized: after bip_metadata's check (PLUGINS order), before readers.
    signals.initialized.connect(load_history)
    # article_generator_context: metadata is read, the Article not yet made,
    # so status and date decide listing, order and scheduling.
    signals.article_generator_context.connect(apply_history)
