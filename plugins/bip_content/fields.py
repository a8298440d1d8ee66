"""The front-matter schema: one table of Polish keys, their parsers and docs.

The table `FIELDS` is the single source for validation and for the clerk's
guide (docs/dla-redaktorow.md is tested against it). Keys are Polish and ASCII
(clerks type them); the metadata names they map to are English.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from . import limits
from .characters import FORBIDDEN, bad_character
from .frontmatter import Document
from .messages import EXAMPLES, Said, say, wrap
from .problems import Problem
from .tree import FORMATS, IMAGES


class Invalid(Exception):
    """A value that does not fit its field: what is wrong and how to fix it."""

    def __init__(self, said: Said, key: str = "") -> None:
        super().__init__(said.message)
        self.said, self.key = said, key


@dataclass(frozen=True)
class Context:
    """What validation needs to know about the site, as plain data."""

    bodies: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    today: dt.date = field(default_factory=dt.date.today)
    attachment_dir: str = ""
    attachment_files: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()  # explained in bip.yaml
    limits: dict[str, int] = field(default_factory=limits.defaults)
    # Files present but never published: path → (what is wrong, how to fix).
    unusable: dict[str, Said] = field(default_factory=dict)


Parser = Callable[[object, Context], object]
_NO_CONTEXT = Context()  # for parsers that read nothing of the site


@dataclass(frozen=True)
class Field:
    """One front-matter key."""

    key: str
    attr: str
    parse: Parser
    doc: str
    example: str
    required: bool = False
    label: str = ""  # the field's name in the web editor and the guide


# Polish letters without their marks: the result NFKD and dropping the
# combining marks give, without decomposing character by character.
POLISH_PLAIN = str.maketrans("ąćęłńóśźż", "acelnoszz")


def fold(text: str) -> str:
    """Lower-case and strip Polish diacritics, for forgiving comparisons.

    Plain ASCII and Polish text (nearly every word of a BIP) take a fast
    path; anything else is decomposed (NFKD) and loses its combining marks.

    >>> fold("Uchwała Łódź"), fold("Zażółć gęślą jaźń"), fold("Café ﬁ²")
    ('uchwala lodz', 'zazolc gesla jazn', 'cafe fi2')
    """
    text = text.lower()
    if text.isascii():
        return text
    plain = text.translate(POLISH_PLAIN)
    if plain.isascii():
        return plain
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def suggest(value: str, known: list[str] | frozenset[str]) -> str:
    """Return ' (czy chodziło o „x”?)' for a close known value, else ''."""
    folded = {fold(k): k for k in known}
    close = difflib.get_close_matches(fold(value), list(folded), n=1, cutoff=0.6)
    return f" (czy chodziło o „{folded[close[0]]}”?)" if close else ""


def text(value: object, _ctx: Context) -> str:
    """A non-empty line of text."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise Invalid(say("not_text"))
    result = " ".join(str(value).split())
    if not result:
        raise Invalid(say("empty_text"))
    return result


def text_list(value: object, ctx: Context) -> list[str]:
    """A list of short texts (or one text, taken as a one-item list)."""
    items = value if isinstance(value, list) else [value]
    return [text(item, ctx) for item in items]


def _mapping(value: object, keys: dict[str, str], example: str) -> dict[str, str]:
    """Sub-keys `keys` (key → meaning); `example` is a key of EXAMPLES."""
    shown = EXAMPLES[example]
    if not isinstance(value, dict):
        raise Invalid(say("not_mapping", keys=", ".join(keys), example=shown))
    result = {}
    for key, meaning in keys.items():
        if value.get(key) in (None, ""):
            found = say("missing_subkey", key=key, meaning=meaning, example=shown)
            raise Invalid(found, key)
        result[key] = text(value[key], _NO_CONTEXT)
    for key in value:
        if key not in keys:
            found = say(
                "unknown_subkey",
                key=key,
                suggestion=suggest(str(key), list(keys)),
                known=", ".join(keys),
            )
            raise Invalid(found, str(key))
    return result


PERSON_KEYS = {"osoba": "imię i nazwisko", "funkcja": "stanowisko lub funkcja"}


def person(value: object, _ctx: Context) -> dict[str, str]:
    """A person with a function: {osoba, funkcja}."""
    if isinstance(value, str):
        raise Invalid(say("person_as_text"))
    return _mapping(value, PERSON_KEYS, "person")


EMAIL = re.compile(
    r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)
PHONE = re.compile(r"^\+?[0-9][0-9 ()/-]{3,30}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _matching(value: object, ctx: Context, pattern: re.Pattern, code: str) -> str:
    """A text that matches `pattern`, or Invalid with the message `code`."""
    result = text(value, ctx)
    if not pattern.match(result):
        raise Invalid(say(code, value=result))
    return result


def email(value: object, ctx: Context) -> str:
    """An e-mail address (it becomes a mailto: link).

    >>> email("bip@gmina.example", _NO_CONTEXT)
    'bip@gmina.example'
    """
    return _matching(value, ctx, EMAIL, "not_email")


def phone(value: object, ctx: Context) -> str:
    """A phone number (it becomes a tel: link): digits, spaces, + ( ) - /."""
    return _matching(value, ctx, PHONE, "not_phone")


def phone_or_none(value: object, ctx: Context) -> str:
    """A phone number, or `brak` when there is none (a fax, say)."""
    result = text(value, ctx)
    return result if result == "brak" else phone(result, ctx)


def web_address(value: object, ctx: Context) -> str:
    """An absolute http(s):// address, without a trailing slash.

    Links built from data take only such addresses: a `javascript:` or
    `data:` address would run or show something else than the site.

    >>> web_address("https://bip.gmina.example/", _NO_CONTEXT)
    'https://bip.gmina.example'
    """
    result = text(value, ctx).rstrip("/")
    parts = urlsplit(result)
    if parts.scheme not in {"http", "https"} or not parts.netloc or " " in result:
        raise Invalid(say("not_web_address", value=result))
    return result


def slug(value: object, ctx: Context) -> str:
    """An identifier used in addresses: lowercase ASCII, digits, hyphens."""
    result = text(value, ctx)
    if not SLUG.match(result):
        example = fold_slug(result) or "oswiata"
        raise Invalid(say("not_slug", value=result, example=example))
    return result


def fold_slug(value: str) -> str:
    """A suggestion for an identifier: folded, hyphenated.

    >>> fold_slug("Pomoc Społeczna")
    'pomoc-spoleczna'
    """
    return "-".join(re.findall(r"[a-z0-9]+", fold(value)))


DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")


def date(value: object, _ctx: Context) -> dt.date:
    """A calendar date written as RRRR-MM-DD."""
    result = _datetime(value)
    if isinstance(result, dt.datetime):
        return result.date()
    return result


MAX_COPIES = 10_000_000


def copies(value: object, _ctx: Context) -> int:
    """A print run: a whole number of copies, from 1 up."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 < value <= MAX_COPIES
    ):
        raise Invalid(say("not_copies", value=value))
    return value


def document_refs(value: object, ctx: Context) -> list[str]:
    """Addresses of other documents, `dział/nazwa` (as in the browser)."""
    found = []
    for item in text_list(value, ctx):
        address = item.strip("/")
        if address.count("/") != 1 or not all(map(SLUG.match, address.split("/"))):
            raise Invalid(say("not_document_address", value=item))
        found.append(address)
    return found


def date_or_datetime(value: object, _ctx: Context) -> dt.date | dt.datetime:
    """A date (RRRR-MM-DD) or a date with time (RRRR-MM-DD GG:MM)."""
    return _datetime(value)


def _datetime(value: object) -> dt.date | dt.datetime:
    match = DATE_RE.match(str(value).strip())
    if not match:
        raise Invalid(say("not_date", value=value))
    year, month, day = (int(g) for g in match.groups()[:3])
    try:
        if match[4] is None:
            return dt.date(year, month, day)
        return dt.datetime(year, month, day, int(match[4]), int(match[5]))
    except ValueError:
        raise Invalid(say("no_such_date", value=value)) from None


def choice(value: object, known: frozenset[str], what: str, where: str) -> str:
    """One of `known`, else Invalid naming `what`, the list and `where` it is."""
    result = text(value, _NO_CONTEXT)
    if result not in known:
        found = say(
            "unknown_choice",
            what=what,
            value=result,
            suggestion=suggest(result, known),
            where=where,
            known=", ".join(sorted(known)),
        )
        raise Invalid(found)
    return result


def body(value: object, ctx: Context) -> str:
    """A publishing body: an id from `podmioty` in bip.yaml."""
    return choice(value, ctx.bodies, "podmiot", "bip.yaml (podmioty → id)")


def category(value: object, ctx: Context) -> str:
    """A category of the menu przedmiotowe: a slug from `menu` in bip.yaml."""
    return choice(value, ctx.categories, "dział menu", "bip.yaml (menu → slug)")


def kind(value: object, ctx: Context) -> str:
    """A kind of document: one of `rodzaje` in bip.yaml."""
    return choice(value, ctx.kinds, "rodzaj dokumentu", "bip.yaml (rodzaje)")


ATTACHMENT_KEYS = {"plik": "nazwa pliku", "opis": "opis załącznika"}


class Invalids(Exception):
    """Several invalid parts of one value (e.g. two bad attachments)."""

    def __init__(self, problems: list[Invalid]) -> None:
        super().__init__(problems[0].said.message)
        self.problems = problems


def attachments(value: object, ctx: Context) -> list[dict[str, str]]:
    """Attachments: a list of {plik, opis}; files lie in the document's folder."""
    if not isinstance(value, list):
        raise Invalid(say("attachments_not_list"))
    result, bad = [], []
    for index, item in enumerate(value):
        try:
            entry = _mapping(item, ATTACHMENT_KEYS, "attachment")
            entry["plik"] = attachment_path(entry["plik"], ctx)
            result.append(entry)
        except Invalid as exc:
            bad.append(Invalid(exc.said, f"{index}.{exc.key}".strip(".")))
    if bad:
        raise Invalids(bad)
    return result


def attachment_path(name: str, ctx: Context, what: str = "załącznika") -> str:
    """Check that a file named in a document lies in, and exists in, its folder."""
    folder = f"{ctx.attachment_dir}/" if ctx.attachment_dir else "dokumentu"
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or name.startswith(("http:", "https:")):
        raise Invalid(
            say("outside_folder", what=what, name=name, folder=folder), "plik"
        )
    suffix = path.suffix.lower().removeprefix(".")
    allowed = IMAGES if what == "obrazu" else FORMATS
    if suffix not in allowed:
        found = say(
            "forbidden_format",
            what=what,
            name=name,
            suffix=suffix,
            allowed=", ".join(sorted(allowed)),
        )
        raise Invalid(found, "plik")
    if str(path) in ctx.unusable:
        found = wrap(
            "unusable_attachment", ctx.unusable[str(path)], what=what, name=name
        )
        raise Invalid(found, "plik")
    if str(path) not in ctx.attachment_files:
        found = say(
            "missing_attachment",
            what=what,
            name=name,
            folder=folder,
            suggestion=suggest(str(path), ctx.attachment_files),
        )
        raise Invalid(found, "plik")
    return str(path)


RESTRICTION_KEYS = {
    "zakres": "zakres wyłączenia jawności",
    "podstawa_prawna": "podstawa prawna wyłączenia",
    "kto": "kto wyłączył jawność (organ lub osoba)",
}


def restriction(value: object, _ctx: Context) -> dict[str, str]:
    """A restriction of openness: all of {zakres, podstawa_prawna, kto}."""
    return _mapping(value, RESTRICTION_KEYS, "restriction")


FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field(
            "tytul",
            "title",
            text,
            "Tytuł dokumentu.",
            "Ogłoszenie o naborze na stanowisko księgowej",
            required=True,
            label="Tytuł",
        ),
        Field(
            "podmiot",
            "publisher",
            body,
            "Podmiot udostępniający informację: identyfikator z listy `podmioty` "
            "w bip.yaml.",
            "urzad",
            required=True,
            label="Podmiot udostępniający",
        ),
        Field(
            "kategoria",
            "menu_category",
            category,
            "Dział menu przedmiotowego: slug z listy `menu` w bip.yaml.",
            "nabory",
            required=True,
            label="Kategoria menu przedmiotowego",
        ),
        Field(
            "wytworzyl",
            "produced_by",
            person,
            "Kto wytworzył informację lub odpowiada za jej treść: podklucze "
            "`osoba` i `funkcja`.",
            "{osoba: Anna Nowak, funkcja: Sekretarz Miasta}",
            required=True,
            label="Informację wytworzył",
        ),
        Field(
            "data_wytworzenia",
            "produced_on",
            date,
            "Data wytworzenia dokumentu (RRRR-MM-DD); nie może być z przyszłości.",
            "2026-03-15",
            required=True,
            label="Data wytworzenia",
        ),
        Field(
            "numer",
            "number",
            text,
            "Numer lub znak dokumentu, tak jak na dokumencie.",
            "XLII/123/2022",
            label="Numer lub znak dokumentu",
        ),
        Field(
            "rodzaj",
            "kind",
            kind,
            "Rodzaj dokumentu: jeden z listy `rodzaje` w bip.yaml.",
            "uchwała",
            label="Rodzaj dokumentu",
        ),
        Field(
            "naklad",
            "print_run",
            copies,
            "Nakład wydania drukowanego (liczba egzemplarzy), np. numeru "
            "biuletynu gminy lub jego dodatku.",
            "2500",
            label="Nakład (liczba egzemplarzy)",
        ),
        Field(
            "dodatki",
            "supplements",
            document_refs,
            "Tylko w numerze biuletynu (`rodzaj: biuletyn`): dodatki do numeru, "
            "każdy opublikowany jako osobny dokument; wpisz ich adresy w BIP "
            "(dział/nazwa, bez daty i .md).",
            "[urzad/dodatek-kalendarz-odbioru-odpadow-2027]",
            label="Dodatki do numeru",
        ),
        Field(
            "wprowadzil",
            "entered_by",
            text,
            "Kto wprowadził informację do BIP. Zwykle pomiń: metryczka poda "
            "autora commita, który dodał plik. Wpisz tylko, by to nadpisać "
            "(np. dokument przeniesiony z poprzedniego BIP).",
            "Jan Kowalski",
            label="Informację wprowadził",
        ),
        Field(
            "data_udostepnienia",
            "published_at",
            date_or_datetime,
            "Data udostępnienia w BIP (RRRR-MM-DD lub RRRR-MM-DD GG:MM). Zwykle "
            "pomiń: to chwila, w której plik trafił do gałęzi głównej. Data "
            "z przyszłości wstrzymuje publikację do tego dnia.",
            "2026-03-16 09:30",
            label="Data udostępnienia",
        ),
        Field(
            "data_archiwizacji",
            "archived_on",
            date,
            "Data przeniesienia do archiwum (RRRR-MM-DD).",
            "2027-03-31",
            label="Data przeniesienia do archiwum",
        ),
        Field(
            "zalaczniki",
            "attachments",
            attachments,
            "Załączniki: lista par `plik` (nazwa pliku w folderze dokumentu) i `opis`.",
            "[{plik: regulamin.pdf, opis: Regulamin naboru}]",
            label="Załączniki",
        ),
        Field(
            "wylaczenie",
            "restriction",
            restriction,
            "Wyłączenie jawności: `zakres`, `podstawa_prawna` i `kto` (wszystkie "
            "trzy wymagane).",
            "{zakres: dane osobowe, podstawa_prawna: art. 5 ust. 2 u.d.i.p., "
            "kto: Burmistrz}",
            label="Wyłączenie jawności",
        ),
        Field(
            "slowa_kluczowe",
            "keywords",
            text_list,
            "Słowa kluczowe ułatwiające wyszukiwanie (lista).",
            "[nabór, księgowość]",
            label="Słowa kluczowe",
        ),
    )
}

PAGE_FIELDS: dict[str, Field] = {
    "tytul": Field(
        "tytul", "title", text, "Tytuł strony.", "Instrukcja", True, "Tytuł"
    ),
    "opis": Field(
        "opis", "summary", text, "Krótki opis strony.", "Jak korzystać", label="Opis"
    ),
}


def validate(
    path: str, doc: Document, ctx: Context, fields: dict[str, Field] = FIELDS
) -> tuple[dict, list[Problem]]:
    """Check every key against the table; return metadata and all problems."""
    meta: dict = {}
    problems = clean_strings(path, doc, ctx.limits)
    problems += [
        _unknown_key(path, doc, key, fields) for key in doc.data if key not in fields
    ]
    for spec in fields.values():
        if doc.data.get(spec.key) in (None, ""):
            if spec.required:
                problems.append(_missing(path, spec))
            continue
        try:
            meta[spec.attr] = spec.parse(doc.data[spec.key], ctx)
        except Invalid as exc:
            problems.append(_invalid(path, doc, spec.key, exc))
        except Invalids as exc:
            problems += [_invalid(path, doc, spec.key, one) for one in exc.problems]
    problems += _cross_checks(path, doc, meta, ctx)
    return meta, problems


def _invalid(path: str, doc: Document, key: str, exc: Invalid) -> Problem:
    line = doc.line(f"{key}.{exc.key}".strip("."))
    return Problem.at(path, line, wrapped(key, exc.said))


def _unknown_key(
    path: str, doc: Document, key: object, fields: dict[str, Field]
) -> Problem:
    found = say(
        "unknown_key",
        key=key,
        suggestion=suggest(str(key), list(fields)),
        known=", ".join(fields),
    )
    return Problem.at(path, doc.line(str(key)), found)


def _missing(path: str, spec: Field) -> Problem:
    return Problem.at(path, 1, say("missing_key", key=spec.key, example=spec.example))


def _cross_checks(path: str, doc: Document, meta: dict, ctx: Context) -> list[Problem]:
    problems = []
    produced = meta.get("produced_on")
    if produced and produced > ctx.today:
        found = say("date_in_future", key="data_wytworzenia", date=produced.isoformat())
        problems.append(Problem.at(path, doc.line("data_wytworzenia"), found))
    archived = meta.get("archived_on")
    if produced and archived and archived < produced:
        found = say("archived_before_produced")
        problems.append(Problem.at(path, doc.line("data_archiwizacji"), found))
    return problems


# Something that looks like an HTML tag in a text value (shown as text).
TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]{0,200}>")


def clean_strings(path: str, doc: Document, limits_: dict[str, int]) -> list[Problem]:
    """Forbidden characters, over-long values and HTML tags anywhere in YAML data.

    Each is reported at its line; a forbidden character is then replaced by
    U+FFFD in the data, so that nothing later (a preview, an old version's
    page) fails on it.
    """
    problems, dirty = [], False
    for key, value in _strings(doc.data):
        most = limits_["tytul_znaki" if key == "tytul" else "pole_znaki"]
        for fault in text_faults(value, most):
            problems.append(Problem.at(path, doc.line(key), wrapped(key, fault)))
        dirty = dirty or FORBIDDEN.search(value) is not None
    if dirty:
        doc.data = _scrubbed_dict(doc.data)
    return problems


def text_faults(value: str, most: int) -> list[Said]:
    r"""What is wrong with one text value.

    >>> [s.message for s in text_faults("<b>Nabór</b>\x07", 5)]
    ['znak sterujący U+0007 w tekście', 'tekst ma 13 znaków, więcej niż 5']
    """
    faults = []
    bad, tag = bad_character(value), TAG.search(value)
    if bad:
        faults.append(say("forbidden_character_value", character=bad))
    elif tag:
        faults.append(say("html_in_value", tag=tag.group()))
    if len(value) > most:
        faults.append(say("text_too_long", length=len(value), most=most))
    return faults


def wrapped(key: str, said: Said) -> Said:
    """A value's message after the name of its key ("tytul: …")."""
    return wrap("field_invalid", said, key=key)


def _strings(data: object, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(dotted key, text) of every key and string value, depth first."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield f"{prefix}{key}", str(key)
            yield from _strings(value, f"{prefix}{key}.")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, f"{prefix}{index}.")
    elif isinstance(data, str):
        yield prefix.rstrip("."), data


def _scrubbed_dict(data: dict) -> dict:
    return {_scrubbed(k): _scrubbed(v) for k, v in data.items()}


def _scrubbed(data: object) -> object:
    if isinstance(data, dict):
        return _scrubbed_dict(data)
    if isinstance(data, list):
        return [_scrubbed(v) for v in data]
    return FORBIDDEN.sub("\ufffd", data) if isinstance(data, str) else data
