"""Generate the demo municipality's attachments from the YAML lists beside this file.

Every `tools/demo_attachments/*.yaml` lists attachments:

    - plik: content/oswiata/rekrutacja/regulamin.pdf   # path in the repository
      tytul: Regulamin rekrutacji
      akapity: [Pierwszy akapit., Drugi akapit.]        # PDF, DOCX, ODT
      wiersze: [[Ulica, Termin], [Lipowa, 5 stycznia]]  # XLSX (first row: header)

PDFs get a real text layer in DejaVu Sans, so Polish letters can be read by a
screen reader and by the search index; DOCX, ODT and XLSX are minimal valid
files written with zipfile. Output is deterministic (fixed dates).

Run from the repository root (fpdf2 is needed only here, not by the site):

    python3 -m venv /tmp/attvenv && /tmp/attvenv/bin/pip install fpdf2==2.8.9 pyyaml
    /tmp/attvenv/bin/python tools/demo_attachments.py
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
FIXED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def make_pdf(path: Path, title: str, paragraphs: list[str]) -> None:
    from fpdf import FPDF  # noqa: PLC0415 (only this tool needs fpdf2)

    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_title(title)
    pdf.set_author("Gmina Miejska Jarzębinów")
    pdf.set_lang("pl")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, title)
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(3)
    pdf.output(str(path))


def _zip(path: Path, files: dict[str, str], first: str | None = None) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name in ([first] if first else []) + [n for n in files if n != first]:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            # ODF requires an uncompressed mimetype entry first.
            info.compress_type = (
                zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            )
            archive.writestr(info, files[name])


def make_docx(path: Path, title: str, paragraphs: list[str]) -> None:
    body = "".join(
        f'<w:p><w:r>{"<w:rPr><w:b/></w:rPr>" if i == 0 else ""}<w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>'
        for i, t in enumerate([title, *paragraphs])
    )
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    _zip(path, {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>',
    })  # fmt: skip


def make_odt(path: Path, title: str, paragraphs: list[str]) -> None:
    body = f'<text:h text:outline-level="1">{escape(title)}</text:h>' + "".join(
        f"<text:p>{escape(t)}</text:p>" for t in paragraphs
    )
    _zip(path, {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml": '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        "content.xml": f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>{body}</office:text></office:body></office:document-content>',
    }, first="mimetype")  # fmt: skip


def _column(index: int) -> str:
    return chr(ord("A") + index)


def make_xlsx(path: Path, title: str, rows: list[list[object]]) -> None:
    cells = []
    for r, row in enumerate(rows, start=1):
        values = "".join(
            f'<c r="{_column(c)}{r}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>'
            for c, v in enumerate(row)
        )
        cells.append(f'<row r="{r}">{values}</row>')
    S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    _zip(path, {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{S}" xmlns:r="{R}"><sheets><sheet name="{escape(title[:31])}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{S}"><sheetData>{"".join(cells)}</sheetData></worksheet>',
    })  # fmt: skip


def build(entry: dict) -> Path:
    path = ROOT / entry["plik"]
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        make_xlsx(path, entry["tytul"], entry["wiersze"])
    else:
        maker = {".pdf": make_pdf, ".docx": make_docx, ".odt": make_odt}[suffix]
        maker(path, entry["tytul"], entry["akapity"])
    return path


def main() -> None:
    for listing in sorted((HERE / "demo_attachments").glob("*.yaml")):
        for entry in yaml.safe_load(listing.read_text(encoding="utf-8")) or []:
            path = build(entry)
            print(f"{path.relative_to(ROOT)} ({path.stat().st_size} B)")


if __name__ == "__main__":
    main()
