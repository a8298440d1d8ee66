"""Polish dates for templates: '24 listopada 2026' and ISO values for <time>."""

from __future__ import annotations

import datetime as dt

from bip_content.words import number

MONTHS = (
    "stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
    "sierpnia", "września", "października", "listopada", "grudnia",
)  # fmt: skip


def _has_time(value: dt.date) -> bool:
    return isinstance(value, dt.datetime) and (value.hour, value.minute) != (0, 0)


def polish_date(value: dt.date) -> str:
    """Date with the Polish month name in the genitive.

    >>> polish_date(dt.date(2026, 11, 24))
    '24 listopada 2026'
    """
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def polish_datetime(value: dt.date) -> str:
    """Date, and the time when there is one.

    >>> polish_datetime(dt.datetime(2026, 3, 1, 9, 5))
    '1 marca 2026, godz. 09:05'
    """
    if _has_time(value):
        return f"{polish_date(value)}, godz. {value:%H:%M}"
    return polish_date(value)


def iso(value: dt.date) -> str:
    """Machine-readable value for <time datetime>.

    >>> iso(dt.date(2026, 3, 1)), iso(dt.datetime(2026, 3, 1, 9, 5))
    ('2026-03-01', '2026-03-01T09:05')
    """
    if _has_time(value):
        return f"{value:%Y-%m-%dT%H:%M}"
    return f"{value:%Y-%m-%d}"


FILTERS = {
    "data_pl": polish_date,
    "data_czas_pl": polish_datetime,
    "iso": iso,
    "liczba": number,
}
