"""A real git repository in a temporary folder, with dated commits."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

CLERK = ("Anna Nowak", "anna.nowak@jarzebinow.example")
EDITOR = ("Piotr Wiśniewski", "piotr.wisniewski@jarzebinow.example")
ROBOT = ("Robot publikacji [bot]", "robot@ci.example")


def git_as(
    root: Path, args: tuple[str, ...], author: tuple[str, str], when: str
) -> str:
    """Run git in `root` as `author` (name, e-mail) at `when`, no git config."""
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME=author[0],
        GIT_AUTHOR_EMAIL=author[1],
        GIT_COMMITTER_NAME=author[0],
        GIT_COMMITTER_EMAIL=author[1],
        GIT_AUTHOR_DATE=when,
        GIT_COMMITTER_DATE=when,
        GIT_CONFIG_GLOBAL="/dev/null",
        GIT_CONFIG_NOSYSTEM="1",
    )
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class GitRepo:
    """Make commits with fixed authors and dates (ISO, Europe/Warsaw time)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.tick = 0
        self.git("init", "--quiet", "--initial-branch=main")

    def git(self, *args: str, author=CLERK, when: str | None = None) -> str:
        """Run git; commits get the author and date given."""
        when = when or f"2026-03-01T09:{self.tick:02d}:00+01:00"
        return git_as(self.root, args, author, when)

    def write(self, rel: str, text: str | bytes) -> None:
        """Write a file under the repository."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    def commit(self, message: str, author=CLERK, when: str | None = None) -> str:
        """Stage everything and commit; return the commit id."""
        self.git("add", "--all")
        self.tick += 1
        self.git(
            "commit",
            "--quiet",
            "--allow-empty",
            "-m",
            message,
            author=author,
            when=when,
        )
        return self.git("rev-parse", "HEAD").strip()

    def merge(
        self, branch: str, message: str, author=EDITOR, when: str | None = None
    ) -> str:
        """Merge a branch into the current one with a merge commit."""
        self.tick += 1
        self.git(
            "merge",
            "--no-ff",
            "--quiet",
            "-m",
            message,
            branch,
            author=author,
            when=when,
        )
        return self.git("rev-parse", "HEAD").strip()
