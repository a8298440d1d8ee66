"""bip_search: build the Whoosh index of the site during the Pelican build.

Glue only: analysis, schema, records and the atomic switch live in pure
modules. The query side (searcher.py, service.py) runs no Pelican code; it
shares fold() and the Polish dates with the other plugins' pure modules.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from bip_content.cache import Store, fingerprint
from bip_content.messages import say
from bip_content.problems import Problem
from bip_content.settings import merged_settings
from bip_metadata.plugin import (
    all_documents,
    build_day,
    cache_folder,
    required_check,
    workers,
)
from pelican import signals
from pelican.generators import Generator

from . import documents, extraction
from .background import Background
from .documents import attachment_text, plain_texts, record
from .extraction import Extractor
from .indexer import (
    SHARED_WRITER_MB,
    WRITER_MB,
    RecordsFile,
    make_current,
    write_index,
)
from .service import QUERY_MARK, TITLE_MARK
from .synonyms import shipped

logger = logging.getLogger(__name__)

EXTRACTION_CODE = fingerprint(
    [Path(documents.__file__), Path(extraction.__file__)], ["pypdf"]
)
PLAIN_CODE = fingerprint([Path(documents.__file__)], ["lxml"])

DEFAULTS = {
    # Folder of the index (the service reads <index_dir>/current).
    "index_dir": "search_index",
    # Write the index in a second process while the pages are written:
    # faster on two cores, but both processes hold memory at once (at
    # 100 000 documents: the build 2.9 GiB, the index writer 0.8 GiB).
    # False writes it after the pages, in the build's own process.
    "background": True,
}


def text_cache(settings: dict) -> Path | None:
    """Where attachments' texts are kept between builds (None: nowhere).

    In the build's cache folder (bip_content.cache), under a hash of the
    code that reads attachments, so changed reading code reads them again.
    """
    folder = cache_folder(settings)
    return folder / "text" / EXTRACTION_CODE[:16] if folder else None


def plugin_settings(settings: dict) -> dict:
    """BIP_SEARCH merged over DEFAULTS (an unknown key is an error)."""
    return merged_settings(settings, "BIP_SEARCH", DEFAULTS)


class SearchIndexGenerator(Generator):
    """Indexes every published document once the site is read.

    Its context comes last (PLUGINS order): every document is read and
    dated. Each document's record goes to a file as it is made; the index
    is then written from that file by a child process (background.py)
    while the other generators write their pages; generate_output waits
    for it and makes the new index current only then, so a build that
    fails anywhere before leaves the live index as it was.
    """

    _writing: Background | None = None
    _records: RecordsFile | None = None

    def generate_context(self) -> None:
        """Extract texts and start writing a new index build in the background."""
        site = self.context.get("bip")
        if site is None:
            return
        root = Path(plugin_settings(self.settings)["index_dir"])
        cache = text_cache(self.settings)
        self.plain = Store(cache_folder(self.settings), "plain", PLAIN_CODE)
        # One worker process reads every attachment of the build (started
        # only when the first one needs reading; the cache answers the rest).
        docs = all_documents(self.context)
        bodies = plain_texts(
            [doc.bip_body for doc in docs], self.plain, workers(self.settings)
        )
        root.mkdir(parents=True, exist_ok=True)
        self._records = records = RecordsFile(root / f".tmp-records-{os.getpid()}")
        used = _Used()
        with Extractor() as extractor:
            count = records.write(
                used.add(self._record(doc, body, site, cache, extractor))
                for doc, body in zip(docs, bodies, strict=True)
            )
        self.plain.flush()
        self._shell = self._results_page()
        own = required_check(self.settings, "bip_search").thesaurus
        facets, thesaurus = used.facets(site), {**shipped(), **own}
        self._indexed = (count, root)
        child = plugin_settings(self.settings)["background"]
        self._writing = Background(
            functools.partial(
                write_index, pool_mb=WRITER_MB if child else SHARED_WRITER_MB
            ),
            root,
            records,
            self._shell,
            facets,
            thesaurus,
            child=child,
        )

    def generate_output(self, writer) -> None:
        """Wait for the index build, which switches itself in when written."""
        if self._writing is None or self._records is None:
            return
        try:
            written = self._writing.wait()
        finally:
            self._records.path.unlink(missing_ok=True)
        if self._results_page() != self._shell:  # the context changed after all
            raise RuntimeError(
                "bip_search: the results page changed after the documents were "
                "read; the index holds the earlier one (see SearchIndexGenerator)"
            )
        make_current(written)
        logger.info("bip_search: indexed %d documents into %s", *self._indexed)

    def _results_page(self) -> str:
        """The results page of the site's theme, with marks for the service."""
        return self.get_template("szukaj").render(
            self.context,
            page_title=TITLE_MARK,
            query=QUERY_MARK,
            page_url="szukaj",
            noindex=True,  # results pages are not for search engines
        )

    def _record(
        self, doc, body: str, site, cache: Path | None, extractor: Extractor
    ) -> dict:
        folder = Path(self.settings["PATH"]) / doc.dzial / doc.slug
        texts = []
        for attachment in doc.attachments or []:
            where = f"{folder}/{attachment.file}"
            found = attachment_text(
                folder / attachment.file,
                cache,
                extractor=extractor,
                **extraction_limits(site.limits),
            )
            if found.reason:
                said = say("attachment_not_indexed", reason=found.reason)
                logger.warning("bip_search: %s", Problem.at(where, 1, said))
            elif attachment.format == "PDF" and not found.text.strip():
                said = say("scanned_pdf")
                logger.warning("bip_search: %s", Problem.at(where, 1, said))
            texts += [attachment.description, found.text]
        trail = site.trail(doc.menu_category)
        return record(
            {
                "url": doc.url,
                "title": doc.title,
                "number": getattr(doc, "number", ""),
                "html": doc.bip_body,
                "attachments_text": " ".join(texts),
                "keywords": getattr(doc, "keywords", []),
                "category": doc.menu_category,
                "categories": [item.slug for item in trail],
                "category_name": trail[-1].name,
                "publisher": doc.publisher,
                "kind": getattr(doc, "kind", ""),
                "date": doc.date,
                "archived_on": getattr(doc, "archived_on", None),
            },
            build_day(self.settings),
            body,
        )


def extraction_limits(limits: dict[str, int]) -> dict[str, float]:
    """The worker's limits from the municipality's (bip.yaml → limity)."""
    return {
        "seconds": limits["czas_zalacznika_s"],
        "memory_mb": limits["pamiec_zalacznika_mb"],
        "unpacked_mb": limits["rozpakowanie_mb"],
        "max_chars": limits["tekst_zalacznika_znaki"],
    }


class _Used:
    """What the indexed documents hold of the filters' choices."""

    def __init__(self) -> None:
        self.categories: set[str] = set()
        self.kinds: set[str] = set()
        self.years: set[int] = set()

    def add(self, record: dict) -> dict:
        """Note a record's category, kind and year; the record itself."""
        self.categories |= {record["category"], *record["categories"].split(",")}
        self.kinds.add(record["kind"])
        self.years.add(record["year"])
        return record

    def facets(self, site) -> dict:
        """The filter choices: {"kategoria": [[slug, name]], …}."""
        return {
            "kategoria": [
                [s, i.name] for s, i in site.categories.items() if s in self.categories
            ],
            "podmiot": [[k, b["nazwa"]] for k, b in site.bodies.items()],
            "rodzaj": [[k, k] for k in site.kinds if k in self.kinds],
            "rok": [[y, y] for y in sorted(self.years, reverse=True)],
        }


def get_generators(pelican):
    """Add the index generator."""
    return SearchIndexGenerator


def register() -> None:
    """Connect the receivers."""
    # get_generators: the index needs the final article list with rendered HTML;
    # added generators run after the articles are read.
    signals.get_generators.connect(get_generators)
