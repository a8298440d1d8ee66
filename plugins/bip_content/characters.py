"""Characters no clerk's text may carry, and how to show them in a message."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls but tab, line feed and carriage return; lone surrogates;
# the invisible controls of text direction (they can make a title read
# differently from what it says); noncharacters.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
    "\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


def bad_character(text: str) -> str | None:
    r"""Describe the first character no document may contain, or None.

    >>> bad_character("Nabór"), bad_character("A\x1bB"), bad_character("\ud800")
    (None, 'znak sterujący U+001B', 'niepełny znak U+D800 (surogat)')
    """
    found = FORBIDDEN.search(text)
    if found is None:
        return None
    code = ord(found.group())
    kind = {
        "Cc": "znak sterujący",
        "Cs": "niepełny znak",
        "Cf": "niewidoczny znak kierunku tekstu",
    }.get(unicodedata.category(found.group()), "niedozwolony znak")
    return f"{kind} U+{code:04X}" + (" (surogat)" if kind == "niepełny znak" else "")


def visible(text: str) -> str:
    r"""Text with every forbidden character written out, safe for a terminal.

    A message quotes what the clerk wrote; an escape sequence in it must not
    reach the terminal or the CI log as one.

    >>> visible("A\x1b[2JB")
    'A<U+001B>[2JB'
    """
    return FORBIDDEN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
