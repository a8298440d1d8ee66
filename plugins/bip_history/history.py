"""Documents' histories from the published branch's commits (pure, no git).

A *version* is what residents saw after one commit of the first-parent line
of HEAD (the published branch) changed a document: a merge request's merge,
or a commit made straight on the branch. Its date is that commit's commit
date (when it reached the branch); its authors are the people whose commits
brought the change (for a merge: the merged commits that touched the
document); its reason is their commit subject, or a `Powód:` trailer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import yaml
from bip_content.documents import PAGES, slug_of
from bip_content.frontmatter import load_yaml, split

from .gitlog import NULL_BLOB, Change, Commit

CREATED = "utworzenie"
CONTENT = "zmiana treści"
ATTACHMENT = "zmiana załącznika"
METADATA = "zmiana metadanych"
MOVED = "przeniesienie"
ARCHIVED = "archiwizacja"
REMOVED = "usunięcie"
REASON_TRAILERS = ("powód:", "powod:")
ARCHIVE_KEY = "data_archiwizacji"


@dataclass
class Version:
    """One published state of a document, or its removal."""

    number: int
    commit: str
    when: dt.datetime
    authors: list[str]
    kinds: list[str]
    reason: str
    path: str
    blob: str = NULL_BLOB
    attachments: dict[str, str] = field(default_factory=dict)  # name → blob


@dataclass
class DocumentHistory:
    """Every version of one document, following moves, and its removal."""

    versions: list[Version] = field(default_factory=list)
    removal: Version | None = None

    @property
    def path(self) -> str:
        """Where the document is now (or was last, if removed)."""
        return self.versions[-1].path

    @property
    def former_paths(self) -> list[str]:
        """Earlier places of the document, oldest first, without the current."""
        paths = dict.fromkeys(v.path for v in self.versions)
        return [p for p in paths if p != self.path]

    @property
    def entered_by(self) -> str | None:
        """The first person who brought the document (bots never count)."""
        return next((a for v in self.versions for a in v.authors), None)

    @property
    def published_at(self) -> dt.datetime:
        """When the document first reached the published branch."""
        return self.versions[0].when


@dataclass
class History:
    """All documents' histories of a content folder."""

    documents: dict[str, DocumentHistory]  # current path → history
    removed: list[DocumentHistory]

    def events(self) -> list[tuple[Version, DocumentHistory]]:
        """Every version and removal, newest first (the site's change register)."""
        items = [(v, d) for d in self.documents.values() for v in d.versions]
        items += [(d.removal, d) for d in self.removed if d.removal]
        return sorted(
            items, key=lambda item: (item[0].when, item[0].path), reverse=True
        )


def is_document(path: str | None) -> bool:
    """A document is `<dział>/<name>.md` (system pages are not documents)."""
    if path is None:
        return False
    parts = PurePosixPath(path).parts
    return len(parts) == 2 and path.endswith(".md") and parts[0] != PAGES


def attachment_dir(path: str) -> str:
    """A document's attachment folder: `<dział>/<name without date>`."""
    folder, name = path.split("/", 1)
    return f"{folder}/{slug_of(name)}"


def is_bot(commit: Commit, patterns: list[str]) -> bool:
    """True when the author matches a bot pattern (`Name <email>`, `*` = any text).

    >>> bot = Commit("1", [], "dependabot[bot]", "x@github.com", *[None] * 3)
    >>> is_bot(bot, ["*[bot]*"]), is_bot(bot, ["*<ci@*"])
    (True, False)
    """
    who = commit.identity.casefold()
    return any(_pattern(p).fullmatch(who) for p in patterns)


def _pattern(text: str) -> re.Pattern:
    return re.compile(".*".join(map(re.escape, text.casefold().split("*"))))


def reason_of(message: str) -> str:
    """A `Powód:` trailer if the message has one, else its subject line."""
    lines = message.strip().splitlines()
    for line in reversed(lines):
        if line.strip().casefold().startswith(REASON_TRAILERS):
            return line.split(":", 1)[1].strip()
    return lines[0].strip() if lines else ""


def first_parent_line(commits: dict[str, Commit], head: str) -> list[str]:
    """HEAD, its first parent, and so on: the published branch, oldest first."""
    line, current = [], head
    while current:
        line.append(current)
        parents = commits[current].parents
        current = parents[0] if parents and parents[0] in commits else ""
    return line[::-1]


def build_history(commits: list[Commit], bots: list[str]) -> History:
    """Follow every document through the published branch's commits."""
    by_id = {c.id: c for c in commits}
    order = {c.id: n for n, c in enumerate(commits)}
    builder = _Builder(bots)
    merged: set[str] = set()
    for commit_id in first_parent_line(by_id, commits[-1].id) if commits else []:
        commit = by_id[commit_id]
        side = _side_commits(by_id, commit, merged)
        merged.update(side, [commit.id])
        brought = sorted(
            (s for s in side if len(by_id[s].parents) < 2), key=order.__getitem__
        )
        builder.apply(commit, [by_id[s] for s in brought] or [commit])
    return History(builder.current, builder.removed)


def _side_commits(
    by_id: dict[str, Commit], merge: Commit, merged: set[str]
) -> set[str]:
    """Commits a merge brings in that the branch did not have."""
    found, stack = set(), list(merge.parents[1:])
    while stack:
        commit_id = stack.pop()
        if commit_id in found or commit_id in merged or commit_id not in by_id:
            continue
        found.add(commit_id)
        stack.extend(by_id[commit_id].parents)
    return found


@dataclass
class _Touch:
    """What one commit does to one document."""

    doc: DocumentHistory
    path: str
    blob: str
    attachments: dict[str, str]
    kinds: list[str] = field(default_factory=list)
    paths: set[str] = field(default_factory=set)

    def add(self, kind: str, change: Change) -> None:
        if kind not in self.kinds:
            self.kinds.append(kind)
        self.paths.update(p for p in (change.path, change.old_path) if p)


class _Builder:
    """Applies the published branch's commits, one after another."""

    def __init__(self, bots: list[str]) -> None:
        self.bots = bots
        self.current: dict[str, DocumentHistory] = {}
        self.by_dir: dict[str, DocumentHistory] = {}
        self.removed: list[DocumentHistory] = []

    def apply(self, commit: Commit, sources: list[Commit]) -> None:
        """Record one published commit; `sources` are the commits it brings."""
        touches: dict[int, _Touch] = {}

        def touch(doc: DocumentHistory) -> _Touch:
            if id(doc) not in touches:
                last = doc.versions[-1] if doc.versions else None
                touches[id(doc)] = _Touch(
                    doc,
                    last.path if last else "",
                    last.blob if last else NULL_BLOB,
                    dict(last.attachments) if last else {},
                )
            return touches[id(doc)]

        def is_md(change: Change) -> bool:
            return change.regular and (
                is_document(change.path) or is_document(change.old_path)
            )

        for change in filter(is_md, commit.changes):
            doc = self._document_change(change)
            if doc is not None:
                entry = touch(doc)
                entry.add(_md_kind(change), change)
                if change.status != "D":
                    entry.path, entry.blob = change.path, change.new_blob
        for change in commit.changes:
            found = None if is_md(change) else self._owner(change)
            if found is not None:
                entry = touch(found[0])
                _update_files(entry.attachments, change, found[1])
                moved_only = change.status == "R" and change.old_blob == change.new_blob
                entry.add(MOVED if moved_only else ATTACHMENT, change)
        for entry in touches.values():
            self._add_version(commit, sources, entry)

    def _document_change(self, change: Change) -> DocumentHistory | None:
        """Move, add or remove the document a `.md` change is about."""
        known = self.current.get(change.old_path or change.path)
        if change.status == "A" or known is None:
            if change.status in "DM" or not is_document(change.path):
                return None  # history starts outside what we follow
            known = DocumentHistory()
        elif change.status in "RD":
            self._unplace(change.old_path or change.path)
        if change.status == "D" or not is_document(change.path):
            self.removed.append(known)
        else:
            self.current[change.path] = known
            self.by_dir[attachment_dir(change.path)] = known
        return known

    def _unplace(self, path: str) -> None:
        self.current.pop(path, None)
        self.by_dir.pop(attachment_dir(path), None)

    def _owner(self, change: Change) -> tuple[DocumentHistory, str] | None:
        """The document whose attachment folder holds the file, and the folder."""
        for path in (change.path, change.old_path):
            if path is not None and path.count("/") >= 2:
                folder = "/".join(path.split("/", 2)[:2])
                if folder in self.by_dir:
                    return self.by_dir[folder], folder
        return None

    def _add_version(
        self, commit: Commit, sources: list[Commit], entry: _Touch
    ) -> None:
        related = [s for s in sources if not s.paths.isdisjoint(entry.paths)]
        related = related or [commit]
        doc = entry.doc
        if CREATED in entry.kinds:  # its attachments come with it
            entry.kinds = [CREATED]
        version = Version(
            number=len(doc.versions) + 1,
            commit=commit.id,
            when=commit.committed,
            authors=list(
                dict.fromkeys(s.author for s in related if not is_bot(s, self.bots))
            ),
            kinds=entry.kinds,
            reason="; ".join(
                dict.fromkeys(
                    r for r in map(reason_of, (s.message for s in related)) if r
                )
            ),
            path=entry.path,
            blob=entry.blob,
            attachments=entry.attachments,
        )
        if REMOVED in entry.kinds:
            version.number = len(doc.versions)
            doc.removal = version
        else:
            doc.versions.append(version)


def _update_files(files: dict[str, str], change: Change, folder: str) -> None:
    """Apply an attachment change to a document's {name: blob} files."""
    prefix = folder + "/"
    if change.old_path and change.old_path.startswith(prefix):
        files.pop(change.old_path[len(prefix) :], None)
    if change.status == "D" or not change.regular:  # a link is never published
        files.pop(change.path[len(prefix) :], None)
    elif change.path.startswith(prefix):
        files[change.path[len(prefix) :]] = change.new_blob


def _md_kind(change: Change) -> str:
    if change.status == "A":
        return CREATED
    if change.status == "D" or not is_document(change.path):
        return REMOVED
    if change.status == "R":
        return MOVED if is_document(change.old_path) else CREATED
    return CONTENT  # refined from the texts by classify()


def classify(history: History, blobs: dict[str, bytes]) -> None:
    """Tell edits of the text, of the front matter and archiving apart."""
    for doc in [*history.documents.values(), *history.removed]:
        for before, after in zip(doc.versions, doc.versions[1:], strict=False):
            if before.blob == after.blob or after.blob not in blobs:
                continue
            found = text_changes(blobs.get(before.blob, b""), blobs[after.blob])
            kinds = [k for k in after.kinds if k != CONTENT]
            after.kinds = list(dict.fromkeys(kinds[:1] + found + kinds[1:])) or [
                CONTENT
            ]


def text_changes(old: bytes, new: bytes) -> list[str]:
    """Kinds of change between two texts of a document (front matter vs body)."""
    old_front, old_body = parts_of(old)
    new_front, new_body = parts_of(new)
    kinds = []
    if old_body != new_body:
        kinds.append(CONTENT)
    if old_front.get(ARCHIVE_KEY) != new_front.get(ARCHIVE_KEY):
        kinds.append(ARCHIVED)
    old_front.pop(ARCHIVE_KEY, None)
    new_front.pop(ARCHIVE_KEY, None)
    if old_front != new_front:
        kinds.append(METADATA)
    return kinds


def parts_of(raw: bytes) -> tuple[dict, str]:
    """A stored version's front matter (dates as text) and its body."""
    text = raw.decode("utf-8", "replace")
    parts = split(text)
    if parts is None:
        return {}, text
    try:
        data, _ = load_yaml(parts[0])
    except yaml.YAMLError:
        data = {"": parts[0]}
    return (data if isinstance(data, dict) else {"": parts[0]}), parts[1].strip()
