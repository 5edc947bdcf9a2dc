"""Which of a sheet's figures carry the mark, worked out with the audit: a figure computed from
reconstructed answers is a survey result only where the published sheet states it and the data
give it back (klynge.ark.revision finds them). It sits above the audit and below the documents.
"""

from __future__ import annotations

from pathlib import Path

from klynge.ark.proveniens import Proveniens, noegle
from klynge.ark.revision import AFVIGER, FUND, SKJULT, revider
from klynge.data.indlaes import Undersoegelse
from klynge.data.publiceret import PubliceretTal, laes_publicerede

# The published measures that are a figure computed from the answers, shown where the audit's
# anchor points. "top" is not one: a sheet names the strongest motivators, never their shares.
_ANDELSMAAL = ("besvarelser", "svarprocent", "andel", "antal", "klynge_min", "klynge_max")


def publicerede_ankre(u: Undersoegelse, publicerede: tuple[PubliceretTal, ...], slug: str) -> frozenset[str]:
    """The anchors in `slug`'s sheet of the figures its published sheet states, as the audit
    finds them: a figure the data give back (`stemmer`), or one no whole count can give where the
    sheet shows the nearest possible (a `fund` about that figure)."""
    egne = tuple(p for p in publicerede if p.speciale == slug and p.maal in _ANDELSMAAL)
    # The audit checks one specialty's figures in their order, then the sheet against itself.
    kontroller = revider(u, egne)[:len(egne)]
    return frozenset(noegle(k.anker, p.svar) for p, k in zip(egne, kontroller)
                     if k.anker and k.status not in (AFVIGER, SKJULT))


def for_alle(u: Undersoegelse, rod: Path) -> dict[str, Proveniens]:
    """Every specialty's provenance (the front page marks its constructed figures)."""
    return {sp.slug: for_speciale(u, sp.slug, rod) for sp in u.specialer}


def umulige_tal_noter(u: Undersoegelse, publicerede: tuple[PubliceretTal, ...], slug: str) -> tuple[str, ...]:
    """For "Om tallene": where the published sheet gives a cluster's share that no whole count of
    answers can give, that the sheet shows the nearest possible instead (the audit's finding)."""
    egne = tuple(p for p in publicerede if p.speciale == slug and p.maal in ("klynge_min", "klynge_max"))
    noter = []
    for p, k in zip(egne, revider(u, egne)[:len(egne)]):
        if k.status != FUND or k.art != "umuligt":
            continue
        hvad = "højeste" if p.maal == "klynge_max" else "laveste"
        vist = k.beregnet.split(" (")[0].rstrip(".")
        grund = k.forklaring.split(" (nærmest")[0].replace(" kan ikke komme af ", " kan ikke fremkomme af ")
        noter.append(f"eKVIS' faktaark angiver {k.publiceret} som {hvad} klyngeandel for, hvor mange der vurderer, "
                     f"at klyngearbejdet kan understøtte kvalitetsarbejdet; {grund}, så her vises {vist}.")
    return tuple(noter)


def for_speciale(u: Undersoegelse, slug: str, rod: Path) -> Proveniens:
    publicerede = laes_publicerede(rod / "data" / "publicerede_tal.csv") if u.indstillinger.rekonstrueret else ()
    return proveniens(u, publicerede, slug)


def proveniens(u: Undersoegelse, publicerede: tuple[PubliceretTal, ...], slug: str) -> Proveniens:
    """Real answers: nothing is constructed. Reconstructed ones: all but the figures the published
    sheet states. A demonstration round: every answer-derived figure (none of them is eKVIS')."""
    ind = u.indstillinger
    if not ind.rekonstrueret:
        return Proveniens(ind.udkast)
    return Proveniens(True, publicerede_ankre(u, publicerede, slug), umulige_tal_noter(u, publicerede, slug))
