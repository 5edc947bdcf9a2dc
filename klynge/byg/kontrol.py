"""`klynge check`: validate the data in a folder, audit the published figures and say which
documents the built-in engine would refuse. The release command runs it quietly before it
releases anything.
"""

from __future__ import annotations

from pathlib import Path

from klynge.fejl import DataFejl, Problem, kort
from klynge.ark import faktaark
from klynge.ark import udvikling as udviklingsark
from klynge.ark.maerkning import proveniens
from klynge.ark.paastandskontrol import kontroller_paastande, paastandsproblemer
from klynge.ark.revision import AFVIGER, FUND, SKJULT, revider, valider_publicerede
from klynge.ark.samlet import Faktaark
from klynge.byg.runde import rundetal_problemer
from klynge.byg.sider import specialer
from klynge.data import runder
from klynge.data.fortrolig import besvarelser_sti, visningsnavn
from klynge.data.indlaes import indlaes
from klynge.data.publiceret import laes_publicerede
from klynge.data.redaktionelt import kontroller_tekster, laes_tekster
from klynge.data.tekstkontrol import kontroller_tekster as figurer_i_tekster
from klynge.render import RenderError, unsupported_constructs
from klynge.render.site import load_yaml, render_list
from klynge.rekonstruktion import er_rekonstruktionen
from klynge.udgivelse.filer import laes_udgivelser


def check(mappe: Path, vist: str, besvarelser: Path | None = None) -> int:
    """Validate the data in `mappe` and audit the published figures; `vist` names the folder.
    The answers are those in use (klynge.data.fortrolig), or the file `besvarelser`."""
    u = indlaes(mappe, besvarelser)
    svar = besvarelser if besvarelser is not None else besvarelser_sti(mappe)
    specialer(mappe)  # slugs that would take the name of another page of the site
    problemer = kontroller_tekster(mappe, [sp.slug for sp in u.specialer])
    publicerede = laes_publicerede(mappe / "publicerede_tal.csv")
    problemer += valider_publicerede(publicerede, u) + figurer_i_tekster(mappe, u.indstillinger.ordvalg)
    if besvarelser is None:  # an import being checked: the saved rounds are `klynge check`'s
        problemer += runde_problemer(mappe)
    try:  # the release record as a whole: a lost or broken file would silently weaken the release check
        laes_udgivelser(mappe)
    except DataFejl as e:
        problemer += e.problemer
    if not u.indstillinger.rekonstrueret:
        if er_rekonstruktionen(mappe, u.specialer, u.skema, publicerede, u.indstillinger.min_svar, svar):
            problemer.append(Problem("data/indstillinger.toml", None, "datakilde",
                                     f"says '{u.indstillinger.datakilde}', but {visningsnavn(svar, mappe)} is exactly "
                                     f"what `klynge generate` makes from the published figures: set it to 'rekonstrueret'"))
    if problemer:
        raise DataFejl(problemer)
    kontroller = revider(u, publicerede)
    kilde = ("reconstructed by `klynge generate`: the site is marked as a draft" if u.indstillinger.rekonstrueret
             else "a constructed demonstration round (`klynge generate --demo-round`): the site is marked as a draft"
             if u.indstillinger.demonstration else "a survey export")
    kilde += f" ({visningsnavn(svar, mappe)})"
    print(f"Data in {vist} are valid: {len(u.besvarelser)} respondents, {len(u.specialer)} specialties; "
          f"answers: {kilde}.\n")
    for sp in u.specialer:
        egne = [k for k in kontroller if k.speciale == sp.slug]
        print(f"== {sp.navn} ({len(egne)} published figures)")
        bredde = max((len(k.beskrivelse) for k in egne), default=10)
        for k in egne:
            print(f"  {k.beskrivelse:<{bredde}}  {k.publiceret:>10}  {k.beregnet:<48}  {k.status}")
            if k.forklaring:
                print(f"  {'':<{bredde}}  ! {k.forklaring}")
        print()
    fund = sum(k.status == FUND for k in kontroller)
    afviger = sum(k.status == AFVIGER for k in kontroller)
    skjult = sum(k.status == SKJULT for k in kontroller)
    print(f"{len(kontroller)} checks: {len(kontroller) - fund - afviger - skjult} match, "
          f"{fund} findings in the published sheets (warnings), {afviger} differ from the data"
          + (f", {skjult} not compared (fewer than {u.indstillinger.min_svar} answers)." if skjult else "."))
    check_claims(u, mappe, publicerede)
    check_engine_subset(mappe.resolve().parent)
    return 0


def runde_problemer(mappe: Path) -> list[Problem]:
    """Saved rounds (data/runder/) with missing or invalid files, or figures their answers do not give."""
    problemer = runder.runde_problemer(mappe)
    return problemer or rundetal_problemer(mappe)


def check_claims(u, mappe: Path, publicerede) -> None:
    """List every claim each sheet's words make about its figures and whether it holds
    (klynge.ark.paastande); raise DataFejl, one line per claim that does not."""
    problemer, antal = [], 0
    # The front page marks the constructed figures as the sheets do: the listing shows them so.
    provenienser = {sp.slug: proveniens(u, publicerede, sp.slug) for sp in u.specialer}
    for sp in u.specialer:
        if len(u.besvarelser_for(sp.slug)) < u.indstillinger.min_svar:
            print(f"== Claims: {sp.navn}: none (fewer than {u.indstillinger.min_svar} answers, no figures shown)")
            continue
        prov = provenienser[sp.slug]
        tekster = laes_tekster(mappe / "tekster" / f"{sp.slug}.md", f"data/tekster/{sp.slug}.md")
        ark = Faktaark(u, sp, tekster, prov, faktaark.publicerede_udsagn(u, sp.slug, mappe))
        udfald = kontroller_paastande(ark)
        antal += len(udfald)
        fejl = sum(x.fejl is not None for x in udfald)
        print(f"== Claims: {sp.navn} ({len(udfald)} claims, " + (f"{fejl} do not hold)" if fejl else "all hold)"))
        for x in udfald:
            print(f"  {x}")
        problemer += paastandsproblemer(ark, udfald)
        # The change words of "Udvikling siden <forrige runde>", against both rounds' figures.
        if (udvikling := udviklingsark.find(ark, mappe)) is not None:
            aendringer = udvikling.kontroller_paastande()
            antal += len(aendringer)
            fejl = sum(f is not None for _, _, f in aendringer)
            print(f"  Udvikling siden {udvikling.navn} ({len(aendringer)} claims, "
                  + (f"{fejl} do not hold)" if fejl else "all hold)"))
            for saetning, p, f in aendringer:
                print(f"  \"{p.ord}\" in \"{kort(saetning, 160)}\": {p.beskrivelse()}: "
                      + ("holds" if f is None else f"FAILS: {f}"))
            problemer += udvikling.paastandsproblemer()
        print()
    # The front page's change words, against the figures each cell prints for both rounds.
    if forside := udviklingsark.forside_paastande(u, mappe, provenienser):
        udfald = udviklingsark.kontroller_forside(forside)
        antal += len(udfald)
        fejl = sum(f is not None for _, _, f in udfald)
        print(f"== Claims: the front page's rounds side by side ({len(udfald)} claims, "
              + (f"{fejl} do not hold)" if fejl else "all hold)"))
        for celle, p, f in udfald:
            print(f"  \"{p.ord}\" in \"{celle}\": {p.beskrivelse()}: " + ("holds" if f is None else f"FAILS: {f}"))
        print()
        problemer += udviklingsark.forside_problemer(forside)
    print(f"{antal} claims checked against the sheets' own figures.")
    if problemer:
        raise DataFejl(problemer)


def check_engine_subset(projekt: Path) -> None:
    """Say in advance which documents the built-in engine would refuse (Quarto renders them)."""

    if not (projekt / "_quarto.yml").is_file():
        return
    try:
        config = load_yaml(projekt / "_quarto.yml")
        dokumenter = render_list(projekt, config) + (["reports/faktaark.qmd"]
                                                     if (projekt / "reports/faktaark.qmd").is_file() else [])
        linjer = [linje for dok in dokumenter for linje in unsupported_constructs(projekt, config, dok)]
    except RenderError as e:
        print(f"\nwarning: {e}")
        return
    if not linjer:
        print(f"\nBuilt-in engine: all {len(dokumenter)} documents are inside its subset.")
        return
    print(f"\nBuilt-in engine: {len(linjer)} construct(s) it cannot render as Quarto does (`klynge render` "
          "needs Quarto for these documents):")
    for linje in linjer:
        print(f"warning: {linje}")
