"""Git as the change register, on a real repository built with real Pelican."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bip_history.repository import load
from conftest import ROOT, SITES, build, copy_site, soup
from gitrepo import CLERK, EDITOR, ROBOT, GitRepo

BOTS = ["*[bot]*"]


def document(title: str, body: str, category: str = "oswiata", **extra) -> str:
    lines = [
        f"tytul: {title}",
        "podmiot: urzad",
        f"kategoria: {category}",
        "wytworzyl: {osoba: Ewa Testowa, funkcja: Kierownik Referatu}",
        "data_wytworzenia: 2026-01-05",
        *(f"{k}: {v}" for k, v in extra.items()),
    ]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def write_history(repo: GitRepo) -> None:
    """Edits, a merge request, a move, a removal, archive, schedule, override."""
    for name in ("bip.yaml", "deklaracja-dostepnosci.yaml"):
        shutil.copy(SITES / "basic" / "content" / name, repo.root / name)
    repo.write("pages/instrukcja.md", "---\ntytul: Instrukcja\n---\nJak czytać BIP.\n")
    repo.commit("Dane gminy", when="2026-01-10T08:00:00+01:00")
    repo.write("oswiata/2026-01-12-dyzury.md", document("Dyżury", "Dyżur we wtorki."))
    repo.commit("Dyżury nauczycieli", when="2026-01-12T09:00:00+01:00")
    repo.write("oswiata/2026-01-12-dyzury.md", document("Dyżury", "Dyżur w środy."))
    repo.commit(
        "Zmiana dnia dyżuru\n\nPowód: nowy plan lekcji",
        EDITOR,
        when="2026-01-20T10:30:00+01:00",
    )
    repo.write(
        "oswiata/2026-01-12-dyzury.md",
        document("Dyżury", "Dyżur w środy.", numer="OS.1.2026"),
    )
    repo.commit("Numer sprawy", when="2026-02-01T11:00:00+01:00")
    repo.write(
        "oswiata/2026-02-01-plan.md",
        document(
            "Plan",
            "Plan w załączniku.",
            zalaczniki="[{plik: plan.txt, opis: Plan zajęć}]",
        ),
    )
    repo.write("oswiata/plan/plan.txt", "Plan pierwszy\n")
    repo.commit("Plan zajęć", when="2026-02-01T12:00:00+01:00")
    repo.write("oswiata/plan/plan.txt", "Plan drugi, poprawiony\n")
    repo.commit("Nowy plan", when="2026-02-01T13:00:00+01:00")
    repo.git("checkout", "--quiet", "-b", "mr")
    repo.write("oswiata/2026-02-02-nabor.md", document("Nabór", "Trwa nabór."))
    repo.commit("Nabór do świetlicy", when="2026-02-02T09:00:00+01:00")
    repo.git("checkout", "--quiet", "main")
    repo.merge("mr", "Merge branch 'mr'", when="2026-02-03T15:45:00+01:00")
    repo.write(
        "rada-miejska/2026-02-05-stary.md", document("Uchwała", "Treść.", "uchwaly")
    )
    repo.write("oswiata/2026-02-05-do-usuniecia.md", document("Pomyłka", "Błędny."))
    repo.write(
        "oswiata/2026-02-05-archiwalny.md",
        document("Zakończony konkurs", "Wyniki.", data_archiwizacji="2026-06-30"),
    )
    repo.write(
        "oswiata/2026-02-05-przeniesiony.md",
        document("Przeniesiony", "Treść.", wprowadzil="Jan Próbny"),
    )
    repo.commit("Cztery dokumenty", when="2026-02-05T08:00:00+01:00")
    repo.git(
        "mv", "rada-miejska/2026-02-05-stary.md", "rada-miejska/2026-02-05-nowy.md"
    )
    repo.git("rm", "--quiet", "oswiata/2026-02-05-do-usuniecia.md")
    repo.commit(
        "Porządki\n\nPowód: dokument dodany omyłkowo",
        EDITOR,
        when="2026-03-01T12:00:00+01:00",
    )
    repo.write(
        "oswiata/2026-03-02-zaplanowany.md",
        document("Zaplanowany", "Od grudnia.", data_udostepnienia="2026-12-01"),
    )
    repo.commit("Ogłoszenie na grudzień", when="2026-03-02T07:00:00+01:00")
    repo.write("oswiata/2026-03-02-robot.md", document("Import", "Z robota."))
    repo.commit("Automat", ROBOT, when="2026-03-02T08:00:00+01:00")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> GitRepo:
    repo = GitRepo(tmp_path_factory.mktemp("history") / "content")
    write_history(repo)
    return repo


@pytest.fixture(scope="module")
def site(repo, tmp_path_factory) -> Path:
    return build(repo.root, tmp_path_factory.mktemp("history-site") / "out")


def local(site: Path, page: str, href: str) -> str:
    """A link of a built page (relative URLs) as an absolute path of the site."""
    return urljoin("/" + page.removesuffix("index.html"), href)


def rows(page) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in page.select(".bip-historia tbody tr")
    ]


def metryczka(page) -> dict[str, str]:
    return {
        row.dt.get_text(strip=True): row.dd.get_text(strip=True)
        for row in page.select(".bip-metryczka__row")
    }


def test_metryczka_comes_from_git(site) -> None:
    page = soup(site / "oswiata" / "dyzury" / "index.html")
    data = metryczka(page)
    assert data["Informację wprowadził"] == CLERK[0]
    assert data["Data udostępnienia"] == "12 stycznia 2026, godz. 09:00"
    assert page.select_one(".bip-document__override") is None


def test_history_table_has_a_row_per_version(site) -> None:
    page = soup(site / "oswiata" / "dyzury" / "index.html")
    assert rows(page) == [
        [
            "wersja 3 (bieżąca) zmiany w wersji 3",
            "1 lutego 2026, godz. 11:00",
            CLERK[0],
            "zmiana metadanych",
            "Numer sprawy",
        ],
        [
            "wersja 2 zmiany w wersji 2",
            "20 stycznia 2026, godz. 10:30",
            EDITOR[0],
            "zmiana treści",
            "nowy plan lekcji",
        ],
        [
            "wersja 1",
            "12 stycznia 2026, godz. 09:00",
            CLERK[0],
            "utworzenie",
            "Dyżury nauczycieli",
        ],
    ]
    links = [
        local(site, "oswiata/dyzury/index.html", a["href"])
        for a in page.select(".bip-historia a")
    ]
    assert links == [
        "/oswiata/dyzury/zmiany/3/",
        "/oswiata/dyzury/wersje/2/",
        "/oswiata/dyzury/zmiany/2/",
        "/oswiata/dyzury/wersje/1/",
    ]


def test_earlier_version_is_a_page_of_its_own(site) -> None:
    page = soup(site / "oswiata" / "dyzury" / "wersje" / "1" / "index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    banner = page.select_one(".bip-banner--version")
    assert "Wersja archiwalna" in banner.get_text()
    href = banner.find("a")["href"]
    assert local(site, "oswiata/dyzury/wersje/1/index.html", href) == "/oswiata/dyzury/"
    assert "Dyżur we wtorki." in page.select_one(".bip-document__body").get_text()
    data = metryczka(page)
    assert data["Wersja"] == "1 z 3 (utworzenie)"
    assert data["Informację wprowadził"] == CLERK[0]
    assert data["Data udostępnienia"] == "12 stycznia 2026, godz. 09:00"
    assert page.select_one(".bip-historia") is None


def test_comparison_marks_removed_and_added_lines(site) -> None:
    page = soup(site / "oswiata" / "dyzury" / "zmiany" / "2" / "index.html")
    assert [d.get_text() for d in page.select(".bip-diff del")] == [
        "Usunięto: Dyżur we wtorki."
    ]
    assert [i.get_text() for i in page.select(".bip-diff ins")] == [
        "Dodano: Dyżur w środy."
    ]


def test_earlier_version_keeps_its_own_attachment(site) -> None:
    current = soup(site / "oswiata" / "plan" / "index.html")
    assert [r[3] for r in rows(current)] == ["zmiana załącznika", "utworzenie"]
    page = "oswiata/plan/wersje/1/index.html"
    link = soup(site / page).select_one(".bip-attachments a")
    old = local(site, page, link["href"])
    assert old == "/oswiata/plan/wersje/1/plan.txt"
    assert (site / old.strip("/")).read_text(encoding="utf-8") == "Plan pierwszy\n"
    assert (site / "oswiata/plan/plan.txt").read_text(encoding="utf-8") == (
        "Plan drugi, poprawiony\n"
    )


def test_merge_request_is_published_when_merged(site) -> None:
    data = metryczka(soup(site / "oswiata" / "nabor" / "index.html"))
    assert data["Informację wprowadził"] == CLERK[0]
    assert data["Data udostępnienia"] == "3 lutego 2026, godz. 15:45"


def test_moved_document_keeps_its_old_address(site) -> None:
    old = soup(site / "rada-miejska" / "stary" / "index.html")
    refresh = old.find("meta", attrs={"http-equiv": "refresh"})["content"]
    page = "rada-miejska/stary/index.html"
    assert refresh.startswith("0; url=")
    assert local(site, page, refresh.removeprefix("0; url=")) == "/rada-miejska/nowy/"
    assert local(site, page, old.select_one("main a")["href"]) == "/rada-miejska/nowy/"
    new = soup(site / "rada-miejska" / "nowy" / "index.html")
    assert [r[3] for r in rows(new)] == ["przeniesienie", "utworzenie"]


def test_removed_document_is_registered(site) -> None:
    notice = soup(site / "oswiata" / "do-usuniecia" / "index.html")
    text = notice.select_one("main").get_text(" ", strip=True)
    assert "usunięto z Biuletynu 1 marca 2026, godz. 12:00" in text
    assert f"Usunął: {EDITOR[0]}" in text and "dokument dodany omyłkowo" in text
    href = notice.select_one("main ul a")["href"]
    last = local(site, "oswiata/do-usuniecia/index.html", href)
    assert last == "/oswiata/do-usuniecia/wersje/1/"
    assert "Błędny." in (site / last.strip("/") / "index.html").read_text()
    register = soup(site / "rejestr-usunietych" / "index.html")
    assert [
        [c.get_text(" ", strip=True) for c in tr.find_all("td")]
        for tr in register.select("tbody tr")
    ] == [
        [
            "1 marca 2026, godz. 12:00",
            "Pomyłka ( ostatnia wersja )",
            EDITOR[0],
            "dokument dodany omyłkowo",
        ]
    ]


def test_archived_document_leaves_listings_but_keeps_its_address(site) -> None:
    page = soup(site / "oswiata" / "archiwalny" / "index.html")
    assert "Archiwum" in page.select_one(".bip-banner--archive").get_text()
    assert metryczka(page)["Data przeniesienia do archiwum"] == "30 czerwca 2026"
    listing = soup(site / "kategoria" / "oswiata" / "index.html")
    titles = [a.get_text() for a in listing.select(".bip-doclist__link")]
    assert "Zakończony konkurs" not in titles and "Dyżury" in titles
    archive = soup(site / "kategoria" / "oswiata" / "archiwum" / "index.html")
    assert [a.get_text() for a in archive.select(".bip-doclist__link")] == [
        "Zakończony konkurs"
    ]


def test_scheduled_document_waits_for_its_day(site, repo, tmp_path) -> None:
    assert not (site / "oswiata" / "zaplanowany").exists()
    later = build(repo.root, tmp_path / "out", today="2026-12-01")
    page = soup(later / "oswiata" / "zaplanowany" / "index.html")
    assert metryczka(page)["Data udostępnienia"] == "1 grudnia 2026"


def test_front_matter_override_is_shown_with_what_git_says(site) -> None:
    page = soup(site / "oswiata" / "przeniesiony" / "index.html")
    assert metryczka(page)["Informację wprowadził"] == "Jan Próbny"
    note = page.select_one(".bip-document__override").get_text(" ", strip=True)
    assert f"wprowadził(a) {CLERK[0]}" in note
    assert "5 lutego 2026, godz. 08:00" in note


def test_document_only_a_bot_brought_is_an_error(site, repo) -> None:
    assert not (site / "oswiata" / "robot").exists()
    run = subprocess.run(
        [sys.executable, "-m", "bip_history", str(repo.root), "--today", "2026-11-24"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
    )
    assert run.returncode == 1
    assert (
        f"błąd: {repo.root}/oswiata/2026-03-02-robot.md:1: dokument wprowadziło "
        "wyłącznie konto automatyczne"
    ) in run.stdout


def test_bots_are_never_shown(site) -> None:
    register = (site / "rejestr-zmian" / "index.html").read_text(encoding="utf-8")
    assert ROBOT[0] not in register and ROBOT[1] not in register


def test_change_register_lists_every_change_newest_first(site) -> None:
    page = soup(site / "rejestr-zmian" / "index.html")
    table = [
        [c.get_text(" ", strip=True) for c in tr.find_all("td")]
        for tr in page.select("tbody tr")
    ]
    dates = [row[0] for row in table]
    assert dates[0] == "1 marca 2026, godz. 12:00"
    assert sorted(r[2] for r in table[:2])[::-1] == ["usunięcie", "przeniesienie"]
    assert table[-1][1] == "Dyżury ( wersja 1 )"
    feed = ET.parse(site / "rejestr-zmian" / "atom.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == len(table)


def test_shallow_clone_is_an_error_with_the_fix(repo, tmp_path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{repo.root}", clone],
        check=True,
    )
    (problem,) = load(clone, BOTS).problems
    assert problem.is_error
    assert "płytki klon" in problem.message
    assert "git fetch --unshallow" in problem.hint
    with pytest.raises(Exception, match="publikacja wstrzymana"):
        build(clone, tmp_path / "out", "publishconf.py")


def test_two_builds_of_one_commit_are_identical(repo, tmp_path) -> None:
    first = build(repo.root, tmp_path / "a")
    second = build(repo.root, tmp_path / "b")
    differ = filecmp.dircmp(first, second)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to(second) for p in second.rglob("*") if p.is_file()
    )
    changed = [
        f for f in files if (first / f).read_bytes() != (second / f).read_bytes()
    ]
    assert changed == [], differ.report()


def test_registers_exist_without_git(tmp_path) -> None:
    out = build(copy_site("basic", tmp_path), tmp_path / "out")
    page = soup(out / "rejestr-zmian" / "index.html")
    assert "Brak zmian do pokazania" in page.select_one(".bip-empty").get_text()
    assert (out / "rejestr-usunietych" / "index.html").is_file()
    assert (out / "rejestr-zmian" / "atom.xml").is_file()


def test_sitemap_lists_pages_to_find_with_their_last_change(site) -> None:
    root = ET.parse(site / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    entries = {
        u.find(f"{ns}loc").text: getattr(u.find(f"{ns}lastmod"), "text", None)
        for u in root.findall(f"{ns}url")
    }
    base = "https://bip.testowo.example/"
    assert entries[f"{base}oswiata/dyzury/"] == "2026-02-01"  # its third version
    assert f"{base}" in entries and f"{base}kategoria/oswiata/" in entries
    assert f"{base}oswiata/archiwalny/" in entries  # archived, still findable
    hidden = ("wersje/", "zmiany/", "rada-miejska/stary/", "do-usuniecia/")
    assert not [url for url in entries if any(h in url for h in hidden)]
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base}sitemap.xml" in robots and "Disallow: /szukaj" in robots


def test_a_page_says_noindex_exactly_when_the_sitemap_leaves_it_out(site) -> None:
    """One rule for both: the writer of a page for the record notes it."""
    listed = set(
        re.findall(
            r"<loc>https://bip\.testowo\.example/(.*?)</loc>",
            (site / "sitemap.xml").read_text(encoding="utf-8"),
        )
    )
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 30
    for page in pages:
        rel = page.parent.relative_to(site).as_posix()
        url = "" if rel == "." else f"{rel}/"
        robots = soup(page).find("meta", attrs={"name": "robots"})
        assert (robots is not None) == (url not in listed), url
        assert robots is None or robots["content"] == "noindex"


def test_heavy_versions_neither_stall_the_build_nor_lose_the_change(tmp_path) -> None:
    """A version the check refused is compared as written; a huge change is linked."""
    repo = GitRepo(tmp_path / "content")
    for name in ("bip.yaml", "deklaracja-dostepnosci.yaml"):
        shutil.copy(SITES / "basic" / "content" / name, repo.root / name)
    stalling = "**Wstęp** <b>x</b> " + "tekst [ " * 2000  # over effort.READS
    repo.write("oswiata/2026-01-12-wrogi.md", document("Wrogi", stalling))
    register = "\n\n".join(f"Wpis {i}." for i in range(2500))
    repo.write("oswiata/2026-01-12-rejestr.md", document("Rejestr", register))
    repo.commit("Dwa dokumenty", when="2026-01-12T09:00:00+01:00")
    repo.write("oswiata/2026-01-12-wrogi.md", document("Wrogi", "Poprawiony."))
    renamed = "\n\n".join(f"Pozycja {i}." for i in range(2500))
    repo.write("oswiata/2026-01-12-rejestr.md", document("Rejestr", renamed))
    repo.commit("Poprawki", when="2026-01-13T09:00:00+01:00")
    out = build(repo.root, tmp_path / "out")
    version = soup(out / "oswiata" / "wrogi" / "wersje" / "1" / "index.html")
    shown = [p for p in version.select("p") if "tekst [" in p.get_text()]
    assert [p.get_text() for p in shown] == [stalling.strip()]  # as written
    assert not shown[0].find(True)  # no Markdown, no HTML: text only
    change = soup(out / "oswiata" / "wrogi" / "zmiany" / "2" / "index.html")
    removed = [d.get_text() for d in change.select(".bip-diff del")]
    assert removed == [f"Usunięto: {stalling.strip()}"]  # as written: ** stays
    huge = soup(out / "oswiata" / "rejestr" / "zmiany" / "2" / "index.html")
    assert not huge.select(".bip-diff")
    assert "zbyt wiele, by pokazać je wiersz po wierszu" in huge.get_text()
