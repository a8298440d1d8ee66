"""Read a content folder's git history in one `git log` pass (no Pelican).

Paths are relative to the content folder. Merge commits carry their diff
against the first parent (`--diff-merges=first-parent`): that is what the
merge brought to the published branch. Blob contents are read afterwards by
one `git cat-file --batch` process.

With a cache folder, commits read by an earlier build are kept there and
only new ones are read from git: the order is git's own each time
(`git rev-list`), and a commit's record depends on nothing but the commit,
the folder's place in the repository and git's version, so the history is
the same as from a full `git log` (tests/test_history_cache.py).
"""

from __future__ import annotations

import datetime as dt
import secrets
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bip_content.cache import Store, from_json, to_json
from bip_content.characters import FORBIDDEN

NULL_BLOB = "0" * 40
# Git's own modes of a regular file; links (120000) and submodules (160000)
# are never published, whatever a commit says.
REGULAR_MODES = frozenset({"100644", "100755"})
NO_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


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
    new_mode: str = "100644"

    @property
    def regular(self) -> bool:
        """True when the file after the change is a regular file (or deleted)."""
        return self.status == "D" or self.new_mode in REGULAR_MODES


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


def read_log(folder: Path, kept: Store | None = None) -> list[Commit]:
    """Every commit reachable from HEAD, oldest first (parents before children).

    `kept` holds the commits of earlier builds (see the module's docstring).
    """
    if kept is None or kept.folder is None:
        return _log(folder, "--reverse", "--topo-order", "HEAD")
    order = git(folder, "rev-list", "--topo-order", "--reverse", "HEAD").split()
    ids = [i.decode("ascii") for i in order]
    where = git(folder, "rev-parse", "--show-prefix") + git(folder, "--version")
    parts = ("log", where.decode("utf-8", "replace"))
    known = _restored(kept.read(parts))
    new = [i for i in ids if i not in known]
    if new:
        found = _log(folder, "--no-walk=unsorted", "--stdin", data="\n".join(new))
        known.update((commit.id, commit) for commit in found)
        if any(i not in known for i in new):  # git gave less: read it all
            return _log(folder, "--reverse", "--topo-order", "HEAD")
    commits = [known[i] for i in ids]
    if new or len(known) != len(ids):
        kept.write(parts, to_json([_as_list(c) for c in commits]))
        kept.flush()
    return commits


def _log(folder: Path, *revisions: str, data: str | None = None) -> list[Commit]:
    """`git log` of `revisions` (and of ids in `data`), as commits.

    Commit metadata may hold any byte (a message can be written with
    `git hash-object --literally`), so records are framed by NULs and a
    random token no commit can know in advance, never by a byte a message
    could contain.
    """
    token = secrets.token_hex(16)
    fields = "%x00".join(["%H", "%P", "%aI", "%cI", "%an", "%ae", "%B"])
    raw = git(
        folder,
        "log",
        *revisions,
        "--raw",
        "--no-abbrev",
        "-z",
        "-M",
        "--diff-merges=first-parent",
        "--relative",
        f"--format=%x00{token}%x00{fields}%x00{token}-end%x00",
        data=None if data is None else data.encode("ascii") + b"\n",
    ).decode("utf-8", "replace")
    return [parse_record(record, token) for record in raw.split(f"\0{token}\0")[1:]]


def _as_list(commit: Commit) -> list:
    changes = [
        [c.status, c.path, c.old_path, c.old_blob, c.new_blob, c.new_mode]
        for c in commit.changes
    ]
    return [
        commit.id,
        commit.parents,
        commit.author,
        commit.email,
        commit.authored,
        commit.committed,
        commit.message,
        changes,
    ]


def _commit(row: list) -> Commit:
    id_, parents, author, email, authored, committed, message, changes = row
    return Commit(
        id_,
        parents,
        author,
        email,
        authored,
        committed,
        message,
        [Change(*change) for change in changes],
    )


def _restored(text: str | None) -> dict[str, Commit]:
    """Commits kept by an earlier build, by id; none from a damaged entry."""
    try:
        rows = from_json(text) if text else []
        commits = [_commit(row) for row in rows]
    except (ValueError, TypeError, IndexError):
        return {}
    return {commit.id: commit for commit in commits}


def parse_record(record: str, token: str) -> Commit:
    """One commit of `read_log`'s output: header fields, then its raw diff."""
    head, _, diff = record.partition(f"\0{token}-end\0")
    id_, parents, authored, committed, author, email, message = head.split("\0", 6)
    return Commit(
        id_,
        parents.split(),
        clean(author),
        clean(email),
        _date(authored),
        _date(committed),
        clean(message).strip(),
        parse_raw_diff(diff),
    )


def clean(text: str) -> str:
    """Commit text as pages may show it: no control or invisible characters."""
    return FORBIDDEN.sub("\ufffd", text.replace("\0", ""))


def _date(text: str) -> dt.datetime:
    """An ISO date from git; a forged, unreadable one counts as 1970."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return NO_DATE


def parse_raw_diff(diff: str) -> list[Change]:
    """`--raw -z` entries: ':mode mode old new status' then one or two paths.

    Read in order, token by token: a path may itself hold spaces or start
    with a colon, so nothing is stripped or skipped between the tokens.
    """
    tokens = diff.lstrip("\0\n").split("\0")
    changes, position = [], 0
    while position < len(tokens) and tokens[position].startswith(":"):
        _old_mode, new_mode, old_blob, new_blob, status = tokens[position][1:].split()[
            :5
        ]
        status = status[0]
        paths = 2 if status in "RC" else 1
        names = tokens[position + 1 : position + 1 + paths]
        position += 1 + paths
        if len(names) < paths:
            break
        old, new = (names[0], names[1]) if paths == 2 else (None, names[0])
        changes.append(
            Change(
                "A" if status == "C" else status, new, old, old_blob, new_blob, new_mode
            )
        )
    return changes


def blob_sizes(folder: Path, ids: set[str]) -> dict[str, int]:
    """Sizes of many blobs from one `git cat-file --batch-check` (no contents)."""
    wanted = sorted(i for i in ids if i != NULL_BLOB)
    if not wanted:
        return {}
    out = git(
        folder, "cat-file", "--batch-check", data="\n".join(wanted).encode() + b"\n"
    )
    sizes = {}
    for line in out.decode("ascii", "replace").splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[1] == "blob":
            sizes[fields[0]] = int(fields[2])
    return sizes


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
