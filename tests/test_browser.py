"""Real Chromium with axe-core: zero WCAG 2.1 A/AA violations on each page type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import WCAG_TAGS, serving
from conftest import DEMO_STATS, build, demo_content, index_of

PAGE_TYPES = {
    "home": "/",
    "category": "/kategoria/oswiata/",
    "empty category": "/kategoria/pusta/",
    "document with attachments": "/oswiata/rekrutacja/",
    "system page": "/instrukcja/",
    "redakcja": "/redakcja/",
    "dane podmiotu": "/dane-podmiotu/",
    "mapa strony": "/mapa-strony/",
    "słownik skrótów": "/slownik-skrotow/",
    "rejestr zmian": "/rejestr-zmian/",
    "deklaracja dostępności": "/deklaracja-dostepnosci/",
    "earlier version": "/oswiata/rekrutacja/wersje/1/",
    "comparison of versions": "/oswiata/rekrutacja/zmiany/2/",
    "404": "/404.html",
    "search results": "/szukaj?q=rekrutacja",
    "search without results": "/szukaj?q=harmongram",
}


@pytest.fixture(scope="module")
def browser_page(chromium, basic_site: Path) -> Iterator[tuple[object, str]]:
    with serving(basic_site, index_of(basic_site)) as base:
        page = chromium.new_page()
        yield page, base
        page.close()


# Pages only the demo has (history, archive, removal, pagination, system pages).
DEMO_PAGE_TYPES = {
    "category archive": "/kategoria/zamowienia/archiwum/",
    "archived document": "/urzad/przetarg-budowa-placu-zabaw/",
    "removed document": "/urzad/utrudnienia-w-ruchu-ul-lipowa/",
    "rejestr usuniętych": "/rejestr-usunietych/",
    "informacje nieudostępnione": "/informacje-nieudostepnione/",
    "paginated listing": "/dokumenty/strona/2/",
    "document with history": "/rada-miejska/uchwala-budzetowa-2026/",
    "earlier version with attachments": "/rada-miejska/uchwala-budzetowa-2026/wersje/1/",
    "statistics": "/statystyka/",
    "newsletter issues": "/biuletyn/",
    "newsletter issue with a supplement": "/urzad/wiesci-jarzebinowskie-4-2026/",
    "newsletter supplement": "/urzad/dodatek-rozklad-jazdy-komunikacji-gminnej/",
}


@pytest.fixture(scope="module")
def demo_page(chromium, tmp_path_factory) -> Iterator[tuple[object, str]]:
    work = tmp_path_factory.mktemp("demo-browser")
    site = build(demo_content(work), work / "out", BIP_STATS=DEMO_STATS)
    with serving(site, index_of(site)) as base:
        page = chromium.new_page()
        yield page, base
        page.close()


def axe_violations(page, base: str, path: str) -> list:
    response = page.goto(base + path)
    assert response.ok
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_axe_finds_no_violations(browser_page, path: str) -> None:
    assert axe_violations(*browser_page, path) == []


@pytest.mark.parametrize("path", DEMO_PAGE_TYPES.values(), ids=DEMO_PAGE_TYPES.keys())
def test_axe_finds_no_violations_in_history_pages(demo_page, path: str) -> None:
    assert axe_violations(*demo_page, path) == []


def test_moved_document_leads_to_its_new_address(demo_page) -> None:
    page, base = demo_page
    page.goto(base + "/urzad/zamkniecie-ul-ogrodowej/")
    page.wait_for_url("**/gospodarka-komunalna/zamkniecie-ulicy-ogrodowej/")
    assert page.locator("h1").inner_text().startswith("Czasowe zamknięcie ulicy")


def test_skip_link_is_first_and_visible_on_focus(browser_page) -> None:
    page, base = browser_page
    page.goto(base + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Przejdź do treści"
    box = page.locator(".bip-skip-link").bounding_box()
    assert box["y"] >= 0


def test_no_horizontal_scroll_at_320px(browser_page) -> None:
    page, base = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/oswiata/rekrutacja/", "/redakcja/"):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, path
    page.set_viewport_size({"width": 1280, "height": 800})


def test_print_hides_navigation_and_keeps_metryczka(browser_page) -> None:
    page, base = browser_page
    page.goto(base + "/oswiata/rekrutacja/")
    page.emulate_media(media="print")
    assert not page.locator("nav.bip-menu").is_visible()
    assert not page.locator("form[role=search]").is_visible()
    assert page.locator(".bip-metryczka").is_visible()
    page.emulate_media(media="screen")


# Focus is visible when the focused element draws an outline or a shadow.
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    text: (el.innerText || el.value || el.getAttribute("aria-label") || el.tagName).trim(),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    visible: el.getBoundingClientRect().width > 0,
  };
}"""


@pytest.mark.parametrize("path", ["/", "/szukaj?q=rekrutacja"])
def test_keyboard_walk_shows_focus_on_every_stop(browser_page, path: str) -> None:
    page, base = browser_page
    page.goto(base + path)
    focusable = page.evaluate(
        "[...document.querySelectorAll('a[href], button, input, select, textarea,"
        ' [tabindex]:not([tabindex="-1"])\')].filter(e => e.offsetParent).length'
    )
    stops = []
    for _ in range(focusable):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # walked past the last stop
        stops.append(page.evaluate(FOCUS_STYLE))
    assert stops[0]["text"] == "Przejdź do treści"
    assert len(stops) >= focusable - 1
    unseen = [s["text"] for s in stops if not (s["outline"] or s["shadow"])]
    assert unseen == []
    assert all(s["visible"] for s in stops)


def test_text_at_200_percent_stays_on_screen(browser_page) -> None:
    page, base = browser_page
    for path in ("/", "/oswiata/rekrutacja/", "/szukaj?q=rekrutacja"):
        page.goto(base + path)
        # Text-only zoom (WCAG 1.4.4); CSSOM, which the pages' CSP allows.
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], path
        assert page.locator("h1").is_visible()


def test_system_contrast_and_forced_colours_are_followed(browser_page) -> None:
    page, base = browser_page
    page.goto(base + "/oswiata/rekrutacja/")
    link = "getComputedStyle(document.querySelector('main a')).color"
    normal = page.evaluate(link)
    page.emulate_media(contrast="more")
    assert page.evaluate(link) != normal  # darker links on request
    page.emulate_media(contrast="no-preference", forced_colors="active")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUS_STYLE)["outline"]
    page.emulate_media(forced_colors="none")


PHONE = {"width": 375, "height": 700}


def test_phone_shows_content_first_and_menu_behind_a_button(
    chromium, browser_page
) -> None:
    _, base = browser_page
    page = chromium.new_page(viewport=PHONE)
    page.goto(base + "/oswiata/rekrutacja/")
    button = page.get_by_role("button", name="Menu przedmiotowe")
    assert button.get_attribute("aria-expanded") == "false"
    assert not page.locator("#bip-menu-list").is_visible()
    assert page.locator("h1").bounding_box()["y"] < PHONE["height"]
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator("#bip-menu-list a").first.is_visible()
    assert axe_violations(page, base, "/oswiata/rekrutacja/") == []
    page.close()


def test_menu_stays_open_without_javascript(chromium, browser_page) -> None:
    _, base = browser_page
    context = chromium.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base + "/oswiata/rekrutacja/")
    assert page.locator("#bip-menu-list a").first.is_visible()
    assert page.get_by_role("button", name="Menu przedmiotowe").count() == 0
    context.close()
