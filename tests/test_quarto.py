"""What users run, under real Quarto: the whole site, the design card's command and the
template's own command, each compared with the built-in engine. Marked `quarto`; skipped, with
the reason, where `quarto` is not on PATH (see the README's "Testing with real Quarto").

The site is rendered once per session (with the other Quarto renders, side by side) as `quarto render -P speciale:tomologi` in a copy of the
project with one specialty added that has no respondents, so the card's command is checked for
a short sheet on the way; the template's own command is checked for a full and a short sheet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FULDT, KORT
from klynge.data.indlaes import indlaes
from site_hjaelp import ROD, html_tekst, pdf_tekst
from test_quarto_conformance import main_text

pytestmark = pytest.mark.quarto

SLUGS = [s.slug for s in indlaes(ROD / "data").specialer]
SIDER = ["index.html", "revision.html", "aendringer.html", "reports/faktaark.html",
         *(f"reports/{slug}.html" for slug in [*SLUGS, KORT])]
PDFER = [side[: -len(".html")] + ".pdf" for side in SIDER if side.startswith("reports/")]


def hovedtekst(sti: Path) -> str:
    return main_text(sti.read_text(encoding="utf-8"))


def test_quarto_and_the_engine_publish_the_same_pages_and_pdfs(quarto_site, motor_site):
    def filer(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".html", ".pdf")
                and "site_libs" not in p.parts}
    assert filer(quarto_site) == filer(motor_site) == set(SIDER) | set(PDFER)


@pytest.mark.parametrize("side", SIDER)
def test_every_page_has_the_engines_main_text_under_quarto(quarto_site, motor_site, side):
    assert hovedtekst(quarto_site / side) == hovedtekst(motor_site / side)


@pytest.mark.parametrize("pdf", PDFER)
def test_every_pdf_has_the_engines_text_under_quarto(quarto_site, motor_site, pdf):
    assert pdf_tekst(quarto_site / pdf) == pdf_tekst(motor_site / pdf)


@pytest.mark.parametrize("side", SIDER)
def test_no_page_shows_code_or_an_inline_expression_under_quarto(quarto_site, side):
    indhold = (quarto_site / side).read_text(encoding="utf-8")
    assert "{python}" not in indhold and "<pre" not in indhold and "<code" not in indhold


@pytest.mark.parametrize("pdf", PDFER)
def test_no_pdf_shows_code_or_an_inline_expression_under_quarto(quarto_site, pdf):
    tekst = pdf_tekst(quarto_site / pdf)
    assert not [ord for ord in ("{python}", "import ", "print(", "valgt_ark", "speciale =") if ord in tekst]


@pytest.mark.parametrize("side", [s for s in SIDER if s.startswith("reports/")])
def test_every_sheets_pdf_link_says_pdf_under_quarto(quarto_site, side):
    indhold = (quarto_site / side).read_text(encoding="utf-8")
    boks = re.search(r'<div class="quarto-alternate-formats">.*?</div>', indhold, re.S).group(0)
    assert re.findall(r"</i>([^<]*)</a>", boks) == ["PDF"]
    assert "Typst" not in html_tekst(quarto_site / side)


def test_the_card_command_makes_the_named_short_sheet_in_html_and_pdf(quarto_site):
    assert hovedtekst(quarto_site / "reports" / "faktaark.html") == hovedtekst(quarto_site / "reports" / f"{KORT}.html")
    assert "Ingen af de 10 inviterede tomologer har besvaret spørgeskemaet." in pdf_tekst(
        quarto_site / "reports" / "faktaark.pdf")


@pytest.mark.parametrize("slug", [FULDT, KORT])
def test_the_templates_command_makes_the_named_sheet_as_its_page_in_the_site(quarto_site, quarto_koersler, slug):
    """`quarto render reports/faktaark.qmd -P speciale:<slug>`, for a full and a short sheet."""
    site = quarto_koersler["skabelon-fuldt" if slug == FULDT else "skabelon-kort"].vent() / "reports"
    assert hovedtekst(site / "faktaark.html") == hovedtekst(quarto_site / "reports" / f"{slug}.html")
    assert pdf_tekst(site / "faktaark.pdf") == pdf_tekst(quarto_site / "reports" / f"{slug}.pdf")


def test_the_card_command_makes_a_full_sheet_in_html_and_pdf(quarto_koersler):
    """`quarto render -P speciale:reumatologi`, the card's own example."""
    site = quarto_koersler["site-fuldt"].vent() / "reports"
    assert hovedtekst(site / "faktaark.html") == hovedtekst(site / f"{FULDT}.html")
    assert pdf_tekst(site / "faktaark.pdf") == pdf_tekst(site / f"{FULDT}.pdf")
    assert "Klyngearbejdet i Reumatologi: Resultater" in pdf_tekst(site / "faktaark.pdf")


def titel(sti: Path) -> str:
    return re.search(r"<title>(.*?)</title>", sti.read_text(encoding="utf-8"), re.S).group(1)


@pytest.mark.parametrize("side", SIDER)
def test_every_page_has_the_engines_title_under_quarto(quarto_site, motor_site, side):
    assert titel(quarto_site / side) == titel(motor_site / side)


@pytest.mark.parametrize("motor", [False, True], ids=["quarto", "engine"])
def test_the_card_commands_sheet_has_its_specialtys_title(quarto_site, motor_site, motor):
    reports = (motor_site if motor else quarto_site) / "reports"
    assert titel(reports / "faktaark.html") == titel(reports / f"{KORT}.html") == (
        "Udkast: Klyngearbejdet i Tomologi – Klyngearbejdet i speciallægepraksis")


@pytest.mark.parametrize("motor", [False, True], ids=["quarto", "engine"])
def test_the_card_commands_pdf_has_its_specialtys_title_subject_and_author(quarto_site, motor_site, motor):
    import pikepdf

    reports = (motor_site if motor else quarto_site) / "reports"
    with pikepdf.open(reports / "faktaark.pdf") as ark, pikepdf.open(reports / f"{KORT}.pdf") as side:
        assert {n: str(ark.docinfo[n]) for n in ("/Title", "/Subject", "/Author")} == {
            n: str(side.docinfo[n]) for n in ("/Title", "/Subject", "/Author")}
        assert "Faktaark om klyngearbejdet i Tomologi" in str(ark.docinfo["/Subject"])
