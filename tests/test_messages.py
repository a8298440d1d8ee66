"""The message table: every clerk's message comes from it, whole and in use."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from bip_content import documents
from bip_content.fields import Context
from bip_content.messages import ERROR, MESSAGES, WARNING, say, wrap
from bip_content.problems import Problem
from conftest import ROOT

PLUGINS = ROOT / "plugins"


def _sources() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PLUGINS.rglob("*.py"))
    ]


def _calls(tree: ast.Module, name: str) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == name)
            or (isinstance(node.func, ast.Attribute) and node.func.attr == name)
        )
    ]


def _values(template: str) -> dict[str, object]:
    """A value for every field of a template (a number where it is formatted)."""
    return {
        name: 0 if spec else "x"
        for _text, name, spec, _conversion in string.Formatter().parse(template)
        if name
    }


@pytest.mark.parametrize("code", MESSAGES)
def test_every_message_can_be_said(code: str) -> None:
    entry = MESSAGES[code]
    said = say(code, **_values(entry.text) | _values(entry.hint))
    assert said.message and said.code == code
    assert said.severity in (ERROR, WARNING)


def test_every_message_is_used_and_every_used_one_exists() -> None:
    """Said by its key (some keys are chosen first, so: named in the code)."""
    said = {
        call.args[0].value
        for _path, tree in _sources()
        for name in ("say", "wrap")
        for call in _calls(tree, name)
        if call.args and isinstance(call.args[0], ast.Constant)
    }
    named = {
        node.value
        for path, tree in _sources()
        if path.name != "messages.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in MESSAGES
    }
    assert said - set(MESSAGES) == set(), "said but not in the table"
    assert set(MESSAGES) - named == set(), "in the table but never said"


def test_no_problem_is_written_outside_the_table() -> None:
    """Problems are made only by Problem.at from a message of the table."""
    made = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path, tree in _sources()
        for call in _calls(tree, "Problem")
        if path.name != "problems.py"
    ]
    assert made == []


def test_a_wrapped_message_keeps_its_key_and_weight() -> None:
    inner = say("html_in_value", tag="<b>")
    said = wrap("field_invalid", inner, key="tytul")
    assert said.message.startswith("tytul: znacznik HTML „<b>”")
    assert (said.code, said.severity) == ("html_in_value", WARNING)


def test_problems_of_a_document_carry_their_keys() -> None:
    text = (
        "---\ntytul: Ogłoszenie\npodmiot: urzad\nkategoria: nabory\n"
        "wytworzyl: {osoba: Anna Nowak, funkcja: Sekretarz}\n"
        "data_wytworzenia: 2026-02-30\n---\n\nO B W I E S Z C Z E N I E\n"
    )
    ctx = Context(bodies=frozenset({"urzad"}), categories=frozenset({"nabory"}))
    _doc, problems = documents.read(
        "oswiata/2026-01-05-a.md", "oswiata/2026-01-05-a.md", text.encode(), ctx
    )
    found = {(p.code, p.line, p.is_error) for p in problems}
    assert ("no_such_date", 6, True) in found
    assert ("spaced_letters", 9, False) in found
    assert all(isinstance(p, Problem) and p.code in MESSAGES for p in problems)
