"""The SGJP dictionary (morfeusz2): what a word can be, for checks and search.

One analyser for the whole build: the content checks ask whether an
all-capitals word is an ordinary word or an acronym and whether a garbled
word was a Polish one; the search index lemmatises every word.
"""

from __future__ import annotations

import functools


@functools.cache
def analyser(generate: bool = False):
    """The morfeusz2 analyser (or generator), loaded once when first needed."""
    import morfeusz2  # noqa: PLC0415 (load the 5 MB dictionary only when needed)

    return morfeusz2.Morfeusz(
        analyse=not generate, generate=generate, expand_tags=False
    )


@functools.lru_cache(maxsize=50_000)
def readings(word: str) -> tuple[tuple[str, str], ...]:
    """(lemma, part of speech) of every reading of a lower-case word.

    >>> ("wójt", "subst") in readings("wójta"), readings("gops")
    (True, (('gops', 'ign'),))
    """
    found = {
        (lemma.split(":")[0], tag.split(":")[0])
        for _start, _end, (_form, lemma, tag, *_rest) in analyser().analyse(word)
    }
    return tuple(sorted(found))


# Readings that do not make a word ordinary: unknown, a fragment of a
# multi-word name, a Roman numeral, punctuation (of "NP." read with its dot).
NOT_WORDS = frozenset({"ign", "frag", "romandig", "interp"})


def ordinary(word: str) -> bool:
    """True when the dictionary knows a word as an ordinary word or a name.

    An acronym's lemma is in capitals ("RTV"), so it is not ordinary; a
    common abbreviation of words ("NR" for "numer", "PKT") is.

    >>> ordinary("OGŁOSZENIE"), ordinary("GOPS"), ordinary("RTV"), ordinary("NR")
    (True, False, False, True)
    """
    return any(
        tag not in NOT_WORDS and not lemma.isupper()
        for lemma, tag in readings(word.lower())
    )


def known(word: str) -> bool:
    """True when the dictionary knows the word at all.

    >>> known("września"), known("wrzeœnia")
    (True, False)
    """
    return any(tag != "ign" for _lemma, tag in readings(word.lower()))


# Parts of speech that name a thing (nouns, gerunds, abbreviations).
NAMING = frozenset({"subst", "depr", "ger", "brev"})


def naming(word: str) -> bool:
    """True when a word may be a noun, or is unknown to the dictionary.

    >>> naming("żłobka"), naming("lotto"), naming("kosztuje"), naming("darmo")
    (True, True, False, False)
    """
    found = {tag for _lemma, tag in readings(word.lower())}
    return bool(found & NAMING) or found <= NOT_WORDS
