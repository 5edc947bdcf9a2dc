"""Every figure in a sheet's text carries its basis (count and base, the question, the answers
counted, who did not answer) on hover and keyboard focus in the HTML; the PDF shows the figure
plain; the audit page links each figure to where it stands in the sheet."""

from __future__ import annotations

import re
from html import unescape

import pypandoc
import pytest

from klynge.ark import faktaark, tekst as t
from klynge.ark.tal import MAERKE, MAERKE_FORKLARING, Tal, Tekst
from klynge.data.indlaes import indlaes
from klynge.maal import andele as m
from site_hjaelp import ROD, pdf_tekst

U = indlaes(ROD / "data")
# The mark is a superscript inside the span ("83 pct.<sup>†</sup>").
SPAN = re.compile(r'<span id="([^"]+)" class="tal(?: konstrueret)?" tabindex="0" title="([^"]*)">'
                  r'((?:[^<]|<sup>†</sup>)*)</span>')
KONSTRUERET = f"{MAERKE} {MAERKE_FORKLARING[:1].upper()}{MAERKE_FORKLARING[1:]}. "


def spans(site, slug: str) -> dict[str, tuple[str, str]]:
    """id -> (title, visible text) of the figure spans in a sheet; a constructed figure's mark
    and the title's sentence saying so are left out (tests/test_proveniens.py checks them)."""
    html = (site / "reports" / f"{slug}.html").read_text(encoding="utf-8")
    return {i: (unescape(titel).removeprefix(KONSTRUERET), unescape(tekst.replace(f"<sup>{MAERKE}</sup>", "")))
            for i, titel, tekst in SPAN.findall(html)}


def grundlag(slug: str, kolonne: str, svar: str) -> str:
    """The basis of a share, worked out here from the answers themselves."""
    svarene = U.besvarelser_for(slug)[kolonne]
    spm = U.skema[kolonne]
    labels = spm.svar_i(svar)
    besvaret = svarene.dropna()
    tekst = (f"{int(besvaret.isin(labels).sum())} af {len(besvaret)} svar på »{faktaark.spoergsmaalstekst(spm)}«: "
             + t.opremsning([f"»{s}«" for s in labels], og="eller"))
    ikke = len(svarene) - len(besvaret)
    return tekst + (f"; {ikke} har ikke svaret" if ikke else "")


@pytest.mark.parametrize("kolonne, svar", [("understoetter", "positiv"), ("understoetter", "I nogen grad"),
                                           ("forbedringer", "Ja"), ("databrug", "positiv"), ("vig_data", "positiv")])
@pytest.mark.parametrize("slug", ["reumatologi", "neurologi"])
def test_a_share_in_the_sheet_text_carries_its_count_base_question_and_answers(site, slug, kolonne, svar):
    titel, vist = spans(site, slug)[faktaark.anker(kolonne, svar)]
    a = m.andel(U.besvarelser_for(slug), U.skema[kolonne], svar, U.indstillinger.min_svar)
    assert (titel, vist) == (grundlag(slug, kolonne, svar), t.pct(a.procent))


def test_the_response_rate_carries_respondents_and_invited(site):
    sp = U.speciale("reumatologi")
    titel, _ = spans(site, "reumatologi")["tal-svarprocent"]
    assert titel == f"{len(U.besvarelser_for('reumatologi'))} besvarelser af {sp.population} inviterede {sp.flertal}"


@pytest.mark.parametrize("slug", [s.slug for s in U.specialer])
def test_every_figure_span_in_a_sheet_has_a_basis_and_is_reachable_by_keyboard(site, slug):
    html = (site / "reports" / f"{slug}.html").read_text(encoding="utf-8")
    alle = re.findall(r'<span[^>]*class="tal(?: konstrueret)?"[^>]*>', html)
    assert len(alle) >= 15 and len(alle) == len(SPAN.findall(html))
    assert all(titel.strip() for titel, _ in spans(site, slug).values())


@pytest.mark.parametrize("slug", [s.slug for s in U.specialer])
def test_the_pdf_shows_the_figures_without_their_basis(site, slug):
    tekst = pdf_tekst(site / "reports" / f"{slug}.pdf")
    assert "svar på »" not in tekst and "inviterede" + " " + U.speciale(slug).flertal not in tekst


def test_every_link_on_the_audit_page_leads_to_a_figure_in_a_sheet(site):
    html = (site / "revision.html").read_text(encoding="utf-8")
    links = re.findall(r'href="reports/([a-z0-9-]+)\.html#([^"]+)"', html)
    assert len(links) >= 50
    assert [(slug, i) for slug, i in links if i not in spans(site, slug)] == []


def test_the_audit_links_the_specialty_share_to_the_sheet(site):
    html = (site / "revision.html").read_text(encoding="utf-8")
    assert 'href="reports/reumatologi.html#tal-understoetter"' in html


def test_every_inline_value_of_the_sheet_with_figures_is_listed_for_the_audit():
    ark = faktaark.lav("reumatologi", ROD)
    brugt = set(re.findall(r"\bark\.(\w+)", (ROD / "reports" / "_faktaark.qmd").read_text(encoding="utf-8")))
    # A figure (it has an anchor) or a word with a claim (klynge.ark.paastande): both are checked.
    med_tal = {f for f in brugt if any(isinstance(d, Tal) and (d.anker or d.paastand) for d in (
        getattr(ark, f).dele if isinstance(getattr(ark, f), Tekst) else (getattr(ark, f),)))}
    assert med_tal == set(faktaark.PAASTANDSFELTER)


def test_untrusted_text_in_a_basis_reaches_the_html_title_unchanged():
    grund = 'Svar på "A {b} [c]" \\ <i>d</i> & e'
    html = pypandoc.convert_text(Tekst.af("x {} y", Tal("5 * 2", grund, "tal-x"))._repr_markdown_(), "html5",
                                 format="markdown", extra_args=["--wrap=none"])
    titel, tekst = re.search(r'title="([^"]*)">([^<]*)</span>', html).groups()
    assert (unescape(titel), unescape(tekst)) == (grund, "5 * 2")


def test_an_inline_markdown_span_is_a_titled_span_in_html_and_plain_text_in_the_pdf(tmp_path):
    """Quarto 1.10 (shared/quarto-1.10/expected/markdown-inline.*): an IPython Markdown value of an
    inline expression is inserted as Markdown; the span's title stays in the HTML only."""
    from klynge.render import render_project

    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\n  output-dir: _site\n", encoding="utf-8")
    (tmp_path / "doc.qmd").write_text(
        "---\ntitle: Inline\njupyter: python3\nformat:\n  html: default\n  typst: default\n---\n\n"
        "```{python}\nfrom IPython.display import Markdown\n"
        "span = Markdown('[68 pct.]{title=\"32 af 47 svar: I høj grad eller I meget høj grad\"}')\n```\n\n"
        "SPAN: `{python} span` af respondenterne.\n", encoding="utf-8")
    site = render_project(tmp_path, progress=lambda _: None)
    html = (site / "doc.html").read_text(encoding="utf-8")
    assert '<p>SPAN: <span title="32 af 47 svar: I høj grad eller I meget høj grad">68 pct.</span> af respondenterne.</p>' in html
    assert "SPAN: 68 pct. af respondenterne." in pdf_tekst(site / "doc.pdf")


def test_text_added_to_a_figure_keeps_the_figure_traceable():
    tal = Tal("92,3 pct.", "48 besvarelser af 52 inviterede", "tal-svarprocent")
    saetning = tal + " Bemærk noten."
    assert str(saetning) == "92,3 pct. Bemærk noten."
    assert saetning._repr_markdown_().startswith('[92\\,3 pct\\.]{#tal-svarprocent .tal tabindex="0" title=')
