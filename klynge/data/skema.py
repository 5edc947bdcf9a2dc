"""The questionnaire codebook: questions, their answer scales and which answers count as positive."""

from __future__ import annotations

from dataclasses import dataclass

VURDERINGER = ("positiv", "neutral", "negativ")
FRITEKST = "fritekst"


@dataclass(frozen=True)
class Skala:
    navn: str
    svar: tuple[str, ...]
    vurderinger: tuple[str, ...]  # one per answer, in the same order
    koder: tuple[str, ...] = ()  # the numeric code a survey export may give each answer ("" for none)

    def med_vurdering(self, vurdering: str) -> tuple[str, ...]:
        return tuple(s for s, v in zip(self.svar, self.vurderinger) if v == vurdering)


@dataclass(frozen=True)
class Spoergsmaal:
    kolonne: str
    gruppe: str
    tekst: str
    punkt: str  # the item, phrased to follow "at klyngemøderne …" / "Jeg …"; empty for single questions
    kort: str  # short label for charts and tables
    skala: Skala | None  # None for free text
    eksporttekst: str = ""  # the question text as the survey export writes it, if not `tekst`
    variabel: str = ""  # the survey tool's variable name, if any

    @property
    def er_fritekst(self) -> bool:
        return self.skala is None

    def svar_i(self, spec: str) -> tuple[str, ...]:
        """Resolve an answer spec: 'positiv'/'neutral'/'negativ', or labels joined by '|'."""
        if self.skala is None:
            raise ValueError(f"'{self.kolonne}' is free text and has no answer categories")
        if spec in VURDERINGER:
            return self.skala.med_vurdering(spec)
        labels = tuple(s.strip() for s in spec.split("|"))
        ukendte = [s for s in labels if s not in self.skala.svar]
        if ukendte:
            raise ValueError(f"'{ukendte[0]}' is not an answer to '{self.kolonne}'")
        return labels


@dataclass(frozen=True)
class Spoergeskema:
    spoergsmaal: tuple[Spoergsmaal, ...]

    def __getitem__(self, kolonne: str) -> Spoergsmaal:
        for s in self.spoergsmaal:
            if s.kolonne == kolonne:
                return s
        raise KeyError(kolonne)

    def __contains__(self, kolonne: str) -> bool:
        return any(s.kolonne == kolonne for s in self.spoergsmaal)

    @property
    def kolonner(self) -> tuple[str, ...]:
        return tuple(s.kolonne for s in self.spoergsmaal)

    def gruppe(self, navn: str) -> tuple[Spoergsmaal, ...]:
        return tuple(s for s in self.spoergsmaal if s.gruppe == navn)
