"""Reading source files: encoding, fences, YAML errors, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bip_content import frontmatter
from bip_content.documents import body_problems, slug_of
from bip_content.frontmatter import decode, key_lines, parse, split
from conftest import ROOT
from corpus import write_site


@pytest.mark.parametrize(
    ("raw", "line"),
    [
        ("---\ntytul: Zażółć\n---\n".encode("cp1250"), 2),
        ("---\ntytul: x\n---\n\nTreść\n\nŁódź".encode("iso-8859-2"), 5),
    ],
)
def test_non_utf8_names_line(raw: bytes, line: int) -> None:
    text, problems = decode("a.md", raw)
    assert text is None
    assert str(problems[0]).startswith(
        f"a.md:{line}: plik nie jest zapisany w kodowaniu UTF-8"
    )
    assert "zapisz plik ponownie jako UTF-8" in problems[0].hint


def test_bom_is_dropped() -> None:
    text, problems = decode("a.md", "\ufeff---\n".encode())
    assert (text, problems) == ("---\n", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tytul: x\n", "a.md:1: brak nagłówka dokumentu"),
        ("---\ntytul: x\n", "a.md:1: brak nagłówka dokumentu"),
        (
            "---\ntytul: x\n  podmiot: y\n---\n",
            "a.md:3: nagłówek nie jest poprawnym YAML",
        ),
        ("---\ntytul: [x\n---\n", "a.md:3: nagłówek nie jest poprawnym YAML"),
        (
            '---\ntytul: "x\npodmiot: y\n---\n',
            "a.md:4: nagłówek nie jest poprawnym YAML",
        ),
        ("---\n- a\n- b\n---\n", "a.md:2: nagłówek nie jest listą kluczy i wartości"),
    ],
)
def test_unreadable_front_matter(text: str, expected: str) -> None:
    doc, problems = parse("a.md", text)
    assert doc is None
    assert str(problems[0]).startswith(expected), problems


def test_lines_of_nested_keys() -> None:
    doc, _ = parse(
        "a.md", "---\ntytul: x\nzalaczniki:\n  - plik: a.pdf\n    opis: A\n---\nB\n"
    )
    assert doc.lines["tytul"] == 2
    assert doc.line("zalaczniki.0.opis") == 5
    assert doc.line("zalaczniki.0.nieznany") == 4
    assert (doc.body, doc.body_line) == ("B\n", 7)


def test_dates_stay_text_for_our_parser() -> None:
    doc, _ = parse("a.md", "---\ndata_wytworzenia: 2026-13-45\n---\nx\n")
    assert doc.data["data_wytworzenia"] == "2026-13-45"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("", "a.md:5: dokument nie ma treści"),
        ("  \n\n", "a.md:5: dokument nie ma treści"),
        ("Tekst\n\n![](mapa.png)\n", "a.md:7: obraz bez tekstu alternatywnego"),
        ('Tekst <img src="a.png">\n', "a.md:5: obraz bez tekstu alternatywnego"),
        ("Znak \ufffd w tekście\n", "a.md:5: znak „\ufffd” w miejscu liter"),
        (
            "<script>alert(1)</script>\n",
            "a.md:5: wstawka HTML (skrypt lub ramka) zostanie usunięta",
        ),
    ],
)
def test_body_problems(body: str, expected: str) -> None:
    problems = [str(p) for p in body_problems("a.md", body, 5)]
    assert any(p.startswith(expected) for p in problems), problems


def test_good_body_has_no_problems() -> None:
    assert body_problems("a.md", "Zażółć ![Mapa objazdu](m.png)\n", 5) == []


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("2026-03-15-nabor.md", "nabor"),
        ("nabor.md", "nabor"),
        ("2026-03-15.md", "2026-03-15"),
        ("2026-3-15-x.md", "2026-3-15-x"),
    ],
)
def test_slug_drops_leading_date(name: str, slug: str) -> None:
    assert slug_of(name) == slug


def yaml_texts(tmp_path: Path) -> dict[str, str]:
    """Every front matter and YAML file of the demo, the fixtures and the corpus."""
    corpus = write_site(tmp_path / "korpus")
    found = {}
    for root in (ROOT / "content", ROOT / "tests" / "sites", corpus):
        for path in sorted(root.rglob("*.*")):
            if path.suffix not in (".md", ".yaml") or not path.is_file():
                continue
            text = path.read_bytes().decode("utf-8", "replace")
            if path.suffix == ".yaml":
                found[str(path)] = text
            elif path.suffix == ".md" and (parts := split(text)):
                found[str(path)] = parts[0]
    return found


def outcome(text: str, load=frontmatter.load_yaml) -> object:
    """The data and key lines a loader gives, or its error."""
    try:
        data, node = load(text)
    except yaml.YAMLError as exc:
        return (type(exc), str(exc))
    return data, key_lines("a.yaml", node)


def python_parser(text: str) -> object:
    return frontmatter._load(frontmatter._PythonLoader, text)


def test_libyaml_reads_every_file_as_pyyaml_does(tmp_path) -> None:
    """The fast parser gives the same data, key lines and errors."""
    texts = yaml_texts(tmp_path)
    assert len(texts) > 200
    for path, text in texts.items():
        assert outcome(text) == outcome(text, python_parser), path


@pytest.mark.parametrize(
    "text",
    [
        'a: "\\ud800"\n',  # a lone surrogate: libyaml refuses it, PyYAML reads it
        'a: "\\a"\n',  # an escaped control character, the same
        "a: " + "[" * 40 + "]" * 40 + "\n",  # libyaml's own depth limit
        "a: &x [1]\nb: *x\n",
        "a: b: c\n",
        "a:\n\t- b\n",
        "\ufeffa: 1\n\u2028b: 2\n",
    ],
)
def test_what_libyaml_refuses_is_reported_as_before(text: str) -> None:
    assert outcome(text) == outcome(text, python_parser)
