"""The worst bodies the check lets through: how long Markdown takes on them.

For each way a body can make Markdown's work grow with the square of its
size (bip_content/effort.py), the largest body of that shape still under
the limits is found, then rendered. Prints the check's time and the
render's time for each; the same shapes at the body size limit (2 MB) are
refused by the check (tests/test_effort.py). Run by `make bench`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from bip_content.effort import effort
from bip_content.markup import render

SHAPES = {
    "niezamknięte „[” w jednym akapicie": "tekst [ ",
    "„[a](” bez „)” w jednym akapicie": "[a](",
    "„<p ” bez „>”": "<p ",
    "encje „&#1” w jednym akapicie": "&#1 ",
    "linie „a]” w jednym akapicie": "a]\n",
    "krótkie akapity": "akapit\n\n",
    "zwykły tekst (dla porównania)": "Zwykłe zdanie urzędowego tekstu. ",
}
MOST = 2_000_000  # about the default body limit (tresc_kb: 2048)


def largest(unit: str) -> int:
    """The most repeats of `unit` (up to MOST characters) the check lets through."""
    low, high = 0, MOST // len(unit)
    if effort(unit * high).over is None:
        return high
    while high - low > max(1, low // 100):
        middle = (low + high) // 2
        low, high = (
            (middle, high) if effort(unit * middle).over is None else (low, middle)
        )
    return low


def main() -> None:
    print("Najcięższe treści, które sprawdzenie przepuszcza")
    print(f"{'kształt':38} {'znaki':>10} {'sprawdzenie':>12} {'renderowanie':>13}")
    for name, unit in SHAPES.items():
        body = unit * largest(unit)
        started = time.perf_counter()
        effort(body)
        checked = time.perf_counter() - started
        started = time.perf_counter()
        render(body)
        rendered = time.perf_counter() - started
        print(f"{name:38} {len(body):>10,} {checked:>11.2f}s {rendered:>12.2f}s")


if __name__ == "__main__":
    main()
