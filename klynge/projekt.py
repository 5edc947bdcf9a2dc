"""Where the project's files are, seen from a document being executed."""

from __future__ import annotations

import os
from pathlib import Path

# Set by the built-in engine (klynge.render.site.OUTPUT_DIR_ENV): the document's own folder in
# the build, where the files its page links to go. Under Quarto it is unset, and they go beside
# the document, where Quarto finds them.
UDDATA = "KLYNGE_RENDER_OUTPUT_DIR"


def find_rod(start: Path | None = None) -> Path:
    """The project root: the nearest folder holding _quarto.yml, searched upwards from the one
    the renderer names (QUARTO_PROJECT_ROOT), else from `start` or the working directory
    (documents run in reports/). The variable alone is not trusted: for a file outside the
    render list Quarto sets it to the file's own folder (tests/quarto_1_10, case
    sub/excluded-root)."""
    if start is None and os.environ.get("QUARTO_PROJECT_ROOT"):
        start = Path(os.environ["QUARTO_PROJECT_ROOT"])
    sti = (start or Path.cwd()).resolve()
    for mappe in (sti, *sti.parents):
        if (mappe / "_quarto.yml").exists():
            return mappe
    raise FileNotFoundError(f"no _quarto.yml in {sti} or above")


def uddata() -> Path:
    """The folder the files a document's page links to are written into (links stay relative
    to the document)."""
    return Path(os.environ.get(UDDATA) or ".")
