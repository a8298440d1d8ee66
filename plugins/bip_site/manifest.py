"""The build's manifest: every output file with its size, written last.

A deploy compares a release with its manifest before making it live, so a
build that stopped half-way (killed, disk full) or lost files afterwards is
never published. The manifest also names a word that a search of the new
index must find. It is a dotfile: nginx answers 404 for it (bip-common.conf),
and it lists only files that are public anyway.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

NAME = ".manifest.json"
MIN_WORD = 3  # shorter words may be stop words the index drops


def smoke_word(title: str) -> str | None:
    """The longest word of a title: searching for it must find the document.

    >>> smoke_word("Rekrutacja do przedszkoli na rok 2027/2028")
    'przedszkoli'
    >>> smoke_word("2027") is None
    True
    """
    words = [w for w in re.findall(r"[^\W\d_]+", title) if len(w) >= MIN_WORD]
    return max(words, key=len) if words else None


def listing(site: Path) -> dict[str, int]:
    """Every file under `site` but the manifest: relative path → size."""
    files = {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = Path(folder, name)
            relative = path.relative_to(site).as_posix()
            if relative not in {NAME, f"{NAME}.tmp"}:
                files[relative] = path.stat().st_size
    return dict(sorted(files.items()))


def write(site: Path, smoke: str | None) -> Path:
    """Write the manifest of `site` (by a rename: it exists whole or not at all)."""
    data = {"files": listing(site), "smoke": smoke}
    temporary = site / f"{NAME}.tmp"
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return temporary.replace(site / NAME)


def read(site: Path) -> dict:
    """The manifest of `site`; ValueError (in Polish) when missing or unreadable."""
    try:
        data = json.loads((site / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"brak czytelnego manifestu {NAME} ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        raise ValueError(f"manifest {NAME} nie ma listy plików")
    return data


def problems(site: Path) -> list[str]:
    """How the files on disk differ from the manifest, in Polish; [] if equal."""
    try:
        expected = read(site)["files"]
    except ValueError as exc:
        return [str(exc)]
    found = listing(site)
    missing = [f"brak pliku {p}" for p in expected if p not in found]
    changed = [
        f"plik {p} ma {found[p]} B zamiast {size} B"
        for p, size in expected.items()
        if p in found and found[p] != size
    ]
    extra = [f"plik {p} spoza budowania" for p in found if p not in expected]
    return missing + changed + extra
