"""Debian's Chromium for Playwright: one set of switches for tools and tests."""

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
