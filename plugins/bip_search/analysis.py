"""Polish text analysis, one module for indexing and for querying.

Indexing: words → lower case → stop words dropped → every lemma the SGJP
morphological analyser (morfeusz2) knows for the word → diacritics folded.
Words the dictionary does not know (names such as "Jarzębinowie") get a light
suffix strip instead, applied the same way on both sides.

Querying must also work without Polish letters ("swiadczen"), and a lemmatiser
cannot analyse a word typed without diacritics. Folding a lemma is not the
same as lemmatising a folded word, so the index keeps a vocabulary: every word
form seen in the corpus, folded, mapped to the folded lemmas of the real form.
A query word is looked up in that vocabulary first; only unknown words fall
back to the analyser and the suffix strip.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from bip_content.fields import fold  # one folding rule for checks and search
from bip_content.lexicon import analyser  # one dictionary for checks and search
from whoosh.analysis import CompositeAnalyzer, Filter, RegexTokenizer, Token
from whoosh.formats import Frequency
from whoosh.system import pack_uint

from .derivation import stem

WORD = re.compile(r"\w+", re.UNICODE)
# Document numbers: XLII/123/2022, 0007.XXV.212.2017, RGI.271.38.2018, 45/2021.
NUMBER = re.compile(r"\w+(?:[./-]\w+)+", re.UNICODE)

# Common Polish function words; searching for them finds everything.
STOP_WORDS = frozenset(
    {
        "a", "aby", "albo", "ale", "ani", "az", "bo", "by", "byc", "byl", "byla",
        "bylo", "czy", "dla", "do", "gdy", "gdzie", "i", "ich", "ja", "jak", "jako",
        "jednak", "jego", "jej", "jest", "juz", "ktora", "ktore", "ktorego",
        "ktory", "lub", "ma", "na", "nad", "nie", "niz", "o", "od", "oraz", "po",
        "pod", "przez", "przy", "sa", "sie", "ta", "tak", "takze", "te", "tego",
        "ten", "to", "tu", "tym", "w", "we", "wraz", "z", "za", "ze", "zl",
    }
)  # fmt: skip
# Words of a question, and fillers, that say nothing of what is sought: a
# query's other words decide what matches ("kiedy odbierają śmieci").
QUESTION_WORDS = frozenset(
    {
        "co", "czego", "czym", "gdzie", "ile", "jaka", "jakie", "jaki", "jakich",
        "kiedy", "kto", "kogo", "komu", "ktorej", "ktorym", "moge", "mozna",
        "musze", "nalezy", "trzeba", "chce", "prosze", "skad", "dokad", "dlaczego",
        "czemu", "przed", "mam", "moj", "moja", "moje", "jestem", "sa",
    }
)  # fmt: skip
# Lemmas of the words a resident wraps a question in, in any of their forms:
# being, having and being able or obliged ("jest", "mogę", "musiałem"),
# possessives ("na swojej działce") and time ("najbliższa sesja",
# "aktualne ogłoszenia", "obecnie"). The superlative "najbliższy" /
# "najnowszy" has the lemma "bliski" / "nowy", which stay meaningful in
# their other forms ("osoba bliska").
FILLER_LEMMAS = frozenset(
    {
        "byc", "miec", "moc", "musiec", "chciec", "potrzebowac", "moj", "twoj",
        "swoj", "nasz", "wasz", "nastepny", "kolejny", "aktualny", "aktualnie",
        "biezacy", "obecny", "obecnie", "ostatni", "teraz", "dzisiaj",
    }
)  # fmt: skip
FILLER_SUPERLATIVES = frozenset({"bliski", "nowy"})
# Case endings stripped from words the dictionary does not know, longest first.
SUFFIXES = ("owie", "ami", "ach", "ego", "emu", "iem", "owi", "om", "em", "ie",
            "ow", "a", "e", "i", "o", "u", "y")  # fmt: skip
MIN_STEM = 4

# Bounds of the word caches below (dictionary_lemmas, lemmas, terms). The build
# looks up every word of every document (a miss costs a dictionary lookup,
# ~40 µs; a hit under 1 µs). A municipality's corpus has some tens of
# thousands of distinct word forms (the demo 2 600 in 8 300 words) and the
# frequent ones make up most of the text, so 50 000 entries keep nearly every
# lookup a hit. The search service reads them for snippets (corpus words) and
# for query words the corpus knows; other query words, which may be anything,
# are analysed afresh (query_terms), so a flood of them adds nothing. Bytes
# still matter, since a query word may be any string: words longer than
# MAX_CACHED_WORD (longer than any Polish word) are never kept, so an entry
# stays small. tracemalloc: 420–520 B per word of 8 to 40 letters for the
# three caches together, i.e. at most ~30 MB when all three are full.
CACHED_WORDS = 50_000
MAX_CACHED_WORD = 40


def filler(word: str, lemmas: list[str]) -> bool:
    """A question or filler word (`lemmas`: its terms): it says nothing sought.

    >>> filler("kiedy", []), filler("jest", ["byc"]), filler("sesja", ["sesja"])
    (True, True, False)
    >>> filler("najbliższa", ["bliski"]), filler("bliska", ["bliski"])
    (True, False)
    """
    folded = fold(word)
    if folded in QUESTION_WORDS:
        return True
    if folded.startswith("naj") and set(lemmas) <= FILLER_SUPERLATIVES:
        return bool(lemmas)
    return bool(FILLER_LEMMAS.intersection(lemmas))


def strip_suffix(word: str) -> str:
    """Remove up to two case endings from a folded word, keeping 4 letters.

    >>> [strip_suffix(w) for w in ("jarzebinowie", "jarzebinowa", "jarzebinow")]
    ['jarzebin', 'jarzebin', 'jarzebin']
    """
    for _ in range(2):
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
                word = word[: -len(suffix)]
                break
    return word


def _bounded_cache(function):
    """functools.lru_cache(CACHED_WORDS), skipped for words too long to keep."""
    cached = functools.lru_cache(maxsize=CACHED_WORDS)(function)

    @functools.wraps(function)
    def lookup(word: str) -> tuple[str, ...]:
        return cached(word) if len(word) <= MAX_CACHED_WORD else function(word)

    lookup.cache_info = cached.cache_info  # type: ignore[attr-defined]
    lookup.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return lookup


@_bounded_cache
def dictionary_lemmas(word: str) -> tuple[str, ...]:
    """Lemmas (with diacritics) the dictionary knows for a lower-case word."""
    if word.isdigit() or len(word) < 3:
        return ()
    found = {
        lemma.split(":")[0]
        for _start, _end, (_form, lemma, tag, *_rest) in analyser().analyse(word)
        if tag != "ign"
    }
    return tuple(sorted(found))


@_bounded_cache
def lemmas(word: str) -> tuple[str, ...]:
    """Folded lemmas of one lower-case word; unknown words get a suffix strip.

    >>> lemmas("zasiłku"), lemmas("odpadów")
    (('zasilek',), ('odpad', 'odpady'))
    """
    return _lemmas(word, dictionary_lemmas)


def _lemmas(word: str, dictionary) -> tuple[str, ...]:
    found = dictionary(word)
    if not found:
        return (fold(word) if word.isdigit() else strip_suffix(fold(word)),)
    return tuple(sorted({fold(lemma) for lemma in found}))


def inflected_forms(lemma: str) -> set[str]:
    """Every form the dictionary generates for a lemma, in lower case.

    >>> sorted(inflected_forms("zasiłek"))[:3]
    ['zasiłek', 'zasiłkach', 'zasiłkami']
    """
    return {item[0].lower() for item in analyser(generate=True).generate(lemma)}


def words(text: str) -> Iterator[str]:
    """Words of a text in their own case, without stop words."""
    for match in WORD.finditer(text):
        word = match.group()
        if fold(word) not in STOP_WORDS:
            yield word


@_bounded_cache
def terms(word: str) -> tuple[str, ...]:
    """Index terms of one word: its lemmas, plus a stem for capitalised words.

    Names of places decline ("Jarzębinów", "w Jarzębinowie") but the
    dictionary rarely knows them, so a capitalised word also gets its stem.

    >>> terms("Jarzębinowie"), terms("Jarzębinów"), terms("szkole")
    (('jarzebin',), ('jarzebin',), ('szkola',))
    """
    return _with_stem(word, lemmas(word.lower()))


def fresh_terms(word: str) -> tuple[str, ...]:
    """terms() of a word, computed without reading or filling any cache.

    >>> fresh_terms("Jarzębinowie") == terms("Jarzębinowie")
    True
    """
    return _with_stem(word, _lemmas(word.lower(), dictionary_lemmas.__wrapped__))


def _with_stem(word: str, found: tuple[str, ...]) -> tuple[str, ...]:
    if word[:1].isupper():
        stem = strip_suffix(fold(word))
        if stem not in found:
            found = (*found, stem)
    return found


def analysis_cache_sizes() -> dict[str, int]:
    """Entries in each word cache (each is at most CACHED_WORDS)."""
    return {
        f"{f.__name__}_entries": f.cache_info().currsize
        for f in (dictionary_lemmas, lemmas, terms)
    }


def index_terms(text: str) -> list[str]:
    """Terms a text is indexed under (each word may give several), in order.

    The terms text_analyzer() makes of it, without Whoosh's tokens.

    >>> index_terms("Zasiłek celowy w szkole")
    ['zasilek', 'celowy', 'szkola']
    """
    return [term for word in words(text) for term in terms(word)]


def vocabulary(texts: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Map folded word forms to the terms they are indexed under, and spell them.

    Besides every form seen in the corpus, each lemma of the corpus brings all
    its inflected forms, so "zasilku" finds "zasiłek" even when only
    "zasiłek" and "zasiłki" occur in the documents. The second map gives
    each folded form as written (with Polish letters), for suggestions; it
    holds only the forms whose spelling differs from the folded one.
    """
    forms: dict[str, set[str]] = {}
    spelled: dict[str, str] = {}
    seen_lemmas: set[str] = set()
    # Each written form once, in the order first seen (the first spelling
    # of a folded form is the one kept): 2 000 documents have 1.1 million
    # words but 30 000 forms.
    for word in dict.fromkeys(word for text in texts for word in words(text)):
        folded = fold(word)
        forms.setdefault(folded, set()).update(terms(word))
        spelled.setdefault(folded, word.lower())
        seen_lemmas.update(dictionary_lemmas(word.lower()))
    # Sets are walked in order: a set's order changes between runs, and the
    # first spelling of a form is kept.
    for lemma in sorted(seen_lemmas):
        for form in sorted(inflected_forms(lemma)):
            forms.setdefault(fold(form), set()).add(fold(lemma))
            spelled.setdefault(fold(form), form)
    vocab = {form: sorted(found) for form, found in forms.items()}
    return vocab, {form: word for form, word in spelled.items() if word != form}


def derived_terms(vocab: dict[str, list[str]]) -> dict[str, list[str]]:
    """Index terms by their derivational stem.

    A stem with one term is kept too: a query word the documents lack
    ("szachy") finds its only relative ("szachowe") through it.

    >>> derived_terms({"podatku": ["podatek"], "podatkowy": ["podatkowy"]})
    {'podatk': ['podatek', 'podatkowy']}
    """
    by_stem: dict[str, set[str]] = {}
    for found in vocab.values():
        for term in found:
            by_stem.setdefault(stem(term), set()).add(term)
    return {s: sorted(t) for s, t in sorted(by_stem.items())}


def query_terms(word: str, vocab: dict[str, list[str]]) -> list[str]:
    """Index terms that a query word should match (any of them).

    A word typed with Polish letters is analysed as it is ("uchwała" is the
    noun only); a word without them may stand for several real words
    ("uchwala": uchwała or uchwalać), so the corpus vocabulary decides.

    >>> query_terms("swiadczen", {"swiadczen": ["swiadczenie", "swiadczyc"]})
    ['swiadczenie', 'swiadczyc']
    """
    folded = fold(word)
    # A word whose folded form no document has is usually a typo or noise sent
    # once: analysing it again costs ~40 µs, keeping it would push the
    # corpus's own words out of the caches.
    analyse = terms if folded in vocab else fresh_terms
    if word.lower() != folded:
        return sorted(analyse(word))
    return sorted(vocab.get(folded) or analyse(word))


def number_terms(text: str) -> list[str]:
    """A document number as a whole and by its trailing parts.

    >>> number_terms("XLII/123/2022")
    ['xlii/123/2022', '123/2022']
    """
    terms = []
    for match in NUMBER.finditer(fold(text)):
        parts = re.split(r"([./-])", match.group())
        for start in range(0, len(parts) - 2, 2):
            terms.append("".join(parts[start:]))
    return terms


class LemmaFilter(Filter):
    """Whoosh filter: replace each word with its index terms."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        """Yield one token per term, at the word's position."""
        for token in tokens:
            word = token.text
            if fold(word) in STOP_WORDS:
                continue
            for term in terms(word):
                token.text = term
                yield token


class NumberFilter(Filter):
    """Whoosh filter: a number token as a whole and by its trailing parts."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        """Yield the whole number and each shorter tail."""
        for token in tokens:
            for term in number_terms(token.text) or [fold(token.text)]:
                token.text = term
                yield token


def text_analyzer():
    """Analyzer for titles, bodies and attachment text."""
    return RegexTokenizer(WORD) | LemmaFilter()


class LemmaFrequency(Frequency):
    """Whoosh's Frequency format; a text_analyzer() text is read by index_terms.

    Whoosh passes every word through a chain of generators and one Token
    object whose attributes each step sets: 4.6 s of the 15 s the index
    child took at 10 000 documents (py-spy). The counts and weights are the
    ones Frequency computes (each token's boost is 1.0), in the same order.
    """

    def word_values(
        self, value: str | list | tuple, analyzer: object, **kwargs: object
    ) -> Iterator[tuple[str, int, float, bytes]]:
        """(term, frequency, weight, packed frequency) of each term of `value`."""
        if not (isinstance(value, str) and _is_text_analyzer(analyzer)):
            return super().word_values(value, analyzer, **kwargs)
        boost = self.field_boost
        counts = Counter(index_terms(value))
        return ((w, n, float(n) * boost, pack_uint(n)) for w, n in counts.items())


def _is_text_analyzer(analyzer: object) -> bool:
    """Whether `analyzer` is text_analyzer()'s chain (as the schema pickles it)."""
    if not isinstance(analyzer, CompositeAnalyzer) or len(analyzer.items) != 2:
        return False
    tokenizer, lemmas = analyzer.items
    return (
        type(tokenizer) is RegexTokenizer
        and tokenizer.expression == WORD
        and not tokenizer.gaps
        and type(lemmas) is LemmaFilter
    )


def number_analyzer():
    """Analyzer for document numbers, kept whole."""
    return RegexTokenizer(r"\S+") | NumberFilter()
