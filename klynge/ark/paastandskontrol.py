"""A sheet's claims checked: every word with a claim (klynge.ark.paastande) in the values the
documents insert, found in its sentence and checked against the figures the sheet prints (its
tables, which its charts draw: klynge.ark.bilag.trykte_tal). klynge.ark.faktaark.lav makes no
sheet whose claims do not all hold; `klynge check` lists them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from klynge.ark.bilag import trykte_tal
from klynge.ark.paastande import Paastand, kontroller
from klynge.ark.samlet import TEKSTFELTER, Faktaark
from klynge.ark.tal import Tal, Tekst
from klynge.fejl import Problem, kort

# The inline values that hold a word with a claim: the figures' values and the words the
# documents insert on their own (reports/_faktaark.qmd).
PAASTANDSFELTER = TEKSTFELTER + ("understoetter_sammenligning", "data_forbinder", "forbedringer_i_forhold_til")

# A sentence ends before a capital letter ("… pct. – sjældent" goes on).
_SAETNINGSSLUT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")


@dataclass(frozen=True)
class Udfald:
    """One claim of a sheet checked: the value it stands in, its sentence, and what contradicts it
    (None where it holds)."""

    felt: str
    saetning: str
    paastand: Paastand
    fejl: str | None

    def __str__(self) -> str:
        status = "holds" if self.fejl is None else f"FAILS: {self.fejl}"
        return f"\"{self.paastand.ord}\" in \"{kort(self.saetning, 160)}\": {self.paastand.beskrivelse()}: {status}"


def kontroller_paastande(ark: Faktaark) -> list[Udfald]:
    """Every claim the sheet's words make, checked against the figures it prints."""
    tal = trykte_tal(ark)
    ud = []
    for felt in PAASTANDSFELTER:
        vaerdi = getattr(ark, felt)
        dele = vaerdi.dele if isinstance(vaerdi, Tekst) else (vaerdi,)
        tekst, steder = "", []
        for del_ in dele:
            if isinstance(del_, Tal) and del_.paastand is not None:
                steder.append((len(tekst), del_.paastand))
            tekst += str(del_)
        for sted, paastand in steder:
            ud.append(Udfald(felt, _saetning_ved(tekst, sted), paastand, kontroller(paastand, tal)))
    return ud


def _saetning_ved(tekst: str, sted: int) -> str:
    """The sentence of `tekst` that holds the character at `sted`."""
    start = 0
    for slut in [m.start() for m in _SAETNINGSSLUT.finditer(tekst)] + [len(tekst)]:
        if sted < slut:
            return tekst[start:slut].strip()
        start = slut
    return tekst.strip()


def paastandsproblemer(ark: Faktaark, udfald: list[Udfald] | None = None) -> list[Problem]:
    """One line per claim the sheet's figures contradict, naming the sentence and the figure."""
    return [Problem(f"reports/{ark.slug}.qmd", None, None,
                    f"the sentence \"{kort(u.saetning, 200)}\" says \"{u.paastand.ord}\" "
                    f"({u.paastand.beskrivelse()}), but {u.fejl}")
            for u in (kontroller_paastande(ark) if udfald is None else udfald) if u.fejl is not None]
