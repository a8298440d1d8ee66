"""`make new PLIK=…` converters compared on the same DOCX and ODT: what each keeps.

Run with `make bench` or alone: `.venv/bin/python bench/convert_bench.py`.
The files are tests/office.py's resolution (python-docx and odfdo write
them). Each pipeline's Markdown goes through the build's own renderer
(markup.render, the clerks' Markdown), and tests/office.py's kept()
names what survived. With LibreOffice installed (`soffice`), its DOCX→ODT
and ODT→DOCX conversions of the same files are read too, as files a real
office suite wrote. Then the chosen pipeline on large files, each in a child
process: time and peak memory. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import io
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests"), str(ROOT)]

import html2text  # noqa: E402
import mammoth  # noqa: E402
import markdownify  # noqa: E402
import odfdo  # noqa: E402
import office  # noqa: E402
from bip_content import convert  # noqa: E402
from bip_content.limits import defaults  # noqa: E402
from bip_content.markup import render  # noqa: E402

RUNS = 5


def _mammoth_html(data: bytes) -> str:
    return mammoth.convert_to_html(io.BytesIO(data)).value


def _mammoth_markdown(data: bytes) -> str:
    with warnings.catch_warnings():  # deprecated by mammoth itself
        warnings.simplefilter("ignore")
        return mammoth.convert_to_markdown(io.BytesIO(data)).value


def _html2text(html: str) -> str:
    parser = html2text.HTML2Text()
    parser.body_width = 0  # no wrapping: a wrapped line may start with "1. "
    return parser.handle(html)


PIPELINES = {
    "docx": {
        "mammoth → Markdown (własny, przestarzały)": _mammoth_markdown,
        "mammoth → markdownify (domyślnie)": lambda d: markdownify.markdownify(
            _mammoth_html(d), heading_style="ATX"
        ),
        "mammoth → html2text (GPL-3.0)": lambda d: _html2text(_mammoth_html(d)),
        "WYBRANY: mammoth → markdownify dostosowany": lambda d: (
            convert.convert("u.docx", d, defaults()).body
        ),
    },
    "odt": {
        "odfdo.to_markdown()": lambda d: odfdo.Document(io.BytesIO(d)).to_markdown(),
        "WYBRANY: odfdo (drzewo) → markdownify dostosowany": lambda d: (
            convert.convert("u.odt", d, defaults()).body
        ),
    },
}


def timed(function, data: bytes) -> tuple[str, float]:
    """Output of one run, and the median time of RUNS after a warm-up run."""
    result = function(data)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function(data)
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def compare(kind: str, data: bytes, label: str) -> None:
    """One table: every pipeline for `kind` on `data`."""
    print(f"\n{label} ({len(data) / 1024:.0f} KB)")
    for name, function in PIPELINES[kind].items():
        markdown, seconds = timed(function, data)
        # The title is the first heading; in the body the page shows it anyway.
        body = markdown.replace(f"# {office.TITLE}", "", 1)
        found = office.kept(str(render(body)))
        lost = [feature for feature, ok in found.items() if not ok]
        print(
            f"  {name:52} {sum(found.values()):2}/{len(found)}  "
            f"{seconds * 1000:7.1f} ms  traci: {', '.join(lost) or '—'}"
        )


def libreoffice(data: bytes, suffix: str, target: str) -> bytes | None:
    """`data` saved by LibreOffice as `target` (None without soffice)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"uchwala.{suffix}"
        source.write_bytes(data)
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profil", "--headless",
             "--convert-to", target, "--outdir", tmp, str(source)],
            capture_output=True, check=False, timeout=300,
        )  # fmt: skip
        made = Path(tmp) / f"uchwala.{target}"
        return made.read_bytes() if made.exists() else None


def big_docx(paragraphs: int) -> bytes:
    """The resolution plus `paragraphs` paragraphs and a 2 000-row table."""
    import docx

    document = docx.Document(io.BytesIO(office.resolution_docx()))
    table = document.add_table(rows=0, cols=3)
    for row in range(2000):
        cells = table.add_row().cells
        for column, text in enumerate((str(row), "Remont świetlicy", "120 000")):
            cells[column].text = text
    for number in range(paragraphs):
        document.add_paragraph(f"§ {number}. Rada Miejska postanawia przyjąć plan.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


BIG = {"docx-20k-akapitów": lambda: ("u.docx", big_docx(20_000))}


def run_big(name: str) -> None:
    """One large file in this process: one line of figures."""
    file_name, data = BIG[name]()
    start = time.perf_counter()
    result = convert.convert(file_name, data, defaults())
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  {name:22} {len(data) / 1e6:6.2f} MB pliku  {seconds:6.2f} s  "
        f"szczyt {peak:6.1f} MB  {len(result.body) / 1e6:5.2f} MB Markdown"
    )


def main() -> None:
    """Every comparison, then every large case in its own process."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", choices=BIG)
    args = parser.parse_args()
    if args.big:
        run_big(args.big)
        return
    docx_data, odt_data = office.resolution_docx(), office.resolution_odt()
    compare("docx", docx_data, "DOCX z python-docx")
    compare("odt", odt_data, "ODT z odfdo")
    for kind, data, source in (("odt", docx_data, "docx"), ("docx", odt_data, "odt")):
        converted = libreoffice(data, source, kind)
        if converted is None:
            print(f"\n{kind.upper()} z LibreOffice: pominięte (brak soffice)")
        else:
            compare(kind, converted, f"{kind.upper()} zapisany przez LibreOffice")
    print("\nDuże pliki (wybrana ścieżka):")
    for name in BIG:
        subprocess.run([sys.executable, __file__, "--big", name], check=False)


if __name__ == "__main__":
    main()
