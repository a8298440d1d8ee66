"""Every component example from its YAML renders to the markup it promises."""

from __future__ import annotations

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

TEMPLATES = ROOT / "theme" / "templates"
COMPONENTS = sorted((TEMPLATES / "components").glob("*/*.yaml"))
MACROS = {
    "metryczka": "bipMetryczka",
    "zalaczniki": "bipZalaczniki",
    "lista_dokumentow": "bipListaDokumentow",
    "okruszki": "bipOkruszki",
    "menu": "bipMenu",
    "stronicowanie": "bipStronicowanie",
    "historia": "bipHistoria",
}


def examples() -> list:
    found = []
    for path in COMPONENTS:
        for example in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]:
            found.append(
                pytest.param(
                    path.parent.name,
                    example,
                    id=f"{path.parent.name}: {example['name']}",
                )
            )
    return found


def render(component: str, params: dict) -> BeautifulSoup:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    env.filters.update({"iso": str, "data_pl": str})
    source = (
        f'{{% from "components/{component}/macro.html" import {MACROS[component]} with context %}}'
        f"{{{{ {MACROS[component]}(params) }}}}"
    )
    html = env.from_string(source).render(params=params, SITEURL="")
    return BeautifulSoup(html, "html.parser")


def test_every_component_has_examples() -> None:
    names = {p.parent.name for p in COMPONENTS}
    assert names == set(MACROS)
    for name in MACROS:
        assert (TEMPLATES / "components" / name / "macro.html").is_file()


@pytest.mark.parametrize(("component", "example"), examples())
def test_example_renders(component: str, example: dict) -> None:
    soup = render(component, example["params"])
    CHECKS[component](soup, example["params"])


def _metryczka(soup: BeautifulSoup, params: dict) -> None:
    section = soup.select_one("section.bip-metryczka")
    assert section["aria-labelledby"] == section.h2["id"]
    labels = [dt.get_text() for dt in section.find_all("dt")]
    assert labels == [row["label"] for row in params["rows"]]
    times = [t["datetime"] for t in section.find_all("time")]
    assert times == [row["datetime"] for row in params["rows"] if "datetime" in row]


def _zalaczniki(soup: BeautifulSoup, params: dict) -> None:
    links = soup.select("a.bip-attachments__link")
    assert [a["href"] for a in links] == [i["href"] for i in params["items"]]
    for link, item in zip(links, params["items"], strict=True):
        assert (
            link.get_text(" ", strip=True) == f"{item['description']} {item['label']}"
        )
    assert (soup.select_one("section") is None) == (not params["items"])


def _lista(soup: BeautifulSoup, params: dict) -> None:
    if not params["items"]:
        assert (
            soup.select_one(".bip-empty").get_text()
            == "Brak informacji do udostępnienia"
        )


def _okruszki(soup: BeautifulSoup, params: dict) -> None:
    nav = soup.select_one("nav")
    assert nav["aria-label"] == "Jesteś tutaj"
    assert (
        nav.select_one("[aria-current=page]").get_text() == params["items"][-1]["text"]
    )
    assert [a["href"] for a in nav.find_all("a")] == [
        i["href"] for i in params["items"][:-1]
    ]


def _menu(soup: BeautifulSoup, params: dict) -> None:
    nav = soup.select_one("nav")
    assert nav["aria-label"] == "Menu przedmiotowe"
    links = [a["href"] for a in nav.find_all("a")]
    if params["current"]:
        assert (
            nav.select_one("[aria-current=page]")["href"]
            == f"/kategoria/{params['current']}/"
        )
        assert links == ["/kategoria/rada/", "/kategoria/uchwaly/"]
    else:
        assert nav.select_one("[aria-current]") is None
        assert links == ["/kategoria/rada/"]  # closed branch: children not listed


def _stronicowanie(soup: BeautifulSoup, params: dict) -> None:
    assert soup.select_one("nav") is None  # one page: no pagination links


def _historia(soup: BeautifulSoup, params: dict) -> None:
    section = soup.select_one("section.bip-historia")
    assert section["aria-labelledby"] == section.h2["id"] == "bip-historia-heading"
    assert section.caption.get_text() == params["caption"]
    rows = section.tbody.find_all("tr")
    assert len(rows) == len(params["rows"])
    for tr, row in zip(rows, params["rows"], strict=True):
        links = [a["href"] for a in tr.find_all("a")]
        assert links == [row[k] for k in ("href", "compare") if row.get(k)]
        assert tr.time["datetime"] == row["when_iso"]
        assert [td.get_text() for td in tr.find_all("td")][1:] == [
            row["who"],
            row["kinds"],
            row["reason"] or "—",
        ]


CHECKS = {
    "historia": _historia,
    "metryczka": _metryczka,
    "zalaczniki": _zalaczniki,
    "lista_dokumentow": _lista,
    "okruszki": _okruszki,
    "menu": _menu,
    "stronicowanie": _stronicowanie,
}


class _Paginator:
    def __init__(self, pages: int) -> None:
        self.num_pages = pages

    def page(self, number: int) -> _Page:
        return _Page(number, self)


class _Page:
    """What the macro reads of a Pelican page of a listing."""

    def __init__(self, number: int, paginator: _Paginator) -> None:
        self.number, self.paginator = number, paginator
        self.url = "lista/" if number == 1 else f"lista/strona/{number}/"

    def has_other_pages(self) -> bool:
        return self.paginator.num_pages > 1

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages


@pytest.mark.parametrize(
    ("current", "pages", "shown"),
    [
        (1, 2, "[1] 2"),
        (3, 7, "1 2 [3] 4 5 6 7"),
        (1, 5000, "[1] 2 3 … 5000"),
        (2500, 5000, "1 … 2498 2499 [2500] 2501 2502 … 5000"),
        (4, 5000, "1 2 3 [4] 5 6 … 5000"),  # no "…" for one page between
        (5000, 5000, "1 … 4998 4999 [5000]"),
    ],
)
def test_pagination_links_a_window_of_pages(
    current: int, pages: int, shown: str
) -> None:
    soup = render(
        "stronicowanie", {"page": _Paginator(pages).page(current), "siteurl": ""}
    )
    items = [
        li.get_text()
        if li.a or "bip-pagination__gap" in (li.get("class") or [])
        else f"[{li.get_text()}]"
        for li in soup.select(".bip-pagination__list li")
        if not (li.a and li.a.get("rel"))
    ]
    assert " ".join(items) == shown
    assert soup.select_one("[aria-current=page]").get_text() == str(current)
    links = {a["href"] for a in soup.select("a")}
    assert len(links) <= 9
    assert (soup.select_one("a[rel=next]") is None) == (current == pages)
    assert (soup.select_one("a[rel=prev]") is None) == (current == 1)
