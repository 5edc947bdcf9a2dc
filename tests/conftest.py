"""Shared fixtures: the real survey data, and a throw-away copy of data/ to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from klynge.data.indlaes import Undersoegelse, indlaes

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@pytest.fixture(autouse=True)
def _ingen_fortrolig_sti_fra_miljoeet(monkeypatch):
    """A KLYNGE_FORTROLIGE_DATA set on the developer's machine must not lead tests (or the
    commands they start) to real answers."""
    monkeypatch.delenv("KLYNGE_FORTROLIGE_DATA", raising=False)


@pytest.fixture(scope="session")
def undersoegelse() -> Undersoegelse:
    """The committed data, loaded and validated once per test session."""
    return indlaes(DATA)


@pytest.fixture
def datakopi(tmp_path: Path) -> Path:
    """A copy of the repository's data/ folder that a test may change freely."""
    kopi = tmp_path / "data"
    shutil.copytree(DATA, kopi)
    return kopi


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site, rendered once per test session from a copy of the project."""
    from klynge.render import render_project
    from site_hjaelp import kopier_projekt

    projekt = kopier_projekt(tmp_path_factory.mktemp("projekt"))
    return render_project(projekt, progress=lambda _: None)


@pytest.fixture(scope="session")
def quarto_site(tmp_path_factory) -> Path:
    """The site as `quarto render` makes it; skipped where Quarto is not installed."""
    import subprocess

    from site_hjaelp import kopier_projekt

    quarto = shutil.which("quarto")
    if not quarto:
        pytest.skip("quarto is not on PATH (it cannot be installed on the development machines)")
    projekt = kopier_projekt(tmp_path_factory.mktemp("quarto"))
    subprocess.run([quarto, "render"], cwd=projekt, check=True)
    return projekt / "_site"
