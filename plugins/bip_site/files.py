"""Files written by a child process while the build makes the next page.

Creating a page's folder and file costs four or five system calls. A
thread of the build that makes them must take the GIL back after each
one, waiting up to the switch interval (5 ms) while the build renders, and
a thread left alive by a failed build keeps bip_content.parallel from
forking workers. A child process takes the pages through a pipe (a few
microseconds of the build's time per page) and makes the calls on its own.
Measured on a 10 000-document build (py-spy, bench/build_bench.py's
repository): the build's own CPU time fell from 38-43 s to 25-32 s (first
build) and from 19-35 s to 14-18 s (with the cache); its wall time did not
change measurably: on this machine, making the same 12 470 files took
between 1.5 s and 24 s depending on the file system's state.

The pipe holds at most BUFFER bytes besides the kernel's own; the first
error (disk full, no permission) ends the child and is raised, as the
OSError it was, by the next call; `finish()` returns when every file is on
disk. The child is a plain Python without this project's code (`-I`).
"""

from __future__ import annotations

import contextlib
import os
import struct
import subprocess
import sys

BUFFER = 256 * 1024  # bytes of pages the build may be ahead of the disk
_HEADER = struct.Struct("<II")  # length of the path, length of the text

# Reads (header, path, bytes) until a header with an empty path; stops at
# the first error and prints it as errno, message and file, NUL-separated.
CHILD = r"""
import os, struct, sys
source, header, made = sys.stdin.buffer, struct.Struct("<II"), set()
try:
    while len(head := source.read(header.size)) == header.size:
        size, length = header.unpack(head)
        if not size:
            break
        path, data = source.read(size), source.read(length)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "wb") as f:
            f.write(data)
except OSError as e:
    name = os.fsdecode(e.filename) if e.filename is not None else ""
    sys.stdout.write(f"{e.errno}\0{e.strerror}\0{name}")
    sys.exit(1)
"""


class BackgroundFiles:
    """Writes files in order in a child process; `finish()` waits for all."""

    def __init__(self, buffer: int = BUFFER) -> None:
        self._buffer = buffer
        self._child: subprocess.Popen[bytes] | None = None
        self._error: Exception | None = None

    def write(self, path: str, text: str) -> None:
        """Write `text` to `path` (UTF-8) soon; raise an earlier write's error."""
        self._raise()
        data, name = text.encode("utf-8"), os.fsencode(path)
        if self._child is None:
            self._child = subprocess.Popen(
                [sys.executable, "-I", "-c", CHILD],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                bufsize=self._buffer,
            )
        assert self._child.stdin is not None
        try:
            self._child.stdin.write(_HEADER.pack(len(name), len(data)) + name)
            self._child.stdin.write(data)
        except BrokenPipeError:  # the child stopped at an error
            self._end(finished=False)

    def finish(self) -> None:
        """Return when every file is written; raise the first error."""
        if self._child is not None:
            assert self._child.stdin is not None
            with contextlib.suppress(BrokenPipeError):
                self._child.stdin.write(_HEADER.pack(0, 0))
            self._end(finished=True)
        self._raise()

    def __del__(self) -> None:
        """A failed build drops its writer unfinished: the child ends with it.

        Its last pages are moot (a failed build's output is never
        published), and a child left running would hold its pipes open.
        """
        child, self._child = self._child, None
        if child is not None:
            with contextlib.suppress(Exception):  # also at interpreter exit
                child.kill()
                child.communicate()

    def _end(self, finished: bool) -> None:
        """Wait for the child; keep its error (an early end is one)."""
        child, self._child = self._child, None
        assert child is not None
        out, err = child.communicate()
        if self._error is None and (child.returncode or not finished):
            self._error = _error(child.returncode, out, err)
        self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error


def _error(status: int, out: bytes, err: bytes) -> Exception:
    """The child's error: the OSError it met, or what it printed."""
    parts = out.decode("utf-8", "replace").split("\0")
    if len(parts) == 3 and parts[0].isdigit():
        number, message, name = parts
        return OSError(int(number), message, name or None)  # FileExistsError, …
    text = err.decode("utf-8", "replace")[-2000:]
    return RuntimeError(f"zapis plików przerwany (kod {status}): {text}")
