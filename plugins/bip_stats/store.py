"""The visits data file kept between builds (pure, no Pelican).

Raw logs stay on the server and are rotated away; what the site needs is
kept in one JSON file: the last KEEP_DAYS days one by one (so that logs
read again, which overlap the last run's, replace a day instead of adding
it twice), and everything older summed by month. A day older than that is
"closed": lines of a closed day are never counted again.

A day read again replaces the kept one only if the logs hold at least as
many of its lines: after rotation removed the day's first part, the kept
day is the fuller one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict, fields
from pathlib import Path

from .logs import Day

VERSION = 1
KEEP_DAYS = 62
MAX_BYTES = 64 * 1024 * 1024
SUMMED = ("views", "visitors", "unreadable", "left_out", "lines")


class DataError(Exception):
    """The data file cannot be read; the message names it and says why."""


def empty() -> dict:
    """A data file with nothing counted yet."""
    return {"version": VERSION, "closed_through": "", "days": {}, "months": {}}


def load(path: Path) -> dict:
    """The data file at `path` (an empty one if there is none), checked."""
    if not path.exists():
        return empty()
    if path.stat().st_size > MAX_BYTES:
        raise DataError(f"{path}: plik ma ponad {MAX_BYTES // 2**20} MB")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        _check(data)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise DataError(
            f"{path}: to nie jest plik statystyk BIP ({error}); usuń go albo "
            "przywróć z kopii, a następne zliczenie zacznie od logów"
        ) from None
    return data


def _check(data: dict) -> None:
    if data.get("version") != VERSION:
        raise ValueError(f"wersja {data.get('version')!r}, oczekiwana {VERSION}")
    for group in ("days", "months"):
        for key, value in data[group].items():
            as_day(value)
            dt.date.fromisoformat(key if group == "days" else f"{key}-01")
    if data["closed_through"]:
        dt.date.fromisoformat(data["closed_through"])


def as_day(value: dict) -> Day:
    """A stored day (or month) as a Day, every count checked to be a number."""
    day = Day(**{f.name: value[f.name] for f in fields(Day) if f.name in value})
    for name in SUMMED:
        if not isinstance(getattr(day, name), int):
            raise TypeError(f"{name} nie jest liczbą")
    for table in (day.pages, day.queries):
        if not all(isinstance(v, int) for v in table.values()):
            raise TypeError("licznik nie jest liczbą")
    return day


def merge(data: dict, days: dict[str, Day]) -> tuple[int, int]:
    """Put freshly counted days into `data`; fold old ones. (added, ignored)."""
    added = ignored = 0
    for key, day in sorted(days.items()):
        kept = data["days"].get(key)
        if key <= data["closed_through"] or (kept and kept["lines"] > day.lines):
            ignored += 1
            continue
        data["days"][key] = asdict(day)
        added += 1
    _fold(data)
    return added, ignored


def _fold(data: dict) -> None:
    """Sum days older than KEEP_DAYS before the newest into their months."""
    if not data["days"]:
        return
    newest = dt.date.fromisoformat(max(data["days"]))
    limit = (newest - dt.timedelta(days=KEEP_DAYS)).isoformat()
    for key in sorted(k for k in data["days"] if k <= limit):
        day = as_day(data["days"].pop(key))
        month = key[:7]
        total = as_day(data["months"].get(month, {}))
        data["months"][month] = asdict(add(total, day))
        data["closed_through"] = max(data["closed_through"], key)


def add(total: Day, day: Day) -> Day:
    """`total` with `day` added (visitors are summed: unique per day)."""
    for name in SUMMED:
        setattr(total, name, getattr(total, name) + getattr(day, name))
    for table, more in ((total.pages, day.pages), (total.queries, day.queries)):
        for key, count in more.items():
            table[key] = table.get(key, 0) + count
    return total


def by_month(data: dict) -> dict[str, Day]:
    """Every month's counts, folded and kept days together, oldest first."""
    months = {key: as_day(value) for key, value in data["months"].items()}
    for key, value in sorted(data["days"].items()):
        month = months.setdefault(key[:7], Day())
        add(month, as_day(value))
    return dict(sorted(months.items()))


def save(data: dict, path: Path) -> None:
    """Write the data file whole or not at all (a new file renamed over)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    handle, name = tempfile.mkstemp(prefix=".statystyki-", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(name, path)
