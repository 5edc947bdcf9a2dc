"""Which figures are survey results and which the reconstruction made.

While `datakilde` says the answers are reconstructed, a figure computed from the answers is a
survey result only where the published sheets state it and the data give it back (the audit,
klynge.ark.revision, matches them); every other such figure is constructed and carries the mark
(klynge.ark.tal.MAERKE). Figures that do not come from the answers — invited, clusters, members,
national averages — are never constructed. With real answers nothing is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from klynge.data.indlaes import Undersoegelse
from klynge.data.publiceret import PubliceretTal, laes_publicerede

# The published measures that are a figure computed from the answers, shown where the audit's
# anchor points. "top" is not one: a sheet names the strongest motivators, never their shares.
_ANDELSMAAL = ("besvarelser", "svarprocent", "andel", "antal", "klynge_min", "klynge_max")


@dataclass(frozen=True)
class Proveniens:
    """A sheet's provenance: whether the answers are reconstructed, and the ids (anchors) of the
    answer-derived figures the published sheet states and the data give back."""

    rekonstrueret: bool
    publicerede: frozenset[str] = frozenset()

    def konstrueret(self, anker: str, svar: str = "") -> bool:
        """`svar`: "negativ" where the figure counts the negative answers (an anchor names a
        question's positive and negative share alike)."""
        return self.rekonstrueret and noegle(anker, svar) not in self.publicerede


@dataclass(frozen=True)
class Opslag:
    """Which figures of a chart are constructed, by a key the chart function asks with (an
    item and an answer, a cluster, …). Plain data with a stable repr, so the preview's key for
    a chart (klynge.byg.preview_figurer) stays the same while the chart's inputs do."""

    konstruerede: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def af(cls, noegler, konstrueret) -> "Opslag":
        return cls(tuple(sorted(tuple(n) for n in noegler if konstrueret(*n))))

    def __call__(self, *noegle: str) -> bool:
        return tuple(noegle) in self.konstruerede


def noegle(anker: str, svar: str = "") -> str:
    return f"{anker}|negativ" if svar == "negativ" else anker


def publicerede_ankre(u: Undersoegelse, publicerede: tuple[PubliceretTal, ...], slug: str) -> frozenset[str]:
    """The anchors in `slug`'s sheet of the figures its published sheet states, as the audit
    finds them: a figure the data give back (`stemmer`), or one no whole count can give where the
    sheet shows the nearest possible (a `fund` about that figure)."""
    from klynge.ark.revision import AFVIGER, SKJULT, revider

    egne = tuple(p for p in publicerede if p.speciale == slug and p.maal in _ANDELSMAAL)
    # The audit checks one specialty's figures in their order, then the sheet against itself.
    kontroller = revider(u, egne)[:len(egne)]
    return frozenset(noegle(k.anker, p.svar) for p, k in zip(egne, kontroller)
                     if k.anker and k.status not in (AFVIGER, SKJULT))


def for_alle(u: Undersoegelse, rod: Path) -> dict[str, Proveniens]:
    """Every specialty's provenance (the front page marks its constructed figures)."""
    return {sp.slug: for_speciale(u, sp.slug, rod) for sp in u.specialer}


def for_speciale(u: Undersoegelse, slug: str, rod: Path) -> Proveniens:
    if not u.indstillinger.rekonstrueret:
        return Proveniens(False)
    return Proveniens(True, publicerede_ankre(u, laes_publicerede(rod / "data" / "publicerede_tal.csv"), slug))
