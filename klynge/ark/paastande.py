"""Claims: what a figure-dependent word says about the sheet's own figures.

Every word a figure earns ("Størst", "hovedparten", "over", "overvejende god overensstemmelse",
"stor variation", "dernæst følger", …) is made together with a `Paastand`: which figures it
speaks of and what relation it states between them ("the largest of these items, and every item
tied with it is named", "at least 75 and under 90 pct."). The claim is built from the word and
the items the sentence names, not from the rule that chose the word, so a wrong choice fails.

`kontroller` checks a claim against the figures the sheet prints, given as printed values by key
(klynge.ark.bilag.trykte_tal reads them from the sheet's tables, which its charts also draw).
A sheet whose claims do not all hold is not built (klynge.ark.faktaark.lav).

This module sits low in the package: plain data and arithmetic, no sheet, no pandas.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

# The relations a claim can state.
STOERST = "largest"            # emne: the largest of `blandt` (less `undtaget`); every item tied with it is in emne
MINDST = "smallest"            # likewise the smallest
HVER_I = "each in"             # every emne figure lies in `interval`
GENNEMSNIT_I = "mean in"       # the mean of the emne figures lies in `interval`
STOERSTE_I = "largest in"      # the largest emne figure lies in `interval`
FORSKEL_I = "difference in"    # emne[0] minus emne[1] lies in `interval`
SPAEND_I = "range in"          # largest minus smallest emne figure lies in `interval`
OVER_RESTEN = "above the rest"   # every emne figure is larger than every other figure of `blandt`
UNDER_RESTEN = "below the rest"  # every emne figure is smaller than every other figure of `blandt`
LIGE = "all equal"             # every emne figure is the same
RESTEN = "lists the rest"      # emne are above the rest of `blandt`, and emne plus `udeladt` is all of blandt


@dataclass(frozen=True)
class Figur:
    """A figure the sheet prints: its key (klynge.ark.bilag.trykte_tal) and how a reader finds it."""

    noegle: str
    navn: str


@dataclass(frozen=True)
class Interval:
    """Points between `fra` and `til` (None: no bound); `fra` included unless `fra_med` is False,
    `til` excluded unless `til_med`."""

    fra: Fraction | int | None = None
    til: Fraction | int | None = None
    fra_med: bool = True
    til_med: bool = False

    def __contains__(self, x: Fraction | int) -> bool:
        if self.fra is not None and (x < self.fra or (x == self.fra and not self.fra_med)):
            return False
        if self.til is not None and (x > self.til or (x == self.til and not self.til_med)):
            return False
        return True

    def __str__(self) -> str:
        def tal(x) -> str:
            return str(x) if Fraction(x).denominator == 1 else f"{float(x):g}"
        fra = "-inf" if self.fra is None else tal(self.fra)
        til = "inf" if self.til is None else tal(self.til)
        return f"{'[' if self.fra_med and self.fra is not None else '('}{fra}, {til}{']' if self.til_med else ')'}"


@dataclass(frozen=True)
class Paastand:
    """What one word claims. `ord` as printed; `emne` the figures the word is said of; `blandt`
    the figures it is compared with (a ranking's whole chart); `undtaget` what the sentence says
    it leaves out; `udeladt` how many items a list says it leaves out."""

    ord: str
    relation: str
    emne: tuple[Figur, ...]
    blandt: tuple[Figur, ...] = ()
    interval: Interval | None = None
    undtaget: tuple[Figur, ...] = ()
    udeladt: int = 0

    def beskrivelse(self) -> str:
        """The claim in one line (English, like the command line)."""
        navne = ", ".join(f.navn for f in self.emne)
        if self.relation in (STOERST, MINDST):
            uden = f" except {', '.join(f.navn for f in self.undtaget)}" if self.undtaget else ""
            return f"{navne}: the {self.relation} of {len(self.blandt)} items{uden}, ties named"
        if self.relation in (OVER_RESTEN, UNDER_RESTEN):
            return f"{navne}: {self.relation} of {len(self.blandt)} items"
        if self.relation == RESTEN:
            return f"{navne}: the next highest, naming {len(self.emne)} of {len(self.blandt)} remaining items " \
                   f"and saying {self.udeladt} are left out"
        if self.relation == LIGE:
            return f"{navne}: all equal"
        return f"{navne}: {self.relation} {self.interval}"


def _vaerdi(tal: Mapping[str, Fraction | int | None], f: Figur) -> Fraction | int | None:
    return tal.get(f.noegle)


def _pct(x: Fraction | int) -> str:
    return f"{x} pct." if Fraction(x).denominator == 1 else f"{float(x):g} pct."


def kontroller(p: Paastand, tal: Mapping[str, Fraction | int | None]) -> str | None:
    """None where the claim holds against the printed figures `tal`; else what contradicts it,
    naming the figure."""
    for f in p.emne + p.blandt + p.undtaget:
        if _vaerdi(tal, f) is None:
            return f"it rests on {f.navn}, which the sheet does not print"
    v = {f.noegle: _vaerdi(tal, f) for f in p.emne + p.blandt}
    emne = [v[f.noegle] for f in p.emne]
    if p.relation in (STOERST, MINDST):
        uden = {f.noegle for f in p.undtaget}
        pulje = [f for f in p.blandt if f.noegle not in uden]
        yderst = (max if p.relation == STOERST else min)(v[f.noegle] for f in pulje)
        for f in p.emne:
            if v[f.noegle] != yderst:
                anden = next(g for g in pulje if v[g.noegle] == yderst)
                return f"{anden.navn} prints {_pct(yderst)}, {'more' if p.relation == STOERST else 'less'} than " \
                       f"{f.navn} ({_pct(v[f.noegle])})"
        navngivne = {f.noegle for f in p.emne}
        for f in pulje:
            if v[f.noegle] == yderst and f.noegle not in navngivne:
                return f"{f.navn} prints {_pct(yderst)} too and is not named"
        return None
    if p.relation == HVER_I:
        for f, x in zip(p.emne, emne):
            if x not in p.interval:
                return f"{f.navn} prints {_pct(x)}, outside {p.interval}"
        return None
    if p.relation == GENNEMSNIT_I:
        gennemsnit = Fraction(sum(emne)) / len(emne)
        return None if gennemsnit in p.interval else \
            f"the mean of {', '.join(f.navn for f in p.emne)} is {_pct(gennemsnit)}, outside {p.interval}"
    if p.relation == STOERSTE_I:
        stoerst = max(emne)
        f = p.emne[emne.index(stoerst)]
        return None if stoerst in p.interval else f"{f.navn} prints {_pct(stoerst)}, outside {p.interval}"
    if p.relation == FORSKEL_I:
        forskel = Fraction(emne[0]) - Fraction(emne[1])
        return None if forskel in p.interval else \
            f"{p.emne[0].navn} ({_pct(emne[0])}) minus {p.emne[1].navn} ({_pct(emne[1])}) is " \
            f"{float(forskel):g} points, outside {p.interval}"
    if p.relation == SPAEND_I:
        spaend = max(emne) - min(emne)
        return None if spaend in p.interval else \
            f"{', '.join(f.navn for f in p.emne)} span {spaend} points, outside {p.interval}"
    if p.relation == LIGE:
        return None if len(set(emne)) <= 1 else \
            f"{', '.join(f'{f.navn} prints {_pct(x)}' for f, x in zip(p.emne, emne))}: not equal"
    if p.relation in (OVER_RESTEN, UNDER_RESTEN, RESTEN):
        navngivne = {f.noegle for f in p.emne}
        resten = [f for f in p.blandt if f.noegle not in navngivne]
        if p.relation == RESTEN and len(p.emne) + p.udeladt != len(p.blandt):
            return f"{len(p.blandt)} items remain in the chart, the sentence names {len(p.emne)} and says " \
                   f"{p.udeladt} are left out"
        for f in p.emne:
            for g in resten:
                over = v[f.noegle] > v[g.noegle] if p.relation == OVER_RESTEN else (
                    v[f.noegle] < v[g.noegle] if p.relation == UNDER_RESTEN else v[f.noegle] > v[g.noegle])
                if not over:
                    return f"{g.navn} prints {_pct(v[g.noegle])}, against {_pct(v[f.noegle])} for {f.navn}"
        return None
    raise ValueError(f"unknown relation {p.relation!r}")
