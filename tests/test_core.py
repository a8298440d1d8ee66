"""bip_content is the core without Pelican; the search service needs no glue."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "plugins" / "bip_content"
PLUGINS = ("bip_metadata", "bip_attachments", "bip_history", "bip_site", "bip_search")


def loaded_after(code: str) -> set[str]:
    """Top modules and glue modules loaded by `code` in a fresh interpreter."""
    found = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print('\\n'.join(sys.modules))"],
        env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return set(found.stdout.split())


def test_every_core_module_loads_without_pelican_or_a_plugin() -> None:
    modules = sorted(p.stem for p in CORE.glob("*.py") if p.stem != "__main__")
    assert {"fields", "documents", "addresses", "problems", "check"} <= set(modules)
    loaded = loaded_after("\n".join(f"import bip_content.{m}" for m in modules))
    assert {m.split(".")[0] for m in loaded} & {"pelican", *PLUGINS} == set()


def test_the_core_is_not_a_plugin() -> None:
    """Pelican would call register(); the core has none to be called."""
    loaded = loaded_after(
        "import bip_content; assert not hasattr(bip_content, 'register')"
    )
    assert "bip_content" in loaded


@pytest.mark.parametrize("service", ["bip_search.wsgi", "bip_search.serve"])
def test_the_search_service_imports_no_pelican_and_no_glue(service: str) -> None:
    loaded = loaded_after(f"import {service}")
    assert not {m for m in loaded if m.split(".")[0] == "pelican"}
    assert not {m for m in loaded if m.endswith(".plugin")}
    assert {m.split(".")[0] for m in loaded} & set(PLUGINS) == {"bip_search"}


def test_the_plugin_packages_load_without_pelican_until_registered() -> None:
    loaded = loaded_after("\n".join(f"import {p}" for p in PLUGINS))
    assert not {m for m in loaded if m.split(".")[0] == "pelican"}
