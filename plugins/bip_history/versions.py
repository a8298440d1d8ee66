"""Earlier versions of a document as page objects (no Pelican).

A version is read back from its git blob with the same reader and Markdown
as the current document, so it looks as residents saw it then.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from bip_attachments.attachments import describe
from bip_content import documents, effort, markup
from bip_content.cache import Store, fingerprint
from bip_content.fields import Context
from bip_content.frontmatter import load_yaml, split
from bs4 import BeautifulSoup
from markupsafe import Markup

from .history import DocumentHistory, Version
from .repository import Loaded

BLOCKS = ["p", "li", "td", "th"]  # a block inside another is read with its parent
# difflib.ndiff compares each removed line with each added one: 2 000 by
# 2 000 changed lines took 0.2 s, 50 000 by 50 000 would take hours.
DIFF_PAIRS = 4_000_000


def title_of(raw: bytes, fallback: str) -> str:
    r"""The `tytul` of a document blob, or `fallback` if it cannot be read.

    >>> title_of("---\ntytul: Nabór\n---\nTreść".encode(), "x")
    'Nabór'
    """
    parts = split(raw.decode("utf-8", "replace"))
    try:
        data = load_yaml(parts[0])[0] if parts else None
    except yaml.YAMLError:
        data = None
    title = data.get("tytul") if isinstance(data, dict) else None
    return str(title) if title else fallback


def url_of(path: str) -> str:
    """The site URL of a document path: `<dział>/<name without date>/`."""
    folder, name = path.split("/", 1)
    return f"{folder}/{documents.slug_of(name)}/"


def version_url(doc_url: str, number: int) -> str:
    """Stable URL of an earlier version."""
    return f"{doc_url}wersje/{number}/"


@dataclass
class VersionPage:
    """What the document template needs, for one earlier version."""

    url: str
    current_url: str
    version: Version
    count: int
    meta: dict
    bip_body: str  # sanitised HTML (markup.render), as for a current document
    attachments: list = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # to write: name → data
    removed: bool = False  # the document itself was removed

    def __getattr__(self, name: str):
        """Metadata as attributes, like a Pelican article (missing ones: None)."""
        try:
            return self.__dict__["meta"][name]
        except KeyError:
            return None


def read_version(
    history: DocumentHistory,
    version: Version,
    loaded: Loaded,
    ctx: Context,
    render: Callable[[str], str],
) -> VersionPage:
    """Render one version of a document from its blobs.

    An attachment the current version still has (same content) is linked
    where it is published; any other is written beside the version page.
    """
    current = history.versions[-1]
    current_url = url_of(current.path)
    published = {} if history.removal else current.attachments
    url = version_url(current_url, version.number)
    files = frozenset(version.attachments)
    raw = loaded.blobs.get(version.blob, b"")
    doc, problems = documents.read(version.path, version.path, raw, ctx, files)
    meta: dict[str, Any] = (
        dict(doc.meta) if doc else {"title": PurePosixPath(version.path).stem}
    )
    html = render(doc.body if doc else "")
    if any(problem.code in effort.MESSAGES for problem in problems):
        # The check dropped a body Markdown would take minutes over: as written.
        lines = written(_body(raw))
        html = Markup("").join(Markup("<p>{}</p>").format(line) for line in lines)
    page = VersionPage(url, current_url, version, len(history.versions), meta, html)
    page.removed = history.removal is not None
    for entry in meta.get("attachments") or []:
        blob = version.attachments.get(entry["plik"], "")
        size = loaded.sizes.get(blob, 0)
        if blob and blob == published.get(entry["plik"]):
            page.attachments.append(describe(entry, size, current_url))
        elif blob in loaded.blobs:  # not one too large to read
            page.files[entry["plik"]] = loaded.blobs[blob]
            page.attachments.append(describe(entry, size, url))
    meta["attachments"] = page.attachments
    meta["published_at"] = version.when
    meta.setdefault("entered_by", history.entered_by)
    return page


def text_diff(old: str, new: str) -> list[tuple[str, str]] | None:
    r"""Line-by-line comparison of two texts: ("del" | "ins", line) pairs.

    The template shows removed lines as <del> and added ones as <ins>, each
    also said in words for screen readers, which announce neither element.
    Lines both texts begin or end with are left out first; None when what
    remains is too much to compare (DIFF_PAIRS): the page then links the
    two versions only.

    >>> text_diff("a\nb", "a\nc"), text_diff("a", "a")
    ([('del', 'b'), ('ins', 'c')], [])
    >>> text_diff("x\n" * 2001, "y\n" * 2001) is None
    True
    """
    before, after = old.splitlines(), new.splitlines()
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and (
        before[-1 - end] == after[-1 - end]
    ):
        end += 1
    before, after = before[start : len(before) - end], after[start : len(after) - end]
    if len(before) * len(after) > DIFF_PAIRS:
        return None
    signs = {"- ": "del", "+ ": "ins"}
    return [
        (signs[line[:2]], line[2:])
        for line in difflib.ndiff(before, after)
        if line[:2] in signs
    ]


def body_text(raw: bytes, store: Store | None = None) -> str:
    r"""The text residents read in a document blob, one line per paragraph.

    `store` keeps the rendered body between builds (bip_content.cache).

    >>> body_text("---\ntytul: A\n---\nTermin: **15 marca**.\n".encode())
    'Termin: 15 marca.'
    """
    body = _body(raw)
    if effort.effort(body).over:  # Markdown would take minutes: read as written
        return "\n".join(written(body))
    html = markup.render(body, store=store)
    soup = BeautifulSoup(html, "html.parser")
    blocks = soup.find_all(["p", "li", "h2", "h3", "h4", "h5", "h6", "td", "th", "pre"])
    lines = [" ".join(b.get_text().split()) for b in blocks if not b.find(BLOCKS)]
    return "\n".join(line for line in lines if line)


def _body(raw: bytes) -> str:
    """The body of a document blob (all of it without front matter)."""
    text = raw.decode("utf-8", "replace")
    parts = split(text)
    return parts[1] if parts else text


def written(body: str) -> list[str]:
    """The non-blank lines of a body as written, spaces collapsed (no Markdown)."""
    lines = [" ".join(line.split()) for line in body.splitlines()]
    return [line for line in lines if line]


def text_store(folder: Path | None) -> Store:
    """Versions' texts (body_text) kept by git blob id, a hash of the bytes."""
    code = [Path(__file__), Path(effort.__file__), *markup.RENDERING]
    packages = (*markup.RENDERING_PACKAGES, "beautifulsoup4")
    return Store(folder, "bodytext", fingerprint(code, packages))


def context_for(site, today: dt.date) -> Context:
    """The validation context of the current site, for reading old versions."""
    return Context(
        frozenset(site.bodies), frozenset(site.categories), frozenset(site.kinds), today
    )
