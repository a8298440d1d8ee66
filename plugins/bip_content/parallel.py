"""Pure work on many documents, spread over the machine's cores (no Pelican).

A build is one Python process, so it uses one core; the second core of a
CI runner only writes the search index, and only after the documents are
read. Work that depends on nothing but its input (rendering a body) can
run in forked worker processes while the build waits: each worker sees the
build's memory as it was at the fork, so the inputs are not copied or
pickled on the way in (only their positions are sent), and the results come
back in order. Where fork is not available or unsafe (another thread runs:
it may hold a lock the workers would wait for forever), or there is little
work or one core, everything runs here, in order, with the same results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

# Below this many items a pool costs more than it saves (forking a build of
# a few hundred MB and starting each worker takes tens of milliseconds).
MIN_ITEMS = 64
CHUNK = 32  # items sent to a worker at once
MAX_WORKERS = 8

# What the workers read: the function and the items, set before the fork.
_WORK: list[tuple[Callable[[Any], Any], Sequence[Any]]] = []


def cores() -> int:
    """The cores this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_count(setting: int | None) -> int:
    """Workers for a setting: None means one per core, at most MAX_WORKERS."""
    wanted = cores() if setting is None else setting
    return max(1, min(int(wanted), MAX_WORKERS))


def mapped(
    function: Callable[[Any], Any], items: Sequence[Any], workers: int
) -> list[Any]:
    """[function(item) for item in items], in up to `workers` processes.

    `function` must be pure (its result depends on its item only) and its
    result picklable; an exception in a worker is raised here.
    """
    if workers < 2 or len(items) < MIN_ITEMS or not _can_fork():
        return [function(item) for item in items]
    _WORK[:] = [(function, items)]
    context = multiprocessing.get_context("fork")
    # Objects frozen at the fork are never visited by a worker's garbage
    # collector, so it does not copy every page of the build's heap.
    gc.freeze()
    try:
        # Not multiprocessing.Pool: a worker killed there (out of memory)
        # leaves map() waiting forever; this executor raises instead.
        with ProcessPoolExecutor(
            min(workers, len(items) // CHUNK + 1), mp_context=context
        ) as pool:
            return list(pool.map(_run, range(len(items)), chunksize=CHUNK))
    finally:
        gc.unfreeze()
        _WORK.clear()


def _run(position: int) -> Any:
    """In a worker: the function on one item, found by its position."""
    function, items = _WORK[0]  # set by mapped() before the fork
    return function(items[position])


def _can_fork() -> bool:
    alone = threading.active_count() == 1
    return alone and "fork" in multiprocessing.get_all_start_methods()
