"""The `klynge` command: check the data, reconstruct the answers, render the site."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from klynge.fejl import DataFejl, Problem


def _skriv_atomisk(sti: Path, tekst: str) -> None:
    """Write via a temporary file and rename, so a failure never leaves half a file."""
    fd, tmp = tempfile.mkstemp(dir=sti.parent, prefix=f".{sti.name}.")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(tekst)
    os.replace(tmp, sti)


def kommando_check(args: argparse.Namespace) -> int:
    from klynge.data.versionsstyring import afvis_svar_i_git

    afvis_svar_i_git(Path(args.data))
    return _check(Path(args.data), f"{args.data}/")


def _check(mappe: Path, vist: str, besvarelser: Path | None = None) -> int:
    """Validate the data in `mappe` and audit the published figures; `vist` names the folder.
    The answers are those in use (klynge.data.fortrolig), or the file `besvarelser`."""
    from klynge.data.fortrolig import besvarelser_sti, visningsnavn
    from klynge.data.indlaes import indlaes
    from klynge.data.publiceret import laes_publicerede
    from klynge.ark.revision import AFVIGER, FUND, SKJULT, revider, valider_publicerede

    from klynge.byg.sider import specialer
    from klynge.data.redaktionelt import kontroller_tekster
    from klynge.data.tekstkontrol import kontroller_tekster as figurer_i_tekster

    u = indlaes(mappe, besvarelser)
    svar = besvarelser if besvarelser is not None else besvarelser_sti(mappe)
    specialer(mappe)  # slugs that would take the name of another page of the site
    problemer = kontroller_tekster(mappe, [sp.slug for sp in u.specialer])
    publicerede = laes_publicerede(mappe / "publicerede_tal.csv")
    problemer += valider_publicerede(publicerede, u) + figurer_i_tekster(mappe, u.indstillinger.ordvalg)
    if not u.indstillinger.rekonstrueret:
        from klynge.rekonstruktion import er_rekonstruktionen

        if er_rekonstruktionen(mappe, u.specialer, u.skema, publicerede, u.indstillinger.min_svar, svar):
            problemer.append(Problem("data/indstillinger.toml", None, "datakilde",
                                     f"says '{u.indstillinger.datakilde}', but {visningsnavn(svar, mappe)} is exactly "
                                     f"what `klynge generer` makes from the published figures: set it to 'rekonstrueret'"))
    if problemer:
        raise DataFejl(problemer)
    kontroller = revider(u, publicerede)
    kilde = ("reconstructed by `klynge generer`: the site is marked as a draft" if u.indstillinger.rekonstrueret
             else "a survey export")
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
    _check_claims(u, mappe, publicerede)
    _check_engine_subset(mappe.resolve().parent)
    return 0


def _check_claims(u, mappe: Path, publicerede) -> None:
    """List every claim each sheet's words make about its figures and whether it holds
    (klynge.ark.paastande); raise DataFejl, one line per claim that does not."""
    from klynge.ark import faktaark
    from klynge.ark.proveniens import Proveniens, publicerede_ankre
    from klynge.data.redaktionelt import laes_tekster

    problemer, antal = [], 0
    for sp in u.specialer:
        if len(u.besvarelser_for(sp.slug)) < u.indstillinger.min_svar:
            print(f"== Claims: {sp.navn}: none (fewer than {u.indstillinger.min_svar} answers, no figures shown)")
            continue
        prov = Proveniens(True, publicerede_ankre(u, publicerede, sp.slug)) if u.indstillinger.rekonstrueret \
            else Proveniens(False)
        tekster = laes_tekster(mappe / "tekster" / f"{sp.slug}.md", f"data/tekster/{sp.slug}.md")
        ark = faktaark.Faktaark(u, sp, tekster, prov,
                                faktaark.publicerede_udsagn(u, sp.slug, mappe))
        udfald = faktaark.kontroller_paastande(ark)
        antal += len(udfald)
        fejl = sum(x.fejl is not None for x in udfald)
        print(f"== Claims: {sp.navn} ({len(udfald)} claims, " + (f"{fejl} do not hold)" if fejl else "all hold)"))
        for x in udfald:
            print(f"  {x}")
        print()
        problemer += faktaark.paastandsproblemer(ark, udfald)
    print(f"{antal} claims checked against the sheets' own figures.")
    if problemer:
        raise DataFejl(problemer)


def _check_engine_subset(projekt: Path) -> None:
    """Say in advance which documents the built-in engine would refuse (Quarto renders them)."""
    from klynge.render import RenderError, unsupported_constructs
    from klynge.render.site import load_yaml, render_list

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


def kommando_generer(args: argparse.Namespace) -> int:
    from klynge.data.datakilde import med_datakilde
    from klynge.data.fortrolig import uden_fortroligt
    from klynge.data.indlaes import REKONSTRUERET, indlaes, indlaes_grundlag
    from klynge.data.publiceret import laes_publicerede
    from klynge.betingelser import kontroller
    from klynge.rekonstruktion import laes_plan, rekonstruer

    mappe = Path(args.data)
    indstillinger_sti = mappe / "indstillinger.toml"
    maal = mappe / "besvarelser.csv"
    with tempfile.TemporaryDirectory() as tmp:
        # Everything is made and validated in a copy, with the provenance line already set
        # (so settings without it are fine), before anything in data/ is replaced.
        proeve = Path(tmp) / "data"
        shutil.copytree(mappe, proeve, ignore=uden_fortroligt(mappe))
        ny_indstilling = None
        if indstillinger_sti.exists():
            ny_indstilling = med_datakilde(indstillinger_sti.read_text(encoding="utf-8"), REKONSTRUERET)
            (proeve / "indstillinger.toml").write_text(ny_indstilling, encoding="utf-8", newline="")
        specialer, skema, indstillinger = indlaes_grundlag(proeve)
        publicerede = laes_publicerede(proeve / "publicerede_tal.csv")
        plan = laes_plan(proeve / "rekonstruktion.toml")
        tekst = rekonstruer(specialer, skema, publicerede, plan, indstillinger.min_svar)
        (proeve / "besvarelser.csv").write_text(tekst, encoding="utf-8", newline="")
        u = indlaes(proeve)
        betingelser = kontroller(u, plan)
    # The provenance first: if the second write fails, the data still say "reconstructed".
    _skriv_atomisk(indstillinger_sti, ny_indstilling)
    _skriv_atomisk(maal, tekst)
    print(f"Wrote {maal}: {len(u.besvarelser)} reconstructed respondents; "
          f"{indstillinger_sti} says datakilde = \"{REKONSTRUERET}\".")
    print(f"\nQualitative constraints ({mappe / 'rekonstruktion.toml'}: udsagn and sammenhaeng), {len(betingelser)}:")
    bredde = max((len(b.navn) for b in betingelser), default=10)
    for b in betingelser:
        print(f"  {'holds' if b.holder else 'FAILS'}  {b.navn:<{bredde}}  {b.fundet}")
    ikke = [b for b in betingelser if not b.holder]
    if ikke:
        print(f"\n{len(ikke)} of {len(betingelser)} constraints cannot be met:")
        for b in ikke:
            print(f"warning: {b.navn}: the data give {b.fundet}; the published sheet says \"{b.citat}\"", file=sys.stderr)
    else:
        print(f"\nAll {len(betingelser)} constraints hold.")
    return 0


def kommando_importer(args: argparse.Namespace) -> int:
    from klynge.data.eksport import laes_eksport
    from klynge.data.fortrolig import (STANDARDMAPPE, SVARFIL, MILJOEVARIABEL, er_undersoegelse, fortrolig_mappe,
                                       skriv_fortroligt, uden_fortroligt, visningsnavn)
    from klynge.data.importer import importer
    from klynge.data.indlaes import indlaes, indlaes_eksportnavne, indlaes_grundlag
    from klynge.data.versionsstyring import git_gemmer

    mappe = Path(args.data)
    specialer, skema, _ = indlaes_grundlag(mappe)
    # Real answers go to the confidential folder, never to a place git keeps.
    maal = fortrolig_mappe(mappe) / SVARFIL
    vist = visningsnavn(maal, mappe)
    hvad = git_gemmer(maal) if not args.kontroller else None
    if hvad:
        raise DataFejl([Problem(vist, None, None,
                                f"git {'tracks it' if hvad == 'tracked' else 'would commit it (it is not ignored)'}: "
                                f"real answers are not written where git keeps them; add its folder to .gitignore, "
                                f"or set {MILJOEVARIABEL} to a folder outside the checkout")])
    eksport = Path(args.eksport)
    tabel = laes_eksport(eksport, args.ark, navn=args.eksport)
    resultat = importer(tabel, specialer, skema, indlaes_eksportnavne(mappe))
    for linje in resultat.opsummering:
        print(linje)
    print()
    if git_gemmer(eksport.absolute()):
        print(f"warning: {args.eksport}: git would commit this export (it is not ignored); move it out of the "
              f"checkout, or into {visningsnavn(maal.parent, mappe)}/\n")
    # The same checks as `klynge check`, on a copy: nothing is written unless they pass.
    with tempfile.TemporaryDirectory() as tmp:
        proeve = Path(tmp) / "data"
        shutil.copytree(mappe, proeve, ignore=uden_fortroligt(mappe))
        proeve_svar = Path(tmp) / SVARFIL
        proeve_svar.write_text(resultat.tekst, encoding="utf-8", newline="")
        if args.kontroller:
            kode = _check(proeve, f"{args.data}/ with the import", proeve_svar)
            print(f"\n--kontroller: {vist} was not written.")
            return kode
        indlaes(proeve, proeve_svar)
    if maal.is_file() and maal.read_bytes() == resultat.tekst.encode("utf-8"):
        os.chmod(maal, 0o600)
        print(f"{vist} already holds exactly these answers; not rewritten.\n")
    else:
        standard = os.path.normpath(maal.parent.absolute()) == os.path.normpath((mappe / STANDARDMAPPE).absolute())
        skriv_fortroligt(maal, resultat.tekst, stram_mappe=standard)
        print(f"Wrote {vist} (readable by you only; git does not keep it): {len(tabel.raekker)} respondents. "
              "Now checking as `klynge check` does:\n")
    kode = _check(mappe, f"{args.data}/ with the import", maal)
    if not er_undersoegelse(mappe):
        print(f'\nNote: data/indstillinger.toml says datakilde = "rekonstrueret", so check, render and preview '
              f'still use the reconstructed rows in data/{SVARFIL}; set datakilde = "undersoegelse" to use {vist}.')
    return kode


def kommando_sider(args: argparse.Namespace) -> int:
    from klynge.byg.sider import synkroniser_sider
    from klynge.data.versionsstyring import afvis_svar_i_git

    # Quarto's pre-render step: `quarto render` stops here too.
    afvis_svar_i_git(Path(args.projekt) / "data")
    aendret = synkroniser_sider(Path(args.projekt))
    for linje in aendret:
        print(linje)
    return 0


def kommando_git_vagt(args: argparse.Namespace) -> int:
    from klynge.data.versionsstyring import commit_problemer, installer_krog

    projekt = Path(args.projekt)
    if args.handling == "installer":
        krog = installer_krog(projekt, sys.executable)
        print(f"Installed {krog}: a commit that adds real survey answers is refused.")
        return 0
    problemer = commit_problemer(projekt)
    if problemer:
        raise DataFejl(problemer)
    return 0


def kommando_render(args: argparse.Namespace) -> int:
    from klynge.byg.bygning import byg

    params = {}
    for punkt in args.params:
        navn, kolon, vaerdi = punkt.partition(":")
        if not kolon or not navn:
            print(f"error: -P {punkt}: expected NAME:VALUE", file=sys.stderr)
            return 2
        params[navn] = vaerdi
    return byg(Path(args.projekt), speciale=args.speciale, tving=args.force, arbejdere=args.workers,
               params=params or None)


def kommando_udgiv(args: argparse.Namespace) -> int:
    from klynge.byg.udgivelse import kommando

    return kommando(Path(args.projekt), args.navn, udkast=args.udkast, tillad_forskel=args.tillad_forskel,
                    sammenlign_med=args.sammenlign, render=not args.uden_render)


def kommando_bench(args: argparse.Namespace) -> int:
    from klynge.byg.bench import bench, tabel

    skala = tuple(int(x) for x in args.skala.split(",")) if args.skala else ()
    raekker = tuple(int(x) for x in args.raekker.split(",")) if args.raekker else ()
    print(tabel(bench(Path(args.projekt), gentagelser=args.gentagelser, skala=skala, raekker=raekker,
                      kun_preview=args.kun_preview)))
    return 0


def kommando_preview(args: argparse.Namespace) -> int:
    from klynge.byg.preview import preview

    return preview(Path(args.projekt), port=args.port, vaert=args.host, speciale=args.speciale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="klynge", description="Fact sheets on the quality-cluster survey.")
    sub = parser.add_subparsers(dest="kommando", required=True)
    p = sub.add_parser("check", help="validate the data and audit the published figures")
    p.add_argument("--data", default="data", help="data folder (default: data)")
    p.set_defaults(func=kommando_check)
    p = sub.add_parser("generer", help="reconstruct data/besvarelser.csv from the published figures")
    p.add_argument("--data", default="data")
    p.set_defaults(func=kommando_generer)
    p = sub.add_parser("importer", help="read a survey export (.xlsx or .csv) into the confidential folder "
                                        "(data/fortroligt/besvarelser.csv, outside version control)")
    p.add_argument("eksport", help="the export: an .xlsx workbook or a .csv file")
    p.add_argument("--ark", help="the workbook's sheet to read (default: the first)")
    p.add_argument("--kontroller", action="store_true", help="check and report only; write nothing")
    p.add_argument("--data", default="data")
    p.set_defaults(func=kommando_importer)
    p = sub.add_parser("sider", help="make reports/<speciale>.qmd match data/specialer.csv")
    p.add_argument("--projekt", default=".")
    p.set_defaults(func=kommando_sider)
    p = sub.add_parser("git-vagt", help="guard git against real answers: `installer` the pre-commit hook, "
                                        "or `kontroller` the staged commit (what the hook runs)")
    p.add_argument("handling", choices=("installer", "kontroller"))
    p.add_argument("--projekt", default=".")
    p.set_defaults(func=kommando_git_vagt)
    p = sub.add_parser("render", help="build _site/ (with Quarto if it is on PATH, else the built-in engine)")
    p.add_argument("--speciale", help="render only this specialty's fact sheet")
    p.add_argument("-P", dest="params", action="append", default=[], metavar="NAME:VALUE",
                   help="a parameter, as quarto render -P: -P speciale:<slug> makes reports/faktaark that sheet")
    p.add_argument("--force", action="store_true", help="ignore the build cache")
    p.add_argument("--workers", type=int, help="documents rendered at once (default: one per core)")
    p.add_argument("--projekt", default=".")
    p.set_defaults(func=kommando_render)
    p = sub.add_parser("preview", help="serve the site, re-render on every saved change, reload the browser")
    p.add_argument("--port", type=int, default=4242, help="port (default: 4242; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1, this machine only)")
    p.add_argument("--speciale", help="preview only this specialty's fact sheet")
    p.add_argument("--projekt", default=".")
    p.set_defaults(func=kommando_preview)
    p = sub.add_parser("udgiv", help="freeze the current sheets as a release in data/udgivelser/NAVN/")
    p.add_argument("navn", nargs="?", help="the release's name, e.g. 2026-03")
    p.add_argument("--udkast", action="store_true", help="release drafts made from reconstructed answers")
    p.add_argument("--tillad-forskel", action="store_true",
                   help="release although figures differ from the last release by fewer than min_svar answers")
    p.add_argument("--sammenlign", nargs=2, metavar=("A", "B"),
                   help="compare two releases ('aktuel': the current data) and write nothing")
    p.add_argument("--uden-render", action="store_true", help="write the release only; render the site yourself")
    p.add_argument("--projekt", default=".")
    p.set_defaults(func=kommando_udgiv)
    p = sub.add_parser("bench", help="time cold, partial and incremental builds on copies of the project")
    p.add_argument("--gentagelser", type=int, default=3, help="runs per case (default: 3)")
    p.add_argument("--skala", default="5,20,50", help="specialty counts for the scale curve ('' to skip)")
    p.add_argument("--raekker", default="",
                   help="answer-row counts for the data-size curve of check and render, e.g. 2000,20000,200000")
    p.add_argument("--kun-preview", action="store_true",
                   help="only the one-specialty build and the preview cases (edits, memory)")
    p.add_argument("--projekt", default=".")
    p.set_defaults(func=kommando_bench)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataFejl as e:
        for problem in e.problemer:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def koer() -> None:
    """The `klynge` program: `main`, then exit without tearing the interpreter down.

    A build leaves pandas, matplotlib and IPython objects by the hundred thousand; freeing them
    one by one at exit takes about half a second and achieves nothing. Every file is closed by
    then, and the exit handlers still run.
    """
    import atexit

    kode = main()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(kode)


if __name__ == "__main__":
    koer()
