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
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from klynge.data.fortrolig import (MILJOEVARIABEL, SVARFIL, svar_er_fortrolige, fortrolig_mappe, indstillinger_raa,
                                   visningsnavn)
from klynge.fejl import DataFejl, Problem
import klynge

NOEGLEFIL = "aftryk.noegle"  # the fingerprint key (klynge.data.aftryk), kept with the answers

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


def holder_svar(navn: str, indhold: bytes, kolonner: dict[str, set[str]], kendte: "Kendetegn | None" = None) -> bool:
    """Whether a file holds respondents' answers, by its content whatever it is called: a
    spreadsheet (also packed, or renamed), a header naming the respondent-id column or the
    specialty and cluster columns in its first lines, the confidential answers' respondent ids
    or comments, or rows of many cells that are answers of the survey's scales."""
    if navn.lower().endswith(REGNEARK):
        return True
    indhold = indhold[:MAKS_LAEST]
    if indhold.startswith(b"PK\x03\x04") or indhold.startswith(b"PK\x05\x06"):
        return _zip_holder_svar(indhold, kolonner, kendte)
    if indhold.startswith(b"\x1f\x8b"):
        udpakket = _gunzip(indhold)
        return udpakket is not None and holder_svar(navn[:-3] if navn.endswith(".gz") else "", udpakket,
                                                    kolonner, kendte)
    tekst = _som_tekst(indhold)
    if tekst is None:
        return False
    linjer = tekst.splitlines()
    sep = _skilletegn(tekst)
    try:
        hoved = list(csv.reader(io.StringIO("\n".join(linjer[:HOVEDLINJER])), delimiter=sep))
    except csv.Error:
        hoved = []
    celler = {c.strip().strip('"').casefold() for linje in hoved for c in linje}
    if celler & kolonner["respondent_id"] or (celler & kolonner["speciale"] and celler & kolonner["klynge"]):
        return True
    return kendte is not None and kendte.genkender(tekst, linjer)


MAKS_LAEST = 20 * 2**20  # bytes of a file the guard reads (the answers of a survey: a few MB)
HOVEDLINJER = 10  # a header can be below a title or an empty line or two
# A respondent's row: this many cells that are answers of the survey's scales ("I høj grad",
# "Vigtigt"), making up this share of the row's cells; a file of this many such rows holds answers.
SVARCELLER, SVARANDEL, SVARRAEKKER = 4, 0.4, 3
# Or, for a file with one answer a line (pretty-printed JSON, a transposed table): this many answers
# making up that share of all its cells.
SVAR_I_ALT = 60


@dataclass(frozen=True)
class Kendetegn:
    """What gives answers away: the scales' answer labels, and the confidential answers'
    respondent ids and comments (when they can be read)."""

    svar: frozenset[str]
    ider: frozenset[str]
    kommentarer: tuple[str, ...]

    def genkender(self, tekst: str, linjer: list[str]) -> bool:
        if self.ider:
            fundne = {t for t in _ORD.split(tekst) if t in self.ider}
            if len(fundne) >= 2:
                return True
        if any(k in tekst for k in self.kommentarer):
            return True
        if not self.svar:
            return False
        raekker = svar_i_alt = celler_i_alt = 0
        for linje in linjer:
            if len(linje) > 200_000:
                continue
            dele = [d.strip().strip("'\"").strip().casefold() for d in _SKILLER.split(linje)]
            dele = [d for d in dele if d]
            svar = sum(d in self.svar for d in dele)
            svar_i_alt, celler_i_alt = svar_i_alt + svar, celler_i_alt + len(dele)
            if svar >= SVARCELLER and svar >= SVARANDEL * len(dele):
                raekker += 1
                if raekker >= SVARRAEKKER:
                    return True
        return svar_i_alt >= SVAR_I_ALT and svar_i_alt >= SVARANDEL * celler_i_alt


_ORD = re.compile(r"[\s,;|\"'\[\]{}:()=<>]+")
_SKILLER = re.compile(r'[,;\t|\r\n{}\[\]]|(?<=")\s*:\s*')


def kendetegn(data: Path) -> Kendetegn:
    """The scales' answers (data/svarskalaer.csv) that are words, not a bare number or a yes/no
    alone, and the confidential answers' ids and comments."""
    svar: set[str] = set()
    try:
        for r in csv.DictReader(io.StringIO((data / "svarskalaer.csv").read_text(encoding="utf-8-sig"))):
            etiket = (r.get("svar") or "").strip().casefold()
            if etiket:
                svar.add(etiket)
    except (OSError, UnicodeDecodeError, csv.Error):
        pass
    ider: set[str] = set()
    kommentarer: set[str] = set()
    try:
        sti = fortrolig_mappe(data) / SVARFIL
        if sti.is_file():
            for r in csv.DictReader(io.StringIO(sti.read_text(encoding="utf-8-sig"))):
                rid = (r.get("respondent_id") or "").strip()
                if len(rid) >= 5:
                    ider.add(rid)
                kommentar = " ".join((r.get("kommentar") or "").split())
                if len(kommentar) >= 25:
                    kommentarer.add(kommentar[:80])
    except (DataFejl, OSError, UnicodeDecodeError, csv.Error):
        pass
    return Kendetegn(frozenset(svar), frozenset(ider), tuple(sorted(kommentarer)))


def _som_tekst(indhold: bytes) -> str | None:
    """A file's bytes as text, or None for a binary file (a font, an image)."""
    if indhold[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return indhold.decode("utf-16", "replace")
    if b"\x00" in indhold[:4096]:
        try:
            return indhold.decode("utf-16-le" if indhold[1:2] == b"\x00" else "utf-16-be")
        except UnicodeDecodeError:
            return None
    try:
        return indhold.decode("utf-8-sig")
    except UnicodeDecodeError:
        tekst = indhold.decode("cp1252", "replace")
        return tekst if sum(not t.isprintable() and t not in "\r\n\t" for t in tekst[:4096]) < 40 else None


def _gunzip(indhold: bytes) -> bytes | None:
    import zlib

    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(indhold, MAKS_LAEST)
    except zlib.error:
        return None


def _zip_holder_svar(indhold: bytes, kolonner, kendte) -> bool:
    """A zip: a workbook (an .xlsx or .ods renamed) holds answers; so does any member that does."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(indhold)) as z:
            navne = z.namelist()
            if any(n in ("xl/workbook.xml", "content.xml") for n in navne):
                return True
            laest = 0
            for info in z.infolist()[:100]:
                if laest > MAKS_LAEST or info.is_dir():
                    continue
                with z.open(info) as f:
                    del_ = f.read(MAKS_LAEST - laest)
                laest += len(del_)
                if holder_svar(info.filename, del_, kolonner, kendte):
                    return True
    except Exception:  # noqa: BLE001 - a broken zip is no spreadsheet git could be asked to keep
        return False
    return False


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
    return (f"move the file out of the checkout and import it from there with `klynge import <file>` (it writes "
            f"{hvor}, which git ignores, and keeps a backup of answers already there)")


def _i_fortrolig(sti: Path, fortrolig: Path) -> bool:
    return fortrolig == sti or fortrolig in sti.parents


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
    hvad = git_gemmer(fortrolig) if svar_er_fortrolige(data) or fortrolig.exists() else None
    if hvad:
        problemer.append(Problem(visningsnavn(fortrolig, data), None, None,
                                 f"holds the real answers, but git "
                                 f"{'tracks it' if hvad == 'tracked' else 'would commit it: it is not ignored'}; "
                                 f"{'`git rm --cached` it and ' if hvad == 'tracked' else ''}add its folder to "
                                 f".gitignore, or set {MILJOEVARIABEL} to a folder outside the checkout"))
    if top is None:
        return problemer
    kolonner = svarkolonner(data)
    kendte = kendetegn(data)
    cache = data.absolute().parent / CACHE
    data_abs = data.resolve()
    filer = _filer_git_gemmer(top)
    if svar_er_fortrolige(data):
        projekt = data.absolute().parent
        for sti, hvad in filer.items():
            if projekt in sti.parents and er_frossen(sti.relative_to(projekt).as_posix()):
                gemmer = "git tracks it" if hvad == "tracked" else "git would commit it: it is not ignored"
                problemer.append(Problem(visningsnavn(sti, data), None, None,
                                         f"is one of {FRYSER_HVAD}, but {gemmer}; add /_freeze/, /.quarto/ and "
                                         "**/*_files/execute-results/ to .gitignore"))
    mappe = Path(os.path.realpath(fortrolig.parent.absolute()))
    for sti, hvad in filer.items():
        if not sti.is_file() or sti.is_symlink():
            continue
        navn = visningsnavn(sti, data)
        gemmer = "git tracks this file" if hvad == "tracked" else "git would commit this file (it is not ignored)"
        if sti.resolve() == fortrolig.resolve():
            continue  # reported above
        if _i_fortrolig(Path(os.path.realpath(sti)), mappe) or sti.name == NOEGLEFIL:
            # The key and anything kept with the answers, whatever it holds.
            problemer.append(Problem(navn, None, None, f"{gemmer}, and it is kept with the confidential answers "
                                                       f"({'the fingerprint key' if sti.name == NOEGLEFIL else 'their folder'}); "
                                                       f"{'`git rm --cached` it and ' if hvad == 'tracked' else ''}"
                                                       "add the folder to .gitignore"))
            continue
        demo = sti.parent.resolve() == data_abs and sti.name == SVARFIL
        if sti.name in KONTRAKTFILER and (sti.parent.resolve() == data_abs
                                          or sti.parent.parent.resolve() == data_abs / "runder"):
            continue  # the data contract's files, also a saved round's (data/runder/<NAVN>/)
        try:
            with open(sti, "rb") as f:
                indhold = f.read(MAKS_LAEST)
        except OSError:
            continue
        if not holder_svar(sti.name, indhold, kolonner, kendte):
            continue
        if sti.suffix.lower() in REGNEARK:
            problemer.append(Problem(navn, None, None, f"{gemmer}, a spreadsheet (a survey export?); import it with "
                                                       f"`klynge import {navn}`, then move it out of the checkout"))
        elif demo and not er_rekonstruktion(data, indhold, cache):
            if hvad == "tracked" and _som_committet(top, sti, indhold) and _rekonstruktion(data) is None:
                # The demo rows as committed (the commit adds nothing): a change to the data
                # (min_svar raised, a specialty added, a typo in the settings) can make them
                # impossible to reconstruct, which says nothing about what the file holds; the
                # data's own check then says what is wrong.
                continue
            problemer.append(Problem(navn, None, None,
                                     f"{gemmer}, and it holds answers that are not the reconstructed rows (what "
                                     "`klynge generate` makes from the data beside it); if they are reconstructed "
                                     "rows changed by hand, run `klynge generate`; if they are real answers, "
                                     f"{_flyt(data, navn)}, then `git checkout -- {navn}`"))
        elif not demo:
            problemer.append(Problem(navn, None, None, f"{gemmer}, and it holds respondents' answers; "
                                                       f"{_flyt(data, navn)}, then delete it"))
    return problemer


def _som_committet(top: Path, sti: Path, indhold: bytes) -> bool:
    """Whether the file is as the last commit has it (nothing new would be committed)."""
    rel = Path(os.path.relpath(sti.resolve(), top.resolve())).as_posix()
    r = _git(top, "cat-file", "blob", f"HEAD:{rel}")
    return r is not None and r.returncode == 0 and r.stdout == indhold


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
    kandidater = [n for n in navne if not er_frossen(n[len(praefiks):] if n.startswith(praefiks) else n)]
    if not kandidater:
        return problemer
    try:
        mappe = Path(os.path.realpath(fortrolig_mappe(projekt / "data").absolute()))
    except DataFejl:
        mappe = Path(os.path.realpath((projekt / "data" / "fortroligt").absolute()))
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
        kendte = kendetegn(data)
        if kendte.ider == frozenset() and (projekt / "data").is_dir():
            # The confidential answers are where the project's settings say, not in the staged copy.
            egne = kendetegn(projekt / "data")
            kendte = Kendetegn(kendte.svar, egne.ider, egne.kommentarer)
        rekonstruktion = None
        for navn in kandidater:
            if _i_fortrolig(Path(os.path.realpath(top / navn)), mappe) or Path(navn).name == NOEGLEFIL:
                problemer.append(Problem(navn, None, None,
                                         "the commit adds a file kept with the confidential answers (the fingerprint "
                                         f"key or their folder); `git restore --staged {navn}`: it never enters git"))
                continue
            indhold = _git_blob(top, navn)
            if indhold is None or not holder_svar(navn, indhold, kolonner, kendte):
                continue
            rel = navn[len(praefiks):] if navn.startswith(praefiks) else None
            if rel is not None and _kontraktfil(rel):
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
                                     f"{navn}`, then move the file out of the checkout"))
    return problemer


def _kontraktfil(rel: str) -> bool:
    """data/<contract file>, or a saved round's: data/runder/<NAVN>/<contract file>."""
    dele = rel.split("/")
    return dele[-1] in KONTRAKTFILER and (len(dele) == 2 and dele[0] == "data"
                                          or len(dele) == 4 and dele[:2] == ["data", "runder"])


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
