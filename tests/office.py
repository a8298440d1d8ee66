"""Real DOCX and ODT files made on the spot (python-docx, odfdo), for tests and bench.

Both hold the same resolution of a town council, written the way an office
suite writes it: styled headings, a bulleted list, a numbered list with
nested items (a multi-level numbering, as Word and LibreOffice make it), a
table, bold and italic runs, a link, `§` paragraphs and a deadline line.
`kept()` says which of these a rendered body still has.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
from bip_content.dialect import NUMBER
from bs4 import BeautifulSoup, NavigableString
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from odfdo import (
    Cell,
    Document,
    Header,
    Link,
    List,
    ListItem,
    Paragraph,
    Row,
    Span,
    Style,
    Table,
)

TITLE = "Uchwała nr 5/2026 Rady Miejskiej w Jarzębinowie"
BULLETS = ["żłobek „Pod Jarzębiną”", "przedszkole nr 2"]
NUMBERED = [
    ("Zadania gminy:", ["utrzymanie dróg", "oświetlenie ulic"]),
    ("Zadania powiatu.", []),
]
TABLE = [
    ["Lp.", "Nazwa zadania", "Kwota (zł)"],
    ["1", "Remont świetlicy", "120 000"],
    ["2", "Plac zabaw", "45 500"],
]
URL = "https://bip.jarzebinow.pl/rada"
DEADLINE = "Termin: 15 marca 2026"
LAST = "§ 3. Uchwała wchodzi w życie z dniem podjęcia."
# Typed text that looks like Markdown or HTML: it must stay text.
LITERAL = [
    "1. Numer wpisany ręcznie, nie z listy.",
    "# 7 to nie śródtytuł, - to nie lista, <b>to nie znacznik</b>.",
    "Kwota < 5 000 zł * 2, plik_nr_3, [1] | kreska & &amp; \\ koniec.",
]
NUMBERING_ID = "90"  # a numbering of our own, beside the template's


def resolution_docx(extra: tuple[str, ...] = (), picture: bool = False) -> bytes:
    """The resolution as Word would save it; `extra` paragraphs at the end."""
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    paragraph = document.add_paragraph("§ 1. Rada Miejska postanawia ")
    paragraph.add_run("przyjąć").bold = True
    paragraph.add_run(" plan na rok ")
    paragraph.add_run("2026").italic = True
    paragraph.add_run(".")
    document.add_paragraph(DEADLINE)
    document.add_heading("Placówki objęte planem", level=2)
    for text in BULLETS:
        document.add_paragraph(text, style="List Bullet")
    _add_numbering(document)
    for text, nested in NUMBERED:
        _numbered(document, text, 0)
        for item in nested:
            _numbered(document, item, 1)
    document.add_heading("Zadania i kwoty", level=2)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    table.style = "Table Grid"
    for cells, row in zip(table.rows, TABLE, strict=True):
        for cell, text in zip(cells.cells, row, strict=True):
            cell.text = text
    paragraph = document.add_paragraph("§ 2. Szczegóły na stronie ")
    _link(paragraph, "Rady Miejskiej", URL)
    paragraph.add_run(".")
    if picture:
        document.add_picture(io.BytesIO(png()))
    for text in (LAST, *LITERAL, *extra):
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_numbering(document) -> None:
    """A two-level numbering (1., a.), as Word writes a multi-level list."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), NUMBERING_ID)
    for level, style in ((0, "decimal"), (1, "lowerLetter")):
        definition = OxmlElement("w:lvl")
        definition.set(qn("w:ilvl"), str(level))
        for tag, value in (
            ("w:start", "1"),
            ("w:numFmt", style),
            ("w:lvlText", f"%{level + 1}."),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            definition.append(child)
        abstract.append(definition)
    numbering.insert(0, abstract)  # abstract numberings come before numberings
    number = OxmlElement("w:num")
    number.set(qn("w:numId"), NUMBERING_ID)
    reference = OxmlElement("w:abstractNumId")
    reference.set(qn("w:val"), NUMBERING_ID)
    number.append(reference)
    numbering.append(number)


def _numbered(document, text: str, level: int) -> None:
    paragraph = document.add_paragraph(text, style="List Paragraph")
    properties = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", str(level)), ("w:numId", NUMBERING_ID)):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        properties.append(child)
    paragraph._p.get_or_add_pPr().append(properties)


def _link(paragraph, text: str, url: str) -> None:
    """A hyperlink run (python-docx has no call for one)."""
    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run, content = OxmlElement("w:r"), OxmlElement("w:t")
    content.text = text
    run.append(content)
    link.append(run)
    paragraph._p.append(link)


def resolution_odt(extra: tuple[str, ...] = ()) -> bytes:
    """The resolution as an ODT text; `extra` paragraphs at the end."""
    document = Document("text")
    body = document.body
    body.clear()
    for style in (
        Style("text", name="Pogrubienie", bold=True),
        Style("text", name="Kursywa", italic=True),
        _list_style("Numeracja", number=True),
        _list_style("Punktory", number=False),
    ):
        document.insert_style(style, automatic=True)
    body.append(Header(1, TITLE))
    paragraph = Paragraph("§ 1. Rada Miejska postanawia ")
    paragraph.append(Span("przyjąć", style="Pogrubienie"))
    paragraph.append(" plan na rok ")
    paragraph.append(Span("2026", style="Kursywa"))
    paragraph.append(".")
    body.append(paragraph)
    body.append(Paragraph(DEADLINE))
    body.append(Header(2, "Placówki objęte planem"))
    body.append(List([Paragraph(text) for text in BULLETS], style="Punktory"))
    numbered = List(style="Numeracja")
    for text, nested in NUMBERED:
        item = ListItem(Paragraph(text))
        if nested:  # a nested list takes its style from the outer one
            item.append(List([Paragraph(text) for text in nested]))
        numbered.append(item)
    body.append(numbered)
    body.append(Header(2, "Zadania i kwoty"))
    table = Table("Zadania")
    for cells in TABLE:
        row = Row()
        for text in cells:
            row.append(Cell(text, value_type="string"))
        table.append(row)
    body.append(table)
    paragraph = Paragraph("§ 2. Szczegóły na stronie ")
    paragraph.append(Link(URL, text="Rady Miejskiej"))
    paragraph.append(".")
    body.append(paragraph)
    for text in (LAST, *LITERAL, *extra):
        body.append(Paragraph(text))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _list_style(name: str, number: bool) -> Style:
    style = Style("list", name=name)
    for level, mark in ((1, "1"), (2, "a")):
        if number:
            style.set_level_style(level, num_format=mark, suffix=".")
        else:
            style.set_level_style(level, bullet_char="•")
    return style


MAKERS = {"docx": resolution_docx, "odt": resolution_odt}


def png() -> bytes:
    """A 1×1 white PNG (python-docx reads its size from the header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def _text(tag) -> str:
    return " ".join(tag.get_text().split()) if tag else ""


def without_marks(soup: BeautifulSoup) -> None:
    """Drop the "1." of each numbered item: the clerks' Markdown keeps the
    mark in the item's text, the structure is what is compared here."""
    for item in soup.select("ol.bip-lista > li"):
        first = item.contents[0] if item.contents else None
        if isinstance(first, NavigableString):
            first.replace_with(NUMBER.sub("", first, count=1))


def kept(html: str) -> dict[str, bool]:
    """Which parts of the resolution a rendered body still has, each by name."""
    soup = BeautifulSoup(html, "html.parser")
    without_marks(soup)
    numbered = soup.find("ol")
    nested = (
        numbered.find("li").find("ol") if numbered and numbered.find("li") else None
    )
    headings = [_text(h) for h in soup.find_all(["h2", "h3"])]
    cells = [_text(c) for c in soup.select("table th, table td")]
    return {
        "śródtytuły": headings == ["Placówki objęte planem", "Zadania i kwoty"],
        "lista punktowana": [_text(li) for li in soup.select("ul > li")] == BULLETS,
        "lista numerowana": numbered is not None
        and [_text(li) for li in numbered.find_all("li", recursive=False)]
        == [" ".join([text, *nested]) for text, nested in NUMBERED],
        "zagnieżdżenie": nested is not None
        and [_text(li) for li in nested.find_all("li")] == NUMBERED[0][1],
        "tabela": cells == [text for row in TABLE for text in row]
        and soup.select_one("table th") is not None,
        "pogrubienie": _text(soup.find("strong")) == "przyjąć",
        "kursywa": _text(soup.find("em")) == "2026",
        "odnośnik": soup.find("a", href=URL) is not None
        and _text(soup.find("a", href=URL)) == "Rady Miejskiej",
        "§ akapity": [p for p in map(_text, soup.find_all("p")) if p.startswith("§")]
        == [
            "§ 1. Rada Miejska postanawia przyjąć plan na rok 2026.",
            "§ 2. Szczegóły na stronie Rady Miejskiej.",
            LAST,
        ],
        "termin": DEADLINE in map(_text, soup.find_all("p")),
        "tekst dosłownie": set(LITERAL) <= set(map(_text, soup.find_all("p"))),
        "bez tytułu w treści": TITLE not in soup.get_text(),
    }


def long_document(kind: str, paragraphs: int) -> bytes:
    """The resolution with `paragraphs` more paragraphs, written into its XML.

    As fast to make as a zip bomb, but every byte of it is a valid document.
    """
    source = zipfile.ZipFile(io.BytesIO(MAKERS[kind]()))
    if kind == "docx":
        name, end = "word/document.xml", "<w:sectPr"
        paragraph = (
            "<w:p><w:r><w:t>§ 1. Rada postanawia przyjąć plan.</w:t></w:r></w:p>"
        )
    else:
        name, end = "content.xml", "</office:text>"
        paragraph = "<text:p>§ 1. Rada postanawia przyjąć plan.</text:p>"
    xml = source.read(name).decode()
    cut = xml.rindex(end)
    xml = xml[:cut] + paragraph * paragraphs + xml[cut:]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, xml if info.filename == name else source.read(info))
    return buffer.getvalue()


def empty_odt() -> bytes:
    """An ODT text with nothing in it."""
    document = Document("text")
    document.body.clear()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
