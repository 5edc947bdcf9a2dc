"""The rule that calls a difference between two rounds a change (klynge.maal.udvikling)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from klynge.maal.andele import Andel
from klynge.maal.udvikling import IKKE_SAMMENLIGNET, NED, OP, PAA_NIVEAU, aendring, newcombe, wilson

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
