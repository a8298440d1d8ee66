"""The municipality's data (bip.yaml): bodies, editors, departments, menu, kinds."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import limits
from .addresses import EDITOR
from .fields import (
    Context,
    Invalid,
    choice,
    clean_strings,
    email,
    fold,
    phone,
    phone_or_none,
    slug,
    suggest,
    text,
    web_address,
    wrapped,
)
from .frontmatter import Document, data_file
from .messages import say
from .problems import Problem

FILENAME = "bip.yaml"
RESERVED_SLUGS = frozenset(
    {"kategoria", "pages", "theme", "szukaj", "strona", "feeds", "static", EDITOR}
)
# The web editor (docs/edytor.md): where the repository is and how the editor
# signs in. Keys each server needs besides `serwer` and `repozytorium`.
EDITOR_KEYS = {
    "gitlab": ("aplikacja",),
    "github": ("adres",),
    "gitea": ("adres", "aplikacja"),
}


@dataclass
class MenuItem:
    """One node of the menu przedmiotowe."""

    slug: str
    name: str
    parent: str | None = None
    mandatory: bool = False
    description: str = ""
    children: list[MenuItem] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Relative URL of the category listing."""
        return f"kategoria/{self.slug}/"

    def subtree(self) -> list[str]:
        """Slugs of this item and all its descendants, depth first."""
        return [self.slug] + [s for child in self.children for s in child.subtree()]


@dataclass
class SiteData:
    """Everything bip.yaml says, as plain data for templates and checks."""

    municipality: dict
    bodies: dict[str, dict]
    departments: dict[str, str]
    menu: list[MenuItem]
    kinds: list[str]
    abbreviations: dict[str, str]
    limits: dict[str, int] = field(default_factory=limits.defaults)
    editor: dict = field(default_factory=dict)  # `edytor`: empty without an editor
    counter: bool = False  # `statystyki: {licznik: true}`: views on document pages

    @property
    def categories(self) -> dict[str, MenuItem]:
        """Every menu node by slug, depth first."""
        found: dict[str, MenuItem] = {}

        def walk(items: list[MenuItem]) -> None:
            for item in items:
                found[item.slug] = item
                walk(item.children)

        walk(self.menu)
        return found

    def trail(self, slug: str) -> list[MenuItem]:
        """Menu items from the top down to `slug` (empty for an unknown slug)."""
        categories = self.categories
        trail: list[MenuItem] = []
        item = categories.get(slug)
        while item is not None:
            trail.insert(0, item)
            item = categories.get(str(item.parent)) if item.parent else None
        return trail


REQUIRED = {
    "gmina": (
        "nazwa",
        "adres",
        "nip",
        "regon",
        "epuap",
        "telefon",
        "email",
        "godziny_pracy",
    ),
    "podmioty": ("id", "nazwa", "typ", "adres", "redaktorzy"),
    "redaktorzy": ("imie_nazwisko", "telefon", "faks", "email"),
    "dzialy": ("slug", "nazwa"),
    "menu": ("slug", "nazwa"),
    "edytor": ("serwer", "repozytorium"),
}


def parse(path: str, text: str) -> tuple[SiteData | None, list[Problem]]:
    """Read bip.yaml and report every gap, with lines."""
    doc, problems = data_file(path, text, say("site_data_not_mapping"))
    if doc is None:
        return None, problems
    limits_, found = limits.parse(path, doc.data.get("limity"), doc.line("limity"))
    problems += found + clean_strings(path, doc, limits_)
    problems += _required(path, doc)
    problems += _menu_problems(path, doc)
    problems += _missing_required(path, doc)
    problems += _format_problems(path, doc)
    site = _build(doc.data)
    site.limits = limits_
    return site, problems


REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+$")


def editor_server(value: object, ctx: Context) -> str:
    """The server of the content repository: gitlab, github or gitea."""
    return choice(value, frozenset(EDITOR_KEYS), "serwer", "bip.yaml (edytor → serwer)")


def repository(value: object, ctx: Context) -> str:
    """A repository as its server names it: grupa/projekt."""
    result = text(value, ctx)
    if not REPOSITORY.match(result):
        raise Invalid(say("not_repository", value=result))
    return result


def yes_or_no(value: object, _ctx: Context) -> bool:
    """A yes or no: YAML true or false."""
    if not isinstance(value, bool):
        raise Invalid(say("not_yes_or_no", value=value))
    return value


# Values with a form of their own: they become links (mailto:, tel:, http)
# or parts of addresses. `*` stands for any position in a list.
FORMATS = {
    "gmina.email": email,
    "gmina.telefon": phone,
    "gmina.bip_glowny": web_address,
    "podmioty.*.id": slug,
    "podmioty.*.email": email,
    "podmioty.*.telefon": phone,
    "podmioty.*.redaktorzy.*.email": email,
    "podmioty.*.redaktorzy.*.telefon": phone,
    "podmioty.*.redaktorzy.*.faks": phone_or_none,
    "dzialy.*.slug": slug,
    "menu.*.slug": slug,
    "menu.*.rodzic": slug,
    "edytor.serwer": editor_server,
    "edytor.adres": web_address,
    "edytor.repozytorium": repository,
    "edytor.galaz": text,
    "edytor.folder": text,
    "edytor.aplikacja": text,
    "edytor.przeglad": yes_or_no,
    "statystyki.licznik": yes_or_no,
}


def _format_problems(path: str, doc: Document) -> list[Problem]:
    """Every address, number and identifier that does not have its form."""
    problems = []
    for key in doc.lines:
        parse = FORMATS.get(re.sub(r"\.\d+(?=\.|$)", ".*", key))
        value = _at(doc.data, key)
        if parse is None or value in (None, ""):
            continue
        try:
            parse(value, _CONTEXT)
        except Invalid as exc:
            problems.append(Problem.at(path, doc.line(key), wrapped(key, exc.said)))
    return problems


_CONTEXT = Context()


def _at(data: object, key: str) -> object:
    """The value at a dotted key path (list positions are numbers)."""
    for part in key.split("."):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def _required(path: str, doc: Document) -> list[Problem]:
    problems = []
    data = doc.data
    for key in ("gmina", "podmioty", "dzialy", "menu", "rodzaje"):
        if not data.get(key):
            problems.append(Problem.at(path, 1, say("missing_section", key=key)))
    problems += _missing_keys(path, doc, "gmina", data.get("gmina"), REQUIRED["gmina"])
    editor = data.get("edytor")
    server = str(editor.get("serwer")) if isinstance(editor, dict) else ""
    wanted = REQUIRED["edytor"] + EDITOR_KEYS.get(server, ())
    problems += _missing_keys(path, doc, "edytor", editor, wanted)
    for section in ("podmioty", "dzialy", "menu"):
        for index, item in enumerate(_list(data.get(section))):
            where = f"{section}.{index}"
            problems += _missing_keys(path, doc, where, item, REQUIRED[section])
    for index, body in enumerate(_list(data.get("podmioty"))):
        editors = _list(body.get("redaktorzy") if isinstance(body, dict) else None)
        for number, editor in enumerate(editors):
            where = f"podmioty.{index}.redaktorzy.{number}"
            problems += _missing_keys(path, doc, where, editor, REQUIRED["redaktorzy"])
    return problems


def _missing_keys(
    path: str, doc: Document, where: str, item: object, keys: tuple[str, ...]
) -> list[Problem]:
    if not isinstance(item, dict):
        return (
            []
            if item is None
            else [
                Problem.at(
                    path,
                    doc.line(where),
                    say("item_not_mapping", where=where, keys=", ".join(keys)),
                )
            ]
        )
    more = {"faks": " (gdy nie ma faksu, wpisz: faks: brak)"}
    return [
        Problem.at(
            path,
            doc.line(where),
            say("item_missing_key", where=where, key=key, more=more.get(key, "")),
        )
        for key in keys
        if item.get(key) in (None, "", [])
    ]


def _menu_problems(path: str, doc: Document) -> list[Problem]:
    problems = []
    slugs: dict[str, int] = {}
    for index, item in enumerate(_list(doc.data.get("menu"))):
        if not isinstance(item, dict):
            continue
        slug, parent = str(item.get("slug", "")), item.get("rodzic")
        line = doc.line(f"menu.{index}")
        if slug in slugs:
            problems.append(
                Problem.at(
                    path, line, say("menu_slug_twice", slug=slug, first=slugs[slug])
                )
            )
        slugs.setdefault(slug, line)
        known = [
            str(i.get("slug"))
            for i in _list(doc.data.get("menu"))
            if isinstance(i, dict)
        ]
        if parent is not None and str(parent) not in known:
            problems.append(
                Problem.at(
                    path,
                    line,
                    say(
                        "menu_unknown_parent",
                        parent=parent,
                        suggestion=suggest(str(parent), known),
                    ),
                )
            )
    # Departments are top-level folders of the site; menu slugs live under
    # kategoria/ and cannot collide.
    for index, item in enumerate(_list(doc.data.get("dzialy"))):
        if isinstance(item, dict) and fold(str(item.get("slug", ""))) in RESERVED_SLUGS:
            problems.append(
                Problem.at(
                    path,
                    doc.line(f"dzialy.{index}"),
                    say("reserved_slug", slug=item["slug"]),
                )
            )
    return problems


REQUIRED_FILE = Path(__file__).with_name("obowiazkowe.yaml")


@functools.cache
def required_categories() -> dict[str, list[dict]]:
    """Menu categories the law requires, by type of body (obowiazkowe.yaml)."""
    return yaml.safe_load(REQUIRED_FILE.read_text(encoding="utf-8"))


def _required_for(data: dict) -> dict[str, tuple[dict, str]]:
    """Required slug → (its entry, the body type that requires it)."""
    found: dict[str, tuple[dict, str]] = {}
    for body in _list(data.get("podmioty")):
        kind = str(body.get("typ", "")) if isinstance(body, dict) else ""
        for entry in required_categories().get(kind, []):
            found.setdefault(entry["slug"], (entry, kind))
    return found


def _missing_required(path: str, doc: Document) -> list[Problem]:
    """Each required category the menu lacks is an error."""
    menu = {
        str(i.get("slug")) for i in _list(doc.data.get("menu")) if isinstance(i, dict)
    }
    return [
        Problem.at(
            path,
            doc.line("menu"),
            say(
                "missing_required_category",
                name=entry["nazwa"],
                basis=entry["podstawa"],
                kind=kind,
                slug=slug,
            ),
        )
        for slug, (entry, kind) in _required_for(doc.data).items()
        if slug not in menu
    ]


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _build(data: dict) -> SiteData:
    required = _required_for(data)
    items = {
        str(i["slug"]): MenuItem(
            str(i["slug"]),
            str(i.get("nazwa", "")),
            i.get("rodzic"),
            bool(i.get("obowiazkowa")) or str(i["slug"]) in required,
            str(i.get("opis", "")),
        )
        for i in _list(data.get("menu"))
        if isinstance(i, dict) and i.get("slug")
    }
    roots: list[MenuItem] = []
    for item in items.values():
        parent = items.get(str(item.parent)) if item.parent else None
        (parent.children if parent else roots).append(item)
    return SiteData(
        municipality=data.get("gmina") or {},
        bodies={
            str(b["id"]): b
            for b in _list(data.get("podmioty"))
            if isinstance(b, dict) and b.get("id")
        },
        departments={
            str(d["slug"]): str(d.get("nazwa", ""))
            for d in _list(data.get("dzialy"))
            if isinstance(d, dict) and d.get("slug")
        },
        menu=roots,
        kinds=[str(k) for k in _list(data.get("rodzaje"))],
        editor=data["edytor"] if isinstance(data.get("edytor"), dict) else {},
        counter=_at(data, "statystyki.licznik") is True,
        abbreviations={
            str(a.get("skrot")): str(a.get("znaczenie"))
            for a in _list(data.get("skroty"))
            if isinstance(a, dict)
        },
    )
