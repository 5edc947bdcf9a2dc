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

from klynge.maal.udvikling import newcombe, optaelling_er_aendring

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
# Change between two rounds (klynge.maal.udvikling's rule), emne = (before, now), each a printed
# share whose count and base the sheet prints too (keys "<key>|antal", "<key>|n"):
STEGET = "risen"               # now minus before exceeds one answer's weight in both rounds, and Newcombe's
FALDET = "fallen"              # 95 % interval excludes 0 (on the side of the word)
PAA_NIVEAU = "level"           # neither of the two
# emne = (before, now) pairs one after another; `antal` = (pairs, risen, fallen): the counts a
# summary sentence says ("Af de ti tal … er to steget og ét faldet").
OPTAELLING = "counts changes"


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
    antal: tuple[int, ...] = ()

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
        if self.relation in (STEGET, FALDET, PAA_NIVEAU):
            hvad = {STEGET: "a rise", FALDET: "a fall", PAA_NIVEAU: "no change"}[self.relation]
            return f"{self.emne[0].navn} to {self.emne[1].navn}: {hvad} (a share: difference against one " \
                   "answer's weight in both rounds and Newcombe's 95 % interval; the response rate, a count of " \
                   "everyone invited: any difference as printed)"
        if self.relation == OPTAELLING:
            par, op, ned = self.antal
            return f"of {par} pairs of figures {op} risen and {ned} fallen by the change rule"
        return f"{navne}: {self.relation} {self.interval}"


def _vaerdi(tal: Mapping[str, Fraction | int | None], f: Figur) -> Fraction | int | None:
    return tal.get(f.noegle)


def _pct(x: Fraction | int) -> str:
    return f"{x} pct." if Fraction(x).denominator == 1 else f"{float(x):g} pct."


def _aendring(tal: Mapping[str, Fraction | int | None], foer: Figur, nu: Figur) -> tuple[str, str] | None:
    """The change rule applied to two printed shares with their printed counts and bases:
    (relation, why), or None where a count or base is not printed."""
    vaerdier = [tal.get(f"{f.noegle}|{del_}") for f in (foer, nu) for del_ in ("antal", "n")]
    if any(v is None for v in vaerdier) or not vaerdier[1] or not vaerdier[3]:
        return None
    antal_foer, n_foer, antal_nu, n_nu = (int(v) for v in vaerdier)
    forskel = Fraction(tal[nu.noegle]) - Fraction(tal[foer.noegle])
    if tal.get(f"{foer.noegle}|optaelling") and tal.get(f"{nu.noegle}|optaelling"):
        # A census figure (the response rate: everyone invited): no interval, only one respondent's
        # weight in both rounds.
        vaegt = Fraction(100, min(n_foer, n_nu))
        relation = (STEGET if forskel > 0 else FALDET) if optaelling_er_aendring(forskel, vaegt) else PAA_NIVEAU
        return relation, (f"{foer.navn} prints {_pct(tal[foer.noegle])} ({antal_foer} of {n_foer} invited) and "
                          f"{nu.navn} {_pct(tal[nu.noegle])} ({antal_nu} of {n_nu}), a count of everyone invited: "
                          f"difference {float(forskel):g} points, one respondent's weight {float(vaegt):.1f} points")
    vaegt = Fraction(100, min(n_foer, n_nu))
    nedre, oevre = (100 * x for x in newcombe(antal_foer, n_foer, antal_nu, n_nu))
    relation = PAA_NIVEAU
    if abs(forskel) > vaegt and (nedre > 0 or oevre < 0):
        relation = STEGET if forskel > 0 else FALDET
    return relation, (f"{foer.navn} prints {_pct(tal[foer.noegle])} ({antal_foer} of {n_foer}) and {nu.navn} "
                      f"{_pct(tal[nu.noegle])} ({antal_nu} of {n_nu}): difference {float(forskel):g} points, one "
                      f"answer's weight {float(vaegt):.1f} points, 95 % interval {nedre:.1f} to {oevre:.1f} points")


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
    if p.relation in (STEGET, FALDET, PAA_NIVEAU, OPTAELLING):
        udfald = []
        for foer, nu in zip(p.emne[::2], p.emne[1::2]):
            dom = _aendring(tal, foer, nu)
            if dom is None:
                return f"it rests on the counts behind {foer.navn} and {nu.navn}, which the sheet does not print"
            udfald.append(dom)
        if p.relation == OPTAELLING:
            talt = (len(udfald), sum(r == STEGET for r, _ in udfald), sum(r == FALDET for r, _ in udfald))
            return None if talt == tuple(p.antal) else \
                f"by the figures, of {talt[0]} pairs {talt[1]} have risen and {talt[2]} fallen"
        relation, hvorfor = udfald[0]
        if relation == p.relation:
            return None
        return f"{hvorfor}: by the rule {({STEGET: 'a rise', FALDET: 'a fall', PAA_NIVEAU: 'no change'})[relation]}"
    raise ValueError(f"unknown relation {p.relation!r}")
