"""The real-text corpus: what make check says of it, and broken letters.

Prints the corpus's size, every kind of problem `make check` reports on it
(the abbreviation warnings among them: each should be a real acronym), and
the detection of broken Polish letters on every pairing of five encodings,
beside what ftfy repairs of the same table.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests"), str(ROOT / "tools")]

import ftfy  # noqa: E402
from bip_content.check import check_site  # noqa: E402
from bip_content.mojibake import PAIRINGS, broken_words, garble  # noqa: E402
from corpus import texts, write_site  # noqa: E402
from test_mojibake import WORDS  # noqa: E402


def kind(message: str) -> str:
    """A problem's kind: its message without the quoted specifics."""
    return re.sub(r"„[^”]*”|\d+", "…", message.split(":", maxsplit=1)[0])[:70]


def check_figures() -> None:
    corpus = texts()
    with tempfile.TemporaryDirectory() as tmp:
        content = write_site(Path(tmp) / "content")
        result = check_site(content, dt.date(2026, 11, 24))
    problems = [p for p in result.problems if p.path.endswith(".md")]
    print(f"corpus: {len(corpus)} texts; make check on them:")
    for (severity, message), count in Counter(
        (p.severity, kind(p.message)) for p in problems
    ).most_common():
        print(f"  {count:4}  {severity}: {message}")
    acronyms = Counter(
        p.message.split("„")[1].rstrip("”")
        for p in problems
        if p.message.startswith("nieznany skrót")
    )
    print(f"unexplained abbreviations ({sum(acronyms.values())}): {sorted(acronyms)}")


def mojibake_figures() -> None:
    print("broken letters: words changed / caught by make check / repaired by ftfy")
    for wrote, read in PAIRINGS:
        changed = {
            w: g for w in WORDS if (g := garble(w, wrote, read)) not in (None, w)
        }
        caught = sum(
            [f[1] for f in broken_words(text)][:1] == [word]
            for word, text in changed.items()
        )
        fixed = sum(ftfy.fix_text(text) == word for word, text in changed.items())
        print(f"  {wrote:>10} read as {read:<10} {len(changed):3} {caught:3} {fixed:3}")


if __name__ == "__main__":
    check_figures()
    mojibake_figures()
