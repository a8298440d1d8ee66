"""Releases of the published site: locked, verified before the switch, rolled back in order.

Usage:
  python tools/release.py deploy DEPLOY_DIR CONTENT [--keep N] [--name NAME]
  python tools/release.py rollback DEPLOY_DIR
  python tools/release.py verify DEPLOY_DIR [NAME]   (default: the live release)
  python tools/release.py list DEPLOY_DIR

Layout (nginx and the search service read only `current`):
  DEPLOY_DIR/current -> releases/<NAME>     one symlink: site and index together
  DEPLOY_DIR/releases/<NAME>/site/          the static site, with its manifest
  DEPLOY_DIR/releases/<NAME>/search_index/  its search index
  DEPLOY_DIR/releases/.nowe-<NAME>-<hex>/   a deploy being built
  DEPLOY_DIR/activations                    releases made live, one a line, live last
  DEPLOY_DIR/.lock                          deploy and rollback hold it (flock)

Deploy, holding the lock: remove what killed deploys left, build into a new
staging folder, verify it (every file of the manifest with its size, the
index opens, a search for a word of the newest title finds it), rename it
to releases/<NAME>, switch `current` by one rename (atomic on POSIX), push
NAME on `activations` and keep the KEEP newest there. Only a verified build
becomes a release; a failed build or check changes nothing.

Rollback, holding the lock: pop the live release from `activations` and
switch to the one below it, verified again; so deploy A, deploy B, rollback
(A), deploy C, rollback returns to A, never to B. Releases not on the stack
(B after that rollback) are removed by the next deploy.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from bip_search.service import SearchApp  # noqa: E402
from bip_site import manifest  # noqa: E402

CURRENT = "current"
RELEASES = "releases"
ACTIVATIONS = "activations"
LOCK = ".lock"
STAGING = ".nowe-"
NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,63}")


@contextlib.contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the deploy lock of `root`; say so when another deploy holds it."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"Trwa inne wdrożenie albo wycofanie w {root}: czekam, aż się skończy…",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield  # the lock goes with the file, also when the process is killed


def current(root: Path) -> str | None:
    """The release residents see now."""
    link = root / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def activations(root: Path) -> list[str]:
    """Releases made live, oldest first, ending with the live one."""
    try:
        stack = (root / ACTIVATIONS).read_text(encoding="utf-8").split()
    except FileNotFoundError:
        stack = []
    live = current(root)
    if live is None:
        return stack
    # A deploy killed between the switch and the save, or a live release from
    # before this file existed: the stack follows what is live.
    if live in stack:
        return stack[: len(stack) - stack[::-1].index(live)]
    return [*stack, live]


def save(root: Path, stack: list[str]) -> None:
    """Write the activation stack by a rename: whole or not at all."""
    temporary = root / f".{ACTIVATIONS}.tmp"
    temporary.write_text("".join(f"{name}\n" for name in stack), encoding="utf-8")
    temporary.replace(root / ACTIVATIONS)


def switch(root: Path, name: str) -> None:
    """Point `current` at a release with one atomic rename."""
    temporary = root / f".{CURRENT}.tmp"
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(Path(RELEASES) / name)
    os.replace(temporary, root / CURRENT)


def verify(release: Path) -> list[str]:
    """What is wrong with a release, in Polish; [] when it may go live."""
    problems = manifest.problems(release / "site")
    if problems:
        return problems
    word = manifest.read(release / "site")["smoke"]
    query = urlencode({"q": word or "", "archiwum": "wszystkie"})
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/szukaj.json"}
    statuses: list[str] = []
    body = b"".join(
        SearchApp(release / "search_index")(
            {**environ, "QUERY_STRING": query}, lambda s, _: statuses.append(s)
        )
    )
    if not statuses[0].startswith("200"):
        return [f"indeks wyszukiwarki się nie otwiera ({statuses[0]})"]
    answer = json.loads(body)
    if word and (answer["total"] == 0 or answer["suggestion"]):
        return [f"wyszukiwanie słowa „{word}” nie znajduje dokumentu"]
    return []


def remove_leftovers(root: Path) -> None:
    """Staging folders and temporary links of deploys that were killed."""
    for staging in (root / RELEASES).glob(f"{STAGING}*"):
        print(f"Usuwam pozostałość przerwanego wdrożenia: {staging.name}")
        shutil.rmtree(staging, ignore_errors=True)
    (root / f".{CURRENT}.tmp").unlink(missing_ok=True)


def unique_name(root: Path, wanted: str, stack: list[str]) -> str:
    """`wanted` (or the time, UTC), with -2, -3… if a release has it already."""
    base = wanted or time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    if not NAME.fullmatch(base):
        raise SystemExit(f"Niedozwolona nazwa wydania: {base!r} (litery, cyfry, . _ -)")
    name, number = base, 1
    while (root / RELEASES / name).exists() or name in stack:
        number += 1
        name = f"{base}-{number}"
    return name


def build(content: Path, staging: Path) -> bool:
    """Build site and search index into `staging` with the production settings."""
    command = [sys.executable, "-m", "pelican", str(content)]
    command += ["-o", str(staging / "site"), "-s", str(ROOT / "publishconf.py")]
    environment = {**os.environ, "BIP_SEARCH_INDEX": str(staging / "search_index")}
    run = subprocess.run(
        [*command, "--fatal", "errors"], cwd=ROOT, env=environment, check=False
    )
    return run.returncode == 0


def prune(root: Path, stack: list[str], keep: int) -> list[str]:
    """Keep the `keep` newest activations; remove every other release folder."""
    stack = [name for name in stack if (root / RELEASES / name).is_dir()]
    kept: list[str] = []
    for name in reversed(stack):
        if name not in kept and len(kept) < keep:
            kept.append(name)
    save(root, [name for name in stack if name in kept])
    for folder in (root / RELEASES).iterdir():
        if not folder.name.startswith(".") and folder.name not in kept:
            shutil.rmtree(folder, ignore_errors=True)
    return kept[::-1]


def stage(root: Path, content: Path, name: str) -> None:
    """Build and verify a release beside the others; only then name it."""
    staging = root / RELEASES / f"{STAGING}{name}-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        if not build(content, staging):
            raise SystemExit("Budowanie się nie udało: serwis się nie zmienił.")
        problems = verify(staging)
        if problems:
            raise SystemExit(
                "Nowe wydanie nie przeszło sprawdzenia, serwis się nie zmienił:\n"
                + "\n".join(f"  - {p}" for p in problems[:20])
            )
        staging.rename(root / RELEASES / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already when renamed


def deploy(root: Path, content: Path, keep: int, wanted: str = "") -> str:
    """Build, verify and publish a new release; return its name."""
    with locked(root):
        (root / RELEASES).mkdir(exist_ok=True)
        remove_leftovers(root)
        stack = activations(root)
        name = unique_name(root, wanted, stack)
        stage(root, content, name)
        switch(root, name)
        kept = prune(root, [*stack, name], keep)
    print(f"Opublikowano sprawdzone wydanie {name}; zachowane: {', '.join(kept)}")
    return name


def rollback(root: Path) -> str:
    """Go back to the release that was live before the live one."""
    with locked(root):
        stack = activations(root)
        now = stack.pop() if stack else None
        while stack:
            problems = verify(root / RELEASES / stack[-1])
            if not problems:
                switch(root, stack[-1])
                save(root, stack)
                print(f"Przywrócono wydanie {stack[-1]} (było: {now})")
                return stack[-1]
            print(f"Pomijam wydanie {stack[-1]}: {problems[0]}", file=sys.stderr)
            stack.pop()
    raise SystemExit("Nie ma wcześniejszego wydania, do którego można wrócić.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("deploy")
    one.add_argument("root", type=Path)
    one.add_argument("content", type=Path)
    one.add_argument("--keep", type=int, default=5)
    one.add_argument("--name", default="")
    for command in ("rollback", "list"):
        commands.add_parser(command).add_argument("root", type=Path)
    check = commands.add_parser("verify")
    check.add_argument("root", type=Path)
    check.add_argument("name", nargs="?")
    args = parser.parse_args()
    root = args.root.absolute()
    if args.command == "deploy":
        deploy(root, args.content.absolute(), max(args.keep, 1), args.name)
    elif args.command == "rollback":
        rollback(root)
    elif args.command == "verify":
        name = args.name or current(root) or ""
        problems = verify(root / RELEASES / name) if name else ["brak wydania"]
        print("\n".join(problems) or f"Wydanie {name} jest kompletne.")
        sys.exit(1 if problems else 0)
    else:
        live = current(root)
        for name in reversed(activations(root)):
            print(f"{name}{'  (bieżące)' if name == live else ''}")


if __name__ == "__main__":
    sys.exit(main())
