"""The published sheets' words as checked constraints on the reconstruction.

The published sheets state some findings only in words: an ordering ("meget aktive … og
bidrager gerne med egne erfaringer og data"), a grouping ("… nævnes også"), named examples
("herunder faglige drøftelser og fælles motivation …"), a quantity word ("hovedparten").
data/rekonstruktion.toml writes each down beside the assumed figures
(`[[specialer.<speciale>.udsagn]]`), and the rows must respect respondents' coherence across
related questions (`[[sammenhaeng]]`). `kontroller` says, by name, whether each holds in data
made by `klynge generate`; the sheets' own wording rules decide, so a constraint that holds is a
sentence our sheet prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from klynge.ark import ordvalg as o
from klynge.ark.proveniens import Proveniens
from klynge.ark.samlet import Faktaark
from klynge.data.indlaes import Undersoegelse
from klynge.maal import andele as m

TYPER = ("ord", "hoejst", "gruppe", "eksempler", "opfyldte")


@dataclass(frozen=True)
class Betingelse:
    navn: str  # "<speciale>: <navn>" or "sammenhaeng: <navn>"
    holder: bool
    fundet: str  # what the data give, in a few words
    citat: str = ""


def _udsagn(plan: dict, slug: str) -> list[dict]:
    return plan.get("specialer", {}).get(slug, {}).get("udsagn", [])


def _kontroller_udsagn(u: Undersoegelse, slug: str, b: dict, plan: dict) -> Betingelse:
    navn = f"{slug}: {b.get('navn', '?')}"
    citat = b.get("citat", "")
    ark = Faktaark(u, u.speciale(slug), proveniens=Proveniens(False), udsagn=tuple(_udsagn(plan, slug)))
    g, ms, svar = u.indstillinger.ordvalg, u.indstillinger.min_svar, ark.svar
    type_ = b.get("type")
    if type_ == "ord":
        try:
            ord_ = ark.ord_ved(b.get("sted", ""))
        except KeyError as e:
            return Betingelse(navn, False, str(e).strip("'\""), citat)
        return Betingelse(navn, ord_ == b["ord"], f"»{ord_}«", citat)
    if type_ in ("hoejst", "gruppe"):
        raekke = [r for r in m.rangorden(svar, u.skema, b["gruppe"], ms) if r.andel.vist]
        antal = len(b["punkter"]) if type_ == "hoejst" else o.motivation_gruppe(g, [r.andel.hel_procent for r in raekke])
        oeverst = [r.spoergsmaal.kolonne for r in raekke[:antal]]
        fundet = ", ".join(f"{r.spoergsmaal.kolonne} {r.andel.hel_procent}" for r in raekke)
        return Betingelse(navn, set(oeverst) == set(b["punkter"]), f"{fundet}; øverst: {', '.join(oeverst)}", citat)
    if type_ == "eksempler":
        eksempler = [f.kort for f in ark.forventning_eksempler]
        oenskede = [u.skema[k].kort for k in b["punkter"]]
        return Betingelse(navn, eksempler == oenskede, "; ".join(eksempler) or "ingen eksempler", citat)
    if type_ == "opfyldte":
        opfyldte = [f.kort for f in ark.forventning_opfyldte]
        oenskede = {u.skema[k].kort for k in b["punkter"]}
        return Betingelse(navn, set(opfyldte) == oenskede, "; ".join(opfyldte) or "ingen", citat)
    return Betingelse(navn, False, f"unknown type '{type_}' (known: {', '.join(TYPER)})", citat)


def _kontroller_sammenhaeng(u: Undersoegelse, regel: dict) -> list[Betingelse]:
    """Per specialty: nobody answers `hvis_svar` to `efter` and a positive answer to `spoergsmaal`,
    and the share answering `spoergsmaal` negatively is at least the share answering `hvis_svar`."""
    navn, kol, efter = regel.get("navn", "?"), regel["spoergsmaal"], regel["efter"]
    hvis = regel.get("hvis_svar", "Nej")
    ud = []
    for sp in u.specialer:
        svar = u.besvarelser_for(sp.slug)
        spm, betingelse = u.skema[kol], u.skema[efter]
        modstrid = int((svar[efter].isin([hvis]) & svar[kol].isin(spm.svar_i("positiv"))).sum())
        negativ = m.andel(svar, spm, "negativ", 0)
        nej = m.andel(svar, betingelse, hvis, 0)
        holder = modstrid == 0 and negativ.procent >= nej.procent
        ud.append(Betingelse(
            f"sammenhaeng: {navn} ({sp.slug})", holder,
            f"{modstrid} svarer »{hvis}« til {efter} og altid/ofte til {kol}; sjældent eller aldrig "
            f"{negativ.hel_procent} pct. ≥ »{hvis}« {nej.hel_procent} pct.: {'ja' if negativ.procent >= nej.procent else 'nej'}"))
    return ud


def kontroller(u: Undersoegelse, plan: dict) -> list[Betingelse]:
    """Every qualitative constraint of the plan, and whether it holds in `u`."""
    ud: list[Betingelse] = []
    for sp in u.specialer:
        ud += [_kontroller_udsagn(u, sp.slug, b, plan) for b in _udsagn(plan, sp.slug)]
    for regel in plan.get("sammenhaeng", []):
        ud += _kontroller_sammenhaeng(u, regel)
    return ud


def publicerede_udsagn(plan: dict, slug: str) -> tuple[dict, ...]:
    return tuple(_udsagn(plan, slug))

