"""Index building: attachment text, its cache, scans without a text layer."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import bombs
import pytest
from bip_content.limits import defaults
from bip_search.extraction import LIMITS
from bip_search.plugin import EXTRACTION_CODE, extraction_limits
from bip_search.searcher import SearchIndex, clean_request
from conftest import build, copy_site, index_of

ATTACH = """zalaczniki:
  - plik: zasady.txt
    opis: Zasady rekrutacji
  - plik: skan.pdf
    opis: Skan podpisanego ogłoszenia
"""


@pytest.fixture
def site_with_scan(tmp_path: Path) -> Path:
    content = copy_site("basic", tmp_path)
    doc = content / "oswiata" / "2026-02-01-rekrutacja.md"
    text = doc.read_text(encoding="utf-8")
    old = "zalaczniki:\n  - plik: zasady.txt\n    opis: Zasady rekrutacji\n"
    doc.write_text(text.replace(old, ATTACH), encoding="utf-8")
    (content / "oswiata" / "rekrutacja" / "skan.pdf").write_bytes(bombs.blank_pdf())
    return content


def search(output: Path, q: str) -> list[str]:
    answer = SearchIndex(index_of(output)).search(clean_request({"q": q}))
    return [r["url"] for r in answer.results]


def test_scan_without_text_layer_is_named_in_a_warning(
    site_with_scan: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        build(site_with_scan, tmp_path / "out")
    warnings = [
        r.getMessage() for r in caplog.records if "bip_search" in r.getMessage()
    ]
    assert len(warnings) == 1
    assert "rekrutacja/skan.pdf:1: PDF bez warstwy tekstowej (skan)" in warnings[0]


def test_attachment_text_is_cached_by_content_hash(
    site_with_scan: Path, tmp_path: Path
) -> None:
    settings = {"BIP_METADATA": {"cache_dir": str(tmp_path / "cache")}}
    out = build(site_with_scan, tmp_path / "out", **settings)
    pdf = (site_with_scan / "oswiata" / "rekrutacja" / "skan.pdf").read_bytes()
    folder = tmp_path / "cache" / "text" / EXTRACTION_CODE[:16]
    cached = folder / f"{hashlib.sha256(pdf).hexdigest()}.txt"
    assert cached.read_text(encoding="utf-8") == ""
    # A rebuild reads the cache instead of the PDF: what the cache says is indexed.
    cached.write_text("wzmianka kontrolna", encoding="utf-8")
    build(site_with_scan, tmp_path / "out", **settings)
    assert search(out, "wzmianka kontrolna") == ["oswiata/rekrutacja/"]
    # Without a cache folder nothing is kept: the PDF is read again.
    build(site_with_scan, tmp_path / "out")
    assert search(out, "wzmianka kontrolna") == []


def test_attachment_descriptions_are_searchable(tmp_path: Path) -> None:
    out = build(copy_site("basic", tmp_path), tmp_path / "out")
    # "zasady" is only in the description of the attachment zasady.txt.
    assert search(out, "zasady") == ["oswiata/rekrutacja/"]


def with_docx(content: Path, data: bytes) -> None:
    """Attach wniosek.docx to the rekrutacja document of a copied site."""
    doc = content / "oswiata" / "2026-02-01-rekrutacja.md"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace(
            "    opis: Zasady rekrutacji\n",
            "    opis: Zasady rekrutacji\n  - plik: wniosek.docx\n    opis: Wniosek\n",
        ),
        encoding="utf-8",
    )
    (content / "oswiata" / "rekrutacja" / "wniosek.docx").write_bytes(data)


def test_a_zip_bomb_is_published_with_a_warning_and_its_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = copy_site("basic", tmp_path)
    with_docx(content, bombs.office_file("docx", "bomba", repeat_mb=200))  # 0.6 MB
    with caplog.at_level(logging.WARNING):
        out = build(content, tmp_path / "out")
    warnings = [
        r.getMessage() for r in caplog.records if "załącznika" in r.getMessage()
    ]
    assert len(warnings) == 1
    assert (
        "rekrutacja/wniosek.docx:1: tekst załącznika nie został w całości "
        in warnings[0]
    )
    assert "archiwum deklaruje 200 MB rozpakowanej treści (limit 100 MB)" in warnings[0]
    assert (out / "oswiata" / "rekrutacja" / "index.html").is_file()
    assert search(out, "rekrutacja") == ["oswiata/rekrutacja/"]


def test_extraction_defaults_are_the_municipality_limits() -> None:
    """One set of defaults: the worker's own equal bip.yaml's table."""
    assert extraction_limits(defaults()) == LIMITS


def test_the_municipality_sets_the_extraction_limits(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """bip.yaml's `limity` reach the worker: a lower text cap cuts a normal file."""
    content = copy_site("basic", tmp_path)
    with_docx(content, bombs.office_file("docx", "Wniosek o przyjęcie " * 200))
    bip = content / "bip.yaml"
    bip.write_text(
        bip.read_text(encoding="utf-8") + "limity: {tekst_zalacznika_znaki: 100}\n",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING):
        build(content, tmp_path / "out")
    warnings = [
        r.getMessage() for r in caplog.records if "wniosek.docx" in r.getMessage()
    ]
    assert len(warnings) == 1
    assert "tekst jest dłuższy niż limit 100 znaków" in warnings[0]
