"""The content folder as files: only regular files inside it, with safe names.

A content repository is untrusted input. A symbolic link committed as an
attachment (`wykaz.csv -> /etc/passwd`) would publish a file of the server;
a device or a pipe would hang the build; a name with spaces, capitals or
`#?%"` breaks addresses. So the folder is walked without following links,
every entry that is not a regular file or a folder is an error, and every
name follows one rule (NAME_RULE), which the clerk's guide quotes.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .limits import human_size
from .messages import Said, say
from .problems import Problem

NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)?$")
NAME_RULE = (
    "nazwa pliku lub folderu to małe litery bez polskich znaków, cyfry "
    "i łączniki, z jednym rozszerzeniem (np. regulamin-naboru-2026.pdf)"
)
# What a document may publish beside its page: suffix → name shown to
# residents. Nothing a browser runs or renders as a page of the site (HTML,
# SVG, XML, which may be XHTML, scripts, XSLT) is here: from the site's own
# address it could run code or send residents elsewhere despite the CSP.
# Machine-readable data goes as CSV or JSON, which browsers only show.
FORMATS = {
    "pdf": "PDF", "odt": "ODT", "ods": "ODS", "odp": "ODP", "odg": "ODG",
    "docx": "DOCX", "doc": "DOC", "xlsx": "XLSX", "xls": "XLS", "pptx": "PPTX",
    "ppt": "PPT", "rtf": "RTF", "txt": "TXT", "csv": "CSV", "json": "JSON",
    "zip": "ZIP", "7z": "7Z", "xades": "XAdES", "sig": "SIG",
    "p7s": "P7S", "asice": "ASiC-E", "jpg": "JPG", "jpeg": "JPG", "png": "PNG",
    "gif": "GIF", "webp": "WEBP", "tif": "TIFF", "tiff": "TIFF", "mp3": "MP3",
    "mp4": "MP4", "webm": "WEBM",
}  # fmt: skip
IMAGES = frozenset({"jpg", "jpeg", "png", "gif", "webp"})  # shown in a body
# Folded Polish letters for suggestions; the rest of the name is ASCII-fied.
_LETTERS = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def fixed_name(name: str) -> str:
    """The closest name that follows the rule.

    >>> fixed_name("Regulamin Naboru (wersja 2).PDF")
    'regulamin-naboru-wersja-2.pdf'
    >>> fixed_name("Uchwała nr XII.2026.docx"), fixed_name("#?%.pdf")
    ('uchwala-nr-xii-2026.docx', 'plik.pdf')
    """
    stem, dot, suffix = name.translate(_LETTERS).lower().rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    words = "-".join(re.findall(r"[a-z0-9]+", stem)) or "plik"
    suffix = "".join(re.findall(r"[a-z0-9]", suffix))
    return f"{words}.{suffix}" if suffix else words


def unusable(tree: Tree, most: int) -> dict[str, Said]:
    """Files that are present but may not be published: misnamed or too large.

    Path → what is wrong and how to fix it, for the documents that name them.
    """
    found = {
        rel: say("misnamed_file", fixed=fixed) for rel, fixed in tree.misnamed.items()
    }
    for rel, size in tree.sizes.items():
        if size > most and not rel.endswith(".md"):
            found.setdefault(
                rel,
                say("file_too_large", size=human_size(size), most=human_size(most)),
            )
    return found


@dataclass
class Tree:
    """Regular files of a content folder and what is wrong with the rest."""

    files: set[str] = field(default_factory=set)  # relative POSIX paths
    sizes: dict[str, int] = field(default_factory=dict)  # of each file, in bytes
    misnamed: dict[str, str] = field(default_factory=dict)  # path → fixed name
    links: list[str] = field(default_factory=list)  # symbolic links found
    problems: list[Problem] = field(default_factory=list)


def walk(root: Path, shown: str) -> Tree:
    """Every regular file under `root`, never following a link.

    Hidden entries (`.git`, `.gitkeep`) are skipped: nothing hidden is
    published. `shown` is the folder's name in messages.
    """
    tree = Tree()
    stack = [("", root)]
    while stack:
        prefix, folder = stack.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            where = f"{shown}/{prefix}".rstrip("/")
            found = say("unreadable_folder", reason=exc.strerror)
            tree.problems.append(Problem.at(where, 1, found))
            continue
        for entry in entries:
            if not entry.name.startswith("."):
                _visit(tree, f"{prefix}{entry.name}", entry, shown, stack)
    return tree


def _visit(tree: Tree, rel: str, entry: os.DirEntry, shown: str, stack: list) -> None:
    where = f"{shown}/{rel}"
    if entry.is_symlink():
        tree.links.append(rel)
        tree.problems.append(Problem.at(where, 1, say("symlink")))
        return
    if not NAME.match(entry.name):
        fixed = fixed_name(entry.name)
        tree.misnamed[rel] = fixed
        found = say("bad_name", name=entry.name, fixed=fixed, rule=NAME_RULE)
        tree.problems.append(Problem.at(where, 1, found))
    if entry.is_dir(follow_symlinks=False):
        stack.append((rel + "/", Path(entry.path)))
    elif entry.is_file(follow_symlinks=False):
        tree.files.add(rel)
        tree.sizes[rel] = entry.stat(follow_symlinks=False).st_size
    else:
        tree.problems.append(Problem.at(where, 1, say("special_file")))


class UnsafeFile(Exception):
    """A content file that is not a regular file or is too large to read."""

    def __init__(self, said: Said) -> None:
        super().__init__(said.message)
        self.said = said


@contextlib.contextmanager
def open_regular(path: Path, limit: int) -> Iterator[BinaryIO]:
    """Open a regular file of at most `limit` bytes, never through a link.

    Opened without following a link and checked on the open descriptor, so
    a file swapped for a link or a pipe after the walk is refused too.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise UnsafeFile(say("unreadable_file", reason=exc.strerror)) from exc
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFile(say("special_file"))
        if info.st_size > limit:
            size, most = human_size(info.st_size), human_size(limit)
            raise UnsafeFile(say("read_too_large", size=size, most=most))
        yield handle


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes (see open_regular).

    Read by the size the file has, not by `limit`: read(limit + 1) made a
    buffer of the limit (megabytes, so mmap'ed) for every file and shrank
    it to one page, leaving one memory mapping per document while its bytes
    lived; at 65 530 (vm.max_map_count) the next fork failed with ENOMEM.
    """
    with open_regular(path, limit) as handle:
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(size + 1)
        if len(data) > size:  # it grew since: read on, never past the limit
            data += handle.read(limit + 1 - len(data))
    if len(data) > limit:
        raise UnsafeFile(say("grew_reading", most=human_size(limit)))
    return data


def copy_regular(source: Path, target: Path, limit: int) -> None:
    """Copy a regular file of at most `limit` bytes, in chunks (see open_regular)."""
    with open_regular(source, limit) as handle, target.open("wb") as out:
        copied = 0
        while chunk := handle.read(1024 * 1024):
            copied += len(chunk)
            if copied > limit:
                raise UnsafeFile(say("grew_copying", most=human_size(limit)))
            out.write(chunk)
