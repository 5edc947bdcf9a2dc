"""The rule that calls a difference between two rounds a change (klynge.maal.udvikling)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from klynge.maal.andele import Andel
from klynge.maal.udvikling import IKKE_SAMMENLIGNET, NED, OP, PAA_NIVEAU, aendring, aendring_optaelling, newcombe, wilson

MIN_SVAR = 5


@st.composite
def to_andele(draw, min_n: int = MIN_SVAR, max_n: int = 400):
    n1 = draw(st.integers(min_n, max_n))
    n2 = draw(st.integers(min_n, max_n))
    return Andel(draw(st.integers(0, n1)), n1), Andel(draw(st.integers(0, n2)), n2)


def test_newcombe_gives_the_published_interval_of_his_first_example():
    # Newcombe (1998), Statistics in Medicine 17:873-890, table II, example (a): 56/70 - 48/80,
    # method 10 (hybrid score): 0.0524 to 0.3339.
    nedre, oevre = newcombe(48, 80, 56, 70)
    assert (round(nedre, 4), round(oevre, 4)) == (0.0524, 0.3339)


def test_newcombe_gives_the_published_interval_for_two_zero_shares():
    # Ibid., example (h): 0/10 - 0/10: -0.2775 to 0.2775.
    nedre, oevre = newcombe(0, 10, 0, 10)
    assert (round(nedre, 4), round(oevre, 4)) == (-0.2775, 0.2775)


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_a_wilson_interval_holds_its_share_and_stays_within_0_and_1(par):
    antal, n = par
    nedre, oevre = wilson(antal, n)
    assert 0 <= nedre <= antal / n <= oevre <= 1


@settings(max_examples=400)
@given(to_andele())
def test_a_difference_within_one_answers_weight_is_never_called_a_change(par):
    foer, nu = par
    resultat = aendring(foer, nu, MIN_SVAR)
    if abs(nu.hel_procent - foer.hel_procent) <= Fraction(100, min(foer.n, nu.n)):
        assert resultat.retning == PAA_NIVEAU


@settings(max_examples=400)
@given(to_andele())
def test_a_difference_whose_interval_holds_0_is_never_called_a_change(par):
    foer, nu = par
    resultat = aendring(foer, nu, MIN_SVAR)
    nedre, oevre = newcombe(foer.antal, foer.n, nu.antal, nu.n)
    if nedre <= 0 <= oevre:
        assert not resultat.er_aendring


@settings(max_examples=400)
@given(to_andele())
def test_a_change_is_called_exactly_when_both_conditions_hold_and_points_the_way_of_the_figures(par):
    foer, nu = par
    resultat = aendring(foer, nu, MIN_SVAR)
    nedre, oevre = newcombe(foer.antal, foer.n, nu.antal, nu.n)
    forskel = nu.hel_procent - foer.hel_procent
    forventet = abs(forskel) > Fraction(100, min(foer.n, nu.n)) and (nedre > 0 or oevre < 0)
    assert resultat.er_aendring == forventet
    if resultat.er_aendring:
        assert resultat.retning == (OP if forskel > 0 else NED)
        assert (nu.procent > foer.procent) == (resultat.retning == OP)


@settings(max_examples=300)
@given(to_andele())
def test_swapping_the_rounds_swaps_the_verdict(par):
    foer, nu = par
    frem, tilbage = aendring(foer, nu, MIN_SVAR).retning, aendring(nu, foer, MIN_SVAR).retning
    assert {frem, tilbage} in ({OP, NED}, {PAA_NIVEAU})


@settings(max_examples=300)
@given(st.integers(MIN_SVAR, 400), st.integers(0, 400), st.integers(-1, 1))
def test_the_same_share_moved_by_one_answer_is_never_a_change(n, antal, flyt):
    """Noise of one respondent (the smallest change there is) never earns a word."""
    antal = min(antal, n)
    nyt = min(max(antal + flyt, 0), n)
    assert aendring(Andel(antal, n), Andel(nyt, n), MIN_SVAR).retning == PAA_NIVEAU


def test_a_difference_of_exactly_one_answers_weight_is_on_level():
    # 20 answers each: one answer weighs 5 points; 50 pct. against 55 pct. is exactly that.
    resultat = aendring(Andel(10, 20), Andel(11, 20), MIN_SVAR)
    assert resultat.forskel == 5 and resultat.vaegt == 5
    assert resultat.retning == PAA_NIVEAU


def test_the_word_turns_to_a_change_exactly_where_the_interval_stops_holding_0():
    # 40 answers in each round, 20 positive before: find the first count now whose interval
    # excludes 0; one answer fewer is on level, that one is a rise.
    foer = Andel(20, 40)
    kant = next(x for x in range(20, 41) if newcombe(20, 40, x, 40)[0] > 0)
    assert newcombe(20, 40, kant - 1, 40)[0] <= 0
    assert aendring(foer, Andel(kant - 1, 40), MIN_SVAR).retning == PAA_NIVEAU
    assert aendring(foer, Andel(kant, 40), MIN_SVAR).retning == OP


@pytest.mark.parametrize("foer, nu", [(Andel(3, 4, vist=False), Andel(10, 20)), (Andel(10, 20), Andel(0, 4, vist=False)),
                                      (Andel(2, 4), Andel(10, 20))])
def test_a_share_below_the_threshold_in_either_round_is_not_compared(foer, nu):
    assert aendring(foer, nu, MIN_SVAR).retning == IKKE_SAMMENLIGNET


# ---- the claims change words make (klynge.ark.paastande), checked against printed figures ----

from klynge.ark.paastande import OPTAELLING, Figur, Paastand, kontroller  # noqa: E402
from klynge.ark.udvikling import aendringspaastand, andelstal  # noqa: E402

FOER, NU = Figur("foer", "the share in 2025"), Figur("nu", "the share now")
ORD = {OP: "steget", NED: "faldet", PAA_NIVEAU: "på niveau med 2025"}


def _printet(foer: Andel, nu: Andel) -> dict:
    return {**andelstal("foer", foer), **andelstal("nu", nu)}


@settings(max_examples=400)
@given(to_andele())
def test_the_change_word_the_rule_chooses_makes_a_claim_the_printed_figures_hold(par):
    foer, nu = par
    ord_ = ORD[aendring(foer, nu, MIN_SVAR).retning]
    assert kontroller(aendringspaastand(ord_, FOER, NU), _printet(foer, nu)) is None


@settings(max_examples=400)
@given(to_andele())
def test_every_other_change_word_is_contradicted_by_the_printed_figures(par):
    foer, nu = par
    valgt = aendring(foer, nu, MIN_SVAR).retning
    for retning, ord_ in ORD.items():
        if retning != valgt:
            fejl = kontroller(aendringspaastand(ord_, FOER, NU), _printet(foer, nu))
            assert fejl is not None and "the share in 2025 prints" in fejl


@settings(max_examples=200)
@given(st.lists(to_andele(), min_size=1, max_size=6), st.integers(-1, 1))
def test_a_summary_holds_only_with_the_counts_of_rises_and_falls_the_rule_gives(par, skaev):
    figurer, tal = [], {}
    for i, (foer, nu) in enumerate(par):
        figurer += [Figur(f"foer{i}", f"item {i} in 2025"), Figur(f"nu{i}", f"item {i} now")]
        tal.update(andelstal(f"foer{i}", foer) | andelstal(f"nu{i}", nu))
    retninger = [aendring(foer, nu, MIN_SVAR).retning for foer, nu in par]
    antal = (len(par), retninger.count(OP), retninger.count(NED))
    sagt = (antal[0], antal[1] + skaev, antal[2]) if antal[1] + skaev >= 0 else antal
    fejl = kontroller(Paastand("…", OPTAELLING, tuple(figurer), antal=sagt), tal)
    assert (fejl is None) == (sagt == antal)


# ---- the response rate: a count of everyone invited (a census), not a sample ----------------------

@st.composite
def to_svarprocenter(draw, max_n: int = 400):
    n1, n2 = draw(st.integers(1, max_n)), draw(st.integers(1, max_n))
    return Andel(draw(st.integers(0, n1)), n1), Andel(draw(st.integers(0, n2)), n2)


def _printet_svarprocent(foer: Andel, nu: Andel) -> dict:
    return {**andelstal("foer", foer, optaelling=True), **andelstal("nu", nu, optaelling=True)}


@settings(max_examples=400)
@given(to_svarprocenter())
def test_a_response_rate_is_called_a_change_exactly_when_its_printed_figures_differ_by_more_than_one_respondent(par):
    from fractions import Fraction

    from klynge.maal.afrunding import rund_halvt_op

    foer, nu = par
    retning = aendring_optaelling(foer, nu).retning
    forskel = abs(rund_halvt_op(nu.procent, 1) - rund_halvt_op(foer.procent, 1))
    vaegt_op_til_tiendedel = -(-1000 // min(foer.n, nu.n)) / Fraction(10)
    assert (retning != PAA_NIVEAU) == (Fraction(forskel) > vaegt_op_til_tiendedel)


@settings(max_examples=400)
@given(to_svarprocenter())
def test_one_respondent_more_or_fewer_never_changes_a_response_rate(par):
    foer, _ = par
    for antal in (foer.antal - 1, foer.antal + 1):
        if 0 <= antal <= foer.n:
            assert aendring_optaelling(foer, Andel(antal, foer.n)).retning == PAA_NIVEAU


@settings(max_examples=400)
@given(to_svarprocenter())
def test_a_response_rate_change_points_the_way_of_the_printed_figures(par):
    from klynge.maal.afrunding import rund_halvt_op

    foer, nu = par
    retning = aendring_optaelling(foer, nu).retning
    forskel = rund_halvt_op(nu.procent, 1) - rund_halvt_op(foer.procent, 1)
    assert retning in ((OP, PAA_NIVEAU) if forskel > 0 else (NED, PAA_NIVEAU) if forskel < 0 else (PAA_NIVEAU,))


@settings(max_examples=400)
@given(to_svarprocenter())
def test_only_the_word_the_census_rule_chooses_for_a_response_rate_holds_against_the_printed_figures(par):
    foer, nu = par
    valgt = aendring_optaelling(foer, nu).retning
    for retning, ord_ in ORD.items():
        fejl = kontroller(aendringspaastand(ord_, FOER, NU), _printet_svarprocent(foer, nu))
        assert (fejl is None) == (retning == valgt)
