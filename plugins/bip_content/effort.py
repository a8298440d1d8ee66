"""How much work a body would make for the Markdown converter, found first.

Python-Markdown's work grows with the square of a paragraph in two ways.

Reading ahead. Markdown looks ahead from some characters for the one that closes them:
from "[" for its "]" (links, images, references, footnotes), from "](" for
the ")" that ends the address, and its HTML parser from "<" for the ">"
that ends a tag (or the "-->" that ends a comment). In real text each look
is short. A body of thousands of "[" or "<" that nothing closes makes every
one of them read to the end of its paragraph or of the body: the work grows
with the square of the text. Measured with Markdown 3.11 and Python 3.11:
4 000 unclosed "[" in one paragraph took 12 s to render, and the 2 MB a
body may hold would take hours (one file would stall every build).

Copying. Each piece of inline markup Markdown finds in a paragraph (a link,
an entity, emphasis, a code span, an escaped character) is replaced by a
placeholder in a new copy of the whole paragraph: 75 000 of them in one
paragraph of 200 KB took 5 s, a paragraph of 2 MB minutes. Markdown's
block parser also moves its whole list of paragraphs for each one it takes:
80 000 short paragraphs took 9 s.

`effort()` counts both in one pass over the body, without rendering it: the
characters read ahead (stopping past READS) and, for each paragraph, the
characters that may start inline markup times its length (COPIES), and
the paragraphs (PARAGRAPHS). A body over any limit is refused by the check
with its line (documents.py), before it reaches a build. The counts are
upper bounds of Markdown's work (tests/test_effort.py measures the looks
on real and random texts); real documents stay 1 000 times below them.

Pure: Python-Markdown's copy of the HTML parser only.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown.htmlparser import htmlparser  # type: ignore[attr-defined]

from . import dialect

# Characters read ahead in one body, and copied. The worst bodies just
# under them render in a few seconds (bench/effort_bench.py).
READS = 10_000_000
COPIES = 10_000_000_000
PARAGRAPHS = 40_000
# The messages (messages.py) of a body over READS, COPIES or PARAGRAPHS.
MESSAGES = ("unclosed_brackets", "paragraph_too_busy", "too_many_paragraphs")
# Characters one of which every piece of inline markup holds (dialect.NEEDED).
MARKUP_START = "`\\[<&*_\n"
# Markdown reads inline text one paragraph at a time: never across a blank line.
BLANK_LINE = re.compile(r"\n[ \t]*\n")
SQUARE = re.compile(r"\[|\]")
ROUND = re.compile(r"\(|\)")
# What Markdown has replaced by a placeholder (util.INLINE_PLACEHOLDER, up
# to 18 characters) before it looks for links: code spans and blocks,
# escapes, HTML.
STASHED = re.compile(r"[\\`~<]")
PLACEHOLDER = 18
# A "<" the HTML parser reads as markup (escape_text_brackets made the others &lt;).
MARKUP = re.compile(r"<[a-zA-Z!?/]")
# Markdown's own copy of the stdlib's regular expression (it adds "`").
START_TAG = htmlparser.locatestarttagend_tolerant  # type: ignore[attr-defined]


@dataclass
class Reads:
    """The looks ahead of one body, counted up to READS."""

    total: int = 0
    worst: int = 0  # the longest single look …
    line: int = 0  # … starts on this line of the body (from 0) …
    character: str = ""  # … at this character

    def add(self, text: str, start: int, end: int, wider: int = 0) -> bool:
        """Count a look through `text` from `start` to `end`; False once over READS.

        `text` is the body, or the body escaped line by line: lines are the
        same. Markdown sees the part `wider` characters longer.
        """
        length = end - start + wider
        self.total += length
        if length > self.worst:
            self.worst, self.character = length, text[start]
            self.line = text.count("\n", 0, start)
        return self.total <= READS


@dataclass
class Effort:
    """The work a body would make, and where the most of it starts."""

    reads: int
    copies: int  # at most this many (an upper bound when under COPIES)
    paragraphs: int
    line: int  # where the limit is passed (from 0)
    character: str = ""  # the character of the longest look ahead

    @property
    def over(self) -> str | None:
        """The code of the message for the limit passed (messages.py), or None."""
        over = (self.reads > READS, self.copies > COPIES, self.paragraphs > PARAGRAPHS)
        found = [code for code, is_over in zip(MESSAGES, over, strict=True) if is_over]
        return found[0] if found else None


def effort(body: str) -> Effort:
    r"""The work `body` would make for the Markdown converter.

    >>> effort("*a* [b](c)\n\n_d_")  # copies: at most 7 × 15
    Effort(reads=5, copies=105, paragraphs=2, line=0, character='')
    >>> effort("x\n\n" + "[" * 5000).over
    'unclosed_brackets'
    >>> effort("a\n\n" * 40_001).over, effort("a\n\n" * 40_001).line
    ('too_many_paragraphs', 80000)
    """
    parts = paragraphs(body)
    looks = reads(body, parts)
    if looks.total > READS:
        return Effort(looks.total, 0, len(parts), looks.line, looks.character)
    # Most bodies: not even all of their marks times their length is too much.
    copies, at = sum(map(body.count, MARKUP_START)) * len(body), 0
    if copies > COPIES:
        copies, at = _costliest(body, parts)
    if copies <= COPIES and len(parts) > PARAGRAPHS:
        at = parts[PARAGRAPHS][0]
    return Effort(looks.total, copies, len(parts), body.count("\n", 0, at))


def _costliest(body: str, parts: list[tuple[int, int]]) -> tuple[int, int]:
    """Characters copied in all paragraphs, and where the costliest one starts."""
    costs = [(_copies(body[first:end]), first) for first, end in parts]
    return sum(cost for cost, _ in costs), max(costs, key=lambda c: c[0])[1]


def _copies(part: str) -> int:
    r"""Characters copied while Markdown marks up the inline text of `part`.

    Each row of a table and each item of a list is marked up on its own.

    >>> _copies("a *b* c"), _copies("- *a*\n- *b*"), _copies("*a\nb*")
    (14, 20, 15)
    """
    lines = part.strip("\n").split("\n")
    if len(lines) > 1 and (_table(part, lines) or all(map(dialect.mark, lines))):
        return sum(_copies(line) for line in lines)
    return sum(map(part.count, MARKUP_START)) * len(part)


def _table(part: str, lines: list[str]) -> bool:
    """Whether Markdown reads `part` as a table: each line a row of cells."""
    if not all(line.startswith("|") for line in lines):
        return False
    return (
        dialect.markdown()
        .parser.blockprocessors["table"]
        .test(etree.Element("div"), part)
    )


def paragraphs(body: str) -> list[tuple[int, int]]:
    r"""(start, end) of each part of `body` between blank lines.

    >>> paragraphs("a\n\nb")
    [(0, 1), (3, 4)]
    """
    found, start = [], 0
    for blank in BLANK_LINE.finditer(body):
        found.append((start, blank.start()))
        start = blank.end()
    return [*found, (start, len(body))]


def reads(body: str, parts: list[tuple[int, int]] | None = None) -> Reads:
    r"""The characters Markdown would read ahead in `body` (at most past READS).

    >>> r = reads("[a](b) [c]\n\n[x y")
    >>> r.total, r.worst, r.character, r.line
    (11, 4, '[', 2)
    >>> reads("<p> <b>x</b>").total
    10
    """
    counted = Reads()
    if "[" in body:
        for first, end in paragraphs(body) if parts is None else parts:
            if not _brackets(body, first, end, counted):
                return counted
    if "<" in body:
        _markup(body, counted)
    return counted


def _brackets(body: str, first: int, end: int, counted: Reads) -> bool:
    """Looks from "[" to its "]" and from "](" to its ")" in one paragraph.

    Markdown has replaced code, escaped characters and HTML by placeholders
    before it looks for links: each character of STASHED counts as one.
    """
    stashed = [match.start() for match in STASHED.finditer(body, first, end)]

    def look(start: int, stop: int) -> bool:
        wider = bisect.bisect(stashed, stop) - bisect.bisect(stashed, start)
        return counted.add(body, start, stop, wider * PLACEHOLDER)

    closes, opened = {}, []
    for match in SQUARE.finditer(body, first, end):
        at = match.start()
        if _escaped(body, at):
            continue
        if match.group() == "[":
            opened.append(at)
        elif opened:
            closes[opened.pop()] = at
    for at in sorted([*closes, *opened]):
        close = closes.get(at)
        if not look(at, end if close is None else close):
            return False
        if close is None or not body.startswith("(", close + 1):
            continue
        if not look(close + 1, _address_end(body, close + 1, end)):
            return False
    return True


def _address_end(body: str, start: int, end: int) -> int:
    """Where Markdown stops reading a link's "(address "title")" begun at `start`.

    At its matching ")"; a quote left open inside makes Markdown look for
    the end of a title, which may read on to the end of the paragraph.

    >>> body = '[a](b "c") [d](e "f) g'
    >>> _address_end(body, 3, len(body)), _address_end(body, 14, len(body))
    (10, 22)
    """
    depth = 0
    for match in ROUND.finditer(body, start, end):
        depth += 1 if match.group() == "(" else -1
        if depth == 0:
            inside = body[start : match.start()]
            open_quote = inside.count('"') % 2 or inside.count("'") % 2
            return end if open_quote else match.end()
    return end


def _markup(body: str, counted: Reads) -> None:
    """Looks of the HTML parser from each "<" of markup to where it ends."""
    text = "\n".join(dialect.escape_text_brackets(line) for line in body.split("\n"))
    for match in MARKUP.finditer(text):
        at = match.start()
        if text.startswith("<!--", at):
            close = text.find("-->", at)
            end = len(text) if close < 0 else close + 3
        else:
            close = text.find(">", at)
            tag = START_TAG.match(text, at)
            end = max(len(text) if close < 0 else close + 1, tag.end() if tag else at)
        if not counted.add(text, at, end):
            return


def _escaped(text: str, at: int) -> bool:
    """Whether the character at `at` follows an odd number of backslashes."""
    slashes = 0
    while at - slashes > 0 and text[at - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1
