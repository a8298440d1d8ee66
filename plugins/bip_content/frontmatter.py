"""Split a document into YAML front matter and Markdown, keeping line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
from yaml._yaml import CParser
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .messages import Said, say, wrap
from .problems import Problem

FENCE = "---"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# Front matter, bip.yaml and the statement need four levels; ten leave room.
MAX_DEPTH = 10


class StructureError(yaml.composer.ComposerError):
    """YAML this project refuses before building it: aliases, deep nesting."""

    def __init__(self, said: Said, mark: yaml.Mark) -> None:
        super().__init__(None, None, said.message, mark)
        self.said = said


class _Checked(Composer):
    """A composer that refuses aliases and nesting beyond MAX_DEPTH.

    Aliases (`*nazwa`) are refused: a few lines of them expand into
    billions of values, and no document needs them. Nesting is limited, so
    that the composer's recursion stays shallow whatever the input.
    """

    depth = 0
    if TYPE_CHECKING:  # given by the parser it is mixed with

        def peek_event(self) -> Any: ...
        def check_event(self, *choices: Any) -> bool: ...

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Compose one node, refusing aliases and nesting beyond MAX_DEPTH."""
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            raise StructureError(say("yaml_alias"), mark)
        if self.depth >= MAX_DEPTH:
            raise StructureError(say("yaml_too_deep", most=MAX_DEPTH), mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Loader(_Checked, CParser, SafeConstructor, Resolver):
    """Safe loader that leaves dates as text, so that we parse them ourselves.

    PyYAML turns `2026-13-45` into a ValueError deep inside the constructor;
    keeping every date a string lets the schema say what is wrong with it.
    Events come from libyaml's parser (C, in PyYAML's wheels) and nodes are
    composed in Python, where aliases and depth are checked: 2 000 headers
    take 0.18 s instead of 1.42 s with PyYAML's Python parser.
    """

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)


class _PythonLoader(_Checked, yaml.SafeLoader):
    """The same with PyYAML's parser, whose errors the messages were made for."""


_Loader.yaml_implicit_resolvers = _PythonLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """A parsed source file: front matter, where each key stands, and the body."""

    data: dict
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line(self, key: str) -> int:
        """Line of a (dotted) key, or of its nearest parent, or of the fence."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return 1


def load_yaml(text: str) -> tuple[object, yaml.Node | None]:
    """Parse YAML safely, dates kept as text; return the data and its node tree.

    Raises yaml.MarkedYAMLError, which carries the line of the problem.
    Text libyaml refuses is read again by PyYAML's parser, so a wrong file
    gets the same message as always (libyaml's wording differs, and PyYAML
    reads some text, such as an escaped lone surrogate, that the checks
    after it name more precisely).
    """
    try:
        return _load(_Loader, text)
    except yaml.YAMLError:
        return _load(_PythonLoader, text)


def _load(
    kind: type[_Loader | _PythonLoader], text: str
) -> tuple[object, yaml.Node | None]:
    loader = kind(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node else None), node
    finally:
        loader.dispose()


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Decode a file as UTF-8, naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        return None, [Problem.at(path, line, say("not_utf8", byte=byte))]


def split(text: str) -> tuple[str, str, int] | None:
    r"""Return (front matter, body, first body line) or None without a fence.

    >>> split("---\ntytul: A\n---\nTreść\n")
    ('tytul: A\n', 'Treść\n', 4)
    """
    # Lines end at "\n" only, as editors and YAML count them; splitlines()
    # would also end one at a form feed or U+2028 and shift every number.
    lines = [line for line in re.split(r"(?<=\n)", text) if line]
    if not lines or lines[0].strip() != FENCE:
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() == FENCE:
            return "".join(lines[1:number]), "".join(lines[number + 1 :]), number + 2
    return None


def parse(
    path: str, text: str, max_header: int | None = None
) -> tuple[Document | None, list[Problem]]:
    """Parse front matter into a Document, or say why it cannot be read.

    A header longer than `max_header` bytes is not parsed at all.
    """
    parts = split(text)
    if parts is None:
        return None, [Problem.at(path, 1, say("no_front_matter"))]
    header, body, body_line = parts
    size = len(header.encode("utf-8", "surrogatepass"))
    if max_header is not None and size > max_header:
        found = say("header_too_large", size=size // 1024, most=max_header // 1024)
        return None, [Problem.at(path, 2, found)]
    try:
        data, node = load_yaml(header)
    except yaml.MarkedYAMLError as exc:
        return None, [_yaml_problem(path, exc)]
    if not isinstance(data, dict):
        return None, [Problem.at(path, 2, say("header_not_mapping"))]
    lines, problems = key_lines(path, node)
    return Document(data, lines, body, body_line), problems


def _yaml_problem(path: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 2 if mark else 2  # +1 for 0-based, +1 for the fence
    if isinstance(exc, StructureError):
        found = wrap("header_refused_yaml", exc.said)
    else:
        found = say("header_not_yaml", problem=exc.problem or exc.context)
    return Problem.at(path, line, found)


def data_file(
    path: str, text: str, not_mapping: Said
) -> tuple[Document | None, list[Problem]]:
    """A YAML data file (bip.yaml, the statement's data) with its keys' lines.

    None, with the problem, when it is not YAML or not keys and values
    (`not_mapping` says which keys it must hold).
    """
    try:
        data, node = load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        return None, [Problem.at(path, line, say("data_not_yaml", problem=exc.problem))]
    if not isinstance(data, dict):
        return None, [Problem.at(path, 1, not_mapping)]
    lines, problems = key_lines(path, node)
    # key_lines counts a front-matter fence; a data file has none.
    return Document(data, {k: v - 1 for k, v in lines.items()}), problems


def key_lines(
    path: str, node: yaml.Node | None
) -> tuple[dict[str, int], list[Problem]]:
    """Map every dotted key path to its line; report keys given twice.

    `node` is None for an empty file (no keys).
    """
    lines: dict[str, int] = {}
    problems: list[Problem] = []

    def walk(node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = f"{prefix}{key_node.value}"
                line = key_node.start_mark.line + 2
                if key in lines:
                    found = say("key_twice", key=key, first=lines[key])
                    problems.append(Problem.at(path, line, found))
                lines.setdefault(key, line)
                walk(value_node, key + ".")
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines.setdefault(f"{prefix}{index}", item.start_mark.line + 2)
                walk(item, f"{prefix}{index}.")

    if node is not None:
        walk(node, "")
    return lines, problems
