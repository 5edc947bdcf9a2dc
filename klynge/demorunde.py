"""A constructed second round for trying the rounds feature (`klynge generate --demo-round FILE`):
the current answers moved at random, deterministically (a fixed seed), written as an export in
the project's own layout for `klynge import`. Every answer in it is invented, so every respondent
id carries the demonstration mark (klynge.data.demonstration): `klynge import` then sets
`datakilde = "demonstration"`, and the sheets are drafts with every answer-derived figure marked,
never the survey's results. The file is refused where git keeps files.
"""

from __future__ import annotations

import csv
import io
import random

from klynge.data.demonstration import demo_id
from klynge.data.skema import Spoergeskema

SEED = 2027


def anden_runde(tekst: str, skema: Spoergeskema, seed: int = SEED, flyt: float = 0.3, frafald: float = 0.1) -> str:
    """`tekst`: besvarelser.csv. Each respondent stays with probability 1 - `frafald`; each of
    their answers is redrawn with probability `flyt`, leaning towards the positive end of the
    scale; free text is emptied; each id gets the demonstration mark."""
    rng = random.Random(seed)
    laeser = csv.DictReader(io.StringIO(tekst))
    ud = io.StringIO()
    skriver = csv.DictWriter(ud, fieldnames=laeser.fieldnames, lineterminator="\n")
    skriver.writeheader()
    for raekke in laeser:
        if rng.random() < frafald:
            continue
        raekke["respondent_id"] = demo_id(raekke["respondent_id"])
        for spm in skema.spoergsmaal:
            if spm.er_fritekst:
                raekke[spm.kolonne] = ""
            elif raekke[spm.kolonne] and rng.random() < flyt:
                svar = spm.skala.svar
                vaegte = [len(svar) - i for i in range(len(svar))]
                raekke[spm.kolonne] = rng.choices(svar, weights=vaegte)[0]
        skriver.writerow(raekke)
    return ud.getvalue()
