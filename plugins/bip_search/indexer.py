"""Write a complete index beside the live one, then switch to it atomically.

Layout of the index folder:

    search_index/current      symlink to the live build (replaced atomically)
    search_index/b-<hash>/    one complete build: Whoosh files, vocabulary.json,
                              shell.html (the results page in the site's theme)

An interrupted build leaves only an unfinished b-… folder; `current` still
points at the previous complete build, which the service keeps using.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from bip_metadata import fields, lexicon
from whoosh import index

from .analysis import derived_terms, vocabulary
from .schema import make_schema

CURRENT = "current"
VOCABULARY = "vocabulary.json"
SPELLED = "spelled.json"  # folded form → as written, for suggestions
DERIVED = "derived.json"  # derivational stem → index terms
THESAURUS = "thesaurus.json"  # resident term → official terms
SHELL = "shell.html"
FACETS = "facets.json"
# The analysis is part of what a build is: a build made by other code (or
# another dictionary or Whoosh) is never reused for the same documents. The
# folding rule and the dictionary are bip_metadata's, shared with the checks.
ANALYSIS = [
    Path(__file__).with_name(name)
    for name in ("analysis.py", "derivation.py", "schema.py", "indexer.py")
] + [Path(fields.__file__), Path(lexicon.__file__)]
PACKAGES = ("morfeusz2", "Whoosh-Reloaded")
KEEP = 2  # the live build and the one before it, for requests still reading it


def build_index(
    root: Path,
    records: list[dict],
    shell: str,
    facets: dict,
    thesaurus: dict[str, list[str]] | None = None,
) -> Path:
    """Index `records` into a new build under `root` and make it current.

    `facets` lists the filter choices ({"kategoria": [[slug, name]], …});
    `thesaurus` maps residents' words to official terms.
    """
    root.mkdir(parents=True, exist_ok=True)
    thesaurus = thesaurus or {}
    digest = hashlib.sha256(
        json.dumps([records, facets, thesaurus], default=str, sort_keys=True).encode()
        + shell.encode()
        + b"".join(path.read_bytes() for path in ANALYSIS)
        + " ".join(metadata.version(name) for name in PACKAGES).encode()
    ).hexdigest()[:16]
    target = root / f"b-{digest}"
    staging = root / f".tmp-{digest}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    _write(staging, records, shell)
    for name, data in ((FACETS, facets), (THESAURUS, thesaurus)):
        (staging / name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    if target.exists():  # the same content was built before: reuse it
        shutil.rmtree(staging)
    else:
        staging.rename(target)
    _switch(root, target.name)
    _prune(root, target.name)
    return target


def _write(folder: Path, records: list[dict], shell: str) -> None:
    ix = index.create_in(str(folder), make_schema())
    writer = ix.writer()
    try:
        for record in records:
            writer.add_document(**record)
    except BaseException:
        writer.cancel()  # close the segment files; `current` is not touched
        ix.close()
        raise
    writer.commit()
    ix.close()
    texts: Iterable[str] = (r["text"] for r in records)
    vocab, spelled = vocabulary(texts)
    for name, data in (
        (VOCABULARY, vocab),
        (SPELLED, spelled),
        (DERIVED, derived_terms(vocab)),
    ):
        (folder / name).write_text(
            json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
            encoding="utf-8",
        )
    (folder / SHELL).write_text(shell, encoding="utf-8")


def _switch(root: Path, name: str) -> None:
    link = root / f".{CURRENT}-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(name)
    os.replace(link, root / CURRENT)  # atomic on POSIX


def _prune(root: Path, live: str) -> None:
    builds = sorted(
        (p for p in root.iterdir() if p.name.startswith("b-") and p.name != live),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in builds[KEEP - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    for tmp in root.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
