"""Atom feeds written by the plugins' own generators (no Pelican)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from feedgenerator import Atom1Feed

# The date of a feed with no entries when the site has no documents either.
NO_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class DatedFeed(Atom1Feed):
    """An Atom feed dated by its newest entry, or by a given date when empty.

    feedgenerator dates an empty feed with the current time, which would
    make two builds of one commit differ.
    """

    def __init__(self, *args, empty_date: dt.datetime = NO_DATE, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.empty_date = empty_date

    def latest_post_date(self) -> dt.datetime:
        """The newest entry's date, or `empty_date`."""
        return super().latest_post_date() if self.items else self.empty_date

    def save(self, target: Path) -> None:
        """Write the feed as UTF-8, creating its folder."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as handle:
            self.write(handle, "utf-8")
