"""Results kept between builds by content: same output, and really used."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from bip_content import markup
from bip_content.cache import Store, fingerprint, prune
from bip_search.searcher import SearchIndex, clean_request
from conftest import build, demo_content, git_site, index_of
from gitrepo import CLERK, git_as
from kept import age_kept, change_kept, kept


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build_with(
    content: Path, out: Path, cache: Path | None, index: Path | None = None
) -> Path:
    settings = {"strict": False, "cache_dir": str(cache) if cache else ""}
    search = {"index_dir": str(index or index_of(out))}
    return build(content, out, BIP_METADATA=settings, BIP_SEARCH=search)


def test_store_keeps_a_result_under_its_content(tmp_path) -> None:
    store, calls = Store(tmp_path, "x", "code-1"), []

    def make(text: str):
        return lambda: calls.append(text) or text.upper()

    assert store.computed(("ala",), make("ala")) == "ALA"
    assert store.computed(("ala",), make("ala")) == "ALA"
    assert store.computed(("ola",), make("ola")) == "OLA"
    assert calls == ["ala", "ola"]
    assert (store.hits, store.misses) == (1, 2)
    # Other code, or the same text split differently, is another result.
    assert Store(tmp_path, "x", "code-2").key("ala") != store.key("ala")
    assert store.key("a", "b") != store.key("ab") != store.key("ab", "")


def test_no_folder_keeps_nothing(tmp_path) -> None:
    store, calls = Store(None, "x", "code"), []
    for _ in range(2):
        store.computed(("ala",), lambda: calls.append(1) or "x")
    assert calls == [1, 1]
    assert not list(tmp_path.iterdir())


def test_a_cache_that_cannot_be_written_warns_and_builds_on(tmp_path, caplog) -> None:
    blocked = tmp_path / "plik"
    blocked.write_text("nie folder", encoding="utf-8")  # mkdir under it fails
    store = Store(blocked, "x", "code")
    with caplog.at_level(logging.WARNING):
        assert store.computed(("ala",), lambda: "wynik") == "wynik"
        assert store.computed(("ala",), lambda: "wynik") == "wynik"
    warnings = [r for r in caplog.records if "pamięć podręczna" in r.getMessage()]
    assert len(warnings) == 1  # once, then the build goes on without it
    assert store.folder is None


def test_prune_removes_only_what_no_build_used(tmp_path) -> None:
    store = Store(tmp_path, "x", "code")
    for text in ("stare", "nowe"):
        store.computed((text,), lambda: "wynik")
    store.flush()
    age_kept(tmp_path, "x", store.key("stare"), 31)
    assert prune(tmp_path) == 1
    assert list(kept(tmp_path)) == [("x", store.key("nowe"))]


def test_a_hit_renews_the_result(tmp_path) -> None:
    store = Store(tmp_path, "x", "code")
    store.computed(("ala",), lambda: "wynik")
    store.flush()
    age_kept(tmp_path, "x", store.key("ala"), 31)
    again = Store(tmp_path, "x", "code")
    assert again.computed(("ala",), lambda: "inny") == "wynik"
    again.flush()
    assert prune(tmp_path) == 0


def test_results_wait_in_memory_and_are_written_when_the_store_goes(
    tmp_path,
) -> None:
    """One transaction per batch: what is not yet written is not half written."""
    store = Store(tmp_path, "x", "code")
    store.computed(("ala",), lambda: "wynik")
    assert store.read(("ala",)) == "wynik"  # read back before it is written
    assert not kept(tmp_path)
    del store  # a store no one holds writes what waits (weakref.finalize)
    assert list(kept(tmp_path).values()) == ["wynik"]


def test_a_damaged_file_is_left_for_a_new_one(tmp_path, caplog) -> None:
    (tmp_path / "x.sqlite3").write_bytes(b"to nie jest baza danych" * 100)
    store = Store(tmp_path, "x", "code")
    with caplog.at_level(logging.WARNING):
        assert store.computed(("ala",), lambda: "wynik") == "wynik"
    assert "uszkodzony" in caplog.text and store.folder is None
    assert not (tmp_path / "x.sqlite3").exists()
    again = Store(tmp_path, "x", "code")
    again.computed(("ala",), lambda: "wynik")
    again.flush()
    assert list(kept(tmp_path).values()) == ["wynik"]


def test_a_locked_file_warns_and_builds_on(tmp_path, caplog, monkeypatch) -> None:
    store = Store(tmp_path, "x", "code")
    store.computed(("ala",), lambda: "wynik")
    store.flush()
    other = sqlite3.connect(tmp_path / "x.sqlite3")
    other.execute("BEGIN EXCLUSIVE")  # another build holds it
    try:
        monkeypatch.setattr("bip_content.cache.WAIT_SECONDS", 0.1)  # not a build's wait
        blocked = Store(tmp_path, "x", "code")
        with caplog.at_level(logging.WARNING):
            assert blocked.computed(("ala",), lambda: "nowy") == "nowy"
        assert "pamięć podręczna" in caplog.text and blocked.folder is None
    finally:
        other.rollback()
        other.close()
    assert (tmp_path / "x.sqlite3").exists()  # not damaged: kept as it is


def test_fingerprint_follows_the_code(tmp_path) -> None:
    code = tmp_path / "kod.py"
    code.write_text("A = 1\n", encoding="utf-8")
    before = fingerprint([code], ["nh3"])
    code.write_text("A = 2\n", encoding="utf-8")
    assert fingerprint([code], ["nh3"]) != before
    assert fingerprint([code], ["nh3", "Markdown"]) != fingerprint([code], ["nh3"])


def test_render_reads_back_what_it_kept(tmp_path) -> None:
    store = markup.render_store(tmp_path)
    glossary = {"BIP": "Biuletyn Informacji Publicznej"}
    first = markup.render("# Tytuł\n\nTekst w BIP.", glossary, store)
    assert first == markup.render("# Tytuł\n\nTekst w BIP.", glossary)
    again = markup.render("# Tytuł\n\nTekst w BIP.", glossary, store)
    assert again == first and store.hits == 1
    # Another glossary is another result.
    markup.render("# Tytuł\n\nTekst w BIP.", {}, store)
    assert store.misses == 2


def test_builds_with_and_without_the_cache_write_the_same_bytes(tmp_path) -> None:
    content, cache = git_site("basic", tmp_path), tmp_path / "cache"
    plain = files_of(build_with(content, tmp_path / "plain", None))
    cold = files_of(build_with(content, tmp_path / "cold", cache))
    results = kept(cache)
    warm = files_of(build_with(content, tmp_path / "warm", cache))
    assert plain == cold == warm
    assert results and kept(cache) == results
    # The index build is named by a hash of every record it holds.
    builds = {
        (index_of(tmp_path / n) / "current").readlink() for n in ("plain", "warm")
    }
    assert len(builds) == 1


def built_and_marked(
    tmp_path: Path, kind: str, found: str, mark: Callable[[str], str]
) -> tuple[Path, Path]:
    """(content, cache) of the basic site built once, kept `kind` results marked."""
    content, cache = git_site("basic", tmp_path), tmp_path / "cache"
    build_with(content, tmp_path / "cold", cache)
    marked = change_kept(
        cache, kind, lambda text: mark(text) if found in text.casefold() else None
    )
    assert marked
    return content, cache


def test_a_warm_build_reads_the_cache(tmp_path) -> None:
    """Proof that results are read back: a changed kept result is published.

    The cache is a build product like the output: whoever can write it can
    change the site, so it lives beside the index or the releases.
    """
    content, cache = built_and_marked(
        tmp_path, "render", "rekrutacj", lambda text: text + "<p>ZNACZNIK-Z-PAMIĘCI</p>"
    )
    warm = build_with(content, tmp_path / "warm", cache)
    page = (warm / "oswiata" / "rekrutacja" / "index.html").read_text("utf-8")
    assert "ZNACZNIK-Z-PAMIĘCI" in page


def test_a_warm_build_reads_back_document_pages(tmp_path) -> None:
    """A kept page is published as kept while nothing it shows changed."""
    content, cache = built_and_marked(
        tmp_path,
        "pages",
        "/oswiata/rekrutacja/",
        lambda text: text.replace("</body>", "<!--Z-PAMIĘCI--></body>"),
    )
    page = Path("oswiata", "rekrutacja", "index.html")
    warm = build_with(content, tmp_path / "warm", cache)
    assert "<!--Z-PAMIĘCI-->" in (warm / page).read_text("utf-8")
    # Any input of the page changed: rendered anew (here a value every
    # page shares, the municipality's name from bip.yaml).
    replace(content / "bip.yaml", "nazwa: ", "nazwa: Nowa ")
    commit(content, "Nowa nazwa")
    again = (build_with(content, tmp_path / "again", cache) / page).read_text("utf-8")
    assert "<!--Z-PAMIĘCI-->" not in again and "Nowa " in again


def test_versions_texts_are_kept_by_blob(tmp_path) -> None:
    """Comparison pages read each version's text back (bodytext, by git blob)."""
    content, cache = demo_content(tmp_path), tmp_path / "cache"
    build_with(content, tmp_path / "cold", cache)
    numbered = iter(range(10**6))
    assert change_kept(cache, "bodytext", lambda text: f"ZNACZNIK-{next(numbered)}")
    warm = build_with(content, tmp_path / "warm", cache)
    compared = [p.read_text("utf-8") for p in warm.glob("*/*/zmiany/*/index.html")]
    assert any("ZNACZNIK-" in page for page in compared)


def test_a_rebuild_after_each_commit_equals_a_full_build(tmp_path) -> None:
    """Cache, check cache, kept git log and updated index: as if built anew.

    The demo's content with its history; after each commit the site is built
    twice: with everything the previous build kept (cache folder, search
    index updated in place) and from nothing. Both must write the same bytes
    and answer searches the same.
    """
    content = demo_content(tmp_path)
    cache, index = tmp_path / "cache", tmp_path / "kept-index"

    def kept(out: Path) -> Path:
        return build_with(content, out, cache, index)

    kept(tmp_path / "first")
    supplement = next(content.glob("urzad/*-dodatek-rozklad-jazdy-*.md"))
    recruitment = next(content.glob("oswiata/*-rekrutacja-2026-2027.md"))
    steps = [
        # a body and, elsewhere, a title that another page shows (the issue
        # of the newsletter lists its supplement by title)
        lambda: (
            append(recruitment, "\nDodatkowy akapit o terminach.\n"),
            replace(supplement, "Rozkład jazdy", "Nowy rozkład jazdy"),
        ),
        recruitment.unlink,
        # a value every page shows (the municipality's name, in bip.yaml)
        lambda: replace(content / "bip.yaml", "nazwa: ", "nazwa: Nowa "),
    ]
    for number, change in enumerate(steps):
        change()
        commit(content, f"Zmiana {number}")
        again = kept(tmp_path / f"kept-{number}")
        fresh = build_with(
            content, tmp_path / f"fresh-{number}", None, tmp_path / f"index-{number}"
        )
        assert files_of(again) == files_of(fresh), number
        assert answers(index) == answers(tmp_path / f"index-{number}"), number


def answers(index: Path) -> list[list[str]]:
    search = SearchIndex(index)
    queries = ("rekrutacja", "rozkład jazdy", "biuletyn", "uchwała budżetowa")
    return [
        [r["url"] for r in search.search(clean_request({"q": q})).results]
        for q in queries
    ]


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(root: Path, message: str) -> None:
    when = "2026-11-24T10:00:00+01:00"
    git_as(root, ("add", "--all"), CLERK, when)
    git_as(root, ("commit", "--quiet", "-m", message), CLERK, when)
