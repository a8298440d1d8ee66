"""Reading a clerk's file: bounded by the limit, sized by the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bip_content import tree
from bip_content.tree import UnsafeFile, read_regular

LIMIT = 20 * 1024 * 1024  # a document's limit is megabytes; its file is not


def mappings() -> int:
    with open("/proc/self/maps", encoding="ascii") as maps:
        return sum(1 for _ in maps)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="Linux only")
def test_files_kept_in_memory_leave_no_mapping_each(tmp_path: Path) -> None:
    """100 000 documents once hit vm.max_map_count (65 530): fork failed."""
    for n in range(3000):
        (tmp_path / f"{n}.md").write_bytes(b"tresc " * (n % 50 + 1))
    before = mappings()
    kept = [read_regular(tmp_path / f"{n}.md", LIMIT) for n in range(3000)]
    assert mappings() - before < 100
    assert kept[7] == b"tresc " * 8


def smaller_on_stat(monkeypatch: pytest.MonkeyPatch, by: int) -> None:
    """As if the file grew by `by` bytes after its size was read."""
    real = os.fstat

    def fstat(descriptor: int) -> os.stat_result:
        info = list(real(descriptor))
        info[6] -= by  # st_size
        return os.stat_result(info)

    monkeypatch.setattr(tree.os, "fstat", fstat)


@pytest.mark.parametrize("limit", [200, 50])
def test_a_file_that_grows_while_read_is_read_whole_or_refused_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"x" * 100)
    smaller_on_stat(monkeypatch, 90)  # seen at 10 bytes, read at 100
    if limit >= 100:
        assert read_regular(path, limit) == b"x" * 100
    else:
        with pytest.raises(UnsafeFile, match="urósł w trakcie czytania"):
            read_regular(path, limit)
