"""The audit: every published figure beside the one computed from the data, and what is wrong
with the published sheets themselves (figures no whole number of answers can give, sheets
that contradict themselves)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from klynge.maal import andele as m
from klynge.maal.afrunding import mulige_antal, naermeste_brok, procent, rund_halvt_op, stoerste_opnaaelige_n
from klynge.data.indlaes import Undersoegelse
from klynge.fejl import Problem
from klynge.data.publiceret import PubliceretTal
from klynge.ark.ankre import anker, medlemsanker
from klynge.ark.ordvalg import i_forhold_til
from klynge.ark.tekst import decimaltal, opremsning, pct, svarprocent, talord

STEMMER, AFVIGER, FUND = "stemmer", "afviger", "fund i faktaarket"
# The audit page is published: a figure from fewer than min_svar answers is not shown there
# either, nor whether the published figure matches it (that would give it away).
SKJULT = "vises ikke"


@dataclass(frozen=True)
class Kontrol:
    speciale: str
    beskrivelse: str
    publiceret: str
    beregnet: str
    status: str
    forklaring: str
    citat: str
    kilde: str
    anker: str = ""  # where the figure stands in our sheet (an id in reports/<speciale>.html)
    # What a finding or remark is: "umuligt" (no whole count gives the figure),
    # "uoverensstemmelse" (the sheet disagrees with itself) or "bemaerkning"; "" without one.
    art: str = ""


def _beskriv(p: PubliceretTal, u: Undersoegelse) -> str:
    spm = u.skema[p.spoergsmaal] if p.spoergsmaal in u.skema else None
    emne = (spm.kort if spm else p.spoergsmaal)
    svar = {"positiv": "positive svar", "negativ": "negative svar"}.get(p.svar, f"»{p.svar}«")
    return {
        "population": "Inviterede speciallæger",
        "besvarelser": "Besvarelser",
        "svarprocent": "Svarprocent",
        "antal_klynger": "Antal klynger",
        "medlemmer": f"Medlemmer i {p.klynge}",
        "andel": f"{emne}: andel {svar}",
        "antal": f"{emne}: antal {svar}",
        "klynge_min": f"{emne}: laveste klyngeandel",
        "klynge_max": f"{emne}: højeste klyngeandel",
        "sammenligning": f"{emne}: i forhold til landsgennemsnittet",
        "top": (f"{emne}: den stærkeste motivationsfaktor" if p.vaerdi == "1"
                else f"{emne}: blandt de {p.vaerdi} stærkeste motivationsfaktorer"),
    }[p.maal]


def _kontroller_tal(p: PubliceretTal, u: Undersoegelse, svar) -> Kontrol:
    sp = u.speciale(p.speciale)
    ms = u.indstillinger.min_svar
    forklaring = ""
    status = None
    if p.maal == "population":
        beregnet = str(sp.population)
        medlemmer = sum(k.medlemmer for k in sp.klynger)
        if medlemmer != sp.population:
            status = FUND
            besvarede = len(svar)
            forklaring = (f"Faktaarkets tal stemmer ikke helt overens: klyngerne har tilsammen {medlemmer} medlemmer, "
                          f"men der er {sp.population} inviterede. Svarprocenten {svarprocent(procent(besvarede, sp.population))} "
                          f"bygger på {sp.population}; med {medlemmer} ville den være "
                          f"{svarprocent(procent(besvarede, medlemmer))}")
        ok = int(p.tal) == sp.population
    elif p.maal == "besvarelser":
        beregnet = str(len(svar))
        ok = int(p.tal) == len(svar)
    elif p.maal == "svarprocent":
        a = m.svarprocent(sp, svar)
        beregnet = pct(a.procent, 1)
        ok = rund_halvt_op(a.procent, 1) == Fraction(p.vaerdi)
    elif p.maal == "antal_klynger":
        beregnet = str(len(sp.klynger))
        ok = int(p.tal) == len(sp.klynger)
    elif p.maal == "medlemmer":
        k = next((k for k in sp.klynger if k.navn == p.klynge), None)
        beregnet = str(k.medlemmer) if k else "klyngen findes ikke"
        ok = k is not None and k.medlemmer == int(p.tal)
    elif p.maal in ("andel", "antal"):
        a = m.andel(svar, u.skema[p.spoergsmaal], p.svar, ms)
        if not a.vist:
            beregnet, ok, status = f"vises ikke (færre end {ms} svar)", False, SKJULT
        elif p.maal == "antal":
            beregnet = f"{a.antal} af {a.n}"
            ok = a.antal == int(p.tal)
        else:
            beregnet = f"{pct(a.procent)} ({a.antal} af {a.n})"
            ok = a.hel_procent == int(p.tal)
        if p.maal == "andel":
            vaerdi = Fraction(p.vaerdi)
            if not mulige_antal(vaerdi, len(svar)):
                n = stoerste_opnaaelige_n(vaerdi, len(svar))
                if n:
                    forklaring = (f"{p.vaerdi} pct. kan ikke komme af {len(svar)} svar; det forudsætter, at nogle "
                                  f"ikke har besvaret spørgsmålet (fx {mulige_antal(vaerdi, n)[0]} af {n}).")
                else:
                    status = FUND
                    forklaring = f"{p.vaerdi} pct. kan ikke komme af noget helt antal svar blandt {len(svar)} respondenter."
    elif p.maal in ("klynge_min", "klynge_max"):
        spm = u.skema[p.spoergsmaal]
        spaend = m.klynge_spaend(m.klynge_andele(svar, sp, spm, p.svar, ms))
        if spaend is None:
            beregnet, ok = f"vises ikke (for få klynger med mindst {ms} svar)", False
        else:
            k = spaend.laveste if p.maal == "klynge_min" else spaend.hoejeste
            beregnet = f"{pct(k.andel.procent)} ({k.andel.antal} af {k.andel.n}, {k.klynge})"
            ok = k.andel.hel_procent == int(p.tal)
        stoerste = max(kl.medlemmer for kl in sp.klynger)
        if not stoerste_opnaaelige_n(Fraction(p.vaerdi), stoerste):
            status = FUND
            a_n, n_n = naermeste_brok(Fraction(p.vaerdi), stoerste)
            forklaring = (f"{p.vaerdi} pct. kan ikke komme af noget helt antal svar i en klynge med højst {stoerste} "
                          f"medlemmer (nærmest er {a_n} af {n_n} = "
                          f"{decimaltal(procent(a_n, n_n), 1)} pct.). Data er ikke tilpasset; "
                          f"vores faktaark viser det beregnede tal.")
    elif p.maal == "sammenligning":
        a = m.andel(svar, u.skema[p.spoergsmaal], p.svar, ms)
        lg = u.landsgennemsnit_for(p.spoergsmaal)
        if not a.vist:
            beregnet, ok, status = f"vises ikke (færre end {ms} svar)", False, SKJULT
        else:
            s = m.sammenlign(a, lg.vaerdi)
            beregnet = f"{s.retning} ({pct(a.procent)} mod {pct(lg.vaerdi, 1)})"
            ok = s.retning == p.vaerdi
            # The direction may agree while our sheet's wording rule calls the gap level.
            vores = i_forhold_til(u.indstillinger.ordvalg, Fraction(a.hel_procent) - lg.vaerdi, a.n)
            if vores == "på niveau med" and p.vaerdi != "på niveau":
                beregnet += "; vores faktaark: »på niveau med«"
                forklaring = (f"Retningen stemmer, men forskellen er under {u.indstillinger.ordvalg.paa_niveau} "
                              f"procentpoint, så vores faktaark skriver »på niveau med« landsgennemsnittet.")
    elif p.maal == "top":
        raekke = m.rangorden(svar, u.skema, u.skema[p.spoergsmaal].gruppe, ms)
        plads = next(i for i, r in enumerate(raekke, 1) if r.spoergsmaal.kolonne == p.spoergsmaal)
        if not raekke[plads - 1].andel.vist:
            beregnet, ok, status = f"vises ikke (færre end {ms} svar)", False, SKJULT
        else:
            beregnet = f"nr. {plads} ({pct(raekke[plads - 1].andel.procent)})"
            ok = plads <= int(p.tal)
    else:  # pragma: no cover - publiceret.MAAL lists every measure
        raise ValueError(p.maal)
    if status is None:
        status = STEMMER if ok else AFVIGER
    art = ""
    if forklaring:
        art = ("uoverensstemmelse" if p.maal == "population" else "umuligt") if status == FUND else "bemaerkning"
    return Kontrol(sp.slug, _beskriv(p, u), _vis(p), beregnet, status, forklaring, p.citat, p.kilde,
                   _anker(p, sp), art)


def _anker(p: PubliceretTal, sp) -> str:
    """The id our sheet gives the figure a published one corresponds to (see faktaark.anker)."""
    faste = {"population": "tal-population", "besvarelser": "tal-besvarelser", "svarprocent": "tal-svarprocent",
             "antal_klynger": "tal-antal-klynger"}
    if p.maal in faste:
        return faste[p.maal]
    if p.maal == "medlemmer":
        navne = [k.navn for k in sp.klynger]
        return medlemsanker(navne.index(p.klynge)) if p.klynge in navne else ""
    if p.maal in ("andel", "antal"):
        return anker(p.spoergsmaal, p.svar)
    if p.maal in ("klynge_min", "klynge_max"):
        return anker(p.spoergsmaal, "laveste" if p.maal == "klynge_min" else "hoejeste")
    if p.maal == "sammenligning":
        return f"tal-landsgennemsnit-{p.spoergsmaal}"
    if p.maal == "top":
        return anker(p.spoergsmaal)
    return ""


def _vis(p: PubliceretTal) -> str:
    if p.maal in ("andel", "klynge_min", "klynge_max", "svarprocent"):
        return pct(Fraction(p.vaerdi), 1)
    return p.vaerdi


def _kontroller_ark(slug: str, tal: list[PubliceretTal], u: Undersoegelse) -> list[Kontrol]:
    """Checks of a sheet against itself, independent of our data."""
    fund = []
    hent = {(p.maal, p.klynge): p for p in tal}
    pop, bes, sp_pct = hent.get(("population", "")), hent.get(("besvarelser", "")), hent.get(("svarprocent", ""))
    if pop and bes and sp_pct:
        regnet = rund_halvt_op(procent(int(bes.tal), int(pop.tal)), 1)
        if regnet != Fraction(sp_pct.vaerdi):
            fund.append(Kontrol(slug, "Svarprocent i forhold til arkets egne tal", _vis(sp_pct), pct(regnet, 1), FUND,
                                f"{bes.vaerdi} af {pop.vaerdi} giver {pct(regnet, 1)}, ikke {_vis(sp_pct)}.",
                                sp_pct.citat, sp_pct.kilde, art="uoverensstemmelse"))
    antal = hent.get(("antal_klynger", ""))
    listede = [p for p in tal if p.maal == "medlemmer"]
    if antal and listede and int(antal.tal) != len(listede):
        fund.append(Kontrol(slug, "Antal klynger i forhold til listen", antal.vaerdi, str(len(listede)), FUND,
                            f"Arket nævner {antal.vaerdi} klynger, men oplister {len(listede)}.", antal.citat, antal.kilde,
                            art="uoverensstemmelse"))
    return fund


def fundtekst(kontroller: tuple[Kontrol, ...]) -> str:
    """"Kontrollen fandt ét umuligt tal, to uoverensstemmelser og én bemærkning." for the audit page."""
    arter = [("umuligt", "umuligt tal", "umulige tal", True), ("uoverensstemmelse", "uoverensstemmelse",
             "uoverensstemmelser", False), ("bemaerkning", "bemærkning", "bemærkninger", False)]
    dele = []
    for art, ental, flertal, neutrum in arter:
        n = sum(k.art == art for k in kontroller)
        if n:
            dele.append(f"{talord(n, neutrum)} {ental if n == 1 else flertal}")
    if not dele:
        return "Kontrollen fandt ingen fejl i faktaarkene."
    return f"Kontrollen fandt {opremsning(dele)}."


def revider(u: Undersoegelse, publicerede: tuple[PubliceretTal, ...]) -> tuple[Kontrol, ...]:
    kontroller: list[Kontrol] = []
    for sp in u.specialer:
        egne = [p for p in publicerede if p.speciale == sp.slug]
        svar = u.besvarelser_for(sp.slug)  # once per specialty: a filter over every row
        kontroller += [_kontroller_tal(p, u, svar) for p in egne]
        kontroller += _kontroller_ark(sp.slug, egne, u)
    return tuple(kontroller)


def valider_publicerede(publicerede: tuple[PubliceretTal, ...], u: Undersoegelse) -> list[Problem]:
    """Published figures must name a known specialty, cluster, question and answer."""
    problemer = []
    slugs = {s.slug for s in u.specialer}
    for p in publicerede:
        fil, linje = p.kilde.rsplit(":", 1)
        def fejl(kolonne: str, besked: str) -> None:
            problemer.append(Problem(fil, int(linje), kolonne, besked))
        if p.speciale not in slugs:
            fejl("speciale", f"unknown speciale '{p.speciale}'")
            continue
        if p.klynge and p.klynge not in {k.navn for k in u.speciale(p.speciale).klynger}:
            fejl("klynge", f"'{p.klynge}' is not a cluster of '{p.speciale}'")
        if p.spoergsmaal:
            if p.spoergsmaal not in u.skema:
                fejl("spoergsmaal", f"'{p.spoergsmaal}' is not in data/spoergsmaal.csv")
            elif p.svar:
                try:
                    u.skema[p.spoergsmaal].svar_i(p.svar)
                except ValueError as e:
                    fejl("svar", str(e))
        if p.maal == "sammenligning":
            if p.vaerdi not in ("over", "under", "på niveau"):
                fejl("vaerdi", "must be 'over', 'under' or 'på niveau'")
            if u.landsgennemsnit_for(p.spoergsmaal) is None:
                fejl("spoergsmaal", f"no national average for '{p.spoergsmaal}' in data/landsgennemsnit.csv")
        else:
            try:
                float(p.vaerdi)
            except ValueError:
                fejl("vaerdi", f"'{p.vaerdi}' is not a number")
    return problemer
