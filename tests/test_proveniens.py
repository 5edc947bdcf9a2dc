"""Every constructed figure carries the mark, and no published one does: in the page, the PDF,
the charts' alt text and the CSV tables, checked against the audit's list of published figures.
With real answers there is no mark and no banner anywhere."""

from __future__ import annotations

import csv
import re
from html import unescape
from pathlib import Path

import pytest

from klynge.ark import bilag, faktaark, udkast
from klynge.ark.figurer import DIAGRAMMAERKE
from klynge.ark.revision import AFVIGER, SKJULT, revider
from klynge.ark.tekst import pct
from klynge.ark.tal import MAERKE, Tal, Tekst
from klynge.data.indlaes import indlaes
from klynge.data.publiceret import laes_publicerede
from site_hjaelp import ROD, normaliser, pdf_tekst

U = indlaes(ROD / "data")
PUBLICEREDE = laes_publicerede(ROD / "data" / "publicerede_tal.csv")
SLUGS = [s.slug for s in U.specialer]
# The mark is a superscript inside the span ("83 pct.<sup>†</sup>", "(79 pct.<sup>†</sup>)").
SPAN = re.compile(r'<span id="([^"]+)" class="tal( konstrueret)?" tabindex="0" title="([^"]*)">'
                  r'((?:[^<]|<sup>†</sup>)*)</span>')
# A constructed figure whose mark the next figure of its range or list carries ("Mellem 8 og 15 pct.†").
MAERKE_PAA_NAESTE = re.compile(r'</span>(?:, | og )<span id="[^"]+" class="tal konstrueret"')
# Figures that do not come from the answers: from the hand-kept data files, never constructed.
IKKE_SVAR = re.compile(r"^tal-(population|antal-klynger|medlemmer-\d+|landsgennemsnit-.+)$")
FIGURNAVNE = ("deltagelse", "engagement", "understoetter", "understoetter_fordeling", "forventninger",
              "forbedringer", "motivation")
SVARMAAL = ("besvarelser", "svarprocent", "andel", "antal", "klynge_min", "klynge_max")


def audit_publicerede(slug: str) -> set[str]:
    """The anchors of the answer-derived figures the audit finds in the published sheet."""
    egne = [p for p in PUBLICEREDE if p.speciale == slug and p.maal in SVARMAAL]
    kontroller = revider(U, tuple(egne))
    return {k.anker for k in kontroller if k.anker and k.status not in (AFVIGER, SKJULT)}


def spans(site: Path, slug: str) -> list[tuple[str, bool, str, str]]:
    html = (site / "reports" / f"{slug}.html").read_text(encoding="utf-8")
    return [(i, bool(k), unescape(titel), unescape(tekst.replace(f"<sup>{MAERKE}</sup>", MAERKE)))
            for i, k, titel, tekst in SPAN.findall(html)]


def _maerke_paa_naeste(site: Path, slug: str) -> set[str]:
    html = (site / "reports" / f"{slug}.html").read_text(encoding="utf-8")
    return {m.group(1) for m in SPAN.finditer(html) if MAERKE_PAA_NAESTE.match(html, m.end() - len("</span>"))}


def test_the_audit_finds_every_published_figure():
    kontroller = revider(U, PUBLICEREDE)
    assert [k.beskrivelse for k in kontroller if k.status == AFVIGER] == []


@pytest.mark.parametrize("slug", SLUGS)
def test_every_figure_the_published_sheet_does_not_state_carries_the_mark_in_the_page(site, slug):
    publicerede = audit_publicerede(slug)
    naeste = _maerke_paa_naeste(site, slug)
    forkerte = [(i, tekst) for i, konstrueret, _, tekst in spans(site, slug)
                if konstrueret != (i not in publicerede and not IKKE_SVAR.match(i))
                or (MAERKE in tekst) != (konstrueret and i not in naeste)]
    assert forkerte == []


@pytest.mark.parametrize("slug", SLUGS)
def test_a_constructed_figure_says_so_in_its_hover_title(site, slug):
    titler = [(titel, konstrueret) for _, konstrueret, titel, _ in spans(site, slug)]
    assert all(titel.startswith(f"{MAERKE} Konstrueret tal") == konstrueret for titel, konstrueret in titler)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_sheet_shows_constructed_and_published_figures(site, slug):
    konstruerede = [i for i, k, _, _ in spans(site, slug) if k]
    publicerede = [i for i, k, _, _ in spans(site, slug) if not k]
    assert len(konstruerede) >= 10 and len(publicerede) >= 5


@pytest.mark.parametrize("slug", SLUGS)
def test_the_pdf_carries_the_mark_on_every_constructed_figure_and_explains_it(site, slug):
    tekst = normaliser(pdf_tekst(site / "reports" / f"{slug}.pdf")).replace("- ", "-")
    alle = spans(site, slug)
    konstruerede = {normaliser(t) for _, k, _, t in alle if k}
    publicerede = {normaliser(t) for _, k, _, t in alle if not k} - {t.replace(MAERKE, "") for t in konstruerede}
    assert [t for t in konstruerede if t not in tekst] == []
    assert [t for t in publicerede if t + MAERKE in tekst] == []
    assert udkast.forklaring() in tekst


def _alt(site: Path, slug: str) -> dict[str, str]:
    html = (site / "reports" / f"{slug}.html").read_text(encoding="utf-8")
    return {navn: unescape(alt) for navn, alt in
            re.findall(r'<img src="figurer/[^/]+/([a-z-]+)\.svg"[^>]*alt="([^"]*)"', html)}


@pytest.mark.parametrize("slug", SLUGS)
def test_every_percentage_in_the_alt_text_of_an_all_constructed_chart_carries_the_mark(site, slug):
    alt = _alt(site, slug)
    for navn in ("engagement", "motivation"):
        procenter = re.findall(r"\d+ pct\.(†?)", alt[navn])
        assert procenter and all(procenter), navn


@pytest.mark.parametrize("slug", SLUGS)
def test_the_published_share_of_the_specialty_has_no_mark_in_the_alt_text(site, slug):
    ark = faktaark.lav(slug)
    forventet = f"{pct(ark.understoetter.procent)} af {ark.understoetter.n} svar vurderer"
    assert forventet in _alt(site, slug)["understoetter"]


def _diagramtekster(navn: str) -> list[str]:
    """Every text a chart of reumatologi's sheet draws beside its bars (labels, not axes)."""
    f = bilag.figur(faktaark.lav("reumatologi"), navn)
    data = f.plot.data
    return [v for kolonne in ("etiket", "tekst") if kolonne in data for v in data[kolonne]]


def test_a_constructed_clusters_share_and_count_in_a_chart_carry_the_mark_as_a_superscript():
    # "46 pct.† (n = 13†)" with both marks raised, as in the text.
    d = re.escape(DIAGRAMMAERKE)
    assert any(re.fullmatch(rf"\d+ pct\.{d} \(n = \d+{d}\)", t) for t in _diagramtekster("understoetter"))


@pytest.mark.parametrize("navn", FIGURNAVNE)
def test_no_chart_draws_a_full_size_mark(navn):
    assert not [t for t in _diagramtekster(navn) if MAERKE in t]


def test_a_chart_with_superscript_marks_draws(tmp_path):
    f = bilag.figur(faktaark.lav("reumatologi"), "understoetter")
    f.plot.save(tmp_path / "f.svg", format="svg", width=6, height=3, verbose=False)
    assert (tmp_path / "f.svg").stat().st_size > 0


@pytest.mark.parametrize("slug", SLUGS)
def test_the_caption_of_a_chart_of_constructed_figures_says_so(site, slug):
    html = (site / "reports" / f"{slug}.html").read_text(encoding="utf-8")
    assert html.count(f"({MAERKE} alle andele i figuren er konstrueret)") >= 2


@pytest.mark.parametrize("slug", SLUGS)
def test_every_csv_table_has_a_column_saying_which_figures_are_constructed(site, slug):
    publicerede = audit_publicerede(slug)
    for sti in sorted((site / "reports" / "tabeller" / slug).glob("*.csv")):
        with open(sti, encoding="utf-8") as f:
            raekker = list(csv.DictReader(f))
        assert raekker and all(r["konstrueret"] for r in raekker if r.get("procent") or r.get("vigtigt_procent")), sti
    with open(site / "reports" / "tabeller" / slug / f"{slug}-klynger.csv", encoding="utf-8") as f:
        hele = {r["spoergsmaal"]: r["konstrueret"] for r in csv.DictReader(f) if r["klynge"] == "Hele specialet"}
    assert hele["understoetter"] == ("nej" if "tal-understoetter" in publicerede else "ja")
    with open(site / "reports" / "tabeller" / slug / f"{slug}-svarfordelinger.csv", encoding="utf-8") as f:
        nogen = next(r for r in csv.DictReader(f) if r["spoergsmaal"] == "understoetter" and r["svar"] == "I nogen grad")
    assert nogen["konstrueret"] == ("nej" if "tal-understoetter-i-nogen-grad" in publicerede else "ja")


def test_the_front_page_marks_no_published_figure_and_states_the_comparison_rule(site):
    from site_hjaelp import html_tekst

    tekst = html_tekst(site / "index.html")
    assert "Alle tal er beregnet fra rekonstruerede svar" in tekst
    assert "● at forskellen er under 3 procentpoint" in tekst
    tabel = tekst[tekst.index("Speciale Svarprocent"):tekst.index("Landsgennemsnit, alle specialer")]
    assert MAERKE not in tabel  # every figure in it is one the published sheets state


def test_a_verdict_word_resting_only_on_constructed_figures_is_marked():
    tekst = faktaark.lav("neurologi").engagement_afsnit
    # The ranking words: no published sheet ranks the engagement items.
    ord_ = [d for d in tekst.dele if isinstance(d, Tal) and d.paastand and d.paastand.relation in ("largest", "smallest")]
    assert len(ord_) == 2 and all(d.konstrueret for d in ord_)
    assert "mindst† er andelen" in str(tekst)


def test_a_word_the_published_sheet_states_stands_without_its_constructed_figure():
    saetning = faktaark.lav("neurologi").deltagelse_saetning
    # The published sheet says "hovedparten" and gives no figure: its sentence, no constructed figure.
    assert str(saetning) == ("Mødedeltagelsen blandt respondenterne er høj: hovedparten har deltaget i alle eller de "
                             "fleste møder siden klyngernes opstart.")
    assert MAERKE not in str(saetning)


# ---- figure 3 and the data paragraph ------------------------------------------------------

@pytest.mark.parametrize("slug", SLUGS)
def test_figure_3_agrees_with_the_data_paragraph(slug):
    ark = faktaark.lav(slug)
    data = next(f for f in ark.forventninger if f.kort == U.skema["vig_data"].kort)
    nej = ark.andel("databrug", "Nej")
    assert data.sjaeldent.procent >= nej.procent
    assert data.opfyldt.procent <= 100 - nej.procent
    assert f"{ark.forventning_tal(data, 'sjaeldent')} oplever, at klyngemøderne sjældent eller aldrig" in str(
        ark.data_erfaring)


@pytest.mark.parametrize("slug", SLUGS)
def test_nobody_who_never_used_data_says_the_meetings_use_data_often(slug):
    svar = U.besvarelser_for(slug)
    assert not ((svar["databrug"] == "Nej") & svar["opf_data"].isin(["Altid", "Ofte"])).any()


# ---- with real answers ---------------------------------------------------------------------

# `rigtig_site`: the site rendered from answers declared a survey export (conftest.py).


def test_with_real_answers_no_page_pdf_or_table_carries_a_mark_or_the_banner(rigtig_site):
    filer = [*rigtig_site.rglob("*.html"), *rigtig_site.rglob("*.csv")]
    assert [f.name for f in filer if MAERKE in f.read_text(encoding="utf-8") or "UDKAST" in f.read_text(encoding="utf-8")] == []
    pdfer = list(rigtig_site.rglob("*.pdf"))
    assert pdfer and [p.name for p in pdfer if MAERKE in pdf_tekst(p) or "UDKAST" in pdf_tekst(p)] == []


def test_with_real_answers_the_pdf_is_not_called_a_draft(rigtig_site):
    import pypdf

    info = pypdf.PdfReader(rigtig_site / "reports" / "neurologi.pdf").metadata
    assert (info.author, info.title) == ("eKVIS", "Klyngearbejdet i Neurologi")


def test_with_real_answers_the_csv_tables_call_no_figure_constructed(rigtig_site):
    with open(rigtig_site / "reports" / "tabeller" / "neurologi" / "neurologi-svarfordelinger.csv", encoding="utf-8") as f:
        assert {r["konstrueret"] for r in csv.DictReader(f)} <= {"nej", ""}


def test_a_draft_pdf_says_it_is_a_draft_in_its_metadata(site):
    import pypdf

    info = pypdf.PdfReader(site / "reports" / "neurologi.pdf").metadata
    assert info.author == "klynge (udkast på rekonstruerede svar – ikke udgivet)" and info.title.startswith("Udkast:")


def test_a_tal_in_a_sentence_keeps_its_mark_in_plain_text():
    tal = Tal("54 pct.", "grundlag", "tal-x", konstrueret=True)
    assert str(Tekst.af("mindst ({})", tal)) == "mindst (54 pct.†)" and tal.tekst == "54 pct."


# ---- the reconstruction keeps the published words ---------------------------------------------

def test_generer_lists_every_qualitative_constraint_by_name_and_whether_it_holds(datakopi):
    import subprocess
    import sys
    import tomllib

    plan = tomllib.loads((datakopi / "rekonstruktion.toml").read_text(encoding="utf-8"))
    navne = [f"{slug}: {u['navn']}" for slug, sp in plan["specialer"].items() for u in sp.get("udsagn", [])]
    r = subprocess.run([sys.executable, "-m", "klynge", "generate", "--data", str(datakopi)], cwd=ROD,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    linjer = {ln.split()[1] + " " + ln.split()[2]: ln.split()[0] for ln in r.stdout.splitlines()
              if ln.startswith(("  holds", "  FAILS"))}
    assert len(navne) >= 30 and [n for n in navne if n not in linjer] == []
    assert "sammenhaeng: databrug-og-datamoeder" in r.stdout


def test_generer_names_a_constraint_it_cannot_meet(datakopi):
    import subprocess
    import sys

    sti = datakopi / "rekonstruktion.toml"
    sti.write_text(sti.read_text(encoding="utf-8") + '\n[[specialer.neurologi.udsagn]]\nnavn = "umuligt"\n'
                   'type = "ord"\nsted = "deltagelse-maengde"\nord = "ingen"\ncitat = "ingen deltager"\n',
                   encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "klynge", "generate", "--data", str(datakopi)], cwd=ROD,
                       capture_output=True, text=True, timeout=300)
    assert "warning: neurologi: umuligt:" in r.stderr and "FAILS  neurologi: umuligt" in r.stdout


def test_only_anaestesiologis_published_verdict_cannot_be_met_by_the_reconstruction():
    import tomllib

    from klynge.betingelser import kontroller

    plan = tomllib.loads((ROD / "data" / "rekonstruktion.toml").read_text(encoding="utf-8"))
    assert [b.navn for b in kontroller(U, plan) if not b.holder] == [
        "anaestesiologi: forventninger-god-sammenhaeng"]


def test_neurologi_names_what_meets_expectations_as_its_published_sheet_does():
    tekst = str(faktaark.lav("neurologi").forventning_vurdering)
    assert ("At klyngemøderne er forum for faglige drøftelser, er et tillidsfuldt rum, inddrager alle deltagere og er "
            "godt faciliterede, lever generelt op til forventningerne.") in tekst


def test_a_sheet_whose_published_text_names_nothing_of_the_kind_gets_no_such_sentence():
    assert "lever generelt op" not in str(faktaark.lav("gynaekologi").forventning_vurdering)


def test_paediatri_names_the_published_examples_without_an_unpublished_ingen():
    tekst = str(faktaark.lav("paediatri").forventning_vurdering)
    assert tekst == ("er der – bortset fra brugen af data (se næste afsnit) – en tydelig overensstemmelse, bl.a. når "
                     "det gælder, at klyngemøderne er forum for faglige drøftelser, skaber fælles motivation til "
                     "kvalitetsarbejdet og er et tillidsfuldt rum.")
