"""Writing the provenance line of data/indstillinger.toml (`datakilde = "…"`), keeping every
other line and comment as it is. `klynge generate` sets it to "rekonstrueret"."""

from __future__ import annotations

import re

_LINJE = re.compile(r'^datakilde\s*=.*$', re.MULTILINE)


def med_datakilde(toml_tekst: str, datakilde: str) -> str:
    """The settings text with `datakilde` set; added before the first table if it is missing."""
    linje = f'datakilde = "{datakilde}"'
    if _LINJE.search(toml_tekst):
        return _LINJE.sub(linje, toml_tekst, count=1)
    tabel = re.search(r"^\[", toml_tekst, re.MULTILINE)
    if tabel is None:
        return toml_tekst.rstrip("\n") + "\n" + linje + "\n"
    return toml_tekst[:tabel.start()] + linje + "\n\n" + toml_tekst[tabel.start():]
