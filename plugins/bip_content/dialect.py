"""The clerks' Markdown: what pasted text means, decided once.

Clerks paste from Word, PDF and older BIPs; they do not write Markdown. So,
on top of Markdown (headings, tables, bold, links), and written down in the
clerk's guide ("Jak pisać treść"):

1. A line that begins with a list mark is a list item, blank line before it
   or not. Bullets (- * + • · ▪ ● ◦ – —) make a bulleted list. Numbers and
   letters (1. 1) 12. a) ) make a numbered list that keeps every mark as
   written: "1)" and "1." are different units of a Polish legal text, and
   numbering that skips is never renumbered. Deeper indentation nests.
2. Indentation never makes a code block: indented lines are ordinary text.
3. A block of prose wrapped at a fixed width (as in a PDF or an e-mail)
   reads as one paragraph, as in Markdown. Any other block keeps each of
   its line breaks: addresses, opening hours, signatures, agendas, and text
   from Word, where each line is a paragraph.
4. No `Klucz: wartość` line is ever taken for metadata (Markdown's `meta`
   extension is not part of the dialect: it silently ate such lines).

Pure: Python-Markdown only.
"""

from __future__ import annotations

import itertools
import re
import threading
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown, util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions.toc import slugify
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from .fields import fold
from .messages import Said, say

# Extensions of the dialect (and nothing that reads metadata).
EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.toc"]
BULLET = re.compile(r"^[-*+•·▪●◦–—](?:\s+|$)")
# 1. 1) 12. a) — a digit mark must not be a decimal or a date ("1.09 ha").
NUMBER = re.compile(r"^(?:\d{1,3}[.)](?=\s|[^\W\d_]|$)|[a-z]\))\s*")
TABLE = re.compile(r"^\s*\|")
RULE = re.compile(r"[-*_ ]{3,}")  # "- - -" is a horizontal rule, not a list
SENTENCE_END = re.compile(r"[.;:!?]\s*$")
WRAP_WIDTH = (50, 120)  # a wrapped line is at least 50 characters, at most 120
WRAP_SHARE = 0.75  # … and at least this share of the block's longest line


def mark(line: str) -> str | None:
    """The kind of list mark a line begins with: "ul", "ol" or None.

    >>> mark("• wykształcenie"), mark("2) termin"), mark("1.09 ha"), mark("a) b")
    ('ul', 'ol', None, 'ol')
    """
    text = line.strip()
    if BULLET.match(text) and not RULE.fullmatch(text):
        return "ul"
    return "ol" if NUMBER.match(text) else None


def wrapped(lines: list[str]) -> bool:
    """True when lines are prose wrapped at one width: they join into one.

    Wrapped prose has lines of nearly one length, and somewhere a sentence
    runs on into the next line. Lines that each end a sentence are
    paragraphs pasted from Word, whatever their length.

    >>> wrapped(["a" * 70, "b" * 72, "c" * 20]), wrapped(["Termin: 1 marca", "x"])
    (True, False)
    >>> wrapped(["Pierwszy akapit z Worda, długi, zakończony kropką na końcu.",
    ...          "Drugi akapit zaczyna się wielką literą i też ma swoją linię."])
    False
    """
    if len(lines) < 2:
        return False
    longest = max(len(line) for line in lines)
    low, high = WRAP_WIDTH
    even = longest <= high and all(
        len(line) >= max(low, WRAP_SHARE * longest) for line in lines[:-1]
    )
    return even and any(
        not (SENTENCE_END.search(line) and after.strip()[:1].isupper())
        for line, after in itertools.pairwise(lines)
    )


class ListProcessor(BlockProcessor):
    """Lines with list marks, anywhere in a block, become (nested) lists."""

    def test(self, parent: etree.Element, block: str) -> bool:
        """A block with a marked line that is not a table."""
        lines = block.split("\n")
        return not TABLE.match(lines[0]) and any(mark(line) for line in lines)

    def run(self, parent: etree.Element, blocks: list[str]) -> bool | None:
        """Make the list, or first hand the lines before it to the others."""
        lines = blocks.pop(0).split("\n")
        first = next(i for i, line in enumerate(lines) if mark(line))
        if first:  # a heading or paragraph before the list: not ours
            blocks.insert(0, "\n".join(lines[first:]))
            blocks.insert(0, "\n".join(lines[:first]))
            return False
        end = list_end(lines)
        if end < len(lines):  # a new paragraph after the list
            blocks.insert(0, "\n".join(lines[end:]))
        build_lists(parent, lines[:end])
        return None


def list_end(lines: list[str]) -> int:
    """Where a list that begins the lines ends.

    An unmarked line continues the item above (a wrapped item), unless the
    item ended a sentence and the line begins a new one with a capital:
    then it is a paragraph after the list.

    >>> list_end(["• a,", "ciąg dalszy", "• b.", "Dalej akapit."])
    3
    """
    for number, line in enumerate(lines[1:], start=1):
        starts = mark(line) is None and line.strip()[:1].isupper()
        if starts and SENTENCE_END.search(lines[number - 1]):
            return number
    return len(lines)


def build_lists(parent: etree.Element, lines: list[str]) -> None:
    """Items of marked lines, nested by indentation; other lines continue one.

    A stack holds the open lists, innermost last, each with its indentation
    and the element that holds it.
    """
    stack: list[tuple[int, etree.Element, etree.Element]] = []
    item: etree.Element | None = None
    for line in lines:
        kind = mark(line)
        if kind is None:
            if item is not None:  # always: the first line is marked
                item.text = f"{item.text or ''}\n{line.strip()}"
            continue
        indent = len(line) - len(line.lstrip())
        while stack and stack[-1][0] > indent:
            stack.pop()
        if stack and stack[-1][0] == indent and stack[-1][1].tag != kind:
            holder = stack.pop()[2]  # another kind of mark at this level
            stack.append((indent, _list(holder, kind), holder))
        elif not stack or stack[-1][0] < indent:
            holder = item if stack and item is not None else parent
            stack.append((indent, _list(holder, kind), holder))
        item = etree.SubElement(stack[-1][1], "li")
        text = line.strip()
        item.text = text if kind == "ol" else BULLET.sub("", text, count=1)


def _list(holder: etree.Element, kind: str) -> etree.Element:
    element = etree.SubElement(holder, kind)
    if kind == "ol":
        element.set("class", "bip-lista")  # marks are in the text, not drawn
    return element


class LineBreaks(Treeprocessor):
    """Keep the line breaks of every paragraph or item that is not wrapped prose."""

    def run(self, root: etree.Element) -> None:
        """Mark kept breaks for the inline 'linebreak' pattern (two spaces)."""
        for element in root.iter():
            text = element.text or "" if element.tag in {"p", "li"} else ""
            if "\n" in text and not wrapped(text.split("\n")):
                # Exactly two spaces: a break already marked keeps no extra.
                element.text = re.sub(r" *\n", "  \n", text)


# Elements of HTML (and Word's namespaced ones, "o:p"): a "<" before one of
# them starts a tag the sanitiser keeps or strips. Any other "<" is text:
# "<imię i nazwisko>" or "<nazwa urzędu>" in a pasted form must not vanish
# as an unknown tag.
HTML_ELEMENTS = frozenset(
    {
        "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi",
        "bdo", "big", "blockquote", "body", "br", "button", "canvas", "caption",
        "center", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del",
        "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed", "fieldset",
        "figcaption", "figure", "font", "footer", "form", "frame", "frameset", "h1",
        "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i",
        "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main",
        "map", "mark", "menu", "meta", "meter", "nav", "noscript", "object", "ol",
        "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q",
        "rp", "rt", "ruby", "s", "samp", "script", "section", "select", "small",
        "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg",
        "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time",
        "title", "tr", "track", "tt", "u", "ul", "var", "video", "wbr", "math"
    }
)  # fmt: skip
# A "<" that opens nothing: not a tag of HTML_ELEMENTS or Word ("o:p"), not
# a comment, not an autolink (<https://…>, <bip@gmina.pl>).
TEXT_BRACKET = re.compile(
    r"<(?!!--|/?(?:"
    + "|".join(sorted(HTML_ELEMENTS, key=len, reverse=True))
    + r")[\s/>]|/?\w+:\w+[\s/>]|(?:https?|ftp|mailto):|[^\s<>@]+@[^\s<>@]+>)",
    re.IGNORECASE,
)
CODE_SPAN = re.compile(r"(`+).+?\1")


def escape_text_brackets(line: str) -> str:
    """A "<" that does not open an HTML tag, autolink or comment, as &lt;.

    Code spans are left alone: Markdown shows them as written.

    >>> escape_text_brackets("do <nazwa urzędu>, <b>x</b>, <https://gov.pl>, `<k>`")
    'do &lt;nazwa urzędu>, <b>x</b>, <https://gov.pl>, `<k>`'
    """
    out, position = [], 0
    for code in CODE_SPAN.finditer(line):
        out += [TEXT_BRACKET.sub("&lt;", line[position : code.start()]), code.group()]
        position = code.end()
    out.append(TEXT_BRACKET.sub("&lt;", line[position:]))
    return "".join(out)


class TextBrackets(Preprocessor):
    """Escape every "<" of text before Markdown reads HTML (see HTML_ELEMENTS)."""

    def run(self, lines: list[str]) -> list[str]:
        """Each line, its text brackets escaped."""
        return [escape_text_brackets(line) for line in lines]


# Characters one of which every match of an inline pattern contains, read
# off the patterns' expressions in Markdown 3.11 (pinned in requirements).
# A pattern not named here is tried on every text. tests/test_dialect.py
# renders the real corpus, the demo and random text both ways and fails
# when a pattern is added or renamed.
NEEDED = {
    "backtick": "`",
    "escape": "\\",
    "footnote": "[",
    "reference": "[",
    "link": "[",
    "image_link": "[",
    "image_reference": "[",
    "short_reference": "[",
    "short_image_ref": "[",
    "autolink": "<",
    "automail": "<",
    "linebreak": "\n",
    "html": "<",
    "entity": "&",
    "em_strong": "*_",
}


class QuickInline(InlineProcessor):
    """Markdown's inline processor, not trying a pattern that cannot match.

    Markdown tries each of its 15 inline patterns on each piece of text,
    and most text of a BIP document holds none of the characters they look
    for. A pattern that cannot match changes nothing: Markdown's own loop
    then goes on with the next pattern from the start of the text, and so
    does this one. Rendering a bench document took 1.20 ms, now 0.95 ms.
    """

    def run(self, tree: etree.Element, ancestors: list[str] | None = None):
        """Markdown's run, with each pattern's characters looked up once."""
        patterns = self.inlinePatterns
        names = {patterns.get_index_for_name(n): n for n in NEEDED if n in patterns}
        self._plan = [
            (pattern, NEEDED.get(names.get(at, "")))
            for at, pattern in enumerate(patterns)
        ]
        return super().run(tree, ancestors)

    # Markdown's private method (name-mangled), overridden with its signature.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        start, plan = 0, self._plan
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        while patternIndex < len(plan):
            pattern, needed = plan[patternIndex]
            if needed is not None and not any(c in data for c in needed):
                matched, start = False, 0  # what trying it would have given
            else:
                data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class ClerkDialect(Extension):
    """Lists from pasted marks, no indented code, kept breaks, text brackets."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the list processor before Markdown's own, drop indented code."""
        md.parser.blockprocessors.register(ListProcessor(md.parser), "clerk_list", 95)
        md.parser.blockprocessors.deregister("code")
        md.treeprocessors.register(LineBreaks(md), "clerk_breaks", 25)
        # After fenced code is put aside (25), before HTML blocks are (20).
        md.preprocessors.register(TextBrackets(md), "clerk_brackets", 22)
        md.treeprocessors.register(QuickInline(md), "inline", 20)  # replaces it


def anchor(value: str, separator: str) -> str:
    """A heading's id: Polish letters folded, not dropped ("ł" is no "l" + mark).

    >>> anchor("Uchwała w sprawie opłat", "-")
    'uchwala-w-sprawie-oplat'
    """
    return slugify(fold(value), separator)


_CONVERTERS = threading.local()


def markdown() -> Markdown:
    """A Markdown converter of the dialect, reset for a new document.

    One per thread, reused with Markdown's own reset() (which clears what
    the extensions keep: footnotes, abbreviations, the table of contents):
    making a converter loads every extension again, 4.5 % of a full build
    of 10 000 documents.
    """
    converter = getattr(_CONVERTERS, "markdown", None)
    if converter is None:
        converter = _CONVERTERS.markdown = new_markdown()
    return converter.reset()


def new_markdown() -> Markdown:
    """A new Markdown converter of the dialect (markdown() keeps one per thread)."""
    return Markdown(
        extensions=[*EXTENSIONS, ClerkDialect()],
        extension_configs={"markdown.extensions.toc": {"slugify": anchor}},
        output_format="html",
    )


# O B W I E S Z C Z E N I E: at least five capitals, each alone.
SPACED = re.compile(r"(?<!\S)(?:[A-ZĄĆĘŁŃÓŚŹŻ] {1,3}){4,}[A-ZĄĆĘŁŃÓŚŹŻ](?!\S)")
# "godz. 1000", "od 800 do 1500": hours whose minutes lost their superscript.
HOUR = re.compile(
    r"\b(?:godz(?:\.|in[aey]?|inach)?|od|do)\s+((?:[6-9]|1\d|2[0-3])(?:00|15|30|45))\b"
)


def unspaced(word: str) -> str:
    """Spaced-out capitals written normally; wider gaps stay between words.

    >>> unspaced("S  Z  A  N  O  W  N  I     P  A  Ń  S  T  W  O")
    'SZANOWNI PAŃSTWO'
    """
    narrow = min(len(gap) for gap in re.findall(r" +", word))
    return " ".join(
        part.replace(" ", "") for part in re.split(f" {{{narrow + 1},}}", word)
    )


def ambiguities(body: str) -> list[tuple[int, Said]]:
    r"""(line, what will happen and how to write it) for text that reads ambiguously.

    Spaced-out capitals are spelt letter by letter by screen readers and
    never found by search; an hour whose minutes lost their superscript in
    a paste ("godz. 1000") reads as a number.

    >>> [s.hint for _, s in ambiguities("O B W I E S Z C Z E N I E\nod godz. 1000")]
    ['napisz je bez spacji: OBWIESZCZENIE', 'napisz godzinę z dwukropkiem: 10:00']
    """
    found = []
    for number, line in enumerate(body.split("\n")):
        for match in SPACED.finditer(line):
            word = match.group()
            said = say("spaced_letters", word=word, fixed=unspaced(word))
            found.append((number, said))
        for match in HOUR.finditer(line):
            hour = match.group(1)
            fixed = f"{hour[:-2]}:{hour[-2:]}"
            said = say("lost_superscript", found=match.group(), hour=hour, fixed=fixed)
            found.append((number, said))
    return found
