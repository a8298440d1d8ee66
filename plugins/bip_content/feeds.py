"""Atom feeds written by the plugins themselves, not by Pelican's writer.

Every title, author and register note is text: Atom's text constructs take
it as it is and the HTML-typed summary gets it escaped, so a title like
`<script>` reaches a feed reader as those characters. Only a document's
sanitised body goes in as HTML, and at most `max_bytes` of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path

from bs4 import BeautifulSoup
from feedgenerator import Atom1Feed, get_tag_uri

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


@dataclass(frozen=True)
class Entry:
    """One entry: a document (with its body) or a register row (with a note)."""

    title: str
    link: str
    when: dt.datetime
    html: str = ""  # a document's sanitised body
    note: str = ""  # plain text
    author: str = ""
    unique_id: str = ""


@dataclass(frozen=True)
class Channel:
    """What a feed says of itself."""

    title: str
    link: str
    feed_url: str
    empty_date: dt.datetime = NO_DATE


def write(target: Path, channel: Channel, entries: list[Entry], max_bytes: int) -> None:
    """Write an Atom feed of `entries` (newest first) to `target`."""
    feed = DatedFeed(
        title=channel.title,
        link=channel.link,
        description=channel.title,
        feed_url=channel.feed_url,
        language="pl",
        empty_date=channel.empty_date,
    )
    for entry in entries:
        feed.add_item(
            title=entry.title,
            link=entry.link,
            unique_id=entry.unique_id or get_tag_uri(entry.link, entry.when),
            description=escape(entry.note) if entry.note else None,
            content=bounded(entry.html, entry.link, max_bytes) or None,
            author_name=entry.author or None,
            pubdate=entry.when,
            updateddate=entry.when,
        )
    feed.save(target)


def bounded(html: str, link: str, max_bytes: int) -> str:
    """The body, or, when longer than `max_bytes`, its beginning and a link.

    >>> bounded("<p>" + "słowo " * 100 + "</p>", "https://bip.x/a/", 300)[:24]
    '<p>słowo słowo słowo sło'
    >>> len(bounded("<p>" + "słowo " * 1000 + "</p>", "/a/", 300).encode()) <= 300
    True
    """
    if len(html.encode("utf-8")) <= max_bytes:
        return html
    more = f'</p><p><a href="{escape(link)}">Pełna treść dokumentu w Biuletynie</a></p>'
    room = max(0, max_bytes - len(more.encode("utf-8")) - len("<p> …"))
    words, size = [], 0
    for word in BeautifulSoup(html, "html.parser").get_text(" ").split():
        size += len(escape(word).encode("utf-8")) + 1
        if size > room:
            break
        words.append(escape(word))
    return f"<p>{' '.join(words)} …{more}"
