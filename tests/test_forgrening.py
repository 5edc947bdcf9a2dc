"""Charts are drawn side by side in forked processes when a core is free; the result must not
depend on it."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from klynge.ark import faktaark
from klynge.ark.forgrening import OpgaveFejl, koer_fordelt

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def to_kerner(monkeypatch):
    monkeypatch.setenv("PYTHON_CPU_COUNT", "2")


def skriv_pid(mappe: Path, navn: str):
    def opgave():
        time.sleep(0.05)  # long enough that the forked process gets its share
        (mappe / navn).write_text(str(os.getpid()), encoding="utf-8")
    return opgave


def test_every_task_runs_exactly_once_and_some_in_another_process(tmp_path, to_kerner):
    koer_fordelt([skriv_pid(tmp_path, f"{i}.txt") for i in range(6)])
    pids = {p.read_text() for p in tmp_path.iterdir()}
    assert len(list(tmp_path.iterdir())) == 6 and len(pids) == 2 and str(os.getpid()) in pids


def test_results_come_back_in_task_order_from_every_process(to_kerner):
    def opgave(i):
        time.sleep(0.05)
        return [i, os.getpid()]

    resultater = koer_fordelt([lambda i=i: opgave(i) for i in range(6)])
    assert [r[0] for r in resultater] == list(range(6)) and len({r[1] for r in resultater}) == 2


def test_a_failing_task_in_a_forked_process_is_raised_with_its_message(to_kerner):
    def fejler():
        if os.getpid() != foraeldre:
            raise KeyError("mangler")
        time.sleep(0.2)  # leaves the other tasks to the forked process

    foraeldre = os.getpid()
    with pytest.raises(OpgaveFejl, match=r"^KeyError: 'mangler'$"):
        koer_fordelt([fejler] * 4)


def test_what_a_forked_task_prints_reaches_this_process(capsys, to_kerner):
    koer_fordelt([lambda i=i: print(f"opgave {i}") for i in range(4)])
    assert sorted(capsys.readouterr().out.split("\n")[:-1]) == [f"opgave {i}" for i in range(4)]


def test_with_another_thread_running_nothing_is_forked(tmp_path, to_kerner):
    stop = threading.Event()
    traad = threading.Thread(target=stop.wait)
    traad.start()
    try:
        koer_fordelt([skriv_pid(tmp_path, f"{i}.txt") for i in range(4)])
    finally:
        stop.set()
        traad.join()
    assert {p.read_text() for p in tmp_path.iterdir()} == {str(os.getpid())}


def test_charts_drawn_side_by_side_are_byte_identical_to_charts_drawn_in_turn(tmp_path, monkeypatch):
    ark = faktaark.lav("reumatologi", REPO)
    filer = {}
    for kerner in (2, 1):
        mappe = tmp_path / str(kerner)
        mappe.mkdir()
        monkeypatch.chdir(mappe)
        monkeypatch.setenv("PYTHON_CPU_COUNT", str(kerner))
        markdown = faktaark.tegn_figurer(ark)
        filer[kerner] = (markdown, {p.name: p.read_bytes() for p in (mappe / "figurer" / "reumatologi").iterdir()})
    assert filer[2] == filer[1]
    assert len(filer[1][1]) == len(faktaark.FIGURER)
