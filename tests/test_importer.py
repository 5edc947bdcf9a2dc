"""`klynge import`: a survey export in any of the shapes survey tools write gives back
data/besvarelser.csv byte for byte; personal data never get written; a bad export gets one
plain line per problem naming its cell, and data/ is left as it was."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from msoffcrypto.format.ooxml import OOXMLFile
import pytest

from eksport_hjaelp import (EMAIL, laes_besvarelser, med_persondata, qualtrics, skriv_csv, skriv_xlsx,
                            tekster_og_svar, variabler_og_koder)
from klynge.ark.faktaark import Faktaark, tabeller
from klynge.data.genkendelse import MAKS_LAENGDE, Navneregister
from klynge.data.indlaes import Eksportnavne, indlaes
from klynge.data.skema import Skala, Spoergeskema, Spoergsmaal

REPO = Path(__file__).resolve().parents[1]
U = indlaes(REPO / "data")
RAEKKER = laes_besvarelser(REPO / "data")
IP = re.compile(r"\b10\.0\.[0-9]+\.[0-9]+\b")


def klynge(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "klynge", *args], cwd=REPO, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def indhold(mappe: Path) -> dict[str, bytes]:
    return {str(p.relative_to(mappe)): p.read_bytes() for p in sorted(mappe.rglob("*")) if p.is_file()}


FORMER = {
    "texts_and_labels_xlsx": lambda d: skriv_xlsx(d / "eksport.xlsx", tekster_og_svar(U, RAEKKER)),
    "variable_names_and_codes_xlsx": lambda d: skriv_xlsx(d / "eksport.xlsx", variabler_og_koder(U, RAEKKER), "Data"),
    "texts_and_labels_semicolon_windows1252_csv": lambda d: skriv_csv(d / "eksport.csv", tekster_og_svar(U, RAEKKER)),
    "variable_names_and_codes_tab_utf8_bom_csv": lambda d: skriv_csv(
        d / "eksport.csv", variabler_og_koder(U, RAEKKER), sep="\t", kodning="utf-8-sig"),
    "with_email_ip_timestamps_and_free_text_xlsx": lambda d: skriv_xlsx(
        d / "eksport.xlsx", med_persondata(tekster_og_svar(U, RAEKKER))),
    "qualtrics_three_header_rows_utf8_bom_csv": lambda d: skriv_csv(
        d / "eksport.csv", qualtrics(U, RAEKKER), sep=",", kodning="utf-8-sig"),
}


def skrevet(datakopi: Path) -> Path:
    """Where the importer writes: the confidential folder (data/fortroligt/), not a tracked file."""
    return datakopi / "fortroligt" / "besvarelser.csv"


def _importer(datakopi: Path, eksport: Path, *args: str) -> subprocess.CompletedProcess:
    return klynge("import", str(eksport), "--data", str(datakopi), *args)


@pytest.mark.parametrize("form", FORMER)
def test_importing_an_export_gives_back_besvarelser_byte_for_byte(datakopi, tmp_path, form):
    r = _importer(datakopi, FORMER[form](tmp_path))
    assert r.returncode == 0, r.stderr
    assert skrevet(datakopi).read_bytes() == (REPO / "data" / "besvarelser.csv").read_bytes()


def test_import_runs_the_same_validation_as_check(datakopi, tmp_path):
    r = _importer(datakopi, FORMER["variable_names_and_codes_xlsx"](tmp_path))
    assert "0 differ from the data" in r.stdout
    assert "Data in " in r.stdout and "are valid: 176 respondents" in r.stdout


def test_imported_codes_give_every_sheet_the_same_figures(datakopi, tmp_path):
    _importer(datakopi, FORMER["variable_names_and_codes_xlsx"](tmp_path))
    ny = indlaes(datakopi, skrevet(datakopi))
    for sp in U.specialer:
        foer, efter = tabeller(Faktaark(U, sp, {})), tabeller(Faktaark(ny, ny.speciale(sp.slug), {}))
        for navn in foer:
            assert foer[navn].equals(efter[navn]), f"{sp.slug}: {navn}"


def test_summary_states_respondents_per_specialty_and_recoded_answers(datakopi, tmp_path):
    r = _importer(datakopi, FORMER["variable_names_and_codes_xlsx"](tmp_path))
    assert "176 respondents" in r.stdout
    assert "neurologi 24, reumatologi 48, paediatri 22, gynaekologi 62, anaestesiologi 20" in r.stdout
    assert re.search(r"[1-9][0-9]* recoded from numeric codes", r.stdout)


def test_personal_data_columns_are_dropped_and_called_out(datakopi, tmp_path):
    r = _importer(datakopi, FORMER["with_email_ip_timestamps_and_free_text_xlsx"](tmp_path))
    assert "'E-mail'  <- personal data (e-mail)" in r.stdout
    assert "'IP-adresse'  <- personal data (IP address)" in r.stdout
    assert "'Navn'  <- personal data (name)" in r.stdout
    assert "'Startet'" in r.stdout and "'Andet – uddyb venligst'" in r.stdout


def test_qualtrics_metadata_columns_are_dropped_and_its_response_ids_kept(datakopi, tmp_path):
    r = _importer(datakopi, FORMER["qualtrics_three_header_rows_utf8_bom_csv"](tmp_path))
    assert "3 header rows (Qualtrics)" in r.stdout
    assert "'IPAddress / IP Address'  <- personal data (IP address)" in r.stdout
    assert "'RecipientEmail / Recipient Email'  <- personal data (e-mail)" in r.stdout
    assert "kept from the export's 'ResponseId'" in r.stdout


def test_an_email_respondent_id_is_replaced_by_numbered_ids(datakopi, tmp_path):
    r = _importer(datakopi, FORMER["with_email_ip_timestamps_and_free_text_xlsx"](tmp_path))
    assert "assigned R0001–R0176" in r.stdout
    assert "looks like personal data (e-mail)" in r.stdout


def test_no_email_or_ip_address_reaches_data_or_output(datakopi, tmp_path):
    r = _importer(datakopi, FORMER["with_email_ip_timestamps_and_free_text_xlsx"](tmp_path))
    assert r.returncode == 0, r.stderr
    for navn, data in indhold(datakopi).items():
        tekst = data.decode("utf-8", errors="replace")
        assert EMAIL not in tekst and not IP.search(tekst), navn
    assert EMAIL not in r.stdout and not IP.search(r.stdout)


def test_no_email_or_ip_address_reaches_the_rendered_site(tmp_path):
    from site_hjaelp import kopier_projekt

    projekt = kopier_projekt(tmp_path / "projekt")
    eksport = FORMER["with_email_ip_timestamps_and_free_text_xlsx"](tmp_path)
    assert klynge("import", str(eksport), "--data", str(projekt / "data")).returncode == 0
    r = subprocess.run([sys.executable, "-m", "klynge", "render", "--project", str(projekt)], capture_output=True,
                       text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    filer = indhold(projekt / "_site")
    assert any(n.endswith(".pdf") for n in filer)
    for navn, data in filer.items():
        tekst = data.decode("latin-1")
        assert EMAIL not in tekst and not IP.search(tekst), navn


def test_kontroller_reports_and_writes_nothing(datakopi, tmp_path):
    foer = indhold(datakopi)
    r = klynge("import", str(FORMER["texts_and_labels_xlsx"](tmp_path)), "--data", str(datakopi), "--check")
    assert r.returncode == 0, r.stderr
    assert "was not written" in r.stdout
    assert indhold(datakopi) == foer


# --- bad exports: one line each, data/ untouched ------------------------------------------

def _med(tabel: list[list], raekke: int, kolonne: int, vaerdi) -> list[list]:
    tabel[raekke][kolonne] = vaerdi
    return tabel


def _ukendt_svar(d: Path) -> tuple[Path, tuple]:
    # Row 5 in Excel is the 4th respondent; column J is understoetter.
    return skriv_xlsx(d / "e.xlsx", _med(tekster_og_svar(U, RAEKKER), 4, 9, "Meget høj grad")), ()


def _kode_uden_for_skalaen(d: Path) -> tuple[Path, tuple]:
    return skriv_xlsx(d / "e.xlsx", _med(variabler_og_koder(U, RAEKKER), 16, 8, 7)), ()  # I17: understoetter


def _ukendt_svar_csv(d: Path) -> tuple[Path, tuple]:
    return skriv_csv(d / "e.csv", _med(tekster_og_svar(U, RAEKKER), 4, 9, "Meget høj grad")), ()


def _ukendt_speciale(d: Path) -> tuple[Path, tuple]:
    return skriv_xlsx(d / "e.xlsx", _med(tekster_og_svar(U, RAEKKER), 3, 1, "Neurolgi")), ()


def _manglende_kolonne(d: Path) -> tuple[Path, tuple]:
    return skriv_xlsx(d / "e.xlsx", [r[:9] + r[10:] for r in tekster_og_svar(U, RAEKKER)]), ()


def _to_kolonner_til_et_spoergsmaal(d: Path) -> tuple[Path, tuple]:
    return skriv_xlsx(d / "e.xlsx", [r + [r[9]] for r in tekster_og_svar(U, RAEKKER)]), ()  # J again as AJ


def _tomt_ark(d: Path) -> tuple[Path, tuple]:
    return skriv_xlsx(d / "e.xlsx", []), ()


def _ark_findes_ikke(d: Path) -> tuple[Path, tuple]:
    return skriv_xlsx(d / "e.xlsx", tekster_og_svar(U, RAEKKER)), ("--sheet", "Data")


def _adgangskode(d: Path) -> tuple[Path, tuple]:
    aaben = skriv_xlsx(d / "aaben.xlsx", tekster_og_svar(U, RAEKKER))
    ud = io.BytesIO()
    with aaben.open("rb") as f:
        fil = OOXMLFile(f)
        fil.encrypt("hemmelig", ud)
    (d / "e.xlsx").write_bytes(ud.getvalue())
    return d / "e.xlsx", ()


def _oedelagt(d: Path) -> tuple[Path, tuple]:
    hel = skriv_xlsx(d / "hel.xlsx", tekster_og_svar(U, RAEKKER)).read_bytes()
    (d / "e.xlsx").write_bytes(hel[: len(hel) // 2])
    return d / "e.xlsx", ()


DAARLIGE = [
    pytest.param(_ukendt_svar, "e.xlsx: Ark1!J5: column 'I hvor høj grad", "'Meget høj grad' is not an answer",
                 id="unknown_label"),
    pytest.param(_kode_uden_for_skalaen, "e.xlsx: Ark1!I17: column 's_5':", "'7' is not an answer",
                 id="code_outside_the_scale"),
    pytest.param(_ukendt_svar_csv, "e.csv:5: column 'I hvor høj grad", "'Meget høj grad' is not an answer",
                 id="unknown_label_in_csv"),
    pytest.param(_ukendt_speciale, "e.xlsx: Ark1!B4: column 'Speciale':", "'Neurolgi' is not a specialty",
                 id="unknown_specialty"),
    pytest.param(_manglende_kolonne, "e.xlsx: sheet 'Ark1':", "required column 'understoetter' is missing",
                 id="missing_required_column"),
    pytest.param(_to_kolonner_til_et_spoergsmaal, "e.xlsx: Ark1!AJ1: column 'I hvor høj grad",
                 "maps to 'understoetter' like Ark1!J1", id="two_columns_for_one_question"),
    pytest.param(_tomt_ark, "e.xlsx: sheet 'Ark1':", "is empty", id="empty_sheet"),
    pytest.param(_ark_findes_ikke, "e.xlsx:", "has no sheet 'Data' (its sheets: 'Ark1')", id="no_such_sheet"),
    pytest.param(_adgangskode, "e.xlsx:", "password-protected", id="password_protected_xlsx"),
    pytest.param(_oedelagt, "e.xlsx:", "not a readable .xlsx", id="corrupt_xlsx"),
]


@pytest.mark.parametrize("lav,sted,ord", DAARLIGE)
def test_a_bad_export_gets_one_plain_line_and_leaves_data_untouched(datakopi, tmp_path, lav, sted, ord):
    eksport, args = lav(tmp_path)
    foer = indhold(datakopi)
    r = subprocess.run([sys.executable, "-m", "klynge", "import", eksport.name, "--data", str(datakopi), *args],
                       cwd=tmp_path, capture_output=True, text=True, encoding="utf-8", timeout=120)

    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    linjer = r.stderr.strip().splitlines()
    assert len(linjer) == 1, r.stderr
    assert linjer[0].startswith(f"error: {sted}") and ord in linjer[0], linjer[0]
    assert indhold(datakopi) == foer


def test_every_problem_in_an_export_is_listed_at_once(datakopi, tmp_path):
    tabel = _med(_med(tekster_og_svar(U, RAEKKER), 4, 9, "Meget høj grad"), 6, 2, "Neurologi – Nord")
    r = klynge("import", str(skriv_xlsx(tmp_path / "e.xlsx", tabel)), "--data", str(datakopi))
    assert r.returncode == 1
    assert "Ark1!J5:" in r.stderr and "Ark1!C7:" in r.stderr


# --- recognising column names -----------------------------------------------------------

def _register(tekst: str, punkt: str = "", kort: str = "Kort") -> Navneregister:
    skala = Skala("ja_nej", ("Ja", "Nej"), ("positiv", "negativ"), ("1", "2"))
    return Navneregister(Spoergeskema((Spoergsmaal("spm", "g", tekst, punkt, kort, skala, "", "q12"),)), Eksportnavne())


@pytest.mark.parametrize("overskrift", [
    "Har du indført forbedringer?", "har du indført forbedringer ", "Har du indført forbedringer:",
    "Har\u00a0du indført  forbedringer?", "Q12",
])
def test_a_question_is_recognised_despite_what_exports_do_to_its_text(overskrift):
    assert {g.kolonne for g in _register("Har du indført forbedringer?").genkend(overskrift)} == {"spm"}


def test_curly_quotes_match_straight_ones():
    register = _register('Hvad betyder "klynge" for dig?')
    assert {g.kolonne for g in register.genkend("Hvad betyder “klynge” for dig")} == {"spm"}


@pytest.mark.parametrize("overskrift", [
    "Hvordan vurderer du? - Jeg deler data", "Hvordan vurderer du? – Jeg deler data",
    "Hvordan vurderer du?: Jeg deler data", "Hvordan vurderer du? [Jeg deler data]",
    "Hvordan vurderer du?\u00a0-\u00a0Jeg deler data ", "hvordan vurderer du - deler egne data",
])
def test_a_battery_item_is_recognised_by_question_and_statement(overskrift):
    register = _register("Hvordan vurderer du?", punkt="deler egne data", kort="Jeg deler data")
    assert {g.kolonne for g in register.genkend(overskrift)} == {"spm"}


def test_a_header_cut_at_the_maximum_length_is_recognised():
    tekst = "Hvor enig er du i, at " + "klyngemøderne er gode og " * 12 + "nyttige for din praksis?"
    assert len(tekst) > MAKS_LAENGDE
    assert {g.kolonne for g in _register(tekst).genkend(tekst[:MAKS_LAENGDE])} == {"spm"}


def test_a_short_beginning_of_a_question_is_not_taken_for_it():
    assert _register("Har du indført forbedringer i din klinik?").genkend("Har du indført") == set()


def test_an_email_address_in_a_kept_comment_is_pointed_out(datakopi, tmp_path):
    tabel = _med(tekster_og_svar(U, RAEKKER), 2, 34, "Ring eller skriv til mig: laege@eksempel.dk")
    r = klynge("import", str(skriv_xlsx(tmp_path / "e.xlsx", tabel)), "--data", str(datakopi), "--check")
    assert r.returncode == 0, r.stderr
    assert "Warning: free text 'kommentar' is kept" in r.stdout and "Ark1!AI3 (e-mail)" in r.stdout


def test_one_cluster_question_per_specialty_is_read_from_the_column_answered(datakopi, tmp_path):
    # A tool that branches on the specialty exports one cluster column per specialty.
    sti = datakopi / "indstillinger.toml"
    slugs = [s.slug for s in U.specialer]
    navne = ", ".join(f'"Klynge ({slug})"' for slug in slugs)
    sti.write_text(sti.read_text(encoding="utf-8").replace('klynge = ["Klynge", "s_2"]', f"klynge = [{navne}]"),
                   encoding="utf-8")
    tabel = tekster_og_svar(U, RAEKKER)
    ud = [tabel[0][:2] + [f"Klynge ({slug})" for slug in slugs] + tabel[0][3:]]
    for r, raekke in zip(RAEKKER, tabel[1:]):
        ud.append(raekke[:2] + [raekke[2] if slug == r["speciale"] else "" for slug in slugs] + raekke[3:])
    r = _importer(datakopi, skriv_xlsx(tmp_path / "e.xlsx", ud))
    assert r.returncode == 0, r.stderr
    assert skrevet(datakopi).read_bytes() == (REPO / "data" / "besvarelser.csv").read_bytes()


def test_two_answered_cluster_columns_in_one_row_are_refused(datakopi, tmp_path):
    sti = datakopi / "indstillinger.toml"
    sti.write_text(sti.read_text(encoding="utf-8").replace('klynge = ["Klynge", "s_2"]', 'klynge = ["Klynge", "Klynge 2"]'),
                   encoding="utf-8")
    tabel = [r + [r[2]] for r in tekster_og_svar(U, RAEKKER)]
    tabel[0][-1] = "Klynge 2"
    for r in tabel[2:]:
        r[-1] = ""
    r = klynge("import", str(skriv_xlsx(tmp_path / "e.xlsx", tabel)), "--data", str(datakopi))
    assert r.returncode == 1
    linjer = r.stderr.strip().splitlines()
    assert len(linjer) == 1, r.stderr
    assert linjer[0].endswith("e.xlsx: Ark1!AJ2: column 'Klynge 2': 'Neurologi – Hovedstad' is a second cluster "
                              "(also Ark1!C2); expected one cluster per respondent"), linjer[0]


def test_a_file_in_our_own_layout_imports_as_it_is(datakopi):
    # What the README used to ask for by hand still works: besvarelser.csv itself is an export.
    r = _importer(datakopi, REPO / "data" / "besvarelser.csv")
    assert r.returncode == 0, r.stderr
    assert "35 by column name" in r.stdout
    assert skrevet(datakopi).read_bytes() == (REPO / "data" / "besvarelser.csv").read_bytes()
