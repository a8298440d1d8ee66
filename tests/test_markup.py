"""The sanitiser: Markdown may not inject scripts, handlers or foreign content."""

from __future__ import annotations

import pytest
from bip_content.markup import render, sanitize
from bs4 import BeautifulSoup


@pytest.mark.parametrize(
    ("html", "absent"),
    [
        ("<script>alert(1)</script>", "script"),
        ('<p onclick="alert(1)">x</p>', "onclick"),
        ('<img src="x" onerror="alert(1)" alt="a">', "onerror"),
        ('<iframe src="https://example.com"></iframe>', "iframe"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="data:text/html,hi">x</a>', "data:"),
        ('<img src="https://tracker.example/p.gif" alt="p">', "tracker.example"),
        ("<style>body{display:none}</style>", "style"),
        ('<form action="https://x.example"><input></form>', "form"),
        ('<object data="x.swf"></object>', "object"),
        ('<p style="position:fixed">x</p>', "position"),
        ("<!-- komentarz -->", "komentarz"),
        ('<svg><script>alert(1)</script></svg>', "svg"),
    ],
)  # fmt: skip
def test_dangerous_markup_is_removed(html: str, absent: str) -> None:
    assert absent not in sanitize(html)


@pytest.mark.parametrize(
    "html",
    [
        '<p><a href="/oswiata/nabor/">link</a></p>',
        '<p><a href="https://www.gov.pl/bip">BIP</a></p>',
        '<p><a href="mailto:bip@example.org">e-mail</a></p>',
        '<table><thead><tr><th scope="col">A</th></tr></thead></table>',
        '<p><img src="mapa.png" alt="Mapa"></p>',
        '<p><abbr title="Biuletyn Informacji Publicznej">BIP</abbr></p>',
    ],
)
def test_safe_markup_is_kept(html: str) -> None:
    assert BeautifulSoup(sanitize(html), "html.parser") == BeautifulSoup(
        html, "html.parser"
    )


def test_render_demotes_h1_and_keeps_tables() -> None:
    html = render("# Tytuł\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h1") is None
    assert soup.find("h2").text == "Tytuł"
    assert soup.find("td").text == "1"
