"""The warm worker keeps the charts it drew last for each fact sheet.

A sheet's charts are drawn from its data alone (the shared files and its own rows, as the build
cache knows: `afhaengigheder.arkets_data`); an editorial text or a template sentence changes
none of them, yet drawing them is most of a sheet's time. So in the preview's worker
`faktaark.tegn_figurer` remembers, per specialty, the data it drew from and the files it wrote,
and gives the same Markdown back while the data are the same and the files are still there
exactly as written. The files are the ones a fresh drawing makes (drawing is deterministic), so
the pages do not change; `klynge render` always draws.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class _Tegnet:
    noegle: str
    markdown: dict[str, str]
    filer: dict[Path, str]


def _noegle(rod: Path, slug: str, mappe: Path, navne: tuple[str, ...]) -> str:
    from klynge.byg.afhaengigheder import arkets_data

    return hashlib.sha256(repr((str(mappe.resolve()), navne, arkets_data(rod, slug))).encode()).hexdigest()


def _filer(mappe: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(mappe.glob("*")) if p.is_file()}


def husk_figurer(rod: Path) -> None:
    """Make this process's `klynge.ark.faktaark.tegn_figurer` reuse the charts of an unchanged
    specialty. Only one drawing per specialty is kept, so memory does not grow with edits."""
    from klynge.ark import faktaark

    tegn = faktaark.tegn_figurer
    sidste: dict[str, _Tegnet] = {}

    def tegn_figurer(ark, navne: tuple[str, ...] = faktaark.FIGURER) -> dict[str, str]:
        mappe = Path("figurer") / ark.slug
        noegle = _noegle(rod, ark.slug, mappe, tuple(navne))
        forrige = sidste.get(ark.slug)
        if forrige is not None and forrige.noegle == noegle and _filer(mappe) == forrige.filer:
            return dict(forrige.markdown)
        sidste.pop(ark.slug, None)
        markdown = tegn(ark, navne)
        sidste[ark.slug] = _Tegnet(noegle, dict(markdown), _filer(mappe))
        return markdown

    faktaark.tegn_figurer = tegn_figurer
