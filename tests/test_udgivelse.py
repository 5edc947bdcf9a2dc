"""Releases: every sheet's figures as a record, `klynge release` freezing them, the colophon naming
the release, the "Ændringer" page and `--compare` listing exactly what changed, and the
refusal of a release whose difference from the last one would disclose a few respondents' answers."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from klynge.ark import faktaark
from klynge.udgivelse import aendringer, kolofon, talregister
from klynge.cli import main

from conftest import DATA, REPO


@pytest.fixture
def rod(tmp_path: Path) -> Path:
    """A project with a copy of the data (records and releases need only data/)."""
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\n", encoding="utf-8")
    return tmp_path


def udgiv(rod: Path, *args: str) -> int:
    return main(["release", *args, "--no-render", "--project", str(rod)])


def ret_svar(rod: Path, raekke: int, kolonne: str, nyt: str) -> None:
    """Change one answer of reumatologi's `raekke`-th respondent."""
    sti = rod / "data" / "besvarelser.csv"
    raekker = list(csv.reader(io.StringIO(sti.read_text(encoding="utf-8"))))
    i = raekker[0].index(kolonne)
    egne = [r for r in raekker[1:] if r[1] == "reumatologi"]
    egne[raekke][i] = nyt
    skriv_csv(sti, raekker)


def skriv_csv(sti: Path, raekker: list[list[str]]) -> None:
    ud = io.StringIO()
    csv.writer(ud, lineterminator="\n").writerows(raekker)
    sti.write_text(ud.getvalue(), encoding="utf-8")


def tilfoej_sen_respondent(rod: Path) -> None:
    sti = rod / "data" / "besvarelser.csv"
    raekker = list(csv.reader(io.StringIO(sti.read_text(encoding="utf-8"))))
    ny = list(next(r for r in raekker[1:] if r[1] == "reumatologi"))
    ny[0] = "R9999"
    skriv_csv(sti, raekker + [ny])


def aendrede_tal(rod: Path, slug: str, udgivelse: str = "2026-03") -> set[str]:
    from klynge.udgivelse.filer import find

    s = aendringer.sammenlign(find(rod / "data", udgivelse).alle_ark(), aendringer.aktuelle(rod), udgivelse, "nu")
    return {t.id for a in s.ark if a.slug == slug for t in a.tal}


# ---------------------------------------------------------------- the record


def test_the_record_holds_every_figure_of_the_text_under_the_id_its_span_and_the_audit_use(rod):
    ark = faktaark.lav("reumatologi", rod)
    post = talregister.optegnelse(ark, rod / "data")
    assert faktaark.ankre(ark) <= {t["id"] for t in post["tal"]}


def test_a_figure_of_the_text_records_its_printed_value_basis_and_provenance(rod):
    ark = faktaark.lav("reumatologi", rod)
    post = {t["id"]: t for t in talregister.optegnelse(ark, rod / "data")["tal"]}
    t = post["tal-understoetter"]
    assert t["vaerdi"] == ark.understoetter_pct.tekst
    assert t["grundlag"] == ark.understoetter_pct.grundlag
    assert (t["antal"], t["n"]) == (ark.understoetter.antal, ark.understoetter.n)
    assert t["vist"] is True and t["konstrueret"] is ark.understoetter_pct.konstrueret


def test_a_hidden_figure_is_recorded_as_not_shown(rod):
    ark = faktaark.lav("paediatri", rod)
    skjulte = [t for t in talregister.optegnelse(ark, rod / "data")["tal"] if not t["vist"]]
    assert skjulte, "paediatri hides two clusters' figures"
    assert all(t["vaerdi"] == "vises ikke" or "færre end" in t["vaerdi"] for t in skjulte)


def test_the_record_holds_no_respondent_and_no_free_text(rod):
    tekst = "".join(talregister.som_json(p) for p in aendringer.aktuelle(rod).values())
    assert "R0001" not in tekst and "respondent_id" not in tekst


def test_the_release_of_the_current_site_is_under_225_kb_and_one_figure_a_line(rod):
    # 178 KB before the records named each cluster figure's cluster code and what it counts (the
    # disclosure check over the release history matches on them) and the rounds: about 205 KB now.
    assert udgiv(rod, "2026-03", "--draft") == 0
    mappe = rod / "data" / "udgivelser" / "2026-03"
    assert sum(p.stat().st_size for p in mappe.iterdir()) < 225_000
    linjer = (mappe / "reumatologi-tal.json").read_text(encoding="utf-8").splitlines()
    tal = [json.loads(linje.rstrip(",")) for linje in linjer if linje.startswith('    {"id": "tal-')]
    assert len(tal) >= 20 and all("vaerdi" in t for t in tal)


def test_the_build_writes_the_record_beside_each_sheet_and_links_it(site):
    sti = site / "reports" / "tabeller" / "reumatologi" / "reumatologi-tal.json"
    post = json.loads(sti.read_text(encoding="utf-8"))
    assert post["speciale"] == "reumatologi" and post["tal"]
    assert "tabeller/reumatologi/reumatologi-tal.json" in (site / "reports" / "reumatologi.html").read_text("utf-8")


# ---------------------------------------------------------------- what changed


def test_changing_one_answer_lists_only_figures_of_that_question_and_nothing_in_other_sheets(rod):
    assert udgiv(rod, "2026-03", "--draft") == 0
    ret_svar(rod, 0, "understoetter", "I nogen grad")  # the first respondent said "I meget høj grad"
    aendret = aendrede_tal(rod, "reumatologi")
    assert {"fordeling-understoetter-i-meget-hoej-grad", "fordeling-understoetter-i-nogen-grad",
            "tal-understoetter", "tal-understoetter-i-nogen-grad"} <= aendret
    assert all("understoetter" in i for i in aendret)
    assert not any(aendrede_tal(rod, s) for s in ("neurologi", "paediatri", "gynaekologi", "anaestesiologi"))


def test_the_comparison_shows_the_figure_old_and_new_with_its_basis(rod, capsys):
    assert udgiv(rod, "2026-03", "--draft") == 0
    ret_svar(rod, 0, "understoetter", "I nogen grad")
    capsys.readouterr()
    assert udgiv(rod, "--compare", "2026-03", "aktuel") == 0
    ud = capsys.readouterr().out
    linje = next(l for l in ud.splitlines() if "(tal-understoetter)" in l)
    assert "68 pct. → 66 pct." in linje and "31 af 47 svar" in linje


def test_the_comparison_names_a_changed_figure_by_its_section_as_the_sheet_does(rod, capsys):
    (rod / "reports").mkdir()
    shutil.copy(REPO / "reports" / "_faktaark.qmd", rod / "reports" / "_faktaark.qmd")
    assert udgiv(rod, "2026-03", "--draft") == 0
    ret_svar(rod, 0, "understoetter", "I nogen grad")
    capsys.readouterr()
    assert udgiv(rod, "--compare", "2026-03", "aktuel") == 0
    linje = next(l for l in capsys.readouterr().out.splitlines() if "(tal-understoetter)" in l)
    assert "68 pct. → 66 pct.  Klyngernes betydning for kvalitetsarbejdet › I teksten" in linje


def test_two_releases_are_compared_even_where_the_current_data_do_not_load(rod, capsys):
    assert udgiv(rod, "2026-03", "--draft") == 0
    (rod / "data" / "specialer.csv").write_text("ikke,en,gyldig\n", encoding="utf-8")
    capsys.readouterr()
    assert udgiv(rod, "--compare", "2026-03", "2026-03") == 0
    assert capsys.readouterr().err.startswith("note: figures are named by their id")


def test_changing_only_an_editorial_sentence_lists_that_sentence_and_no_figure(rod):
    assert udgiv(rod, "2026-03", "--draft") == 0
    sti = rod / "data" / "tekster" / "neurologi.md"
    sti.write_text(sti.read_text(encoding="utf-8").replace("Dog afslører besvarelserne markante forskelle",
                                                           "Dog viser besvarelserne tydelige forskelle"), "utf-8")
    from klynge.udgivelse.filer import find

    s = aendringer.sammenlign(find(rod / "data", "2026-03").alle_ark(), aendringer.aktuelle(rod), "2026-03", "nu")
    neurologi = next(a for a in s.ark if a.slug == "neurologi")
    assert neurologi.tal == []
    assert [(f.split()[:2], e.split()[:2]) for f, e in neurologi.saetninger] == [(["Dog", "afslører"], ["Dog", "viser"])]
    assert all(a.uaendret for a in s.ark if a.slug != "neurologi")
    assert "~~afslører~~" in aendringer.ark_markdown(neurologi)


def test_the_front_page_marks_each_sheet_unchanged_changed_or_new(rod):
    assert udgiv(rod, "2026-03", "--draft") == 0
    ret_svar(rod, 0, "understoetter", "I nogen grad")
    marker = aendringer.forside(rod)
    assert "| [Reumatologi](reports/reumatologi.qmd) | Ændret – sendes igen |" in marker
    assert "| [Neurologi](reports/neurologi.qmd) | Uændret |" in marker


def test_the_changes_page_names_the_release_and_the_sheets_to_send_again(rod):
    assert "endnu ikke udgivet" in aendringer.side(rod)
    assert udgiv(rod, "2026-03", "--draft") == 0
    ret_svar(rod, 0, "understoetter", "I nogen grad")
    side = aendringer.side(rod)
    assert "siden udgivelse 2026\\-03" in side and "skal sendes til specialeselskabet: Reumatologi." in side
    # The figure is named as the sheet names it and linked to where it stands; its id only in the link.
    assert "| [I teksten](reports/reumatologi.qmd#tal-understoetter) | 68 pct\\. | 66 pct\\." in side


# ---------------------------------------------------------------- refusals


def test_releasing_one_late_respondent_is_refused_in_one_line_naming_the_figures(rod, capsys):
    assert udgiv(rod, "2026-03", "--draft") == 0
    tilfoej_sen_respondent(rod)
    capsys.readouterr()
    assert udgiv(rod, "2026-04", "--draft") == 1
    fejl = capsys.readouterr().err.strip()
    assert len(fejl.splitlines()) == 1
    assert fejl.startswith("error: releasing would disclose answers by difference")
    assert "reumatologi against '2026-03': " in fejl and "tal-understoetter (68 pct. -> 69 pct.)" in fejl
    assert not (rod / "data" / "udgivelser" / "2026-04").exists()


def test_tillad_forskel_releases_anyway_and_the_record_says_so(rod):
    import tomllib

    assert udgiv(rod, "2026-03", "--draft") == 0
    tilfoej_sen_respondent(rod)
    assert udgiv(rod, "2026-04", "--draft", "--allow-difference") == 0
    toml = tomllib.loads((rod / "data" / "udgivelser" / "2026-04" / "udgivelse.toml").read_text("utf-8"))
    assert toml["tillad_forskel"] is True and toml["forrige"] == "2026-03"
    assert any(f.startswith("reumatologi:tal-understoetter: 2026-03:") for f in toml["forskel"])


def test_a_figure_five_answers_changed_is_no_disclosure_but_a_cluster_two_of_them_changed_is(rod):
    assert udgiv(rod, "2026-03", "--draft") == 0
    sti = rod / "data" / "besvarelser.csv"
    raekker = list(csv.reader(io.StringIO(sti.read_text(encoding="utf-8"))))
    i = raekker[0].index("forbedringer")
    ja = [r for r in raekker[1:] if r[1] == "reumatologi" and r[i] == "Ja"]
    klynger = sorted({r[2] for r in ja})
    for r in [r for r in ja if r[2] == klynger[0]][:3] + [r for r in ja if r[2] == klynger[1]][:2]:
        r[i] = "Nej"
    skriv_csv(sti, raekker)
    from klynge.udgivelse.filer import find

    from klynge.udgivelse import afsloering

    fund = {f.id: f for f in afsloering.afsloeringer([("2026-03", find(rod / "data", "2026-03").alle_ark())],
                                                     aendringer.aktuelle(rod), 5)}
    assert "tal-forbedringer-ja" not in fund and "fordeling-forbedringer-ja" not in fund
    assert sum(i.startswith("klynge-forbedringer-reuma") for i in fund) == 2  # three and two of them


def test_a_release_name_already_used_is_refused(rod, capsys):
    assert udgiv(rod, "2026-03", "--draft") == 0
    capsys.readouterr()
    assert udgiv(rod, "2026-03", "--draft") == 1
    assert capsys.readouterr().err.strip() == ("error: the release name '2026-03' is already used "
                                               "(data/udgivelser/2026-03/); choose another")


def test_drafts_on_reconstructed_data_are_refused_without_udkast(rod, capsys):
    assert udgiv(rod, "2026-03") == 1
    fejl = capsys.readouterr().err.strip()
    assert len(fejl.splitlines()) == 1 and "--draft" in fejl
    assert not (rod / "data" / "udgivelser").exists()


def test_a_dirty_build_is_refused(rod, capsys):
    sti = rod / "data" / "klynger.csv"
    sti.write_text(sti.read_text(encoding="utf-8") + "reumatologi,Ny klynge,mange\n", encoding="utf-8")
    assert udgiv(rod, "2026-03", "--draft") == 1
    fejl = capsys.readouterr().err.strip()
    assert len(fejl.splitlines()) == 1 and fejl.startswith("error: the build is not clean: `klynge check`")


def test_comparing_with_an_unknown_release_says_which_exist(rod, capsys):
    assert udgiv(rod, "2026-03", "--draft") == 0
    capsys.readouterr()
    assert udgiv(rod, "--compare", "2026-03", "2025-01") == 1
    assert "releases: 2026-03" in capsys.readouterr().err


# ---------------------------------------------------------------- the colophon


def test_the_colophon_names_the_release_the_sheet_belongs_to(rod):
    ark = faktaark.lav("reumatologi", rod)
    # The Typst keywords are plain text; the page's line is the same, escaped as Markdown.
    assert '"Udgivelse: ikke udgivet"' in kolofon.for_ark(ark, rod)
    assert udgiv(rod, "2026-03", "--draft") == 0
    assert '"Udgivelse: 2026-03"' in kolofon.for_ark(ark, rod)
    ret_svar(rod, 0, "understoetter", "I nogen grad")
    assert '"Udgivelse: ikke udgivet"' in kolofon.for_ark(faktaark.lav("reumatologi", rod), rod)
    assert '"Udgivelse: 2026-03"' in kolofon.for_ark(faktaark.lav("neurologi", rod), rod)


def test_the_colophons_fingerprint_is_the_data_the_sheet_read(rod):
    foer = kolofon.for_ark(faktaark.lav("neurologi", rod), rod)
    ret_svar(rod, 0, "understoetter", "I nogen grad")  # reumatologi's data, not neurologi's
    assert kolofon.for_ark(faktaark.lav("neurologi", rod), rod) == foer
    assert kolofon.for_ark(faktaark.lav("reumatologi", rod), rod) != foer


def test_every_html_page_and_pdf_carries_the_colophon(site):
    import pikepdf

    from site_hjaelp import html_tekst, pdf_tekst

    for side in [site / "index.html", site / "revision.html", site / "aendringer.html",
                 *sorted((site / "reports").glob("*.html"))]:
        assert "Kolofon." in html_tekst(side) and "Datafingeraftryk" in html_tekst(side), side
    for pdf in sorted((site / "reports").glob("*.pdf")):
        assert "Datafingeraftryk" in pdf_tekst(pdf), pdf
        with pikepdf.open(pdf) as p:
            assert "Datafingeraftryk: " in str(p.docinfo["/Keywords"]), pdf


def test_a_release_names_its_round_and_without_a_saved_round_no_previous_one(rod):
    from klynge.udgivelse.filer import find

    assert udgiv(rod, "2026-03", "--draft") == 0
    udgivelse = find(rod / "data", "2026-03")
    assert (udgivelse.runde, udgivelse.forrige_runde) == ("september 2025", "")


def test_a_release_after_a_round_is_saved_names_the_round_it_compares_with(rod):
    from klynge.byg.runde import gem_runde
    from klynge.udgivelse.filer import find
    from test_runder import _saet

    gem_runde(rod / "data", "2025")
    _saet(rod / "data", "indsamlet", "september 2027")
    assert udgiv(rod, "2027-10", "--draft") == 0
    udgivelse = find(rod / "data", "2027-10")
    assert (udgivelse.runde, udgivelse.forrige_runde) == ("september 2027", "2025 (september 2025)")
