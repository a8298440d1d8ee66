"""Rendered pages kept by what their templates read (bip_content.pages)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import jinja2
import pytest
from bip_content.cache import Store
from bip_content.pages import (
    KeptTemplate,
    Unkeyable,
    pages_store,
    read_names,
    stable_hash,
)
from bip_site.dates import FILTERS
from conftest import ROOT
from kept import change_kept

TEMPLATES = {
    "base.html": "<title>{{ SITENAME }}</title>{% block body %}{% endblock %}",
    "doc.html": (
        '{% extends "base.html" %}{% from "m.html" import box with context %}'
        "{% block body %}{{ box(article.title) }} {{ bip.name }}{% endblock %}"
    ),
    "m.html": "{% macro box(text) %}[{{ text }}|{{ footer }}]{% endmacro %}",
}


@dataclasses.dataclass
class Doc:
    title: str
    when: dt.date
    rows: list = dataclasses.field(default_factory=list)


class Site:
    def __init__(self, name: str) -> None:
        self.name = name


class Slotted:
    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value


def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)


def test_the_names_come_from_the_template_and_all_it_uses() -> None:
    names = read_names(environment(), "doc.html")
    assert {"SITENAME", "article", "bip", "footer"} <= names  # footer: macro


def test_a_template_named_only_when_rendering_makes_the_names_unknown() -> None:
    env = jinja2.Environment(
        loader=jinja2.DictLoader({**TEMPLATES, "d.html": "{% include which %}"})
    )
    assert read_names(env, "d.html") is None


def test_the_demo_document_page_reads_the_site_and_the_document() -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme/templates"))
    env.filters.update(FILTERS)
    names = read_names(env, "article.html")
    assert {"article", "bip", "SITEURL", "version"} <= names


def test_a_hash_follows_contents_not_identity() -> None:
    first = Doc("Nabór", dt.date(2026, 3, 1), [Site("a")])
    assert stable_hash(first) == stable_hash(
        Doc("Nabór", dt.date(2026, 3, 1), [Site("a")])
    )
    for other in (
        Doc("Nabór", dt.date(2026, 3, 2), [Site("a")]),
        Doc("Nabór", dt.date(2026, 3, 1), [Site("b")]),  # deep inside
        Doc("Nabór!", dt.date(2026, 3, 1), [Site("a")]),
    ):
        assert stable_hash(other) != stable_hash(first)
    assert stable_hash(Slotted("x")) != stable_hash(Slotted("y"))
    with_settings = Site("a"), Site("a")
    with_settings[0].settings, with_settings[1].settings = {"X": 1}, {"X": 2}
    assert stable_hash(with_settings[0]) == stable_hash(with_settings[1])


def test_a_value_known_only_by_its_address_is_never_a_key() -> None:
    with pytest.raises(Unkeyable):
        stable_hash({"a": object()})
    with pytest.raises(Unkeyable):
        stable_hash([len])


def test_a_cycle_is_hashed_once() -> None:
    doc = Doc("A", dt.date(2026, 1, 1))
    doc.rows.append(doc)
    assert stable_hash(doc) == stable_hash(doc)


def kept_template(tmp_path, shared: dict, hashed: dict | None = None) -> KeptTemplate:
    env = environment()
    store = Store(tmp_path, "pages", "kod")
    template = env.get_template("doc.html")
    names = read_names(env, "doc.html")
    return KeptTemplate(
        template, names, store, shared, {} if hashed is None else hashed
    )


def test_a_page_is_read_back_until_what_it_reads_changes(tmp_path) -> None:
    shared = {"SITENAME": "Gmina", "bip": Site("Gmina Przykładowa"), "footer": "s"}
    page = kept_template(tmp_path, shared)
    doc = Doc("Nabór", dt.date(2026, 3, 1))
    first = page.render({**shared, "article": doc})
    assert first == "<title>Gmina</title>[Nabór|s] Gmina Przykładowa"
    page.store.flush()
    assert change_kept(tmp_path, "pages", lambda text: text + "<!--Z-->") == 1
    again = kept_template(tmp_path, shared)
    assert again.render({**shared, "article": doc}) == first + "<!--Z-->"
    assert again.render({**shared, "article": Doc("Inny", doc.when)}) != first
    # A value every page shares, changed: each page anew.
    other = {**shared, "bip": Site("Gmina Nowa")}
    assert "Gmina Nowa" in kept_template(tmp_path, other).render(
        {**other, "article": doc}
    )
    assert "<!--Z-->" not in kept_template(tmp_path, shared).render(
        {**shared, "footer": "inna", "article": doc}
    )


def test_a_shared_value_is_hashed_once_per_object(tmp_path) -> None:
    site, hashed = Site("Gmina"), {}
    shared = {"SITENAME": "G", "bip": site, "footer": ""}
    page = kept_template(tmp_path, shared, hashed)
    page.render({**shared, "article": Doc("A", dt.date(2026, 1, 1))})
    assert hashed["bip"][0] is site
    page.render({**shared, "article": Doc("B", dt.date(2026, 1, 1))})
    assert hashed["bip"][0] is site and len(hashed) == len(
        {"SITENAME", "bip", "footer"}
    )


def test_a_page_with_an_unkeyable_value_is_rendered_each_time(tmp_path) -> None:
    shared = {"SITENAME": "G", "bip": Site("G"), "footer": object()}
    page = kept_template(tmp_path, shared)
    doc = Doc("A", dt.date(2026, 1, 1))
    page.render({**shared, "article": doc})
    page.render({**shared, "article": doc})
    assert (page.store.hits, page.store.misses) == (0, 2)


def test_the_pages_store_follows_the_templates(tmp_path) -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(tmp_path / "t"))
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.html").write_text("A", encoding="utf-8")
    before = pages_store(tmp_path, env, []).code_hash
    (tmp_path / "t" / "b.html").write_text("B", encoding="utf-8")
    assert pages_store(tmp_path, env, []).code_hash != before
