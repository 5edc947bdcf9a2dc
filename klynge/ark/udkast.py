"""The draft mark: while the answers are reconstructed (`datakilde = "rekonstrueret"` in
data/indstillinger.toml), every HTML page shows a banner and every PDF page a mark, so no
reader takes the reconstruction's figures for survey results. With real data both are gone.

The banner is document content, not engine markup, so Quarto renders it too: a
`.content-visible when-format="html"` div for the page, and for the PDF a Typst `metadata`
element that the page header of reports/_typst/typst-template.typ looks for on every page.
"""

from __future__ import annotations

from klynge.data.indlaes import Indstillinger

TEKST = ("Udkast – rekonstruerede data: kun tal, der også står i de publicerede faktaark, er "
         "undersøgelsens resultater")
# The label the Typst page header queries (reports/_typst/typst-template.typ).
TYPST_ETIKET = "klynge-udkast"


def _typst_streng(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def markering(ind: Indstillinger, til_rod: str = ".") -> str:
    """Markdown for the top of a page: the banner (HTML) and the page mark (Typst); "" with real data.

    `til_rod` is the path from the page to the project root, for the link to the audit page.
    """
    if not ind.rekonstrueret:
        return ""
    hovedled, rest = TEKST.split(": ", 1)
    return (
        '::: {.content-visible when-format="html"}\n'
        '::: {.udkast role="note"}\n'
        f"**{hovedled}:** {rest}. [Hvilke tal det er]({til_rod}/revision.qmd#resultater)\n"
        ":::\n"
        ":::\n\n"
        "```{=typst}\n"
        f"#metadata({_typst_streng(TEKST)}) <{TYPST_ETIKET}>\n"
        "```\n"
    )


def revisionsnote(ind: Indstillinger, antal_publicerede: int, antal_stemmer: int) -> str:
    """For the audit page: which figures on the site are survey results."""
    if not ind.rekonstrueret:
        return (f"Besvarelserne i data er en eksport af undersøgelsens egne svar, så alle tal på sitet er "
                f"undersøgelsens resultater. Tabellerne nedenfor viser, hvilke af de {antal_publicerede} "
                f"publicerede tal data giver tilbage.")
    return (
        f"Undersøgelsens besvarelser er fortrolige. Svarene bag dette site er derfor rekonstrueret ud fra de "
        f"publicerede faktaark, så de giver de publicerede tal tilbage. **Kun tal, der også står i de "
        f"publicerede faktaark, er undersøgelsens resultater**: det er de {antal_publicerede} tal i kolonnen "
        f"»Faktaarket« i tabellerne nedenfor, hvoraf data giver {antal_stemmer} tilbage uændret. Alle andre tal "
        f"på sitet er frembragt af rekonstruktionen og er ikke resultater: fordelingen på de enkelte "
        f"svarkategorier, tallene for de enkelte klynger ud over dem, faktaarkene nævner, engagementspunkterne "
        f"og motivationsfaktorerne, som faktaarkene ikke giver tal for, figurerne og CSV-tabellerne. Hvor to "
        f"specialer har ens tal for sådanne punkter, skyldes det rekonstruktionen, ikke besvarelserne."
    )
