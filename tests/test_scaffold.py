"""make new: a correctly named document with every key, and its folder."""

from __future__ import annotations

from pathlib import Path

from bip_metadata.fields import FIELDS
from bip_metadata.frontmatter import load_yaml
from bip_metadata.scaffold import slug
from conftest import FIXTURE_TODAY, copy_site, make

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
