"""Bodies that would stall Markdown for minutes are refused by the check, by line."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from bip_content import effort
from bip_content.check import check_site
from bip_content.frontmatter import split
from bip_content.markup import render
from conftest import FIXTURE_TODAY, copy_site
from corpus import CORPUS, ROOT
from markdown.inlinepatterns import LinkInlineProcessor
from test_dialect import PIECES

# Each at the default body limit (2 048 KB): Markdown would take from
# minutes to hours over it. The hostile text starts on line 11 of the file
# (the header takes 7 lines, then "Treść.", "Wstęp." and a blank line).
MB2 = 2_000_000
HOSTILE = {
    "nawiasy": (
        "tekst [ " * (MB2 // 8),
        "zbyt wiele niezamkniętych nawiasów „[” (najdalej sięga nawias z tej linii)",
    ),
    "adresy": (
        "[a](" * (MB2 // 4),
        "zbyt wiele niezamkniętych nawiasów „(”",
    ),
    "znaczniki": (
        "<p " * (MB2 // 3),
        "zbyt wiele niezamkniętych nawiasów „<”",
    ),
    "encje": (
        "&#1 " * (MB2 // 4),
        "akapit zaczynający się w tej linii jest zbyt długi",
    ),
    "linie": (
        "a] \n" * (MB2 // 4),
        "akapit zaczynający się w tej linii jest zbyt długi",
    ),
}


def body_of(text: str) -> str:
    return (split(text) or ("", text, 0))[1]


def real_bodies() -> list[str]:
    folders = (CORPUS, ROOT / "content")
    return [
        body_of(p.read_text(encoding="utf-8"))
        for folder in folders
        for p in sorted(folder.rglob("*.md"))
    ]


def test_hostile_bodies_are_refused_naming_their_line(tmp_path) -> None:
    content = copy_site("basic", tmp_path)
    header = (
        "---\ntytul: Wrogi\npodmiot: urzad\nkategoria: oswiata\n"
        "wytworzyl: {osoba: Ewa Testowa, funkcja: Kierownik}\n"
        "data_wytworzenia: 2026-02-01\n---\nTreść.\nWstęp.\n\n"
    )
    for name, (text, _) in HOSTILE.items():
        path = content / "oswiata" / f"2026-03-01-{name}.md"
        path.write_text(header + text, "utf-8")
    many = "akapit\n\n" * (effort.PARAGRAPHS + 1)
    (content / "oswiata" / "2026-03-01-akapity.md").write_text(header + many, "utf-8")
    result = check_site(content, dt.date.fromisoformat(FIXTURE_TODAY), shown="c")
    found = [str(p) for p in result.problems if p.is_error]
    for name, (_, expected) in HOSTILE.items():
        assert any(
            f.startswith(f"c/oswiata/2026-03-01-{name}.md:11: {expected}")
            for f in found
        ), (name, found)
    line = 9 + 2 * effort.PARAGRAPHS  # the first paragraph over the limit
    assert any(
        f.startswith(
            f"c/oswiata/2026-03-01-akapity.md:{line}: treść ma więcej niż 40000"
        )
        for f in found
    ), found
    assert len(found) == len(HOSTILE) + 1, found  # each once, nothing else


def test_real_documents_stay_far_below_the_limits() -> None:
    bodies = real_bodies()
    assert len(bodies) > 200
    found = [effort.effort(body) for body in bodies]
    assert max(f.reads for f in found) * 1000 < effort.READS
    assert max(f.copies for f in found) * 1000 < effort.COPIES
    assert max(f.paragraphs for f in found) * 100 < effort.PARAGRAPHS


@pytest.mark.parametrize(
    ("rows", "as_paragraph"), [(5000, None), (20000, "paragraph_too_busy")]
)
def test_long_tables_and_lists_are_not_taken_for_one_paragraph(
    rows: int, as_paragraph: str | None
) -> None:
    """Each row of a table and each list item is marked up on its own."""
    row = "Decyzja **nr** {0} w sprawie & [wniosku](w-{0}.pdf)"
    table = "| Lp. | Treść |\n|---|---|\n" + "".join(
        f"| {i} | {row.format(i)} |\n" for i in range(rows)
    )
    items = "".join(f"- {row.format(i)}\n" for i in range(rows))
    assert effort.effort(table).over is None
    assert effort.effort(items).over is None
    # The same lines as one paragraph (Markdown copies it for each mark):
    lines = "".join(f"{row.format(i)}\n" for i in range(rows))
    assert effort.effort(lines).over == as_paragraph


def test_markdown_reads_ahead_no_further_than_counted(monkeypatch) -> None:
    """Markdown's own looks from "[" and "](", measured, stay within the count."""
    looked = []
    get_text, get_link = LinkInlineProcessor.getText, LinkInlineProcessor.getLink

    def text(self, data: str, index: int):
        found = get_text(self, data, index)
        looked.append(found[1] - index)
        return found

    def link(self, data: str, index: int):
        found = get_link(self, data, index)
        looked.append(found[2] - index)
        return found

    monkeypatch.setattr(LinkInlineProcessor, "getText", text)
    monkeypatch.setattr(LinkInlineProcessor, "getLink", link)
    rng = random.Random(11)
    texts = real_bodies() + [
        "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))
        for _ in range(2000)
    ]
    units = ("[", "![", "[a](", '[a]("', '[a](b "c) ', "[^", "[[]", "\\[")
    texts += [unit * 300 for unit in units]
    # A link pattern calls getText at each "[" it finds: at most 6 of them.
    # Each look may also read a placeholder Markdown adds to the text (a
    # footnote's back link is 26 characters): a bounded amount per look,
    # never one that grows with the text.
    patterns, added = 6, 40
    for body in texts:
        looked.clear()
        render(body)
        bound = patterns * effort.reads(body).total + added * len(looked)
        assert sum(looked) <= bound, body


def test_links_with_titles_in_one_long_paragraph_pass() -> None:
    """A title's quotes close before ")": Markdown stops there, so does the count."""
    linked = '[uchwała](uchwala.pdf "Uchwała nr X") i ' * 2000
    assert effort.effort(linked).over is None
    assert effort.effort(linked + '[a](b "c) d').over is None  # one open quote
    # Each open quote reads to the end: 2 000 took 2.5 s, 4 000 took 9.9 s.
    assert effort.effort('[a](b "c) d ' * 2000).over == "unclosed_brackets"
