"""Search benchmark: index build, size, query latency, retrieval quality.

Run with `make bench`. Prints figures; asserts nothing. For the demo and for a
generated corpus (default 10 000 documents made from the demo's sentences):

- build time of the whole site: plain (no git history, no search), with the
  git history (versions, registers), and with history and search; the
  number of pages written and the index size on disk (the generated corpus
  is committed to git once, then edited in `--edits` commits);
- query latency p50/p95/p99 over HTTP against the real service (waitress in
  its own process on 127.0.0.1), for 1 client and for 16 concurrent clients,
  and the number of failed requests; first each development query once on a
  fresh service (the per-term weight cache empty), then the repeated runs;
- recall@10 and MRR of the development set with this analysis and with
  Whoosh's default analyzer (StandardAnalyzer + QueryParser) on the demo;
- for each size of `--scale` (default 100 000): the same generated documents'
  index written straight by write_index (no site build: 100 000 take hours
  to build, see bench/build_bench.py), its size, the single-client latency
  over HTTP (each query once on a fresh service, then repeated) and the
  service's peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [
    str(ROOT / "plugins"),
    str(ROOT / "tools"),
    str(ROOT),
    str(ROOT / "tests"),
]

import yaml  # noqa: E402
from bip_search.documents import record  # noqa: E402
from bip_search.evaluation import evaluate, load_devset  # noqa: E402
from bip_search.indexer import make_current, write_index  # noqa: E402
from bip_search.searcher import SearchIndex, clean_request  # noqa: E402
from bip_search.service import QUERY_MARK, RESULTS_MARK, TITLE_MARK  # noqa: E402
from bip_search.synonyms import shipped  # noqa: E402
from demo_history import replay  # noqa: E402
from gitrepo import CLERK, git_as  # noqa: E402

DEVSET = load_devset(ROOT / "tests" / "search_devset.yaml")
# Residents' queries (questions, colloquial words that go through the
# thesaurus, derived words): timed beside the demo's own queries.
RESIDENT = load_devset(ROOT / "tests" / "search_corpus_queries.yaml")
MIXED = [j.q for j in DEVSET] + [j.q for j in RESIDENT]


def build(content: Path, output: Path, index: Path, plugins: list[str] | None) -> float:
    """Build with real Pelican in a child process; return wall seconds."""
    code = (
        "import sys; from pelican import Pelican; from pelican.settings import read_settings;"
        f"o={{'PATH': {str(content)!r}, 'OUTPUT_PATH': {str(output)!r},"
        f"'BIP_SEARCH': {{'index_dir': {str(index)!r}}}}};"
        + (f"o['PLUGINS']={plugins!r};" if plugins is not None else "")
        + f"Pelican(read_settings({str(ROOT / 'pelicanconf.py')!r}, override=o)).run()"
    )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    return time.perf_counter() - start


def folder_size(path: Path) -> int:
    """Bytes under a folder (following the current link once)."""
    return sum(p.stat().st_size for p in path.resolve().rglob("*") if p.is_file())


def generate_corpus(target: Path, count: int, seed: int = 7) -> None:
    """Write `count` documents made of the demo's own sentences."""
    demo = ROOT / "content"
    for name in ("bip.yaml", "deklaracja-dostepnosci.yaml"):
        shutil.copy(demo / name, target / name)
    for dzial, stem, header, body in generated_documents(count, seed):
        folder = target / dzial
        folder.mkdir(exist_ok=True)
        (folder / f"{stem}.md").write_text(
            f"---{header}---\n{body}\n", encoding="utf-8"
        )


def generated_documents(count: int, seed: int = 7) -> Iterator[tuple[str, ...]]:
    """(dział, file name, front matter, body) of `count` generated documents.

    Each takes the front matter of a demo document (its title numbered, no
    attachments, no newsletter supplements) and four paragraphs of four
    random sentences of the demo.
    """
    docs = sorted(
        p for p in (ROOT / "content").glob("*/*.md") if p.parent.name != "pages"
    )
    # Link text only: the demo's links point at its own pages, which the
    # generated corpus does not have (make check would refuse them).
    sentences = [
        re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s.strip())
        for p in docs
        for s in re.split(
            r"(?<=[.!?])\s+", p.read_text(encoding="utf-8").split("---", 2)[2]
        )
        if len(s.split()) > 5 and not s.lstrip().startswith("|")
    ]
    rng = random.Random(seed)
    for number in range(count):
        source = docs[number % len(docs)]
        header = source.read_text(encoding="utf-8").split("---", 2)[1]
        header = re.sub(r"(?ms)^zalaczniki:.*?(?=^\S|\Z)", "", header)
        # A newsletter issue's supplements are demo documents not generated.
        header = re.sub(r"(?m)^dodatki:.*\n", "", header)
        header = re.sub(  # inside the quotes of a quoted title
            r'(?m)^tytul: ("?)(.*?)\1$', rf"tytul: \1\2 (egz. {number})\1", header
        )
        body = "\n\n".join(" ".join(rng.sample(sentences, 4)) for _ in range(4))
        name = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", source.stem)
        yield source.parent.name, f"{name}-{number}", header, body


class Service:
    """The search service under waitress, in its own process."""

    def __init__(self, index: Path, port: int) -> None:
        self.port = port
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "waitress",
                f"--listen=127.0.0.1:{port}",
                "--threads=8",
                "--call",
                "bip_search.wsgi:create_app",
            ],
            env={
                "PYTHONPATH": str(ROOT / "plugins"),
                "BIP_SEARCH_INDEX": str(index),
                "PATH": "/usr/bin:/bin",
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                self.get("q=test")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the search service did not start")

    def get(self, query: str) -> int:
        url = f"http://127.0.0.1:{self.port}/szukaj.json?{query}"
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return response.status

    def peak_rss_mb(self) -> int:
        """The service process's peak resident memory so far (VmHWM)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) // 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def latencies(
    service: Service, clients: int, per_client: int, texts: list[str]
) -> tuple[list[float], int]:
    """Milliseconds per request and the number of failed requests."""
    queries = [urllib.parse.urlencode({"q": q}) for q in texts]
    times: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client(offset: int) -> None:
        nonlocal errors
        for n in range(per_client):
            start = time.perf_counter()
            try:
                ok = service.get(queries[(offset + n) % len(queries)]) == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                times.append(elapsed)
                errors += not ok

    threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times, errors


def percentiles(times: list[float]) -> str:
    cuts = statistics.quantiles(times, n=100)
    return f"p50 {cuts[49]:6.1f} ms  p95 {cuts[94]:6.1f} ms  p99 {cuts[98]:6.1f} ms"


def default_analyzer_quality(index_dir: Path) -> tuple[float, float]:
    """Recall@10 and MRR with Whoosh's StandardAnalyzer over the same records."""
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import MultifieldParser

    source = whoosh_index.open_dir(str(index_dir / "current"), readonly=True)
    schema = Schema(url=ID(stored=True), title=TEXT(), number=TEXT(), body=TEXT())
    target = Path(tempfile.mkdtemp())
    plain = whoosh_index.create_in(str(target), schema)
    writer = plain.writer()
    with source.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            if not fields.get("archived"):
                writer.add_document(
                    url=fields["url"],
                    title=fields["title"],
                    number=fields["number"],
                    body=fields["body"],
                )
    writer.commit()
    parser = MultifieldParser(["title", "number", "body"], schema)

    def search(q: str) -> list[str]:
        with plain.searcher() as searcher:
            return [hit["url"] for hit in searcher.search(parser.parse(q), limit=10)]

    quality = evaluate(DEVSET, search)
    shutil.rmtree(target)
    return quality.recall_at_10, quality.mrr


def our_quality(index_dir: Path) -> tuple[float, float]:
    index = SearchIndex(index_dir)
    quality = evaluate(
        DEVSET,
        lambda q: [r["url"] for r in index.search(clean_request({"q": q})).results],
    )
    return quality.recall_at_10, quality.mrr


def commit_corpus(content: Path, edits: int) -> None:
    """Make the corpus a git repository: one commit, then `edits` edit commits."""

    def git(*args: str) -> None:
        git_as(content, args, CLERK, "2026-01-05T09:00:00+01:00")

    git("init", "--quiet", "--initial-branch=main")
    git("add", "--all")
    git("commit", "--quiet", "-m", "Dokumenty")
    files = sorted(content.glob("*/*.md"))
    for number in range(edits):
        path = files[(number * 37) % len(files)]
        path.write_text(
            path.read_text(encoding="utf-8") + f"\nUzupełnienie {number}.\n",
            encoding="utf-8",
        )
        git("commit", "--quiet", "-am", f"Uzupełnienie {number}")


def measure(name: str, content: Path, work: Path, port: int, requests: int) -> None:
    output, index = work / f"{name}-site", work / f"{name}-index"
    base = ["bip_metadata", "bip_attachments", "bip_site"]
    plain = build(content, work / f"{name}-plain", work / f"{name}-unused", base)
    history = build(
        content,
        work / f"{name}-history",
        work / f"{name}-unused",
        ["bip_metadata", "bip_attachments", "bip_history", "bip_site"],
    )
    full = build(content, output, index, None)
    docs = sum(1 for _ in content.glob("*/*.md"))
    pages = sum(1 for _ in output.rglob("*.html"))
    print(f"\n{name}: {docs} files, {pages} pages written")
    print(
        f"  build: plain {plain:6.1f} s, with git history {history:6.1f} s "
        f"(history adds {history - plain:5.1f} s), with history and search "
        f"{full:6.1f} s (index adds {full - history:5.1f} s); "
        f"index {folder_size(index / 'current') / 1e6:.1f} MB"
    )
    maps = {
        path.name: path.stat().st_size / 1e6
        for path in sorted((index / "current").glob("*.json"))
    }
    print(
        f"  of which word maps {sum(maps.values()):.1f} MB: "
        + ", ".join(f"{name} {size:.2f}" for name, size in maps.items())
    )
    service = Service(index, port)
    try:
        service.get("q=rozgrzewka")
        print(f"  queries: {len(DEVSET)} of the demo and {len(RESIDENT)} residents'")
        single_client(service, requests)
        resident = [j.q for j in RESIDENT]
        times, errors = latencies(service, 1, len(resident), resident)
        print(
            f"  1 client,   residents' queries only: {percentiles(times)}, "
            f"errors {errors}"
        )
        times, errors = latencies(service, 16, max(requests // 8, 20), MIXED)
        print(
            f"  16 clients, {len(times)} requests: {percentiles(times)}, errors {errors}"
        )
    finally:
        service.stop()
    if name == "demo":
        ours, default = our_quality(index), default_analyzer_quality(index)
        print(
            f"  quality on {len(DEVSET)} judged queries: this analysis recall@10 "
            f"{ours[0]:.3f} MRR {ours[1]:.3f}; Whoosh default analyzer recall@10 "
            f"{default[0]:.3f} MRR {default[1]:.3f}"
        )


def index_straight(count: int, root: Path) -> float:
    """Write the index of `count` generated documents without a site build.

    Records are made as the search plugin makes them (bip_search.documents
    .record) from each document's front matter and its paragraphs as HTML,
    with the shipped thesaurus; no Markdown rendering, history or pages (the
    build benches time those). Returns the seconds writing it took.
    """
    today = dt.date(2026, 11, 30)
    records = []
    for dzial, stem, header, body in generated_documents(count):
        meta = yaml.safe_load(header)
        made = meta.get("data_wytworzenia") or dt.date(2026, 1, 5)
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))
        category = str(meta["kategoria"])
        doc = {
            "url": f"{dzial}/{stem}/",
            "title": meta["tytul"],
            "html": paragraphs,
            "keywords": meta.get("slowa_kluczowe") or [],
            "category": category,
            "categories": [category],
            "category_name": category,
            "publisher": str(meta["podmiot"]),
            "kind": str(meta.get("rodzaj") or ""),
            "date": dt.datetime.combine(made, dt.time(9)),
        }
        records.append(record(doc, today))
    start = time.perf_counter()
    shell = f"<title>{TITLE_MARK}</title>{QUERY_MARK}{RESULTS_MARK}"
    make_current(write_index(root, records, shell, {}, shipped()))
    return time.perf_counter() - start


def single_client(service: Service, requests: int) -> None:
    """One client: each query once on a fresh service, then `requests` more."""
    times, errors = latencies(service, 1, len(MIXED), MIXED)
    print(
        f"  1 client,   each query once, term cache empty: {percentiles(times)}, "
        f"errors {errors}"
    )
    times, errors = latencies(service, 1, requests, MIXED)
    print(f"  1 client,   {len(times)} requests: {percentiles(times)}, errors {errors}")


def measure_scale(count: int, work: Path, port: int, requests: int) -> None:
    """Search latency over HTTP at `count` documents (index written straight)."""
    index = work / f"scale-{count}-index"
    seconds = index_straight(count, index)
    print(
        f"\nsearch at {count} generated documents (index written straight in "
        f"{seconds:.0f} s, {folder_size(index / 'current') / 1e6:.0f} MB):"
    )
    service = Service(index, port)
    try:
        single_client(service, requests)
        print(f"  service peak RSS {service.peak_rss_mb()} MB")
    finally:
        service.stop()
    shutil.rmtree(index)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--edits", type=int, default=500, help="edit commits")
    parser.add_argument(
        "--scale",
        default="100000",
        help="document counts, comma-separated, whose search is also timed on an "
        "index written straight from generated records ('' for none)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        demo = work / "demo" / "content"
        replay(ROOT / "content", ROOT / "tools" / "demo_history.yaml", demo)
        measure("demo", demo, work, 8391, args.requests)
        corpus = work / "corpus"
        corpus.mkdir()
        generate_corpus(corpus, args.documents)
        commit_corpus(corpus, args.edits)
        measure(f"generated-{args.documents}", corpus, work, 8392, args.requests)
        for count in [int(n) for n in args.scale.split(",") if n.strip()]:
            measure_scale(count, work, 8393, args.requests)


if __name__ == "__main__":
    main()
