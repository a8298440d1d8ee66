"""Pages rendered from a template, kept by everything the template reads.

A document's page depends on the document (its metadata, body, history
rows, attachments), on values every page shares (the site data, SITEURL)
and on the templates. The names a template can read are found in the
templates themselves (jinja2.meta: the template, what it extends, includes
and imports), so a template that starts reading another value also keys its
pages by it without anyone listing it here. Each page is kept under the
hash of those values and of the templates' sources; a page whose inputs are
unchanged is read back instead of rendered. Values shared by every page
are hashed once per build (see KeptTemplate).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from .cache import Store, fingerprint

PACKAGES = ("Jinja2", "MarkupSafe", "pelican")
SKIPPED = frozenset({"settings", "_context"})  # the whole site, not this page


def read_names(env: jinja2.Environment, name: str) -> frozenset[str] | None:
    """Every top-level name `name` and the templates it uses can read.

    None when one of them names a template only when rendering (an include
    of a variable): what that one reads is unknown, so its pages are never
    kept.
    """
    names: set[str] = set()
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        assert env.loader is not None
        source = env.loader.get_source(env, current)[0]
        tree = env.parse(source)
        names |= meta.find_undeclared_variables(tree)
        used = list(meta.find_referenced_templates(tree))
        if None in used:
            return None
        todo += [t for t in used if t is not None]
    return frozenset(names)


def template_files(env: jinja2.Environment) -> list[Path]:
    """The source files of every template the environment can load."""
    files = []
    for name in sorted(env.list_templates()):
        assert env.loader is not None
        filename = env.loader.get_source(env, name)[1]
        if filename:
            files.append(Path(filename))
    return files


def pages_store(
    folder: Path | None, env: jinja2.Environment, code: Iterable[Path]
) -> Store:
    """Where rendered pages are kept: keyed by templates, filters and `code`."""
    sources = [*template_files(env), *code, Path(__file__)]
    return Store(folder, "pages", fingerprint(sources, PACKAGES))


class KeptTemplate:
    """A template whose pages are read back while what it reads is unchanged.

    `shared` is the context every page of the build starts from: a value
    that is the very object found there is hashed once, not once per page.
    This rests on the site's shared values (the site data, the statement,
    SITEURL) being set before pages are written and not changed in place
    while they are; a value replaced by another object is hashed anew.
    """

    def __init__(
        self,
        template: jinja2.Template,
        names: frozenset[str],
        store: Store,
        shared: Mapping[str, Any],
        hashed: dict[str, tuple[object, str]],
    ) -> None:
        self.template, self.names, self.store = template, names, store
        self.shared, self.hashed = shared, hashed
        self.name = template.name

    def render(self, context: Mapping[str, Any]) -> str:
        """The page for `context`, rendered or read back."""
        try:
            parts = tuple(
                f"{name}={self._hash(name, context.get(name))}"
                for name in sorted(self.names)
            )
        except Unkeyable:  # rendered every time: never kept under a wrong key
            self.store.misses += 1
            return self.template.render(context)
        return self.store.computed(
            (str(self.name), *parts), lambda: self.template.render(context)
        )

    def _hash(self, name: str, value: object) -> str:
        if name in self.shared and self.shared[name] is value:
            found = self.hashed.get(name)
            if found is None or found[0] is not value:
                found = self.hashed[name] = (value, stable_hash(value))
            return found[1]
        return stable_hash(value)


class Unkeyable(Exception):
    """A value that cannot be told from another by its contents."""


def stable_hash(value: object) -> str:
    """A hash of a value by its contents, the same in every build.

    JSON's C encoder does the walk and calls _described() for every object
    it does not know; a cycle (an issue of the newsletter and its
    supplements point to each other) or a key JSON cannot sort takes the
    slower walk of _plain(), which marks a repeat instead.
    """
    try:
        text = _ENCODER.encode(value)
    except (ValueError, TypeError):
        text = json.dumps(_plain(value, set()), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _described(value: object) -> object:
    """An object JSON does not know, as data: its fields, or a stable repr."""
    if isinstance(value, (dt.date, dt.time)):
        return ["date", value.isoformat()]
    if isinstance(value, (set, frozenset)):
        return ["set", sorted(stable_hash(v) for v in value)]
    if callable(value):
        raise Unkeyable(type(value).__name__)
    fields = _fields(value)
    if fields is not None:
        return [type(value).__name__, fields]
    if " at 0x" in (text := repr(value)):  # a repr for this run only
        raise Unkeyable(type(value).__name__)
    return [type(value).__name__, text]


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=_described)


def _plain(value: object, seen: set[int]) -> object:
    """`value` as JSON data, a repeat (a cycle) marked by its type."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if id(value) in seen:
        return ["seen", type(value).__name__]
    seen = seen | {id(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v, seen) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v, seen) for v in value]
    return _plain(_described(value), seen)


def _fields(value: object) -> dict[str, object] | None:
    """An object's attributes (__dict__ and __slots__), or None if it has none.

    Not the whole site: Pelican's documents carry the settings and the
    context of every page, which the template reads by name if at all.
    """
    slots = [s for c in type(value).__mro__ for s in getattr(c, "__slots__", ())]
    if not hasattr(value, "__dict__") and not slots:
        return None
    fields = dict(getattr(value, "__dict__", {}))
    fields.update((s, getattr(value, s, None)) for s in slots if s != "__weakref__")
    return {k: v for k, v in fields.items() if k not in SKIPPED}
