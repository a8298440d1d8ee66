"""The addresses the site writes itself, in one table (pure, no Pelican).

Adding a page type starts here: the check reads it (a clerk's page may not
take a generated address), the link checker (a link to it is not broken),
bip_site (what it writes, from which template) and the tests (every page
of the table is built and listed in sitemap.xml).
"""

from __future__ import annotations

import re

# System pages bip_site writes from a template: slug → (template, title).
SYSTEM_PAGES = {
    "dane-podmiotu": ("dane_podmiotu", "Dane podmiotu"),
    "redakcja": ("redakcja", "Redakcja Biuletynu"),
    "mapa-strony": ("mapa_strony", "Mapa strony"),
    "deklaracja-dostepnosci": ("deklaracja", "Deklaracja dostępności"),
    "slownik-skrotow": ("slownik_skrotow", "Słownik skrótów"),
}
DECLARATION = "deklaracja-dostepnosci"
# Registers bip_history writes from git.
CHANGES = "rejestr-zmian"
REMOVED = "rejestr-usunietych"
REGISTERS = (CHANGES, REMOVED)
# The statistics page bip_stats writes (with its chart and CSV files).
STATISTICS = "statystyka"
# The newsletter's issues by year, with its feed (bip_site, newsletter.py).
NEWSLETTER = "biuletyn"
# Slugs of generated pages: a clerk's page may not take their place.
PAGE_SLUGS = frozenset(SYSTEM_PAGES) | frozenset(REGISTERS) | {STATISTICS, NEWSLETTER}
# The web editor's folder (bip_content.editor), written when bip.yaml has an
# `edytor` section; nginx restricts it (deploy/nginx/bip-edytor.conf).
EDITOR = "edytor"
# Slugs no page or dział may take.
RESERVED = PAGE_SLUGS | {EDITOR}
# Other addresses the build writes: home, all documents, search, feeds, sitemap.
OTHER = ("", "dokumenty/", "szukaj", "atom.xml", "sitemap.xml")
# Every address written besides documents, pages and categories.
GENERATED = frozenset(f"{slug}/" for slug in PAGE_SLUGS) | frozenset(OTHER)
# Pages written for the record, not to be found (earlier versions,
# comparisons, redirects, removal notices): whoever writes one adds its
# address to this build-settings key and gives the template `noindex`, so
# the page says noindex and bip_site leaves it out of sitemap.xml.
UNLISTED = "BIP_UNLISTED"
# Pages under a known address: versions, comparisons, archives, feeds, pages.
UNDER = re.compile(r"(wersje|zmiany|strona)/\d+/$|archiwum/$|atom\.xml$")
