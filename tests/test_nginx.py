"""Debian's nginx with the shipped configuration, in front of a deployed site
and the running search service, on 127.0.0.1."""

from __future__ import annotations

import gzip
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import during_load, git_site, make
from nginx import NGINX, front, get
from test_deploy import deploy


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path, Path]]:
    """(base URL, deploy folder, content) with nginx and the search running."""
    work = tmp_path_factory.mktemp("nginx")
    content = git_site("basic", work)
    srv = work / "srv"
    assert deploy(content, srv, "20261124T100000Z").returncode == 0
    with front(work / "nginx", srv) as base:
        yield base, srv, content


def test_config_passes_nginx_own_test(served) -> None:
    _, srv, _ = served
    check = subprocess.run(
        [NGINX, "-t", "-c", str(srv.parent / "nginx" / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("path", ["/", "/oswiata/rekrutacja/", "/szukaj?q=rekrutacja"])
def test_pages_and_search_with_security_headers(served, path) -> None:
    base, _, _ = served
    status, headers, body = get(base + path)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Gmina Testowa" in body.decode("utf-8")


def test_search_results_come_through_the_proxy(served) -> None:
    base, _, _ = served
    status, headers, body = get(base + "/szukaj.json?q=rekrutacja")
    assert status == 200 and b'"total": 1' in body
    assert headers["Content-Security-Policy"].count("default-src") == 1


def test_missing_page_is_the_themed_404(served) -> None:
    base, _, _ = served
    status, headers, body = get(base + "/nie-ma-takiej-strony/")
    assert status == 404
    assert "Nie znaleziono strony" in body.decode("utf-8")
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_compression_and_cache(served) -> None:
    base, _, _ = served
    status, headers, body = get(
        base + "/theme/css/bip.css", **{"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert b".bip-menu" in gzip.decompress(body)
    assert headers["Cache-Control"] == "max-age=604800"
    _, page_headers, _ = get(base + "/")
    assert page_headers["Cache-Control"] == "max-age=300"


def test_deploys_under_load_fail_no_request(served) -> None:
    base, srv, content = served
    paths = [
        "/",
        "/oswiata/rekrutacja/",
        "/theme/css/bip.css",
        "/szukaj.json?q=rekrutacja",
    ]

    def fetch(n: int) -> bool:
        status, _, body = get(base + paths[n % len(paths)])
        return status == 200 and bool(body)

    def releases() -> None:
        for release in ("20261124T110000Z", "20261124T120000Z"):
            assert deploy(content, srv, release).returncode == 0
        assert make("rollback", f"DEPLOY_DIR={srv}").returncode == 0

    failures, answered = during_load(fetch, releases)
    assert failures == []
    assert answered > 50
