"""A plugin that needs the content check says so when it has not run.

Each build runs in its own process: Pelican's signals are global, and the
order in which receivers were first connected would outlive the test.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_site

ALL = ["bip_metadata", "bip_attachments", "bip_history", "bip_site", "bip_search"]


def build_with(content: Path, out: Path, plugins: list[str]) -> str:
    """Build in a child process with `plugins`; its error output."""
    code = (
        "import sys; from pelican import Pelican; from pelican.settings import"
        " read_settings; s = read_settings(sys.argv[1], override={'PATH': sys.argv[2],"
        " 'OUTPUT_PATH': sys.argv[3], 'PLUGINS': sys.argv[4].split(','),"
        " 'BIP_SEARCH': {'index_dir': sys.argv[3] + '-index'}}); Pelican(s).run()"
    )
    conf = str(ROOT / "pelicanconf.py")
    found = subprocess.run(
        [sys.executable, "-c", code, conf, str(content), str(out), ",".join(plugins)],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stderr if found.returncode else ""


@pytest.mark.parametrize(
    ("plugins", "named"),
    [
        (["bip_history", "bip_metadata", "bip_attachments"], "bip_history"),
        (["bip_attachments", "bip_site"], "bip_attachments"),
        (["bip_site", "bip_metadata"], "bip_site"),
        (["bip_search"], "bip_search"),
    ],
)
def test_a_plugin_without_the_check_before_it_stops_the_build(
    tmp_path: Path, plugins: list[str], named: str
) -> None:
    content = copy_site("basic", tmp_path)
    error = build_with(content, tmp_path / "out", plugins)
    assert f"list bip_metadata before {named} in PLUGINS" in error


def test_the_configured_order_builds(tmp_path: Path) -> None:
    content = copy_site("basic", tmp_path)
    assert build_with(content, tmp_path / "out", ALL) == ""
    assert (tmp_path / "out" / "index.html").exists()
