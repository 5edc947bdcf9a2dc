"""The command line speaks English; the Danish names of the first versions still work for one
version, each with a one-line note naming the English one."""

from __future__ import annotations

import re

import pytest

from klynge.cli import DANSKE_KOMMANDOER, DANSKE_TILVALG, main

ENGELSKE = ("check", "generate", "import", "pages", "git-guard", "render", "preview", "release", "bench")


def _hjaelp(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


def test_the_help_lists_the_english_commands(capsys):
    hjaelp = _hjaelp(capsys)
    assert all(re.search(rf"^\s+{kommando}\b", hjaelp, re.M) for kommando in ENGELSKE)


def test_the_help_lists_no_danish_command(capsys):
    hjaelp = _hjaelp(capsys)
    assert not [navn for navn in DANSKE_KOMMANDOER if re.search(rf"\b{navn}\b", hjaelp)]


@pytest.mark.parametrize("kommando", ENGELSKE)
def test_no_option_of_a_command_has_a_danish_name(capsys, kommando):
    hjaelp = _hjaelp(capsys, kommando)
    assert not [navn for navn in DANSKE_TILVALG if re.search(rf"{navn}\b", hjaelp)]


def test_a_danish_command_name_runs_the_english_command_and_says_its_new_name_in_one_line(capsys):
    assert "usage: klynge release" in _hjaelp(capsys, "udgiv")


def test_the_note_for_a_danish_name_is_one_line_on_stderr(capsys):
    with pytest.raises(SystemExit):
        main(["sider", "--help"])
    fanget = capsys.readouterr()
    assert fanget.err.splitlines() == ["note: `sider` is now `pages`; the Danish name goes in the next version"]


def test_a_danish_option_name_is_read_as_the_english_one(capsys):
    with pytest.raises(SystemExit):
        main(["release", "--udkast", "--tillad-forskel", "--help"])
    assert capsys.readouterr().err.splitlines() == [
        "note: `--udkast` is now `--draft`; the Danish name goes in the next version",
        "note: `--tillad-forskel` is now `--allow-difference`; the Danish name goes in the next version"]


def test_git_guards_danish_action_is_read_as_the_english_one(capsys, tmp_path):
    main(["git-vagt", "kontroller", "--project", str(tmp_path)])  # not a checkout: refused, after the notes
    assert capsys.readouterr().err.splitlines()[:2] == [
        "note: `git-vagt` is now `git-guard`; the Danish name goes in the next version",
        "note: `kontroller` is now `check`; the Danish name goes in the next version"]
