"""One local process for the built site and its search: `make serve`.

Static files come from the output folder (index.html for folders, 404.html
for anything missing); /szukaj and /szukaj.json go to the search service.
Production serves static files with nginx and runs SearchApp under waitress.
"""

from __future__ import annotations

import argparse
import contextlib
import mimetypes
import posixpath
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import unquote

from .service import SECURITY_HEADERS, SearchApp, StartResponse, without_body


class SiteApp:
    """WSGI app: the static site plus the search service."""

    def __init__(self, site: Path, index_root: Path) -> None:
        self.site = site.resolve()
        self.search = SearchApp(index_root)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        """Serve search or a file of the site."""
        path = environ.get("PATH_INFO", "/")
        if path.startswith("/szukaj"):
            return self.search(environ, start_response)
        if environ.get("REQUEST_METHOD", "GET") not in {"GET", "HEAD"}:
            start_response(
                "405 Method Not Allowed",
                [("Allow", "GET, HEAD"), ("Content-Length", "0"), *SECURITY_HEADERS],
            )
            return []
        file = self._file(path)
        status = "200 OK"
        if file is None:
            file, status = self.site / "404.html", "404 Not Found"
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("xml", "javascript", "json")):
            kind += "; charset=utf-8"
        body = file.read_bytes()
        start_response(
            status,
            [
                ("Content-Type", kind),
                ("Content-Length", str(len(body))),
                *SECURITY_HEADERS,
            ],
        )
        return without_body(environ, [body])

    def _file(self, path: str) -> Path | None:
        clean = posixpath.normpath(unquote(path, errors="replace")).lstrip("/")
        if any(part.startswith(".") for part in clean.split("/")):
            return None  # dotfiles (the build's .manifest.json): 404, as in nginx
        target = (self.site / clean).resolve()
        if target != self.site and self.site not in target.parents:
            return None  # ../ escapes are 404, never a file outside the site
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None


@contextlib.contextmanager
def running(app: object, threads: int = 4) -> Iterator[str]:
    """Serve a WSGI app with waitress on 127.0.0.1 in a thread; yield its base URL.

    For tests and tools. On exit the polling loop is stopped and joined
    before any socket is closed: closing them under a loop that still
    polls made a later, unrelated socket fail with EBADF on a busy machine.
    """
    import waitress.server  # noqa: PLC0415 (only tools and tests serve in a thread)
    from waitress import wasyncore  # noqa: PLC0415

    sockets: dict = {}  # waitress's socket map, ours so that we may poll it
    server = waitress.server.create_server(
        app, map=sockets, host="127.0.0.1", port=0, threads=threads
    )
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, use_poll=True, map=sockets, count=1)

    thread = threading.Thread(target=poll, name="waitress-poll", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop.set()
        thread.join()
        server.task_dispatcher.shutdown()
        wasyncore.close_all(sockets)


def main() -> None:
    """Run the site and search with waitress on 127.0.0.1."""
    import waitress  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", default="output")
    parser.add_argument("--index", default="search_index")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    print(f"Serwis i wyszukiwarka: http://127.0.0.1:{args.port}/  (Ctrl+C kończy)")  # noqa: T201
    waitress.serve(
        SiteApp(Path(args.site), Path(args.index)),
        host="127.0.0.1",
        port=args.port,
        threads=8,
        ident="bip",
    )


if __name__ == "__main__":
    main()
