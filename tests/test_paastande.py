"""Every figure-dependent word carries a claim over the sheet's own printed figures, and a sheet
whose words contradict a figure is not built: one error line per claim, naming the sentence and
the figure (klynge/ark/paastande.py)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from klynge.ark import faktaark, ordvalg
from klynge.ark import paastande as P
from klynge.fejl import DataFejl
from site_hjaelp import kopier_projekt

SLUGS = ("neurologi", "reumatologi", "paediatri", "gynaekologi", "anaestesiologi")


def F(noegle: str) -> P.Figur:
    return P.Figur(noegle, f"»{noegle}«")


# ---- the relations ------------------------------------------------------------------------
def test_a_superlative_that_leaves_out_a_tied_item_does_not_hold():
    p = P.Paastand("Størst", P.STOERST, (F("a"),), (F("a"), F("b"), F("c")))
    assert P.kontroller(p, {"a": 83, "b": 83, "c": 50}) == "»b« prints 83 pct. too and is not named"


def test_a_superlative_naming_every_tied_item_holds():
    p = P.Paastand("Størst", P.STOERST, (F("a"), F("b")), (F("a"), F("b"), F("c")))
    assert P.kontroller(p, {"a": 83, "b": 83, "c": 50}) is None


def test_flest_of_a_smaller_share_names_the_larger_one():
    p = P.Paastand("flest", P.STOERST, (F("viden"),), (F("viden"), F("data")))
    assert P.kontroller(p, {"viden": 40, "data": 65}) == "»data« prints 65 pct., more than »viden« (40 pct.)"


def test_flest_holds_where_the_sentence_says_it_leaves_the_larger_share_out():
    p = P.Paastand("flest", P.STOERST, (F("viden"),), (F("viden"), F("data")), undtaget=(F("data"),))
    assert P.kontroller(p, {"viden": 40, "data": 65}) is None


def test_a_list_that_drops_a_remaining_item_without_saying_so_does_not_hold():
    p = P.Paastand("dernæst følger", P.RESTEN, (F("d"), F("e")), (F("d"), F("e"), F("f")))
    assert "3 items remain" in P.kontroller(p, {"d": 54, "e": 50, "f": 46})


def test_a_list_that_says_how_many_it_leaves_out_holds():
    p = P.Paastand("dernæst følger", P.RESTEN, (F("d"), F("e")), (F("d"), F("e"), F("f")), udeladt=1)
    assert P.kontroller(p, {"d": 54, "e": 50, "f": 46}) is None


def test_a_quantity_word_holds_only_inside_its_cut_points():
    g = faktaark.lav("neurologi").graenser
    p = P.Paastand("hovedparten", P.HVER_I, (F("a"),), interval=ordvalg.maengde_interval(g, "hovedparten"))
    assert P.kontroller(p, {"a": 75}) is None and P.kontroller(p, {"a": 89}) is None
    assert P.kontroller(p, {"a": 74}) == "»a« prints 74 pct., outside [75, 90)"
    assert P.kontroller(p, {"a": 90}) is not None


def test_a_comparison_word_holds_only_for_its_gap():
    g = faktaark.lav("neurologi").graenser
    over = ordvalg.sammenligning_interval(g, "over", 48)
    p = P.Paastand("over", P.FORSKEL_I, (F("a"), F("snit")), interval=over)
    assert P.kontroller(p, {"a": 55, "snit": Fraction(477, 10)}) is None
    assert P.kontroller(p, {"a": 50, "snit": Fraction(477, 10)}) is not None


def test_a_claim_on_a_hidden_figure_does_not_hold():
    p = P.Paastand("hovedparten", P.HVER_I, (F("a"),), interval=P.Interval(75, 90))
    assert P.kontroller(p, {"a": None}) == "it rests on »a«, which the sheet does not print"


# ---- the five sheets ----------------------------------------------------------------------
@pytest.mark.parametrize("slug", SLUGS)
def test_every_claim_of_the_published_drafts_holds_against_their_own_figures(slug):
    udfald = faktaark.kontroller_paastande(faktaark.lav(slug))
    assert len(udfald) >= 14
    assert [str(u) for u in udfald if u.fejl] == []


@pytest.mark.parametrize("slug", SLUGS)
def test_the_expectations_paragraph_says_it_leaves_out_figure_3s_largest_rarely_share(slug):
    ark = faktaark.lav(slug)
    data = next(e for e in ark.forventninger if e.kort == ark.undersoegelse.skema["vig_data"].kort)
    stoerst = max(e.sjaeldent.hel_procent for e in ark.forventninger)
    assert data.sjaeldent.hel_procent == stoerst  # figure 3's tallest "sjældent eller aldrig" bar
    assert "bortset fra brugen af data (se næste afsnit)" in str(ark.forventning_vurdering).lower()


@pytest.mark.parametrize("slug", SLUGS)
def test_dernaest_foelger_names_every_remaining_motivator(slug):
    ark = faktaark.lav(slug)
    tekst = str(ark.motivation_top)
    viste = [r for r in ark.motivation if r.andel.vist]
    assert all(r.spoergsmaal.punkt.split(" (")[0] in tekst or r.spoergsmaal.kort.lower() in tekst for r in viste)


# ---- a contradicting sentence stops the build -----------------------------------------------
def _altid_naesten_alle(monkeypatch):
    """A wording rule gone wrong: every quantity word is "næsten alle"."""
    monkeypatch.setattr(ordvalg, "maengdeord", lambda g, procent: "næsten alle")


def test_a_sheet_whose_sentence_contradicts_its_figure_is_not_made(monkeypatch):
    _altid_naesten_alle(monkeypatch)
    with pytest.raises(DataFejl) as fejl:
        faktaark.lav("neurologi")
    linjer = str(fejl.value).splitlines()
    assert ('reports/neurologi.qmd: the sentence "Mødedeltagelsen blandt respondenterne er høj: næsten alle – 19 af '
            'de 24 (79 pct.†) – har deltaget i alle eller de fleste møder siden klyngernes opstart." says "næsten '
            'alle" (»Mødedeltagelse« alle eller de fleste (the text): each in [90, inf)), but »Mødedeltagelse« alle '
            'eller de fleste (the text) prints 79 pct., outside [90, inf)') in linjer
    assert len(linjer) == len(set(linjer)) >= 2  # one line per contradicted claim


def test_klynge_render_fails_with_one_line_naming_sentence_and_figure(monkeypatch, tmp_path, capsys):
    from klynge.cli import main

    projekt = kopier_projekt(tmp_path)
    _altid_naesten_alle(monkeypatch)
    kode = main(["render", "--specialty", "neurologi", "--project", str(projekt)])
    fejl = capsys.readouterr().err.strip().splitlines()
    assert kode == 1
    assert fejl and all(linje.startswith("error: reports/") and " the sentence \"" in linje for linje in fejl)
    assert any("»Mødedeltagelse« alle eller de fleste (the text) prints 79 pct., outside [90, inf)" in linje
               for linje in fejl)
    assert "Traceback" not in "\n".join(fejl)
    assert not (projekt / "_site" / "reports" / "neurologi.html").exists()


def test_klynge_check_lists_every_claim_and_whether_it_holds(capsys):
    from klynge.cli import main

    assert main(["check"]) == 0
    ud = capsys.readouterr().out
    assert "== Claims: Neurologi (" in ud and "all hold)" in ud
    assert '"Størst" in "Størst† og lige store er andelene' in ud and ": holds" in ud
    assert "claims checked against the sheets' own figures." in ud


def test_klynge_check_fails_on_a_claim_that_does_not_hold(monkeypatch, capsys):
    from klynge.cli import main

    _altid_naesten_alle(monkeypatch)
    assert main(["check"]) == 1
    ud, fejl = capsys.readouterr()
    assert "FAILS: »Mødedeltagelse« alle eller de fleste (the text) prints 79 pct." in ud
    assert any(linje.startswith("error: reports/neurologi.qmd: the sentence") for linje in fejl.splitlines())
