"""Reconstructing respondent rows from the published aggregates.

The real answers are confidential. For every specialty and question this module works out
how many answered each answer label — from the published figures where there are any, from
the plan in data/rekonstruktion.toml where the sheets only use words, and from plausible
default weights elsewhere — splits those counts over the clusters (so the published lowest
and highest cluster shares come out), and deals them to respondents in a seeded order.
Where a published figure cannot come from any whole number of answers, the nearest possible
count is used and the audit says so: the data are never bent to match a wrong figure.
"""

from __future__ import annotations

import csv
import io
import math
import random
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from klynge.maal.afrunding import naermeste_antal, procent
from klynge.data.indlaes import Speciale
from klynge.fejl import DataFejl, Problem
from klynge.maal.andele import skjulte
from klynge.data.publiceret import PubliceretTal
from klynge.data.skema import Spoergeskema, Spoergsmaal


@dataclass(frozen=True)
class Maal:
    """One target: a share or count of answers in `svar` (for a cluster range: min or max)."""

    maal: str
    spoergsmaal: str
    svar: str
    vaerdi: float


def _fordel(i_alt: int, vaegte: list[float]) -> list[int]:
    """Split a whole number by weights, largest remainder first (ties: earliest)."""
    if i_alt == 0:
        return [0] * len(vaegte)
    if sum(vaegte) <= 0:
        vaegte = [1.0] * len(vaegte)
    sum_v = sum(vaegte)
    raa = [Fraction(i_alt) * Fraction(v).limit_denominator(10**6) / Fraction(sum_v).limit_denominator(10**6)
           for v in vaegte]
    hele = [math.floor(x) for x in raa]
    rest = i_alt - sum(hele)
    for i in sorted(range(len(raa)), key=lambda i: (-(raa[i] - hele[i]), i))[:rest]:
        hele[i] += 1
    return hele


def svar_antal(spm: Spoergsmaal, n: int, maal: list[Maal], vaegte: dict[str, float]) -> dict[str, int]:
    """How many of n answer each label, honouring every share/count target; smallest sets first
    so that nested targets ("Meget vigtigt" inside "positiv") both hold."""
    labels = list(spm.skala.svar)
    faste: dict[str, int] = {}
    for m in sorted(maal, key=lambda m: len(spm.svar_i(m.svar))):
        saet = spm.svar_i(m.svar)
        k = int(m.vaerdi) if m.maal == "antal" else naermeste_antal(Fraction(str(m.vaerdi)), n)
        frie = [s for s in saet if s not in faste]
        rest = k - sum(faste.get(s, 0) for s in saet)
        if rest < 0 or (not frie and rest != 0):
            raise ValueError(f"targets for '{spm.kolonne}' contradict each other ({m.svar} = {m.vaerdi})")
        for s, a in zip(frie, _fordel(rest, [vaegte.get(s, 0) for s in frie])):
            faste[s] = a
    frie = [s for s in labels if s not in faste]
    rest = n - sum(faste.values())
    if rest < 0 or (not frie and rest != 0):
        raise ValueError(f"targets for '{spm.kolonne}' need more answers than the {n} given")
    for s, a in zip(frie, _fordel(rest, [vaegte.get(s, 0) for s in frie])):
        faste[s] = a
    return {s: faste[s] for s in labels}


def klynge_fordeling(n_klynger: list[int], i_alt: int, laveste: float | None, hoejeste: float | None,
                     min_svar: int) -> list[int]:
    """Split i_alt positive answers over clusters answering n_klynger so that the lowest and
    highest shown cluster shares come as close as possible to the published ones."""
    if laveste is None or hoejeste is None:
        return _fordel(i_alt, [float(n) for n in n_klynger])
    viste = [i for i, s in enumerate(skjulte(n_klynger, min_svar)) if not s]
    bedst: tuple[Fraction, list[int]] | None = None
    for a in viste:
        for b in viste:
            if a == b:
                continue
            ka, kb = naermeste_antal(Fraction(str(laveste)), n_klynger[a]), naermeste_antal(Fraction(str(hoejeste)), n_klynger[b])
            lav, hoej = procent(ka, n_klynger[a]), procent(kb, n_klynger[b])
            andre = [i for i in range(len(n_klynger)) if i not in (a, b)]
            # Shown clusters must stay inside [lav, hoej]; hidden ones only need to fit.
            nedre = [math.ceil(lav * n_klynger[i] / 100) if i in viste else 0 for i in andre]
            oevre = [math.floor(hoej * n_klynger[i] / 100) if i in viste else n_klynger[i] for i in andre]
            rest = i_alt - ka - kb
            if lav > hoej or not sum(nedre) <= rest <= sum(oevre):
                continue
            fejl = abs(lav - Fraction(str(laveste))) + abs(hoej - Fraction(str(hoejeste)))
            if bedst is not None and fejl >= bedst[0]:
                continue
            antal = dict(zip(andre, nedre))
            for _ in range(rest - sum(nedre)):
                # Give the next answer to the cluster furthest below its fair share.
                i = min((i for i in andre if antal[i] < oevre[andre.index(i)]),
                        key=lambda i: (Fraction(antal[i], n_klynger[i]), i))
                antal[i] += 1
            antal[a], antal[b] = ka, kb
            bedst = (fejl, [antal[i] for i in range(len(n_klynger))])
    if bedst is None:
        raise ValueError(f"no split of {i_alt} answers over clusters of {n_klynger} gives a range {laveste}–{hoejeste}")
    return bedst[1]


def _matrix(raekker: list[int], kolonner: list[int]) -> list[list[int]]:
    """A whole-number table with the given row and column sums, close to proportional."""
    i_alt = sum(raekker)
    tabel = [[0] * len(kolonner) for _ in raekker]
    if i_alt == 0:
        return tabel
    maal = [[Fraction(r * c, i_alt) for c in kolonner] for r in raekker]
    for i, r in enumerate(maal):
        for j, x in enumerate(r):
            tabel[i][j] = math.floor(x)
    raekke_rest = [raekker[i] - sum(tabel[i]) for i in range(len(raekker))]
    kolonne_rest = [kolonner[j] - sum(tabel[i][j] for i in range(len(raekker))) for j in range(len(kolonner))]
    while any(raekke_rest):
        i, j = max(((i, j) for i in range(len(raekker)) for j in range(len(kolonner))
                    if raekke_rest[i] > 0 and kolonne_rest[j] > 0),
                   key=lambda ij: (maal[ij[0]][ij[1]] - tabel[ij[0]][ij[1]], -ij[0], -ij[1]))
        tabel[i][j] += 1
        raekke_rest[i] -= 1
        kolonne_rest[j] -= 1
    return tabel


def _maal_for(speciale: str, publicerede: tuple[PubliceretTal, ...], plan: dict) -> tuple[list[Maal], list[str]]:
    """The specialty's targets, and the items its sheet names as the strongest, in the sheet's order."""
    maal = [Maal(p.maal, p.spoergsmaal, p.svar, p.tal) for p in publicerede
            if p.speciale == speciale and p.maal in ("andel", "antal", "klynge_min", "klynge_max")]
    maal += [Maal(a["maal"], a["spoergsmaal"], a["svar"], float(a["vaerdi"]))
             for a in plan.get("specialer", {}).get(speciale, {}).get("antagelser", [])]
    givne = {x.spoergsmaal for x in maal}
    maal += [Maal("andel", kol, "positiv", float(v)) for kol, v in plan.get("standardandele", {}).items()
             if kol not in givne]
    # A sheet's ranking ("særligt A, B samt C scorer højest") becomes falling shares, with a
    # larger step between the groups a sheet names apart ("… nævnes også"), so the sheet's
    # grouping is where the shares drop most.
    r = plan["rangorden"]
    top = [p for p in publicerede if p.speciale == speciale and p.maal == "top"]
    navngivne = [p.spoergsmaal for p in sorted(top, key=lambda p: float(p.vaerdi))]
    vaerdi, forrige = float(r["top_start"]), None
    for i, p in enumerate(sorted(top, key=lambda p: float(p.vaerdi))):
        if i:
            vaerdi -= r["top_trin"] + (r.get("gruppe_spring", 0) if p.vaerdi != forrige else 0)
        maal.append(Maal("andel", p.spoergsmaal, "positiv", vaerdi))
        forrige = p.vaerdi
    return maal, navngivne


def rekonstruer(specialer: tuple[Speciale, ...], skema: Spoergeskema, publicerede: tuple[PubliceretTal, ...],
                plan: dict, min_svar: int) -> str:
    """The CSV text of data/besvarelser.csv."""
    problemer: list[Problem] = []
    ud = io.StringIO()
    skriver = csv.writer(ud, lineterminator="\n")
    skriver.writerow(["respondent_id", "speciale", "klynge", *skema.kolonner])
    loebenr = 0
    r = plan["rangorden"]
    for sp in specialer:
        sp_plan = plan.get("specialer", {}).get(sp.slug)
        if sp_plan is None:
            problemer.append(Problem("data/rekonstruktion.toml", None, None, f"no plan for speciale '{sp.slug}'"))
            continue
        respondenter = [int(sp_plan["respondenter"].get(k.navn, 0)) for k in sp.klynger]
        for k, n in zip(sp.klynger, respondenter):
            if n > k.medlemmer:
                problemer.append(Problem("data/rekonstruktion.toml", None, f"specialer.{sp.slug}.respondenter",
                                         f"'{k.navn}' gets {n} respondents but has {k.medlemmer} members"))
        ukendte = set(sp_plan["respondenter"]) - {k.navn for k in sp.klynger}
        problemer += [Problem("data/rekonstruktion.toml", None, f"specialer.{sp.slug}.respondenter",
                              f"'{k}' is not a cluster of '{sp.slug}'") for k in sorted(ukendte)]
        maal, navngivne = _maal_for(sp.slug, publicerede, plan)
        oevrige = [s.kolonne for s in skema.gruppe(r["gruppe"]) if s.kolonne not in navngivne]
        maal += [Maal("andel", kol, "positiv", r["oevrige_start"] - r["oevrige_trin"] * i) for i, kol in enumerate(oevrige)]
        svar_pr_klynge: dict[str, list[list[str | None]]] = {}
        for spm in skema.spoergsmaal:
            if spm.er_fritekst:
                continue
            mangler = [sum(int(u["antal"]) for u in sp_plan.get("ubesvaret", [])
                           if u["spoergsmaal"] == spm.kolonne and u["klynge"] == k.navn) for k in sp.klynger]
            n_klynger = [n - m for n, m in zip(respondenter, mangler)]
            egne = [m for m in maal if m.spoergsmaal == spm.kolonne]
            try:
                antal = svar_antal(spm, sum(n_klynger), [m for m in egne if m.maal in ("andel", "antal")],
                                   plan["profiler"].get(spm.skala.navn, {}))
                laveste = next((m for m in egne if m.maal == "klynge_min"), None)
                hoejeste = next((m for m in egne if m.maal == "klynge_max"), None)
                labels = list(spm.skala.svar)
                if laveste and hoejeste:
                    saet = spm.svar_i(laveste.svar)
                    i_saet = klynge_fordeling(n_klynger, sum(antal[s] for s in saet), laveste.vaerdi,
                                              hoejeste.vaerdi, min_svar)
                    blok_a = _matrix(i_saet, [antal[s] for s in labels if s in saet])
                    blok_b = _matrix([n - a for n, a in zip(n_klynger, i_saet)], [antal[s] for s in labels if s not in saet])
                    kol_a = [s for s in labels if s in saet]
                    kol_b = [s for s in labels if s not in saet]
                    tabel = [dict(zip(kol_a, ra)) | dict(zip(kol_b, rb)) for ra, rb in zip(blok_a, blok_b)]
                else:
                    tabel = [dict(zip(labels, raekke)) for raekke in _matrix(n_klynger, [antal[s] for s in labels])]
            except ValueError as e:
                problemer.append(Problem("data/rekonstruktion.toml", None, f"specialer.{sp.slug}", str(e)))
                continue
            for k, raekke, m in zip(sp.klynger, tabel, mangler):
                svar = [s for s in labels for _ in range(raekke[s])]
                random.Random(f"{plan['seed']}/{sp.slug}/{k.navn}/{spm.kolonne}").shuffle(svar)
                svar_pr_klynge.setdefault(k.navn, []).append(svar + [None] * m)
        problemer += _saml_sammenhaenge(sp, skema, plan, svar_pr_klynge, publicerede)
        kommentarer = plan.get("kommentarer", {})
        for k, n in zip(sp.klynger, respondenter):
            kolonner = svar_pr_klynge.get(k.navn, [])
            terning = random.Random(f"{plan['seed']}/{sp.slug}/{k.navn}/kommentar")
            for i in range(n):
                loebenr += 1
                raekke = iter(kol[i] if kol[i] is not None else "" for kol in kolonner)
                ud_raekke = []
                for spm in skema.spoergsmaal:
                    if spm.er_fritekst:
                        tekster = kommentarer.get("tekster", [])
                        skriv = tekster and terning.random() * 100 < kommentarer.get("andel", 0)
                        ud_raekke.append(terning.choice(tekster) if skriv else "")
                    else:
                        ud_raekke.append(next(raekke, ""))
                skriver.writerow([f"R{loebenr:04d}", sp.slug, k.navn, *ud_raekke])
    if problemer:
        raise DataFejl(problemer)
    return ud.getvalue()


def _saml_sammenhaenge(sp: Speciale, skema: Spoergeskema, plan: dict, svar_pr_klynge: dict,
                       publicerede: tuple[PubliceretTal, ...]) -> list[Problem]:
    """Make each respondent coherent across related questions (`[[sammenhaeng]]` in the plan):
    the answer to `spoergsmaal` is dealt from weights that depend on the same respondent's answer
    to `efter` — one who has never used data on the meetings ("Nej") does not say data are used
    "altid eller ofte". The dependent column is rewritten in place, per cluster."""
    problemer = []
    kolonner = [s.kolonne for s in skema.spoergsmaal if not s.er_fritekst]
    for regel in plan.get("sammenhaeng", []):
        navn, kol, efter = regel.get("navn", "?"), regel.get("spoergsmaal"), regel.get("efter")
        if kol not in kolonner or efter not in kolonner:
            problemer.append(Problem("data/rekonstruktion.toml", None, f"sammenhaeng.{navn}",
                                     f"'{kol}' or '{efter}' is not a question column of data/spoergsmaal.csv"))
            continue
        if any(p.speciale == sp.slug and p.spoergsmaal == kol for p in publicerede):
            problemer.append(Problem("data/rekonstruktion.toml", None, f"sammenhaeng.{navn}",
                                     f"'{kol}' has a published figure in '{sp.slug}'; it cannot be dealt from '{efter}'"))
            continue
        labels = list(skema[kol].skala.svar)
        vaegte = regel.get("vaegte", {})
        for klynge, cols in svar_pr_klynge.items():
            betingelse, afhaengig = cols[kolonner.index(efter)], cols[kolonner.index(kol)]
            ny: list[str | None] = list(afhaengig)
            for vaerdi in dict.fromkeys(betingelse):
                hvem = [i for i, b in enumerate(betingelse) if b == vaerdi and afhaengig[i] is not None]
                v = vaegte.get(vaerdi or "", plan["profiler"].get(skema[kol].skala.navn, {}))
                svar = [s for s, a in zip(labels, _fordel(len(hvem), [float(v.get(s, 0)) for s in labels]))
                        for _ in range(a)]
                random.Random(f"{plan['seed']}/{sp.slug}/{klynge}/{kol}/{vaerdi}").shuffle(svar)
                for i, s in zip(hvem, svar):
                    ny[i] = s
            cols[kolonner.index(kol)] = ny
    return problemer


def laes_plan(sti: Path) -> dict:
    try:
        return tomllib.loads(sti.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataFejl([Problem(str(sti), None, None, "file is missing")]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise DataFejl([Problem(str(sti), None, None, f"not valid TOML: {e}")]) from None


def er_rekonstruktionen(mappe: Path, specialer: tuple[Speciale, ...], skema: Spoergeskema,
                        publicerede: tuple[PubliceretTal, ...], min_svar: int, sti: Path | None = None) -> bool:
    """Whether the answers file `sti` (data/besvarelser.csv unless given) is, byte for byte,
    what `klynge generate` makes: data that claim to be a survey export must not be. False where
    no reconstruction can be made."""
    try:
        tekst = rekonstruer(specialer, skema, publicerede, laes_plan(mappe / "rekonstruktion.toml"), min_svar)
    except DataFejl:
        return False
    try:
        return (sti or mappe / "besvarelser.csv").read_bytes() == tekst.encode("utf-8")
    except OSError:
        return False
