"""Every text a clerk commits is text: a site whose every input carries the
payload set shows it literally and nowhere executes it or navigates away."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bip_content.check import check_site
from bip_search.serve import SiteApp, running
from bip_search.service import SearchApp
from browser import CHROMIUM, CHROMIUM_ARGS, require_chromium
from bs4 import BeautifulSoup
from conftest import FIXTURE_TODAY, SITES, build, index_of
from gitrepo import GitRepo
from htmlsafety import FOREIGN, PAYLOAD, findings
from playwright.sync_api import sync_playwright

SITEURL = "https://bip.testowo.example"
OWN = {"bip.testowo.example", "www.gov.pl", "bip.brpo.gov.pl"}
ATOM = "{http://www.w3.org/2005/Atom}"
# Keys whose values have a form of their own (identifiers, addresses, dates).
FORMED = {
    "id", "slug", "rodzic", "typ", "email", "telefon", "faks", "bip_glowny",
    "skrot", "adres_strony", "architektura_url", "kontakt_email",
    "kontakt_telefon", "status", "obowiazkowa",
}  # fmt: skip
AUTHOR = ('"><img src=x onerror=alert(1)> &lt;b&gt; Ewa', "ewa@testowo.example")


def payloaded(value: object, key: str = "") -> object:
    """Every free-text value replaced by the payload, recursively."""
    if isinstance(value, dict):
        return {k: payloaded(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [payloaded(v, key) for v in value]
    if isinstance(value, str) and key not in FORMED and not key.startswith("data_"):
        return PAYLOAD
    return value


def front_matter(data: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + body


def document(title: str = PAYLOAD, **extra) -> dict:
    return {
        "tytul": title,
        "podmiot": "urzad",
        "kategoria": "oswiata",
        "rodzaj": PAYLOAD,
        "numer": PAYLOAD,
        "wytworzyl": {"osoba": PAYLOAD, "funkcja": PAYLOAD},
        "data_wytworzenia": "2026-02-01",
        "slowa_kluczowe": [PAYLOAD],
        **extra,
    }


# In the body the set is raw HTML for the sanitiser (images need an alt there).
BODY = "\n\n".join(
    [
        "Ogłoszenie o rekrutacji. " + PAYLOAD.replace("<img ", '<img alt="a" '),
        "[odnośnik](javascript:alert(10)) i [drugi](data:text/html,x)",
        PAYLOAD.replace("<img ", '<img alt="a" ').replace(" <", "\n\n<"),
    ]
)


def write_site(repo: GitRepo) -> None:
    """bip.yaml, the statement, documents and commits, all carrying the set."""
    source = SITES / "basic" / "content"
    for name in ("bip.yaml", "deklaracja-dostepnosci.yaml"):
        data = payloaded(yaml.safe_load((source / name).read_text(encoding="utf-8")))
        repo.write(name, yaml.safe_dump(data, allow_unicode=True))
    shutil.copytree(
        source / "oswiata" / "rekrutacja", repo.root / "oswiata" / "rekrutacja"
    )
    bip = yaml.safe_load((repo.root / "bip.yaml").read_text(encoding="utf-8"))
    bip["rodzaje"] = [PAYLOAD]
    bip["skroty"] = [{"skrot": "BIP", "znaczenie": PAYLOAD}]
    repo.write("bip.yaml", yaml.safe_dump(bip, allow_unicode=True))
    repo.write(
        "pages/instrukcja.md", front_matter({"tytul": PAYLOAD, "opis": PAYLOAD}, BODY)
    )
    full = document(
        wprowadzil=PAYLOAD,
        zalaczniki=[{"plik": "zasady.txt", "opis": PAYLOAD}],
        wylaczenie={"zakres": PAYLOAD, "podstawa_prawna": PAYLOAD, "kto": PAYLOAD},
    )
    repo.write("oswiata/2026-02-01-rekrutacja.md", front_matter(full, BODY))
    repo.write("oswiata/2026-02-02-stary-adres.md", front_matter(document(), BODY))
    repo.write("oswiata/2026-02-03-pomylka.md", front_matter(document(), BODY))
    repo.commit(PAYLOAD + "\n\nPowód: " + PAYLOAD, AUTHOR, "2026-02-04T09:00:00+01:00")
    repo.write(
        "oswiata/2026-02-01-rekrutacja.md", front_matter(full, BODY + "\n\nZmiana.")
    )
    repo.git(
        "mv", "oswiata/2026-02-02-stary-adres.md", "oswiata/2026-02-02-nowy-adres.md"
    )
    repo.commit(PAYLOAD, AUTHOR, "2026-02-05T09:00:00+01:00")
    repo.git("rm", "--quiet", "oswiata/2026-02-03-pomylka.md")
    repo.commit("Usunięcie\n\nPowód: " + PAYLOAD, AUTHOR, "2026-02-06T09:00:00+01:00")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("payloads")
    repo = GitRepo(work / "content")
    write_site(repo)
    return build(
        repo.root,
        work / "out",
        "publishconf.py",
        DELETE_OUTPUT_DIRECTORY=False,
        SITEURL=SITEURL,
        FEED_DOMAIN=SITEURL,
    )


def test_payload_site_is_valid_content(site: Path) -> None:
    """The payloads are text a clerk may write: the check accepts them."""
    result = check_site(site.parent / "content", dt.date.fromisoformat(FIXTURE_TODAY))
    assert result.ok, [str(p) for p in result.problems if p.is_error]


def test_no_page_carries_a_vector(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    found = {
        str(page.relative_to(site)): bad
        for page in pages
        if (
            bad := findings(page.read_text(encoding="utf-8"), OWN, "bip-document__body")
        )
    }
    assert found == {}


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("oswiata/rekrutacja/index.html", "h1"),
        ("oswiata/rekrutacja/index.html", ".bip-metryczka__value"),
        ("oswiata/rekrutacja/index.html", ".bip-attachments__link"),
        ("oswiata/rekrutacja/index.html", ".bip-restriction dd"),
        ("oswiata/rekrutacja/index.html", ".bip-historia td"),
        ("oswiata/rekrutacja/wersje/1/index.html", "h1"),
        ("oswiata/stary-adres/index.html", "a"),
        ("oswiata/pomylka/index.html", ".bip-banner p"),
        ("rejestr-zmian/index.html", "td"),
        ("rejestr-usunietych/index.html", "td a"),
        ("index.html", ".bip-doclist__link"),
        ("index.html", ".bip-footer__address"),
        ("redakcja/index.html", "h2"),
        ("dane-podmiotu/index.html", "dd"),
        ("deklaracja-dostepnosci/index.html", "#a11y-kontakt"),
        ("slownik-skrotow/index.html", "dd"),
        ("kategoria/oswiata/index.html", "h1"),
        ("instrukcja/index.html", "h1"),
    ],
)
def test_the_text_is_shown_literally(site: Path, path: str, selector: str) -> None:
    soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
    texts = [" ".join(tag.get_text().split()) for tag in soup.select(selector)]
    assert any(PAYLOAD in text for text in texts), texts[:3]


def test_titles_are_text_in_the_head(site: Path) -> None:
    page = (site / "oswiata" / "rekrutacja" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.title.get_text().startswith(PAYLOAD)
    assert soup.find("meta", attrs={"name": "keywords"})["content"] == PAYLOAD


def test_feeds_and_sitemap_keep_text_as_text(site: Path) -> None:
    feeds = sorted(site.rglob("atom.xml"))
    assert len(feeds) > 5
    for feed in feeds:
        root = ET.parse(feed).getroot()
        for title in root.iter(f"{ATOM}title"):
            assert title.get("type", "text") == "text"
        for content in [*root.iter(f"{ATOM}content"), *root.iter(f"{ATOM}summary")]:
            body = f'<div class="body">{content.text or ""}</div>'  # a document's
            assert findings(body, OWN, "body") == [], feed
    titles = [
        t.text for t in ET.parse(site / "atom.xml").getroot().iter(f"{ATOM}title")
    ]
    assert PAYLOAD in titles
    register = (site / "rejestr-zmian" / "atom.xml").read_text(encoding="utf-8")
    assert FOREIGN not in "".join(ET.fromstring(register).itertext()).split("Tekst")[0]
    ET.parse(site / "sitemap.xml")


@pytest.fixture(scope="module")
def search(site: Path) -> Iterator[str]:
    with running(SearchApp(index_of(site))) as base:
        yield base


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_search_page_and_json_keep_text_as_text(search: str) -> None:
    typed = "rekrutacji " + PAYLOAD[:200]
    page = fetch(f"{search}/szukaj?{urllib.parse.urlencode({'q': typed})}")
    assert findings(page, OWN, "") == []
    soup = BeautifulSoup(page, "html.parser")
    shown = soup.find(id="bip-search-q")["value"]  # up to the 12th word
    assert typed.startswith(shown) and "<script>alert('x1')</script>" in shown
    answer = json.loads(fetch(f"{search}/szukaj.json?q=rekrutacji"))
    assert PAYLOAD in [hit["title"] for hit in answer["results"]]
    assert all("<script" not in hit["snippet"] for hit in answer["results"])


BROWSED = [
    "/",
    "/oswiata/rekrutacja/",
    "/oswiata/rekrutacja/wersje/1/",
    "/oswiata/rekrutacja/zmiany/2/",
    "/oswiata/stary-adres/",  # the site's own redirect to /oswiata/nowy-adres/
    "/oswiata/pomylka/",
    "/rejestr-zmian/",
    "/rejestr-usunietych/",
    "/redakcja/",
    "/dane-podmiotu/",
    "/deklaracja-dostepnosci/",
    "/slownik-skrotow/",
    "/mapa-strony/",
    "/kategoria/oswiata/",
    "/instrukcja/",
    "/szukaj?" + urllib.parse.urlencode({"q": PAYLOAD}),
]
LIVE_DOM = """() => ({
  handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
    .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
  scripts: [...document.scripts].map(s => s.src || 'inline'),
})"""


def test_in_chromium_without_csp_nothing_runs_or_leaves(site: Path) -> None:
    """Served without the CSP that would hide a mistake: no dialog opens, no
    handler is in the live DOM, no request goes to another host and every
    page stays on the site (meta refresh and <base> would move it)."""
    require_chromium()
    host = urlsplit(SITEURL).netloc
    dialogs, foreign = [], []
    with (
        running(SiteApp(site, index_of(site))) as local,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.on(
            "dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())
        )

        def handle(route) -> None:
            url = urlsplit(route.request.url)
            if url.netloc != host:
                foreign.append(route.request.url)
                route.abort()
                return
            answer = route.fetch(
                url=local + url.path + (f"?{url.query}" if url.query else "")
            )
            headers = {
                k: v
                for k, v in answer.headers.items()
                if k != "content-security-policy"
            }
            route.fulfill(response=answer, headers=headers)

        page.route("**/*", handle)
        for path in BROWSED:
            page.goto(SITEURL + path)
            if path == "/oswiata/stary-adres/":
                page.wait_for_url(SITEURL + "/oswiata/nowy-adres/")
            page.wait_for_timeout(100)
            assert urlsplit(page.url).netloc == host, path
            live = page.evaluate(LIVE_DOM)
            assert live["handlers"] == [], path
            assert all(s.endswith("/theme/js/menu.js") for s in live["scripts"]), path
        browser.close()
    assert dialogs == []
    assert foreign == []
