"""The corpus of real municipal texts (tests/corpus/dokumenty) as a site.

Each file is one official document taken verbatim from a public body's page
(its address in `zrodlo`), under a provenance header of its own. A site is
made of them with the demo's bip.yaml: the text becomes the body unchanged,
the front matter is filled from the provenance.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from bip_content.frontmatter import split

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "dokumenty"
DEPARTMENTS = (
    "urzad",
    "rada-miejska",
    "oswiata",
    "pomoc-spoleczna",
    "kultura-i-sport",
    "gospodarka-komunalna",
)
# The demo's publishing body and menu category for each department …
BODY = dict(
    zip(DEPARTMENTS, ("urzad", "rada", "sp1", "mops", "moks", "zgk"), strict=True)
)
CATEGORY = {"urzad": "obwieszczenia", "rada-miejska": "sesje"}
# … and for the kinds that have a category of their own.
KIND_CATEGORY = {"uchwała": "uchwaly", "zarządzenie": "zarzadzenia", "nabór": "nabory"}
DATE = "2026-01-05"


@dataclass(frozen=True)
class Text:
    """One corpus document: provenance and the verbatim text."""

    id: str
    provenance: dict
    body: str

    @property
    def department(self) -> str:
        """The site's department the text belongs to."""
        return self.provenance["dzial"]

    @property
    def rel(self) -> str:
        """Its path in the corpus site's content folder."""
        return f"{self.department}/{DATE}-{self.id}.md"

    @property
    def url(self) -> str:
        """Its page's address in the corpus site."""
        return f"{self.department}/{self.id}/"


def texts() -> list[Text]:
    """Every corpus document, by id."""
    found = []
    for path in sorted(CORPUS.glob("*.md")):
        header, body, _line = split(path.read_text(encoding="utf-8"))
        found.append(Text(path.stem, yaml.safe_load(header), body))
    return found


def front_matter(text: Text) -> str:
    """Our front matter for a corpus text (a real title, a fixed person)."""
    kind = text.provenance.get("rodzaj", "")
    data = {
        "tytul": text.provenance["tytul"],
        "podmiot": BODY[text.department],
        "kategoria": KIND_CATEGORY.get(kind)
        or CATEGORY.get(text.department, text.department),
        "wytworzyl": {"osoba": "Redakcja BIP", "funkcja": text.provenance["podmiot"]},
        "data_wytworzenia": DATE,
    }
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, width=10_000) + "---\n"


def write_site(target: Path, chosen: list[Text] | None = None) -> Path:
    """A content folder of the demo's data and the corpus texts as documents."""
    target.mkdir(parents=True)
    for name in ("bip.yaml", "deklaracja-dostepnosci.yaml"):
        shutil.copy(ROOT / "content" / name, target / name)
    for text in texts() if chosen is None else chosen:
        path = target / text.rel
        path.parent.mkdir(exist_ok=True)
        path.write_text(front_matter(text) + text.body, encoding="utf-8")
    return target


# Markup that is not text: link and image targets, HTML tags, entities.
MARKUP = re.compile(r"\]\([^)]*\)|</?[A-Za-z][^<>]*>|&#?\w+;")
WORD = re.compile(r"[^\W_]+")


def words(text: str) -> Counter:
    """Words (letters and digits) of a source text, markup syntax aside.

    >>> sorted(words("**Termin:** [wniosek](w.pdf) 15 <b>marca</b>").items())
    [('15', 1), ('Termin', 1), ('marca', 1), ('wniosek', 1)]
    """
    return Counter(WORD.findall(MARKUP.sub(" ", text)))


def missing(source: str, shown: str) -> list[str]:
    """Words of `source` that `shown` holds fewer times, in order of first use.

    >>> missing("Termin: 15 marca, 15 maja", "15 marca maja")
    ['Termin', '15']
    """
    have, need = Counter(WORD.findall(shown)), words(source)
    return [word for word in need if have[word] < need[word]]
