"""The warm worker keeps the charts it drew, and draws again only a chart whose input changed.

Drawing the five charts is most of a fact sheet's time, yet an editorial text or a template
sentence changes none of them, and one changed answer usually changes one. Each chart is made
by a function of `klynge.ark.figurer` from plain values (texts, shares, small tables) and the
module's fixed style; in this process those values are its key. `faktaark.tegn_figurer` is
replaced here, in the preview's worker only, by one that builds every chart, draws (side by
side, as before) those whose key changed, and writes the kept SVG of the rest where the drawing
would have gone. The files are the ones a fresh drawing makes (drawing is deterministic), so
no page changes; `klynge render` always draws. One drawing per chart file is kept, so memory
does not grow with edits.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from klynge.ark import faktaark, figurer, forgrening
from klynge.projekt import uddata

BYGGERE = ("klyngefigur", "fordelingsfigur", "forventningsfigur", "rangfigur")


def _som_tekst(vaerdi) -> str:
    """A value as deterministic text: tables in full (pandas' repr shortens), the rest by repr
    (the chart functions take str, numbers, Fractions and frozen dataclasses of those)."""
    import pandas as pd

    if isinstance(vaerdi, pd.DataFrame):
        return f"DataFrame({list(vaerdi.columns)!r}, {[str(t) for t in vaerdi.dtypes]!r}, {vaerdi.to_csv()!r})"
    if isinstance(vaerdi, (list, tuple)):
        return f"{type(vaerdi).__name__}[{', '.join(_som_tekst(v) for v in vaerdi)}]"
    return repr(vaerdi)


def noegle(bygger: str, args: tuple, kwargs: dict) -> str:
    tekst = _som_tekst((bygger, args, sorted(kwargs.items())))
    return hashlib.sha256(tekst.encode()).hexdigest()


@dataclass(frozen=True)
class _Tegnet:
    noegle: str
    markdown: str
    svg: bytes


def husk_figurer() -> None:
    """Install the kept charts in this process (the preview's worker)."""
    noegler: dict[int, str] = {}  # id(Figur) -> key, for the charts of the sheet being built

    def med_noegle(bygger: str, funktion):
        @functools.wraps(funktion)
        def byg(*args, **kwargs):
            figur = funktion(*args, **kwargs)
            noegler[id(figur)] = noegle(bygger, args, kwargs)
            return figur
        return byg

    for navn in BYGGERE:
        setattr(figurer, navn, med_noegle(navn, getattr(figurer, navn)))

    tegnede: dict[str, _Tegnet] = {}  # chart file (figurer/<slug>/<name>.svg) -> what was drawn last

    def tegn_figurer(ark, navne: tuple[str, ...] = faktaark.FIGURER) -> dict[str, str]:
        mappe = Path("figurer") / ark.slug
        noegler.clear()
        figurer_ = {n: faktaark.figur(ark, n) for n in navne}
        markdown, at_tegne = {}, []
        for n, f in figurer_.items():
            sti = (mappe / f.filnavn).as_posix()
            tidligere = tegnede.get(sti)
            if tidligere is not None and tidligere.noegle == noegler.get(id(f)):
                # Written where the drawing would be (the document's output folder in the build).
                (uddata() / mappe).mkdir(parents=True, exist_ok=True)
                (uddata() / sti).write_bytes(tidligere.svg)
                markdown[n] = tidligere.markdown
            else:
                tegnede.pop(sti, None)
                at_tegne.append(n)
        tegnet = forgrening.koer_fordelt([lambda f=figurer_[n]: f.gem(mappe) for n in at_tegne])
        for n, md in zip(at_tegne, tegnet):
            markdown[n] = md
            f = figurer_[n]
            if id(f) in noegler:
                sti = (mappe / f.filnavn).as_posix()
                tegnede[sti] = _Tegnet(noegler[id(f)], md, (uddata() / sti).read_bytes())
        noegler.clear()
        return {n: markdown[n] for n in navne}

    faktaark.tegn_figurer = tegn_figurer
