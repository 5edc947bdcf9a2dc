"""The charts' alt text: the main figures in Danish, from the same numbers as the chart, the
same text in the HTML and the PDF, and never a figure based on fewer than min_svar answers."""

from __future__ import annotations

import re
from html import unescape

import pytest

from klynge.ark import alttekst, faktaark
from klynge.ark import tekst as t
from klynge.maal import andele as m
from site_hjaelp import ROD

UDSAGN = "vurderer, at klyngearbejdet i høj eller meget høj grad understøtter kvalitetsarbejdet"


@pytest.fixture(scope="module")
def ark():
    return faktaark.lav("reumatologi", ROD)


def test_cluster_chart_alt_text_opens_with_the_specialty_share_and_its_base(ark):
    a = ark.understoetter
    alt = faktaark.figur(ark, "understoetter").alt
    assert alt.startswith(f"{t.pct(a.procent)} af {a.n} svar vurderer, at klyngearbejdet i høj eller meget høj grad")


def test_cluster_chart_alt_text_gives_the_range_of_the_clusters(ark):
    spaend = m.klynge_spaend(ark.understoetter_klynger)
    alt = faktaark.figur(ark, "understoetter").alt
    assert (f"klyngerne ligger fra {t.decimaltal(spaend.laveste.andel.procent)} "
            f"til {t.pct(spaend.hoejeste.andel.procent)}") in alt


def test_alt_text_names_a_hidden_cluster_without_its_figures():
    klynger = (m.KlyngeAndel("Lille klynge", m.Andel(1, 4, vist=False), "færre end 5 svar"),
               m.KlyngeAndel("Stor klynge", m.Andel(9, 12)), m.KlyngeAndel("Mellem klynge", m.Andel(6, 10)))
    alt = alttekst.klyngefigur(UDSAGN, m.Andel(18, 26), klynger, 60, 5)
    assert "Ikke vist af hensyn til anonymiteten: Lille klynge" in alt
    assert "af 4 svar" not in alt and "25 pct." not in alt


def test_alt_text_gives_no_specialty_share_based_on_fewer_than_min_svar_answers():
    alt = alttekst.klyngefigur(UDSAGN, m.Andel(3, 4, vist=False), (), 60, 5)
    assert "75 pct." not in alt and "færre end 5" in alt


def test_every_chart_in_the_html_has_the_alt_text_its_pdf_figure_has(site):
    pikepdf = pytest.importorskip("pikepdf")
    for sti in sorted(p for p in (site / "reports").glob("*.html") if p.name != "faktaark.html"):  # the sheets
        html_alt = [unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', sti.read_text(encoding="utf-8"))]
        pdf_alt = []

        def gaa(node):
            if isinstance(node, pikepdf.Array):
                for barn in node:
                    gaa(barn)
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    pdf_alt.append(str(node.get("/Alt")))
                if "/K" in node:
                    gaa(node["/K"])

        with pikepdf.open(sti.with_suffix(".pdf")) as pdf:
            gaa(pdf.Root.StructTreeRoot)
        assert html_alt == pdf_alt and len(html_alt) == 5, sti.name
