"""The wording rules every sheet shares: which word a figure earns.

Each rule takes the cut points from data/indstillinger.toml (`[ordvalg]`, read into
`Ordgraenser`) and a share as it is printed (whole percent), so the word can never contradict
the figure beside it. The README lists the rules; tests/test_ordvalg.py puts figures on both
sides of every cut point.
"""

from __future__ import annotations

from fractions import Fraction

from klynge.ark.paastande import Interval
from klynge.data.ordgraenser import Ordgraenser, Trin
from klynge.maal.afrunding import rund_halvt_op


def _trin(trin: tuple[Trin, ...], procent: Fraction | int) -> str:
    printet = int(rund_halvt_op(Fraction(procent)))
    return next(t.ord for t in trin if printet >= t.fra)


def maengdeord(g: Ordgraenser, procent: Fraction | int) -> str:
    """How many of the respondents, in words: "næsten alle", "hovedparten", "et mindretal", …"""
    return _trin(g.maengde, procent)


def niveau(g: Ordgraenser, procent: Fraction | int, neutrum: bool = False) -> str:
    """The level of a positive share: "høj" ("højt" for a neuter noun), "relativt høj", "moderat", …"""
    ord_ = _trin(g.niveau, procent)
    return ord_ + "t" if neutrum and not ord_.endswith("t") else ord_


def i_forhold_til(g: Ordgraenser, forskel: Fraction, n: int) -> str:
    """A printed share against the national average: "på niveau med", "over", "et godt stykke under".

    `forskel` is the printed share minus the average, in points; `n` the answers behind the share.
    """
    afstand = abs(forskel)
    en_person = Fraction(100, n) if n else Fraction(0)
    if afstand < g.paa_niveau or (g.en_besvarelse and afstand < en_person):
        return "på niveau med"
    retning = "over" if forskel > 0 else "under"
    return f"et godt stykke {retning}" if afstand > g.godt_stykke else retning


def yderpunkter() -> tuple[str, str]:
    """How to name the highest and lowest item of a battery: one template for every sheet,
    "Størst er andelen, der …, og mindst er andelen, der …", true whatever the shares (the
    words only: the sheet marks a word its figures do not back)."""
    return ("Størst", "mindst")


def saml_punkter(punkter: list[str]) -> list[str]:
    """Items that share their first two words said once: "deler egne erfaringer" and "deler egne
    data" become "deler egne erfaringer og data", so a list does not repeat its verb."""
    ud: list[str] = []
    for punkt in punkter:
        hoved = " ".join(punkt.split()[:2])
        tidligere = next((i for i, p in enumerate(ud) if len(p.split()) > 2 and " ".join(p.split()[:2]) == hoved
                          and len(punkt.split()) > 2), None)
        if tidligere is None:
            ud.append(punkt)
        else:
            ud[tidligere] = f"{ud[tidligere]} og {' '.join(punkt.split()[2:])}"
    return ud


def forventning_dom(g: Ordgraenser, stoerste_gab: Fraction | int, antal_tydelige: int) -> str:
    """The verdict on expectations from the largest share answering "sjældent eller aldrig"
    about an element most find important, as a predicate after "er der"."""
    gab = int(rund_halvt_op(Fraction(stoerste_gab)))
    if gab == 0:
        return "en tydelig overensstemmelse"
    if gab < g.forventning_god:
        return "overordnet set god overensstemmelse"
    if gab <= g.forventning_gab:
        return "overvejende god overensstemmelse"
    return "på flere punkter et tydeligt gab" if antal_tydelige > 1 else "på ét punkt et tydeligt gab"


def er_tydeligt_gab(g: Ordgraenser, andel_sjaeldent: Fraction | int) -> bool:
    return int(rund_halvt_op(Fraction(andel_sjaeldent))) > g.forventning_gab


def motivation_gruppe(g: Ordgraenser, procenter: list[int]) -> int:
    """How many of the ranked motivators (printed shares, highest first) to name as the
    strongest: between `min` and `max` items, split at the largest drop; on a tie the split
    nearer three items, then the larger group."""
    if len(procenter) <= g.motivation_min:
        return len(procenter)
    # Never between two equal shares: "højest" would leave out an item as high as the last named.
    kandidater = [k for k in range(g.motivation_min, min(g.motivation_max, len(procenter) - 1) + 1)
                  if procenter[k - 1] > procenter[k]]
    if not kandidater:
        kandidater = [k for k in range(1, len(procenter)) if procenter[k - 1] > procenter[k]]
        if not kandidater:
            return len(procenter)
        return min(kandidater, key=lambda k: (abs(k - 3), -k))
    return max(kandidater, key=lambda k: (procenter[k - 1] - procenter[k], -abs(k - 3), k))


def variation(g: Ordgraenser, point: int, navneord: str = "variation") -> str:
    """How far apart the clusters are, in points between the lowest and highest shown share:
    "stor variation", "variation", "kun lille variation" (or "forskel" for two clusters)."""
    return _trin(g.variation, point).replace("variation", navneord)


# ---- what each word means, as an interval of the printed figure (klynge.ark.paastande) --------
def trin_interval(trin: tuple[Trin, ...], ord_: str) -> Interval:
    """The printed shares a step's word covers: from its `fra` up to the next step's."""
    i = next(i for i, t in enumerate(trin) if t.ord == ord_)
    return Interval(trin[i].fra, trin[i - 1].fra if i else None)


def maengde_interval(g: Ordgraenser, ord_: str) -> Interval:
    return trin_interval(g.maengde, ord_.lower())


def niveau_interval(g: Ordgraenser, ord_: str) -> Interval:
    return trin_interval(g.niveau, ord_[:-1] if ord_.endswith("t") and ord_[:-1] in
                         {t.ord for t in g.niveau} else ord_)


def variation_interval(g: Ordgraenser, ord_: str) -> Interval:
    return trin_interval(g.variation, ord_.replace("forskel", "variation"))


def sammenligning_interval(g: Ordgraenser, ord_: str, n: int) -> Interval:
    """The points between a printed share and the national average that `ord_` covers."""
    graense = Fraction(g.paa_niveau)
    if g.en_besvarelse and n:
        graense = max(graense, Fraction(100, n))
    godt = Fraction(g.godt_stykke)
    if graense > godt:  # one respondent outweighs "over": a gap is either level or a good way off
        return {"på niveau med": Interval(-graense, graense, fra_med=False),
                "over": Interval(graense, graense), "under": Interval(-graense, -graense),
                "et godt stykke over": Interval(graense, None),
                "et godt stykke under": Interval(None, -graense, til_med=True)}[ord_]
    return {
        "på niveau med": Interval(-graense, graense, fra_med=False),
        "over": Interval(graense, godt, til_med=True),
        "under": Interval(-godt, -graense, til_med=True),
        "et godt stykke over": Interval(godt, None, fra_med=False),
        "et godt stykke under": Interval(None, -godt),
    }[ord_]


def dom_interval(g: Ordgraenser, dom: str) -> Interval:
    """The largest printed "sjældent eller aldrig" share a verdict on expectations covers."""
    if dom == "en tydelig overensstemmelse":
        return Interval(0, 1)
    if dom == "overordnet set god overensstemmelse":
        return Interval(1, Fraction(g.forventning_god))
    if dom == "overvejende god overensstemmelse":
        return Interval(Fraction(g.forventning_god), Fraction(g.forventning_gab), til_med=True)
    return Interval(Fraction(g.forventning_gab), None, fra_med=False)
