"""A copy of the project that is a git checkout, as an analyst's clone is."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from site_hjaelp import ROD, kopier_projekt


def git(projekt: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "user.name=Analytiker", "-c", "user.email=analytiker@eksempel.dk",
                           "-c", "init.defaultBranch=main", *args], cwd=projekt, capture_output=True, text=True,
                          timeout=120)


def git_projekt(maal: Path) -> Path:
    """The project's sources with its .gitignore, committed in a fresh repository."""
    projekt = kopier_projekt(maal)
    shutil.copy2(ROD / ".gitignore", projekt / ".gitignore")
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-q", "-m", "klynge")):
        r = git(projekt, *args)
        assert r.returncode == 0, r.stderr
    return projekt


def klynge(projekt: Path, *args: str, env: dict | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "klynge", *args], cwd=projekt, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, env=env)


def saet_datakilde(projekt: Path, datakilde: str) -> None:
    sti = projekt / "data" / "indstillinger.toml"
    tekst = sti.read_text(encoding="utf-8")
    sti.write_text(tekst.replace('datakilde = "rekonstrueret"', f'datakilde = "{datakilde}"'), encoding="utf-8")


KOMMENTAR = "FORTROLIG-KOMMENTAR"
ID = "SVAR-4711-"


def virkelige_raekker(raekker: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows as a real export gives them: the tool's own respondent ids and comments of its own
    (every third respondent), so they are not the reconstruction; easy to search for."""
    ud = []
    for n, r in enumerate(raekker, start=1):
        ny = dict(r, respondent_id=f"{ID}{n:04d}")
        ny["kommentar"] = f"{KOMMENTAR} {n}: vi mangler tid til klyngemøderne" if n % 3 == 0 else ""
        ud.append(ny)
    return ud
