"""The fact sheet's sentences, section by section (all but the expectations, which have their
own module, klynge.ark.forventninger): organisation and response, participation and engagement,
support for quality work, data, improvements and motivation.

Every word here that depends on a figure reads it only where the figure is shown (`Andel.vist`):
a hidden figure must not change a single word, a ranking or a chart.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from functools import cached_property

from klynge.maal import andele
from klynge.ark import ordvalg, tekst as dansk, udkast
from klynge.ark import paastande as P
from klynge.ark.ankre import anker, medlemsanker
from klynge.ark.grundlag import Grundlag, undslip_navn
from klynge.ark.tal import Tal, Tekst


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
                   f"inviterede {self.speciale.flertal} har besvaret spørgeskemaet", "tal-besvarelser",
                   konstrueret=self.konstrueret("tal-besvarelser"))

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
                   f"{self.speciale.flertal}", "tal-svarprocent", konstrueret=self.konstrueret("tal-svarprocent"))

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
            "Andelene er beregnet blandt dem, der har besvaret det enkelte spørgsmål, og afrundet til hele procent. "
            "Fordi hver andel afrundes for sig, kan summen af delene i en figur afvige en smule fra andelen i teksten.",
            f"Svarprocenten er beregnet ud fra de {dansk.heltal(self.speciale.population)} inviterede speciallæger "
            f"og angivet med én decimal, og landsgennemsnittene er gengivet, som de er offentliggjort.",
            self.medlemsnote,
            f"Af hensyn til anonymiteten vises ingen andel, der bygger på færre end {self.min_svar} svar – det "
            f"gælder især tallene for de enkelte klynger – og fritekstsvar gengives aldrig ordret.",
        ]
        if self.undersoegelse.indstillinger.udkast:
            dele += list(self.prov.noter)
            dele.append(udkast.kilde(self.undersoegelse.indstillinger))
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
        maengde = ordvalg.maengdeord(self.graenser, deltagelse.procent)
        if antal.konstrueret and any(udsagnet.get("sted") == "deltagelse-maengde" and udsagnet.get("ord") == maengde
                                     for udsagnet in self.udsagn):
            # The published sheet says it in words and gives no figure: its sentence, without a
            # constructed figure to mark (the figure stays in the CSV table, where the claim is checked).
            return Tekst.af("Mødedeltagelsen blandt respondenterne er {}: {} har deltaget i alle eller de fleste møder "
                            "siden klyngernes opstart.",
                            self._ord_i(ordvalg.niveau(self.graenser, deltagelse.procent), "deltagelse-niveau", [],
                                        [self.figur("deltagelse")], ordvalg.niveau_interval),
                            self._ord_i(maengde, "deltagelse-maengde", [], [self.figur("deltagelse")],
                                        ordvalg.maengde_interval))
        return Tekst.af("Mødedeltagelsen blandt respondenterne er {}: {} – {} – har deltaget i alle eller de fleste "
                        "møder siden klyngernes opstart.",
                        # The figure stands (marked where constructed) in the same sentence: the words are not
                        # marked as well.
                        self._ord_i(ordvalg.niveau(self.graenser, deltagelse.procent), "deltagelse-niveau", [],
                                    [self.figur("deltagelse")], ordvalg.niveau_interval),
                        self._ord_i(ordvalg.maengdeord(self.graenser, deltagelse.procent), "deltagelse-maengde",
                                    [], [self.figur("deltagelse")], ordvalg.maengde_interval), antal)

    @cached_property
    def engagement(self) -> tuple[andele.Rang, ...]:
        return andele.rangorden(self.svar, self.undersoegelse.skema, "engagement", self.taerskel)

    def rang_tal(self, rang: andele.Rang) -> Tal:
        return self.tal(rang.andel, rang.spoergsmaal, "positiv", anker(rang.spoergsmaal.kolonne))

    def _ord_i(self, ord_: str, sted: str, grundlag: list[Tal], figurer: list, interval_for, relation=P.HVER_I,
               noegle: str | None = None) -> Tal | str:
        """A word for one or more figures, claiming they lie in the printed range the word covers."""
        return self.ord_tal(ord_, sted, grundlag, "Ordet", noegle,
                            P.Paastand(ord_, relation, tuple(figurer), interval=interval_for(self.graenser, ord_)))

    @property
    def engagement_afsnit(self) -> Tekst | str:
        """The engagement paragraph: the level, the largest and smallest item (every item tied
        with either named) with what was measured, and the items between them in quantity words."""
        viste = [rang for rang in self.engagement if rang.andel.vist]
        if len(viste) < 2:
            return (f"Tallene for engagementet vises ikke, da færre end {self.min_svar} har besvaret "
                    f"spørgsmålene.")
        # Judged as printed, like every word: the mean of the whole percentages the chart shows.
        gennemsnit = Fraction(sum(rang.andel.hel_procent for rang in viste), len(viste))
        alle = [self.rang_tal(rang) for rang in viste]
        figurer = tuple(self.figur(rang.spoergsmaal.kolonne) for rang in viste)
        niveau = ordvalg.niveau(self.graenser, gennemsnit, neutrum=True)
        start = Tekst.af("Respondenterne vurderer generelt deres eget engagement i klyngearbejdet som {}. ",
                         self.ord_tal(niveau, "engagement-niveau", alle, "Ordet", paastand=P.Paastand(
                             niveau, P.GENNEMSNIT_I, figurer, interval=ordvalg.niveau_interval(self.graenser, niveau))))
        hoejst = max(rang.andel.hel_procent for rang in viste)
        lavest = min(rang.andel.hel_procent for rang in viste)
        if hoejst == lavest:
            dele = [Tekst.af("{} ({})", rang.spoergsmaal.punkt, self.rang_tal(rang)) for rang in viste]
            lige = self.ord_tal("den samme", "engagement-lige", alle, "Rækkefølgen",
                                paastand=P.Paastand("den samme", P.LIGE, figurer))
            return Tekst.af("{}Andelen, der i høj eller meget høj grad " + dansk.opremsning(["{}"] * len(dele))
                            + ", er {} for alle punkterne.", start, *dele, lige)
        top = [rang for rang in viste if rang.andel.hel_procent == hoejst]
        bund = [rang for rang in viste if rang.andel.hel_procent == lavest]
        midt = [rang for rang in viste if rang not in top and rang not in bund]
        foerst, sidst = ordvalg.yderpunkter()
        # Unmarked only where the published sheet names exactly these items as the highest.
        publiceret = any(udsagnet.get("type") == "hoejst" and udsagnet.get("gruppe") == "engagement"
                         and set(udsagnet.get("punkter", ())) == {rang.spoergsmaal.kolonne for rang in top}
                         for udsagnet in self.udsagn)

        def yderst(ord_: str, raekke: list[andele.Rang], relation: str, sted: str) -> Tal | str:
            paastand = P.Paastand(ord_, relation, tuple(self.figur(r.spoergsmaal.kolonne) for r in raekke), figurer)
            if sted == "engagement-stoerst" and publiceret:
                return Tal(ord_, "", "", paastand=paastand)
            return self.ord_tal(ord_, sted, alle, "Rækkefølgen", paastand=paastand)

        def hvem(raekke: list[andele.Rang]) -> Tekst:
            dele = [Tekst.af("{} ({})", rang.spoergsmaal.punkt, self.rang_tal(rang)) for rang in raekke]
            return Tekst.af(dansk.opremsning(["{}"] * len(dele)), *dele)

        def andelen(raekke: list[andele.Rang]) -> str:
            return "og lige store er andelene" if len(raekke) > 1 else "er andelen"

        tekst = Tekst.af("{}{} " + andelen(top) + ", der i høj eller meget høj grad {}, og {} " + andelen(bund)
                         + ", der {}.", start, yderst(foerst, top, P.STOERST, "engagement-stoerst"), hvem(top),
                         yderst(sidst, bund, P.MINDST, "engagement-mindst"), hvem(bund))
        grupper: list[tuple[str, list[andele.Rang]]] = []
        for rang in midt:
            ord_ = ordvalg.maengdeord(self.graenser, rang.andel.procent)
            if grupper and grupper[-1][0] == ord_:
                grupper[-1][1].append(rang)
            else:
                grupper.append((ord_, [rang]))
        if grupper:
            dele = [Tekst.af("{} {}", self._ord_i(ord_, "engagement-maengde", [self.rang_tal(rang) for rang in raekke],
                                                  [self.figur(rang.spoergsmaal.kolonne) for rang in raekke],
                                                  ordvalg.maengde_interval),
                             dansk.opremsning(ordvalg.saml_punkter([rang.spoergsmaal.punkt for rang in raekke])))
                    for ord_, raekke in grupper]
            samlet = Tekst.samlet(dele, ", og ")
            forste = samlet.dele[0]
            if isinstance(forste, Tal):
                forste = replace(forste, tekst=dansk.stort_begyndelsesbogstav(forste.tekst))
            else:
                forste = dansk.stort_begyndelsesbogstav(forste)
            tekst = Tekst.af("{} {}.", tekst, Tekst((forste,) + samlet.dele[1:]))
        return tekst

    # ---- support for quality work -----------------------------------------------------
    @cached_property
    def understoetter(self) -> andele.Andel:
        return self.andel("understoetter")

    @property
    def understoetter_pct(self) -> Tal | Tekst:
        """"68 pct."; where the published sheet puts it in words ("Kun halvdelen", an `udsagn` at
        "understoetter-maengde") and the figures bear them out: "Kun halvdelen (50 pct.)"."""
        tal = self.tal(self.understoetter, self.undersoegelse.skema["understoetter"], "positiv",
                       anker("understoetter"))
        if not self.understoetter.vist or ordvalg.maengdeord(self.graenser, self.understoetter.procent) != "halvdelen" \
                or not any(udsagnet.get("sted") == "understoetter-maengde" for udsagnet in self.udsagn):
            return tal
        figur = self.figur("understoetter")
        halvdelen = Tal("halvdelen", "", "", paastand=P.Paastand(
            "halvdelen", P.HVER_I, (figur,), interval=ordvalg.maengde_interval(self.graenser, "halvdelen")))
        forskel = Fraction(self.understoetter.hel_procent) - self.undersoegelse.landsgennemsnit_for("understoetter").vaerdi
        if forskel >= 0:
            return Tekst.af("Halvdelen ({})", tal)
        kun = Tal("Kun", "", "", paastand=P.Paastand("kun", P.FORSKEL_I, (figur, self.landsgennemsnit_figur(
            "understoetter")), interval=P.Interval(None, 0)))
        return Tekst.af("{} {} ({})", kun, halvdelen, tal)

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
            # Not why (which cluster has few answers): that is a fact about named clusters, and in a
            # draft a constructed one.
            if len(klynger) == 2:
                return "Af hensyn til anonymiteten vises resultaterne ikke for de to klynger hver for sig."
            return "Af hensyn til anonymiteten vises resultaterne ikke for de enkelte klynger."
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
                            self._variation_ord("forskel", spaend, [lav_tal, hoej_tal], klynger),
                            lav_tal, hoej_tal)
        laveste = klynge_tal(spaend.laveste, dansk.decimaltal(lav), "laveste")
        hoejeste = klynge_tal(spaend.hoejeste, dansk.pct(hoej), "hoejeste")
        return Tekst.af("Der er {} mellem klyngerne, fra {} til {}" + (f"{note}." if note else ""),
                        self._variation_ord("variation", spaend, [laveste, hoejeste], klynger), laveste, hoejeste)

    def _variation_ord(self, navneord: str, spaend: andele.Spaend, grundlag: list[Tal],
                       klynger: tuple[andele.KlyngeAndel, ...]) -> Tal | str:
        ord_ = ordvalg.variation(self.graenser, spaend.point, navneord)
        figurer = tuple(self.klynge_figur("understoetter", klynge.klynge) for klynge in klynger if klynge.andel.vist)
        return self.ord_tal(ord_, "klyngevariation", grundlag, "Ordet", ordvalg.variation(self.graenser, spaend.point),
                            P.Paastand(ord_, P.SPAEND_I, figurer,
                                       interval=ordvalg.variation_interval(self.graenser, ord_)))

    def _sammenligning(self, kolonne: str, andel: andele.Andel) -> tuple[str, str]:
        landsgennemsnit = self.undersoegelse.landsgennemsnit_for(kolonne)
        if not andel.vist:
            # A hidden share gives no comparison word, so nothing follows from the hidden answers.
            return "ikke muligt at sammenligne med", dansk.pct(landsgennemsnit.vaerdi, 1)
        forskel = Fraction(andel.hel_procent) - landsgennemsnit.vaerdi
        return ordvalg.i_forhold_til(self.graenser, forskel, andel.n), dansk.pct(landsgennemsnit.vaerdi, 1)

    def _sammenligning_ord(self, kolonne: str, andel: andele.Andel, svar: str = "positiv") -> Tal | str:
        """The comparison word with its claim: the printed share minus the printed average lies in
        the points the word covers."""
        ord_ = self._sammenligning(kolonne, andel)[0]
        if not andel.vist:
            return ord_
        return Tal(ord_, "", "", paastand=P.Paastand(
            ord_, P.FORSKEL_I, (self.figur(kolonne, svar), self.landsgennemsnit_figur(kolonne)),
            interval=ordvalg.sammenligning_interval(self.graenser, ord_, andel.n)))

    @property
    def understoetter_sammenligning(self) -> Tal | str:
        return self._sammenligning_ord("understoetter", self.understoetter)

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
            ord_ = self.ord_tal("begrænsede", "data-erfaring", grundlag, "Vurderingen", paastand=P.Paastand(
                "begrænsede", P.HVER_I, (self.figur("databrug"),), interval=P.Interval(0, 50)))
            # The cause as the published sheet gives it where it does ("især på grund af"), else hedged:
            # the survey does not measure it.
            aarsag = (", især på grund af manglende adgang til relevante data og klyngepakker"
                      if any(udsagnet.get("sted") == "data-erfaring" and "især på grund af" in udsagnet.get("citat", "")
                             for udsagnet in self.udsagn)
                      else ", hvilket bl.a. kan skyldes manglende adgang til relevante data og fagspecifikke klyngepakker")
            if not oensker:
                return Tekst.af("{}Erfaringerne er altså {}" + aarsag + ".", figur, ord_)
            # "et ønske" is the published finding where the published sheet says it; elsewhere it
            # rests on the constructed figure alone and is marked.
            publiceret = any(udsagnet.get("sted") == "data-erfaring" and "ønske" in udsagnet.get("citat", "")
                             for udsagnet in self.udsagn)
            oenske = P.Paastand("et ønske", P.HVER_I, (self.figur("vig_data"),), interval=P.Interval(50, None, False))
            oenske_ord = Tal("et ønske", "", "", paastand=oenske) if publiceret else self.ord_tal(
                "et ønske", "data-oenske", [self.data_vigtigt_pct], "Vurderingen", paastand=oenske)
            return Tekst.af("{}Der er {} om at inddrage mere data, men erfaringerne er {}" + aarsag + ".", figur,
                            oenske_ord, ord_)
        ord_ = ordvalg.maengdeord(self.graenser, self.databrug.procent)
        return Tekst.af("{}{} har dermed allerede erfaring med at bruge data i klyngen.", figur,
                        self.ord_tal(dansk.stort_begyndelsesbogstav(ord_), "data-erfaring", grundlag, "Ordet", ord_,
                                     P.Paastand(ord_, P.HVER_I, (self.figur("databrug"),),
                                                interval=ordvalg.maengde_interval(self.graenser, ord_))))

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
    def data_forbinder(self) -> Tal | str:
        if not self.databrug.vist:
            return "mens"
        ord_ = "men kun" if self.databrug.hel_procent < 50 else "og"
        return Tal(ord_, "", "", paastand=P.Paastand(ord_, P.HVER_I, (self.figur("databrug"),),
                                                     interval=P.Interval(0, 50) if ord_ == "men kun" else P.Interval(50)))

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
    def forbedringer_i_forhold_til(self) -> Tekst | str:
        """"er over" …, or "ikke kan sammenlignes med" where the share is hidden."""
        if not self.forbedringer.vist:
            return "ikke kan sammenlignes med"
        return Tekst.af("er {}", self._sammenligning_ord("forbedringer", self.forbedringer, "Ja"))

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
        """"Målt på andelen, …, scorer A (92 pct.), B og C (79 pct.) højest; dernæst følger D, E og F."
        The strongest split where the shares drop most (see ordvalg.motivation_gruppe); the rest
        are all named, or the sentence says how many it leaves out."""
        viste = [rang for rang in self.motivation if rang.andel.vist]
        if not viste:
            return f"Ingen af punkterne vises, da færre end {self.min_svar} har besvaret spørgsmålet."
        figurer = tuple(self.figur(rang.spoergsmaal.kolonne) for rang in viste)
        alle = [self.rang_tal(rang) for rang in viste]
        maalt = "Målt på andelen, der i høj eller meget høj grad motiveres til at lave forbedringer i egen klinik, "
        if len(viste) > 1 and len({rang.andel.hel_procent for rang in viste}) == 1:
            lige = self.ord_tal("lige højt", "motivation-gruppe", alle, "Grupperingen",
                                paastand=P.Paastand("lige højt", P.LIGE, figurer))
            return Tekst.af(maalt + "scorer {} {}.", self._rangliste(viste), lige)
        top = viste[:self._motivation_antal]
        resten = viste[self._motivation_antal:]
        # All the rest where they are few; else the next two, and how many more.
        antal = 2
        while antal < len(resten) and resten[antal].andel.hel_procent == resten[antal - 1].andel.hel_procent:
            antal += 1  # an item as high as the last named is named too
        naeste = resten if len(resten) <= max(3, antal) else resten[:antal]
        gruppe = P.Paastand("højest", P.OVER_RESTEN, figurer[:len(top)], figurer)
        hoejest = Tal("højest", "", "", paastand=gruppe) if self._motivation_publiceret else self.ord_tal(
            "højest", "motivation-gruppe", alle, "Grupperingen", paastand=gruppe)
        tekst = Tekst.af(maalt + "scorer {} {}", self._rangliste(top), hoejest)
        if naeste:
            udeladt = len(resten) - len(naeste)
            dernaest = Tal("dernæst følger", "", "", paastand=P.Paastand(
                "dernæst følger", P.RESTEN, figurer[len(top):len(top) + len(naeste)], figurer[len(top):],
                udeladt=udeladt))
            tekst = Tekst.af("{}; {} {}", tekst, dernaest, self._rangliste(naeste))
            if udeladt:
                tekst = tekst + (f", mens de sidste {dansk.talord(udeladt)} punkter ligger lavere" if udeladt > 1
                                 else ", mens det sidste punkt ligger lavere")
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
