"""Build-scale benchmark: this project's full build beside plain Pelican 4.12.

Run with `make bench` (sizes from BUILD_SIZES, 1000,10000 by default) or
`python bench/build_bench.py --sizes 1000,10000`. Prints figures; asserts
nothing. For each size N it makes a content repository with real git in a
temporary folder:

- N documents from generate_corpus (bench/search_bench.py: the demo's
  headers, bodies of the demo's own sentences), committed at once, then
  N/50 edit commits (at least 10, at most 200; commit_corpus);
- then moves and removals in alternating commits (N/1000 of each, at least
  2, at most 10): 1 % of the documents moved to another dział with
  `git mv`, every other one also edited in the same commit (a rename with
  changes), and 0.5 % removed with `git rm`, drawn from the tree of the
  moment, so a moved or edited document may be removed later.

Then, on the tree at HEAD, it builds twice in child processes, each into an
empty output folder:

- this project: real Pelican with pelicanconf.py (all plugins: versions and
  registers from the git history, the search index in the work folder),
  starting with an empty cache folder (bip_content.cache);
- "+1 edit, cache": after one more commit that changes one document, this
  project again into an empty output folder, with the results the full
  build kept (what a merge of one document costs when CI keeps the cache);
- plain Pelican 4.12 on the same Markdown bodies, written by this script
  with Title, Date (data_wytworzenia) and Category (the dział) only,
  default settings and theme, PLUGINS=[];
- "copy of output": shutil.copytree of the +1 edit build's output into an
  empty folder, in a child Python. No build into an empty folder can take
  less than writing its files: this is the floor of "+1 edit, cache".

The table gives per build: wall seconds (median of --runs), peak RSS of the
child (the highest over runs), pages written (.html files in the output),
pages per second, and time and RSS as multiples of plain Pelican's. Peak RSS
comes from `/usr/bin/time -f %M`, which reports the largest single process
of the build's tree (the build itself, git, the attachment reader), not their
sum; without /usr/bin/time the child writes max(ru_maxrss) of itself and its
reaped children at exit (the same figure). A failed build is shown as such,
with its log in the work folder (keep it with --keep).

After the table, per size: the "+1 edit, cache" median as a share of this
project's first build (the aim is 10 % or less).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from gitrepo import EDITOR, git_as
from search_bench import ROOT, commit_corpus, generate_corpus

TIME = Path("/usr/bin/time")
RSS_METHOD = (
    "/usr/bin/time -f %M"
    if TIME.exists()
    else "the child's own max(ru_maxrss) of itself and its children"
)


@dataclass
class Result:
    """One build of one size over its runs."""

    seconds: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    pages: int = 0
    failed: str = ""


def git(content: Path, *args: str, day: int = 0) -> None:
    """Run git in `content` as a clerk, `day` days after 2026-02-01."""
    at = (
        dt.datetime(2026, 2, 1, 10, tzinfo=dt.UTC) + dt.timedelta(days=day)
    ).isoformat()
    git_as(content, args, EDITOR, at)


def move_documents(content: Path, rng: random.Random, count: int, day: int) -> None:
    """One commit: `count` documents to another dział, every other one edited."""
    files = sorted(content.glob("*/*.md"))
    departments = sorted({p.parent.name for p in files})
    targets: dict[str, list[Path]] = {}
    for path in rng.sample(files, count):
        other = rng.choice([d for d in departments if d != path.parent.name])
        targets.setdefault(other, []).append(path)
    for number, (department, paths) in enumerate(sorted(targets.items())):
        git(content, "mv", *(str(p.relative_to(content)) for p in paths), department)
        for path in paths[number % 2 :: 2]:
            moved = content / department / path.name
            moved.write_text(
                moved.read_text(encoding="utf-8") + "\nPrzeniesiono do działu.\n",
                encoding="utf-8",
            )
    git(
        content,
        "commit",
        "--quiet",
        "-am",
        f"Przeniesienie dokumentów do innych działów ({count})",
        day=day,
    )


def remove_documents(content: Path, rng: random.Random, count: int, day: int) -> None:
    """One commit: `count` documents removed with git rm."""
    files = sorted(content.glob("*/*.md"))
    paths = [str(p.relative_to(content)) for p in rng.sample(files, count)]
    git(content, "rm", "--quiet", *paths)
    git(content, "commit", "--quiet", "-m", f"Usunięcie dokumentów ({count})", day=day)


def make_repository(content: Path, count: int, seed: int = 7) -> str:
    """Generate and commit the corpus with its history; say what it holds."""
    content.mkdir(parents=True)
    generate_corpus(content, count, seed)
    edits = min(max(count // 50, 10), 200)
    commit_corpus(content, edits)
    batches = min(max(count // 1000, 2), 10)
    moves, removals = max(count // 100, batches), max(count // 200, batches)
    rng = random.Random(seed)
    for batch in range(batches):
        share = slice(batch, None, batches)
        move_documents(content, rng, len(range(moves)[share]), 2 * batch)
        remove_documents(content, rng, len(range(removals)[share]), 2 * batch + 1)
    left = sum(1 for _ in content.glob("*/*.md"))
    return (
        f"{1 + edits + 2 * batches} commits: 1 adding {count} documents, "
        f"{edits} edits, {batches} moving {moves} (half of them also edited), "
        f"{batches} removing {removals}; {left} documents at HEAD"
    )


def write_plain_input(content: Path, target: Path) -> None:
    """The documents at HEAD as plain Pelican Markdown: Title, Date, Category."""
    for path in sorted(content.glob("*/*.md")):
        _, header, body = path.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.safe_load(header)
        folder = target / path.parent.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / path.name).write_text(
            f"Title: {meta['tytul']}\nDate: {meta['data_wytworzenia']}\n"
            f"Category: {path.parent.name}\n\n{body.lstrip()}",
            encoding="utf-8",
        )


def project_code(content: Path, output: Path, index: Path, cache: Path) -> str:
    """The child's code for this project's build, keeping results in `cache`."""
    return (
        "from pelican import Pelican; from pelican.settings import read_settings;"
        f"o={{'PATH': {str(content)!r}, 'OUTPUT_PATH': {str(output)!r},"
        f"'BIP_SEARCH': {{'index_dir': {str(index)!r}}},"
        f"'BIP_METADATA': {{'strict': False, 'cache_dir': {str(cache)!r}}}}};"
        f"Pelican(read_settings({str(ROOT / 'pelicanconf.py')!r}, override=o)).run()"
    )


def edit_one(content: Path, run: int) -> None:
    """One commit that changes one document, as a clerk's merge would."""
    files = sorted(content.glob("*/*.md"))
    path = files[run * 37 % len(files)]
    path.write_text(
        path.read_text(encoding="utf-8") + f"\nSprostowanie {run + 1}.\n",
        encoding="utf-8",
    )
    git(content, "commit", "--quiet", "-am", f"Sprostowanie {run + 1}", day=60)


def plain_code(content: Path, output: Path) -> str:
    """The child's code for plain Pelican: defaults, no plugins."""
    return (
        "from pelican import Pelican; from pelican.settings import read_settings;"
        f"o={{'PATH': {str(content)!r}, 'OUTPUT_PATH': {str(output)!r},"
        "'PLUGINS': [], 'SITENAME': 'Plain', 'TIMEZONE': 'Europe/Warsaw',"
        "'DEFAULT_LANG': 'pl'};"
        "Pelican(read_settings(None, override=o)).run()"
    )


def run_child(code: str, log: Path) -> tuple[float, int, int]:
    """Run `code` in a child Python: wall seconds, peak RSS in kB, exit status."""
    report = log.with_suffix(".maxrss")
    if TIME.exists():
        command = [str(TIME), "-f", "%M", "-o", str(report), sys.executable, "-c", code]
    else:
        command = [
            sys.executable,
            "-c",
            code + ";import resource as r;open("
            f"{str(report)!r},'w').write(str(max(r.getrusage(r.RUSAGE_SELF).ru_maxrss,"
            "r.getrusage(r.RUSAGE_CHILDREN).ru_maxrss)))",
        ]
    start = time.perf_counter()
    with log.open("wb") as out:
        status = subprocess.run(command, stdout=out, stderr=out, check=False).returncode
    seconds = time.perf_counter() - start
    lines = report.read_text().split() if report.exists() else []
    rss = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    return seconds, rss, status


def measure(code: str, output: Path, log: Path, result: Result) -> None:
    """One build into an empty `output`; add its figures to `result`."""
    shutil.rmtree(output, ignore_errors=True)
    seconds, rss, status = run_child(code, log)
    result.seconds.append(seconds)
    result.rss_kb.append(rss)
    result.pages = sum(1 for _ in output.rglob("*.html"))
    if status:
        result.failed = f"failed (exit {status}), see {log}"


def bench_size(work: Path, count: int, runs: int) -> tuple[Result, ...]:
    """Generate a repository of `count` documents and build it both ways.

    This project's full build starts with an empty cache folder (a first
    build); then one document changes in a new commit and the site is built
    again into an empty folder with the results the full build kept.
    """
    start = time.perf_counter()
    content = work / "content"
    summary = make_repository(content, count)
    write_plain_input(content, work / "plain-content")
    print(
        f"{count} documents: {summary}; generated in "
        f"{time.perf_counter() - start:.1f} s",
        flush=True,
    )
    ours, plain, edited, copied = Result(), Result(), Result(), Result()
    for run in range(runs):
        for folder in ("index", "cache"):
            shutil.rmtree(work / folder, ignore_errors=True)
        code = project_code(content, work / "site", work / "index", work / "cache")
        measure(code, work / "site", work / f"project-{run + 1}.log", ours)
        edit_one(content, run)
        measure(code, work / "site", work / f"edited-{run + 1}.log", edited)
        copy = f"import shutil;shutil.copytree({str(work / 'site')!r},{str(work / 'copy')!r})"
        measure(copy, work / "copy", work / f"copy-{run + 1}.log", copied)
        shutil.rmtree(work / "copy", ignore_errors=True)
        measure(
            plain_code(work / "plain-content", work / "plain-site"),
            work / "plain-site",
            work / f"plain-{run + 1}.log",
            plain,
        )
    return ours, plain, edited, copied


def row(count: int, name: str, result: Result, plain: Result) -> str:
    seconds, rss = statistics.median(result.seconds), max(result.rss_kb)
    base_seconds, base_rss = statistics.median(plain.seconds), max(plain.rss_kb)
    figures = (
        f"{count:>9}  {name:<14}{seconds:>9.1f}{rss / 1024:>10.0f}{result.pages:>9}"
        f"{result.pages / seconds:>9.1f}{seconds / base_seconds:>11.2f}"
        f"{rss / base_rss if base_rss else 0:>10.2f}"
    )
    return f"{figures}  {result.failed}".rstrip()


def share(count: int, edited: Result, full: Result) -> str:
    """The +1 edit build as a share of the first build (the target is 10 %)."""
    part = statistics.median(edited.seconds) / statistics.median(full.seconds)
    return f"{count:>9}  +1 edit, cache: {part:.0%} of this project's first build"


def sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        type=sizes,
        default=[1000, 10_000],
        help="document counts, comma-separated (default 1000,10000; 10000 takes "
        "about 3 minutes on two cores). Add 100000 only when you mean it: it "
        "takes about 35 minutes and several GB of memory",
    )
    parser.add_argument("--runs", type=int, default=1, help="builds per size (1)")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="work in DIR and keep it"
    )
    args = parser.parse_args()
    if args.keep and any((args.keep / f"n{n}").exists() for n in args.sizes):
        parser.error(f"{args.keep} already holds a run of these sizes")
    print(
        f"Pelican {version('pelican')}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores; peak RSS by {RSS_METHOD}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep.resolve() if args.keep else Path(tmp)
        rows, shares = [], []
        for count in args.sizes:
            ours, plain, edited, copied = bench_size(
                base / f"n{count}", count, args.runs
            )
            shares.append(share(count, edited, ours))
            rows += [
                row(count, "this project", ours, plain),
                row(count, "+1 edit, cache", edited, plain),
                row(count, "copy of output", copied, plain),
                row(count, "plain Pelican", plain, plain),
            ]
    print(
        f"\n{'documents':>9}  {'build':<14}{'wall s':>9}{'RSS MB':>10}{'pages':>9}"
        f"{'pages/s':>9}{'time/plain':>11}{'RSS/plain':>10}"
    )
    print("\n".join(rows))
    print("\n".join(["", *shares]))


if __name__ == "__main__":
    main()
