"""Change between two survey rounds: when a difference between two shares is called a change.

The rule (README, "En ny runde"; the sheets' "Om tallene"): the share of this round is called
higher or lower than the share of the previous round only when

1. the difference between the two printed shares (whole percent) is larger than one answer's
   weight in both rounds (100/n points for n answers: 5 points with 20 answers), and
2. the 95 % confidence interval for the difference of two independent proportions, by
   Newcombe's hybrid score method (his method 10: Wilson score intervals for each share,
   combined), does not contain 0.

Otherwise the two are "på niveau". The response rate is not a share of a sample but a count of
everyone invited (a census): no interval, but it is called higher or lower only when its printed
figures (one decimal) differ by more than one respondent's weight in both rounds
(`aendring_optaelling`). The rounds are treated as independent samples: the sheets
never follow a respondent from one round to the next (no panel-level change is published).
A share that is not shown (fewer than `min_svar` answers) is never compared, so no word
depends on hidden answers. Pure functions, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from klynge.maal.afrunding import rund_halvt_op
from klynge.maal.andele import Andel

# The 97.5th percentile of the standard normal distribution: a two-sided 95 % interval.
Z_95 = 1.959963984540054

OP = "op"
NED = "ned"
PAA_NIVEAU = "på niveau"
IKKE_SAMMENLIGNET = "ikke sammenlignet"


def wilson(antal: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson's score interval for the proportion antal/n (n >= 1), as fractions of 1."""
    if n < 1 or not 0 <= antal <= n:
        raise ValueError(f"no proportion {antal} of {n}")
    p = antal / n
    naevner = 1 + z * z / n
    midt = (p + z * z / (2 * n)) / naevner
    halv = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / naevner
    # Exact at the ends: 0 of n has lower limit 0, n of n upper limit 1 (no rounding residue).
    return (0.0 if antal == 0 else max(0.0, midt - halv), 1.0 if antal == n else min(1.0, midt + halv))


def newcombe(antal_1: int, n_1: int, antal_2: int, n_2: int, z: float = Z_95) -> tuple[float, float]:
    """Newcombe's hybrid score interval (1998, method 10) for p2 - p1, as fractions of 1."""
    p1, p2 = antal_1 / n_1, antal_2 / n_2
    l1, u1 = wilson(antal_1, n_1, z)
    l2, u2 = wilson(antal_2, n_2, z)
    d = p2 - p1
    return (d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2), d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2))


def en_besvarelses_vaegt(a: Andel) -> Fraction:
    """One answer's weight in points: 100/n."""
    return Fraction(100, a.n)


@dataclass(frozen=True)
class Aendring:
    """The rule's verdict on one share in two rounds, with everything it rests on: the two
    shares (count and base), the printed difference, the larger of the two answers' weights,
    the 95 % interval for the difference (points) and the verdict. A word about the change is
    made from this and nothing else, so the claim it makes can be checked against it."""

    forrige: Andel
    nu: Andel
    retning: str  # OP, NED, PAA_NIVEAU or IKKE_SAMMENLIGNET
    forskel: int = 0  # printed share now minus printed share before, in points
    vaegt: Fraction = Fraction(0)  # one answer's weight in the round with fewer answers, in points
    interval: tuple[float, float] | None = None  # Newcombe's 95 % interval for the difference, in points
    grund: str = ""  # why IKKE_SAMMENLIGNET
    # A census figure (aendring_optaelling): `forskel` is in tenths of a point, no weight, no interval.
    optaelling: bool = False

    @property
    def er_aendring(self) -> bool:
        return self.retning in (OP, NED)

    @property
    def over_vaegten(self) -> bool:
        return abs(self.forskel) > self.vaegt

    @property
    def interval_udelukker_0(self) -> bool:
        return self.interval is not None and (self.interval[0] > 0 or self.interval[1] < 0)


def aendring(forrige: Andel, nu: Andel, min_svar: int) -> Aendring:
    """Apply the rule to a share in the previous round and the same share now."""
    if not (forrige.vist and nu.vist) or min(forrige.n, nu.n) < max(min_svar, 1):
        return Aendring(forrige, nu, IKKE_SAMMENLIGNET, grund=f"færre end {min_svar} svar i en af runderne")
    forskel = nu.hel_procent - forrige.hel_procent
    vaegt = max(en_besvarelses_vaegt(forrige), en_besvarelses_vaegt(nu))
    nedre, oevre = newcombe(forrige.antal, forrige.n, nu.antal, nu.n)
    interval = (100 * nedre, 100 * oevre)
    resultat = Aendring(forrige, nu, PAA_NIVEAU, forskel, vaegt, interval)
    if resultat.over_vaegten and resultat.interval_udelukker_0:
        # Rounding is monotone, so the printed difference has the sign of the exact one, and an
        # interval that excludes 0 lies on that side.
        return Aendring(forrige, nu, OP if forskel > 0 else NED, forskel, vaegt, interval)
    return resultat


def aendring_optaelling(forrige: Andel, nu: Andel) -> Aendring:
    """A census figure (the response rate: those who answered of everyone invited) in two rounds.
    There is no sampling to put an interval on, but one person more or less who answers is not a
    change in the specialty: the printed figures (one decimal) must differ by more than one
    respondent's weight in both rounds (100/invited points). `forskel` is in tenths of a point;
    no interval."""
    if not (forrige.n and nu.n):
        return Aendring(forrige, nu, IKKE_SAMMENLIGNET, grund="ingen inviterede i en af runderne", optaelling=True)
    tiendedele = int(10 * (rund_halvt_op(nu.procent, 1) - rund_halvt_op(forrige.procent, 1)))
    vaegt = max(en_besvarelses_vaegt(forrige), en_besvarelses_vaegt(nu))
    retning = (OP if tiendedele > 0 else NED) if optaelling_er_aendring(Fraction(tiendedele, 10), vaegt) else PAA_NIVEAU
    return Aendring(forrige, nu, retning, tiendedele, vaegt, optaelling=True)


def optaelling_er_aendring(forskel: Fraction, vaegt: Fraction) -> bool:
    """Whether a printed difference of two response rates (points, one decimal) is larger than
    one respondent's weight (points), the weight rounded up to the printed tenth: each printed
    figure is rounded, so one respondent's printed difference can come out a tenth above the exact
    weight (1 and 2 of 3 print 33,3 and 66,7 pct.), and it must never be a change."""
    return abs(forskel) > Fraction(math.ceil(10 * vaegt), 10)
