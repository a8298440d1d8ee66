"""Pages written by the writer's child process (bip_site.files, bip_site.writer)."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from bip_site.files import BackgroundFiles
from bip_site.writer import KeptPagesWriter
from conftest import ROOT, build, git_site
from pelican import signals
from pelican.settings import read_settings


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_file_is_written_with_its_folders_once_finished(tmp_path) -> None:
    files = BackgroundFiles(buffer=1024)
    expected = {f"d{n % 7}/p{n}/index.html": f"strona {n} — zażółć" for n in range(300)}
    for name, text in expected.items():
        files.write(str(tmp_path / name), text)
    files.finish()
    assert {k: v.decode("utf-8") for k, v in tree(tmp_path).items()} == expected


def test_a_failed_write_is_raised_and_nothing_waits_forever(tmp_path) -> None:
    (tmp_path / "plik").write_text("nie folder")
    files = BackgroundFiles(buffer=1024)
    with pytest.raises(FileExistsError):
        files.write(str(tmp_path / "plik" / "index.html"), "x")
        for n in range(2000):  # more than the pipe holds: the error ends them
            files.write(str(tmp_path / f"p{n}.html"), "x")
        files.finish()
    with pytest.raises(FileExistsError):
        files.finish()


def test_text_that_is_not_utf8_fails_at_once(tmp_path) -> None:
    files = BackgroundFiles()
    files.write(str(tmp_path / "a.html"), "dobra")
    with pytest.raises(UnicodeEncodeError):
        files.write(str(tmp_path / "b.html"), "zły znak \udcff")
    files.finish()
    assert tree(tmp_path) == {"a.html": b"dobra"}


def test_an_error_the_child_cannot_name_is_raised_with_its_output(tmp_path) -> None:
    files = BackgroundFiles()
    files.write(str(tmp_path / "a.html"), "x")
    assert files._child is not None
    files._child.kill()
    files._child.wait()
    with pytest.raises(RuntimeError, match=r"zapis plików przerwany \(kod -9\)"):
        for n in range(2000):  # until the pipe is found broken, or at finish
            files.write(str(tmp_path / f"p{n}.html"), "x" * 1000)
        files.finish()


def test_the_child_writes_what_pelicans_writer_writes(tmp_path) -> None:
    """A receiver of content_written makes every page go Pelican's own way."""
    content = git_site("basic", tmp_path)
    threaded = tree(build(content, tmp_path / "threaded"))
    seen: list[str] = []

    def written(path: str, context: dict) -> None:
        seen.append(path)

    signals.content_written.connect(written)
    try:
        pelicans = tree(build(content, tmp_path / "pelican"))
    finally:
        signals.content_written.disconnect(written)
    assert len(seen) > 20  # the receiver did see every page
    assert threaded == pelicans


def test_a_build_after_a_failed_one_ends_the_failed_ones_child(tmp_path) -> None:
    """pelican --listen builds again in one process with the same settings."""
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    failed = KeptPagesWriter(str(tmp_path), settings=settings)
    failed.write_file("a/index.html", jinja2.Template("strona"), {"localsiteurl": None})
    child = failed._files._child
    assert child is not None and child.poll() is None  # its build never finished
    KeptPagesWriter(str(tmp_path), settings=settings)
    assert child.poll() == 0
    assert (tmp_path / "a" / "index.html").read_text(encoding="utf-8") == "strona"


def test_a_writer_dropped_unfinished_ends_its_child(tmp_path) -> None:
    """A failed build's writer is garbage: its child must not outlive it."""
    files = BackgroundFiles()
    files.write(str(tmp_path / "a.html"), "strona")
    child = files._child
    assert child is not None and child.poll() is None
    del files  # no finish(): the build failed before the end
    assert child.poll() is not None
    assert child.stdin is not None and child.stdin.closed
