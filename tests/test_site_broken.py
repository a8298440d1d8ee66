"""Bad input: every problem reported at once; html builds, publish refuses."""

from __future__ import annotations

from pathlib import Path

import pytest
from bip_content.check import check_site
from conftest import SITES, build, copy_site, git_site, make, soup

BROKEN = SITES / "broken" / "content"

EXPECTED = [
    ("nieznany/2026-01-15-gdzie.md", 1, "dokument poza znanym działem („nieznany”)"),
    ("oswiata/2025-12-01-nabor.md", 1, "ten sam adres /oswiata/nabor/ co oswiata/2026-01-13-nabor.md"),
    ("oswiata/2025-12-01-nabor.md", 10, "obraz bez tekstu alternatywnego"),
    ("oswiata/2025-12-01-nabor.md", 10, "brak pliku obrazu „mapa.png” w folderze"),
    ("oswiata/2026-01-11-zly-yaml.md", 4, "nagłówek nie jest poprawnym YAML"),
    ("oswiata/2026-01-12-bledy.md", 3, "podmiot: nieznany podmiot „gops”"),
    ("oswiata/2026-01-12-bledy.md", 4, "kategoria: nieznany dział menu „oswiatta” (czy chodziło o „oswiata”?)"),
    ("oswiata/2026-01-12-bledy.md", 6, "data_wytworzenia: „2026-02-30” nie jest istniejącą datą"),
    ("oswiata/2026-01-12-bledy.md", 7, "nieznany klucz 'autor'"),
    ("oswiata/2026-01-13-nabor.md", 1, "ten sam adres /oswiata/nabor/ co oswiata/2025-12-01-nabor.md"),
    ("oswiata/2026-01-13-nabor.md", 6, "data_wytworzenia 2027-05-01 jest z przyszłości"),
    ("oswiata/2026-01-13-nabor.md", 8, "zalaczniki: brak pliku załącznika „brak.pdf”"),
    ("oswiata/2026-01-13-nabor.md", 10, "zalaczniki: plik załącznika „../../sekret.txt” leży poza folderem"),
    ("oswiata/2026-01-13-nabor.md", 13, "dokument nie ma treści"),
    ("rada-miejska/2026-01-14-kodowanie.md", 5, "plik nie jest zapisany w kodowaniu UTF-8"),
]  # fmt: skip


def test_every_problem_at_once(today) -> None:
    result = check_site(BROKEN, today, shown="c")
    found = [
        (p.path.removeprefix("c/"), p.line, p.message)
        for p in result.problems
        if p.is_error
    ]
    assert len(found) == len(EXPECTED), found
    for (path, line, message), expected in zip(found, EXPECTED, strict=True):
        assert (path, line) == expected[:2]
        assert message.startswith(expected[2]), (message, expected)
    assert all(p.hint for p in result.problems)


def test_make_check_prints_all_and_fails(tmp_path: Path) -> None:
    content = copy_site("broken", tmp_path)  # outside git: history is only a warning
    run = make("check", f"CONTENT={content}")
    assert run.returncode != 0
    lines = [line for line in run.stdout.splitlines() if line.startswith("błąd: ")]
    assert len(lines) == len(EXPECTED)
    assert (
        f"błąd: {content}/oswiata/2026-01-12-bledy.md:7: nieznany klucz 'autor'"
        in run.stdout
    )
    assert f"ostrzeżenie: {content}:1: folder treści nie jest w repozytorium git" in (
        run.stdout
    )
    assert f"błędy: {len(EXPECTED)}" in run.stderr


def test_make_check_passes_on_good_content(tmp_path: Path) -> None:
    run = make("check", f"CONTENT={git_site('basic', tmp_path)}")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "błędy: 0;" in run.stderr


def test_html_builds_good_documents_with_warnings(tmp_path: Path) -> None:
    out = build(BROKEN, tmp_path / "out")
    assert (out / "oswiata" / "dobry" / "index.html").is_file()
    assert not (out / "oswiata" / "bledy").exists()
    listing = soup(out / "kategoria" / "oswiata" / "index.html")
    assert [a.get_text() for a in listing.select(".bip-doclist__link")] == [
        "Dokument poprawny"
    ]


def test_publish_fails_and_leaves_published_site_untouched(tmp_path: Path) -> None:
    published = tmp_path / "public"
    published.mkdir()
    (published / "index.html").write_text("opublikowana wersja", encoding="utf-8")
    index = f"INDEX={tmp_path / 'public-index'}"
    run = make("publish", f"CONTENT={BROKEN}", f"OUTPUT={published}", index)
    assert run.returncode != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
    assert [p.name for p in published.iterdir()] == ["index.html"]
    assert (published / "index.html").read_text(
        encoding="utf-8"
    ) == "opublikowana wersja"


def test_strict_build_fails_even_without_the_check(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="publikacja wstrzymana"):
        build(BROKEN, tmp_path / "out", "publishconf.py")


def test_publish_replaces_site_when_content_is_good(tmp_path: Path) -> None:
    content = copy_site("basic", tmp_path)
    published = tmp_path / "public"
    published.mkdir()
    (published / "stary.html").write_text("stara wersja", encoding="utf-8")
    index = f"INDEX={tmp_path / 'public-index'}"
    run = make("publish", f"CONTENT={content}", f"OUTPUT={published}", index)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not (published / "stary.html").exists()
    page = soup(published / "oswiata" / "rekrutacja" / "index.html")
    assert page.select_one("link[rel=stylesheet]")["href"].startswith(
        "https://bip.jarzebinow.example/"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "basic",
        "public",
        "public-index",
    ]


def test_empty_mandatory_category_is_a_warning(today) -> None:
    result = check_site(BROKEN, today, shown="c")
    warnings = [str(p) for p in result.problems if not p.is_error]
    assert "c/bip.yaml:1: obowiązkowa kategoria „Organy” nie ma żadnego dokumentu" in [
        w.split(" — ")[0] for w in warnings
    ]


def test_make_html_and_clean_take_content_and_output(tmp_path: Path) -> None:
    out = tmp_path / "site"
    content, index = git_site("basic", tmp_path), tmp_path / "site-index"
    run = make("html", f"CONTENT={content}", f"OUTPUT={out}", f"INDEX={index}")
    assert run.returncode == 0, run.stderr
    assert (out / "oswiata" / "rekrutacja" / "index.html").is_file()
    # DEMO: the replayed demo is the working tree's; clean would remove it too.
    assert make("clean", f"OUTPUT={out}", f"DEMO={tmp_path / 'demo'}").returncode == 0
    assert not out.exists()
