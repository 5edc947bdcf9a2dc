"""Danish notation: numbers, percentages, number words, lists, singular/plural. The words a
figure earns ("på niveau med", "hovedparten", …) follow the rules in klynge.ark.ordvalg."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from babel.lists import format_list
from babel.numbers import format_decimal
from num2words import num2words

from klynge.maal.afrunding import rund_halvt_op

LOCALE = "da_DK"


def decimaltal(x: Fraction | int | float, decimaler: int = 0, behold_nul: bool = False) -> str:
    """A number in Danish notation, rounded half up ("92,3"; "60" rather than "60,0")."""
    afrundet = rund_halvt_op(Fraction(str(x)) if isinstance(x, float) else Fraction(x), decimaler)
    d = Decimal(afrundet.numerator) / Decimal(afrundet.denominator)
    min_dec = decimaler if behold_nul else 0
    fmt = "#,##0" + ("." + "0" * min_dec + "#" * (decimaler - min_dec) if decimaler else "")
    return format_decimal(d, format=fmt, locale=LOCALE)


def pct(x: Fraction | int | float, decimaler: int = 0) -> str:
    """"68 pct."; response rates use one decimal with ",0" dropped ("60 pct.", "92,3 pct.")."""
    return f"{decimaltal(x, decimaler)} pct."


def svarprocent(x: Fraction | int | float) -> str:
    """A response rate always has one decimal ("60,0 pct."), as "Om tallene" says."""
    return f"{decimaltal(x, 1, behold_nul=True)} pct."


def med_pct(tekst: str, x: Fraction | int) -> str:
    """"patientcases (54 pct.)"; a text that already ends in a parenthesis gets the figure inside
    it ("… i klyngen (benchmarking; 54 pct.)"), not a second pair."""
    if tekst.endswith(")"):
        return f"{tekst[:-1]}; {pct(x)})"
    return f"{tekst} ({pct(x)})"


def heltal(n: int) -> str:
    return format_decimal(n, locale=LOCALE)


def talord(n: int, neutrum: bool = False) -> str:
    """A count as a word: "fire", and "én"/"ét" for one (num2words gives the unstressed "et")."""
    if n == 1:
        return "ét" if neutrum else "én"
    return num2words(n, lang="da")


def antal_med_ord(n: int, ental: str, flertal: str, neutrum: bool = False) -> str:
    """"fire klynger", "én klynge"."""
    return f"{talord(n, neutrum)} {ental if n == 1 else flertal}"


def antal_med_tal(n: int, ental: str, flertal: str) -> str:
    """"15 medlemmer", "1 medlem"."""
    return f"{heltal(n)} {ental if n == 1 else flertal}"


def opremsning(dele: list[str], og: str = "og") -> str:
    """"A, B og C" — Danish lists have no comma before the last item."""
    if og == "og":
        return format_list(list(dele), locale=LOCALE)
    return dele[0] if len(dele) == 1 else f"{', '.join(dele[:-1])} {og} {dele[-1]}"


def stort_begyndelsesbogstav(s: str) -> str:
    return s[:1].upper() + s[1:]


_SAETNING = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÆØÅ«\"(–])")


def saetninger(tekst: str) -> list[str]:
    """Text as sentences: line by line (an editorial text's list items), then at sentence ends."""
    ud = []
    for linje in tekst.splitlines():
        linje = " ".join(linje.split())
        if linje:
            ud += [s for s in _SAETNING.split(linje) if s]
    return ud
