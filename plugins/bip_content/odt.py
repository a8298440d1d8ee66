"""An ODT text as the HTML a document body can hold, from odfdo's parsed tree.

odfdo parses the file and resolves its styles, but has no HTML export, and its
Markdown export reads numbering only from paragraph styles (LibreOffice puts
it on the list) and merges neighbouring lists. So this walk writes the same
plain HTML that mammoth writes for DOCX, and one Markdown converter serves
both: headings, paragraphs, bulleted and numbered lists, tables, bold,
italic, links. What a page cannot take from a clerk's file is left out:
frames (images, text boxes), notes, comments, tracked deletions and tables
of contents, whose text repeats the headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape

from odfdo import Document, Element, Style

SKIPPED = frozenset(
    {
        "draw:frame", "draw:a", "draw:custom-shape", "draw:g", "office:annotation",
        "office:forms", "text:note", "text:sequence-decls", "text:table-of-content",
        "text:tracked-changes", "text:alphabetical-index", "text:bibliography",
        "text:illustration-index", "text:table-index", "text:user-index",
        "text:object-index",
    }
)  # fmt: skip
IMAGE = '<img alt="">'  # counted by the converter, never shown
# ODF collapses white space as HTML does; a line break in the XML is a space,
# never a new Markdown line. No-break spaces stay.
SPACES = re.compile(r"[\t\n\r ]+")
ROWS = frozenset({"table:table-row"})
ROW_GROUPS = frozenset(
    {"table:table-rows", "table:table-row-group", "table:table-header-rows"}
)


def odt_html(document: Document) -> str:
    """The body of an ODT text as plain HTML."""
    return _Walk(document).blocks(document.body)


class _Walk:
    """One document's walk; remembers what each named style means."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.emphasis: dict[str, tuple[bool, bool]] = {}
        self.numbered: dict[tuple[str, int], bool] = {}

    def blocks(self, element: Element, style: str = "", level: int = 0) -> str:
        """HTML of the block children of `element`."""
        return "".join(self.block(child, style, level) for child in element.children)

    def block(self, element: Element, style: str = "", level: int = 0) -> str:
        """HTML of one block element (lists inherit `style` from the outer list)."""
        tag = element.tag
        if tag == "text:h":
            outline = element.get_attribute_integer("text:outline-level") or 1
            rank = min(max(outline, 1), 6)
            return f"<h{rank}>{self.inline(element)}</h{rank}>"
        if tag == "text:p":
            return f"<p>{self.inline(element)}</p>"
        if tag == "text:list":
            return self.list(element, style, level + 1)
        if tag == "table:table":
            return f"<table>{self.rows(element)}</table>"
        if tag in SKIPPED:
            return IMAGE if _has_image(element) else ""
        return self.blocks(element, style, level)  # sections, soft page breaks…

    def list(self, element: Element, outer: str, level: int) -> str:
        """A list, numbered or not as its style says at this level."""
        style = element.get_attribute_string("text:style-name") or outer
        name = "ol" if self.is_numbered(style, level) else "ul"
        items = [
            f"<li>{self.item(child, style, level)}</li>"
            for child in element.children
            if child.tag in {"text:list-item", "text:list-header"}
        ]
        return f"<{name}>{''.join(items)}</{name}>"

    def item(self, element: Element, style: str, level: int) -> str:
        """A list item: its paragraphs as lines, then any nested list."""
        lines, nested = [], []
        for child in element.children:
            if child.tag in {"text:p", "text:h"}:
                lines.append(self.inline(child))
            else:
                nested.append(self.block(child, style, level))
        return "<br>".join(lines) + "".join(nested)

    def rows(self, element: Element, header: bool = False) -> str:
        """The rows of a table (or of a group of its rows)."""
        html = []
        for child in element.children:
            if child.tag in ROW_GROUPS:
                html.append(self.rows(child, child.tag == "table:table-header-rows"))
            elif child.tag in ROWS:
                cell = "th" if header else "td"
                html.append(
                    "<tr>"
                    + "".join(
                        f"<{cell}>{self.cell(c)}</{cell}>"
                        for c in child.children
                        if c.tag == "table:table-cell"  # a covered cell is merged
                    )
                    + "</tr>"
                )
        return "".join(html)

    def cell(self, element: Element) -> str:
        """A table cell's paragraphs as lines (a Markdown cell holds one line)."""
        return "<br>".join(self.lines(element))

    def lines(self, element: Element) -> Iterator[str]:
        """Every paragraph under `element` (lists in a cell become lines)."""
        for child in element.children:
            if child.tag in {"text:p", "text:h"}:
                yield self.inline(child)
            elif child.tag not in SKIPPED:
                yield from self.lines(child)

    def inline(self, element: Element) -> str:
        """HTML of a paragraph's text and its inline children."""
        parts = [_text(element.text)]
        for child in element.children:
            parts.append(self.span(child))
            parts.append(_text(child.tail or ""))
        return "".join(parts)

    def span(self, element: Element) -> str:
        """One inline element: spaces, breaks, links, bold and italic runs."""
        tag = element.tag
        if tag in {"text:s", "text:tab"}:
            return " "  # one is enough: the page collapses runs of spaces anyway
        if tag == "text:line-break":
            return "<br>"
        if tag in SKIPPED:
            return IMAGE if _has_image(element) else ""
        inner = self.inline(element)
        if tag == "text:a":
            href = element.get_attribute_string("xlink:href") or ""
            return f'<a href="{escape(href)}">{inner}</a>'
        if tag == "text:span":
            bold, italic = self.style_emphasis(
                element.get_attribute_string("text:style-name") or ""
            )
            inner = f"<em>{inner}</em>" if italic and inner.strip() else inner
            inner = f"<strong>{inner}</strong>" if bold and inner.strip() else inner
        return inner

    def style_emphasis(self, name: str) -> tuple[bool, bool]:
        """(bold, italic) of a text style, through its parents."""
        if name not in self.emphasis:
            bold = italic = False
            style, seen = self.document.get_style("text", name), set()
            # Text styles are Style elements; parents may loop.
            while isinstance(style, Style) and style.name not in seen:
                seen.add(style.name)
                props = style.get_text_properties()
                bold = bold or bool(props.get("bold"))
                italic = italic or bool(props.get("italic"))
                style = self.document.get_parent_style(style)
            self.emphasis[name] = (bold, italic)
        return self.emphasis[name]

    def is_numbered(self, name: str, level: int) -> bool:
        """Whether a list style numbers its items at `level` (else bullets)."""
        key = (name, level)
        if key not in self.numbered:
            style = self.document.get_style("list", name) if name else None
            found = style.get_level_style(level) if isinstance(style, Style) else None
            # ODF names the format style:num-format; odfdo writes fo:num-format.
            self.numbered[key] = (
                found is not None
                and found.tag == "text:list-level-style-number"
                and any(
                    found.get_attribute_string(attribute)
                    for attribute in ("style:num-format", "fo:num-format")
                )
            )
        return self.numbered[key]


def _has_image(element: Element) -> bool:
    return bool(element.get_elements("descendant::draw:image"))


def _text(text: str) -> str:
    return escape(SPACES.sub(" ", text), quote=False)
