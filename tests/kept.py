"""What a cache folder keeps (bip_content.cache), read and changed by tests."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from bip_content.cache import SUFFIX


def kept(cache: Path, kind: str | None = None) -> dict[tuple[str, str], str]:
    """Every kept result, or one kind's, by (kind, key in hex)."""
    found = {}
    for path in sorted(cache.glob(f"{kind or '*'}{SUFFIX}")):
        with contextlib.closing(sqlite3.connect(path)) as db:
            for key, text in db.execute("SELECT key, text FROM results"):
                found[path.name.removesuffix(SUFFIX), key.hex()] = text
    return found


def change_kept(cache: Path, kind: str, change: Callable[[str], str | None]) -> int:
    """Replace each of a kind's results by change(text) unless None; how many."""
    changed = 0
    with contextlib.closing(sqlite3.connect(cache / f"{kind}{SUFFIX}")) as db, db:
        for key, text in db.execute("SELECT key, text FROM results").fetchall():
            new = change(text)
            if new is not None:
                db.execute("UPDATE results SET text = ? WHERE key = ?", (new, key))
                changed += 1
    return changed


def age_kept(cache: Path, kind: str, key: str, days: int) -> None:
    """Make one result look last used `days` earlier than it was."""
    with contextlib.closing(sqlite3.connect(cache / f"{kind}{SUFFIX}")) as db, db:
        sql = "UPDATE results SET used = used - ? WHERE key = ?"
        assert db.execute(sql, (days, bytes.fromhex(key))).rowcount == 1
