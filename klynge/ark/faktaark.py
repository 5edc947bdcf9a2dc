"""One fact sheet's figures and figure-dependent words, ready for inline use in the documents.

`lav(slug)` loads the data once and computes everything; the .qmd files only read attributes
(`ark.svarprocent`, `ark.understoetter_pct`, …), so no figure is ever typed into a document.

The sheet is put together from modules with one job each: klynge.ark.grundlag (the data, the
basics, provenance and a figure with its basis), klynge.ark.afsnit and klynge.ark.forventninger
(the sentences, section by section) and klynge.ark.bilag (the charts and CSV tables). Their
public names stay importable from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from klynge.maal import andele
from klynge.ark import ordvalg
from klynge.ark import tekst as dansk
from klynge.ark.afsnit import Afsnit
from klynge.ark.forventninger import Forventninger
from klynge.ark.tal import Tal, Tekst
from klynge.data.indlaes import Undersoegelse, indlaes_genbrug
from klynge.projekt import find_rod
from klynge.data.redaktionelt import laes_tekster
from klynge.data.tekstkontrol import kontroller_tekst
from klynge.fejl import DataFejl, Problem
from klynge.fejl import kort as fejl_kort
from klynge.ark.paastande import Paastand

# Names other modules, the documents and the tests use from here.
from klynge.ark.bilag import FIGURER, figur, gem_tabeller, tabeller, tegn_figurer  # noqa: F401
from klynge.ark.grundlag import anker, medlemsanker, spoergsmaalstekst, undslip_navn  # noqa: F401


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


# The inline values that hold a word with a claim (klynge.ark.paastande).
PAASTANDSFELTER = TEKSTFELTER + ("understoetter_sammenligning", "data_forbinder", "forbedringer_i_forhold_til")


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
        return f"\"{self.paastand.ord}\" in \"{fejl_kort(self.saetning, 160)}\": {self.paastand.beskrivelse()}: {status}"


def kontroller_paastande(ark: Faktaark) -> list[Udfald]:
    """Every claim the sheet's words make, checked against the figures it prints (its tables,
    which its charts draw; klynge.ark.bilag.trykte_tal)."""
    from klynge.ark.bilag import trykte_tal
    from klynge.ark.paastande import kontroller

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


# A sentence ends before a capital letter ("… pct. – sjældent" goes on).
_SAETNINGSSLUT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")


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
                    f"the sentence \"{fejl_kort(u.saetning, 200)}\" says \"{u.paastand.ord}\" "
                    f"({u.paastand.beskrivelse()}), but {u.fejl}")
            for u in (kontroller_paastande(ark) if udfald is None else udfald) if u.fejl is not None]


def ankre(ark: Faktaark) -> frozenset[str]:
    """The ids of the figures the sheet's text shows."""
    ud = set()
    for felt in TEKSTFELTER:
        vaerdi = getattr(ark, felt)
        dele = vaerdi.dele if isinstance(vaerdi, Tekst) else (vaerdi,)
        ud |= {del_.anker for del_ in dele if isinstance(del_, Tal) and del_.anker}
    return frozenset(ud)


def lav(slug: str, rod: Path | None = None) -> Faktaark:
    rod = rod or find_rod()
    undersoegelse = indlaes_genbrug(rod / "data")
    sti, navn = rod / "data" / "tekster" / f"{slug}.md", f"data/tekster/{slug}.md"
    tekster = laes_tekster(sti, navn)
    # A sheet is not made from an editorial text that types in a figure (klynge.data.tekstkontrol).
    problemer = kontroller_tekst(sti, navn, undersoegelse.indstillinger.ordvalg)
    if problemer:
        raise DataFejl(problemer)
    ark = Faktaark(undersoegelse, undersoegelse.speciale(slug), tekster,
                   udsagn=publicerede_udsagn(undersoegelse, slug, rod / "data"))
    # Nor is a sheet made whose words contradict its own figures (klynge.ark.paastande).
    if len(ark.svar) >= ark.taerskel:
        problemer = paastandsproblemer(ark)
        if problemer:
            raise DataFejl(problemer)
    return ark


def publicerede_udsagn(undersoegelse: Undersoegelse, slug: str, data: Path) -> tuple[dict, ...]:
    """The published sheet's findings in words, while the answers are reconstructed (they are
    written down in data/rekonstruktion.toml beside the assumed figures); none with real data."""
    if not undersoegelse.indstillinger.rekonstrueret or not (data / "rekonstruktion.toml").exists():
        return ()
    from klynge.betingelser import publicerede_udsagn as udsagn
    from klynge.rekonstruktion import laes_plan

    return udsagn(laes_plan(data / "rekonstruktion.toml"), slug)
