"""The fact sheet's sentences, section by section (all but the expectations, which have their
own module, klynge.ark.forventninger): organisation and response, participation and engagement,
support for quality work, data, improvements and motivation.

Every word here that depends on a figure reads it only where the figure is shown (`Andel.vist`):
a hidden figure must not change a single word, a ranking or a chart.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property

from klynge.maal import andele
from klynge.ark import ordvalg, tekst as dansk
from klynge.ark.ankre import anker, medlemsanker
from klynge.ark.grundlag import Grundlag, undslip_navn
from klynge.ark.tal import MAERKE, Tal, Tekst


class Afsnit(Grundlag):
    """The sections' figures and words; klynge.ark.faktaark.Faktaark adds the expectations."""

    # ---- organisation and response -----------------------------------------------------
    @property
    def antal_klynger(self) -> Tal:
        return Tal(dansk.antal_med_ord(len(self.speciale.klynger), "klynge", "klynger"),
                   f"{dansk.heltal(len(self.speciale.klynger))} klynger i {self.speciale.navn} "
                   "ifølge data/klynger.csv",
                   "tal-antal-klynger")

    @property
    def klyngeliste(self) -> Tekst:
        dele = [Tekst.af("{} ({})", klynge.navn,
                         Tal(dansk.antal_med_tal(klynge.medlemmer, "medlem", "medlemmer"),
                             f"{dansk.antal_med_tal(klynge.medlemmer, 'medlem', 'medlemmer')} af klyngen "
                             f"{klynge.navn} ifølge data/klynger.csv", medlemsanker(i)))
                for i, klynge in enumerate(self.speciale.klynger)]
        # babel's list pattern for Danish ("A, B og C"), with the parts kept as Tekst
        return Tekst.af(dansk.opremsning(["{}"] * len(dele)), *dele)

    @property
    def besvarelser(self) -> Tal:
        return Tal(dansk.heltal(len(self.svar)),
                   f"{dansk.heltal(len(self.svar))} af de {dansk.heltal(self.speciale.population)} "
                   f"inviterede {self.speciale.flertal} har besvaret spørgeskemaet", "tal-besvarelser")

    @property
    def population(self) -> Tal:
        return Tal(dansk.heltal(self.speciale.population),
                   f"{dansk.heltal(self.speciale.population)} praktiserende {self.speciale.flertal} "
                   "blev inviteret til undersøgelsen (data/specialer.csv)", "tal-population")

    @property
    def svarprocent(self) -> Tal:
        """Always one decimal ("60,0 pct."), as "Om tallene" says."""
        andel = andele.svarprocent(self.speciale, self.svar)
        return Tal(dansk.svarprocent(andel.procent),
                   f"{dansk.heltal(andel.antal)} besvarelser af {dansk.heltal(andel.n)} inviterede "
                   f"{self.speciale.flertal}", "tal-svarprocent")

    @property
    def medlemsnote(self) -> str:
        """For "Om tallene", where the clusters' members do not add up to those invited: that they
        do not ("" where they do)."""
        i_alt = sum(klynge.medlemmer for klynge in self.speciale.klynger)
        if i_alt == self.speciale.population:
            return ""
        klynger = "Klyngen har" if len(self.speciale.klynger) == 1 else (
            f"De {dansk.talord(len(self.speciale.klynger))} klynger har tilsammen")
        forskel = abs(i_alt - self.speciale.population)
        retning = "færre" if i_alt < self.speciale.population else "flere"
        return (f"{klynger} {dansk.antal_med_tal(i_alt, 'medlem', 'medlemmer')} ifølge faktaarket, "
                f"{dansk.antal_med_ord(forskel, 'medlem', 'medlemmer', neutrum=True)} {retning} end "
                f"de {dansk.heltal(self.speciale.population)} inviterede; svarprocenten bygger på de inviterede.")

    @property
    def om_tallene(self) -> str:
        """The "Om tallene" paragraph: what every figure is a share of, how it is rounded, and what
        the anonymity threshold applies to."""
        dele = [
            "Andelene er beregnet blandt dem, der har besvaret det enkelte spørgsmål, og afrundet til hele procent.",
            f"Svarprocenten er beregnet ud fra de {dansk.heltal(self.speciale.population)} inviterede speciallæger "
            f"og angivet med én decimal, og landsgennemsnittene er gengivet, som de er offentliggjort.",
            self.medlemsnote,
            f"Af hensyn til anonymiteten vises ingen andel, der bygger på færre end {self.min_svar} svar – det "
            f"gælder især tallene for de enkelte klynger – og fritekstsvar gengives aldrig ordret.",
        ]
        if self.undersoegelse.indstillinger.rekonstrueret:
            dele.append(f"Svarene bag dette udkast er rekonstrueret ud fra eKVIS' faktaark fra "
                        f"{self.undersoegelse.indstillinger.udgivet.lower()}; kun tal, der står dér, er undersøgelsens "
                        f"resultater. "
                        f"Alle andre tal er konstrueret og mærket {MAERKE}, også i figurerne og CSV-tabellerne.")
        return " ".join(saetning for saetning in dele if saetning)

    # ---- participation and engagement --------------------------------------------------
    @cached_property
    def deltagelse(self) -> andele.Andel:
        return self.andel("deltagelse")

    @property
    def deltagelse_saetning(self) -> Tekst | str:
        """"Mødedeltagelsen blandt respondenterne er høj: hovedparten – 19 af de 24 (79 pct.) – har …"."""
        deltagelse = self.deltagelse
        if not deltagelse.vist:
            return (f"Mødedeltagelsen vises ikke, da færre end {self.min_svar} har svaret på, hvor mange møder de "
                    f"har deltaget i.")
        antal = self.tal(deltagelse, self.undersoegelse.skema["deltagelse"], "positiv", anker("deltagelse"),
                         f"{dansk.heltal(deltagelse.antal)} af de {dansk.heltal(deltagelse.n)} "
                         f"({dansk.pct(deltagelse.procent)})")
        return Tekst.af("Mødedeltagelsen blandt respondenterne er {}: {} – {} – har deltaget i alle eller de fleste "
                        "møder siden klyngernes opstart.",
                        self.ord_tal(ordvalg.niveau(self.graenser, deltagelse.procent), "deltagelse-niveau", [antal],
                                     "Ordet"),
                        self.ord_tal(ordvalg.maengdeord(self.graenser, deltagelse.procent), "deltagelse-maengde",
                                     [antal], "Ordet"), antal)

    @cached_property
    def engagement(self) -> tuple[andele.Rang, ...]:
        return andele.rangorden(self.svar, self.undersoegelse.skema, "engagement", self.taerskel)

    def rang_tal(self, rang: andele.Rang) -> Tal:
        return self.tal(rang.andel, rang.spoergsmaal, "positiv", anker(rang.spoergsmaal.kolonne))

    @property
    def engagement_afsnit(self) -> Tekst | str:
        """The engagement paragraph: the level, the highest and lowest item with what was measured,
        and the items between them in quantity words."""
        viste = [rang for rang in self.engagement if rang.andel.vist]
        if len(viste) < 2:
            return (f"Tallene for engagementet vises ikke, da færre end {self.min_svar} har besvaret "
                    f"spørgsmålene.")
        gennemsnit = sum(rang.andel.procent for rang in viste) / len(viste)
        hoej, lav, midt = viste[0], viste[-1], viste[1:-1]
        alle = [self.rang_tal(rang) for rang in viste]
        foerst, sidst = ordvalg.yderpunkter()
        oeverst = next((udsagnet for udsagnet in self.udsagn
                        if udsagnet.get("type") == "hoejst" and udsagnet.get("gruppe") == "engagement"), None)
        stoerst = foerst if oeverst and hoej.spoergsmaal.kolonne in oeverst.get("punkter", ()) else \
            self.ord_tal(foerst, "engagement-stoerst", alle, "Rækkefølgen")
        tekst = Tekst.af("Respondenterne vurderer generelt deres eget engagement i klyngearbejdet som {}. {} er "
                         "andelen, der i høj eller meget høj grad {} ({}), og {} er andelen, der {} ({}).",
                         self.ord_tal(ordvalg.niveau(self.graenser, gennemsnit, neutrum=True), "engagement-niveau",
                                      alle, "Ordet"),
                         stoerst, hoej.spoergsmaal.punkt, self.rang_tal(hoej),
                         self.ord_tal(sidst, "engagement-mindst", alle, "Rækkefølgen"), lav.spoergsmaal.punkt,
                         self.rang_tal(lav))
        grupper: list[tuple[str, list[andele.Rang]]] = []
        for rang in midt:
            ord_ = ordvalg.maengdeord(self.graenser, rang.andel.procent)
            if grupper and grupper[-1][0] == ord_:
                grupper[-1][1].append(rang)
            else:
                grupper.append((ord_, [rang]))
        if grupper:
            dele = [Tekst.af("{} {}", self.ord_tal(ord_, "engagement-maengde", [self.rang_tal(rang) for rang in raekke],
                                                   "Ordet"),
                             dansk.opremsning(ordvalg.saml_punkter([rang.spoergsmaal.punkt for rang in raekke])))
                    for ord_, raekke in grupper]
            samlet = Tekst.samlet(dele, ", og ")
            forste = samlet.dele[0]
            if isinstance(forste, Tal):
                forste = Tal(dansk.stort_begyndelsesbogstav(forste.tekst), forste.grundlag, forste.anker,
                             forste.konstrueret)
            else:
                forste = dansk.stort_begyndelsesbogstav(forste)
            tekst = Tekst.af("{} {}.", tekst, Tekst((forste,) + samlet.dele[1:]))
        return tekst

    # ---- support for quality work -----------------------------------------------------
    @cached_property
    def understoetter(self) -> andele.Andel:
        return self.andel("understoetter")

    @property
    def understoetter_pct(self) -> Tal:
        return self.tal(self.understoetter, self.undersoegelse.skema["understoetter"], "positiv",
                        anker("understoetter"))

    @property
    def understoetter_nogen_pct(self) -> Tal:
        return self.tal(self.andel("understoetter", "I nogen grad"), self.undersoegelse.skema["understoetter"],
                        "I nogen grad", anker("understoetter", "I nogen grad"))

    @cached_property
    def understoetter_klynger(self) -> tuple[andele.KlyngeAndel, ...]:
        return andele.klynge_andele(self.svar, self.speciale, self.undersoegelse.skema["understoetter"], "positiv",
                                    self.taerskel)

    @property
    def klyngevariation(self) -> Tekst | str:
        """How much the clusters differ, or why they are not shown; never empty."""
        klynger = self.understoetter_klynger
        spaend = andele.klynge_spaend(klynger)
        if spaend is None:
            if len(klynger) == 1:
                return "Specialet har kun én klynge, så der er ingen forskel mellem klynger at vise."
            smaa = sum(klynge.andel.n < self.taerskel for klynge in klynger)
            if len(klynger) == 2:
                hvem = "den ene klynge har" if smaa == 1 else "begge klynger har"
                return (f"Resultaterne vises ikke for de to klynger hver for sig, da {hvem} færre end "
                        f"{self.min_svar} svar.")
            if smaa:
                return (f"Resultaterne vises ikke for de enkelte klynger, da {dansk.talord(smaa)} af dem har færre end "
                        f"{self.min_svar} svar, og deres tal ellers ville kunne regnes ud.")
            return "Resultaterne vises ikke for de enkelte klynger, da deres tal ellers ville kunne regnes ud."
        lav, hoej = spaend.laveste.andel.procent, spaend.hoejeste.andel.procent
        note = ""
        if spaend.antal_skjult:
            # Not "with too few answers": a cluster may be hidden only so that another cannot be derived.
            note = (f" ({dansk.antal_med_ord(spaend.antal_skjult, 'klynge', 'klynger')} indgår ikke af hensyn til "
                    f"anonymiteten)")
        spm = self.undersoegelse.skema["understoetter"]

        def klynge_tal(klynge: andele.KlyngeAndel, tekst: str, hvor: str) -> Tal:
            return self.tal(klynge.andel, spm, "positiv", anker("understoetter", hvor), tekst,
                            f" i klyngen {klynge.klynge}")

        if spaend.antal_vist == 2 and len(klynger) == 2:
            lav_tal = klynge_tal(spaend.laveste, dansk.pct(lav), "laveste")
            hoej_tal = klynge_tal(spaend.hoejeste, dansk.pct(hoej), "hoejeste")
            return Tekst.af("Der er {} på de to klynger: {} i " + undslip_navn(spaend.laveste.klynge) + " og {} i "
                            + undslip_navn(spaend.hoejeste.klynge) + ".",
                            self.ord_tal(ordvalg.variation(self.graenser, spaend.point, "forskel"), "klyngevariation",
                                         [lav_tal, hoej_tal], "Ordet", ordvalg.variation(self.graenser, spaend.point)),
                            lav_tal, hoej_tal)
        laveste = klynge_tal(spaend.laveste, dansk.decimaltal(lav), "laveste")
        hoejeste = klynge_tal(spaend.hoejeste, dansk.pct(hoej), "hoejeste")
        return Tekst.af("Der er {} mellem klyngerne, fra {} til {}" + (f"{note}." if note else ""),
                        self.ord_tal(ordvalg.variation(self.graenser, spaend.point, "variation"), "klyngevariation",
                                     [laveste, hoejeste], "Ordet"), laveste, hoejeste)

    def _sammenligning(self, kolonne: str, andel: andele.Andel) -> tuple[str, str]:
        landsgennemsnit = self.undersoegelse.landsgennemsnit_for(kolonne)
        if not andel.vist:
            # A hidden share gives no comparison word, so nothing follows from the hidden answers.
            return "ikke muligt at sammenligne med", dansk.pct(landsgennemsnit.vaerdi, 1)
        forskel = Fraction(andel.hel_procent) - landsgennemsnit.vaerdi
        return ordvalg.i_forhold_til(self.graenser, forskel, andel.n), dansk.pct(landsgennemsnit.vaerdi, 1)

    @property
    def understoetter_sammenligning(self) -> str:
        return self._sammenligning("understoetter", self.understoetter)[0]

    @property
    def landsgennemsnit_understoetter(self) -> Tal:
        return self.landsgennemsnit_tal("understoetter")

    # ---- data ---------------------------------------------------------------------------------
    @property
    def data_vigtigt_pct(self) -> Tal:
        return self.tal(self.andel("vig_data"), self.undersoegelse.skema["vig_data"], "positiv", anker("vig_data"))

    @cached_property
    def databrug(self) -> andele.Andel:
        return self.andel("databrug")

    @property
    def databrug_pct(self) -> Tal:
        return self.tal(self.databrug, self.undersoegelse.skema["databrug"], "positiv", anker("databrug"))

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
                        self.ord_tal(dansk.stort_begyndelsesbogstav(ordvalg.maengdeord(self.graenser,
                                                                                       self.databrug.procent)),
                                     "data-erfaring", grundlag, "Ordet"))

    @property
    def data_figur_3(self) -> Tekst | str:
        """Figure 3's data row said in the data paragraph, so the two agree in so many words."""
        forventning = next((forventning for forventning in self.forventninger if "vig_data" in self.undersoegelse.skema
                  and forventning.kort == self.undersoegelse.skema["vig_data"].kort), None)
        if forventning is None or not forventning.sjaeldent.vist:
            return ""
        return Tekst.af("{} oplever, at klyngemøderne sjældent eller aldrig {} (jf. figuren om forventningerne "
                        "ovenfor). ", self.forventning_tal(forventning, "sjaeldent"), forventning.punkt)

    @property
    def data_forbinder(self) -> str:
        if not self.databrug.vist:
            return "mens"
        return "men kun" if self.databrug.hel_procent < 50 else "og"

    # ---- improvements --------------------------------------------------------------------
    @cached_property
    def forbedringer(self) -> andele.Andel:
        return self.andel("forbedringer", "Ja")

    @property
    def forbedringer_pct(self) -> Tal:
        return self.tal(self.forbedringer, self.undersoegelse.skema["forbedringer"], "Ja", anker("forbedringer", "Ja"))

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
    def forbedringer_klynger(self) -> tuple[andele.KlyngeAndel, ...]:
        return andele.klynge_andele(self.svar, self.speciale, self.undersoegelse.skema["forbedringer"], "Ja",
                                    self.taerskel)

    # ---- motivation ------------------------------------------------------------------------
    @cached_property
    def motivation(self) -> tuple[andele.Rang, ...]:
        return andele.rangorden(self.svar, self.undersoegelse.skema, "motivation", self.taerskel)

    @property
    def _motivation_antal(self) -> int:
        viste = [rang for rang in self.motivation if rang.andel.vist]
        return ordvalg.motivation_gruppe(self.graenser, [rang.andel.hel_procent for rang in viste])

    def _rangliste(self, raekke: list[andele.Rang]) -> Tekst:
        # A label that ends in a parenthesis gets the figure inside it: "… (benchmarking; 54 pct.)".
        dele = [Tekst.af("{} ({})", rang.spoergsmaal.kort[:1].lower() + rang.spoergsmaal.kort[1:],
                         self.rang_tal(rang))
                if rang.spoergsmaal.punkt.endswith(")")
                else Tekst.af("{} ({})", rang.spoergsmaal.punkt, self.rang_tal(rang)) for rang in raekke]
        return Tekst.af(dansk.opremsning(["{}"] * len(dele)), *dele)

    @property
    def _motivation_publiceret(self) -> bool:
        """Whether the strongest group is the one the published sheet names (an `udsagn` of type
        "gruppe"): then the grouping is the sheet's finding, not the reconstruction's."""
        viste = [rang for rang in self.motivation if rang.andel.vist]
        top = {rang.spoergsmaal.kolonne for rang in viste[:self._motivation_antal]}
        return any(udsagnet.get("type") == "gruppe" and set(udsagnet.get("punkter", ())) == top
                   for udsagnet in self.udsagn)

    @property
    def motivation_top(self) -> Tekst | str:
        """"Målt på andelen, …, scorer A (92 pct.), B og C (79 pct.) højest; dernæst følger D og E."
        The strongest split where the shares drop most (see ordvalg.motivation_gruppe)."""
        viste = [rang for rang in self.motivation if rang.andel.vist]
        if not viste:
            return f"Ingen af punkterne vises, da færre end {self.min_svar} har besvaret spørgsmålet."
        top = viste[:self._motivation_antal]
        naeste = viste[self._motivation_antal:self._motivation_antal + 2]
        hoejest = "højest" if self._motivation_publiceret else self.ord_tal(
            "højest", "motivation-gruppe", [self.rang_tal(rang) for rang in viste], "Grupperingen")
        tekst = Tekst.af("Målt på andelen, der i høj eller meget høj grad motiveres til at lave forbedringer i egen "
                         "klinik, scorer {} {}", self._rangliste(top), hoejest)
        if naeste:
            tekst = Tekst.af("{}; dernæst følger {}", tekst, self._rangliste(naeste))
        return tekst + "."

    @property
    def motivation_dernaest(self) -> str:
        """Which of the motivators the meetings may centre on ("De tre første …")."""
        viste = [rang for rang in self.motivation if rang.andel.vist]
        if not viste:
            return "Møderne kan med fordel tage udgangspunkt i det, deltagerne selv efterspørger."
        antal = self._motivation_antal
        hvilke = "Det første" if antal == 1 else f"De {dansk.talord(antal)} første"
        return f"{hvilke} kan med fordel være omdrejningspunktet for klyngemøderne."
