"""The whole flow on a real-looking export in a git checkout — import, check, render, preview
release — and then no tracked file, no file git would commit,
no published file and no cache file holds a respondent's row or comment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eksport_hjaelp import laes_besvarelser, skriv_xlsx, tekster_og_svar
from git_hjaelp import ID, KOMMENTAR, git, git_projekt, klynge, saet_datakilde, virkelige_raekker
from klynge.data.indlaes import indlaes
from site_hjaelp import pdf_tekst

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def flow(tmp_path_factory) -> Path:
    """The flow an analyst follows, once for the module. Must build: the flow is the test (its
    own git checkout and imported answers; `klynge render`, the preview and `klynge udgiv` each
    build in it); the tests below only read what it left."""
    from test_preview_koersel import KoerendePreview

    tmp = tmp_path_factory.mktemp("flow")
    projekt = git_projekt(tmp / "projekt")
    u = indlaes(REPO / "data")
    eksport = skriv_xlsx(tmp / "eksport.xlsx",
                         tekster_og_svar(u, virkelige_raekker(laes_besvarelser(REPO / "data"))))
    r = klynge(projekt, "import", str(eksport))
    assert r.returncode == 0, r.stderr
    saet_datakilde(projekt, "undersoegelse")
    # The answers saved as round 2025, and the same answers taken on as the next round: the
    # sheets then compare with the saved round, whose answers are in the confidential folder.
    r = klynge(projekt, "round", "save", "2025")
    assert r.returncode == 0, r.stderr
    sti = projekt / "data" / "indstillinger.toml"
    sti.write_text(sti.read_text(encoding="utf-8").replace('indsamlet = "september 2025"',
                                                           'indsamlet = "september 2027"'), encoding="utf-8")
    for trin in (("check",), ("render",)):
        r = klynge(projekt, *trin)
        assert r.returncode == 0, f"klynge {' '.join(trin)}: {r.stderr}"
    preview = KoerendePreview(projekt)
    try:
        assert "Faktaark" in preview.hent("") and preview.hent("reports/reumatologi.html")
        # Real answers copied into the tracked file while the preview runs: it renders nothing.
        demo = projekt / "data" / "besvarelser.csv"
        shutil.copy(projekt / "data" / "fortroligt" / "besvarelser.csv", demo)
        (tmp / "preview-fejl.txt").write_text(preview.vent_paa_fejl("*"), encoding="utf-8")
        git(projekt, "checkout", "--", "data/besvarelser.csv")
    finally:
        preview.stop()
    # The release records are meant to be committed: they are searched below with every file
    # git would commit.
    r = klynge(projekt, "release", "2026-12")
    assert r.returncode == 0, r.stderr
    return projekt


def _tekst(sti: Path) -> str:
    tekst = sti.read_bytes().decode("utf-8", "replace")
    return pdf_tekst(sti) + "\n" + tekst if sti.suffix == ".pdf" else tekst


def _spor(filer: list[Path], rod: Path) -> list[str]:
    """Every file that names a respondent of the export or quotes a comment."""
    return [f"{sti.relative_to(rod)}: {hvad}" for sti in filer if sti.is_file()
            for tekst in (_tekst(sti),) for hvad in (ID, KOMMENTAR) if hvad in tekst]


def test_the_confidential_file_holds_the_rows_searched_for(flow):
    tekst = (flow / "data" / "fortroligt" / "besvarelser.csv").read_text(encoding="utf-8")
    assert tekst.count(ID) == 176 and KOMMENTAR in tekst


def test_the_preview_refuses_answers_copied_into_a_tracked_file_while_it_runs(flow):
    fejl = (flow.parent / "preview-fejl.txt").read_text(encoding="utf-8")
    assert fejl.startswith("data/besvarelser.csv: git tracks this file, and it holds answers that are not the "
                           "reconstructed rows")


def test_the_saved_rounds_answers_are_in_the_confidential_folder_only(flow):
    tekst = (flow / "data" / "fortroligt" / "runder" / "2025" / "besvarelser.csv").read_text(encoding="utf-8")
    assert tekst.count(ID) == 176 and KOMMENTAR in tekst
    assert (flow / "data" / "runder" / "2025" / "tal.json").is_file()


def test_the_sheets_compare_with_the_saved_round(flow):
    assert "Udvikling siden 2025" in (flow / "_site" / "reports" / "reumatologi.html").read_text(encoding="utf-8")


def test_the_site_was_built_from_the_real_answers(flow):
    assert "Udkast – rekonstruerede data" not in (flow / "_site" / "index.html").read_text(encoding="utf-8")


def test_the_release_wrote_its_records_for_every_sheet(flow):
    mappe = flow / "data" / "udgivelser" / "2026-12"
    assert (mappe / "udgivelse.toml").is_file() and len(list(mappe.glob("*-tal.json"))) == 5


def test_git_status_shows_only_the_datakilde_line_the_pages_titles_and_the_new_release(flow):
    # The specialty pages lose "Udkast:" from their title and author (klynge pages): no answer.
    sider = [f" M reports/{slug}.qmd" for slug in
             ("anaestesiologi", "gynaekologi", "neurologi", "paediatri", "reumatologi")]
    assert sorted(git(flow, "status", "--porcelain").stdout.splitlines()) == sorted(
        [" M data/indstillinger.toml", *sider, "?? data/runder/", "?? data/udgivelser/"])
    assert "Udkast" not in (flow / "reports" / "neurologi.qmd").read_text(encoding="utf-8")
    diff = git(flow, "diff", "-U0", "data/indstillinger.toml").stdout
    assert [l for l in diff.splitlines() if l[:1] in "+-" and l[:3] not in ("+++", "---")] == [
        '-indsamlet = "september 2025"', '+indsamlet = "september 2027"',
        '-datakilde = "rekonstrueret"', '+datakilde = "undersoegelse"']


def test_no_file_git_tracks_or_would_commit_holds_an_answer(flow):
    navne = git(flow, "ls-files", "--cached", "--others", "--exclude-standard").stdout.splitlines()
    assert len(navne) > 20
    assert _spor([flow / n for n in navne], flow) == []


def test_no_published_file_holds_an_answer(flow):
    filer = sorted((flow / "_site").rglob("*"))
    assert any(f.suffix == ".pdf" for f in filer) and any(f.suffix == ".csv" for f in filer)
    assert _spor(filer, flow) == []


def test_the_build_cache_and_the_preview_hold_no_answer(flow):
    filer = sorted((flow / ".klynge-cache").rglob("*"))
    assert filer
    assert _spor(filer, flow) == []


def test_nothing_outside_the_confidential_folder_holds_an_answer(flow):
    fortrolig = flow / "data" / "fortroligt"
    filer = [f for f in sorted(flow.rglob("*")) if ".git" not in f.relative_to(flow).parts
             and fortrolig not in f.parents]
    assert _spor(filer, flow) == []
