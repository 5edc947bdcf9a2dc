"""Real answers never enter version control: `klynge import` writes them to the confidential
folder (ignored by git, readable by the owner only), every command reads them there, and check,
render, preview, Quarto's pre-render and the pre-commit hook refuse answers in a place git keeps."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest

from delt_bygning import delt_fixture, skrivbar_kopi
from eksport_hjaelp import laes_besvarelser, med_persondata, skriv_csv, skriv_xlsx, tekster_og_svar
from git_hjaelp import KOMMENTAR, git, git_projekt, klynge, saet_datakilde, virkelige_raekker
from klynge.byg.afhaengigheder import fingeraftryk
from klynge.byg.preview import Afhaengigheder
from klynge.data.fortrolig import besvarelser_sti
from klynge.data.indlaes import indlaes

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

REPO = Path(__file__).resolve().parents[1]
U = indlaes(REPO / "data")


def eksport(mappe: Path) -> Path:
    raekker = virkelige_raekker(laes_besvarelser(REPO / "data"))
    return skriv_xlsx(mappe / "eksport.xlsx", med_persondata(tekster_og_svar(U, raekker)))


def eksport_med_ider(mappe: Path) -> Path:
    """A CSV export keeping the tool's ids (no personal data in them)."""
    raekker = virkelige_raekker(laes_besvarelser(REPO / "data"))
    return skriv_csv(mappe / "eksport.csv", tekster_og_svar(U, raekker))


def _lav_importeret(mappe: Path) -> Path:
    projekt = git_projekt(mappe / "projekt")
    r = klynge(projekt, "import", str(eksport_med_ider(mappe)))
    assert r.returncode == 0, r.stderr
    saet_datakilde(projekt, "undersoegelse")
    return projekt


@pytest.fixture(scope="session")
def git_skabelon(tmp_path_factory) -> Path:
    """The project as a fresh git checkout, made once per session (shared by the xdist workers),
    read-only: each test changes a copy of its own (`projekt`)."""
    yield from delt_fixture(tmp_path_factory, "git-projekt", lambda mappe: git_projekt(mappe / "projekt"))


@pytest.fixture(scope="session")
def importeret_skabelon(tmp_path_factory) -> Path:
    """A checkout after `klynge import` of a real-looking export, with datakilde set; made once
    per session (shared by the xdist workers), read-only: each test changes a copy (`importeret`)."""
    yield from delt_fixture(tmp_path_factory, "git-importeret", _lav_importeret)


@pytest.fixture
def projekt(git_skabelon, tmp_path) -> Path:
    """A git checkout of the project, the test's own."""
    return skrivbar_kopi(git_skabelon, tmp_path / "projekt")


@pytest.fixture
def importeret(importeret_skabelon, tmp_path) -> Path:
    """A checkout after `klynge import` of a real-looking export, with datakilde set; the
    test's own. The copy keeps the confidential folder's modes (owner only)."""
    return skrivbar_kopi(importeret_skabelon, tmp_path / "projekt")


def en_linje(r) -> str:
    linjer = r.stderr.strip().splitlines()
    assert r.returncode == 1 and len(linjer) == 1, r.stderr
    return linjer[0]


# ------------------------------------------------------------------ where the answers go

def test_the_import_changes_no_tracked_file(projekt, tmp_path):
    r = klynge(projekt, "import", str(eksport(tmp_path)))
    assert r.returncode == 0, r.stderr
    assert git(projekt, "status", "--porcelain").stdout == ""


def test_the_imported_answers_are_ignored_by_git(projekt, tmp_path):
    klynge(projekt, "import", str(eksport(tmp_path)))
    assert (projekt / "data" / "fortroligt" / "besvarelser.csv").is_file()
    assert git(projekt, "check-ignore", "-q", "data/fortroligt/besvarelser.csv").returncode == 0


def test_the_imported_answers_are_readable_by_their_owner_only(projekt, tmp_path):
    klynge(projekt, "import", str(eksport(tmp_path)))
    mappe = projekt / "data" / "fortroligt"
    assert stat.S_IMODE((mappe / "besvarelser.csv").stat().st_mode) == 0o600
    assert stat.S_IMODE(mappe.stat().st_mode) == 0o700


def test_the_import_leaves_no_temporary_file_behind(projekt, tmp_path):
    klynge(projekt, "import", str(eksport(tmp_path)))
    assert [p.name for p in (projekt / "data" / "fortroligt").iterdir()] == ["besvarelser.csv"]


def test_the_reconstructed_rows_stay_in_use_until_datakilde_says_otherwise(projekt, tmp_path):
    r = klynge(projekt, "import", str(eksport(tmp_path)))
    assert 'set datakilde = "undersoegelse" to use data/fortroligt/besvarelser.csv' in r.stdout
    assert besvarelser_sti(projekt / "data") == projekt / "data" / "besvarelser.csv"
    saet_datakilde(projekt, "undersoegelse")
    assert besvarelser_sti(projekt / "data") == projekt / "data" / "fortroligt" / "besvarelser.csv"


def test_check_reads_the_imported_answers(importeret):
    r = klynge(importeret, "check")
    assert r.returncode == 0, r.stderr
    assert "answers: a survey export (data/fortroligt/besvarelser.csv)" in r.stdout


def test_the_environment_variable_puts_the_answers_outside_the_project(projekt, tmp_path):
    andet_sted = tmp_path / "netvaerksdrev" / "klynge"
    env = dict(os.environ, KLYNGE_FORTROLIGE_DATA=str(andet_sted))
    r = klynge(projekt, "import", str(eksport_med_ider(tmp_path)), env=env)
    assert r.returncode == 0, r.stderr
    assert (andet_sted / "besvarelser.csv").is_file() and not (projekt / "data" / "fortroligt").exists()
    saet_datakilde(projekt, "undersoegelse")
    r = klynge(projekt, "check", env=env)
    assert r.returncode == 0, r.stderr
    assert f"answers: a survey export ({andet_sted / 'besvarelser.csv'})" in r.stdout


def test_a_relative_environment_variable_is_refused(importeret):
    r = klynge(importeret, "check", env=dict(os.environ, KLYNGE_FORTROLIGE_DATA="hemmelig"))
    assert "error: KLYNGE_FORTROLIGE_DATA: must be an absolute path (found 'hemmelig')" in r.stderr


def test_the_setting_names_another_confidential_folder(projekt, tmp_path):
    sti = projekt / "data" / "indstillinger.toml"
    andet_sted = tmp_path / "beskyttet"
    sti.write_text(sti.read_text(encoding="utf-8").replace('fortrolige_data = "fortroligt"',
                                                            f'fortrolige_data = "{andet_sted}"'), encoding="utf-8")
    r = klynge(projekt, "import", str(eksport_med_ider(tmp_path)))
    assert r.returncode == 0, r.stderr
    assert (andet_sted / "besvarelser.csv").is_file()


def test_a_missing_confidential_file_is_one_line_saying_how_to_import(projekt):
    saet_datakilde(projekt, "undersoegelse")
    assert en_linje(klynge(projekt, "check")) == (
        'error: data/fortroligt/besvarelser.csv: file is missing: with datakilde = "undersoegelse" the answers are '
        "read from here; write them with `klynge import <export>`")


def test_generer_leaves_the_imported_answers_alone(importeret):
    foer = (importeret / "data" / "fortroligt" / "besvarelser.csv").read_bytes()
    assert klynge(importeret, "generate").returncode == 0
    assert (importeret / "data" / "fortroligt" / "besvarelser.csv").read_bytes() == foer


# ------------------------------------------------------------------ refusals

def test_the_importer_refuses_to_write_to_a_tracked_path(projekt, tmp_path):
    sti = projekt / "data" / "indstillinger.toml"
    sti.write_text(sti.read_text(encoding="utf-8").replace('fortrolige_data = "fortroligt"', 'fortrolige_data = "."'),
                   encoding="utf-8")
    foer = (projekt / "data" / "besvarelser.csv").read_bytes()
    linje = en_linje(klynge(projekt, "import", str(eksport(tmp_path))))
    assert linje.startswith("error: data/besvarelser.csv: git tracks it: real answers are not written where git keeps them")
    assert (projekt / "data" / "besvarelser.csv").read_bytes() == foer


def test_the_importer_warns_about_an_export_git_would_commit(projekt, tmp_path):
    skriv_csv(projekt / "svar.csv", tekster_og_svar(U, virkelige_raekker(laes_besvarelser(REPO / "data"))))
    r = klynge(projekt, "import", "svar.csv")
    assert "warning: svar.csv: git would commit this export (it is not ignored)" in r.stdout


@pytest.mark.parametrize("kommando", ["check", "render", "pages"])
def test_real_answers_copied_into_the_tracked_file_are_refused_with_one_line(importeret, kommando):
    shutil.copy(importeret / "data" / "fortroligt" / "besvarelser.csv", importeret / "data" / "besvarelser.csv")
    linje = en_linje(klynge(importeret, kommando))
    assert linje.startswith("error: data/besvarelser.csv: git tracks this file, and it holds answers that are not "
                            "the reconstructed rows")
    assert "import data/besvarelser.csv" not in linje  # that would overwrite the confidential answers
    assert not (importeret / "_site").exists()


def test_preview_refuses_real_answers_in_a_tracked_file(importeret):
    shutil.copy(importeret / "data" / "fortroligt" / "besvarelser.csv", importeret / "data" / "besvarelser.csv")
    linje = en_linje(klynge(importeret, "preview", "--port", "0", timeout=120))
    assert linje.startswith("error: data/besvarelser.csv: git tracks this file")


def test_real_answers_in_a_new_file_git_would_commit_are_refused(importeret):
    shutil.copy(importeret / "data" / "fortroligt" / "besvarelser.csv", importeret / "kopi.csv")
    linje = en_linje(klynge(importeret, "check"))
    assert linje.startswith("error: kopi.csv: git would commit this file (it is not ignored), and it holds "
                            "respondents' answers")


def test_the_confidential_file_must_be_ignored_by_git(importeret):
    gitignore = importeret / ".gitignore"
    gitignore.write_text(gitignore.read_text(encoding="utf-8").replace("/data/fortroligt/\n", ""), encoding="utf-8")
    linje = en_linje(klynge(importeret, "check"))
    assert linje.startswith("error: data/fortroligt/besvarelser.csv: holds the real answers, but git would "
                            "commit it: it is not ignored; add its folder to .gitignore")


FROSNE = ("_freeze/reports/reumatologi/execute-results/html.json", ".quarto/_freeze/index/execute-results/html.json",
          "reports/reumatologi_files/execute-results/typ.json")


def frys(projekt: Path, navn: str = FROSNE[0]) -> Path:
    """A frozen result as Quarto writes one (klynge.byg.frys): an executed page's Markdown."""
    sti = projekt / navn
    sti.parent.mkdir(parents=True, exist_ok=True)
    sti.write_text('{"hash": "0", "result": {"markdown": "Klyngearbejdet i Reumatologi"}}', encoding="utf-8")
    return sti


@pytest.mark.parametrize("navn", FROSNE)
def test_git_ignores_what_quartos_freezer_keeps(projekt, navn):
    frys(projekt, navn)
    assert git(projekt, "check-ignore", "-q", navn).returncode == 0


def test_frozen_results_git_would_commit_are_refused_with_real_answers(importeret):
    gitignore = importeret / ".gitignore"
    gitignore.write_text(gitignore.read_text(encoding="utf-8").replace("/_freeze/\n", ""), encoding="utf-8")
    frys(importeret)
    linje = en_linje(klynge(importeret, "check"))
    assert linje.startswith(f"error: {FROSNE[0]}: is one of Quarto's frozen results (the executed pages, made from "
                            "the answers in use), which never enter git")


def test_reconstructed_rows_changed_by_hand_are_told_to_run_generer(projekt):
    sti = projekt / "data" / "besvarelser.csv"
    linjer = sti.read_text(encoding="utf-8").splitlines(keepends=True)
    sti.write_text("".join(linjer[:-1]), encoding="utf-8")
    assert "if they are reconstructed rows changed by hand, run `klynge generate`" in en_linje(klynge(projekt, "check"))


def test_outside_a_git_checkout_nothing_is_refused(tmp_path):
    from site_hjaelp import kopier_projekt

    projekt = kopier_projekt(tmp_path / "kopi")
    sti = projekt / "data" / "besvarelser.csv"
    linjer = sti.read_text(encoding="utf-8").splitlines(keepends=True)
    sti.write_text("".join(linjer[:-1]), encoding="utf-8")
    r = klynge(projekt, "check")
    assert r.returncode == 0, r.stderr


def test_the_demo_checkout_is_not_refused(projekt):
    r = klynge(projekt, "check")
    assert r.returncode == 0, r.stderr


# ------------------------------------------------------------------ the pre-commit hook

@pytest.fixture
def med_krog(importeret) -> Path:
    r = klynge(importeret, "git-guard", "install")
    assert r.returncode == 0, r.stderr
    return importeret


def test_the_hook_is_installed_by_one_command(med_krog):
    krog = med_krog / ".git" / "hooks" / "pre-commit"
    assert os.access(krog, os.X_OK) and "git-guard check" in krog.read_text(encoding="utf-8")


def test_the_hook_refuses_a_commit_that_adds_real_answers(med_krog):
    shutil.copy(med_krog / "data" / "fortroligt" / "besvarelser.csv", med_krog / "data" / "besvarelser.csv")
    r = git(med_krog, "commit", "-a", "-m", "svar")
    assert r.returncode != 0
    assert "error: data/besvarelser.csv: the commit adds answers that are not the reconstructed rows" in r.stderr
    assert git(med_krog, "log", "--oneline").stdout.count("\n") == 1


def test_the_hook_refuses_answers_under_another_name(med_krog):
    shutil.copy(med_krog / "data" / "fortroligt" / "besvarelser.csv", med_krog / "gemt.csv")
    git(med_krog, "add", "-f", "gemt.csv")
    r = git(med_krog, "commit", "-m", "svar")
    assert r.returncode != 0 and "error: gemt.csv: the commit adds respondents' answers" in r.stderr


def test_the_hook_refuses_a_spreadsheet(med_krog, tmp_path):
    shutil.copy(eksport(tmp_path), med_krog / "eksport.xlsx")
    git(med_krog, "add", "-f", "eksport.xlsx")
    r = git(med_krog, "commit", "-m", "eksport")
    assert r.returncode != 0 and "error: eksport.xlsx: the commit adds a spreadsheet" in r.stderr


def test_the_hook_refuses_quartos_frozen_results(med_krog):
    frys(med_krog)
    git(med_krog, "add", "-f", "_freeze")
    r = git(med_krog, "commit", "-m", "frys")
    assert r.returncode != 0 and f"error: {FROSNE[0]}: the commit adds Quarto's frozen results" in r.stderr


def test_the_hook_lets_settings_and_texts_through(med_krog):
    # datakilde = "undersoegelse" is a setting like any other: the answers stay behind.
    r = git(med_krog, "commit", "-a", "-m", "rigtige data")
    assert r.returncode == 0, r.stderr


def test_the_hook_lets_a_new_reconstruction_through(med_krog):
    plan = med_krog / "data" / "rekonstruktion.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("seed = \"faktaark-2026\"", "seed = \"faktaark-2027\""), encoding="utf-8")
    saet_datakilde(med_krog, "rekonstrueret")
    r = klynge(med_krog, "generate")
    assert r.returncode == 0, r.stderr
    assert git(med_krog, "diff", "--quiet", "data/besvarelser.csv").returncode == 1  # the rows did change
    r = git(med_krog, "commit", "-a", "-m", "ny rekonstruktion")
    assert r.returncode == 0, r.stderr


def test_a_hook_that_is_not_ours_is_left_alone(projekt):
    krog = projekt / ".git" / "hooks" / "pre-commit"
    krog.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    linje = en_linje(klynge(projekt, "git-guard", "install"))
    assert "a pre-commit hook that is not klynge's is already there" in linje
    assert krog.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"


# ------------------------------------------------------------------ the documents find them

def test_a_changed_confidential_answer_changes_its_sheet_and_the_overview_pages(importeret):
    data = importeret / "data"
    slugs = {sp.slug for sp in U.specialer}
    foer = {d: fingeraftryk(importeret, d, slugs, "") for d in ("reports/reumatologi.qmd", "index.qmd",
                                                                "reports/neurologi.qmd")}
    sti = data / "fortroligt" / "besvarelser.csv"
    linjer = sti.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(n for n, l in enumerate(linjer) if ",reumatologi," in l)
    linjer[i] = linjer[i].replace("I høj grad", "I nogen grad", 1)
    sti.write_text("".join(linjer), encoding="utf-8")
    efter = {d: fingeraftryk(importeret, d, slugs, "") for d in foer}
    assert efter["reports/reumatologi.qmd"] != foer["reports/reumatologi.qmd"]
    assert efter["index.qmd"] != foer["index.qmd"]
    assert efter["reports/neurologi.qmd"] == foer["reports/neurologi.qmd"]


def test_the_preview_watches_a_confidential_folder_outside_the_project(projekt, tmp_path, monkeypatch):
    monkeypatch.setenv("KLYNGE_FORTROLIGE_DATA", str(tmp_path / "share"))
    filter = Afhaengigheder(projekt, "_site")
    assert filter(None, str(tmp_path / "share" / "besvarelser.csv"))
    assert not filter(None, str(tmp_path / "andet" / "besvarelser.csv"))


def test_a_confidential_folder_that_is_not_a_name_is_refused(datakopi):
    sti = datakopi / "indstillinger.toml"
    sti.write_text(sti.read_text(encoding="utf-8").replace('fortrolige_data = "fortroligt"', "fortrolige_data = 3"),
                   encoding="utf-8")
    r = klynge(REPO, "check", "--data", str(datakopi))
    assert ("error: data/indstillinger.toml: key 'fortrolige_data': must be a folder name in quotes (found 3)"
            in r.stderr.splitlines())
