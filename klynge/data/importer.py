"""A survey export, mapped through the codebook, as the text of data/besvarelser.csv.

Every column is recognised by the codebook or dropped (and never written); every value is
checked against it; every problem names the export's cell. Nothing here writes a file.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from klynge.data.eksport import Tabel, kort_tekst
from klynge.data.genkendelse import (FASTE, Navneregister, forventet_svar, genkend_klynge, genkend_speciale,
                                     genkend_svar, id_er_persondata, ligner_formel, persondata, persondata_i_tekst)
from klynge.data.indlaes import Eksportnavne, Speciale
from klynge.data.skema import Spoergeskema
from klynge.fejl import DataFejl, Problem, citat


@dataclass(frozen=True)
class Import:
    tekst: str  # data/besvarelser.csv
    opsummering: tuple[str, ...]  # what was read, for the analyst


def _opdel_kolonner(tabel: Tabel, register: Navneregister, problemer: list[Problem]):
    """Which export column holds each codebook column; the rest are dropped. Only the cluster
    may have several columns: tools that branch on the specialty ask one cluster question each."""
    kolonner: dict[str, list[tuple[int, str]]] = {}
    droppede: list[int] = []
    for i in range(len(tabel.overskrifter)):
        navne = tabel.navne(i)
        if not navne and not any(r[i] for r in tabel.raekker):
            continue  # an empty column in a spreadsheet is not a column
        fundne = register.genkend_en_af(navne)
        if len(fundne) > 1:
            navne = ", ".join(sorted(f"'{g.kolonne}'" for g in fundne))
            problemer.append(tabel.problem(i, None, f"the header could name several codebook columns: {navne}; "
                                                    "give it one name from data/spoergsmaal.csv"))
        elif fundne:
            g = next(iter(fundne))
            kolonner.setdefault(g.kolonne, []).append((i, g.maade))
        else:
            droppede.append(i)
    for kol, fundet in kolonner.items():
        if kol == "klynge":
            continue
        foerste = fundet[0][0]
        for i, _ in fundet[1:]:
            problemer.append(tabel.problem(i, None, f"maps to '{kol}' like {tabel.celle(foerste)} "
                                                    f"('{kort_tekst(tabel.overskrifter[foerste], 40)}'); "
                                                    "expected one column per codebook column"))
    return {k: v[0] for k, v in kolonner.items()}, droppede, [i for i, _ in kolonner.get("klynge", [])]


def _mangler(tabel: Tabel, skema: Spoergeskema, register: Navneregister, kolonner: dict, problemer: list[Problem]):
    paakraevet = ["speciale", "klynge"] + [s.kolonne for s in skema.spoergsmaal if not s.er_fritekst]
    for kol in paakraevet:
        if kol not in kolonner:
            navne = ", ".join(f"'{kort_tekst(n, 50)}'" for n in register.alle_navne(kol))
            problemer.append(tabel.problem(None, None, f"required column '{kol}' is missing "
                                                       f"(expected a header like {navne})"))


def _forventet_speciale(specialer: tuple[Speciale, ...]) -> str:
    eks = ", ".join(f"'{s.slug}'" for s in specialer[:6]) + (", …" if len(specialer) > 6 else "")
    return f"expected a specialty of data/specialer.csv by identifier, name or code ({eks})"


def importer(tabel: Tabel, specialer: tuple[Speciale, ...], skema: Spoergeskema, navne: Eksportnavne) -> Import:
    """Map and check the export; raise DataFejl listing every problem at once."""
    problemer: list[Problem] = []
    register = Navneregister(skema, navne)
    kolonner, droppede, klynge_kolonner = _opdel_kolonner(tabel, register, problemer)
    _mangler(tabel, skema, register, kolonner, problemer)

    raekker: list[dict] = [{} for _ in tabel.raekker]
    omkodet: Counter = Counter()
    if "speciale" in kolonner:
        sp_kol = kolonner["speciale"][0]
        for r, ud in enumerate(raekker):
            v = tabel.raekker[r][sp_kol]
            sp = genkend_speciale(v, specialer) if v else None
            if sp is None:
                problemer.append(tabel.problem(sp_kol, r, f"{citat(v)} is not a specialty; {_forventet_speciale(specialer)}"
                                               if v else f"is empty; {_forventet_speciale(specialer)}"))
            ud["_speciale"] = sp
            ud["speciale"] = sp.slug if sp else ""
    if "klynge" in kolonner:
        for r, ud in enumerate(raekker):
            sp = ud.get("_speciale")
            besvarede = [i for i in klynge_kolonner if tabel.raekker[r][i]]
            kl_kol = ud["_klynge_kolonne"] = besvarede[0] if besvarede else klynge_kolonner[0]
            for i in besvarede[1:]:
                problemer.append(tabel.problem(i, r, f"{citat(tabel.raekker[r][i])} is a second cluster (also "
                                                     f"{tabel.celle(besvarede[0], r)}); expected one cluster per respondent"))
            v = tabel.raekker[r][kl_kol]
            navn = genkend_klynge(v, sp) if sp and v else None
            if sp is not None and navn is None:
                kendte = ", ".join(f"'{k.navn}' ({k.kode})" if k.kode else f"'{k.navn}'" for k in sp.klynger)
                problemer.append(tabel.problem(kl_kol, r, f"{citat(v)} is not a cluster of '{sp.slug}'; expected one of {kendte}"
                                               if v else f"is empty; expected a cluster of '{sp.slug}': {kendte}"))
            ud["klynge"] = navn or ""
    for s in skema.spoergsmaal:
        if s.kolonne not in kolonner:
            continue
        i = kolonner[s.kolonne][0]
        for r, ud in enumerate(raekker):
            v = tabel.raekker[r][i]
            if s.er_fritekst or not v:
                ud[s.kolonne] = v
                continue
            svar, maade = genkend_svar(v, s.skala)
            if svar is None:
                problemer.append(tabel.problem(i, r, f"{citat(v)} is not an answer to '{s.kolonne}' "
                                                     f"(scale '{s.skala.navn}'); expected {forventet_svar(s.skala)}"))
            else:
                omkodet[maade] += 1
            ud[s.kolonne] = svar or ""

    ids, id_linje = _respondent_ider(tabel, kolonner, problemer)
    _for_mange(tabel, raekker, specialer, kolonner, problemer)
    if problemer:
        raise DataFejl(problemer)

    ud = io.StringIO()
    skriver = csv.writer(ud, lineterminator="\n")
    skriver.writerow([*FASTE, *skema.kolonner])
    for rid, r in zip(ids, raekker):
        skriver.writerow([rid, r["speciale"], r["klynge"], *(r.get(k, "") for k in skema.kolonner)])
    return Import(ud.getvalue(), _opsummering(tabel, raekker, specialer, skema, kolonner, droppede, omkodet, id_linje))


def _respondent_ider(tabel: Tabel, kolonner: dict, problemer: list[Problem]) -> tuple[list[str], str]:
    """The export's ids where they are not personal data, else R0001… in export order."""
    tildelte = [f"R{n:04d}" for n in range(1, len(tabel.raekker) + 1)]
    if "respondent_id" not in kolonner:
        return tildelte, f"assigned R0001–{tildelte[-1]} in export order (the export has no id column)"
    i = kolonner["respondent_id"][0]
    overskrift = kort_tekst(tabel.overskrifter[i], 40)
    vaerdier = [r[i] for r in tabel.raekker]
    hvorfor = id_er_persondata(vaerdier)
    if hvorfor:
        return tildelte, (f"assigned R0001–{tildelte[-1]} in export order; the export's '{overskrift}' "
                          f"looks like personal data ({hvorfor}) and is dropped")
    sete: dict[str, int] = {}
    for r, v in enumerate(vaerdier):
        if not v:
            problemer.append(tabel.problem(i, r, "respondent id is empty; expected a unique id in every row "
                                                 "(or remove the column to number the rows R0001…)"))
        elif v in sete:
            problemer.append(tabel.problem(i, r, f"respondent id {citat(v)} appears more than once "
                                                 f"(also {tabel.celle(i, sete[v])}); expected unique ids"))
        sete.setdefault(v, r)
    return vaerdier, f"kept from the export's '{overskrift}'"


def _for_mange(tabel: Tabel, raekker: list[dict], specialer: tuple[Speciale, ...], kolonner: dict,
               problemer: list[Problem]) -> None:
    """More respondents than a cluster has members, or a specialty invited, cannot be right."""
    if "klynge" not in kolonner:
        return
    taelling: Counter = Counter()
    medlemmer = {(s.slug, k.navn): k.medlemmer for s in specialer for k in s.klynger}
    for r, ud in enumerate(raekker):
        noegle = (ud.get("speciale"), ud.get("klynge"))
        if noegle not in medlemmer:
            continue
        taelling[noegle] += 1
        if taelling[noegle] == medlemmer[noegle] + 1:
            problemer.append(tabel.problem(ud["_klynge_kolonne"], r,
                                           f"cluster '{noegle[1]}' has more respondents than its {medlemmer[noegle]} "
                                           "members in data/klynger.csv"))
    pr_speciale = Counter(ud.get("speciale") for ud in raekker)
    for s in specialer:
        if pr_speciale[s.slug] > s.population:
            problemer.append(tabel.problem(None, None, f"'{s.slug}' has {pr_speciale[s.slug]} respondents but only "
                                                       f"{s.population} were invited (data/specialer.csv)"))


def _opsummering(tabel: Tabel, raekker: list[dict], specialer: tuple[Speciale, ...], skema: Spoergeskema,
                 kolonner: dict, droppede: list[int], omkodet: Counter, id_linje: str) -> tuple[str, ...]:
    linjer = [f"Read {tabel.fil} ({tabel.beskrivelse}): {len(raekker)} respondents."]
    pr = Counter(r["speciale"] for r in raekker)
    linjer.append("  per specialty: " + ", ".join(f"{s.slug} {pr[s.slug]}" for s in specialer))
    maader = Counter(m for _, m in kolonner.values())
    linjer.append(f"Columns mapped: {len(kolonner)} ("
                  + ", ".join(f"{n} {m}" for m, n in sorted(maader.items(), key=lambda x: -x[1])) + ").")
    fritekst = [s.kolonne for s in skema.spoergsmaal if s.er_fritekst and s.kolonne not in kolonner]
    if fritekst:
        linjer.append(f"  free-text column{'s' if len(fritekst) > 1 else ''} not in the export, left empty: "
                      + ", ".join(fritekst))
    if droppede:
        linjer.append(f"Columns dropped (not in the codebook, never written): {len(droppede)}")
        for i in droppede:
            navn = " / ".join(tabel.navne(i)) or f"(no header, {tabel.celle(i)})"
            hvad = persondata(" ".join(tabel.navne(i)), [r[i] for r in tabel.raekker])
            linjer.append(f"  '{kort_tekst(navn, 60)}'" + (f"  <- personal data ({hvad})" if hvad else ""))
    else:
        linjer.append("Columns dropped: none.")
    linjer.append(f"Answers: {omkodet['label']} labels as in the codebook, {omkodet['tidied label']} labels "
                  f"matched after tidying case or spaces, {omkodet['code']} recoded from numeric codes.")
    linjer.append(f"Respondent ids: {id_linje}.")
    for s in skema.spoergsmaal:
        if s.er_fritekst and s.kolonne in kolonner:
            i = kolonner[s.kolonne][0]
            fundne = [(tabel.celle(i, r), ", ".join(hvad)) for r, raekke in enumerate(tabel.raekker)
                      if (hvad := persondata_i_tekst(raekke[i]))]
            if fundne:
                linjer.append(f"Warning: free text '{s.kolonne}' is kept (it never reaches a sheet), but "
                              f"{_antal(len(fundne), 'answer looks', 'answers look')} like personal data: "
                              f"{_steder(fundne)}; remove it from the export if it must not be stored.")
    beholdte = [kolonner[k][0] for k in ("respondent_id", *(s.kolonne for s in skema.spoergsmaal if s.er_fritekst))
                if k in kolonner and not (k == "respondent_id" and id_linje.startswith("assigned"))]
    formler = [(tabel.celle(i, r), citat(raekke[i], 30)) for i in beholdte for r, raekke in enumerate(tabel.raekker)
               if ligner_formel(raekke[i])]
    if formler:
        linjer.append(f"Warning: {_antal(len(formler), 'cell starts', 'cells start')} with =, +, - or @, which a "
                      f"spreadsheet opening the imported answers would run as a formula: {_steder(formler)}; "
                      "kept as text (never published; the site's CSV tables neutralise such cells).")
    return tuple(linjer)


def _antal(n: int, ental: str, flertal: str) -> str:
    return f"{n} {ental if n == 1 else flertal}"


def _steder(fundne: list[tuple[str, str]]) -> str:
    """Cells and what each holds, at most ten of them."""
    return ", ".join(f"{c} ({hvad})" for c, hvad in fundne[:10]) + (f", … ({len(fundne)} in all)" if len(fundne) > 10 else "")
