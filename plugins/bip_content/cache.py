"""Results of pure work on a document, kept by content between builds.

Rendering a body (Markdown, abbreviations, sanitising) depends only on its
text, the glossary and the code that renders it. Each result is stored under
the SHA-256 of all of these: a changed document, glossary, library version
or line of the code misses the cache, and everything else is read back
instead of computed again. A build with a cold cache, a warm one or none
writes the same bytes (tests/test_cache.py).

Layout: <folder>/<kind>.sqlite3, one SQLite table of (key, text, day last
used) per kind of result. One file per kind, not one per result: a 10 000-
document build keeps some 30 000 results, and one small file each cost it
more than the work of storing them (open, write, rename and a folder entry
per result). New results and renewed days wait in memory and are written
in one transaction (flush(): when enough have gathered, when the work that
uses the store ends, at the latest when the store is dropped), so a build
stopped midway never leaves half a result, only fewer. Every hit renews its
day; prune() removes what no build used for KEEP_DAYS. The folder is a build
product like the output: delete it at will (the next build is slower, not
different). A file SQLite cannot read is replaced by an empty one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from . import parallel

logger = logging.getLogger(__name__)
T = TypeVar("T")

KEEP_DAYS = 30  # a result no build used for this long is removed
BATCH = 1000  # results and renewals written in one transaction
WAIT_SECONDS = 30.0  # for another process (a second build) holding the file
SUFFIX = ".sqlite3"
TABLE = (
    "CREATE TABLE IF NOT EXISTS results "
    "(key BLOB PRIMARY KEY, text TEXT NOT NULL, used INTEGER NOT NULL)"
)


def fingerprint(code: Iterable[Path], packages: Iterable[str]) -> str:
    """A hash of source files and package versions that shape a result."""
    digest = hashlib.sha256()
    for path in code:
        digest.update(path.read_bytes())
    for name in packages:
        digest.update(f"{name}=={metadata.version(name)}".encode())
    return digest.hexdigest()


def today_number() -> int:
    """Days since 1970-01-01: the `used` column, as prune() compares it."""
    return int(time.time() // 86400)


class Store:
    """One kind of result in a cache folder; no folder keeps nothing."""

    def __init__(self, folder: Path | None, kind: str, code_hash: str) -> None:
        self.code_hash = code_hash
        self.hits = self.misses = 0
        self._kept = _Kept(folder, folder / f"{kind}{SUFFIX}") if folder else None
        if self._kept is not None:  # what waits is written when the store goes
            weakref.finalize(self, self._kept.flush)

    @property
    def folder(self) -> Path | None:
        """The cache folder, or None when nothing is kept (or it failed)."""
        return self._kept.folder if self._kept else None

    def key(self, *parts: str) -> str:
        """The key of a result computed from `parts` by this code."""
        digest = hashlib.sha256(self.code_hash.encode())
        for part in parts:
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def computed(self, parts: tuple[str, ...], make: Callable[[], str]) -> str:
        """The stored result for `parts`, or make() stored for the next build."""
        found = self.read(parts)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        result = make()
        self.write(parts, result)
        return result

    def computed_all(
        self,
        items: Sequence[T],
        parts: Callable[[T], tuple[str, ...]],
        make: Callable[[T], str],
        workers: int,
    ) -> list[str]:
        """computed() of each item: the ones not stored made in `workers` processes.

        `make` must be pure (parallel.py): its result depends on the item only.
        """
        keys = [parts(item) for item in items]
        found = [self.read(key) for key in keys]
        missing = [at for at, text in enumerate(found) if text is None]
        self.hits += len(items) - len(missing)
        self.misses += len(missing)
        made = parallel.mapped(make, [items[at] for at in missing], workers)
        for at, text in zip(missing, made, strict=True):
            self.write(keys[at], text)
            found[at] = text
        return found  # type: ignore[return-value]

    def read(self, parts: tuple[str, ...]) -> str | None:
        """What is stored under `parts` (renewing its day), or None."""
        if self.folder is None:
            return None
        assert self._kept is not None
        return self._kept.get(bytes.fromhex(self.key(*parts)))

    def write(self, parts: tuple[str, ...], text: str) -> None:
        """Store `text` under `parts`, replacing what was there."""
        if self.folder is not None:
            assert self._kept is not None
            self._kept.put(bytes.fromhex(self.key(*parts)), text)

    def flush(self) -> None:
        """Write what waits in memory now (the work using the store is done)."""
        if self._kept is not None:
            self._kept.flush()


class _Kept:
    """One kind's file: results and renewals wait here, then go in one write."""

    def __init__(self, folder: Path, path: Path) -> None:
        self.folder: Path | None = folder
        self.path = path
        self.today = today_number()
        self.pending: dict[bytes, str] = {}
        self.renewed: set[bytes] = set()
        self.connection: sqlite3.Connection | None = None
        self.pid = 0

    def get(self, key: bytes) -> str | None:
        if key in self.pending:
            return self.pending[key]
        sql = "SELECT text, used FROM results WHERE key = ?"
        row = self._run(lambda db: db.execute(sql, (key,)).fetchone())
        if row is None:
            return None
        if row[1] < self.today:
            self.renewed.add(key)
            self._flush_when_full()
        return row[0]

    def put(self, key: bytes, text: str) -> None:
        self.pending[key] = text
        self._flush_when_full()

    def flush(self) -> None:
        if self.folder is None or not (self.pending or self.renewed):
            return
        rows = [(key, text, self.today) for key, text in self.pending.items()]
        renewed = [(self.today, key) for key in self.renewed - self.pending.keys()]
        self.pending.clear()
        self.renewed.clear()
        self._run(lambda db: _put(db, rows, renewed))

    def _flush_when_full(self) -> None:
        if len(self.pending) + len(self.renewed) >= BATCH:
            self.flush()

    def _run(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """`work` on this process's connection; a failure turns the cache off."""
        try:
            if self.connection is None or self.pid != os.getpid():
                self.connection, self.pid = _connect(self.path), os.getpid()
            return work(self.connection)
        except (OSError, sqlite3.Error) as exc:
            self._fail(exc)
            return None

    def _fail(self, exc: Exception) -> None:
        """Warn once and build on without the cache; drop a damaged file."""
        damaged = isinstance(exc, sqlite3.DatabaseError) and not isinstance(
            exc, sqlite3.OperationalError
        )
        logger.warning(
            "bip_content: pamięć podręczna %s nie działa (%s): budowanie "
            "trwa dalej bez niej — %s",
            self.path,
            getattr(exc, "strerror", None) or exc,
            "plik był uszkodzony i został usunięty, następne budowanie "
            "zacznie go od nowa"
            if damaged
            else "sprawdź miejsce na dysku i uprawnienia",
        )
        if damaged:
            with contextlib.suppress(OSError):
                self.path.unlink()
        self.folder = None
        self.pending.clear()
        self.renewed.clear()


def _connect(path: Path) -> sqlite3.Connection:
    """The kind's file, made if missing (and its folder too)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=WAIT_SECONDS)
    try:
        connection.execute("PRAGMA synchronous = OFF")  # a lost result: a miss
        # Results are 1-20 KB: 16 KB pages read one in fewer pieces than the
        # default 4 KB (a new file only; an existing one keeps its size).
        connection.execute("PRAGMA page_size = 16384")
        connection.execute(TABLE)
    except sqlite3.Error:
        connection.close()
        raise
    return connection


def _put(db: sqlite3.Connection, rows: list[tuple], renewed: list[tuple]) -> None:
    with db:
        db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?)", rows)
        db.executemany("UPDATE results SET used = ? WHERE key = ?", renewed)


def to_json(value: object) -> str:
    """Data with dates as JSON text the cache can keep (see from_json).

    JSON, not pickle: a cache folder that CI restores must never run code.
    """
    return json.dumps(value, ensure_ascii=False, default=_tagged)


def from_json(text: str) -> Any:
    """What to_json wrote, dates and times as they were.

    >>> from_json(to_json({"on": dt.date(2026, 3, 1), "n": [1, "a"]}))
    {'on': datetime.date(2026, 3, 1), 'n': [1, 'a']}
    """
    return json.loads(text, object_hook=_untagged)


_DATE, _DATETIME = "\0date", "\0datetime"  # no YAML key can hold a NUL


def _tagged(value: object) -> dict[str, str]:
    if isinstance(value, dt.datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, dt.date):
        return {_DATE: value.isoformat()}
    raise TypeError(f"the cache keeps no {type(value).__name__}")


def _untagged(value: dict) -> object:
    if len(value) == 1:
        if _DATE in value:
            return dt.date.fromisoformat(value[_DATE])
        if _DATETIME in value:
            return dt.datetime.fromisoformat(value[_DATETIME])
    return value


def prune(folder: Path, days: float = KEEP_DAYS) -> int:
    """Remove results no build used for `days`; return how many.

    Files under subfolders too: attachment texts (bip_search.extraction) and
    results an earlier version kept one per file.
    """
    oldest = time.time() - days * 86400
    removed = 0
    for path in folder.glob(f"*{SUFFIX}"):
        removed += _pruned(path, int(oldest // 86400))
    for path in folder.glob("*/*/*"):
        try:
            if path.is_file() and path.stat().st_mtime < oldest:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def _pruned(path: Path, oldest: int) -> int:
    """Rows of one kind's file last used before day `oldest`."""
    try:
        connection = _connect(path)
        try:
            with connection:
                sql = "DELETE FROM results WHERE used < ?"
                return connection.execute(sql, (oldest,)).rowcount
        finally:
            connection.close()
    except sqlite3.Error as exc:
        logger.warning("bip_content: %s: nie usunięto starych wyników (%s)", path, exc)
        return 0
