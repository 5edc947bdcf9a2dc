"""The colophon every page and PDF carries: the release it belongs to (or "ikke udgivet"), the
date, a short fingerprint of exactly the data it read and the klynge version; in the PDF's
metadata (keywords) too. A PDF a society holds is traced back by its fingerprint: the release
record in data/udgivelser/ with the same one names the data, the code (git commit) and the date.

Deterministic: the date is the release's, or the build date rule of the PDFs (SOURCE_DATE_EPOCH,
else the start of the build's day in UTC), so two builds of the same inputs stay byte-identical.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from babel.dates import format_date

from klynge.ark.tal import escape_markdown
from klynge.ark.tekst import LOCALE
from klynge.ark.undslip import typst_streng
from klynge.data.aftryk import KORT, alle_data
from klynge.projekt import find_rod
from klynge.render.convert import pdf_timestamp
from klynge.udgivelse import talregister
from klynge.udgivelse.filer import Udgivelse, laes_udgivelser

IKKE_UDGIVET = "Ikke udgivet"


def version() -> str:
    try:
        return metadata.version("klynge")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree not installed
        return "ukendt"


@dataclass(frozen=True)
class Kolofon:
    udgivelse: str | None  # the release's name; None: not released
    dato: dt.date
    aftryk: str  # the data fingerprint, in full
    version: str

    @property
    def kort_aftryk(self) -> str:
        return self.aftryk[:KORT]

    @property
    def tekst(self) -> str:
        dato = format_date(self.dato, format="long", locale=LOCALE)
        hvad = f"Udgivelse {self.udgivelse}, {dato}" if self.udgivelse else f"{IKKE_UDGIVET}, bygget {dato}"
        return f"{hvad} · Datafingeraftryk {self.kort_aftryk} · klynge {self.version}"

    @property
    def noegleord(self) -> list[str]:
        """For the PDF's keywords: the same, one item each."""
        return [f"Udgivelse: {self.udgivelse or IKKE_UDGIVET.lower()}", f"Dato: {self.dato.isoformat()}",
                f"Datafingeraftryk: {self.kort_aftryk}", f"klynge {self.version}"]

    def markdown(self) -> str:
        """A small paragraph at the end of the page (in the PDF too), and the PDF's keywords."""
        noegleord = ", ".join(typst_streng(o) for o in self.noegleord)
        return (
            '::: {.content-visible when-format="html"}\n'
            '::: {.kolofon}\n'
            f"**Kolofon.** {escape_markdown(self.tekst)}\n"
            ":::\n"
            ":::\n\n"
            "```{=typst}\n"
            f"#set document(keywords: ({noegleord},))\n"
            f"#block(above: 1.8em, text(size: 8.5pt, fill: luma(80))[*Kolofon.* #{typst_streng(self.tekst)}])\n"
            "```\n"
        )



def byggedato() -> dt.date:
    return dt.datetime.fromtimestamp(pdf_timestamp(), dt.timezone.utc).date()


def _dato(u: Udgivelse) -> dt.date:
    try:
        return dt.date.fromisoformat(u.dato)
    except ValueError:
        return byggedato()


def _kolofon(udgivelse: Udgivelse | None, aftryk: str) -> Kolofon:
    if udgivelse is None:
        return Kolofon(None, byggedato(), aftryk, version())
    return Kolofon(udgivelse.navn, _dato(udgivelse), aftryk, version())


def ark_udgivelse(post: dict, udgivelser: list[Udgivelse]) -> Udgivelse | None:
    """The newest release that holds exactly this sheet: the same figures, sentences and data."""
    for u in reversed(udgivelser):
        if u.ark(post["speciale"]) == post:
            return u
    return None


def for_ark(ark, rod: Path | None = None) -> str:
    """The colophon of a fact sheet (`ark`: a klynge.ark.faktaark.Faktaark)."""
    data = (rod or find_rod()) / "data"
    post = talregister.optegnelse(ark, data)
    return _kolofon(ark_udgivelse(post, laes_udgivelser(data)), post["data"]).markdown()


def for_oversigt(rod: Path | None = None) -> str:
    """The colophon of a page that reads all the data (front page, audit, changes): the newest
    release made from exactly these data."""
    data = (rod or find_rod()) / "data"
    aftryk = alle_data(data)
    udgivelse = next((u for u in reversed(laes_udgivelser(data)) if u.oplysninger.get("data") == aftryk), None)
    return _kolofon(udgivelse, aftryk).markdown()
