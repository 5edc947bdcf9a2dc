"""Which figures are survey results and which the reconstruction (or a demonstration round) made.

While `datakilde` says the answers are reconstructed, a figure computed from the answers is a
survey result only where the published sheets state it and the data give it back (the audit,
klynge.ark.revision, matches them); every other such figure is constructed and carries the mark
(klynge.ark.tal.MAERKE). In a constructed demonstration round none is a survey result. Figures
that do not come from the answers — invited, clusters, members, national averages — are never
constructed. With real answers nothing is.

This module holds what the sheet, the audit and a release's records share (the provenance and
its keys); klynge.ark.maerkning works a sheet's provenance out with the audit.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Proveniens:
    """A sheet's provenance: whether the answers are not the survey's own (a draft: reconstructed
    or a demonstration round), and the ids (anchors) of the answer-derived figures the published
    sheet states and the data give back (none in a demonstration round)."""

    udkast: bool
    publicerede: frozenset[str] = frozenset()
    # For "Om tallene": where the published sheet gives a figure no whole count can give, that the
    # sheet shows the nearest possible instead (worked out with the audit, klynge.ark.maerkning).
    noter: tuple[str, ...] = ()

    def konstrueret(self, anker: str, svar: str = "") -> bool:
        """`svar`: "negativ" where the figure counts the negative answers (an anchor names a
        question's positive and negative share alike)."""
        return self.udkast and noegle(anker, svar) not in self.publicerede


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
