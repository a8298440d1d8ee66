"""Debian's Chromium through Playwright, and the site served on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
import waitress.server
from bip_search.serve import SiteApp

CHROMIUM = "/usr/bin/chromium"
# Without the networking switches Chromium keeps calling hosts this machine
# cannot reach; the sandbox cannot run as root in CI.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require_chromium() -> None:
    """Skip on a developer machine without Chromium; never in CI."""
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run must install it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


class serving:
    """Run the site and its search (SiteApp) under waitress on 127.0.0.1."""

    def __init__(self, site: Path, index: Path) -> None:
        self.server = waitress.server.create_server(
            SiteApp(site, index), host="127.0.0.1", port=0, threads=4
        )

    def __enter__(self) -> str:
        threading.Thread(target=self.server.run, daemon=True).start()
        return f"http://127.0.0.1:{self.server.effective_port}"

    def __exit__(self, *exc: object) -> None:
        self.server.close()
