"""The fact sheet's charts and downloadable tables: the only parts of a sheet that write files
(figurer/<speciale>/ and tabeller/<speciale>/ in the output folder).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from klynge.maal import andele
from klynge.maal.afrunding import rund_halvt_op
from klynge.ark import undslip
from klynge.ark.ankre import anker
from klynge.ark.proveniens import Opslag
from klynge.projekt import uddata
from klynge.ark.forgrening import koer_fordelt

if TYPE_CHECKING:  # figurer imports plotnine, which a sheet needs only where it draws
    import pandas as pd

    from klynge.ark import figurer
    from klynge.ark.samlet import Faktaark


def figur(ark: Faktaark, navn: str) -> "figurer.Figur":
    from klynge.ark import figurer  # plotnine: loaded only where a sheet draws

    skema, taerskel = ark.undersoegelse.skema, ark.taerskel

    def svar_konstrueret(kolonner: dict[str, str]) -> Opslag:
        """For a distribution: whether an item's (by label) share of one answer is constructed."""
        return Opslag.af([(etiket, svaret) for etiket, kolonne in kolonner.items()
                          for svaret in skema[kolonne].skala.svar],
                         lambda etiket, svar: ark.konstrueret(anker(kolonner[etiket], svar)))

    def klynge_opslag(kolonne: str, svar: str, klynger) -> Opslag:
        return Opslag.af([("Hele specialet",), ("laveste",), ("hoejeste",)] + [(klynge.klynge,) for klynge in klynger],
                         ark.klynge_konstrueret(kolonne, svar, klynger))

    if navn == "deltagelse":
        spm = skema["deltagelse"]
        return figurer.fordelingsfigur("deltagelse.svg", spm.tekst,
                                       [("Alle respondenter", andele.fordeling(ark.svar, spm, taerskel))], taerskel,
                                       svar_konstrueret({"Alle respondenter": spm.kolonne}))
    if navn == "engagement":
        spm = skema.gruppe("engagement")
        return figurer.fordelingsfigur("engagement.svg", spm[0].tekst,
                                       [(spoergsmaal.kort, andele.fordeling(ark.svar, spoergsmaal, taerskel))
                                        for spoergsmaal in spm], taerskel,
                                       svar_konstrueret({spoergsmaal.kort: spoergsmaal.kolonne for spoergsmaal in spm}))
    if navn == "understoetter":
        return figurer.klyngefigur("understoetter.svg", skema["understoetter"].tekst,
                                   "Andel, der svarer i høj eller meget høj grad", ark.understoetter_klynger,
                                   ark.understoetter, ark.undersoegelse.landsgennemsnit_for("understoetter").vaerdi,
                                   "vurderer, at klyngearbejdet i høj eller meget høj grad kan understøtte "
                                   "kvalitetsarbejdet", taerskel,
                                   klynge_opslag("understoetter", "positiv", ark.understoetter_klynger))
    if navn == "understoetter_fordeling":
        spm = skema["understoetter"]
        return figurer.fordelingsfigur("understoetter-fordeling.svg", spm.tekst,
                                       [("Alle respondenter", andele.fordeling(ark.svar, spm, taerskel))], taerskel,
                                       svar_konstrueret({"Alle respondenter": spm.kolonne}))
    if navn == "forventninger":
        return figurer.forventningsfigur("forventninger.svg", ark.forventninger, taerskel,
                                         Opslag.af([(element.kort, felt) for element in ark.forventninger
                                                    for felt in ("vigtigt", "opfyldt", "sjaeldent")],
                                                   ark.forventning_konstrueret))
    if navn == "forbedringer":
        return figurer.klyngefigur("forbedringer.svg", skema["forbedringer"].tekst, "Andel, der svarer ja",
                                   ark.forbedringer_klynger, ark.forbedringer,
                                   ark.undersoegelse.landsgennemsnit_for("forbedringer").vaerdi,
                                   "har som følge af klyngemøderne indført konkrete forbedringer i deres klinik",
                                   taerskel, klynge_opslag("forbedringer", "Ja", ark.forbedringer_klynger))
    if navn == "motivation":
        spm = skema.gruppe("motivation")
        return figurer.rangfigur("motivation.svg", spm[0].tekst, ark.motivation, taerskel,
                                 Opslag.af([(spoergsmaal.kolonne,) for spoergsmaal in spm],
                                           lambda kolonne: ark.konstrueret(anker(kolonne))))
    raise KeyError(f"no chart called '{navn}'")


FIGURER = ("engagement", "understoetter", "forventninger", "forbedringer", "motivation")


def tegn_figurer(ark: Faktaark, navne: tuple[str, ...] = FIGURER) -> dict[str, str]:
    """Draw the sheet's charts into figurer/<speciale>/ (side by side where the machine allows,
    see klynge.ark.forgrening) and return each chart's Markdown by name."""
    mappe = Path("figurer") / ark.slug
    # Each task builds its chart too: plotnine is imported where the chart is drawn.
    return dict(zip(navne, koer_fordelt([lambda navn=navn: figur(ark, navn).gem(mappe) for navn in navne])))


def tabeller(ark: Faktaark) -> dict[str, "pd.DataFrame"]:
    """The tables behind the sheet, each share with its base; hidden figures stay hidden."""
    import pandas as pd

    def andel_raekke(andel: andele.Andel) -> dict:
        if not andel.vist:
            return {"antal": None, "besvaret": None, "procent": None, "bemaerkning": f"færre end {ark.taerskel} svar"}
        return {"antal": andel.antal, "besvaret": andel.n, "procent": float(round(andel.procent, 4)),
                "bemaerkning": ""}

    def ja_nej(konstrueret: bool, vist: bool = True) -> str:
        """The `konstrueret` column: "ja" for a figure the reconstruction made (see klynge.ark.proveniens)."""
        return ("ja" if konstrueret else "nej") if vist else ""

    fordelinger = []
    for spoergsmaal in ark.undersoegelse.skema.spoergsmaal:
        if spoergsmaal.er_fritekst:  # free-text answers never leave the data folder
            continue
        fordeling = andele.fordeling(ark.svar, spoergsmaal, ark.taerskel)
        for linje in fordeling.itertuples():
            fordelinger.append({"spoergsmaal": spoergsmaal.kolonne, "tekst": spoergsmaal.tekst,
                                "punkt": spoergsmaal.kort, "svar": linje.svar,
                                "antal": linje.antal if linje.vist else None,
                                "besvaret": linje.n if linje.vist else None,
                                "procent": float(round(linje.procent, 4)) if linje.vist else None,
                                "konstrueret": ja_nej(ark.konstrueret(anker(spoergsmaal.kolonne, linje.svar)),
                                                      linje.vist)})
    klynger = []
    for navn, svar, klynge_andele, i_alt in (
            ("understoetter", "positiv", ark.understoetter_klynger, ark.understoetter),
            ("forbedringer", "Ja", ark.forbedringer_klynger, ark.forbedringer)):
        konstrueret = ark.klynge_konstrueret(navn, svar, klynge_andele)
        klynger.append({"spoergsmaal": navn, "klynge": "Hele specialet", **andel_raekke(i_alt),
                        "konstrueret": ja_nej(konstrueret("Hele specialet"), i_alt.vist)})
        for klynge in klynge_andele:
            raekke = andel_raekke(klynge.andel)
            if not klynge.andel.vist:
                raekke["bemaerkning"] = klynge.skjult_fordi
            klynger.append({"spoergsmaal": navn, "klynge": klynge.klynge, **raekke,
                            "konstrueret": ja_nej(konstrueret(klynge.klynge), klynge.andel.vist)})
    felter = ("vigtigt", "meget_vigtigt", "opfyldt", "sjaeldent")
    forventninger = [{"element": forventning.kort,
                      **{f"{navn}_{noegle}": vaerdi for navn in felter
                         for noegle, vaerdi in andel_raekke(getattr(forventning, navn)).items()
                         if noegle != "bemaerkning"},
                      # One column: which of the row's figures are constructed ("alle", "ingen" or their names).
                      "konstrueret": _hvilke_konstrueret(
                          [navn for navn in felter if getattr(forventning, navn).vist],
                          [navn for navn in felter if getattr(forventning, navn).vist
                           and ark.forventning_konstrueret(forventning.kort, navn)])}
                     for forventning in ark.forventninger]
    tabeller = {
        "svarfordelinger": pd.DataFrame(fordelinger),
        "klynger": pd.DataFrame(klynger),
        "forventninger": pd.DataFrame(forventninger),
    }
    for df in tabeller.values():
        # Counts stay whole numbers where a hidden row leaves a cell empty (not "32.0").
        for kolonne in df.columns:
            if kolonne.endswith(("antal", "besvaret")):
                df[kolonne] = df[kolonne].astype("Int64")
    return tabeller


def _hvilke_konstrueret(viste: list[str], konstruerede: list[str]) -> str:
    if not konstruerede:
        return "nej"
    if konstruerede == viste:
        return "ja"
    return "ja: " + ", ".join(konstruerede)


# The CSV tables as the sheet names them (its links under "Om tallene"; the changes page too).
TABELLERNES_NAVNE = {"svarfordelinger": "svarfordelingen på hvert spørgsmål",
                     "klynger": "andelene pr. klynge", "forventninger": "vigtighed og opfyldelse pr. element"}


def gem_tabeller(ark: Faktaark) -> str:
    """Write the tables as CSV into tabeller/<speciale>/ and return Markdown links to them."""
    mappe = Path("tabeller") / ark.slug
    (uddata() / mappe).mkdir(parents=True, exist_ok=True)
    links = []
    for navn, df in tabeller(ark).items():
        sti = mappe / f"{ark.slug}-{navn}.csv"
        df.map(undslip.csv_celle).to_csv(uddata() / sti, index=False, encoding="utf-8", lineterminator="\n")
        links.append(f"- [{TABELLERNES_NAVNE[navn].capitalize()} (CSV)]({sti.as_posix()})")
    return "\n".join(links)


def trykte_tal(ark: Faktaark) -> dict[str, int | Fraction | None]:
    """The sheet's figures as it prints them, by the keys claims use (klynge.ark.paastande):
    read from the tables behind its charts and CSV files, not from the sentences, so a claim is
    checked against what the reader sees. A share is the whole percent printed; a hidden one None.
    Keys: "<kolonne>|positiv", "<kolonne>|negativ", "<kolonne>|<answer>", "klynge|<kolonne>|<cluster>",
    "landsgennemsnit|<kolonne>"."""
    import pandas as pd

    def printet(antal, n) -> int | None:
        if antal is None or n is None or antal != antal or n != n or not n:  # NA: hidden
            return None
        return int(rund_halvt_op(Fraction(int(antal), int(n)) * 100))

    t = tabeller(ark)
    ud: dict[str, int | Fraction | None] = {}
    fordelinger = t["svarfordelinger"]
    for kolonne, raekker in fordelinger.groupby("spoergsmaal", sort=False):
        spm = ark.undersoegelse.skema[kolonne]
        antal = {r.svar: (None if r.antal is pd.NA else r.antal) for r in raekker.itertuples()}
        n = raekker["besvaret"].iloc[0]
        n = None if n is pd.NA else n
        for svar, a in antal.items():
            ud[f"{kolonne}|{svar}"] = printet(a, n)
        for vurdering in ("positiv", "negativ"):
            dele = [antal.get(s) for s in spm.svar_i(vurdering)]
            ud[f"{kolonne}|{vurdering}"] = None if any(d is None for d in dele) else printet(sum(dele), n)
    for r in t["klynger"].itertuples():
        if r.klynge != "Hele specialet":
            ud[f"klynge|{r.spoergsmaal}|{r.klynge}"] = printet(None if r.antal is pd.NA else r.antal,
                                                               None if r.besvaret is pd.NA else r.besvaret)
    for landsgennemsnit in ark.undersoegelse.landsgennemsnit:
        ud[f"landsgennemsnit|{landsgennemsnit.spoergsmaal}"] = Fraction(landsgennemsnit.vaerdi)
    return ud
