"""DOCX and ODT to Markdown: real files in, the build's own renderer out."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from bip_content.characters import bad_character
from bip_content.convert import convert, markdown, take_title
from bip_content.limits import defaults
from bip_content.markup import render
from bip_content.office import Refused, kind_of
from bombs import lying_zip, office_file
from bs4 import BeautifulSoup
from odfdo import Document
from office import MAKERS, TITLE, kept, resolution_docx, resolution_odt

LIMITS = defaults()


def rendered(body: str) -> BeautifulSoup:
    """A body as the build renders it."""
    return BeautifulSoup(str(render(body)), "html.parser")


@pytest.mark.parametrize("kind", MAKERS)
def test_the_resolution_keeps_its_structure(kind: str) -> None:
    result = convert(f"uchwala.{kind}", MAKERS[kind](), LIMITS)
    assert result.title == TITLE
    assert result.kind == kind
    found = kept(str(render(result.body)))
    assert [name for name, ok in found.items() if not ok] == []


@pytest.mark.parametrize(
    "text",
    [
        "1. Numer wpisany ręcznie",
        "12. posiedzenie",
        "# to nie śródtytuł",
        "- to nie lista",
        "+ to nie lista",
        "> to nie cytat",
        ": to nie definicja",
        "===",
        "---",
        "~~~ nie kod",
        "<b>nie pogrubienie</b> <script>alert(1)</script>",
        "a_b_c *x* **y** `kod`",
        "[TOC] [1] ![x](y.png) [a](https://example.com)",
        "*[SKRÓT]: nie definicja skrótu",
        "AT&T &amp; &copy; &#169;",
        "| a | b |",
        "C:\\dokumenty\\uchwała",
        "{: #kotwica}",
        "Termin: 15 marca 2026",
        "§ 1. Kwota < 5 000 zł",
    ],
)
def test_typed_markup_stays_text(text: str) -> None:
    """Alone, after a paragraph and on a second line, it reads as typed."""
    typed = escape_html(text)
    html = f"<p>Rada postanawia:</p><p>{typed}</p><p>Wiersz<br>{typed}</p>"
    page = rendered(markdown(BeautifulSoup(html, "html.parser")))
    found = [(tag.name, tag.get_text(), tag.attrs) for tag in page.find_all(True)]
    assert found == [
        ("p", "Rada postanawia:", {}),
        ("p", text, {}),
        ("p", f"Wiersz\n{text}", {}),
        ("br", "", {}),
    ]


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@pytest.mark.parametrize(
    ("href", "linked"),
    [
        ("https://bip.jarzebinow.pl/rada", True),
        ("http://example.com/a b(c)", True),
        ("mailto:rada@jarzebinow.pl", True),
        ("tel:+48000000000", True),
        ("javascript:alert(1)", False),
        ("#_Toc123", False),  # a Word bookmark: no such anchor on the page
        ("file:///etc/passwd", False),
        ("../uchwala.pdf", False),  # a file beside the clerk's copy, not ours
        ("http://[::1", False),  # unparsable
    ],
)
def test_only_links_to_sites_mail_and_phones_are_kept(href: str, linked: bool) -> None:
    html = f'<p>Zobacz <a href="{escape_html(href)}">stronę rady</a>.</p>'
    page = rendered(markdown(BeautifulSoup(html, "html.parser")))
    assert page.get_text() == "Zobacz stronę rady."
    assert (page.find("a") is not None) == linked
    if linked:
        assert page.a["href"].startswith(href.split(" ", maxsplit=1)[0])


@pytest.mark.parametrize("kind", MAKERS)
def test_forbidden_characters_are_left_out(kind: str) -> None:
    hidden = "Przed\u202eodwrócone\u2066\x85po."  # direction marks, a C1 control
    result = convert(f"u.{kind}", MAKERS[kind]((hidden,)), LIMITS)
    assert bad_character(result.body) is None
    assert "Przedodwróconepo." in rendered(result.body).get_text()


@pytest.mark.parametrize(
    ("given", "title", "heading_in_body"),
    [
        ("", TITLE, False),  # from the first heading, which leaves the body
        (TITLE, TITLE, False),  # given and repeated by the heading: dropped
        ("Uchwała budżetowa", "Uchwała budżetowa", True),
    ],
)
def test_title(given: str, title: str, heading_in_body: bool) -> None:
    result = convert("u.docx", resolution_docx(), LIMITS, given)
    assert result.title == title
    assert (TITLE in result.body) == heading_in_body


def test_without_a_heading_the_first_paragraph_is_the_title() -> None:
    data = office_docx_paragraphs(
        ["", "Ogłoszenie o zebraniu", "Zebranie odbędzie się."]
    )
    result = convert("u.docx", data, LIMITS)
    assert result.title == "Ogłoszenie o zebraniu"
    assert result.body == "Zebranie odbędzie się.\n"


def office_docx_paragraphs(texts: list[str]) -> bytes:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_images_are_counted_never_embedded() -> None:
    result = convert("u.docx", resolution_docx(picture=True), LIMITS)
    assert result.images == 1
    assert "data:" not in result.body and "![" not in result.body


def test_the_odt_walk_needs_no_odfdo_markdown() -> None:
    """The same resolution from both writers gives the same body."""
    docx_body = convert("u.docx", resolution_docx(), LIMITS).body
    assert convert("u.odt", resolution_odt(), LIMITS).body == docx_body


def entity_bomb() -> bytes:
    """A DOCX whose document.xml is a few hundred bytes of nested entities."""
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    xml = f'<?xml version="1.0"?><!DOCTYPE w [{entities}]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>'
    source = zipfile.ZipFile(io.BytesIO(resolution_docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = xml if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info, data)
    return buffer.getvalue()


def ods() -> bytes:
    buffer = io.BytesIO()
    Document("spreadsheet").save(buffer)
    return buffer.getvalue()


SMALL = LIMITS | {"rozpakowanie_mb": 1}


@pytest.mark.parametrize(
    ("name", "data", "limits", "message"),
    [
        ("uchwala.pdf", b"%PDF-1.4", LIMITS, "nie jest plikiem DOCX ani ODT"),
        ("uchwala", b"", LIMITS, "nie jest plikiem DOCX ani ODT"),
        ("uchwala.docx", b"To nie jest zip.", LIMITS, "to nie jest archiwum ZIP"),
        ("uchwala.odt", b"PK\x03\x04 obciety", LIMITS, "to nie jest archiwum ZIP"),
        ("bomba.docx", office_file("docx", "bomba", repeat_mb=2), SMALL, "deklaruje 2,0 MB"),
        ("bomba.odt", office_file("odt", "bomba", repeat_mb=2), SMALL, "deklaruje 2,0 MB"),
        ("klamstwo.docx", lying_zip(1000, 2), SMALL, "uszkodzone albo zaszyfrowane"),
        ("encje.docx", entity_bomb(), LIMITS, "deklarację DTD"),
        ("arkusz.odt", ods(), LIMITS, "nie jest dokument tekstowy ODT"),
        ("pusty.docx", office_file("odt", "tekst"), LIMITS, "nie udało się odczytać dokumentu DOCX"),
    ],
    ids=["pdf", "bez-rozszerzenia", "nie-zip", "obciety-zip", "bomba-docx", "bomba-odt",
         "naglowek-klamie", "encje", "arkusz", "odt-jako-docx"],
)  # fmt: skip
def test_hostile_and_wrong_files_are_refused(
    name: str, data: bytes, limits: dict, message: str
) -> None:
    with pytest.raises(Refused, match=message):
        convert(name, data, limits)


def test_kind_comes_from_the_suffix() -> None:
    assert kind_of("Uchwała nr 5.ODT") == "odt"
    with pytest.raises(Refused, match="PDF i inne pliki dodaj jako załącznik ręcznie"):
        kind_of("skan.pdf")


def test_a_formatted_heading_is_one_line_of_title() -> None:
    html = "<h1>Uchwała nr <strong>5</strong>/2026<br/>Rady\u202e Miejskiej</h1><p>Treść.</p>"
    soup = BeautifulSoup(html, "html.parser")
    assert take_title(soup, "", 1000) == "Uchwała nr 5/2026 Rady Miejskiej"
    assert str(soup) == "<p>Treść.</p>"


def test_a_paragraph_too_long_for_a_title_stays_in_the_body() -> None:
    soup = BeautifulSoup("<p>Bardzo długi akapit.</p>", "html.parser")
    assert take_title(soup, "", 10) == ""
    assert soup.get_text() == "Bardzo długi akapit."
