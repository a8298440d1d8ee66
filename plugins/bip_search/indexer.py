"""Write a complete index beside the live one, then switch to it atomically.

Layout of the index folder:

    search_index/current      symlink to the live build (replaced atomically)
    search_index/b-<hash>/    one complete build: Whoosh files, vocabulary.json,
                              shell.html (the results page in the site's theme)

An interrupted build leaves only an unfinished b-… folder; `current` still
points at the previous complete build, which the service keeps using.

A new build starts from a copy of the live one when the same code made it:
documents whose record changed or went are deleted, changed and new ones
added (Whoosh's own update), and the search ranks it as a full build of
the same documents (searcher.py counts only live documents and breaks ties
by date and address, not by document number). An index with more than
MAX_DELETED of its documents deleted is written anew, which drops them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from bip_content import fields, lexicon
from whoosh import index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

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
# folding rule and the dictionary are bip_content's, shared with the checks.
ANALYSIS = [
    Path(__file__).with_name(name)
    for name in ("analysis.py", "derivation.py", "schema.py", "indexer.py")
] + [Path(fields.__file__), Path(lexicon.__file__)]
PACKAGES = ("morfeusz2", "Whoosh-Reloaded")
KEEP = 2  # the live build and the one before it, for requests still reading it
RECORDS = "records.json"  # code and each document's record hash, for updates
MAX_DELETED = 0.1  # share of deleted documents above which the index is rewritten
# Postings per block on disk (Whoosh's default 128). The searcher reads every
# block of a query term whole (searcher.postings), so fewer, longer blocks
# cost less: at 100 000 documents 1024 took first-query p95 from 58 to 50 ms,
# the index from 315 to 290 MB and its writing from 408 to 390 s.
BLOCK_POSTINGS = 1024
# Memory for postings before Whoosh sorts them into a run on disk; the runs
# are merged again in Python at the commit. Writing 10 000 documents' index
# alone (bench corpus): 128 MB (Whoosh's default) 53 and 51 s, peak RSS
# 371 MB; 256 MB 38 s, 525 MB; 512 MB 31 and 32 s, 727 MB; 1024 MB 23 s,
# 727 MB. 512 keeps most of the gain with a bound a 100 000-document build
# can afford (its peak must stay under 4 GB).
WRITER_MB = 512
# The same when the index is written by the build's own process, after the
# pages (BIP_SEARCH["background"] False, for machines with less memory):
# there the pool comes on top of everything the build holds.
SHARED_WRITER_MB = 256

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecordsFile:
    """Index records pickled one after another in a file, read anew at each pass.

    The build writes the records one by one as it makes them (write()) and
    hands the index writer, a child process (background.py), only this
    path. write_index() reads them four times (hashes, update, postings,
    vocabulary) and never holds them all: at 100 000 documents the records
    are about 500 MB of Python objects. Pickle, not JSON: 10 000 records
    took 0.09 s to write instead of 0.39 s, on the build's own time. The
    file is this build's and read only by its child, never kept between
    builds (a cache folder CI restores holds JSON only: bip_content.cache).
    """

    path: Path

    def write(self, records: Iterable[dict]) -> int:
        """Write `records` (replacing the file's contents); how many there were."""
        count = 0
        with self.path.open("wb") as out:
            pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
            for record in records:
                pickler.dump(record)
                pickler.clear_memo()  # holds no record once it is written
                count += 1
        return count

    def __iter__(self) -> Iterator[dict]:
        with self.path.open("rb") as kept:
            unpickler = pickle.Unpickler(kept)
            while True:
                try:
                    yield unpickler.load()
                except EOFError:
                    return


def write_index(  # noqa: PLR0913 (the pool is a keyword: only the plugin sets it)
    root: Path,
    records: Iterable[dict],
    shell: str,
    facets: dict,
    thesaurus: dict[str, list[str]] | None = None,
    *,
    pool_mb: int = WRITER_MB,
) -> Path:
    """Index `records` into a new build under `root`; make_current() switches.

    `records` is read more than once: a list or a RecordsFile.

    `facets` lists the filter choices ({"kategoria": [[slug, name]], …});
    `thesaurus` maps residents' words to official terms; `pool_mb` is
    Whoosh's memory for postings before it writes a run to disk.
    """
    root.mkdir(parents=True, exist_ok=True)
    thesaurus = thesaurus or {}
    code = _code()
    made = {"code": code, "records": {r["url"]: _record_hash(r) for r in records}}
    # From each record's hash, not one JSON text of all records: at 100 000
    # documents making that text raised the peak RSS by about 900 MB.
    digest = hashlib.sha256(
        json.dumps([made, facets, thesaurus], sort_keys=True).encode() + shell.encode()
    ).hexdigest()[:16]
    target = root / f"b-{digest}"
    if not target.exists():  # else the same content was built before: reuse it
        staging = root / f".tmp-{digest}-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        if not _updated(root / CURRENT, staging, records, made, pool_mb):
            shutil.rmtree(staging, ignore_errors=True)
            staging.mkdir()
            _write(staging, records, pool_mb)
        _write_derived(staging, records, shell, made)
        for name, data in ((FACETS, facets), (THESAURUS, thesaurus)):
            (staging / name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        staging.rename(target)
    return target


def make_current(target: Path) -> None:
    """Switch the service to the index build `target`; drop the older ones."""
    _switch(target.parent, target.name)
    _prune(target.parent, target.name)


def _code() -> str:
    """What makes an index besides its documents: the analysis and versions."""
    return hashlib.sha256(
        b"".join(path.read_bytes() for path in ANALYSIS)
        + " ".join(metadata.version(name) for name in PACKAGES).encode()
    ).hexdigest()


def _record_hash(record: dict) -> str:
    return hashlib.sha256(
        json.dumps(record, default=str, sort_keys=True).encode()
    ).hexdigest()


def _updated(
    live: Path, staging: Path, records: Iterable[dict], made: dict, pool_mb: int
) -> bool:
    """Make `staging` a copy of the live build, updated to `records`, if it can.

    It can when the live build was made by the same code and holds few
    deleted documents; False leaves the index to be written anew. `made`
    is the code and each record's hash of the new build.
    """
    try:
        before = json.loads((live / RECORDS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if before.get("code") != made["code"]:
        return False
    old, new = before["records"], made["records"]
    gone = [url for url, h in old.items() if new.get(url) != h]
    added = [r for r in records if old.get(r["url"]) != new[r["url"]]]
    shutil.copytree(live.resolve(), staging)
    ix = index.open_dir(str(staging))
    try:
        dead = ix.doc_count_all() - ix.doc_count() + len(gone)
        if dead > MAX_DELETED * (ix.doc_count_all() + len(added)):
            return False
        _apply(ix, gone, added, pool_mb)
    finally:
        ix.close()
    logger.info(
        "bip_search: indeks uzupełniony: %d usuniętych lub zmienionych, "
        "%d nowych lub zmienionych z %d dokumentów",
        len(gone),
        len(added),
        len(new),
    )
    return True


def _apply(ix, gone: list[str], added: Iterable[dict], pool_mb: int) -> None:
    writer = _Writer(ix, codec=W3Codec(blocklimit=BLOCK_POSTINGS), limitmb=pool_mb)
    try:
        for url in gone:
            writer.delete_by_term("url", url)
        for record in added:
            writer.add_document(**record)
    except BaseException:
        writer.cancel()  # `current` is not touched
        raise
    writer.commit()


class _Writer(SegmentWriter):
    """Whoosh's writer (ix.writer()), with a segment's field lengths read once.

    Writing a segment's postings, Whoosh asks for the length of the field in
    the document once per posting (for each term's shortest and longest
    field): three Python calls and a column read each, 5.6 s of the 27 s
    the index took at 10 000 documents (py-spy). _Lengths asks once per
    document and field and answers the same numbers from a list.
    """

    def per_document_reader(self):
        return _Lengths(super().per_document_reader())


class _Lengths:
    """A per-document reader whose doc_field_length is read ahead per field."""

    def __init__(self, reader) -> None:
        self._reader = reader
        self._fields: dict[tuple[str, object], list] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default=0):
        lengths = self._fields.get((fieldname, default))
        if lengths is None:
            read = self._reader.doc_field_length
            count = self._reader.doc_count_all()
            lengths = [read(n, fieldname, default) for n in range(count)]
            self._fields[fieldname, default] = lengths
        return lengths[docnum]

    def __getattr__(self, name: str):
        return getattr(self._reader, name)


def _write(folder: Path, records: Iterable[dict], pool_mb: int) -> None:
    ix = index.create_in(str(folder), make_schema())
    try:
        _apply(ix, [], records, pool_mb)
    finally:
        ix.close()


def _write_derived(
    folder: Path, records: Iterable[dict], shell: str, made: dict
) -> None:
    """Vocabulary, spellings, derived terms, the results page, record hashes."""
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
    (folder / RECORDS).write_text(json.dumps(made), encoding="utf-8")


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
    for tmp in root.glob(".tmp-*"):  # staging folders and records files
        if tmp.is_dir() and not tmp.is_symlink():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
