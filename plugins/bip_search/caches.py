"""Caches of the search service that hold their size (pure, thread-safe).

Every cache that a query can fill is bounded twice: by its number of entries
and by the approximate bytes of what it keeps. Misses count too: an empty
answer still costs its key.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

# Bytes of one kept entry besides its key and value: the OrderedDict slot, its
# link and the (value, size) pair; tracemalloc on CPython 3.11 showed ~140 B.
ENTRY_OVERHEAD = 160
# Bytes of the objects of one (document, weight) posting: an int (28 B) and a
# float (24 B). The dict's own table is sys.getsizeof(dict); together they
# came to 76–152 B per posting under tracemalloc, and this sum is never less.
POSTING_OBJECTS = 52


def key_bytes(key: tuple) -> int:
    """Approximate bytes of a tuple key of strings.

    >>> key_bytes(("text", "zasilek")) > 100
    True
    """
    return sys.getsizeof(key) + sum(sys.getsizeof(part) for part in key)


def postings_bytes(key: tuple, postings: dict) -> int:
    """Approximate bytes of one term-weight entry: key plus postings."""
    return key_bytes(key) + sys.getsizeof(postings) + POSTING_OBJECTS * len(postings)


class LRUCache(Generic[V]):
    """Least recently used entries, at most `max_entries` and `max_bytes`."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()  # server threads share one cache

    def get(self, key: Hashable) -> V | None:
        """The value kept for `key` (now the most recently used), or None."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: V, size: int) -> None:
        """Keep `value` (of about `size` bytes), evicting the least used."""
        size += ENTRY_OVERHEAD
        if size > self.max_bytes:
            return  # larger than the whole cache: answer it, never keep it
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _key, (_value, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def __len__(self) -> int:
        return len(self._items)

    @property
    def bytes(self) -> int:
        """Approximate bytes kept (keys, values and bookkeeping)."""
        return self._bytes
