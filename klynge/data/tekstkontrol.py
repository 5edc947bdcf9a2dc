"""Editorial texts cannot state figures (data/tekster/<speciale>.md).

A number, a percentage or a quantity word typed into an editorial text is a figure that does not
follow the data: when the answers change, the text goes on saying "de fleste". Such a sentence
belongs in klynge, computed. Quotation marks around a phrase look like a respondent's own words,
and free-text answers are never quoted. `klynge check` and every sheet run this check.
"""

from __future__ import annotations

import re
from pathlib import Path

from klynge.data.ordgraenser import Ordgraenser
from klynge.data.redaktionelt import MAKS_BYTES
from klynge.fejl import Problem

# An ordered-list marker ("1. **Faglig læring**") numbers the advice; it states no figure.
_LISTEMARKOER = re.compile(r"^\s*\d+[.)]\s")
_CIFRE = re.compile(r"\d+(?:[.,]\d+)?")
_PROCENT = re.compile(r"%|\bpct\b\.?|\bprocent\w*", re.IGNORECASE)
_TALORD = ("to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti", "elleve", "tolv", "femten", "tyve",
           "tredive", "fyrre", "halvtreds", "hundrede", "tusind", "dobbelt så mange", "tredjedel", "fjerdedel",
           "hver anden", "hver tredje", "hver fjerde", "hver femte")
# Quantity words besides those of the wording rules' own table ([ordvalg] maengde). "flere"
# (several) and "nogle" are left alone: they claim no share.
_MAENGDEORD = ("nærmest alle", "næsten alle", "stort set alle", "langt de fleste", "de fleste", "størstedelen",
               "flertallet", "mindretallet", "en mindre andel", "en stor andel", "en stor del",
               "en del af deltagerne", "en del af respondenterne",
               "mange", "kun få", "meget få", "de færreste", "halvdelen", "halvparten")
# Paired quotation marks of any style: „…“ “…” "…" »…« «…».
_CITAT = re.compile(r"[„“”\"»«]([^„“”\"»«\n]{1,120})[“”\"«»]")


def _ord_moenster(ord_: tuple[str, ...]) -> re.Pattern:
    alternativer = sorted({re.escape(o) for o in ord_}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(alternativer) + r")(?!\w)", re.IGNORECASE)


def fund_i_linje(linje: str, g: Ordgraenser) -> list[str]:
    """What in one line of editorial text states a figure or quotes someone, as messages."""
    if linje.lstrip().startswith("#"):
        return []
    fund = []
    tekst = _LISTEMARKOER.sub(" ", linje)
    for m in _CIFRE.finditer(tekst):
        fund.append(f"states the number '{m.group()}'; figures come from the data: make it a computed sentence")
    for m in _PROCENT.finditer(tekst):
        fund.append(f"states a percentage ('{m.group()}'); figures come from the data: make it a computed sentence")
    for m in _ord_moenster(_TALORD).finditer(tekst):
        fund.append(f"states a number in words ('{m.group()}'); figures come from the data: make it a computed sentence")
    maengde = tuple(t.ord for t in g.maengde if t.fra > 0) + _MAENGDEORD
    for m in _ord_moenster(maengde).finditer(tekst):
        fund.append(f"uses the quantity word '{m.group()}', which must follow the data: make it a computed sentence "
                    f"or leave it out")
    for m in _CITAT.finditer(tekst):
        fund.append(f"puts quotation marks around '{m.group(1)}', which reads as a respondent's own words; "
                    f"free-text answers are never quoted: paraphrase without quotation marks")
    return fund


def kontroller_tekst(sti: Path, navn: str, g: Ordgraenser) -> list[Problem]:
    """One problem per finding in an editorial text, naming file and line."""
    data = sti.parent.parent.resolve()
    if not sti.resolve().is_relative_to(data):
        return []  # a link out of data/: never read; klynge.data.redaktionelt refuses it
    if not sti.is_file() or sti.stat().st_size > MAKS_BYTES:
        return []  # not a file, or too large to be a text: klynge.data.redaktionelt refuses it
    try:
        indhold = sti.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []  # missing, unreadable or not UTF-8: klynge.data.redaktionelt reports what is wrong
    problemer = []
    for nr, linje in enumerate(indhold.splitlines(), 1):
        problemer += [Problem(navn, nr, None, besked) for besked in fund_i_linje(linje, g)]
    return problemer


def kontroller_tekster(mappe: Path, g: Ordgraenser) -> list[Problem]:
    """Every data/tekster/*.md file."""
    return [p for sti in sorted((mappe / "tekster").glob("*.md"))
            for p in kontroller_tekst(sti, f"data/tekster/{sti.name}", g)]
