"""Run one function in a forked child while the build goes on (no Pelican).

Writing the search index is Python work that needs nothing the rest of the
build makes after the documents are read, and the build itself uses one
core. A forked child writes the index while the parent writes the pages;
the child sees the parent's memory as it was at the fork (nothing is copied
or pickled on the way in), sends back its log records and whether it
failed, with the function's result, and the parent waits for it before
the build ends. The child is a daemon: if the parent fails first, the
child is stopped when the parent exits.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


class BackgroundError(RuntimeError):
    """The child failed; the message carries its traceback or exit status."""


class Background:
    """`target(*args)` in a forked child; wait() gives its result.

    With `fork` False, or where fork is not available, it runs in this
    process when wait() is called.
    """

    def __init__(
        self, target: Callable[..., Any], *args: Any, fork: bool = True
    ) -> None:
        self._process: multiprocessing.process.BaseProcess | None = None
        self._outcome: Connection | None = None
        self._later: Callable[[], Any] | None = None
        self._result: Any = None
        if not fork or "fork" not in multiprocessing.get_all_start_methods():
            self._later = lambda: target(*args)
            return
        receive, send = multiprocessing.Pipe(duplex=False)
        context = multiprocessing.get_context("fork")
        self._process = context.Process(
            target=_child, args=(send, target, args), daemon=True
        )
        # Objects frozen at the fork are never visited by the child's garbage
        # collector, so it does not copy every page of the parent's heap.
        gc.freeze()
        try:
            self._process.start()
        finally:
            gc.unfreeze()
        send.close()
        self._outcome = receive

    def wait(self) -> Any:
        """Wait for the child; replay its log records; its result, or raise."""
        if self._later is not None:
            return self._later()
        if self._process is None or self._outcome is None:
            return self._result
        try:
            records, failure, self._result = self._outcome.recv()
        except EOFError:  # killed, or it died before it could say anything
            records, failure = [], None
        finally:
            self._outcome.close()
        self._process.join()
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        status = self._process.exitcode
        self._process = None
        if failure or status:
            raise BackgroundError(failure or f"the child process ended with {status}")
        return self._result


class _Collected(logging.Handler):
    """Keeps the child's log records to send them to the parent."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _child(send: Connection, target: Callable[..., Any], args: tuple) -> None:
    """In the child: run, collecting the log instead of printing it."""
    collected = _Collected()
    root = logging.getLogger()
    root.handlers = [collected]  # the parent prints them, once, in order
    failure = result = None
    try:
        result = target(*args)
    except BaseException:  # reported to the parent, which raises
        failure = traceback.format_exc()
    send.send((collected.records, failure, result))
    send.close()
