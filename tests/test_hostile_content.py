"""Content as an attacker or a careless editor commits it: links to server
files, odd files, odd names, bombs and invisible characters. Each is a clear
error with its file and line; none crashes a build or reaches the output."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from bip_content.check import check_site
from bip_content.frontmatter import parse
from bip_content.sitedata import parse as parse_site
from bip_history.repository import load
from conftest import FIXTURE_TODAY, SITES, build, copy_site, make
from gitrepo import GitRepo

TODAY = dt.date.fromisoformat(FIXTURE_TODAY)
DOC = "oswiata/2026-02-01-rekrutacja.md"
SECRET = "tajne-dane-serwera-7f3a"


def errors(content: Path) -> list[str]:
    result = check_site(content, TODAY, shown="c")
    return [str(p) for p in result.problems if p.is_error]


def starts(found: list[str], expected: str) -> bool:
    """True when one of the messages begins with `expected`."""
    return any(message.startswith(expected) for message in found)


def with_attachment(content: Path, name: str) -> None:
    """Name `name` as a second attachment of the rekrutacja document."""
    source = content / DOC
    text = source.read_text(encoding="utf-8")
    entry = f"  - plik: {name}\n    opis: Wykaz\n"
    source.write_text(
        text.replace("---\nRekrutacja", entry + "---\nRekrutacja"), "utf-8"
    )


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "poza-repozytorium" / "passwd"
    path.parent.mkdir()
    path.write_text(f"root:x:0:0:{SECRET}\n", encoding="utf-8")
    return path


def test_linked_attachment_is_an_error_and_never_published(tmp_path, secret) -> None:
    content = copy_site("basic", tmp_path)
    (content / "oswiata" / "rekrutacja" / "wykaz.csv").symlink_to(secret)
    with_attachment(content, "wykaz.csv")
    found = errors(content)
    assert starts(found, "c/oswiata/rekrutacja/wykaz.csv:1: dowiązanie symboliczne")
    assert starts(found, f"c/{DOC}:13: zalaczniki: brak pliku załącznika „wykaz.csv”")
    out = build(content, tmp_path / "out")  # a preview builds the rest
    assert not (out / "oswiata" / "rekrutacja").exists()
    assert not any(
        SECRET in p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file()
    )


def test_linked_folder_is_an_error_and_never_walked(tmp_path, secret) -> None:
    content = copy_site("basic", tmp_path)
    (content / "oswiata" / "zbior").symlink_to(secret.parent, target_is_directory=True)
    (content / "oswiata" / "petla").symlink_to(content, target_is_directory=True)
    found = errors(content)
    assert [f.split(":")[0] for f in found] == ["c/oswiata/petla", "c/oswiata/zbior"]
    out = build(content, tmp_path / "out")
    assert (out / "oswiata" / "rekrutacja" / "index.html").is_file()
    assert not any(
        SECRET in p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file()
    )


def test_pipe_in_the_content_folder_does_not_hang_the_check(tmp_path) -> None:
    content = copy_site("basic", tmp_path)
    os.mkfifo(content / "oswiata" / "rekrutacja" / "potok.txt")
    os.mkfifo(content / "oswiata" / "2026-03-01-potok.md")
    found = errors(content)
    assert "c/oswiata/2026-03-01-potok.md:1: plik specjalny" in found[0]
    assert "c/oswiata/rekrutacja/potok.txt:1: plik specjalny" in found[1]


def test_linked_site_data_is_refused(tmp_path, secret) -> None:
    content = copy_site("basic", tmp_path)
    (content / "bip.yaml").unlink()
    (content / "bip.yaml").symlink_to(secret)
    assert errors(content)[0].startswith("c/bip.yaml:1: dowiązanie symboliczne")


@pytest.mark.parametrize(
    ("name", "fixed"),
    [
        ("Regulamin Naboru.PDF", "regulamin-naboru.pdf"),
        ("wykaz#2?%.pdf", "wykaz-2.pdf"),
        ('uchwała "nr 5".pdf', "uchwala-nr-5.pdf"),
    ],
)
def test_file_names_follow_one_rule(tmp_path, name: str, fixed: str) -> None:
    content = copy_site("basic", tmp_path)
    (content / "oswiata" / "rekrutacja" / name).write_text("x", encoding="utf-8")
    with_attachment(content, f'"{name}"' if '"' not in name else f"'{name}'")
    found = errors(content)
    assert starts(
        found,
        f"c/oswiata/rekrutacja/{name}:1: niedozwolona nazwa „{name}” — zmień ją "
        f"na „{fixed}”",
    ), found
    assert starts(
        found,
        f"c/{DOC}:13: zalaczniki: plik załącznika „{name}”: ma niedozwoloną nazwę "
        f"— zmień nazwę pliku na „{fixed}”",
    ), found
    out = build(content, tmp_path / "out")
    assert not (out / "oswiata" / "rekrutacja" / name).exists()


def test_a_misnamed_document_is_not_published(tmp_path) -> None:
    content = copy_site("basic", tmp_path)
    shutil.move(content / DOC, content / "oswiata" / "2026-02-01-Rekrutacja Nowa.md")
    found = errors(content)
    assert found[0].startswith(
        "c/oswiata/2026-02-01-Rekrutacja Nowa.md:1: niedozwolona nazwa"
    ), found
    out = build(content, tmp_path / "out")
    assert not list((out / "oswiata").glob("*"))


def test_an_oversized_attachment_is_an_error(tmp_path) -> None:
    content = copy_site("basic", tmp_path)
    bip = content / "bip.yaml"
    bip.write_text(
        bip.read_text(encoding="utf-8") + "limity: {zalacznik_mb: 1}\n", "utf-8"
    )
    (content / "oswiata" / "rekrutacja" / "skan.pdf").write_bytes(
        b"%" * (1024 * 1024 + 1)
    )
    with_attachment(content, "skan.pdf")
    found = errors(content)
    assert starts(found, "c/oswiata/rekrutacja/skan.pdf:1: plik ma 1,0 MB, więcej niż")
    assert starts(
        found, f"c/{DOC}:13: zalaczniki: plik załącznika „skan.pdf”: ma 1,0 MB"
    )


def front(title_line: str) -> str:
    return (
        f"---\n{title_line}\npodmiot: urzad\nkategoria: oswiata\n"
        "wytworzyl: {osoba: Ewa Testowa, funkcja: Kierownik}\n"
        "data_wytworzenia: 2026-02-01\n---\nTreść.\n"
    )


@pytest.mark.parametrize(
    ("title_line", "expected"),
    [
        ('tytul: "Nabór\\x1b[2J"', "c/oswiata/2026-03-01-nowy.md:2: tytul: znak sterujący U+001B w tekście"),
        ('tytul: "Nabór \\ud800"', "c/oswiata/2026-03-01-nowy.md:2: tytul: niepełny znak U+D800 (surogat) w tekście"),
        ('tytul: "Nabór \\u202eFDP.exe"', "c/oswiata/2026-03-01-nowy.md:2: tytul: niewidoczny znak kierunku tekstu U+202E"),
        ('tytul: "Nabór\\0"', "c/oswiata/2026-03-01-nowy.md:2: tytul: znak sterujący U+0000"),
        (f"tytul: {'Długi tytuł ' * 100}", "c/oswiata/2026-03-01-nowy.md:2: tytul: tekst ma 1199 znaków, więcej niż 1000"),
        (f"tytul: {'x' * 70_000}", "c/oswiata/2026-03-01-nowy.md:2: nagłówek ma 68 KB, więcej niż dozwolone 64 KB"),
    ],
)  # fmt: skip
def test_bad_titles_are_errors_and_crash_nothing(
    tmp_path, title_line, expected
) -> None:
    content = copy_site("basic", tmp_path)
    (content / "oswiata" / "2026-03-01-nowy.md").write_text(front(title_line), "utf-8")
    found = errors(content)
    assert found and found[0].startswith(expected), found
    out = build(content, tmp_path / "out")  # the preview leaves it out and lives
    assert (out / "oswiata" / "rekrutacja" / "index.html").is_file()
    assert not (out / "oswiata" / "nowy").exists()
    with pytest.raises(Exception, match="publikacja wstrzymana"):
        build(content, tmp_path / "pub", "publishconf.py")


def test_invisible_characters_in_bip_yaml_are_errors_and_the_site_builds(
    tmp_path,
) -> None:
    content = copy_site("basic", tmp_path)
    bip = content / "bip.yaml"
    bip.write_text(
        bip.read_text(encoding="utf-8").replace(
            "nazwa: Gmina Testowa", 'nazwa: "Gmina\\x07 \\ud800"'
        ),
        "utf-8",
    )
    assert errors(content)[0].startswith(
        "c/bip.yaml:2: gmina.nazwa: znak sterujący U+0007"
    )
    out = build(content, tmp_path / "out")
    assert "Gmina\ufffd \ufffd" in (out / "index.html").read_text(encoding="utf-8")


def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for n in range(1, levels + 1):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (alias_bomb(), "a.md:3: nagłówek nie jest poprawnym YAML (odwołania YAML (*nazwa) są niedozwolone) — usuń znaki & i *"),
        ("tytul: " + "[" * 50_000 + "]" * 50_000 + "\n", "a.md:2: nagłówek nie jest poprawnym YAML (zagnieżdżenie głębsze niż 10 poziomów)"),
        ("tytul: &t A\npodmiot: *t\n", "a.md:3: nagłówek nie jest poprawnym YAML (odwołania YAML"),
    ],
)  # fmt: skip
def test_yaml_bombs_are_refused_before_they_grow(header: str, expected: str) -> None:
    assert len(header) < 110_000  # small inputs: 1.9 kB of aliases used to take minutes
    doc, problems = parse("a.md", f"---\n{header}---\nTreść\n")
    assert doc is None
    assert str(problems[0]).startswith(expected), problems


def test_alias_bomb_in_bip_yaml_is_refused() -> None:
    site, problems = parse_site("bip.yaml", alias_bomb())
    assert site is None
    assert str(problems[0]).startswith(
        "bip.yaml:2: plik nie jest poprawnym YAML (odwołania"
    )


def test_body_and_file_sizes_are_bounded(tmp_path) -> None:
    content = copy_site("basic", tmp_path)
    bip = content / "bip.yaml"
    bip.write_text(
        bip.read_text(encoding="utf-8") + "limity: {tresc_kb: 1, naglowek_kb: 1}\n",
        "utf-8",
    )
    (content / "oswiata" / "2026-03-01-dlugi.md").write_text(
        front("tytul: Długi") + "słowo " * 200, "utf-8"
    )
    (content / "oswiata" / "2026-03-02-ogromny.md").write_bytes(b"---\n" + b"x" * 5000)
    found = errors(content)
    assert (
        "c/oswiata/2026-03-01-dlugi.md:8: treść ma 1 KB, więcej niż dozwolone 1 KB"
        in [f.split(" — ")[0] for f in found]
    ), found
    assert (
        "c/oswiata/2026-03-02-ogromny.md:1: plik ma 5 KB, więcej niż dozwolone 2 KB"
        in [f.split(" — ")[0] for f in found]
    ), found


def test_control_characters_in_the_body_name_their_line(tmp_path) -> None:
    content = copy_site("basic", tmp_path)
    (content / "oswiata" / "2026-03-01-nowy.md").write_text(
        front("tytul: Nowy") + "Druga linia\nTrzecia\x0cz wysuwem strony\n", "utf-8"
    )
    found = errors(content)
    assert found[0].startswith(
        "c/oswiata/2026-03-01-nowy.md:10: znak sterujący U+000C w treści"
    )
    assert "\x0c" not in found[0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("  email: urzad@testowo.example\n", "  email: urzad@testowo.example\n  bip_glowny: javascript:alert(1)\n"), "bip.yaml:10: gmina.bip_glowny: „javascript:alert(1)” nie jest pełnym adresem strony"),
        (("  email: urzad@testowo.example\n", "  email: urzad@testowo.example\n  bip_glowny: data:text/html,x\n"), "bip.yaml:10: gmina.bip_glowny: „data:text/html,x” nie jest pełnym"),
        (("email: urzad@testowo.example", "email: 'x\" onmouseover=\"alert(1)'"), "bip.yaml:9: gmina.email: „x\" onmouseover=\"alert(1)” nie jest adresem e-mail"),
        (("telefon: \"+48 00 000 00 00\"", "telefon: javascript:alert(1)"), "bip.yaml:8: gmina.telefon: „javascript:alert(1)” nie jest numerem telefonu"),
        (("faks: brak", "faks: \"1; javascript:x\""), "bip.yaml:17: podmioty.0.redaktorzy.0.faks: „1; javascript:x” nie jest numerem"),
        (("id: urzad", "id: Urząd Gminy"), "bip.yaml:12: podmioty.0.id: „Urząd Gminy” nie może być częścią adresu"),
        (("{slug: oswiata, nazwa: Oświata}", "{slug: ../oswiata, nazwa: Oświata}"), "bip.yaml:25: dzialy.0.slug: „../oswiata” nie może być częścią adresu"),
        (("limity", "limity"), None),
    ],
)  # fmt: skip
def test_addresses_in_site_data_are_validated(change, expected) -> None:
    good = (SITES / "basic" / "content" / "bip.yaml").read_text(encoding="utf-8")
    if expected is None:
        assert parse_site("bip.yaml", good)[1] == []
        return
    assert change[0] in good
    _site, problems = parse_site("bip.yaml", good.replace(*change, 1))
    assert any(str(p).startswith(expected) for p in problems), [
        str(p) for p in problems
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("adres_strony: https://bip.testowo.example", "adres_strony: javascript:alert(1)"), "d:1: adres_strony: „javascript:alert(1)” nie jest pełnym adresem"),
        (("komunikacja:", "architektura_url: data:text/html,x\nkomunikacja:"), "d:14: architektura_url: „data:text/html,x” nie jest pełnym adresem"),
        (("kontakt_email: dostepnosc@testowo.example", "kontakt_email: javascript:alert(1)"), "d:11: kontakt_email: „javascript:alert(1)” nie jest adresem e-mail"),
        (("kontakt_telefon: \"+48 00 000 00 00\"", "kontakt_telefon: \"0 onclick=x\""), "d:12: kontakt_telefon: „0 onclick=x” nie jest numerem telefonu"),
    ],
)  # fmt: skip
def test_addresses_in_the_statement_are_validated(tmp_path, change, expected) -> None:
    content = copy_site("basic", tmp_path)
    statement = content / "deklaracja-dostepnosci.yaml"
    text = statement.read_text(encoding="utf-8")
    assert change[0] in text
    statement.write_text(text.replace(*change), encoding="utf-8")
    found = [
        f.replace(f"{content}/deklaracja-dostepnosci.yaml", "d")
        for f in errors_shown(content)
    ]
    assert any(f.startswith(expected) for f in found), found


def errors_shown(content: Path) -> list[str]:
    result = check_site(content, TODAY)
    return [str(p) for p in result.problems if p.is_error]


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("limity: {tresc_mb: 5}", "bip.yaml:47: limity: nieznany klucz 'tresc_mb'"),
        (
            "limity: {tresc_kb: dużo}",
            "bip.yaml:47: limity.tresc_kb: „dużo” nie jest dodatnią liczbą",
        ),
        (
            "limity: {tresc_kb: 999999}",
            "bip.yaml:47: limity.tresc_kb: 999999 KB przekracza górną granicę — wpisz najwyżej 20480",
        ),
    ],
)
def test_limits_are_configurable_within_ceilings(section: str, expected: str) -> None:
    good = (SITES / "basic" / "content" / "bip.yaml").read_text(encoding="utf-8")
    site, problems = parse_site("bip.yaml", good + section + "\n")
    assert str(problems[0]).startswith(expected)
    assert site.limits["tresc_kb"] == 2048  # the default stays


def test_a_lower_limit_applies(tmp_path) -> None:
    content = copy_site("basic", tmp_path)
    bip = content / "bip.yaml"
    bip.write_text(
        bip.read_text(encoding="utf-8") + "limity: {tytul_znaki: 10}\n", "utf-8"
    )
    found = errors(content)
    assert found[0].startswith(f"c/{DOC}:2: tytul: tekst ma 29 znaków, więcej niż 10")


def test_commit_metadata_may_hold_any_byte(tmp_path) -> None:
    """A forged commit (any byte, even NUL, in its message and author) must
    not stop the history, and its text reaches pages without control bytes."""
    repo = GitRepo(tmp_path / "content")
    shutil.copytree(SITES / "basic" / "content", repo.root, dirs_exist_ok=True)
    repo.commit("Dane\x1e gminy\x1f\n\nPowód: rs \x1e us \x1f esc \x1b[2J")
    tree = repo.git("write-tree").strip()
    parent = repo.git("rev-parse", "HEAD").strip()
    raw = (
        f"tree {tree}\nparent {parent}\n"
        "author Ewa \x1b[31m\x1e\x1f <e@x> 1700000000 +0100\n"
        "committer Ewa <e@x> 99999999999999999 +0100\n\n"
        "Zmiana \x1e\x1f \x00 po NUL\n\nPowód: a\x1fb\n"
    ).encode() + b"\xff\xfe\n"
    forged = tmp_path / "forged"
    forged.write_bytes(raw)
    commit = repo.git(
        "hash-object", "-t", "commit", "-w", "--literally", str(forged)
    ).strip()
    repo.git("reset", "--quiet", "--soft", commit)
    repo.write(DOC, (repo.root / DOC).read_text(encoding="utf-8") + "\nDopisek.\n")
    repo.commit("Dopisek\n\nPowód: zwykły")
    loaded = load(repo.root, ["*[bot]*"])
    assert loaded.problems == []
    versions = loaded.history.documents[DOC].versions
    assert [v.reason for v in versions] == [
        "rs \ufffd us \ufffd esc \ufffd[2J",
        "zwykły",
    ]
    assert all("\x1b" not in v.authors[0] for v in versions)
    out = build(repo.root, tmp_path / "out")
    assert (out / "oswiata" / "rekrutacja" / "index.html").is_file()


def test_make_new_and_check_agree_on_file_names(tmp_path) -> None:
    """A title with any characters gives a file name the check accepts."""
    content = copy_site("basic", tmp_path)
    run = make(
        "new",
        f"CONTENT={content}",
        "DZIAL=oswiata",
        "PODMIOT=urzad",
        "KATEGORIA=oswiata",
        "RODZAJ=ogłoszenie",
        "TYTUL=Nabór #2? 100% „Ósemka” / Żłobek",
        "TODAY=2026-03-01",
    )
    assert run.returncode == 0, run.stderr
    made = sorted(p.name for p in (content / "oswiata").iterdir())
    assert "2026-03-01-nabor-2-100-osemka-zlobek.md" in made
    assert not [f for f in errors(content) if "niedozwolona nazwa" in f]


def test_history_never_reads_a_blob_over_the_limit(tmp_path) -> None:
    """An earlier version's huge attachment is sized, not read, and the
    earlier version's page shows no link to a file it could not publish."""
    repo = GitRepo(tmp_path / "content")
    shutil.copytree(SITES / "basic" / "content", repo.root, dirs_exist_ok=True)
    bip = repo.root / "bip.yaml"
    bip.write_text(
        bip.read_text(encoding="utf-8") + "limity: {zalacznik_mb: 1}\n", "utf-8"
    )
    (repo.root / "oswiata" / "rekrutacja" / "zasady.txt").write_bytes(b"x" * 2_000_000)
    repo.commit("Zasady w wersji roboczej")
    (repo.root / "oswiata" / "rekrutacja" / "zasady.txt").write_text(
        "Zasady.\n", "utf-8"
    )
    repo.commit("Zasady ostateczne")
    result = check_site(repo.root, TODAY, shown="c")
    loaded = load(repo.root, ["*[bot]*"], "c", result.site.limits)
    assert [str(p).split(" — ")[0] for p in loaded.problems] == [
        f"c/{DOC}:1: wersja 1: plik „zasady.txt” ma 1,9 MB, więcej niż limit "
        "załącznika: ta wersja pokaże się bez niego"
    ]
    assert all(len(blob) < 1_000_000 for blob in loaded.blobs.values())
    out = build(repo.root, tmp_path / "out")
    earlier = out / "oswiata" / "rekrutacja" / "wersje" / "1"
    assert not (earlier / "zasady.txt").exists()
    assert "zasady.txt" not in (earlier / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name", ["strona.html", "mapa.svg", "skrypt.js", "styl.xsl", "dane.xml"]
)
def test_files_a_browser_would_run_are_never_published(tmp_path, name: str) -> None:
    """From the site's own address an HTML page, an SVG, XHTML in XML or a
    script would run code (script-src 'self' trusts the address) or send
    residents away with a meta refresh."""
    content = copy_site("basic", tmp_path)
    (content / "oswiata" / "rekrutacja" / name).write_text(
        "<script>alert(1)</script>", encoding="utf-8"
    )
    with_attachment(content, name)
    suffix = name.rsplit(".", 1)[1]
    assert starts(
        errors(content),
        f"c/{DOC}:13: zalaczniki: plik załącznika „{name}” ma niedozwolone "
        f"rozszerzenie „.{suffix}”",
    )
    out = build(content, tmp_path / "out")
    assert not (out / "oswiata" / "rekrutacja" / name).exists()


def test_body_images_are_raster_images_only(tmp_path) -> None:
    content = copy_site("basic", tmp_path)
    (content / "oswiata" / "rekrutacja" / "plan.svg").write_text("<svg/>", "utf-8")
    doc = content / DOC
    doc.write_text(
        doc.read_text(encoding="utf-8") + "\n![Plan budynku](plan.svg)\n", "utf-8"
    )
    assert starts(
        errors(content), f"c/{DOC}:22: plik obrazu „plan.svg” ma niedozwolone"
    ), errors(content)


def test_a_long_body_gives_a_bounded_feed_entry(tmp_path) -> None:
    """A body at its limit once wrote feeds as large as itself, three times."""
    content = copy_site("basic", tmp_path)
    long_body = "\n\n".join(f"Akapit {n}: " + "treść uchwały " * 60 for n in range(300))
    (content / "oswiata" / "2026-03-01-dlugi.md").write_text(
        front("tytul: Długi dokument") + long_body, "utf-8"
    )
    out = build(content, tmp_path / "out")
    page = (out / "oswiata" / "dlugi" / "index.html").stat().st_size
    assert page > 250_000  # the page has it all
    for feed in ("atom.xml", "kategoria/oswiata/atom.xml", "dokumenty/atom.xml"):
        text = (out / feed).read_text(encoding="utf-8")
        assert len(text.encode()) < 110_000 + 5_000, feed
        assert "Pełna treść dokumentu w Biuletynie" in text, feed


def test_every_field_has_its_length_limit(tmp_path) -> None:
    content = copy_site("basic", tmp_path)
    doc = content / DOC
    doc.write_text(
        doc.read_text(encoding="utf-8").replace(
            "opis: Zasady rekrutacji", "opis: " + "Zasady " * 800
        ),
        "utf-8",
    )
    assert starts(
        errors(content),
        f"c/{DOC}:12: zalaczniki.0.opis: tekst ma 5599 znaków, więcej niż 5000",
    ), errors(content)
