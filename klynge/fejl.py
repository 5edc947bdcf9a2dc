"""Problems found in the input, reported one line each."""

from __future__ import annotations

import re
from dataclasses import dataclass

_STYRETEGN = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    fil: str
    linje: int | None
    kolonne: str | None
    besked: str

    def __str__(self) -> str:
        sted = self.fil if self.linje is None else f"{self.fil}:{self.linje}"
        kol = f" column '{self.kolonne}':" if self.kolonne else ""
        # One problem, one line: a line break or NUL quoted from the data is shown escaped.
        besked = _STYRETEGN.sub(lambda m: repr(m.group())[1:-1], self.besked)
        return f"{sted}:{kol} {besked}"


class DataFejl(Exception):
    """Raised with every problem found, so an analyst can fix them all in one go."""

    def __init__(self, problemer: list[Problem]):
        self.problemer = list(problemer)
        super().__init__("\n".join(str(p) for p in self.problemer))
