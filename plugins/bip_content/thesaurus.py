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
from .frontmatter import Document, StructureError, key_lines, load_yaml
from .limits import defaults
from .messages import say, wrap
from .problems import Problem

FILENAME = "tezaurus.yaml"
MAX_WORDS = 6  # of an official term; a longer one is a sentence, not a term


def parse(path: str, text: str) -> tuple[dict[str, list[str]], list[Problem]]:
    """{resident term: [official terms]} and every problem, with its line."""
    try:
        data, node = load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        if isinstance(exc, StructureError):
            said = wrap("thesaurus_refused_yaml", exc.said)
        else:
            said = say("thesaurus_not_yaml", problem=exc.problem)
        return {}, [Problem.at(path, line, said)]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Problem.at(path, 1, say("thesaurus_not_mapping"))]
    lines, problems = key_lines(path, node)
    doc = Document(data, {k: v - 1 for k, v in lines.items()})
    entries: dict[str, list[str]] = {}
    for topic, terms in data.items():
        if not isinstance(terms, dict):
            said = say("thesaurus_topic", topic=topic)
            problems.append(Problem.at(path, doc.line(str(topic)), said))
            continue
        for term, official in terms.items():
            found = _entry(path, doc, f"{topic}.{term}", str(term), official)
            problems += found[1]
            if found[0] and str(term).lower() in entries:
                said = say("thesaurus_twice", term=term)
                problems.append(Problem.at(path, doc.line(f"{topic}.{term}"), said))
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
        return [], [Problem.at(path, where, say("thesaurus_terms", term=term))]
    problems = []
    for value in [term, *map(str, values)]:
        for fault in text_faults(value, defaults()["pole_znaki"]):
            said = wrap("quoted_value", fault, value=value)
            problems.append(Problem.at(path, where, said))
    for value in map(str, values):
        if len(value.split()) > MAX_WORDS:
            said = say("thesaurus_long_term", value=value, most=MAX_WORDS)
            problems.append(Problem.at(path, where, said))
        if fold(value) == fold(term):
            problems.append(Problem.at(path, where, say("thesaurus_itself", term=term)))
    stopped = any(p.is_error for p in problems)
    return ([] if stopped else [str(v) for v in values]), problems
