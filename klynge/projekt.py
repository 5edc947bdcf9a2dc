"""Where the project's files are, seen from a document being executed."""

from __future__ import annotations

from pathlib import Path


def find_rod(start: Path | None = None) -> Path:
    """The project root: the nearest folder upwards holding _quarto.yml (documents run in reports/)."""
    sti = (start or Path.cwd()).resolve()
    for mappe in (sti, *sti.parents):
        if (mappe / "_quarto.yml").exists():
            return mappe
    raise FileNotFoundError(f"no _quarto.yml in {sti} or above")
