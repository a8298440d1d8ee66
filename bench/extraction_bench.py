"""Attachment extraction benchmark: ordinary files and bombs, time and peak memory.

Run with `make bench` or alone: `.venv/bin/python bench/extraction_bench.py`.
Each case runs in its own child process with a fresh worker under the
default LIMITS; the worker's peak RSS is that child's RUSAGE_CHILDREN
maxrss. The demo's 28 attachments are read by one worker, as a build does.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests")]

import bombs  # noqa: E402
from bip_search.extraction import KINDS, LIMITS, Extractor  # noqa: E402

CASES = {
    "docx-bomb-2GiB": lambda: (
        "bomba.docx",
        bombs.office_file("docx", "bomba", repeat_mb=2048),
    ),
    "odt-bomb-2GiB": lambda: (
        "bomba.odt",
        bombs.office_file("odt", "bomba", repeat_mb=2048),
    ),
    "zip-says-1kB-holds-50MB": lambda: ("klamstwo.docx", bombs.lying_zip(1000, 50)),
    "pdf-2000-pages": lambda: ("biuletyn.pdf", bombs.many_pages_pdf(2000)),
    "pdf-one-page-400k-lines": lambda: ("ciezka.pdf", bombs.heavy_page_pdf(400_000)),
    "docx-text-3MiB-paragraphs": lambda: (
        "dlugi.docx",
        bombs.office_file("docx", "Strona testowa" * 100, repeat_mb=3),
    ),
}


def run_case(name: str) -> None:
    """One case in this process: make the file, read it, print one line."""
    with tempfile.TemporaryDirectory() as tmp:
        file_name, data = CASES[name]()
        path = Path(tmp) / file_name
        path.write_bytes(data)
        del data
        start = time.perf_counter()
        with Extractor() as extractor:
            found = extractor.extract(path)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"{name:26} {path.stat().st_size / 1e6:7.2f} MB file  {seconds:6.2f} s  "
            f"worker peak {peak:6.1f} MB  {len(found.text):8d} chars  "
            f"{found.reason or 'cały tekst'}"
        )


def demo_attachments() -> None:
    """Every demo attachment through one worker, as the build reads them."""
    files = sorted(
        p for p in (ROOT / "content").rglob("*") if p.suffix.lower() in KINDS
    )
    start = time.perf_counter()
    with Extractor() as extractor:
        chars = sum(len(extractor.extract(p).text) for p in files)
        first = time.perf_counter() - start
        again = time.perf_counter()
        for p in files:
            extractor.extract(p)
        second = time.perf_counter() - again
    print(
        f"demo: {len(files)} attachments, {chars} characters: {first:.2f} s with "
        f"the worker's start, {second:.2f} s once running"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--case", choices=sorted(CASES))
    args = parser.parse_args()
    if args.case:
        run_case(args.case)
        return
    print(f"limits: {LIMITS}")
    demo_attachments()
    for name in CASES:
        subprocess.run([sys.executable, __file__, "--case", name], check=True)


if __name__ == "__main__":
    main()
