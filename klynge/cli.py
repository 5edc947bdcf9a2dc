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
    from klynge.byg import kontrol
    from klynge.data.versionsstyring import afvis_svar_i_git

    afvis_svar_i_git(Path(args.data))
    return kontrol.check(Path(args.data), f"{args.data}/")


def kommando_generate(args: argparse.Namespace) -> int:
    from klynge.data.datakilde import med_datakilde
    from klynge.data.fortrolig import uden_fortroligt
    from klynge.data.indlaes import REKONSTRUERET, indlaes, indlaes_grundlag
    from klynge.data.publiceret import laes_publicerede
    from klynge.betingelser import kontroller
    from klynge.rekonstruktion import laes_plan, rekonstruer

    mappe = Path(args.data)
    if args.demo_round:
        return _demo_runde(mappe, Path(args.demo_round))
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


def _demo_runde(mappe: Path, fil: Path) -> int:
    """A constructed second round as an export for `klynge import` (klynge.demorunde)."""
    from klynge.ark.tal import MAERKE
    from klynge.data.demonstration import PRAEFIKS
    from klynge.data.fortrolig import DEMONSTRATION, besvarelser_sti, visningsnavn
    from klynge.data.indlaes import indlaes_grundlag
    from klynge.data.versionsstyring import git_gemmer
    from klynge.demorunde import anden_runde

    _, skema, _ = indlaes_grundlag(mappe)
    if git_gemmer(fil.absolute()):
        raise DataFejl([Problem(str(fil), None, None, "git would keep this file; write the demonstration round "
                                                      "outside the checkout or into the confidential folder")])
    svar = besvarelser_sti(mappe)
    if not svar.is_file():
        raise DataFejl([Problem(visningsnavn(svar, mappe), None, None, "file is missing: the demonstration round is "
                                                                      "made from the answers in use")])
    tekst = anden_runde(svar.read_text(encoding="utf-8"), skema)
    _skriv_atomisk(fil, tekst)
    print(f"Wrote {fil}: a constructed demonstration round for trying survey rounds (every answer invented; "
          f"respondent ids {PRAEFIKS}…).\n"
          f"`klynge import {fil}` writes it to the confidential folder and sets datakilde = \"{DEMONSTRATION}\": "
          f"every sheet is then a draft, every figure from the answers marked {MAERKE}, and `klynge release` "
          f"refuses it without --draft. Keep the current round first (`klynge round save NAME`) and set "
          f"`indsamlet` in {mappe / 'indstillinger.toml'} to another time (README, \"En ny runde\").")
    return 0


def kommando_round(args: argparse.Namespace) -> int:
    from klynge.byg.runde import gem_runde

    for linje in gem_runde(Path(args.data), args.name):
        print(linje)
    return 0


def kommando_import(args: argparse.Namespace) -> int:
    from klynge.byg import kontrol
    from klynge.data.eksport import laes_eksport

    mappe = Path(args.data)
    # The export first: a hostile file is refused before the codebook (pandas, pandera) is loaded.
    eksport = Path(args.export)
    tabel = laes_eksport(eksport, args.sheet, navn=args.export)

    import csv
    import io

    from klynge.data.datakilde import med_datakilde
    from klynge.data.demonstration import PRAEFIKS, er_demonstration
    from klynge.data.fortrolig import (DEMONSTRATION, STANDARDMAPPE, SVARFIL, MILJOEVARIABEL, fortrolig_mappe,
                                       indstillinger_raa, skriv_fortroligt, svar_er_fortrolige, uden_fortroligt,
                                       visningsnavn)
    from klynge.data.importer import importer
    from klynge.data.indlaes import indlaes, indlaes_eksportnavne, indlaes_grundlag
    from klynge.data.versionsstyring import git_gemmer

    specialer, skema, _ = indlaes_grundlag(mappe)
    # Real answers go to the confidential folder, never to a place git keeps.
    maal = fortrolig_mappe(mappe) / SVARFIL
    vist = visningsnavn(maal, mappe)
    hvad = git_gemmer(maal) if not args.check else None
    if hvad:
        raise DataFejl([Problem(vist, None, None,
                                f"git {'tracks it' if hvad == 'tracked' else 'would commit it (it is not ignored)'}: "
                                f"real answers are not written where git keeps them; add its folder to .gitignore, "
                                f"or set {MILJOEVARIABEL} to a folder outside the checkout")])
    resultat = importer(tabel, specialer, skema, indlaes_eksportnavne(mappe))
    for linje in resultat.opsummering:
        print(linje)
    print()
    # A constructed demonstration round (klynge.demorunde) is read as one, never as the survey's
    # answers: its data source is set with it, so its sheets are drafts with every figure marked.
    indstillinger_sti = mappe / "indstillinger.toml"
    demo_indstilling = None
    if er_demonstration(r["respondent_id"] for r in csv.DictReader(io.StringIO(resultat.tekst))):
        demo_indstilling = med_datakilde(indstillinger_sti.read_text(encoding="utf-8"), DEMONSTRATION)
        print(f"The export is a constructed demonstration round (respondent ids {PRAEFIKS}…, `klynge generate "
              f"--demo-round`): its answers are invented; datakilde = \"{DEMONSTRATION}\" goes with them.\n")
    if git_gemmer(eksport.absolute()):
        print(f"warning: {args.export}: git would commit this export (it is not ignored); move it out of the "
              f"checkout, or into {visningsnavn(maal.parent, mappe)}/\n")
    # The same checks as `klynge check`, on a copy: nothing is written unless they pass.
    with tempfile.TemporaryDirectory() as tmp:
        proeve = Path(tmp) / "data"
        shutil.copytree(mappe, proeve, ignore=uden_fortroligt(mappe))
        proeve_svar = Path(tmp) / SVARFIL
        proeve_svar.write_text(resultat.tekst, encoding="utf-8", newline="")
        if demo_indstilling is not None:
            (proeve / "indstillinger.toml").write_text(demo_indstilling, encoding="utf-8", newline="")
        if args.check:
            kode = kontrol.check(proeve, f"{args.data}/ with the import", proeve_svar)
            print(f"\n--check: {vist} was not written.")
            return kode
        indlaes(proeve, proeve_svar)
    if maal.is_file() and maal.read_bytes() == resultat.tekst.encode("utf-8"):
        os.chmod(maal, 0o600)
        print(f"{vist} already holds exactly these answers; not rewritten.\n")
    else:
        standard = os.path.normpath(maal.parent.absolute()) == os.path.normpath((mappe / STANDARDMAPPE).absolute())
        if maal.is_file():
            # Other answers are there already: an import never destroys them (they may be the only copy).
            import datetime as dt

            kopi = maal.with_name(f"{SVARFIL}.{dt.datetime.now():%Y%m%dT%H%M%S}.bak")
            fd = os.open(kopi, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(maal.read_bytes())
            print(f"Kept the answers that were in {vist} as {visningsnavn(kopi, mappe)}.")
        skriv_fortroligt(maal, resultat.tekst, stram_mappe=standard)
        print(f"Wrote {vist} (readable by you only; git does not keep it): {len(tabel.raekker)} respondents. "
              "Now checking as `klynge check` does:\n")
    if demo_indstilling is not None and demo_indstilling != indstillinger_sti.read_text(encoding="utf-8"):
        _skriv_atomisk(indstillinger_sti, demo_indstilling)
        print(f'{indstillinger_sti} now says datakilde = "{DEMONSTRATION}": the sheets are drafts of a constructed '
              f'round, every figure from the answers marked.\n')
    kode = kontrol.check(mappe, f"{args.data}/ with the import", maal)
    if demo_indstilling is None and indstillinger_raa(mappe).get("datakilde") == DEMONSTRATION:
        print(f'\nNote: data/indstillinger.toml says datakilde = "{DEMONSTRATION}", so the sheets are marked as a '
              f'constructed demonstration round; set datakilde = "undersoegelse" if {vist} holds the survey\'s answers.')
    elif not svar_er_fortrolige(mappe):
        print(f'\nNote: data/indstillinger.toml says datakilde = "rekonstrueret", so check, render and preview '
              f'still use the reconstructed rows in data/{SVARFIL}; set datakilde = "undersoegelse" to use {vist}.')
    return kode


def kommando_pages(args: argparse.Namespace) -> int:
    from klynge.byg.sider import synkroniser_sider
    from klynge.data.versionsstyring import afvis_svar_i_git

    # Quarto's pre-render step: `quarto render` stops here too.
    afvis_svar_i_git(Path(args.project) / "data")
    aendret = synkroniser_sider(Path(args.project))
    for linje in aendret:
        print(linje)
    return 0


def kommando_git_guard(args: argparse.Namespace) -> int:
    from klynge.data.versionsstyring import commit_problemer, installer_krog

    projekt = Path(args.project)
    if args.action == "install":
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
    return byg(Path(args.project), speciale=args.specialty, tving=args.force, arbejdere=args.workers,
               params=params or None)


def kommando_release(args: argparse.Namespace) -> int:
    from klynge.udgivelse.kommando import kommando

    return kommando(Path(args.project), args.name, udkast=args.draft, tillad_forskel=args.allow_difference,
                    sammenlign_med=args.compare, render=not args.no_render)


def kommando_bench(args: argparse.Namespace) -> int:
    from klynge.byg.bench import bench, tabel

    skala = tuple(int(x) for x in args.scale.split(",")) if args.scale else ()
    raekker = tuple(int(x) for x in args.rows.split(",")) if args.rows else ()
    print(tabel(bench(Path(args.project), gentagelser=args.repeats, skala=skala, raekker=raekker,
                      kun_preview=args.preview_only)))
    return 0


def kommando_preview(args: argparse.Namespace) -> int:
    from klynge.byg.preview import preview

    return preview(Path(args.project), port=args.port, vaert=args.host, speciale=args.specialty)


# The Danish names of the first versions, kept hidden for one version: each use prints one line
# naming the English one. Commands, then options (any command's), then git-guard's actions.
DANSKE_KOMMANDOER = {"generer": "generate", "importer": "import", "sider": "pages", "git-vagt": "git-guard",
                     "udgiv": "release"}
DANSKE_TILVALG = {"--ark": "--sheet", "--kontroller": "--check", "--projekt": "--project", "--speciale": "--specialty",
                  "--udkast": "--draft", "--tillad-forskel": "--allow-difference", "--uden-render": "--no-render",
                  "--sammenlign": "--compare", "--gentagelser": "--repeats", "--skala": "--scale",
                  "--raekker": "--rows", "--kun-preview": "--preview-only"}
DANSKE_HANDLINGER = {"installer": "install", "kontroller": "check"}


def _engelske_navne(argv: list[str]) -> list[str]:
    """`argv` with the old Danish names replaced by the English ones, one note on stderr for each."""
    ud, kommando = [], None
    for i, arg in enumerate(argv):
        ny = arg
        if kommando is None and not arg.startswith("-"):
            ny = kommando = DANSKE_KOMMANDOER.get(arg, arg)
        elif kommando == "git-guard" and arg in DANSKE_HANDLINGER and not argv[i - 1].startswith("--"):
            ny = DANSKE_HANDLINGER[arg]
        elif arg.startswith("--"):
            navn, lig, vaerdi = arg.partition("=")
            if navn in DANSKE_TILVALG:
                ny = DANSKE_TILVALG[navn] + lig + vaerdi
        if ny != arg:
            gammel, nyt = arg.partition("=")[0], ny.partition("=")[0]
            print(f"note: `{gammel}` is now `{nyt}`; the Danish name goes in the next version", file=sys.stderr)
        ud.append(ny)
    return ud


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="klynge", description="Fact sheets on the quality-cluster survey.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("check", help="validate the data and audit the published figures")
    p.add_argument("--data", default="data", help="data folder (default: data)")
    p.set_defaults(func=kommando_check)
    p = sub.add_parser("generate", help="reconstruct data/besvarelser.csv from the published figures")
    p.add_argument("--data", default="data", help="data folder (default: data)")
    p.add_argument("--demo-round", metavar="FILE", help="instead, write a constructed second round (every answer "
                                                        "invented) as an export FILE outside git; `klynge import` "
                                                        "reads it with datakilde = \"demonstration\", as a draft")
    p.set_defaults(func=kommando_generate)
    p = sub.add_parser("import", help="read a survey export (.xlsx or .csv) into the confidential folder "
                                      "(data/fortroligt/besvarelser.csv, outside version control)")
    p.add_argument("export", metavar="EXPORT", help="the export: an .xlsx workbook or a .csv file")
    p.add_argument("--sheet", help="the workbook's sheet to read (default: the first)")
    p.add_argument("--check", action="store_true", help="check and report only; write nothing")
    p.add_argument("--data", default="data", help="data folder (default: data)")
    p.set_defaults(func=kommando_import)
    p = sub.add_parser("pages", help="make reports/<specialty>.qmd match data/specialer.csv (Quarto's pre-render step)")
    p.add_argument("--project", default=".", help="project folder (default: .)")
    p.set_defaults(func=kommando_pages)
    p = sub.add_parser("git-guard", help="guard git against real answers: `install` the pre-commit hook, "
                                         "or `check` the staged commit (what the hook runs)")
    p.add_argument("action", choices=("install", "check"))
    p.add_argument("--project", default=".", help="project folder (default: .)")
    p.set_defaults(func=kommando_git_guard)
    p = sub.add_parser("render", help="build _site/ (with Quarto if it is on PATH, else the built-in engine)")
    p.add_argument("--specialty", help="render only this specialty's fact sheet")
    p.add_argument("-P", dest="params", action="append", default=[], metavar="NAME:VALUE",
                   help="a parameter, as quarto render -P: -P speciale:<slug> makes reports/faktaark that sheet")
    p.add_argument("--force", action="store_true", help="ignore the build cache")
    p.add_argument("--workers", type=int, help="documents rendered at once (default: one per core)")
    p.add_argument("--project", default=".", help="project folder (default: .)")
    p.set_defaults(func=kommando_render)
    p = sub.add_parser("preview", help="serve the site, re-render on every saved change, reload the browser")
    p.add_argument("--port", type=int, default=4242, help="port (default: 4242; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1, this machine only)")
    p.add_argument("--specialty", help="preview only this specialty's fact sheet")
    p.add_argument("--project", default=".", help="project folder (default: .)")
    p.set_defaults(func=kommando_preview)
    p = sub.add_parser("release", help="freeze the current sheets as a release in data/udgivelser/NAME/")
    p.add_argument("name", metavar="NAME", nargs="?", help="the release's name, e.g. 2026-03")
    p.add_argument("--draft", action="store_true", help="release drafts (reconstructed answers or a demonstration round)")
    p.add_argument("--allow-difference", action="store_true",
                   help="release although figures differ from the last release by fewer than min_svar answers")
    p.add_argument("--compare", nargs=2, metavar=("A", "B"),
                   help="compare two releases ('aktuel': the current data) and write nothing")
    p.add_argument("--no-render", action="store_true", help="write the release only; render the site yourself")
    p.add_argument("--project", default=".", help="project folder (default: .)")
    p.set_defaults(func=kommando_release)
    p = sub.add_parser("round", help="survey rounds: `save NAME` keeps the current round in data/runder/NAME/ "
                                     "(its answers in the confidential folder) before the next one")
    p.add_argument("action", choices=("save",))
    p.add_argument("name", metavar="NAME", help="the round's name, e.g. 2025")
    p.add_argument("--data", default="data", help="data folder (default: data)")
    p.set_defaults(func=kommando_round)
    p = sub.add_parser("bench", help="time cold, partial and incremental builds on copies of the project")
    p.add_argument("--repeats", type=int, default=3, help="runs per case (default: 3)")
    p.add_argument("--scale", default="5,20,50", help="specialty counts for the scale curve ('' to skip)")
    p.add_argument("--rows", default="",
                   help="answer-row counts for the data-size curve of check and render, e.g. 2000,20000,200000")
    p.add_argument("--preview-only", action="store_true",
                   help="only the one-specialty build and the preview cases (edits, memory)")
    p.add_argument("--project", default=".", help="project folder (default: .)")
    p.set_defaults(func=kommando_bench)
    args = parser.parse_args(_engelske_navne(sys.argv[1:] if argv is None else list(argv)))
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
