"""The accessibility statement's data (deklaracja-dostepnosci.yaml), checked.

The page's structure and fixed sentences (Warunki techniczne v2.0, 2024)
live in the template; this file holds only the municipality's values.
"""

from __future__ import annotations

import datetime as dt

from .fields import (
    Context,
    Field,
    Invalid,
    date,
    email,
    phone,
    text,
    text_list,
    validate,
    web_address,
)
from .frontmatter import Document, data_file
from .messages import say
from .problems import Problem

FILENAME = "deklaracja-dostepnosci.yaml"
URL = "deklaracja-dostepnosci/"
STATUSES = ("zgodna", "częściowo zgodna", "niezgodna")


def status(value: object, _ctx: Context) -> str:
    """One of the three statuses the technical conditions allow."""
    result = text(value, _ctx)
    if result not in STATUSES:
        raise Invalid(say("unknown_status", value=result, known=", ".join(STATUSES)))
    return result


def _field(key: str, parse, doc: str, example: str, required: bool = False) -> Field:
    return Field(key, key, parse, doc, example, required)


FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        _field("adres_strony", web_address, "Adres serwisu (a11y-url).",
               "https://bip.gmina.pl", True),
        _field("nazwa_strony", text, "Nazwa serwisu w dopełniaczu.",
               "Biuletynu Informacji Publicznej Gminy X", True),
        _field("data_publikacji", date, "Data publikacji serwisu.", "2026-01-15", True),
        _field("data_aktualizacji", date, "Data ostatniej istotnej aktualizacji.",
               "2026-11-20", True),
        _field("status", status, "Zgodność z ustawą.", "częściowo zgodna", True),
        _field("niezgodnosci", text_list, "Treści niezgodne z załącznikiem ustawy.",
               "[Część skanów nie ma warstwy tekstowej.]"),
        _field("wylaczenia", text_list, "Treści nieobjęte przepisami ustawy.",
               "[Nagrania sprzed 23 września 2020 r.]"),
        _field("nadmierne_koszty", text, "Ocena nadmiernych kosztów (a11y-ocena).",
               "Ocena z 2026-01-10: …"),
        _field("data_sporzadzenia", date, "Data sporządzenia deklaracji.",
               "2026-01-15", True),
        _field("data_przegladu", date, "Data ostatniego przeglądu (co roku do 31 "
               "marca).", "2026-03-20"),
        _field("sposob_oceny", text, "Jak oceniono dostępność.",
               "samooceny przeprowadzonej przez podmiot publiczny"),
        _field("udogodnienia", text, "Udogodnienia i ograniczenia.", "…"),
        _field("skroty_klawiszowe", text, "Własne skróty klawiszowe serwisu.", "…"),
        _field("kontakt_osoba", text, "Osoba odpowiedzialna za kontakt.",
               "Marta Nowicka", True),
        _field("kontakt_email", email, "Adres e-mail do spraw dostępności.",
               "dostepnosc@gmina.pl", True),
        _field("kontakt_telefon", phone, "Telefon do spraw dostępności.",
               "+48 00 123 45 20", True),
        _field("architektura", text, "Dostępność architektoniczna siedziby.", "…",
               True),
        _field("architektura_url", web_address, "Odnośnik do opisu dostępności "
               "budynku.", "https://gmina.pl/budynek"),
        _field("komunikacja", text, "Dostępność komunikacyjno-informacyjna "
               "(tłumacz PJM itd.).", "…", True),
        _field("aplikacje", text_list, "Aplikacje mobilne i ich deklaracje.",
               "[Aplikacja X: https://…]"),
    )
}  # fmt: skip


def last_review_deadline(today: dt.date) -> dt.date:
    """The most recent 31 March on or before `today`.

    >>> last_review_deadline(dt.date(2026, 3, 30))
    datetime.date(2025, 3, 31)
    >>> last_review_deadline(dt.date(2026, 3, 31))
    datetime.date(2026, 3, 31)
    """
    this_year = dt.date(today.year, 3, 31)
    return this_year if today >= this_year else dt.date(today.year - 1, 3, 31)


def parse(path: str, text_: str, ctx: Context) -> tuple[dict | None, list[Problem]]:
    """Read and check the statement's data; every problem with its line.

    `ctx` gives today's date and the site's limits.
    """
    doc, problems = data_file(path, text_, say("statement_not_mapping", name=FILENAME))
    if doc is None:
        return None, problems
    meta, invalid = validate(path, doc, ctx, FIELDS)
    problems += invalid + _cross_checks(path, doc, meta, ctx.today)
    return (None if any(p.is_error for p in problems) else meta), problems


def _cross_checks(
    path: str, doc: Document, meta: dict, today: dt.date
) -> list[Problem]:
    problems = []
    compliant = meta.get("status", STATUSES[0]) == STATUSES[0]
    if not compliant and not (meta.get("niezgodnosci") or meta.get("wylaczenia")):
        problems.append(
            Problem.at(path, doc.line("status"), say("statement_without_gaps"))
        )
    # The statement is reviewed every year by 31 March: by the last deadline
    # that passed, a review must have happened in the year before it.
    reviewed = meta.get("data_przegladu") or meta.get("data_sporzadzenia")
    deadline = last_review_deadline(today)
    if reviewed and reviewed <= deadline.replace(year=deadline.year - 1):
        said = say(
            "statement_not_reviewed",
            reviewed=reviewed.isoformat(),
            deadline=deadline.isoformat(),
        )
        problems.append(Problem.at(path, doc.line("data_przegladu"), said))
    for key in ("data_sporzadzenia", "data_przegladu", "data_aktualizacji"):
        if meta.get(key) and meta[key] > today:
            said = say("statement_date_in_future", key=key)
            problems.append(Problem.at(path, doc.line(key), said))
    return problems
