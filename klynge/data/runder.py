"""Saved survey rounds: data/runder/<NAVN>/ holds a round's data files, its settings and its
figures (aggregates, `tal.json`); its answers are in the confidential folder under
runder/<NAVN>/besvarelser.csv, never in git (klynge.data.versionsstyring covers them).

Each round keeps its own population, clusters and codebook. The previous round of the current
data is the newest saved round collected at another time than the current one (`indsamlet`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from klynge.data.fortrolig import SVARFIL, fortrolig_mappe, visningsnavn
from klynge.data.fortrolig import DEMONSTRATION, REKONSTRUERET, UNDERSOEGELSE
from klynge.data.indlaes import Speciale, indlaes_grundlag
from klynge.data.skema import Spoergeskema
from klynge.fejl import DataFejl, Problem

RUNDER = "runder"
DATAFILER = ("specialer.csv", "klynger.csv", "spoergsmaal.csv", "svarskalaer.csv", "landsgennemsnit.csv",
             "indstillinger.toml")
TALFIL = "tal.json"
# In tal.json, per specialty of a reconstructed round: the provenance keys of the figures its
# published sheet states (klynge.ark.maerkning), the ones that carry no mark.
PUBLICEREDE = "publicerede"
RUNDEFIL = "runde.toml"
NAVN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


@dataclass(frozen=True)
class Runde:
    """A saved round: its name, when it was collected, its specialties and codebook, and its
    figures (klynge.maal.rundetal)."""

    navn: str
    indsamlet: str
    gemt: str
    datakilde: str
    specialer: tuple[Speciale, ...]
    skema: Spoergeskema
    tal: dict

    @property
    def udkast(self) -> bool:
        """Its answers were not the survey's own: every figure of it is marked."""
        return self.datakilde != UNDERSOEGELSE

    @property
    def rekonstrueret(self) -> bool:
        return self.datakilde == REKONSTRUERET

    @property
    def demonstration(self) -> bool:
        return self.datakilde == DEMONSTRATION

    def konstrueret(self, slug: str, noegle: str) -> bool:
        """Whether a figure of this round (by its provenance key, klynge.ark.proveniens.noegle) is
        constructed: none of the survey's own answers; every one of a demonstration round; of
        reconstructed answers all but those the published sheet states (`publicerede`, recorded
        when the round was saved; a round saved without them marks every figure)."""
        if not self.udkast:
            return False
        publicerede = (self.tal_for(slug) or {}).get(PUBLICEREDE) if self.rekonstrueret else None
        return not isinstance(publicerede, list) or noegle not in publicerede

    @property
    def alle_konstrueret(self) -> bool:
        """Every figure of this round is constructed (a demonstration round, or a reconstructed
        one saved without the published figures' keys)."""
        return self.udkast and not (self.rekonstrueret and all(
            isinstance(sp.get(PUBLICEREDE), list) for sp in self.tal.get("specialer", {}).values()))

    @property
    def min_svar(self) -> int:
        return int(self.tal.get("min_svar", 0))

    def speciale(self, slug: str) -> Speciale | None:
        return next((s for s in self.specialer if s.slug == slug), None)

    def tal_for(self, slug: str) -> dict | None:
        return self.tal.get("specialer", {}).get(slug)


def runder_mappe(data: Path) -> Path:
    return Path(data) / RUNDER


def runde_mappe(data: Path, navn: str) -> Path:
    return runder_mappe(data) / navn


def runde_svar_sti(data: Path, navn: str) -> Path:
    """Where a saved round's answers live: the confidential folder, never git."""
    return fortrolig_mappe(Path(data)) / RUNDER / navn / SVARFIL


def gyldigt_navn(navn: str) -> bool:
    return bool(NAVN.match(navn))


def gemte_navne(data: Path) -> list[str]:
    mappe = runder_mappe(data)
    return sorted(p.name for p in mappe.iterdir() if p.is_dir()) if mappe.is_dir() else []


def _omdoeb(problemer: list[Problem], navn: str) -> list[Problem]:
    """The loaders name files data/<fil>; a round's are data/runder/<navn>/<fil>."""
    return [Problem(p.fil.replace("data/", f"data/{RUNDER}/{navn}/", 1) if p.fil.startswith("data/") else p.fil,
                    p.linje, p.kolonne, p.besked) for p in problemer]


def _tal_problemer(tal: object, fil: str, specialer: tuple[Speciale, ...], skema: Spoergeskema) -> list[Problem]:
    """The figures file: every specialty and question known to the round, every count a whole
    number, and each question's answers adding up to those who answered."""
    if not isinstance(tal, dict) or not isinstance(tal.get("specialer"), dict) \
            or not isinstance(tal.get("min_svar"), int):
        return [Problem(fil, None, None, "not a round's figures (expected 'min_svar' and 'specialer')")]
    problemer = []
    slugs = {s.slug for s in specialer}
    for slug, sp in tal["specialer"].items():
        if slug not in slugs:
            problemer.append(Problem(fil, None, None, f"specialty '{slug}' is not in its specialer.csv"))
            continue
        if not isinstance(sp, dict) or not all(isinstance(sp.get(k), int) and not isinstance(sp.get(k), bool)
                                               for k in ("population", "besvarelser")):
            problemer.append(Problem(fil, None, None, f"'{slug}': 'population' and 'besvarelser' must be whole numbers"))
            continue
        for kolonne, spm in (sp.get("spoergsmaal") or {}).items():
            if kolonne not in skema or skema[kolonne].er_fritekst:
                problemer.append(Problem(fil, None, None, f"'{slug}': '{kolonne}' is not a question of its codebook"))
                continue
            if not isinstance(spm, dict) or not spm.get("vist"):
                continue
            svar = spm.get("svar")
            if not isinstance(svar, dict) or set(svar) != set(skema[kolonne].skala.svar) \
                    or not all(isinstance(v, int) and v >= 0 for v in svar.values()) or sum(svar.values()) != spm.get("n"):
                problemer.append(Problem(fil, None, None, f"'{slug}': the answers to '{kolonne}' do not match its "
                                                          "scale or do not add up to 'n'"))
    return problemer


def _aftryk(data: Path, navn: str) -> str:
    """The round's files and its answers' size and time: a changed round is always read anew."""
    h = hashlib.sha256()
    mappe = runde_mappe(data, navn)
    for fil in (*DATAFILER, TALFIL, RUNDEFIL):
        sti = mappe / fil
        h.update(fil.encode() + b"\0" + (sti.read_bytes() if sti.is_file() else b"-") + b"\0")
    try:
        svar = runde_svar_sti(data, navn).stat()
        h.update(f"{svar.st_size}:{svar.st_mtime_ns}".encode())
    except (OSError, DataFejl):
        h.update(b"-")
    return h.hexdigest()


@functools.lru_cache(maxsize=8)
def _laes_uaendret(data: str, navn: str, aftryk: str, kraev_svar: bool) -> Runde:
    return _laes_runde(Path(data), navn, kraev_svar)


def laes_runde(data: Path, navn: str, kraev_svar: bool = False) -> Runde:
    """Load and check one saved round; DataFejl lists every problem, one line each. The sheets
    read only its files (its figures are aggregates), so they render where the confidential
    folder is not; `kraev_svar` (klynge check) also requires its answers. A sheet reads a round
    more than once (its section and its figure record): validated once while unchanged."""
    data = Path(data).resolve()
    return _laes_uaendret(str(data), navn, _aftryk(data, navn), kraev_svar)


def _laes_runde(data: Path, navn: str, kraev_svar: bool) -> Runde:
    data = Path(data)
    mappe = runde_mappe(data, navn)
    vist = f"data/{RUNDER}/{navn}"
    problemer = [Problem(f"{vist}/{fil}", None, None, "file is missing")
                 for fil in (*DATAFILER, TALFIL, RUNDEFIL) if not (mappe / fil).is_file()]
    svar = runde_svar_sti(data, navn)
    if kraev_svar and not svar.is_file():
        problemer.append(Problem(visningsnavn(svar, data), None, None,
                                 f"file is missing: the answers of round '{navn}' (`klynge round save` writes them)"))
    if problemer:
        raise DataFejl(problemer)
    try:
        specialer, skema, indstillinger = indlaes_grundlag(mappe)
    except DataFejl as e:
        raise DataFejl(_omdoeb(e.problemer, navn)) from None
    try:
        meta = tomllib.loads((mappe / RUNDEFIL).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise DataFejl([Problem(f"{vist}/{RUNDEFIL}", None, None, f"not valid: {e}")]) from None
    problemer += [Problem(f"{vist}/{RUNDEFIL}", None, k, "must be text in quotes")
                  for k in ("navn", "gemt") if not isinstance(meta.get(k), str)]
    if isinstance(meta.get("navn"), str) and meta["navn"] != navn:
        problemer.append(Problem(f"{vist}/{RUNDEFIL}", None, "navn", f"says '{meta['navn']}', but the folder is '{navn}'"))
    try:
        tal = json.loads((mappe / TALFIL).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise DataFejl(problemer + [Problem(f"{vist}/{TALFIL}", None, None, f"not valid JSON: {e}")]) from None
    problemer += _tal_problemer(tal, f"{vist}/{TALFIL}", specialer, skema)
    if problemer:
        raise DataFejl(problemer)
    return Runde(navn, indstillinger.indsamlet, meta["gemt"], indstillinger.datakilde, specialer, skema, tal)


def runde_problemer(data: Path, kraev_svar: bool = True) -> list[Problem]:
    """Every problem of every saved round (for `klynge check`), one line each."""
    problemer = []
    mappe = runder_mappe(data)
    if mappe.is_dir():
        problemer += [Problem(f"data/{RUNDER}/{p.name}", None, None, "is not a saved round (a file, not a folder)")
                      for p in sorted(mappe.iterdir()) if not p.is_dir()]
    for navn in gemte_navne(data):
        if not gyldigt_navn(navn):
            problemer.append(Problem(f"data/{RUNDER}/{navn}", None, None, "is not a valid round name "
                                     "(letters, digits, '.', '_' and '-')"))
            continue
        try:
            laes_runde(data, navn, kraev_svar)
        except DataFejl as e:
            problemer += e.problemer
    return problemer


def runder(data: Path) -> tuple[Runde, ...]:
    """Every saved round, oldest first (by when it was saved, then name); DataFejl if one is broken."""
    problemer = runde_problemer(data, kraev_svar=False)
    if problemer:
        raise DataFejl(problemer)
    return tuple(sorted((laes_runde(data, navn) for navn in gemte_navne(data)), key=lambda r: (r.gemt, r.navn)))


def forrige_runde(data: Path, indsamlet: str) -> Runde | None:
    """The round the current data are compared with: the newest saved round collected at
    another time than the current one (a round just saved is the current one, not a previous)."""
    tidligere = [r for r in runder(data) if r.indsamlet.strip().casefold() != indsamlet.strip().casefold()]
    return tidligere[-1] if tidligere else None
