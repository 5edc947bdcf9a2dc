"""What each document of the site reads from data/, as a fingerprint for the build cache.

A specialty's page reads that specialty's rows of the data files (the answers wherever
`klynge.data.fortrolig` says they are), the shared codebook and
settings, and its editorial text; the overview pages read all data except editorial text.
So a changed answer re-renders its specialty and the overview pages, a changed editorial text
only its specialty — and the `klynge` source is part of every fingerprint.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import klynge
from klynge.data.fortrolig import besvarelser_sti
from klynge.fejl import DataFejl
from klynge.render.cache import sha256_file, sha256_tree

# publicerede_tal.csv and rekonstruktion.toml decide which figures a sheet marks as constructed.
FAELLES = ("spoergsmaal.csv", "svarskalaer.csv", "landsgennemsnit.csv", "indstillinger.toml",
           "publicerede_tal.csv", "rekonstruktion.toml")
PR_SPECIALE = ("specialer.csv", "klynger.csv")


def kode_fingeraftryk() -> str:
    return sha256_tree(Path(klynge.__file__).parent, ("*.py", "*.html", "*.typ", "*.typst", "*.lua"))


def _raekker_for(sti: Path, slug: str) -> list[list[str]]:
    """The header and the rows of one specialty (a file that cannot be read counts as a whole)."""
    try:
        raekker = list(csv.reader(io.StringIO(sti.read_text(encoding="utf-8-sig"))))
        i = raekker[0].index("speciale")
    except (OSError, UnicodeDecodeError, csv.Error, IndexError, ValueError):
        return [[sti.read_bytes().hex()]] if sti.exists() else [["missing"]]
    return [raekker[0]] + [r for r in raekker[1:] if len(r) > i and r[i].strip() == slug]


def _fil(sti: Path) -> str:
    """The file's hash; a missing or unreadable one (a folder, say) counts by what it is: the
    document reports it when it reads it."""
    try:
        return sha256_file(sti)
    except FileNotFoundError:
        return "missing"
    except OSError as e:
        return type(e).__name__


def svar_sti(data: Path) -> Path:
    """The answers the documents read (klynge.data.fortrolig: the reconstructed rows or the
    confidential file); a location that cannot be resolved counts as the demo file's, and the
    document reports it."""
    try:
        return besvarelser_sti(data)
    except DataFejl:
        return data / "besvarelser.csv"


def arkets_data(rod: Path, slug: str) -> str:
    """The data a fact sheet reads, without its editorial text: the shared files and its own rows."""
    data = rod / "data"
    h = hashlib.sha256()
    for navn in FAELLES:
        h.update(f"{navn}:{_fil(data / navn)}".encode())
    for navn in PR_SPECIALE:
        h.update(repr(_raekker_for(data / navn, slug)).encode())
    h.update(repr(_raekker_for(svar_sti(data), slug)).encode())
    return h.hexdigest()


def fingeraftryk(rod: Path, dokument: str, slugs: set[str], kode: str, params: dict | None = None) -> str:
    data = rod / "data"
    h = hashlib.sha256(kode.encode())
    slug = Path(dokument).stem
    if dokument == "reports/faktaark.qmd":
        # The template: with -P speciale:<slug> that sheet, whose body it reads when it runs;
        # without, a page listing the specialties.
        slug = str((params or {}).get("speciale") or "")
        h.update(_fil(data / "specialer.csv").encode())
        if slug:
            h.update(arkets_data(rod, slug).encode())
            h.update(_fil(data / "tekster" / f"{slug}.md").encode())
            for krop in sorted((rod / "reports").glob("_*.qmd")):
                h.update(f"{krop.name}:{_fil(krop)}".encode())
    elif dokument.startswith("reports/") and slug in slugs:
        h.update(arkets_data(rod, slug).encode())
        h.update(_fil(data / "tekster" / f"{slug}.md").encode())
    else:
        for sti in sorted(p for p in data.rglob("*") if p.is_file() and "tekster" not in p.relative_to(data).parts):
            h.update(f"{sti.relative_to(data).as_posix()}:{_fil(sti)}".encode())
        h.update(f"besvarelser:{_fil(svar_sti(data))}".encode())  # also where it lives outside data/
    return h.hexdigest()
