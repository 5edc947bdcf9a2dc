"""The site's front page and audit page as Markdown tables."""

from __future__ import annotations

from fractions import Fraction

from klynge.ark.ordvalg import i_forhold_til
from klynge.maal import andele as m
from klynge.ark import tekst as t, udkast, undslip
from klynge.data.indlaes import Undersoegelse
from klynge.ark.revision import FUND, Kontrol
from klynge.ark.tal import MAERKE
from klynge.ark.ankre import anker


# A no-break space: a narrow table column must not break "(n = 24)" or "(24 af 40)" apart.
HAARD = "\u00a0"

def _celle(s: str) -> str:
    """Text from the data as a literal table cell: no raw HTML, no Markdown, no line break."""
    return undslip.markdown(s)


def overskrift(s: str) -> str:
    """A name from the data as a literal Markdown heading."""
    return undslip.markdown(s)


def indledning(u: Undersoegelse) -> str:
    """The front page's opening: what the site holds, where its figures come from, and the
    comparison rule in numbers (the sheets' rule, data/indstillinger.toml [ordvalg])."""
    g, ind = u.indstillinger.ordvalg, u.indstillinger
    antal = t.talord(len(u.specialer))
    kilde = udkast.forside_kilde(ind)
    en = " eller mindre end én besvarelses vægt" if g.en_besvarelse else ""
    runde = (f"demonstrationsrunden, dateret {ind.indsamlet}" if ind.demonstration
             else f"undersøgelsen fra {ind.indsamlet}")
    return (f"Her er faktaarkene for {antal} af de specialer, der indgik i {runde}. Hvert "
            f"faktaark findes som webside og som PDF til specialeselskabet. {kilde}. ▲ og ▼ viser, om specialet "
            f"ligger over eller under landsgennemsnittet for alle specialer, og ● at forskellen er under "
            f"{t.heltal(g.paa_niveau)} procentpoint{en} (samme regel som i faktaarkene: »på niveau med«).")


def specialetabel(u: Undersoegelse, proveniens: dict | None = None) -> str:
    """All specialties side by side, against the national averages, linking each sheet and PDF.
    `proveniens`: per specialty, which figures are constructed (klynge.ark.proveniens); they
    carry the mark."""
    ms = u.indstillinger.min_svar
    lg_u, lg_f = u.landsgennemsnit_for("understoetter"), u.landsgennemsnit_for("forbedringer")
    linjer = [
        "| Speciale | Svarprocent | Understøtter kvalitetsarbejdet | Har indført forbedringer | Faktaark |",
        "|:--|--:|--:|--:|:--|",
    ]
    for sp in u.specialer:
        svar = u.besvarelser_for(sp.slug)
        sp_pct = m.svarprocent(sp, svar) if sp.population else None
        understoetter = m.andel(svar, u.skema["understoetter"], lg_u.svar, ms)
        forbedringer = m.andel(svar, u.skema["forbedringer"], lg_f.svar, ms)
        prov = (proveniens or {}).get(sp.slug)

        def maerke(anker: str) -> str:
            # A superscript, as in the sheets: a full-size † after a figure reads as a typo.
            return f"^{MAERKE}^" if prov is not None and prov.konstrueret(anker) else ""

        def vis(a: m.Andel, lg) -> str:
            if not a.vist:
                return f"færre end {ms} svar"
            ord_ = i_forhold_til(u.indstillinger.ordvalg, Fraction(a.hel_procent) - lg.vaerdi, a.n)
            pil = "●" if ord_ == "på niveau med" else ("▲" if ord_.endswith("over") else "▼")
            return f"{t.pct(a.procent)}{maerke(anker(lg.spoergsmaal, lg.svar))} {pil} (n{HAARD}={HAARD}{a.n})"

        linjer.append(
            f"| {_celle(sp.navn)} | {t.svarprocent(sp_pct.procent) + maerke('tal-svarprocent') + f' ({sp_pct.antal}{HAARD}af{HAARD}{sp_pct.n})' if sp_pct else '–'} "
            f"| {vis(understoetter, lg_u)} | {vis(forbedringer, lg_f)} "
            f"| [Læs](reports/{sp.slug}.qmd) · [PDF](reports/{sp.slug}.pdf) |"
        )
    linjer.append(
        f"| *Landsgennemsnit, alle specialer* | | *{t.pct(lg_u.vaerdi, 1)}* | *{t.pct(lg_f.vaerdi, 1)}* | |"
    )
    return "\n".join(linjer)


def revisionstabel(kontroller: tuple[Kontrol, ...], ankre: frozenset[str] = frozenset()) -> str:
    """The audit of one specialty; a computed figure our sheet shows links to where it stands
    (`ankre`: the ids the sheet has, from `faktaark.ankre`)."""
    linjer = ["| Tal | Faktaarket | Beregnet | Status |", "|:--|--:|:--|:--|"]
    for k in kontroller:
        status = "**fund**" if k.status == FUND else k.status
        beregnet = _celle(k.beregnet)
        if k.anker and k.anker in ankre:
            beregnet = f"[{beregnet}](reports/{k.speciale}.qmd#{k.anker})"
        linjer.append(f"| {_celle(k.beskrivelse)} | {_celle(k.publiceret)} | {beregnet} | {status} |")
    return "\n".join(linjer)


def fundliste(kontroller: tuple[Kontrol, ...], navne: dict[str, str]) -> str:
    punkter = [f"- **{_celle(navne[k.speciale])}** – {_celle(k.beskrivelse)}: {_celle(k.forklaring)} "
               f"(Faktaarket: »{_celle(k.citat)}«.)"
               for k in kontroller if k.forklaring]
    return "\n".join(punkter) if punkter else "Ingen fund."
