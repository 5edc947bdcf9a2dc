"""One small page per specialty (reports/<speciale>.qmd), made from the template.

Quarto renders a project's pages in one run, each once; `-P` would give every page the same
specialty, and a page without a parameters cell ignores `-P`. So each specialty gets its own
page that sets `speciale` in a plain cell and includes the shared body. The pages are made
from reports/faktaark.qmd (same front matter), so adding a specialty is a row in
data/specialer.csv — `klynge render` and Quarto's pre-render step both run this.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from klynge.fejl import DataFejl, Problem

MAERKE = "<!-- Made by `klynge sider` from data/specialer.csv and reports/faktaark.qmd: edit those, not this. -->"
_PARAMETRE = re.compile(r"```\{python\}\n#\| tags: \[parameters\]\n.*?```\n", re.S)


def side(skabelon: str, slug: str, navn: str) -> str:
    hoved, krop = skabelon.split("\n---\n", 1)
    hoved = "\n".join(l for l in hoved.splitlines() if not l.startswith("#"))
    hoved += f'\npagetitle: "Klyngearbejdet i {navn}"'
    celle = f'```{{python}}\nspeciale = "{slug}"\n```\n'
    krop, antal = _PARAMETRE.subn(celle, krop)
    if antal != 1:
        raise ValueError("reports/faktaark.qmd must have exactly one cell tagged parameters")
    return f"{hoved}\n---\n\n{MAERKE}\n{krop}"


def specialer(data: Path) -> list[tuple[str, str]]:
    """(slug, navn) of every specialty. Read with the csv module alone: this runs before every
    render (also as Quarto's pre-render step) and must be quick; `klynge check` and the
    documents validate the file fully."""
    navn = "data/specialer.csv"
    try:
        with open(data / "specialer.csv", encoding="utf-8-sig", newline="") as f:
            raekker = list(csv.DictReader(f))
    except FileNotFoundError:
        raise DataFejl([Problem(navn, None, None, "file is missing")]) from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise DataFejl([Problem(navn, None, None, f"cannot be read as UTF-8 CSV: {e}")]) from None
    ud = []
    for linje, r in enumerate(raekker, 2):
        slug, titel = (r.get("speciale") or "").strip(), (r.get("navn") or "").strip()
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) or not titel:
            raise DataFejl([Problem(navn, linje, "speciale", f"'{slug}' is not a valid specialty row")])
        ud.append((slug, titel))
    return ud


def forventede_sider(rod: Path) -> dict[Path, str]:
    skabelon = (rod / "reports" / "faktaark.qmd").read_text(encoding="utf-8")
    return {rod / "reports" / f"{slug}.qmd": side(skabelon, slug, navn) for slug, navn in specialer(rod / "data")}


def synkroniser_sider(rod: Path) -> list[str]:
    """Write missing or outdated pages, remove pages of specialties no longer in the data."""
    forventet = forventede_sider(rod)
    aendringer = []
    for sti, tekst in forventet.items():
        if not sti.exists() or sti.read_text(encoding="utf-8") != tekst:
            aendringer.append(f"{'updated' if sti.exists() else 'created'} {sti.relative_to(rod)}")
            sti.write_text(tekst, encoding="utf-8")
    for sti in sorted((rod / "reports").glob("*.qmd")):
        if sti not in forventet and MAERKE in sti.read_text(encoding="utf-8"):
            sti.unlink()
            aendringer.append(f"removed {sti.relative_to(rod)}")
    return aendringer
