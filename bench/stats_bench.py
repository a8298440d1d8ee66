"""make statystyki on a year of a busy BIP's logs: time, lines/s, peak memory.

Run with `make bench` or alone: `.venv/bin/python bench/stats_bench.py
[--site output] [--visitors 600]`. The logs are tools/demo_logs.py's for
the pages of a built site (default output/, `make html`), written rotated
and gzip-compressed as logrotate leaves them; the count runs as
`python -m bip_stats logi` in a child process (GoAccess twice a day, see
bip_stats.logs). Then the count again over the same logs (what each
deploy does: nothing is added twice) and the data file's size. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tools")]

from demo_logs import generate, write_rotated  # noqa: E402


def count(data: Path, logs: list[Path]) -> tuple[float, str, str]:
    """(seconds, peak RSS of the count and its GoAccess runs, first line said).

    Measured by GNU time on the child alone: the children's rusage of this
    process would count the generator's memory, which a fork copies.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    command = [sys.executable, "-m", "bip_stats", "logi", "--dane", str(data)]
    timer = ["/usr/bin/time", "-f", "%M"] if Path("/usr/bin/time").exists() else []
    start = time.perf_counter()
    done = subprocess.run(
        [*timer, *command, *map(str, logs)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    seconds = time.perf_counter() - start
    peak = f"{int(done.stderr.split()[-1]) / 1024:.0f} MB" if timer else "n/a"
    return seconds, peak, done.stdout.strip().splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "output")
    parser.add_argument("--visitors", type=int, default=600)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    if shutil.which("goaccess") is None or not (args.site / "index.html").is_file():
        print("stats: needs goaccess and a built site (make html); skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        lines, _ = generate(args.site, dt.date(2026, 1, 1), args.days, args.visitors, 3)
        logs = write_rotated(lines, folder / "logs")
        size = sum(p.stat().st_size for p in logs) / 2**20
        print(
            f"stats: {len(lines):,} log lines, {len(logs)} files, {size:.0f} MB on disk "
            f"(generated in {time.perf_counter() - start:.0f} s)"
        )
        del lines
        data = folder / "statystyki.json"
        for label in ("first count", "same logs again"):
            seconds, peak, said = count(data, logs)
            print(f"stats: {label}: {seconds:.1f} s, peak RSS {peak} — {said}")
        print(f"stats: data file {data.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
