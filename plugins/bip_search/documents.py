"""Turn a rendered document and its attachments into index fields (pure)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from pathlib import Path

from bs4 import BeautifulSoup


def html_text(html: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed.

    >>> html_text("<p>Zasiłek <b>celowy</b></p><table><tr><td>1</td></tr></table>")
    'Zasiłek celowy 1'
    """
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    """Text layer of a PDF (empty for a scan without one)."""
    from pypdf import PdfReader  # noqa: PLC0415 (only needed for PDFs)

    reader = PdfReader(io.BytesIO(data))
    return " ".join((page.extract_text() or "") for page in reader.pages).strip()


def office_text(data: bytes) -> str:
    """Text of an ODT/ODS or DOCX/XLSX file (the XML inside the zip)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [
            n
            for n in archive.namelist()
            if n in {"content.xml", "word/document.xml"}
            or n.startswith("xl/worksheets/")
            or n == "xl/sharedStrings.xml"
        ]
        xml = " ".join(archive.read(n).decode("utf-8", "replace") for n in names)
    return " ".join(re.sub(r"<[^>]+>", " ", xml).split())


EXTRACTORS = {
    ".pdf": pdf_text,
    ".odt": office_text,
    ".ods": office_text,
    ".docx": office_text,
    ".xlsx": office_text,
}


def attachment_text(path: Path, cache: Path | None = None) -> str:
    """Text of one attachment, cached by content hash so rebuilds skip it."""
    extract = EXTRACTORS.get(path.suffix.lower())
    if extract is None:
        return ""
    data = path.read_bytes()
    cached = cache / f"{hashlib.sha256(data).hexdigest()}.txt" if cache else None
    if cached is not None and cached.is_file():
        return cached.read_text(encoding="utf-8")
    try:
        text = extract(data)
    except Exception:
        text = ""
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(text, encoding="utf-8")
    return text


def record(doc: dict, today: dt.date) -> dict:
    """Index fields of one document given as plain data.

    `doc` has url, title, number, html, attachments_text, keywords, category,
    categories, category_name, publisher, kind, date (datetime), archived_on.
    """
    archived_on = doc.get("archived_on")
    date = doc["date"].replace(tzinfo=None)
    body = html_text(doc["html"])
    keywords = " ".join(doc.get("keywords") or [])
    searchable = (doc["title"], keywords, body, doc.get("attachments_text", ""))
    return {
        "url": doc["url"],
        "title": doc["title"],
        "number": doc.get("number") or "",
        "text": "\n".join(searchable),
        "body": body,
        "category": doc["category"],
        "categories": ",".join(doc["categories"]),
        "category_name": doc["category_name"],
        "publisher": doc["publisher"],
        "kind": doc.get("kind") or "",
        "date": date,
        "year": date.year,
        "archived": bool(archived_on and archived_on <= today),
    }
