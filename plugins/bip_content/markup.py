"""Markdown to safe HTML: render, fix heading levels, sanitise to an allowlist.

Templates autoescape every value; `render()` is the one place where HTML is
marked safe, and only after the sanitiser has run over all of it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup, Tag
from markupsafe import Markup

from . import dialect, fields
from .cache import Store, fingerprint

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del",
        "details", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
        "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
        "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"id", "lang", "title"},
    "a": {"href"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# The scrolling wrapper that wrap_tables() puts around each table: these
# attributes pass the sanitiser with exactly these values and no others.
TABLE_WRAPPER = {
    "class": "bip-table-scroll",
    "role": "region",
    "tabindex": "0",
    "aria-label": "Tabela (przewijana)",
}


# The one class a list may carry: the dialect's numbered list, whose marks
# are in its text (dialect.py).
LIST_CLASS = "bip-lista"


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Drop images from another host, and our own attributes with other values."""
    if tag == "img" and attribute == "src" and urlsplit(value).netloc:
        return None
    if tag == "ol" and attribute == "class":
        return value if value == LIST_CLASS else None
    if attribute in TABLE_WRAPPER:
        return value if tag == "div" and value == TABLE_WRAPPER[attribute] else None
    return value


def sanitize(html: str) -> str:
    """Keep only allowlisted tags and attributes; no scripts, handlers, frames.

    >>> sanitize('<p onclick="x()">Hej<script>alert(1)</script></p>')
    '<p>Hej</p>'
    """
    attributes = {k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()}
    attributes["div"] = set(TABLE_WRAPPER)
    attributes["ol"] = attributes["ol"] | {"class"}
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=attributes,
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_attribute_filter,
        link_rel=None,
        strip_comments=True,
    )


def demote_headings(soup: BeautifulSoup) -> None:
    """Shift body headings so that the page title stays the only h1.

    >>> soup = BeautifulSoup("<h1>A</h1><h2>B</h2>", "html.parser")
    >>> demote_headings(soup); str(soup)
    '<h2>A</h2><h3>B</h3>'
    """
    if soup.find("h1") is None:
        return
    for level in range(5, 0, -1):
        for heading in soup.find_all(f"h{level}"):
            heading.name = f"h{level + 1}"


def wrap_tables(soup: BeautifulSoup) -> None:
    """Let wide tables scroll on their own, so the page never scrolls sideways.

    The wrapper is focusable so that keyboard users can scroll it too.
    """
    for table in soup.find_all("table"):
        table.wrap(soup.new_tag("div", attrs=dict(TABLE_WRAPPER)))


# What a rendered body depends on besides its text and glossary.
RENDERING = (Path(__file__), Path(dialect.__file__), Path(fields.__file__))
RENDERING_PACKAGES = ("Markdown", "nh3", "beautifulsoup4")


def render_store(folder: Path | None) -> Store:
    """Rendered bodies kept in `folder` (None: rendered every time)."""
    return Store(folder, "render", fingerprint(RENDERING, RENDERING_PACKAGES))


def render(
    body: str, glossary: dict | None = None, store: Store | None = None
) -> Markup:
    """Render a body in the clerks' Markdown (dialect.py) into sanitised HTML.

    Headings start at h2; `glossary` (abbreviation → meaning) marks each
    one's first use. The sanitiser runs last, over everything, and its
    output alone is marked safe for the autoescaping templates. With a
    `store`, a body rendered by an earlier build is read back from it.
    """
    if store is None:
        return Markup(_rendered(body, glossary))
    terms = "\n".join(f"{k}\t{v}" for k, v in sorted((glossary or {}).items()))
    return Markup(store.computed((body, terms), lambda: _rendered(body, glossary)))


def _rendered(body: str, glossary: dict | None) -> str:
    html = dialect.markdown().convert(body)
    if glossary or "<h1" in html or "<table" in html:
        soup = BeautifulSoup(html, "html.parser")
        demote_headings(soup)
        mark_abbreviations(soup, glossary or {})
        wrap_tables(soup)
        html = str(soup)
    return sanitize(html)


SKIP_ABBR = frozenset({"a", "abbr", "code", "pre", "kbd", "script", "style"})


def mark_abbreviations(soup: BeautifulSoup, glossary: dict[str, str]) -> None:
    """Wrap the first use of each known abbreviation in <abbr title="…">.

    Only the first use: a screen reader user hears the expansion once, and
    the Słownik skrótów explains every one.

    >>> soup = BeautifulSoup("<p>MOPS i MOPSy, MOPS</p>", "html.parser")
    >>> mark_abbreviations(soup, {"MOPS": "Ośrodek"}); str(soup)
    '<p><abbr title="Ośrodek">MOPS</abbr> i MOPSy, MOPS</p>'
    """
    if not glossary:
        return
    pattern = re.compile(
        r"(?<![\w.])("
        + "|".join(re.escape(k) for k in sorted(glossary, key=len, reverse=True))
        + r")(?![\w])"
    )
    seen: set[str] = set()
    for node in list(soup.find_all(string=True)):
        if any(parent.name in SKIP_ABBR for parent in node.parents):
            continue
        text, position = str(node), 0
        parts: list[str | Tag] = []
        for match in pattern.finditer(text):
            word = match.group(1)
            if word in seen:
                continue
            seen.add(word)
            abbr = soup.new_tag("abbr", title=glossary[word])
            abbr.string = word
            parts += [text[position : match.start()], abbr]
            position = match.end()
        if parts:
            node.replace_with(*parts, text[position:])
