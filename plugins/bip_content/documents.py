"""Read one source file into a checked document: place, metadata and body."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from . import dialect, effort, lexicon, mojibake
from .characters import FORBIDDEN, bad_character
from .fields import (
    FIELDS,
    PAGE_FIELDS,
    Context,
    Invalid,
    attachment_path,
    validate,
)
from .frontmatter import Document, decode, parse
from .limits import human_size, in_bytes
from .messages import say
from .problems import Problem

PAGES = "pages"
DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")
IMAGE_REF = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
IMAGE_WITHOUT_ALT = re.compile(
    r"!\[\s*\]\(|<img(?![^>]*\balt\s*=\s*[\"'][^\"']+)[^>]*>"
)


def publication_date(meta: dict, zone: dt.tzinfo | None = None) -> dt.datetime:
    """A document's date on the site, the one rule for it.

    When it was made available (`published_at`: the front matter, else the
    commit that published it), else when it was produced; a day without a
    time is its midnight, read in `zone` when one is given.

    >>> publication_date({"produced_on": dt.date(2026, 3, 1)})
    datetime.datetime(2026, 3, 1, 0, 0)
    """
    when = meta.get("published_at") or meta["produced_on"]
    if not isinstance(when, dt.datetime):
        when = dt.datetime(when.year, when.month, when.day)
    return when.replace(tzinfo=zone) if zone and not when.tzinfo else when


def newest_first(document: Any) -> tuple:
    """The order of documents everywhere (Pelican's ARTICLE_ORDER_BY).

    Newest first; documents of one moment (a session's resolutions, all
    dated its day) by their file's path, numbers by value (uchwała 9 before
    10). Pelican finds files as a set, whose order changes from process to
    process: without the second part, such documents changed places in
    every listing at every build.
    """
    path = re.split(r"(\d+)", str(document.source_path))
    natural = [int(part) if n % 2 else part for n, part in enumerate(path)]
    return (-document.date.timestamp(), natural)


@dataclass
class SourceDocument:
    """A document or system page as the clerk wrote it, checked."""

    path: str
    department: str
    slug: str
    meta: dict
    body: str
    body_line: int = 1
    is_page: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Stable relative URL that follows from the file's place."""
        if self.is_page:
            return f"{self.slug}/"
        return f"{self.department}/{self.slug}/"

    @property
    def attachment_dir(self) -> str:
        """Folder (relative to the content root) that holds the attachments."""
        return f"{self.department}/{self.slug}"

    @property
    def publishable(self) -> bool:
        """True when no problem stops the document from being published."""
        return not any(p.is_error for p in self.problems)


def slug_of(filename: str) -> str:
    """Drop the extension and a leading date from a file name.

    >>> slug_of("2026-03-15-nabor-na-stanowisko.md")
    'nabor-na-stanowisko'
    """
    return DATE_PREFIX.sub("", PurePosixPath(filename).stem)


def read(
    shown: str, rel: str, raw: bytes, ctx: Context, files: frozenset[str] = frozenset()
) -> tuple[SourceDocument | None, list[Problem]]:
    """Decode, parse and validate one file; `shown` is its path for messages.

    `files` lists the files of the document's attachment folder, relative to it.
    """
    text, problems = decode(shown, raw)
    if text is None:
        return None, problems
    doc, problems = parse(shown, text, in_bytes(ctx.limits, "naglowek_kb"))
    problems += placeholders(shown, text) + broken_letters(shown, text)
    if doc is None:
        return None, problems
    problems += body_size(shown, doc.body, doc.body_line, ctx.limits)
    # A body Markdown would chew on for minutes is not kept: links, anchors
    # and search would each read it again. Its one error says why.
    stalling = too_much_work(shown, doc.body, doc.body_line)
    if stalling:
        doc = dataclasses.replace(doc, body="")
    parts = PurePosixPath(rel).parts
    is_page = parts[0] == PAGES
    slug = slug_of(parts[-1])
    department = "" if is_page else parts[0]
    ctx = dataclasses.replace(
        ctx, attachment_dir=f"{shown.rsplit('/', 1)[0]}/{slug}", attachment_files=files
    )
    meta, invalid = validate(shown, doc, ctx, PAGE_FIELDS if is_page else FIELDS)
    problems += invalid + (stalling or body_checks(shown, doc, ctx))
    if "supplements" in meta:  # checked against the other documents later
        meta["supplements_line"] = doc.line("dodatki")
    if not is_page:
        meta["images"], missing = body_images(shown, doc.body, doc.body_line, ctx)
        problems += missing
    body = FORBIDDEN.sub("\ufffd", doc.body)  # each one is an error above
    source = SourceDocument(
        rel, department, slug, meta, body, doc.body_line, is_page, problems
    )
    return source, problems


def broken_letters(shown: str, text: str) -> list[Problem]:
    r"""Polish letters broken by a wrong encoding, one error per line.

    >>> str(broken_letters("a.md", "tytul: Sesja\n5 wrzeœnia")[0]).split(" (")[0]
    'a.md:2: zepsute polskie znaki: „wrzeœnia” to zapewne „września”'
    """
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        found = mojibake.broken_words(line)
        if found:
            word, was, wrote, read = found[0]
            said = say(
                "broken_letters",
                word=word,
                was=was,
                wrote=mojibake.NAMES[wrote],
                read=mojibake.NAMES[read],
            )
            problems.append(Problem.at(shown, number, said))
    return problems


def max_file_size(ctx: Context) -> int:
    """The most a document file may hold: its header and body limits."""
    return in_bytes(ctx.limits, "naglowek_kb") + in_bytes(ctx.limits, "tresc_kb")


def body_size(shown: str, body: str, first_line: int, limits: dict) -> list[Problem]:
    """A body over its limit is an error (it would slow every build)."""
    size, most = (
        len(body.encode("utf-8", "surrogatepass")),
        in_bytes(limits, "tresc_kb"),
    )
    if size <= most:
        return []
    said = say("body_too_large", size=human_size(size), most=human_size(most))
    return [Problem.at(shown, first_line, said)]


def body_checks(shown: str, doc: Document, ctx: Context) -> list[Problem]:
    """Problems of a body that Markdown can render in reasonable time."""
    problems = body_problems(shown, doc.body, doc.body_line)
    problems += [
        Problem.at(shown, doc.body_line + line, said)
        for line, said in dialect.ambiguities(doc.body)
    ]
    return problems + unknown_abbreviations(
        shown, doc.body, doc.body_line, ctx.abbreviations
    )


def too_much_work(shown: str, body: str, first_line: int) -> list[Problem]:
    """A body that would take Markdown minutes to render (effort.py) is an error."""
    found = effort.effort(body)
    if found.over is None:
        return []
    said = say(found.over, character=found.character, most=effort.PARAGRAPHS)
    return [Problem.at(shown, first_line + found.line, said)]


def body_images(
    shown: str, body: str, first_line: int, ctx: Context
) -> tuple[list[str], list[Problem]]:
    """Local images the body shows; each must lie in the document's folder.

    They are published beside the page, like attachments, so that a relative
    `![Mapa](mapa.png)` works.
    """
    images, problems = [], []
    for offset, line in enumerate(body.split("\n")):
        for ref in IMAGE_REF.findall(line):
            if urlsplit(ref).scheme or ref.startswith("//"):
                continue  # another host: the sanitiser drops it, the page stays local
            try:
                images.append(attachment_path(unquote(ref), ctx, "obrazu"))
            except Invalid as exc:
                problems.append(Problem.at(shown, first_line + offset, exc.said))
    return images, problems


def body_problems(shown: str, body: str, first_line: int) -> list[Problem]:
    """Problems in the Markdown body: empty, images without alt, mojibake."""
    if not body.strip():
        return [Problem.at(shown, first_line, say("empty_body"))]
    problems = []
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        bad = bad_character(line)
        if bad:
            said = say("forbidden_character_body", character=bad)
            problems.append(Problem.at(shown, number, said))
        if IMAGE_WITHOUT_ALT.search(line):
            problems.append(Problem.at(shown, number, say("image_without_alt")))
        if "\ufffd" in line:
            problems.append(Problem.at(shown, number, say("replacement_character")))
        if re.search(r"<\s*(script|iframe|object|embed)\b", line, re.IGNORECASE):
            problems.append(Problem.at(shown, number, say("embedded_html")))
    return problems


# Two or more capitals as a whole word, not part of a document number
# ("RGI.271.38.2018", "OR.2110") nor a Roman numeral ("XLII sesja").
# An acronym has 2 to 6 letters (PSZOK, PFRON); a longer word in capitals
# is a heading's word or a name, which the warning would only make noise of.
ACRONYM = re.compile(r"(?<![\w./-])([A-ZĄĆĘŁŃÓŚŹŻ]{2,6})(?![\w]|[./-]\w)")
ROMAN = re.compile(r"^[IVXLCDM]+$")


def unknown_abbreviations(
    shown: str, body: str, first_line: int, known: frozenset[str]
) -> list[Problem]:
    """Warn once per document for each all-capitals abbreviation not explained.

    "Pełna nazwa (SKRÓT)" explains it in place. A word the dictionary knows
    as an ordinary word or name (OGŁOSZENIE, WÓJT, GMINY) is not an
    abbreviation, however it is written.

    >>> [p.message for p in unknown_abbreviations("a.md",
    ...     "OGŁOSZENIE: ZGK i MOPS, XLII, Referat Finansowy (FN), FN", 3,
    ...     frozenset({"MOPS"}))]
    ['nieznany skrót „ZGK”']
    """
    seen = set(known) | set(re.findall(r"\(([A-ZĄĆĘŁŃÓŚŹŻ]{2,})\)", body))
    problems = []
    for offset, line in enumerate(body.split("\n")):
        for match in ACRONYM.finditer(line):
            word = match.group(1)
            # "NP." is "np." in capitals: the dictionary knows it with its dot.
            dotted = line[match.end() : match.end() + 1] == "."
            if (
                word in seen
                or ROMAN.match(word)
                or lexicon.ordinary(word)
                or (dotted and lexicon.ordinary(word + "."))
            ):
                continue
            seen.add(word)
            problems.append(
                Problem.at(
                    shown, first_line + offset, say("unknown_abbreviation", word=word)
                )
            )
    return problems


PLACEHOLDER = "UZUPEŁNIJ"  # left by make new where the clerk must write


def placeholders(shown: str, text: str) -> list[Problem]:
    r"""Every place a new document still waits to be filled in (an error).

    >>> [str(p) for p in placeholders("a.md", "tytul: X\nosoba: UZUPEŁNIJ imię")]
    ['a.md:2: nieuzupełnione miejsce: „UZUPEŁNIJ imię” — wpisz tu właściwą treść']
    """
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if PLACEHOLDER in line and not line.lstrip().startswith("#"):
            rest = line[line.index(PLACEHOLDER) :].strip()
            found.append(Problem.at(shown, number, say("placeholder", rest=rest)))
    return found
