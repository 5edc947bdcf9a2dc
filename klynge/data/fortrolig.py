"""Where the answers are read from and written to.

The reconstructed demo rows live in data/besvarelser.csv, which git tracks. Real answers never
do: with `datakilde = "undersoegelse"` they are read from the confidential folder, by default
data/fortroligt/ (ignored by .gitignore), or the folder named by the setting `fortrolige_data`
or the environment variable KLYNGE_FORTROLIGE_DATA (a protected network share, say). This is
the one place that decides; every reader asks `besvarelser_sti`. A constructed demonstration
round (`datakilde = "demonstration"`, klynge.demorunde) is imported and kept exactly like real
answers: same folder, same guards, a keyed fingerprint; only the sheets call it a draft.
"""

from __future__ import annotations

import os
import stat
import tempfile
import tomllib
from pathlib import Path

from klynge.fejl import DataFejl, Problem

# The PDF author of a draft: the project, not eKVIS, who did not write it.
UDKAST_FORFATTER = "klynge (udkast på rekonstruerede svar – ikke udgivet)"
DEMONSTRATION_FORFATTER = "klynge (udkast på en konstrueret demonstrationsrunde – ikke udgivet)"

MILJOEVARIABEL = "KLYNGE_FORTROLIGE_DATA"
STANDARDMAPPE = "fortroligt"
SVARFIL = "besvarelser.csv"
UNDERSOEGELSE = "undersoegelse"
REKONSTRUERET = "rekonstrueret"
DEMONSTRATION = "demonstration"
# The data sources whose answers live in the confidential folder: real ones, and a
# demonstration round imported as an export is handled as if it were (it stands in for them).
FORTROLIGE_KILDER = (UNDERSOEGELSE, DEMONSTRATION)


def pdf_forfatter(datakilde: str, forfatter: str) -> str:
    """The PDF author: the settings' `forfatter` for the survey's own answers; a draft (any
    other source) names the project and what the answers are."""
    if datakilde == UNDERSOEGELSE:
        return forfatter
    return DEMONSTRATION_FORFATTER if datakilde == DEMONSTRATION else UDKAST_FORFATTER


def indstillinger_raa(data: Path) -> dict:
    """The settings as far as they can be read, without checking them ({} for a broken file):
    for the quick steps that run before every render; indlaes reports a broken file itself."""
    try:
        return tomllib.loads((data / "indstillinger.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def fortrolig_mappe(data: Path) -> Path:
    """The confidential folder: KLYNGE_FORTROLIGE_DATA (an absolute path) if set, else
    `fortrolige_data` in indstillinger.toml (relative to the data folder, or absolute), else
    data/fortroligt/."""
    miljoe = os.environ.get(MILJOEVARIABEL, "").strip()
    if miljoe:
        sti = Path(miljoe).expanduser()
        if not sti.is_absolute():
            # Documents run in reports/: a relative path would point somewhere else there.
            raise DataFejl([Problem(MILJOEVARIABEL, None, None,
                                    f"must be an absolute path (found '{miljoe}')")])
        _afvis_offentlig(sti, data, MILJOEVARIABEL)
        return sti
    indstilling = indstillinger_raa(data).get("fortrolige_data", STANDARDMAPPE)
    if not isinstance(indstilling, str) or not indstilling.strip():
        raise DataFejl([Problem("data/indstillinger.toml", None, "fortrolige_data",
                                f"must be a folder name in quotes (found {indstilling!r})")])
    sti = data / Path(indstilling).expanduser()
    _afvis_offentlig(sti, data, "data/indstillinger.toml: fortrolige_data")
    return sti


# Folders of the project whose files are published, served or rebuilt: the site and its
# temporary builds (the preview serves _site/, and a build replaces it whole), the build cache,
# the documents' folder, the releases and the editorial texts.
OFFENTLIGE = ("_site", ".klynge-cache", "reports", "data/udgivelser", "data/tekster")


def _afvis_offentlig(sti: Path, data: Path, hvem: str) -> None:
    """Refuse a confidential folder where the answers would be published or served: inside the
    site, a temporary build of it, the cache, reports/, the releases, or the project folder
    itself (Quarto renders from it)."""
    rod = Path(os.path.realpath(data.absolute().parent))
    fil = Path(os.path.realpath(sti.absolute()))
    if fil == rod:
        grund = "the project folder itself"
    else:
        try:
            forste = fil.relative_to(rod).parts
        except ValueError:
            return
        rel = "/".join(forste)
        grund = next((f"{o}/" for o in OFFENTLIGE if rel == o or rel.startswith(o + "/")), None)
        if grund is None and forste[0].startswith("_site"):
            grund = f"{forste[0]}/ (a build of the site)"
        if grund is None:
            return
    raise DataFejl([Problem(hvem, None, None,
                            f"the confidential folder {fil} is inside {grund}, which the site publishes, the "
                            f"preview serves or a build replaces; keep the answers in data/fortroligt/ or a "
                            f"folder outside the project")])


def svar_er_fortrolige(data: Path) -> bool:
    """Whether the answers in use are read from the confidential folder (FORTROLIGE_KILDER)."""
    return indstillinger_raa(data).get("datakilde") in FORTROLIGE_KILDER


def besvarelser_sti(data: Path) -> Path:
    """The answers in use: the confidential file while the settings say `datakilde =
    "undersoegelse"` (or "demonstration"), otherwise the reconstructed rows in data/besvarelser.csv."""
    if svar_er_fortrolige(data):
        return fortrolig_mappe(data) / SVARFIL
    return data / SVARFIL


def visningsnavn(sti: Path, data: Path) -> str:
    """How messages name a file: relative to the project (`data/fortroligt/besvarelser.csv`)
    when it is inside it, else in full."""
    rod = Path(os.path.normpath(data.absolute().parent))
    fil = Path(os.path.normpath(sti.absolute()))
    return fil.relative_to(rod).as_posix() if _under(fil, rod) else str(fil)


def _under(sti: Path, mappe: Path) -> bool:
    return sti == mappe or mappe in sti.parents


def skriv_fortroligt(sti: Path, tekst: str, *, stram_mappe: bool) -> None:
    """Write the answers in one step (a temporary file in the same folder, renamed), readable
    by the owner only (0600). A folder that has to be made is made 0700; `stram_mappe` also
    tightens an existing one (the default folder inside the project, not a share whose
    permissions an administrator set)."""
    mappe = sti.parent
    if not mappe.is_dir():
        mappe.mkdir(mode=0o700, parents=True)
        os.chmod(mappe, 0o700)  # mkdir's mode is filtered by the umask
    elif stram_mappe and stat.S_IMODE(mappe.stat().st_mode) != 0o700:
        os.chmod(mappe, 0o700)
    fd, tmp = tempfile.mkstemp(dir=mappe, prefix=f".{sti.name}.")  # mkstemp makes it 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(tekst)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, sti)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def uden_fortroligt(data: Path):
    """For shutil.copytree(data, …): leave the confidential folder out of a trial copy."""
    try:
        fortrolig = Path(os.path.normpath(fortrolig_mappe(data).absolute()))
    except DataFejl:
        fortrolig = Path(os.path.normpath((data / STANDARDMAPPE).absolute()))

    def ignorer(mappe: str, navne: list[str]) -> list[str]:
        return [n for n in navne if Path(os.path.normpath(Path(mappe, n).absolute())) == fortrolig]
    return ignorer
