"""A survey round's figures, as `klynge round save` keeps them (data/runder/<NAVN>/tal.json)
and the next round's sheets compare with: aggregates only, never a respondent row.

Per specialty: those invited and those who answered; per question the count of each answer
and those who answered, only where a sheet shows the question (at least `min_svar` answers);
per cluster, for the questions the sheets show by cluster, the count of positive answers and
those who answered, only for the clusters a sheet shows (klynge.maal.andele.klynge_andele
hides a small cluster and those that would give it away). What is hidden is not kept, so a
later round cannot show it either. Pure functions; the reading and writing are in
klynge.data.runder.
"""

from __future__ import annotations

from klynge.maal import andele
from klynge.data.indlaes import Undersoegelse

# The questions the sheets show per cluster, with the answers counted (as klynge.ark.afsnit).
KLYNGESPOERGSMAAL = (("understoetter", "positiv"), ("forbedringer", "Ja"))


def rundens_tal(u: Undersoegelse) -> dict:
    """The figures of every specialty of the round, JSON-ready."""
    ms = u.indstillinger.min_svar
    specialer = {}
    for sp in u.specialer:
        svar = u.besvarelser_for(sp.slug)
        spoergsmaal = {}
        for spm in u.skema.spoergsmaal:
            if spm.er_fritekst:
                continue
            besvaret = andele.besvaret(svar, spm.kolonne)
            if len(besvaret) < ms:
                spoergsmaal[spm.kolonne] = {"vist": False}
                continue
            taelling = besvaret.value_counts()
            spoergsmaal[spm.kolonne] = {"vist": True, "n": len(besvaret),
                                        "svar": {s: int(taelling.get(s, 0)) for s in spm.skala.svar}}
        klynger = {}
        for kolonne, hvilke in KLYNGESPOERGSMAAL:
            if kolonne not in u.skema:
                continue
            klynger[kolonne] = {"svar": hvilke, "klynger": {
                k.klynge: {"antal": k.andel.antal, "n": k.andel.n}
                for k in andele.klynge_andele(svar, sp, u.skema[kolonne], hvilke, ms) if k.andel.vist}}
        specialer[sp.slug] = {"navn": sp.navn, "population": sp.population, "besvarelser": len(svar),
                              "spoergsmaal": spoergsmaal, "klynger": klynger}
    return {"min_svar": ms, "specialer": specialer}
