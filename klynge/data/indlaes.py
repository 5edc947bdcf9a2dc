"""Loading and validating the survey data in data/ — the only module that reads the data files."""

from __future__ import annotations

import functools
import hashlib
import tomllib
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from klynge.data.aftryk import aftryksnoegle
from klynge.data.csvfil import laes_csv
from klynge.data.demonstration import PRAEFIKS, er_demonstration
from klynge.data.fortrolig import (DEMONSTRATION, REKONSTRUERET, SVARFIL, UNDERSOEGELSE, besvarelser_sti,
                                   fortrolig_mappe, indstillinger_raa, pdf_forfatter, svar_er_fortrolige,
                                   visningsnavn)
from klynge.fejl import DataFejl, Problem, citat
from klynge.data.ordgraenser import Ordgraenser, laes_ordgraenser
from klynge.data.skema import FRITEKST, VURDERINGER, Skala, Spoergeskema, Spoergsmaal

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
HELTAL = r"^[0-9]+$"
POSITIVT_HELTAL = r"^0*[1-9][0-9]*$"
TAL = r"^[0-9]+([.][0-9]+)?$"
# Names and labels are printed in headings, table cells, chart labels and file metadata: one
# line, no control characters.
EN_LINJE = r"^[^\x00-\x1f\x7f]*$"
FASTE_KOLONNER = ["respondent_id", "speciale", "klynge"]
DATAKILDER = (REKONSTRUERET, UNDERSOEGELSE, DEMONSTRATION)


@dataclass(frozen=True)
class Indstillinger:
    udgivet: str
    indsamlet: str
    min_svar: int
    # DATAKILDER: "undersoegelse" (the survey's own answers), "rekonstrueret" (rows rebuilt from
    # the published sheets) or "demonstration" (a constructed round, klynge.demorunde).
    datakilde: str
    ordvalg: Ordgraenser
    # Who the sheets name as their author (the PDF's metadata), and the date line our sheets
    # print ("" : the published sheets' `udgivet`). A draft says it is one in both.
    forfatter: str = "eKVIS"
    dato: str = ""

    @property
    def dato_linje(self) -> str:
        """The date line at the top of every sheet: a draft is not the March 2026 publication."""
        dato = self.dato or self.udgivet
        return f"Udkast · {dato[:1].lower()}{dato[1:]}" if self.udkast else dato

    @property
    def pdf_forfatter(self) -> str:
        # A draft is not by the survey's owner: it names the project.
        return pdf_forfatter(self.datakilde, self.forfatter)

    @property
    def udkast(self) -> bool:
        """The answers are not the survey's own: the sheets are drafts, their figures marked."""
        return self.datakilde != UNDERSOEGELSE

    @property
    def rekonstrueret(self) -> bool:
        """Rebuilt from eKVIS' published sheets: the figures those state are survey results."""
        return self.datakilde == REKONSTRUERET

    @property
    def demonstration(self) -> bool:
        """A constructed round: no figure is a survey result."""
        return self.datakilde == DEMONSTRATION


@dataclass(frozen=True)
class Klynge:
    navn: str
    medlemmer: int
    kode: str = ""  # the code a survey export may give the cluster


@dataclass(frozen=True)
class Speciale:
    slug: str
    navn: str
    flertal: str
    population: int
    klynger: tuple[Klynge, ...]
    kode: str = ""  # the code a survey export may give the specialty


@dataclass(frozen=True)
class Landsgennemsnit:
    spoergsmaal: str
    svar: str
    vaerdi: Fraction
    kilde: str


@dataclass(frozen=True)
class Undersoegelse:
    """Everything the documents need, validated. `besvarelser` holds one row per respondent."""

    specialer: tuple[Speciale, ...]
    besvarelser: pd.DataFrame
    skema: Spoergeskema
    landsgennemsnit: tuple[Landsgennemsnit, ...]
    indstillinger: Indstillinger

    def speciale(self, slug: str) -> Speciale:
        for s in self.specialer:
            if s.slug == slug:
                return s
        kendte = ", ".join(s.slug for s in self.specialer)
        raise KeyError(f"unknown speciale '{slug}' (known: {kendte})")

    def besvarelser_for(self, slug: str) -> pd.DataFrame:
        return self.besvarelser[self.besvarelser["speciale"] == slug]

    def landsgennemsnit_for(self, spoergsmaal: str) -> Landsgennemsnit | None:
        return next((l for l in self.landsgennemsnit if l.spoergsmaal == spoergsmaal), None)


def _skema_problemer(frame: pd.DataFrame, schema: pa.DataFrameSchema, navn: str) -> list[Problem]:
    """Run a pandera schema and turn each failure into a line naming file, line and column."""
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as e:
        problemer = []
        for _, f in e.failure_cases.iterrows():
            idx = f["index"]
            linje = int(frame.loc[idx, "_linje"]) if idx is not None and not pd.isna(idx) else None
            kolonne = None if pd.isna(f["column"]) else str(f["column"])
            check = str(f["check"])
            if check.startswith("isin"):
                besked = f"{citat(f['failure_case'])} is not an allowed value"
            elif "uniqueness" in check or check == "field_uniqueness":
                besked = f"{citat(f['failure_case'])} appears more than once"
            elif check.startswith("str_matches") and EN_LINJE in check:
                besked = f"{citat(f['failure_case'])} contains a line break or control character"
            elif check.startswith("str_matches"):
                besked = f"{citat(f['failure_case'])} has the wrong form (expected {_forventet(check)})"
            elif check.startswith("str_length"):
                besked = "must not be empty"
            else:
                besked = f"{citat(f['failure_case'])} fails {check}"
            problemer.append(Problem(navn, linje, kolonne, besked))
        return sorted(set(problemer), key=lambda p: (p.linje or 0, p.kolonne or ""))


def _forventet(check: str) -> str:
    if POSITIVT_HELTAL in check:
        return "a whole number of at least 1"
    if HELTAL in check:
        return "a whole number"
    if TAL in check:
        return "a number with '.' as decimal point"
    if SLUG in check:
        return "lower-case letters, digits and '-'"
    return check


def _tekst(*checks: pa.Check, **kw) -> pa.Column:
    return pa.Column(str, [pa.Check.str_length(min_value=1), *checks], **kw)


def _navn(*checks: pa.Check, **kw) -> pa.Column:
    """A name or label: non-empty text on one line."""
    return _tekst(pa.Check.str_matches(EN_LINJE), *checks, **kw)


def _laes(mappe: Path, fil: str, kolonner: list[str], problemer: list[Problem]) -> pd.DataFrame | None:
    frame, fundne = laes_csv(mappe / fil, kolonner, f"data/{fil}")
    problemer.extend(fundne)
    return frame


def _indstillinger(mappe: Path, problemer: list[Problem]) -> Indstillinger | None:
    navn = "data/indstillinger.toml"
    sti = mappe / "indstillinger.toml"
    try:
        raa = tomllib.loads(sti.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problemer.append(Problem(navn, None, None, "file is missing"))
        return None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        problemer.append(Problem(navn, None, None, f"not valid: {e}"))
        return None
    fundne = [Problem(navn, None, k, "required key is missing")
              for k in ("udgivet", "indsamlet", "min_svar", "datakilde") if k not in raa]
    fundne += ukendte_noegler(raa, KENDTE_NOEGLER, navn)
    fundne += [Problem(navn, None, k, "must be text in quotes") for k in ("udgivet", "indsamlet", "forfatter", "dato")
               if k in raa and not isinstance(raa[k], str)]
    min_svar = raa.get("min_svar")
    # A bool is an int to Python, and int() would truncate 4.9 or parse "5": each would quietly
    # change the anonymity threshold, so only a plain whole number is accepted.
    if "min_svar" in raa and (isinstance(min_svar, bool) or not isinstance(min_svar, int)):
        fundne.append(Problem(navn, None, "min_svar",
                              f"must be a whole number without quotes (found {min_svar!r})"))
    elif isinstance(min_svar, int) and min_svar < MINDSTE_MIN_SVAR:
        # The project promises that nothing published rests on fewer than 5 answers; a lower
        # threshold (1 switches the protection off) would break that promise without a word.
        fundne.append(Problem(navn, None, "min_svar", f"must be at least {MINDSTE_MIN_SVAR} (found {min_svar}): "
                                                      "the sheets promise that nothing published rests on fewer "
                                                      f"than {MINDSTE_MIN_SVAR} answers; the threshold may be "
                                                      "raised, never lowered"))
    datakilde = raa.get("datakilde")
    if "datakilde" in raa and datakilde not in DATAKILDER:
        fundne.append(Problem(navn, None, "datakilde",
                              f"must be {', '.join(repr(d) for d in DATAKILDER[:-1])} or {DATAKILDER[-1]!r}, not {datakilde!r}"))
    try:
        fortrolig_mappe(mappe)
    except DataFejl as e:
        fundne += e.problemer
    ordvalg = laes_ordgraenser(raa.get("ordvalg"), fundne)
    problemer.extend(fundne)
    if fundne:
        return None
    return Indstillinger(raa["udgivet"], raa["indsamlet"], min_svar, datakilde, ordvalg,
                         raa.get("forfatter", "eKVIS"), raa.get("dato", ""))


MINDSTE_MIN_SVAR = 5
# Every key indstillinger.toml may hold; a table's keys as a dict. A misspelt key (`min_svr`)
# would otherwise be ignored while the setting it meant keeps its old value.
KENDTE_NOEGLER: dict = {
    "udgivet": None, "indsamlet": None, "min_svar": None, "datakilde": None, "fortrolige_data": None, "forfatter": None, "dato": None,
    "ordvalg": {"paa_niveau": None, "godt_stykke": None, "en_besvarelse": None, "maengde": None, "niveau": None,
                "variation": None, "forventninger": {"god": None, "gab": None},
                "motivation": {"min": None, "max": None}},
    "eksport": {"respondent_id": None, "speciale": None, "klynge": None},
}


def ukendte_noegler(raa: dict, kendte: dict, navn: str, forstavelse: str = "") -> list[Problem]:
    """One problem per key the settings do not know, naming the closest known key."""
    import difflib

    problemer = []
    for noegle, vaerdi in raa.items():
        sti = forstavelse + noegle
        if noegle not in kendte:
            naer = difflib.get_close_matches(noegle, list(kendte), n=1, cutoff=0.6)
            forslag = f"; did you mean '{forstavelse}{naer[0]}'?" if naer else \
                f" (known here: {', '.join(forstavelse + k for k in kendte)})"
            problemer.append(Problem(navn, None, sti[:60], f"unknown key{forslag}"))
        elif isinstance(kendte[noegle], dict) and isinstance(vaerdi, dict):
            problemer += ukendte_noegler(vaerdi, kendte[noegle], navn, sti + ".")
    return problemer


@dataclass(frozen=True)
class Eksportnavne:
    """What a survey export may call the columns that are not questions (`[eksport]` in
    indstillinger.toml), besides their own names `respondent_id`, `speciale` and `klynge`."""

    respondent_id: tuple[str, ...] = ()
    speciale: tuple[str, ...] = ()
    klynge: tuple[str, ...] = ()


def _eksportnavne(mappe: Path, problemer: list[Problem]) -> Eksportnavne:
    try:
        tabel = tomllib.loads((mappe / "indstillinger.toml").read_text(encoding="utf-8")).get("eksport", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return Eksportnavne()  # _indstillinger reports the file itself
    navne = {}
    for noegle in ("respondent_id", "speciale", "klynge"):
        vaerdi = tabel.get(noegle, [])
        if not isinstance(vaerdi, list) or not all(isinstance(v, str) and v.strip() for v in vaerdi):
            problemer.append(Problem("data/indstillinger.toml", None, f"eksport.{noegle}",
                                     "must be a list of non-empty texts"))
            vaerdi = []
        navne[noegle] = tuple(vaerdi)
    return Eksportnavne(**navne)


def indlaes_eksportnavne(mappe: Path | str = "data") -> Eksportnavne:
    problemer: list[Problem] = []
    navne = _eksportnavne(Path(mappe), problemer)
    if problemer:
        raise DataFejl(problemer)
    return navne


def _skema(mappe: Path, problemer: list[Problem]) -> Spoergeskema | None:
    skalaer = _laes(mappe, "svarskalaer.csv", ["skala", "svar", "vurdering"], problemer)
    spm = _laes(mappe, "spoergsmaal.csv", ["kolonne", "gruppe", "spoergsmaal", "punkt", "kort", "skala"], problemer)
    if skalaer is None or spm is None:
        return None
    fundne = _skema_problemer(skalaer, pa.DataFrameSchema({
        "skala": _navn(), "svar": _navn(), "vurdering": _tekst(pa.Check.isin(VURDERINGER)),
    }, unique=["skala", "svar"]), "data/svarskalaer.csv")
    skala_navne = set(skalaer["skala"]) | {FRITEKST}
    fundne += _skema_problemer(spm, pa.DataFrameSchema({
        "kolonne": _tekst(pa.Check.str_matches(r"^[a-z][a-z0-9_]*$"), unique=True),
        "gruppe": _navn(), "spoergsmaal": _navn(), "kort": _navn(),
        "punkt": pa.Column(str, pa.Check.str_matches(EN_LINJE)),
        "skala": _tekst(pa.Check.isin(sorted(skala_navne))),
    }), "data/spoergsmaal.csv")
    fundne += [Problem("data/spoergsmaal.csv", int(r["_linje"]), "kolonne", f"'{r['kolonne']}' is reserved")
               for _, r in spm.iterrows() if r["kolonne"] in FASTE_KOLONNER]
    fundne += _eksportkolonner_problemer(skalaer, spm)
    problemer.extend(fundne)
    if fundne:
        return None
    skala_objekter = {
        navn: Skala(navn, tuple(g["svar"]), tuple(g["vurdering"]), tuple(_valgfri(g, "kode")))
        for navn, g in skalaer.groupby("skala", sort=False)
    }
    return Spoergeskema(tuple(
        Spoergsmaal(r["kolonne"], r["gruppe"], r["spoergsmaal"], r["punkt"], r["kort"],
                    None if r["skala"] == FRITEKST else skala_objekter[r["skala"]],
                    r.get("eksporttekst", ""), r.get("variabel", ""))
        for _, r in spm.iterrows()
    ))


def _valgfri(frame: pd.DataFrame, kolonne: str) -> pd.Series:
    """An optional column (the names and codes of a survey export): empty where the file lacks it."""
    return frame[kolonne] if kolonne in frame else pd.Series("", index=frame.index, dtype=str)


def _unikke_koder(frame: pd.DataFrame, noegle: list[str], navn: str, hvad: str) -> list[Problem]:
    """Optional export codes: whole numbers, unique within `noegle` (e.g. within one scale)."""
    problemer = []
    koder = _valgfri(frame, "kode")
    sete: set[tuple] = set()
    for i, r in frame.iterrows():
        kode = koder[i]
        if not kode:
            continue
        if not kode.isdigit():
            problemer.append(Problem(navn, int(r["_linje"]), "kode", f"'{kode}' has the wrong form (expected a whole number)"))
            continue
        n = (*(r[k] for k in noegle), int(kode))
        if n in sete:
            problemer.append(Problem(navn, int(r["_linje"]), "kode", f"code {kode} is used twice{hvad}"))
        sete.add(n)
    return problemer


def _eksportkolonner_problemer(skalaer: pd.DataFrame, spm: pd.DataFrame) -> list[Problem]:
    """The codebook's optional export columns: answer codes and question variable names."""
    problemer = _unikke_koder(skalaer, ["skala"], "data/svarskalaer.csv", " in the same scale")
    sete: set[str] = set()
    variabler = _valgfri(spm, "variabel")
    for i, r in spm.iterrows():
        var = variabler[i]
        if var and var.casefold() in sete:
            problemer.append(Problem("data/spoergsmaal.csv", int(r["_linje"]), "variabel", f"'{var}' appears more than once"))
        sete.add(var.casefold())
    return problemer


def _specialer(mappe: Path, problemer: list[Problem]) -> tuple[Speciale, ...] | None:
    sp = _laes(mappe, "specialer.csv", ["speciale", "navn", "flertal", "population"], problemer)
    kl = _laes(mappe, "klynger.csv", ["speciale", "klynge", "medlemmer"], problemer)
    if sp is None or kl is None:
        return None
    fundne = _skema_problemer(sp, pa.DataFrameSchema({
        "speciale": _tekst(pa.Check.str_matches(SLUG), unique=True),
        "navn": _navn(), "flertal": _navn(),
        # The denominator of the response rate: nobody invited is not a specialty to report on.
        "population": _tekst(pa.Check.str_matches(POSITIVT_HELTAL)),
    }), "data/specialer.csv")
    fundne += _skema_problemer(kl, pa.DataFrameSchema({
        "speciale": _tekst(pa.Check.isin(sorted(set(sp["speciale"])))),
        "klynge": _navn(),
        "medlemmer": _tekst(pa.Check.str_matches(HELTAL)),
    }, unique=["speciale", "klynge"]), "data/klynger.csv")
    fundne += _unikke_koder(sp, [], "data/specialer.csv", "")
    fundne += _unikke_koder(kl, ["speciale"], "data/klynger.csv", " in the same specialty")
    uden = [r for _, r in sp.iterrows() if r["speciale"] not in set(kl["speciale"])]
    fundne += [Problem("data/specialer.csv", int(r["_linje"]), "speciale",
                       f"'{r['speciale']}' has no clusters in data/klynger.csv") for r in uden]
    problemer.extend(fundne)
    if fundne:
        return None
    return tuple(
        Speciale(r["speciale"], r["navn"], r["flertal"], int(r["population"]), tuple(
            Klynge(k["klynge"], int(k["medlemmer"]), k.get("kode", ""))
            for _, k in kl[kl["speciale"] == r["speciale"]].iterrows()), r.get("kode", ""))
        for _, r in sp.iterrows()
    )


def _besvarelser(mappe: Path, specialer: tuple[Speciale, ...], skema: Spoergeskema,
                 problemer: list[Problem], sti: Path | None) -> pd.DataFrame | None:
    if sti is None:
        try:
            sti = besvarelser_sti(mappe)
        except DataFejl:
            return None  # the settings' own check reports the location
    navn = visningsnavn(sti, mappe)
    frame, fundne = laes_csv(sti, FASTE_KOLONNER + list(skema.kolonner), navn)
    if frame is None and not sti.exists() and sti != mappe / SVARFIL:
        fundne = [Problem(navn, None, None, f'file is missing: with datakilde = "{indstillinger_raa(mappe).get("datakilde")}" '
                                            "the answers are read from here; write them with `klynge import <export>`")]
    problemer.extend(fundne)
    if frame is None:
        return None
    ukendte = [k for k in frame.columns if k not in FASTE_KOLONNER and k not in skema and k != "_linje"]
    fundne = [Problem(navn, 1, k, "column is not a question in data/spoergsmaal.csv") for k in ukendte]
    kolonner = {
        "respondent_id": _navn(unique=True),
        "speciale": _tekst(pa.Check.isin([s.slug for s in specialer])),
        "klynge": _tekst(),
    }
    for s in skema.spoergsmaal:
        if not s.er_fritekst:
            kolonner[s.kolonne] = pa.Column(str, pa.Check.isin(("",) + s.skala.svar))
    fundne += _skema_problemer(frame, pa.DataFrameSchema(kolonner), navn)
    klynger = {(s.slug, k.navn): k for s in specialer for k in s.klynger}
    slugs = {s.slug for s in specialer}
    par = pd.MultiIndex.from_frame(frame[["speciale", "klynge"]])
    forkerte = frame[frame["speciale"].isin(slugs) & ~par.isin(list(klynger))]
    for linje, slug, kl in zip(forkerte["_linje"], forkerte["speciale"], forkerte["klynge"]):
        fundne.append(Problem(navn, int(linje), "klynge", f"'{kl}' is not a cluster of '{slug}' in data/klynger.csv"))
    for (slug, kl), g in frame.groupby(["speciale", "klynge"], sort=False):
        k = klynger.get((slug, kl))
        if k is not None and len(g) > k.medlemmer:
            fundne.append(Problem(navn, int(g["_linje"].iloc[k.medlemmer]), "klynge",
                                  f"cluster '{kl}' has {len(g)} respondents but only {k.medlemmer} member{'' if k.medlemmer == 1 else 's'}"))
    for s in specialer:
        antal = int((frame["speciale"] == s.slug).sum())
        if antal > s.population:
            fundne.append(Problem(navn, None, "speciale",
                                  f"'{s.slug}' has {antal} respondents but only {s.population} were invited"))
    if indstillinger_raa(mappe).get("datakilde") == UNDERSOEGELSE and er_demonstration(frame["respondent_id"]):
        # Invented answers are never read as the survey's: the sheets would carry no draft mark.
        fundne.append(Problem(navn, None, "respondent_id",
                              f"the answers are a constructed demonstration round (respondent ids {PRAEFIKS}…, "
                              f"from `klynge generate --demo-round`), not the survey's: set datakilde = "
                              f"\"{DEMONSTRATION}\" in data/indstillinger.toml"))
    if sti == besvarelser_sti(mappe) and svar_er_fortrolige(mappe):
        try:
            aftryksnoegle(mappe)
        except DataFejl as e:
            fundne += e.problemer
    problemer.extend(fundne)
    if fundne:
        return None
    return frame.replace("", pd.NA).drop(columns=["_linje"]).reset_index(drop=True)


def _landsgennemsnit(mappe: Path, skema: Spoergeskema, problemer: list[Problem]) -> tuple[Landsgennemsnit, ...] | None:
    navn = "data/landsgennemsnit.csv"
    frame = _laes(mappe, "landsgennemsnit.csv", ["spoergsmaal", "svar", "vaerdi", "kilde"], problemer)
    if frame is None:
        return None
    fundne = _skema_problemer(frame, pa.DataFrameSchema({
        "spoergsmaal": _tekst(pa.Check.isin(list(skema.kolonner)), unique=True),
        "svar": _tekst(), "vaerdi": _tekst(pa.Check.str_matches(TAL)), "kilde": _tekst(),
    }), navn)
    for _, r in frame.iterrows():
        if r["spoergsmaal"] in skema:
            try:
                skema[r["spoergsmaal"]].svar_i(r["svar"])
            except ValueError as e:
                fundne.append(Problem(navn, int(r["_linje"]), "svar", str(e)))
    problemer.extend(fundne)
    if fundne:
        return None
    return tuple(Landsgennemsnit(r["spoergsmaal"], r["svar"], Fraction(r["vaerdi"]), r["kilde"])
                 for _, r in frame.iterrows())


def indlaes_grundlag(mappe: Path | str = "data") -> tuple[tuple[Speciale, ...], Spoergeskema, Indstillinger]:
    """Specialties, codebook and settings — all that is needed before any answers exist."""
    mappe = Path(mappe)
    problemer: list[Problem] = []
    indstillinger = _indstillinger(mappe, problemer)
    skema = _skema(mappe, problemer)
    specialer = _specialer(mappe, problemer)
    if problemer:
        raise DataFejl(problemer)
    return specialer, skema, indstillinger


def indlaes(mappe: Path | str = "data", besvarelser: Path | None = None) -> Undersoegelse:
    """Load and validate every data file; raise DataFejl listing all problems found. The
    answers come from `besvarelser_sti` unless `besvarelser` names another file (an import
    being checked before it is written)."""
    mappe = Path(mappe)
    problemer: list[Problem] = []
    indstillinger = _indstillinger(mappe, problemer)
    _eksportnavne(mappe, problemer)
    skema = _skema(mappe, problemer)
    specialer = _specialer(mappe, problemer)
    svar = landsgennemsnit = None
    if skema is not None and specialer is not None:
        svar = _besvarelser(mappe, specialer, skema, problemer, besvarelser)
    if skema is not None:
        landsgennemsnit = _landsgennemsnit(mappe, skema, problemer)
    if problemer:
        raise DataFejl(problemer)
    return Undersoegelse(specialer, svar, skema, landsgennemsnit, indstillinger)


def _fingeraftryk(mappe: Path) -> str:
    h = hashlib.sha256()
    for sti in sorted(mappe.glob("*")):
        if sti.is_file():
            h.update(sti.name.encode() + b"\0" + sti.read_bytes() + b"\0")
    try:
        svar = besvarelser_sti(mappe)  # the confidential answers live in another folder
        h.update(str(svar).encode() + b"\0" + (svar.read_bytes() if svar.is_file() else b"missing"))
    except (DataFejl, OSError) as e:
        h.update(repr(e).encode())
    return h.hexdigest()


@functools.lru_cache(maxsize=4)
def _indlaes_uaendret(mappe: str, fingeraftryk: str) -> Undersoegelse:
    return indlaes(mappe)


def indlaes_genbrug(mappe: Path | str = "data") -> Undersoegelse:
    """`indlaes`, but an interpreter that renders several documents validates the same files once.
    Keyed on the files' full contents, so a changed file is always loaded anew."""
    return _indlaes_uaendret(str(Path(mappe).resolve()), _fingeraftryk(Path(mappe)))
