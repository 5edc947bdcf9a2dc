"""The fact sheet's section on expectations: what the participants find important about the
meetings beside how often they experience it, the verdict on the two and the sentences behind it.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from functools import cached_property

from klynge.maal import andele
from klynge.ark import ordvalg, tekst as dansk
from klynge.ark import paastande as P
from klynge.ark.ankre import anker
from klynge.ark.grundlag import Grundlag, undslip_navn
from klynge.ark.tal import Tal, Tekst


class Forventninger(Grundlag):
    """The expectations' figures and words; klynge.ark.faktaark.Faktaark joins them with the
    other sections."""

    # ---- expectations ---------------------------------------------------------------------
    @cached_property
    def forventninger(self) -> tuple[andele.Forventning, ...]:
        return andele.forventninger(self.svar, self.undersoegelse.skema, self.taerskel)

    def forventning_tal(self, element: andele.Forventning, felt: str) -> Tal:
        """One of an element's shares (`vigtigt`, `meget_vigtigt`, `sjaeldent`) with its basis."""
        skema = self.undersoegelse.skema
        if felt == "sjaeldent":
            spm = next(spoergsmaal for spoergsmaal in skema.gruppe("opfyldelse")
                       if spoergsmaal.kort == element.kort)
            svar = "negativ"
        else:
            spm = next(spoergsmaal for spoergsmaal in skema.gruppe("vigtighed")
                       if spoergsmaal.kort == element.kort)
            svar = "positiv" if felt == "vigtigt" else spm.skala.svar[0]
        andel = getattr(element, felt)
        return self.tal(andel, spm, svar, anker(spm.kolonne, svar), dansk.pct(andel.procent))

    @property
    def _forventninger_vurderet(self) -> list[andele.Forventning]:
        """The elements the verdict weighs: shown, and important to a majority. Data on the
        meetings is left to its own section (the data paragraph), as in the published sheets."""
        data = self.undersoegelse.skema["vig_data"].kort if "vig_data" in self.undersoegelse.skema else None
        return [element for element in self.forventninger
                if element.vigtigt.vist and element.sjaeldent.vist and element.kort != data
                and element.vigtigt.hel_procent > 50]

    @property
    def _gab(self) -> list[andele.Forventning]:
        return sorted((element for element in self._forventninger_vurderet if element.sjaeldent.hel_procent > 0),
                      key=lambda element: -element.sjaeldent.procent)

    @property
    def forventning_dom(self) -> str:
        """The verdict on expectations ("en tydelig overensstemmelse", …), "" where none is given."""
        if not self._forventninger_vurderet:
            return ""
        gab = self._gab
        tydelige = [element for element in gab if ordvalg.er_tydeligt_gab(self.graenser, element.sjaeldent.procent)]
        return ordvalg.forventning_dom(self.graenser, gab[0].sjaeldent.procent if gab else Fraction(0), len(tydelige))

    @property
    def forventning_eksempler(self) -> list[andele.Forventning]:
        """Where nobody answers "sjældent eller aldrig": the three elements most find important."""
        if self._gab or not self._forventninger_vurderet:
            return []
        return sorted(self._forventninger_vurderet, key=lambda element: -element.vigtigt.procent)[:3]

    @property
    def forventning_opfyldte(self) -> list[andele.Forventning]:
        """Where some elements fall short: up to four that nobody rarely or never experiences,
        the most important first (the published sheets name what does meet expectations)."""
        if not self._gab:
            return []
        return sorted((element for element in self._forventninger_vurderet if element.sjaeldent.hel_procent == 0),
                      key=lambda element: -element.vigtigt.procent)[:4]

    def _opfyldte_saetning(self) -> Tekst | str:
        opfyldte = self.forventning_opfyldte
        if not opfyldte:
            return ""
        # While the answers are reconstructed the sentence stands only where the published sheet
        # says it: elsewhere it would add a finding that only the reconstruction supports.
        if self.prov.udkast and not any(
                udsagnet.get("type") == "opfyldte"
                and {self.undersoegelse.skema[kolonne].kort for kolonne in udsagnet.get("punkter", ())}
                == {element.kort for element in opfyldte} for udsagnet in self.udsagn):
            return ""
        lever = Tal("lever generelt op", "", "", paastand=P.Paastand(
            "lever generelt op", P.HVER_I, tuple(self._sjaeldent_figur(element) for element in opfyldte),
            interval=P.Interval(0, 1)))
        return Tekst.af("At klyngemøderne " + dansk.opremsning([element.punkt for element in opfyldte])
                        .replace("{", "(").replace("}", ")") + ", {} til forventningerne.", lever)

    def _sjaeldent_figur(self, element: andele.Forventning) -> P.Figur:
        kolonne = next(spm.kolonne for spm in self.undersoegelse.skema.gruppe("opfyldelse") if spm.kort == element.kort)
        return self.figur(kolonne, "negativ")

    def _vigtigt_figur(self, element: andele.Forventning) -> P.Figur:
        kolonne = next(spm.kolonne for spm in self.undersoegelse.skema.gruppe("vigtighed") if spm.kort == element.kort)
        return self.figur(kolonne)

    @property
    def _forventninger_undtaget(self) -> list[andele.Forventning]:
        """The shown elements the verdict does not weigh (data, and those at most half find
        important) whose "sjældent eller aldrig" share reaches the largest it weighs: a sentence
        about the largest share must say it leaves them out."""
        viste = self._forventninger_vurderet
        stoerst = max((element.sjaeldent.hel_procent for element in viste), default=0)
        return [element for element in self.forventninger
                if element.vigtigt.vist and element.sjaeldent.vist and element not in viste
                and (element.sjaeldent.hel_procent > stoerst or (stoerst > 0 and element.sjaeldent.hel_procent == stoerst))]

    def _undtagelse(self) -> Tekst | str:
        """"bortset fra brugen af data (se næste afsnit)" and the elements few find important, or ""."""
        undtaget = self._forventninger_undtaget
        if not undtaget:
            return ""
        data = self.undersoegelse.skema["vig_data"].kort if "vig_data" in self.undersoegelse.skema else None
        dele: list = ["brugen af data (se næste afsnit)"] if any(e.kort == data for e in undtaget) else []
        andre = [element for element in undtaget if element.kort != data]
        if andre:
            hoejst = Tal("højst halvdelen", "", "", paastand=P.Paastand(
                "højst halvdelen", P.HVER_I, tuple(self._vigtigt_figur(element) for element in andre),
                interval=P.Interval(0, 50, til_med=True)))
            navne = dansk.opremsning([undslip_navn(element.kort[:1].lower() + element.kort[1:]) for element in andre])
            dele.append(Tekst.af(navne + ", som {} finder vigtig" + ("e" if len(andre) > 1 else ""), hoejst))
        return Tekst.af("bortset fra " + " og ".join(["{}"] * len(dele)), *dele)

    @property
    def forventning_vurdering(self) -> Tekst | str:
        """What follows "Når man ser på, hvad deltagerne finder vigtigt …, ": the verdict from the
        largest share answering "sjældent eller aldrig" about an element most find important, then
        the elements behind it, largest gap first. Never empty. What it leaves out (data, which
        has its own paragraph, and what few find important), it says it leaves out."""
        graenser = self.graenser
        begge_vist = [element for element in self.forventninger
                      if element.vigtigt.vist and element.sjaeldent.vist]
        if not begge_vist:
            return f"kan det ikke vurderes, da færre end {self.min_svar} har besvaret spørgsmålene."
        viste = self._forventninger_vurderet
        if not viste:
            return "kan det ikke vurderes, da intet af elementerne vurderes som vigtigt af et flertal."
        gab = self._gab
        tydelige = [element for element in gab if ordvalg.er_tydeligt_gab(graenser, element.sjaeldent.procent)]
        grundlag = [self.forventning_tal(element, "sjaeldent") for element in viste]
        undtaget = self._forventninger_undtaget
        undtagelse = self._undtagelse()
        alle = tuple(self._sjaeldent_figur(element) for element in begge_vist)
        # A clear gap stays a clear gap with the left-out elements (theirs are no smaller): the
        # verdict then speaks of all, and the sentence naming the largest says what it leaves out.
        dommens_undtagne = () if tydelige else tuple(self._sjaeldent_figur(element) for element in undtaget)
        dom_ord = self.forventning_dom
        dom_paastand = P.Paastand(dom_ord, P.STOERSTE_I,
                                  tuple(f for f in alle if f not in dommens_undtagne),
                                  interval=ordvalg.dom_interval(graenser, dom_ord))
        dom_ordet = self.ord_tal(dom_ord, "forventning-dom", grundlag, "Vurderingen", paastand=dom_paastand)
        dom = Tekst.af("er der – {} – {}", undtagelse, dom_ordet) if undtagelse and not tydelige else \
            Tekst.af("er der {}", dom_ordet)
        if tydelige and any(udsagnet.get("sted") == "forventning-dom" and udsagnet.get("ord") != dom_ord
                            for udsagnet in self.udsagn):
            # The published sheet's own verdict, kept (unmarked: eKVIS says it), beside the gap the
            # figures show.
            dom = Tekst.af("er der overordnet god sammenhæng, men {}", dom_ordet)
        if not gab:
            eksempler = self.forventning_eksempler
            bla = self.ord_tal("bl.a.", "forventning-eksempler",
                               [self.forventning_tal(element, "vigtigt") for element in viste], "Udvalget af eksempler")
            if any(udsagnet.get("type") == "eksempler"
                   and [self.undersoegelse.skema[kolonne].kort for kolonne in udsagnet.get("punkter", ())]
                   == [element.kort for element in eksempler] for udsagnet in self.udsagn):
                bla = "bl.a."
            return Tekst.af("{}" + (", " if undtagelse else " – ") + "{} når det gælder, at klyngemøderne {}.", dom, bla,
                            dansk.opremsning([element.punkt for element in eksempler]))
        saetninger: list = [Tekst.af("{}.", dom)]
        if tydelige:
            hoejst = tydelige[0].sjaeldent.hel_procent
            top = [element for element in tydelige if element.sjaeldent.hel_procent == hoejst]
            andre = [element for element in tydelige if element not in top]
            flest_ord = Tal("flest", "", "", paastand=P.Paastand(
                "flest", P.STOERST, tuple(self._sjaeldent_figur(element) for element in top), alle,
                undtaget=tuple(self._sjaeldent_figur(element) for element in undtaget)))
            indledning = Tekst.af("{} oplever {}", dansk.stort_begyndelsesbogstav(str(undtagelse)), flest_ord) \
                if undtagelse else Tekst.af("{}", replace(flest_ord, tekst="Flest"))
            if len(top) == 1:
                foerste = top[0]
                if undtagelse:
                    saetninger.append(Tekst.af(
                        "{} – {} – sjældent eller aldrig, at møderne {}, selv om {} finder det vigtigt eller meget "
                        "vigtigt{}.", indledning, self.forventning_tal(foerste, "sjaeldent"), foerste.punkt,
                        self.forventning_tal(foerste, "vigtigt"), self._meget_vigtigt(foerste)))
                else:
                    saetninger.append(Tekst.af(
                        "{} – {} – oplever sjældent eller aldrig, at møderne {}, selv om {} finder det vigtigt eller "
                        "meget vigtigt{}.", indledning, self.forventning_tal(foerste, "sjaeldent"), foerste.punkt,
                        self.forventning_tal(foerste, "vigtigt"), self._meget_vigtigt(foerste)))
            else:
                vigtige = self._liste_med_et_maerke([self._kun_tal(self.forventning_tal(element, "vigtigt"),
                                                                   element.vigtigt.procent) for element in top])
                saetninger.append(Tekst.af(
                    "{}" + ("" if undtagelse else " oplever") + " sjældent eller aldrig, at møderne "
                    + dansk.opremsning([undslip_navn(element.punkt) for element in top], "eller")
                    + " ({} for hver), selv om " + dansk.opremsning(["{}"] * len(vigtige))
                    + " pct. finder dem vigtige eller meget vigtige.", indledning,
                    self.forventning_tal(top[0], "sjaeldent"), *vigtige))
            i = 0
            while i < len(andre):
                samme = [element for element in andre[i:]
                         if element.sjaeldent.hel_procent == andre[i].sjaeldent.hel_procent]
                if len(samme) == 1:
                    element = samme[0]
                    saetninger.append(Tekst.af(
                        "At møderne {}, oplever {} sjældent eller aldrig, selv om {} finder det vigtigt eller meget "
                        "vigtigt{}.", element.punkt, self.forventning_tal(element, "sjaeldent"),
                        self.forventning_tal(element, "vigtigt"), self._meget_vigtigt(element)))
                else:
                    vigtige = self._liste_med_et_maerke([self._kun_tal(self.forventning_tal(element, "vigtigt"),
                                                                       element.vigtigt.procent) for element in samme])
                    navne = [element.kort[:1].lower() + element.kort[1:] for element in samme]
                    saetninger.append(Tekst.af(
                        "For " + undslip_navn(dansk.opremsning(navne)) + " er andelen {} for hver, selv om "
                        + dansk.opremsning(["{}"] * len(vigtige)) + " pct. finder dem vigtige eller meget vigtige.",
                        self.forventning_tal(samme[0], "sjaeldent"), *vigtige))
                i += len(samme)
            resten = [element for element in gab if element not in tydelige]
            if resten:
                dele = [Tekst.af("{} ({})", element.punkt, self.forventning_tal(element, "sjaeldent"))
                        for element in resten]
                faerre = Tal("Færre", "", "", paastand=P.Paastand(
                    "færre", P.UNDER_RESTEN, tuple(self._sjaeldent_figur(element) for element in resten),
                    tuple(self._sjaeldent_figur(element) for element in tydelige + resten)))
                saetninger.append(Tekst.af("{} oplever sjældent eller aldrig, at møderne "
                                           + dansk.opremsning(["{}"] * len(dele), "eller") + ".", faerre, *dele))
        else:
            stoerste = gab[0].sjaeldent.procent
            hvor_mange = ordvalg.maengdeord(graenser, stoerste)
            gab_tal = [self.forventning_tal(element, "sjaeldent") for element in gab]
            if len(gab) > 1:
                # "Mellem 8 og 15 pct. oplever dog …" rather than four figures in a row.
                lav = self._kun_tal(self.forventning_tal(gab[-1], "sjaeldent"), gab[-1].sjaeldent.procent)
                lav = replace(lav, vis_maerke=not gab_tal[0].konstrueret)  # "Mellem 8 og 15 pct.†"
                dele = [element.punkt for element in gab]
                saetninger.append(Tekst.af("Mellem {} og {} oplever dog sjældent eller aldrig, at klyngemøderne "
                                           + dansk.opremsning(dele, "eller") + ".", lav, gab_tal[0]))
            else:
                # Its figure stands marked in the same clause: the word is not marked too. A caveat
                # ("dog"), as the published sheets put it, not a reassurance.
                paastand = P.Paastand(hvor_mange, P.HVER_I, (self._sjaeldent_figur(gab[0]),),
                                      interval=ordvalg.maengde_interval(graenser, hvor_mange))
                if stoerste < graenser.forventning_god:
                    saetninger.append(Tekst.af("Der er dog {} ({}), der sjældent eller aldrig oplever, at klyngemøderne "
                                               "{}.", Tal(hvor_mange, "", "", paastand=paastand), gab_tal[0],
                                               gab[0].punkt))
                else:
                    ord_ = Tal(dansk.stort_begyndelsesbogstav(hvor_mange), "", "", paastand=paastand)
                    saetninger.append(Tekst.af("{} oplever dog sjældent eller aldrig, at klyngemøderne {} ({}).", ord_,
                                               gab[0].punkt, gab_tal[0]))
        if self._opfyldte_saetning():
            saetninger.append(self._opfyldte_saetning())
        return Tekst.samlet(saetninger, " ")

    @staticmethod
    def _kun_tal(tal: Tal, procent) -> Tal:
        """The figure without its "pct." (a list that says "pct." once after the last)."""
        return replace(tal, tekst=dansk.decimaltal(procent))

    @staticmethod
    def _liste_med_et_maerke(tal: list[Tal]) -> list[Tal]:
        """"95 og 90 pct.†": where every figure of a list is constructed, the mark once, on the last."""
        if len(tal) > 1 and all(t.konstrueret for t in tal):
            return [replace(t, vis_maerke=False) for t in tal[:-1]] + [tal[-1]]
        return tal

    def _meget_vigtigt(self, element: andele.Forventning) -> Tekst | str:
        """" (85 pct. meget vigtigt)" where a majority finds the element very important: that is
        what makes its gap stand out. A share of all respondents, so never "heraf"."""
        if element.meget_vigtigt.vist and element.meget_vigtigt.hel_procent > 50:
            return Tekst.af(" ({} meget vigtigt)", self.forventning_tal(element, "meget_vigtigt"))
        return ""

    def forventning_konstrueret(self, kort: str, felt: str) -> bool:
        """Whether an element's share (`vigtigt`, `meget_vigtigt`, `opfyldt`, `sjaeldent`) is constructed."""
        if felt == "opfyldt":
            spm = next(spoergsmaal for spoergsmaal in self.undersoegelse.skema.gruppe("opfyldelse")
                       if spoergsmaal.kort == kort)
            return self.konstrueret(anker(spm.kolonne, "positiv"), "positiv")
        element = next(element for element in self.forventninger if element.kort == kort)
        return self.forventning_tal(element, felt).konstrueret
