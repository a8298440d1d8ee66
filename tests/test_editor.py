"""The web editor: its form made from the schema, and what it saves.

The form tests read the configuration bip_content.editor makes. The browser
tests run the real thing: Decap CMS from node_modules in Debian's Chromium,
decap-server (Decap's local backend) on 127.0.0.1 over a real git repository,
the page served with the editor's own CSP; then `make check` and a Pelican
build read what the clerk saved.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from bip_content import editor, sitedata
from bip_content.fields import FIELDS
from bip_content.scaffold import slug
from bip_content.tree import fixed_name
from bip_search.serve import SiteApp, running
from browser import WCAG_TAGS, require_chromium
from conftest import ROOT, SITES, build, copy_site, git_site, make, soup
from edytor import EditorSite, decap_server, prepare
from gitrepo import CLERK, git_as
from nginx import get, nginx

SITE_FILES = [
    ROOT / "content",
    SITES / "basic" / "content",
    SITES / "broken" / "content",
]


def require_editor() -> None:
    """Skip without Decap's bundle or Node.js on a developer machine; never in CI."""
    if not (editor.BUNDLE / "decap-cms.js").is_file() or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("Decap CMS or Node.js is missing in CI: make test runs npm ci")
        pytest.skip("the editor needs Node.js and `npm ci` (make test runs it)")


def site_of(content: Path) -> sitedata.SiteData:
    """bip.yaml of a content folder, parsed."""
    site, _ = sitedata.parse("bip.yaml", (content / "bip.yaml").read_text("utf-8"))
    assert site is not None
    return site


def form(content: Path, root: str = "content") -> dict:
    """The editor's configuration for a content folder (local backend)."""
    return editor.config(site_of(content), {"name": "bip-proxy"}, root)


@pytest.mark.parametrize("content", SITE_FILES[:2], ids=["demo", "basic"])
def test_every_dzial_is_a_collection_in_its_folder(content: Path) -> None:
    collections = form(content)["collections"]
    site = site_of(content)
    assert [c["name"] for c in collections] == list(site.departments)
    assert [c["label"] for c in collections] == list(site.departments.values())
    for collection in collections:
        assert collection["folder"] == f"content/{collection['name']}"
        assert collection["slug"] == "{{fields.nazwa}}"
    assert form(content, "")["collections"][0]["folder"] == collections[0]["name"]


@pytest.mark.parametrize("content", SITE_FILES[:2], ids=["demo", "basic"])
def test_every_key_is_a_field_with_the_guides_label_and_hint(content: Path) -> None:
    for collection in form(content)["collections"]:
        fields = collection["fields"]
        assert [f["name"] for f in fields] == [*FIELDS, "body", editor.REASON_KEY]
        for spec, shown in zip(FIELDS.values(), fields, strict=False):
            assert shown["label"] == spec.label and spec.label
            assert shown["hint"] == spec.doc
            assert shown["required"] is spec.required


@pytest.mark.parametrize("content", SITE_FILES[:2], ids=["demo", "basic"])
def test_select_lists_are_those_of_bip_yaml(content: Path) -> None:
    site = site_of(content)
    fields = {f["name"]: f for f in form(content)["collections"][0]["fields"]}

    def values(key: str) -> list[str]:
        return [option["value"] for option in fields[key]["options"]]

    assert values("podmiot") == list(site.bodies)
    assert values("kategoria") == list(site.categories)
    assert values("rodzaj") == site.kinds
    labels = [o["label"] for o in fields["podmiot"]["options"]]
    assert labels == [body["nazwa"] for body in site.bodies.values()]


def test_a_sub_category_names_its_parent() -> None:
    fields = form(ROOT / "content")["collections"][0]["fields"]
    categories = next(f for f in fields if f["name"] == "kategoria")["options"]
    nested = [o["label"] for o in categories if " › " in o["label"]]
    assert nested, "the demo's menu has sub-categories"
    assert all(label.count(" › ") >= 1 for label in nested)


def test_every_parser_of_the_schema_has_a_widget() -> None:
    assert {spec.parse for spec in FIELDS.values()} <= set(editor.WIDGETS)


def test_dates_carry_make_checks_messages() -> None:
    fields = {f["name"]: f for f in form(ROOT / "content")["collections"][0]["fields"]}
    produced = fields["data_wytworzenia"]["bip_komunikaty"]
    assert produced["date_in_future"] == "data_wytworzenia {value} jest z przyszłości"
    assert produced["no_such_date"] == "„{value}” nie jest istniejącą datą"
    assert fields["data_archiwizacji"]["bip_komunikaty"]["date_in_future"] == ""
    pattern = re.compile(fields["data_wytworzenia"]["pattern"][0])
    assert pattern.match("2026-03-15") and not pattern.match("15.03.2026")
    assert not pattern.match("2026-13-01")


def test_the_written_editor_holds_its_configuration(tmp_path: Path) -> None:
    require_editor()
    settings = form(ROOT / "content")
    target = editor.write(tmp_path, settings)
    assert target == tmp_path / "edytor"
    for name in ("index.html", "bip-init.js", "bip-editor.js", "decap-cms.js"):
        assert (target / name).is_file(), name
    text = (target / "config.js").read_text(encoding="utf-8")
    assert text.startswith("window.BIP_CONFIG = ") and text.endswith(";\n")
    assert json.loads(text.removeprefix("window.BIP_CONFIG = ")[:-2]) == settings
    assert "<script>" not in (target / "index.html").read_text(encoding="utf-8")


def test_a_title_cannot_close_the_configuration_script(tmp_path: Path) -> None:
    require_editor()
    settings = form(ROOT / "content")
    settings["collections"][0]["label"] = "</script><script>alert(1)</script>"
    text = (editor.write(tmp_path, settings) / "config.js").read_text("utf-8")
    assert "</script>" not in text
    loaded = json.loads(text.removeprefix("window.BIP_CONFIG = ")[:-2])
    assert loaded["collections"][0]["label"].startswith("</script>")


def test_without_the_bundle_the_message_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="npm ci"):
        editor.write(tmp_path, form(ROOT / "content"), bundle=tmp_path / "brak")


def test_the_policy_allows_only_the_repositorys_server() -> None:
    gitlab = {"name": "bip-gitlab", "base_url": "https://gitlab.gmina.example"}
    gitlab["api_root"] = "https://gitlab.gmina.example/api/v4"
    policy = dict(part.split(" ", 1) for part in editor.policy(gitlab).split("; "))
    assert policy["connect-src"] == "'self' blob: https://gitlab.gmina.example"
    assert policy["script-src"] == "'self' 'unsafe-eval'"
    assert policy["frame-ancestors"] == "'none'"
    local = editor.policy(
        {"name": "bip-proxy", "proxy_url": "http://127.0.0.1:9/api/v1"}
    )
    assert "connect-src 'self' blob: http://127.0.0.1:9;" in local


def test_the_preview_shows_the_metryczka_of_the_published_page() -> None:
    template = (ROOT / "theme" / "templates" / "article.html").read_text("utf-8")
    # A document being written has neither versions nor views yet.
    published = set(re.findall(r'"label": "([^"]+)"', template))
    published -= {"Wersja", "Liczba wyświetleń"}
    script = (ROOT / "theme" / "editor" / "bip-editor.js").read_text("utf-8")
    preview = script.split("function Preview", 1)[1]
    shown = set(re.findall(r'\["([A-ZŁŚŻ][^"]+)", ', preview))
    assert shown == published


# --- In Chromium, against decap-server over a real git repository ---------

TITLE = "Nabór na stanowisko sekretarza szkoły (1/2) — ogłoszenie dyrektora"


def free_port() -> int:
    """A port free on 127.0.0.1 now (decap-server takes its port by number)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def editor_over(content: Path, work: Path, review: bool = False) -> Iterator[str]:
    """The editor over `content`'s git repository, served; yields its URL."""
    require_chromium()
    require_editor()
    site = build(content, work / "site")
    with decap_server(content, free_port(), review) as proxy:
        backend = prepare(content, site, proxy, review)
        app = EditorSite(SiteApp(site, work / "site-index"), editor.policy(backend))
        with running(app) as base:
            yield f"{base}/{editor.FOLDER}/"


@pytest.fixture(scope="module")
def editing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The editor over the basic site's git repository; yields (URL, content)."""
    tmp = tmp_path_factory.mktemp("edytor")
    content = git_site("basic", tmp)
    with editor_over(content, tmp) as url:
        yield url, content


# The clerk's time zone: one where today's date is not UTC's (the Etc/GMT
# names count the other way), so a file dated by UTC shows in the tests.
CLERK_ZONE = "Etc/GMT+12" if dt.datetime.now(dt.UTC).hour < 12 else "Etc/GMT-14"


@pytest.fixture
def clerk(editing, chromium) -> Iterator[object]:
    """A page logged in to the editor (decap-server needs no password).

    The editor is set up before Chromium, so that Chromium and its open
    connections are gone before the server stops.
    """
    url, _ = editing
    page = chromium.new_page(
        viewport={"width": 1280, "height": 900}, timezone_id=CLERK_ZONE
    )
    errors: list[str] = []
    # Decap rejects the save of an invalid entry with no reason, an unhandled
    # rejection the page reports as "undefined"; any other error counts.
    page.on(
        "pageerror",
        lambda error: errors.append(str(error)) if str(error) != "undefined" else None,
    )
    page.on(
        "console",
        lambda m: (
            errors.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    # Everything the editor loads comes from this machine (no CDN, no fonts
    # or media services from elsewhere).
    page.on(
        "request",
        lambda r: (
            errors.append(r.url)
            if not r.url.startswith(("http://127.0.0.1:", "blob:", "data:"))
            else None
        ),
    )
    page.goto(url)
    page.get_by_role("button", name="Zaloguj się").click()
    page.get_by_text("Kolekcje").wait_for()
    yield page
    page.close()
    assert errors == [], "errors in the editor's page, or requests elsewhere"


def new_document(page, url: str, title: str, produced: str) -> None:
    """Fill the new-document form of dział oswiata (without saving)."""
    page.goto(f"{url}#/collections/oswiata/new")
    if title:
        page.get_by_label("Tytuł", exact=True).fill(title)
    for label, option in (
        ("Podmiot udostępniający", "Urząd Gminy Testowo"),
        ("Kategoria menu przedmiotowego", "Nabory"),
    ):
        page.get_by_label(label, exact=True).click()
        page.get_by_role("option", name=option, exact=True).click()
    page.get_by_label("Imię i nazwisko").fill("Ewa Testowa")
    page.get_by_label("Stanowisko lub funkcja").fill("dyrektor szkoły")
    page.get_by_label("Data wytworzenia").fill(produced)
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Dyrektor szkoły ogłasza nabór na stanowisko sekretarza.")


def attach(page, path: Path, description: str) -> None:
    """Add an attachment through the form's file widget."""
    page.get_by_role("button", name="Dodaj załącznik").click()
    page.get_by_role("button", name="Wybierz plik").last.click()
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Wybierz zaznaczone").click()
    page.get_by_label("Opis załącznika").last.fill(description)


def publish(page) -> None:
    """Opublikuj → Opublikuj teraz, as a clerk clicks it."""
    page.get_by_role("button", name="Opublikuj", exact=True).click()
    page.get_by_role("menuitem", name="Opublikuj teraz").click()


def changed(content: Path) -> list[str]:
    """Files git sees as new or changed in the repository."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=content,
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(line[3:] for line in status.stdout.splitlines())


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_a_clerk_publishes_a_document_with_a_pdf(clerk, editing, tmp_path) -> None:
    url, content = editing
    before = changed(content)
    pdf = tmp_path / "Ogłoszenie o naborze.pdf"
    pdf.write_bytes(PDF)
    new_document(clerk, url, TITLE, "2026-11-20")
    attach(clerk, pdf, "Treść ogłoszenia (PDF)")
    publish(clerk)
    name = slug(TITLE)
    clerk.get_by_text("Zmiany zapisane").wait_for()
    added = sorted(set(changed(content)) - set(before))
    assert len(added) == 2, added
    document = next(p for p in added if p.endswith(".md"))
    today = dt.datetime.now(ZoneInfo(CLERK_ZONE)).date().isoformat()
    assert document == f"oswiata/{today}-{name}.md", "dated as make new: local"
    saved = (content / document).read_text(encoding="utf-8")
    head = yaml.safe_load(saved.split("---\n")[1])
    assert head == {
        "tytul": TITLE,
        "podmiot": "urzad",
        "kategoria": "nabory",
        "wytworzyl": {"osoba": "Ewa Testowa", "funkcja": "dyrektor szkoły"},
        "data_wytworzenia": head["data_wytworzenia"],
        "zalaczniki": [
            {"plik": "ogloszenie-o-naborze.pdf", "opis": "Treść ogłoszenia (PDF)"}
        ],
    }
    assert str(head["data_wytworzenia"]) == "2026-11-20"
    assert (content / "oswiata" / name / "ogloszenie-o-naborze.pdf").read_bytes() == PDF
    check = make("check", f"CONTENT={content}")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "błąd" not in check.stdout
    git_as(content, ("add", "-A"), CLERK, "2026-11-23T10:00:00+01:00")
    git_as(content, ("commit", "-qm", "Nabór"), CLERK, "2026-11-23T10:00:00+01:00")
    page = soup(build(content, tmp_path / "out") / "oswiata" / name / "index.html")
    assert page.h1.get_text(strip=True) == TITLE
    rows = {
        term.get_text(strip=True): term.find_next("dd").get_text(" ", strip=True)
        for term in page.select(".bip-metryczka dt")
    }
    assert rows["Data wytworzenia"] == "20 listopada 2026"
    assert rows["Informację wytworzył"] == "Ewa Testowa, dyrektor szkoły"
    assert rows["Informację wprowadził"] == CLERK[0]
    link = page.select_one(".bip-attachments__link")
    assert link["href"].endswith(f"/oswiata/{name}/ogloszenie-o-naborze.pdf")


@pytest.mark.parametrize(
    ("title", "produced", "message"),
    [
        ("", "2026-11-20", "Tytuł jest wymagane."),
        (
            "Zebranie rodziców",
            "20.11.2026",
            "Data wytworzenia nie pasuje do formatu: wpisz datę w postaci RRRR-MM-DD",
        ),
        ("Zebranie rodziców", "2026-02-30", "„2026-02-30” nie jest istniejącą datą"),
        (
            "Zebranie rodziców",
            "2999-01-01",
            "data_wytworzenia 2999-01-01 jest z przyszłości",
        ),
    ],
    ids=["no title", "not a date", "no such day", "future"],
)
def test_the_form_stops_a_wrong_entry_in_polish(
    clerk, editing, title: str, produced: str, message: str
) -> None:
    url, content = editing
    before = changed(content)
    new_document(clerk, url, title, produced)
    publish(clerk)
    clerk.get_by_text(message).first.wait_for()
    assert clerk.get_by_text("Niezapisane zmiany").is_visible()
    assert changed(content) == before


def test_an_attachment_of_an_existing_document_joins_its_folder(
    clerk, editing, tmp_path
) -> None:
    url, content = editing
    pdf = tmp_path / "harmonogram.pdf"
    pdf.write_bytes(PDF)
    clerk.goto(f"{url}#/collections/oswiata/entries/2026-02-01-rekrutacja")
    attach(clerk, pdf, "Harmonogram rekrutacji")
    publish(clerk)
    clerk.get_by_text("Zmiany zapisane").wait_for()
    assert (content / "oswiata" / "rekrutacja" / "harmonogram.pdf").read_bytes() == PDF
    assert "oswiata/2026-02-01-rekrutacja.md" in changed(content)
    check = make("check", f"CONTENT={content}")
    assert check.returncode == 0, check.stdout + check.stderr


def old_recruitment(content: Path) -> Path:
    """A document with an attachment in its folder; returns the folder."""
    folder = content / "oswiata" / "stary-nabor"
    folder.mkdir()
    (folder / "regulamin.pdf").write_bytes(PDF)
    (content / "oswiata" / "2026-01-15-stary-nabor.md").write_text(
        "---\ntytul: Stary nabór\npodmiot: urzad\nkategoria: oswiata\n"
        "wytworzyl:\n  osoba: Ewa Testowa\n  funkcja: dyrektor szkoły\n"
        "data_wytworzenia: 2026-01-15\n"
        "zalaczniki:\n  - plik: regulamin.pdf\n    opis: Regulamin naboru\n"
        "---\nNabór zakończony.\n",
        encoding="utf-8",
    )
    return folder


def test_a_deleted_document_takes_its_attachment_folder(clerk, editing) -> None:
    url, content = editing
    folder = old_recruitment(content)
    clerk.goto(f"{url}#/collections/oswiata/entries/2026-01-15-stary-nabor")
    clerk.get_by_label("Tytuł", exact=True).wait_for()
    clerk.once("dialog", lambda dialog: dialog.accept())
    clerk.get_by_role("button", name="Usuń pozycję").click()
    clerk.get_by_text("Kolekcje").wait_for()
    assert not (content / "oswiata" / "2026-01-15-stary-nabor.md").exists()
    assert not [p for p in folder.rglob("*") if p.is_file()]
    check = make("check", f"CONTENT={content}")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "stary-nabor" not in check.stdout + check.stderr


def test_the_media_library_lists_the_documents_own_files(clerk, editing) -> None:
    url, content = editing
    own = sorted(p.name for p in (content / "oswiata" / "rekrutacja").iterdir())
    clerk.goto(f"{url}#/collections/oswiata/entries/2026-02-01-rekrutacja")
    clerk.get_by_role("button", name="Dodaj załącznik").click()
    clerk.get_by_role("button", name="Wybierz plik").last.click()
    dialog = clerk.get_by_role("dialog")
    dialog.get_by_text(own[0]).wait_for()
    assert all(dialog.get_by_text(name).count() for name in own if name != ".gitkeep")
    assert not dialog.get_by_text(".md").count(), "other documents are not attachments"


def test_the_preview_has_the_sites_look(clerk, editing) -> None:
    url, _ = editing
    clerk.goto(f"{url}#/collections/oswiata/entries/2026-02-01-rekrutacja")
    clerk.get_by_role("button", name="Opublikowane").wait_for()
    assert not clerk.get_by_text("Zobacz na żywo").count(), "it led to the home page"
    preview = clerk.frame_locator("iframe").first
    preview.get_by_role("heading", name="Metryczka").wait_for()
    stylesheets = preview.locator("link[rel=stylesheet]")
    assert "theme/css/bip.css" in stylesheets.first.get_attribute("href")
    assert preview.locator(".bip-metryczka__label").first.inner_text() == (
        "Podmiot udostępniający"
    )


def test_the_file_name_is_made_as_by_make_new(clerk) -> None:
    titles = [
        TITLE,
        "Uchwała Nr XII.123.2026 Rady Gminy — zmiana budżetu",
        "Łąka, źródło, żółw: ŻÓŁW",
        "!!!",
        "Ogłoszenie o naborze na stanowisko: Księgowa (1/2)!",
    ]
    made = clerk.evaluate("titles => titles.map(window.BIP_EDITOR.slug)", titles)
    assert made == [slug(title) for title in titles]
    names = [
        "Regulamin Naboru (wersja 2).PDF",
        "Uchwała nr XII.2026.docx",
        "#?%.pdf",
        "ŻÓŁTA_łąka.ODT",
        "bez-rozszerzenia",
        "ogloszenie.pdf",
    ]
    fixed = clerk.evaluate("names => names.map(window.BIP_EDITOR.fixedName)", names)
    assert fixed == [fixed_name(name) for name in names]


@pytest.mark.parametrize(
    "line", ["nazwa: zebranie-rodzicow\n", "nazwa: '2026'\n", 'nazwa: "2026"\n']
)
def test_the_file_name_key_never_reaches_the_file(clerk, line: str) -> None:
    raw = f"---\ntytul: Zebranie\n{line}---\nnazwa: treść zostaje\n"
    kept = clerk.evaluate("raw => window.BIP_EDITOR.withoutNameKey(raw)", raw)
    assert kept == "---\ntytul: Zebranie\n---\nnazwa: treść zostaje\n"


# --- bip.yaml's `edytor` section and the build -----------------------------

GITLAB_SAMPLE = "https://gitlab.jarzebinow.example"  # deploy/nginx/bip-edytor.conf
GITLAB = """
edytor:
  serwer: gitlab
  adres: https://gitlab.testowo.example
  repozytorium: urzad/bip
  aplikacja: 0123abcd
"""


def parsed(extra: str) -> tuple[sitedata.SiteData | None, list]:
    """The basic site's bip.yaml with `extra` appended, parsed."""
    text = (SITES / "basic" / "content" / "bip.yaml").read_text("utf-8") + extra
    return sitedata.parse("bip.yaml", text)


def test_the_editor_section_becomes_decaps_backend() -> None:
    site, problems = parsed(GITLAB)
    assert site is not None and not [p for p in problems if p.is_error]
    assert editor.backend(site.editor) == {
        "name": "bip-gitlab",
        "repo": "urzad/bip",
        "branch": "main",
        "auth_type": "pkce",
        "app_id": "0123abcd",
        "base_url": "https://gitlab.testowo.example",
        "api_root": "https://gitlab.testowo.example/api/v4",
    }
    assert editor.reviewed(site.editor)
    assert not editor.reviewed({**site.editor, "przeglad": False})
    assert not editor.reviewed({**site.editor, "serwer": "gitea"})
    assert form(SITES / "basic" / "content")["publish_mode"] == "simple"


@pytest.mark.parametrize(
    ("change", "code", "key"),
    [
        ("  aplikacja: 0123abcd\n", "item_missing_key", "edytor"),
        ("serwer: gitlab", "unknown_choice", "edytor.serwer"),
        ("repozytorium: urzad/bip", "not_repository", "edytor.repozytorium"),
        ("adres: https://gitlab.testowo.example", "not_web_address", "edytor.adres"),
        ("aplikacja: 0123abcd", "not_yes_or_no", "edytor.przeglad"),
    ],
    ids=["no application", "unknown server", "bad repository", "bad address", "tak"],
)
def test_a_wrong_editor_section_is_named_with_its_line(
    change: str, code: str, key: str
) -> None:
    wrong = {
        "  aplikacja: 0123abcd\n": "",
        "serwer: gitlab": "serwer: gitlap",
        "repozytorium: urzad/bip": "repozytorium: urząd bip",
        "adres: https://gitlab.testowo.example": "adres: gitlab.testowo.example",
        "aplikacja: 0123abcd": "aplikacja: 0123abcd\n  przeglad: tak",
    }[change]
    text = GITLAB.replace(change, wrong)
    _, problems = parsed(text)
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, [p.message for p in problems if p.is_error]
    line = (SITES / "basic" / "content" / "bip.yaml").read_text("utf-8").count("\n")
    section = text.splitlines()
    wanted = key.rsplit(".", maxsplit=1)[-1]
    offset = next(i for i, row in enumerate(section) if row.strip().startswith(wanted))
    assert found[0].line == line + offset + 1, found[0].message


def test_a_dzial_may_not_take_the_editors_address() -> None:
    text = (SITES / "basic" / "content" / "bip.yaml").read_text("utf-8")
    text = text.replace(
        "{slug: rada-miejska, nazwa: Rada}", "{slug: edytor, nazwa: Rada}"
    )
    _, problems = sitedata.parse("bip.yaml", text)
    assert [p.code for p in problems if p.code == "reserved_slug"] == ["reserved_slug"]


def test_a_build_with_the_section_serves_the_editor(tmp_path: Path) -> None:
    require_editor()
    content = copy_site("basic", tmp_path)
    with (content / "bip.yaml").open("a", encoding="utf-8") as data:
        data.write(GITLAB)
    output = build(content, tmp_path / "out")
    text = (output / editor.FOLDER / "config.js").read_text(encoding="utf-8")
    settings = json.loads(text.removeprefix("window.BIP_CONFIG = ")[:-2])
    assert settings["backend"]["name"] == "bip-gitlab"
    assert settings["publish_mode"] == "editorial_workflow"
    assert settings["collections"][0]["folder"] == "content/oswiata"
    assert "/edytor/" not in (output / "sitemap.xml").read_text(encoding="utf-8")
    plain = build(copy_site("basic", tmp_path / "plain"), tmp_path / "plain-out")
    assert not (plain / editor.FOLDER).exists()


NGINX_EDITOR = ROOT / "deploy" / "nginx" / "bip-edytor.conf"


def test_the_nginx_sample_has_the_editors_policy() -> None:
    header = re.search(
        r'add_header Content-Security-Policy "([^"]+)" always;',
        NGINX_EDITOR.read_text(),
    )
    sample = {
        "serwer": "gitlab",
        "adres": "https://gitlab.jarzebinow.example",
        "repozytorium": "urzad/bip",
        "aplikacja": "1",
    }
    assert header and header.group(1) == editor.policy(editor.backend(sample))


@pytest.mark.parametrize("office", [True, False], ids=["office", "elsewhere"])
def test_nginx_serves_the_editor_to_the_office_only(tmp_path: Path, office) -> None:
    require_editor()
    content = copy_site("basic", tmp_path)
    with (content / "bip.yaml").open("a", encoding="utf-8") as data:
        data.write(GITLAB.replace("https://gitlab.testowo.example", GITLAB_SAMPLE))
    build(content, tmp_path / "srv" / "current" / "site")
    rules = NGINX_EDITOR.read_text(encoding="utf-8")
    if office:  # the tests' client is the office
        rules = rules.replace("allow 192.0.2.0/24;", "allow 127.0.0.1;")
    (tmp_path / "bip-edytor.conf").write_text(rules, encoding="utf-8")
    include = f'include "{tmp_path / "bip-edytor.conf"}";'
    with nginx(
        tmp_path / "nginx", tmp_path / "srv", "http://127.0.0.1:9", include
    ) as base:
        status, headers, body = get(f"{base}/edytor/")
        script = get(f"{base}/edytor/config.js")
        site = get(f"{base}/")
    assert site[0] == 200 and "unsafe-eval" not in site[1]["Content-Security-Policy"]
    if not office:
        assert (status, script[0]) == (403, 403)
        return
    assert status == 200 and b"decap-cms.js" in body
    assert headers["Content-Security-Policy"] == editor.policy(
        {"api_root": f"{GITLAB_SAMPLE}/api/v4", "base_url": GITLAB_SAMPLE}
    )
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    assert script[0] == 200 and script[2].startswith(b"window.BIP_CONFIG = ")


SCREENS = {
    "collection": "#/collections/oswiata",
    "new document": "#/collections/oswiata/new",
    "existing document": "#/collections/oswiata/entries/2026-02-01-rekrutacja",
}


def violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, as 'rule: element'."""
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415

    # The glue repairs Decap's markup in the frame after each change of the
    # page: two frames later every element present is repaired.
    page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
    )
    # A notice still fading in has the contrast of half its opacity: judge
    # what stays on screen, after the animations that end have ended.
    page.evaluate(
        "() => Promise.all(document.getAnimations()"
        ".filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)"
        ".map(a => a.finished.catch(() => null)))"
    )
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    found = Axe().run(page, options=options).response["violations"]
    return [f"{v['id']}: {n['html'][:120]}" for v in found for n in v["nodes"]]


@pytest.mark.parametrize("screen", SCREENS)
def test_axe_finds_no_violations_in_the_editor(clerk, editing, screen: str) -> None:
    url, _ = editing
    clerk.goto(url + SCREENS[screen])
    clerk.get_by_text("Oświata").first.wait_for()
    if screen != "collection":
        clerk.frame_locator("iframe").first.get_by_text("Metryczka").wait_for()
    assert violations(clerk) == []


def test_axe_finds_no_violations_in_the_media_library(clerk, editing) -> None:
    url, _ = editing
    clerk.goto(url + SCREENS["existing document"])
    clerk.get_by_role("button", name="Dodaj załącznik").click()
    clerk.get_by_role("button", name="Wybierz plik").last.click()
    clerk.get_by_role("dialog").get_by_text("Wybierz zaznaczone").wait_for()
    assert violations(clerk) == []


def test_axe_finds_no_violations_on_the_sign_in_screen(chromium, editing) -> None:
    url, _ = editing
    page = chromium.new_page()
    page.goto(url)
    page.get_by_role("button", name="Zaloguj się").wait_for()
    assert violations(page) == []
    page.close()


# --- Review: each document a branch with a status, published by a merge ----


@pytest.fixture(scope="module")
def reviewing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The editor with review (decap-server's git mode); yields (URL, content)."""
    tmp = tmp_path_factory.mktemp("przeglad")
    content = git_site("basic", tmp)
    for key, value in (("user.name", CLERK[0]), ("user.email", CLERK[1])):
        subprocess.run(["git", "-C", str(content), "config", key, value], check=True)
    with editor_over(content, tmp, review=True) as url:
        yield url, content


def git_out(content: Path, *args: str) -> str:
    """What git prints in the repository."""
    done = subprocess.run(
        ["git", "-C", str(content), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def set_status(page, now: str, status: str) -> None:
    """Move a saved document to `status` in the editor's review."""
    page.get_by_role("button", name=f"Status: {now}").click()
    page.get_by_role("menuitem", name=status).click()
    page.get_by_role("button", name=f"Status: {status}").wait_for()


def test_review_keeps_a_document_off_the_branch_until_published(
    reviewing, chromium, tmp_path
) -> None:
    url, content = reviewing
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())  # "Czy na pewno…?"
    page.goto(url)
    page.get_by_role("button", name="Zaloguj się").click()
    new_document(page, url, "Zebranie rodziców uczniów klas pierwszych", "2026-11-20")
    page.get_by_label("Powód zmiany").fill("zaproszenie na zebranie")
    page.get_by_role("button", name="Zapisz", exact=True).click()
    page.get_by_role("button", name="Status: Wersja robocza").wait_for()
    branches = git_out(
        content, "branch", "--list", "cms/*", "--format=%(refname:short)"
    )
    assert len(branches.split()) == 1, branches
    branch = branches.strip()
    stem = branch.removeprefix("cms/oswiata/")
    assert stem.endswith("-zebranie-rodzicow-uczniow-klas-pierwszych")
    assert f"oswiata/{stem}.md" not in git_out(content, "ls-files")
    message = git_out(content, "log", "-1", "--format=%B", branch).strip()
    assert message == f"Nowy dokument {stem}\n\nPowód: zaproszenie na zebranie"
    assert "powod_zmiany" not in git_out(content, "show", f"{branch}:oswiata/{stem}.md")
    assert violations(page) == []  # the form with the review's buttons
    set_status(page, "Wersja robocza", "W recenzji")
    page.goto(f"{url}#/workflow")  # the secretary's board
    page.get_by_text("Zebranie rodziców uczniów klas pierwszych").wait_for()
    assert violations(page) == []
    board = page.locator("body").inner_text()
    assert re.search(r"\b\d{1,2}\.\d{2}\.20\d\d\b", board), board
    assert not re.search(r"January|February|March|April|May|June|July", board)
    assert not re.search(r"August|September|October|November|December", board)
    page.go_back()
    set_status(page, "W recenzji", "Gotowe")
    publish(page)
    page.get_by_role("button", name="Opublikowane").wait_for()
    page.close()
    assert f"oswiata/{stem}.md" in git_out(content, "ls-files")
    assert git_out(content, "branch", "--list", "cms/*") == ""
    check = make("check", f"CONTENT={content}")
    assert check.returncode == 0, check.stdout + check.stderr
    # The commit is from now; a build of tomorrow has it published in any
    # time zone (near midnight UTC it is already tomorrow in Warsaw).
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    name = stem.split("-", 3)[3]
    built = build(content, tmp_path / "out", today=tomorrow)
    text = soup(built / "oswiata" / name / "index.html").get_text(" ", strip=True)
    assert "zaproszenie na zebranie" in text


def test_review_deletes_a_document_with_its_folder_in_one_commit(
    reviewing, chromium
) -> None:
    url, content = reviewing
    old_recruitment(content)
    git_out(content, "add", "--all")
    git_out(content, "commit", "--quiet", "-m", "Stary nabór")
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(url)
    page.get_by_role("button", name="Zaloguj się").click()
    page.goto(f"{url}#/collections/oswiata/entries/2026-01-15-stary-nabor")
    page.get_by_role("button", name="Usuń opublikowaną pozycję").click()
    page.get_by_text("Kolekcje").wait_for()
    page.close()
    removed = git_out(content, "show", "--name-status", "--format=", "HEAD").split()
    assert removed == [
        "D",
        "oswiata/2026-01-15-stary-nabor.md",
        "D",
        "oswiata/stary-nabor/regulamin.pdf",
    ]
    assert "stary-nabor" not in git_out(content, "ls-files")


# --- Real texts: the editor keeps the body of an official document ----------


def real_texts() -> list:
    """Corpus texts with what a rewrite would break: points numbered „1)”,
    tables, indented lines, the longest text."""
    from corpus import texts  # noqa: PLC0415

    every = texts()
    kinds = [
        lambda t: re.search(r"^\s*\d+\)", t.body, re.MULTILINE),
        lambda t: re.search(r"^\s*[a-z]\)", t.body, re.MULTILINE),
        lambda t: "|" in t.body,
        lambda t: re.search(r"^ {2,}\S", t.body, re.MULTILINE),
        lambda t: "\\" in t.body or "*" in t.body,
    ]
    chosen = [next(t for t in every if kind(t)) for kind in kinds]
    chosen += [max(every, key=lambda t: len(t.body))]
    return list({t.id: t for t in chosen}.values())


@pytest.fixture(scope="module")
def corpus_editing(tmp_path_factory: pytest.TempPathFactory):
    """The editor over a git repository of real texts; yields (URL, content, texts)."""
    from corpus import write_site  # noqa: PLC0415

    tmp = tmp_path_factory.mktemp("korpus")
    chosen = real_texts()
    content = write_site(tmp / "content", chosen)
    for args in (("init", "-q"), ("add", "-A")):
        subprocess.run(["git", "-C", str(content), *args], check=True)
    git_as(content, ("commit", "-qm", "Teksty"), CLERK, "2026-11-23T10:00:00+01:00")
    with editor_over(content, tmp) as url:
        yield url, content, chosen


# Where the last letter of an editable box ends, scrolled into view.
LAST_LETTER = """box => {
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  let last = null;
  while (walker.nextNode()) last = walker.currentNode;
  last.parentElement.scrollIntoView({block: "center"});
  const range = document.createRange();
  range.setStart(last, last.length);
  const rect = range.getBoundingClientRect();
  return {x: rect.right, y: rect.top + rect.height / 2};
}"""
ADDED = "Dopisek redakcji."


def add_a_line(page, box) -> None:
    """Click after the body's last letter and type a new paragraph there.

    What was typed is checked on screen before anything is saved: the
    editor's caret follows a click only once it has caught up with it, so a
    line that landed elsewhere is typed again on a fresh page.
    """
    for _ in range(5):
        page.reload()  # a new entry, not the last one still on screen
        box.wait_for()
        spot = box.evaluate(LAST_LETTER)
        page.mouse.click(spot["x"] + 1, spot["y"])
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        page.keyboard.type(ADDED)
        if box.inner_text().rstrip().endswith(ADDED):
            return
    raise AssertionError("the line could not be typed at the end of the body")


def plain(data: object) -> object:
    """YAML data with dates as text (2026-01-05 and '2026-01-05' are one date)."""
    return json.loads(json.dumps(data, default=str))


def test_a_real_documents_body_is_kept_as_written(corpus_editing, chromium) -> None:
    url, content, chosen = corpus_editing
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())  # leaving unsaved changes
    page.goto(url)
    page.get_by_role("button", name="Zaloguj się").click()
    changed_bodies = []
    for text in chosen:
        path = content / text.rel
        before = path.read_text(encoding="utf-8")
        page.goto(f"{url}#/collections/{text.department}/entries/{path.stem}")
        add_a_line(page, page.get_by_label("Treść dokumentu"))
        publish(page)
        page.get_by_text("Zmiany zapisane").wait_for()
        after = path.read_text(encoding="utf-8")
        head_before, body_before = before.split("---\n", 2)[1:]
        head_after, body_after = after.split("---\n", 2)[1:]
        assert plain(yaml.safe_load(head_after)) == plain(yaml.safe_load(head_before))
        added = body_after.rstrip().removesuffix(ADDED)
        if added.rstrip() != body_before.rstrip() or not added.endswith("\n\n"):
            changed_bodies.append((text.id, body_before[-80:], body_after[-100:]))
    page.close()
    assert changed_bodies == []
    check = make("check", f"CONTENT={content}")
    assert check.returncode == 0, check.stdout + check.stderr


HOSTILE_TITLE = 'Uchwała: "budżet" # 2027 — <script>alert(1)</script> & {a: b} \\ ok'


def test_a_hostile_title_is_kept_as_text(clerk, editing, tmp_path) -> None:
    url, content = editing
    before = changed(content)
    new_document(clerk, url, HOSTILE_TITLE, "2026-11-20")
    publish(clerk)
    clerk.get_by_text("Zmiany zapisane").wait_for()
    added = [p for p in set(changed(content)) - set(before) if p.endswith(".md")]
    assert len(added) == 1, added
    head = yaml.safe_load((content / added[0]).read_text("utf-8").split("---\n")[1])
    assert head["tytul"] == HOSTILE_TITLE
    assert added[0].endswith("-uchwala-budzet-2027-script-alert-1-script-a.md")
    check = make("check", f"CONTENT={content}")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "znacznik HTML" in check.stdout  # a warning: shown as text


@pytest.mark.parametrize(
    ("section", "servers"),
    [
        (
            {"serwer": "gitea", "adres": "https://git.gmina.example", "aplikacja": "7"},
            "https://git.gmina.example",
        ),
        (
            {"serwer": "github", "adres": "https://logowanie.gmina.example"},
            "https://api.github.com https://logowanie.gmina.example",
        ),
        ({"serwer": "gitlab", "aplikacja": "7"}, "https://gitlab.com"),
    ],
    ids=["gitea", "github", "gitlab.com"],
)
def test_each_server_is_reached_and_only_it(section: dict, servers: str) -> None:
    chosen = editor.backend({**section, "repozytorium": "urzad/bip"})
    assert chosen["name"] == f"bip-{section['serwer']}"
    policy = dict(part.split(" ", 1) for part in editor.policy(chosen).split("; "))
    assert policy["connect-src"] == f"'self' blob: {servers}"


def test_a_busy_port_is_named_not_served(tmp_path: Path) -> None:
    require_editor()
    with socket.socket() as other:  # another program on the editor's port
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        with (
            pytest.raises(SystemExit, match=f"port {port} jest zajęty"),
            decap_server(tmp_path, port),
        ):
            pass


def test_an_oversized_bip_yaml_is_refused_not_read(tmp_path: Path) -> None:
    from bip_content import scaffold  # noqa: PLC0415

    content = copy_site("basic", tmp_path)
    with (content / "bip.yaml").open("a", encoding="utf-8") as data:
        data.write("# " + "x" * 2_000_000 + "\n")
    with pytest.raises(SystemExit, match=r"bip\.yaml ma błędy"):
        editor.load_site(content)
    args = [str(content), "--dzial", "oswiata", "--podmiot", "urzad"]
    args += ["--kategoria", "oswiata", "--rodzaj", "uchwała", "--tytul", "Test"]
    assert scaffold.main(args) == 2
    assert not list((content / "oswiata").glob("*-test.md"))
