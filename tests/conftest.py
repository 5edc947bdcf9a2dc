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


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site, rendered once per test session from a copy of the project."""
    from klynge.render import render_project
    from site_hjaelp import kopier_projekt

    projekt = kopier_projekt(tmp_path_factory.mktemp("projekt"))
    return render_project(projekt, progress=lambda _: None)


# A specialty with no respondents, added to the projects the Quarto tests render: its sheet is
# the short one (below the response threshold).
KORT = "tomologi"


def quarto_kommando() -> str:
    """Real Quarto, or a skip that says why (the tests marked `quarto`)."""
    import os

    quarto = shutil.which("quarto")
    if not quarto and os.environ.get("KLYNGE_KRAEV_QUARTO"):  # CI built Quarto: it must be there
        pytest.fail("KLYNGE_KRAEV_QUARTO is set but quarto is not on PATH", pytrace=False)
    if not quarto:
        pytest.skip("quarto is not on PATH (build it with ../shared/quarto-kit, see the README's "
                    "'Testing with real Quarto')")
    return quarto


def koer_quarto(projekt: Path, *argumenter: str) -> None:
    """`quarto render …` in `projekt`, as a user runs it with the project's venv active (the
    pre-render step runs `python` from PATH); a failure names the document in its output."""
    import os
    import subprocess
    import sys

    miljoe = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    miljoe.setdefault("QUARTO_PYTHON", sys.executable)
    ud = subprocess.run([quarto_kommando(), "render", *argumenter], cwd=projekt, env=miljoe,
                        capture_output=True, text=True)
    if ud.returncode != 0:
        hale = "\n".join((ud.stdout + ud.stderr).splitlines()[-25:])
        pytest.fail(f"quarto render {' '.join(argumenter)} failed (exit {ud.returncode}):\n{hale}", pytrace=False)


def projekt_med_kort_ark(maal: Path) -> Path:
    from site_hjaelp import kopier_projekt, tilfoej_speciale_uden_svar

    projekt = kopier_projekt(maal)
    tilfoej_speciale_uden_svar(projekt / "data", KORT)
    return projekt


@pytest.fixture(scope="session")
def quarto_site(tmp_path_factory) -> Path:
    """The site as the design card's `quarto render -P speciale:tomologi` makes it, rendered
    once per session: every page, and the template as the short sheet of a specialty without
    respondents. Skipped where Quarto is not installed."""
    quarto_kommando()
    projekt = projekt_med_kort_ark(tmp_path_factory.mktemp("quarto"))
    koer_quarto(projekt, "-P", f"speciale:{KORT}")
    return projekt / "_site"


@pytest.fixture(scope="session")
def motor_site(tmp_path_factory) -> Path:
    """The same project and command as `quarto_site`, with the built-in engine."""
    from klynge.render import render_project

    projekt = projekt_med_kort_ark(tmp_path_factory.mktemp("motor"))
    return render_project(projekt, params={"speciale": KORT}, progress=lambda _: None)
