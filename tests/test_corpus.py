"""Real municipal texts render faithfully: nothing lost, nothing garbled.

The corpus (tests/corpus/dokumenty) is official documents taken verbatim
from public bodies' pages. Every word of each one's source must be on its
page and in its search record, and so must every word of the demo's.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bip_content.frontmatter import split
from bip_content.tree import NAME
from bs4 import BeautifulSoup
from conftest import ROOT, build, copy_site, index_of
from corpus import DEPARTMENTS, Text, missing, texts
from whoosh import index

TEXTS = texts()
NUMBER11 = re.compile(r"(?<![\w/.=-])\d{11}(?![\w/])")


def is_pesel(number: str) -> bool:
    """True when 11 digits carry a PESEL's check digit.

    >>> is_pesel("44051401359"), is_pesel("20140001863")
    (True, False)
    """
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    total = sum(w * int(d) for w, d in zip(weights, number, strict=False))
    return (10 - total % 10) % 10 == int(number[10])


REQUIRED = ("zrodlo", "tytul", "podmiot", "dzial", "rodzaj", "uciety", "usuniete")


def test_the_corpus_is_large_and_says_where_each_text_is_from() -> None:
    assert len(TEXTS) >= 150
    hosts = {urlsplit(t.provenance["zrodlo"]).netloc for t in TEXTS}
    assert len(hosts) >= 100  # many public bodies, not a few
    for text in TEXTS:
        assert NAME.match(f"{text.id}.md"), text.id
        assert all(key in text.provenance for key in REQUIRED), text.id
        assert urlsplit(text.provenance["zrodlo"]).scheme in {"http", "https"}
        assert text.department in DEPARTMENTS, text.id
        assert len(text.body.strip()) >= 300, text.id


def test_no_private_phone_or_personal_number_left() -> None:
    """Personal numbers were replaced by placeholders when the texts were taken."""
    for text in TEXTS:
        assert not [n for n in NUMBER11.findall(text.body) if is_pesel(n)], text.id


@pytest.fixture(scope="module")
def corpus_site(corpus_build) -> tuple[Path, dict[str, Text], object]:
    out, result = corpus_build
    return out, {t.rel: t for t in TEXTS}, result


def page_text(page: Path) -> str:
    """What a resident reads of a document's body (and images' alt texts)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one(".bip-document__body")
    alts = " ".join(img.get("alt", "") for img in body.find_all("img"))
    return body.get_text(" ") + " " + alts


def test_every_text_is_published(corpus_site) -> None:
    """Real texts pass the check: what stops one must be its own fault."""
    _out, by_rel, result = corpus_site
    unpublished = {
        rel: [str(p) for p in doc.problems if p.is_error]
        for rel, doc in result.documents.items()
        if not doc.publishable
    }
    assert unpublished == {}
    assert len(result.documents) == len(by_rel)


def test_every_word_is_on_its_page(corpus_site) -> None:
    out, by_rel, _ = corpus_site
    lost = {
        text.id: words[:10]
        for text in by_rel.values()
        if (words := missing(text.body, page_text(out / text.url / "index.html")))
    }
    assert lost == {}


def test_every_word_is_in_its_search_record(corpus_site) -> None:
    out, by_rel, _ = corpus_site
    ix = index.open_dir(str(index_of(out) / "current"), readonly=True)
    with ix.searcher() as searcher:
        bodies = {f["url"]: f["body"] for f in searcher.all_stored_fields()}
    lost = {
        text.id: words[:10]
        for text in by_rel.values()
        if (words := missing(text.body, bodies[text.url]))
    }
    assert lost == {}


def test_every_word_of_the_demo_is_on_its_page(demo_site: Path) -> None:
    """The demo, built as for publication, loses nothing either."""

    lost = {}
    for source in sorted((ROOT / "content").glob("*/*.md")):
        if source.parent.name == "pages":
            continue
        body = split(source.read_text(encoding="utf-8"))[1]
        slug = source.stem.split("-", 3)[3]
        page = demo_site / source.parent.name / slug / "index.html"
        if page.is_file() and (gone := missing(body, page_text(page))):
            lost[source.name] = gone[:10]
    assert lost == {}


KEY_VALUE = "Termin: 15 marca 2026\nMiejsce: Urząd Gminy, pokój 12\n\nTreść ogłoszenia."


def test_key_value_lines_are_text_not_metadata(tmp_path: Path) -> None:
    """Lines like "Termin: …" at the top of a body once vanished from page and
    index: Pelican's Markdown reader had added the `meta` extension."""
    content = copy_site("basic", tmp_path)
    doc = content / "oswiata" / "2026-02-01-rekrutacja.md"
    header = doc.read_text(encoding="utf-8").split("---\n")[1]
    doc.write_text(f"---\n{header}---\n{KEY_VALUE}\n", encoding="utf-8")
    out = build(content, tmp_path / "out")
    shown = page_text(out / "oswiata" / "rekrutacja" / "index.html")
    assert missing(KEY_VALUE, shown) == []
    ix = index.open_dir(str(index_of(out) / "current"), readonly=True)
    with ix.searcher() as searcher:
        body = searcher.document(url="oswiata/rekrutacja/")["body"]
    assert missing(KEY_VALUE, body) == []
