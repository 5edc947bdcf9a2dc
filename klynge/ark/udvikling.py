"""The section "Udvikling siden <forrige runde>" of a fact sheet, and the front page's rounds
side by side: the previous round's figures (a saved round, klynge.data.runder) beside this
round's, and each change word made by the rule in klynge.maal.udvikling.

Every change word is an `Aendringsord`: the word together with its basis (the two figures, the
difference, one answer's weight, the interval and the verdict), frozen, so the claim it makes
can be checked against the figures it stands beside. Questions are matched by their column;
a question whose wording or answer scale changed is not compared, and the sheet says so.
Nothing here reads a hidden figure: a share below `min_svar` answers in either round gets no
word, and clusters are compared only where a cluster is shown in both rounds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from pathlib import Path

from klynge.ark import tekst as dansk
from klynge.ark import undslip
from klynge.ark.ankre import anker
from klynge.ark.grundlag import Grundlag, spoergsmaalstekst
from klynge.ark.proveniens import noegle
from klynge.ark.paastande import FALDET, OPTAELLING, PAA_NIVEAU, STEGET, Figur, Paastand, kontroller
from klynge.ark.tal import MAERKE, Tal, Tekst
from klynge.data.runder import Runde, forrige_runde
from klynge.data.skema import Spoergeskema, Spoergsmaal
from klynge.fejl import DataFejl, Problem, kort
from klynge.maal import andele
from klynge.maal.afrunding import rund_halvt_op
from klynge.maal import udvikling as u
from klynge.projekt import find_rod

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
REGEL = ("En forskel i en andel kaldes kun en stigning eller et fald, når den er større end én besvarelses vægt i "
         "begge runder, og når 95 %-konfidensintervallet for forskellen mellem to uafhængige andele (Newcombes "
         "metode) ikke indeholder 0; ellers er tallet på niveau med den forrige runde. Svarprocenten er derimod en "
         "optælling blandt alle inviterede og ikke et skøn ud fra en stikprøve: den kaldes steget eller faldet, "
         "når forskellen mellem de to trykte svarprocenter er større end én besvarelses vægt i begge runder.")


def _fortegn(x, decimaler: int = 0) -> str:
    """A signed number as Danish typography writes it: the minus sign, not a hyphen."""
    return dansk.decimaltal(x, decimaler).replace("-", "\u2212")


@dataclass(frozen=True)
class Aendringsord:
    """A change word and everything it rests on (for the claim machinery of issue 25)."""

    tekst: str  # "steget", "faldet", "på niveau med 2025", "ikke sammenlignet"
    aendring: u.Aendring | None
    runde: str  # the previous round's name
    grund: str = ""  # why not compared

    @property
    def grundlag(self) -> str:
        a = self.aendring
        if a is None or a.retning == u.IKKE_SAMMENLIGNET:
            return f"Ikke sammenlignet med {self.runde}: {self.grund or (a.grund if a else '')}."
        dom = {u.OP: "en stigning", u.NED: "et fald", u.PAA_NIVEAU: "på niveau"}[a.retning]
        if a.optaelling:
            return (f"{dansk.heltal(a.forrige.antal)} af {dansk.heltal(a.forrige.n)} inviterede i {self.runde}, "
                    f"{dansk.heltal(a.nu.antal)} af {dansk.heltal(a.nu.n)} nu: forskellen er "
                    f"{_fortegn(Fraction(a.forskel, 10), 1)} point. Svarprocenten er en optælling blandt alle "
                    f"inviterede, ikke et skøn ud fra en stikprøve, så der er intet konfidensinterval; én besvarelses "
                    f"vægt er højst {dansk.decimaltal(a.vaegt, 1)} point. Efter reglen: {dom}.")
        return (f"{dansk.heltal(a.forrige.antal)} af {dansk.heltal(a.forrige.n)} i {self.runde}, "
                f"{dansk.heltal(a.nu.antal)} af {dansk.heltal(a.nu.n)} nu: forskellen er "
                f"{_fortegn(a.forskel)} point, én besvarelses vægt højst {dansk.decimaltal(a.vaegt, 1)} point, "
                f"95 %-interval for forskellen (Newcombe) {_fortegn(a.interval[0], 1)} til "
                f"{_fortegn(a.interval[1], 1)} point. Efter reglen: {dom}.")


@dataclass(frozen=True)
class Linje:
    """One line of the table: a share in the previous round and now, and the change word."""

    etiket: str
    forrige: Tal | str
    nu: Tal | str
    ord: Aendringsord
    konstrueret: bool = False  # one of the two figures is constructed: the word is marked
    # The two printed figures (before, now) as claims name them, and the shares they print.
    figurer: tuple[Figur, Figur] | None = None
    andele: tuple[andele.Andel | None, andele.Andel | None] = (None, None)
    optaelling: bool = False  # a census figure (the response rate), printed with one decimal

    @property
    def paastand(self) -> Paastand | None:
        """What the change word claims about the two figures beside it (klynge.ark.paastande)."""
        if self.figurer is None or self.ord.aendring is None or self.ord.aendring.retning == u.IKKE_SAMMENLIGNET:
            return None
        return aendringspaastand(self.ord.tekst, *self.figurer)

    @property
    def ord_tal(self) -> Tal | str:
        if self.ord.aendring is None or self.ord.aendring.retning == u.IKKE_SAMMENLIGNET:
            return self.ord.tekst
        return Tal(self.ord.tekst, self.ord.grundlag, "", konstrueret=self.konstrueret, paastand=self.paastand)


def aendringspaastand(ord_: str, foer: Figur, nu: Figur) -> Paastand:
    """The claim a change word makes, read from the word: "steget" a rise by the rule, "faldet"
    a fall, "på niveau …" neither."""
    relation = {"steget": STEGET, "faldet": FALDET}.get(ord_, PAA_NIVEAU if ord_.startswith("på") else None)
    if relation is None:
        raise ValueError(f"{ord_!r} is not a change word")
    return Paastand(ord_, relation, (foer, nu))


def andelstal(noegle: str, andel: andele.Andel | None, optaelling: bool = False) -> dict[str, int | Fraction]:
    """A printed share with its printed count and base, by the keys a change claim reads. A
    census figure (the response rate) is printed with one decimal and judged by the census rule
    (klynge.ark.paastande reads `|optaelling`)."""
    if andel is None or not andel.vist or not andel.n:
        return {}
    if optaelling:
        return {noegle: rund_halvt_op(andel.procent, 1), f"{noegle}|antal": andel.antal, f"{noegle}|n": andel.n,
                f"{noegle}|optaelling": 1}
    return {noegle: andel.hel_procent, f"{noegle}|antal": andel.antal, f"{noegle}|n": andel.n}


def sammenlignelig(foer: Spoergsmaal | None, nu: Spoergsmaal | None, runde: str) -> str:
    """"" where the question can be compared across the rounds; otherwise why not, in Danish."""
    if foer is None:
        return f"spørgsmålet blev ikke stillet i {runde}"
    if nu is None:
        return "spørgsmålet er ikke stillet i denne runde"
    if foer.er_fritekst or nu.er_fritekst:
        return "fritekst sammenlignes ikke"
    if (foer.tekst, foer.punkt) != (nu.tekst, nu.punkt):
        return f"spørgsmålets ordlyd er ændret siden {runde}"
    if (foer.skala.svar, foer.skala.vurderinger) != (nu.skala.svar, nu.skala.vurderinger):
        return f"svarskalaen er ændret siden {runde}"
    return ""


def _forrige_spm(skema: Spoergeskema, kolonne: str) -> Spoergsmaal | None:
    return skema[kolonne] if kolonne in skema else None


def forrige_andel(runde: Runde, slug: str, spm: Spoergsmaal, svar: str) -> andele.Andel | None:
    """A share in the saved round (its own codebook), or None where the round did not show it."""
    tal = (runde.tal_for(slug) or {}).get("spoergsmaal", {}).get(spm.kolonne)
    if not tal or not tal.get("vist"):
        return None
    return andele.Andel(sum(tal["svar"][s] for s in spm.svar_i(svar)), tal["n"])


class Udvikling:
    """The section for one sheet (`ark`, a klynge.ark.faktaark.Faktaark) against `runde`."""

    def __init__(self, ark: Grundlag, runde: Runde):
        self.ark = ark
        self.runde = runde

    @property
    def navn(self) -> str:
        return self.runde.navn

    @property
    def min_svar(self) -> int:
        return max(self.ark.taerskel, self.runde.min_svar)

    @property
    def nu_indsamlet(self) -> str:
        return self.ark.indsamlet

    def _ord(self, aendring: u.Aendring | None, grund: str = "") -> Aendringsord:
        if aendring is None or aendring.retning == u.IKKE_SAMMENLIGNET:
            return Aendringsord("ikke sammenlignet", aendring, self.navn, grund)
        tekst = {u.OP: "steget", u.NED: "faldet", u.PAA_NIVEAU: f"på niveau med {self.navn}"}[aendring.retning]
        return Aendringsord(tekst, aendring, self.navn)

    def _forrige_tal(self, andel: andele.Andel | None, spm: Spoergsmaal, svar: str, hvor: str) -> Tal | str:
        if andel is None:
            return f"færre end {dansk.heltal(self.runde.min_svar)} svar"
        svarene = dansk.opremsning([f"»{s}«" for s in spm.svar_i(svar)], og="eller")
        return Tal(dansk.pct(andel.procent),
                   f"{self.runde.indsamlet[:1].upper()}{self.runde.indsamlet[1:]} (runde {self.navn}): "
                   f"{dansk.heltal(andel.antal)} af {dansk.heltal(andel.n)} svar på »{spoergsmaalstekst(spm)}«: "
                   f"{svarene}", f"tal-udvikling-{hvor}-{anker(spm.kolonne, svar)[4:]}",
                   konstrueret=self.runde.konstrueret(self.ark.slug, noegle(anker(spm.kolonne, svar), svar)))

    def linje(self, etiket: str, kolonne: str, svar: str) -> Linje:
        skema = self.ark.undersoegelse.skema
        nu_spm, foer_spm = _forrige_spm(skema, kolonne), _forrige_spm(self.runde.skema, kolonne)
        grund = sammenlignelig(foer_spm, nu_spm, self.navn)
        nu_andel = self.ark.andel(kolonne, svar) if nu_spm is not None else None
        foer_andel = forrige_andel(self.runde, self.ark.slug, foer_spm, svar) if foer_spm is not None else None
        nu_tal: Tal | str = "–"
        if nu_andel is not None:
            nu_tal = self.ark.tal(nu_andel, nu_spm, svar, f"tal-udvikling-nu-{anker(kolonne, svar)[4:]}")
            nu_tal = Tal(nu_tal.tekst, nu_tal.grundlag, nu_tal.anker, konstrueret=nu_andel.vist and self.ark.konstrueret(
                anker(kolonne, svar), svar))
        foer_tal = self._forrige_tal(foer_andel, foer_spm, svar, "foer") if foer_spm is not None else "–"
        aendring = None
        if not grund and nu_andel is not None:
            aendring = u.aendring(foer_andel or andele.Andel(0, 0, vist=False), nu_andel, self.min_svar)
        konstrueret = any(isinstance(t, Tal) and t.konstrueret for t in (nu_tal, foer_tal))
        return Linje(etiket, foer_tal, nu_tal, self._ord(aendring, grund), konstrueret,
                     self._figurer(f"{etiket[:1].lower()}{etiket[1:]}", f"{kolonne}|{svar}"), (foer_andel, nu_andel))

    def _figurer(self, hvad: str, noegle: str) -> tuple[Figur, Figur]:
        """The two figures of a line as claims name them: by round and line."""
        return (Figur(f"runde {self.navn}|{noegle}", f"\"{hvad}\" in {self.runde.indsamlet}"),
                Figur(f"runde nu|{noegle}", f"\"{hvad}\" in {self.nu_indsamlet}"))

    @cached_property
    def svarprocent(self) -> Linje:
        sp_nu = andele.svarprocent(self.ark.speciale, self.ark.svar)
        foer = self.runde.tal_for(self.ark.slug)
        sp_foer = andele.Andel(foer["besvarelser"], foer["population"])
        foer_tal = Tal(dansk.svarprocent(sp_foer.procent),
                       f"{dansk.heltal(sp_foer.antal)} besvarelser af {dansk.heltal(sp_foer.n)} inviterede i "
                       f"{self.runde.indsamlet} (runde {self.navn})", "tal-udvikling-foer-svarprocent",
                       konstrueret=self.runde.konstrueret(self.ark.slug, "tal-svarprocent"))
        nu_tal = Tal(dansk.svarprocent(sp_nu.procent),
                     f"{dansk.heltal(sp_nu.antal)} besvarelser af {dansk.heltal(sp_nu.n)} inviterede i "
                     f"{self.nu_indsamlet}", "tal-udvikling-nu-svarprocent",
                     konstrueret=self.ark.konstrueret("tal-svarprocent"))
        # Those invited are the whole population: the response rate is a count, not an estimate,
        # so any difference in the printed figure is a change (the census rule).
        return Linje("Svarprocent", foer_tal, nu_tal, self._ord(u.aendring_optaelling(sp_foer, sp_nu)),
                     foer_tal.konstrueret or nu_tal.konstrueret, figurer=self._figurer("svarprocent", "svarprocent"),
                     andele=(sp_foer, sp_nu), optaelling=True)

    @cached_property
    def linjer(self) -> tuple[Linje, ...]:
        skema, foer_skema = self.ark.undersoegelse.skema, self.runde.skema
        ud = [self.svarprocent,
              self.linje("Understøtter kvalitetsarbejdet", "understoetter", "positiv"),
              self.linje("Har indført forbedringer", "forbedringer", "Ja")]
        kolonner = list(dict.fromkeys([s.kolonne for s in skema.gruppe("engagement")]
                                      + [s.kolonne for s in foer_skema.gruppe("engagement")]))
        for kolonne in kolonner:
            spm = _forrige_spm(skema, kolonne) or foer_skema[kolonne]
            ud.append(self.linje(f"Engagement: {spm.kort[:1].lower()}{spm.kort[1:]}", kolonne, "positiv"))
        kolonner = list(dict.fromkeys([s.kolonne for s in skema.gruppe("opfyldelse")]
                                      + [s.kolonne for s in foer_skema.gruppe("opfyldelse")]))
        for kolonne in kolonner:
            spm = _forrige_spm(skema, kolonne) or foer_skema[kolonne]
            ud.append(self.linje(f"Sjældent eller aldrig: {spm.kort[:1].lower()}{spm.kort[1:]}", kolonne, "negativ"))
        return tuple(ud)

    @property
    def understoetter(self) -> Linje:
        return self.linjer[1]

    # ---- clusters ---------------------------------------------------------------------------
    @cached_property
    def klynger(self) -> tuple[Linje, ...]:
        """Clusters shown in both rounds (at least min_svar answers in each, and not hidden to
        protect another), on "understøtter kvalitetsarbejdet"."""
        skema = self.ark.undersoegelse.skema
        if sammenlignelig(_forrige_spm(self.runde.skema, "understoetter"), _forrige_spm(skema, "understoetter"),
                          self.navn):
            return ()
        foer = ((self.runde.tal_for(self.ark.slug) or {}).get("klynger", {}).get("understoetter", {})
                .get("klynger", {}))
        ud = []
        spm = skema["understoetter"]
        for klynge in self.ark.understoetter_klynger:
            gammel = foer.get(klynge.klynge)
            if gammel is None or not klynge.andel.vist or min(gammel["n"], klynge.andel.n) < self.min_svar:
                continue
            a_foer = andele.Andel(gammel["antal"], gammel["n"])
            hvem = f" i klyngen {klynge.klynge}"
            ident = "-".join(re.findall(r"[a-z0-9]+", klynge.klynge.lower().translate(_ASCII)))
            foer_tal = Tal(dansk.pct(a_foer.procent),
                           f"{dansk.heltal(a_foer.antal)} af {dansk.heltal(a_foer.n)} svar{hvem} i "
                           f"{self.runde.indsamlet} (runde {self.navn})",
                           f"tal-udvikling-foer-klynge-{ident}", konstrueret=self.runde.udkast)
            nu_tal = self.ark.tal(klynge.andel, spm, "positiv", "", None, hvem)
            nu_tal = Tal(nu_tal.tekst, nu_tal.grundlag, f"tal-udvikling-nu-klynge-{ident}",
                         konstrueret=self.ark.prov.udkast)
            ud.append(Linje(klynge.klynge, foer_tal, nu_tal,
                            self._ord(u.aendring(a_foer, klynge.andel, self.min_svar)),
                            foer_tal.konstrueret or nu_tal.konstrueret,
                            self._figurer(f"understøtter kvalitetsarbejdet i klyngen {klynge.klynge}",
                                          f"klynge|understoetter|{klynge.klynge}"), (a_foer, klynge.andel)))
        return tuple(ud)

    # ---- sentences --------------------------------------------------------------------------
    @property
    def indledning(self) -> str:
        return (f"Undersøgelsen blev også gennemført i {self.runde.indsamlet} (runde {self.navn}). Tabellen viser "
                f"tallene fra begge runder side om side; hver runde har sin egen population, sine egne klynger og "
                f"sit eget spørgeskema, og spørgsmålene er parret på tværs af runderne. {REGEL}")

    @property
    def understoetter_saetning(self) -> Tekst | str:
        linje = self.understoetter
        hvad = "Andelen, der i høj eller meget høj grad vurderer, at klyngearbejdet kan understøtte kvalitetsarbejdet,"
        a = linje.ord.aendring
        if a is None or a.retning == u.IKKE_SAMMENLIGNET:
            grund = linje.ord.grund or f"færre end {dansk.heltal(self.min_svar)} har svaret i en af runderne"
            return f"{hvad} kan ikke sammenlignes med {self.navn}, da {grund}."
        if a.er_aendring:
            return Tekst.af(hvad + " er {} fra {} i " + self.runde.indsamlet + " til {} i " + self.nu_indsamlet + ".",
                            linje.ord_tal, linje.forrige, linje.nu)
        return Tekst.af(hvad + " er {} i " + self.nu_indsamlet + " mod {} i " + self.runde.indsamlet
                        + " og dermed {}.", linje.nu, linje.forrige, linje.ord_tal)

    @property
    def opsummering(self) -> str:
        sammenlignede = [l for l in self.linjer if l.ord.aendring and l.ord.aendring.retning != u.IKKE_SAMMENLIGNET]
        op = sum(l.ord.aendring.retning == u.OP for l in sammenlignede)
        ned = sum(l.ord.aendring.retning == u.NED for l in sammenlignede)
        if not sammenlignede:
            return f"Ingen af tallene kan sammenlignes med {self.navn}."
        # A count that rests only on constructed figures is marked as the words it counts are.
        maerke = MAERKE if all(l.konstrueret for l in sammenlignede) else ""
        if not op and not ned:
            return (f"Ingen af de {dansk.talord(len(sammenlignede))} tal, der kan sammenlignes, har ændret sig mere "
                    f"end usikkerheden: alle er på niveau med {self.navn}{maerke}.")
        dele = []
        if op:
            dele.append(f"{dansk.talord(op, neutrum=True)} steget")
        if ned:
            dele.append(f"{dansk.talord(ned, neutrum=True)} faldet")
        rest = len(sammenlignede) - op - ned
        hale = f", mens de øvrige {dansk.talord(rest)} er på niveau med {self.navn}" if rest > 1 else (
            f", mens ét er på niveau med {self.navn}" if rest == 1 else "")
        return (f"Af de {dansk.talord(len(sammenlignede))} tal i tabellen, der kan sammenlignes, er "
                f"{dansk.opremsning(dele)}{hale}{maerke}.")

    @property
    def opsummering_paastand(self) -> Paastand | None:
        """The summary sentence's counts, claimed of every compared line's two figures."""
        sammenlignede = [l for l in self.linjer if l.paastand is not None]
        if not sammenlignede:
            return None
        op = sum(l.ord.aendring.retning == u.OP for l in sammenlignede)
        ned = sum(l.ord.aendring.retning == u.NED for l in sammenlignede)
        # The words as the sentence prints them: "to steget og ét faldet", or "på niveau med 2025".
        ord_ = dansk.opremsning([f"{dansk.talord(x, neutrum=True)} {hvad}" for x, hvad in ((op, "steget"),
                                                                                          (ned, "faldet")) if x]) \
            if op or ned else f"på niveau med {self.navn}"
        return Paastand(ord_, OPTAELLING, tuple(f for l in sammenlignede for f in l.figurer),
                        antal=(len(sammenlignede), op, ned))

    # ---- claims -----------------------------------------------------------------------------
    def trykte_tal(self) -> dict[str, int]:
        """The figures the section prints for both rounds (shares with their counts and bases),
        by the keys its claims use."""
        ud: dict[str, int] = {}
        for linje in self.linjer + self.klynger:
            if linje.figurer is not None:
                for figur, andel in zip(linje.figurer, linje.andele):
                    ud.update(andelstal(figur.noegle, andel, linje.optaelling))
        return ud

    def paastande(self) -> list[tuple[str, Paastand]]:
        """Every change word of the section and the table rows with its claim: (sentence, claim)."""
        ud = []
        for linje in self.linjer + self.klynger:
            if linje.paastand is not None:
                ud.append((f"| {linje.etiket} | {linje.forrige} | {linje.nu} | {linje.ord.tekst} |", linje.paastand))
        saetning = self.understoetter_saetning
        if isinstance(saetning, Tekst):
            ud += [(str(saetning), d.paastand) for d in saetning.dele if isinstance(d, Tal) and d.paastand]
        if self.opsummering_paastand is not None:
            ud.append((self.opsummering, self.opsummering_paastand))
        return ud

    def kontroller_paastande(self) -> list[tuple[str, Paastand, str | None]]:
        """Every claim checked against the figures the section prints: (sentence, claim, what
        contradicts it or None)."""
        tal = self.trykte_tal()
        return [(saetning, p, kontroller(p, tal)) for saetning, p in self.paastande()]

    def paastandsproblemer(self) -> list[Problem]:
        """One line per change word the printed figures contradict, naming sentence and figure."""
        return [Problem(f"reports/{self.ark.slug}.qmd", None, None,
                        f"the sentence \"{kort(saetning, 200)}\" says \"{p.ord}\" ({p.beskrivelse()}), but {fejl}")
                for saetning, p, fejl in self.kontroller_paastande() if fejl is not None]

    @property
    def ikke_sammenlignet(self) -> str:
        """The questions the sheet does not compare, and why (wording or scale changed, dropped)."""
        grunde = [(l.etiket, l.ord.grund) for l in self.linjer if l.ord.grund]
        if not grunde:
            return ""
        return "Sammenlignes ikke: " + "; ".join(f"{etiket[:1].lower()}{etiket[1:]} ({grund})"
                                                  for etiket, grund in grunde) + "."

    @property
    def klyngesaetning(self) -> str:
        if not self.klynger:
            return (f"Ingen klynge findes i begge runder med mindst {dansk.heltal(self.min_svar)} svar i hver, så "
                    "klyngerne sammenlignes ikke på tværs af runderne.")
        return (f"Klyngerne sammenlignes kun, hvor en klynge findes i begge runder med mindst "
                f"{dansk.heltal(self.min_svar)} svar i hver (»understøtter kvalitetsarbejdet«):")

    # ---- Markdown ---------------------------------------------------------------------------
    def _tabel(self, linjer: tuple[Linje, ...], foerste: str) -> str:
        def celle(v: Tal | str | Tekst) -> str:
            return v._repr_markdown_() if isinstance(v, (Tal, Tekst)) else undslip.markdown(v)

        hoved = (f"| {foerste} | {undslip.markdown(self.runde.indsamlet.capitalize())} | "
                 f"{undslip.markdown(self.nu_indsamlet.capitalize())} | Udvikling |")
        return "\n".join([hoved.replace("| Tal |", "| |"), "|:--|--:|--:|:--|"] + [
            f"| {undslip.markdown(l.etiket)} | {celle(l.forrige)} | {celle(l.nu)} | {celle(l.ord_tal)} |"
            for l in linjer])

    def markdown(self, figur: str = "") -> str:
        dele = [f"## Udvikling siden {undslip.markdown(self.navn)}", undslip.markdown(self.indledning),
                _md(self.understoetter_saetning) + " " + f"^{MAERKE}^".join(
                    undslip.markdown(del_) for del_ in self.opsummering.split(MAERKE)),
                self._tabel(self.linjer, "Tal"),
                undslip.markdown(self.ikke_sammenlignet), figur, undslip.markdown(self.klyngesaetning)]
        if self.klynger:
            dele.append(self._tabel(self.klynger, "Klynge"))
        if self.runde.udkast:
            dele.append(undslip.markdown(rundens_maerke(self.runde)))
        return "\n\n".join(d for d in dele if d) + "\n"


def rundens_maerke(runde: Runde) -> str:
    """Why the previous round's figures carry the mark (for a round whose answers were not the survey's)."""
    if runde.demonstration:
        return (f"Tallene fra {runde.navn} bygger på en konstrueret demonstrationsrunde – ikke et resultat af nogen "
                f"undersøgelse – og er alle mærket\u00a0{MAERKE}.")
    if runde.alle_konstrueret:
        return f"Tallene fra {runde.navn} bygger på rekonstruerede svar og er alle mærket\u00a0{MAERKE}."
    return (f"Tallene fra {runde.navn} bygger på rekonstruerede svar; de tal, der ikke står i eKVIS' faktaark, er "
            f"konstrueret og mærket\u00a0{MAERKE}.")


def _md(v: Tekst | Tal | str) -> str:
    return v._repr_markdown_() if isinstance(v, (Tal, Tekst)) else undslip.markdown(v)


def lav(ark: Grundlag, data: Path | None = None) -> Udvikling | None:
    """The section for a sheet whose specialty was in the previous round; None otherwise. No
    section (and so no sheet) whose change words contradict the figures it prints for both rounds."""
    udvikling = find(ark, data or find_rod() / "data")
    if udvikling is None:
        return None
    if problemer := udvikling.paastandsproblemer():
        raise DataFejl(problemer)
    return udvikling


def find(ark: Grundlag, data: Path) -> Udvikling | None:
    """The section for a sheet against the previous round saved in `data`, unchecked; None
    where there is no previous round or the specialty was not in it."""
    runde = forrige_runde(Path(data), ark.indsamlet)
    if runde is None or runde.tal_for(ark.slug) is None:
        return None
    return Udvikling(ark, runde)


def om_tallene(udvikling: Udvikling | None) -> str:
    """The rule as "Om tallene" states it ("" without a previous round)."""
    if udvikling is None:
        return ""
    return (f"Udviklingen siden {udvikling.navn} følger faste regler: {REGEL[:1].lower()}{REGEL[1:]} Svarene fra de to "
            "runder behandles som uafhængige stikprøver; arket følger ikke den enkelte respondent fra runde til runde.")


def tegn_figur(udvikling: Udvikling | None) -> str:
    """Draw the section's chart into figurer/<speciale>/ and return its Markdown ("" without one)."""
    if udvikling is None:
        return ""
    from klynge.ark.udviklingsfigur import udviklingsfigur  # plotnine: loaded only where a sheet draws

    figur = udviklingsfigur("udvikling.svg", udvikling.linjer, udvikling.runde.indsamlet, udvikling.nu_indsamlet,
                            udvikling.navn)
    return figur.gem(Path("figurer") / udvikling.ark.slug) if figur else ""


# The front page's short change words; a no-break space keeps "på niveau" on one line.
FORSIDEORD = {u.OP: "steget", u.NED: "faldet", u.PAA_NIVEAU: "på\u00a0niveau"}


def _forside_celle(foer: andele.Andel | None, nu: andele.Andel | None, min_svar: int, konstrueret_foer: bool,
                   konstrueret_nu: bool, svarprocent: bool = False,
                   figurer: tuple[Figur, Figur] | None = None, paastande: list | None = None) -> str:
    """"68 → 69 pct. (på niveau)": both rounds side by side and the rule's word. The word's
    claim about the two figures (named `figurer`) goes into `paastande` with the cell's text and
    the figures it prints."""
    def vis(a: andele.Andel | None, maerke: bool) -> str:
        if a is None:
            return "–"
        if not a.vist:
            return f"færre end {dansk.heltal(min_svar)} svar"
        tal = dansk.decimaltal(a.procent, 1, behold_nul=True) if svarprocent else dansk.decimaltal(a.procent)
        return tal + (MAERKE if maerke else "")

    tekst = f"{vis(foer, konstrueret_foer)} → {vis(nu, konstrueret_nu)} pct."
    if foer is not None and nu is not None:
        a = u.aendring_optaelling(foer, nu) if svarprocent else u.aendring(foer, nu, min_svar)
        if a.retning != u.IKKE_SAMMENLIGNET:
            # As in the sheet's table: a word that rests on a constructed figure is marked.
            tekst += f" ({FORSIDEORD[a.retning]}{MAERKE if konstrueret_foer or konstrueret_nu else ''})"
            if figurer is not None and paastande is not None:
                paastande.append((tekst, aendringspaastand(FORSIDEORD[a.retning].replace("\u00a0", " "), *figurer),
                                  andelstal(figurer[0].noegle, foer, svarprocent) | andelstal(figurer[1].noegle, nu, svarprocent)))
    return _md_maerket(tekst)


def _md_maerket(tekst: str) -> str:
    """Literal Markdown with every mark a superscript, as in the sheets (a full-size † after a
    figure or word reads as a typo)."""
    return undslip.markdown(tekst).replace(MAERKE, f"^{MAERKE}^")


def forside(undersoegelse, data: Path, proveniens: dict | None = None) -> str:
    """The front page's rounds side by side: every specialty of this round and of the previous
    one, with the rule's word; a specialty new in this round, or missing from it, says so.
    "" without a previous round. Not made where a change word contradicts the figures beside it."""
    tekst, paastande = _forside(undersoegelse, data, proveniens)
    if problemer := forside_problemer(paastande):
        raise DataFejl(problemer)
    return tekst


def kontroller_forside(paastande: list) -> list[tuple[str, Paastand, str | None]]:
    """The front page's change words checked against the figures each cell prints:
    (the cell, its claim, what contradicts it or None)."""
    return [(celle, p, kontroller(p, tal)) for celle, p, tal in paastande]


def forside_problemer(paastande: list) -> list[Problem]:
    return [Problem("index.qmd", None, None,
                    f"the cell \"{celle}\" says \"{p.ord}\" ({p.beskrivelse()}), but {fejl}")
            for celle, p, fejl in kontroller_forside(paastande) if fejl is not None]


def forside_paastande(undersoegelse, data: Path, proveniens: dict | None = None) -> list:
    """The front page's change words with their claims and the figures their cells print."""
    return _forside(undersoegelse, data, proveniens)[1]


def _forside(undersoegelse, data: Path, proveniens: dict | None = None) -> tuple[str, list]:
    paastande: list = []
    runde = forrige_runde(Path(data), undersoegelse.indstillinger.indsamlet)
    if runde is None:
        return "", paastande
    ms = max(undersoegelse.indstillinger.min_svar, runde.min_svar)
    nu_indsamlet = undersoegelse.indstillinger.indsamlet
    linjer = [f"## Udvikling siden {undslip.markdown(runde.navn)}", "",
              undslip.markdown(f"Tallene fra {runde.indsamlet} (runde {runde.navn}) og fra denne runde, "
                               f"{nu_indsamlet}, side om side: i hvert felt står først tallet fra {runde.navn} og "
                               f"derefter tallet fra {nu_indsamlet}. {REGEL}"), "",
              "| Speciale | Svarprocent | Understøtter kvalitetsarbejdet | Har indført forbedringer |",
              "|:--|:--|:--|:--|"]
    skema = undersoegelse.skema
    slugs = [s.slug for s in undersoegelse.specialer]
    for sp in undersoegelse.specialer:
        foer = runde.tal_for(sp.slug)
        svar = undersoegelse.besvarelser_for(sp.slug)
        prov = (proveniens or {}).get(sp.slug)
        celler = []
        sp_nu = andele.svarprocent(sp, svar)
        maerke_nu = MAERKE if prov and prov.konstrueret("tal-svarprocent") else ""
        if foer is None:
            celler = [_md_maerket(f"nyt i denne runde: {dansk.svarprocent(sp_nu.procent)}" + maerke_nu)]
        else:
            celler.append(_forside_celle(andele.Andel(foer["besvarelser"], foer["population"]), sp_nu, ms,
                                         runde.konstrueret(sp.slug, "tal-svarprocent"), bool(maerke_nu), svarprocent=True,
                                         figurer=_forsidefigurer(sp.navn, "svarprocent", runde, nu_indsamlet),
                                         paastande=paastande))
        for kolonne, hvilke in (("understoetter", "positiv"), ("forbedringer", "Ja")):
            nu_spm, foer_spm = _forrige_spm(skema, kolonne), _forrige_spm(runde.skema, kolonne)
            nu_a = andele.andel(svar, nu_spm, hvilke, ms) if nu_spm is not None else None
            konstrueret = bool(prov and prov.konstrueret(anker(kolonne, hvilke), hvilke))
            if foer is None:
                celler.append(_md_maerket((f"nyt i denne runde: {dansk.pct(nu_a.procent)}" if nu_a and nu_a.vist
                                           else f"nyt i denne runde: færre end {ms} svar")
                                          + (MAERKE if konstrueret and nu_a and nu_a.vist else "")))
                continue
            grund = sammenlignelig(foer_spm, nu_spm, runde.navn)
            foer_a = forrige_andel(runde, sp.slug, foer_spm, hvilke) if foer_spm is not None else None
            if foer_spm is not None and foer_a is None:
                foer_a = andele.Andel(0, 0, vist=False)
            figurer = _forsidefigurer(sp.navn, {"understoetter": "understøtter kvalitetsarbejdet",
                                                "forbedringer": "har indført forbedringer"}[kolonne], runde,
                                      nu_indsamlet)
            celle = _forside_celle(foer_a, nu_a, ms, runde.konstrueret(sp.slug, noegle(anker(kolonne, hvilke), hvilke)),
                                   konstrueret, figurer=figurer, paastande=paastande) \
                if not grund else \
                undslip.markdown(f"sammenlignes ikke ({grund})")
            celler.append(celle)
        linjer.append(f"| {undslip.markdown(sp.navn)} | " + " | ".join(celler) + " |")
    for slug, foer in runde.tal.get("specialer", {}).items():
        if slug not in slugs:
            sp_foer = andele.Andel(foer["besvarelser"], foer["population"])
            linjer.append(f"| {undslip.markdown(foer.get('navn', slug))} | "
                          + _md_maerket(f"kun med i {runde.navn}: {dansk.svarprocent(sp_foer.procent)}"
                                        + (MAERKE if runde.konstrueret(slug, 'tal-svarprocent') else ""))
                          + " | ikke med i denne runde | "
                          "ikke med i denne runde |")
    if runde.udkast:
        linjer += ["", undslip.markdown(rundens_maerke(runde))]  # the mark named, not set on a figure
    return "\n".join(linjer) + "\n", paastande


def _forsidefigurer(speciale: str, hvad: str, runde: Runde, nu_indsamlet: str) -> tuple[Figur, Figur]:
    return (Figur(f"{speciale}|runde {runde.navn}|{hvad}", f"{speciale}: \"{hvad}\" in {runde.indsamlet}"),
            Figur(f"{speciale}|runde nu|{hvad}", f"{speciale}: \"{hvad}\" in {nu_indsamlet}"))


def figurer_og_saetninger(udvikling: Udvikling) -> tuple[list[tuple[Tal, str]], list[str]]:
    """For the figure record (klynge.ark.talregister): every figure of the section with the
    round it belongs to (its `indsamlet`), and the section's sentences."""
    tal = []
    for linje in udvikling.linjer + udvikling.klynger:
        if isinstance(linje.forrige, Tal):
            tal.append((linje.forrige, udvikling.runde.indsamlet))
        if isinstance(linje.nu, Tal):
            tal.append((linje.nu, udvikling.nu_indsamlet))
    saetninger = [udvikling.indledning, str(udvikling.understoetter_saetning), udvikling.opsummering,
                  udvikling.ikke_sammenlignet, udvikling.klyngesaetning]
    saetninger += [f"{linje.etiket}: {linje.ord.tekst}" for linje in udvikling.linjer + udvikling.klynger]
    return tal, [s for s in saetninger if s]
