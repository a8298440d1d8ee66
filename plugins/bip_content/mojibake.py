"""Broken Polish letters: text written in one encoding and read in another.

Clerks paste text that passed through old systems: UTF-8 read as
Windows-1250 ("zaÅ‚Ä…cznik"), Windows-1250 read as Windows-1252
("wrzeœnia"), as ISO-8859-2 ("odbędš"), DOS code page 852 read as
Windows-1250 ("wiĄże"), and so on. A word is taken for broken when the
dictionary does not know it (or its capitals are out of place) and reading
its bytes back in another encoding gives a word it knows. The dictionary
decides, so Czech or German names with š or ü are left alone.

ftfy, the usual library, repairs UTF-8 read as a single-byte encoding, but
not one single-byte encoding read as another, the commonest case in Polish
offices; bench/corpus_bench.py measures both on every pairing.
"""

from __future__ import annotations

import functools
import re
import string

from .lexicon import known

ENCODINGS = ("utf-8", "cp1250", "iso-8859-2", "cp852", "cp1252")
NAMES = {
    "utf-8": "UTF-8",
    "cp1250": "Windows-1250",
    "iso-8859-2": "ISO-8859-2",
    "cp852": "DOS (CP852)",
    "cp1252": "Windows-1252",
}
# (written in, read as): text read as UTF-8 that was not is refused when the
# file is decoded, so only single-byte readings are left for this module.
PAIRINGS = tuple(
    (wrote, read)
    for wrote in ENCODINGS
    for read in ENCODINGS
    if read not in (wrote, "utf-8")
)
POLISH = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"
PLAIN = frozenset(string.ascii_letters + POLISH)
ODD_CAPITAL = re.compile(r"[a-ząćęłńóśźż][A-ZĄĆĘŁŃÓŚŹŻ]")
# Words end at spaces and tabs only: str.split() would also cut at U+0085
# and U+001C–U+001F, which broken text is full of.
TOKEN = re.compile(r"[ \t]+")
EDGES = "\"'.,;:!?()[]{}„”«»–—-…*/"


def garble(text: str, wrote: str, read: str) -> str | None:
    """`text` written in one encoding and read in another (None if it cannot be).

    >>> garble("września", "cp1250", "cp1252"), garble("łąka", "utf-8", "cp1250")
    ('wrzeœnia', 'Ĺ‚Ä…ka')
    """
    try:
        return text.encode(wrote).decode(read)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def suspicious(word: str) -> bool:
    """A word with a character outside Polish and ASCII, or a capital inside it."""
    return not set(word) <= PLAIN or bool(ODD_CAPITAL.search(word))


@functools.lru_cache(maxsize=20_000)
def repair(word: str) -> tuple[str, str, str] | None:
    """(the word it was, written in, read as) for a broken word, else None.

    >>> repair("wrzeœnia"), repair("Kašpar")
    (('września', 'cp1250', 'cp1252'), None)
    """
    if word.isascii() or (known(word) and not suspicious(word)):
        return None  # Polish letters in a known word: nothing broken
    for wrote, read in PAIRINGS:
        fixed = garble(word, read, wrote)  # read its bytes back as written
        if fixed and fixed != word and not suspicious(fixed) and known(fixed):
            return fixed, wrote, read
    return None


def broken_words(line: str) -> list[tuple[str, str, str, str]]:
    """(word, the word it was, written in, read as) for each broken word.

    >>> broken_words("Sesja odbędš się 15 wrzeœnia w sali.")[0][:2]
    ('odbędš', 'odbędą')
    """
    # An ASCII token has no broken letter (repair() says so): most are.
    found = (_broken(token) for token in TOKEN.split(line) if not token.isascii())
    return [broken for broken in found if broken]


@functools.lru_cache(maxsize=50_000)
def _broken(token: str) -> tuple[str, str, str, str] | None:
    """The token's broken word, as broken_words() gives it, or None.

    Kept per token: a site's documents repeat their words, and the content
    check of 2 000 documents spent a third of its time here before.
    """
    # A broken letter may look like punctuation ("Ä…", "Ĺ„"): the token
    # is tried whole before its edges are taken for punctuation.
    variants = (token, token.strip(string.punctuation), token.strip(EDGES))
    for word in dict.fromkeys(variants):
        fixed = repair(word) if word else None
        if fixed:
            return (word, *fixed)
    return None
