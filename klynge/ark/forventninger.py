"""The fact sheet's section on expectations: what the participants find important about the
meetings beside how often they experience it, the verdict on the two and the sentences behind it.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property

from klynge.maal import andele
from klynge.ark import ordvalg, tekst as dansk
from klynge.ark.ankre import anker
from klynge.ark.grundlag import Grundlag
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
        if self.prov.rekonstrueret and not any(
                udsagnet.get("type") == "opfyldte"
                and {self.undersoegelse.skema[kolonne].kort for kolonne in udsagnet.get("punkter", ())}
                == {element.kort for element in opfyldte} for udsagnet in self.udsagn):
            return ""
        lever = "lever generelt op"
        return Tekst.af("At klyngemøderne " + dansk.opremsning([element.punkt for element in opfyldte])
                        .replace("{", "(").replace("}", ")") + ", {} til forventningerne.", lever)

    @property
    def forventning_vurdering(self) -> Tekst | str:
        """What follows "Når man ser på, hvad deltagerne finder vigtigt …, ": the verdict from the
        largest share answering "sjældent eller aldrig" about an element most find important, then
        the elements behind it, largest gap first. Never empty."""
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
        dom = Tekst.af("er der {}", self.ord_tal(self.forventning_dom, "forventning-dom", grundlag, "Vurderingen"))
        if not gab:
            eksempler = self.forventning_eksempler
            bla = self.ord_tal("bl.a.", "forventning-eksempler",
                               [self.forventning_tal(element, "vigtigt") for element in viste], "Udvalget af eksempler")
            if any(udsagnet.get("type") == "eksempler"
                   and [self.undersoegelse.skema[kolonne].kort for kolonne in udsagnet.get("punkter", ())]
                   == [element.kort for element in eksempler] for udsagnet in self.udsagn):
                bla = "bl.a."
            return Tekst.af("{} – {} at klyngemøderne {}.", dom, bla,
                            dansk.opremsning([element.punkt for element in eksempler]))
        saetninger: list = [Tekst.af("{}.", dom)]
        if tydelige:
            foerste, *andre = tydelige
            saetninger.append(Tekst.af(
                "Flest – {} – oplever sjældent eller aldrig, at møderne {}, selv om {} finder det vigtigt eller meget "
                "vigtigt{}.", self.forventning_tal(foerste, "sjaeldent"), foerste.punkt,
                self.forventning_tal(foerste, "vigtigt"), self._meget_vigtigt(foerste)))
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
                    vigtige = [Tal(dansk.decimaltal(element.vigtigt.procent),
                                   self.forventning_tal(element, "vigtigt").grundlag,
                                   self.forventning_tal(element, "vigtigt").anker,
                                   self.forventning_tal(element, "vigtigt").konstrueret) for element in samme]
                    navne = [element.kort[:1].lower() + element.kort[1:] for element in samme]
                    saetninger.append(Tekst.af(
                        "For " + dansk.opremsning(navne) + " er andelen {} for hver, selv om "
                        + dansk.opremsning(["{}"] * len(vigtige)) + " pct. finder dem vigtige eller meget vigtige.",
                        self.forventning_tal(samme[0], "sjaeldent"), *vigtige))
                i += len(samme)
            resten = [element for element in gab if element not in tydelige]
            if resten:
                dele = [Tekst.af("{} ({})", element.punkt, self.forventning_tal(element, "sjaeldent"))
                        for element in resten]
                saetninger.append(Tekst.af("Færre oplever sjældent eller aldrig, at møderne "
                                           + dansk.opremsning(["{}"] * len(dele), "eller") + ".", *dele))
        else:
            stoerste = gab[0].sjaeldent.procent
            hvor_mange = ordvalg.maengdeord(graenser, stoerste)
            gab_tal = [self.forventning_tal(element, "sjaeldent") for element in gab]
            if len(gab) > 1:
                # "Mellem 8 og 15 pct. oplever dog …" rather than four figures in a row.
                lav = self.forventning_tal(gab[-1], "sjaeldent")
                lav = Tal(dansk.decimaltal(gab[-1].sjaeldent.procent), lav.grundlag, lav.anker, lav.konstrueret)
                dele = [element.punkt for element in gab]
                saetninger.append(Tekst.af("Mellem {} og {} oplever dog sjældent eller aldrig, at klyngemøderne "
                                           + dansk.opremsning(dele, "eller") + ".", lav, gab_tal[0]))
            else:
                ord_ = self.ord_tal(f"Kun {hvor_mange}" if stoerste < graenser.forventning_god
                                    else dansk.stort_begyndelsesbogstav(hvor_mange),
                                    "forventning-gab", gab_tal, "Ordet")
                saetninger.append(Tekst.af("{} oplever" + ("" if str(ord_).startswith("Kun") else " dog")
                                           + " sjældent eller aldrig, at klyngemøderne {} ({}).", ord_, gab[0].punkt,
                                           gab_tal[0]))
        if self._opfyldte_saetning():
            saetninger.append(self._opfyldte_saetning())
        return Tekst.samlet(saetninger, " ")

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
