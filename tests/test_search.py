"""Search over HTTP: the real service on 127.0.0.1 in front of a real index."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bip_search import indexer
from bip_search.indexer import CURRENT, write_index
from bip_search.searcher import MAX_PAGE, MAX_WORDS
from bip_search.service import MAX_PARAMS
from browser import serving
from bs4 import BeautifulSoup
from conftest import SITES, build, copy_site, index_of


@pytest.fixture(scope="module")
def demo_server(demo_site: Path) -> Iterator[str]:
    with serving(demo_site, index_of(demo_site)) as base:
        yield base


def get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def search_json(base: str, query: str) -> dict:
    status, _headers, body = get(f"{base}/szukaj.json?{query}")
    assert status == 200
    return json.loads(body)


def titles(answer: dict) -> list[str]:
    return [r["title"] for r in answer["results"]]


@pytest.mark.parametrize(
    ("query", "expected_title_start"),
    [
        ("q=zasi%C5%82ek+celowy", "Zasiłek celowy"),
        ("q=zasilek+celowy", "Zasiłek celowy"),
        ("q=zasilku", "Zasiłek celowy"),
        ("q=odpadow+harmonogram", "Harmonogram odbioru odpadów"),
        ("q=swiadczenia+wychowawcze", "Świadczenie wychowawcze"),
        ("q=XXXIX%2F281%2F2025", "Uchwała nr XXXIX/281/2025"),
        ("q=281%2F2025", "Uchwała nr XXXIX/281/2025"),
        ("q=przerwa+w+dostawie+wody", "Przerwa w dostawie wody 26 listopada"),
        ("q=rozklad+jazdy", "Wieści Jarzębinowskie nr 4/2026"),  # attachment text
    ],
)
def test_polish_queries_find_the_document(
    demo_server: str, query: str, expected_title_start: str
) -> None:
    answer = search_json(demo_server, query)
    assert any(t.startswith(expected_title_start) for t in titles(answer)[:3]), titles(
        answer
    )


def test_json_shape(demo_server: str) -> None:
    answer = search_json(demo_server, "q=uchwala&strona=1")
    assert set(answer) == {
        "query",
        "total",
        "page",
        "results",
        "suggestion",
        "expanded",
    }
    assert set(answer["results"][0]) >= {
        "url",
        "title",
        "snippet",
        "category",
        "kind",
        "number",
        "date",
        "missing",
    }
    assert answer["total"] >= 10 and len(answer["results"]) == 10


def test_typo_is_corrected_and_said_so(demo_server: str) -> None:
    answer = search_json(demo_server, "q=harmongram")
    assert answer["suggestion"] == "harmonogram"
    assert titles(answer)[0].startswith("Harmonogram odbioru odpadów")
    _status, _h, body = get(f"{demo_server}/szukaj?q=harmongram")
    status_line = BeautifulSoup(body, "html.parser").select_one("[role=status]")
    assert status_line.get_text() == (
        f"Pokazujemy wyniki dla poprawionej pisowni: harmonogram ({answer['total']}). "
        "Wpisano: „harmongram”."
    )


def test_no_answer_says_so_with_tips(demo_server: str) -> None:
    answer = search_json(demo_server, "q=kapielisko+miejskie")
    assert (answer["total"], answer["suggestion"]) == (0, None)
    _status, _h, body = get(f"{demo_server}/szukaj?q=kapielisko+miejskie")
    page = BeautifulSoup(body, "html.parser")
    assert page.select_one("[role=status]").get_text() == "Brak wyników"
    assert page.select_one(".bip-tips a")["href"] == "/mapa-strony/"


def test_filters_and_archive(demo_server: str) -> None:
    current = search_json(demo_server, "q=przerwa+w+dostawie+wody")
    archived = search_json(demo_server, "q=przerwa+w+dostawie+wody&archiwum=tak")
    old = "Przerwa w dostawie wody 23 lipca 2025 r. – ul. Parkowa"
    assert titles(current)[0].startswith("Przerwa w dostawie wody 26 listopada")
    assert old not in titles(current)
    assert titles(archived) == [old]
    only_mops = search_json(demo_server, "q=zasilek&podmiot=mops")
    assert only_mops["total"] >= 1
    in_category = search_json(demo_server, "q=uchwala&kategoria=organy")
    assert all(r["category"] for r in in_category["results"])


def test_html_page_is_in_the_theme(demo_server: str) -> None:
    status, headers, body = get(
        f"{demo_server}/szukaj?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+zasilek"
    )
    assert status == 200
    page = BeautifulSoup(body, "html.parser")
    assert page.html["lang"] == "pl"
    assert len(page.find_all("h1")) == 1
    assert page.select_one("nav[aria-label='Menu przedmiotowe']")
    assert (
        page.select_one("#bip-search-q")["value"] == "<script>alert(1)</script> zasilek"
    )
    scripts = page.find_all("script")  # only the theme's own menu script
    assert [s.get("src", "").rsplit("/", 1)[-1] for s in scripts] == ["menu.js"]
    assert all(not s.string for s in scripts)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in headers["Content-Security-Policy"]


HOSTILE = [
    "q=",
    "q=" + "a" * 10_000,
    "q=%21%40%23%24%25%5E%26*()",
    "q=AND+OR+NOT+*+%3F+~+%22+%3A",
    "q=%22niezamkni%C4%99ty",
    "q=title%3Ax+body%3Ay",
    "q=%27%3B+DROP+TABLE+dokumenty%3B+--",
    "q=%00%01%02%1b%7f",
    "q=%FF%FE%C3%28",
    "q=zasilek&strona=99999999999999999999",
    "q=zasilek&strona=-1",
    "q=zasilek&rok=abc&kategoria=%00&podmiot=nieznany&rodzaj=x&archiwum=zle",
    "nieznany=1&q=zasilek",
    "q=" + "%E2%80%AE" * 50,
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_fail(demo_server: str, query: str) -> None:
    for path in ("/szukaj", "/szukaj.json"):
        status, headers, body = get(f"{demo_server}{path}?{query}")
        assert status == 200, (path, query, body[:200])
        assert "charset=utf-8" in headers["Content-Type"]
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_long_query_is_cut_with_a_note(demo_server: str) -> None:
    status, _h, body = get(f"{demo_server}/szukaj?q=" + "zasilek+" * 2000)
    assert status == 200
    assert "Zapytanie skrócono do 300 znaków." in body


def test_more_words_than_searched_are_cut_with_a_note(demo_server: str) -> None:
    words = ["zasilek"] + [f"slowo{chr(97 + n)}" for n in range(MAX_WORDS + 3)]
    answer = search_json(demo_server, "q=" + "+".join(words))
    assert answer["query"] == " ".join(words[:MAX_WORDS])
    _status, _h, body = get(f"{demo_server}/szukaj?q=" + "+".join(words))
    assert f"Szukamy tylko pierwszych {MAX_WORDS} słów zapytania." in body


def test_parameters_beyond_the_limit_are_not_read(demo_server: str) -> None:
    padding = "&".join(f"p{n}=1" for n in range(MAX_PARAMS))
    assert search_json(demo_server, f"{padding}&q=zasilek")["query"] == ""
    assert search_json(demo_server, f"q=zasilek&{padding}")["query"] == "zasilek"
    huge = search_json(demo_server, "q=zasilek&x=" + "y" * 200_000)
    assert huge["query"] == "zasilek"


def test_page_beyond_the_limit_shows_the_first(demo_server: str) -> None:
    first = search_json(demo_server, "q=uchwala")
    beyond = search_json(demo_server, f"q=uchwala&strona={MAX_PAGE + 1}")
    last = search_json(demo_server, f"q=uchwala&strona={MAX_PAGE}")
    assert beyond["page"] == 1 and beyond["results"] == first["results"]
    assert last["page"] == -(-first["total"] // 10)  # the last page there is


def exchange(base: str, method: str, path: str) -> tuple[str, dict, bytes]:
    """Status line, headers and every byte after them, up to the server's close."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    headers.pop("Date", None)
    return status, headers, body


@pytest.mark.parametrize(
    "path",
    [
        "/szukaj?q=zasilek",
        "/szukaj.json?q=zasi%C5%82ek&strona=2",
        "/szukaj.json?q=kapielisko",
        "/szukaj/nic",
        "/",
        "/theme/css/bip.css",
        "/nie-ma-takiej-strony/",
    ],
)
def test_head_answers_like_get_without_a_body(demo_server: str, path: str) -> None:
    get_status, get_headers, get_body = exchange(demo_server, "GET", path)
    head_status, head_headers, head_body = exchange(demo_server, "HEAD", path)
    assert head_body == b""
    assert (head_status, head_headers) == (get_status, get_headers)
    assert int(head_headers["Content-Length"]) == len(get_body) > 0


def test_static_site_and_404(demo_server: str) -> None:
    status, headers, body = get(f"{demo_server}/")
    assert status == 200 and "Gmina Miejska Jarzębinów" in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, _h, body = get(f"{demo_server}/nie-ma-takiej-strony/")
    assert status == 404 and "Nie znaleziono strony" in body
    status, _h, _b = get(f"{demo_server}/..%2F..%2Fetc%2Fpasswd")
    assert status == 404


def test_new_index_is_picked_up_without_restart(tmp_path: Path) -> None:
    content = copy_site("basic", tmp_path)
    output = build(content, tmp_path / "site")
    with serving(output, index_of(output)) as base:
        assert search_json(base, "q=rekrutacja")["total"] == 1
        doc = content / "oswiata" / "2026-02-01-rekrutacja.md"
        doc.write_text(
            doc.read_text(encoding="utf-8").replace("Rekrutacja trwa", "Nabór trwa"),
            encoding="utf-8",
        )
        (content / "oswiata" / "2026-02-01-rekrutacja.md").rename(
            content / "oswiata" / "2026-02-01-zapisy.md"
        )
        (content / "oswiata" / "rekrutacja").rename(content / "oswiata" / "zapisy")
        build(content, tmp_path / "site")
        answer = search_json(base, "q=nabor")
        assert [r["url"] for r in answer["results"]] == ["oswiata/zapisy/"]


def test_interrupted_build_keeps_the_previous_index(
    tmp_path: Path, basic_site: Path
) -> None:
    root = index_of(basic_site)
    before = (root / CURRENT).resolve()
    with pytest.raises(Exception):  # noqa: B017 (any failure mid-build)
        write_index(root, [{"url": "x", "nieznane_pole": 1}], "<html></html>", {})
    assert (root / CURRENT).resolve() == before
    with serving(basic_site, root) as base:
        assert search_json(base, "q=rekrutacja")["total"] == 1


def test_a_change_of_the_analysis_rebuilds_the_same_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same documents, other folding rule or analyser: a new build, not a reuse."""
    records = [{"url": "a/", "title": "Zasiłek", "text": "Zasiłek celowy"}]
    first = write_index(tmp_path, records, "<html></html>", {})
    assert write_index(tmp_path, records, "<html></html>", {}) == first
    for shared in ("fields.py", "lexicon.py"):
        assert shared in {path.name for path in indexer.ANALYSIS}
    changed = tmp_path / "analysis-changed.py"
    changed.write_text("# another rule", encoding="utf-8")
    monkeypatch.setattr(indexer, "ANALYSIS", [*indexer.ANALYSIS, changed])
    assert write_index(tmp_path, records, "<html></html>", {}) != first


def test_basic_fixture_index_exists(basic_site: Path) -> None:
    assert (index_of(basic_site) / CURRENT).is_symlink()
    assert SITES.is_dir()


def test_concurrent_requests_all_answer(demo_server: str) -> None:
    queries = ["q=zasilek", "q=odpadow", "q=XXXIX%2F281%2F2025", "q=harmongram"] * 10
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda q: search_json(demo_server, q), queries))
    assert all(a["total"] > 0 for a in answers)
    assert len({(a["query"], a["total"]) for a in answers}) == 4


def test_local_server_keeps_nginx_rules(demo_server: str, demo_site: Path) -> None:
    """make serve, like nginx: dotfiles are the 404, only GET and HEAD."""
    assert (demo_site / ".manifest.json").is_file()
    for path in ("/.manifest.json", "/oswiata/.ukryty", "/%2Emanifest.json"):
        status, _h, body = exchange(demo_server, "GET", path)
        assert status.split()[1] == "404" and b"Nie znaleziono strony" in body, path
    status, headers, _b = exchange(demo_server, "POST", "/")
    assert status.split()[1] == "405"
    assert headers["Allow"] == "GET, HEAD"
