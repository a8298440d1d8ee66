"""A plugin that needs the content check says so when it has not run.

The builds with another PLUGINS list run in their own process: Pelican's
signals are global, and the order in which receivers were first connected
would outlive the test. And a build uses its own check, no other's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURE_TODAY, ROOT, copy_site, git_site
from pelican import Pelican
from pelican.settings import read_settings

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


def test_a_build_keeps_its_own_check(tmp_path: Path) -> None:
    """The check belongs to the build that made it, not to the content folder.

    A second build of the same folder is prepared after a clerk's edit and
    before the first one runs: the first still publishes what it checked.
    """
    content = git_site("basic", tmp_path)
    source = content / "oswiata" / "2026-02-01-rekrutacja.md"

    def prepared(out: Path) -> Pelican:
        settings = read_settings(
            str(ROOT / "pelicanconf.py"),
            override={
                "PATH": str(content),
                "OUTPUT_PATH": str(out),
                "BIP_SEARCH": {"index_dir": f"{out}-index"},
            },
        )
        settings["BIP_METADATA"] = {**settings["BIP_METADATA"], "today": FIXTURE_TODAY}
        return Pelican(settings)

    first = prepared(tmp_path / "first")
    source.write_text(
        source.read_text(encoding="utf-8") + "\nDOPISANE-PÓŹNIEJ\n", encoding="utf-8"
    )
    second = prepared(tmp_path / "second")
    first.run()
    second.run()
    page = Path("oswiata", "rekrutacja", "index.html")
    assert "DOPISANE-PÓŹNIEJ" not in (tmp_path / "first" / page).read_text("utf-8")
    assert "DOPISANE-PÓŹNIEJ" in (tmp_path / "second" / page).read_text("utf-8")
