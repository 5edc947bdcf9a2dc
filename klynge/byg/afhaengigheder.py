"""What each document of the site reads from data/, as a fingerprint for the build cache.

A specialty's page reads that specialty's rows of the data files (the answers wherever
`klynge.data.fortrolig` says they are), the shared codebook and
settings, and its editorial text; the overview pages read all data except editorial text
(klynge.data.aftryk, which also gives the colophon's data fingerprint). So a changed answer
re-renders its specialty and the overview pages, a changed editorial text only its specialty —
and the `klynge` source is part of every fingerprint, and the release records (data/udgivelser/)
too: every page's colophon names the release it belongs to.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import klynge
from klynge.data import aftryk
from klynge.data.aftryk import fil_aftryk, udgivelsernes_aftryk
from klynge.fejl import DataFejl
from klynge.udgivelse.filer import udgivelser_findes
from klynge.render.cache import sha256_tree

# The pages that compare the current sheets with the last release (klynge.udgivelse.aendringer).
SAMMENLIGNER = ("index.qmd", "aendringer.qmd")


def kode_fingeraftryk() -> str:
    return sha256_tree(Path(klynge.__file__).parent, ("*.py", "*.html", "*.typ", "*.typst", "*.lua"))


def arkets_aftryk(data: Path, slug: str) -> str:
    try:
        return aftryk.arkets_aftryk(data, slug)
    except DataFejl as e:  # an unusable key: the document reports it when it runs
        return f"unusable: {e}"


def alle_data(data: Path) -> str:
    try:
        return aftryk.alle_data(data)
    except DataFejl as e:
        return f"unusable: {e}"


def fingeraftryk(rod: Path, dokument: str, slugs: set[str], kode: str, params: dict | None = None) -> str:
    data = rod / "data"
    h = hashlib.sha256(kode.encode())
    slug = Path(dokument).stem
    if dokument == "reports/faktaark.qmd":
        # The template: with -P speciale:<slug> that sheet, whose body it reads when it runs;
        # without, a page listing the specialties.
        slug = str((params or {}).get("speciale") or "")
        h.update(fil_aftryk(data / "specialer.csv").encode())
        if slug:
            h.update(arkets_aftryk(data, slug).encode())
            for krop in sorted((rod / "reports").glob("_*.qmd")):
                h.update(f"{krop.name}:{fil_aftryk(krop)}".encode())
    elif dokument.startswith("reports/") and slug in slugs:
        h.update(arkets_aftryk(data, slug).encode())
    else:
        h.update(alle_data(data).encode())
        if dokument in SAMMENLIGNER and udgivelser_findes(data):
            # Against a release they compare every sheet's sentences, editorial ones included.
            for sti in sorted((data / "tekster").glob("*")):
                h.update(f"{sti.name}:{fil_aftryk(sti)}".encode())
            krop = rod / "reports" / "_faktaark.qmd"
            if dokument == "aendringer.qmd" and krop.is_file():
                # It names each figure by the sheet's section headings and chart order, read from there.
                h.update(f"{krop.name}:{fil_aftryk(krop)}".encode())
    h.update(udgivelsernes_aftryk(data).encode())
    return h.hexdigest()
