"""Problems found in the input, reported one line each."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    fil: str
    linje: int | None
    kolonne: str | None
    besked: str

    def __str__(self) -> str:
        sted = self.fil if self.linje is None else f"{self.fil}:{self.linje}"
        kol = f" column '{self.kolonne}':" if self.kolonne else ""
        return f"{sted}:{kol} {self.besked}"


class DataFejl(Exception):
    """Raised with every problem found, so an analyst can fix them all in one go."""

    def __init__(self, problemer: list[Problem]):
        self.problemer = list(problemer)
        super().__init__("\n".join(str(p) for p in self.problemer))
