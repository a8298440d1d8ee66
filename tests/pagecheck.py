"""Checks every built page must pass (used on fixture sites and the demo)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

FOOTER_LINKS = (
    "Redakcja",
    "Instrukcja korzystania z BIP",
    "Informacje nieudostępnione w BIP",
    "Deklaracja dostępności",
    "Rejestr zmian",
    "Mapa strony",
)
METRYCZKA_LABELS = (
    "Podmiot udostępniający",
    "Informację wytworzył",
    "Informację wprowadził",
    "Data wytworzenia",
    "Data udostępnienia",
)
# Attributes through which a page loads something (links to follow are fine).
LOADING = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "form": ("action",),
}
SITE_HOSTS = {"", "bip.jarzebinow.example"}


def page_problems(soup: BeautifulSoup) -> list[str]:
    """Everything wrong with one page's shared structure."""
    problems = []
    if soup.html.get("lang") != "pl":
        problems.append("lang is not pl")
    if len(soup.find_all("h1")) != 1:
        problems.append(f"{len(soup.find_all('h1'))} h1 elements")
    logo = soup.select_one("header a[href='https://www.gov.pl/bip'] img")
    if logo is None or logo.get("alt") != "Biuletyn Informacji Publicznej":
        problems.append("no BIP logo linking to https://www.gov.pl/bip")
    form = soup.select_one("form[role=search]")
    if (
        form is None
        or not form["action"].endswith("/szukaj")
        or form.get("method") != "get"
    ):
        problems.append("no GET search form to /szukaj")
    elif not soup.select_one("label[for=bip-search-q]") or not form.select_one(
        "input[name=q]"
    ):
        problems.append("search field q is not labelled")
    if soup.select_one("nav[aria-label='Menu przedmiotowe'] a") is None:
        problems.append("no menu przedmiotowe")
    footer = {a.get_text(strip=True) for a in soup.select("footer a")}
    problems += [f"footer lacks {text}" for text in FOOTER_LINKS if text not in footer]
    skip = soup.select_one("a.bip-skip-link")
    if skip is None or soup.find(id=skip["href"].lstrip("#")) is None:
        problems.append("skip link without target")
    problems += foreign_resources(soup)
    problems += [
        f"img without alt: {img}" for img in soup.find_all("img") if not img.get("alt")
    ]
    problems += [
        f"empty link text: {a}"
        for a in soup.find_all("a")
        if not a.get_text(strip=True) and not a.find("img", alt=True)
    ]
    return problems


def foreign_resources(soup: BeautifulSoup) -> list[str]:
    """Resources a page would load from another host."""
    found = []
    for tag, attributes in LOADING.items():
        for element in soup.find_all(tag):
            for attribute in attributes:
                for value in re.split(r",\s*", element.get(attribute) or ""):
                    host = urlsplit(value.strip().split(" ")[0]).hostname or ""
                    if host not in SITE_HOSTS:
                        found.append(f"{tag} {attribute} loads from {host}")
    for style in soup.find_all(style=True):
        if "url(" in style["style"]:
            found.append(f"inline style loads {style['style']}")
    return found


def metryczka_problems(soup: BeautifulSoup) -> list[str]:
    """A document page's metryczka: all five labels, values, machine dates."""
    box = soup.select_one(".bip-metryczka")
    if box is None:
        return ["no metryczka"]
    rows = {
        dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in box.find_all("dt")
    }
    problems = [
        f"metryczka lacks {label}" for label in METRYCZKA_LABELS if label not in rows
    ]
    for label, value in rows.items():
        text = value.get_text(strip=True)
        if not text or text in {"None", "brak danych"} or "{{" in text or "$" in text:
            problems.append(f"metryczka {label} is {text!r}")
    for label in ("Data wytworzenia", "Data udostępnienia"):
        time = rows.get(label) and rows[label].find("time")
        if not time or not re.fullmatch(
            r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?", time["datetime"]
        ):
            problems.append(f"metryczka {label} has no <time datetime>")
    return problems
