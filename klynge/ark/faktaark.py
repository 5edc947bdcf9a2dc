"""One fact sheet's figures and figure-dependent words, ready for inline use in the documents.

`lav(slug)` loads the data once and computes everything; the .qmd files only read attributes
(`ark.svarprocent`, `ark.understoetter_pct`, …), so no figure is ever typed into a document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from klynge.maal import andele as m
from klynge.ark import tekst as t
from klynge.data.indlaes import Speciale, Undersoegelse, indlaes_genbrug
from klynge.projekt import find_rod, uddata
from klynge.data.redaktionelt import laes_tekster

if TYPE_CHECKING:  # figurer imports plotnine, which a sheet needs only where it draws
    import pandas as pd

    from klynge.ark import figurer

# Below this share of "sjældent eller aldrig", an element counts as met.
GRAENSE_ENKELTE = 1
GRAENSE_MANGE = 20


@dataclass(frozen=True)
class Faktaark:
    u: Undersoegelse
    sp: Speciale
    tekster: dict[str, str] = field(default_factory=dict)

    # ---- basics -------------------------------------------------------------------------
    @property
    def ms(self) -> int:
        return self.u.indstillinger.min_svar

    @property
    def min_svar(self) -> str:
        return t.heltal(self.ms)

    @cached_property
    def svar(self):
        return self.u.besvarelser_for(self.sp.slug)

    @property
    def slug(self) -> str:
        return self.sp.slug

    @property
    def navn(self) -> str:
        return self.sp.navn

    @property
    def flertal(self) -> str:
        return self.sp.flertal

    @property
    def titel(self) -> str:
        return f"Klyngearbejdet i {self.sp.navn}: Resultater fra spørgeskemaundersøgelse blandt speciallæger"

    @property
    def udgivet(self) -> str:
        return self.u.indstillinger.udgivet

    @property
    def indsamlet(self) -> str:
        return self.u.indstillinger.indsamlet

    def andel(self, kolonne: str, svar: str = "positiv") -> m.Andel:
        return m.andel(self.svar, self.u.skema[kolonne], svar, self.ms)

    def pct(self, a: m.Andel) -> str:
        return t.pct(a.procent) if a.vist else f"– (færre end {self.ms} svar)"

    # ---- organisation and response -----------------------------------------------------
    @property
    def antal_klynger(self) -> str:
        return t.antal_med_ord(len(self.sp.klynger), "klynge", "klynger")

    @property
    def klyngeliste(self) -> str:
        return t.opremsning([f"{k.navn} ({t.antal_med_tal(k.medlemmer, 'medlem', 'medlemmer')})" for k in self.sp.klynger])

    @property
    def besvarelser(self) -> str:
        return t.heltal(len(self.svar))

    @property
    def population(self) -> str:
        return t.heltal(self.sp.population)

    @property
    def svarprocent(self) -> str:
        return t.pct(m.svarprocent(self.sp, self.svar).procent, 1)

    @property
    def medlemsnote(self) -> str:
        """Said out loud where the clusters' members do not add up to those invited."""
        i_alt = sum(k.medlemmer for k in self.sp.klynger)
        if i_alt == self.sp.population:
            return ""
        return (f" Bemærk, at klyngerne tilsammen har {t.heltal(i_alt)} medlemmer, mens "
                f"{t.heltal(self.sp.population)} speciallæger blev inviteret; svarprocenten er beregnet ud fra de inviterede.")

    # ---- participation and engagement --------------------------------------------------
    @cached_property
    def deltagelse(self) -> m.Andel:
        return self.andel("deltagelse")

    @property
    def deltagelse_niveau(self) -> str:
        return "en " + t.niveau(self.deltagelse.procent)

    @property
    def deltagelse_ord(self) -> str:
        return t.mængdeord(self.deltagelse.procent)

    @property
    def deltagelse_antal(self) -> str:
        d = self.deltagelse
        return f"{t.heltal(d.antal)} af {t.heltal(d.n)} ({t.pct(d.procent)})" if d.vist else self.pct(d)

    @cached_property
    def engagement(self) -> tuple[m.Rang, ...]:
        return m.rangorden(self.svar, self.u.skema, "engagement", self.ms)

    @property
    def engagement_niveau(self) -> str:
        viste = [r.andel.procent for r in self.engagement if r.andel.n]
        return t.niveau(sum(viste) / len(viste), neutrum=True) if viste else "ukendt"

    @property
    def engagement_spaend(self) -> str:
        hoej, lav = self.engagement[0], self.engagement[-1]
        return (f"Flest svarer, at de i høj eller meget høj grad {hoej.spoergsmaal.punkt} ({self.pct(hoej.andel)}), "
                f"og færrest, at de {lav.spoergsmaal.punkt} ({self.pct(lav.andel)}).")

    # ---- support for quality work -----------------------------------------------------
    @cached_property
    def understoetter(self) -> m.Andel:
        return self.andel("understoetter")

    @property
    def understoetter_pct(self) -> str:
        return self.pct(self.understoetter)

    @property
    def understoetter_nogen_pct(self) -> str:
        return self.pct(self.andel("understoetter", "I nogen grad"))

    @cached_property
    def understoetter_klynger(self) -> tuple[m.KlyngeAndel, ...]:
        return m.klynge_andele(self.svar, self.sp, self.u.skema["understoetter"], "positiv", self.ms)

    @property
    def klyngevariation(self) -> str:
        spaend = m.klynge_spaend(self.understoetter_klynger)
        if spaend is None:
            if len(self.sp.klynger) == 1:
                return ""
            return (f"Tallene for de enkelte klynger vises ikke, fordi mindst én klynge har færre end {self.ms} svar, "
                    f"og dens tal ellers ville kunne udledes.")
        ord_ = "stor variation" if spaend.point >= 30 else ("variation" if spaend.point >= 10 else "kun lille variation")
        mellem = "de to klynger" if spaend.antal_vist == 2 and len(self.sp.klynger) == 2 else "klyngerne"
        note = ""
        if spaend.antal_skjult:
            note = (f" ({t.antal_med_ord(spaend.antal_skjult, 'klynge', 'klynger')} med for få svar til at blive vist "
                    f"indgår ikke)")
        return (f"Der er {ord_} mellem {mellem}, fra {t.decimaltal(spaend.laveste.andel.procent)} "
                f"til {t.pct(spaend.hoejeste.andel.procent)}" + (f"{note}." if note else ""))

    def _sammenligning(self, kolonne: str, a: m.Andel) -> tuple[str, str]:
        lg = self.u.landsgennemsnit_for(kolonne)
        s = m.sammenlign(a, lg.vaerdi)
        return t.i_forhold_til(s.retning, s.forskel), t.pct(lg.vaerdi, 1)

    @property
    def understoetter_sammenligning(self) -> str:
        return self._sammenligning("understoetter", self.understoetter)[0]

    @property
    def landsgennemsnit_understoetter(self) -> str:
        return self._sammenligning("understoetter", self.understoetter)[1]

    # ---- expectations ---------------------------------------------------------------------
    @cached_property
    def forventninger(self) -> tuple[m.Forventning, ...]:
        return m.forventninger(self.svar, self.u.skema, self.ms)

    @property
    def forventning_samlet(self) -> str:
        vaerste = max((f.sjaeldent.procent for f in self.forventninger if f.sjaeldent.n), default=Fraction(0))
        if vaerste < GRAENSE_ENKELTE:
            return "er der en tydelig overensstemmelse mellem det, deltagerne prioriterer, og det, der faktisk bliver realiseret på møderne."
        if vaerste < GRAENSE_MANGE:
            return "er der overordnet set en god overensstemmelse, men ikke alt opfyldes for alle."
        return "er der generelt en god sammenhæng, men flere af de elementer, deltagerne finder vigtige, opfyldes for sjældent."

    @property
    def forventning_detaljer(self) -> str:
        mange = [f for f in self.forventninger if f.sjaeldent.vist and f.sjaeldent.procent >= GRAENSE_MANGE]
        enkelte = [f for f in self.forventninger if f.sjaeldent.vist and GRAENSE_ENKELTE <= f.sjaeldent.procent < GRAENSE_MANGE]
        saetninger = [
            (f"{f.kort}: {t.pct(f.vigtigt.procent)} finder det vigtigt eller meget vigtigt – heraf "
             f"{t.pct(f.meget_vigtigt.procent)} meget vigtigt – men {t.pct(f.sjaeldent.procent)} oplever "
             f"sjældent eller aldrig, at klyngemøderne {f.punkt}.")
            for f in sorted(mange, key=lambda f: -f.sjaeldent.procent)
        ]
        if enkelte:
            dele = [f"{f.punkt} ({t.pct(f.sjaeldent.procent)})" for f in sorted(enkelte, key=lambda f: -f.sjaeldent.procent)]
            start = "Desuden oplever nogle" if mange else "Der er dog klyngemedlemmer, der"
            saetninger.append(f"{start} sjældent eller aldrig{'' if mange else ' oplever'}, at klyngemøderne {t.opremsning(dele)}.")
        return " ".join(saetninger)

    # ---- data ---------------------------------------------------------------------------------
    @property
    def data_vigtigt_pct(self) -> str:
        return self.pct(self.andel("vig_data"))

    @cached_property
    def databrug(self) -> m.Andel:
        return self.andel("databrug")

    @property
    def databrug_pct(self) -> str:
        return self.pct(self.databrug)

    @property
    def data_erfaring(self) -> str:
        if self.databrug.procent < 50:
            return ("Erfaringerne er altså begrænsede, hvilket kan skyldes manglende adgang til relevante data "
                    "og klyngepakker.")
        return "Mange har dermed allerede erfaring med at bruge data i klyngen."

    @property
    def data_forbinder(self) -> str:
        return "men kun" if self.databrug.procent < 50 else "og"

    # ---- improvements --------------------------------------------------------------------
    @cached_property
    def forbedringer(self) -> m.Andel:
        return self.andel("forbedringer", "Ja")

    @property
    def forbedringer_pct(self) -> str:
        return self.pct(self.forbedringer)

    @property
    def forbedringer_sammenligning(self) -> str:
        return self._sammenligning("forbedringer", self.forbedringer)[0]

    @property
    def landsgennemsnit_forbedringer(self) -> str:
        return self._sammenligning("forbedringer", self.forbedringer)[1]

    @cached_property
    def forbedringer_klynger(self) -> tuple[m.KlyngeAndel, ...]:
        return m.klynge_andele(self.svar, self.sp, self.u.skema["forbedringer"], "Ja", self.ms)

    # ---- motivation ------------------------------------------------------------------------
    @cached_property
    def motivation(self) -> tuple[m.Rang, ...]:
        return m.rangorden(self.svar, self.u.skema, "motivation", self.ms)

    @property
    def motivation_top(self) -> str:
        return t.opremsning([f"{r.spoergsmaal.punkt} ({self.pct(r.andel)})" for r in self.motivation[:3]])

    @property
    def motivation_dernaest(self) -> str:
        naeste = self.motivation[3:5]
        if not naeste:
            return ""
        return "Dernæst følger " + t.opremsning([f"{r.spoergsmaal.punkt} ({self.pct(r.andel)})" for r in naeste]) + "."

    # ---- editorial text --------------------------------------------------------------------
    def tekst(self, noegle: str) -> str:
        """An editorial section as Markdown ("" where the specialty has none)."""
        return self.tekster.get(noegle, "")


def lav(slug: str, rod: Path | None = None) -> Faktaark:
    rod = rod or find_rod()
    u = indlaes_genbrug(rod / "data")
    return Faktaark(u, u.speciale(slug), laes_tekster(rod / "data" / "tekster" / f"{slug}.md", f"data/tekster/{slug}.md"))


# ---- charts and downloadable tables (the only parts that write files) ----------------------

def figur(ark: Faktaark, navn: str) -> "figurer.Figur":
    from klynge.ark import figurer as f

    skema, ms = ark.u.skema, ark.ms
    if navn == "deltagelse":
        spm = skema["deltagelse"]
        return f.fordelingsfigur("deltagelse.svg", spm.tekst, [("Alle respondenter", m.fordeling(ark.svar, spm, ms))], ms)
    if navn == "engagement":
        spm = skema.gruppe("engagement")
        return f.fordelingsfigur("engagement.svg", spm[0].tekst, [(s.kort, m.fordeling(ark.svar, s, ms)) for s in spm], ms)
    if navn == "understoetter":
        return f.klyngefigur("understoetter.svg", skema["understoetter"].tekst,
                             "Andel, der svarer i høj eller meget høj grad", ark.understoetter_klynger,
                             ark.understoetter, ark.u.landsgennemsnit_for("understoetter").vaerdi,
                             "vurderer, at klyngearbejdet i høj eller meget høj grad understøtter kvalitetsarbejdet", ms)
    if navn == "understoetter_fordeling":
        spm = skema["understoetter"]
        return f.fordelingsfigur("understoetter-fordeling.svg", spm.tekst,
                                 [("Alle respondenter", m.fordeling(ark.svar, spm, ms))], ms)
    if navn == "forventninger":
        return f.forventningsfigur("forventninger.svg", ark.forventninger, ms)
    if navn == "forbedringer":
        return f.klyngefigur("forbedringer.svg", skema["forbedringer"].tekst, "Andel, der svarer ja",
                             ark.forbedringer_klynger, ark.forbedringer,
                             ark.u.landsgennemsnit_for("forbedringer").vaerdi,
                             "har som følge af klyngemøderne indført konkrete forbedringer i deres klinik", ms)
    if navn == "motivation":
        spm = skema.gruppe("motivation")
        return f.rangfigur("motivation.svg", spm[0].tekst, ark.motivation, ms)
    raise KeyError(f"no chart called '{navn}'")


FIGURER = ("engagement", "understoetter", "forventninger", "forbedringer", "motivation")


def tegn_figurer(ark: Faktaark, navne: tuple[str, ...] = FIGURER) -> dict[str, str]:
    """Draw the sheet's charts into figurer/<speciale>/ (side by side where the machine allows,
    see klynge.ark.forgrening) and return each chart's Markdown by name."""
    from klynge.ark.forgrening import koer_fordelt

    mappe = Path("figurer") / ark.slug
    # Each task builds its chart too: plotnine is imported where the chart is drawn.
    return dict(zip(navne, koer_fordelt([lambda n=n: figur(ark, n).gem(mappe) for n in navne])))


def tabeller(ark: Faktaark) -> dict[str, "pd.DataFrame"]:
    """The tables behind the sheet, each share with its base; hidden figures stay hidden."""
    import pandas as pd

    def andel_raekke(a: m.Andel) -> dict:
        if not a.vist:
            return {"antal": None, "besvaret": None, "procent": None, "bemaerkning": f"færre end {ark.ms} svar"}
        return {"antal": a.antal, "besvaret": a.n, "procent": float(round(a.procent, 4)), "bemaerkning": ""}

    fordelinger = []
    for s in ark.u.skema.spoergsmaal:
        if s.er_fritekst:  # free-text answers never leave the data folder
            continue
        f = m.fordeling(ark.svar, s, ark.ms)
        for r in f.itertuples():
            fordelinger.append({"spoergsmaal": s.kolonne, "tekst": s.tekst, "punkt": s.kort, "svar": r.svar,
                                "antal": r.antal if r.vist else None, "besvaret": r.n if r.vist else None,
                                "procent": float(round(r.procent, 4)) if r.vist else None})
    klynger = []
    for navn, andele, i_alt in (("understoetter", ark.understoetter_klynger, ark.understoetter),
                                ("forbedringer", ark.forbedringer_klynger, ark.forbedringer)):
        klynger.append({"spoergsmaal": navn, "klynge": "Hele specialet", **andel_raekke(i_alt)})
        for k in andele:
            raekke = andel_raekke(k.andel)
            if not k.andel.vist:
                raekke["bemaerkning"] = k.skjult_fordi
            klynger.append({"spoergsmaal": navn, "klynge": k.klynge, **raekke})
    forventninger = [{"element": f.kort, **{f"{navn}_{k}": v for navn in ("vigtigt", "meget_vigtigt", "opfyldt", "sjaeldent")
                                             for k, v in andel_raekke(getattr(f, navn)).items() if k != "bemaerkning"}}
                     for f in ark.forventninger]
    return {
        "svarfordelinger": pd.DataFrame(fordelinger),
        "klynger": pd.DataFrame(klynger),
        "forventninger": pd.DataFrame(forventninger),
    }


def gem_tabeller(ark: Faktaark) -> str:
    """Write the tables as CSV into tabeller/<speciale>/ and return Markdown links to them."""
    mappe = Path("tabeller") / ark.slug
    (uddata() / mappe).mkdir(parents=True, exist_ok=True)
    links = []
    beskrivelser = {"svarfordelinger": "svarfordelingen på hvert spørgsmål",
                    "klynger": "andelene pr. klynge", "forventninger": "vigtighed og opfyldelse pr. element"}
    for navn, df in tabeller(ark).items():
        sti = mappe / f"{ark.slug}-{navn}.csv"
        df.to_csv(uddata() / sti, index=False, encoding="utf-8", lineterminator="\n")
        links.append(f"- [{beskrivelser[navn].capitalize()} (CSV)]({sti.as_posix()})")
    return "\n".join(links)
