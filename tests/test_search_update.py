"""An index updated in place answers exactly as one written anew."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from bip_search import indexer
from bip_search.evaluation import load_devset
from bip_search.indexer import CURRENT, RECORDS
from bip_search.searcher import SearchIndex, clean_request, postings
from conftest import ROOT, build, demo_content
from gitrepo import GitRepo
from whoosh import fields, index
from whoosh.writing import SegmentWriter

QUERIES = [j.q for j in load_devset(ROOT / "tests" / "search_devset.yaml")] + [
    "",  # every document, newest first
    "rododendron",  # only in the edited document
    "uchwala budzetowa",
]
UPDATED = "indeks uzupełniony"
WHEN = "2026-11-20T10:00:00+01:00"  # after the demo's history, before its today


def answers(index: Path) -> list[dict]:
    """Pages 1 and 2 of every query, as the JSON answer gives them."""
    found = SearchIndex(index)
    return [
        found.search(clean_request({"q": q, "strona": page})).as_json()
        for q in QUERIES
        for page in ("1", "2")
    ]


def build_into(content: Path, out: Path, index: Path) -> None:
    build(content, out, BIP_SEARCH={"index_dir": str(index)})


def merge(content: Path) -> None:
    """One merge: a document edited, one removed, one added."""
    docs = sorted(content.glob("*/*.md"))
    plain = [  # no attachments to carry, not archived (searched by default)
        d
        for d in docs
        if not {"zalaczniki:", "data_archiwizacji:"} & set(d.read_text("utf-8").split())
    ]
    edited, removed, model = plain[0], plain[1], plain[2]
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nPrzy urzędzie kwitnie rododendron.\n",
        encoding="utf-8",
    )
    removed.unlink()
    added = model.with_name(model.stem + "-uzupelnienie.md")
    added.write_text(
        model.read_text(encoding="utf-8").replace("tytul: ", "tytul: Uzupełnienie ", 1),
        encoding="utf-8",
    )
    GitRepo(content).commit("Zmiany w trzech dokumentach", when=WHEN)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return demo_content(tmp_path)


def test_an_updated_index_answers_as_a_new_one(
    demo, tmp_path, caplog, monkeypatch
) -> None:
    # Blocks of 4 postings: many per term, as on a large site.
    monkeypatch.setattr(indexer, "BLOCK_POSTINGS", 4)
    live = tmp_path / "indeks"
    build_into(demo, tmp_path / "a", live)
    merge(demo)
    with caplog.at_level(logging.INFO):
        build_into(demo, tmp_path / "b", live)
    assert f"{UPDATED}: 2 usuniętych lub zmienionych, 2 nowych" in caplog.text
    build_into(demo, tmp_path / "c", tmp_path / "nowy")
    assert answers(live) == answers(tmp_path / "nowy")
    updated = SearchIndex(live).refresh()
    assert updated.size == updated.live + 2  # the deleted ones, still in it
    assert [r["url"] for r in answers(live)[-4]["results"]]  # rododendron found
    assert_postings_as_whoosh_reads_them(live / CURRENT)


def assert_postings_as_whoosh_reads_them(folder: Path) -> None:
    """The searcher's block reader gives each term's postings as Whoosh's own."""
    with index.open_dir(str(folder), readonly=True).reader() as reader:
        assert len(reader.leaf_readers()) == 2 and reader.has_deletions()
        assert reader.doc_frequency("title", "rok") > 2 * indexer.BLOCK_POSTINGS
        for field_name in ("text", "title"):
            for raw in reader.lexicon(field_name):
                term = raw.decode("utf-8")
                ids, frequencies = postings(reader, (field_name, term))
                matcher, expected = reader.postings(field_name, term), []
                while matcher.is_active():
                    expected.append((matcher.id(), matcher.weight()))
                    matcher.next()
                assert (
                    list(zip(ids.tolist(), frequencies.tolist(), strict=True))
                    == expected
                )


def test_an_index_made_by_other_code_is_written_anew(demo, tmp_path, caplog) -> None:
    live = tmp_path / "indeks"
    build_into(demo, tmp_path / "a", live)
    made = live / CURRENT / RECORDS
    records = json.loads(made.read_text(encoding="utf-8"))
    made.write_text(json.dumps({**records, "code": "inny"}), encoding="utf-8")
    merge(demo)
    with caplog.at_level(logging.INFO):
        build_into(demo, tmp_path / "b", live)
    assert UPDATED not in caplog.text
    assert SearchIndex(live).refresh().size == SearchIndex(live).refresh().live


def test_many_deletions_rewrite_the_index(demo, tmp_path, caplog) -> None:
    live = tmp_path / "indeks"
    build_into(demo, tmp_path / "a", live)
    docs = sorted(demo.glob("*/*.md"))
    for doc in docs[: len(docs) // 8]:  # more than MAX_DELETED of them
        doc.unlink()
    GitRepo(demo).commit("Porządki", when=WHEN)
    with caplog.at_level(logging.INFO):
        build_into(demo, tmp_path / "b", live)
    assert UPDATED not in caplog.text
    build_into(demo, tmp_path / "c", tmp_path / "nowy")
    assert answers(live) == answers(tmp_path / "nowy")


def test_the_index_writer_keeps_whooshs_length_statistics(tmp_path) -> None:
    """indexer._Writer reads field lengths ahead; every term's figures stay."""
    schema = fields.Schema(
        url=fields.ID(stored=True), text=fields.TEXT, title=fields.TEXT
    )
    docs = [
        {
            "url": f"d{n}",
            "text": " ".join(["rada gminy"] * (n % 7) + ["sesja"]),
            **({"title": "uchwała " * (n % 3)} if n % 4 else {}),  # also empty, none
        }
        for n in range(300)
    ]
    figures = []
    for name, writer_class in (("whoosh", SegmentWriter), ("ours", indexer._Writer)):
        (tmp_path / name).mkdir()
        ix = index.create_in(str(tmp_path / name), schema)
        writer = writer_class(ix)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit()
        with ix.reader() as reader:
            figures.append([term_figures(reader, f, t) for f, t in reader.all_terms()])
        ix.close()
    assert figures[0] == figures[1]
    assert {f[:2] for f in figures[1]} >= {
        ("text", b"rada"),
        ("title", "uchwała".encode()),
    }


def term_figures(reader, field: str, term: bytes) -> tuple:
    info = reader.term_info(field, term)
    postings = list(reader.postings(field, term).items_as("weight"))
    return (
        field,
        term,
        info.weight(),
        info.doc_frequency(),
        info.min_length(),
        info.max_length(),
        postings,
    )
