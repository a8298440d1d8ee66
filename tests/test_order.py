"""Documents of one day keep one order, whatever order Pelican finds them in."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from bip_content.documents import newest_first
from conftest import ROOT, git_site, soup
from gitrepo import CLERK, git_as
from test_files import tree

SESSION = """---
tytul: Uchwała nr XLII/{n}/2026 w sprawie sesji
podmiot: rada
kategoria: uchwaly
rodzaj: uchwała
numer: XLII/{n}/2026
wytworzyl: {{osoba: Jan Próbny, funkcja: Przewodniczący Rady}}
data_wytworzenia: 2026-03-10
wprowadzil: Jan Próbny
data_udostepnienia: 2026-03-11
---
Rada Gminy podjęła uchwałę nr {n} na sesji.
"""


def doc(when: str, path: str) -> SimpleNamespace:
    return SimpleNamespace(date=dt.datetime.fromisoformat(when), source_path=path)


def test_newest_first_then_by_file_name_with_numbers_by_value() -> None:
    docs = [
        doc("2026-03-11T00:00+01:00", "rada/2026-03-10-uchwala-10.md"),
        doc("2026-03-12T00:00+01:00", "rada/2026-03-12-uchwala-1.md"),
        doc("2026-03-11T00:00+01:00", "rada/2026-03-10-uchwala-9.md"),
        doc("2026-03-11T00:00+01:00", "oswiata/2026-03-10-nabor.md"),
    ]
    ordered = [d.source_path for d in sorted(docs, key=newest_first)]
    assert ordered == [
        "rada/2026-03-12-uchwala-1.md",
        "oswiata/2026-03-10-nabor.md",
        "rada/2026-03-10-uchwala-9.md",
        "rada/2026-03-10-uchwala-10.md",
    ]


@pytest.fixture
def one_session(tmp_path: Path) -> Path:
    """The basic site and twelve resolutions published on one day."""
    content = git_site("basic", tmp_path)
    for n in range(1, 13):
        path = content / "rada-miejska" / f"2026-03-10-uchwala-{n}.md"
        path.write_text(SESSION.format(n=n), encoding="utf-8")
    when = "2026-03-11T10:00:00+01:00"
    git_as(content, ("add", "--all"), CLERK, when)
    git_as(content, ("commit", "--quiet", "-m", "Uchwały z sesji"), CLERK, when)
    return content


def test_the_site_is_the_same_whatever_order_the_files_are_found_in(
    one_session: Path, tmp_path: Path
) -> None:
    """Pelican finds files as a set: its order follows PYTHONHASHSEED."""
    built = []
    for seed in ("1", "2"):
        output = tmp_path / f"out{seed}"
        code = (
            "import sys; from pathlib import Path; from conftest import build;"
            "build(Path(sys.argv[1]), Path(sys.argv[2]))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(one_session), str(output)],
            env={
                **os.environ,
                "PYTHONHASHSEED": seed,
                "PYTHONPATH": "tests:plugins:tools:.",
            },
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        built.append(output)
    assert tree(built[0]) == tree(built[1])
    listing = soup(built[0] / "kategoria" / "uchwaly" / "index.html")
    titles = [a.get_text() for a in listing.select(".bip-doclist__link")]
    numbers = [t.split("/")[1] for t in titles if t.startswith("Uchwała nr XLII/")]
    assert numbers[:12] == [str(n) for n in range(1, 13)]
