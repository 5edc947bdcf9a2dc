"""The rendered site: every published figure (as corrected by the audit) in every sheet, in the
HTML page and in the PDF; the specialty pages match the data; anonymity holds in the output."""

from __future__ import annotations

import functools
import re
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from klynge.ark import faktaark, ordvalg, udkast
from klynge.ark.tal import Tal, Tekst
from klynge.ark import tekst as t
from klynge.maal import andele as m
from klynge.data.indlaes import indlaes
from klynge.render import render_project
from klynge.data.publiceret import laes_publicerede
from klynge.ark.revision import FUND, revider
from klynge.byg.sider import forventede_sider
from klynge.data.tekstkontrol import fund_i_linje
from site_hjaelp import ROD, html_tekst, html_tekst_af, kopier_projekt, normaliser, pdf_sider, pdf_tekst

U = indlaes(ROD / "data")
PUBLICEREDE = laes_publicerede(ROD / "data" / "publicerede_tal.csv")
KONTROLLER = revider(U, PUBLICEREDE)
SLUGS = [s.slug for s in U.specialer]


def forventede_tal(slug: str) -> list[str]:
    """What the sheet must say for each published figure, as our audit computes it."""
    ud = []
    for p, k in zip([p for p in PUBLICEREDE if p.speciale == slug], [k for k in KONTROLLER if k.speciale == slug]):
        if p.maal == "population":
            ud.append(f"ud af {t.heltal(int(p.vaerdi))} besvaret")
        elif p.maal == "besvarelser":
            ud.append(f"har {t.heltal(int(p.vaerdi))} ud af")
        elif p.maal == "svarprocent":
            procent = m.svarprocent(U.speciale(slug), U.besvarelser_for(slug)).procent
            ud.append(f"svarprocent på {t.decimaltal(procent, 1, behold_nul=True)} pct.")  # always one decimal
        elif p.maal == "antal_klynger":
            ud.append(f"organiseret i {t.antal_med_ord(int(p.vaerdi), 'klynge', 'klynger')}")
        elif p.maal == "medlemmer":
            ud.append(f"{p.klynge} ({t.antal_med_tal(int(p.vaerdi), 'medlem', 'medlemmer')})")
        elif p.maal == "antal":
            ud.append(f"{t.heltal(int(p.vaerdi))} af")
        elif p.maal in ("andel", "klynge_min", "klynge_max"):
            tal = k.beregnet.split(" pct.")[0] if k.status == FUND else p.vaerdi
            ud.append(f"{tal} pct." if p.maal != "klynge_min" else f"fra {tal} til")
        elif p.maal == "sammenligning":
            # The word follows the shared wording rule, which may be stricter than the sheet's.
            a = m.andel(U.besvarelser_for(slug), U.skema[p.spoergsmaal], p.svar, U.indstillinger.min_svar)
            forskel = Fraction(a.hel_procent) - U.landsgennemsnit_for(p.spoergsmaal).vaerdi
            ud.append(f"{ordvalg.i_forhold_til(U.indstillinger.ordvalg, forskel, a.n)} landsgennemsnittet")
        elif p.maal == "top":
            ud.append(U.skema[p.spoergsmaal].punkt)
    return ud


@pytest.mark.parametrize("slug", SLUGS)
def test_html_sheet_states_every_published_figure(site, slug):
    tekst = html_tekst(site / "reports" / f"{slug}.html")
    mangler = [f for f in forventede_tal(slug) if f not in tekst]
    assert not mangler


def loebende_pdf_tekst(sti: Path) -> str:
    """The PDF's running text: a sentence a page break splits (a chart floated to the next page's
    top, the page's banner and number between its halves) read as one."""
    from site_hjaelp import _afdel, _pdf_sider_raa

    banner = normaliser(udkast.tekst(U.indstillinger))
    sider = []
    for side in _pdf_sider_raa(sti):
        linjer = [l for l in side.splitlines()
                  if not re.match(r"\s*(Figur \d+:|\d+ / \d+\s*$)", l) and normaliser(l) not in banner]
        sider.append("\n".join(linjer))
    return normaliser(_afdel("\n".join(sider)))


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_sheet_states_every_published_figure(site, slug):
    tekst = loebende_pdf_tekst(site / "reports" / f"{slug}.pdf")
    mangler = [f for f in forventede_tal(slug) if f not in tekst]
    assert not mangler


@pytest.mark.parametrize("slug", SLUGS)
def test_sheet_has_the_published_title_and_date(site, slug):
    tekst = normaliser(pdf_tekst(site / "reports" / f"{slug}.pdf")).removeprefix(normaliser(udkast.tekst(U.indstillinger)))
    tekst = tekst.strip().removeprefix(udkast.forklaring()).strip()
    navn = U.speciale(slug).navn
    assert f"Klyngearbejdet i {navn}: Resultater fra spørgeskemaundersøgelse blandt speciallæger" in tekst
    assert tekst.startswith(U.indstillinger.dato_linje) and tekst.startswith("Udkast · december 2026")


@pytest.mark.parametrize("overskrift", [
    "Baggrund og formål", "Deltagelse og engagement i klyngemøder", "Klyngernes betydning for kvalitetsarbejdet",
    "Matcher klyngemøderne deltagernes forventninger?", "Brug af data og erfaringsudveksling i praksis",
    "Konkrete forbedringer i klinikken efter klyngemøder", "Fremtidige fokusområder for klyngearbejdet",
    "Gode råd til planlægning og gennemførelse af klyngemøder",
])
def test_every_sheet_has_the_published_section(site, overskrift):
    for slug in SLUGS:
        assert overskrift in html_tekst(site / "reports" / f"{slug}.html"), slug


def test_reumatologi_shows_the_corrected_cluster_range(site):
    assert "fra 46 til 85 pct." in html_tekst(site / "reports" / "reumatologi.html")


def test_paediatri_shows_no_cluster_figures_because_one_cluster_is_small(site):
    tekst = html_tekst(site / "reports" / "paediatri.html")
    assert "færre end 5 svar" in tekst
    assert "Pæd – Vestdanmark: " not in tekst


def test_free_text_comments_never_reach_a_report(site):
    kommentarer = {k for k in U.besvarelser["kommentar"].dropna()}
    assert kommentarer
    for fil in list(site.rglob("*.html")) + list(site.rglob("*.csv")):
        indhold = fil.read_text(encoding="utf-8")
        assert not [k for k in kommentarer if k in indhold], fil
    for fil in site.rglob("*.pdf"):
        indhold = pdf_tekst(fil)
        assert not [k for k in kommentarer if k in indhold], fil


def _sider(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "site_libs" not in p.parts)


def test_no_page_shows_an_inline_expression_or_code(site):
    sider = _sider(site)
    assert len(sider) == len(SLUGS) + 4  # the sheets, the front page, the audit, the changes page, the template
    for side in sider:
        indhold = side.read_text(encoding="utf-8")
        assert "{python}" not in indhold, side.name
        assert "<pre" not in indhold and "<code" not in indhold, side.name


def test_no_pdf_shows_an_inline_expression_or_code(site):
    for slug in SLUGS:
        tekst = pdf_tekst(site / "reports" / f"{slug}.pdf")
        assert "{python}" not in tekst and "faktaark.lav" not in tekst and "print(" not in tekst, slug


def test_the_template_rendered_with_a_parameter_shows_that_specialty_without_code(tmp_path):
    projekt = kopier_projekt(tmp_path)
    render_project(projekt, files=["reports/faktaark.qmd"], params={"speciale": "paediatri"}, progress=lambda _: None)
    side = (projekt / "_site" / "reports" / "faktaark.html").read_text(encoding="utf-8")
    assert "Klyngearbejdet i Pædiatri: Resultater" in html_tekst(projekt / "_site" / "reports" / "faktaark.html")
    assert "{python}" not in side and "<pre" not in side and "Injected Parameters" not in side
    pdf = pdf_tekst(projekt / "_site" / "reports" / "faktaark.pdf")
    assert "Klyngearbejdet i Pædiatri: Resultater" in pdf
    assert "{python}" not in pdf and "Injected Parameters" not in pdf and "speciale =" not in pdf


def test_the_template_without_a_parameter_links_every_sheet_and_shows_no_figures(site):
    side = (site / "reports" / "faktaark.html").read_text(encoding="utf-8")
    assert "Vælg et speciale:" in html_tekst(site / "reports" / "faktaark.html")
    assert all(f'href="{slug}.html"' in side for slug in SLUGS)
    assert "pct." not in html_tekst(site / "reports" / "faktaark.html")


def test_every_sheets_pdf_link_says_pdf_not_typst(site):
    for slug in SLUGS:
        side = (site / "reports" / f"{slug}.html").read_text(encoding="utf-8")
        assert re.search(rf'<a href="{slug}.pdf"><i [^>]*></i>PDF</a>', side)
        assert "Typst" not in html_tekst(site / "reports" / f"{slug}.html")


def test_every_sheet_links_its_pdf(site):
    for slug in SLUGS:
        assert f'href="{slug}.pdf"' in (site / "reports" / f"{slug}.html").read_text(encoding="utf-8")


def test_every_sheet_offers_its_tables_as_csv(site):
    for slug in SLUGS:
        assert len(list((site / "reports" / "tabeller" / slug).glob("*.csv"))) == 3


def test_index_lists_every_specialty_with_sheet_and_pdf(site):
    side = (site / "index.html").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert f'reports/{slug}.html' in side and f'reports/{slug}.pdf' in side


def test_audit_page_names_the_impossible_figure(site):
    assert "84 pct. kan ikke komme af noget helt antal svar" in html_tekst(site / "revision.html")


def test_committed_specialty_pages_match_the_data():
    for sti, tekst in forventede_sider(ROD).items():
        assert sti.exists() and sti.read_text(encoding="utf-8") == tekst, sti.name
    sider = {p.name for p in (ROD / "reports").glob("*.qmd") if not p.name.startswith("_")} - {"faktaark.qmd"}
    assert sider == {f"{s}.qmd" for s in SLUGS}


@pytest.mark.quarto
@pytest.mark.parametrize("slug", SLUGS)
def test_quarto_renders_every_published_figure_in_html_and_pdf(quarto_site, slug):
    for tekst in (html_tekst(quarto_site / "reports" / f"{slug}.html"),
                  loebende_pdf_tekst(quarto_site / "reports" / f"{slug}.pdf")):
        assert not [f for f in forventede_tal(slug) if f not in tekst]


# --- the words: no hand-typed figure outside computed sentences -----------------------------

def _beregnede_tekster(ark: faktaark.Faktaark) -> Counter:
    """Every sentence and figure the sheet computes (the Faktaark's text-valued properties), with
    how many properties give it."""
    typ = type(ark)
    navne = [n for n in dir(typ) if not n.startswith("_") and isinstance(getattr(typ, n), (property, functools.cached_property))]
    return Counter(str(v) for v in (getattr(ark, n) for n in navne) if isinstance(v, (str, Tal, Tekst)) and str(v))


@pytest.mark.parametrize("slug", SLUGS)
def test_sheet_has_no_hand_typed_figure_outside_computed_sentences(site, slug):
    html_side = (site / "reports" / f"{slug}.html").read_text(encoding="utf-8")
    hoveddel = html_side[html_side.index("<main"):html_side.index("</main>")]
    # Charts (their captions and alt texts are computed from the codebook and data) are left out.
    hoveddel = re.sub(r"<figure.*?</figure>", " ", hoveddel, flags=re.S)
    # The draft banner names the published sheets' date (klynge.ark.udkast).
    hoveddel = re.sub(r'<div class="udkast".*?</div>', " ", hoveddel, flags=re.S)
    # So is the colophon (klynge/udgivelse/kolofon.py): the release, the date, the data fingerprint, the version.
    hoveddel = re.sub(r'<div class="kolofon">.*?</div>', " ", hoveddel, flags=re.S)
    # Pandoc (smart) and Quarto print an apostrophe as ’; the computed sentences have '.
    tekst = html_tekst_af(hoveddel).replace("’", "'")
    beregnede = _beregnede_tekster(faktaark.lav(slug, ROD))
    for beregnet in sorted(beregnede, key=len, reverse=True):
        # Whole words only, and a computed text with a figure only as often as properties give it,
        # so that a computed "5" cannot hide a typed "5" elsewhere.
        moenster = r"(?<!\w)" + re.escape(beregnet) + r"(?!\w)"
        tekst = re.sub(moenster, " ", tekst, count=beregnede[beregnet] if re.search(r"\d", beregnet) else 0)
    g = U.indstillinger.ordvalg
    assert not re.findall(r"\d", tekst), tekst
    assert not fund_i_linje(tekst, g), fund_i_linje(tekst, g)


# --- reconstructed data are marked on every page ---------------------------------------------

def test_every_html_page_shows_the_draft_banner_while_the_data_are_reconstructed(site):
    sider = list(site.rglob("*.html"))
    assert len(sider) == len(SLUGS) + 4  # the sheets, the front page, the audit, the changes page, the template
    for side in sider:
        assert "UDKAST – bygger på rekonstruerede svar. Kun tal, der også står i eKVIS’ faktaark fra marts 2026, er " \
               "undersøgelsens resultater; øvrige tal er konstrueret (†) og må ikke citeres" in html_tekst(side), side
        assert udkast.forklaring() in html_tekst(side), side


def test_every_pdf_page_carries_the_draft_mark_while_the_data_are_reconstructed(site):
    for pdf in site.rglob("*.pdf"):
        sider = pdf_sider(pdf)
        assert len(sider) > 1 or pdf.name == "faktaark.pdf"  # the template without -P: one page
        for nr, side in enumerate(sider, 1):
            assert normaliser(udkast.tekst(U.indstillinger)) in normaliser(side), f"{pdf.name} page {nr}"


def test_audit_page_says_which_figures_are_survey_results(site):
    tekst = html_tekst(site / "revision.html")
    assert "Kun tal, der også står i de publicerede faktaark, er undersøgelsens resultater" in tekst
    assert f"det er de {len(KONTROLLER)} tal i kolonnen »Faktaarket«" in tekst


@pytest.fixture(scope="session")
def site_med_rigtige_data(rigtig_site) -> Path:
    """The site from answers declared a survey export (conftest.py's `rigtig_site`, shared with
    test_proveniens.py)."""
    return rigtig_site


def test_with_real_data_no_page_shows_the_draft_banner(site_med_rigtige_data):
    for navn in ("index.html", "revision.html", "reports/reumatologi.html"):
        assert "Udkast" not in html_tekst(site_med_rigtige_data / navn), navn


def test_with_real_data_no_pdf_page_carries_the_draft_mark(site_med_rigtige_data):
    assert all("Udkast" not in side for side in pdf_sider(site_med_rigtige_data / "reports" / "reumatologi.pdf"))


def test_sheets_pdf_language_is_danish_for_denmark(site):
    import pypdf

    for slug in SLUGS:
        assert pypdf.PdfReader(site / "reports" / f"{slug}.pdf").trailer["/Root"]["/Lang"] == "da-DK", slug
