"""`make edytor`: the web editor on this machine, over the working repository.

Usage: python tools/edytor.py --content CONTENT --site OUTPUT --index INDEX
       [--port 8000] [--backend-port 8082]

Writes the editor (bip_content.editor) into OUTPUT/edytor/, starts Decap's
own local backend (decap-server from node_modules, in its file mode) on
127.0.0.1 over the git repository that holds CONTENT, and serves the site
with the editor at http://127.0.0.1:PORT/edytor/. What is saved there lands
in CONTENT as files, exactly where `make new` puts them: `git status` shows
them, `make check` checks them, a commit and a merge request publish them.
Nothing listens on other addresses than 127.0.0.1.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from bip_content import editor  # noqa: E402
from bip_search.serve import SiteApp  # noqa: E402

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def repository_of(content: Path) -> tuple[Path, str]:
    """The git repository holding CONTENT and CONTENT's path inside it."""
    found = subprocess.run(
        ["git", "-C", str(content), "rev-parse", "--show-toplevel"],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        raise SystemExit(
            f"{content} nie jest w repozytorium git: edytor zapisuje do git"
        )
    top = Path(found.stdout.strip()).resolve()
    inside = content.resolve().relative_to(top).as_posix()
    return top, "" if inside == "." else inside


@contextlib.contextmanager
def decap_server(repository: Path, port: int, review: bool = False) -> Iterator[str]:
    """decap-server on 127.0.0.1:`port`; yields its API address.

    In file mode it writes files into the working tree; with `review` (git
    mode) each document is a branch cms/<dział>/<plik> with its status, and
    publishing merges it into the current branch, as a merge request would.
    """
    if not DECAP_SERVER.is_file():
        raise SystemExit("brak decap-server: uruchom `npm ci` w katalogu projektu")
    with socket.socket() as probe:  # a port in use: say so, not a stranger's files
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(
                f"port {port} jest zajęty: czy działa już inny make edytor? "
                "zatrzymaj go albo podaj --backend-port"
            )
    env = dict(
        os.environ,
        PORT=str(port),
        BIND_HOST="127.0.0.1",
        MODE="git" if review else "fs",
        GIT_REPO_DIRECTORY=str(repository),
        LOG_LEVEL="warn",
    )
    process = subprocess.Popen(["node", str(DECAP_SERVER)], env=env)
    url = f"http://127.0.0.1:{port}/api/v1"
    try:
        _wait_for(url, process, repository)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(
    url: str, process: subprocess.Popen, repository: Path, seconds: float = 30
) -> None:
    """Until our decap-server answers for `repository` (or fails to start).

    The answer must name our folder: a server that took the port first
    would answer for its own.
    """
    request = json.dumps({"action": "info", "params": {}}).encode()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"decap-server nie wystartował (kod {process.returncode}); "
                "czy port jest wolny?"
            )
        with contextlib.suppress(OSError, ValueError):
            post = urllib.request.Request(
                url, request, {"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(post, timeout=2) as answer:
                if json.load(answer).get("repo") == repository.name:
                    return
        time.sleep(0.1)
    raise SystemExit(f"decap-server nie odpowiada pod {url}")


class EditorSite:
    """The site (SiteApp) with the editor's own CSP under /edytor/."""

    def __init__(self, site: SiteApp, policy: str) -> None:
        self.site, self.policy = site, policy

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        """Serve the site; answers under /edytor/ carry the editor's policy."""
        if not environ.get("PATH_INFO", "").startswith(f"/{editor.FOLDER}/"):
            return self.site(environ, start_response)

        def with_policy(status: str, headers: list, *rest: object) -> object:
            headers = [h for h in headers if h[0] != "Content-Security-Policy"]
            return start_response(
                status, [*headers, ("Content-Security-Policy", self.policy)], *rest
            )

        return self.site(environ, with_policy)


def prepare(content: Path, site: Path, proxy: str, review: bool = False) -> dict:
    """Write the editor for CONTENT into SITE/edytor/; return its backend."""
    _, prefix = repository_of(content)
    branch = subprocess.run(
        ["git", "-C", str(content), "rev-parse", "--abbrev-ref", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The branch decap-server reads and, with review, merges into.
    backend = {"name": "bip-proxy", "proxy_url": proxy, "branch": branch}
    settings = editor.config(editor.load_site(content), backend, prefix, review)
    editor.write(site, settings)
    return backend


def main() -> None:
    """Build the editor, start decap-server and serve until Ctrl+C."""
    import waitress  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--site", type=Path, default=Path("output"))
    parser.add_argument("--index", type=Path, default=Path("search_index"))
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--backend-port", type=int, default=8082)
    parser.add_argument(
        "--review",
        action="store_true",
        help="przegląd: każdy dokument na gałęzi cms/…, publikacja scala ją",
    )
    args = parser.parse_args()
    # `kill` as Ctrl+C: decap-server is stopped on the way out, never left over.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    repository, _ = repository_of(args.content)
    with decap_server(repository, args.backend_port, args.review) as proxy:
        backend = prepare(args.content, args.site, proxy, args.review)
        app = EditorSite(SiteApp(args.site, args.index), editor.policy(backend))
        print(
            f"Edytor: http://127.0.0.1:{args.port}/{editor.FOLDER}/ (zapisuje do "
            f"{args.content}; Ctrl+C kończy)"
        )
        waitress.serve(app, host="127.0.0.1", port=args.port, threads=8, ident="bip")


if __name__ == "__main__":
    main()
