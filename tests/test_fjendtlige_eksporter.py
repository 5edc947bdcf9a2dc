"""Hostile survey exports (the probe of 2026-12-04): each is refused with one line naming the
file and the part or cell, without a traceback, within seconds, and data/ is left as it was.
Personal data and formulas inside kept free text are pointed out by cell."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import fjendtlige_eksporter as fe
from eksport_hjaelp import laes_besvarelser, skriv_csv, skriv_xlsx, tekster_og_svar
from klynge.data import eksport
from klynge.data.genkendelse import ligner_formel, persondata_i_tekst
from klynge.data.indlaes import indlaes

REPO = Path(__file__).resolve().parents[1]
U = indlaes(REPO / "data")
RAEKKER = laes_besvarelser(REPO / "data")


def indhold(mappe: Path) -> dict[str, bytes]:
    return {str(p.relative_to(mappe)): p.read_bytes() for p in sorted(mappe.rglob("*")) if p.is_file()}


def importer(eksport_sti: Path, datakopi: Path, *args: str) -> subprocess.CompletedProcess:
    # The timeout is a guard against a hang, not a measurement (README gives the measured times).
    return subprocess.run([sys.executable, "-m", "klynge", "import", eksport_sti.name, "--data", str(datakopi),
                           *args], cwd=eksport_sti.parent, capture_output=True, text=True, encoding="utf-8",
                          timeout=120)


def _raekker_ud_over_excel(sti: Path) -> Path:
    return fe.med_ark(sti, (fe._HOVED + '<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
                            '<row r="2000000"><c r="A2000000"><v>1</v></c></row></sheetData></worksheet>').encode())


def _kolonne_ud_over_graensen(sti: Path) -> Path:
    return fe.med_ark(sti, (fe._HOVED + '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="ZZZ1"><v>1</v></c>'
                            "</row></sheetData></worksheet>").encode())


def _lang_delt_streng(sti: Path) -> Path:
    kilde = fe.gyldig(sti.with_name("kilde.xlsx"))
    with zipfile.ZipFile(kilde) as ind, zipfile.ZipFile(sti, "w", zipfile.ZIP_DEFLATED) as ud:
        for d in ind.infolist():
            ud.writestr(d, ind.read(d.filename))
        ud.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                            b"<si><t>" + b"Fint " * 8000 + b"</t></si></sst>")
    return sti


FJENDTLIGE = [
    pytest.param(lambda s: fe.stor_celle(s, 60), "part 'xl/worksheets/sheet1.xml' unpacks to 60 MB", id="zip_bomb"),
    pytest.param(lambda s: fe.mange_smaa_raekker(s, 20_100), "more than 20000 rows with values", id="too_many_rows"),
    pytest.param(fe.xxe, "declares a DOCTYPE or entities", id="xxe"),
    pytest.param(fe.milliard_latter, "declares a DOCTYPE or entities", id="billion_laughs"),
    pytest.param(fe.afkortet, "part 'xl/worksheets/sheet1.xml' cannot be read", id="truncated_xml"),
    pytest.param(_kolonne_ud_over_graensen, "cell 'ZZZ1': a value in column 18278", id="column_beyond_the_limit"),
    pytest.param(_lang_delt_streng, "part 'xl/sharedStrings.xml' holds 40000 characters", id="cell_longer_than_excel"),
    pytest.param(_raekker_ud_over_excel, "has rows beyond Excel's last row", id="row_beyond_excel"),
]


@pytest.mark.parametrize("lav,ord", FJENDTLIGE)
def test_a_hostile_workbook_is_refused_in_one_line_and_data_is_untouched(datakopi, tmp_path, lav, ord):
    sti = lav(tmp_path / "fjendtlig.xlsx")
    foer = indhold(datakopi)
    r = importer(sti, datakopi)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Traceback" not in r.stderr
    linjer = r.stderr.strip().splitlines()
    assert len(linjer) == 1, r.stderr
    assert linjer[0].startswith("error: fjendtlig.xlsx: ") and ord in linjer[0], linjer[0]
    assert len(linjer[0]) < 400
    assert indhold(datakopi) == foer


def test_the_secret_an_external_entity_names_appears_nowhere(datakopi, tmp_path):
    hemmelig = tmp_path / "hemmelig.txt"
    hemmelig.write_text("HEMMELIGT-INDHOLD", encoding="utf-8")
    r = importer(fe.xxe(tmp_path / "x.xlsx", str(hemmelig)), datakopi, "--check")
    assert "HEMMELIGT" not in r.stdout + r.stderr


def test_a_csv_export_beyond_the_limits_is_refused_by_line(tmp_path):
    tabel = tekster_og_svar(U, RAEKKER)
    tabel[3][34] = "x" * 40_000
    with pytest.raises(eksport.DataFejl) as e:
        eksport.laes_eksport(skriv_csv(tmp_path / "e.csv", tabel, kodning="utf-8"))
    [problem] = e.value.problemer
    assert str(problem).startswith(f"{tmp_path / 'e.csv'}:4: field 35 holds 40000 characters")
    assert str(problem).endswith("'" + "x" * 59 + "…'")


def test_a_value_quoted_in_an_error_is_cut_to_60_characters(datakopi, tmp_path):
    tabel = tekster_og_svar(U, RAEKKER)
    tabel[4][9] = "Meget høj grad " + "y" * 20_000
    r = importer(skriv_xlsx(tmp_path / "e.xlsx", tabel), datakopi)
    [linje] = r.stderr.strip().splitlines()
    citeret = linje.split("…': ", 1)[1].split(" is not an answer")[0]
    assert len(citeret) == 62 and citeret.endswith("…'"), citeret


# --- personal data inside free text --------------------------------------------------------

@pytest.mark.parametrize("tekst,hvad", [
    ("Ring til mig, CPR 010180-1234", "CPR number"),
    ("CPR 0101801234 tak", "CPR number"),
    ("Skriv til laege.hansen@eksempel.dk, tak.", "e-mail"),
    ("Ring på 12 34 56 78 efter kl. 16", "phone number"),
    ("tlf. +45 12345678", "phone number"),
    ("Fra 192.168.10.7 virkede det ikke", "IP address"),
    ("Serveren 2001:db8::1 var nede", "IP address"),
    ("prøv fe80::1", "IP address"),
])
def test_personal_data_is_found_anywhere_in_a_comment(tekst, hvad):
    assert hvad in persondata_i_tekst(tekst)


@pytest.mark.parametrize("tekst", ["Møderne kl. 12:30:45 var gode", "Version 1.2.3.4.5", "år 2025",
                                   "ref 1234567890123", "350-400 kr.", "uge 12-14", "a@b"])
def test_ordinary_comments_are_not_taken_for_personal_data(tekst):
    assert persondata_i_tekst(tekst) == []


@pytest.mark.parametrize("tekst", ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(1)", "=HYPERLINK(\"x\")"])
def test_a_cell_a_spreadsheet_would_run_is_formula_like(tekst):
    assert ligner_formel(tekst)


def _med_kommentarer(tmp_path: Path, kommentarer: dict[int, str]) -> Path:
    tabel = tekster_og_svar(U, RAEKKER)
    for raekke, tekst in kommentarer.items():
        tabel[raekke][34] = tekst
    return skriv_xlsx(tmp_path / "e.xlsx", tabel)


def test_a_cpr_number_inside_a_comment_is_pointed_out_by_its_cell(datakopi, tmp_path):
    r = importer(_med_kommentarer(tmp_path, {2: "Ring til mig, CPR 010180-1234"}), datakopi, "--check")
    assert r.returncode == 0, r.stderr
    assert "1 answer looks like personal data: Ark1!AI3 (CPR number)" in r.stdout


def test_several_kinds_in_several_comments_are_each_pointed_out(datakopi, tmp_path):
    r = importer(_med_kommentarer(tmp_path, {2: "tlf 12345678 eller a@b.dk", 5: "fra 2001:db8::1"}), datakopi,
                 "--check")
    assert "2 answers look like personal data: Ark1!AI3 (e-mail, phone number), Ark1!AI6 (IP address)" in r.stdout


def test_a_formula_like_comment_is_pointed_out_by_its_line(datakopi, tmp_path):
    # A CSV file: openpyxl would write a workbook cell starting with "=" as a formula.
    tabel = tekster_og_svar(U, RAEKKER)
    tabel[3][34] = "=HYPERLINK(\"http://x\")"
    r = importer(skriv_csv(tmp_path / "e.csv", tabel), datakopi, "--check")
    assert "Warning: 1 cell starts with =, +, - or @" in r.stdout and "line 4, field 35 ('=HYPERLINK" in r.stdout


# --- encodings --------------------------------------------------------------------------------

def test_a_data_file_in_utf16_without_byte_order_mark_is_called_utf16(datakopi):
    from klynge.fejl import DataFejl

    sti = datakopi / "klynger.csv"
    sti.write_bytes(sti.read_text(encoding="utf-8").encode("utf-16-le"))
    with pytest.raises(DataFejl) as e:
        indlaes(datakopi)
    assert [str(p) for p in e.value.problemer] == [
        "data/klynger.csv:1: file is UTF-16 without a byte-order mark (a Unicode text export?); save it as UTF-8 CSV"]


@pytest.mark.parametrize("kodning", ["utf-16-le", "utf-16-be"])
def test_a_csv_export_in_utf16_without_byte_order_mark_is_read(tmp_path, kodning):
    tabel = eksport.laes_eksport(skriv_csv(tmp_path / "e.csv", tekster_og_svar(U, RAEKKER), kodning=kodning))
    assert tabel.beskrivelse.startswith("UTF-16 without byte-order mark")
    assert len(tabel.raekker) == len(RAEKKER) and "Pædiatri" in {r[1] for r in tabel.raekker}
