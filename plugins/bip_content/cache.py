"""Results of pure work on a document, kept by content between builds.

Rendering a body (Markdown, abbreviations, sanitising) depends only on its
text, the glossary and the code that renders it. Each result is stored under
the SHA-256 of all of these: a changed document, glossary, library version
or line of the code misses the cache, and everything else is read back
instead of computed again. A build with a cold cache, a warm one or none
writes the same bytes (tests/test_cache.py).

Layout: <folder>/<kind>/<2 hex>/<64 hex>, one UTF-8 file per result,
written to a temporary name and renamed, so a build stopped midway never
leaves half a result. Every hit renews the file's time; prune() removes
what no build used for KEEP_DAYS. The folder is a build product like the
output: delete it at will (the next build is slower, not different).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

KEEP_DAYS = 30  # a result no build used for this long is removed


def fingerprint(code: Iterable[Path], packages: Iterable[str]) -> str:
    """A hash of source files and package versions that shape a result."""
    digest = hashlib.sha256()
    for path in code:
        digest.update(path.read_bytes())
    for name in packages:
        digest.update(f"{name}=={metadata.version(name)}".encode())
    return digest.hexdigest()


class Store:
    """One kind of result in a cache folder; no folder keeps nothing."""

    def __init__(self, folder: Path | None, kind: str, code_hash: str) -> None:
        self.folder = folder / kind if folder else None
        self.code_hash = code_hash
        self.hits = self.misses = 0

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

    def read(self, parts: tuple[str, ...]) -> str | None:
        """What is stored under `parts` (renewing its time), or None."""
        if self.folder is None:
            return None
        path = self.folder / (key := self.key(*parts))[:2] / key
        try:
            found = path.read_text(encoding="utf-8")
            os.utime(path)
        except (OSError, UnicodeDecodeError):
            return None
        return found

    def write(self, parts: tuple[str, ...], text: str) -> None:
        """Store `text` under `parts`, replacing what was there."""
        if self.folder is not None:
            key = self.key(*parts)
            self._write(self.folder / key[:2] / key, text)

    def _write(self, path: Path, text: str) -> None:
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, path)
        except OSError as exc:  # a full or read-only disk: build on, uncached
            logger.warning(
                "bip_content: pamięć podręczna %s nie działa (%s): budowanie "
                "trwa dalej bez niej — sprawdź miejsce na dysku i uprawnienia",
                self.folder,
                exc.strerror or exc,
            )
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            self.folder = None


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
    """Remove results no build used for `days`; return how many."""
    oldest = time.time() - days * 86400
    removed = 0
    for path in folder.glob("*/*/*"):
        try:
            if path.is_file() and path.stat().st_mtime < oldest:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
