"""make check follows every internal link: pages, attachments, anchors."""

from __future__ import annotations

from pathlib import Path

from bip_content.check import check_site
from conftest import copy_site

HEADER = """---
tytul: Odnośniki
podmiot: urzad
kategoria: oswiata
wytworzyl: {osoba: Ewa Testowa, funkcja: Kierownik}
data_wytworzenia: 2026-02-01
---
"""
GOOD_LINKS = """Zobacz [redakcję](/redakcja/), [oświatę](../../kategoria/oswiata/),
[zasady](/oswiata/rekrutacja/zasady.txt), [terminy](/oswiata/rekrutacja/#terminy),
[ustawę](https://isap.sejm.gov.pl/), [e-mail](mailto:urzad@testowo.example),
[archiwum](/kategoria/oswiata/archiwum/) i [rejestr](/rejestr-zmian/).

## Ważne daty

Wróć do [dat](#wazne-daty).
"""


def problems(tmp_path: Path, body: str, today) -> list[str]:
    content = copy_site("basic", tmp_path)
    (content / "oswiata" / "2026-02-01-odnosniki.md").write_text(
        HEADER + body, encoding="utf-8"
    )
    result = check_site(content, today, shown="c")
    return [str(p) for p in result.problems if "odnosniki" in p.path]


def test_good_links_pass(tmp_path, today) -> None:
    assert problems(tmp_path, GOOD_LINKS, today) == []


def test_missing_page_is_named_with_a_suggestion(tmp_path, today) -> None:
    found = problems(tmp_path, "Zobacz [nabór](/oswiata/rekrutacj/).\n", today)
    assert found == [
        "c/oswiata/2026-02-01-odnosniki.md:8: odnośnik do nieistniejącej strony "
        "„/oswiata/rekrutacj/” (czy chodziło o „oswiata/rekrutacja/”?) — popraw "
        "adres albo usuń odnośnik"
    ]


def test_missing_attachment(tmp_path, today) -> None:
    found = problems(
        tmp_path, "\nPobierz [wniosek](/oswiata/rekrutacja/wniosek.pdf).\n", today
    )
    assert len(found) == 1 and found[0].startswith(
        "c/oswiata/2026-02-01-odnosniki.md:9: odnośnik do pliku „wniosek.pdf”, "
        "którego dokument nie publikuje"
    )


def test_missing_anchors_here_and_elsewhere(tmp_path, today) -> None:
    body = "## Termin\n\n[tu](#terminy) i [tam](/oswiata/rekrutacja/#nabor)\n"
    found = problems(tmp_path, body, today)
    assert len(found) == 2
    assert "kotwicy „#terminy” na tej stronie — dostępne kotwice: #termin" in found[0]
    assert "kotwicy „#nabor” na stronie „/oswiata/rekrutacja/”" in found[1]
    assert found[1].endswith("dostępne kotwice: #terminy")
