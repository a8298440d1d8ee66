"""Work spread over processes: the same results, in order, as done here."""

from __future__ import annotations

import os
import threading
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from bip_content import markup, parallel
from bip_content.cache import Store
from bip_search.documents import html_text, plain_texts
from conftest import build
from corpus import write_site
from test_cache import files_of

ITEMS = list(range(parallel.MIN_ITEMS * 3))


@pytest.fixture(autouse=True)
def alone() -> None:
    """Workers fork only when this thread runs alone: wait for the others.

    An earlier test's thread that never ends fails the tests that fork, as
    a failed build's writer thread once did (bip_site.files is a process).
    """
    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(timeout=60)


def test_mapped_runs_in_other_processes_and_keeps_the_order() -> None:
    done = parallel.mapped(lambda n: (n * n, os.getpid()), ITEMS, workers=2)
    assert [square for square, _pid in done] == [n * n for n in ITEMS]
    assert {pid for _square, pid in done} - {os.getpid()}


def test_little_work_or_one_worker_stays_here() -> None:
    few = parallel.mapped(lambda n: os.getpid(), ITEMS[:10], workers=2)
    alone = parallel.mapped(lambda n: os.getpid(), ITEMS, workers=1)
    assert set(few) == set(alone) == {os.getpid()}


def test_a_failure_in_a_worker_is_raised_here() -> None:
    def fails_at_70(n: int) -> int:
        if n == 70:
            raise ValueError("zły dokument")
        return n

    with pytest.raises(ValueError, match="zły dokument"):
        parallel.mapped(fails_at_70, ITEMS, workers=2)


def test_worker_count_is_bounded() -> None:
    assert 1 <= parallel.worker_count(None) <= parallel.MAX_WORKERS
    assert parallel.worker_count(0) == 1
    assert parallel.worker_count(100) == parallel.MAX_WORKERS


def test_render_all_renders_as_render_and_keeps_the_results(tmp_path) -> None:
    glossary = {"BIP": "Biuletyn Informacji Publicznej"}
    bodies = [f"# Ogłoszenie {n}\n\nTekst nr {n} w BIP." for n in ITEMS]
    store = markup.render_store(tmp_path)
    rendered = markup.render_all([*bodies, bodies[0]], glossary, store, workers=2)
    assert list(rendered) == bodies
    assert all(rendered[b] == markup.render(b, glossary) for b in bodies)
    assert store.misses == len(bodies)
    store.flush()
    again = markup.render_store(tmp_path)
    assert markup.render_all(bodies, glossary, again, workers=2) == rendered
    assert (again.hits, again.misses) == (len(bodies), 0)


def test_the_real_corpus_builds_the_same_on_one_core_and_on_two(
    tmp_path: Path,
) -> None:
    content = write_site(tmp_path / "korpus")
    assert len(list(content.glob("*/*.md"))) > parallel.MIN_ITEMS
    built = [
        files_of(
            build(
                content,
                tmp_path / f"out{workers}",
                BIP_METADATA={"strict": False, "workers": workers},
            )
        )
        for workers in (1, 2)
    ]
    assert built[0] == built[1]


def test_with_another_thread_running_nothing_is_forked() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pids = parallel.mapped(lambda n: os.getpid(), ITEMS, workers=2)
    finally:
        stop.set()
        other.join()
    assert set(pids) == {os.getpid()}


def test_plain_texts_are_the_texts_of_each_page(tmp_path) -> None:
    htmls = [f"<h2>Nabór {n}</h2><p>Zasiłek <b>celowy</b> nr {n}</p>" for n in ITEMS]
    store = Store(tmp_path, "plain", "kod")
    assert plain_texts(htmls, store, workers=2) == [html_text(h) for h in htmls]
    assert store.misses == len(htmls)


def test_a_worker_that_dies_fails_the_work_instead_of_waiting() -> None:
    here = os.getpid()

    def dies_at_70(n: int) -> int:
        if n == 70 and os.getpid() != here:  # never the tests' own process
            os._exit(9)  # as the kernel's out-of-memory killer would end it
        return n

    with pytest.raises(BrokenProcessPool):
        parallel.mapped(dies_at_70, ITEMS, workers=2)
