"""Attachment text that cannot exhaust the build: bounded readers in a worker.

A clerk's PDF or office file is hostile input: a 6 MB DOCX unpacked to 2 GB
took 63 s and 9.2 GB, and pypdf spends seconds on a few kilobytes that
describe a heavy page. So every file is read in one long-lived worker process
per build, under limits of time, memory, unpacked size and text length
(LIMITS). Whatever stops a reader, the caller gets the text read so far (or
nothing) and a reason in Polish; the build goes on.

This file is also the worker's program: run as a script it imports nothing of
the package (and so nothing of Pelican) and answers jobs on the connection
whose descriptor it is given. Jobs and answers travel as JSON, never pickle:
a worker that a crafted file subverted cannot run code in the build.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import re
import resource
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from pathlib import Path

# Limits of one attachment, the defaults of attachment_text's keyword
# arguments (the one place to change them). A demo PDF is read in 5–10 ms
# and a real 300-page report in a few seconds, so 30 s stops only files that
# would never finish; 512 MB on top of the idle worker is ~20 times what a
# 30 MB PDF needs; 100 MB of XML is a 3 000-page DOCX; 2 000 000 characters
# are ~1 000 pages of text, more than a resident's query needs to match.
LIMITS: dict[str, float] = {
    "seconds": 30.0,  # wall time for one file
    "memory_mb": 512,  # address space a job may add to the idle worker
    "unpacked_mb": 100,  # XML read out of an office file's zip, all members
    "max_chars": 2_000_000,  # characters of text kept from one file
}
# A PDF reader stops itself between pages at `seconds`; the worker is killed
# only if one page runs GRACE seconds past that.
GRACE = 2.0
STARTUP = 60.0  # s for a new worker to say it is ready (the machine may be busy)
MB = 1024 * 1024
CHUNK = MB  # bytes of a zip member read at a time
KINDS = dict.fromkeys((".odt", ".ods", ".docx", ".xlsx"), "office") | {".pdf": "pdf"}
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Extracted:
    """Text of an attachment and, if it is incomplete, why."""

    text: str
    reason: str = ""  # "" when the text is whole


def too_slow(seconds: float) -> str:
    """Reason: the time limit."""
    return f"przekroczono limit czasu ({seconds:g} s na plik)"


def too_big(memory_mb: float) -> str:
    """Reason: the memory limit."""
    return f"przekroczono limit pamięci ({memory_mb:g} MB)"


def too_long(max_chars: float) -> str:
    """Reason: the text cap.

    >>> too_long(2_000_000)
    'tekst jest dłuższy niż limit 2 000 000 znaków; zaindeksowano początek'
    """
    return (
        f"tekst jest dłuższy niż limit {_number(max_chars)} znaków; "
        "zaindeksowano początek"
    )


def _number(value: float) -> str:
    """A whole number with Polish thousands separators (spaces)."""
    return f"{value:,.0f}".replace(",", " ")


def unreadable(error: BaseException) -> str:
    """Reason: the reader failed."""
    return f"pliku nie da się odczytać ({type(error).__name__}: {str(error)[:200]})"


def pdf_text(
    data: bytes,
    *,
    seconds: float = LIMITS["seconds"],
    max_chars: float = LIMITS["max_chars"],
) -> Extracted:
    """Text layer of a PDF (empty for a scan), page by page within the limits."""
    from pypdf import PdfReader  # noqa: PLC0415 (only needed for PDFs)

    deadline = time.monotonic() + seconds
    parts: list[str] = []
    length = 0
    for page in PdfReader(io.BytesIO(data)).pages:
        if time.monotonic() > deadline:
            return Extracted(" ".join(parts).strip(), too_slow(seconds))
        parts.append(page.extract_text() or "")
        length += len(parts[-1]) + 1
        if length > max_chars:
            return Extracted(" ".join(parts)[: int(max_chars)], too_long(max_chars))
    return Extracted(" ".join(parts).strip())


def _wanted(name: str) -> bool:
    """Zip members that hold an office document's text (nothing else is read)."""
    return name in {"content.xml", "word/document.xml", "xl/sharedStrings.xml"} or (
        name.startswith("xl/worksheets/") and name.endswith(".xml")
    )


class _Text:
    """Words of XML read in chunks, tags as spaces, at most `max_chars`."""

    def __init__(self, max_chars: float) -> None:
        self.max_chars = int(max_chars)
        self.parts: list[str] = []
        self.length = 0
        self._pending: list[str] = []  # text after the last '>' seen

    def feed(self, xml: str, *, final: bool = False) -> bool:
        """Add a chunk of XML; True once the text is longer than allowed."""
        cut = len(xml) if final else xml.rfind(">") + 1
        if cut == 0:  # inside one tag or text run: wait for its end
            self._pending.append(xml)
            return False
        whole = "".join([*self._pending, xml[:cut]])
        self._pending = [xml[cut:]] if cut < len(xml) else []
        words = " ".join(TAG.sub(" ", whole).split())
        if words:
            self.parts.append(words)
            self.length += len(words) + 1
        return self.length > self.max_chars

    def text(self) -> str:
        """The words so far, cut at `max_chars`."""
        return " ".join(self.parts)[: self.max_chars]


def office_text(
    data: bytes,
    *,
    unpacked_mb: float = LIMITS["unpacked_mb"],
    max_chars: float = LIMITS["max_chars"],
) -> Extracted:
    """Text of an ODT/ODS or DOCX/XLSX file: its XML, streamed under a cap.

    The members' declared sizes are checked first; then the bytes really
    unpacked are counted while reading, since a header can lie. No ratio
    check: a spreadsheet's XML may honestly compress 100:1, and the total
    cap bounds the work whatever the ratio.
    """
    left = int(unpacked_mb * MB)
    text = _Text(max_chars)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [i for i in archive.infolist() if _wanted(i.filename)]
        declared = sum(i.file_size for i in members)
        if declared > left:
            return Extracted(
                "",
                f"archiwum deklaruje {_number(declared / MB)} MB rozpakowanej treści "
                f"(limit {unpacked_mb:g} MB)",
            )
        for info in members:
            left, reason = _read_member(archive, info, text, left)
            if reason:
                return Extracted(text.text(), reason.format(unpacked_mb=unpacked_mb))
    return Extracted(text.text())


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, text: _Text, left: int
) -> tuple[int, str]:
    """Stream one member into `text`: (bytes still allowed, why it stopped or "")."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                left -= len(chunk)
                if left < 0:
                    return left, "rozpakowana treść przekracza limit {unpacked_mb:g} MB"
                if text.feed(decoder.decode(chunk)):
                    return left, too_long(text.max_chars)
    except zipfile.BadZipFile as error:  # e.g. more data than the header declared
        return left, f"uszkodzone archiwum ZIP ({error})"
    if text.feed(decoder.decode(b"", final=True), final=True):
        return left, too_long(text.max_chars)
    return left, ""


READERS = {
    "pdf": lambda data, limits: pdf_text(
        data, seconds=limits["seconds"], max_chars=limits["max_chars"]
    ),
    "office": lambda data, limits: office_text(
        data, unpacked_mb=limits["unpacked_mb"], max_chars=limits["max_chars"]
    ),
}


class Extractor:
    """One worker process that reads the attachments of a whole build.

    A job that runs past its time is killed with its worker; so is a worker
    whose job was cut short for another reason (it may be left bloated). The
    next job starts a fresh one.
    """

    def __init__(self) -> None:
        self._worker: tuple[subprocess.Popen, Connection] | None = None

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def extract(self, path: Path, **limits: float) -> Extracted:
        """Text of one file within `limits` (the keys of LIMITS)."""
        kind = KINDS.get(path.suffix.lower())
        if kind is None:
            return Extracted("")
        limits = {**LIMITS, **limits}
        connection = self._connection()
        connection.send_bytes(
            json.dumps({"kind": kind, "path": str(path), "limits": limits}).encode()
        )
        if not connection.poll(limits["seconds"] + GRACE):
            self._stop(kill=True)
            return Extracted("", too_slow(limits["seconds"]))
        try:
            text, reason = json.loads(
                connection.recv_bytes(maxlength=_answer_bytes(limits))
            )
        except (EOFError, OSError):  # the worker died: the limits killed it
            code = self._stop(kill=True)
            return Extracted("", _death(code, limits))
        if reason:
            self._stop(kill=True)
        return Extracted(text, reason)

    @property
    def pid(self) -> int | None:
        """Process id of the worker, if one is running (for the bench)."""
        return self._worker[0].pid if self._worker else None

    def _connection(self) -> Connection:
        if self._worker is None:
            ours, theirs = Pipe()
            process = subprocess.Popen(
                [sys.executable, "-I", __file__, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            theirs.close()
            self._worker = (process, ours)
            if not ours.poll(STARTUP) or ours.recv_bytes() != b"ready":
                self._stop(kill=True)
                raise RuntimeError("bip_search: proces odczytu załączników nie ruszył")
        return self._worker[1]

    def _stop(self, *, kill: bool) -> int | None:
        """End the worker (politely: it exits at the end of its input)."""
        if self._worker is None:
            return None
        process, connection = self._worker
        self._worker = None
        connection.close()
        if kill:
            process.kill()
        try:
            return process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()

    def close(self) -> None:
        """Let the worker exit."""
        self._stop(kill=False)


def _answer_bytes(limits: dict[str, float]) -> int:
    """Longest answer a worker may send: the text and the reason as JSON.

    UTF-8 takes up to 4 bytes a character, an escaped control character 6.
    """
    return 6 * int(limits["max_chars"]) + 4096


def _death(code: int | None, limits: dict[str, float]) -> str:
    """Reason for a worker that died in a job, from its exit code."""
    if code == -signal.SIGXCPU:
        return too_slow(limits["seconds"])
    if code == -signal.SIGKILL:  # the kernel's out-of-memory killer
        return too_big(limits["memory_mb"])
    return f"proces odczytu zakończył się błędem (kod {code})"


def _address_space() -> int:
    """Bytes of address space this process has mapped now (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[0])
    return pages * resource.getpagesize()


def _limit(idle: int, limits: dict[str, float]) -> None:
    """Bound this job's memory (RLIMIT_AS) and CPU time (RLIMIT_CPU).

    Soft limits only, set afresh for each job: the CPU limit counts the
    worker's whole life, so it is what the worker has used plus this job's.
    """
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    for which, wanted in (
        (resource.RLIMIT_AS, idle + int(limits["memory_mb"] * MB)),
        (resource.RLIMIT_CPU, int(used + limits["seconds"] + GRACE) + 1),
    ):
        _soft, hard = resource.getrlimit(which)
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(which, (soft, hard))


def _job(job: dict, idle: int) -> tuple[str, str]:
    """Run one job in the worker: (text, reason)."""
    limits = job["limits"]
    _limit(idle, limits)
    try:
        found = READERS[job["kind"]](Path(job["path"]).read_bytes(), limits)
    except MemoryError:
        return "", too_big(limits["memory_mb"])
    except Exception as error:  # a damaged file is the clerk's to fix; say why
        if "memory" in str(error).lower():
            return "", too_big(limits["memory_mb"])
        return "", unreadable(error)
    return found.text, found.reason


def serve(descriptor: int) -> None:
    """The worker: answer jobs until the build closes the connection."""
    import logging  # noqa: PLC0415
    import warnings  # noqa: PLC0415

    logging.disable(logging.CRITICAL)  # pypdf's complaints are not the clerk's
    warnings.simplefilter("ignore")
    connection = Connection(descriptor)
    idle = _address_space()
    connection.send_bytes(b"ready")
    while True:
        try:
            job = json.loads(connection.recv_bytes())
        except EOFError:
            return
        text, reason = _job(job, idle)
        with contextlib.suppress(OSError):
            connection.send_bytes(
                json.dumps([text, reason], ensure_ascii=False).encode()
            )


if __name__ == "__main__":
    serve(int(sys.argv[1]))
