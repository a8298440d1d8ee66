"""The index is written by a child process: its failures still fail the build."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import bip_site.plugin
import pytest
from bip_search import plugin
from bip_search.background import RUNNING, Background, BackgroundError
from bip_search.indexer import RecordsFile
from conftest import build, copy_site, index_of

logger = logging.getLogger("bip_search.test")
SEEN_BY_THE_PARENT: list[str] = []


def writes(path: Path, text: str) -> None:
    logger.warning("zapisuję %s", path.name)
    path.write_text(text, encoding="utf-8")


def fails() -> None:
    logger.info("zaczynam")
    raise ValueError("zepsute")


def no_space(*args, **kwargs) -> None:
    raise OSError("brak miejsca na dysku")


def seen() -> list[str]:
    return SEEN_BY_THE_PARENT


def test_the_child_does_the_work_and_its_log_reaches_the_parent(
    tmp_path, caplog
) -> None:
    target = tmp_path / "wynik.txt"
    with caplog.at_level(logging.INFO):
        running = Background(writes, target, "gotowe")
        running.wait()
    assert target.read_text(encoding="utf-8") == "gotowe"
    assert [r.getMessage() for r in caplog.records] == ["zapisuję wynik.txt"]
    assert caplog.records[0].process == os.getpid()  # replayed by the parent


def test_a_failing_child_raises_in_the_parent_with_its_traceback(caplog) -> None:
    with caplog.at_level(logging.INFO):
        running = Background(fails)
        with pytest.raises(BackgroundError, match="ValueError: zepsute"):
            running.wait()
    assert "zaczynam" in caplog.text


def test_the_child_is_a_fresh_interpreter_not_a_copy_of_the_build() -> None:
    """A forked child kept the pages of the build's heap it touched after."""
    SEEN_BY_THE_PARENT.append("zmienione po imporcie")
    try:
        assert Background(seen).wait() == []
    finally:
        SEEN_BY_THE_PARENT.clear()


def test_records_pass_through_their_file_as_they_were(tmp_path) -> None:
    records = [
        {
            "url": "oswiata/nabor/",
            "text": 'Linia 1\nLinia 2\r\u2028\x00 „cudzysłów” "i" \\',
            "date": dt.datetime(2026, 3, 1, 12, 30),
            "year": 2026,
            "archived": False,
        },
        {"url": "urzad/a/", "text": "", "date": dt.datetime(2025, 1, 2)},
    ]
    kept = RecordsFile(tmp_path / "rekordy")
    assert kept.write(iter(records)) == 2
    assert list(kept) == records
    assert list(kept) == records  # read anew on every pass
    assert kept.write([]) == 0
    assert list(kept) == []


def test_a_child_that_dies_raises_in_the_parent() -> None:
    running = Background(os._exit, 3)
    with pytest.raises(BackgroundError, match="ended with 3"):
        running.wait()


@pytest.mark.parametrize("background", [True, False])
def test_a_build_whose_index_fails_fails_and_keeps_the_live_index(
    tmp_path, monkeypatch, background: bool
) -> None:
    site = copy_site("basic", tmp_path)
    index = index_of(build(site, tmp_path / "out"))
    live = (index / "current").resolve()
    monkeypatch.setattr(plugin, "write_index", no_space)  # pickled by name
    failure = BackgroundError if background else OSError
    with pytest.raises(failure, match="brak miejsca na dysku"):
        build(
            site,
            tmp_path / "out2",
            BIP_SEARCH={"index_dir": str(index), "background": background},
        )
    assert (index / "current").resolve() == live
    assert not list(index.glob(".tmp-*"))  # nor its records left behind


def test_without_background_the_index_is_the_same(tmp_path) -> None:
    site = copy_site("basic", tmp_path)
    built = {}
    for background in (True, False):
        index = tmp_path / f"indeks-{background}"
        settings = {"index_dir": str(index), "background": background}
        build(site, tmp_path / f"out-{background}", BIP_SEARCH=settings)
        built[background] = (index / "current").resolve()
    assert built[True].name == built[False].name  # named by its whole input
    records = [(built[b] / "records.json").read_bytes() for b in (True, False)]
    assert records[0] == records[1]


def test_a_build_failing_elsewhere_keeps_the_live_index(tmp_path, monkeypatch) -> None:
    """The child may finish its index; only the parent, at the end, switches."""
    site = copy_site("basic", tmp_path)
    index = index_of(build(site, tmp_path / "out"))
    live = (index / "current").resolve()
    edited = next((site / "oswiata").glob("*.md"))
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nPrzy szkole kwitnie rododendron.\n",
        encoding="utf-8",
    )

    def broken(self, writer) -> None:
        raise RuntimeError("szablon zepsuty")

    monkeypatch.setattr(bip_site.plugin.BipSiteGenerator, "generate_output", broken)
    with pytest.raises(RuntimeError, match="szablon zepsuty"):
        build(site, tmp_path / "out2", BIP_SEARCH={"index_dir": str(index)})
    for child in list(RUNNING):  # the index writer: let it end
        child.wait()
    assert (index / "current").resolve() == live
    assert len(list(index.glob("b-*"))) == 2  # it wrote the new one, unused
