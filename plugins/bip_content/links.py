"""Links inside documents: every internal page, attachment and anchor exists.

Pure: works on checked documents and the set of the site's addresses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from . import markup
from .addresses import UNDER
from .fields import suggest
from .messages import Said, say
from .problems import Problem

if TYPE_CHECKING:
    from .documents import SourceDocument

Pages = dict[str, "SourceDocument | None"]  # address → its document (None: generated)

# [text](target "title") in Markdown, and href="…" in raw HTML. Images
# (![alt](file)) are checked with the document's images, not here.
LINK = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]+)>?[^)]*\)|href=[\"']([^\"']+)[\"']")


@functools.cache
def heading_ids(body: str) -> frozenset[str]:
    """The ids the build gives a document's headings (and explicit ids)."""
    html = markup.render(body)  # the build's own rendering gives the ids
    soup = BeautifulSoup(html, "html.parser")
    return frozenset(str(tag["id"]) for tag in soup.find_all(id=True))


def link_problems(
    shown: str,
    doc: SourceDocument,
    pages: Pages,
    published: Callable[[SourceDocument], set[str]],
    suggestions: dict[str, str] | None = None,
) -> list[Problem]:
    """Broken internal links of one document, each with its line.

    `pages` maps every site address (relative, like "oswiata/nabor/") to its
    document, or to None for pages the site generates; `published(doc)`
    gives the files a document publishes beside its page; `suggestions`
    caches typo suggestions across the documents of one check.
    """
    problems: list[Problem] = []
    if "](" not in doc.body and "href=" not in doc.body:
        return problems  # no link (LINK needs one of them): most documents
    suggestions = {} if suggestions is None else suggestions
    base = "/" + doc.url
    for offset, line in enumerate(doc.body.split("\n")):
        for match in LINK.finditer(line):
            if match.group(1):
                continue  # an image
            target = match.group(2) or match.group(3)
            said = _broken(target, base, doc, (pages, published, suggestions))
            if said:
                problems.append(Problem.at(shown, doc.body_line + offset, said))
    return problems


def _broken(target, base, doc, site) -> Said | None:
    """What is wrong with a broken link; `site` is (pages, published, cache)."""
    pages, published, suggestions = site
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None  # another site, e-mail or phone: not ours to check
    path = unquote(urljoin(base, parts.path)).lstrip("/") if parts.path else doc.url
    owner = _owner(path, pages)
    if owner is _MISSING:
        suggestion = _suggestion(path, pages, suggestions)
        return say("no_such_page", path=path, suggestion=suggestion)
    if isinstance(owner, tuple):  # a file beside a document's page
        page_doc, name = owner
        if name not in published(page_doc):
            return say("file_not_published", name=name)
        return None
    if parts.fragment and owner is not None:
        ids = heading_ids(owner.body)
        if unquote(parts.fragment) not in ids:
            where = "tej stronie" if owner is doc else f"stronie „/{path}”"
            known = ", ".join(f"#{i}" for i in sorted(ids)) or "brak (dodaj śródtytuł)"
            return say(
                "no_such_anchor", anchor=parts.fragment, where=where, known=known
            )
    return None


_MISSING = object()


def _owner(path: str, pages: Pages):
    """The document (or None) behind an address, (document, file), or _MISSING."""
    if path in pages:
        return pages[path]
    folder, _, name = path.rstrip("/").rpartition("/")
    page = folder + "/" if folder else ""
    if page in pages and pages[page] is not None and not path.endswith("/"):
        return pages[page], name
    under = UNDER.search(path)
    if under and path[: under.start()] in pages and under.start():
        return None
    return _MISSING


def _suggestion(path: str, pages: Pages, seen: dict[str, str]) -> str:
    """'Czy chodziło o …?' among the pages of the same section, once per path.

    Comparing with every page of a large site for every broken link took
    minutes on 10 000 documents; one section and one look per path do not.
    """
    if path not in seen:
        section = path.split("/", 1)[0] + "/"
        known = [p for p in pages if p.startswith(section)] or [p for p in pages if p]
        seen[path] = suggest(path, known)
    return seen[path]
