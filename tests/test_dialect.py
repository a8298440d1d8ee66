"""The clerks' Markdown: pasted text renders as its author laid it out."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from bip_content import dialect
from bip_content.frontmatter import split
from bip_content.markup import render
from bs4 import BeautifulSoup
from corpus import CORPUS, ROOT
from markdown import Markdown
from markdown.treeprocessors import InlineProcessor


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(render(text), "html.parser")


def items(text: str, selector: str = "li") -> list[str]:
    return [
        " ".join(li.find(string=True, recursive=False).split())
        for li in soup(text).select(selector)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wymagania:\n• wykształcenie wyższe,\n• staż pracy.", ["wykształcenie wyższe,", "staż pracy."]),
        ("Dokumenty:\n- CV\n- list motywacyjny", ["CV", "list motywacyjny"]),
        ("– pierwszy\n– drugi", ["pierwszy", "drugi"]),
    ],
)  # fmt: skip
def test_bullets_make_a_list_without_a_blank_line(
    text: str, expected: list[str]
) -> None:
    assert items(text, "ul > li") == expected


def test_numbers_and_letters_keep_their_marks_and_nest() -> None:
    text = "1) otwarcie sesji,\n2) uchwały w sprawie:\n   a) budżetu,\n   b) podatków,\n4) zamknięcie."
    page = soup(text)
    top = page.select_one("ol.bip-lista")
    assert [
        " ".join(li.find(string=True).split())
        for li in top.find_all("li", recursive=False)
    ] == [
        "1) otwarcie sesji,",
        "2) uchwały w sprawie:",
        "4) zamknięcie.",
    ]
    assert [li.get_text() for li in top.select("li ol.bip-lista > li")] == [
        "a) budżetu,",
        "b) podatków,",
    ]


def test_a_paragraph_after_a_list_is_not_its_item() -> None:
    page = soup("• pierwszy punkt.\nDalej zwykły akapit.")
    assert [li.get_text() for li in page.select("li")] == ["pierwszy punkt."]
    assert page.select_one("p").get_text() == "Dalej zwykły akapit."


def test_a_wrapped_item_continues() -> None:
    assert items("• wykształcenie wyższe\nadministracyjne lub prawnicze,\n• staż.") == [
        "wykształcenie wyższe",
        "staż.",
    ]
    assert (
        "administracyjne"
        in soup("• wykształcenie wyższe\nadministracyjne,").li.get_text()
    )


def test_indented_lines_are_never_code() -> None:
    page = soup("    Zarządzenie Nr 45/2008\n    Wójta Gminy Wilczęta")
    assert page.find("pre") is None and page.find("code") is None
    assert "Wójta Gminy Wilczęta" in page.p.get_text()


@pytest.mark.parametrize(
    "text",
    [
        "Urząd Gminy Wilczęta\nul. Lipowa 12\n00-950 Wilczęta",
        "poniedziałek: 8:00–16:00\nwtorek: 7:30–15:30",
        "Termin: 15 marca 2026\nMiejsce: Urząd Gminy, pokój 12",
        "Długi akapit z Worda, który kończy się kropką i ma swoją linię w całości.\nNastępny akapit zaczyna się w nowej linii i też jest długi.",
    ],
)
def test_line_structured_text_keeps_its_breaks(text: str) -> None:
    paragraph = soup(text).p
    assert len(paragraph.find_all("br")) == text.count("\n")


def test_prose_wrapped_at_one_width_is_one_paragraph() -> None:
    text = (
        "Zasiłek celowy może zostać przyznany w celu zaspokojenia niezbędnej potrzeby\n"
        "bytowej, w szczególności na pokrycie części lub całości kosztów zakupu\n"
        "żywności, leków i leczenia."
    )
    page = soup(text)
    assert page.find("br") is None
    assert len(page.find_all("p")) == 1


@pytest.mark.parametrize(
    "text",
    ["Wniosek złóż do <nazwa urzędu>.", "<imię i nazwisko>, <adres>", "cena <500 zł"],
)
def test_angle_brackets_of_text_stay_text(text: str) -> None:
    assert soup(text).get_text() == text


def test_key_value_lines_at_the_top_stay() -> None:
    assert (
        soup("Nazwa: Gmina\nTermin: 15 marca\n\nTreść")
        .get_text()
        .startswith("Nazwa: Gmina")
    )


def test_markdown_still_works() -> None:
    page = soup(
        "## Śródtytuł\n\n**ważne** i [link](https://www.gov.pl)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert page.h2.get_text() == "Śródtytuł"
    assert page.strong.get_text() == "ważne"
    assert page.a["href"] == "https://www.gov.pl"
    assert page.td.get_text() == "1"


def test_heading_anchors_fold_polish_letters() -> None:
    page = soup("## Uchwała w sprawie opłat\n\n## Żłobek Łąka")
    assert [h["id"] for h in page.find_all("h2")] == [
        "uchwala-w-sprawie-oplat",
        "zlobek-laka",
    ]


def markdowns() -> tuple[Markdown, Markdown]:
    """The dialect's converter, and the same with Markdown's own inline processor."""
    plain = dialect.new_markdown()
    plain.treeprocessors.register(InlineProcessor(plain), "inline", 20)
    return dialect.markdown(), plain


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return (split(text) or ("", text, 0))[1]


# Pieces of text with every character an inline pattern looks for.
PIECES = (
    "*", "**", "_", "__", "`", "``", "\\", "[", "]", "(", ")", "!", "<", ">", "&",
    ";", "&amp;", "&#65;", "  \n", "\n", "\n\n", " ", "a", "ż", "x@y.pl", "<b>",
    "</b>", "<https://a.pl>", "[^1]", "[^1]: przypis\n", "[a]: http://b\n",
    "![o](p.png)", "[t](u)", "- ", "1. ", "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "# ", "*[BIP]: Biuletyn\n", "{: #id }", "~~~\nkod\n~~~\n", "<!-- c -->", "\t",
    "    ", ":", "Term\n: def\n",
)  # fmt: skip


def test_inline_patterns_skipped_only_where_they_cannot_match() -> None:
    """QuickInline renders as Markdown's own processor: real texts and random ones."""
    quick, plain = markdowns()
    assert isinstance(quick.treeprocessors["inline"], dialect.QuickInline)
    # A pattern a new Markdown adds or renames is tried everywhere: review it.
    assert set(dialect.NEEDED) == {p.name for p in quick.inlinePatterns._priority}
    texts = [
        body(path)
        for folder in (CORPUS, ROOT / "content")
        for path in sorted(folder.rglob("*.md"))
    ]
    rng = random.Random(5)
    texts += [
        "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        for _ in range(3000)
    ]
    assert len(texts) > 3200
    for text in texts:
        assert quick.reset().convert(text) == plain.reset().convert(text), text
