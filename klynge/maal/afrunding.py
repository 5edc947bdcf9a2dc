"""Exact percentages and the half-up rounding the fact sheets use.

Python's round() rounds half to even (round(0.5) == 0) and works on binary floats, so
2/8 = 12.5 % would print as "12 pct."; the sheets round half up. Shares are therefore kept
as exact fractions and rounded only when formatted.
"""

from __future__ import annotations

import math
from fractions import Fraction


def procent(antal: int, n: int) -> Fraction:
    """The exact share antal/n in percent."""
    if n <= 0:
        raise ValueError("a share needs at least one answer")
    return Fraction(100 * antal, n)


def rund_halvt_op(vaerdi: Fraction | int | float | str, decimaler: int = 0) -> Fraction:
    """Round half away from zero to a number of decimals, exactly."""
    x = Fraction(vaerdi) if not isinstance(vaerdi, float) else Fraction(str(vaerdi))
    skala = 10**decimaler
    skaleret = abs(x) * skala
    afrundet = Fraction(math.floor(skaleret + Fraction(1, 2)), skala)
    return afrundet if x >= 0 else -afrundet


def mulige_antal(procent_vist: Fraction | int | float, n: int, decimaler: int = 0) -> list[int]:
    """Every count k (0..n) whose share k/n rounds to the shown percentage."""
    maal = Fraction(str(procent_vist)) if isinstance(procent_vist, float) else Fraction(procent_vist)
    return [k for k in range(n + 1) if rund_halvt_op(procent(k, n), decimaler) == maal]


def naermeste_antal(procent_vist: Fraction | int | float, n: int) -> int:
    """The count whose rounded share is the shown one, or else the closest possible count."""
    mulige = mulige_antal(procent_vist, n)
    if mulige:
        return mulige[len(mulige) // 2]
    maal = Fraction(str(procent_vist)) if isinstance(procent_vist, float) else Fraction(procent_vist)
    return min(range(n + 1), key=lambda k: (abs(procent(k, n) - maal), k))
