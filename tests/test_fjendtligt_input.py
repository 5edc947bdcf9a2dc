"""Hostile or odd text in the data files and codebook: it stays text wherever it lands (HTML,
Markdown, Typst, chart labels, CSV downloads), and what cannot be a valid name (a line break,
a NUL byte, a control character) is refused by `klynge check` with one line naming the place."""

from __future__ import annotations

import csv
from pathlib import Path

import pypandoc
import pytest

from klynge.ark import faktaark as fa
from klynge.ark.oversigt import fundliste, revisionstabel, specialetabel
from klynge.ark.revision import revider
from klynge.data.indlaes import indlaes
from klynge.data.publiceret import laes_publicerede
from klynge.fejl import DataFejl

ANGREB = "Reuma<img src=x onerror=alert(1)> *stjerner* $x$ `kode` @ref [kilde](../data/besvarelser.csv) \\ \"q\""


def _omskriv(sti: Path, fra: str, til: str) -> None:
    with sti.open(encoding="utf-8", newline="") as f:
        raekker = list(csv.reader(f))
    with sti.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([[til if c == fra else c for c in r] for r in raekker])


def _omdoeb_klynge(data: Path, fra: str, til: str) -> None:
    for navn in ("klynger.csv", "besvarelser.csv", "publicerede_tal.csv"):
        _omskriv(data / navn, fra, til)


def _html(markdown: str) -> str:
    return pypandoc.convert_text(markdown, "html", format="markdown", extra_args=["--wrap=none"])


def test_a_specialty_name_with_html_and_markdown_stays_text_on_the_front_page(datakopi):
    _omskriv(datakopi / "specialer.csv", "Reumatologi", ANGREB)
    html = _html(specialetabel(indlaes(datakopi)))
    assert "<img" not in html and "<em>stjerner" not in html and "<code>" not in html
    assert 'href="../data/besvarelser.csv"' not in html
    assert "Reuma&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_cluster_name_with_html_stays_text_on_the_audit_page(datakopi):
    _omdoeb_klynge(datakopi, "Reuma – Sjælland", "Sjæl<img src=x onerror=alert(2)>land")
    u = indlaes(datakopi)
    html = _html(revisionstabel(revider(u, laes_publicerede(datakopi / "publicerede_tal.csv"))))
    assert "<img" not in html
    assert "Sjæl&lt;img src=x onerror=alert(2)&gt;land" in html


def test_an_audit_quote_with_html_stays_text_in_the_list_of_findings(datakopi, undersoegelse):
    kontroller = revider(undersoegelse, laes_publicerede(datakopi / "publicerede_tal.csv"))
    med_fund = next(k for k in kontroller if k.forklaring)
    from dataclasses import replace
    html = _html(fundliste((replace(med_fund, citat="<img src=x onerror=alert(3)>"),),
                           {s.slug: s.navn for s in undersoegelse.specialer}))
    assert "<img" not in html and "&lt;img src=x onerror=alert(3)&gt;" in html


def test_a_line_break_in_a_long_text_does_not_break_the_table_row():
    from klynge.ark.revision import Kontrol

    tabel = revisionstabel((Kontrol("x", "Medlemmer i A\nB", "1", "1", "stemmer", "", "", "k:2"),))
    assert len(tabel.splitlines()) == 3


def test_a_question_text_with_html_stays_text_in_the_figure_caption(datakopi, tmp_path):
    _omskriv(datakopi / "spoergsmaal.csv",
             "I hvor høj grad vurderer du, at klyngearbejdet kan understøtte kvalitetsarbejdet i speciallægepraksis?",
             "Understøtter <img src=x onerror=alert(4)> [link](../data/besvarelser.csv)?")
    u = indlaes(datakopi)
    figur = fa.figur(fa.Faktaark(u, u.speciale("reumatologi")), "understoetter")
    assert "<img src=x" in figur.figurtekst, "the codebook change did not take"
    html = _html(figur.gem(tmp_path))
    assert "onerror=alert(4)>" not in html and 'href="../data' not in html
    assert "&lt;img src=x onerror=alert(4)&gt;" in html


def test_the_alt_text_keeps_quotes_and_backslashes_of_a_cluster_name(datakopi, tmp_path):
    _omdoeb_klynge(datakopi, "Reuma – Sjælland", 'Sjæl "q" \\ land')
    u = indlaes(datakopi)
    html = _html(fa.figur(fa.Faktaark(u, u.speciale("reumatologi")), "understoetter").gem(tmp_path))
    assert 'Sjæl &quot;q&quot; \\ land' in html


def test_a_cluster_name_with_dollar_signs_is_drawn_as_text_not_mathtext(datakopi, tmp_path):
    _omdoeb_klynge(datakopi, "Reuma – Sjælland", "Sjæl $\\foo{$ land")
    u = indlaes(datakopi)
    ark = fa.Faktaark(u, u.speciale("reumatologi"))
    markdown = fa.figur(ark, "understoetter").gem(tmp_path)
    assert (tmp_path / "understoetter.svg").stat().st_size > 0
    assert "understoetter.svg" in markdown


@pytest.mark.parametrize("navn", ["=HYPERLINK(\"http://x\")", "+1", "-1+2", "@SUM(A1)"])
def test_a_csv_download_neutralises_a_cell_that_a_spreadsheet_would_run(datakopi, tmp_path, monkeypatch, navn):
    _omdoeb_klynge(datakopi, "Reuma – Sjælland", navn)
    u = indlaes(datakopi)
    monkeypatch.chdir(tmp_path)
    fa.gem_tabeller(fa.Faktaark(u, u.speciale("reumatologi")))
    with open(tmp_path / "tabeller" / "reumatologi" / "reumatologi-klynger.csv", encoding="utf-8") as f:
        klynger = {r["klynge"] for r in csv.DictReader(f)}
    assert "'" + navn in klynger and navn not in klynger


def test_csv_counts_stay_whole_numbers_where_a_row_is_hidden(undersoegelse):
    df = fa.tabeller(fa.Faktaark(undersoegelse, undersoegelse.speciale("paediatri")))["klynger"]
    assert "15,22," in df.to_csv(index=False)


# --- what check refuses -----------------------------------------------------------------

def _problemer(data: Path) -> list[str]:
    with pytest.raises(DataFejl) as e:
        indlaes(data)
    return [str(p) for p in e.value.problemer]


def test_check_refuses_a_line_break_in_a_specialty_name(datakopi):
    _omskriv(datakopi / "specialer.csv", "Reumatologi", "Reuma\nline2")
    [problem] = _problemer(datakopi)
    assert problem == ("data/specialer.csv:3: column 'navn': 'Reuma\\nline2' contains a line break or "
                       "control character")
    assert "\n" not in problem


def test_check_refuses_a_nul_byte_in_a_cluster_name(datakopi):
    _omdoeb_klynge(datakopi, "Reuma – Sjælland", "Sjæl\x00land")
    problemer = _problemer(datakopi)
    assert "data/klynger.csv:8: column 'klynge': contains a NUL byte" in problemer


def test_check_refuses_a_nul_byte_in_a_comment(datakopi):
    sti = datakopi / "besvarelser.csv"
    with sti.open(encoding="utf-8", newline="") as f:
        raekker = list(csv.reader(f))
    raekker[1][raekker[0].index("kommentar")] = "hej\x00"
    with sti.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(raekker)
    assert _problemer(datakopi) == ["data/besvarelser.csv:2: column 'kommentar': contains a NUL byte"]


def test_check_refuses_a_population_of_zero(datakopi):
    _omskriv(datakopi / "specialer.csv", "52", "0")
    assert _problemer(datakopi) == [
        "data/specialer.csv:3: column 'population': '0' has the wrong form (expected a whole number of at least 1)"]


def test_render_on_bad_data_names_the_data_file_row_and_column_not_a_document_cell(tmp_path):
    import subprocess
    import sys

    from site_hjaelp import kopier_projekt

    projekt = kopier_projekt(tmp_path / "projekt")
    _omskriv(projekt / "data" / "besvarelser.csv", "Reuma – Sjælland", "Reuma – Ukendt")
    ud = subprocess.run([sys.executable, "-m", "klynge", "render", "--specialty", "reumatologi"], cwd=projekt,
                        capture_output=True, text=True)
    assert ud.returncode == 1
    linjer = ud.stderr.splitlines()
    assert linjer and all(l.startswith("error: data/besvarelser.csv:") for l in linjer), ud.stderr
    assert "column 'klynge': 'Reuma – Ukendt' is not a cluster of 'reumatologi'" in linjer[0]
    assert "Traceback" not in ud.stderr and "cell" not in ud.stderr


def test_a_utf16_file_is_named_as_utf16_not_as_latin1(datakopi):
    sti = datakopi / "klynger.csv"
    sti.write_bytes(sti.read_text(encoding="utf-8").encode("utf-16"))
    assert _problemer(datakopi) == ["data/klynger.csv:1: file is UTF-16 (a Unicode text export?); save it as UTF-8 CSV"]


def test_alt_text_ends_each_sentence_with_one_full_stop(undersoegelse):
    ark = fa.Faktaark(undersoegelse, undersoegelse.speciale("reumatologi"))
    for navn in fa.FIGURER:
        assert ".." not in fa.figur(ark, navn).alt, navn
