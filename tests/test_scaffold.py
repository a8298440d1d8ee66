"""make new: a correctly named document with every key, and its folder."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import bombs
import pytest
from bip_content.fields import FIELDS
from bip_content.frontmatter import load_yaml
from bip_content.limits import defaults
from bip_content.office import Refused
from bip_content.scaffold import document_text, read_source, slug, title_of
from conftest import FIXTURE_TODAY, ROOT, build, copy_site, make, soup
from office import MAKERS, TITLE, empty_odt, kept, long_document

ARGS = [
    "DZIAL=oswiata",
    "PODMIOT=urzad",
    "KATEGORIA=oswiata",
    "RODZAJ=ogłoszenie",
    "TYTUL=Zebranie rodziców uczniów klas pierwszych",
    f"TODAY={FIXTURE_TODAY}",
]
NAME = f"{FIXTURE_TODAY}-zebranie-rodzicow-uczniow-klas-pierwszych"


def test_new_document_has_every_key_and_a_folder(tmp_path: Path) -> None:
    content = copy_site("basic", tmp_path)
    run = make("new", f"CONTENT={content}", *ARGS)
    assert run.returncode == 0, run.stderr
    document = content / "oswiata" / f"{NAME}.md"
    text = document.read_text(encoding="utf-8")
    for key in FIELDS:
        assert f"\n{key}:" in text or f"\n# {key}:" in text, key
    assert f"data_wytworzenia: {FIXTURE_TODAY}" in text
    assert (content / "oswiata" / NAME.split("-", 3)[3]).is_dir()
    assert "Uzupełnij każde „UZUPEŁNIJ”" in run.stdout


def test_check_refuses_the_placeholders_until_filled(tmp_path: Path) -> None:
    content = copy_site("basic", tmp_path)
    make("new", f"CONTENT={content}", *ARGS)
    check = make("check", f"CONTENT={content}")
    errors = [line for line in check.stdout.splitlines() if line.startswith("błąd:")]
    assert len(errors) == 3 and all("nieuzupełnione miejsce" in e for e in errors)
    document = content / "oswiata" / f"{NAME}.md"
    text = document.read_text(encoding="utf-8")
    text = text.replace("UZUPEŁNIJ imię i nazwisko", "Ewa Testowa")
    text = text.replace("UZUPEŁNIJ stanowisko", "dyrektor szkoły")
    text = text.replace(
        "UZUPEŁNIJ: treść dokumentu w Markdown.", "Zebranie odbędzie się w auli."
    )
    document.write_text(text, encoding="utf-8")
    check = make("check", f"CONTENT={content}")
    assert check.returncode == 0, check.stdout
    assert NAME not in check.stdout


def test_asks_for_what_is_not_given(tmp_path: Path) -> None:
    content = copy_site("basic", tmp_path)
    answers = (
        "rada-miejska\nrada\nuchwaly\nuchwała\nUchwała w sprawie budżetu na 2027 rok\n"
    )
    run = make("new", f"CONTENT={content}", f"TODAY={FIXTURE_TODAY}", stdin=answers)
    assert run.returncode == 0, run.stderr
    name = f"{FIXTURE_TODAY}-uchwala-w-sprawie-budzetu-na-2027-rok.md"
    assert (content / "rada-miejska" / name).is_file()


def test_unknown_department_is_refused(tmp_path: Path) -> None:
    content = copy_site("basic", tmp_path)
    run = make("new", f"CONTENT={content}", *ARGS[1:], "DZIAL=kosmos")
    assert run.returncode != 0
    assert "„kosmos” nie jest na liście: oswiata, rada-miejska" in run.stderr


def test_slug_is_short_and_plain() -> None:
    assert slug("Ogłoszenie o naborze na stanowisko: Księgowa (1/2)!") == (
        "ogloszenie-o-naborze-na-stanowisko-ksiegowa-1-2"
    )


def test_arguments_are_data_never_shell(tmp_path: Path) -> None:
    """Backticks, $(…), $VAR, quotes and ; in a title are kept, never run."""
    content = copy_site("basic", tmp_path)
    marker = tmp_path / "wykonane"
    title = (
        f"Uchwała `touch {marker}` $(touch {marker}) $HOME $$HOME "
        f"\"cudzysłów\" 'apostrof'; touch {marker} # koniec: tak"
    )
    run = make("new", f"CONTENT={content}", *ARGS[:4], f"TYTUL={title}", ARGS[5])
    assert run.returncode == 0, run.stdout + run.stderr
    (document,) = (content / "oswiata").glob(f"{FIXTURE_TODAY}-uchwala-*.md")
    front = document.read_text(encoding="utf-8").split("---\n")[1]
    data, _ = load_yaml(front)
    assert data["tytul"] == title
    assert not marker.exists()


FROM_FILE = [
    "DZIAL=rada-miejska",
    "PODMIOT=rada",
    "KATEGORIA=uchwaly",
    "RODZAJ=uchwała",
]
TITLE_SLUG = "uchwala-nr-5-2026-rady-miejskiej-w-jarzebinowie"


def new_from_file(content: Path, source: Path) -> subprocess.CompletedProcess:
    """`make new PLIK=…` of a council resolution into `content`."""
    return make(
        "new",
        f"CONTENT={content}",
        *FROM_FILE,
        f"PLIK={source}",
        f"TODAY={FIXTURE_TODAY}",
    )


def tree(content: Path) -> dict[str, bytes]:
    """Every file and folder under `content`, to see that nothing changed."""
    return {
        str(p.relative_to(content)): p.read_bytes() if p.is_file() else b""
        for p in content.rglob("*")
    }


def fill_in(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    text = text.replace("UZUPEŁNIJ imię i nazwisko", "Jan Próbny")
    text = text.replace("UZUPEŁNIJ stanowisko", "Przewodniczący Rady")
    document.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("kind", MAKERS)
def test_new_from_a_file_checks_and_builds(kind: str, tmp_path: Path) -> None:
    """The body, title and first attachment come from the file; the page shows them."""
    content = copy_site("basic", tmp_path)
    # make runs in the repository: a shell reading the name would touch it there.
    marker = ROOT / "wykonane"
    source = tmp_path / f"Uchwała nr 5 $(touch wykonane) `touch wykonane`; $HOME.{kind}"
    source.write_bytes(MAKERS[kind]())
    run = new_from_file(content, source)
    assert run.returncode == 0, run.stderr
    assert not marker.exists()
    document = content / "rada-miejska" / f"{FIXTURE_TODAY}-{TITLE_SLUG}.md"
    (copy,) = (content / "rada-miejska" / TITLE_SLUG).iterdir()
    assert copy.name.startswith("uchwala-nr-5-touch-") and copy.suffix == f".{kind}"
    assert copy.read_bytes() == source.read_bytes()
    front, body = document.read_text(encoding="utf-8").split("---\n")[1:3]
    data, _ = load_yaml(front)
    assert data["tytul"] == TITLE
    assert data["zalaczniki"] == [
        {"plik": copy.name, "opis": f"{TITLE} — plik źródłowy"}
    ]
    assert "UZUPEŁNIJ" not in body

    fill_in(document)
    check = make("check", f"CONTENT={content}")
    assert check.returncode == 0, check.stdout
    assert TITLE_SLUG not in check.stdout  # not even a warning

    out = build(content, tmp_path / "out")
    page = soup(out / "rada-miejska" / TITLE_SLUG / "index.html")
    assert page.find("h1").get_text(strip=True) == TITLE
    body = page.select_one(".bip-document__body")
    assert [name for name, ok in kept(str(body)).items() if not ok] == []
    assert page.find("a", href=lambda h: h and h.endswith(copy.name)) is not None


BOMB = bombs.lying_zip(2**32 - 1, 1)  # 1 MB inside, 4 GB declared


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("skan.pdf", bombs.blank_pdf(), "nie jest plikiem DOCX ani ODT"),
        ("uchwala.docx", b"Zwykly tekst, nie dokument.", "to nie jest archiwum ZIP"),
        ("bomba.docx", BOMB, "archiwum deklaruje 4096,0 MB"),
        ("bomba.odt", bombs.office_file("odt", "bomba", repeat_mb=101), "archiwum deklaruje 101,0 MB"),
        ("klamstwo.docx", bombs.lying_zip(1000, 1), "uszkodzone albo zaszyfrowane"),
    ],
    ids=["pdf", "nie-zip", "bomba-deklarowana", "bomba-101-MB", "naglowek-klamie"],
)  # fmt: skip
def test_refused_files_write_nothing(
    name: str, data: bytes, message: str, tmp_path: Path
) -> None:
    content = copy_site("basic", tmp_path)
    before = tree(content)
    source = tmp_path / name
    source.write_bytes(data)
    run = new_from_file(content, source)
    assert run.returncode == 2
    assert f"Nie zamieniono pliku „{source}” na dokument: " in run.stderr
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert tree(content) == before


@pytest.mark.parametrize(
    ("limit", "data", "message"),
    [
        ("zalacznik_mb: 1", bytes(2 * 1024 * 1024), "dla załącznika (bip.yaml → limity → zalacznik_mb)"),
        ("rozpakowanie_mb: 1", long_document("docx", 20_000), "(bip.yaml → limity → rozpakowanie_mb)"),
        ("tresc_kb: 4", long_document("docx", 200), "(bip.yaml → limity → tresc_kb)"),
        ("czas_zalacznika_s: 1", long_document("docx", 50_000), "(bip.yaml → limity → czas_zalacznika_s)"),
    ],
    ids=["zalacznik", "rozpakowanie", "tresc", "czas"],
)  # fmt: skip
def test_limits_of_bip_yaml_bound_the_file(
    limit: str, data: bytes, message: str, tmp_path: Path
) -> None:
    content = copy_site("basic", tmp_path)
    with (content / "bip.yaml").open("a", encoding="utf-8") as config:
        config.write(f"limity:\n  {limit}\n")
    before = tree(content)
    source = tmp_path / "uchwala.docx"
    source.write_bytes(data)
    run = new_from_file(content, source)
    assert run.returncode == 2, run.stdout
    assert message in run.stderr
    assert tree(content) == before


def test_an_empty_file_leaves_the_body_to_fill_in(tmp_path: Path) -> None:
    source = tmp_path / "Pusty_dokument.odt"
    source.write_bytes(empty_odt())
    found = read_source(source, defaults(), None)
    assert found.converted.title == ""
    assert title_of(None, found, str(source)) == "Pusty dokument"
    text = document_text({"tytul": "Pusty dokument"}, dt.date(2026, 11, 24), found)
    assert text.endswith("---\nUZUPEŁNIJ: treść dokumentu w Markdown.\n")


def test_links_missing_files_and_folders_are_refused(tmp_path: Path) -> None:
    real = tmp_path / "uchwala.docx"
    real.write_bytes(MAKERS["docx"]())
    (tmp_path / "link.docx").symlink_to(real)
    (tmp_path / "folder.docx").mkdir()
    for name, message in [
        ("link.docx", "dowiązanie symboliczne"),
        ("brak.docx", "nie ma takiego pliku"),
        ("folder.docx", "nie ma takiego pliku"),
    ]:
        with pytest.raises(Refused, match=message):
            read_source(tmp_path / name, defaults(), None)


def test_without_a_terminal_a_missing_answer_is_a_clear_refusal(tmp_path: Path) -> None:
    content = copy_site("basic", tmp_path)
    run = make("new", f"CONTENT={content}", *ARGS[:4], stdin="")
    assert run.returncode != 0
    assert "Nie ma kogo zapytać: Tytuł dokumentu." in run.stderr
    assert "Traceback" not in run.stderr
    assert sorted(p.name for p in (content / "oswiata").iterdir()) == [
        "2026-02-01-rekrutacja.md",
        "rekrutacja",
    ]
