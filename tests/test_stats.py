"""Statistics: access logs counted by GoAccess, the page, the newsletter, the report.

The logs are generated for the demo's real pages (tools/demo_logs.py) with
what they hold counted while writing them: residents (IPv4, IPv6), their
searches, crawlers, redirects, 404s, malformed and over-long lines, rotated
and gzip-compressed files. Every count of the data file, the page and the
report is compared with that independent truth.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bip_content.words import number
from bip_stats import logs, publishing, store, visits
from bip_stats.chart import stacked_bars
from bip_stats.report import newsletter_sentence
from conftest import ROOT, build, copy_site, demo_content, make, soup
from demo_logs import Truth, generate, write_rotated
from odfdo import Document
from test_newsletter import demo_documents, demo_issues

START, DAYS = dt.date(2026, 10, 20), 24


def run_stats(*args: str, path: str | None = None) -> subprocess.CompletedProcess:
    """python -m bip_stats, as make statystyki and make raport run it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "bip_stats", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


@pytest.fixture(scope="module")
def goaccess() -> None:
    if shutil.which("goaccess") is None:
        if os.environ.get("CI"):
            pytest.fail("goaccess is missing in CI: .ci/run installs it")
        pytest.skip("the log tests need GoAccess (Debian: apt-get install goaccess)")


@pytest.fixture(scope="module")
def counted(goaccess, demo_site: Path, tmp_path_factory) -> tuple[Path, list, Truth]:
    """Generated logs for the demo's pages, counted into a data file once."""
    work = tmp_path_factory.mktemp("logs")
    lines, truth = generate(demo_site, START, DAYS, 25, seed=7)
    paths = write_rotated(lines, work / "logs")
    data = work / "statystyki.json"
    done = run_stats("logi", "--dane", str(data), str(work / "logs" / "access.log*"))
    assert done.returncode == 0, done.stderr
    return data, paths, truth


def test_logs_are_rotated_and_compressed_as_logrotate_leaves_them(counted) -> None:
    _, paths, _ = counted
    names = [p.name for p in paths]
    assert names[:3] == ["access.log", "access.log.1", "access.log.2.gz"]
    assert paths[2].read_bytes()[:2] == b"\x1f\x8b"


def test_every_day_is_counted_as_generated(counted) -> None:
    data, _, truth = counted
    days = json.loads(data.read_text(encoding="utf-8"))["days"]
    assert sorted(days) == sorted(truth.views)
    for day, kept in days.items():
        assert kept["pages"] == truth.views[day], day
        assert kept["views"] == sum(truth.views[day].values()), day
        assert kept["visitors"] == len(truth.visitors[day]), day
        asked = {q: len(who) for q, who in truth.queries.get(day, {}).items()}
        assert kept["queries"] == asked, day
        assert kept["unreadable"] == truth.unreadable.get(day, 0), day
        assert kept["left_out"] == truth.left_out.get(day, 0), day


def test_skipped_lines_are_counted_and_named(counted, tmp_path: Path) -> None:
    _, paths, truth = counted
    done = run_stats("logi", "--dane", str(tmp_path / "d.json"), *map(str, paths))
    assert done.returncode == 0
    unreadable = sum(truth.unreadable.values())
    assert f"pominięto {truth.skipped + unreadable} wierszy" in done.stdout
    assert re.search(r"pierwszy bez daty: \S+access\.log[.\w]*:\d+", done.stdout)


def test_no_address_and_no_private_query_is_kept(counted) -> None:
    data, paths, _ = counted
    text = data.read_text(encoding="utf-8")
    addresses = set()
    for path in paths:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            continue
        addresses |= {line.split(b" ", 1)[0].decode() for line in raw.splitlines()}
    addresses = {a for a in addresses if "." in a or ":" in a}
    assert addresses and not [a for a in addresses if a in text]
    assert "@" not in text and "85010112345" not in text
    assert oct(data.stat().st_mode & 0o777) == "0o600"


def test_reading_the_logs_again_counts_nothing_twice(counted, tmp_path: Path) -> None:
    first, paths, _ = counted
    data = tmp_path / "statystyki.json"
    shutil.copy(first, data)
    before = json.loads(data.read_text(encoding="utf-8"))
    # All the logs again, then only the newest file (its first day is partial:
    # rotation cut it at 06:25; the fuller day already kept must stay).
    for chosen in (paths, paths[:1]):
        done = run_stats("logi", "--dane", str(data), *map(str, chosen))
        assert done.returncode == 0, done.stderr
    assert json.loads(data.read_text(encoding="utf-8")) == before


def test_a_broken_data_file_stops_with_a_polish_message(tmp_path: Path) -> None:
    data = tmp_path / "statystyki.json"
    data.write_text('{"version": 1, "days": {"2026-13-01": {}}}', encoding="utf-8")
    log = tmp_path / "access.log"
    log.write_text("", encoding="utf-8")
    done = run_stats("logi", "--dane", str(data), str(log))
    assert done.returncode == 2
    assert "to nie jest plik statystyk BIP" in done.stderr and str(data) in done.stderr


def test_missing_logs_are_named(tmp_path: Path) -> None:
    done = run_stats("logi", "--dane", str(tmp_path / "d.json"), str(tmp_path / "x*"))
    assert done.returncode == 2
    assert "brak dzienników pasujących do" in done.stderr


def test_without_goaccess_the_message_says_how_to_install_it(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    log.write_text("", encoding="utf-8")
    done = run_stats(
        "logi", "--dane", str(tmp_path / "d"), str(log), path=str(tmp_path)
    )
    assert done.returncode == 2
    assert "apt-get install goaccess" in done.stderr


def test_make_statystyki_asks_for_the_logs() -> None:
    done = make("statystyki", "LOGI=")
    assert done.returncode != 0
    assert "podaj dzienniki" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("q=Podatek++OD+psów", "podatek od psów"),
        ("q=" + "a" * 500, "a" * logs.MAX_QUERY),
        ("q=anna.nowak@gmina.pl", ""),
        ("q=konto+12345678901234567890", ""),
        ("q=uchwała+XII/123/2026", "uchwała xii/123/2026"),
        ("&" * 10_000 + "q=odpady", ""),  # only the first parameters are read
    ],
)
def test_queries_are_normalised_and_private_ones_dropped(query: str, kept: str) -> None:
    assert logs.search_query(query)[0] == kept


def test_a_line_longer_than_the_limit_is_never_held_whole(tmp_path: Path) -> None:
    path = tmp_path / "access.log"
    path.write_bytes(b"a" * (logs.MAX_LINE * 50) + b"\nshort\n" + b"b" * 10)
    assert list(logs._lines(path)) == [b"", b"short\n", b"b" * 10 + b"\n"]


def _day(views: int, lines: int = 10) -> logs.Day:
    return logs.Day(lines=lines, views=views, visitors=1, pages={"a/": views})


def test_old_days_are_folded_into_months_and_closed() -> None:
    data = store.empty()
    first = dt.date(2026, 1, 1)
    days = {(first + dt.timedelta(n)).isoformat(): _day(n + 1) for n in range(90)}
    store.merge(data, days)
    assert len(data["days"]) == store.KEEP_DAYS
    assert data["closed_through"] == "2026-01-28"
    assert data["months"]["2026-01"]["views"] == sum(range(1, 29))
    total = sum(d.views for d in store.by_month(data).values())
    assert total == sum(range(1, 91))
    # A closed day read again (an old rotated log) is not counted again.
    assert store.merge(data, {"2026-01-05": _day(1000, 999)}) == (0, 1)
    assert sum(d.views for d in store.by_month(data).values()) == total


def test_a_fuller_day_replaces_a_partial_one_and_not_the_reverse() -> None:
    data = store.empty()
    store.merge(data, {"2026-03-01": _day(5, lines=50)})
    assert store.merge(data, {"2026-03-01": _day(2, lines=20)}) == (0, 1)
    assert store.merge(data, {"2026-03-01": _day(9, lines=90)}) == (1, 0)
    assert data["days"]["2026-03-01"]["views"] == 9


def test_counts_that_are_not_numbers_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    day = {"lines": 1, "views": "1; DROP", "pages": {}}
    path.write_text(json.dumps({**store.empty(), "days": {"2026-03-01": day}}))
    with pytest.raises(store.DataError, match="nie jest liczbą"):
        store.load(path)


# The site: the demo built with the counted logs.


@pytest.fixture(scope="module")
def stats_site(counted, tmp_path_factory) -> Path:
    data, _, _ = counted
    work = tmp_path_factory.mktemp("stats-site")
    return build(demo_content(work), work / "out", BIP_STATS={"data": str(data)})


def _truth_by_month(truth: Truth) -> Counter:
    months: Counter = Counter()
    for day, pages in truth.views.items():
        months[day[:7]] += sum(pages.values())
    return months


def test_the_page_shows_monthly_views_as_counted(counted, stats_site: Path) -> None:
    _, _, truth = counted
    page = soup(stats_site / "statystyka" / "index.html")
    table = page.find("caption", string="Odsłony według miesięcy i działów").parent
    shown = {}
    for row in table.select("tbody tr"):
        cells = [c.get_text() for c in row.find_all(["th", "td"])]
        shown[cells[0]] = int(cells[-2].replace("\xa0", ""))
    expected = {visits.month_name(m): n for m, n in _truth_by_month(truth).items()}
    assert shown == expected
    total = sum(expected.values())
    assert f"wyświetlono {total:,}".replace(",", "\xa0") in page.get_text()
    image = page.select_one("figure img[src$='odwiedziny.svg']")
    assert image and "tabeli" in image["alt"]


def test_the_counter_on_a_document_page_is_its_views(counted, stats_site: Path) -> None:
    _, _, truth = counted
    url = "urzad/wiesci-jarzebinowskie-4-2026/"
    views = sum(pages.get(url, 0) for pages in truth.views.values())
    assert views > 0
    page = soup(stats_site / url / "index.html")
    rows = {
        r.dt.get_text(strip=True): r.dd.get_text(strip=True)
        for r in page.select(".bip-metryczka__row")
    }
    assert rows["Liczba wyświetleń"] == f"{number(views)} (od października 2026)"


def test_only_queries_of_enough_visitors_are_shown(counted, stats_site: Path) -> None:
    _, _, truth = counted
    asked: Counter = Counter()
    for day in truth.queries.values():
        for q, who in day.items():
            asked[q] += len(who)
    page = soup(stats_site / "statystyka" / "index.html")
    heading = page.find("h3", string="Czego szukano")
    shown = [li.a.get_text() for li in heading.find_next("ol").find_all("li")]
    expected = [
        q for q, n in sorted(asked.items(), key=lambda i: (-i[1], i[0])) if n >= 3
    ]
    assert shown == expected[:10]


def test_the_chart_is_valid_svg_with_a_title(stats_site: Path) -> None:
    from xml.etree import ElementTree  # noqa: PLC0415

    for name in ("odwiedziny.svg", "publikacje.svg"):
        root = ElementTree.parse(stats_site / "statystyka" / name).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        assert root.get("role") == "img"
        assert root.find(f"{ns}title").text
        assert root.find(f"{ns}desc").text


def test_the_chart_escapes_hostile_names() -> None:
    svg = stacked_bars("x", "<t>", "d&", ["</svg><script>"], [("<b onload=x>", [3])])
    assert "<script>" not in svg and "<b " not in svg and "&lt;t&gt;" in svg


def test_a_site_without_visits_says_so(basic_site: Path) -> None:
    page = soup(basic_site / "statystyka" / "index.html")
    assert "Brak danych o odwiedzinach" in page.get_text()
    assert not (basic_site / "statystyka" / "odwiedziny.csv").exists()


# Publishing figures from git, against git itself and the published pages.


def _git(content: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=content, capture_output=True, text=True, check=True
    ).stdout


def _removed(content: Path) -> dict[str, str]:
    """Removed documents (path → year of removal), from git's own log."""
    year, found = "", {}
    for line in _git(
        content,
        "log",
        "--first-parent",
        "--diff-filter=D",
        "--format=@%cI",
        "--name-only",
    ).splitlines():
        if line.startswith("@"):
            year = line[1:5]
        elif re.fullmatch(r"[a-z-]+/\d{4}-\d\d-\d\d-[^/]+\.md", line):
            found[line] = year
    return found


def _published(site: Path, content: Path) -> Counter:
    """Documents by year of publication: each page's metryczka, and removed ones' first commit."""
    years: Counter = Counter()
    for path in site.glob("*/*/index.html"):
        for row in soup(path).select(".bip-metryczka__row"):
            if row.dt.get_text(strip=True) == "Data udostępnienia" and row.dd.time:
                years[row.dd.time["datetime"][:4]] += 1
    for path in _removed(content):
        added = _git(
            content,
            "log",
            "--first-parent",
            "--diff-filter=A",
            "--format=%cI",
            "--",
            path,
        )
        years[added.split()[-1][:4]] += 1
    return years


def test_publishing_figures_agree_with_git_and_the_pages(demo_site: Path) -> None:
    figures = json.loads((demo_site / "statystyka" / "dane.json").read_text("utf-8"))
    content = demo_site.parent / "demo" / "content"
    removed = Counter(_removed(content).values())
    published = _published(demo_site, content)
    assert sum(removed.values()) >= 1 and sum(published.values()) >= 50
    counted = {y: f["razem"] for y, f in figures["publikacje"].items()}
    assert {
        y: c[publishing.REMOVED] for y, c in counted.items() if c[publishing.REMOVED]
    } == dict(removed)
    assert {y: c[publishing.PUBLISHED] for y, c in counted.items()} == dict(published)


def test_the_csv_cannot_run_a_formula() -> None:
    year = publishing.Year(2026)
    year.totals[publishing.PUBLISHED] = 1
    year.editors[('=HYPERLINK("http://x")', publishing.PUBLISHED)] = 1
    text = publishing.as_csv({2026: year})
    assert "\n2026,redaktor,'=HYPERLINK" in text.replace('"', "")


# The yearly report, opened with a real ODF library.


@pytest.mark.parametrize(
    ("issues", "supplements", "expected"),
    [
        (
            1,
            0,
            "W 2026 r. ukazał się 1 numer biuletynu gminy w łącznym nakładzie 1\xa0000 egzemplarzy.",
        ),
        (
            4,
            2,
            "W 2026 r. ukazały się 4 numery biuletynu gminy i 2 dodatki w łącznym nakładzie 6\xa0000 egzemplarzy.",
        ),
        (
            6,
            5,
            "W 2026 r. ukazało się 6 numerów biuletynu gminy i 5 dodatków w łącznym nakładzie 11\xa0000 egzemplarzy.",
        ),
        (0, 0, "W 2026 r. nie ukazał się żaden numer biuletynu gminy."),
    ],
)
def test_the_newsletter_sentence_is_correct_polish(
    issues: int, supplements: int, expected: str
) -> None:
    extra = [{"naklad": 1000}] * supplements
    found = [
        {"naklad": 1000, "dodatki": extra if n == 0 else []} for n in range(issues)
    ]
    assert newsletter_sentence(found, 2026) == expected


def test_the_report_gives_the_figures_of_the_site_and_the_logs(
    counted, stats_site: Path, tmp_path: Path
) -> None:
    _, _, truth = counted
    done = run_stats(
        "raport", "--rok", "2026", "--site", str(stats_site), "--wyjscie", str(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    document = Document(tmp_path / "bip-2026.odt")
    text = document.get_formatted_text()
    published = _published(stats_site, stats_site.parent / "demo" / "content")["2026"]
    assert f"W 2026 r. w BIP opublikowano {published} dokumentów" in text
    total = sum(_truth_by_month(truth).values())
    assert f"wyświetlono {total:,} razy".replace(",", "\xa0") in text
    issues = demo_issues(2026)
    supplements = [s for i in issues for s in i.get("dodatki", [])]
    documents = demo_documents()
    copies = sum(i["naklad"] for i in issues) + sum(
        documents[s]["naklad"] for s in supplements
    )
    assert len(supplements) == 2
    expected = f"ukazały się {len(issues)} numery biuletynu gminy i 2 dodatki w łącznym nakładzie {copies:,} egzemplarzy".replace(
        ",", "\xa0"
    )
    assert expected in text
    assert len(document.body.get_tables()) >= 4
    frames = document.body.get_frames()
    assert [f.svg_title for f in frames] and all(f.svg_title for f in frames)
    assert all(
        p.startswith("Pictures/") for p in document.get_parts() if p.endswith(".svg")
    )
    markdown = (tmp_path / "bip-2026.md").read_text(encoding="utf-8")
    assert expected in markdown and "](bip-2026-odwiedziny.svg)" in markdown


def test_the_report_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    done = run_stats(
        "raport",
        "--rok",
        "2026",
        "--site",
        str(tmp_path),
        "--wyjscie",
        str(tmp_path / "r"),
    )
    assert done.returncode == 2
    assert "najpierw zbuduj serwis (make html)" in done.stderr


# The whole way on this machine: the shipped nginx writes the log, make counts it.

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def test_a_log_written_by_nginx_is_counted(goaccess, tmp_path: Path) -> None:
    from bip_search.service import SearchApp  # noqa: PLC0415
    from conftest import git_site  # noqa: PLC0415
    from nginx import get, nginx, running  # noqa: PLC0415
    from test_deploy import deploy  # noqa: PLC0415

    srv = tmp_path / "srv"
    assert deploy(git_site("basic", tmp_path), srv, "20261124T100000Z").returncode == 0
    log = tmp_path / "bip.access.log"
    requests = [
        ("/", BROWSER, 200),
        ("/", PHONE, 200),
        ("/oswiata/rekrutacja/", BROWSER, 200),
        ("/szukaj?q=Rekrutacja", PHONE, 200),
        ("/szukaj?q=prognoza+pogody", BROWSER, 200),
        ("/theme/css/bip.css", BROWSER, 200),
        ("/nie-ma-takiej-strony/", BROWSER, 404),
        ("/", BOT, 200),
        ("/oswiata/rekrutacja/", BOT, 200),
    ]
    with (
        running(SearchApp(srv / "current" / "search_index")) as search,
        nginx(tmp_path / "nginx", srv, search, f'access_log "{log}" combined;') as base,
    ):
        for path, agent, status in requests:
            assert get(base + path, **{"User-Agent": agent})[0] == status, path
    data = tmp_path / "statystyki.json"
    done = make("statystyki", f"LOGI={log}", f"STATYSTYKI={data}", f"DEPLOY_DIR={srv}")
    assert done.returncode == 0, done.stderr
    (day,) = json.loads(data.read_text(encoding="utf-8"))["days"].values()
    assert day["pages"] == {"": 2, "oswiata/rekrutacja/": 1, "szukaj": 2}
    assert day["queries"] == {"rekrutacja": 1, "prognoza pogody": 1}
    # The helper's own first request (Python-urllib, a program) is left out too.
    assert (day["visitors"], day["left_out"], day["lines"]) == (2, 3, 10)
    assert json.loads(data.read_text(encoding="utf-8"))["no_results"] == [
        "prognoza pogody"
    ]


def test_every_page_of_every_month_is_in_the_csv(counted, stats_site: Path) -> None:
    import csv  # noqa: PLC0415

    _, _, truth = counted
    with (stats_site / "statystyka" / "odwiedziny-stron.csv").open(
        encoding="utf-8"
    ) as f:
        rows = list(csv.DictReader(f))
    months: Counter = Counter()
    for row in rows:
        months[row["miesiąc"]] += int(row["odsłony"])
    assert months == _truth_by_month(truth)
    (issue,) = [
        r for r in rows if r["adres"] == "/urzad/wiesci-jarzebinowskie-4-2026/"
    ][:1]
    assert (issue["dział"], issue["kategoria"]) == ("Urząd Miejski", "biuletyn")


def test_a_hostile_query_is_shown_as_text(tmp_path: Path) -> None:
    """A query from the logs reaches the page as text, never as markup."""
    attack = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    q, _ = logs.search_query("q=" + attack.replace(" ", "+") + "%00\x07x")
    assert "\x00" not in q and "\x07" not in q
    day = logs.Day(lines=5, views=5, visitors=5, pages={"szukaj": 5}, queries={q: 5})
    data = store.empty()
    store.merge(data, {"2026-11-02": day})
    path = tmp_path / "statystyki.json"
    store.save(data, path)
    site = build(
        copy_site("basic", tmp_path), tmp_path / "out", BIP_STATS={"data": str(path)}
    )
    html = (site / "statystyka" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
