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
    """Every count k (0..n) whose share k/n rounds to the shown percentage.

    Rounding half up maps k/n to the shown value v exactly when v - h <= 100k/n < v + h, with
    h half a unit of the last decimal: the counts form one run, found without trying each k
    (the audit asks this for every base up to a specialty's size)."""
    maal = Fraction(str(procent_vist)) if isinstance(procent_vist, float) else Fraction(procent_vist)
    skala = 10**decimaler
    if n <= 0 or (maal * skala).denominator != 1 or maal < 0:
        return []
    h = Fraction(1, 2 * skala)
    fra = max(0, math.ceil((maal - h) * n / 100))
    til = min(n, math.ceil((maal + h) * n / 100) - 1)
    return list(range(fra, til + 1))


def naermeste_antal(procent_vist: Fraction | int | float, n: int) -> int:
    """The count whose rounded share is the shown one, or else the closest possible count."""
    mulige = mulige_antal(procent_vist, n)
    if mulige:
        return mulige[len(mulige) // 2]
    maal = Fraction(str(procent_vist)) if isinstance(procent_vist, float) else Fraction(procent_vist)
    gulv = max(0, min(n, math.floor(maal * n / 100)))
    return min({gulv, min(n, gulv + 1)}, key=lambda k: (abs(procent(k, n) - maal), k))


def stoerste_opnaaelige_n(procent_vist: Fraction | int, n_hoejst: int) -> int | None:
    """The largest number of answers n <= n_hoejst for which some whole count rounds to the shown
    whole percentage, or None. Every whole percentage up to 100 can be reached with 100 answers
    or more, so the search from the top takes at most 100 steps."""
    maal = Fraction(procent_vist)
    if maal.denominator != 1 or not 0 <= maal <= 100:
        return None
    return next((n for n in range(n_hoejst, 0, -1) if mulige_antal(maal, n)), None)


def naermeste_brok(procent_vist: Fraction | int, n_hoejst: int) -> tuple[int, int]:
    """(count, base) with base <= n_hoejst whose share is closest to the shown percentage;
    smallest count first on ties. Bases above 1 000 are not tried: the example only has to show
    how close whole answers come, and the search must stay quick for any size of data."""
    maal = Fraction(procent_vist)
    bedste = None
    for n in range(1, min(n_hoejst, 1000) + 1):
        k = naermeste_antal(maal, n)
        kandidat = (abs(procent(k, n) - maal), k, n)
        if bedste is None or kandidat < bedste:
            bedste = kandidat
    return bedste[1], bedste[2]
