"""A clerk's DOCX or ODT as a Markdown body and a title (`make new PLIK=…`).

office.py reads the file within bounds into plain HTML; markdownify turns that
into Markdown, adjusted here to how Python-Markdown (the build's renderer)
reads it: nested list items indented by four spaces (markdownify indents by
the marker's width, which Python-Markdown flattens), and text escaped so that
a paragraph typed as "1. …", "# …" or "<b>" stays text. Only links to other
sites, e-mail and phone survive: a Word bookmark or a file on the clerk's disk
means nothing on the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

from .characters import FORBIDDEN
from .limits import in_bytes
from .office import kind_of, to_html

LINKED = frozenset({"http", "https", "mailto", "tel"})
URL_SAFE = "/:@!$&'*+,;=?#%~-._"  # quoted otherwise: spaces and () end a link
HEADING = re.compile(r"^h[1-6]$")
# Characters Python-Markdown reads as markup anywhere in a line ('|' in tables).
INLINE = re.compile(r"[\\`*_\[\]{}|]")
# What starts a construct only at the start of a line: a heading, quote,
# list, setext underline, definition (':'), fenced block ('~~~').
LINE_START = re.compile(r"^(\s*)(?:([#>+-])|(\d+)\.(?=\s|$)|([=:~]))", re.MULTILINE)
ENTITY = re.compile(r"&(?=#?\w+;)")  # '&amp;' as typed must not become '&'
ENTITIES = {"=": "&#61;", ":": "&#58;", "~": "&#126;"}  # no backslash escape


@dataclass(frozen=True)
class Converted:
    """The body, the title found in the file (or ""), and what was left out."""

    body: str
    title: str
    kind: str  # "docx" or "odt"
    images: int = 0


def escape_text(text: str) -> str:
    r"""Text as Markdown that Python-Markdown shows exactly as it is.

    >>> escape_text("1. <b>a_b</b> & &amp;")
    '1\\. &lt;b>a\\_b&lt;/b> & &amp;amp;'
    >>> escape_text("# 5 * 3 = 15 | [TOC]")
    '\\# 5 \\* 3 = 15 \\| \\[TOC\\]'
    """
    text = INLINE.sub(r"\\\g<0>", text)
    text = ENTITY.sub("&amp;", text).replace("<", "&lt;")
    return LINE_START.sub(_line_start, text)


def _line_start(match: re.Match) -> str:
    space, mark, number, entity = match.groups()
    if mark:
        return f"{space}\\{mark}"
    if number:
        return f"{space}{number}\\."
    return space + ENTITIES[entity]


class _Markdown(MarkdownConverter):
    """markdownify for Python-Markdown: safe text, four-space lists, own links."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """Escape text outside code (markdownify leaves code as it is)."""
        return escape_text(text) if text else ""

    def convert_li(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A list item: its marker padded to four columns, later lines indented."""
        text = (text or "").strip()
        if not text:
            return "\n"
        marker = f"{el.get('data-n')}." if el.get("data-n") else "-"
        first, *rest = text.split("\n")
        lines = [first, *(f"    {line}" if line.strip() else "" for line in rest)]
        return f"{marker:<3} " + "\n".join(lines) + "\n"

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """A link to another site, e-mail or phone; any other keeps its text."""
        href = str(el.get("href") or "").strip()
        try:
            scheme = urlsplit(href).scheme.lower()
        except ValueError:  # e.g. a broken IPv6 address
            return text
        if scheme not in LINKED or not text.strip():
            return text
        return f"[{text}]({quote(href, safe=URL_SAFE)})"

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        """Images stay in the attached file: they are not files of the site."""
        return ""


def markdown(soup: BeautifulSoup) -> str:
    """Markdown of converted HTML, without characters no document may hold."""
    for ordered in soup.find_all("ol"):
        # Numbered here once: markdownify counts earlier siblings for each item.
        items = ordered.find_all("li", recursive=False)
        for number, item in enumerate(items, start=1):
            item["data-n"] = str(number)
    text = _Markdown(heading_style="ATX", table_infer_header=True).convert_soup(soup)
    text = FORBIDDEN.sub("", text)
    lines = ["" if not line.strip() else line for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def take_title(soup: BeautifulSoup, given: str, most: int) -> str:
    """The title: `given`, else the first heading or non-empty paragraph.

    The element it came from leaves the body (the page shows the title
    itself), and so does a first heading that repeats a given title.
    """
    source = soup.find(HEADING) or next(
        (p for p in soup.find_all("p") if p.get_text(strip=True)), None
    )
    found = ""
    if source is not None:
        for line_break in source.find_all("br"):
            line_break.replace_with(" ")
        # No separator: "nr <b>5</b>/2026" is one word, not "nr 5 /2026".
        found = " ".join(FORBIDDEN.sub("", source.get_text()).split())
    if given:
        if source is not None and found.casefold() == given.strip().casefold():
            source.decompose()
        return given
    if not found or len(found) > most or source is None:
        return ""
    source.decompose()
    return found


def convert(
    name: str, data: bytes, limits: dict[str, int], title: str = ""
) -> Converted:
    """Convert the file `name` holding `data` within bip.yaml's `limits`.

    Raises office.Refused with the reason in Polish.
    """
    kind = kind_of(name)
    html = to_html(kind, data, in_bytes(limits, "rozpakowanie_mb"))
    soup = BeautifulSoup(html, "html.parser")
    found = take_title(soup, title, limits["tytul_znaki"])
    images = len(soup.find_all("img"))
    return Converted(markdown(soup), found, kind, images)
