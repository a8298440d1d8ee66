"""`make new`: a new document with every key, explained in Polish comments.

Usage: python -m bip_metadata.scaffold CONTENT [--dzial D] [--podmiot P]
       [--kategoria K] [--rodzaj R] [--tytul T] [--today RRRR-MM-DD]
Each option may also come from the environment variable of its upper-case
name (DZIAL, PODMIOT, KATEGORIA, RODZAJ, TYTUL, TODAY): `make new` passes
them that way, so that no shell ever reads a title. Asks for what is not
given. Writes content/<dział>/<rrrr-mm-dd>-<nazwa>.md and the attachment
folder content/<dział>/<nazwa>/, and prints both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

import yaml

from . import sitedata
from .documents import PLACEHOLDER
from .fields import FIELDS, fold
from .frontmatter import decode

TODO = PLACEHOLDER  # make check refuses a document that still contains it
SLUG_WORDS = 8
# Values a new document starts with; the clerk replaces every UZUPEŁNIJ.
STARTING = {
    "wytworzyl": f"\n  osoba: {TODO} imię i nazwisko\n  funkcja: {TODO} stanowisko",
    "data_wytworzenia": "{today}",
}


def slug(title: str) -> str:
    """File name part from a title: folded, hyphenated, at most 8 words.

    >>> slug("Ogłoszenie o naborze na stanowisko: Księgowa (1/2)!")
    'ogloszenie-o-naborze-na-stanowisko-ksiegowa-1-2'
    """
    words = re.findall(r"[a-z0-9]+", fold(title))
    return "-".join(words[:SLUG_WORDS]) or "dokument"


def scalar(text: str) -> str:
    """`text` as a YAML scalar that reads back exactly, quoted only if needed.

    >>> scalar("Zebranie rodziców")
    'Zebranie rodziców'
    >>> print(scalar('Uchwała nr 1: "budżet" # 2027'))
    'Uchwała nr 1: "budżet" # 2027'
    """
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...")


def document_text(
    title: str, publisher: str, category: str, kind: str, today: dt.date
) -> str:
    """Front matter with every key from the schema table, then a body.

    Required keys and `rodzaj` are filled in; optional ones are commented
    out with an example; each key has its explanation above it.
    """
    # Quoted as YAML where needed: a title may hold `:`, `#` or quotes.
    given = {
        "tytul": scalar(title),
        "rodzaj": scalar(kind),
        "kategoria": scalar(category),
        "podmiot": scalar(publisher),
    }
    lines = ["---"]
    for field in FIELDS.values():
        lines.append(f"# {field.doc}".replace("`", ""))
        value = given.get(
            field.key, STARTING.get(field.key, "").format(today=today.isoformat())
        )
        if field.required or field.key == "rodzaj":
            separator = "" if value.startswith("\n") else " "
            lines.append(f"{field.key}:{separator}{value}")
        else:
            lines.append(f"# {field.key}: {field.example}")
    lines += ["---", f"{TODO}: treść dokumentu w Markdown.", ""]
    return "\n".join(lines)


def choose(value: str | None, options: list[str], question: str) -> str:
    """The given value, or one asked for; it must be one of `options`."""
    while value not in options:
        if value is not None:
            print(
                f"„{value}” nie jest na liście: {', '.join(options)}", file=sys.stderr
            )
        if not sys.stdin.isatty() and value is not None:
            raise SystemExit(2)
        value = input(f"{question} ({', '.join(options)}): ").strip()
    return value


def main(argv: list[str] | None = None) -> int:
    """Create the document and its attachment folder."""
    parser = argparse.ArgumentParser(prog="make new", description=__doc__)
    parser.add_argument("content", nargs="?", default="content")
    for name in ("dzial", "rodzaj", "podmiot", "tytul", "kategoria"):
        # make exports unset variables as empty: empty means "ask".
        parser.add_argument(f"--{name}", default=os.environ.get(name.upper()) or None)
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=os.environ.get("TODAY") or dt.date.today().isoformat(),
    )
    args = parser.parse_args(argv)
    root = Path(args.content)
    text, _ = decode(
        str(root / sitedata.FILENAME), (root / sitedata.FILENAME).read_bytes()
    )
    site, _ = sitedata.parse(sitedata.FILENAME, text or "")
    if site is None:
        print("bip.yaml ma błędy: uruchom najpierw make check", file=sys.stderr)
        return 2
    department = choose(args.dzial, list(site.departments), "Dział")
    publisher = choose(args.podmiot, list(site.bodies), "Podmiot")
    category = choose(args.kategoria, list(site.categories), "Kategoria menu")
    kind = choose(args.rodzaj, site.kinds, "Rodzaj dokumentu")
    title = args.tytul or input("Tytuł dokumentu: ").strip()
    name = slug(title)
    target = root / department / f"{args.today.isoformat()}-{name}.md"
    if target.exists():
        print(f"{target} już istnieje: wybierz inny tytuł", file=sys.stderr)
        return 2
    text = document_text(title, publisher, category, kind, args.today)
    target.write_text(text, encoding="utf-8")
    folder = root / department / name
    folder.mkdir(exist_ok=True)
    (folder / ".gitkeep").touch()
    print(f"Utworzono {target}\nZałączniki włóż do {folder}/")
    print(f"Uzupełnij każde „{TODO}”, potem: make check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
