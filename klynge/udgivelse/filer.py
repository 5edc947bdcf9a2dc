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
# A release's name is a folder name and a word in the colophon: "2026-03", "2026-03-rettet".
GYLDIGT_NAVN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


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
        return {slug: post for slug in self.specialer if (post := self.ark(slug)) is not None}


def _vist(sti: Path) -> str:
    dele = sti.parts
    return "/".join(dele[dele.index("data"):]) if "data" in dele else sti.as_posix()


def mappe(data: Path) -> Path:
    return data / UDGIVELSER


def laes_udgivelser(data: Path) -> list[Udgivelse]:
    """Every release, oldest first (by the time it was made, then its name)."""
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
        ud.append(Udgivelse(sti.name, sti, oplysninger))
    if problemer:
        raise DataFejl(problemer)
    return sorted(ud, key=lambda u: (u.tidspunkt, u.navn))


def udgivelser_findes(data: Path) -> bool:
    rod = mappe(data)
    return rod.is_dir() and any(p.is_dir() and not p.name.startswith(".") for p in rod.iterdir())


def seneste(data: Path) -> Udgivelse | None:
    alle = laes_udgivelser(data)
    return alle[-1] if alle else None


def find(data: Path, navn: str) -> Udgivelse | None:
    return next((u for u in laes_udgivelser(data) if u.navn == navn), None)
