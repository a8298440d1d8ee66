"""Search quality on real texts and resident queries, beside what it was.

Usage: python bench/search_quality_bench.py [--baseline REV ...]

Two judged query sets: the resident queries over the corpus of real texts
(tests/search_corpus_queries.yaml, written and judged before the search was
tuned) and the demo's development set (tests/search_devset.yaml). For each,
recall@10, MRR and the empty-page-1 count of the queries that have no answer,
in all and by query type, for three searches over the same documents:

- this tree's search;
- each baseline revision's search (default: HEAD, the previous commit of a
  tree with changes, and the commit that added the corpus queries, i.e. the
  search before it was tuned on them), built and run from a temporary git
  worktree of that revision;
- Whoosh's default analyser and query parser over the same stored texts.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tools"), str(ROOT / "tests")]

from bip_search.evaluation import Judged, evaluate, load_devset  # noqa: E402
from corpus import write_site  # noqa: E402
from demo_history import replay  # noqa: E402

QUERIES = {
    "korpus": ROOT / "tests" / "search_corpus_queries.yaml",
    "demo": ROOT / "tests" / "search_devset.yaml",
}
# Run inside a tree (this one or the baseline's): build a site with that
# tree's plugins and answer every query with its search, as JSON.
RUN = """
import json, sys
from pathlib import Path
tree, content, work, queries = sys.argv[1:5]
sys.path[:0] = [tree + "/plugins", tree]
from pelican import Pelican
from pelican.settings import read_settings
from bip_search.searcher import SearchIndex, clean_request
settings = read_settings(tree + "/pelicanconf.py", override={
    "PATH": content, "OUTPUT_PATH": work + "/out",
    "BIP_SEARCH": {"index_dir": work + "/index"}})
settings["BIP_METADATA"] = {**settings["BIP_METADATA"], "today": "2026-11-24"}
Pelican(settings).run()
index = SearchIndex(Path(work) / "index")
answers = {q: [r["url"] for r in index.search(clean_request({"q": q})).results]
           for q in json.loads(queries)}
print(json.dumps(answers))
"""


def answers(tree: Path, content: Path, queries: list[str]) -> dict[str, list[str]]:
    """Ranked URLs of page 1 for each query, from the search of `tree`."""
    with tempfile.TemporaryDirectory() as work:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                RUN,
                str(tree),
                str(content),
                work,
                json.dumps(queries),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=tree,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def default_answers(content: Path, queries: list[str]) -> dict[str, list[str]]:
    """Whoosh's StandardAnalyzer and QueryParser over the documents' texts."""
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import MultifieldParser, OrGroup

    schema = Schema(url=ID(stored=True), title=TEXT(), body=TEXT())
    with tempfile.TemporaryDirectory() as folder:
        ix = whoosh_index.create_in(folder, schema)
        writer = ix.writer()
        for path in sorted(content.glob("*/*.md")):
            if path.parent.name == "pages":
                continue
            text = path.read_text(encoding="utf-8")
            header, body = text.split("---\n")[1], text.split("---\n", 2)[2]
            title = next(
                (
                    line[7:]
                    for line in header.splitlines()
                    if line.startswith("tytul: ")
                ),
                "",
            )
            slug = path.stem.split("-", 3)[3]
            writer.add_document(
                url=f"{path.parent.name}/{slug}/", title=title, body=body
            )
        writer.commit()
        parser = MultifieldParser(["title", "body"], schema, group=OrGroup)
        with ix.searcher() as searcher:
            return {
                q: [h["url"] for h in searcher.search(parser.parse(q), limit=10)]
                for q in queries
            }


def report(
    name: str, judged: list[Judged], ranked: dict[str, dict[str, list[str]]]
) -> None:
    """recall@10 / MRR / empty no-answer pages, in all and by query type."""
    kinds: dict[str, list[Judged]] = defaultdict(list)
    for item in judged:
        kinds[item.kind].append(item)
    print(f"\n{name}: {len(judged)} queries")
    header = "".join(f"{heading:>26}" for heading in ranked)
    print(f"  {'':18}{header}")
    for kind, items in [("wszystkie", judged), *sorted(kinds.items())]:
        cells = []
        for answers_ in ranked.values():
            quality = evaluate(items, lambda q, a=answers_: a.get(q, []))
            if quality.answered:
                cells.append(f"R {quality.recall_at_10:.3f} MRR {quality.mrr:.3f}")
            else:
                cells.append(f"puste {quality.empty_ok}/{quality.empty}")
            if quality.answered and quality.empty:
                cells[-1] += f" p{quality.empty_ok}/{quality.empty}"
        print(f"  {kind[:18]:18}" + "".join(f"{c:>26}" for c in cells))


def sites(work: Path) -> dict[str, Path]:
    """The corpus site and the demo (with its history), as content folders."""
    corpus = write_site(work / "korpus")
    demo = work / "demo" / "content"
    replay(ROOT / "content", ROOT / "tools" / "demo_history.yaml", demo)
    return {"korpus": corpus, "demo": demo}


def baseline_revision() -> str:
    """The commit that added the corpus queries: the search before tuning."""
    out = subprocess.run(
        ["git", "log", "--diff-filter=A", "--format=%H", "--", str(QUERIES["korpus"])],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return out.stdout.split()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--baseline",
        action="append",
        help="git revision to compare with (repeatable; default: HEAD and the "
        "commit that added the corpus queries)",
    )
    args = parser.parse_args()
    named = {revision: label(revision) for revision in args.baseline or ["HEAD"]}
    if not args.baseline:
        named[baseline_revision()] = f"przed ({short(baseline_revision())})"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        trees = {}
        try:
            for revision in named:
                trees[revision] = worktree(revision, work / f"rev{len(trees)}")
            for name, content in sites(work).items():
                judged = load_devset(QUERIES[name])
                queries = [j.q for j in judged]
                ranked = {"ta wersja": answers(ROOT, content, queries)}
                for revision, tree in trees.items():
                    ranked[named[revision]] = answers(tree, content, queries)
                ranked["Whoosh domyślny"] = default_answers(content, queries)
                report(name, judged, ranked)
        finally:
            for tree in trees.values():
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(tree)],
                    cwd=ROOT,
                    check=True,
                )
                shutil.rmtree(tree, ignore_errors=True)


def worktree(revision: str, folder: Path) -> Path:
    """A detached git worktree of `revision` in `folder`."""
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--quiet", str(folder), revision],
        cwd=ROOT,
        check=True,
    )
    return folder


def short(revision: str) -> str:
    """A revision's short hash."""
    out = subprocess.run(
        ["git", "rev-parse", "--short=7", revision],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return out.stdout.strip()


def label(revision: str) -> str:
    """A column heading: the revision as named, with its short hash."""
    hashed = short(revision)
    is_hash = revision.startswith(hashed) or hashed.startswith(revision)
    return hashed if is_hash else f"{revision} ({hashed})"


if __name__ == "__main__":
    main()
