"""Each document's check, kept by content: the same result, and really used."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from bip_content import check, documents
from bip_content.check import check_site
from bip_history.__main__ import main as history_main
from conftest import ROOT
from corpus import write_site
from kept import change_kept, kept

TODAY = dt.date(2026, 11, 24)


def _trees(tmp_path: Path) -> dict[str, Path]:
    return {
        "demo": ROOT / "content",
        "basic": ROOT / "tests" / "sites" / "basic" / "content",
        "broken": ROOT / "tests" / "sites" / "broken" / "content",
        "corpus": write_site(tmp_path / "corpus"),
    }


@pytest.mark.parametrize("name", ["demo", "basic", "broken", "corpus"])
def test_a_kept_check_is_the_check(name, tmp_path, monkeypatch) -> None:
    """Through the cache, cold or warm, every document and problem is the same."""
    root = _trees(tmp_path)[name]
    cold = check_site(root, TODAY, "c", cache=tmp_path / "cache", workers=2)
    warm = check_site(root, TODAY, "c", cache=tmp_path / "cache")
    reads = []

    def read_all(_self, jobs, _workers):
        reads.extend(job.rel for job in jobs)
        return [job.read() for job in jobs]

    monkeypatch.setattr(check._Reader, "read_all", read_all)
    direct = check_site(root, TODAY, "c")
    assert direct.documents
    assert direct.problems or name == "demo"  # the demo has none
    for result in (cold, warm):
        assert result.documents == direct.documents
        assert result.problems == direct.problems
        assert [p.code for p in result.problems] == [p.code for p in direct.problems]
    assert cold.checked_anew == len(reads) >= len(direct.documents)
    assert warm.checked_anew == 0


def _site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "sites" / "basic" / "content", root)
    return root


def test_one_edit_checks_one_document_anew(tmp_path) -> None:
    root, cache = _site(tmp_path), tmp_path / "cache"
    first = check_site(root, TODAY, cache=cache)
    edited = next(p for p in sorted(root.rglob("*.md")) if "pages" not in p.parts)
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("---\n", "---\ntytul2: x\n", 1),
        encoding="utf-8",
    )
    second = check_site(root, TODAY, cache=cache)
    assert first.checked_anew > 1 and second.checked_anew == 1
    assert any("nieznany klucz 'tytul2'" in p.message for p in second.problems)


def test_what_every_check_reads_checks_everything_anew(tmp_path) -> None:
    """Another bip.yaml, a new attachment; not another day (next test)."""
    root, cache = _site(tmp_path), tmp_path / "cache"
    count = check_site(root, TODAY, cache=cache).checked_anew
    assert check_site(root, TODAY + dt.timedelta(days=9), cache=cache).checked_anew == 0
    data = root / "bip.yaml"
    data.write_text(data.read_text(encoding="utf-8") + "\n# zmiana\n", "utf-8")
    assert check_site(root, TODAY, cache=cache).checked_anew == 0  # same data
    text = data.read_text(encoding="utf-8")
    assert "\nskroty:\n" in text
    entry = "skroty:\n  - {skrot: ZGK, znaczenie: Zakład Gospodarki Komunalnej}\n"
    data.write_text(text.replace("skroty:\n", entry, 1), "utf-8")
    assert check_site(root, TODAY, cache=cache).checked_anew == count
    doc = next(p for p in sorted(root.rglob("*.md")) if "pages" not in p.parts)
    folder = doc.with_name(documents.slug_of(doc.name))
    folder.mkdir(exist_ok=True)
    (folder / "nowy.pdf").write_bytes(b"%PDF-1.4\n")
    assert check_site(root, TODAY, cache=cache).checked_anew == 1


def test_a_date_from_the_future_is_judged_by_each_day(tmp_path, monkeypatch) -> None:
    """Kept without the day: only a document whose date of production stops
    (or starts) being in the future is checked anew, and says so."""
    root, cache = _site(tmp_path), tmp_path / "cache"
    doc = next(p for p in sorted(root.rglob("*.md")) if "pages" not in p.parts)
    text = doc.read_text(encoding="utf-8")
    produced = re.search(r"^data_wytworzenia: (.+)$", text, re.MULTILINE)
    assert produced
    tomorrow = TODAY + dt.timedelta(days=1)
    doc.write_text(text.replace(produced.group(0), f"data_wytworzenia: {tomorrow}"))
    future = "date_in_future"
    today = check_site(root, TODAY, cache=cache)
    assert [p.code for p in today.problems].count(future) == 1
    again = check_site(root, TODAY, cache=cache)
    assert again.checked_anew == 0 and again.problems == today.problems
    later = check_site(root, tomorrow, cache=cache)
    assert later.checked_anew == 1
    assert future not in [p.code for p in later.problems]
    back = check_site(root, TODAY, cache=cache)
    assert back.checked_anew == 1 and back.problems == today.problems
    monkeypatch.setattr(
        check._Reader, "read_all", lambda _s, jobs, _w: [job.read() for job in jobs]
    )
    direct = check_site(root, tomorrow)
    assert later.problems == direct.problems and later.documents == direct.documents


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: "{nie json",
        lambda text: "[1, 2, 3]",
        lambda text: json.dumps([{"nie": "pole"}, []]),
        lambda text: json.dumps([{**json.loads(text)[0], "meta": []}, []]),
        lambda text: _with_meta(text, produced_on="2026-01-01"),
    ],
)
def test_a_damaged_entry_is_checked_anew(tmp_path, damage) -> None:
    root, cache = _site(tmp_path), tmp_path / "cache"
    first = check_site(root, TODAY, cache=cache)
    damaged = change_kept(
        cache, "check", lambda text: damage(text) if json.loads(text)[0] else None
    )
    again = check_site(root, TODAY, cache=cache)
    assert again.documents == first.documents and again.problems == first.problems
    assert again.checked_anew == damaged > 0


def _with_meta(text: str, **values: object) -> str:
    """A kept check whose document's metadata says something else."""
    fields, problems = json.loads(text)
    return json.dumps([{**fields, "meta": {**fields["meta"], **values}}, problems])


def test_make_check_reads_and_keeps_the_builds_results(
    tmp_path, monkeypatch, capsys
) -> None:
    """`make check` (python -m bip_history --settings) uses the build's CACHE."""
    root, cache = _site(tmp_path), tmp_path / "cache"
    monkeypatch.setenv("BIP_CACHE", str(cache))
    argv = [str(root), "--settings", str(ROOT / "pelicanconf.py")]
    first = history_main(argv), capsys.readouterr().out
    assert not cache.exists()  # a check never makes the folder: builds do
    cache.mkdir()
    assert (history_main(argv), capsys.readouterr().out) == first
    results = kept(cache)
    assert results and {kind for kind, _ in results} == {"check"}  # no git log
    assert (history_main(argv), capsys.readouterr().out) == first
    assert kept(cache) == results

    def marked(text: str) -> str:  # proof that they are read back
        fields, problems = json.loads(text)
        mark = ["x.md", 1, "ZNACZNIK", "", "ostrzeżenie", "x"]
        return json.dumps([fields, [*problems, mark]])

    change_kept(cache, "check", marked)
    history_main(argv)
    assert "ZNACZNIK" in capsys.readouterr().out
