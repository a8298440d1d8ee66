"""Compare Polish lemmatisers/stemmers on inflected municipal words.

Prints, per tool: lemmas found correct, forms of one word that meet (same
stem/lemma, what search needs), and time per word. Run by `make bench`.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

# (form, lemma) pairs; forms of one lemma must meet to be found together.
PAIRS = [
    ("uchwale", "uchwała"), ("uchwały", "uchwała"), ("uchwał", "uchwała"),
    ("zarządzenia", "zarządzenie"), ("zarządzeniem", "zarządzenie"),
    ("świadczeń", "świadczenie"), ("świadczenia", "świadczenie"),
    ("zasiłku", "zasiłek"), ("zasiłki", "zasiłek"), ("odpadów", "odpad"),
    ("odpadami", "odpad"), ("szkole", "szkoła"), ("szkoły", "szkoła"),
    ("szkołach", "szkoła"), ("budżetu", "budżet"), ("budżetowej", "budżetowy"),
    ("przetargu", "przetarg"), ("przetargi", "przetarg"), ("naboru", "nabór"),
    ("naborze", "nabór"), ("stanowiska", "stanowisko"), ("wody", "woda"),
    ("wodzie", "woda"), ("dostawie", "dostawa"), ("ulicy", "ulica"),
    ("ulicach", "ulica"), ("radnych", "radny"), ("radnego", "radny"),
    ("sesji", "sesja"), ("protokołu", "protokół"), ("podatku", "podatek"),
    ("podatków", "podatek"), ("nieruchomości", "nieruchomość"), ("opłaty", "opłata"),
    ("opłat", "opłata"), ("mieszkańców", "mieszkaniec"), ("mieszkańca", "mieszkaniec"),
    ("dzieci", "dziecko"), ("dziecka", "dziecko"), ("przedszkola", "przedszkole"),
    ("przedszkoli", "przedszkole"), ("rekrutacji", "rekrutacja"), ("petycji", "petycja"),
    ("harmonogramu", "harmonogram"), ("wniosku", "wniosek"), ("wnioski", "wniosek"),
    ("oświadczenia", "oświadczenie"), ("majątkowego", "majątkowy"),
    ("burmistrza", "burmistrz"), ("burmistrzowi", "burmistrz"), ("gminy", "gmina"),
    ("gminie", "gmina"), ("rady", "rada"), ("radzie", "rada"), ("kultury", "kultura"),
    ("sportu", "sport"), ("pomocy", "pomoc"), ("społecznej", "społeczny"),
    ("komunalnych", "komunalny"), ("dróg", "droga"), ("drogach", "droga"),
    ("biegu", "bieg"), ("remontu", "remont"), ("taryfy", "taryfa"), ("ścieków", "ściek"),
    ("Jarzębinowie", "Jarzębinów"), ("Jarzębinowa", "Jarzębinów"),
]  # fmt: skip


def tools() -> dict[str, Callable[[str], set[str]]]:
    """The analysers that are installed, each as word → candidate lemmas."""
    found: dict[str, Callable[[str], set[str]]] = {}
    from bip_search.analysis import fold, terms

    found["this project (morfeusz2 + stem)"] = lambda w: set(terms(w))
    try:
        import simplemma

        found["simplemma"] = lambda w: {simplemma.lemmatize(w, lang="pl")}
    except ImportError:
        print("simplemma is not installed (pip install -r bench/requirements.txt)")
    try:
        with (
            contextlib.redirect_stderr(io.StringIO()),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            from pystempel import Stemmer

            stemmer = Stemmer.default()
        found["pystempel"] = lambda w: {stemmer(w) or w}
    except ImportError:
        print("pystempel is not installed (pip install -r bench/requirements.txt)")
    found["_fold"] = fold  # used below, not a tool
    return found


def main() -> None:
    available = tools()
    fold = available.pop("_fold")
    by_lemma: dict[str, list[str]] = {}
    for form, lemma in PAIRS:
        by_lemma.setdefault(lemma, []).append(form)
    print(f"{len(PAIRS)} forms of {len(by_lemma)} lemmas")
    for name, analyse in available.items():
        analyse(PAIRS[0][0])  # load dictionaries before timing
        start = time.perf_counter()
        results = {form: {fold(x) for x in analyse(form)} for form, _ in PAIRS}
        per_word = (time.perf_counter() - start) * 1000 / len(PAIRS)
        correct = sum(fold(lemma) in results[form] for form, lemma in PAIRS)
        groups = [forms for forms in by_lemma.values() if len(forms) > 1]
        meet = sum(
            bool(set.intersection(*(results[f] for f in forms))) for forms in groups
        )
        print(
            f"  {name:32} lemma correct {correct:2}/{len(PAIRS)}, "
            f"forms meet {meet:2}/{len(groups)}, {per_word:.3f} ms/word"
        )


if __name__ == "__main__":
    main()
