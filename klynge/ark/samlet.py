"""The fact sheet joined from its sections: its data and basics (klynge.ark.grundlag) and the
sentences section by section (klynge.ark.afsnit, klynge.ark.forventninger). Made by
klynge.ark.faktaark.lav from a project; the audit and the conditions build it directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from klynge.maal import andele
from klynge.ark import ordvalg
from klynge.ark.afsnit import Afsnit
from klynge.ark.forventninger import Forventninger
from klynge.ark.tal import Tal, Tekst


@dataclass(frozen=True)
class Faktaark(Afsnit, Forventninger):
    """A specialty's fact sheet: its data (`undersoegelse`, `speciale`, the editorial `tekster`)
    and every figure and word the documents show, section by section."""

    def ord_ved(self, sted: str) -> str:
        """The word the sheet prints at a place an `udsagn` can name (klynge.betingelser checks
        that it is the published one); "" where the sheet prints none there."""
        graenser, deltagelse = self.graenser, self.deltagelse
        viste = [rang for rang in self.engagement if rang.andel.vist]
        if sted == "deltagelse-niveau":
            return ordvalg.niveau(graenser, deltagelse.procent) if deltagelse.vist else ""
        if sted == "deltagelse-maengde":
            return ordvalg.maengdeord(graenser, deltagelse.procent) if deltagelse.vist else ""
        if sted == "engagement-niveau":
            gennemsnit = sum(rang.andel.procent for rang in viste) / len(viste) if viste else None
            return ordvalg.niveau(graenser, gennemsnit, neutrum=True) if viste else ""
        if sted == "forventning-dom":
            return self.forventning_dom
        if sted == "forventning-gab":
            gab = self._gab
            if len(gab) != 1 or ordvalg.er_tydeligt_gab(graenser, gab[0].sjaeldent.procent):
                return ""
            return ordvalg.maengdeord(graenser, gab[0].sjaeldent.procent)
        if sted == "understoetter-maengde":
            if not self.understoetter.vist:
                return ""
            ord_ = ordvalg.maengdeord(graenser, self.understoetter.procent)
            if ord_ == "halvdelen":
                under = self.understoetter.hel_procent < self.undersoegelse.landsgennemsnit_for("understoetter").vaerdi
                return "Kun halvdelen" if under else "Halvdelen"
            return ord_
        if sted == "klyngevariation":
            spaend = andele.klynge_spaend(self.understoetter_klynger)
            return ordvalg.variation(graenser, spaend.point) if spaend else ""
        if sted == "data-erfaring":
            if not self.databrug.vist:
                return ""
            if self.databrug.hel_procent < 50:
                return "begrænsede"
            return ordvalg.maengdeord(graenser, self.databrug.procent)
        raise KeyError(f"no word at '{sted}'")


# The sheet's inline values that hold figures (reports/_faktaark.qmd; a test keeps the two equal).
TEKSTFELTER = ("besvarelser", "population", "svarprocent", "antal_klynger", "klyngeliste", "deltagelse_saetning",
               "engagement_afsnit", "understoetter_pct", "understoetter_nogen_pct", "landsgennemsnit_understoetter",
               "klyngevariation", "forventning_vurdering", "data_vigtigt_pct", "databrug_pct", "data_erfaring",
               "forbedringer_pct",
               "landsgennemsnit_forbedringer", "motivation_top")


def ankre(ark: Faktaark) -> frozenset[str]:
    """The ids of the figures the sheet's text shows."""
    ud = set()
    for felt in TEKSTFELTER:
        vaerdi = getattr(ark, felt)
        dele = vaerdi.dele if isinstance(vaerdi, Tekst) else (vaerdi,)
        ud |= {del_.anker for del_ in dele if isinstance(del_, Tal) and del_.anker}
    return frozenset(ud)
