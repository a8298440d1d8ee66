"""Markdown to safe HTML: render, sanitise to an allowlist, fix heading levels."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import markdown
import nh3
from bs4 import BeautifulSoup

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


def _local_only(tag: str, attribute: str, value: str) -> str | None:
    """Drop images (and other loaded resources) from another host."""
    if tag == "img" and attribute == "src" and urlsplit(value).netloc:
        return None
    return value


def sanitize(html: str) -> str:
    """Keep only allowlisted tags and attributes; no scripts, handlers, frames.

    >>> sanitize('<p onclick="x()">Hej<script>alert(1)</script></p>')
    '<p>Hej</p>'
    """
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_local_only,
        link_rel=None,
        strip_comments=True,
    )


def demote_headings(html: str) -> str:
    """Shift body headings so that the page title stays the only h1.

    >>> demote_headings("<h1>A</h1><h2>B</h2>")
    '<h2>A</h2><h3>B</h3>'
    """
    if "<h1" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for level in range(5, 0, -1):
        for heading in soup.find_all(f"h{level}"):
            heading.name = f"h{level + 1}"
    return str(soup)


def wrap_tables(html: str) -> str:
    """Let wide tables scroll on their own, so the page never scrolls sideways.

    The wrapper is focusable so that keyboard users can scroll it too.
    """
    if "<table" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for table in soup.find_all("table"):
        wrapper = soup.new_tag(
            "div",
            attrs={
                "class": "bip-table-scroll",
                "role": "region",
                "tabindex": "0",
                "aria-label": "Tabela (przewijana)",
            },
        )
        table.wrap(wrapper)
    return str(soup)


def render(body: str, config: dict | None = None) -> str:
    """Render a Markdown body into sanitised HTML (headings from h2)."""
    config = config or {}
    md = markdown.Markdown(
        extensions=list(config.get("extension_configs", {}))
        + config.get("extensions", []),
        extension_configs=config.get("extension_configs", {}),
        output_format="html",
    )
    return wrap_tables(sanitize(demote_headings(md.convert(body))))


SKIP_ABBR = frozenset({"a", "abbr", "code", "pre", "kbd"})


def mark_abbreviations(html: str, glossary: dict[str, str]) -> str:
    """Wrap the first use of each known abbreviation in <abbr title="…">.

    Only the first use: a screen reader user hears the expansion once, and
    the Słownik skrótów explains every one.

    >>> mark_abbreviations("<p>MOPS i MOPSy, MOPS</p>", {"MOPS": "Ośrodek"})
    '<p><abbr title="Ośrodek">MOPS</abbr> i MOPSy, MOPS</p>'
    """
    if not glossary:
        return html
    pattern = re.compile(
        r"(?<![\w.])("
        + "|".join(re.escape(k) for k in sorted(glossary, key=len, reverse=True))
        + r")(?![\w])"
    )
    soup = BeautifulSoup(html, "html.parser")
    seen: set[str] = set()
    for node in list(soup.find_all(string=True)):
        if any(parent.name in SKIP_ABBR for parent in node.parents):
            continue
        text, parts, position = str(node), [], 0
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
    return str(soup)
