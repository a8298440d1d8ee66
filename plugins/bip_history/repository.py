"""Load a content folder's history and check it against the documents.

No Pelican here: `make check` and the plugin share these functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bip_content.cache import Store, fingerprint
from bip_content.documents import SourceDocument
from bip_content.limits import defaults as default_limits
from bip_content.limits import human_size, in_bytes
from bip_content.messages import say
from bip_content.problems import Problem

from . import gitlog
from .gitlog import GitError, blob_sizes, read_blobs, read_log, repository_state
from .history import History, build_history, classify

# The build's history, kept in Pelican's settings by the plugin (as the
# content check is: bip_metadata.plugin.CHECK).
LOADED = "BIP_HISTORY_LOADED"
LOG_CODE = fingerprint([Path(gitlog.__file__)], [])  # what shapes a kept commit


def loaded_for(settings: dict) -> Loaded | None:
    """The history of a build's content folder, once the plugin read it."""
    return settings.get(LOADED)


@dataclass
class Loaded:
    """A content folder's history (None without git), texts and problems."""

    history: History | None
    blobs: dict[str, bytes] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)  # of every attachment blob
    problems: list[Problem] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)  # documents errors keep out


def load(
    root: Path,
    bots: list[str],
    shown: str = "",
    limits: dict | None = None,
    cache: Path | None = None,
) -> Loaded:
    """Read the history of `root` with one `git log` and two `git cat-file`.

    Blobs over the attachment limit (`limits`, bip.yaml) are never read.
    With a `cache` folder, only commits no earlier build read are logged.
    """
    shown = shown or str(root)
    in_git, shallow = repository_state(root)
    if not in_git:
        return Loaded(
            None,
            problems=[Problem.at(shown, 1, say("not_in_git"))],
        )
    if shallow:
        return Loaded(
            None,
            problems=[Problem.at(shown, 1, say("shallow_clone"))],
        )
    most = in_bytes(limits or default_limits(), "zalacznik_mb")
    try:
        history = build_history(read_log(root, Store(cache, "gitlog", LOG_CODE)), bots)
        wanted = wanted_blobs(history)
        sizes = blob_sizes(root, wanted | attachment_blobs(history))
        blobs = read_blobs(root, {b for b in wanted if sizes.get(b, 0) <= most})
    except GitError as exc:
        return Loaded(
            None, problems=[Problem.at(shown, 1, say("git_failed", reason=exc))]
        )
    classify(history, blobs)
    too_large = {b for b in wanted if sizes.get(b, 0) > most}
    return Loaded(history, blobs, sizes, oversized(history, too_large, sizes, shown))


def attachment_blobs(history: History) -> set[str]:
    """Every attachment of every version (their sizes are shown)."""
    docs = [*history.documents.values(), *history.removed]
    return {b for d in docs for v in d.versions for b in v.attachments.values()}


def oversized(
    history: History, blobs: set[str], sizes: dict[str, int], shown: str
) -> list[Problem]:
    """A warning for each earlier file too large to read: it stays unpublished."""
    problems = []
    for doc in [*history.documents.values(), *history.removed]:
        for version in doc.versions:
            for name, blob in version.attachments.items():
                if blob in blobs:
                    said = say(
                        "old_attachment_too_large",
                        number=version.number,
                        name=name,
                        size=human_size(sizes[blob]),
                    )
                    problems.append(Problem.at(f"{shown}/{version.path}", 1, said))
    return problems


def wanted_blobs(history: History) -> set[str]:
    """Texts of every version, and the attachments only earlier versions have.

    An attachment the current version still has is published anyway; a
    removed document has no current version, so all of its files are read.
    """
    wanted = set()
    for doc in history.documents.values():
        current = set(doc.versions[-1].attachments.values())
        for version in doc.versions:
            wanted.add(version.blob)
            wanted.update(set(version.attachments.values()) - current)
    for doc in history.removed:
        for version in doc.versions:
            wanted.add(version.blob)
            wanted.update(version.attachments.values())
    return wanted


def check_documents(
    loaded: Loaded, documents: dict[str, SourceDocument], shown: str
) -> list[Problem]:
    """Documents git does not know yet, or that only a bot brought."""
    if loaded.history is None:
        return []
    problems = []
    for rel, doc in sorted(documents.items()):
        if doc.is_page:
            continue
        found = loaded.history.documents.get(rel)
        where = f"{shown}/{rel}"
        if found is None:
            problems.append(Problem.at(where, 1, say("uncommitted")))
        elif found.entered_by is None and "entered_by" not in doc.meta:
            problems.append(Problem.at(where, 1, say("entered_by_robot")))
    return problems
