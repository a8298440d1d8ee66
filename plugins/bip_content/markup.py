"""Markdown to safe HTML: render, fix heading levels, sanitise to an allowlist.

Templates autoescape every value; `render()` is the one place where HTML is
marked safe, and only after the sanitiser has run over all of it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import nh3
from lxml import etree
from lxml.html import HtmlElement
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


def fragment(html: str) -> HtmlElement:
    """An HTML fragment parsed under a <div> of its own (see serialized())."""
    return lxml.html.fragment_fromstring(html, create_parent="div")


def serialized(root: HtmlElement) -> str:
    """What fragment() parsed, written back as HTML (without the <div>)."""
    return escape(root.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )


def demote_headings(root: HtmlElement) -> None:
    """Shift body headings so that the page title stays the only h1.

    >>> root = fragment("<h1>A</h1><h2>B</h2>"); demote_headings(root)
    >>> serialized(root)
    '<h2>A</h2><h3>B</h3>'
    """
    headings = list(root.iter(*HEADINGS))
    if not any(h.tag == "h1" for h in headings):
        return
    for heading in headings:
        heading.tag = f"h{min(int(heading.tag[1]) + 1, 6)}"


def wrap_tables(root: HtmlElement) -> None:
    """Let wide tables scroll on their own, so the page never scrolls sideways.

    The wrapper is focusable so that keyboard users can scroll it too.

    >>> root = fragment("<p>x</p><table><tr><td>1</td></tr></table> y")
    >>> wrap_tables(root); serialized(root).split(" class")[0]
    '<p>x</p><div aria-label="Tabela (przewijana)"'
    >>> serialized(root).split("</table>")[1]
    '</div> y'
    """
    for table in list(root.iter("table")):
        # Attributes in name order, as published pages have always had them.
        wrapper = lxml.html.Element("div", dict(sorted(TABLE_WRAPPER.items())))
        table.addprevious(wrapper)
        wrapper.tail, table.tail = table.tail, None
        wrapper.append(table)


# What a rendered body depends on besides its text and glossary.
RENDERING = (Path(__file__), Path(dialect.__file__), Path(fields.__file__))
RENDERING_PACKAGES = ("Markdown", "nh3", "lxml")


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
    terms = _terms(glossary)
    return Markup(store.computed((body, terms), lambda: _rendered(body, glossary)))


def render_all(
    bodies: Iterable[str], glossary: dict | None, store: Store, workers: int
) -> dict[str, Markup]:
    """Each distinct body rendered as render() would: kept ones read back.

    The others are rendered in up to `workers` processes (parallel.py) and
    stored: a first build of 10 000 documents renders on both cores of a
    CI runner instead of one.
    """
    terms = _terms(glossary)
    distinct = list(dict.fromkeys(bodies))
    render_one = functools.partial(_rendered, glossary=glossary)
    made = store.computed_all(distinct, lambda body: (body, terms), render_one, workers)
    return {body: Markup(html) for body, html in zip(distinct, made, strict=True)}


def _terms(glossary: dict | None) -> str:
    """The glossary as part of a rendered body's key."""
    return "\n".join(f"{k}\t{v}" for k, v in sorted((glossary or {}).items()))


def _rendered(body: str, glossary: dict | None) -> str:
    html = dialect.markdown().convert(body)
    if glossary or "<h1" in html or "<table" in html:
        root = fragment(html)
        demote_headings(root)
        mark_abbreviations(root, glossary or {})
        wrap_tables(root)
        html = serialized(root)
    return sanitize(html)


SKIP_ABBR = frozenset({"a", "abbr", "code", "pre", "kbd", "script", "style"})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def mark_abbreviations(root: HtmlElement, glossary: dict[str, str]) -> None:
    r"""Wrap the first use of each known abbreviation in <abbr title="…">.

    Only the first use: a screen reader user hears the expansion once, and
    the Słownik skrótów explains every one.

    >>> root = fragment("<p>MOPS i <b>MOPSy</b>, MOPS</p><p>ZGK, <b>ZGK</b></p>")
    >>> mark_abbreviations(root, {"MOPS": "Ośrodek", "ZGK": "Zakład"})
    >>> print(serialized(root).replace("</p>", "</p>\n"))
    <p><abbr title="Ośrodek">MOPS</abbr> i <b>MOPSy</b>, MOPS</p>
    <p><abbr title="Zakład">ZGK</abbr>, <b>ZGK</b></p>
    <BLANKLINE>
    """
    if not glossary:
        return
    pattern = re.compile(
        r"(?<![\w.])("
        + "|".join(re.escape(k) for k in sorted(glossary, key=len, reverse=True))
        + r")(?![\w])"
    )
    seen: set[str] = set()
    # Texts in document order: an element's own text when it opens, its tail
    # (text of its parent) when it closes.
    for event, element in list(etree.iterwalk(root, events=("start", "end"))):
        if not isinstance(element.tag, str):
            continue  # a comment: the sanitiser drops it
        if event == "start" and element.text and not _skipped(element):
            element.text, found = _split(element.text, pattern, seen)
            for number, (word, after) in enumerate(found):
                element.insert(number, _abbr(word, glossary[word], after))
        elif event == "end" and element.tail and element is not root:
            if _skipped(element.getparent()):
                continue
            element.tail, found = _split(element.tail, pattern, seen)
            for word, after in reversed(found):
                element.addnext(_abbr(word, glossary[word], after))


def _skipped(element: HtmlElement) -> bool:
    """True for text inside a link, code or an abbreviation already."""
    return element.tag in SKIP_ABBR or any(
        a.tag in SKIP_ABBR for a in element.iterancestors()
    )


def _split(
    text: str, pattern: re.Pattern[str], seen: set[str]
) -> tuple[str, list[tuple[str, str]]]:
    """`text` before its first new abbreviation; each new one, text after it."""
    found: list[tuple[str, str]] = []
    kept, position = text, 0
    for match in pattern.finditer(text):
        word = match.group(1)
        if word in seen:
            continue
        seen.add(word)
        if found:
            found[-1] = (found[-1][0], text[position : match.start()])
        else:
            kept = text[: match.start()]
        found.append((word, ""))
        position = match.end()
    if found:
        found[-1] = (found[-1][0], text[position:])
    return kept, found


def _abbr(word: str, meaning: str, after: str) -> HtmlElement:
    abbr = lxml.html.Element("abbr", title=meaning)
    abbr.text, abbr.tail = word, after
    return abbr
