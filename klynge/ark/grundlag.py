"""What every section of a fact sheet rests on: the sheet's data, its basics, which figures are
constructed (see klynge.ark.proveniens) and a figure with its basis (see klynge.ark.tal). The
ids of the places where a sheet's figures stand are in klynge.ark.ankre.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from klynge.maal import andele
from klynge.ark import tekst as dansk
from klynge.ark.ankre import anker
from klynge.ark.paastande import Figur, Paastand
from klynge.ark.proveniens import Proveniens
from klynge.ark.tal import Tal
from klynge.ark import udkast
from klynge.data.indlaes import Speciale, Undersoegelse
from klynge.data.skema import Spoergsmaal


@dataclass(frozen=True)
class Grundlag:
    """The sheet's data and what every section rests on: its basics, which figures are
    constructed, and a figure with its basis (`tal`). The sections add to it (klynge.ark.afsnit,
    klynge.ark.forventninger) and klynge.ark.faktaark.Faktaark joins them."""

    undersoegelse: Undersoegelse
    speciale: Speciale
    tekster: dict[str, str] = field(default_factory=dict)
    # Which figures are survey results (None: nothing is known to be published; klynge.ark.faktaark.lav
    # works it out from the project's data/).
    proveniens: Proveniens | None = None
    # The published sheet's findings in words (data/rekonstruktion.toml, `udsagn`), while the
    # answers are reconstructed: a word they state is not marked although its figures are.
    udsagn: tuple[dict, ...] = ()

    # ---- basics -------------------------------------------------------------------------
    @property
    def taerskel(self) -> int:
        """The anonymity threshold: the fewest answers a shown figure may rest on."""
        return self.undersoegelse.indstillinger.min_svar

    @property
    def min_svar(self) -> str:
        return dansk.heltal(self.taerskel)

    @cached_property
    def svar(self):
        return self.undersoegelse.besvarelser_for(self.speciale.slug)

    @property
    def slug(self) -> str:
        return self.speciale.slug

    @property
    def navn(self) -> str:
        return self.speciale.navn

    @property
    def navn_i_tekst(self) -> str:
        """The specialty in running text: a common noun, so lower case ("specialet neurologi")."""
        return self.speciale.navn[:1].lower() + self.speciale.navn[1:]

    @property
    def flertal(self) -> str:
        return self.speciale.flertal

    @property
    def graenser(self):
        """The wording rules' cut points (data/indstillinger.toml, [ordvalg])."""
        return self.undersoegelse.indstillinger.ordvalg

    @property
    def titel(self) -> str:
        return f"Klyngearbejdet i {self.speciale.navn}: Resultater fra spørgeskemaundersøgelse blandt speciallæger"

    @property
    def udgivet(self) -> str:
        """The date line at the top of the sheet (a draft says it is one)."""
        return self.undersoegelse.indstillinger.dato_linje

    @property
    def indsamlet(self) -> str:
        return self.undersoegelse.indstillinger.indsamlet

    @property
    def indsamling(self) -> str:
        """"I september 2025 gennemførte eKVIS en spørgeskemaundersøgelse" (not for a demonstration round)."""
        return udkast.indsamling(self.undersoegelse.indstillinger)

    def andel(self, kolonne: str, svar: str = "positiv") -> andele.Andel:
        return andele.andel(self.svar, self.undersoegelse.skema[kolonne], svar, self.taerskel)

    def pct(self, andel: andele.Andel) -> str:
        return dansk.pct(andel.procent) if andel.vist else f"– (færre end {self.taerskel} svar)"

    # ---- provenance (see klynge.ark.proveniens) -------------------------------------------
    @property
    def prov(self) -> Proveniens:
        """`proveniens`, or where none is given nothing known to be published: a draft then
        marks every answer-derived figure of reconstructed answers, a mark too many, never one
        too few."""
        if self.proveniens is not None:
            return self.proveniens
        return Proveniens(self.undersoegelse.indstillinger.udkast)

    def konstrueret(self, anker: str, svar: str = "") -> bool:
        return self.prov.konstrueret(anker, svar)

    def klynge_konstrueret(self, kolonne: str, svar: str, klynger: tuple[andele.KlyngeAndel, ...]):
        """For a cluster chart or table: whether the figure of "Hele specialet", of a cluster, or
        the clusters' "laveste" or "hoejeste" share is constructed. A published sheet gives at
        most the lowest and highest value, never which cluster has it: so while the answers are
        reconstructed every named cluster's figure (and its count of answers) is constructed."""
        def konstrueret(gruppe: str) -> bool:
            if gruppe == "Hele specialet":
                return self.konstrueret(anker(kolonne, svar))
            if gruppe in ("laveste", "hoejeste"):
                return self.konstrueret(anker(kolonne, gruppe))
            return self.prov.udkast
        return konstrueret

    def ord_tal(self, ord_: str, sted: str, grundlag: "list[Tal]", hvad: str, noegle: str | None = None,
                paastand: Paastand | None = None) -> Tal | str:
        """A verdict word (or ranking) that rests on figures, with the claim it makes about them
        (`paastand`, checked when the sheet is built): marked where every figure it rests on
        is constructed and the published sheet does not state the same finding in words (an
        `udsagn` with this `sted` and this `ord`)."""
        maerket = bool(grundlag) and all(grund.konstrueret for grund in grundlag) and not any(
            udsagnet.get("sted") == sted and udsagnet.get("ord") == (noegle or ord_) for udsagnet in self.udsagn)
        if not maerket:
            return Tal(ord_, "", "", paastand=paastand) if paastand else ord_
        tal = "; ".join(f"{grund.tekst} ({grund.grundlag})" for grund in grundlag)
        return Tal(ord_, f"{hvad} bygger kun på konstruerede tal: {tal}", "", konstrueret=True, paastand=paastand)

    def figur(self, kolonne: str, svar: str = "positiv") -> Figur:
        """A printed figure as a claim names it: the share of `svar` answers to `kolonne`."""
        spm = self.undersoegelse.skema[kolonne]
        svarene = dansk.opremsning([s.lower() for s in spm.svar_i(svar)], "eller")
        nummer = FIGURNUMRE.get(spm.gruppe)
        hvor = f"figure {nummer}" if nummer else "the text"
        return Figur(f"{kolonne}|{svar}", f"»{spm.kort}« {svarene} ({hvor})")

    def klynge_figur(self, kolonne: str, klynge: str) -> Figur:
        nummer = FIGURNUMRE.get(self.undersoegelse.skema[kolonne].gruppe)
        return Figur(f"klynge|{kolonne}|{klynge}", f"»{klynge}« (figure {nummer})")

    def landsgennemsnit_figur(self, kolonne: str) -> Figur:
        return Figur(f"landsgennemsnit|{kolonne}", f"the national average for »{self.undersoegelse.skema[kolonne].kort}«")

    # ---- figures with their basis (see klynge.ark.tal) --------------------------------
    def tal(self, andel: andele.Andel, spm: Spoergsmaal, svar: str, anker: str, tekst: str | None = None,
            hvem: str = "") -> Tal:
        """A share as shown in the text, with its basis: count and base, the question, the answers
        counted and how many did not answer. `hvem` narrows the base (e.g. a cluster)."""
        vist = tekst if tekst is not None else self.pct(andel)
        if not andel.vist:
            return Tal(vist, f"Vises ikke af hensyn til anonymiteten: færre end {self.taerskel} har besvaret "
                             f"»{spoergsmaalstekst(spm)}«{hvem}.", anker)
        svarene = dansk.opremsning([f"»{svaret}«" for svaret in spm.svar_i(svar)], og="eller")
        grundlag = (f"{dansk.heltal(andel.antal)} af {dansk.heltal(andel.n)} svar{hvem} på »{spoergsmaalstekst(spm)}«: "
                    f"{svarene}")
        if not hvem and (ikke := len(self.svar) - andel.n):
            grundlag += f"; {dansk.heltal(ikke)} har ikke svaret"
        return Tal(vist, grundlag, anker, konstrueret=self.konstrueret(anker, svar))

    def landsgennemsnit_tal(self, kolonne: str) -> Tal:
        landsgennemsnit = self.undersoegelse.landsgennemsnit_for(kolonne)
        spm = self.undersoegelse.skema[kolonne]
        svarene = dansk.opremsning([f"»{svaret}«" for svaret in spm.svar_i(landsgennemsnit.svar)], og="eller")
        return Tal(dansk.pct(landsgennemsnit.vaerdi, 1),
                   f"Andelen på tværs af alle specialer, der svarer {svarene} på »{spoergsmaalstekst(spm)}«. "
                   f"Kilde: {landsgennemsnit.kilde}", f"tal-landsgennemsnit-{kolonne}")

    @property
    def for_faa_svar_tekst(self) -> str:
        """The short sheet's message (reports/_faktaark_kort.qmd): the specialty has fewer
        respondents than the threshold, so no figure can be shown."""
        antal = len(self.svar)
        inviterede = f"{dansk.heltal(self.speciale.population)} inviterede {self.speciale.flertal} har"
        hvem = f"Ingen af de {inviterede}" if antal == 0 else f"Kun {dansk.heltal(antal)} ud af {inviterede}"
        return (f"{hvem} besvaret spørgeskemaet. Af hensyn til anonymiteten vises der ingen tal for grupper med "
                f"færre end {self.min_svar} svar, og dette faktaark viser derfor ingen resultater for specialet.")

    # ---- editorial text --------------------------------------------------------------------
    def tekst(self, noegle: str) -> str:
        """An editorial section as Markdown ("" where the specialty has none)."""
        return self.tekster.get(noegle, "")


# The charts by number, as the PDF captions them ("Figur 3"), for a claim's error message.
FIGURNUMRE = {"engagement": 1, "understoetter": 2, "vigtighed": 3, "opfyldelse": 3, "forbedringer": 4,
              "motivation": 5}


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


