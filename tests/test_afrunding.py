"""Half-up rounding and the Danish wording of figures (klynge.maal.afrunding, klynge.ark.tekst)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from klynge.maal.afrunding import mulige_antal, naermeste_antal, procent, rund_halvt_op
from klynge.ark.tekst import antal_med_ord, antal_med_tal, decimaltal, heltal, opremsning, pct, talord

# --- rounding -----------------------------------------------------------------------------

HALVT_OP = [
    pytest.param(12.5, 0, 13, id="12_5_rounds_up_to_13"),
    pytest.param(0.5, 0, 1, id="0_5_rounds_up_to_1"),
    pytest.param(2.5, 0, 3, id="2_5_rounds_up_to_3"),
    pytest.param(1.49, 0, 1, id="1_49_rounds_down_to_1"),
    pytest.param(68.75, 1, Fraction("68.8"), id="68_75_rounds_up_to_68_8_at_one_decimal"),
    pytest.param(92.3077, 1, Fraction("92.3"), id="92_3077_rounds_down_to_92_3_at_one_decimal"),
    pytest.param(Fraction(1200, 13), 1, Fraction("92.3"), id="48_of_52_exactly_rounds_to_92_3"),
    pytest.param(Fraction(275, 4), 1, Fraction("68.8"), id="22_of_32_exactly_rounds_to_68_8"),
    pytest.param(-2.5, 0, -3, id="minus_2_5_rounds_away_from_zero_to_minus_3"),
]


@pytest.mark.parametrize(("vaerdi", "decimaler", "forventet"), HALVT_OP)
def test_rounding_is_half_up(vaerdi, decimaler, forventet):
    assert rund_halvt_op(vaerdi, decimaler) == forventet


def test_half_up_differs_from_pythons_round_at_2_5():
    assert round(2.5) == 2
    assert rund_halvt_op(2.5) == 3


def test_one_of_eight_is_13_pct_not_12():
    assert procent(1, 8) == Fraction(25, 2)
    assert pct(procent(1, 8)) == "13 pct."


def test_a_share_of_no_answers_is_an_error():
    with pytest.raises(ValueError):
        procent(0, 0)


def test_68_pct_cannot_come_from_48_answers_but_can_from_47():
    assert mulige_antal(68, 48) == []
    assert mulige_antal(68, 47) == [32]


def test_nearest_count_for_an_impossible_share_is_the_closest_one():
    assert naermeste_antal(84, 13) == 11  # 11/13 = 84.6 pct. is nearest to 84


# --- formatting ---------------------------------------------------------------------------

PROCENTER = [
    pytest.param(60, 1, "60 pct.", id="60_at_one_decimal_drops_the_zero"),
    pytest.param(Fraction(1200, 13), 1, "92,3 pct.", id="92_3_uses_a_decimal_comma"),
    pytest.param(68.75, 1, "68,8 pct.", id="68_75_prints_68_8"),
    pytest.param(Fraction(200, 3), 0, "67 pct.", id="two_thirds_prints_67"),
    pytest.param(100, 0, "100 pct.", id="100_prints_100"),
]


@pytest.mark.parametrize(("vaerdi", "decimaler", "tekst"), PROCENTER)
def test_percentages_are_written_the_danish_way(vaerdi, decimaler, tekst):
    assert pct(vaerdi, decimaler) == tekst


def test_pct_60_at_one_decimal_is_60_pct():
    assert pct(60, 1) == "60 pct."


def test_thousands_are_separated_by_a_dot():
    assert heltal(1234) == "1.234"
    assert heltal(1234567) == "1.234.567"
    assert decimaltal(1234.5, 1) == "1.234,5"


def test_small_numbers_have_no_separator():
    assert heltal(999) == "999"


# --- number words -------------------------------------------------------------------------

def test_four_clusters_are_fire_klynger():
    assert antal_med_ord(4, "klynge", "klynger") == "fire klynger"


def test_one_cluster_is_en_klynge_with_accent():
    assert antal_med_ord(1, "klynge", "klynger") == "én klynge"


def test_one_neuter_is_et_with_accent():
    assert talord(1, neutrum=True) == "ét"


def test_seven_is_syv():
    assert talord(7) == "syv"


def test_two_is_to():
    assert talord(2) == "to"


def test_counts_with_digits_use_singular_for_one():
    assert antal_med_tal(1, "medlem", "medlemmer") == "1 medlem"
    assert antal_med_tal(15, "medlem", "medlemmer") == "15 medlemmer"


# --- lists --------------------------------------------------------------------------------

def test_list_of_three_has_no_comma_before_og():
    assert opremsning(["A", "B", "C"]) == "A, B og C"


def test_list_of_two_is_joined_by_og():
    assert opremsning(["A", "B"]) == "A og B"


def test_list_of_one_is_the_item():
    assert opremsning(["A"]) == "A"


def test_list_may_end_with_samt():
    assert opremsning(["A", "B", "C"], og="samt") == "A, B samt C"


def _mulige_ved_at_proeve_hvert_antal(vaerdi, n, decimaler=0):
    return [k for k in range(n + 1) if rund_halvt_op(procent(k, n), decimaler) == Fraction(str(vaerdi))]


def test_possible_counts_are_exactly_those_that_round_to_the_shown_figure():
    for n in range(1, 61):
        for vaerdi in (0, 1, 33, 50, 67, 68, 84, 99, 100, 12.5, 66.7):
            decimaler = 0 if float(vaerdi).is_integer() else 1
            assert mulige_antal(vaerdi, n, decimaler) == _mulige_ved_at_proeve_hvert_antal(vaerdi, n, decimaler), (vaerdi, n)


def test_the_largest_base_that_gives_a_figure_is_found_from_the_top():
    from klynge.maal.afrunding import stoerste_opnaaelige_n

    assert stoerste_opnaaelige_n(68, 48) == 47  # 32/47 = 68.1 pct.; 48 answers cannot give 68
    assert stoerste_opnaaelige_n(68, 200_000) == 200_000
    assert stoerste_opnaaelige_n(84, 14) is None


def test_the_nearest_fraction_is_the_closest_whole_count_over_any_base():
    from klynge.maal.afrunding import naermeste_brok

    assert naermeste_brok(84, 14) == (11, 13)  # 84.6 pct.
