"""The index is written in a forked child: its failures still fail the build."""

from __future__ import annotations

import logging
import multiprocessing
import os
from pathlib import Path

import bip_site.plugin
import pytest
from bip_search import plugin
from bip_search.background import Background, BackgroundError
from conftest import build, copy_site, index_of

logger = logging.getLogger("bip_search.test")


def writes(path: Path, text: str) -> None:
    logger.warning("zapisuję %s", path.name)
    path.write_text(text, encoding="utf-8")


def fails() -> None:
    logger.info("zaczynam")
    raise ValueError("zepsute")


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

    def broken(*args, **kwargs):
        raise OSError("brak miejsca na dysku")

    monkeypatch.setattr(plugin, "write_index", broken)
    failure = BackgroundError if background else OSError
    with pytest.raises(failure, match="brak miejsca na dysku"):
        build(
            site,
            tmp_path / "out2",
            BIP_SEARCH={"index_dir": str(index), "background": background},
        )
    assert (index / "current").resolve() == live


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
    for child in multiprocessing.active_children():  # the index writer, done
        child.join()
    assert (index / "current").resolve() == live
    assert len(list(index.glob("b-*"))) == 2  # it wrote the new one, unused
