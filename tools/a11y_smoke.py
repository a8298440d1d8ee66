"""Accessibility smoke test of a built site (make smoke), for CI of content.

Usage: python tools/a11y_smoke.py --site OUTPUT --index INDEX

Serves the site and its search on 127.0.0.1, opens the home page, the first
category, the first document, a search and the 404 page in Debian's
Chromium and runs axe-core (WCAG 2.0/2.1 A and AA). Prints every violation
and exits 1 if there is any. The full checks live in this repository's tests.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from bip_search.serve import SiteApp, running  # noqa: E402
from chromium import CHROMIUM, CHROMIUM_ARGS, WCAG_TAGS  # noqa: E402


def pages(site: Path) -> list[str]:
    """Home, the first category and document listed there, search, 404."""
    home = (site / "index.html").read_text(encoding="utf-8")
    found = ["/"]
    for pattern in (
        r'href="[./]*(kategoria/[^"#]+/)"',
        r'class="bip-doclist__link" href="[./]*([^"#]+/)"',
    ):
        match = re.search(pattern, home)
        if match:
            found.append("/" + match.group(1))
    return [
        *found,
        "/szukaj?q=informacja",
        "/deklaracja-dostepnosci/",
        "/nie-ma-takiej-strony/",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True)
    args = parser.parse_args()
    with running(SiteApp(args.site, args.index)) as base:
        return _run(args, base)


def _run(args, base: str) -> int:
    problems = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        for path in pages(args.site):
            page.goto(base + path)
            result = Axe().run(
                page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}
            )
            violations = result.response["violations"]
            problems += len(violations)
            for v in violations:
                print(f"{path}: {v['id']} ({v['impact']}): {v['help']}")
            print(
                f"{path}: {'naruszeń: ' + str(len(violations)) if violations else 'bez naruszeń'}"
            )
        browser.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
