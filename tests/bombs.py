"""Hostile and ordinary attachments made on the spot (for tests and the bench).

Each maker returns the bytes of a real file: zip bombs that unpack to far
more than they weigh, a zip whose header lies about a member's size, PDFs
written by hand so that a few kilobytes cost pypdf seconds of work.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from pypdf import PdfWriter

MB = 1024 * 1024
DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxml'
    'formats.org/package/2006/content-types"></Types>'
)
DOCX_PARAGRAPH = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
ODT_PARAGRAPH = "<text:p>{}</text:p>"


def _xml_member(archive: zipfile.ZipFile, name: str, unit: str, size: int) -> None:
    """Write `unit` repeated to `size` bytes, streamed (no copy held in memory)."""
    chunk = (unit * (MB // len(unit) + 1))[:MB].encode()
    with archive.open(name, "w", force_zip64=size > 2**30) as member:
        member.write(b"<?xml version='1.0' encoding='UTF-8'?><doc>")
        for _ in range(size // MB):
            member.write(chunk)
        member.write(b"</doc>")


def office_file(kind: str, text: str = "", repeat_mb: float = 0) -> bytes:
    """A DOCX or ODT holding `text`, plus `repeat_mb` MB of one paragraph.

    >>> len(office_file("docx", "Wniosek o przyjęcie")) < 1000
    True
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if kind == "docx":
            archive.writestr("[Content_Types].xml", DOCX_TYPES)
            name, paragraph = "word/document.xml", DOCX_PARAGRAPH
        else:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            name, paragraph = "content.xml", ODT_PARAGRAPH
        if repeat_mb:
            _xml_member(archive, name, paragraph.format(text), int(repeat_mb * MB))
        else:
            archive.writestr(name, f"<doc>{paragraph.format(text)}</doc>")
    return buffer.getvalue()


def lying_zip(declared: int, actual_mb: int) -> bytes:
    """A DOCX whose headers say word/document.xml has `declared` bytes.

    The deflated data really unpacks to `actual_mb` MB; both the local header
    and the central directory carry the lie.
    """
    data = bytearray(office_file("docx", "kłamstwo", repeat_mb=actual_mb))
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.find(signature)
        while start != -1:
            header = data[start : start + 64]
            if name in header:
                struct.pack_into("<I", data, start + size_at, declared)
            start = data.find(signature, start + 4)
    return bytes(data)


def pdf(pages: int, content: bytes) -> bytes:
    """A valid PDF: `pages` pages that all show one Flate-compressed `content`."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (5 + n) for n in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    packed = zlib.compress(content, 9)
    objects.append(
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream"
    )
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    )
    objects += [page] * pages
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def text_operators(text: str, repeat: int = 1) -> bytes:
    """A content stream that shows `text` on `repeat` lines."""
    line = b"BT /F1 10 Tf 40 800 Td (" + text.encode("latin-1") + b") Tj ET\n"
    return line * repeat


def many_pages_pdf(pages: int, lines: int = 100) -> bytes:
    """Many pages of `lines` lines each: slow by count, small in memory.

    pypdf reads the page list before the first page (~0.3 ms a page), so
    the time goes to the pages themselves only if each has some text.
    """
    return pdf(pages, text_operators("Strona testowa", lines))


def heavy_page_pdf(lines: int) -> bytes:
    """One page whose content stream inflates to `lines` text operators."""
    return pdf(1, text_operators("ciezka strona", lines))


def blank_pdf() -> bytes:
    """A one-page PDF without a text layer, as a scan is."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
