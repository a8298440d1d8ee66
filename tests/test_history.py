"""Documents' histories read from real git repositories (no Pelican)."""

from __future__ import annotations

import datetime as dt

import pytest
from bip_history.gitlog import read_blobs, read_log, repository_state
from bip_history.history import (
    ARCHIVED,
    ATTACHMENT,
    CONTENT,
    CREATED,
    METADATA,
    MOVED,
    build_history,
    classify,
    reason_of,
)
from gitrepo import CLERK, EDITOR, ROBOT, GitRepo

BOTS = ["*[bot]*"]


def document(
    title: str = "Ogłoszenie", body: str = "Treść ogłoszenia.", **extra
) -> str:
    lines = [
        f"tytul: {title}",
        "podmiot: urzad",
        *(f"{k}: {v}" for k, v in extra.items()),
    ]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


def history_of(repo: GitRepo, folder: str = "content"):
    root = repo.root / folder
    history = build_history(read_log(root), BOTS)
    blobs = read_blobs(
        root, {v.blob for d in history.documents.values() for v in d.versions}
    )
    classify(history, blobs)
    return history


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("README.md", "Repozytorium treści.\n")
    repo.write("content/bip.yaml", "gmina: {}\n")
    repo.commit("Początek")
    return repo


def test_edited_twice_gives_three_rows(repo):
    repo.write("content/urzad/2026-03-01-ogloszenie.md", document())
    repo.commit("Ogłoszenie o przetargu")
    repo.write("content/urzad/2026-03-01-ogloszenie.md", document(body="Nowa treść."))
    repo.commit("Poprawka terminu\n\nPowód: pomyłka w dacie składania ofert")
    repo.write(
        "content/urzad/2026-03-01-ogloszenie.md",
        document(body="Nowa treść.", numer="RGI.271.38.2026"),
    )
    repo.commit("Numer sprawy", author=EDITOR)
    doc = history_of(repo).documents["urzad/2026-03-01-ogloszenie.md"]
    rows = [(v.number, v.kinds, v.authors, v.reason) for v in doc.versions]
    assert rows == [
        (1, [CREATED], [CLERK[0]], "Ogłoszenie o przetargu"),
        (2, [CONTENT], [CLERK[0]], "pomyłka w dacie składania ofert"),
        (3, [METADATA], [EDITOR[0]], "Numer sprawy"),
    ]
    assert doc.entered_by == CLERK[0]
    assert doc.published_at == dt.datetime.fromisoformat("2026-03-01T09:02:00+01:00")


def test_merge_request_publishes_when_merged_and_credits_its_authors(repo):
    repo.git("checkout", "--quiet", "-b", "nabor")
    repo.write("content/urzad/2026-03-02-nabor.md", document("Nabór"))
    repo.commit("Nabór na stanowisko", when="2026-03-02T10:00:00+01:00")
    repo.write("content/urzad/2026-03-02-nabor.md", document("Nabór", "Poprawiona."))
    repo.commit("Literówka", author=ROBOT, when="2026-03-02T11:00:00+01:00")
    repo.git("checkout", "--quiet", "main")
    repo.merge("nabor", "Merge branch 'nabor'", when="2026-03-04T08:30:00+01:00")
    doc = history_of(repo).documents["urzad/2026-03-02-nabor.md"]
    assert len(doc.versions) == 1  # residents saw one state: the merged one
    (version,) = doc.versions
    assert version.when == dt.datetime.fromisoformat("2026-03-04T08:30:00+01:00")
    assert version.authors == [CLERK[0]]  # the bot's commit is never credited
    assert version.reason == "Nabór na stanowisko; Literówka"


def test_only_a_bot_gives_no_author(repo):
    repo.write("content/urzad/2026-03-01-import.md", document())
    repo.commit("Import z poprzedniego BIP", author=ROBOT)
    doc = history_of(repo).documents["urzad/2026-03-01-import.md"]
    assert doc.versions[0].authors == []
    assert doc.entered_by is None


def test_move_keeps_history_and_attachments_follow(repo):
    old, new = (
        "content/urzad/2026-03-01-plan.md",
        "content/oswiata/2026-03-01-plan-lekcji.md",
    )
    repo.write(old, document("Plan"))
    repo.write("content/urzad/plan/plan.pdf", b"%PDF-1.4 plan")
    repo.commit("Plan")
    (repo.root / "content/oswiata").mkdir()
    repo.git("mv", old, new)
    repo.git("mv", "content/urzad/plan", "content/oswiata/plan-lekcji")
    repo.commit("Przeniesienie do oświaty")
    repo.write("content/oswiata/plan-lekcji/plan.pdf", b"%PDF-1.4 plan v2")
    repo.commit("Nowy plan w załączniku")
    history = history_of(repo)
    doc = history.documents["oswiata/2026-03-01-plan-lekcji.md"]
    assert [v.kinds for v in doc.versions] == [[CREATED], [MOVED], [ATTACHMENT]]
    assert doc.former_paths == ["urzad/2026-03-01-plan.md"]
    assert list(doc.versions[-1].attachments) == ["plan.pdf"]
    assert doc.versions[0].attachments != doc.versions[-1].attachments
    assert "urzad/2026-03-01-plan.md" not in history.documents


def test_removed_document_is_registered_with_its_last_version(repo):
    repo.write("content/urzad/2026-03-01-stare.md", document(body="Ostatnia treść."))
    repo.commit("Dodanie")
    repo.git("rm", "--quiet", "content/urzad/2026-03-01-stare.md")
    repo.commit("Usunięcie nieaktualnego ogłoszenia", author=EDITOR)
    history = history_of(repo)
    assert history.documents == {}
    (doc,) = history.removed
    assert doc.removal.authors == [EDITOR[0]]
    assert doc.removal.reason == "Usunięcie nieaktualnego ogłoszenia"
    assert doc.versions[-1].blob != "0" * 40


def test_archiving_is_its_own_kind(repo):
    path = "content/urzad/2026-03-01-a.md"
    repo.write(path, document())
    repo.commit("Dodanie")
    repo.write(path, document(data_archiwizacji="2026-12-31"))
    repo.commit("Do archiwum")
    doc = history_of(repo).documents["urzad/2026-03-01-a.md"]
    assert doc.versions[-1].kinds == [ARCHIVED]


def test_content_folder_can_be_the_repository_root(tmp_path):
    repo = GitRepo(tmp_path / "tresc")
    repo.write("urzad/2026-03-01-a.md", document())
    repo.commit("Dodanie")
    assert list(history_of(repo, ".").documents) == ["urzad/2026-03-01-a.md"]


def test_repository_state(tmp_path, repo):
    assert repository_state(repo.root / "content") == (True, False)
    assert repository_state(tmp_path) == (False, False)


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ("Poprawka\n\nPowód: zmiana terminu", "zmiana terminu"),
        ("Poprawka\n\npowod: bez polskich liter", "bez polskich liter"),
        ("Tylko temat", "Tylko temat"),
        ("", ""),
    ],
)
def test_reason_of(message, reason):
    assert reason_of(message) == reason
