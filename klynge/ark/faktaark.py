"""One fact sheet's figures and figure-dependent words, ready for inline use in the documents.

`lav(slug)` loads the data once and computes everything; the .qmd files only read attributes
(`ark.svarprocent`, `ark.understoetter_pct`, …), so no figure is ever typed into a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from klynge.maal import andele as m
from klynge.ark import tekst as t
from klynge.ark.tal import Tal, Tekst
from klynge.ark import undslip
from klynge.data.indlaes import Speciale, Undersoegelse, indlaes_genbrug
from klynge.data.skema import Spoergsmaal
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

    # ---- figures with their basis (see klynge.ark.tal) --------------------------------
    def tal(self, a: m.Andel, spm: Spoergsmaal, svar: str, anker: str, tekst: str | None = None,
            hvem: str = "") -> Tal:
        """A share as shown in the text, with its basis: count and base, the question, the answers
        counted and how many did not answer. `hvem` narrows the base (e.g. a cluster)."""
        vist = tekst if tekst is not None else self.pct(a)
        if not a.vist:
            return Tal(vist, f"Vises ikke af hensyn til anonymiteten: færre end {self.ms} har besvaret "
                             f"«{spoergsmaalstekst(spm)}»{hvem}.", anker)
        svarene = t.opremsning([f"«{s}»" for s in spm.svar_i(svar)], og="eller")
        grundlag = f"{t.heltal(a.antal)} af {t.heltal(a.n)} svar{hvem} på «{spoergsmaalstekst(spm)}»: {svarene}"
        if not hvem and (ikke := len(self.svar) - a.n):
            grundlag += f"; {t.heltal(ikke)} har ikke svaret"
        return Tal(vist, grundlag, anker)

    def landsgennemsnit_tal(self, kolonne: str) -> Tal:
        lg = self.u.landsgennemsnit_for(kolonne)
        svarene = t.opremsning([f"«{s}»" for s in self.u.skema[kolonne].svar_i(lg.svar)], og="eller")
        return Tal(t.pct(lg.vaerdi, 1),
                   f"Andelen på tværs af alle specialer, der svarer {svarene} på «{spoergsmaalstekst(self.u.skema[kolonne])}». "
                   f"Kilde: {lg.kilde}", f"tal-landsgennemsnit-{kolonne}")

    # Every word below that depends on a figure reads it only where the figure is shown
    # (`Andel.vist`): a hidden figure must not change a single word, a ranking or a chart.

    @property
    def for_faa_svar_tekst(self) -> str:
        """The short sheet's message (reports/_faktaark_kort.qmd): the specialty has fewer
        respondents than the threshold, so no figure can be shown."""
        antal = len(self.svar)
        hvem = (f"Ingen af de {t.heltal(self.sp.population)} inviterede {self.sp.flertal} har" if antal == 0 else
                f"Kun {t.heltal(antal)} ud af {t.heltal(self.sp.population)} inviterede {self.sp.flertal} har")
        return (f"{hvem} besvaret spørgeskemaet. Af hensyn til anonymiteten vises der ingen tal for grupper med "
                f"færre end {self.min_svar} svar, og dette faktaark viser derfor ingen resultater for specialet.")

    # ---- organisation and response -----------------------------------------------------
    @property
    def antal_klynger(self) -> Tal:
        return Tal(t.antal_med_ord(len(self.sp.klynger), "klynge", "klynger"),
                   f"{t.heltal(len(self.sp.klynger))} klynger i {self.sp.navn} ifølge data/klynger.csv",
                   "tal-antal-klynger")

    @property
    def klyngeliste(self) -> Tekst:
        dele = [Tekst.af("{} ({})", k.navn, Tal(t.antal_med_tal(k.medlemmer, "medlem", "medlemmer"),
                                                f"{t.antal_med_tal(k.medlemmer, 'medlem', 'medlemmer')} af klyngen "
                                                f"{k.navn} ifølge data/klynger.csv", medlemsanker(i)))
                for i, k in enumerate(self.sp.klynger)]
        # babel's list pattern for Danish ("A, B og C"), with the parts kept as Tekst
        return Tekst.af(t.opremsning(["{}"] * len(dele)), *dele)

    @property
    def besvarelser(self) -> Tal:
        return Tal(t.heltal(len(self.svar)), f"{t.heltal(len(self.svar))} af de {t.heltal(self.sp.population)} "
                   f"inviterede {self.sp.flertal} har besvaret spørgeskemaet", "tal-besvarelser")

    @property
    def population(self) -> Tal:
        return Tal(t.heltal(self.sp.population), f"{t.heltal(self.sp.population)} praktiserende {self.sp.flertal} "
                   "blev inviteret til undersøgelsen (data/specialer.csv)", "tal-population")

    @property
    def svarprocent(self) -> Tal:
        a = m.svarprocent(self.sp, self.svar)
        return Tal(t.pct(a.procent, 1), f"{t.heltal(a.antal)} besvarelser af {t.heltal(a.n)} inviterede "
                   f"{self.sp.flertal}", "tal-svarprocent")

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
        return "en " + t.niveau(self.deltagelse.procent) if self.deltagelse.vist else ""

    @property
    def deltagelse_ord(self) -> str:
        return t.mængdeord(self.deltagelse.procent) if self.deltagelse.vist else ""

    @property
    def deltagelse_saetning(self) -> Tekst | str:
        if not self.deltagelse.vist:
            return (f"Færre end {self.min_svar} har svaret på, hvor mange møder de har deltaget i, så "
                    f"mødedeltagelsen vises ikke.")
        return Tekst.af("Der er {} mødedeltagelse blandt respondenterne, og {} har deltaget i alle eller de fleste "
                        "møder siden klyngernes opstart: {}.", self.deltagelse_niveau, self.deltagelse_ord,
                        self.deltagelse_antal)

    @property
    def deltagelse_antal(self) -> Tal:
        d = self.deltagelse
        tekst = f"{t.heltal(d.antal)} af {t.heltal(d.n)} ({t.pct(d.procent)})" if d.vist else self.pct(d)
        return self.tal(d, self.u.skema["deltagelse"], "positiv", anker("deltagelse"), tekst)

    @cached_property
    def engagement(self) -> tuple[m.Rang, ...]:
        return m.rangorden(self.svar, self.u.skema, "engagement", self.ms)

    @property
    def engagement_niveau(self) -> str:
        viste = [r.andel.procent for r in self.engagement if r.andel.vist]
        return t.niveau(sum(viste) / len(viste), neutrum=True) if viste else ""

    @property
    def engagement_saetning(self) -> str:
        if not self.engagement_niveau:
            return f"Færre end {self.min_svar} har svaret på spørgsmålene om eget engagement, så det vises ikke."
        return f"Respondenterne vurderer generelt eget engagement i klyngearbejdet som {self.engagement_niveau}."

    def rang_tal(self, r: m.Rang) -> Tal:
        return self.tal(r.andel, r.spoergsmaal, "positiv", anker(r.spoergsmaal.kolonne))

    @property
    def engagement_spaend(self) -> Tekst | str:
        viste = [r for r in self.engagement if r.andel.vist]
        if len(viste) < 2:
            return ""
        hoej, lav = viste[0], viste[-1]
        return Tekst.af("Flest svarer, at de i høj eller meget høj grad {} ({}), og færrest, at de {} ({}).",
                        hoej.spoergsmaal.punkt, self.rang_tal(hoej), lav.spoergsmaal.punkt, self.rang_tal(lav))

    # ---- support for quality work -----------------------------------------------------
    @cached_property
    def understoetter(self) -> m.Andel:
        return self.andel("understoetter")

    @property
    def understoetter_pct(self) -> Tal:
        return self.tal(self.understoetter, self.u.skema["understoetter"], "positiv", anker("understoetter"))

    @property
    def understoetter_nogen_pct(self) -> Tal:
        return self.tal(self.andel("understoetter", "I nogen grad"), self.u.skema["understoetter"], "I nogen grad",
                        anker("understoetter", "I nogen grad"))

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
            # Not "with too few answers": a cluster may be hidden only so that another cannot be derived.
            note = (f" ({t.antal_med_ord(spaend.antal_skjult, 'klynge', 'klynger')} indgår ikke af hensyn til "
                    f"anonymiteten)")
        spm = self.u.skema["understoetter"]

        def klynge_tal(k: m.KlyngeAndel, tekst: str, hvor: str) -> Tal:
            return self.tal(k.andel, spm, "positiv", anker("understoetter", hvor), tekst, f" i klyngen {k.klynge}")

        laveste = klynge_tal(spaend.laveste, t.decimaltal(spaend.laveste.andel.procent), "laveste")
        hoejeste = klynge_tal(spaend.hoejeste, t.pct(spaend.hoejeste.andel.procent), "hoejeste")
        return Tekst.af(f"Der er {ord_} mellem {mellem}, fra {{}} til {{}}" + (f"{note}." if note else ""),
                        laveste, hoejeste)

    def _sammenligning(self, kolonne: str, a: m.Andel) -> tuple[str, str]:
        lg = self.u.landsgennemsnit_for(kolonne)
        if not a.vist:
            return "ikke muligt at sammenligne med", t.pct(lg.vaerdi, 1)
        s = m.sammenlign(a, lg.vaerdi)
        return t.i_forhold_til(s.retning, s.forskel), t.pct(lg.vaerdi, 1)

    @property
    def understoetter_sammenligning(self) -> str:
        return self._sammenligning("understoetter", self.understoetter)[0]

    @property
    def landsgennemsnit_understoetter(self) -> Tal:
        return self.landsgennemsnit_tal("understoetter")

    # ---- expectations ---------------------------------------------------------------------
    @cached_property
    def forventninger(self) -> tuple[m.Forventning, ...]:
        return m.forventninger(self.svar, self.u.skema, self.ms)

    @property
    def forventning_samlet(self) -> str:
        viste = [f.sjaeldent.procent for f in self.forventninger if f.sjaeldent.vist]
        if not viste:
            return f"kan det ikke vises, fordi færre end {self.min_svar} har svaret."
        vaerste = max(viste)
        if vaerste < GRAENSE_ENKELTE:
            return "er der en tydelig overensstemmelse mellem det, deltagerne prioriterer, og det, der faktisk bliver realiseret på møderne."
        if vaerste < GRAENSE_MANGE:
            return "er der overordnet set en god overensstemmelse, men ikke alt opfyldes for alle."
        return "er der generelt en god sammenhæng, men flere af de elementer, deltagerne finder vigtige, opfyldes for sjældent."

    def forventning_tal(self, f: m.Forventning, felt: str) -> Tal:
        """One of an element's shares (`vigtigt`, `meget_vigtigt`, `sjaeldent`) with its basis."""
        skema = self.u.skema
        if felt == "sjaeldent":
            spm = next(s for s in skema.gruppe("opfyldelse") if s.kort == f.kort)
            svar = "negativ"
        else:
            spm = next(s for s in skema.gruppe("vigtighed") if s.kort == f.kort)
            svar = "positiv" if felt == "vigtigt" else spm.skala.svar[0]
        a = getattr(f, felt)
        return self.tal(a, spm, svar, anker(spm.kolonne, svar), t.pct(a.procent))

    @property
    def forventning_detaljer(self) -> Tekst | str:
        # A sentence quotes importance beside fulfilment, so both must be shown.
        mange = [f for f in self.forventninger if f.sjaeldent.vist and f.vigtigt.vist and f.meget_vigtigt.vist
                 and f.sjaeldent.procent >= GRAENSE_MANGE]
        enkelte = [f for f in self.forventninger if f.sjaeldent.vist and GRAENSE_ENKELTE <= f.sjaeldent.procent < GRAENSE_MANGE]
        saetninger = [
            Tekst.af("{}: {} finder det vigtigt eller meget vigtigt – heraf {} meget vigtigt – men {} "
                     "oplever sjældent eller aldrig, at klyngemøderne {}.",
                     f.kort, self.forventning_tal(f, "vigtigt"), self.forventning_tal(f, "meget_vigtigt"),
                     self.forventning_tal(f, "sjaeldent"), f.punkt)
            for f in sorted(mange, key=lambda f: -f.sjaeldent.procent)
        ]
        if enkelte:
            dele = [Tekst.af("{} ({})", f.punkt, self.forventning_tal(f, "sjaeldent"))
                    for f in sorted(enkelte, key=lambda f: -f.sjaeldent.procent)]
            start = "Desuden oplever nogle" if mange else "Der er dog klyngemedlemmer, der"
            saetninger.append(Tekst.af(f"{start} sjældent eller aldrig{'' if mange else ' oplever'}, at klyngemøderne "
                                       + t.opremsning(["{}"] * len(dele)) + ".", *dele))
        # Nothing to say is an empty str, as before (the document decides what an empty value shows).
        return Tekst.samlet(saetninger, " ") if saetninger else ""

    # ---- data ---------------------------------------------------------------------------------
    @property
    def data_vigtigt_pct(self) -> Tal:
        return self.tal(self.andel("vig_data"), self.u.skema["vig_data"], "positiv", anker("vig_data"))

    @cached_property
    def databrug(self) -> m.Andel:
        return self.andel("databrug")

    @property
    def databrug_pct(self) -> Tal:
        return self.tal(self.databrug, self.u.skema["databrug"], "positiv", anker("databrug"))

    @property
    def data_erfaring(self) -> str:
        if not self.databrug.vist:
            return ""
        if self.databrug.procent < 50:
            return ("Erfaringerne er altså begrænsede, hvilket kan skyldes manglende adgang til relevante data "
                    "og klyngepakker.")
        return "Mange har dermed allerede erfaring med at bruge data i klyngen."

    @property
    def data_forbinder(self) -> str:
        if not self.databrug.vist:
            return "mens"
        return "men kun" if self.databrug.procent < 50 else "og"

    # ---- improvements --------------------------------------------------------------------
    @cached_property
    def forbedringer(self) -> m.Andel:
        return self.andel("forbedringer", "Ja")

    @property
    def forbedringer_pct(self) -> Tal:
        return self.tal(self.forbedringer, self.u.skema["forbedringer"], "Ja", anker("forbedringer", "Ja"))

    @property
    def forbedringer_sammenligning(self) -> str:
        return self._sammenligning("forbedringer", self.forbedringer)[0]

    @property
    def forbedringer_i_forhold_til(self) -> str:
        """"ligger over" …, or "kan ikke sammenlignes med" where the share is hidden."""
        if not self.forbedringer.vist:
            return "ikke kan sammenlignes med"
        return "ligger " + self.forbedringer_sammenligning

    @property
    def landsgennemsnit_forbedringer(self) -> Tal:
        return self.landsgennemsnit_tal("forbedringer")

    @cached_property
    def forbedringer_klynger(self) -> tuple[m.KlyngeAndel, ...]:
        return m.klynge_andele(self.svar, self.sp, self.u.skema["forbedringer"], "Ja", self.ms)

    # ---- motivation ------------------------------------------------------------------------
    @cached_property
    def motivation(self) -> tuple[m.Rang, ...]:
        return m.rangorden(self.svar, self.u.skema, "motivation", self.ms)

    def _rangliste(self, raekke: tuple[m.Rang, ...]) -> Tekst:
        dele = [Tekst.af("{} ({})", r.spoergsmaal.punkt, self.rang_tal(r)) for r in raekke]
        return Tekst.af(t.opremsning(["{}"] * len(dele)), *dele)

    @property
    def motivation_top(self) -> Tekst | str:
        viste = [r for r in self.motivation if r.andel.vist][:3]
        if not viste:
            return f"– (færre end {self.ms} svar)"
        return self._rangliste(tuple(viste))

    @property
    def motivation_dernaest(self) -> Tekst | str:
        naeste = tuple(r for r in self.motivation if r.andel.vist)[3:5]
        if not naeste:
            return ""
        return Tekst.af("Dernæst følger {}.", self._rangliste(naeste))

    # ---- editorial text --------------------------------------------------------------------
    def tekst(self, noegle: str) -> str:
        """An editorial section as Markdown ("" where the specialty has none)."""
        return self.tekster.get(noegle, "")


def spoergsmaalstekst(spm: Spoergsmaal) -> str:
    """The question as the respondent read it: an item completes its battery's question
    ("Hvor vigtigt er det for dig, at klyngemøderne …" + "er et tillidsfuldt rum")."""
    if spm.punkt and spm.tekst.endswith("…"):
        return f"{spm.tekst[:-1].rstrip()} {spm.punkt}?"
    if spm.punkt:
        return f"{spm.tekst} – {spm.kort}"
    return spm.tekst


def anker(kolonne: str, svar: str = "") -> str:
    """The id of the place in a sheet where a question's share stands (the audit page links it):
    "tal-understoetter" for its positive (or negative) answers, "tal-understoetter-i-nogen-grad"
    for named answers, "tal-understoetter-laveste" for a cluster extreme."""
    if svar in ("positiv", "negativ"):
        svar = ""
    return "tal-" + "-".join(re.findall(r"[a-z0-9]+", f"{kolonne} {svar}".lower().translate(_ASCII)))


# The sheet's inline values that hold figures (reports/_faktaark.qmd; a test keeps the two equal).
TEKSTFELTER = ("besvarelser", "population", "svarprocent", "antal_klynger", "klyngeliste", "deltagelse_antal",
               "engagement_spaend", "understoetter_pct", "understoetter_nogen_pct", "landsgennemsnit_understoetter",
               "klyngevariation", "forventning_detaljer", "data_vigtigt_pct", "databrug_pct", "forbedringer_pct",
               "landsgennemsnit_forbedringer", "motivation_top", "motivation_dernaest")


def ankre(ark: Faktaark) -> frozenset[str]:
    """The ids of the figures the sheet's text shows."""
    ud = set()
    for felt in TEKSTFELTER:
        vaerdi = getattr(ark, felt)
        dele = vaerdi.dele if isinstance(vaerdi, Tekst) else (vaerdi,)
        ud |= {d.anker for d in dele if isinstance(d, Tal) and d.anker}
    return frozenset(ud)


def medlemsanker(i: int) -> str:
    return f"tal-medlemmer-{i + 1}"


_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})


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


def gem_tabeller(ark: Faktaark) -> str:
    """Write the tables as CSV into tabeller/<speciale>/ and return Markdown links to them."""
    mappe = Path("tabeller") / ark.slug
    (uddata() / mappe).mkdir(parents=True, exist_ok=True)
    links = []
    beskrivelser = {"svarfordelinger": "svarfordelingen på hvert spørgsmål",
                    "klynger": "andelene pr. klynge", "forventninger": "vigtighed og opfyldelse pr. element"}
    for navn, df in tabeller(ark).items():
        sti = mappe / f"{ark.slug}-{navn}.csv"
        df.map(undslip.csv_celle).to_csv(uddata() / sti, index=False, encoding="utf-8", lineterminator="\n")
        links.append(f"- [{beskrivelser[navn].capitalize()} (CSV)]({sti.as_posix()})")
    return "\n".join(links)
