"""The metrics behind every figure: pure functions over the answers of one specialty.

Shares count only those who answered the question (item non-response is left out of the
denominator; "Ved ikke" is an answer and stays in). Anonymity is applied here, so nothing
downstream can show a figure it should not.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from klynge.maal.afrunding import procent, rund_halvt_op
from klynge.data.indlaes import Speciale
from klynge.data.skema import Spoergeskema, Spoergsmaal


@dataclass(frozen=True)
class Andel:
    """antal of n answered; `vist` is False where anonymity forbids showing it."""

    antal: int
    n: int
    vist: bool = True

    @property
    def procent(self) -> Fraction:
        return procent(self.antal, self.n)

    @property
    def hel_procent(self) -> int:
        return int(rund_halvt_op(self.procent))


@dataclass(frozen=True)
class KlyngeAndel:
    klynge: str
    andel: Andel
    skjult_fordi: str = ""  # why it is not shown: "færre end 5 svar" or "kan udledes af de øvrige tal"


@dataclass(frozen=True)
class Spaend:
    laveste: KlyngeAndel
    hoejeste: KlyngeAndel
    antal_vist: int
    antal_skjult: int

    @property
    def point(self) -> int:
        return self.hoejeste.andel.hel_procent - self.laveste.andel.hel_procent


@dataclass(frozen=True)
class Sammenligning:
    andel: Andel
    landsgennemsnit: Fraction
    retning: str  # "over", "under" or "på niveau"
    forskel: Fraction  # shown share minus the national average, in points


@dataclass(frozen=True)
class Forventning:
    """Importance against fulfilment of one meeting element."""

    kort: str
    punkt: str
    vigtigt: Andel  # meget vigtigt or vigtigt
    meget_vigtigt: Andel
    opfyldt: Andel  # altid or ofte
    sjaeldent: Andel  # sjældent or aldrig


@dataclass(frozen=True)
class Rang:
    spoergsmaal: Spoergsmaal
    andel: Andel  # positive answers
    top: Andel  # the strongest answer alone, used to break ties


def besvaret(besvarelser: pd.DataFrame, kolonne: str) -> pd.Series:
    return besvarelser[kolonne].dropna()


def andel(besvarelser: pd.DataFrame, spm: Spoergsmaal, svar: str, min_svar: int) -> Andel:
    """Share of those who answered `spm` whose answer is in `svar` (a vurdering or labels)."""
    svarene = besvaret(besvarelser, spm.kolonne)
    antal = int(svarene.isin(spm.svar_i(svar)).sum())
    return Andel(antal, len(svarene), vist=len(svarene) >= min_svar)


def antal(besvarelser: pd.DataFrame, spm: Spoergsmaal, svar: str) -> int:
    return int(besvaret(besvarelser, spm.kolonne).isin(spm.svar_i(svar)).sum())


def svarprocent(speciale: Speciale, besvarelser: pd.DataFrame) -> Andel:
    return Andel(len(besvarelser), speciale.population)


def fordeling(besvarelser: pd.DataFrame, spm: Spoergsmaal, min_svar: int) -> pd.DataFrame:
    """Answers in scale order: svar, vurdering, antal, n, procent (exact), vist."""
    svarene = besvaret(besvarelser, spm.kolonne)
    n = len(svarene)
    taelling = svarene.value_counts()
    return pd.DataFrame({
        "svar": list(spm.skala.svar),
        "vurdering": list(spm.skala.vurderinger),
        "antal": [int(taelling.get(s, 0)) for s in spm.skala.svar],
        "n": n,
        "procent": [procent(int(taelling.get(s, 0)), n) if n else Fraction(0) for s in spm.skala.svar],
        "vist": n >= min_svar,
    })


def skjulte(n_klynger: list[int], min_svar: int) -> list[bool]:
    """Which clusters to hide. Those with fewer than min_svar answers, and then, smallest first,
    as many others as it takes until the hidden clusters together can only be recovered as one
    group of at least min_svar answers spread over at least two clusters: the specialty total
    minus the shown clusters gives exactly that group. A cluster nobody answered for holds no
    answer to protect and needs no company."""
    skjul = [n < min_svar for n in n_klynger]

    def utilstraekkelig() -> bool:
        med_svar = [n for n, s in zip(n_klynger, skjul) if s and n > 0]
        return bool(med_svar) and (len(med_svar) < 2 or sum(med_svar) < min_svar)

    while utilstraekkelig():
        kandidater = [i for i, s in enumerate(skjul) if not s]
        if not kandidater:
            break  # every cluster is hidden: the hidden group is the specialty itself
        skjul[min(kandidater, key=lambda i: (n_klynger[i], -i))] = True
    return skjul


def klynge_andele(besvarelser: pd.DataFrame, speciale: Speciale, spm: Spoergsmaal, svar: str,
                  min_svar: int) -> tuple[KlyngeAndel, ...]:
    """Each cluster's share, hidden where anonymity requires (see `skjulte`)."""
    andele = [andel(besvarelser[besvarelser["klynge"] == k.navn], spm, svar, min_svar) for k in speciale.klynger]
    skjul = skjulte([a.n for a in andele], min_svar)
    resultat = []
    for k, a, s in zip(speciale.klynger, andele, skjul):
        grund = f"færre end {min_svar} svar" if a.n < min_svar else ("kan udledes af de øvrige tal" if s else "")
        resultat.append(KlyngeAndel(k.navn, Andel(a.antal, a.n, vist=not s), grund))
    return tuple(resultat)


def klynge_spaend(andele: tuple[KlyngeAndel, ...]) -> Spaend | None:
    """Lowest and highest shown cluster share; None with fewer than two shown clusters."""
    viste = [k for k in andele if k.andel.vist]
    if len(viste) < 2:
        return None
    laveste = min(viste, key=lambda k: k.andel.procent)
    hoejeste = max(viste, key=lambda k: k.andel.procent)
    return Spaend(laveste, hoejeste, len(viste), len(andele) - len(viste))


def sammenlign(a: Andel, landsgennemsnit: Fraction) -> Sammenligning:
    """Compare the share as printed (whole percent) with the national average as printed, so the
    words can never contradict the two numbers beside them."""
    forskel = Fraction(a.hel_procent) - landsgennemsnit
    if rund_halvt_op(landsgennemsnit) == a.hel_procent:
        retning = "på niveau"
    else:
        retning = "over" if forskel > 0 else "under"
    return Sammenligning(a, landsgennemsnit, retning, forskel)


def forventninger(besvarelser: pd.DataFrame, skema: Spoergeskema, min_svar: int,
                  vigtighed: str = "vigtighed", opfyldelse: str = "opfyldelse") -> tuple[Forventning, ...]:
    """Pair each element's importance with its fulfilment by the element's short label."""
    opfyldt = {s.kort: s for s in skema.gruppe(opfyldelse)}
    par = []
    for v in skema.gruppe(vigtighed):
        o = opfyldt.get(v.kort)
        if o is None:
            continue
        par.append(Forventning(
            v.kort, v.punkt,
            vigtigt=andel(besvarelser, v, "positiv", min_svar),
            meget_vigtigt=andel(besvarelser, v, v.skala.svar[0], min_svar),
            opfyldt=andel(besvarelser, o, "positiv", min_svar),
            sjaeldent=andel(besvarelser, o, "negativ", min_svar),
        ))
    return tuple(par)


def rangorden(besvarelser: pd.DataFrame, skema: Spoergeskema, gruppe: str, min_svar: int) -> tuple[Rang, ...]:
    """Items of a battery, most positive first; ties broken by the strongest answer, then codebook
    order. Hidden items (too few answers) come last in codebook order, so where they stand never
    depends on their answers."""
    raekke = [
        Rang(s, andel(besvarelser, s, "positiv", min_svar), andel(besvarelser, s, s.skala.svar[0], min_svar))
        for s in skema.gruppe(gruppe)
    ]
    orden = {r.spoergsmaal.kolonne: i for i, r in enumerate(raekke)}
    viste = sorted((r for r in raekke if r.andel.vist),
                   key=lambda r: (-r.andel.procent, -r.top.procent, orden[r.spoergsmaal.kolonne]))
    return tuple(viste) + tuple(r for r in raekke if not r.andel.vist)
