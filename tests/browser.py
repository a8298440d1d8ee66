"""Debian's Chromium through Playwright, and the site served on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from bip_search.serve import SiteApp, running
from chromium import CHROMIUM, CHROMIUM_ARGS, WCAG_TAGS  # noqa: F401 (for the tests)


def require_chromium() -> None:
    """Skip on a developer machine without Chromium; never in CI."""
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run must install it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


def serving(site: Path, index: Path) -> AbstractContextManager[str]:
    """The site and its search (SiteApp) on 127.0.0.1; yields the base URL."""
    return running(SiteApp(site, index))
