"""Files written by a second thread while the build makes the next page.

Creating a page's folder and file costs the build a few hundred microseconds
of system calls per page on a CI runner's file system (overlay): at 10 000
document pages, seconds in which the build's Python only waits. The system
calls release the GIL, so a writer thread makes them while the build renders
(or reads back) the next page. At most LIMIT pages wait in memory; the
first error (disk full, no permission, text that is not UTF-8) is raised by
every later call, and `finish()` returns when every file is on disk.

The thread ends by itself once nothing came for IDLE seconds, so a build
that fails before `finish()` leaves no thread behind: a thread left waiting
would keep the rest of the process (`pelican --listen`, the tests) from
forking workers (bip_content.parallel forks only when it runs alone).
"""

from __future__ import annotations

import os
import queue
import threading

LIMIT = 256  # pages waiting to be written, ~12 KB each
IDLE = 1.0  # seconds without a file before the thread ends


def write_text(path: str, text: str) -> None:
    """`text` into the file `path`, its folders made as needed (UTF-8)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class BackgroundFiles:
    """Writes files in order in one thread; `finish()` waits for all of them."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._queue: queue.Queue[tuple[str, str] | None] = queue.Queue(limit)
        self._thread: threading.Thread | None = None
        self._error: Exception | None = None
        # Held while a file is queued and while an idle thread decides to
        # end: no file is queued for a thread that is ending.
        self._lock = threading.Lock()

    def write(self, path: str, text: str) -> None:
        """Write `text` to `path` soon; raise an earlier write's error."""
        self._raise()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="bip-files", daemon=True
                )
                self._thread.start()
            self._queue.put((path, text))  # a full queue is drained unlocked

    def finish(self) -> None:
        """Return when every file is written; raise the first error."""
        with self._lock:
            thread, self._thread = self._thread, None
            if thread is not None:
                self._queue.put(None)
        if thread is not None:
            thread.join()
        self._raise()

    def _run(self) -> None:
        while (item := self._next()) is not None:
            if self._error is None:  # after an error: drained, not written
                try:
                    write_text(*item)
                except Exception as error:  # any: a dead thread would hang put()
                    self._error = error

    def _next(self) -> tuple[str, str] | None:
        """The next file to write; None when finished or idle for IDLE s."""
        while True:
            try:
                return self._queue.get(timeout=IDLE)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._thread = None
                        return None

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error
