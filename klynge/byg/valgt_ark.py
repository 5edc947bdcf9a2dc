"""The sheet of the specialty named with `-P speciale:<slug>` (reports/faktaark.qmd).

The template is in the project's render list, so `quarto render -P speciale:<slug>` (the
design card's command) and `quarto render reports/faktaark.qmd -P speciale:<slug>` both make
it, into _site/reports/faktaark.html and .pdf. Which body a sheet has depends on the data (the
short one below the response threshold) and Quarto resolves `{{< include >}}` before any cell
runs, so the template cannot include the right body itself: this module runs the body the
specialty's own page includes (reports/_faktaark.qmd or _faktaark_kort.qmd) and returns the
Markdown it makes, inline expressions inserted as Quarto inserts them (a `str` escaped, an
object with a Markdown representation as Markdown). Without a specialty the page says how to
choose one and links to every sheet.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from klynge.byg.sider import (KORT_KROP, KROP, sidetitel, specialer, titel_og_emne, udkast_og_forfatter,
                              under_graensen)
from klynge.fejl import DataFejl, Problem
from klynge.projekt import find_rod
from klynge.render.cells import escape_markdown, quarto_escaped
from klynge.render.qmd import CodeCell, find_inline_expressions, parse_cells
from klynge.ark import udkast
from klynge.udgivelse import kolofon
from klynge.ark.undslip import typst_streng
from klynge.data.indlaes import indlaes_genbrug


def markdown(speciale: str | None, rod: Path | None = None) -> str:
    rod = rod or find_rod()
    alle = specialer(rod / "data")
    if not speciale:
        # While the answers are reconstructed every page says so, this one too; and every page
        # carries the colophon.
        return (udkast.markering(indlaes_genbrug(rod / "data").indstillinger, "..") + "\n" + neutral_side(alle)
                + "\n" + kolofon.for_oversigt(rod) + "\n" + neutral_pdf_metadata(rod))
    if speciale not in dict(alle):
        raise DataFejl([Problem("data/specialer.csv", None, "speciale",
                                f"no specialty '{speciale}' (known: {', '.join(s for s, _ in alle)})")])
    krop = KORT_KROP if speciale in under_graensen(rod / "data") else KROP
    navn = krop.split()[2]  # "{{< include _faktaark.qmd >}}"
    return (sidens_metadata(rod, dict(alle)[speciale]) + "\n" + koer(rod / "reports" / navn, {"speciale": speciale})
            + "\n" + pdf_metadata(rod, dict(alle)[speciale]))


def sidens_metadata(rod: Path, navn: str) -> str:
    """The page title (HTML <title>, PDF title) and PDF subject of the specialty's own page, as a
    metadata block: a cell cannot change the front matter, but pandoc reads a YAML block printed
    into the body, and a later block's value wins (Quarto and the built-in engine alike)."""
    udkast, _ = udkast_og_forfatter(rod / "data")
    return f"---\n{titel_og_emne(navn, udkast)}\n---\n"


def pdf_metadata(rod: Path, navn: str) -> str:
    """The PDF's title and author as the specialty's own page has them (klynge pages writes
    them into its front matter; here the front matter is the template's, so Typst is told)."""
    udkast, forfatter = udkast_og_forfatter(rod / "data")
    titel = sidetitel(navn, udkast)
    return ("```{=typst}\n"
            f"#set document(title: {typst_streng(titel)}, author: ({typst_streng(forfatter)},))\n"
            "```\n")


def neutral_pdf_metadata(rod: Path) -> str:
    """The neutral page's PDF title and author: a draft says it is one, and does not name eKVIS."""
    er_udkast, forfatter = udkast_og_forfatter(rod / "data")
    titel = ("Udkast: " if er_udkast else "") + "Faktaark om klyngearbejdet"
    return ("```{=typst}\n"
            f"#set document(title: {typst_streng(titel)}, author: ({typst_streng(forfatter)},))\n"
            "```\n")


def neutral_side(alle: list[tuple[str, str]]) -> str:
    """What a reader sees where no specialty was chosen: the sheets to choose from."""
    links = "\n".join(f"- [{escape_markdown(navn)}]({slug}.html)" for slug, navn in alle)
    return ("# Faktaark om klyngearbejdet\n\n"
            f"Vælg et speciale:\n\n{links}\n")


def koer(krop: Path, navnerum: dict) -> str:
    """The Markdown a sheet's body makes: its cells run in `navnerum` in order (hidden cells
    print nothing, `output: asis` cells their printed Markdown), its inline expressions
    replaced by their values."""
    dele = []
    for stykke in parse_cells(krop.read_text(encoding="utf-8")):
        if isinstance(stykke, CodeCell):
            ud = io.StringIO()
            with contextlib.redirect_stdout(ud):
                exec(compile(stykke.source, f"{krop.name}, cell {stykke.number}", "exec"), navnerum)
            if stykke.options.get("include") is False:
                continue
            if stykke.options.get("output") != "asis":
                raise ValueError(f"{krop.name}: cell {stykke.number}: a sheet's cells are hidden or output: asis")
            dele.append(ud.getvalue())
        else:
            dele.append(_indsaet(stykke.text, navnerum, krop.name))
    return "\n".join(dele)


def _indsaet(tekst: str, navnerum: dict, kilde: str) -> str:
    stykker, sidst = [], 0
    for m in find_inline_expressions(tekst):
        vaerdi = eval(compile(m.group(1), kilde, "eval"), navnerum)
        if hasattr(vaerdi, "_repr_markdown_"):
            vist = vaerdi._repr_markdown_()
        elif isinstance(vaerdi, str) and vaerdi and vaerdi.isprintable():
            vist = quarto_escaped(vaerdi)  # as Quarto inserts a str: quotes left for pandoc to curl
        else:  # Quarto would print an empty string as code: our documents never make one
            raise ValueError(f"{kilde}: inline expression `{m.group(1)}` gave {vaerdi!r}")
        stykker += [tekst[sidst:m.start()], vist]
        sidst = m.end()
    return "".join(stykker) + tekst[sidst:]
