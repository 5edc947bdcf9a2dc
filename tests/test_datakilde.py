"""The data declare where the answers come from, and the draft mark follows: reconstructed
answers give every page a banner and every PDF page a mark; real answers give neither."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from klynge.ark import udkast
from klynge.data.datakilde import med_datakilde
from klynge.data.indlaes import indlaes

REPO = Path(__file__).resolve().parents[1]


def som_undersoegelse(data: Path) -> Path:
    """`datakilde = "undersoegelse"`, with the rows where real answers live: the confidential
    folder (data/fortroligt/besvarelser.csv). Returns that file."""
    sti = data / "indstillinger.toml"
    sti.write_text(sti.read_text(encoding="utf-8").replace('"rekonstrueret"', '"undersoegelse"'), encoding="utf-8")
    svar = data / "fortroligt" / "besvarelser.csv"
    svar.parent.mkdir()
    svar.write_bytes((data / "besvarelser.csv").read_bytes())
    return svar


def test_committed_data_declare_themselves_reconstructed(undersoegelse):
    assert undersoegelse.indstillinger.datakilde == "rekonstrueret"


def test_setting_the_provenance_keeps_every_other_line():
    foer = '# comment\nudgivet = "x"\ndatakilde = "undersoegelse"\n\n[ordvalg]\npaa_niveau = 3\n'
    assert med_datakilde(foer, "rekonstrueret") == foer.replace('"undersoegelse"', '"rekonstrueret"')


def test_a_missing_provenance_line_is_added_before_the_first_table():
    ud = med_datakilde('udgivet = "x"\n\n[ordvalg]\n', "rekonstrueret")
    assert ud.index('datakilde = "rekonstrueret"') < ud.index("[ordvalg]")


def test_generer_declares_the_data_reconstructed(datakopi):
    sti = datakopi / "indstillinger.toml"
    sti.write_text(sti.read_text(encoding="utf-8").replace('datakilde = "rekonstrueret"', 'datakilde = "undersoegelse"'),
                   encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "klynge", "generate", "--data", str(datakopi)], cwd=REPO,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert indlaes(datakopi).indstillinger.datakilde == "rekonstrueret"


def test_an_unknown_provenance_is_refused_with_one_line(datakopi):
    sti = datakopi / "indstillinger.toml"
    sti.write_text(sti.read_text(encoding="utf-8").replace('"rekonstrueret"', '"måske"'), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "klynge", "check", "--data", str(datakopi)], cwd=REPO,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert "error: data/indstillinger.toml: key 'datakilde': must be 'rekonstrueret', 'undersoegelse' or 'demonstration'" in r.stderr


def test_reconstructed_data_give_a_banner_and_a_pdf_mark(undersoegelse):
    md = udkast.markering(undersoegelse.indstillinger)
    assert "**UDKAST** – bygger på rekonstruerede svar." in md and "<klynge-udkast>" in md


def test_real_data_give_no_mark(datakopi):
    som_undersoegelse(datakopi)
    assert udkast.markering(indlaes(datakopi).indstillinger) == ""


def test_check_refuses_reconstructed_answers_declared_as_a_survey_export(datakopi):
    som_undersoegelse(datakopi)
    r = subprocess.run([sys.executable, "-m", "klynge", "check", "--data", str(datakopi)], cwd=REPO,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1
    assert ("error: data/indstillinger.toml: key 'datakilde': says 'undersoegelse', but "
            "data/fortroligt/besvarelser.csv is exactly what `klynge generate` makes") in r.stderr


def test_check_accepts_changed_answers_declared_as_a_survey_export(datakopi):
    svar = som_undersoegelse(datakopi)
    linjer = svar.read_text(encoding="utf-8").splitlines(keepends=True)
    svar.write_text("".join(linjer[:1] + linjer[2:]), encoding="utf-8")  # one respondent fewer
    r = subprocess.run([sys.executable, "-m", "klynge", "check", "--data", str(datakopi)], cwd=REPO,
                       capture_output=True, text=True, timeout=300)
    assert "datakilde" not in r.stderr
    assert "answers: a survey export" in r.stdout
