"""The figures printed in the March 2026 fact sheets, as data (data/publicerede_tal.csv)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from klynge.data.csvfil import laes_csv
from klynge.fejl import DataFejl, Problem

# What a published figure measures. Each needs the fields listed.
MAAL = {
    "population": (),
    "besvarelser": (),
    "svarprocent": (),
    "antal_klynger": (),
    "medlemmer": ("klynge",),
    "andel": ("spoergsmaal", "svar"),
    "antal": ("spoergsmaal", "svar"),
    "klynge_min": ("spoergsmaal", "svar"),
    "klynge_max": ("spoergsmaal", "svar"),
    "sammenligning": ("spoergsmaal", "svar"),
    "top": ("spoergsmaal",),
}
KOLONNER = ["speciale", "maal", "spoergsmaal", "svar", "klynge", "vaerdi", "citat"]


@dataclass(frozen=True)
class PubliceretTal:
    speciale: str
    maal: str
    spoergsmaal: str
    svar: str
    klynge: str
    vaerdi: str
    citat: str
    kilde: str  # file:line, for messages

    @property
    def tal(self) -> float:
        return float(self.vaerdi)


def laes_publicerede(sti: Path, navn: str = "data/publicerede_tal.csv") -> tuple[PubliceretTal, ...]:
    frame, problemer = laes_csv(sti, KOLONNER, navn)
    if frame is None:
        raise DataFejl(problemer)
    tal = []
    for _, r in frame.iterrows():
        linje = int(r["_linje"])
        if r["maal"] not in MAAL:
            problemer.append(Problem(navn, linje, "maal", f"unknown measure '{r['maal']}' (known: {', '.join(MAAL)})"))
            continue
        for felt in MAAL[r["maal"]]:
            if not r[felt]:
                problemer.append(Problem(navn, linje, felt, f"'{r['maal']}' needs a value here"))
        if not r["vaerdi"]:
            problemer.append(Problem(navn, linje, "vaerdi", "must not be empty"))
        tal.append(PubliceretTal(*(r[k] for k in KOLONNER), kilde=f"{navn}:{linje}"))
    if problemer:
        raise DataFejl(problemer)
    return tuple(tal)
