"""make raport: the BIP part of the yearly "Raport o stanie gminy" (pure, no Pelican).

Read from a built site's statystyka/dane.json (the figures its statistics
page shows), written as an ODT document a secretary opens in LibreOffice or
Word and pastes from, and as Markdown beside it, with the charts as SVG
files. Every sentence is built from the figures; nothing is typed by hand.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from bip_content.addresses import STATISTICS
from bip_content.words import counted, number, plural
from odfdo import (
    Document,
    Frame,
    Header,
    Paragraph,
    Style,
    Table,
    create_table_cell_style,
)

from . import publishing, visits

DATA = "dane.json"
MAX_DATA_BYTES = 32 * 1024 * 1024
CHART_WIDTH_CM = 16.5


@dataclass
class Block:
    """One part of the report: a heading, a paragraph, a table or a chart."""

    kind: str  # "h1", "h2", "p", "table", "chart"
    text: str = ""  # heading, paragraph, table caption or chart description
    rows: list[list[str]] = field(default_factory=list)  # table: header first
    svg: str = ""
    name: str = ""  # chart file name


def load(site: Path) -> dict:
    """The figures a build wrote (statystyka/dane.json), size-checked."""
    path = site / STATISTICS / DATA
    if not path.is_file():
        raise ValueError(f"brak {path}: najpierw zbuduj serwis (make html)")
    if path.stat().st_size > MAX_DATA_BYTES:
        raise ValueError(f"{path}: plik większy niż {MAX_DATA_BYTES // 2**20} MB")
    return json.loads(path.read_text(encoding="utf-8"))


def build(data: dict, year: int) -> list[Block]:
    """The report's parts for `year`."""
    blocks = [
        Block("h1", f"Biuletyn Informacji Publicznej w {year} r."),
        Block("p", f"{data.get('gmina', '')}. Dane z Biuletynu Informacji Publicznej."),
    ]
    blocks += _publishing(data, year)
    blocks += _visits(data, year)
    blocks += _newsletter(data, year)
    blocks.append(Block("h2", "Jak policzono"))
    blocks.append(Block("p", METHOD))
    return blocks


METHOD = (
    "Publikacje i zmiany policzono z historii dokumentów Biuletynu (rejestru "
    "zmian). Odsłony i odwiedzających policzono z dzienników serwera, bez "
    "plików cookie i bez zapisywania adresów IP; nie liczono robotów "
    "wyszukiwarek ani przekierowań. Odwiedzający to jeden adres z jedną "
    "przeglądarką w ciągu dnia; liczba miesięczna to suma dzienna."
)


def _publishing(data: dict, year: int) -> list[Block]:
    found = data.get("publikacje", {}).get(str(year))
    blocks = [Block("h2", "Publikacje w BIP")]
    if not found:
        return [*blocks, Block("p", f"W {year} r. w BIP nie opublikowano dokumentów.")]
    figures = publishing.year_from_json(year, found)
    blocks.append(Block("p", publishing.summary(figures)))
    for attribute, heading in publishing.DIMENSIONS.items():
        rows = [[heading.capitalize(), "Opublikowane", "Zmiany", "Usunięte"]]
        rows += [[str(v) for v in row] for row in figures.table(attribute)]
        blocks.append(Block("table", f"Publikacje w {year} r. według: {heading}", rows))
    years = {
        int(n): publishing.year_from_json(int(n), v)
        for n, v in data["publikacje"].items()
        if int(n) <= year
    }
    blocks.append(
        Block(
            "chart",
            "Dokumenty opublikowane, zmienione i usunięte w kolejnych latach.",
            svg=publishing.chart_svg(years),
            name="publikacje",
        )
    )
    return blocks


def _visits(data: dict, year: int) -> list[Block]:
    found = visits.from_json(data.get("odwiedziny") or {}, year)
    blocks = [Block("h2", "Odwiedziny BIP")]
    if found is None:
        return [*blocks, Block("p", f"Brak danych o odwiedzinach w {year} r.")]
    blocks.append(Block("p", visits.summary(found)))
    blocks.append(
        Block(
            "chart",
            "Odsłony stron BIP w kolejnych miesiącach według działów.",
            svg=visits.chart_svg(found),
            name="odwiedziny",
        )
    )
    rows = [["Miesiąc", "Odsłony", "Odwiedzający (suma dzienna)"]]
    rows += [
        [visits.month_name(m), number(found.total(m)), number(found.visitors[m])]
        for m in found.months
    ]
    blocks.append(Block("table", f"Odwiedziny BIP w {year} r.", rows))
    return blocks


def _newsletter(data: dict, year: int) -> list[Block]:
    issues = [i for i in data.get("biuletyn", []) if i["data"][:4] == str(year)]
    blocks = [Block("h2", "Biuletyn gminy")]
    blocks.append(Block("p", newsletter_sentence(issues, year)))
    if issues:
        rows = [["Numer", "Data wydania", "Nakład (egz.)", "Dodatki"]]
        for issue in sorted(issues, key=lambda i: i["data"]):
            extras = "; ".join(s["tytul"] for s in issue["dodatki"]) or "—"
            copies = number(issue["naklad"]) if issue["naklad"] else "—"
            rows.append([issue["tytul"], issue["data"], copies, extras])
        blocks.append(Block("table", f"Numery biuletynu wydane w {year} r.", rows))
    return blocks


def newsletter_sentence(issues: list[dict], year: int) -> str:
    """'W 2026 r. ukazały się 4 numery biuletynu i 2 dodatki w łącznym nakładzie …'."""
    if not issues:
        return f"W {year} r. nie ukazał się żaden numer biuletynu gminy."
    supplements = [s for i in issues for s in i["dodatki"]]
    copies = sum((p["naklad"] or 0) for p in [*issues, *supplements])
    verb = plural(len(issues), "ukazał się", "ukazały się", "ukazało się")
    text = f"W {year} r. {verb} {counted(len(issues), 'numer', 'numery', 'numerów')}"
    text += " biuletynu gminy"
    if supplements:
        text += f" i {counted(len(supplements), 'dodatek', 'dodatki', 'dodatków')}"
    if copies:
        text += (
            " w łącznym nakładzie "
            f"{counted(copies, 'egzemplarza', 'egzemplarzy', 'egzemplarzy')}"
        )
    return text + "."


def markdown(blocks: list[Block], prefix: str) -> str:
    """The report as Markdown; charts are files named `<prefix>-<name>.svg`."""
    lines: list[str] = []
    for block in blocks:
        if block.kind in ("h1", "h2"):
            lines += ["#" * int(block.kind[1]) + " " + block.text, ""]
        elif block.kind == "p":
            lines += [block.text, ""]
        elif block.kind == "chart":
            lines += [f"![{block.text}]({prefix}-{block.name}.svg)", ""]
        else:
            lines += [f"**{block.text}**", ""]
            header, *rows = block.rows
            lines.append(_row(header))
            lines.append("|" + "---|" * len(header))
            lines += [_row(row) for row in rows]
            lines.append("")
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return (
        "| "
        + " | ".join(re.sub(r"\s+", " ", c).replace("|", "\\|") for c in cells)
        + " |"
    )


# Styles of the ODT: a caption over each table, bordered cells, a bold
# header row, the first column wider (names are long, numbers short).
STYLES = (
    Style("paragraph", name="BipPodpis", margin_top="0.4cm"),
    Style("paragraph", name="BipNaglowek"),
    create_table_cell_style(border="0.5pt solid #000000", padding="0.08cm"),
    Style("table-column", name="BipPierwsza", width="6.5cm"),
    Style("table-column", name="BipLiczby", width="3.3cm"),
)
CELL = "BipKomorka"


def odt(blocks: list[Block], charts: dict[str, Path]) -> Document:
    """The report as an ODT document (charts embedded from `charts`)."""
    document = Document("text")
    for style in STYLES:
        if style.family == "paragraph":
            style.set_properties({"fo:font-weight": "bold"}, area="text")
        document.insert_style(style, name=style.name or CELL, automatic=True)
    # Headings without the template's "1.", "1.1." (pasted into the gmina's
    # report they would clash with its own numbering).
    outline = document.styles.get_element("//text:outline-style")
    for level in outline.children if outline is not None else []:
        level.set_attribute("style:num-format", "")
        for name in ("style:num-suffix", "loext:num-list-format"):
            level.del_attribute(name)
    body = document.body
    body.clear()
    for n, block in enumerate(blocks):
        if block.kind in ("h1", "h2"):
            body.append(Header(int(block.kind[1]), block.text))
        elif block.kind == "p":
            body.append(Paragraph(block.text))
        elif block.kind == "chart":
            body.append(_chart(document, block, charts[block.name]))
        else:
            body.append(Paragraph(block.text, style="BipPodpis"))
            body.append(_table(f"Tabela{n}", block.rows))
    return document


def _table(name: str, rows: list[list[str]]) -> Table:
    table = Table(name)
    table.set_values(rows)
    for place, column in enumerate(table.get_columns()):
        column.style = "BipLiczby" if place else "BipPierwsza"
        table.set_column(place, column)
    for place, row in enumerate(table.get_rows()):
        for cell in row.get_cells():
            cell.style = CELL
            if place == 0:
                for paragraph in cell.get_paragraphs():
                    paragraph.style = "BipNaglowek"
        table.set_row(place, row)
    return table


def _chart(document: Document, block: Block, path: Path) -> Paragraph:
    width, height = (float(v) for v in _view_box(block.svg))
    size = (f"{CHART_WIDTH_CM}cm", f"{CHART_WIDTH_CM * height / width:.2f}cm")
    uri = document.add_file(path)
    frame = Frame.image_frame(uri, size=size, anchor_type="as-char")
    frame.svg_title = block.text  # the alternative text readers and Word show
    frame.svg_description = "Te same liczby są w tabeli obok wykresu."
    paragraph = Paragraph()
    paragraph.append(frame)
    return paragraph


def _view_box(svg: str) -> tuple[str, str]:
    found = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    return (found.group(1), found.group(2)) if found else ("720", "360")


def write_report(site: Path, year: int, out: Path) -> list[Path]:
    """Write bip-<year>.odt, bip-<year>.md and the charts into `out`."""
    blocks = build(load(site), year)
    out.mkdir(parents=True, exist_ok=True)
    prefix = f"bip-{year}"
    charts = {}
    for block in blocks:
        if block.kind == "chart":
            charts[block.name] = out / f"{prefix}-{block.name}.svg"
            charts[block.name].write_text(block.svg, encoding="utf-8")
    text = out / f"{prefix}.md"
    text.write_text(markdown(blocks, prefix), encoding="utf-8")
    document = out / f"{prefix}.odt"
    odt(blocks, charts).save(document)
    return [document, text, *charts.values()]
