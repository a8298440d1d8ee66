"""Docs coverage: the clerk's guide and README cannot drift from the code."""

from __future__ import annotations

import re
import subprocess

import bip_history.settings
import bip_metadata.plugin
import bip_search.plugin
import bip_site.plugin
import bip_stats.plugin
import pytest
from bip_content.fields import FIELDS, PAGE_FIELDS
from bip_content.limits import LIMITS
from bip_content.messages import MESSAGES
from bip_content.tree import NAME_RULE
from conftest import ROOT

GUIDE = (ROOT / "docs" / "dla-redaktorow.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("field", FIELDS.values(), ids=FIELDS.keys())
def test_every_key_is_in_the_guide_table(field) -> None:
    row = re.search(
        rf"^\| `{field.key}` \| (.+?) \| (tak|nie) \| (.+?) \|", GUIDE, re.MULTILINE
    )
    assert row, f"{field.key} missing from docs/dla-redaktorow.md"
    assert row.group(1) == field.label, "the web editor's label"
    assert row.group(2) == ("tak" if field.required else "nie")
    assert row.group(3) == field.doc


def spaced(number: int) -> str:
    """1024 → '1 024', as the guide writes numbers."""
    return f"{number:,}".replace(",", " ")


@pytest.mark.parametrize("limit", LIMITS.values(), ids=LIMITS.keys())
def test_every_limit_is_in_the_guide_table(limit) -> None:
    row = (
        f"| `{limit.key}` | {spaced(limit.default)} {limit.unit} | "
        f"{spaced(limit.ceiling)} {limit.unit} | {limit.doc} |"
    )
    assert row in GUIDE.splitlines(), f"{limit.key}: docs/dla-redaktorow.md"


def test_the_file_name_rule_is_in_the_guide() -> None:
    assert "małe litery bez polskich znaków, cyfry i łączniki, z jednym" in GUIDE
    assert NAME_RULE.startswith("nazwa pliku lub folderu to małe litery bez polskich")


@pytest.mark.parametrize("key", PAGE_FIELDS)
def test_page_keys_are_in_the_guide(key: str) -> None:
    assert f"`{key}`" in GUIDE


@pytest.mark.parametrize(
    ("family", "key"),
    [("BIP_METADATA", k) for k in bip_metadata.plugin.DEFAULTS]
    + [("BIP_SITE", k) for k in bip_site.plugin.DEFAULTS]
    + [("BIP_SEARCH", k) for k in bip_search.plugin.DEFAULTS]
    + [("BIP_HISTORY", k) for k in bip_history.settings.DEFAULTS]
    + [("BIP_STATS", k) for k in bip_stats.plugin.DEFAULTS],
)
def test_every_setting_is_in_the_readme(family: str, key: str) -> None:
    assert f'`{family}["{key}"]`' in README


def test_quick_start_is_two_commands() -> None:
    block = (
        README.split("## Szybki start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    )
    assert block.split("\n")[:2] == ["make serve", "make test"]
    assert block.strip().count("\n") == 1


def test_make_new_from_a_file_is_documented() -> None:
    help_text = subprocess.run(
        ["make", "--no-print-directory", "help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "PLIK=uchwala.docx" in help_text
    for text in (GUIDE, README):
        assert "`make new PLIK=uchwala.docx`" in text


def _guide_messages() -> list[str]:
    """The first cell of each row of the guide's "Komunikaty o błędach" table."""
    section = GUIDE.split("## Komunikaty o błędach", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [row[2:].split(" | ", 1)[0] for row in rows[1:]]  # the header left out


@pytest.mark.parametrize("code", MESSAGES)
def test_every_message_is_explained_in_the_guide(code: str) -> None:
    entry = MESSAGES[code]
    if not entry.guide:  # a wrapper: the message inside it has its row
        assert "{message}" in entry.text, f"{code}: no row in the guide"
    else:
        assert entry.guide in _guide_messages(), f"{code}: {entry.guide}"


def test_every_row_of_the_guide_table_is_a_message() -> None:
    explained = {entry.guide for entry in MESSAGES.values()}
    assert [row for row in _guide_messages() if row not in explained] == []
