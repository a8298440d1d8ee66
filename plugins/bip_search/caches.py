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
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np

V = TypeVar("V")

# Bytes of one kept entry besides its key and value: the OrderedDict slot, its
# link and the (value, size) pair; tracemalloc on CPython 3.11 showed ~140 B.
ENTRY_OVERHEAD = 160
# Bytes of a Postings object and its arrays' shape records; the arrays
# themselves are counted by sys.getsizeof, which includes the data an array
# owns. Under tracemalloc the whole came to at most this much above them.
POSTINGS_OBJECT = 64


NO_DOCUMENTS = np.zeros(0, np.int32)


@dataclass(frozen=True, slots=True)
class Postings:
    """A term's documents (ascending numbers) and its weight in each."""

    ids: np.ndarray  # int32
    weights: np.ndarray  # float64
    # of a word or phrase: the documents with it in their title
    titled: np.ndarray = field(default_factory=lambda: NO_DOCUMENTS)

    def __len__(self) -> int:
        return len(self.ids)


def key_bytes(key: tuple) -> int:
    """Approximate bytes of a tuple key of strings.

    >>> key_bytes(("text", "zasilek")) > 100
    True
    """
    return sys.getsizeof(key) + sum(sys.getsizeof(part) for part in key)


def postings_bytes(key: tuple, postings: Postings) -> int:
    """Approximate bytes of one term-weight entry: key plus postings.

    Twelve bytes a posting: 8 times fewer than the dict of Python ints and
    floats the cache held before.
    """
    arrays = sum(
        sys.getsizeof(a) for a in (postings.ids, postings.weights, postings.titled)
    )
    return key_bytes(key) + POSTINGS_OBJECT + arrays


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
