"""Problems found in the input, reported one line each."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Everything that could end a line on a terminal or in `str.splitlines` (\x85, \u2028, …).
_STYRETEGN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# A value quoted from the input is cut to this many characters; a whole message to MAKS_BESKED,
# so one hostile cell of 150 MB cannot flood the terminal.
CITAT_LAENGDE = 60
MAKS_BESKED = 1000


def kort(tekst: str, laengde: int) -> str:
    return tekst if len(tekst) <= laengde else tekst[: laengde - 1] + "…"


def citat(vaerdi: object, laengde: int = CITAT_LAENGDE) -> str:
    """A value from the input, quoted for a message: '…' and cut to `laengde` characters."""
    return f"'{kort(str(vaerdi), laengde)}'"


@dataclass(frozen=True)
class Problem:
    fil: str
    linje: int | None
    kolonne: str | None
    besked: str

    def __str__(self) -> str:
        sted = self.fil if self.linje is None else f"{self.fil}:{self.linje}"
        art = "key" if self.fil.endswith(".toml") else "column"  # a TOML file has keys, not columns
        kol = f" {art} '{kort(self.kolonne, 80)}':" if self.kolonne else ""
        besked = kort(self.besked, MAKS_BESKED)
        # One problem, one line: a line break or NUL quoted from the data (also in a file or
        # column name) is shown escaped.
        return _STYRETEGN.sub(lambda m: repr(m.group())[1:-1], f"{sted}:{kol} {besked}")


class DataFejl(Exception):
    """Raised with every problem found, so an analyst can fix them all in one go."""

    def __init__(self, problemer: list[Problem]):
        self.problemer = list(problemer)
        super().__init__("\n".join(str(p) for p in self.problemer))
