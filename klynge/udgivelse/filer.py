"""The releases: what was sent to the specialty societies, as `klynge release` stored it.

`data/udgivelser/<NAVN>/udgivelse.toml` says when, by whom, from which data and code; beside it
each sheet's figure record, `<speciale>-tal.json` (klynge.udgivelse.talregister). Aggregates only, small
and text, committed with the project: the memory of what was published.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from klynge.data.aftryk import UDGIVELSER
from klynge.fejl import DataFejl, Problem

TOML = "udgivelse.toml"
# A release's name is a folder name and a word in the colophon: "2026-03", "2026-03-rettet". The
# whole name must match (fullmatch: `$` would let a trailing newline through), and not be a name
# Windows reserves for a device (a checkout on Windows could not hold the folder).
GYLDIGT_NAVN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
WINDOWS_RESERVERET = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def gyldigt_navn(navn: str) -> bool:
    return (GYLDIGT_NAVN.fullmatch(navn) is not None and not navn.endswith(".")
            and navn.split(".", 1)[0].lower() not in WINDOWS_RESERVERET)


@dataclass(frozen=True)
class Udgivelse:
    navn: str
    mappe: Path
    oplysninger: dict  # udgivelse.toml

    @property
    def dato(self) -> str:
        """The release date, ISO ("2026-03-15")."""
        return str(self.oplysninger.get("dato", ""))

    @property
    def tidspunkt(self) -> str:
        return str(self.oplysninger.get("tidspunkt", self.dato))

    @property
    def nummer(self) -> int:
        """The release's place in the sequence (`nummer`, written by the release command); 0 for a
        release made before releases were numbered."""
        nummer = self.oplysninger.get("nummer", 0)
        return nummer if isinstance(nummer, int) and not isinstance(nummer, bool) else 0

    @property
    def specialer(self) -> list[str]:
        return list(self.oplysninger.get("ark", {}))

    def ark(self, slug: str) -> dict | None:
        """The figure record of one sheet as released (None: the release has no such sheet)."""
        sti = self.mappe / f"{slug}-tal.json"
        if slug not in self.oplysninger.get("ark", {}) or not sti.is_file():
            return None
        try:
            return json.loads(sti.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise DataFejl([Problem(_vist(sti), getattr(e, "lineno", None), None, f"not a figure record: {e}")])

    def alle_ark(self) -> dict[str, dict]:
        """Every sheet's record; a record the release lists but that is missing or unreadable stops
        everything (a release with a sheet's record lost would not be compared on that sheet)."""
        ud = {}
        for slug in self.specialer:
            sti = self.mappe / f"{slug}-tal.json"
            if not sti.is_file():
                raise DataFejl([Problem(_vist(sti), None, None, f"missing: release '{self.navn}' lists sheet "
                                                                f"'{slug}' in {TOML}; restore the file from git")])
            post = self.ark(slug)
            if not isinstance(post, dict) or not isinstance(post.get("tal"), list):
                raise DataFejl([Problem(_vist(sti), None, None, "not a figure record (no list of figures)")])
            ud[slug] = post
        return ud


def _vist(sti: Path) -> str:
    dele = sti.parts
    return "/".join(dele[dele.index("data"):]) if "data" in dele else sti.as_posix()


def mappe(data: Path) -> Path:
    return data / UDGIVELSER


def laes_udgivelser(data: Path) -> list[Udgivelse]:
    """Every release, oldest first (by its recorded sequence number); a release folder whose record
    is missing, unreadable or incomplete stops everything, with one line per problem."""
    rod = mappe(data)
    if not rod.is_dir():
        return []
    ud, problemer = [], []
    for sti in sorted(rod.iterdir()):
        if not sti.is_dir() or sti.name.startswith("."):
            continue
        toml = sti / TOML
        try:
            oplysninger = tomllib.loads(toml.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problemer.append(Problem(_vist(toml), None, None, "missing: every release folder has one"))
            continue
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            problemer.append(Problem(_vist(toml), None, None, f"cannot be read: {e}"))
            continue
        u = Udgivelse(sti.name, sti, oplysninger)
        if not isinstance(oplysninger.get("ark", {}), dict) or ("nummer" in oplysninger and u.nummer < 1):
            problemer.append(Problem(_vist(toml), None, None, "not a release record ([ark.*] tables and a "
                                                              "whole number `nummer` expected)"))
            continue
        try:
            u.alle_ark()
        except DataFejl as e:
            problemer += e.problemer
            continue
        ud.append(u)
    if problemer:
        raise DataFejl(problemer)
    # By the sequence the release command recorded, not by a date (SOURCE_DATE_EPOCH sets that):
    # releases made before they were numbered come first, by their time.
    ud.sort(key=lambda u: (u.nummer, u.tidspunkt if u.nummer == 0 else "", u.navn))
    nummererede = [u.nummer for u in ud if u.nummer]
    if len(set(nummererede)) != len(nummererede):
        dobbelt = sorted({n for n in nummererede if nummererede.count(n) > 1})
        raise DataFejl([Problem("data/udgivelser", None, None, f"two releases have the same number "
                                                               f"({', '.join(map(str, dobbelt))}); the record is "
                                                               "not one sequence")])
    return ud


def udgivelser_findes(data: Path) -> bool:
    rod = mappe(data)
    return rod.is_dir() and any(p.is_dir() and not p.name.startswith(".") for p in rod.iterdir())


def seneste(data: Path) -> Udgivelse | None:
    alle = laes_udgivelser(data)
    return alle[-1] if alle else None


def find(data: Path, navn: str) -> Udgivelse | None:
    return next((u for u in laes_udgivelser(data) if u.navn == navn), None)
