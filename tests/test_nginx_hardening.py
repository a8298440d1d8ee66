"""The hardened nginx sample: dotfiles, methods, limits, and errors that keep
the security headers, against Debian's nginx on 127.0.0.1."""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bip_search.serve import running
from conftest import git_site
from nginx import COMMON, NGINX, SAMPLE, front, get, nginx, require_nginx
from test_deploy import deploy

SECURITY = {
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
LIMITED = "127.0.0.2"  # loopback too, but not exempt from the search limits


def assert_secure(headers: dict) -> None:
    """The headers every answer carries, nginx's own and proxied errors too."""
    assert {k: headers.get(k) for k in SECURITY} == SECURITY
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["Content-Security-Policy"].count("default-src") == 1
    assert headers["Server"] == "nginx"  # server_tokens off: no version


def raw(
    base: str, request: bytes, source: str = "127.0.0.1"
) -> tuple[int, dict, bytes]:
    """Send bytes as they are (no client library would send these)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection(
        (host, int(port)), timeout=10, source_address=(source, 0)
    ) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    return int(status.split()[1]), dict(line.split(": ", 1) for line in lines), body


def request(path: str, method: str = "GET", header: str = "") -> bytes:
    """A request line and headers, UTF-8 as typed."""
    return (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{header}"
        "Connection: close\r\n\r\n"
    ).encode()


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """(nginx's URL, deploy folder) with the search service behind it."""
    require_nginx()
    work = tmp_path_factory.mktemp("nginx-hardening")
    srv = work / "srv"
    assert deploy(git_site("basic", work), srv, "20261124T100000Z").returncode == 0
    with front(work / "nginx", srv) as base:
        yield base, srv


def test_sample_server_blocks_pass_nginx_test(tmp_path: Path) -> None:
    """bip.conf as shipped (with a throwaway certificate) is valid."""
    require_nginx()
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes"),
            *("-days", "1", "-subj", "/CN=bip", "-keyout", str(key), "-out", str(cert)),
        ],
        capture_output=True,
        check=True,
    )
    sample = (
        SAMPLE.read_text(encoding="utf-8")
        .replace("/etc/ssl/bip/fullchain.pem", str(cert))
        .replace("/etc/ssl/bip/privkey.pem", str(key))
        .replace("/etc/nginx/bip-common.conf", str(COMMON))
        .replace("/var/log/nginx/bip.access.log", str(tmp_path / "access.log"))
    )
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path / 'pid'};\nevents {{}}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\n{sample}\n}}\n",
        encoding="utf-8",
    )
    check = subprocess.run(
        [NGINX, "-t", "-c", str(conf), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize(
    "path",
    [
        "/.manifest.json",
        "/.git/config",
        "/%2Egit/HEAD",
        "/oswiata/.htpasswd",
        "/theme/.cache",
        "/szukaj/.env",
        "/.well-known/../.git/config",
    ],
)
def test_dotfiles_are_the_sites_404(served, path: str) -> None:
    base, srv = served
    assert (srv / "current" / "site" / ".manifest.json").is_file()
    status, headers, body = raw(base, request(path))
    assert status == 404
    assert "Nie znaleziono strony" in body.decode("utf-8")
    assert_secure(headers)


def test_well_known_stays_open(served) -> None:
    base, srv = served
    folder = srv / "current" / "site" / ".well-known"
    folder.mkdir()
    try:
        (folder / "security.txt").write_text("Contact: mailto:it@example\n")
        status, headers, body = get(base + "/.well-known/security.txt")
    finally:
        shutil.rmtree(folder)  # the release stays as it was built
    assert (status, body) == (200, b"Contact: mailto:it@example\n")
    assert_secure(headers)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
@pytest.mark.parametrize("path", ["/", "/szukaj?q=rekrutacja"])
def test_only_get_and_head(served, method: str, path: str) -> None:
    base, _ = served
    status, headers, _ = raw(base, request(path, method))
    assert status == 405
    assert headers["Allow"] == "GET, HEAD"
    assert_secure(headers)


def test_head_is_answered_and_allow_only_on_405(served) -> None:
    base, _ = served
    status, headers, body = raw(base, request("/", "HEAD"))
    assert (status, body) == (200, b"")
    assert "Allow" not in headers
    assert_secure(headers)


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        pytest.param(b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, id="bad-host"),
        pytest.param(request("/nie-ma/"), 404, id="missing-page"),
        pytest.param(request("/" + "a" * 9000), 414, id="long-url"),
        pytest.param(
            request("/", header=f"Cookie: {'a' * 9000}\r\n"), 431, id="large-header"
        ),
        # The service's own 400 (waitress refuses raw non-ASCII URLs), proxied.
        pytest.param(request("/szukaj?q=żółw"), 400, id="waitress-400"),
    ],
)
def test_error_answers_keep_the_security_headers(served, sent, expected) -> None:
    base, _ = served
    status, headers, body = raw(base, sent)
    assert status == expected, body[:200]
    assert_secure(headers)
    if b"szukaj" in sent:
        assert b"generated by waitress" in body


def test_waitress_own_500_keeps_the_security_headers(served, tmp_path) -> None:
    """An application error answered by waitress itself, through nginx."""
    _, srv = served

    def broken(environ, start_response):
        raise RuntimeError("awaria")

    with running(broken) as search, nginx(tmp_path, srv, search) as base:
        status, headers, body = get(base + "/szukaj?q=rekrutacja")
    assert status == 500 and b"Internal Server Error" in body
    assert_secure(headers)


def search_from(base: str, source: str, path: str = "/szukaj-brak") -> tuple[int, dict]:
    """One request to the /szukaj location from a chosen loopback address."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(
        host, int(port), timeout=30, source_address=(source, 0)
    )
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def test_search_rate_is_limited_per_client(served) -> None:
    """100 requests at once from one address: beyond the burst of 20, 429.

    /szukaj-brak reaches the service's cheapest answer (its 404), so the
    100 requests take well under the 16 s in which 5 a second would let
    them all through. The server itself (127.0.0.1) is never limited.
    """
    base, _ = served
    with ThreadPoolExecutor(5) as pool:
        limited = list(pool.map(lambda _: search_from(base, LIMITED), range(100)))
        local = list(pool.map(lambda _: search_from(base, "127.0.0.1"), range(100)))
    statuses = [status for status, _ in limited]
    assert set(statuses) == {404, 429}
    assert statuses.count(404) >= 21  # the first and the burst
    for _, headers in limited:
        assert_secure(headers)
    assert {status for status, _ in local} == {404}


def test_search_connections_are_limited_per_client(served, tmp_path) -> None:
    """12 searches held open by a slow service: 10 wait, 2 get 429 at once."""
    _, srv = served
    release = threading.Event()

    def slow(environ, start_response):
        release.wait(60)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    with (
        running(slow) as search,
        nginx(tmp_path, srv, search) as base,
        ThreadPoolExecutor(12) as pool,
    ):
        answers = [
            pool.submit(search_from, base, LIMITED, "/szukaj") for _ in range(12)
        ]
        rejected = [a.result(timeout=60) for a in _first_done(answers, 2)]
        release.set()
        statuses = sorted(a.result(timeout=60)[0] for a in answers)
    assert [status for status, _ in rejected] == [429, 429]
    assert statuses == [200] * 10 + [429] * 2
    assert_secure(rejected[0][1])


def _first_done(futures: list, count: int) -> list:
    """The first `count` futures to finish (the others are still waiting)."""
    done: list = []
    event = threading.Event()

    def finished(future) -> None:
        done.append(future)
        if len(done) >= count:
            event.set()

    for future in futures:
        future.add_done_callback(finished)
    assert event.wait(60), "no request was refused: the connection limit is missing"
    return done[:count]
