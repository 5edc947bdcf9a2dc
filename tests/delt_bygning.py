"""Builds that many tests read and none may change: made once per test session, shared by every
pytest-xdist worker, and read-only.

Under pytest-xdist each worker is a process with its own session fixtures, so a session fixture
alone would build once per worker. The first worker to ask makes the build in the session's
common temporary folder while holding a file lock; the others wait for the lock and get the same
folder. A build that failed leaves no mark, so the next worker to ask tries again and fails with
its own message.

Read-only is made explicit twice: every file and folder of the build loses its write bits (which
stops a test running as an ordinary user at once), and the build's fingerprint (the path, size
and content of every file) is taken when it is made and compared when the session ends, so that
a test that changed it fails even where write bits do not bind (root, as in CI).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock


def faelles_mappe(tmp_path_factory) -> Path:
    """The temporary folder every worker of this session shares (pytest-xdist gives each worker
    a folder of its own inside it); without xdist, the session's own."""
    basis = tmp_path_factory.getbasetemp()
    return basis.parent if os.environ.get("PYTEST_XDIST_WORKER") else basis


def aftryk(mappe: Path) -> str:
    """Path, size and content of every file below `mappe`, and every folder's name."""
    h = hashlib.sha256()
    for sti in sorted(mappe.rglob("*")):
        h.update(sti.relative_to(mappe).as_posix().encode() + b"\0")
        if sti.is_file() and not sti.is_symlink():
            h.update(hashlib.sha256(sti.read_bytes()).digest())
    return h.hexdigest()


def skrivebeskyt(mappe: Path) -> None:
    for sti in [*mappe.rglob("*"), mappe]:
        if not sti.is_symlink():
            tilstand = stat.S_IMODE(sti.stat().st_mode)
            sti.chmod(tilstand & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def delt(tmp_path_factory, navn: str, lav: Callable[[Path], Path]) -> tuple[Path, Path, str]:
    """`lav(mappe)` run once per session (across workers) in an empty `mappe`; it returns the
    folder the tests read (a site, inside `mappe`). Returns that folder, `mappe` and its
    fingerprint."""
    faelles = faelles_mappe(tmp_path_factory)
    mappe = faelles / f"delt-{navn}"
    faerdig = faelles / f"delt-{navn}.json"
    with FileLock(str(faelles / f"delt-{navn}.lock")):
        if not faerdig.exists():
            if mappe.exists():  # a worker that failed half-way
                shutil.rmtree(mappe, onerror=lambda f, p, _: (os.chmod(p, 0o700), f(p)))
            mappe.mkdir()
            resultat = lav(mappe)
            skrivebeskyt(mappe)
            faerdig.write_text(json.dumps({"resultat": str(resultat), "aftryk": aftryk(mappe)}), encoding="utf-8")
    info = json.loads(faerdig.read_text(encoding="utf-8"))
    return Path(info["resultat"]), mappe, info["aftryk"]


def skrivbar_kopi(kilde: Path, maal: Path) -> Path:
    """A copy of a shared build that a test may change: every file and folder writable by its
    owner again."""
    shutil.copytree(kilde, maal, symlinks=True)
    for sti in [*maal.rglob("*"), maal]:
        if not sti.is_symlink():
            sti.chmod(stat.S_IMODE(sti.stat().st_mode) | stat.S_IWUSR)
    return maal


def delt_fixture(tmp_path_factory, navn: str, lav: Callable[[Path], Path]):
    """The body of a session fixture: yields the shared build, and fails the session's last test
    that used it if anything in it changed."""
    resultat, mappe, foer = delt(tmp_path_factory, navn, lav)
    yield resultat
    if aftryk(mappe) != foer:
        pytest.fail(f"a test changed the shared, read-only build {navn!r} in {mappe}", pytrace=False)
