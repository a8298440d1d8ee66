"""Read a content folder's git history in one `git log` pass (no Pelican).

Paths are relative to the content folder. Merge commits carry their diff
against the first parent (`--diff-merges=first-parent`): that is what the
merge brought to the published branch. Blob contents are read afterwards by
one `git cat-file --batch` process.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

# Record and field separators that never occur in a commit's metadata.
RS, FS = "\x1e", "\x1f"
FORMAT = FS.join(["%x1e%H", "%P", "%an", "%ae", "%aI", "%cI", "%B"]) + "%x1f"
NULL_BLOB = "0" * 40


class GitError(Exception):
    """The content folder's history cannot be read; the message says why."""


@dataclass(frozen=True)
class Change:
    """One file changed by a commit (status A, M, D, R or T)."""

    status: str
    path: str
    old_path: str | None = None
    old_blob: str = NULL_BLOB
    new_blob: str = NULL_BLOB


@dataclass
class Commit:
    """A commit as far as the history of documents needs it."""

    id: str
    parents: list[str]
    author: str
    email: str
    authored: dt.datetime
    committed: dt.datetime
    message: str
    changes: list[Change] = field(default_factory=list)

    @cached_property
    def paths(self) -> frozenset[str]:
        """Every path the commit changed, before and after moves."""
        return frozenset(
            p for c in self.changes for p in (c.path, c.old_path) if p is not None
        )

    @property
    def identity(self) -> str:
        """`Name <email>`, what bot patterns are matched against."""
        return f"{self.author} <{self.email}>"


def git(folder: Path, *args: str, data: bytes | None = None) -> bytes:
    """Run git in `folder`; raise GitError with git's own message on failure."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=folder,
            input=data,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise GitError(f"nie można uruchomić programu git: {exc}") from exc
    if done.returncode:
        raise GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def repository_state(folder: Path) -> tuple[bool, bool]:
    """(is inside a work tree with commits, is a shallow clone)."""
    try:
        out = git(folder, "rev-parse", "--is-shallow-repository", "--verify", "HEAD")
    except GitError:
        return False, False
    return True, out.split(b"\n", 1)[0].strip() == b"true"


def read_log(folder: Path) -> list[Commit]:
    """Every commit reachable from HEAD, oldest first (parents before children)."""
    raw = git(
        folder,
        "log",
        "--reverse",
        "--topo-order",
        "--raw",
        "--no-abbrev",
        "-z",
        "-M",
        "--diff-merges=first-parent",
        "--relative",
        f"--format={FORMAT}",
        "HEAD",
    ).decode("utf-8", "replace")
    return [parse_record(record) for record in raw.split(RS)[1:]]


def parse_record(record: str) -> Commit:
    """One commit of `read_log`'s output: header fields, then its raw diff."""
    head, message, diff = record.rsplit(FS, 2)
    id_, parents, author, email, authored, committed = head.split(FS)
    return Commit(
        id_,
        parents.split(),
        author,
        email,
        dt.datetime.fromisoformat(authored),
        dt.datetime.fromisoformat(committed),
        message.strip(),
        parse_raw_diff(diff),
    )


def parse_raw_diff(diff: str) -> list[Change]:
    """`--raw -z` entries: ':mode mode old new status' then one or two paths."""
    tokens = [t for t in diff.split("\0") if t.strip()]
    changes, position = [], 0
    while position < len(tokens):
        fields = tokens[position].strip().lstrip(":").split()
        status = fields[4][0]
        if status in "RC":
            old, new = tokens[position + 1], tokens[position + 2]
            position += 3
        else:
            old, new = None, tokens[position + 1]
            position += 2
        changes.append(
            Change("A" if status == "C" else status, new, old, fields[2], fields[3])
        )
    return changes


def read_blobs(folder: Path, ids: set[str]) -> dict[str, bytes]:
    """Contents of many blobs from one `git cat-file --batch` process."""
    wanted = sorted(i for i in ids if i != NULL_BLOB)
    if not wanted:
        return {}
    out = git(folder, "cat-file", "--batch", data="\n".join(wanted).encode() + b"\n")
    blobs, position = {}, 0
    for blob in wanted:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        start = header_end + 1
        blobs[blob] = out[start : start + size]
        position = start + size + 1
    return blobs
