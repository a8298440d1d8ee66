"""Pelican's writer, with document pages read back when nothing they show changed.

Thin glue around bip_content.pages: Pelican's Writer renders and writes as
always; a template in KEPT is wrapped so that a page whose inputs are the
ones an earlier build kept (the cache folder of bip_metadata) is read back
instead of rendered. Without a cache folder it is Pelican's writer.

A page that is not paginated is written by a child process (files.py) as
Pelican's writer would write it, while the build makes the next one;
`finish()` (the first receiver of `finalized`) waits until all are on disk.
Paginated pages, pages that overwrite another and builds where a plugin
listens to `content_written` (it may read the file) go Pelican's way.

Document pages are keyed and rendered here, one at a time, on purpose.
Tried: batches of 1 000 pages keyed and rendered in forked workers
(bip_content.parallel), then handed to the child. On the bench's 10 000
documents the build's own CPU fell by 1.2-2 s, but its wall time did not
(+1 edit: 12.5-17.5 s against 12.6-17.2 s, alternated): the child is bound
by file creation on the disk, and while the workers render a batch it has
nothing to write, so the build then waited 2.3 s (+1 edit) and 5.0 s
(first build) on it. One page at a time, rendering overlaps writing.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

from bip_content.cache import Store
from bip_content.pages import KeptTemplate, pages_store, read_names
from bip_metadata.plugin import cache_folder
from pelican import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from . import dates
from .files import BackgroundFiles

logger = logging.getLogger(__name__)

WRITER = "BIP_SITE_WRITER"  # the build's writer, for finish() at `finalized`

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
        self._files = BackgroundFiles()
        previous = self.settings.get(WRITER)
        if isinstance(previous, KeptPagesWriter):  # `pelican --listen`: a build
            previous.abandon()  # that failed left its child waiting
        self.settings[WRITER] = self

    def write_file(self, name: str, template: Any, context: dict, *args, **kwargs):
        """Pelican's write_file, with a KEPT template read back where it can be."""
        folder = cache_folder(self.settings)
        if folder is not None and getattr(template, "name", None) in KEPT:
            template = self._kept(template, folder, context) or template
        if args or not self._later(name, kwargs):
            super().write_file(name, template, context, *args, **kwargs)
        else:
            self._write_later(name, template, context, **kwargs)

    def finish(self) -> None:
        """Return when every page is on disk; raise the first write's error."""
        self._files.finish()

    def abandon(self) -> None:
        """Let the child end after a failed build (its errors told or moot)."""
        with contextlib.suppress(Exception):
            self._files.finish()

    def _later(self, name: str, kwargs: dict) -> bool:
        """Whether Pelican would write this one page without paginating it."""
        return bool(
            name
            and kwargs.get("paginated") is None
            and not kwargs.get("override_output")
            and not kwargs.keys() & {"articles", "dates"}
            and not signals.content_written.receivers
        )

    def _write_later(self, name, template, context, relative_urls=False, **kwargs):
        """Pelican's write_file for one page, the file written by the child."""
        for unused in ("paginated", "template_name", "override_output", "url"):
            kwargs.pop(unused, None)  # none paginated, none overriding (_later)
        local = context.copy()
        local["localsiteurl"] = local.get("localsiteurl", None)
        if relative_urls:
            relative_url = path_to_url(get_relative_path(name))
            local["SITEURL"] = local["localsiteurl"] = relative_url
        local["output_file"] = name
        local.update(kwargs)
        if local["localsiteurl"]:
            context["localsiteurl"] = local["localsiteurl"]
        output = template.render(local)
        path = sanitised_join(self.output_path, name)
        if path in self._written_files or path in self._overridden_files:
            self._files.finish()  # Pelican's own error, after what came before
            super().write_file(name, template, context, relative_urls, **kwargs)
        else:
            self._written_files.add(path)
            self._files.write(path, output)
            logger.info('Writing "%s"', path)

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
