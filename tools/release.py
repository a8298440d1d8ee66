"""Releases of the published site: atomic switch, keep the last N, roll back.

Usage:
  python tools/release.py activate DEPLOY_DIR STAGING NAME [--keep N]
  python tools/release.py rollback DEPLOY_DIR
  python tools/release.py list DEPLOY_DIR

Layout (what nginx and the search service read):
  DEPLOY_DIR/releases/<NAME>/site/          the static site
  DEPLOY_DIR/releases/<NAME>/search_index/  its search index
  DEPLOY_DIR/current -> releases/<NAME>     one symlink: site and index together

`make deploy` builds into releases/<STAGING> and calls `activate`, which
renames it to releases/<NAME> and then replaces the `current` symlink by a
rename (atomic on POSIX): a request sees either the old release or the new
one, never a mix. A failed build never reaches `activate`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

CURRENT = "current"
RELEASES = "releases"


def releases(root: Path) -> list[str]:
    """Complete releases, oldest first (names sort by time)."""
    folder = root / RELEASES
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def current(root: Path) -> str | None:
    """The release residents see now."""
    link = root / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def switch(root: Path, name: str) -> None:
    """Point `current` at a release with one atomic rename."""
    if not (root / RELEASES / name / "site" / "index.html").is_file():
        raise SystemExit(
            f"{name}: to nie jest kompletne wydanie (brak site/index.html)"
        )
    temporary = root / f".{CURRENT}.tmp"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(Path(RELEASES) / name)
    os.replace(temporary, root / CURRENT)


def activate(root: Path, staging: str, name: str, keep: int) -> None:
    """Make a staged build the current release; keep the newest `keep`."""
    (root / RELEASES / staging).rename(root / RELEASES / name)
    switch(root, name)
    for old in releases(root)[:-keep]:
        if old != current(root):
            shutil.rmtree(root / RELEASES / old)
    print(f"Opublikowano wydanie {name}; zachowane: {', '.join(releases(root))}")


def rollback(root: Path) -> None:
    """Go back to the release before the current one."""
    names, now = releases(root), current(root)
    if now not in names or names.index(now) == 0:
        raise SystemExit("Nie ma wcześniejszego wydania, do którego można wrócić.")
    previous = names[names.index(now) - 1]
    switch(root, previous)
    print(f"Przywrócono wydanie {previous} (było: {now})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("activate")
    one.add_argument("root", type=Path)
    one.add_argument("staging")
    one.add_argument("name")
    one.add_argument("--keep", type=int, default=5)
    for command in ("rollback", "list"):
        commands.add_parser(command).add_argument("root", type=Path)
    args = parser.parse_args()
    if args.command == "activate":
        activate(args.root, args.staging, args.name, max(args.keep, 1))
    elif args.command == "rollback":
        rollback(args.root)
    else:
        for name in releases(args.root):
            print(f"{name}{'  (bieżące)' if name == current(args.root) else ''}")


if __name__ == "__main__":
    sys.exit(main())
