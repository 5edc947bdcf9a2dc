"""The cut points of the sheets' wording rules, read from the `[ordvalg]` table of
data/indstillinger.toml and validated. The rules themselves are in klynge/ark/ordvalg.py."""

from __future__ import annotations

from dataclasses import dataclass

from klynge.fejl import Problem

FIL = "data/indstillinger.toml"


@dataclass(frozen=True)
class Trin:
    """A word used from a printed whole percentage `fra` upwards (until the next step)."""

    fra: int
    ord: str


@dataclass(frozen=True)
class Ordgraenser:
    paa_niveau: float  # points: a smaller gap to the national average is "på niveau med"
    godt_stykke: float  # points: a larger gap is "et godt stykke over/under"
    en_besvarelse: bool  # also "på niveau med" when the gap is smaller than one respondent's weight
    maengde: tuple[Trin, ...]  # quantity words, highest `fra` first
    niveau: tuple[Trin, ...]  # level words, highest `fra` first
    variation: tuple[Trin, ...]  # cluster spread words, by points between lowest and highest
    forventning_god: float  # largest "sjældent eller aldrig" below this: "god overensstemmelse"
    forventning_gab: float  # above this: "et tydeligt gab"
    motivation_min: int  # fewest items in the group of strongest motivators
    motivation_max: int  # most items in that group


def _tal(raa: dict, noegle: str, sti: str, problemer: list[Problem]) -> float | None:
    v = raa.get(noegle)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
        problemer.append(Problem(FIL, None, f"{sti}.{noegle}", "must be a number of at least 0"))
        return None
    return v


def _trin(raa: dict, noegle: str, problemer: list[Problem]) -> tuple[Trin, ...]:
    raekke = raa.get(noegle)
    sti = f"ordvalg.{noegle}"
    if not isinstance(raekke, list) or not raekke:
        problemer.append(Problem(FIL, None, sti, "must be a list of { fra = <percent>, ord = \"<word>\" }"))
        return ()
    trin = []
    for i, r in enumerate(raekke, 1):
        if (not isinstance(r, dict) or isinstance(r.get("fra"), bool) or not isinstance(r.get("fra"), int)
                or not isinstance(r.get("ord"), str) or not r["ord"].strip() or not 0 <= r["fra"] <= 100):
            problemer.append(Problem(FIL, None, sti, f"entry {i} must be {{ fra = <0-100>, ord = \"<word>\" }}"))
            continue
        trin.append(Trin(r["fra"], r["ord"].strip()))
    if [t.fra for t in trin] != sorted({t.fra for t in trin}, reverse=True):
        problemer.append(Problem(FIL, None, sti, "'fra' must fall strictly from the first entry to the last"))
    elif trin and trin[-1].fra != 0:
        problemer.append(Problem(FIL, None, sti, "the last entry must start at fra = 0, so every share has a word"))
    return tuple(trin)


def laes_ordgraenser(raa: object, problemer: list[Problem]) -> Ordgraenser | None:
    """The `[ordvalg]` table as Ordgraenser; problems are appended one per line."""
    if not isinstance(raa, dict):
        problemer.append(Problem(FIL, None, "ordvalg", "the [ordvalg] table is missing"))
        return None
    foer = len(problemer)
    paa_niveau = _tal(raa, "paa_niveau", "ordvalg", problemer)
    godt_stykke = _tal(raa, "godt_stykke", "ordvalg", problemer)
    en_besvarelse = raa.get("en_besvarelse")
    if not isinstance(en_besvarelse, bool):
        problemer.append(Problem(FIL, None, "ordvalg.en_besvarelse", "must be true or false"))
    if paa_niveau is not None and godt_stykke is not None and paa_niveau > godt_stykke:
        problemer.append(Problem(FIL, None, "ordvalg", "paa_niveau must not be larger than godt_stykke"))
    maengde = _trin(raa, "maengde", problemer)
    niveau = _trin(raa, "niveau", problemer)
    variation = _trin(raa, "variation", problemer)
    fv = raa.get("forventninger") if isinstance(raa.get("forventninger"), dict) else {}
    god = _tal(fv, "god", "ordvalg.forventninger", problemer)
    gab = _tal(fv, "gab", "ordvalg.forventninger", problemer)
    if god is not None and gab is not None and god > gab:
        problemer.append(Problem(FIL, None, "ordvalg.forventninger", "god must not be larger than gab"))
    mv = raa.get("motivation") if isinstance(raa.get("motivation"), dict) else {}
    mmin, mmax = mv.get("min"), mv.get("max")
    if not (isinstance(mmin, int) and isinstance(mmax, int) and not isinstance(mmin, bool)
            and not isinstance(mmax, bool) and 1 <= mmin <= mmax):
        problemer.append(Problem(FIL, None, "ordvalg.motivation", "min and max must be whole numbers, 1 <= min <= max"))
    if len(problemer) > foer:
        return None
    return Ordgraenser(paa_niveau, godt_stykke, en_besvarelse, maengde, niveau, variation, god, gab, mmin, mmax)
