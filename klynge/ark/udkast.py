"""The draft mark: while the answers are not the survey's own (`datakilde = "rekonstrueret"`, or
"demonstration" for a constructed round, in data/indstillinger.toml), every HTML page shows a
banner and every PDF page a mark, so no reader takes the constructed figures for survey results.
With real data both are gone. The words say which kind of draft it is (`kilde`).

The banner is document content, not engine markup, so Quarto renders it too: a
`.content-visible when-format="html"` div for the page, and for the PDF a Typst `metadata`
element that the page header of reports/_typst/typst-template.typ looks for on every page.
"""

from __future__ import annotations

from klynge.data.indlaes import Indstillinger

from klynge.ark.tal import MAERKE, MAERKE_FORKLARING
from klynge.ark.undslip import typst_streng


def tekst(ind: Indstillinger) -> str:
    """The banner (and every PDF page's header)."""
    if ind.demonstration:
        return (f"UDKAST – bygger på en konstrueret demonstrationsrunde og er ikke et resultat af nogen "
                f"undersøgelse. Alle tal, der bygger på svarene, er konstrueret ({MAERKE}) og må ikke citeres.")
    return (f"UDKAST – bygger på rekonstruerede svar. Kun tal, der også står i eKVIS’ faktaark fra "
            f"{ind.udgivet.lower()}, er undersøgelsens resultater; øvrige tal er konstrueret ({MAERKE}) "
            f"og må ikke citeres.")


def kilde(ind: Indstillinger) -> str:
    """For "Om tallene": where the answers of a draft come from, and which figures are marked
    ("" with real data)."""
    if ind.demonstration:
        return ("Svarene bag dette udkast er en konstrueret demonstrationsrunde – ikke et resultat af nogen "
                "undersøgelse. Ingen af de tal, der bygger på svarene, er undersøgelsens resultater; de er alle "
                f"mærket {MAERKE}, også i figurerne og CSV-tabellerne.")
    if ind.rekonstrueret:
        return (f"Svarene bag dette udkast er rekonstrueret ud fra eKVIS' faktaark fra {ind.udgivet.lower()}; kun "
                f"tal, der står dér, er undersøgelsens resultater. Alle andre tal er konstrueret og mærket "
                f"{MAERKE}, også i figurerne og CSV-tabellerne.")
    return ""


def indsamling(ind: Indstillinger) -> str:
    """The start of the sheet's sentence on when the answers were collected. A demonstration
    round was never collected, so its sheet does not say that eKVIS ran a survey then."""
    if ind.demonstration:
        return (f"Dette udkast bygger på en konstrueret demonstrationsrunde, dateret {ind.indsamlet}, af eKVIS’ "
                f"spørgeskemaundersøgelse")
    return f"I {ind.indsamlet} gennemførte eKVIS en spørgeskemaundersøgelse"


def forside_kilde(ind: Indstillinger) -> str:
    """The front page's sentence on where its figures come from."""
    if ind.demonstration:
        return ("Alle tal, der bygger på svarene, kommer fra en konstrueret demonstrationsrunde – ikke et resultat "
                f"af nogen undersøgelse – og er mærket {MAERKE}")
    if ind.rekonstrueret:
        return ("Alle tal er beregnet fra rekonstruerede svar (se [Kontrol af tallene](revision.qmd#resultater)); "
                f"tal, der ikke står i eKVIS' faktaark fra {ind.udgivet.lower()}, er konstrueret og mærket {MAERKE}")
    return "Alle tal er beregnet direkte fra besvarelserne"


def forklaring() -> str:
    """The mark explained, once on every page and in every PDF."""
    return f"{MAERKE} {MAERKE_FORKLARING[:1].upper()}{MAERKE_FORKLARING[1:]}."


# The label the Typst page header queries (reports/_typst/typst-template.typ).
TYPST_ETIKET = "klynge-udkast"



def markering(ind: Indstillinger, til_rod: str = ".") -> str:
    """Markdown for the top of a page: the banner (HTML), the page mark (Typst) and, in both,
    what the mark on a constructed figure means; "" with real data.

    `til_rod` is the path from the page to the project root, for the link to the audit page.
    """
    if not ind.udkast:
        return ""
    hovedled, rest = tekst(ind).split(" – ", 1)
    return (
        '::: {.content-visible when-format="html"}\n'
        '::: {.udkast role="note"}\n'
        f"**{hovedled}** – {rest} [Hvilke tal det er]({til_rod}/revision.qmd#resultater)\n"
        ":::\n"
        ":::\n\n"
        "```{=typst}\n"
        f"#metadata({typst_streng(tekst(ind))}) <{TYPST_ETIKET}>\n"
        "```\n\n"
        "::: {.tegnforklaring}\n"
        f"{forklaring()}\n"
        ":::\n"
    )


def revisionsnote(ind: Indstillinger, antal_publicerede: int, antal_stemmer: int) -> str:
    """For the audit page: which figures on the site are survey results."""
    if ind.demonstration:
        return (
            f"Svarene bag dette site er en konstrueret demonstrationsrunde: de er opfundet for at afprøve "
            f"sammenligningen med en tidligere runde og er ikke et resultat af nogen undersøgelse. **Ingen af "
            f"sitets tal, der bygger på svarene, er undersøgelsens resultater** – heller ikke dem, der ligner tal i "
            f"eKVIS’ faktaark fra {ind.udgivet.lower()}; de er mærket {MAERKE} overalt: i teksten, figurerne, "
            f"alternativteksterne og CSV-tabellerne (kolonnen »konstrueret«). Tabellerne nedenfor stiller de "
            f"{antal_publicerede} publicerede tal op mod demonstrationsrundens; at et tal »stemmer«, gør det ikke "
            f"til et af undersøgelsens resultater.")
    if not ind.udkast:
        return (f"Besvarelserne i data er en eksport af undersøgelsens egne svar, så alle tal på sitet er "
                f"undersøgelsens resultater. Tabellerne nedenfor viser, hvilke af de {antal_publicerede} "
                f"publicerede tal data giver tilbage.")
    return (
        f"Undersøgelsens besvarelser er fortrolige. Svarene bag dette site er derfor rekonstrueret ud fra eKVIS’ "
        f"faktaark fra {ind.udgivet.lower()}, så de giver de publicerede tal tilbage. **Kun tal, der også står i "
        f"de publicerede faktaark, er undersøgelsens resultater**: det er de {antal_publicerede} tal i kolonnen "
        f"»Faktaarket« i tabellerne nedenfor. Da svarene er rekonstrueret ud fra faktaarkene, viser »stemmer« kun, "
        f"at tallet er muligt – ikke at det er bekræftet af andre data. Alle andre tal på sitet er frembragt af "
        f"rekonstruktionen og er ikke resultater; de er mærket {MAERKE} overalt: i teksten, figurerne, "
        f"alternativteksterne og CSV-tabellerne (kolonnen »konstrueret«). Det gælder fordelingen på de enkelte "
        f"svarkategorier, tallene for de enkelte klynger ud over dem, faktaarkene nævner, engagementspunkterne "
        f"og motivationsfaktorerne, som faktaarkene ikke giver tal for. Hvor to specialer har ens tal for "
        f"sådanne punkter, skyldes det rekonstruktionen, ikke besvarelserne."
    )
