"""Debian's nginx with the shipped configuration, in front of a deploy folder."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bip_search.serve import running
from bip_search.service import SearchApp
from conftest import ROOT

COMMON = ROOT / "deploy" / "nginx" / "bip-common.conf"
SAMPLE = ROOT / "deploy" / "nginx" / "bip.conf"
NGINX = "/usr/sbin/nginx"


def require_nginx() -> None:
    """Skip on a developer machine without nginx; never in CI."""
    if shutil.which(NGINX) is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing in CI: .ci/run must install it")
        pytest.skip("Debian's nginx is not installed (apt-get install nginx)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_level(text: str) -> list[str]:
    """The statements of an nginx file outside any block, blocks included whole.

    >>> http_level("map $a $b { 1 2; } # c\\nserver { listen 80; }")
    ['map $a $b { 1 2; }', 'server { listen 80; }']
    """
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())
    statements, current, depth = [], "", 0
    for char in code:
        current += char
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and char in ";}":
            statements.append(" ".join(current.split()))
            current = ""
    return statements


def sample_http_level() -> str:
    """bip.conf's zones, geo and maps: the test config has exactly these."""
    return "\n    ".join(
        s
        for s in http_level(SAMPLE.read_text())
        if not s.startswith(("upstream", "server"))
    )


def config(work: Path, srv: Path, port: int, search_port: int, extra: str = "") -> str:
    """An nginx.conf as bip.conf, but plain HTTP on 127.0.0.1 and run by a test.

    `extra` goes into the server block after bip-common.conf (an include).
    """
    temp = " ".join(
        f'{name}_temp_path "{work / name}";'
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
user root;
daemon off;
pid "{work / "nginx.pid"}";
error_log "{work / "error.log"}";
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    {temp}
    {sample_http_level()}
    upstream bip_search {{ server 127.0.0.1:{search_port}; }}
    server {{
        listen 127.0.0.1:{port};
        set $bip_root "{srv / "current" / "site"}";
        include {COMMON};
        {extra}
    }}
}}
"""


@contextlib.contextmanager
def nginx(work: Path, srv: Path, search: str, extra: str = "") -> Iterator[str]:
    """nginx serving srv/current/site and proxying /szukaj to `search`."""
    require_nginx()
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    search_port = int(search.rsplit(":", 1)[1])
    conf = work / "nginx.conf"
    conf.write_text(config(work, srv, port, search_port, extra), encoding="utf-8")
    process = subprocess.Popen([NGINX, "-c", str(conf)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except urllib.error.HTTPError:
                break  # it answers, if only with an error
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def front(work: Path, srv: Path) -> Iterator[str]:
    """The search service on srv's live index behind nginx; yields nginx's URL."""
    with (
        running(SearchApp(srv / "current" / "search_index")) as search,
        nginx(work, srv, search) as base,
    ):
        yield base


def get(url: str, **headers: str) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a GET, errors included."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
