"""What changed between two versions of the sheets: figures (old → new, with basis), figures added
and removed, newly hidden or shown, sentences as a word diff, specialties added and removed. The
"Ændringer" page compares the current build with the last release, `klynge release --compare A B`
any two releases, and `klynge release` refuses a release whose differences would disclose answers.

Pure functions over figure records (klynge.udgivelse.talregister): no I/O but `aktuelle`, which makes
the current records the same way the sheets do.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from klynge.ark import faktaark
from klynge.ark.ankre import anker
from klynge.ark.bilag import TABELLERNES_NAVNE
from klynge.ark.tal import MAERKE, Tal, Tekst, escape_markdown
from klynge.ark.tekst import LOCALE
from klynge.udgivelse import talregister
from klynge.udgivelse.filer import laes_udgivelser

UAENDRET, AENDRET, NYT = "uændret", "ændret", "nyt"


@dataclass(frozen=True)
class TalAendring:
    id: str
    foer: dict | None
    efter: dict | None


@dataclass(frozen=True)
class ArkAendring:
    slug: str
    navn: str
    aendrede: list[TalAendring] = field(default_factory=list)  # shown before and after, value or basis changed
    nye: list[TalAendring] = field(default_factory=list)
    fjernede: list[TalAendring] = field(default_factory=list)
    skjulte: list[TalAendring] = field(default_factory=list)  # shown before, hidden now
    viste: list[TalAendring] = field(default_factory=list)  # hidden before, shown now
    saetninger: list[tuple[str | None, str | None]] = field(default_factory=list)  # (before, after)
    # Sentences that differ only in the marks of constructed figures (†), and figures whose only
    # change is that mark: real answers replacing the reconstruction change nothing else.
    maerkesaetninger: list[tuple[str, str]] = field(default_factory=list)
    maerkede_tal: int = 0
    maerkede_ord: int = 0  # marked words that appeared or went
    saetningernes_sted: list[str] = field(default_factory=list)  # each sentence's place (its id in the record)
    data_aendret: bool = False

    @property
    def tal(self) -> list[TalAendring]:
        return self.aendrede + self.nye + self.fjernede + self.skjulte + self.viste

    @property
    def uaendret(self) -> bool:
        return not (self.tal or self.saetninger or self.maerkesaetninger)

    @property
    def kun_maerker(self) -> bool:
        """Changed only in the marks of constructed figures."""
        return not (self.tal or self.saetninger) and bool(self.maerkesaetninger)


@dataclass(frozen=True)
class Sammenligning:
    foer: str  # the names of what is compared ("2026-03", "den aktuelle bygning")
    efter: str
    ark: list[ArkAendring]  # sheets in both
    tilfoejede: list[tuple[str, str]]  # (slug, name) of specialties only after
    fjernede: list[tuple[str, str]]  # only before

    def status(self, slug: str) -> str:
        if any(s == slug for s, _ in self.tilfoejede):
            return NYT
        a = next((a for a in self.ark if a.slug == slug), None)
        return UAENDRET if a is None or a.uaendret else AENDRET


def _sammenlign_tal(foer: dict, efter: dict) -> bool:
    """Changed as published: the printed value, or its basis (the HTML shows it on hover)."""
    return (foer.get("vaerdi"), foer.get("grundlag")) != (efter.get("vaerdi"), efter.get("grundlag"))


def _saetningsforskel(foer: list[dict], efter: list[dict]) -> list[tuple[str, str | None, str | None]]:
    """Sentences that differ, place by place (a sentence's place: the computed value or editorial
    section it belongs to), paired where one replaces the other."""
    grupper: dict[str, tuple[list[str], list[str]]] = {}
    for i, raekke in enumerate((foer, efter)):
        for s in raekke:
            grupper.setdefault(s["id"], ([], []))[i].append(s["tekst"])
    ud: list[tuple[str, str | None, str | None]] = []
    for sted, (a, b) in grupper.items():
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            gamle, nye = a[i1:i2], b[j1:j2]
            for k in range(max(len(gamle), len(nye))):
                ud.append((sted, gamle[k] if k < len(gamle) else None, nye[k] if k < len(nye) else None))
    return ud


def _er_ord(t: dict) -> bool:
    """A verdict word resting on constructed figures ("Størst", "flertallet"): recorded with its
    basis but with no place of its own (id "", or "-2" … where the text has several). It is no
    figure: a changed word shows in its sentence, and one that appears or goes is a mark."""
    return re.fullmatch(r"(-\d+)?", t["id"]) is not None


def sammenlign_ark(foer: dict, efter: dict) -> ArkAendring:
    alle_gamle = {t["id"]: t for t in foer.get("tal", [])}
    alle_nye = {t["id"]: t for t in efter.get("tal", [])}
    gamle = {i: t for i, t in alle_gamle.items() if not _er_ord(t)}
    nye = {i: t for i, t in alle_nye.items() if not _er_ord(t)}
    ord_ = len({i for i, t in alle_gamle.items() if _er_ord(t)} ^ {i for i, t in alle_nye.items() if _er_ord(t)})
    a = ArkAendring(efter.get("speciale", ""), efter.get("navn", ""), data_aendret=foer.get("data") != efter.get("data"))
    for ident, ny in nye.items():
        gammel = gamle.get(ident)
        if gammel is None:
            a.nye.append(TalAendring(ident, None, ny))
        elif gammel["vist"] and not ny["vist"]:
            a.skjulte.append(TalAendring(ident, gammel, ny))
        elif ny["vist"] and not gammel["vist"]:
            a.viste.append(TalAendring(ident, gammel, ny))
        elif _sammenlign_tal(gammel, ny):
            a.aendrede.append(TalAendring(ident, gammel, ny))
    a.fjernede.extend(TalAendring(i, t, None) for i, t in gamle.items() if i not in nye)
    for sted, gammel, ny in _saetningsforskel(foer.get("saetninger", []), efter.get("saetninger", [])):
        if gammel is not None and ny is not None and _uden_maerker(gammel) == _uden_maerker(ny):
            a.maerkesaetninger.append((gammel, ny))
        else:
            a.saetninger.append((gammel, ny))
            a.saetningernes_sted.append(sted)
    maerkede = sum(1 for i, ny in nye.items() if i in gamle and ny.get("konstrueret") != gamle[i].get("konstrueret"))
    return ArkAendring(**{**a.__dict__, "maerkede_tal": maerkede, "maerkede_ord": ord_})


def _uden_maerker(saetning: str) -> str:
    return saetning.replace(MAERKE, "")


def sammenlign(foer: dict[str, dict], efter: dict[str, dict], foer_navn: str, efter_navn: str) -> Sammenligning:
    """Two sets of sheets ({slug: record}), in the order of `efter`."""
    return Sammenligning(
        foer_navn, efter_navn,
        [sammenlign_ark(foer[s], efter[s]) for s in efter if s in foer],
        [(s, efter[s].get("navn", s)) for s in efter if s not in foer],
        [(s, foer[s].get("navn", s)) for s in foer if s not in efter],
    )


# ---- the current sheets -------------------------------------------------------------------

def _aktuelle_ark(rod: Path) -> list[faktaark.Faktaark]:
    u = faktaark.indlaes_genbrug(rod / "data")
    return [faktaark.lav(sp.slug, rod) for sp in u.specialer]


def aktuelle(rod: Path) -> dict[str, dict]:
    """The records the sheets of the current data have, in the order of data/specialer.csv."""
    return {ark.slug: talregister.optegnelse(ark, rod / "data") for ark in _aktuelle_ark(rod)}


def aktuelle_med_navne(rod: Path) -> tuple[dict[str, dict], dict[str, "Navne"]]:
    """The current records, and the names of their figures and sentences (from the sheet's document,
    reports/_faktaark.qmd; without it every figure is named but no section)."""
    dokument = rod / "reports" / "_faktaark.qmd"
    tekst = dokument.read_text(encoding="utf-8") if dokument.is_file() else ""
    arkene = _aktuelle_ark(rod)
    return ({ark.slug: talregister.optegnelse(ark, rod / "data") for ark in arkene},
            {ark.slug: navne(ark, tekst) for ark in arkene})


# ---- names: every figure and sentence named as the sheet names it ---------------------------

# The charts (klynge.ark.bilag.figur) and the question groups each one shows.
_FIGURENS_GRUPPER = {"engagement": ("engagement",), "understoetter": ("understoetter",),
                     "forventninger": ("vigtighed", "opfyldelse"), "forbedringer": ("forbedringer",),
                     "motivation": ("motivation",)}
# The charts that show a question's whole answer distribution (the others show shares of it).
_FORDELINGSFIGURER = ("engagement",)
# The measures of the expectations chart (klynge.ark.figurer.forventningsfigur) and the CSV table.
_MAAL = {"vigtigt": ("vigtighed", "vigtigt eller meget vigtigt"), "meget-vigtigt": ("vigtighed", "meget vigtigt"),
         "opfyldt": ("opfyldelse", "opleves altid eller ofte"),
         "sjaeldent": ("opfyldelse", "opleves sjældent eller aldrig")}
# A figure of the text that answers no question is named by what it counts.
_FELTETS_NAVN = {"besvarelser": "antal besvarelser", "population": "antal inviterede", "svarprocent": "svarprocent",
                 "antal_klynger": "antal klynger", "klyngeliste": "antal medlemmer af en klynge",
                 "landsgennemsnit_understoetter": "landsgennemsnittet",
                 "landsgennemsnit_forbedringer": "landsgennemsnittet"}
_EKSTREM = {"laveste": "klyngen med den laveste andel", "hoejeste": "klyngen med den højeste andel"}
OEVRIGE = "Øvrige"


@dataclass(frozen=True)
class Navn:
    """Where a figure or sentence stands in the sheet, in the sheet's words."""
    afsnit: str  # the section's heading
    spoergsmaal: str = ""  # the question's text, said once above its figures
    etiket: str = ""  # "Figur 2: Reuma – Sjælland", "I teksten: Jeg deler egne data – »I høj grad«"


def dokumentets_steder(tekst: str) -> tuple[list[str], dict[str, str], dict[str, tuple[str, int]]]:
    """The sheet's document read for where things stand: its section headings in order, the
    section of each inline value (`ark.<felt>`) and editorial text (`tekst:<afsnit>`), and each
    chart's section and number (numbered in the order they stand, as the PDF numbers them)."""
    overskrifter: list[str] = []
    steder: dict[str, str] = {}
    figurer: dict[str, tuple[str, int]] = {}
    afsnit = ""
    for linje in tekst.splitlines():
        if m := re.match(r'^\s*(?:print\(")?## ([^{"\\\n]+)', linje):
            afsnit = m.group(1).strip()
            overskrifter.append(afsnit)
            continue
        for navn in re.findall(r'figurer\["(\w+)"\]', linje):
            figurer.setdefault(navn, (afsnit, len(figurer) + 1))
        for navn in re.findall(r'ark\.tekst\("([\w-]+)"\)', linje):
            steder[f"tekst:{navn}"] = afsnit  # the last: a text printed under the heading its own cell prints
        for felt in re.findall(r"\bark\.(\w+)\b(?!\()", linje):
            steder.setdefault(felt, afsnit)
    return overskrifter, steder, figurer


@dataclass(frozen=True)
class Navne:
    """The names of one sheet's figures and sentences (its records' ids as the sheet says them)."""
    overskrifter: tuple[str, ...]
    tal: dict  # id -> Navn
    saetninger: dict  # sentence id -> section

    def navn(self, ident: str) -> Navn:
        return self.tal.get(ident) or Navn(OEVRIGE, "", "et tal, arket ikke længere viser")

    def afsnit(self, saetning_id: str) -> str:
        return self.saetninger.get(saetning_id, OEVRIGE)


def _tabel(navn: str) -> str:
    """A CSV table as the sheet's link names it: "Svarfordelingen på hvert spørgsmål (CSV)"."""
    return f"{TABELLERNES_NAVNE[navn].capitalize()} (CSV)"


def _svaret(svar: str) -> str:
    return f"»{svar}«"


def navne(ark: faktaark.Faktaark, dokument: str) -> Navne:
    """Name every figure of the sheet's record (klynge.udgivelse.talregister) by section, chart
    number, item and answer, from the sheet's codebook and its document's headings."""
    overskrifter, steder, figurer = dokumentets_steder(dokument)
    skema = ark.undersoegelse.skema
    grupper = {g: navn for navn, gs in _FIGURENS_GRUPPER.items() for g in gs}

    def flere(spm) -> bool:  # a question of several items: the item is named
        return len(skema.gruppe(spm.gruppe)) > 1

    # Each question's section: its chart's, else that of the text that states it.
    tekstens: dict[str, tuple[str, str]] = {}  # anchor -> (field, section)
    for felt in faktaark.TEKSTFELTER + talregister.ORDFELTER:
        vaerdi = getattr(ark, felt)
        for del_ in (vaerdi.dele if isinstance(vaerdi, Tekst) else (vaerdi,)):
            if isinstance(del_, Tal) and del_.anker:
                tekstens.setdefault(del_.anker, (felt, steder.get(felt, OEVRIGE)))
    ankre: dict[str, tuple] = {}  # text anchor -> (question, answer, extreme)
    for spm in (s for s in skema.spoergsmaal if not s.er_fritekst):
        ankre[anker(spm.kolonne)] = (spm, "", "")
        for svar in spm.skala.svar:
            ankre.setdefault(anker(spm.kolonne, svar), (spm, svar, ""))
        for ekstrem in _EKSTREM:
            ankre[anker(spm.kolonne, ekstrem)] = (spm, "", ekstrem)
    sektion: dict[str, str] = {}
    for spm in skema.spoergsmaal:
        if spm.gruppe in grupper and grupper[spm.gruppe] in figurer:
            sektion[spm.kolonne] = figurer[grupper[spm.gruppe]][0]
    for a, (felt, afsnit) in tekstens.items():
        if a in ankre:
            sektion.setdefault(ankre[a][0].kolonne, afsnit)

    tal: dict[str, Navn] = {}
    for a, (felt, afsnit) in tekstens.items():
        if a in ankre:
            spm, svar, ekstrem = ankre[a]
            dele = [spm.kort] if flere(spm) else []
            dele += [_svaret(svar)] if svar else []
            dele += [_EKSTREM[ekstrem]] if ekstrem else []
            tal[a] = Navn(afsnit, spm.tekst, "I teksten" + (": " + " – ".join(dele) if dele else ""))
        else:
            tal[a] = Navn(afsnit, "", f"I teksten: {_FELTETS_NAVN.get(felt, 'et tal')}")
    for spm in (s for s in skema.spoergsmaal if not s.er_fritekst):
        figur = grupper.get(spm.gruppe)
        afsnit = sektion.get(spm.kolonne, OEVRIGE)
        for svar in spm.skala.svar:
            hvad = " – ".join(([spm.kort] if flere(spm) else []) + [_svaret(svar)])
            if figur in _FORDELINGSFIGURER and figur in figurer:
                etiket = f"Figur {figurer[figur][1]}: {hvad}"
            else:
                etiket = f"{_tabel('svarfordelinger')}: {hvad}"
            tal[f"fordeling-{talregister._slug(spm.kolonne)}-{talregister._slug(svar)}"] = Navn(afsnit, spm.tekst, etiket)
    for kolonne, klynger in (("understoetter", ark.understoetter_klynger), ("forbedringer", ark.forbedringer_klynger)):
        if kolonne not in skema:
            continue
        spm = skema[kolonne]
        afsnit, nr = figurer.get(kolonne, (sektion.get(kolonne, OEVRIGE), 0))
        forst = f"Figur {nr}: " if nr else f"{_tabel('klynger')}: "
        for klynge in ["Hele specialet"] + [k.klynge for k in klynger]:
            tal[f"klynge-{talregister._slug(kolonne)}-{talregister._slug(klynge)}"] = Navn(afsnit, spm.tekst,
                                                                                            forst + klynge)
    afsnit, nr = figurer.get("forventninger", (OEVRIGE, 0))
    opfyldelse = {spm.punkt: spm for spm in skema.gruppe("opfyldelse")}
    for spm in skema.gruppe("vigtighed"):
        for maal, (gruppe, ord_) in _MAAL.items():
            spoergsmaal = spm if gruppe == "vigtighed" else opfyldelse.get(spm.punkt, spm)
            forst = f"Figur {nr}: " if nr else f"{_tabel('forventninger')}: "
            tal[f"forventning-{talregister._slug(spm.kolonne)}-{maal}"] = Navn(afsnit, spoergsmaal.tekst,
                                                                               f"{forst}{spm.kort} – {ord_}")
    return Navne(tuple(overskrifter), tal, dict(steder))


# ---- as text: the page and the terminal ------------------------------------------------------

def _md(s: str) -> str:
    return escape_markdown(s)


def ordforskel(foer: str, efter: str) -> str:
    """A sentence as Markdown with removed words struck through and added words marked."""
    a, b = foer.split(), efter.split()
    dele = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            dele.append(_md(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            dele.append(f"~~{_md(' '.join(a[i1:i2]))}~~")
        if j2 > j1:
            dele.append(f"[{_md(' '.join(b[j1:j2]))}]{{.indsat}}")
    return " ".join(dele)


def _grundlag(t: dict | None) -> str:
    if t is None:
        return ""
    return t.get("grundlag") or (f"{t['vaerdi']} svar" if talregister.antal_og_n(t) else "")


def _celle(s: str) -> str:
    return _md(s).replace("|", "\\|")


def _grundlag_uden_spoergsmaal(grundlag: str) -> str:
    """The basis without the question's text, which the page says once above the figures."""
    return re.sub(r" på »[^«]*«", "", grundlag, count=1)


def _maerkernes_sted(a: ArkAendring) -> str:
    """Where the marks changed: "i 7 sætninger, ved 226 tal og 4 ord"."""
    n = len(a.maerkesaetninger)
    dele = [f"i {n} {'sætning' if n == 1 else 'sætninger'}"] if n else []
    ved = ([f"{a.maerkede_tal} tal"] if a.maerkede_tal else []) + ([f"{a.maerkede_ord} ord"] if a.maerkede_ord else [])
    if ved:
        dele.append("ved " + " og ".join(ved))
    return ", ".join(dele)


def ark_markdown(a: ArkAendring, navne: Navne | None = None) -> str:
    """One sheet's changes for the page, section by section as the sheet has them: under each
    question's text (said once) a table of its figures, each named by chart number, item and
    answer; then the section's sentences. Changes only to the marks of constructed figures are one line."""
    if a.uaendret:
        return "Ingen ændringer." + (" Data er ændret, men ingen af arkets tal eller sætninger." if a.data_aendret else "")
    if a.kun_maerker:
        return f"Kun mærket † for konstruerede tal er ændret ({_maerkernes_sted(a)}); intet tal og intet ord er ændret."
    navne = navne or Navne((), {}, {})
    afsnit: dict[str, tuple[dict[str, list], list]] = {o: ({}, []) for o in navne.overskrifter}
    for titel, liste in (("ændret", a.aendrede), ("nyt", a.nye), ("fjernet", a.fjernede),
                         ("skjules nu", a.skjulte), ("vises nu", a.viste)):
        for t in liste:
            n = navne.navn(t.id)
            afsnit.setdefault(n.afsnit, ({}, []))[0].setdefault(n.spoergsmaal, []).append((n, titel, t))
    for sted, (foer, efter) in zip(a.saetningernes_sted, a.saetninger):
        afsnit.setdefault(navne.afsnit(sted), ({}, []))[1].append((foer, efter))
    ud = []
    for nr, (overskrift, (spoergsmaal, saetninger)) in enumerate(afsnit.items(), 1):
        if not (spoergsmaal or saetninger):
            continue
        ud.append(f"### {_md(overskrift)} {{#{a.slug}-{nr}}}\n")
        for tekst, raekker in spoergsmaal.items():
            if tekst:
                ud.append(f"Spørgsmålet »{_md(tekst)}«:\n")
            ud += ["::: {.aendringer}\n", "| Tal | Før | Nu | Grundlag nu |",
                   "|:--------------|----:|----:|:-----------------|"]  # widths 35 : 10 : 10 : 45 per cent
            for n, titel, t in raekker:
                foer = _celle(t.foer["vaerdi"]) if t.foer else "–"
                efter = _celle(t.efter["vaerdi"]) if t.efter else "–"
                grundlag = _grundlag(t.efter) or _grundlag(t.foer)
                grundlag = _celle(_grundlag_uden_spoergsmaal(grundlag) if tekst else grundlag)
                etiket = _celle(n.etiket)
                if t.efter and t.id.startswith(talregister.TEKSTENS):  # where it stands in the sheet now
                    etiket = f"[{etiket}](reports/{a.slug}.qmd#{t.id})"
                art = "" if titel == "ændret" else f" ({titel})"
                ud.append(f"| {etiket}{art} | {foer} | {efter} | {grundlag} |")
            ud.append("\n:::\n")
        if saetninger:
            ud.append("Sætninger, der er ændret (~~slettet~~, [tilføjet]{.indsat}):\n")
            for foer, efter in saetninger:
                if foer is None:
                    ud.append(f"- Ny: [{_md(efter)}]{{.indsat}}")
                elif efter is None:
                    ud.append(f"- Fjernet: ~~{_md(foer)}~~")
                else:
                    ud.append(f"- {ordforskel(foer, efter)}")
            ud.append("")
    if a.maerkesaetninger:
        ud.append(f"Desuden er mærket † for konstruerede tal ændret ({_maerkernes_sted(a)}).")
    return "\n".join(ud).rstrip("\n")


def _orden(s: Sammenligning) -> list[ArkAendring]:
    """Real changes first, then sheets changed only in their marks, then the unchanged."""
    return sorted(s.ark, key=lambda a: (a.uaendret, a.kun_maerker))


def side_markdown(s: Sammenligning, navne: dict[str, Navne] | None = None) -> str:
    ud = []
    for titel, liste in (("Nye specialer", s.tilfoejede), ("Fjernede specialer", s.fjernede)):
        if liste:
            ud.append(f"**{titel}:** " + ", ".join(_md(navn) for _, navn in liste) + ".\n")
    for a in _orden(s):
        status = "kun mærkningen ændret" if a.kun_maerker else s.status(a.slug)
        ud.append(f"## {_md(a.navn)} – {status} {{#{a.slug}}}\n")
        ud.append(ark_markdown(a, (navne or {}).get(a.slug)) + "\n")
    return "\n".join(ud)


def _i_terminalen(ident: str, navne: Navne | None) -> str:
    """A figure as the sheet names it ("Klyngernes betydning … › I teksten: »I nogen grad«"), its
    id in the figure record after it; the id alone where the current sheet does not know it."""
    navn = navne.tal.get(ident) if navne else None
    return f"{' › '.join(filter(None, (navn.afsnit, navn.etiket)))}  ({ident})" if navn else ident


def som_tekst(s: Sammenligning, navne: dict[str, Navne] | None = None) -> str:
    """The comparison in the terminal (`klynge release --compare A B`), each figure named as the
    changes page names it (`navne`, per sheet)."""
    ud = [f"{s.foer} → {s.efter}"]
    ud += [f"+ specialty added: {navn} ({slug})" for slug, navn in s.tilfoejede]
    ud += [f"- specialty removed: {navn} ({slug})" for slug, navn in s.fjernede]
    for a in s.ark:
        ud.append(f"\n== {a.navn} ({a.slug}): {'unchanged' if a.uaendret else 'changed'}")
        for titel, liste in (("changed", a.aendrede), ("added", a.nye), ("removed", a.fjernede),
                             ("now hidden", a.skjulte), ("now shown", a.viste)):
            for t in liste:
                foer = t.foer["vaerdi"] if t.foer else "–"
                efter = t.efter["vaerdi"] if t.efter else "–"
                grundlag = _grundlag(t.efter) or _grundlag(t.foer)
                ud.append(f"  {titel:<10} {foer} → {efter}  {_i_terminalen(t.id, (navne or {}).get(a.slug))}"
                          + (f"  [{grundlag}]" if grundlag else ""))
        if a.maerkesaetninger:
            ud.append(f"  marks      {len(a.maerkesaetninger)} sentences differ only in the † marks")
        for foer, efter in a.saetninger:
            if foer is not None:
                ud.append(f"  sentence   - {foer}")
            if efter is not None:
                ud.append(f"  {'sentence' if foer is None else '':<10} + {efter}")
    return "\n".join(ud)


# ---- the site: the "Ændringer" page and the front page's marks ----------------------------

def mod_seneste(rod: Path):
    """The current sheets against the newest release: (the release or None, the comparison or None)."""
    udgivelser = laes_udgivelser(rod / "data")
    if not udgivelser:
        return None, None
    seneste = udgivelser[-1]
    return seneste, sammenlign(seneste.alle_ark(), aktuelle(rod), seneste.navn, "nu")


def _udgivelsen(u) -> str:
    from babel.dates import format_date
    import datetime as dt

    try:
        return f"udgivelse {_md(u.navn)} af {format_date(dt.date.fromisoformat(u.dato), format='long', locale=LOCALE)}"
    except ValueError:
        return f"udgivelse {_md(u.navn)}"


def side(rod: Path) -> str:
    """The "Ændringer" page's body."""
    udgivelser = laes_udgivelser(rod / "data")
    udgivelse = udgivelser[-1] if udgivelser else None
    if udgivelse is None:
        return ("Faktaarkene er endnu ikke udgivet. Når de er det, viser denne side, hvad der siden er ændret i "
                "hvert faktaark: tal, der er ændret, tilføjet eller fjernet, tal, der nu skjules eller vises, og "
                "sætninger, der er ændret.")
    nu, navne_ = aktuelle_med_navne(rod)
    s = sammenlign(udgivelse.alle_ark(), nu, udgivelse.navn, "nu")
    aendrede = [a.navn for a in _orden(s) if not (a.uaendret or a.kun_maerker)] + [navn for _, navn in s.tilfoejede]
    maerker = [a.navn for a in _orden(s) if a.kun_maerker]
    indledning = (f"Her er det, der er ændret i faktaarkene siden {_udgivelsen(udgivelse)}. Et tal er ændret, når "
                  f"det trykte tal eller dets grundlag er ændret; grundlaget er det, websiden viser ved tallet. ")
    if aendrede:
        indledning += ("Disse faktaark er ændret eller nye og skal sendes til specialeselskabet: "
                       + ", ".join(_md(n) for n in aendrede) + ".")
    if maerker:
        indledning += (" Kun mærkningen af konstruerede tal (†) er ændret i "
                       + ", ".join(_md(n) for n in maerker) + "; de sendes også igen.")
    if not (aendrede or maerker):
        indledning += "Intet faktaark er ændret."
    return indledning + "\n\n" + side_markdown(s, navne_)


def forside(rod: Path) -> str:
    """The front page's marks: each sheet unchanged, changed or new since the newest release."""
    udgivelse, s = mod_seneste(rod)
    if s is None:
        return "Faktaarkene er endnu ikke udgivet."
    ord_ = {UAENDRET: "Uændret", AENDRET: "Ændret – sendes igen", NYT: "Nyt – sendes"}
    navne = {a.slug: a.navn for a in s.ark} | dict(s.tilfoejede)
    linjer = [f"Siden {_udgivelsen(udgivelse)} ([se ændringerne](aendringer.qmd)):\n",
              "| Faktaark | Siden udgivelsen |", "|:--|:--|"]
    for slug, navn in navne.items():
        linjer.append(f"| [{_celle(navn)}](reports/{slug}.qmd) | {ord_[s.status(slug)]} |")
    if s.fjernede:
        linjer.append("\nIkke længere med: " + ", ".join(_md(n) for _, n in s.fjernede) + ".")
    return "\n".join(linjer)
