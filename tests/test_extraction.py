"""Attachment text within limits: real bombs made here, read by the real worker.

Each hostile file is run with a memory limit far below what reading it whole
would take: getting its own reason back (not the memory one) shows that it
was stopped within that memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import bombs
import pytest
from bip_search.documents import attachment_text
from bip_search.extraction import MB, Extractor, _read_member, _Text
from conftest import ROOT

TIGHT = {"memory_mb": 150, "unpacked_mb": 16, "max_chars": 100_000}
FULL_PAGE = "Strona testowa" * 100  # what one page of many_pages_pdf reads as


@pytest.fixture(scope="module")
def extractor() -> Iterator[Extractor]:
    with Extractor() as worker:
        yield worker


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pages_read(text: str) -> str:
    """The text of as many whole pages of many_pages_pdf as `text` holds."""
    return " ".join([FULL_PAGE] * text.count(FULL_PAGE))


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "wniosek.docx",
            bombs.office_file("docx", "Wniosek o przyjęcie"),
            "Wniosek o przyjęcie",
        ),
        (
            "zgloszenie.odt",
            bombs.office_file("odt", "Zgłoszenie pobytu"),
            "Zgłoszenie pobytu",
        ),
        (
            "uchwala.pdf",
            bombs.pdf(1, bombs.text_operators("Uchwala nr XLII")),
            "Uchwala nr XLII",
        ),
        ("skan.pdf", bombs.blank_pdf(), ""),
        ("notatka.txt", b"tekst", ""),  # not a format we read
    ],
)
def test_ordinary_files_are_read_whole(
    extractor: Extractor, tmp_path: Path, name: str, data: bytes, expected: str
) -> None:
    found = attachment_text(write(tmp_path, name, data), extractor=extractor, **TIGHT)
    assert (found.text, found.reason) == (expected, "")


def test_the_demo_attachments_read_as_before(extractor: Extractor) -> None:
    docx = ROOT / "content/oswiata/rekrutacja-2026-2027/wniosek-o-przyjecie.docx"
    pdf = (
        ROOT
        / "content/urzad/dodatek-rozklad-jazdy-komunikacji-gminnej"
        / "dodatek-rozklad-jazdy-komunikacji-gminnej.pdf"
    )
    for path in (docx, pdf):
        found = attachment_text(path, extractor=extractor)
        assert found.reason == "" and len(found.text) > 100


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        # 200 MB of paragraphs in 0.6 MB: the declared size is over the cap.
        (
            "bomba.docx",
            bombs.office_file("docx", "bomba", repeat_mb=200),
            "archiwum deklaruje 200 MB rozpakowanej treści (limit 16 MB)",
        ),
        (
            "bomba.odt",
            bombs.office_file("odt", "bomba", repeat_mb=200),
            "archiwum deklaruje 200 MB rozpakowanej treści (limit 16 MB)",
        ),
        # Says 1 000 bytes, holds 50 MB: reading stops at the stated size.
        (
            "klamstwo.docx",
            bombs.lying_zip(1000, 50),
            "uszkodzone archiwum ZIP (Bad CRC-32 for file 'word/document.xml')",
        ),
        # Says 4 GB, holds a few bytes: refused unread.
        (
            "przechwalka.docx",
            bombs.lying_zip(4 * 1024 * MB - 1, 0),
            "archiwum deklaruje 4 096 MB rozpakowanej treści (limit 16 MB)",
        ),
    ],
)
def test_zip_bombs_and_liars_stop_early(
    extractor: Extractor, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    found = attachment_text(write(tmp_path, name, data), extractor=extractor, **TIGHT)
    assert found.reason == reason
    assert found.text == ""


def test_unpacked_bytes_are_counted_while_reading() -> None:
    # The declared sizes are checked before reading; this is the second wall,
    # the bytes really unpacked, for an archive whose header is not believed.
    data = bombs.office_file("docx", "akapit", repeat_mb=3)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        text = _Text(10**9)
        left, reason = _read_member(archive, info, text, left=2 * MB)
    assert reason == "rozpakowana treść przekracza limit {unpacked_mb:g} MB"
    assert left < 0 and 0 < len(text.text()) < 2 * MB


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("dlugi.pdf", bombs.many_pages_pdf(60)),
        ("dlugi.docx", bombs.office_file("docx", FULL_PAGE, repeat_mb=4)),
    ],
)
def test_a_huge_text_layer_is_cut_at_the_cap(
    extractor: Extractor, tmp_path: Path, name: str, data: bytes
) -> None:
    limits = {**TIGHT, "unpacked_mb": 64, "max_chars": 50_000}
    found = attachment_text(write(tmp_path, name, data), extractor=extractor, **limits)
    assert (
        found.reason
        == "tekst jest dłuższy niż limit 50 000 znaków; zaindeksowano początek"
    )
    assert len(found.text) == 50_000
    assert found.text.startswith(FULL_PAGE)


def test_a_pdf_of_many_pages_stops_at_the_time_limit(
    extractor: Extractor, tmp_path: Path
) -> None:
    # 2 000 pages of 100 lines: ~10 s of pypdf here; the limit is 1 s.
    path = write(tmp_path, "biuletyn.pdf", bombs.many_pages_pdf(2000))
    found = attachment_text(path, extractor=extractor, seconds=1, memory_mb=400)
    assert found.reason == "przekroczono limit czasu (1 s na plik)"
    # The pages read before the limit (none, on a machine busy enough).
    assert found.text == pages_read(found.text)
    assert found.text.count(FULL_PAGE) < 1000


def test_one_endless_page_kills_the_worker_and_the_next_file_is_read(
    extractor: Extractor, tmp_path: Path
) -> None:
    # One page whose 25 KB of Flate inflates to 190 000 lines of text operators
    # (under pypdf's own budget of 2 000 000 tokens a stream): ~20 s of pypdf
    # here, with no page boundary to stop at, so the worker is killed.
    heavy = write(tmp_path, "ciezka.pdf", bombs.heavy_page_pdf(190_000))
    before = extractor.pid
    found = attachment_text(heavy, extractor=extractor, seconds=1, memory_mb=400)
    assert (found.text, found.reason) == ("", "przekroczono limit czasu (1 s na plik)")
    assert extractor.pid is None or extractor.pid != before
    normal = write(tmp_path, "zwykly.pdf", bombs.pdf(1, bombs.text_operators("Dalej")))
    assert attachment_text(normal, extractor=extractor).text == "Dalej"


def test_a_pdf_that_needs_too_much_memory_is_stopped(
    extractor: Extractor, tmp_path: Path
) -> None:
    # The same page needs ~300 MB to read whole; 64 MB is allowed.
    heavy = write(tmp_path, "ciezka.pdf", bombs.heavy_page_pdf(190_000))
    found = attachment_text(heavy, extractor=extractor, seconds=120, memory_mb=64)
    assert (found.text, found.reason) == ("", "przekroczono limit pamięci (64 MB)")


def test_a_damaged_file_says_why(extractor: Extractor, tmp_path: Path) -> None:
    found = attachment_text(
        write(tmp_path, "zepsuty.docx", b"PK\x03\x04 to nie jest zip"),
        extractor=extractor,
    )
    assert found.text == ""
    assert found.reason.startswith("pliku nie da się odczytać (BadZipFile: ")


def test_a_cut_text_is_cached_with_its_reason_and_limits(
    extractor: Extractor, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    path = write(tmp_path, "dlugi.pdf", bombs.many_pages_pdf(60))
    first = attachment_text(path, cache, extractor=extractor, max_chars=10_000)
    assert first.reason and len(first.text) == 10_000
    assert [p.suffix for p in cache.iterdir()] == [".json"]  # never a whole .txt
    # The same limits: answered from the cache, reason included.
    with Extractor() as unused:
        again = attachment_text(path, cache, extractor=unused, max_chars=10_000)
        assert unused.pid is None  # no worker was started
    assert again == first
    # A larger cap reads the file again, and this time it is whole.
    whole = attachment_text(path, cache, extractor=extractor, max_chars=10**6)
    assert whole.reason == "" and whole.text == pages_read(whole.text)
    assert len(list(cache.glob("*.txt"))) == 1


def test_polish_text_up_to_the_cap_comes_back_whole(
    extractor: Extractor, tmp_path: Path
) -> None:
    # 90 000 characters, most outside ASCII: the answer is sized for them.
    text = "żółćęąśń " * 10_000
    path = write(tmp_path, "pismo.docx", bombs.office_file("docx", text))
    found = attachment_text(path, extractor=extractor, max_chars=100_000)
    assert (found.text, found.reason) == (text.strip(), "")
