"""A clerk's DOCX or ODT file as HTML, read within bounds (for `make new PLIK=…`).

The file is untrusted: it may be a zip bomb, not a zip at all, or carry XML
that expands itself. So before any converter sees it the archive is checked
here: every member's declared size, then the bytes really unpacked, against
one cap (`rozpakowanie_mb`), and no XML member may declare a DTD (OOXML and
ODF never do; entities are how XML grows a few bytes into gigabytes). The
converters then read the same bytes with the same zipfile module.

DOCX goes through mammoth (its own HTML, maintained, no external files); ODT
through odfdo's parser and a short walk of its elements (odt.py).
"""

from __future__ import annotations

import contextlib
import io
import re
import signal
import zipfile
from collections.abc import Iterator

import mammoth
from odfdo import Document
from odfdo.security import SecurityError

from .characters import visible
from .limits import human_size
from .odt import odt_html

KINDS = {"docx": "DOCX", "odt": "ODT"}  # suffix → format name shown to clerks
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
CHUNK = 1024 * 1024
DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
TAIL = 16  # bytes kept between chunks, so a DTD split by a chunk is seen
XML_MEMBER = re.compile(r"\.(?:xml|rels|rdf)$", re.IGNORECASE)


class Refused(Exception):
    """A file that is not converted; the message says why, in Polish."""


def kind_of(name: str) -> str:
    """The format of a file to convert, from its suffix ("docx" or "odt").

    >>> kind_of("Uchwała nr 5.DOCX")
    'docx'
    """
    suffix = name.rpartition(".")[2].lower() if "." in name else ""
    if suffix not in KINDS:
        raise Refused(
            f"„{visible(name)}” nie jest plikiem DOCX ani ODT: na treść dokumentu "
            "zamieniane są tylko takie pliki. PDF i inne pliki dodaj jako załącznik "
            "ręcznie: utwórz dokument poleceniem make new bez PLIK, włóż plik do "
            "folderu dokumentu i wpisz go w kluczu zalaczniki (plik DOC lub RTF "
            "możesz też zapisać w edytorze jako DOCX albo ODT)"
        )
    return suffix


def to_html(kind: str, data: bytes, most: int) -> str:
    """HTML of a DOCX or ODT file whose archive unpacks to at most `most` bytes."""
    archive = checked_archive(data, most, KINDS[kind])
    try:
        if kind == "odt":
            if _mimetype(archive) != ODT_MIMETYPE:
                raise Refused("to nie jest dokument tekstowy ODT (np. arkusz ODS)")
            return odt_html(Document(io.BytesIO(data)))
        return _docx_html(data)
    except Refused:
        raise
    except SecurityError as error:  # odfdo's own zip-bomb checks (ratio, count)
        raise Refused(
            "plik wygląda na „bombę ZIP” (nietypowo silna kompresja albo zbyt "
            "wiele plików w archiwum); zwykły dokument zapisz ponownie w edytorze"
        ) from error
    except Exception as error:  # a damaged or crafted file: say so, never crash
        raise Refused(
            f"nie udało się odczytać dokumentu {KINDS[kind]} "
            f"({type(error).__name__}); otwórz go w edytorze i zapisz ponownie"
        ) from error


def _docx_html(data: bytes) -> str:
    """A DOCX as mammoth's HTML; images as empty <img> (counted, never read)."""
    result = mammoth.convert_to_html(
        io.BytesIO(data),
        # A style map inside the file would let the file choose our HTML.
        include_embedded_style_map=False,
        # Linked images would be read from this computer or the network.
        external_file_access=False,
        convert_image=mammoth.images.img_element(lambda _image: {}),
    )
    return result.value


def _mimetype(archive: zipfile.ZipFile) -> bytes:
    try:
        return archive.read("mimetype").strip()
    except KeyError:
        return b""


def checked_archive(data: bytes, most: int, shown: str) -> zipfile.ZipFile:
    """The zip in `data` once it is known to unpack to at most `most` bytes.

    Declared sizes first (cheap), then every member streamed and counted,
    since a header can lie; XML members are scanned for a DTD on the way.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise Refused(
            f"plik nie jest dokumentem {shown}: to nie jest archiwum ZIP, jakim "
            "jest każdy plik DOCX i ODT (może ma złe rozszerzenie albo jest "
            "uszkodzony)"
        ) from error
    members = archive.infolist()
    declared = sum(info.file_size for info in members)
    if declared > most:
        raise Refused(
            _too_big(f"deklaruje {human_size(declared)} rozpakowanej treści,", most)
        )
    left = most
    for info in members:
        left = _read_member(archive, info, left, most)
    return archive


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, left: int, most: int
) -> int:
    """Unpack one member in chunks: the bytes still allowed after it.

    zipfile stops at the declared size and then fails the CRC, so a lying
    header ends as a damaged archive; the count keeps the bound regardless.
    """
    scan = XML_MEMBER.search(info.filename) is not None
    tail = b""
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                left -= len(chunk)
                if left < 0:
                    raise Refused(_too_big("rozpakowuje się do", most))
                if scan and DTD.search(tail + chunk):
                    raise Refused(
                        "dokument zawiera deklarację DTD, której nie ma w plikach "
                        "z edytorów tekstu; otwórz go w edytorze i zapisz ponownie"
                    )
                tail = chunk[-TAIL:]
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as error:
        # Bad CRC, a member larger than declared, encryption, odd compression.
        raise Refused(
            f"uszkodzone albo zaszyfrowane archiwum ZIP ({error}); otwórz plik "
            "w edytorze i zapisz ponownie"
        ) from error
    return left


def _too_big(what: str, most: int) -> str:
    return (
        f"archiwum {what} więcej niż dozwolone {human_size(most)} "
        "(bip.yaml → limity → rozpakowanie_mb); to może być „bomba ZIP”"
    )


class _OutOfTime(BaseException):
    """Raised by the alarm; a BaseException, so no `except Exception` keeps it."""


@contextlib.contextmanager
def timed(seconds: int) -> Iterator[None]:
    """Stop the work inside after `seconds` (for a command-line process only).

    mammoth took 42 s and 640 MB for 19 MB of XML, so a file within the
    unpacked cap could still hold a clerk's computer for minutes. Time also
    bounds memory: mammoth grows by ~15 MB a second. An address-space limit
    in this process was tried and left out: at the limit Python could not
    even unwind (the traceback keeps the parsed tree) and spun for minutes.
    """

    def stop(_signal: int, _frame: object) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    except _OutOfTime:
        raise Refused(
            f"odczyt trwał dłużej niż dozwolone {seconds} s "
            "(bip.yaml → limity → czas_zalacznika_s)"
        ) from None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
