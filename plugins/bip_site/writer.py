"""Pelican's writer, with document pages read back when nothing they show changed.

Thin glue around bip_content.pages: Pelican's Writer renders and writes as
always; a template in KEPT is wrapped so that a page whose inputs are the
ones an earlier build kept (the cache folder of bip_metadata) is read back
instead of rendered. Without a cache folder it is Pelican's writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bip_content.cache import Store
from bip_content.pages import KeptTemplate, pages_store, read_names
from bip_metadata.plugin import cache_folder
from pelican.writers import Writer

from . import dates

# Document pages (and their earlier versions): one per document, so most of
# the pages of a build. Listings change with any document; not kept.
KEPT = frozenset({"article.html"})


class KeptPagesWriter(Writer):
    """Writes as Pelican's Writer; pages of KEPT templates may come from the cache."""

    def __init__(self, output_path: str, settings: dict | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self._templates: dict[str, KeptTemplate] = {}
        self._hashed: dict[str, tuple[object, str]] = {}
        self._store: Store | None = None

    def write_file(self, name: str, template: Any, context: dict, *args, **kwargs):
        """Pelican's write_file, with a KEPT template read back where it can be."""
        folder = cache_folder(self.settings)
        if folder is not None and getattr(template, "name", None) in KEPT:
            template = self._kept(template, folder, context) or template
        return super().write_file(name, template, context, *args, **kwargs)

    def flush(self) -> tuple[int, int]:
        """Write the pages rendered so far to the cache; (read back, rendered)."""
        if self._store is None:
            return 0, 0
        self._store.flush()
        return self._store.hits, self._store.misses

    def _kept(self, template: Any, folder: Path, context: dict) -> KeptTemplate | None:
        if self._store is None:
            code = [Path(dates.__file__)]  # the filters the templates call
            self._store = pages_store(folder, template.environment, code)
        kept = self._templates.get(template.name)
        if kept is None or kept.template is not template or kept.shared is not context:
            names = read_names(template.environment, template.name)
            if names is None:  # it reads what only rendering tells
                return None
            kept = KeptTemplate(template, names, self._store, context, self._hashed)
            self._templates[template.name] = kept
        return kept
