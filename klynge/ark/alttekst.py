"""The charts' alternative text, in Danish, from the same numbers the charts draw: the main
figure first ("68 pct. af 47 svar …; klyngerne ligger fra 46 til 85 pct."), then the rest.
A constructed figure carries the mark (klynge.ark.tal.MAERKE) here as in the chart and text.
The same text goes into the HTML (`alt`) and the PDF (the Figure tag's /Alt). A figure based
on fewer than `min_svar` answers is never given; such groups are named as not shown."""

from __future__ import annotations

from typing import Callable, Iterable

import pandas as pd

from klynge.maal import andele as m
from klynge.ark import tekst as t
from klynge.ark.tal import MAERKE


def _aldrig(*_: str) -> bool:
    return False


def _pct(a: m.Andel, konstrueret: bool = False) -> str:
    """"68 pct.", with the mark where the figure is constructed."""
    return t.pct(a.procent) + (MAERKE if konstrueret else "")


def _af(a: m.Andel, konstrueret: bool = False) -> str:
    """"68 pct. af 47 svar"."""
    return f"{_pct(a, konstrueret)} af {t.antal_med_tal(a.n, 'svar', 'svar')}"


def _saetning(s: str) -> str:
    s = s.strip()
    return t.stort_begyndelsesbogstav(s) + ("" if s.endswith(".") else ".")


def klyngefigur(udsagn: str, i_alt: m.Andel, klynger: tuple[m.KlyngeAndel, ...], landsgennemsnit,
                min_svar: int, konstrueret: Callable[[str], bool] = _aldrig) -> str:
    """A share for the whole specialty and per cluster. `udsagn` completes "68 pct. af 47 svar …",
    e.g. "vurderer, at klyngearbejdet i høj eller meget høj grad kan understøtte kvalitetsarbejdet"."""
    if i_alt.vist:
        hoved = f"{_af(i_alt, konstrueret('Hele specialet'))} {udsagn}"
    else:
        hoved = f"Andelen for hele specialet vises ikke, fordi færre end {min_svar} har svaret"
    spaend = m.klynge_spaend(klynger)
    if spaend is not None:
        hoved += (f"; klyngerne ligger fra {t.decimaltal(spaend.laveste.andel.procent)}"
                  f"{MAERKE if konstrueret('laveste') else ''} "
                  f"til {_pct(spaend.hoejeste.andel, konstrueret('hoejeste'))}")
    dele = [_saetning(hoved), f"Landsgennemsnittet er {t.pct(landsgennemsnit, 1)}"]
    viste = [f"{k.klynge} {_pct(k.andel, konstrueret(k.klynge))} af "
             f"{t.antal_med_tal(k.andel.n, 'svar', 'svar')}{MAERKE if konstrueret(k.klynge) else ''}"
             for k in klynger if k.andel.vist]
    if viste:
        dele.append(f"Klyngerne: {'; '.join(viste)}.")
    skjulte = [k.klynge for k in klynger if not k.andel.vist]
    if skjulte:
        dele.append(f"Ikke vist af hensyn til anonymiteten: {t.opremsning(skjulte)}.")
    return " ".join(dele)


def fordelingsfigur(spoergsmaal: str, raekker: Iterable[tuple[str, pd.DataFrame]], min_svar: int,
                    konstrueret: Callable[[str, str], bool] = _aldrig) -> str:
    """The answers to each item of a question (rows from `maal.andele.fordeling`): per item the
    share of positive answers first, then every answer's share."""
    dele = [f"Svarene på spørgsmålet »{spoergsmaal}«."]
    skjulte = []
    for etiket, f in raekker:
        if not bool(f["vist"].iloc[0]):
            skjulte.append(etiket)
            continue
        n = int(f["n"].iloc[0])
        er_positiv = f["vurdering"] == "positiv"
        positiv = m.Andel(int(f.loc[er_positiv, "antal"].sum()), n)
        svar = t.opremsning([s.lower() for s in f.loc[er_positiv, "svar"]], og="eller")
        fordeling = ", ".join(f"{r.svar.lower()} {t.pct(r.procent)}{MAERKE if konstrueret(etiket, r.svar) else ''}"
                              for r in f.itertuples())
        samlet = any(konstrueret(etiket, s) for s in f.loc[er_positiv, "svar"])
        dele.append(f"{etiket}: {_pct(positiv, samlet)} af {t.heltal(n)} svarer {svar} ({fordeling}).")
    if skjulte:
        dele.append(f"Ikke vist, fordi færre end {min_svar} har svaret: {t.opremsning(skjulte)}.")
    return " ".join(dele)


def forventningsfigur(forventninger: tuple[m.Forventning, ...], min_svar: int,
                      konstrueret: Callable[[str, str], bool] = _aldrig) -> str:
    """Per meeting element: how many find it important against how often it happens."""
    dele = ["For hvert element på klyngemøderne: hvor mange der finder det vigtigt eller meget vigtigt, "
            "og hvor ofte de oplever det."]
    for f in forventninger:
        maal = [(a, hvad, konstrueret(f.kort, felt)) for a, hvad, felt in (
            (f.vigtigt, "finder det vigtigt eller meget vigtigt", "vigtigt"),
            (f.opfyldt, "oplever det altid eller ofte", "opfyldt"),
            (f.sjaeldent, "oplever det sjældent eller aldrig", "sjaeldent")) if a.vist]
        if len({a.n for a, _, _ in maal}) == 1:  # one base for all three: say it once
            viste = [f"{_pct(a, k)} {hvad}" for a, hvad, k in maal]
            dele.append(f"{f.kort} ({t.antal_med_tal(maal[0][0].n, 'svar', 'svar')}): {t.opremsning(viste)}.")
        elif maal:
            dele.append(f"{f.kort}: {t.opremsning([f'{_af(a, k)} {hvad}' for a, hvad, k in maal])}.")
        else:
            dele.append(f"{f.kort}: færre end {min_svar} svar, vises ikke.")
    return " ".join(dele)


def rangfigur(spoergsmaal: str, raekke: tuple[m.Rang, ...], min_svar: int,
              konstrueret: Callable[[str], bool] = _aldrig) -> str:
    """Items ranked by their share of positive answers, the strongest first."""
    viste = [r for r in raekke if r.andel.vist]
    dele = [f"Svarene på spørgsmålet »{spoergsmaal}«, sorteret efter andelen, der svarer i høj eller meget høj grad."]

    def af(r: m.Rang) -> str:
        return _af(r.andel, konstrueret(r.spoergsmaal.kolonne))

    if viste:
        dele.append(f"Øverst: {viste[0].spoergsmaal.kort}, {af(viste[0])}.")
        if len(viste) > 1:
            dele.append("Derefter: " + "; ".join(f"{r.spoergsmaal.kort} {af(r)}" for r in viste[1:]) + ".")
    skjulte = [r.spoergsmaal.kort for r in raekke if not r.andel.vist]
    if skjulte:
        dele.append(f"Ikke vist, fordi færre end {min_svar} har svaret: {t.opremsning(skjulte)}.")
    return " ".join(dele)
