"""Soak benchmark: does the search service hold its size under hostile queries?

Run with `make bench` (a short run) or alone:

    .venv/bin/python bench/search_soak.py --minutes 10

Builds the demo (its index), starts the real service under waitress in its
own process on 127.0.0.1, and lets `--clients` threads send queries for the
given time: most made of never-seen words (each word used once), the rest
mixing real words of the judged queries with never-seen ones. Every 30 s and
at the end it prints the service's RSS (VmRSS from /proc/<pid>/status),
requests/s and errors, then how far RSS moved after the warm-up. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import socket
import string
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tools"), str(ROOT / "bench")]

from demo_history import replay  # noqa: E402
from search_bench import DEVSET, Service, build  # noqa: E402

LETTERS = string.ascii_lowercase + "ąćęłńóśźż"
REPORT_EVERY = 30.0  # seconds between RSS lines


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MB, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Queries:
    """Queries of never-seen words; every `mix`-th one mixes in real words."""

    def __init__(self, seed: int, mix: int = 4) -> None:
        self.rng = random.Random(seed)
        self.mix = mix
        self.count = 0
        self.unique = 0  # never-seen words sent
        self.real = [w for j in DEVSET for w in j.q.split() if len(w) > 3]
        self.lock = threading.Lock()

    def unique_word(self) -> str:
        # The counter makes each word new; random letters make it look like one.
        tail = "".join(self.rng.choices(LETTERS, k=self.rng.randint(3, 7)))
        return f"{tail}{self.count:x}".translate(
            str.maketrans("0123456789", "ghjkmnprtw")
        )

    def next(self) -> str:
        with self.lock:
            self.count += 1
            words = [self.unique_word() for _ in range(self.rng.randint(1, 3))]
            self.unique += len(words)
            if self.count % self.mix == 0:
                words.insert(0, self.rng.choice(self.real))
        return urllib.parse.urlencode({"q": " ".join(words)})


def soak(port: int, pid: int, minutes: float, clients: int, seed: int) -> None:
    """Run the clients for `minutes`, printing a line every REPORT_EVERY seconds."""
    queries = Queries(seed)
    counts = {"ok": 0, "errors": 0}
    lock = threading.Lock()
    end = time.monotonic() + minutes * 60

    def client() -> None:
        while time.monotonic() < end:
            url = f"http://127.0.0.1:{port}/szukaj.json?{queries.next()}"
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    response.read()
                    ok = response.status == 200
            except OSError:
                ok = False
            with lock:
                counts["ok" if ok else "errors"] += 1

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    start = time.monotonic()
    print(f"   t      RSS   requests/s  errors   (start RSS {rss_mb(pid):.1f} MB)")
    for thread in threads:
        thread.start()
    samples, last_done, last_time = [], 0, start
    while (left := end - time.monotonic()) > 0:
        time.sleep(min(REPORT_EVERY, left))
        now, done = time.monotonic(), counts["ok"] + counts["errors"]
        rate = (done - last_done) / (now - last_time)
        samples.append((now - start, rss_mb(pid)))
        print(
            f"{now - start:5.0f} s {samples[-1][1]:6.1f} MB {rate:8.1f}   "
            f"{counts['errors']:6d}",
            flush=True,
        )
        last_done, last_time = done, now
    for thread in threads:
        thread.join()
    summary(samples, counts, time.monotonic() - start, queries.unique)


def summary(
    samples: list[tuple[float, float]], counts: dict, seconds: float, unique: int
) -> None:
    """Requests/s over the run and RSS movement after the warm-up."""
    total = counts["ok"] + counts["errors"]
    print(
        f"end: {total} requests in {seconds:.0f} s ({total / seconds:.1f}/s), "
        f"errors {counts['errors']}, {unique} never-seen words sent"
    )
    warm = [rss for t, rss in samples if t >= min(120.0, seconds / 3)]
    if len(warm) >= 2:
        low, high = min(warm), max(warm)
        print(
            f"after warm-up (from {min(120.0, seconds / 3):.0f} s): RSS {warm[0]:.1f} → "
            f"{warm[-1]:.1f} MB, range {low:.1f}–{high:.1f} MB "
            f"({(high - low) / low * 100:.1f} % of the lowest)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--index", type=Path, help="an index already built")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index = args.index
        if index is None:
            work = Path(tmp)
            replay(ROOT / "content", ROOT / "tools" / "demo_history.yaml", work / "c")
            index = work / "index"
            seconds = build(work / "c", work / "site", index, None)
            print(f"demo built in {seconds:.1f} s")
        port = free_port()
        service = Service(index, port)
        try:
            soak(port, service.process.pid, args.minutes, args.clients, args.seed)
        finally:
            service.stop()


if __name__ == "__main__":
    main()
