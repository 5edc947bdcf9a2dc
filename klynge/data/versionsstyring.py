"""Real answers never enter version control: what git would keep, and the refusals.

A file holds answers when it is a spreadsheet (a survey export), or a CSV whose header (one
of its first three lines) names a respondent-id column, or both a specialty and a cluster
column (`respondent_id`, `speciale`, `klynge`, or a name under `[eksport]` in
indstillinger.toml) — except the data contract's own files in data/ (`klynger.csv` names a
specialty and a cluster per row, and holds no answers). Such a
file may be in a place git keeps (tracked, or not ignored) only if it is the reconstruction:
byte for byte what `klynge generate` makes from the data beside it. Anything else there is
taken to be real answers — also reconstructed rows changed by hand, which `klynge generate`
puts right. The answers in use with `datakilde = "undersoegelse"` must be ignored by git
whatever they hold.

Outside a git checkout (or without git) there is nothing to commit to, and nothing is refused.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from klynge.data.fortrolig import (MILJOEVARIABEL, SVARFIL, er_undersoegelse, fortrolig_mappe, indstillinger_raa,
                                   visningsnavn)
from klynge.fejl import DataFejl, Problem
import klynge

REGNEARK = (".xlsx", ".xlsm", ".xls", ".ods")
TEKSTFILER = (".csv", ".tsv")
CACHE = Path(".klynge-cache") / "rekonstruktion.sha256"


def _git(mappe: Path, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess | None:
    if shutil.which("git") is None or not mappe.is_dir():
        return None
    try:
        return subprocess.run(["git", "-C", str(mappe), *args], capture_output=True, input=input, timeout=60)
    except OSError:
        return None


def arbejdstrae(mappe: Path) -> Path | None:
    """The top of the git checkout `mappe` is in, or None outside one."""
    r = _git(mappe, "rev-parse", "--show-toplevel")
    if r is None or r.returncode != 0:
        return None
    return Path(r.stdout.decode().strip())


def git_gemmer(sti: Path) -> str | None:
    """'tracked' or 'not ignored' when git would keep `sti` (which need not exist), else None."""
    mappe = next((m for m in (sti.parent, *sti.parents) if m.is_dir()), None)
    if mappe is None or arbejdstrae(mappe) is None:
        return None
    r = _git(mappe, "ls-files", "--error-unmatch", "--", str(sti.absolute()))
    if r is not None and r.returncode == 0:
        return "tracked"
    r = _git(mappe, "check-ignore", "-q", "--no-index", "--", str(sti.absolute()))
    # 0: ignored; 1: not ignored; 128: outside the work tree (nothing to keep it)
    return "not ignored" if r is not None and r.returncode == 1 else None


KONTRAKTFILER = ("specialer.csv", "klynger.csv", "spoergsmaal.csv", "svarskalaer.csv", "landsgennemsnit.csv",
                 "publicerede_tal.csv")


def svarkolonner(data: Path) -> dict[str, set[str]]:
    """The header names of the respondent-id, specialty and cluster columns, case-folded."""
    eksport = indstillinger_raa(data).get("eksport", {})
    navne = {}
    for noegle in ("respondent_id", "speciale", "klynge"):
        liste = eksport.get(noegle, []) if isinstance(eksport, dict) else []
        navne[noegle] = {n.strip().casefold() for n in [noegle, *liste] if isinstance(n, str)}
    return navne


def holder_svar(navn: str, indhold: bytes, kolonner: dict[str, set[str]]) -> bool:
    if navn.lower().endswith(REGNEARK):
        return True
    if not navn.lower().endswith(TEKSTFILER):
        return False
    tekst = indhold[:200_000].decode("utf-8-sig", "replace").replace("\x00", "")
    if indhold[:2] in (b"\xff\xfe", b"\xfe\xff"):
        tekst = indhold[:200_000].decode("utf-16", "replace")
    try:
        linjer = list(csv.reader(io.StringIO("\n".join(tekst.splitlines()[:3])), delimiter=_skilletegn(tekst)))
    except csv.Error:
        return False
    celler = {c.strip().strip('"').casefold() for linje in linjer for c in linje}
    return bool(celler & kolonner["respondent_id"]) or bool(celler & kolonner["speciale"] and celler & kolonner["klynge"])


def _skilletegn(tekst: str) -> str:
    hoved = tekst.split("\n", 1)[0]
    return max((",", ";", "\t"), key=hoved.count)


def _rekonstruktion(data: Path) -> str | None:
    """The text `klynge generate` makes from the data in `data`, or None if it cannot be made."""
    from klynge.data.indlaes import indlaes_grundlag  # pandas: the git hook loads it only for a file of answers
    from klynge.data.publiceret import laes_publicerede  # with indlaes: only for a file of answers
    from klynge.rekonstruktion import laes_plan, rekonstruer  # pandas: the git hook loads it only for a file of answers

    try:
        specialer, skema, indstillinger = indlaes_grundlag(data)
        return rekonstruer(specialer, skema, laes_publicerede(data / "publicerede_tal.csv"),
                           laes_plan(data / "rekonstruktion.toml"), indstillinger.min_svar)
    except (DataFejl, OSError, ValueError, KeyError):
        return None


def _noegle(data: Path, indhold: bytes) -> str:
    """What the reconstruction depends on (every file directly in data/ but the answers, and
    the klynge source), with the file's own content."""
    h = hashlib.sha256()
    for kilde in sorted(Path(klynge.__file__).parent.rglob("*.py")):
        h.update(kilde.read_bytes())
    for sti in sorted(data.glob("*")):
        if sti.is_file() and sti.name != SVARFIL:
            h.update(sti.name.encode() + b"\0" + sti.read_bytes() + b"\0")
    h.update(indhold)
    return h.hexdigest()


def er_rekonstruktion(data: Path, indhold: bytes, cache: Path | None = None) -> bool:
    """Whether `indhold` is what `klynge generate` makes from `data`. A yes is remembered in
    `cache` (a hash of the inputs only), so a build with unchanged data does not import pandas
    for it."""
    noegle = _noegle(data, indhold) if cache is not None else ""
    if cache is not None and cache.is_file() and cache.read_text(encoding="utf-8").strip() == noegle:
        return True
    tekst = _rekonstruktion(data)
    ja = tekst is not None and indhold == tekst.encode("utf-8")
    if ja and cache is not None:
        try:
            cache.parent.mkdir(exist_ok=True)
            cache.write_text(noegle + "\n", encoding="utf-8")
        except OSError:
            pass
    return ja


def _filer_git_gemmer(top: Path) -> dict[Path, str]:
    """Every file of the checkout git tracks or would add (not ignored), and which."""
    filer = {}
    for hvad, valg in (("not ignored", ("--others", "--exclude-standard")), ("tracked", ("--cached",))):
        r = _git(top, "ls-files", "-z", *valg)
        if r is not None and r.returncode == 0:
            filer.update({top / n: hvad for n in r.stdout.decode("utf-8", "surrogateescape").split("\0") if n})
    return dict(sorted(filer.items()))


def _flyt(data: Path, navn: str) -> str:
    try:
        hvor = visningsnavn(fortrolig_mappe(data) / SVARFIL, data)
    except DataFejl:
        hvor = "the confidential folder"
    return f"move them out of version control with `klynge import {navn}` (it writes {hvor}, which git ignores)"


# What Quarto keeps of an executed page (`execute: freeze`, klynge.byg.frys): the page's Markdown
# and figures, made from the answers in use; with real answers it must never enter git (Quarto's
# own advice, to commit _freeze/, does not hold here).
FRYSER_HVAD = ("Quarto's frozen results (the executed pages, made from the answers in use), "
               "which never enter git (.gitignore keeps them out)")


def er_frossen(rel: str) -> bool:
    """Whether a project-relative path is Quarto's: _freeze/, .quarto/ or <page>_files/execute-results/."""
    dele = Path(rel).parts
    return bool(dele) and (dele[0] in ("_freeze", ".quarto") or ".quarto" in dele
                           or any(a.endswith("_files") and b == "execute-results" for a, b in zip(dele, dele[1:])))


def svar_i_git(data: Path) -> list[Problem]:
    """One problem per place git would keep real answers; none outside a git checkout."""
    data = Path(data)
    top = arbejdstrae(data)
    problemer: list[Problem] = []
    try:
        fortrolig = fortrolig_mappe(data) / SVARFIL
    except DataFejl as e:
        return e.problemer
    hvad = git_gemmer(fortrolig) if er_undersoegelse(data) or fortrolig.exists() else None
    if hvad:
        problemer.append(Problem(visningsnavn(fortrolig, data), None, None,
                                 f"holds the real answers, but git "
                                 f"{'tracks it' if hvad == 'tracked' else 'would commit it: it is not ignored'}; "
                                 f"{'`git rm --cached` it and ' if hvad == 'tracked' else ''}add its folder to "
                                 f".gitignore, or set {MILJOEVARIABEL} to a folder outside the checkout"))
    if top is None:
        return problemer
    kolonner = svarkolonner(data)
    cache = data.absolute().parent / CACHE
    data_abs = data.resolve()
    filer = _filer_git_gemmer(top)
    if er_undersoegelse(data):
        projekt = data.absolute().parent
        for sti, hvad in filer.items():
            if projekt in sti.parents and er_frossen(sti.relative_to(projekt).as_posix()):
                gemmer = "git tracks it" if hvad == "tracked" else "git would commit it: it is not ignored"
                problemer.append(Problem(visningsnavn(sti, data), None, None,
                                         f"is one of {FRYSER_HVAD}, but {gemmer}; add /_freeze/, /.quarto/ and "
                                         "**/*_files/execute-results/ to .gitignore"))
    for sti, hvad in filer.items():
        if sti.suffix.lower() not in REGNEARK + TEKSTFILER or not sti.is_file() or sti.is_symlink():
            continue
        if sti.resolve() == fortrolig.resolve():
            continue  # reported above
        demo = sti.parent.resolve() == data_abs and sti.name == SVARFIL
        if sti.parent.resolve() == data_abs and sti.name in KONTRAKTFILER:
            continue
        try:
            with open(sti, "rb") as f:
                indhold = f.read() if demo else f.read(200_000)  # the header is enough to tell
        except OSError:
            continue
        if not holder_svar(sti.name, indhold, kolonner):
            continue
        navn = visningsnavn(sti, data)
        gemmer = "git tracks this file" if hvad == "tracked" else "git would commit this file (it is not ignored)"
        if sti.suffix.lower() in REGNEARK:
            problemer.append(Problem(navn, None, None, f"{gemmer}, a spreadsheet (a survey export?); import it with "
                                                       f"`klynge import {navn}`, then move it out of the checkout"))
        elif demo and not er_rekonstruktion(data, indhold, cache):
            problemer.append(Problem(navn, None, None,
                                     f"{gemmer}, and it holds answers that are not the reconstructed rows; if they "
                                     f"are real, {_flyt(data, navn)}, then `git checkout -- {navn}`; if they are "
                                     "reconstructed rows changed by hand, run `klynge generate`"))
        elif not demo:
            problemer.append(Problem(navn, None, None, f"{gemmer}, and it holds respondents' answers; "
                                                       f"{_flyt(data, navn)}, then delete it"))
    return problemer


def afvis_svar_i_git(data: Path) -> None:
    problemer = svar_i_git(data)
    if problemer:
        raise DataFejl(problemer)


# ---------------------------------------------------------------- the pre-commit hook

KROG_MAERKE = "klynge git-guard"
# What the hook said before the command line was English: a hook with it is ours, and is rewritten.
GAMMELT_KROG_MAERKE = "klynge git-vagt"


def _git_blob(top: Path, navn: str) -> bytes | None:
    r = _git(top, "cat-file", "blob", f":{navn}")
    return r.stdout if r is not None and r.returncode == 0 else None


def commit_problemer(projekt: Path) -> list[Problem]:
    """One problem per file the staged commit adds or changes that holds answers other than the
    reconstruction, judged on the staged data (what the commit would contain)."""
    top = arbejdstrae(projekt)
    if top is None:
        return [Problem(str(projekt), None, None, "is not a git checkout")]
    praefiks = Path(os.path.relpath(projekt.resolve(), top.resolve())).as_posix()
    praefiks = "" if praefiks == "." else praefiks + "/"
    r = _git(top, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR")
    navne = [n for n in (r.stdout.decode("utf-8", "surrogateescape").split("\0") if r and r.returncode == 0 else []) if n]
    problemer = [Problem(n, None, None, f"the commit adds {FRYSER_HVAD}; `git restore --staged {n}`")
                 for n in navne if er_frossen(n[len(praefiks):] if n.startswith(praefiks) else n)]
    kandidater = [n for n in navne if Path(n).suffix.lower() in REGNEARK + TEKSTFILER and not er_frossen(n)]
    if not kandidater:
        return problemer
    with tempfile.TemporaryDirectory() as tmp:
        # The data folder as the commit has it: what the reconstruction is made from.
        data = Path(tmp) / "data"
        data.mkdir()
        r = _git(top, "ls-files", "-z", "--cached", "--", f"{praefiks}data/")
        for navn in (r.stdout.decode("utf-8", "surrogateescape").split("\0") if r and r.returncode == 0 else []):
            rel = navn[len(praefiks):]
            if navn and rel.count("/") == 1:  # data/<file>: the reconstruction reads no subfolder
                blob = _git_blob(top, navn)
                if blob is not None:
                    (data / rel.split("/", 1)[1]).write_bytes(blob)
        kolonner = svarkolonner(data)
        rekonstruktion = None
        for navn in kandidater:
            indhold = _git_blob(top, navn)
            if indhold is None or not holder_svar(navn, indhold, kolonner):
                continue
            rel = navn[len(praefiks):] if navn.startswith(praefiks) else None
            if rel is not None and rel.startswith("data/") and rel.count("/") == 1 and rel[5:] in KONTRAKTFILER:
                continue
            if rel == f"data/{SVARFIL}":
                if rekonstruktion is None:
                    rekonstruktion = (_rekonstruktion(data) or "").encode("utf-8")
                if indhold == rekonstruktion:
                    continue
                hvad = "answers that are not the reconstructed rows (not what `klynge generate` makes from the staged data)"
            elif Path(navn).suffix.lower() in REGNEARK:
                hvad = "a spreadsheet (a survey export?)"
            else:
                hvad = "respondents' answers"
            problemer.append(Problem(navn, None, None,
                                     f"the commit adds {hvad}; real answers never enter git: `git restore --staged "
                                     f"{navn}`, move them with `klynge import {navn}` into the confidential folder"))
    return problemer


def installer_krog(projekt: Path, python: str) -> Path:
    """Write the checkout's pre-commit hook (git runs it at the top of the work tree, which is
    the project's folder); a hook that is not ours is left alone."""
    import shlex

    top = arbejdstrae(projekt)
    if top is None:
        raise DataFejl([Problem(str(projekt), None, None, "is not a git checkout: there is no commit to guard")])
    r = _git(projekt, "rev-parse", "--git-path", "hooks")
    kroge = Path(r.stdout.decode().strip())
    kroge = kroge if kroge.is_absolute() else projekt / kroge
    krog = kroge / "pre-commit"
    if krog.exists() and not any(m in krog.read_text(encoding="utf-8", errors="replace")
                                 for m in (KROG_MAERKE, GAMMELT_KROG_MAERKE)):
        raise DataFejl([Problem(str(krog), None, None,
                                "a pre-commit hook that is not klynge's is already there; add the line "
                                "`python -m klynge git-guard check || exit 1` to it by hand")])
    kroge.mkdir(parents=True, exist_ok=True)
    krog.write_text("#!/bin/sh\n"
                    f"# Installed by `{KROG_MAERKE} install`: refuses a commit that adds real survey answers.\n"
                    f"exec {shlex.quote(python)} -m klynge git-guard check\n", encoding="utf-8")
    os.chmod(krog, 0o755)
    return krog
