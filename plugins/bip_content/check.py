"""Check a whole content folder at once; also the `make check` command.

Usage: python -m bip_content [CONTENT_DIR] [--today RRRR-MM-DD]
Exit status 1 when any error stops publication, 0 otherwise.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    addresses,
    declaration,
    documents,
    links,
    newsletter,
    parallel,
    sitedata,
    thesaurus,
)
from .cache import Store, fingerprint, from_json, to_json
from .documents import PAGES, SourceDocument
from .fields import Context, suggest
from .frontmatter import decode
from .limits import DATA_FILE_BYTES, in_bytes
from .messages import say, wrap
from .problems import Problem, errors
from .sitedata import SiteData
from .tree import Tree, UnsafeFile, read_regular, unusable, walk


@dataclass
class SiteCheck:
    """Result of checking a content folder."""

    site: SiteData | None
    root: Path = Path()
    shown: str = ""
    documents: dict[str, SourceDocument] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    declaration: dict | None = None  # deklaracja-dostepnosci.yaml, checked
    thesaurus: dict[str, list[str]] = field(default_factory=dict)  # its own words
    links: list[str] = field(default_factory=list)  # symbolic links, never read
    checked_anew: int = 0  # documents not found in the cache

    @property
    def ok(self) -> bool:
        """True when nothing stops publication."""
        return not errors(self.problems)


def check_site(
    root: Path,
    today: dt.date | None = None,
    shown: str = "",
    cache: Path | None = None,
    workers: int = 1,
) -> SiteCheck:
    """Read and check every file under `root`; report every problem at once.

    Each document's own check is kept in `cache` (a folder, see cache.py)
    and read back while the document, its folder's files and the site's
    data are the same: a rebuild after one edit checks one document anew.
    The others are checked in up to `workers` processes (parallel.py).
    """
    shown = shown or str(root)
    tree = walk(root, shown)
    site, problems = site_data(root, shown)
    result = SiteCheck(site, root, shown, problems=tree.problems + problems)
    if site is None:
        return result
    ctx = Context(
        frozenset(site.bodies),
        frozenset(site.categories),
        frozenset(site.kinds),
        today or dt.date.today(),
        abbreviations=frozenset(site.abbreviations),
        limits=site.limits,
        unusable=unusable(tree, in_bytes(site.limits, "zalacznik_mb")),
    )
    result.problems += _too_large(shown, tree, ctx.unusable)
    _check_declaration(result, ctx)
    _check_thesaurus(result)
    result.links = tree.links
    files = tree.files
    under = files_under(files)
    reader = _Reader(Store(cache, "check", CHECK_CODE), _site_key(ctx))
    jobs = [
        job
        for rel in sorted(f for f in files if f.endswith(".md"))
        if (job := _prepared(result, rel, ctx, under)) is not None
    ]
    for job, (doc, problems) in zip(jobs, reader.read_all(jobs, workers), strict=True):
        result.problems += problems
        if doc is not None:
            if job.rel in ctx.unusable:  # reported by the walk; never published
                found = wrap("unpublished_attachment", ctx.unusable[job.rel])
                doc.problems.append(Problem.at(job.where, 1, found))
            result.documents[job.rel] = doc
    reader.store.flush()
    result.checked_anew = reader.store.misses
    result.problems += _duplicate_urls(shown, result.documents)
    result.problems += _broken_links(shown, site, result.documents)
    result.problems += _supplements(shown, result.documents)
    # A misnamed or oversized file has its own error; no "not attached" too.
    result.problems += _stray_files(shown, files - set(ctx.unusable), result.documents)
    result.problems += _empty_mandatory(shown, site, result.documents)
    result.problems.sort(key=lambda p: (p.path, p.line))
    return result


def _too_large(shown: str, tree: Tree, unusable_: dict) -> list[Problem]:
    """An error at each file over the size limit (misnamed ones the walk told)."""
    return [
        Problem.at(f"{shown}/{rel}", 1, wrap("unusable_file", said))
        for rel, said in sorted(unusable_.items())
        if rel not in tree.misnamed
    ]


def site_data(root: Path, shown: str = "") -> tuple[SiteData | None, list[Problem]]:
    """bip.yaml of `root`, read with a bound on its size, and its problems."""
    where = f"{shown or root}/{sitedata.FILENAME}"
    raw, problems = _read_data(root / sitedata.FILENAME, where, sitedata.FILENAME)
    if raw is None:
        return None, problems
    text, more = decode(where, raw)
    site, found = sitedata.parse(where, text or "")
    return site, problems + more + found


def _read_data(path: Path, where: str, name: str) -> tuple[bytes | None, list[Problem]]:
    """bip.yaml or the statement's data: a regular file of bounded size."""
    if not path.exists() and not path.is_symlink():
        code = {
            sitedata.FILENAME: "no_site_data",
            declaration.FILENAME: "no_statement_data",
        }[name]
        return None, [Problem.at(where, 1, say(code, name=name))]
    try:
        return read_regular(path, DATA_FILE_BYTES), []
    except UnsafeFile as exc:
        return None, [Problem.at(where, 1, wrap("unsafe_data", exc.said))]


def _check_thesaurus(result: SiteCheck) -> None:
    """The municipality's own thesaurus words, if it has any (optional)."""
    path = result.root / thesaurus.FILENAME
    if not path.exists() and not path.is_symlink():
        return
    where = f"{result.shown}/{thesaurus.FILENAME}"
    raw, problems = _read_data(path, where, thesaurus.FILENAME)
    result.problems += problems
    text, problems = decode(where, raw) if raw is not None else (None, [])
    result.problems += problems
    if text is not None:
        result.thesaurus, problems = thesaurus.parse(where, text)
        result.problems += problems


def _check_declaration(result: SiteCheck, ctx: Context) -> None:
    """The accessibility statement's data: required, like bip.yaml."""
    where = f"{result.shown}/{declaration.FILENAME}"
    raw, problems = _read_data(
        result.root / declaration.FILENAME, where, declaration.FILENAME
    )
    result.problems += problems
    if raw is None:
        return
    text, problems = decode(where, raw)
    result.problems += problems
    if text is not None:
        result.declaration, problems = declaration.parse(where, text, ctx)
        result.problems += problems


def _broken_links(
    shown: str, site: SiteData, docs: dict[str, SourceDocument]
) -> list[Problem]:
    """Links to pages, attachments and anchors that do not exist."""
    pages: links.Pages = dict.fromkeys(addresses.GENERATED)
    pages.update((item.url, None) for item in site.categories.values())
    pages.update((doc.url, doc) for doc in docs.values() if doc.publishable)
    problems: list[Problem] = []
    suggestions: dict[str, str] = {}
    for rel, doc in docs.items():
        found = links.link_problems(
            f"{shown}/{rel}",
            doc,
            pages,
            lambda d: set(published_files(d.meta)),
            suggestions,
        )
        doc.problems += found
        problems += found
    return problems


def _supplements(shown: str, docs: dict[str, SourceDocument]) -> list[Problem]:
    """A newsletter issue's supplements are documents, and only issues have them."""
    known = {doc.url.rstrip("/") for doc in docs.values() if doc.publishable}
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for rel, doc in docs.items():
        if "supplements" not in doc.meta:
            continue
        line = doc.meta.get("supplements_line", 1)
        kind = doc.meta.get("kind", "")
        said = []
        if kind != newsletter.ISSUE:
            said.append(say("supplements_not_issue", kind=kind or "—"))
        for address in doc.meta.get("supplements", []) if not said else []:
            if address not in known:
                hint = _closest(address, known, seen)
                said.append(say("unknown_supplement", value=address, suggestion=hint))
        found = [Problem.at(f"{shown}/{rel}", line, s) for s in said]
        doc.problems += found
        problems += found
    return problems


def _closest(address: str, known: set[str], seen: dict[str, str]) -> str:
    """'Czy chodziło o …?' among one dział's documents, once per address.

    Against every document for every wrong address, a 10 000-document
    build whose newsletter issues named missing supplements took twice as
    long (the same cure as links._suggestion).
    """
    if address not in seen:
        section = address.split("/", 1)[0] + "/"
        seen[address] = suggest(
            address, sorted(k for k in known if k.startswith(section))
        )
    return seen[address]


@dataclass(frozen=True)
class _Job:
    """One document's file, read and ready for documents.read."""

    where: str  # as shown in messages
    rel: str
    raw: bytes
    ctx: Context  # with the unusable files of its own folder
    attached: frozenset[str]  # its folder's files

    def read(self) -> tuple[SourceDocument | None, list[Problem]]:
        return documents.read(self.where, self.rel, self.raw, self.ctx, self.attached)


def _prepared(
    result: SiteCheck, rel: str, ctx: Context, under: dict[str, list[str]]
) -> _Job | None:
    """A document's file read for its check, or None with a problem told."""
    root, shown, site = result.root, result.shown, result.site
    assert site is not None  # checked before any document
    top = rel.split("/", maxsplit=1)[0]
    where = f"{shown}/{rel}"
    if "/" not in rel or (top != PAGES and top not in site.departments):
        result.problems.append(
            Problem.at(
                where,
                1,
                say(
                    "outside_department",
                    top=top,
                    suggestion=suggest(top, list(site.departments)),
                    known=", ".join(site.departments),
                ),
            )
        )
        return None
    folder = f"{rel.rsplit('/', 1)[0]}/{documents.slug_of(rel)}/"
    attached = frozenset(f[len(folder) :] for f in under.get(folder, ()))
    try:
        raw = read_regular(root / rel, documents.max_file_size(ctx))
    except UnsafeFile as exc:
        result.problems.append(Problem.at(where, 1, wrap("unsafe_document", exc.said)))
        return None
    here = dataclasses.replace(
        ctx,
        unusable={
            k[len(folder) :]: v for k, v in ctx.unusable.items() if k.startswith(folder)
        },
    )
    return _Job(where, rel, raw, here, attached)


# What shapes a document's check: this package's code and data, and these.
CHECK_CODE = fingerprint(
    sorted(p for p in Path(__file__).parent.iterdir() if p.suffix in (".py", ".yaml")),
    ["PyYAML", "morfeusz2", "Markdown"],
)


@dataclass(frozen=True)
class _Reader:
    """documents.read, its results kept by content between builds."""

    store: Store
    site: str  # what of the site shapes every document's check (_site_key)

    def read_all(
        self, jobs: list[_Job], workers: int
    ) -> list[tuple[SourceDocument | None, list[Problem]]]:
        """Each document and its problems, as documents.read gives them.

        Always through JSON, kept or not, so that a cold and a warm cache
        give the same objects. The day is not part of the key: the one
        thing of a document's check that depends on it (a date of
        production after today, fields._cross_checks) is compared again on
        every read, and a kept result that no longer holds is checked anew.
        The documents not kept are checked in up to `workers` processes.
        """
        keys = [self._parts(job) for job in jobs]
        found = [_restored(self.store.read(parts)) for parts in keys]
        anew = [
            at
            for at, (job, kept) in enumerate(zip(jobs, found, strict=True))
            if kept is None or _out_of_date(kept, job.ctx.today)
        ]
        self.store.hits += len(jobs) - len(anew)
        self.store.misses += len(anew)
        texts = parallel.mapped(_checked, [jobs[at] for at in anew], workers)
        for at, text in zip(anew, texts, strict=True):
            self.store.write(keys[at], text)
            found[at] = _restored(text)
        assert None not in found  # each written by to_json
        return found  # type: ignore[return-value]

    def _parts(self, job: _Job) -> tuple[str, ...]:
        """What a document's check depends on: its key in the store."""
        unusable = sorted(
            (k, dataclasses.astuple(v)) for k, v in job.ctx.unusable.items()
        )
        return (
            self.site,
            job.where,
            job.rel,
            hashlib.sha256(job.raw).hexdigest(),
            "\n".join(sorted(job.attached)),
            to_json(unusable),
        )


def _checked(job: _Job) -> str:
    """A document's check, as the JSON text that is kept."""
    doc, problems = job.read()
    fields = None if doc is None else _document_fields(doc)
    return to_json([fields, [p.as_list() for p in problems]])


def _restored(text: str | None) -> tuple[SourceDocument | None, list[Problem]] | None:
    """A kept check (document and problems); None when none or damaged."""
    if not text:
        return None
    try:
        fields, listed = from_json(text)
        problems = [Problem.from_list(p) for p in listed]
        doc = None if fields is None else SourceDocument(**fields, problems=problems)
    except (ValueError, TypeError):
        return None
    if doc is not None and not isinstance(doc.meta, dict):
        return None
    return doc, problems


def _out_of_date(
    found: tuple[SourceDocument | None, list[Problem]], today: dt.date
) -> bool:
    """Whether a kept check says "from the future" when today says otherwise."""
    doc, problems = found
    produced = doc.meta.get("produced_on") if doc is not None else None
    if produced is not None and not isinstance(produced, dt.date):
        return True  # not what documents.read keeps: check anew
    future = produced is not None and produced > today
    return future != any(p.code == "date_in_future" for p in problems)


def _document_fields(doc: SourceDocument) -> dict:
    """A checked document's fields but its problems (kept beside it)."""
    return {
        f.name: getattr(doc, f.name)
        for f in dataclasses.fields(doc)
        if f.name != "problems"
    }


def _site_key(ctx: Context) -> str:
    """The site's data every document is checked against, as one text."""
    return to_json(
        [
            sorted(ctx.bodies),
            sorted(ctx.categories),
            sorted(ctx.kinds),
            sorted(ctx.abbreviations),
            sorted(ctx.limits.items()),
        ]
    )


def _duplicate_urls(shown: str, docs: dict[str, SourceDocument]) -> list[Problem]:
    by_url: dict[str, list[str]] = defaultdict(list)
    for rel, doc in docs.items():
        by_url[doc.url].append(rel)
    problems = []
    for url, rels in by_url.items():
        slug = url.strip("/").split("/")[-1]
        if len(rels) > 1:
            problems += [
                Problem.at(
                    f"{shown}/{rel}",
                    1,
                    say(
                        "same_address",
                        url=url,
                        others=", ".join(r for r in rels if r != rel),
                    ),
                )
                for rel in rels
            ]
        elif docs[rels[0]].is_page and slug in addresses.RESERVED:
            problems.append(
                Problem.at(f"{shown}/{rels[0]}", 1, say("generated_address", url=url))
            )
    for problem in problems:
        docs[problem.path[len(shown) + 1 :]].problems.append(problem)
    return problems


def files_under(files: set[str]) -> dict[str, list[str]]:
    """Each folder ("oswiata/nabor/") with the files anywhere below it.

    Built once: looking a document's attachments up among all files, for
    each document, took 9 s of a 10 000-document build (and grows with the
    square of the site).

    >>> files_under({"a/b/c.pdf", "a/d.md"})["a/b/"]
    ['a/b/c.pdf']
    """
    under: dict[str, list[str]] = {}
    for path in sorted(files):
        parts = path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            under.setdefault("/".join(parts[:depth]) + "/", []).append(path)
    return under


def published_files(meta: dict) -> list[str]:
    """Files a document publishes beside its page: attachments and images."""
    return [a["plik"] for a in meta.get("attachments", [])] + meta.get("images", [])


def _stray_files(
    shown: str, files: set[str], docs: dict[str, SourceDocument]
) -> list[Problem]:
    declared = {
        f"{doc.attachment_dir}/{name}"
        for doc in docs.values()
        for name in published_files(doc.meta)
    }
    folders = {doc.attachment_dir for doc in docs.values()}
    problems = []
    for rel in sorted(files - declared):
        if rel.endswith(".md") or "/" not in rel:
            continue
        owner = rel.rsplit("/", 1)[0]
        known = any(owner == f or owner.startswith(f + "/") for f in folders)
        found = say("stray_file" if known else "stray_file_outside")
        problems.append(Problem.at(f"{shown}/{rel}", 1, found))
    return problems


def _empty_mandatory(
    shown: str, site: SiteData, docs: dict[str, SourceDocument]
) -> list[Problem]:
    used = {d.meta.get("menu_category") for d in docs.values() if d.publishable}
    return [
        Problem.at(
            f"{shown}/{sitedata.FILENAME}",
            1,
            say("empty_mandatory_category", name=item.name, slug=item.slug),
        )
        for item in site.categories.values()
        if item.mandatory and not used & set(item.subtree())
    ]


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The checker's command line (shared with `python -m bip_history`)."""
    parser = argparse.ArgumentParser(prog="make check", description=__doc__)
    parser.add_argument("content", nargs="?", default="content")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--settings", help="pelicanconf.py, for plugin settings")
    args = parser.parse_args(argv)
    if not Path(args.content).is_dir():
        parser.exit(
            2,
            f"{args.content}: nie ma takiego folderu — podaj CONTENT=<folder z "
            "dokumentami>\n",
        )
    return args


def report(problems: list[Problem], checked: int) -> int:
    """Print every problem in Polish; return 1 if any stops publication."""
    for problem in problems:
        print(f"{problem.severity}: {problem}")
    count = len(errors(problems))
    print(
        f"Sprawdzone pliki: {checked}; błędy: {count}; "
        f"ostrzeżenia: {len(problems) - count}.",
        file=sys.stderr,
    )
    return 1 if count else 0


def main(argv: list[str] | None = None) -> int:
    """Check a content folder; exit 1 if any problem stops publication."""
    args = arguments(argv)
    shown = args.content.rstrip("/")
    result = check_site(
        Path(args.content), args.today, shown, workers=parallel.worker_count(None)
    )
    return report(result.problems, len(result.documents))


if __name__ == "__main__":
    sys.exit(main())
