"""Shared fixtures: the real survey data, and a throw-away copy of data/ to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from klynge.data.indlaes import Undersoegelse, indlaes

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


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
