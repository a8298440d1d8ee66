"""Commits kept between builds: only new ones are read, the history is the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from bip_content.cache import Store
from bip_history import gitlog
from bip_history.gitlog import read_log
from bip_history.repository import LOG_CODE
from gitrepo import EDITOR, GitRepo
from kept import change_kept


def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "cache", "gitlog", LOG_CODE)


def doc(title: str, body: str = "Treść.") -> str:
    return f"---\ntytul: {title}\n---\n{body}\n"


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("README.md", "Poza folderem treści.\n")
    repo.write("content/oswiata/2026-01-05-nabor.md", doc("Nabór"))
    repo.commit("Początek")
    return repo


def steps(repo: GitRepo):
    """Edits, a move, a removal, a merged branch, a change outside the folder."""
    repo.write("content/oswiata/2026-01-05-nabor.md", doc("Nabór", "Zmiana."))
    yield repo.commit("Poprawka treści")
    repo.git("mv", "content/oswiata", "content/urzad")
    yield repo.commit("Przeniesienie do urzędu")
    repo.git("checkout", "--quiet", "-b", "zmiana")
    repo.write("content/urzad/2026-02-01-sesja.md", doc("Sesja"))
    repo.commit("Nowy dokument na gałęzi", author=EDITOR)
    repo.git("checkout", "--quiet", "main")
    repo.write("README.md", "Zmiana poza treścią.\n")
    repo.commit("Poza treścią")
    yield repo.merge("zmiana", "Scalenie gałęzi zmiana")
    repo.git("rm", "--quiet", "content/urzad/2026-01-05-nabor.md")
    yield repo.commit("Usunięcie")


def test_kept_commits_give_the_full_log_after_every_step(repo, tmp_path) -> None:
    kept, root = store(tmp_path), repo.root / "content"
    assert read_log(root, kept) == read_log(root)
    for _commit in steps(repo):
        assert read_log(root, kept) == read_log(root)
        assert read_log(root, kept) == read_log(root)  # from the cache alone


def test_only_new_commits_are_read_from_git(repo, tmp_path, monkeypatch) -> None:
    kept, root = store(tmp_path), repo.root / "content"
    read_log(root, kept)
    asked = []
    real = gitlog.git

    def git(folder, *args, data=None):
        if args[0] == "log":
            asked.append(data.decode().split() if data else args)
        return real(folder, *args, data=data)

    monkeypatch.setattr(gitlog, "git", git)
    for commit in steps(repo):
        asked.clear()
        read_log(root, kept)
        assert asked == [[commit]] or (
            len(asked) == 1 and commit in asked[0] and len(asked[0]) == 3
        )  # a merge brings its branch's commit too
        asked.clear()
        read_log(root, kept)
        assert asked == []


def test_a_rewritten_history_drops_what_is_gone(repo, tmp_path) -> None:
    kept, root = store(tmp_path), repo.root / "content"
    ids = list(steps(repo))
    read_log(root, kept)
    repo.git("reset", "--quiet", "--hard", ids[0])
    repo.write("content/oswiata/2026-01-05-nabor.md", doc("Nabór", "Inaczej."))
    repo.commit("Inna poprawka")
    assert read_log(root, kept) == read_log(root)
    assert len(read_log(root, kept)) == 3


def test_a_damaged_entry_reads_everything_again(repo, tmp_path) -> None:
    kept, root = store(tmp_path), repo.root / "content"
    list(steps(repo))
    read_log(root, kept)
    assert change_kept(tmp_path / "cache", "gitlog", lambda text: "[[1, 2")
    assert read_log(root, kept) == read_log(root)


def test_another_folder_of_the_same_repository_keeps_its_own_log(
    repo, tmp_path
) -> None:
    kept = store(tmp_path)
    list(steps(repo))
    assert read_log(repo.root / "content", kept) == read_log(repo.root / "content")
    assert read_log(repo.root, kept) == read_log(repo.root)
