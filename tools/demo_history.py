"""Replay the demo municipality's fictional history into a git repository.

Usage: python tools/demo_history.py SOURCE TIMELINE TARGET

SOURCE is a content folder (the demo's `content/`); TIMELINE (YAML) says who
brought each document to the Biuletyn and when, and which later edits,
moves and removals happened. TARGET/content becomes a fresh git repository
whose last commit holds exactly SOURCE, so the site built from it shows a
metryczka and a change history as a real municipality's repository gives.
Same inputs, same commits: dates and authors are fixed, nothing is random.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ZONE = ZoneInfo("Europe/Warsaw")
DOMAIN = "jarzebinow.example"


@dataclass(order=True)
class Step:
    """One commit of the replay (or a merge of a branch of commits)."""

    at: dt.datetime
    order: int
    action: str = field(compare=False)  # add, edit, move, remove, start
    path: str = field(compare=False, default="")
    by: str = field(compare=False, default="")
    message: str = field(compare=False, default="")
    data: dict = field(compare=False, default_factory=dict)


def email_of(name: str) -> str:
    """`Anna Nowak` → `anna.nowak@jarzebinow.example` (fictional addresses).

    >>> email_of("Katarzyna Wiśniewska")
    'katarzyna.wisniewska@jarzebinow.example'
    """
    plain = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    ascii_name = plain.encode("ascii", "ignore").decode().lower()
    return ".".join(ascii_name.split()) + f"@{DOMAIN}"


def moment(text: str) -> dt.datetime:
    """`2025-03-10 09:30` in Polish time."""
    return dt.datetime.fromisoformat(str(text)).replace(tzinfo=ZONE)


def attachment_dir(path: str) -> str:
    folder, name = path.split("/", 1)
    stem = name.removesuffix(".md")
    if len(stem) > 11 and stem[4] == "-" and stem[7] == "-" and stem[10] == "-":
        stem = stem[11:]
    return f"{folder}/{stem}"


class Replay:
    """Writes the history commit by commit into `target`."""

    def __init__(self, source: Path, timeline: dict, target: Path) -> None:
        self.source, self.timeline, self.target = source, timeline, target
        self.edits = [e for e in timeline.get("events", []) if "edit" in e]

    def git(self, *args: str, by: str = "", at: dt.datetime | None = None) -> None:
        env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
        if by:
            env.update(
                GIT_AUTHOR_NAME=by,
                GIT_AUTHOR_EMAIL=email_of(by),
                GIT_COMMITTER_NAME=by,
                GIT_COMMITTER_EMAIL=email_of(by),
            )
        if at:
            env.update(
                GIT_AUTHOR_DATE=at.isoformat(), GIT_COMMITTER_DATE=at.isoformat()
            )
        subprocess.run(
            ["git", *args], cwd=self.target, env=env, check=True, capture_output=True
        )

    def text_at(self, path: str, at: dt.datetime) -> str:
        """The document's text at a moment: later edits undone, newest first."""
        text = (self.source / path).read_text(encoding="utf-8")
        later = [e for e in self.edits if e["edit"] == path and moment(e["at"]) > at]
        for edit in sorted(later, key=lambda e: moment(e["at"]), reverse=True):
            for final, earlier in edit["earlier"]:
                if final not in text:
                    raise ValueError(f"{path}: no {final!r} to undo for {edit['at']}")
                text = text.replace(final, earlier, 1)
        return text

    def steps(self) -> list[Step]:
        """Every commit of the history, in time order."""
        start = self.timeline["start"]
        steps = [
            Step(
                moment(start["at"]),
                0,
                "start",
                by=start["by"],
                message=start["message"],
            )
        ]
        moved = {
            e["move"]["to"]: e["move"]["from"]
            for e in self.timeline.get("events", [])
            if "move" in e
        }
        for path, who in self.timeline["documents"].items():
            title = yaml.safe_load(
                (self.source / path).read_text(encoding="utf-8").split("---")[1]
            )["tytul"]
            steps.append(
                Step(
                    moment(who["at"]),
                    len(steps),
                    "add",
                    moved.get(path, path),
                    who["by"],
                    who.get("message", f"Dodanie: {title}"),
                    {"final": path, **who},
                )
            )
        for event in self.timeline.get("events", []):
            action = next(k for k in ("edit", "move", "remove") if k in event)
            path = event[action] if action != "move" else event["move"]["from"]
            if action == "remove":
                added = event["added"]
                steps.append(
                    Step(
                        moment(added["at"]),
                        len(steps),
                        "add",
                        path,
                        added["by"],
                        added["message"],
                        {"text": event["text"]},
                    )
                )
            steps.append(
                Step(
                    moment(event["at"]),
                    len(steps),
                    action,
                    path,
                    event["by"],
                    event["message"],
                    event,
                )
            )
        return sorted(steps)

    def run(self) -> None:
        """Replay into a fresh repository and check the result equals the source."""
        if self.target.exists():
            shutil.rmtree(self.target)
        self.target.mkdir(parents=True)
        self.git("init", "--quiet", "--initial-branch=main")
        for step in self.steps():
            getattr(self, f"_{step.action}")(step)
            self.git("add", "--all")
            self.git("commit", "--quiet", "-m", step.message, by=step.by, at=step.at)
        self._compare()

    def _start(self, step: Step) -> None:
        documents = set(self.timeline["documents"])
        dirs = {attachment_dir(p) for p in documents}
        for file in sorted(self.source.rglob("*")):
            rel = file.relative_to(self.source).as_posix()
            if (
                file.is_file()
                and rel not in documents
                and not any(rel.startswith(d + "/") for d in dirs)
            ):
                self._copy(rel, rel)

    def _add(self, step: Step) -> None:
        final = step.data.get("final")
        text = step.data.get("text") or self.text_at(final, step.at)
        self._write(step.path, text)
        if final and (self.source / attachment_dir(final)).is_dir():
            for file in sorted((self.source / attachment_dir(final)).rglob("*")):
                inner = file.relative_to(self.source / attachment_dir(final)).as_posix()
                self._copy(
                    f"{attachment_dir(final)}/{inner}",
                    f"{attachment_dir(step.path)}/{inner}",
                )

    def _edit(self, step: Step) -> None:
        self._write(step.path, self.text_at(step.path, step.at))

    def _move(self, step: Step) -> None:
        new = step.data["move"]["to"]
        (self.target / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", step.path, new)
        if (self.target / attachment_dir(step.path)).is_dir():
            self.git("mv", attachment_dir(step.path), attachment_dir(new))

    def _remove(self, step: Step) -> None:
        self.git("rm", "--quiet", "-r", step.path)

    def _write(self, rel: str, text: str) -> None:
        path = self.target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def _copy(self, source_rel: str, target_rel: str) -> None:
        target = self.target / target_rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.source / source_rel, target)

    def _compare(self) -> None:
        ours = {
            p.relative_to(self.target).as_posix()
            for p in self.target.rglob("*")
            if p.is_file() and ".git" not in p.parts
        }
        theirs = {
            p.relative_to(self.source).as_posix()
            for p in self.source.rglob("*")
            if p.is_file()
        }
        differ = sorted(ours ^ theirs) + [
            p
            for p in sorted(ours & theirs)
            if not filecmp.cmp(self.target / p, self.source / p, shallow=False)
        ]
        if differ:
            raise ValueError(
                f"the replayed history does not end in the source: {differ}"
            )


def replay(source: Path, timeline: Path, target: Path) -> None:
    """Write `target` as a git repository whose history ends in `source`."""
    Replay(source, yaml.safe_load(timeline.read_text(encoding="utf-8")), target).run()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    replay(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
