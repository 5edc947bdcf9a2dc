"""Run independent tasks side by side in forked copies of this process.

Used for the charts of a fact sheet: drawing them is most of a sheet's time, each chart is
written to its own file, and a forked copy already has plotnine imported and the sheet's data
in memory, so it starts drawing at once. Forking is only safe in a process with no other
threads (a Jupyter kernel has several) and only used on Linux; elsewhere, and with one core to
use, the tasks run one after another. The files are the same either way.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import threading
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")


class OpgaveFejl(Exception):
    """A task failed in a forked process; ``str()`` is its error on one line."""


def kan_forgrene() -> bool:
    # Linux only: on macOS a forked copy of a process that has loaded system frameworks (numpy's
    # Accelerate, say) may crash, which is why Python itself stopped forking there by default.
    return sys.platform == "linux" and threading.active_count() == 1


def kerner() -> int:
    """The cores this process may use: ``PYTHON_CPU_COUNT`` when set (the build engine sets it
    for its workers, which share the machine's cores; Python 3.13 reads it too), else every
    core the process may run on."""
    try:
        return max(1, int(os.environ["PYTHON_CPU_COUNT"]))
    except (KeyError, ValueError):
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def koer_fordelt(opgaver: Sequence[Callable[[], T]]) -> list[T]:
    """Run every task and return their results in order (from a forked process, a result
    travels as JSON: a str, number, list or dict). Output a forked task prints reaches this
    process's stdout/stderr; the first error is raised after all tasks have ended."""
    antal = min(len(opgaver), kerner(), 255)
    if antal < 2 or len(opgaver) > 255 or not kan_forgrene():
        return [opgave() for opgave in opgaver]
    # The task numbers wait in a pipe; every process takes the next one when it is free, so a
    # slow chart does not hold up the rest. One-byte reads from a pipe are atomic.
    koe, skriv = os.pipe()
    os.write(skriv, bytes(range(len(opgaver))))
    os.close(skriv)
    resultater: dict[int, T] = {}
    try:
        boern = [_forgren(opgaver, koe) for _ in range(antal - 1)]
        egen_fejl = None
        try:
            _tag_fra(opgaver, koe, resultater)
        except BaseException as exc:  # noqa: BLE001 - raised below, once the children are collected
            egen_fejl = exc
            for pid, _ in boern:  # their work is wasted now; don't wait for it
                os.kill(pid, signal.SIGKILL)
        rapporter = [_hent(pid, laes) for pid, laes in boern]
    finally:
        os.close(koe)
    for r in rapporter:
        sys.stdout.write(r.get("stdout", ""))
        sys.stderr.write(r.get("stderr", ""))
    if egen_fejl is not None:
        raise egen_fejl
    for r in rapporter:
        if r.get("fejl"):
            raise OpgaveFejl(r["fejl"])
        resultater.update((int(k), v) for k, v in r["resultater"].items())
    return [resultater[i] for i in range(len(opgaver))]


def _tag_fra(opgaver: Sequence[Callable[[], T]], koe: int, resultater: dict[int, T]) -> None:
    while nummer := os.read(koe, 1):
        resultater[nummer[0]] = opgaver[nummer[0]]()


def _forgren(opgaver: Sequence[Callable[[], T]], koe: int) -> tuple[int, int]:
    laes, skriv = os.pipe()
    pid = os.fork()
    if pid:
        os.close(skriv)
        return pid, laes
    # The child: take tasks with its own output captured, report, and leave without running
    # the parent's exit handlers or flushing its buffers.
    os.close(laes)
    kode, ud, fejl_ud = 0, io.StringIO(), io.StringIO()
    rapport: dict = {"resultater": {}}
    try:
        sys.stdout, sys.stderr = ud, fejl_ud
        _tag_fra(opgaver, koe, rapport["resultater"])
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        kode = 1
        rapport["fejl"] = " ".join(f"{type(exc).__name__}: {exc}".split())
    finally:
        rapport.update(stdout=ud.getvalue(), stderr=fejl_ud.getvalue())
        try:
            with os.fdopen(skriv, "w", encoding="utf-8") as fh:
                json.dump(rapport, fh)
        finally:
            os._exit(kode)


def _hent(pid: int, laes: int) -> dict:
    with os.fdopen(laes, encoding="utf-8") as fh:
        tekst = fh.read()
    _, status = os.waitpid(pid, 0)
    if not tekst:
        return {"fejl": f"a drawing process stopped without a report (wait status {status})"}
    return json.loads(tekst)
