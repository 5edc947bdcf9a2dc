"""One fact sheet's figures and figure-dependent words, ready for inline use in the documents.

`lav(slug)` loads the data once and computes everything; the .qmd files only read attributes
(`ark.svarprocent`, `ark.understoetter_pct`, …), so no figure is ever typed into a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from klynge.maal import andele as m
from klynge.ark import ordvalg as o
from klynge.ark import tekst as t
from klynge.ark.proveniens import Proveniens
from klynge.ark.tal import MAERKE, Tal, Tekst
from klynge.ark import undslip
from klynge.data.indlaes import Speciale, Undersoegelse, indlaes_genbrug
from klynge.data.skema import Spoergsmaal
from klynge.projekt import find_rod, uddata
from klynge.data.redaktionelt import laes_tekster
from klynge.data.tekstkontrol import kontroller_tekst
from klynge.fejl import DataFejl

if TYPE_CHECKING:  # figurer imports plotnine, which a sheet needs only where it draws
    import pandas as pd

    from klynge.ark import figurer

@dataclass(frozen=True)
class Faktaark:
    u: Undersoegelse
    sp: Speciale
    tekster: dict[str, str] = field(default_factory=dict)
    # Which figures are survey results (None: worked out from data/ when first needed).
    proveniens: Proveniens | None = None
    # The published sheet's findings in words (data/rekonstruktion.toml, `udsagn`), while the
    # answers are reconstructed: a word they state is not marked although its figures are.
    udsagn: tuple[dict, ...] = ()

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
    def navn_i_tekst(self) -> str:
        """The specialty in running text: a common noun, so lower case ("specialet neurologi")."""
        return self.sp.navn[:1].lower() + self.sp.navn[1:]

    @property
    def flertal(self) -> str:
        return self.sp.flertal

    @property
    def g(self):
        """The wording rules' cut points (data/indstillinger.toml, [ordvalg])."""
        return self.u.indstillinger.ordvalg

    @property
    def titel(self) -> str:
        return f"Klyngearbejdet i {self.sp.navn}: Resultater fra spørgeskemaundersøgelse blandt speciallæger"

    @property
    def udgivet(self) -> str:
        """The date line at the top of the sheet (a draft says it is one)."""
        return self.u.indstillinger.dato_linje

    @property
    def indsamlet(self) -> str:
        return self.u.indstillinger.indsamlet

    def andel(self, kolonne: str, svar: str = "positiv") -> m.Andel:
        return m.andel(self.svar, self.u.skema[kolonne], svar, self.ms)

    def pct(self, a: m.Andel) -> str:
        return t.pct(a.procent) if a.vist else f"– (færre end {self.ms} svar)"

    # ---- provenance (see klynge.ark.proveniens) -------------------------------------------
    @cached_property
    def prov(self) -> Proveniens:
        """`proveniens`, or worked out from the project's data/ (as `lav` does). Outside a
        project nothing is known to be published, so a draft marks every answer-derived figure:
        a mark too many, never one too few."""
        if self.proveniens is not None:
            return self.proveniens
        from klynge.ark import proveniens

        try:
            rod = find_rod()
        except FileNotFoundError:
            return Proveniens(self.u.indstillinger.rekonstrueret)
        return proveniens.for_speciale(self.u, self.sp.slug, rod)

    def konstrueret(self, anker: str, svar: str = "") -> bool:
        return self.prov.konstrueret(anker, svar)

    def klynge_konstrueret(self, kolonne: str, svar: str, klynger: tuple[m.KlyngeAndel, ...]):
        """For a cluster chart or table: whether the figure of "Hele specialet" or of a cluster
        is constructed. A cluster's figure is published only as the sheet's lowest or highest."""
        spaend = m.klynge_spaend(klynger)
        publicerede = set()
        if spaend is not None:
            if not self.konstrueret(anker(kolonne, "laveste")):
                publicerede.add(spaend.laveste.klynge)
            if not self.konstrueret(anker(kolonne, "hoejeste")):
                publicerede.add(spaend.hoejeste.klynge)

        def konstrueret(gruppe: str) -> bool:
            if gruppe == "Hele specialet":
                return self.konstrueret(anker(kolonne, svar))
            return self.prov.rekonstrueret and gruppe not in publicerede
        return konstrueret

    def forventning_konstrueret(self, kort: str, felt: str) -> bool:
        """Whether an element's share (`vigtigt`, `meget_vigtigt`, `opfyldt`, `sjaeldent`) is constructed."""
        if felt == "opfyldt":
            spm = next(s for s in self.u.skema.gruppe("opfyldelse") if s.kort == kort)
            return self.konstrueret(anker(spm.kolonne, "positiv"), "positiv")
        f = next(f for f in self.forventninger if f.kort == kort)
        return self.forventning_tal(f, felt).konstrueret

    def ord_tal(self, ord_: str, sted: str, grundlag: "list[Tal]", hvad: str, noegle: str | None = None) -> Tal | str:
        """A verdict word (or ranking) that rests on figures: marked where every figure it rests on
        is constructed and the published sheet does not state the same finding in words (an
        `udsagn` with this `sted` and this `ord`)."""
        if not grundlag or not all(g.konstrueret for g in grundlag):
            return ord_
        if any(u.get("sted") == sted and u.get("ord") == (noegle or ord_) for u in self.udsagn):
            return ord_
        tal = "; ".join(f"{g.tekst} ({g.grundlag})" for g in grundlag)
        return Tal(ord_, f"{hvad} bygger kun på konstruerede tal: {tal}", "", konstrueret=True)

    def ord_ved(self, sted: str) -> str:
        """The word the sheet prints at a place an `udsagn` can name (klynge.betingelser checks
        that it is the published one); "" where the sheet prints none there."""
        g, d = self.g, self.deltagelse
        viste = [r for r in self.engagement if r.andel.vist]
        if sted == "deltagelse-niveau":
            return o.niveau(g, d.procent) if d.vist else ""
        if sted == "deltagelse-maengde":
            return o.maengdeord(g, d.procent) if d.vist else ""
        if sted == "engagement-niveau":
            return o.niveau(g, sum(r.andel.procent for r in viste) / len(viste), neutrum=True) if viste else ""
        if sted == "forventning-dom":
            return self.forventning_dom
        if sted == "forventning-gab":
            gab = self._gab
            if len(gab) != 1 or o.er_tydeligt_gab(g, gab[0].sjaeldent.procent):
                return ""
            ord_ = o.maengdeord(g, gab[0].sjaeldent.procent)
            return f"Kun {ord_}" if gab[0].sjaeldent.procent < g.forventning_god else t.stort_begyndelsesbogstav(ord_)
        if sted == "klyngevariation":
            spaend = m.klynge_spaend(self.understoetter_klynger)
            return o.variation(g, spaend.point) if spaend else ""
        if sted == "data-erfaring":
            if not self.databrug.vist:
                return ""
            return "begrænsede" if self.databrug.hel_procent < 50 else o.maengdeord(g, self.databrug.procent)
        raise KeyError(f"no word at '{sted}'")

    # ---- figures with their basis (see klynge.ark.tal) --------------------------------
    def tal(self, a: m.Andel, spm: Spoergsmaal, svar: str, anker: str, tekst: str | None = None,
            hvem: str = "") -> Tal:
        """A share as shown in the text, with its basis: count and base, the question, the answers
        counted and how many did not answer. `hvem` narrows the base (e.g. a cluster)."""
        vist = tekst if tekst is not None else self.pct(a)
        if not a.vist:
            return Tal(vist, f"Vises ikke af hensyn til anonymiteten: færre end {self.ms} har besvaret "
                             f"»{spoergsmaalstekst(spm)}«{hvem}.", anker)
        svarene = t.opremsning([f"»{s}«" for s in spm.svar_i(svar)], og="eller")
        grundlag = f"{t.heltal(a.antal)} af {t.heltal(a.n)} svar{hvem} på »{spoergsmaalstekst(spm)}«: {svarene}"
        if not hvem and (ikke := len(self.svar) - a.n):
            grundlag += f"; {t.heltal(ikke)} har ikke svaret"
        return Tal(vist, grundlag, anker, konstrueret=self.konstrueret(anker, svar))

    def landsgennemsnit_tal(self, kolonne: str) -> Tal:
        lg = self.u.landsgennemsnit_for(kolonne)
        svarene = t.opremsning([f"»{s}«" for s in self.u.skema[kolonne].svar_i(lg.svar)], og="eller")
        return Tal(t.pct(lg.vaerdi, 1),
                   f"Andelen på tværs af alle specialer, der svarer {svarene} på »{spoergsmaalstekst(self.u.skema[kolonne])}«. "
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
        """Always one decimal ("60,0 pct."), as "Om tallene" says."""
        a = m.svarprocent(self.sp, self.svar)
        return Tal(t.svarprocent(a.procent),
                   f"{t.heltal(a.antal)} besvarelser af {t.heltal(a.n)} inviterede {self.sp.flertal}", "tal-svarprocent")

    @property
    def medlemsnote(self) -> str:
        """For "Om tallene", where the clusters' members do not add up to those invited: that they
        do not ("" where they do)."""
        i_alt = sum(k.medlemmer for k in self.sp.klynger)
        if i_alt == self.sp.population:
            return ""
        klynger = "Klyngen har" if len(self.sp.klynger) == 1 else (
            f"De {t.talord(len(self.sp.klynger))} klynger har tilsammen")
        forskel = abs(i_alt - self.sp.population)
        retning = "færre" if i_alt < self.sp.population else "flere"
        return (f"{klynger} {t.antal_med_tal(i_alt, 'medlem', 'medlemmer')} ifølge faktaarket, "
                f"{t.antal_med_ord(forskel, 'medlem', 'medlemmer', neutrum=True)} {retning} end "
                f"de {t.heltal(self.sp.population)} inviterede; svarprocenten bygger på de inviterede.")

    @property
    def om_tallene(self) -> str:
        """The "Om tallene" paragraph: what every figure is a share of, how it is rounded, and what
        the anonymity threshold applies to."""
        dele = [
            "Andelene er beregnet blandt dem, der har besvaret det enkelte spørgsmål, og afrundet til hele procent.",
            f"Svarprocenten er beregnet ud fra de {t.heltal(self.sp.population)} inviterede speciallæger og angivet "
            f"med én decimal, og landsgennemsnittene er gengivet, som de er offentliggjort.",
            self.medlemsnote,
            f"Af hensyn til anonymiteten vises ingen andel, der bygger på færre end {self.min_svar} svar – det "
            f"gælder især tallene for de enkelte klynger – og fritekstsvar gengives aldrig ordret.",
        ]
        if self.u.indstillinger.rekonstrueret:
            dele.append(f"Svarene bag dette udkast er rekonstrueret ud fra eKVIS' faktaark fra "
                        f"{self.u.indstillinger.udgivet.lower()}; kun tal, der står dér, er undersøgelsens resultater. "
                        f"Alle andre tal er konstrueret og mærket {MAERKE}, også i figurerne og CSV-tabellerne.")
        return " ".join(d for d in dele if d)

    # ---- participation and engagement --------------------------------------------------
    @cached_property
    def deltagelse(self) -> m.Andel:
        return self.andel("deltagelse")

    @property
    def deltagelse_saetning(self) -> Tekst | str:
        """"Mødedeltagelsen blandt respondenterne er høj: hovedparten – 19 af de 24 (79 pct.) – har …"."""
        d = self.deltagelse
        if not d.vist:
            return (f"Mødedeltagelsen vises ikke, da færre end {self.min_svar} har svaret på, hvor mange møder de "
                    f"har deltaget i.")
        antal = self.tal(d, self.u.skema["deltagelse"], "positiv", anker("deltagelse"),
                         f"{t.heltal(d.antal)} af de {t.heltal(d.n)} ({t.pct(d.procent)})")
        return Tekst.af("Mødedeltagelsen blandt respondenterne er {}: {} – {} – har deltaget i alle eller de fleste "
                        "møder siden klyngernes opstart.",
                        self.ord_tal(o.niveau(self.g, d.procent), "deltagelse-niveau", [antal], "Ordet"),
                        self.ord_tal(o.maengdeord(self.g, d.procent), "deltagelse-maengde", [antal], "Ordet"), antal)

    @cached_property
    def engagement(self) -> tuple[m.Rang, ...]:
        return m.rangorden(self.svar, self.u.skema, "engagement", self.ms)

    def rang_tal(self, r: m.Rang) -> Tal:
        return self.tal(r.andel, r.spoergsmaal, "positiv", anker(r.spoergsmaal.kolonne))

    @property
    def engagement_afsnit(self) -> Tekst | str:
        """The engagement paragraph: the level, the highest and lowest item with what was measured,
        and the items between them in quantity words."""
        viste = [r for r in self.engagement if r.andel.vist]
        if len(viste) < 2:
            return (f"Tallene for engagementet vises ikke, da færre end {self.min_svar} har besvaret "
                    f"spørgsmålene.")
        gennemsnit = sum(r.andel.procent for r in viste) / len(viste)
        hoej, lav, midt = viste[0], viste[-1], viste[1:-1]
        alle = [self.rang_tal(r) for r in viste]
        foerst, sidst = o.yderpunkter()
        oeverst = next((u for u in self.udsagn if u.get("type") == "hoejst" and u.get("gruppe") == "engagement"), None)
        stoerst = foerst if oeverst and hoej.spoergsmaal.kolonne in oeverst.get("punkter", ()) else \
            self.ord_tal(foerst, "engagement-stoerst", alle, "Rækkefølgen")
        tekst = Tekst.af("Respondenterne vurderer generelt deres eget engagement i klyngearbejdet som {}. {} er "
                         "andelen, der i høj eller meget høj grad {} ({}), og {} er andelen, der {} ({}).",
                         self.ord_tal(o.niveau(self.g, gennemsnit, neutrum=True), "engagement-niveau", alle, "Ordet"),
                         stoerst, hoej.spoergsmaal.punkt, self.rang_tal(hoej),
                         self.ord_tal(sidst, "engagement-mindst", alle, "Rækkefølgen"), lav.spoergsmaal.punkt,
                         self.rang_tal(lav))
        grupper: list[tuple[str, list[m.Rang]]] = []
        for r in midt:
            ord_ = o.maengdeord(self.g, r.andel.procent)
            if grupper and grupper[-1][0] == ord_:
                grupper[-1][1].append(r)
            else:
                grupper.append((ord_, [r]))
        if grupper:
            dele = [Tekst.af("{} {}", self.ord_tal(ord_, "engagement-maengde", [self.rang_tal(r) for r in raekke],
                                                   "Ordet"), t.opremsning(o.saml_punkter([r.spoergsmaal.punkt
                                                                                           for r in raekke])))
                    for ord_, raekke in grupper]
            samlet = Tekst.samlet(dele, ", og ")
            forste = samlet.dele[0]
            if isinstance(forste, Tal):
                forste = Tal(t.stort_begyndelsesbogstav(forste.tekst), forste.grundlag, forste.anker, forste.konstrueret)
            else:
                forste = t.stort_begyndelsesbogstav(forste)
            tekst = Tekst.af("{} {}.", tekst, Tekst((forste,) + samlet.dele[1:]))
        return tekst

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
    def klyngevariation(self) -> Tekst | str:
        """How much the clusters differ, or why they are not shown; never empty."""
        klynger = self.understoetter_klynger
        spaend = m.klynge_spaend(klynger)
        if spaend is None:
            if len(klynger) == 1:
                return "Specialet har kun én klynge, så der er ingen forskel mellem klynger at vise."
            smaa = sum(k.andel.n < self.ms for k in klynger)
            if len(klynger) == 2:
                hvem = "den ene klynge har" if smaa == 1 else "begge klynger har"
                return (f"Resultaterne vises ikke for de to klynger hver for sig, da {hvem} færre end "
                        f"{self.min_svar} svar.")
            if smaa:
                return (f"Resultaterne vises ikke for de enkelte klynger, da {t.talord(smaa)} af dem har færre end "
                        f"{self.min_svar} svar, og deres tal ellers ville kunne regnes ud.")
            return "Resultaterne vises ikke for de enkelte klynger, da deres tal ellers ville kunne regnes ud."
        lav, hoej = spaend.laveste.andel.procent, spaend.hoejeste.andel.procent
        note = ""
        if spaend.antal_skjult:
            # Not "with too few answers": a cluster may be hidden only so that another cannot be derived.
            note = (f" ({t.antal_med_ord(spaend.antal_skjult, 'klynge', 'klynger')} indgår ikke af hensyn til "
                    f"anonymiteten)")
        spm = self.u.skema["understoetter"]

        def klynge_tal(k: m.KlyngeAndel, tekst: str, hvor: str) -> Tal:
            return self.tal(k.andel, spm, "positiv", anker("understoetter", hvor), tekst, f" i klyngen {k.klynge}")

        if spaend.antal_vist == 2 and len(klynger) == 2:
            lav_tal = klynge_tal(spaend.laveste, t.pct(lav), "laveste")
            hoej_tal = klynge_tal(spaend.hoejeste, t.pct(hoej), "hoejeste")
            return Tekst.af("Der er {} på de to klynger: {} i " + undslip_navn(spaend.laveste.klynge) + " og {} i "
                            + undslip_navn(spaend.hoejeste.klynge) + ".",
                            self.ord_tal(o.variation(self.g, spaend.point, "forskel"), "klyngevariation",
                                         [lav_tal, hoej_tal], "Ordet", o.variation(self.g, spaend.point)),
                            lav_tal, hoej_tal)
        laveste = klynge_tal(spaend.laveste, t.decimaltal(lav), "laveste")
        hoejeste = klynge_tal(spaend.hoejeste, t.pct(hoej), "hoejeste")
        return Tekst.af("Der er {} mellem klyngerne, fra {} til {}" + (f"{note}." if note else ""),
                        self.ord_tal(o.variation(self.g, spaend.point, "variation"), "klyngevariation",
                                     [laveste, hoejeste], "Ordet"), laveste, hoejeste)

    def _sammenligning(self, kolonne: str, a: m.Andel) -> tuple[str, str]:
        lg = self.u.landsgennemsnit_for(kolonne)
        if not a.vist:
            # A hidden share gives no comparison word, so nothing follows from the hidden answers.
            return "ikke muligt at sammenligne med", t.pct(lg.vaerdi, 1)
        forskel = Fraction(a.hel_procent) - lg.vaerdi
        return o.i_forhold_til(self.g, forskel, a.n), t.pct(lg.vaerdi, 1)

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
    def _forventninger_vurderet(self) -> list[m.Forventning]:
        """The elements the verdict weighs: shown, and important to a majority. Data on the
        meetings is left to its own section (the data paragraph), as in the published sheets."""
        data = self.u.skema["vig_data"].kort if "vig_data" in self.u.skema else None
        return [f for f in self.forventninger if f.vigtigt.vist and f.sjaeldent.vist and f.kort != data
                and f.vigtigt.hel_procent > 50]

    @property
    def _gab(self) -> list[m.Forventning]:
        return sorted((f for f in self._forventninger_vurderet if f.sjaeldent.hel_procent > 0),
                      key=lambda f: -f.sjaeldent.procent)

    @property
    def forventning_dom(self) -> str:
        """The verdict on expectations ("en tydelig overensstemmelse", …), "" where none is given."""
        if not self._forventninger_vurderet:
            return ""
        gab = self._gab
        tydelige = [f for f in gab if o.er_tydeligt_gab(self.g, f.sjaeldent.procent)]
        return o.forventning_dom(self.g, gab[0].sjaeldent.procent if gab else Fraction(0), len(tydelige))

    @property
    def forventning_eksempler(self) -> list[m.Forventning]:
        """Where nobody answers "sjældent eller aldrig": the three elements most find important."""
        if self._gab or not self._forventninger_vurderet:
            return []
        return sorted(self._forventninger_vurderet, key=lambda f: -f.vigtigt.procent)[:3]

    @property
    def forventning_opfyldte(self) -> list[m.Forventning]:
        """Where some elements fall short: up to four that nobody rarely or never experiences,
        the most important first (the published sheets name what does meet expectations)."""
        if not self._gab:
            return []
        return sorted((f for f in self._forventninger_vurderet if f.sjaeldent.hel_procent == 0),
                      key=lambda f: -f.vigtigt.procent)[:4]

    def _opfyldte_saetning(self) -> Tekst | str:
        opfyldte = self.forventning_opfyldte
        if not opfyldte:
            return ""
        # While the answers are reconstructed the sentence stands only where the published sheet
        # says it: elsewhere it would add a finding that only the reconstruction supports.
        if self.prov.rekonstrueret and not any(
                u.get("type") == "opfyldte" and {self.u.skema[k].kort for k in u.get("punkter", ())}
                == {f.kort for f in opfyldte} for u in self.udsagn):
            return ""
        lever = "lever generelt op"
        return Tekst.af("At klyngemøderne " + t.opremsning([f.punkt for f in opfyldte]).replace("{", "(")
                        .replace("}", ")") + ", {} til forventningerne.", lever)

    @property
    def forventning_vurdering(self) -> Tekst | str:
        """What follows "Når man ser på, hvad deltagerne finder vigtigt …, ": the verdict from the
        largest share answering "sjældent eller aldrig" about an element most find important, then
        the elements behind it, largest gap first. Never empty."""
        g = self.g
        begge_vist = [f for f in self.forventninger if f.vigtigt.vist and f.sjaeldent.vist]
        if not begge_vist:
            return f"kan det ikke vurderes, da færre end {self.min_svar} har besvaret spørgsmålene."
        viste = self._forventninger_vurderet
        if not viste:
            return "kan det ikke vurderes, da intet af elementerne vurderes som vigtigt af et flertal."
        gab = self._gab
        tydelige = [f for f in gab if o.er_tydeligt_gab(g, f.sjaeldent.procent)]
        grundlag = [self.forventning_tal(f, "sjaeldent") for f in viste]
        dom = Tekst.af("er der {}", self.ord_tal(self.forventning_dom, "forventning-dom", grundlag, "Vurderingen"))
        if not gab:
            eksempler = self.forventning_eksempler
            bla = self.ord_tal("bl.a.", "forventning-eksempler", [self.forventning_tal(f, "vigtigt") for f in viste],
                               "Udvalget af eksempler")
            if any(u.get("type") == "eksempler" and [self.u.skema[k].kort for k in u.get("punkter", ())]
                   == [f.kort for f in eksempler] for u in self.udsagn):
                bla = "bl.a."
            return Tekst.af("{} – {} at klyngemøderne {}.", dom, bla, t.opremsning([f.punkt for f in eksempler]))
        saetninger: list = [Tekst.af("{}.", dom)]
        if tydelige:
            foerste, *andre = tydelige
            saetninger.append(Tekst.af(
                "Flest – {} – oplever sjældent eller aldrig, at møderne {}, selv om {} finder det vigtigt eller meget "
                "vigtigt{}.", self.forventning_tal(foerste, "sjaeldent"), foerste.punkt,
                self.forventning_tal(foerste, "vigtigt"), self._meget_vigtigt(foerste)))
            i = 0
            while i < len(andre):
                samme = [f for f in andre[i:] if f.sjaeldent.hel_procent == andre[i].sjaeldent.hel_procent]
                if len(samme) == 1:
                    f = samme[0]
                    saetninger.append(Tekst.af(
                        "At møderne {}, oplever {} sjældent eller aldrig, selv om {} finder det vigtigt eller meget "
                        "vigtigt{}.", f.punkt, self.forventning_tal(f, "sjaeldent"), self.forventning_tal(f, "vigtigt"),
                        self._meget_vigtigt(f)))
                else:
                    vigtige = [Tal(t.decimaltal(f.vigtigt.procent), self.forventning_tal(f, "vigtigt").grundlag,
                                   self.forventning_tal(f, "vigtigt").anker,
                                   self.forventning_tal(f, "vigtigt").konstrueret) for f in samme]
                    navne = [f.kort[:1].lower() + f.kort[1:] for f in samme]
                    saetninger.append(Tekst.af(
                        "For " + t.opremsning(navne) + " er andelen {} for hver, selv om "
                        + t.opremsning(["{}"] * len(vigtige)) + " pct. finder dem vigtige eller meget vigtige.",
                        self.forventning_tal(samme[0], "sjaeldent"), *vigtige))
                i += len(samme)
            resten = [f for f in gab if f not in tydelige]
            if resten:
                dele = [Tekst.af("{} ({})", f.punkt, self.forventning_tal(f, "sjaeldent")) for f in resten]
                saetninger.append(Tekst.af("Færre oplever sjældent eller aldrig, at møderne "
                                           + t.opremsning(["{}"] * len(dele), "eller") + ".", *dele))
        else:
            stoerste = gab[0].sjaeldent.procent
            hvor_mange = o.maengdeord(g, stoerste)
            gab_tal = [self.forventning_tal(f, "sjaeldent") for f in gab]
            if len(gab) > 1:
                # "Mellem 8 og 15 pct. oplever dog …" rather than four figures in a row.
                lav = self.forventning_tal(gab[-1], "sjaeldent")
                lav = Tal(t.decimaltal(gab[-1].sjaeldent.procent), lav.grundlag, lav.anker, lav.konstrueret)
                dele = [f.punkt for f in gab]
                saetninger.append(Tekst.af("Mellem {} og {} oplever dog sjældent eller aldrig, at klyngemøderne "
                                           + t.opremsning(dele, "eller") + ".", lav, gab_tal[0]))
            else:
                ord_ = self.ord_tal(f"Kun {hvor_mange}" if stoerste < g.forventning_god
                                    else t.stort_begyndelsesbogstav(hvor_mange), "forventning-gab", gab_tal, "Ordet")
                saetninger.append(Tekst.af("{} oplever" + ("" if str(ord_).startswith("Kun") else " dog")
                                           + " sjældent eller aldrig, at klyngemøderne {} ({}).", ord_, gab[0].punkt,
                                           gab_tal[0]))
        if self._opfyldte_saetning():
            saetninger.append(self._opfyldte_saetning())
        return Tekst.samlet(saetninger, " ")

    def _meget_vigtigt(self, f: m.Forventning) -> Tekst | str:
        """" (85 pct. meget vigtigt)" where a majority finds the element very important: that is
        what makes its gap stand out. A share of all respondents, so never "heraf"."""
        if f.meget_vigtigt.vist and f.meget_vigtigt.hel_procent > 50:
            return Tekst.af(" ({} meget vigtigt)", self.forventning_tal(f, "meget_vigtigt"))
        return ""

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
    def data_erfaring(self) -> Tekst | str:
        """The conclusion drawn from the two data figures, straight after them; its verdict word
        is marked where both figures are constructed and the published sheet does not say it."""
        vigtigt = self.andel("vig_data")
        if not (vigtigt.vist and self.databrug.vist):
            return "Erfaringerne med data kan ikke vurderes, da for få har besvaret spørgsmålene."
        oensker = vigtigt.hel_procent > 50
        begraenset = self.databrug.hel_procent < 50
        grundlag = [self.data_vigtigt_pct, self.databrug_pct]
        figur = self.data_figur_3
        if begraenset:
            ord_ = self.ord_tal("begrænsede", "data-erfaring", grundlag, "Vurderingen")
            start = "Der er altså et ønske om at inddrage mere data, men erfaringerne er" if oensker else \
                "Erfaringerne er altså"
            return Tekst.af("{}" + start + " {}, hvilket bl.a. kan skyldes manglende adgang til relevante data og "
                            "fagspecifikke klyngepakker.", figur, ord_)
        return Tekst.af("{}{} har dermed allerede erfaring med at bruge data i klyngen.", figur,
                        self.ord_tal(t.stort_begyndelsesbogstav(o.maengdeord(self.g, self.databrug.procent)),
                                     "data-erfaring", grundlag, "Ordet"))

    @property
    def data_figur_3(self) -> Tekst | str:
        """Figure 3's data row said in the data paragraph, so the two agree in so many words."""
        f = next((f for f in self.forventninger if "vig_data" in self.u.skema
                  and f.kort == self.u.skema["vig_data"].kort), None)
        if f is None or not f.sjaeldent.vist:
            return ""
        return Tekst.af("{} oplever, at klyngemøderne sjældent eller aldrig {} (jf. figuren om forventningerne "
                        "ovenfor). ", self.forventning_tal(f, "sjaeldent"), f.punkt)

    @property
    def data_forbinder(self) -> str:
        if not self.databrug.vist:
            return "mens"
        return "men kun" if self.databrug.hel_procent < 50 else "og"

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
        """"er over" …, or "ikke kan sammenlignes med" where the share is hidden."""
        if not self.forbedringer.vist:
            return "ikke kan sammenlignes med"
        return "er " + self.forbedringer_sammenligning

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

    @property
    def _motivation_antal(self) -> int:
        viste = [r for r in self.motivation if r.andel.vist]
        return o.motivation_gruppe(self.g, [r.andel.hel_procent for r in viste])

    def _rangliste(self, raekke: list[m.Rang]) -> Tekst:
        # A label that ends in a parenthesis gets the figure inside it: "… (benchmarking; 54 pct.)".
        dele = [Tekst.af("{} ({})", r.spoergsmaal.kort[:1].lower() + r.spoergsmaal.kort[1:], self.rang_tal(r))
                if r.spoergsmaal.punkt.endswith(")")
                else Tekst.af("{} ({})", r.spoergsmaal.punkt, self.rang_tal(r)) for r in raekke]
        return Tekst.af(t.opremsning(["{}"] * len(dele)), *dele)

    @property
    def _motivation_publiceret(self) -> bool:
        """Whether the strongest group is the one the published sheet names (an `udsagn` of type
        "gruppe"): then the grouping is the sheet's finding, not the reconstruction's."""
        viste = [r for r in self.motivation if r.andel.vist]
        top = {r.spoergsmaal.kolonne for r in viste[:self._motivation_antal]}
        return any(u.get("type") == "gruppe" and set(u.get("punkter", ())) == top for u in self.udsagn)

    @property
    def motivation_top(self) -> Tekst | str:
        """"Målt på andelen, …, scorer A (92 pct.), B og C (79 pct.) højest; dernæst følger D og E."
        The strongest split where the shares drop most (see ordvalg.motivation_gruppe)."""
        viste = [r for r in self.motivation if r.andel.vist]
        if not viste:
            return f"Ingen af punkterne vises, da færre end {self.min_svar} har besvaret spørgsmålet."
        top = viste[:self._motivation_antal]
        naeste = viste[self._motivation_antal:self._motivation_antal + 2]
        hoejest = "højest" if self._motivation_publiceret else self.ord_tal(
            "højest", "motivation-gruppe", [self.rang_tal(r) for r in viste], "Grupperingen")
        tekst = Tekst.af("Målt på andelen, der i høj eller meget høj grad motiveres til at lave forbedringer i egen "
                         "klinik, scorer {} {}", self._rangliste(top), hoejest)
        if naeste:
            tekst = Tekst.af("{}; dernæst følger {}", tekst, self._rangliste(naeste))
        return tekst + "."

    @property
    def motivation_dernaest(self) -> str:
        """Which of the motivators the meetings may centre on ("De tre første …")."""
        viste = [r for r in self.motivation if r.andel.vist]
        if not viste:
            return "Møderne kan med fordel tage udgangspunkt i det, deltagerne selv efterspørger."
        antal = self._motivation_antal
        hvilke = "Det første" if antal == 1 else f"De {t.talord(antal)} første"
        return f"{hvilke} kan med fordel være omdrejningspunktet for klyngemøderne."

    # ---- editorial text --------------------------------------------------------------------
    def tekst(self, noegle: str) -> str:
        """An editorial section as Markdown ("" where the specialty has none)."""
        return self.tekster.get(noegle, "")


def undslip_navn(navn: str) -> str:
    """A cluster's name inside a `Tekst` template: literal braces cannot end up as places."""
    return navn.replace("{", "(").replace("}", ")")


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
TEKSTFELTER = ("besvarelser", "population", "svarprocent", "antal_klynger", "klyngeliste", "deltagelse_saetning",
               "engagement_afsnit", "understoetter_pct", "understoetter_nogen_pct", "landsgennemsnit_understoetter",
               "klyngevariation", "forventning_vurdering", "data_vigtigt_pct", "databrug_pct", "data_erfaring",
               "forbedringer_pct",
               "landsgennemsnit_forbedringer", "motivation_top")


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
    sti, navn = rod / "data" / "tekster" / f"{slug}.md", f"data/tekster/{slug}.md"
    tekster = laes_tekster(sti, navn)
    # A sheet is not made from an editorial text that types in a figure (klynge.data.tekstkontrol).
    problemer = kontroller_tekst(sti, navn, u.indstillinger.ordvalg)
    if problemer:
        raise DataFejl(problemer)
    return Faktaark(u, u.speciale(slug), tekster, udsagn=publicerede_udsagn(u, slug, rod / "data"))


def publicerede_udsagn(u: Undersoegelse, slug: str, data: Path) -> tuple[dict, ...]:
    """The published sheet's findings in words, while the answers are reconstructed (they are
    written down in data/rekonstruktion.toml beside the assumed figures); none with real data."""
    if not u.indstillinger.rekonstrueret or not (data / "rekonstruktion.toml").exists():
        return ()
    from klynge.betingelser import publicerede_udsagn as udsagn
    from klynge.rekonstruktion import laes_plan

    return udsagn(laes_plan(data / "rekonstruktion.toml"), slug)


# ---- charts and downloadable tables (the only parts that write files) ----------------------

def figur(ark: Faktaark, navn: str) -> "figurer.Figur":
    from klynge.ark import figurer as f

    from klynge.ark.proveniens import Opslag

    skema, ms = ark.u.skema, ark.ms

    def svar_konstrueret(kolonner: dict[str, str]) -> Opslag:
        """For a distribution: whether an item's (by label) share of one answer is constructed."""
        return Opslag.af([(etiket, s) for etiket, kol in kolonner.items() for s in skema[kol].skala.svar],
                         lambda etiket, svar: ark.konstrueret(anker(kolonner[etiket], svar)))

    def klynge_opslag(kolonne: str, svar: str, klynger) -> Opslag:
        return Opslag.af([("Hele specialet",)] + [(k.klynge,) for k in klynger],
                         ark.klynge_konstrueret(kolonne, svar, klynger))

    if navn == "deltagelse":
        spm = skema["deltagelse"]
        return f.fordelingsfigur("deltagelse.svg", spm.tekst, [("Alle respondenter", m.fordeling(ark.svar, spm, ms))], ms,
                                 svar_konstrueret({"Alle respondenter": spm.kolonne}))
    if navn == "engagement":
        spm = skema.gruppe("engagement")
        return f.fordelingsfigur("engagement.svg", spm[0].tekst, [(s.kort, m.fordeling(ark.svar, s, ms)) for s in spm], ms,
                                 svar_konstrueret({s.kort: s.kolonne for s in spm}))
    if navn == "understoetter":
        return f.klyngefigur("understoetter.svg", skema["understoetter"].tekst,
                             "Andel, der svarer i høj eller meget høj grad", ark.understoetter_klynger,
                             ark.understoetter, ark.u.landsgennemsnit_for("understoetter").vaerdi,
                             "vurderer, at klyngearbejdet i høj eller meget høj grad kan understøtte kvalitetsarbejdet", ms,
                             klynge_opslag("understoetter", "positiv", ark.understoetter_klynger))
    if navn == "understoetter_fordeling":
        spm = skema["understoetter"]
        return f.fordelingsfigur("understoetter-fordeling.svg", spm.tekst,
                                 [("Alle respondenter", m.fordeling(ark.svar, spm, ms))], ms,
                                 svar_konstrueret({"Alle respondenter": spm.kolonne}))
    if navn == "forventninger":
        return f.forventningsfigur("forventninger.svg", ark.forventninger, ms,
                                   Opslag.af([(e.kort, felt) for e in ark.forventninger
                                              for felt in ("vigtigt", "opfyldt", "sjaeldent")],
                                             ark.forventning_konstrueret))
    if navn == "forbedringer":
        return f.klyngefigur("forbedringer.svg", skema["forbedringer"].tekst, "Andel, der svarer ja",
                             ark.forbedringer_klynger, ark.forbedringer,
                             ark.u.landsgennemsnit_for("forbedringer").vaerdi,
                             "har som følge af klyngemøderne indført konkrete forbedringer i deres klinik", ms,
                             klynge_opslag("forbedringer", "Ja", ark.forbedringer_klynger))
    if navn == "motivation":
        spm = skema.gruppe("motivation")
        return f.rangfigur("motivation.svg", spm[0].tekst, ark.motivation, ms,
                           Opslag.af([(s.kolonne,) for s in spm], lambda kolonne: ark.konstrueret(anker(kolonne))))
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

    def ja_nej(konstrueret: bool, vist: bool = True) -> str:
        """The `konstrueret` column: "ja" for a figure the reconstruction made (see klynge.ark.proveniens)."""
        return ("ja" if konstrueret else "nej") if vist else ""

    fordelinger = []
    for s in ark.u.skema.spoergsmaal:
        if s.er_fritekst:  # free-text answers never leave the data folder
            continue
        f = m.fordeling(ark.svar, s, ark.ms)
        for r in f.itertuples():
            fordelinger.append({"spoergsmaal": s.kolonne, "tekst": s.tekst, "punkt": s.kort, "svar": r.svar,
                                "antal": r.antal if r.vist else None, "besvaret": r.n if r.vist else None,
                                "procent": float(round(r.procent, 4)) if r.vist else None,
                                "konstrueret": ja_nej(ark.konstrueret(anker(s.kolonne, r.svar)), r.vist)})
    klynger = []
    for navn, svar, andele, i_alt in (("understoetter", "positiv", ark.understoetter_klynger, ark.understoetter),
                                      ("forbedringer", "Ja", ark.forbedringer_klynger, ark.forbedringer)):
        konstrueret = ark.klynge_konstrueret(navn, svar, andele)
        klynger.append({"spoergsmaal": navn, "klynge": "Hele specialet", **andel_raekke(i_alt),
                        "konstrueret": ja_nej(konstrueret("Hele specialet"), i_alt.vist)})
        for k in andele:
            raekke = andel_raekke(k.andel)
            if not k.andel.vist:
                raekke["bemaerkning"] = k.skjult_fordi
            klynger.append({"spoergsmaal": navn, "klynge": k.klynge, **raekke,
                            "konstrueret": ja_nej(konstrueret(k.klynge), k.andel.vist)})
    felter = ("vigtigt", "meget_vigtigt", "opfyldt", "sjaeldent")
    forventninger = [{"element": f.kort, **{f"{navn}_{k}": v for navn in felter
                                             for k, v in andel_raekke(getattr(f, navn)).items() if k != "bemaerkning"},
                      # One column: which of the row's figures are constructed ("alle", "ingen" or their names).
                      "konstrueret": _hvilke_konstrueret(
                          [navn for navn in felter if getattr(f, navn).vist],
                          [navn for navn in felter if getattr(f, navn).vist and ark.forventning_konstrueret(f.kort, navn)])}
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


def _hvilke_konstrueret(viste: list[str], konstruerede: list[str]) -> str:
    if not konstruerede:
        return "nej"
    if konstruerede == viste:
        return "ja"
    return "ja: " + ", ".join(konstruerede)


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
