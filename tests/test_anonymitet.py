"""Anonymity: no figure for fewer answers than the threshold, and no figure that lets a hidden
one be worked out by subtraction. Tested on klynge.maal.andele with small hand-made answer tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from klynge.maal import andele as m
from klynge.data.indlaes import Klynge, Speciale, indlaes
from klynge.data.publiceret import laes_publicerede
from klynge.ark.revision import revider

JA = "I høj grad"  # positiv
NEJ = "I mindre grad"  # negativ


@pytest.fixture(scope="module")
def spm(undersoegelse):
    """The real codebook's question "Understøtter klyngearbejdet kvalitetsarbejdet?"."""
    return undersoegelse.skema["understoetter"]


@pytest.fixture(scope="module")
def min_svar(undersoegelse) -> int:
    return undersoegelse.indstillinger.min_svar


def lav(klynger: dict[str, list[str | None]]) -> tuple[Speciale, pd.DataFrame]:
    """A specialty whose clusters have exactly the given answers (None = did not answer)."""
    raekker = []
    for navn, svar in klynger.items():
        for s in svar:
            raekker.append({"respondent_id": f"T{len(raekker) + 1:03d}", "speciale": "test", "klynge": navn,
                            "understoetter": pd.NA if s is None else s})
    frame = pd.DataFrame(raekker, columns=["respondent_id", "speciale", "klynge", "understoetter"])
    sp = Speciale("test", "Test", "testere", population=100,
                  klynger=tuple(Klynge(navn, medlemmer=20) for navn in klynger))
    return sp, frame


def vist(sp: Speciale, frame: pd.DataFrame, spm, min_svar: int) -> dict[str, bool]:
    return {k.klynge: k.andel.vist for k in m.klynge_andele(frame, sp, spm, "positiv", min_svar)}


# --- the threshold ------------------------------------------------------------------------

def test_min_svar_from_settings_is_5(undersoegelse):
    assert undersoegelse.indstillinger.min_svar == 5


def test_cluster_with_4_answers_is_hidden(spm, min_svar):
    sp, frame = lav({"A": [JA] * 4, "B": [JA] * 6, "C": [JA] * 8})
    a = next(k for k in m.klynge_andele(frame, sp, spm, "positiv", min_svar) if k.klynge == "A")
    assert not a.andel.vist
    assert a.skjult_fordi == "færre end 5 svar"


def test_cluster_with_5_answers_is_shown(spm, min_svar):
    sp, frame = lav({"A": [JA] * 5, "B": [JA] * 6})
    assert vist(sp, frame, spm, min_svar) == {"A": True, "B": True}


def test_unanswered_question_counts_against_the_threshold(spm, min_svar):
    # Five respondents, but only four answered this question.
    sp, frame = lav({"A": [JA, JA, NEJ, JA, None], "B": [JA] * 6, "C": [JA] * 7})
    assert vist(sp, frame, spm, min_svar)["A"] is False


def test_specialty_share_below_the_threshold_is_not_shown(spm, min_svar):
    _, frame = lav({"A": [JA] * 4})
    assert m.andel(frame, spm, "positiv", min_svar).vist is False
    _, frame = lav({"A": [JA] * 5})
    assert m.andel(frame, spm, "positiv", min_svar).vist is True


# --- hiding one more so the hidden one cannot be recovered --------------------------------

def test_when_exactly_one_cluster_is_hidden_the_smallest_other_is_hidden_too(spm, min_svar):
    sp, frame = lav({"A": [JA] * 4, "B": [JA] * 7, "C": [JA] * 6, "D": [JA] * 9})
    andele = {k.klynge: k for k in m.klynge_andele(frame, sp, spm, "positiv", min_svar)}
    assert {navn: k.andel.vist for navn, k in andele.items()} == {"A": False, "B": True, "C": False, "D": True}
    assert andele["C"].skjult_fordi == "kan udledes af de øvrige tal"


def test_two_clusters_one_small_are_both_hidden(spm, min_svar):
    sp, frame = lav({"A": [JA] * 4, "B": [JA] * 12})
    assert vist(sp, frame, spm, min_svar) == {"A": False, "B": False}


def test_two_small_clusters_need_no_third_hidden(spm, min_svar):
    sp, frame = lav({"A": [JA] * 3, "B": [JA] * 4, "C": [JA] * 8, "D": [JA] * 9})
    assert vist(sp, frame, spm, min_svar) == {"A": False, "B": False, "C": True, "D": True}


def test_no_cluster_is_hidden_when_all_are_large_enough(spm, min_svar):
    sp, frame = lav({"A": [JA] * 5, "B": [JA] * 6, "C": [JA] * 8})
    assert all(vist(sp, frame, spm, min_svar).values())


def test_tie_for_smallest_other_cluster_hides_one_only(spm, min_svar):
    sp, frame = lav({"A": [JA] * 4, "B": [JA] * 6, "C": [JA] * 6, "D": [JA] * 9})
    assert sum(not v for v in vist(sp, frame, spm, min_svar).values()) == 2


def test_two_small_clusters_whose_sum_is_below_the_threshold_get_a_third_hidden(spm, min_svar):
    # 2 + 2 answers could otherwise be recovered together as the total minus the shown clusters.
    sp, frame = lav({"A": [JA] * 2, "B": [JA] * 2, "C": [JA] * 13, "D": [JA] * 14})
    assert vist(sp, frame, spm, min_svar) == {"A": False, "B": False, "C": False, "D": True}


def test_a_cluster_without_answers_does_not_hide_a_real_cluster(spm, min_svar):
    sp, frame = lav({"Tom": [], "B": [JA] * 10, "C": [JA] * 38})
    assert vist(sp, frame, spm, min_svar) == {"Tom": False, "B": True, "C": True}


def _udledelige(n_klynger: list[int], skjul: list[bool], min_svar: int) -> bool:
    """What an attacker gets from the total and the shown clusters: the hidden clusters as one
    group. It leaks unless it is empty, or at least min_svar answers over at least two clusters."""
    med_svar = [n for n, s in zip(n_klynger, skjul) if s and n > 0]
    return bool(med_svar) and (len(med_svar) < 2 or sum(med_svar) < min_svar) and not all(skjul)


def test_no_hidden_cluster_can_be_derived_for_any_cluster_sizes(min_svar):
    import itertools

    for antal in range(1, 6):
        for n_klynger in itertools.product([0, 1, 2, 3, 4, 5, 6, 9], repeat=antal):
            skjul = m.skjulte(list(n_klynger), min_svar)
            assert all(s for n, s in zip(n_klynger, skjul) if n < min_svar), n_klynger
            assert not _udledelige(list(n_klynger), skjul, min_svar), (n_klynger, skjul)


# --- the cluster range ---------------------------------------------------------------------

def test_hidden_cluster_does_not_count_in_klynge_spaend(spm, min_svar):
    # A (0 of 4) and B are hidden; the range is over C (50 pct.) and D (80 pct.) only.
    sp, frame = lav({"A": [NEJ] * 4, "B": [JA] * 6, "C": [JA] * 4 + [NEJ] * 4, "D": [JA] * 8 + [NEJ] * 2})
    s = m.klynge_spaend(m.klynge_andele(frame, sp, spm, "positiv", min_svar))
    assert (s.laveste.klynge, s.hoejeste.klynge) == ("C", "D")
    assert (s.laveste.andel.hel_procent, s.hoejeste.andel.hel_procent) == (50, 80)
    assert (s.antal_vist, s.antal_skjult) == (2, 2)


def test_spaend_is_none_with_fewer_than_two_clusters_shown(spm, min_svar):
    sp, frame = lav({"A": [JA] * 4, "B": [JA] * 3, "C": [JA] * 9})
    assert m.klynge_spaend(m.klynge_andele(frame, sp, spm, "positiv", min_svar)) is None


def test_spaend_is_none_when_both_of_two_clusters_are_hidden(spm, min_svar):
    sp, frame = lav({"A": [JA] * 4, "B": [JA] * 12})
    assert m.klynge_spaend(m.klynge_andele(frame, sp, spm, "positiv", min_svar)) is None


def test_spaend_is_none_for_a_single_cluster(spm, min_svar):
    sp, frame = lav({"A": [JA] * 12})
    assert m.klynge_spaend(m.klynge_andele(frame, sp, spm, "positiv", min_svar)) is None


# --- the threshold is one setting ---------------------------------------------------------

def _med_min_svar(mappe: Path, min_svar: int | str) -> None:
    sti = mappe / "indstillinger.toml"
    linjer = sti.read_text(encoding="utf-8").splitlines()
    assert sum(l.startswith("min_svar") for l in linjer) == 1
    sti.write_text("\n".join(f"min_svar = {min_svar}" if l.startswith("min_svar") else l for l in linjer) + "\n",
                   encoding="utf-8")


def test_threshold_is_the_min_svar_setting_in_indstillinger(datakopi, undersoegelse):
    # Neurologi's clusters answered 9, 5, 5 and 5: shown at 5, all but one hidden at 6.
    spm = undersoegelse.skema["understoetter"]
    foer = m.klynge_spaend(m.klynge_andele(undersoegelse.besvarelser_for("neurologi"),
                                           undersoegelse.speciale("neurologi"), spm, "positiv",
                                           undersoegelse.indstillinger.min_svar))
    assert foer is not None and foer.antal_vist == 4

    _med_min_svar(datakopi, 6)
    u = indlaes(datakopi)
    assert u.indstillinger.min_svar == 6
    andele = m.klynge_andele(u.besvarelser_for("neurologi"), u.speciale("neurologi"), spm, "positiv",
                             u.indstillinger.min_svar)
    assert [k.andel.vist for k in andele] == [True, False, False, False]
    assert {k.skjult_fordi for k in andele if not k.andel.vist} == {"færre end 6 svar"}
    assert m.klynge_spaend(andele) is None


def test_audit_names_the_threshold_from_the_setting_when_a_range_is_hidden(datakopi):
    _med_min_svar(datakopi, 6)
    u = indlaes(datakopi)
    kontroller = revider(u, laes_publicerede(datakopi / "publicerede_tal.csv"))
    spaend = [k for k in kontroller if k.speciale == "neurologi" and "klyngeandel" in k.beskrivelse]
    assert len(spaend) == 2
    for k in spaend:
        assert k.beregnet.startswith("vises ikke")
        assert "mindst 6 svar" in k.beregnet, k.beregnet


@pytest.mark.parametrize("vaerdi", ["true", "4.9", '"5"', "5.0"])
def test_threshold_that_is_not_a_plain_whole_number_is_refused(datakopi, vaerdi):
    from klynge.fejl import DataFejl

    _med_min_svar(datakopi, vaerdi)
    with pytest.raises(DataFejl) as e:
        indlaes(datakopi)
    [problem] = e.value.problemer
    assert str(problem).startswith("data/indstillinger.toml: key 'min_svar': must be a whole number")


def test_settings_without_a_key_name_the_missing_key(datakopi):
    from klynge.fejl import DataFejl

    (datakopi / "indstillinger.toml").write_text("", encoding="utf-8")
    with pytest.raises(DataFejl) as e:
        indlaes(datakopi)
    assert [str(p) for p in e.value.problemer] == [
        *(f"data/indstillinger.toml: key '{k}': required key is missing"
          for k in ("udgivet", "indsamlet", "min_svar", "datakilde")),
        "data/indstillinger.toml: key 'ordvalg': the [ordvalg] table is missing"]


@pytest.mark.parametrize("vaerdi", [0, 1, 2, 4])
def test_threshold_below_5_is_refused_as_it_would_break_the_anonymity_promise(datakopi, vaerdi):
    from klynge.fejl import DataFejl

    _med_min_svar(datakopi, vaerdi)
    with pytest.raises(DataFejl) as e:
        indlaes(datakopi)
    [problem] = e.value.problemer
    assert str(problem).startswith(f"data/indstillinger.toml: key 'min_svar': must be at least 5 (found {vaerdi})")


def test_a_misspelt_key_in_the_settings_is_named_with_the_key_it_resembles(datakopi):
    from klynge.fejl import DataFejl

    sti = datakopi / "indstillinger.toml"
    sti.write_text("min_svr = 3\n" + sti.read_text(encoding="utf-8").replace("gab = 25", "gab = 25\ngap = 30"),
                   encoding="utf-8")
    with pytest.raises(DataFejl) as e:
        indlaes(datakopi)
    assert [str(p) for p in e.value.problemer] == [
        "data/indstillinger.toml: key 'min_svr': unknown key; did you mean 'min_svar'?",
        "data/indstillinger.toml: key 'ordvalg.forventninger.gap': unknown key; did you mean 'ordvalg.forventninger.gab'?"]


# --- the real data ------------------------------------------------------------------------

def test_paediatri_vestdanmark_has_4_respondents(undersoegelse):
    svar = undersoegelse.besvarelser_for("paediatri")
    assert (svar["klynge"] == "Pæd – Vestdanmark").sum() == 4


def test_paediatri_clusters_are_both_hidden_in_the_real_data(undersoegelse):
    u = undersoegelse
    andele = {k.klynge: k for k in m.klynge_andele(u.besvarelser_for("paediatri"), u.speciale("paediatri"),
                                                   u.skema["understoetter"], "positiv", u.indstillinger.min_svar)}
    assert not any(k.andel.vist for k in andele.values())
    assert andele["Pæd – Vestdanmark"].skjult_fordi == "færre end 5 svar"
    assert andele["Pæd – Østdanmark"].skjult_fordi == "kan udledes af de øvrige tal"


@pytest.mark.parametrize("slug", ["neurologi", "reumatologi", "gynaekologi", "anaestesiologi"])
def test_other_specialties_show_every_cluster(undersoegelse, slug):
    u = undersoegelse
    andele = m.klynge_andele(u.besvarelser_for(slug), u.speciale(slug), u.skema["understoetter"], "positiv",
                             u.indstillinger.min_svar)
    assert all(k.andel.vist for k in andele)


def test_the_range_text_does_not_call_a_cluster_hidden_as_company_one_with_too_few_answers(datakopi):
    import csv as _csv

    from klynge.ark.faktaark import Faktaark

    sti = datakopi / "besvarelser.csv"
    with sti.open(encoding="utf-8", newline="") as f:
        raekker = list(_csv.DictReader(f))
    sjaelland = [r for r in raekker if r["klynge"] == "Reuma – Sjælland"]
    beholdt = [r for r in raekker if r["klynge"] != "Reuma – Sjælland" or r in sjaelland[:4]]
    with sti.open("w", encoding="utf-8", newline="") as f:
        w = _csv.DictWriter(f, fieldnames=list(raekker[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(beholdt)
    u = indlaes(datakopi)
    tekst = str(Faktaark(u, u.speciale("reumatologi")).klyngevariation)
    assert tekst.endswith("(to klynger indgår ikke af hensyn til anonymiteten).")
    assert "for få svar" not in tekst
