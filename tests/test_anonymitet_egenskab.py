"""Anonymity as a property, tested the way an attacker would: give the few answers of a group
below the threshold first all positive, then all negative. Nothing published may change —
no figure, word, ranking, chart bar, label, alt text, CSV cell, and no line of the overview or
the audit."""

from __future__ import annotations

import csv
from functools import cached_property
from pathlib import Path

import pytest

from klynge.ark import faktaark as fa
from klynge.ark.tal import Tal, Tekst
from klynge.ark.oversigt import fundliste, revisionstabel, specialetabel
from klynge.ark.revision import revider
from klynge.data.indlaes import indlaes
from klynge.data.publiceret import laes_publicerede

SLUG = "reumatologi"
FIGURNAVNE = ("deltagelse", "engagement", "understoetter", "understoetter_fordeling", "forventninger",
              "forbedringer", "motivation")


def _laes(sti: Path) -> list[dict]:
    with sti.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _skriv(sti: Path, raekker: list[dict]) -> None:
    with sti.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(raekker[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(raekker)


def _yderpunkter(data: Path) -> dict[str, tuple[str, str]]:
    """Per question column: its most positive and its most negative answer label."""
    skalaer: dict[str, list[dict]] = {}
    for r in _laes(data / "svarskalaer.csv"):
        skalaer.setdefault(r["skala"], []).append(r)
    ud = {}
    for s in _laes(data / "spoergsmaal.csv"):
        if s["skala"] in skalaer:
            svar = skalaer[s["skala"]]
            ud[s["kolonne"]] = (next(r["svar"] for r in svar if r["vurdering"] == "positiv"),
                                next(r["svar"] for r in reversed(svar) if r["vurdering"] == "negativ"))
    return ud


def faa_svar_paa_hvert_spoergsmaal(data: Path, retning: int) -> None:
    """Only 4 of the specialty's respondents answer any question; all positive (0) or negative (1)."""
    yder = _yderpunkter(data)
    raekker = _laes(data / "besvarelser.csv")
    egne = [r for r in raekker if r["speciale"] == SLUG]
    for i, r in enumerate(egne):
        for kolonne, svar in yder.items():
            r[kolonne] = svar[retning] if i < 4 else ""
    _skriv(data / "besvarelser.csv", raekker)


# Between clusters the attacker's two builds must have the same specialty totals (those rest on
# enough answers to be shown): the small clusters' answers flip, and as many respondents of the
# cluster hidden to protect them flip the other way. If that cluster were shown, it would change.
KOMPLEMENT = "Reuma – Hovedstad – Øvrige"


def _smaa_klynger(data: Path, retning: int, smaa: dict[str, int]) -> None:
    yder = _yderpunkter(data)
    raekker, beholdt, tael = _laes(data / "besvarelser.csv"), [], {}
    for r in raekker:
        k = r["klynge"]
        tael[k] = tael.get(k, 0) + 1
        if k in smaa and tael[k] > smaa[k]:
            continue
        if k in smaa or (k == KOMPLEMENT and tael[k] <= sum(smaa.values())):
            for kolonne, svar in yder.items():
                r[kolonne] = svar[retning if k in smaa else 1 - retning]
        beholdt.append(r)
    _skriv(data / "besvarelser.csv", beholdt)


def to_smaa_klynger(data: Path, retning: int) -> None:
    """Two clusters with 2 respondents each (4 together: too few even as a pair)."""
    _smaa_klynger(data, retning, {"Reuma – Sjælland": 2, "Reuma – Vestdanmark": 2})


def en_lille_klynge_og_en_uden_svar(data: Path, retning: int) -> None:
    """One cluster with 4 respondents and one that nobody from answered."""
    _smaa_klynger(data, retning, {"Reuma – Sjælland": 0, "Reuma – Vestdanmark": 4})


def hele_specialet_under_graensen(data: Path, retning: int) -> None:
    """The specialty has 4 respondents in all."""
    yder = _yderpunkter(data)
    raekker, beholdt, antal = _laes(data / "besvarelser.csv"), [], 0
    for r in raekker:
        if r["speciale"] == SLUG:
            antal += 1
            if antal > 4:
                continue
            for kolonne, svar in yder.items():
                r[kolonne] = svar[retning]
        beholdt.append(r)
    _skriv(data / "besvarelser.csv", beholdt)


SCENARIER = [faa_svar_paa_hvert_spoergsmaal, to_smaa_klynger, en_lille_klynge_og_en_uden_svar,
             hele_specialet_under_graensen]


def alt_publiceret(data: Path) -> dict[str, str]:
    """Every text the sheet, its charts, its tables, the overview and the audit page publish."""
    u = indlaes(data)
    ark = fa.Faktaark(u, u.speciale(SLUG))
    ud = {}
    for navn in dir(fa.Faktaark):
        if isinstance(getattr(fa.Faktaark, navn), (property, cached_property)):
            vaerdi = getattr(ark, navn)
            if isinstance(vaerdi, (str, Tal, Tekst)):  # a figure with its basis is published whole
                ud[navn] = vaerdi if isinstance(vaerdi, str) else f"{vaerdi} | {vaerdi!r}"
    for navn in FIGURNAVNE:
        f = fa.figur(ark, navn)
        ud[f"{navn}: alt"] = f.alt
        ud[f"{navn}: figurtekst"] = f.figurtekst
        ud[f"{navn}: søjler og etiketter"] = "" if f.plot is None else f.plot.data.to_csv()
    for navn, df in fa.tabeller(ark).items():
        ud[f"tabel {navn}"] = df.to_csv(index=False)
    from klynge.udgivelse import talregister

    # The figure record (issue 18) without its data fingerprint, a provenance mark (see test_anonymitet_site).
    post = talregister.optegnelse(ark, data)
    del post["data"]
    ud["talregister"] = talregister.som_json(post)
    ud["forsiden"] = specialetabel(u)
    kontroller = revider(u, laes_publicerede(data / "publicerede_tal.csv"))
    ud["kontrolsiden"] = revisionstabel(kontroller) + fundliste(kontroller, {s.slug: s.navn for s in u.specialer})
    return ud


@pytest.mark.parametrize("scenarie", SCENARIER, ids=lambda f: f.__name__)
def test_nothing_published_changes_when_fewer_than_min_svar_answers_change(tmp_path, datakopi, scenarie):
    import shutil

    negativ = tmp_path / "negativ"
    shutil.copytree(datakopi, negativ)
    scenarie(datakopi, 0)
    scenarie(negativ, 1)
    positivt, negativt = alt_publiceret(datakopi), alt_publiceret(negativ)
    forskelle = {k: (positivt[k], negativt[k]) for k in positivt if positivt[k] != negativt[k]}
    assert not forskelle


def test_the_property_test_would_see_a_change_in_a_shown_figure(tmp_path, datakopi):
    # With 6 answers the figures are shown, and must then differ: the comparison is not blind.
    import shutil

    def seks_svar(data: Path, retning: int) -> None:
        yder = _yderpunkter(data)
        raekker = _laes(data / "besvarelser.csv")
        for i, r in enumerate(r for r in raekker if r["speciale"] == SLUG):
            for kolonne, svar in yder.items():
                r[kolonne] = svar[retning] if i < 6 else ""
        _skriv(data / "besvarelser.csv", raekker)

    negativ = tmp_path / "negativ"
    shutil.copytree(datakopi, negativ)
    seks_svar(datakopi, 0)
    seks_svar(negativ, 1)
    assert alt_publiceret(datakopi)["deltagelse_saetning"] != alt_publiceret(negativ)["deltagelse_saetning"]
