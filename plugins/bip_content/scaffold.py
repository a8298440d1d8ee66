"""`make new`: a new document with every key, explained in Polish comments.

Usage: python -m bip_content.scaffold CONTENT [--dzial D] [--podmiot P]
       [--kategoria K] [--rodzaj R] [--tytul T] [--plik F] [--today RRRR-MM-DD]
Each option may also come from the environment variable of its upper-case
name (DZIAL, PODMIOT, KATEGORIA, RODZAJ, TYTUL, PLIK, TODAY): `make new`
passes them that way, so that no shell ever reads a title or a path. Asks
for what is not given. Writes content/<dział>/<rrrr-mm-dd>-<nazwa>.md and
the attachment folder content/<dział>/<nazwa>/, and prints both. With PLIK
(a DOCX or ODT file) the body is the file's text, the title its first
heading unless TYTUL is given, and the file itself the first attachment.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .characters import FORBIDDEN, visible
from .check import site_data
from .convert import Converted, convert
from .documents import PLACEHOLDER
from .fields import FIELDS, fold
from .limits import human_size, in_bytes
from .office import Refused, kind_of, timed
from .tree import UnsafeFile, fixed_name, read_regular

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


@dataclass(frozen=True)
class Source:
    """A converted file: its Markdown and the attachment it becomes."""

    converted: Converted
    data: bytes
    name: str  # the attachment's file name, following the file-name rule

    @property
    def description(self) -> str:
        """The attachment's `opis` (its format and size the page adds itself)."""
        return f"{self.converted.title or 'Dokument'} — plik źródłowy"


def document_text(
    values: dict[str, str], today: dt.date, source: Source | None = None
) -> str:
    """Front matter with every key from the schema table, then a body.

    Keys in `values` (title, publisher, category, kind) are filled in, and
    `zalaczniki` for a converted file; the other required keys start as
    STARTING says; optional ones are commented out with an example; each
    key has its explanation above it.
    """
    # Quoted as YAML where needed: a title may hold `:`, `#` or quotes.
    given = {key: scalar(value) for key, value in values.items()}
    body = f"{TODO}: treść dokumentu w Markdown.\n"
    if source is not None:
        given["zalaczniki"] = (
            f"\n  - plik: {scalar(source.name)}\n    opis: {scalar(source.description)}"
        )
        if source.converted.body.strip():  # an empty file keeps the placeholder
            body = source.converted.body
    lines = ["---"]
    for field in FIELDS.values():
        lines.append(f"# {field.doc}".replace("`", ""))
        value = given.get(
            field.key, STARTING.get(field.key, "").format(today=today.isoformat())
        )
        if field.required or field.key in given:
            separator = "" if value.startswith("\n") else " "
            lines.append(f"{field.key}:{separator}{value}")
        else:
            lines.append(f"# {field.key}: {field.example}")
    return "\n".join([*lines, "---", body])


def read_source(path: Path, limits: dict[str, int], title: str | None) -> Source:
    """Read and convert PLIK within bip.yaml's limits; raises Refused."""
    kind_of(path.name)  # a PDF is refused by its name, before it is read
    if path.is_symlink():
        raise Refused("to dowiązanie symboliczne (link): podaj sam plik")
    if not path.is_file():
        raise Refused("nie ma takiego pliku (sprawdź ścieżkę)")
    most = in_bytes(limits, "zalacznik_mb")
    if path.stat().st_size > most:
        raise Refused(
            f"plik ma {human_size(path.stat().st_size)}, więcej niż dozwolone "
            f"{human_size(most)} dla załącznika (bip.yaml → limity → zalacznik_mb)"
        )
    try:
        data = read_regular(path, most)  # checks again, on the open file
    except UnsafeFile as error:
        raise Refused(str(error)) from error
    with timed(limits["czas_zalacznika_s"]):
        converted = convert(path.name, data, limits, title or "")
    size, most = len(converted.body.encode("utf-8")), in_bytes(limits, "tresc_kb")
    if size > most:
        raise Refused(
            f"tekst dokumentu ma {human_size(size)}, więcej niż dozwolone "
            f"{human_size(most)} treści (bip.yaml → limity → tresc_kb); dodaj "
            "plik jako załącznik do dokumentu z krótkim opisem (make new bez PLIK)"
        )
    return Source(converted, data, fixed_name(path.name))


def file_title(path: Path) -> str:
    """A title from a file's name, for a file with no heading or paragraph.

    >>> file_title(Path("/tmp/Uchwała_nr 5.docx"))
    'Uchwała nr 5'
    """
    return FORBIDDEN.sub("", " ".join(path.stem.replace("_", " ").split()))


def choose(value: str | None, options: list[str], question: str) -> str:
    """The given value, or one asked for; it must be one of `options`."""
    while value not in options:
        if value is not None:
            print(
                f"„{value}” nie jest na liście: {', '.join(options)}", file=sys.stderr
            )
        if not sys.stdin.isatty() and value is not None:
            raise SystemExit(2)
        value = ask(f"{question} ({', '.join(options)}): ")
    return value


def ask(question: str) -> str:
    """An answer typed by the clerk; without a terminal to ask, a clear refusal."""
    try:
        return input(question).strip()
    except EOFError:
        subject = question.split(" (", maxsplit=1)[0].rstrip(": ")
        raise SystemExit(
            f"\nNie ma kogo zapytać: {subject}. Podaj wszystko w poleceniu: "
            'make new DZIAL=… PODMIOT=… KATEGORIA=… RODZAJ=… TYTUL="…"'
        ) from None


def arguments(argv: list[str] | None) -> argparse.Namespace:
    """Options from the command line, else from the environment (make)."""
    parser = argparse.ArgumentParser(prog="make new", description=__doc__)
    parser.add_argument("content", nargs="?", default="content")
    for name in ("dzial", "rodzaj", "podmiot", "tytul", "kategoria", "plik"):
        # make exports unset variables as empty: empty means "ask".
        parser.add_argument(f"--{name}", default=os.environ.get(name.upper()) or None)
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=os.environ.get("TODAY") or dt.date.today().isoformat(),
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Create the document and its attachment folder."""
    args = arguments(argv)
    root = Path(args.content)
    site, _ = site_data(root)
    if site is None:
        print("bip.yaml ma błędy: uruchom najpierw make check", file=sys.stderr)
        return 2
    try:  # read before any question: a refused file asks nothing
        source = (
            read_source(Path(args.plik), site.limits, args.tytul) if args.plik else None
        )
    except Refused as error:
        where = visible(args.plik)
        print(f"Nie zamieniono pliku „{where}” na dokument: {error}", file=sys.stderr)
        return 2
    department = choose(args.dzial, list(site.departments), "Dział")
    values = {
        "podmiot": choose(args.podmiot, list(site.bodies), "Podmiot"),
        "kategoria": choose(args.kategoria, list(site.categories), "Kategoria menu"),
        "rodzaj": choose(args.rodzaj, site.kinds, "Rodzaj dokumentu"),
        "tytul": title_of(args.tytul, source, args.plik),
    }
    text = document_text(values, args.today, source)
    name = slug(values["tytul"])
    return write(
        root / department, f"{args.today.isoformat()}-{name}", name, text, source
    )


def title_of(given: str | None, source: Source | None, path: str | None) -> str:
    """The given title, else the converted file's (or its name), else asked."""
    if given:
        return given
    if source is not None and path:
        return source.converted.title or file_title(Path(path))
    return ask("Tytuł dokumentu: ")


def write(
    department: Path, stem: str, name: str, text: str, source: Source | None
) -> int:
    """Write the document and its folder (with the converted file), or refuse."""
    target, folder = department / f"{stem}.md", department / name
    attachment = folder / source.name if source else None
    for path in (target, attachment):
        if path is not None and (path.exists() or path.is_symlink()):
            print(f"{path} już istnieje: wybierz inny tytuł", file=sys.stderr)
            return 2
    target.write_text(text, encoding="utf-8")
    folder.mkdir(exist_ok=True)
    if attachment is None or source is None:
        (folder / ".gitkeep").touch()
    else:
        # Never through a link, never over a file: O_EXCL refuses both.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        with os.fdopen(os.open(attachment, flags, 0o644), "wb") as out:
            out.write(source.data)
        print(f"Treść przeniesiono z pliku; dołączono go jako {attachment}")
    print(f"Utworzono {target}\nZałączniki włóż do {folder}/")
    if source and source.converted.images:
        print(IMAGES_LEFT.format(count=source.converted.images))
    print(f"Uzupełnij każde „{TODO}”, potem: make check")
    return 0


IMAGES_LEFT = (
    "Uwaga: obrazów z pliku ({count}) nie przeniesiono do treści. Potrzebny obraz "
    "zapisz jako PNG lub JPG w folderze dokumentu i wstaw: ![opis obrazu](plik.png)"
)


if __name__ == "__main__":
    sys.exit(main())
