"""The git guard covers saved rounds: a round's data files may be committed, its answers never."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from git_hjaelp import git, git_projekt, klynge
from klynge.data.versionsstyring import commit_problemer, svar_i_git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(scope="module")
def projekt(tmp_path_factory) -> Path:
    projekt = git_projekt(tmp_path_factory.mktemp("runder") / "projekt")
    r = klynge(projekt, "round", "save", "2025")
    assert r.returncode == 0, r.stderr
    return projekt


def test_a_saved_rounds_data_files_are_not_taken_for_answers(projekt: Path):
    assert svar_i_git(projekt / "data") == []


def test_a_saved_round_may_be_committed_without_its_answers(projekt: Path):
    git(projekt, "add", "data/runder")
    try:
        assert commit_problemer(projekt) == []
    finally:
        git(projekt, "reset", "-q")


def test_a_rounds_answers_copied_beside_its_files_are_refused_by_check_and_the_commit_guard(projekt: Path):
    kopi = projekt / "data" / "runder" / "2025" / "besvarelser.csv"
    shutil.copy(projekt / "data" / "fortroligt" / "runder" / "2025" / "besvarelser.csv", kopi)
    try:
        assert [p.fil for p in svar_i_git(projekt / "data")] == ["data/runder/2025/besvarelser.csv"]
        git(projekt, "add", "data/runder")
        assert [p.fil for p in commit_problemer(projekt)] == ["data/runder/2025/besvarelser.csv"]
    finally:
        git(projekt, "reset", "-q")
        kopi.unlink()


def test_the_confidential_copy_of_a_rounds_answers_is_ignored_by_git(projekt: Path):
    r = git(projekt, "status", "--porcelain", "--untracked-files=all")
    assert "fortroligt" not in r.stdout and "data/runder/2025/tal.json" in r.stdout
