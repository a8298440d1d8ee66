"""Realistic nginx access logs for a built site, with what they should count.

Usage:
  python tools/demo_logs.py SITE OUT_FOLDER [--start 2026-01-01] [--days 334]
      [--visitors 60] [--seed 1] [--data statystyki.json --index search_index]

Writes OUT_FOLDER/access.log, access.log.1 and older files gzip-compressed
(access.log.2.gz …), rotated at 06:25 as logrotate does, so days span two
files. Traffic: residents with real browsers (IPv4 and IPv6) reading pages
found in SITE, loading the theme and attachments, searching (also with a
query that finds nothing and one with an e-mail address), following a
redirect, hitting a missing page; crawlers and scripts (Googlebot, bingbot,
AhrefsBot, curl, python-requests); and malformed lines. With --data the
logs are counted into that data file (python -m bip_stats logi).

`generate()` also returns the truth: what a correct count must find, worked
out from what was generated, not by reading the logs back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Europe/Warsaw")
BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
)
CRAWLERS = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "curl/8.11.0",
    "python-requests/2.32.3",
)
# Residents' queries: found, not found, and two that must never be stored.
QUERIES = (
    "podatek od nieruchomości",
    "odpady",
    "nabór",
    "przetarg",
    "sesja rady",
    "harmonogram wywozu śmieci",
    "zasilek",
    "szkola",
    "prognoza pogody",
    "wyniki meczu",
)
PRIVATE_QUERIES = ("jan.kowalski@example.pl", "pesel 85010112345")
MALFORMED = (
    b"\x00\x01binary junk\n",
    b"-\n",
    b"GET / HTTP/1.1\n",
)


@dataclass
class Truth:
    """What the logs hold, counted while writing them."""

    views: dict[str, dict[str, int]] = field(default_factory=dict)  # day → page → n
    visitors: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    queries: dict[str, dict[str, set[tuple[str, str]]]] = field(default_factory=dict)
    skipped: int = 0  # lines without a date or too long
    unreadable: dict[str, int] = field(default_factory=dict)  # day → lines
    left_out: dict[str, int] = field(default_factory=dict)  # crawlers' lines

    def leave_out(self, day: str) -> None:
        """Count one line a correct count leaves out (a crawler's)."""
        self.left_out[day] = self.left_out.get(day, 0) + 1


def site_pages(site: Path) -> tuple[list[str], list[str]]:
    """Addresses of the site's pages (as logged, with '/') and its attachments."""
    pages, files = [], []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("theme/", "edytor/", "szukaj")) or not path.is_file():
            continue
        if rel.endswith("index.html"):
            pages.append("/" + rel[: -len("index.html")])
        elif rel.endswith(".pdf"):
            files.append("/" + rel)
    return pages, files


class Writer:
    """Lines of generated traffic, in time order, with the truth kept."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lines: list[tuple[dt.datetime, bytes]] = []
        self.truth = Truth()

    def line(
        self, when: dt.datetime, ip: str, request: str, status: int, agent: str
    ) -> None:
        stamp = when.astimezone(ZONE).strftime("%d/%b/%Y:%H:%M:%S %z")
        size = self.rng.randint(800, 40000) if status == 200 else 0
        text = f'{ip} - - [{stamp}] "{request}" {status} {size} "-" "{agent}"\n'
        self.lines.append((when, text.encode()))

    def resident(self, when: dt.datetime, pages: list[str], files: list[str]) -> None:
        rng = self.rng
        ip = _address(rng)
        agent = rng.choice(BROWSERS)
        day = when.astimezone(ZONE).date().isoformat()
        self.truth.visitors.setdefault(day, set()).add((ip, agent))
        for page in _reading(rng, pages):
            when += dt.timedelta(seconds=rng.randint(5, 120))
            self.view(when, ip, agent, page, day)
            if rng.random() < 0.3:
                self.line(when, ip, "GET /theme/css/bip.css HTTP/2.0", 200, agent)
            if files and rng.random() < 0.1:
                self.line(when, ip, f"GET {rng.choice(files)} HTTP/2.0", 200, agent)
        self.extras(when, ip, agent, day)

    def view(self, when: dt.datetime, ip: str, agent: str, page: str, day: str) -> None:
        self.line(when, ip, f"GET {page} HTTP/2.0", 200, agent)
        counts = self.truth.views.setdefault(day, {})
        counts[page[1:]] = counts.get(page[1:], 0) + 1

    def extras(self, when: dt.datetime, ip: str, agent: str, day: str) -> None:
        rng = self.rng
        if rng.random() < 0.25:
            q = rng.choice(QUERIES + PRIVATE_QUERIES * (rng.random() < 0.1))
            self.search(when, ip, agent, q, day)
        if rng.random() < 0.05:
            self.line(when, ip, "GET /kategoria HTTP/2.0", 301, agent)
        if rng.random() < 0.05:
            self.line(when, ip, "GET /nie-ma-takiej-strony/ HTTP/2.0", 404, agent)

    def search(self, when: dt.datetime, ip: str, agent: str, q: str, day: str) -> None:
        typed = q.upper() if self.rng.random() < 0.2 else q
        encoded = "+".join(_percent(word) for word in typed.split())
        self.line(when, ip, f"GET /szukaj?q={encoded} HTTP/2.0", 200, agent)
        self.truth.views.setdefault(day, {})
        counts = self.truth.views[day]
        counts["szukaj"] = counts.get("szukaj", 0) + 1
        if "@" not in q and "8501" not in q:
            asked = self.truth.queries.setdefault(day, {}).setdefault(q, set())
            asked.add((ip, agent))
        if self.rng.random() < 0.3:  # the second page is not another query
            later = when + dt.timedelta(seconds=20)
            self.line(
                later, ip, f"GET /szukaj?q={encoded}&strona=2 HTTP/2.0", 200, agent
            )
            counts["szukaj"] += 1

    def crawler(self, when: dt.datetime, pages: list[str]) -> None:
        agent = self.rng.choice(CRAWLERS)
        ip = f"66.249.{self.rng.randint(64, 79)}.{self.rng.randint(1, 254)}"
        day = when.astimezone(ZONE).date().isoformat()
        for page in self.rng.sample(pages, min(5, len(pages))):
            self.line(when, ip, f"GET {page} HTTP/1.1", 200, agent)
            self.truth.leave_out(day)

    def malformed(self, when: dt.datetime) -> None:
        day = when.astimezone(ZONE).date().isoformat()
        self.lines.append((when, self.rng.choice(MALFORMED)))
        stamp = when.astimezone(ZONE).strftime("%d/%b/%Y:%H:%M:%S %z")
        agent = "Mozilla/5.0 " + "A" * 20000  # longer than any nginx line read
        self.lines.append(
            (
                when,
                f'10.9.9.8 - - [{stamp}] "GET / HTTP/1.1" 200 1 "-" "{agent}"\n'.encode(),
            )
        )
        self.truth.skipped += 2
        self.lines.append((when, f"10.9.9.9 - - [{stamp}] garbage\n".encode()))
        self.truth.unreadable[day] = self.truth.unreadable.get(day, 0) + 1


def _address(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return f"2001:db8:{rng.randint(1, 0xFFFF):x}::{rng.randint(1, 0xFFFF):x}"
    return f"{rng.choice((31, 83, 91, 178, 188))}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _reading(rng: random.Random, pages: list[str]) -> list[str]:
    """A visit: the home page often, then a few pages, popular ones more often."""
    weights = [1 / (rank + 1) for rank in range(len(pages))]
    count = rng.choice((1, 1, 2, 3, 4))
    chosen = rng.choices(pages, weights=weights, k=count)
    return (["/"] if rng.random() < 0.5 else []) + chosen


def _percent(word: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else _escape(c) for c in word)


def _escape(char: str) -> str:
    return "".join(f"%{b:02X}" for b in char.encode())


def generate(
    site: Path, start: dt.date, days: int, visitors: int, seed: int
) -> tuple[list[tuple[dt.datetime, bytes]], Truth]:
    """All lines of `days` days from `start`, time-ordered, and their truth."""
    pages, files = site_pages(site)
    pages = [p for p in pages if p != "/"]
    random.Random(seed).shuffle(pages)
    writer = Writer(seed)
    for n in range(days):
        day = start + dt.timedelta(days=n)
        midnight = dt.datetime.combine(day, dt.time(), ZONE)
        seasonal = 1 + 0.3 * ((day.month in (3, 4, 9, 10)) - (day.month in (7, 8)))
        for _ in range(int(visitors * seasonal * writer.rng.uniform(0.7, 1.3))):
            when = midnight + dt.timedelta(
                seconds=writer.rng.randint(6 * 3600, 20 * 3600)
            )
            writer.resident(when, pages, files)
        for _ in range(max(1, visitors // 10)):
            writer.crawler(
                midnight + dt.timedelta(seconds=writer.rng.randint(0, 86000)), pages
            )
        if n % 7 == 3:
            writer.malformed(midnight + dt.timedelta(hours=12))
    writer.lines.sort(key=lambda item: item[0])
    return writer.lines, writer.truth


def write_rotated(
    lines: list[tuple[dt.datetime, bytes]], folder: Path, days: int = 7
) -> list[Path]:
    """access.log, access.log.1, access.log.2.gz …: `days` days each, cut at 06:25."""
    folder.mkdir(parents=True, exist_ok=True)
    if not lines:
        return []
    last = lines[-1][0].astimezone(ZONE).date()
    files: dict[int, list[bytes]] = {}
    for when, text in lines:
        local = when.astimezone(ZONE)
        shifted = (local - dt.timedelta(hours=6, minutes=25)).date()
        files.setdefault((last - shifted).days // days, []).append(text)
    paths = []
    for number, chunk in sorted(files.items()):
        name = "access.log" + (f".{number}" if number else "")
        data = b"".join(chunk)
        if number >= 2:
            path = folder / f"{name}.gz"
            path.write_bytes(gzip.compress(data, mtime=0))
        else:
            path = folder / name
            path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Write the logs; with --data, count them into the data file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--start", type=dt.date.fromisoformat, default=dt.date(2026, 1, 1)
    )
    parser.add_argument("--days", type=int, default=334)
    parser.add_argument("--visitors", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--index", type=Path, help="search index for no-result queries")
    args = parser.parse_args(argv)
    lines, _truth = generate(args.site, args.start, args.days, args.visitors, args.seed)
    paths = write_rotated(lines, args.out)
    print(f"{len(lines)} wierszy w {len(paths)} plikach: {args.out}")
    if args.data:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
        from bip_stats.__main__ import main as stats  # noqa: PLC0415

        index = ["--indeks", str(args.index)] if args.index else []
        return stats(["logi", "--dane", str(args.data), *index, *map(str, paths)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
