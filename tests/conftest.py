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


def _byg_site(mappe: Path) -> Path:
    from klynge.byg.bygning import byg_med_motor
    from klynge.byg.sider import specialer
    from site_hjaelp import PDF_DATO, kopier_projekt

    projekt = kopier_projekt(mappe / "projekt")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", PDF_DATO)
        byg_med_motor(projekt, {slug for slug, _ in specialer(projekt / "data")}, progress=lambda _: None)
    return projekt / "_site"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site, built once per test session (shared by the xdist workers) in a copy of the
    project as `klynge render` builds it (with its build cache, `site.parent / ".klynge-cache"`),
    with the PDFs' date fixed (`SOURCE_DATE_EPOCH`, as reproducible builds set it); read-only
    (tests/delt_bygning.py). Tests that change a built project start from a writable copy of
    `site.parent` (`delt_bygning.skrivbar_kopi`)."""
    from delt_bygning import delt_fixture

    yield from delt_fixture(tmp_path_factory, "site", _byg_site)


def _byg_rigtig_site(mappe: Path) -> Path:
    from klynge.render import render_project
    from site_hjaelp import kopier_projekt

    projekt = kopier_projekt(mappe / "projekt")
    sti = projekt / "data" / "indstillinger.toml"
    sti.write_text(sti.read_text(encoding="utf-8").replace('datakilde = "rekonstrueret"', 'datakilde = "undersoegelse"'),
                   encoding="utf-8")
    # Real answers live in the confidential folder (klynge.data.fortrolig): here the demo rows
    # less one, so they are not what `klynge generate` makes.
    linjer = (projekt / "data" / "besvarelser.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    svar = projekt / "data" / "fortroligt" / "besvarelser.csv"
    svar.parent.mkdir(exist_ok=True)
    svar.write_text("".join(linjer[:1] + linjer[2:]), encoding="utf-8")
    return render_project(projekt, progress=lambda _: None)


@pytest.fixture(scope="session")
def rigtig_site(tmp_path_factory) -> Path:
    """The whole site rendered from answers declared a survey export (one respondent fewer, so
    `klynge check` does not take them for the reconstruction); once per session, shared by the
    xdist workers, read-only (tests/delt_bygning.py)."""
    from delt_bygning import delt_fixture

    yield from delt_fixture(tmp_path_factory, "rigtig-site", _byg_rigtig_site)


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


def fremmed_python(mappe: Path) -> Path:
    """A folder whose `python` and `python3` lack the project's dependencies (they fail at once):
    with it first on PATH, only QUARTO_PYTHON can run the project's steps and documents."""
    mappe.mkdir(parents=True, exist_ok=True)
    for navn in ("python", "python3"):
        sti = mappe / navn
        sti.write_text("#!/bin/sh\necho 'a python without the project\'s dependencies' >&2\nexit 1\n",
                       encoding="utf-8")
        sti.chmod(0o755)
    return mappe


class QuartoKoersel:
    """`quarto render …` started in `projekt` as a user runs it who set QUARTO_PYTHON to the
    project's venv but has another `python` first on PATH, one without the project's
    dependencies. Several run side by side: each is mostly one busy process."""

    def __init__(self, projekt: Path, *argumenter: str, navn: str = ""):
        import os
        import subprocess
        import sys

        self.projekt, self.argumenter = projekt, argumenter
        venv = str(Path(sys.executable).parent)
        sti = [str(fremmed_python(projekt.parent / f"{projekt.name}-python"))]
        sti += [d for d in os.environ.get("PATH", "").split(os.pathsep) if d and d != venv]
        miljoe = dict(os.environ, PATH=os.pathsep.join(sti))
        miljoe.setdefault("QUARTO_PYTHON", sys.executable)
        self.log = projekt.parent / f"{projekt.name}{'-' + navn if navn else ''}.quarto.log"
        with open(self.log, "w", encoding="utf-8") as log:
            self.proces = subprocess.Popen([quarto_kommando(), "render", *argumenter], cwd=projekt, env=miljoe,
                                           stdout=log, stderr=subprocess.STDOUT)

    def vent(self) -> Path:
        """The project's _site once Quarto is done; a failure names the document in its output."""
        if self.proces.wait() != 0:
            hale = "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
            pytest.fail(f"quarto render {' '.join(self.argumenter)} failed (exit {self.proces.returncode}):\n{hale}",
                        pytrace=False)
        return self.projekt / "_site"

    def udfoerte(self) -> list[str]:
        """The documents Quarto executed (once per format), as its log names them."""
        import re

        return re.findall(r"Executing '(.+?)\.quarto_ipynb'", self.log.read_text(encoding="utf-8", errors="replace"))


def projekt_med_kort_ark(maal: Path) -> Path:
    from site_hjaelp import kopier_projekt, tilfoej_speciale_uden_svar

    projekt = kopier_projekt(maal)
    tilfoej_speciale_uden_svar(projekt / "data", KORT)
    return projekt


# The specialty the tests use for a full sheet.
FULDT = "reumatologi"


@pytest.fixture(scope="session")
def quarto_koersler(tmp_path_factory) -> dict[str, QuartoKoersel]:
    """Every Quarto render the session needs, started at once, each in its own copy of the
    project (with the short-sheet specialty added): the design card's command for a short and
    a full sheet (whole sites), and the template's own command for each."""
    quarto_kommando()
    koersler = {}
    for navn, argumenter in (("site", ("-P", f"speciale:{KORT}")), ("site-fuldt", ("-P", f"speciale:{FULDT}")),
                             ("skabelon-fuldt", ("reports/faktaark.qmd", "-P", f"speciale:{FULDT}")),
                             ("skabelon-kort", ("reports/faktaark.qmd", "-P", f"speciale:{KORT}"))):
        koersler[navn] = QuartoKoersel(projekt_med_kort_ark(tmp_path_factory.mktemp(navn)), *argumenter)
    return koersler


@pytest.fixture(scope="session")
def quarto_site(quarto_koersler) -> Path:
    """The site as the design card's `quarto render -P speciale:tomologi` makes it: every page,
    and the template as the short sheet of a specialty without respondents. Skipped where
    Quarto is not installed."""
    return quarto_koersler["site"].vent()


@pytest.fixture(scope="session")
def motor_site(tmp_path_factory) -> Path:
    """The same project and command as `quarto_site`, with the built-in engine."""
    from klynge.render import render_project

    projekt = projekt_med_kort_ark(tmp_path_factory.mktemp("motor"))
    return render_project(projekt, params={"speciale": KORT}, progress=lambda _: None)
