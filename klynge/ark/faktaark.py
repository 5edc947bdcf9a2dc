"""One fact sheet's figures and figure-dependent words, ready for inline use in the documents.

`lav(slug)` loads the data once and computes everything; the .qmd files only read attributes
(`ark.svarprocent`, `ark.understoetter_pct`, …), so no figure is ever typed into a document.

The sheet is put together from modules with one job each: klynge.ark.grundlag (the data, the
basics, provenance and a figure with its basis), klynge.ark.afsnit and klynge.ark.forventninger
(the sentences, section by section), joined in klynge.ark.samlet, and klynge.ark.bilag (the charts
and CSV tables). This module makes a sheet from a project: it reads the data and the editorial
texts and works out the provenance (klynge.ark.maerkning, with the audit) and the published
findings (klynge.betingelser). It sits above the sheet and the audit; their public names stay
importable from here for the documents.
"""

from __future__ import annotations

from pathlib import Path

from klynge import betingelser
from klynge.ark import maerkning
from klynge.data.indlaes import Undersoegelse, indlaes_genbrug
from klynge.projekt import find_rod
from klynge.data.redaktionelt import laes_tekster
from klynge.data.tekstkontrol import kontroller_tekst
from klynge.fejl import DataFejl
from klynge.rekonstruktion import laes_plan

# Names other modules, the documents and the tests use from here.
from klynge.ark.bilag import FIGURER, figur, gem_tabeller, tabeller, tegn_figurer  # noqa: F401
from klynge.ark.ankre import anker, medlemsanker  # noqa: F401
from klynge.ark.grundlag import spoergsmaalstekst, undslip_navn  # noqa: F401
from klynge.ark.samlet import TEKSTFELTER, Faktaark, ankre  # noqa: F401
from klynge.ark.paastandskontrol import PAASTANDSFELTER, Udfald, kontroller_paastande, paastandsproblemer  # noqa: F401


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
                   proveniens=maerkning.for_speciale(undersoegelse, slug, rod),
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
    return betingelser.publicerede_udsagn(laes_plan(data / "rekonstruktion.toml"), slug)
