"""sitemap.xml and robots.txt from the built output folder (no Pelican).

Every page residents should find is listed: the pages the build wrote for
the record (earlier versions, comparisons, redirects, removal notices: the
addresses their writer noted, bip_content.addresses.UNLISTED) and the 404
page are not. Addresses are absolute, from the site's public address.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape


def page_urls(output: Path, unlisted: set[str]) -> list[str]:
    """Relative URLs of the pages to find, sorted (`""` is the home page)."""
    urls = []
    for page in sorted(output.rglob("index.html")):
        rel = page.parent.relative_to(output).as_posix()
        url = "" if rel == "." else f"{rel}/"
        if url not in unlisted:
            urls.append(url)
    return urls


def sitemap(base: str, urls: list[str], modified: dict[str, dt.date]) -> str:
    """The sitemap XML; `modified` gives a page's last change where known.

    >>> print(sitemap("https://bip.x", ["", "a/"], {"a/": dt.date(2026, 1, 2)}), end="")
    <?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <url><loc>https://bip.x/</loc></url>
    <url><loc>https://bip.x/a/</loc><lastmod>2026-01-02</lastmod></url>
    </urlset>
    """
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url in urls:
        lastmod = (
            f"<lastmod>{modified[url].isoformat()}</lastmod>" if url in modified else ""
        )
        lines.append(f"<url><loc>{escape(f'{base}/{url}')}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(base: str) -> str:
    """robots.txt: everything may be crawled but search results; the sitemap.

    >>> print(robots("https://bip.x"), end="")
    User-agent: *
    Disallow: /szukaj
    Sitemap: https://bip.x/sitemap.xml
    """
    return f"User-agent: *\nDisallow: /szukaj\nSitemap: {base}/sitemap.xml\n"


def write(
    output: Path, base: str, modified: dict[str, dt.date], unlisted: set[str]
) -> int:
    """Write both files into `output`; return the number of pages listed."""
    urls = page_urls(output, unlisted)
    (output / "sitemap.xml").write_text(sitemap(base, urls, modified), encoding="utf-8")
    (output / "robots.txt").write_text(robots(base), encoding="utf-8")
    return len(urls)
