"""bip_attachments: publish each document's declared attachments beside it."""

from __future__ import annotations

import logging
from pathlib import Path

from bip_content.limits import in_bytes
from bip_content.tree import copy_regular
from bip_metadata.plugin import all_documents
from pelican import signals

from .attachments import describe

logger = logging.getLogger(__name__)


class AttachmentGenerator:
    """Describes attachments (format, size) and copies them to the output."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.context = context
        self.content = Path(path)
        self.output = Path(output_path)

    def generate_context(self) -> None:
        """Replace {plik, opis} entries with described attachments."""
        for article in all_documents(self.context):
            entries = getattr(article, "attachments", None) or []
            folder = self.content / article.dzial / article.slug
            article.attachments = [
                describe(e, (folder / e["plik"]).lstat().st_size, article.bip_url)
                for e in entries
            ]

    def generate_output(self, writer) -> None:
        """Copy every attachment and body image next to its document page.

        Only regular files within the size limit are copied, never through a
        link: the content check has refused anything else already, and the
        copy refuses it again should a file change in between.
        """
        limit = in_bytes(self.context["bip"].limits, "zalacznik_mb")
        for article in all_documents(self.context):
            names = [a.file for a in article.attachments or []] + article.images
            for name in names:
                source = self.content / article.dzial / article.slug / name
                target = self.output / article.bip_url / name
                target.parent.mkdir(parents=True, exist_ok=True)
                copy_regular(source, target, limit)
                logger.debug("bip_attachments: copied %s", target)


def get_generators(pelican):
    """Add the attachment generator (it runs after articles are read)."""
    return AttachmentGenerator


def register() -> None:
    """Connect the receivers."""
    # get_generators: attachments need the final article list and the writer's
    # output folder; generators added here run before the static generator.
    signals.get_generators.connect(get_generators)
