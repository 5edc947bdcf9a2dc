"""`klynge round save NAME`: keep the current round as data/runder/NAME/ before the next one.

The data files and settings are copied, the figures (klynge.maal.rundetal) written as
tal.json, and the answers copied into the confidential folder (runder/NAME/besvarelser.csv,
owner-only), never where git keeps files. Everything is checked first; nothing is written
unless the current data are valid and the name is free. Also `rundetal_problemer`: `klynge
check`'s comparison of a saved round's figures with its answers.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from klynge.data.fortrolig import besvarelser_sti, skriv_fortroligt, visningsnavn
from klynge.data.indlaes import indlaes
from klynge.ark.maerkning import publicerede_ankre
from klynge.data.publiceret import laes_publicerede
from klynge.data.runder import (DATAFILER, PUBLICEREDE, RUNDEFIL, RUNDER, TALFIL, gemte_navne, gyldigt_navn,
                                laes_runde, runde_mappe, runde_svar_sti)
from klynge.data.versionsstyring import git_gemmer
from klynge.fejl import DataFejl, Problem
from klynge.maal.rundetal import rundens_tal


def rundens_tal_og_proveniens(u, data: Path) -> dict:
    """The round's figures (klynge.maal.rundetal) and, while its answers are the reconstructed
    ones, per specialty which of them the published sheet states: a later sheet marks only the
    others, as this round's own sheet does."""
    tal = rundens_tal(u)
    if u.indstillinger.rekonstrueret:
        publicerede = laes_publicerede(Path(data) / "publicerede_tal.csv")
        for slug, sp in tal["specialer"].items():
            sp[PUBLICEREDE] = sorted(publicerede_ankre(u, publicerede, slug))
    return tal


def tal_json(tal: dict) -> str:
    """One stable text for the figures (sorted keys), so a saved round diffs line by line."""
    return json.dumps(tal, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def gem_runde(data: Path, navn: str, nu: dt.datetime | None = None) -> list[str]:
    """Save the current round as `navn`; returns the lines to print."""
    data = Path(data)
    if not gyldigt_navn(navn):
        raise DataFejl([Problem(f"data/{RUNDER}/{navn}", None, None,
                                "is not a valid round name: letters, digits, '.', '_' and '-' (e.g. 2025)")])
    if navn in gemte_navne(data):
        raise DataFejl([Problem(f"data/{RUNDER}/{navn}", None, None, "a round of that name is already saved")])
    u = indlaes(data)
    svar_sti = runde_svar_sti(data, navn)
    if hvad := git_gemmer(svar_sti):
        raise DataFejl([Problem(visningsnavn(svar_sti, data), None, None,
                                f"git {'tracks it' if hvad == 'tracked' else 'would commit it (it is not ignored)'}: "
                                "a round's answers are not written where git keeps them")])
    gemt = (nu or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    maal = runde_mappe(data, navn)
    maal.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=maal.parent, prefix=f".{navn}.") as tmp:
        # Made beside its place and renamed into it: never half a round.
        ny = Path(tmp) / navn
        ny.mkdir()
        for fil in DATAFILER:
            shutil.copyfile(data / fil, ny / fil)
        (ny / TALFIL).write_text(tal_json(rundens_tal_og_proveniens(u, data)), encoding="utf-8")
        (ny / RUNDEFIL).write_text(
            "# A saved survey round (`klynge round save`). Its answers are in the confidential folder.\n"
            f'navn = "{navn}"\ngemt = "{gemt}"\n', encoding="utf-8")
        skriv_fortroligt(svar_sti, besvarelser_sti(data).read_text(encoding="utf-8"), stram_mappe=False)
        ny.rename(maal)
    laes_runde(data, navn, kraev_svar=True)
    return [f"Saved round '{navn}' (collected {u.indstillinger.indsamlet}) in data/{RUNDER}/{navn}/: "
            f"{len(u.besvarelser)} respondents, {len(u.specialer)} specialties; its answers in "
            f"{visningsnavn(svar_sti, data)} (readable by you only; git does not keep them).",
            "Next: update data/specialer.csv and data/klynger.csv, set `indsamlet` in data/indstillinger.toml, "
            "and import the new export (README, \"En ny runde\")."]


def rundetal_problemer(data: Path) -> list[Problem]:
    """A saved round whose figures are not what its own files and answers give, one line each."""
    problemer = []
    for navn in gemte_navne(data):
        try:
            runde = laes_runde(data, navn, kraev_svar=True)
        except DataFejl:
            continue  # klynge.data.runder.runde_problemer reports it
        with tempfile.TemporaryDirectory() as tmp:
            kopi = Path(tmp) / "data"
            shutil.copytree(runde_mappe(data, navn), kopi)
            try:
                u = indlaes(kopi, runde_svar_sti(data, navn))
            except DataFejl as e:
                problemer += [Problem(visningsnavn(runde_svar_sti(data, navn), data) if p.fil.endswith(".csv")
                                      and "besvarelser" in p.fil else p.fil.replace("data/", f"data/{RUNDER}/{navn}/", 1),
                                      p.linje, p.kolonne, p.besked) for p in e.problemer]
                continue
        nye = rundens_tal_og_proveniens(u, data)
        if not any(PUBLICEREDE in sp for sp in runde.tal.get("specialer", {}).values()):
            # Saved before rounds kept which figures eKVIS published: every figure of it stays marked.
            for sp in nye["specialer"].values():
                sp.pop(PUBLICEREDE, None)
        if tal_json(nye) != tal_json(runde.tal):
            problemer.append(Problem(f"data/{RUNDER}/{navn}/{TALFIL}", None, None,
                                     "the figures are not what the round's answers give; save the round again"))
    return problemer
