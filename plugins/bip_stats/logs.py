"""Visits from nginx access logs, day by day, through GoAccess (pure, no Pelican).

GoAccess parses each line (the `combined` format of deploy/nginx: quotes,
escapes, IPv6), tells crawlers by its own maintained list (with
`--unknowns-as-crawlers`, also programs that name no known browser) and
counts unique visitors the way it always does: one visitor is one address
with one browser on one day, held in its memory only. What leaves GoAccess
is counts per address of the site, never an IP address: the hosts panel is
not even parsed.

This module cuts the logs into days (a day as the log writes it, in the
server's time), runs GoAccess twice per day (see _count) and keeps per day: page views
per page, unique visitors, search queries with the number of visitors who
asked them, lines GoAccess could not read and requests it left out.
Files may be plain or gzip-compressed (logrotate's `.gz`), in any order.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, cast
from urllib.parse import parse_qs

GOACCESS = "goaccess"
# One line of an access log is a request line, a referrer and a user agent:
# a longer one is not nginx's (or is hostile) and is skipped unread.
MAX_LINE = 16 * 1024
MAX_QUERY = 100
MAX_PATH = 300
# Days kept in one run: a log with more distinct days is cut at this many
# newest (a year and a bit; older lines are counted as skipped).
MAX_DAYS = 400
DAY = re.compile(rb"\[(\d{2})/([A-Z][a-z]{2})/(\d{4}):\d{2}:\d{2}:\d{2} [+-]\d{4}\]")
# English month names, as nginx writes them whatever the server's locale.
MONTHS = {
    name.encode(): number
    for number, name in enumerate(
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),  # noqa: SIM905
        start=1,
    )
}
SEARCH_PATHS = ("/szukaj", "/szukaj/", "/szukaj.json")
# A query is dropped, never stored, when it may hold someone's data: an
# e-mail address, or a run of six digits or more (PESEL, telephone, account).
PRIVATE = re.compile(r"@|\d{6}")
# Control characters (as the search service drops them) become spaces.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
OPTIONS = (
    "--log-format=COMBINED",
    "--no-global-config",
    "--num-tests=0",
    "--no-parsing-spinner",  # its thread costs 0.1 s a run, a day a run
    "--max-items=1000000",
    "--ignore-panel=HOSTS",
    "--ignore-panel=REFERRERS",
    "--ignore-panel=REFERRING_SITES",
    "--ignore-panel=KEYPHRASES",
    "--ignore-panel=GEO_LOCATION",
    "--ignore-panel=REMOTE_USER",
)


class LogError(Exception):
    """GoAccess is missing or failed; the message says what to do."""


@dataclass
class Day:
    """One day of visits, as counts only."""

    lines: int = 0  # lines of this day in the logs read
    views: int = 0  # page views (pages and search results pages)
    visitors: int = 0  # unique visitors (address and browser) that day
    pages: dict[str, int] = field(default_factory=dict)  # address → views
    queries: dict[str, int] = field(default_factory=dict)  # query → visitors
    unreadable: int = 0  # lines GoAccess could not parse
    left_out: int = 0  # requests of crawlers and other programs


@dataclass
class Skipped:
    """Lines not read at all: no date, too long, or too old; first one named."""

    count: int = 0
    first: str = ""

    def add(self, where: str) -> None:
        """Count one skipped line at `where` (file:line)."""
        self.count += 1
        self.first = self.first or where


def read_logs(paths: Iterable[Path]) -> tuple[dict[str, Day], Skipped]:
    """Every day found in `paths`, counted by GoAccess; and what was skipped."""
    if shutil.which(GOACCESS) is None:
        raise LogError(
            "brak programu goaccess: zainstaluj go (Debian: apt-get install goaccess)"
        )
    skipped = Skipped()
    with tempfile.TemporaryDirectory(prefix="bip-logi-") as tmp:
        folder = Path(tmp)
        days = _split(paths, folder, skipped)
        for extra in sorted(days)[:-MAX_DAYS]:
            skipped.count += days.pop(extra)
            (folder / extra).unlink()
        return {
            day: _count(folder / day, lines) for day, lines in days.items()
        }, skipped


def _split(paths: Iterable[Path], folder: Path, skipped: Skipped) -> dict[str, int]:
    """Write each line into folder/<rrrr-mm-dd>; return lines per day."""
    counts: dict[str, int] = {}
    handles: dict[str, BinaryIO] = {}
    with contextlib.ExitStack() as stack:
        for path in paths:
            for number, line in enumerate(_lines(path), start=1):
                day = _day(line)
                if day is None:
                    skipped.add(f"{path}:{number}")
                    continue
                if day not in handles:
                    handles[day] = stack.enter_context((folder / day).open("ab"))
                handles[day].write(line)
                counts[day] = counts.get(day, 0) + 1
    return counts


def _lines(path: Path) -> Iterator[bytes]:
    """Lines of a plain or gzip file, each ending in a newline; long ones empty."""
    with _open(path) as stream:
        while line := stream.readline(MAX_LINE + 1):
            if len(line) <= MAX_LINE:
                yield line if line.endswith(b"\n") else line + b"\n"
                continue
            while line and not line.endswith(b"\n"):  # never held whole
                line = stream.readline(MAX_LINE + 1)
            yield b""  # counted as skipped by its line number


def _open(path: Path) -> BinaryIO:
    """A plain or gzip-compressed file (by its first bytes), read as plain."""
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    if gzipped:
        return cast(BinaryIO, gzip.open(path, "rb"))
    return path.open("rb")


def _day(line: bytes) -> str | None:
    """The line's day as rrrr-mm-dd, or None if it has no nginx time."""
    found = DAY.search(line, 0, 200)
    if not found or found.group(2) not in MONTHS:
        return None
    day, month, year = int(found.group(1)), MONTHS[found.group(2)], found.group(3)
    try:
        return dt.date(int(year), month, day).isoformat()
    except ValueError:
        return None


def _count(path: Path, lines: int) -> Day:
    """One day's file through GoAccess twice: every request, then crawlers only.

    People are what is left when the crawlers' counts are taken from all
    (their browsers differ, so their visitors never overlap). GoAccess 1.7's
    --ignore-crawlers would do it in one run, but with it the number of
    visitors of one address comes out too low (five lines of two people
    searching the same words give one visitor); its hits are right.
    """
    every = _report(path)
    crawlers = _report(path, "--crawlers-only", "--unknowns-as-crawlers")
    return day_from_reports(every, crawlers, lines)


def _report(path: Path, *extra: str) -> dict:
    command = [GOACCESS, str(path), "-o", "json", *OPTIONS, *extra]
    result = subprocess.run(command, capture_output=True, check=False)
    if result.returncode != 0:
        error = result.stderr.decode("utf-8", "replace").strip()[-300:]
        raise LogError(f"goaccess nie przeczytał {path.name}: {error}")
    return json.loads(result.stdout)


def day_from_reports(every: dict, crawlers: dict, lines: int) -> Day:
    """Counts of people from GoAccess's reports of all requests and of crawlers'."""
    general, robots = every.get("general", {}), crawlers.get("general", {})
    day = Day(lines=lines)
    day.visitors = int(general.get("unique_visitors", 0)) - int(
        robots.get("unique_visitors", 0)
    )
    day.unreadable = int(general.get("failed_requests", 0))
    day.left_out = int(robots.get("valid_requests", 0))
    for report, sign in ((every, 1), (crawlers, -1)):
        for item in report.get("requests", {}).get("data", []):
            _add_request(day, str(item.get("data", "")), item, sign)
    day.pages = {page: n for page, n in day.pages.items() if n}
    day.queries = {q: n for q, n in day.queries.items() if n}
    return day


def _add_request(day: Day, address: str, item: dict, sign: int) -> None:
    path, _, query = address.partition("?")
    hits = sign * int(item.get("hits", {}).get("count", 0))
    if path in SEARCH_PATHS:
        q, first_page = search_query(query)
        if q and first_page:
            visitors = sign * int(item.get("visitors", {}).get("count", 0))
            day.queries[q] = day.queries.get(q, 0) + visitors
        if path == "/szukaj.json":
            return  # a program's request, not a page someone saw
        path = "/szukaj"
    page = page_path(path)
    if page is not None:
        day.pages[page] = day.pages.get(page, 0) + hits
        day.views += hits


def page_path(path: str) -> str | None:
    """A page's address as the site writes it (`a/b/` or `a/b.html`), or None.

    >>> page_path("/kategoria/nabory/index.html"), page_path("/theme/a.css")
    ('kategoria/nabory/', None)
    """
    path = path[:MAX_PATH]
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    if path == "/szukaj":
        return "szukaj"
    if not path.startswith("/") or not (path.endswith("/") or path.endswith(".html")):
        return None
    return path[1:]


def search_query(query_string: str) -> tuple[str, bool]:
    """The resident's query normalised ('' if none or private); is it page 1.

    GoAccess gives the query string already percent-decoded, `+` kept.

    >>> search_query("q=Podatek++OD+ps%C3%B3w&strona=1")
    ('podatek od psów', True)
    >>> search_query("q=jan@example.pl"), search_query("q=pesel+85010112345")
    (('', True), ('', True))
    """
    params = parse_qs("&".join(query_string.split("&")[:20]))
    q = CONTROL.sub(" ", params.get("q", [""])[0][: MAX_QUERY * 4])
    q = " ".join(q.lower().split())[:MAX_QUERY]
    first = params.get("strona", ["1"])[0] in ("", "1")
    return ("" if PRIVATE.search(q) else q), first
