"""`klynge release NAVN`: freeze the current sheets as a release, and `--compare A B`.

A release is data/udgivelser/<NAVN>/: `udgivelse.toml` (when, by whom, which data, code and git
commit, and any deliberate override) and each sheet's figure record, as the build writes it
(klynge.udgivelse.talregister). It refuses, with one line, a dirty build, drafts without `--draft`, a
name already used, and a release whose difference from the last one would disclose the answers
of fewer than `min_svar` respondents (unless `--allow-difference`, which the record then says).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import tomli_w

from klynge.byg import kontrol
from klynge.byg.bygning import byg
from klynge.data import runder
from klynge.data.aftryk import alle_data
from klynge.data.indlaes import indlaes
from klynge.data.versionsstyring import afvis_svar_i_git
from klynge.fejl import DataFejl
from klynge.udgivelse import aendringer, afsloering
from klynge.udgivelse.filer import TOML, find, gyldigt_navn, laes_udgivelser, mappe
from klynge.udgivelse.kolofon import version
from klynge.udgivelse.talregister import TEKSTENS, filnavn, som_json

AKTUEL = "aktuel"  # in --compare: the current build, not a release


class Afvist(Exception):
    """A release refused: one line saying why."""


def _git(rod: Path, *args: str) -> str:
    try:
        r = subprocess.run(["git", *args], cwd=rod, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return r.stdout.strip() if r.returncode == 0 else ""


def _hvem(rod: Path) -> str:
    return _git(rod, "config", "user.name") or getpass.getuser()


def _nu() -> dt.datetime:
    if epoch := os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _check_rent(rod: Path) -> None:
    """`klynge check`, quietly: the data valid and the audit runnable."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            afvis_svar_i_git(rod / "data")  # what `klynge check` refuses first
            kontrol.check(rod / "data", "data/")
    except DataFejl as e:
        foerste = e.problemer[0] if e.problemer else ""
        raise Afvist(f"the build is not clean: `klynge check` finds {len(e.problemer)} problem(s), the first: "
                     f"{foerste}; nothing released") from None


def udgivelse_toml(navn: str, tid: dt.datetime, hvem: str, version: str, git: str, datakilde: str,
                   data: str, poster: dict[str, dict], tillad: list[afsloering.Afsloering],
                   forrige: str | None, nummer: int = 1, runde: str = "", forrige_runde: str = "") -> str:
    oplysninger: dict = {
        "navn": navn,
        "nummer": nummer,
        "dato": tid.date().isoformat(),
        "tidspunkt": tid.isoformat(),
        "udgivet_af": hvem,
        "klynge_version": version,
        "git": git,
        "datakilde": datakilde,
        "forrige": forrige or "",
        "runde": runde,
        "forrige_runde": forrige_runde,
        "data": data,
        "tillad_forskel": bool(tillad),
    }
    hoved = ["# A release made by `klynge release`: what the specialty societies received. Commit this folder.",
             "# nummer: the release's place in the sequence; releases are compared and ordered by it, not by a date.",
             "# data: the fingerprint of all data files but the editorial texts (the overview pages' colophon).",
             "# runde: when the answers released were collected (indsamlet); forrige_runde: the saved round",
             "# the sheets compare with (data/runder/), as \"NAME (collected)\", or \"\" without one."]
    if tillad:
        hoved += ["# forskel: released with --allow-difference, these figures differ from an earlier release by",
                  "# fewer than min_svar answers; the analyst chose to release them anyway."]
        oplysninger["forskel"] = [f"{a.slug}:{a.id}: {a.udgivelse}: {a.foer} -> {a.efter} ({a.svar} svar)"
                                  for a in tillad]
    oplysninger["ark"] = {slug: {"navn": post["navn"], "data": post["data"], "tal": len(post["tal"]),
                                 "fil": filnavn(slug)} for slug, post in poster.items()}
    return "\n".join(hoved) + "\n" + tomli_w.dumps(oplysninger, multiline_strings=False)


def _afsloeringslinje(fund: list[afsloering.Afsloering], min_svar: int) -> str:
    """One line: per earlier release and sheet, the text's figures by id with old and new value,
    the charts' and tables' counted."""
    pr_ark: dict[tuple[str, str], list[afsloering.Afsloering]] = {}
    for a in fund:
        pr_ark.setdefault((a.udgivelse, a.slug), []).append(a)
    dele = []
    for (udgivelse, slug), liste in pr_ark.items():
        navne = [f"{a.id} ({a.foer} -> {a.efter})" for a in liste if a.id.startswith(TEKSTENS)]
        oevrige = [f"{a.id} ({a.foer} -> {a.efter})" for a in liste if not a.id.startswith(TEKSTENS)]
        if oevrige:
            navne.append(f"{len(oevrige)} figures of its charts and tables ({', '.join(oevrige[:3])}"
                         + (", …)" if len(oevrige) > 3 else ")"))
        dele.append(f"{slug} against '{udgivelse}': " + ", ".join(navne))
    udgivelser = sorted({a.udgivelse for a in fund})
    return (f"releasing would disclose answers by difference: {len(fund)} figure(s) differ from "
            f"{'release' if len(udgivelser) == 1 else 'releases'} {', '.join(repr(u) for u in udgivelser)} by fewer "
            f"than {min_svar} answers — " + "; ".join(dele)
            + f"; nothing released (each pair: klynge release --compare {udgivelser[0]} {AKTUEL}; "
              f"--allow-difference releases anyway and says so in the record)")


def _laas(rod: Path):
    """One release at a time: a lock on .klynge-cache/udgivelse.lock (not in data/, which the
    fingerprints read), or Afvist at once."""
    import fcntl

    (rod / ".klynge-cache").mkdir(exist_ok=True)
    f = open(rod / ".klynge-cache" / "udgivelse.lock", "a")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        f.close()
        raise Afvist("another release is being made in this project right now; wait for it, then try again") from None
    return f


def udgiv(rod: Path, navn: str, *, udkast: bool = False, tillad_forskel: bool = False) -> Path:
    """Write data/udgivelser/<navn>/ (not rendered: the caller renders). Raises `Afvist`."""
    if not gyldigt_navn(navn) or navn == AKTUEL:
        raise Afvist(f"{navn!r} cannot name a release: use letters, digits, '.', '-' and '_' (e.g. 2026-03), "
                     "not ending in '.', and not a name Windows reserves (CON, PRN, AUX, NUL, COM1, LPT1, …)")
    laas = _laas(rod)
    try:
        return _udgiv(rod, navn, udkast=udkast, tillad_forskel=tillad_forskel)
    finally:
        laas.close()


def _forrige_runde(data: Path, indsamlet: str) -> str:
    """The saved round the sheets compare with, as the figure records name it ("2025 (september 2025)")."""
    runde = runder.forrige_runde(data, indsamlet)
    return f"{runde.navn} ({runde.indsamlet})" if runde else ""


def _udgiv(rod: Path, navn: str, *, udkast: bool, tillad_forskel: bool) -> Path:
    data = rod / "data"
    # Under the lock no other release is being written: a hidden folder is what a killed one left.
    for rest in mappe(data).glob(".*.*"):
        if rest.is_dir():
            shutil.rmtree(rest, ignore_errors=True)
    if (mappe(data) / navn).exists():
        raise Afvist(f"the release name '{navn}' is already used (data/udgivelser/{navn}/); choose another")
    _check_rent(rod)
    u = indlaes(data)
    if u.indstillinger.udkast and not udkast:
        hvad = "a constructed demonstration round" if u.indstillinger.demonstration else "reconstructed"
        raise Afvist(f"the answers are {hvad} (datakilde = \"{u.indstillinger.datakilde}\" in "
                     "data/indstillinger.toml): these sheets are drafts; release them with --draft, or import the "
                     "real answers")
    if (forrige := runder.forrige_runde(data, u.indstillinger.indsamlet)) is not None and forrige.demonstration \
            and not udkast:
        # Invented figures, however marked, do not belong in a release of the survey's own sheets.
        raise Afvist(f"the sheets compare with round '{forrige.navn}' (data/runder/{forrige.navn}/), a constructed "
                     "demonstration round: remove it, or release the sheets with --draft")
    try:
        udgivelser = laes_udgivelser(data)
        tidligere = [(t.navn, t.alle_ark()) for t in udgivelser]
    except DataFejl as e:
        raise Afvist(f"the record of earlier releases is not whole: {e.problemer[0]}; nothing released") from None
    poster = aendringer.aktuelle(rod)
    forrige = udgivelser[-1] if udgivelser else None
    # Against every earlier release, not only the newest (klynge.udgivelse.afsloering).
    fund = afsloering.afsloeringer(tidligere, poster, u.indstillinger.min_svar, navn)
    if fund and not tillad_forskel:
        raise Afvist(_afsloeringslinje(fund, u.indstillinger.min_svar))
    nummer = max([t.nummer for t in udgivelser] + [len(udgivelser)]) + 1
    git = _git(rod, "rev-parse", "HEAD")
    if git and _git(rod, "status", "--porcelain", "--untracked-files=no"):
        git += " (with uncommitted changes)"
    toml = udgivelse_toml(navn, _nu(), _hvem(rod), version(), git, u.indstillinger.datakilde, alle_data(data),
                          poster, fund, forrige.navn if forrige else None, nummer, u.indstillinger.indsamlet,
                          _forrige_runde(data, u.indstillinger.indsamlet))
    maal = mappe(data) / navn
    maal.parent.mkdir(parents=True, exist_ok=True)
    # Written in a hidden folder and renamed: a release is there whole or not at all.
    tmp = Path(tempfile.mkdtemp(dir=maal.parent, prefix=f".{navn}."))
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)  # mkdtemp's folder is private; a release is an ordinary folder
        for slug, post in poster.items():
            (tmp / filnavn(slug)).write_text(som_json(post), encoding="utf-8", newline="\n")
        (tmp / TOML).write_text(toml, encoding="utf-8", newline="\n")
        try:
            os.rename(tmp, maal)
        except OSError:
            raise Afvist(f"the release name '{navn}' is already used (data/udgivelser/{navn}/ appeared while this "
                         "release was made); choose another") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return maal


def _poster(rod: Path, navn: str) -> dict[str, dict]:
    udgivelse = find(rod / "data", navn)
    if udgivelse is None:
        kendte = ", ".join(u.navn for u in laes_udgivelser(rod / "data")) or "none yet"
        raise Afvist(f"no release called '{navn}' in data/udgivelser/ (releases: {kendte}; '{AKTUEL}': the current data)")
    return udgivelse.alle_ark()


def sammenlign(rod: Path, a: str, b: str) -> str:
    """The current sheets are made once, for their records (`aktuel`) and their figures' names.
    Where the current data do not load, two releases are still compared, figures by their id."""
    try:
        nu, navne = aendringer.aktuelle_med_navne(rod)
    except DataFejl:
        if AKTUEL in (a, b):
            raise
        print("note: figures are named by their id, as the current data do not load (klynge check says why)",
              file=sys.stderr)
        nu, navne = {}, {}
    foer, efter = (nu if n == AKTUEL else _poster(rod, n) for n in (a, b))
    return aendringer.som_tekst(aendringer.sammenlign(foer, efter, a, b), navne)


def kommando(rod: Path, navn: str | None, *, udkast: bool, tillad_forskel: bool, sammenlign_med: list[str] | None,
             render: bool = True) -> int:
    try:
        if sammenlign_med:
            print(sammenlign(rod, *sammenlign_med))
            return 0
        if not navn:
            print("error: name the release (klynge release 2026-03) or compare two (--compare A B)", file=sys.stderr)
            return 2
        maal = udgiv(rod, navn, udkast=udkast, tillad_forskel=tillad_forskel)
    except Afvist as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"Released '{navn}': {maal.relative_to(rod).as_posix()}/ holds each sheet's figures and sentences.")
    if render:
        # The sheets now belong to the release: their colophon names it.
        kode = byg(rod)
        if kode:
            shutil.rmtree(maal)
            print(f"error: the site did not build, so '{navn}' was not released", file=sys.stderr)
            return kode
    print(f"Commit {maal.relative_to(rod).as_posix()}/ and send _site/reports/<speciale>.pdf "
          f"(their colophon names '{navn}').")
    return 0
