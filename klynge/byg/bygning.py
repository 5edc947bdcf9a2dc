"""`klynge render`: build _site/ with Quarto when it is installed, else with the built-in engine."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from klynge.byg.sider import specialer
from klynge.byg.afhaengigheder import fingeraftryk, kode_fingeraftryk
from klynge.data.redaktionelt import kontroller_filer, kontroller_tekster
from klynge.data.versionsstyring import afvis_svar_i_git
from klynge.fejl import DataFejl
from klynge.render import BuildRunning, Refused, RefusedLink, RenderError, build_project


def byg(rod: Path, speciale: str | None = None, tving: bool = False, arbejdere: int | None = None,
        params: dict | None = None) -> int:
    try:
        afvis_svar_i_git(rod / "data")  # real answers in a place git keeps: nothing is built
        slugs = {slug for slug, _ in specialer(rod / "data")}
        problemer = kontroller_filer(rod / "data")  # before the cache can take a page as unchanged
        if problemer:
            raise DataFejl(problemer)
    except DataFejl as e:
        for p in e.problemer:
            print(f"error: {p}", file=sys.stderr)
        return 1
    filer = None
    if speciale:
        if speciale not in slugs:
            print(f"error: unknown speciale '{speciale}' (known: {', '.join(sorted(slugs))})", file=sys.stderr)
            return 1
        filer = [f"reports/{speciale}.qmd"]
    quarto = shutil.which("quarto")
    if quarto:
        # Quarto runs the pre-render step (_quarto_trin.py: klynge pages, and the guard of its
        # freezer, klynge/byg/frys.py) itself.
        print(f"Rendering with Quarto ({quarto})")
        saetninger = [a for navn, vaerdi in (params or {}).items() for a in ("-P", f"{navn}:{vaerdi}")]
        return subprocess.run([quarto, "render", *(filer or []), *saetninger], cwd=rod).returncode

    try:
        resultat = byg_med_motor(rod, slugs, filer=filer, tving=tving, arbejdere=arbejdere, params=params)
    except BuildRunning as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except Refused as e:  # a construct the engine does not render as Quarto: one line, as it is
        print(e, file=sys.stderr)
        return 1
    except RefusedLink as e:
        # The link came from the data (a name, a question): say where, and what the page said.
        steder = linkens_kilder(rod, e.target)
        for sted in steder:
            print(f"error: {sted}: a link to '{e.target}'; only the site's own files are published", file=sys.stderr)
        print(f"error: {e}", file=sys.stderr)
        return 1
    except RenderError as e:
        for linje in fejllinjer(rod, e):
            print(f"error: {linje}", file=sys.stderr)
        return 1
    print(f"Site written to {resultat.out_dir}: {len(resultat.executed)} executed, "
          f"{len(resultat.reused)} unchanged.")
    return 0


def fejllinjer(rod: Path, fejl: Exception) -> list[str]:
    """What a failed build says, one line per problem: the same in `klynge render` and in the
    preview. A document that stops on bad data reports it from inside some cell, all on one line;
    the data's own problems, one per line with file, line and column, say more. A Typst or
    pandoc error that a line of an editorial text caused is named by that line first."""
    problemer = dataproblemer(rod)
    if problemer:
        return [str(p) for p in problemer]
    besked = " ".join(str(fejl).split())
    kilde = redaktionel_kilde(rod, besked)
    return [f"{kilde}: the sheet cannot be built from this line ({besked})"] if kilde else [besked]


def redaktionel_kilde(rod: Path, besked: str) -> str | None:
    """`data/tekster/<slug>.md:<line>` of the editorial-text line a conversion error of the sheet
    `reports/<slug>.qmd` points at, or None when the error came from elsewhere. The converter
    quotes the source line it failed on; the editorial line sharing most of its words is it."""
    import re

    m = re.match(r"reports/([a-z0-9-]+)\.qmd: .*\[source line: (.*)\]$", besked)
    if not m:
        return None
    sti = rod / "data" / "tekster" / f"{m.group(1)}.md"
    ord_ = {o.casefold() for o in re.findall(r"[^\W\d_]{3,}", m.group(2))} - {"link", "strong", "emph", "text"}
    try:
        linjer = sti.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    point = [(len(ord_ & {o.casefold() for o in re.findall(r"[^\W\d_]{3,}", linje)}), nr)
             for nr, linje in enumerate(linjer, 1)]
    bedst = max(point, default=(0, 0))
    if bedst[0] < 2 or sum(p == bedst[0] for p, _ in point) > 1:
        return None
    return f"data/tekster/{sti.name}:{bedst[1]}"


def dataproblemer(rod: Path) -> list:
    """Every problem `klynge check` would find in data/ (its data files, the slugs and the
    editorial texts), without the audit of the published figures."""
    from klynge.data.indlaes import indlaes  # pandas: loaded only when a build fails, not on every render
    data = rod / "data"
    try:
        slugs = [slug for slug, _ in specialer(data)]
        indlaes(data)
    except DataFejl as e:
        return e.problemer
    problemer = kontroller_tekster(data, slugs)
    if problemer:
        return problemer
    # A sheet whose words contradict its own figures (klynge.ark.paastande): one line per claim.
    from klynge.ark import faktaark  # the sheets (pandas, babel): loaded only when a build has failed

    for slug in slugs:
        try:
            faktaark.lav(slug, rod)
        except DataFejl as e:
            problemer += e.problemer
    return problemer


def linkens_kilder(rod: Path, maal: str) -> list[str]:
    """file:line of each line in data/ that holds the link target ``maal``."""
    steder = []
    data = rod / "data"
    for sti in sorted(p for p in data.rglob("*") if p.suffix in (".csv", ".md", ".toml") and p.is_file()):
        try:
            linjer = sti.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        steder += [f"{sti.relative_to(rod).as_posix()}:{nr}" for nr, linje in enumerate(linjer, 1) if maal in linje]
    return steder


def byg_med_motor(rod: Path, slugs: set[str], *, filer: list[str] | None = None, tving: bool = False,
                  arbejdere: int | None = None, params: dict | None = None, kode: str | None = None,
                  progress=print):
    """The built-in engine with the cache keyed on what each document reads (klynge.byg.afhaengigheder)."""
    kode = kode if kode is not None else kode_fingeraftryk()
    # Strict: an inline expression Quarto would print as code is a bug in our documents.
    return build_project(rod, files=filer, params=params, force=tving, workers=arbejdere, progress=progress,
                         extra_key=lambda dok: fingeraftryk(rod, dok, slugs, kode, params), strict=True)
