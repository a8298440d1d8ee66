"""The municipal thesaurus: residents' words → the office's words (data).

The project ships a general one (plugins/bip_search/tezaurus.yaml); a
municipality may add its own words in its content repository
(`tezaurus.yaml` beside bip.yaml), checked by `make check` like bip.yaml:

    odpady:                       # a topic
      śmieci: [odpady komunalne]  # a resident's word: the office's terms

The search adds the office's terms to a query that holds a resident's word
(with a lower weight) and tells the resident it did.
"""

from __future__ import annotations

import yaml

from .fields import fold, text_faults
from .frontmatter import Document, key_lines, load_yaml
from .limits import defaults
from .problems import Problem

FILENAME = "tezaurus.yaml"
MAX_WORDS = 6  # of an official term; a longer one is a sentence, not a term
HINT = "zobacz wzór: plugins/bip_search/tezaurus.yaml w repozytorium"


def parse(path: str, text: str) -> tuple[dict[str, list[str]], list[Problem]]:
    """{resident term: [official terms]} and every problem, with its line."""
    try:
        data, node = load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        message = f"plik nie jest poprawnym YAML ({exc.problem})"
        return {}, [Problem(path, line, message, getattr(exc, "hint", HINT))]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Problem(path, 1, "plik musi zawierać tematy i ich hasła", HINT)]
    lines, problems = key_lines(path, node)
    doc = Document(data, {k: v - 1 for k, v in lines.items()})
    entries: dict[str, list[str]] = {}
    for topic, terms in data.items():
        if not isinstance(terms, dict):
            message = f"temat „{topic}”: oczekiwano haseł „słowo: [terminy]”"
            problems.append(Problem(path, doc.line(str(topic)), message, HINT))
            continue
        for term, official in terms.items():
            found = _entry(path, doc, f"{topic}.{term}", str(term), official)
            problems += found[1]
            if found[0] and str(term).lower() in entries:
                message = f"hasło „{term}” jest już w innym temacie"
                hint = "zostaw je w jednym temacie"
                problems.append(
                    Problem(path, doc.line(f"{topic}.{term}"), message, hint)
                )
            elif found[0]:
                entries[str(term).lower()] = found[0]
    return entries, problems


def _entry(
    path: str, doc: Document, key: str, term: str, official: object
) -> tuple[list[str], list[Problem]]:
    """One hasło's official terms, or the problems that stop it."""
    where = doc.line(key)
    values = [official] if isinstance(official, str) else official
    if not isinstance(values, list) or not values:
        message = f"hasło „{term}”: oczekiwano listy terminów urzędowych"
        return [], [Problem(path, where, message, "np. śmieci: [odpady komunalne]")]
    problems = []
    for value in [term, *map(str, values)]:
        for message, hint, severity in text_faults(value, defaults()["pole_znaki"]):
            problems.append(
                Problem(path, where, f"„{value}”: {message}", hint, severity)
            )
    for value in map(str, values):
        if len(value.split()) > MAX_WORDS:
            message = f"termin „{value}” ma więcej niż {MAX_WORDS} słów"
            problems.append(Problem(path, where, message, "skróć go do nazwy"))
        if fold(value) == fold(term):
            message = f"hasło „{term}” prowadzi do samego siebie"
            problems.append(Problem(path, where, message, "usuń ten termin"))
    stopped = any(p.is_error for p in problems)
    return ([] if stopped else [str(v) for v in values]), problems
