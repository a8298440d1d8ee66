"""Screenshots of every page type at 1280 px and 375 px (make screenshots).

Usage: python tools/screenshots.py --site OUTPUT --index INDEX --out screenshots

Serves the built site and its search on 127.0.0.1 (as make serve does),
opens each page type in Debian's Chromium and saves a full-page PNG per
width. Page types missing from a site (e.g. no removed document yet) are
reported and skipped. The folder is not committed: look at the pictures.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from bip_search.serve import SiteApp, running  # noqa: E402
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

WIDTHS = (1280, 375)
# Page type → path (those of the demo; any site has the generic ones).
PAGES = {
    "strona-glowna": "/",
    "kategoria": "/kategoria/pomoc-spoleczna/",
    "lista-stronicowana": "/dokumenty/strona/2/",
    "archiwum-kategorii": "/kategoria/zamowienia/archiwum/",
    "dokument-z-zalacznikami": "/rada-miejska/uchwala-budzetowa-2026/",
    "dokument-archiwalny": "/urzad/przetarg-budowa-placu-zabaw/",
    "wersja-wczesniejsza": "/urzad/przetarg-budowa-placu-zabaw/wersje/1/",
    "porownanie-wersji": "/urzad/przetarg-budowa-placu-zabaw/zmiany/2/",
    "dokument-usuniety": "/urzad/utrudnienia-w-ruchu-ul-lipowa/",
    "rejestr-zmian": "/rejestr-zmian/",
    "rejestr-usunietych": "/rejestr-usunietych/",
    "redakcja": "/redakcja/",
    "dane-podmiotu": "/dane-podmiotu/",
    "instrukcja": "/instrukcja/",
    "informacje-nieudostepnione": "/informacje-nieudostepnione/",
    "deklaracja-dostepnosci": "/deklaracja-dostepnosci/",
    "mapa-strony": "/mapa-strony/",
    "slownik-skrotow": "/slownik-skrotow/",
    "wyszukiwanie": "/szukaj?q=zasi%C5%82ek+celowy",
    "wyszukiwanie-bez-wynikow": "/szukaj?q=kosmodrom",
    "nie-znaleziono": "/nie-ma-takiej-strony/",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=ROOT / "output")
    parser.add_argument("--index", type=Path, default=ROOT / "search_index")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with running(SiteApp(args.site, args.index)) as base:
        return _run(args, base)


def _run(args, base: str) -> int:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for name, path in PAGES.items():
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 900})
                response = page.goto(base + path)
                if response.status >= 400 and name != "nie-znaleziono":
                    print(f"pominięto {name}: {path} odpowiada {response.status}")
                    page.close()
                    break
                target = args.out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                page.close()
            else:
                print(f"{name}: {args.out}/{name}-{{{','.join(map(str, WIDTHS))}}}.png")
        browser.close()


if __name__ == "__main__":
    main()
