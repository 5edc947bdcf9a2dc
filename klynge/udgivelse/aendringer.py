"""What changed between two versions of the sheets: figures (old → new, with basis), figures added
and removed, newly hidden or shown, sentences as a word diff, specialties added and removed. The
"Ændringer" page compares the current build with the last release, `klynge release --compare A B`
any two releases, and `klynge release` refuses a release whose differences would disclose answers.

Pure functions over figure records (klynge.udgivelse.talregister): no I/O but `aktuelle`, which makes
the current records the same way the sheets do.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from klynge.ark import faktaark
from klynge.ark.tal import escape_markdown
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
    data_aendret: bool = False

    @property
    def tal(self) -> list[TalAendring]:
        return self.aendrede + self.nye + self.fjernede + self.skjulte + self.viste

    @property
    def uaendret(self) -> bool:
        return not (self.tal or self.saetninger)


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


def _saetningsforskel(foer: list[dict], efter: list[dict]) -> list[tuple[str | None, str | None]]:
    """Sentences that differ, place by place (a sentence's place: the computed value or editorial
    section it belongs to), paired where one replaces the other."""
    grupper: dict[str, tuple[list[str], list[str]]] = {}
    for i, raekke in enumerate((foer, efter)):
        for s in raekke:
            grupper.setdefault(s["id"], ([], []))[i].append(s["tekst"])
    ud: list[tuple[str | None, str | None]] = []
    for a, b in grupper.values():
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            gamle, nye = a[i1:i2], b[j1:j2]
            for k in range(max(len(gamle), len(nye))):
                ud.append((gamle[k] if k < len(gamle) else None, nye[k] if k < len(nye) else None))
    return ud


def sammenlign_ark(foer: dict, efter: dict) -> ArkAendring:
    gamle = {t["id"]: t for t in foer.get("tal", [])}
    nye = {t["id"]: t for t in efter.get("tal", [])}
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
    a.saetninger.extend(_saetningsforskel(foer.get("saetninger", []), efter.get("saetninger", [])))
    return a


def sammenlign(foer: dict[str, dict], efter: dict[str, dict], foer_navn: str, efter_navn: str) -> Sammenligning:
    """Two sets of sheets ({slug: record}), in the order of `efter`."""
    return Sammenligning(
        foer_navn, efter_navn,
        [sammenlign_ark(foer[s], efter[s]) for s in efter if s in foer],
        [(s, efter[s].get("navn", s)) for s in efter if s not in foer],
        [(s, foer[s].get("navn", s)) for s in foer if s not in efter],
    )


# ---- disclosure by difference -------------------------------------------------------------

@dataclass(frozen=True)
class Afsloering:
    slug: str
    id: str
    foer: str
    efter: str
    svar: int  # the fewest answers that can make the difference


def _faerrest_svar(foer: tuple[int, int], efter: tuple[int, int]) -> int:
    """The fewest answers that turn `antal af n` into the other: added or removed answers move
    the counted and the uncounted alike (their changes add up); a changed answer moves one from
    each to the other."""
    d_antal = efter[0] - foer[0]
    d_resten = (efter[1] - efter[0]) - (foer[1] - foer[0])
    if d_antal * d_resten >= 0:
        return abs(d_antal) + abs(d_resten)
    return max(abs(d_antal), abs(d_resten))


def afsloeringer(foer: dict[str, dict], efter: dict[str, dict], min_svar: int) -> list[Afsloering]:
    """Figures shown in both that differ because of fewer than `min_svar` answers: the difference
    between the two published versions is itself a figure from too few answers. Counts of
    respondents (besvarelser, svarprocent) are not answers and are not checked."""
    ud = []
    for slug, ny in efter.items():
        if slug not in foer:
            continue
        for t in sammenlign_ark(foer[slug], ny).aendrede:
            a, b = talregister.antal_og_n(t.foer), talregister.antal_og_n(t.efter)
            if a is None or b is None:
                continue
            svar = _faerrest_svar(a, b)
            if 0 < svar < min_svar:
                ud.append(Afsloering(slug, t.id, t.foer["vaerdi"], t.efter["vaerdi"], svar))
    return ud


# ---- the current sheets -------------------------------------------------------------------

def aktuelle(rod: Path) -> dict[str, dict]:
    """The records the sheets of the current data have, in the order of data/specialer.csv."""
    u = faktaark.indlaes_genbrug(rod / "data")
    return {sp.slug: talregister.optegnelse(faktaark.lav(sp.slug, rod), rod / "data") for sp in u.specialer}


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


def ark_markdown(a: ArkAendring) -> str:
    """One sheet's changes for the page: a table of figures, then the sentences."""
    if a.uaendret:
        return "Ingen ændringer." + (" Data er ændret, men ingen af arkets tal eller sætninger." if a.data_aendret else "")
    ud = []
    if a.tal:
        ud += ["| Tal | Før | Nu | Grundlag nu |", "|:--|--:|--:|:--|"]
        for titel, liste in (("ændret", a.aendrede), ("nyt", a.nye), ("fjernet", a.fjernede),
                             ("skjules nu", a.skjulte), ("vises nu", a.viste)):
            for t in liste:
                foer = _celle(t.foer["vaerdi"]) if t.foer else "–"
                efter = _celle(t.efter["vaerdi"]) if t.efter else "–"
                grundlag = _celle(_grundlag(t.efter) or _grundlag(t.foer))
                ident = _md(t.id)
                if t.efter and t.id.startswith(talregister.TEKSTENS):  # where it stands in the sheet now
                    ident = f"[{ident}](reports/{a.slug}.qmd#{t.id})"
                ud.append(f"| {ident} ({titel}) | {foer} | {efter} | {grundlag} |")
        ud.append("")
    if a.saetninger:
        ud.append("Sætninger, der er ændret (~~slettet~~, [tilføjet]{.indsat}):\n")
        for foer, efter in a.saetninger:
            if foer is None:
                ud.append(f"- Ny: [{_md(efter)}]{{.indsat}}")
            elif efter is None:
                ud.append(f"- Fjernet: ~~{_md(foer)}~~")
            else:
                ud.append(f"- {ordforskel(foer, efter)}")
    return "\n".join(ud)


def side_markdown(s: Sammenligning) -> str:
    ud = []
    for titel, liste in (("Nye specialer", s.tilfoejede), ("Fjernede specialer", s.fjernede)):
        if liste:
            ud.append(f"**{titel}:** " + ", ".join(_md(navn) for _, navn in liste) + ".\n")
    for a in s.ark:
        ud.append(f"## {_md(a.navn)} – {s.status(a.slug)} {{#{a.slug}}}\n")
        ud.append(ark_markdown(a) + "\n")
    return "\n".join(ud)


def som_tekst(s: Sammenligning) -> str:
    """The comparison in the terminal (`klynge release --compare A B`)."""
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
                ud.append(f"  {titel:<10} {t.id}: {foer} → {efter}" + (f"  [{grundlag}]" if grundlag else ""))
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
    udgivelse, s = mod_seneste(rod)
    if s is None:
        return ("Faktaarkene er endnu ikke udgivet. Når de er det, viser denne side, hvad der siden er ændret i "
                "hvert faktaark: tal, der er ændret, tilføjet eller fjernet, tal, der nu skjules eller vises, og "
                "sætninger, der er ændret.")
    aendrede = [a.navn for a in s.ark if not a.uaendret] + [navn for _, navn in s.tilfoejede]
    indledning = (f"Her er det, der er ændret i faktaarkene siden {_udgivelsen(udgivelse)}. Et tal er ændret, når "
                  f"det trykte tal eller dets grundlag er ændret; grundlaget er det, websiden viser ved tallet. ")
    if aendrede:
        indledning += ("Disse faktaark er ændret eller nye og skal sendes til specialeselskabet: "
                       + ", ".join(_md(n) for n in aendrede) + ".")
    else:
        indledning += "Intet faktaark er ændret."
    return indledning + "\n\n" + side_markdown(s)


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
