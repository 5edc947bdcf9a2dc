"""Editorial text per specialty (data/tekster/<speciale>.md): the parts of a sheet that are
written, not computed — examples of improvements, the summary of comments, "Gode råd".

The file is Markdown split into sections by lines `## <nøgle>`; a missing file or section
simply leaves that part out.
"""

from __future__ import annotations

import re
from pathlib import Path

from klynge.fejl import DataFejl, Problem

NOEGLER = ("engagement", "forventninger", "data", "forbedringer", "fokus", "kommentarer", "gode-raad")
_OVERSKRIFT = re.compile(r"^##\s+(\S+)\s*$")
# Editorial text must not carry figures: those come from the data.
_TAL = re.compile(r"\d+([,.]\d+)?\s*(pct|%|procent)", re.IGNORECASE)


def laes_tekster(sti: Path, navn: str) -> dict[str, str]:
    if not sti.exists():
        return {}
    afsnit: dict[str, list[str]] = {}
    problemer = []
    aktuel = None
    for nr, linje in enumerate(sti.read_text(encoding="utf-8").splitlines(), 1):
        m = _OVERSKRIFT.match(linje)
        if m:
            aktuel = m.group(1)
            if aktuel not in NOEGLER:
                problemer.append(Problem(navn, nr, None, f"unknown section '{aktuel}' (known: {', '.join(NOEGLER)})"))
            afsnit[aktuel] = []
        elif aktuel is None:
            if linje.strip():
                problemer.append(Problem(navn, nr, None, "text before the first '## <section>' line"))
        else:
            if _TAL.search(linje):
                problemer.append(Problem(navn, nr, None, "editorial text states a percentage; figures come from the data"))
            afsnit[aktuel].append(linje)
    if problemer:
        raise DataFejl(problemer)
    return {k: "\n".join(v).strip() for k, v in afsnit.items() if "\n".join(v).strip()}
