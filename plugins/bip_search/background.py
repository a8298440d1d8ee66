"""Run one function in a child process while the build goes on (no Pelican).

Writing the search index is Python work that needs nothing the rest of the
build makes after the documents are read, and the build itself uses one
core. A child writes the index while the parent writes the pages, sends
back its log records and whether it failed, with the function's result,
and the parent waits for it before the build ends. If the parent fails
first, the child is stopped when the parent exits.

The child is a fresh interpreter that imports only the target's module,
not a fork of the build. A forked child shares the build's memory only
until the build writes to it, and the build goes on to touch nearly all
of it while it writes the pages: every page it touches stays behind as
the child's own copy. At 100 000 documents the forked index writer grew to 3.9 GB RSS
(3.0 GB PSS), the build's whole heap at the fork plus Whoosh's pool, the
largest process of the build. Arguments are pickled on the way in: pass a
path to the data (indexer.RecordsFile), not the data. It is started with
subprocess, not multiprocessing's "spawn", which runs the parent's main
script again in the child (a script without `if __name__ == "__main__"`
would build the site twice).
"""

from __future__ import annotations

import atexit
import logging
import pickle
import subprocess
import sys
import traceback
from collections.abc import Callable
from typing import Any

# The child: the parent's import path first, then the work, both pickled.
CHILD = r"""
import pickle, sys
sys.path[:0] = pickle.load(sys.stdin.buffer)
from bip_search.background import run_child
run_child()
"""
RUNNING: set[subprocess.Popen[bytes]] = set()  # stopped if the parent exits


class BackgroundError(RuntimeError):
    """The child failed; the message carries its traceback or exit status."""


class Background:
    """`target(*args)` in a child process; wait() gives its result.

    `target` and `args` must pickle (a module's function, plain data, paths).
    With `child` False it runs in this process when wait() is called.
    """

    def __init__(
        self, target: Callable[..., Any], *args: Any, child: bool = True
    ) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._later: Callable[[], Any] | None = None
        self._result: Any = None
        if not child:
            self._later = lambda: target(*args)
            return
        level = logging.getLogger().getEffectiveLevel()  # the child starts anew
        work = pickle.dumps(sys.path) + pickle.dumps((level, target, args))
        self._process = subprocess.Popen(
            [sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        RUNNING.add(self._process)
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(work)
            self._process.stdin.close()
        except BrokenPipeError:  # it died at once: wait() tells how
            pass

    def wait(self) -> Any:
        """Wait for the child; replay its log records; its result, or raise."""
        if self._later is not None:
            return self._later()
        if self._process is None:
            return self._result
        process, self._process = self._process, None
        assert process.stdout is not None
        with process.stdout:
            out = process.stdout.read()
        process.wait()
        RUNNING.discard(process)
        try:
            records, failure, self._result = pickle.loads(out)
        except (pickle.UnpicklingError, EOFError):  # it died before it could say
            records, failure = [], None
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        if failure or process.returncode:
            raise BackgroundError(
                failure or f"the child process ended with {process.returncode}"
            )
        return self._result


class _Collected(logging.Handler):
    """Keeps the child's log records to send them to the parent."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def run_child() -> None:
    """In the child: run the work read from stdin, its log collected.

    The outcome is pickled to stdout, which the work itself cannot reach:
    what it prints goes to stderr.
    """
    out, sys.stdout = sys.stdout.buffer, sys.stderr
    level, target, args = pickle.load(sys.stdin.buffer)
    collected = _Collected()
    root = logging.getLogger()
    root.handlers = [collected]  # the parent prints them, once, in order
    root.setLevel(level)
    failure = result = None
    try:
        result = target(*args)
    except BaseException:  # reported to the parent, which raises
        failure = traceback.format_exc()
    pickle.dump((collected.records, failure, result), out)
    out.flush()


@atexit.register
def _stop_running() -> None:
    """A build that failed leaves its child no one will wait for: stop it."""
    for process in list(RUNNING):
        process.kill()
        process.wait()
