"""A constructed demonstration round (`klynge generate --demo-round`) is never read as the survey's
answers: following the README's steps ("En ny runde", "Trying it") it is imported with
`datakilde = "demonstration"`, and its sheets are drafts like the reconstructed ones, with the
banner, the draft author and the mark † on every figure computed from the answers."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest

from klynge.ark import faktaark
from klynge.ark.tal import MAERKE
from klynge.cli import main
from klynge.data.fortrolig import DEMONSTRATION_FORFATTER
from klynge.data.indlaes import indlaes
from klynge.data.runder import laes_runde
from klynge.udgivelse import talregister
from site_hjaelp import html_tekst, kopier_projekt, pdf_sider
from test_proveniens import IKKE_SVAR, spans

SLUG = "reumatologi"
BANNER = "UDKAST – bygger på en konstrueret demonstrationsrunde og er ikke et resultat af nogen undersøgelse."


def _saet(data: Path, noegle: str, vaerdi: str) -> None:
    sti = data / "indstillinger.toml"
    sti.write_text(re.sub(rf'^{noegle} = .*$', f'{noegle} = "{vaerdi}"', sti.read_text(encoding="utf-8"),
                          count=1, flags=re.MULTILINE), encoding="utf-8")


def _datakilde(data: Path) -> str:
    return re.search(r'^datakilde = "(.*)"$', (data / "indstillinger.toml").read_text(encoding="utf-8"),
                     re.MULTILINE).group(1)


def readmes_demonstration(data: Path, eksport: Path) -> None:
    """README "En ny runde", "Trying it": keep the round, make the demonstration round, set when
    it was collected, import it."""
    assert main(["round", "save", "2025", "--data", str(data)]) == 0
    assert main(["generate", "--demo-round", str(eksport), "--data", str(data)]) == 0
    _saet(data, "indsamlet", "september 2027")
    assert main(["import", str(eksport), "--data", str(data)]) == 0


@pytest.fixture
def demo(tmp_path: Path, capsys) -> Path:
    """A copy of data/ after the README's demonstration steps."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", data)
    readmes_demonstration(data, tmp_path / "runde-2027.csv")
    capsys.readouterr()
    return data


@pytest.fixture(scope="module", params=["klynge", pytest.param("quarto", marks=pytest.mark.quarto)])
def demo_site(request, tmp_path_factory) -> Path:
    """reumatologi's sheet after the README's demonstration steps, rendered by the built-in
    engine and by Quarto (`quarto render reports/reumatologi.qmd`)."""
    from klynge.byg.bygning import byg_med_motor

    mappe = tmp_path_factory.mktemp(f"demo-{request.param}")
    projekt = kopier_projekt(mappe / "projekt")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("KLYNGE_FORTROLIGE_DATA", raising=False)
        mp.setenv("SOURCE_DATE_EPOCH", "1765065600")
        readmes_demonstration(projekt / "data", mappe / "runde-2027.csv")
        if request.param == "quarto":
            from conftest import QuartoKoersel

            return QuartoKoersel(projekt, f"reports/{SLUG}.qmd").vent()
        byg_med_motor(projekt, {SLUG}, progress=lambda _: None)
    return projekt / "_site"


# ---- the path an analyst follows ---------------------------------------------------------------

def test_the_demonstration_rounds_respondent_ids_carry_the_demo_mark(tmp_path: Path):
    eksport = tmp_path / "runde.csv"
    assert main(["generate", "--demo-round", str(eksport), "--data", str(Path(__file__).parents[1] / "data")]) == 0
    with eksport.open(encoding="utf-8") as f:
        assert {r["respondent_id"][:5] for r in csv.DictReader(f)} == {"DEMO-"}


def test_importing_the_demonstration_round_sets_datakilde_demonstration(demo: Path):
    assert _datakilde(demo) == "demonstration"


def test_following_the_readmes_demonstration_steps_never_yields_an_unmarked_sheet(demo: Path):
    from klynge.ark import udkast
    from klynge.byg.sider import udkast_og_forfatter

    assert BANNER in udkast.markering(indlaes(demo).indstillinger)
    assert udkast_og_forfatter(demo) == (True, DEMONSTRATION_FORFATTER)


def test_the_imported_demonstration_round_is_read_from_the_confidential_folder(demo: Path):
    u = indlaes(demo)
    assert u.besvarelser["respondent_id"].str.startswith("DEMO-").all()


def test_checking_a_demonstration_export_writes_neither_answers_nor_settings(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parents[1] / "data", data)
    assert main(["generate", "--demo-round", str(tmp_path / "r.csv"), "--data", str(data)]) == 0
    foer = (data / "indstillinger.toml").read_text(encoding="utf-8")
    assert main(["import", str(tmp_path / "r.csv"), "--check", "--data", str(data)]) == 0
    assert (data / "indstillinger.toml").read_text(encoding="utf-8") == foer
    assert not (data / "fortroligt" / "besvarelser.csv").exists()


def test_demonstration_answers_read_as_the_surveys_own_stop_check_with_one_line(demo: Path, capsys):
    _saet(demo, "datakilde", "undersoegelse")
    assert main(["check", "--data", str(demo)]) == 1
    fejl = capsys.readouterr().err.strip().splitlines()
    assert len(fejl) == 1 and "constructed demonstration round" in fejl[0] and 'datakilde = "demonstration"' in fejl[0]


def test_demonstration_answers_imported_under_undersoegelse_are_still_marked_as_a_demonstration(
        tmp_path: Path, capsys):
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parents[1] / "data", data)
    assert main(["generate", "--demo-round", str(tmp_path / "r.csv"), "--data", str(data)]) == 0
    _saet(data, "datakilde", "undersoegelse")
    assert main(["import", str(tmp_path / "r.csv"), "--data", str(data)]) == 0
    assert _datakilde(data) == "demonstration"


def test_a_demonstration_round_is_not_released_without_draft(demo: Path, capsys):
    (demo.parent / "_quarto.yml").write_text("project:\n  type: website\n", encoding="utf-8")
    assert main(["release", "2027-12", "--no-render", "--project", str(demo.parent)]) == 1
    fejl = capsys.readouterr().err
    assert "constructed demonstration round" in fejl and "--draft" in fejl
    assert not (demo / "udgivelser" / "2027-12").exists()


def test_a_demonstration_round_released_as_a_draft_records_its_data_source(demo: Path, capsys):
    (demo.parent / "_quarto.yml").write_text("project:\n  type: website\n", encoding="utf-8")
    assert main(["release", "2027-12", "--draft", "--no-render", "--project", str(demo.parent)]) == 0
    assert 'datakilde = "demonstration"' in (demo / "udgivelser" / "2027-12" / "udgivelse.toml").read_text(
        encoding="utf-8")


def test_a_saved_demonstration_round_marks_every_figure_of_it(demo: Path, capsys):
    assert main(["round", "save", "2027", "--data", str(demo)]) == 0
    runde = laes_runde(demo, "2027")
    assert runde.udkast and runde.demonstration


# ---- the sheet ------------------------------------------------------------------------------------

def test_every_answer_derived_figure_of_a_demonstration_sheet_is_recorded_as_constructed(demo: Path):
    ark = faktaark.lav(SLUG, demo.parent)
    tal = talregister.optegnelse(ark, demo)["tal"]
    umaerkede = [t["id"] for t in tal if t["vist"] and not t["konstrueret"] and not IKKE_SVAR.match(t["id"])
                 and not t["id"].startswith("tal-udvikling-foer-")]
    assert umaerkede == []


def test_the_demonstration_sheet_says_in_om_tallene_that_its_round_is_constructed(demo: Path):
    ark = faktaark.lav(SLUG, demo.parent)
    assert "konstrueret demonstrationsrunde – ikke et resultat af nogen undersøgelse" in ark.om_tallene
    assert "rekonstrueret ud fra eKVIS" not in ark.om_tallene


def test_the_demonstration_sheet_does_not_say_that_ekvis_ran_a_survey_in_its_invented_month(demo_site: Path):
    tekst = html_tekst(demo_site / "reports" / f"{SLUG}.html")
    assert "gennemførte eKVIS" not in tekst
    assert "konstrueret demonstrationsrunde, dateret september 2027, af eKVIS’ spørgeskemaundersøgelse" in tekst


def test_the_demonstration_sheets_html_page_shows_the_banner(demo_site: Path):
    assert BANNER in html_tekst(demo_site / "reports" / f"{SLUG}.html")


def test_every_answer_derived_figure_in_the_demonstration_sheets_page_carries_the_mark(demo_site: Path):
    umaerkede = [(i, tekst) for i, konstrueret, _, tekst in spans(demo_site, SLUG)
                 if not konstrueret and not IKKE_SVAR.match(i) and not i.startswith("tal-udvikling-foer-")]
    assert umaerkede == []


def test_every_page_of_the_demonstration_pdf_carries_the_banner(demo_site: Path):
    sider = pdf_sider(demo_site / "reports" / f"{SLUG}.pdf")
    assert sider and all(BANNER in side for side in sider)


def test_the_demonstration_pdf_names_the_draft_author(demo_site: Path):
    import pypdf

    info = pypdf.PdfReader(demo_site / "reports" / f"{SLUG}.pdf").metadata
    assert info.author == DEMONSTRATION_FORFATTER and info.title.startswith("Udkast:")


def test_the_demonstration_pdf_marks_its_response_rate(demo_site: Path):
    tekst = " ".join(pdf_sider(demo_site / "reports" / f"{SLUG}.pdf"))
    assert re.search(rf"svarprocent på \d+,\d pct\.{MAERKE}", tekst)


@pytest.mark.parametrize("tabel", ["svarfordelinger", "klynger", "forventninger"])
def test_every_row_of_the_demonstration_sheets_csv_tables_is_constructed(demo_site: Path, tabel: str):
    with open(demo_site / "reports" / "tabeller" / SLUG / f"{SLUG}-{tabel}.csv", encoding="utf-8") as f:
        raekker = list(csv.DictReader(f))
    assert raekker and {r["konstrueret"] for r in raekker} <= {"ja", ""} and "ja" in {r["konstrueret"] for r in raekker}


def test_the_demonstration_sheets_figure_record_beside_it_holds_no_unmarked_answer_figure(demo_site: Path):
    post = json.loads((demo_site / "reports" / "tabeller" / SLUG / f"{SLUG}-tal.json").read_text(encoding="utf-8"))
    assert [t["id"] for t in post["tal"] if t["vist"] and not t["konstrueret"] and not IKKE_SVAR.match(t["id"])
            and not t["id"].startswith("tal-udvikling-foer-")] == []


def test_checks_listing_of_the_front_page_marks_the_demonstration_rounds_figures(demo: Path, capsys):
    assert main(["check", "--data", str(demo)]) == 0
    forside = capsys.readouterr().out.split("== Claims: the front page's rounds side by side")[1]
    celler = re.findall(r'in "([^"]+ pct\.[^"]*)"', forside)
    assert celler and all(re.search(rf"→ [\d,]+{MAERKE} pct\.", c) for c in celler)


def test_real_sheets_that_compare_with_a_saved_demonstration_round_are_not_released_without_draft(
        demo: Path, capsys):
    assert main(["round", "save", "2027", "--data", str(demo)]) == 0
    _saet(demo, "indsamlet", "september 2029")
    _saet(demo, "datakilde", "undersoegelse")
    # The next round's real answers: here the 2025 ones less one (not what `klynge generate` makes).
    linjer = (demo / "besvarelser.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (demo / "fortroligt" / "besvarelser.csv").write_text("".join(linjer[:1] + linjer[2:]), encoding="utf-8")
    (demo.parent / "_quarto.yml").write_text("project:\n  type: website\n", encoding="utf-8")
    assert main(["release", "2029-12", "--no-render", "--project", str(demo.parent)]) == 1
    assert "a constructed demonstration round" in capsys.readouterr().err


def test_checks_listing_of_the_front_page_marks_each_change_word_that_rests_on_a_constructed_figure(
        demo: Path, capsys):
    assert main(["check", "--data", str(demo)]) == 0
    forside = capsys.readouterr().out.split("== Claims: the front page's rounds side by side")[1]
    ord_ = re.findall(r'in "[^"]+ pct\. \(([^)"]+)\)"', forside)
    assert ord_ and all(o.endswith(MAERKE) for o in ord_)


def test_the_front_pages_marks_are_superscripts_as_in_the_sheets(demo: Path):
    from klynge.ark import maerkning, udvikling
    from klynge.ark.oversigt import specialetabel

    u = indlaes(demo)
    proveniens = maerkning.for_alle(u, demo.parent)
    markdown = specialetabel(u, proveniens) + udvikling.forside(u, demo, proveniens).split("\n\n", 2)[-1]
    tabeller = [linje for linje in markdown.splitlines() if linje.startswith("|")]
    assert MAERKE in "".join(tabeller)
    assert all(linje.count(MAERKE) == linje.count(f"^{MAERKE}^") for linje in tabeller)


def test_the_front_page_does_not_call_the_demonstration_round_a_survey(demo: Path):
    from klynge.ark.oversigt import indledning

    assert "der indgik i demonstrationsrunden, dateret september 2027." in indledning(indlaes(demo))
