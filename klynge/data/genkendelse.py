"""Recognising a survey export's columns and answers by the codebook.

Survey tools and Excel change texts on the way out: spaces at the end, non-breaking spaces,
curly quotes, another case, a "?" or ":" added or dropped at the end, "…" written as "...", and
long column names cut off. A battery's item is one column named by the question and the
statement, joined by " - ", " – ", ": " or with the statement in brackets. All of that is
forgiven here; anything else must be written into the codebook.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass

from klynge.data.indlaes import Eksportnavne, Speciale
from klynge.data.skema import Skala, Spoergeskema

# Assumed: tools that cut long column names cut them at 255 characters (the old Excel/SPSS
# label limit), and may trim a space at the cut. A header of at least AFKORTET characters
# that is the beginning of exactly one codebook name is taken to be that name.
MAKS_LAENGDE = 255
AFKORTET = MAKS_LAENGDE - 5
SKILLETEGN = (" - ", " – ", " — ", ": ", " : ")
FASTE = ("respondent_id", "speciale", "klynge")
_CITATTEGN = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "´": "'", "`": "'",
                            "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'})
_KODE = re.compile(r"^[0-9]+(?:[.,]0+)?$")


def normaliser(tekst: str) -> str:
    """Compare texts as a reader would: NFKC (non-breaking spaces, '…'), straight quotes, one
    space between words, case."""
    t = unicodedata.normalize("NFKC", tekst).translate(_CITATTEGN)
    return " ".join(t.split()).casefold()


def normaliser_navn(tekst: str) -> str:
    """A column name also forgives a trailing '?', ':' or '...'."""
    return re.sub(r"[\s?:.]+$", "", normaliser(tekst))


@dataclass(frozen=True)
class Genkendt:
    kolonne: str  # the column of besvarelser.csv
    maade: str  # how it was recognised, for the summary


class Navneregister:
    """Every name a codebook column may have in an export."""

    def __init__(self, skema: Spoergeskema, navne: Eksportnavne):
        self._hele: dict[str, set[Genkendt]] = {}
        self._par: dict[tuple[str, str], set[Genkendt]] = {}
        self._fulde: list[tuple[str, Genkendt]] = []
        self._vist: dict[str, list[str]] = {}  # names as written, for messages
        for kol in FASTE:
            self._tilfoej(kol, Genkendt(kol, "by column name"))
            for n in getattr(navne, kol):
                self._tilfoej(n, Genkendt(kol, "by name ([eksport] in indstillinger.toml)"))
        for s in skema.spoergsmaal:
            self._tilfoej(s.kolonne, Genkendt(s.kolonne, "by column name"))
            if s.variabel:
                self._tilfoej(s.variabel, Genkendt(s.kolonne, "by variable name"))
            for stamme in dict.fromkeys(t for t in (s.tekst, s.eksporttekst) if t):
                if not s.punkt:
                    self._tilfoej(stamme, Genkendt(s.kolonne, "by question text"))
                    continue
                self._vist.setdefault(s.kolonne, []).append(f"{stamme} - {s.kort}")
                for udsagn in dict.fromkeys((s.kort, s.punkt)):
                    g = Genkendt(s.kolonne, "by question text and statement")
                    self._par.setdefault((normaliser_navn(stamme), normaliser_navn(udsagn)), set()).add(g)
                    for fuld in [stamme + sep + udsagn for sep in SKILLETEGN] + [f"{stamme} [{udsagn}]"]:
                        self._fulde.append((normaliser(fuld), g))

    def _tilfoej(self, navn: str, g: Genkendt) -> None:
        if navn not in self._vist.setdefault(g.kolonne, []):
            self._vist[g.kolonne].append(navn)
        self._hele.setdefault(normaliser_navn(navn), set()).add(g)
        self._fulde.append((normaliser(navn), g))

    def alle_navne(self, kolonne: str) -> list[str]:
        return self._vist.get(kolonne, [])

    def genkend(self, overskrift: str) -> set[Genkendt]:
        """The codebook columns a header names: none, one, or (ambiguous) several."""
        fundne = set(self._hele.get(normaliser_navn(overskrift), set()))
        # Non-breaking or doubled spaces around a separator must not hide it.
        h = " ".join(unicodedata.normalize("NFKC", overskrift).split())
        m = re.match(r"^(.*)\[([^\[\]]*)\]$", h, re.S)
        if m:
            fundne |= self._par.get((normaliser_navn(m[1]), normaliser_navn(m[2])), set())
        for sep in SKILLETEGN:
            for m in re.finditer(re.escape(sep), h):
                fundne |= self._par.get((normaliser_navn(h[:m.start()]), normaliser_navn(h[m.end():])), set())
        if not fundne and len(h) >= AFKORTET:
            start = normaliser(h)
            fundne = {Genkendt(g.kolonne, f"by a name cut at {MAKS_LAENGDE} characters")
                      for fuld, g in self._fulde if fuld.startswith(start)}
        return _en_pr_kolonne(fundne)

    def genkend_en_af(self, navne: list[str]) -> set[Genkendt]:
        """A column with several names (one per header row) is what any of them names."""
        return _en_pr_kolonne(set().union(*(self.genkend(n) for n in navne)))


def _en_pr_kolonne(fundne: set[Genkendt]) -> set[Genkendt]:
    """The same codebook column found in several ways is one column."""
    if len({g.kolonne for g in fundne}) == 1:
        return {min(fundne, key=lambda g: g.maade)}
    return fundne


def som_kode(vaerdi: str) -> str | None:
    """'3', '3.0' or '3,0' (how spreadsheets and CSV write a code) as '3'; None if not a code."""
    if not _KODE.match(vaerdi):
        return None
    return str(int(re.split(r"[.,]", vaerdi)[0]))


def genkend_svar(vaerdi: str, skala: Skala) -> tuple[str | None, str]:
    """(the scale's label, how) for an export's answer, or (None, "") if it is none of them."""
    if vaerdi in skala.svar:
        return vaerdi, "label"
    n = normaliser(vaerdi)
    for svar in skala.svar:
        if normaliser(svar) == n:
            return svar, "tidied label"
    kode = som_kode(vaerdi)
    if kode is not None:
        for svar, k in zip(skala.svar, skala.koder):
            if k and int(k) == int(kode):
                return svar, "code"
    return None, ""


def forventet_svar(skala: Skala) -> str:
    """What an answer to this scale may be, for an error message."""
    dele = [f"'{s}' ({k})" if k else f"'{s}'" for s, k in zip(skala.svar, skala.koder or ("",) * len(skala.svar))]
    return "one of " + ", ".join(dele) + ", or empty"


def genkend_speciale(vaerdi: str, specialer: tuple[Speciale, ...]) -> Speciale | None:
    n, kode = normaliser(vaerdi), som_kode(vaerdi)
    for s in specialer:
        if n in (normaliser(s.slug), normaliser(s.navn)) or (kode is not None and s.kode and int(s.kode) == int(kode)):
            return s
    return None


def genkend_klynge(vaerdi: str, speciale: Speciale) -> str | None:
    n, kode = normaliser(vaerdi), som_kode(vaerdi)
    for k in speciale.klynger:
        if n == normaliser(k.navn) or (kode is not None and k.kode and int(k.kode) == int(kode)):
            return k.navn
    return None


# --- personal data --------------------------------------------------------------------------

_PERSON_OVERSKRIFT = [
    (re.compile(r"e-?mail|\bmail\b"), "e-mail"),
    (re.compile(r"\bip\b|\bip[- ]?ad|ipaddress"), "IP address"),
    (re.compile(r"telefon|phone|mobil|\btlf\b"), "phone number"),
    (re.compile(r"\bcpr\b"), "CPR number"),
    (re.compile(r"\bnavn\b|\bname\b|fornavn|efternavn|firstname|lastname|fullname"), "name"),
    (re.compile(r"adresse|address|postnummer|zip"), "address"),
    (re.compile(r"latitude|longitude|\blocation"), "location"),
]
# Personal data inside free text, each with word boundaries so it is found wherever it stands
# in a sentence ("Ring til mig, CPR 010180-1234") but not inside a longer number or word.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}\b")
_IPV4 = re.compile(r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.]*\d)")
_IPV6_KANDIDAT = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\d+\.\d+\.\d+\.\d+)?(?![\w:])")
# Day 01-31, month 01-12, two-digit year, then four digits; a dash or space may separate them.
_CPR = re.compile(r"(?<![\w-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}[- ]?\d{4}(?![\w-])")
# A Danish number (8 digits, together or as "12 34 56 78" or "1234 5678") with or without
# +45/0045, or any number written with a country code (+ then 8-15 digits and spaces).
_TELEFON_I_TEKST = re.compile(r"(?<![\w+.,/-])(?:(?:\+|00)45 ?)?(?:\d{8}|\d{2}(?: \d{2}){3}|\d{4} \d{4})(?![\w.,/-]*\d)"
                              r"|(?<![\w+])\+\d[\d ]{6,16}\d(?![\w-])")
_TELEFON = re.compile(r"^\+?[0-9][0-9 ()-]{6,}[0-9]$")
_NAVN = re.compile(r"^[^\W\d_]+(?:[ '-][^\W\d_]+)+$")
# A cell a spreadsheet would run as a formula when the file is opened in it.
FORMELTEGN = ("=", "+", "-", "@")


def _ipv6(vaerdi: str) -> bool:
    for m in _IPV6_KANDIDAT.finditer(vaerdi):
        try:
            ipaddress.IPv6Address(m.group())
        except ValueError:
            continue
        return True
    return False


def persondata_i_vaerdi(vaerdi: str) -> str | None:
    """What personal data a cell holds anywhere in it (e-mail, IP address, CPR number), or None."""
    return next(iter(persondata_i_tekst(vaerdi, telefon=False)), None)


def persondata_i_tekst(vaerdi: str, telefon: bool = True) -> list[str]:
    """Every kind of personal data found anywhere in a free-text cell, in a fixed order."""
    fundne = []
    if _CPR.search(vaerdi):
        fundne.append("CPR number")
    if "@" in vaerdi and _EMAIL.search(vaerdi):
        fundne.append("e-mail")
    if telefon and _TELEFON_I_TEKST.search(_CPR.sub(" ", vaerdi)):
        fundne.append("phone number")
    if _IPV4.search(vaerdi) or (":" in vaerdi and _ipv6(vaerdi)):
        fundne.append("IP address")
    return fundne


def ligner_formel(vaerdi: str) -> bool:
    """Whether a spreadsheet would read the cell as a formula (=, +, - or @ first)."""
    return vaerdi.startswith(FORMELTEGN)


def persondata(overskrift: str, vaerdier: list[str]) -> str | None:
    """What personal data a column not in the codebook looks like it holds, or None."""
    n = normaliser(overskrift)
    for monster, hvad in _PERSON_OVERSKRIFT:
        if monster.search(n):
            return hvad
    for v in vaerdier:
        hvad = persondata_i_vaerdi(v)
        if hvad:
            return hvad
    return None


def id_er_persondata(vaerdier: list[str]) -> str | None:
    """Why an export's respondent ids cannot be kept (they name or reach a person), or None."""
    for v in vaerdier:
        hvad = persondata_i_vaerdi(v)
        if hvad:
            return hvad
        if _TELEFON.match(v) and not v.isdigit():
            return "phone number"
        if _NAVN.match(v):
            return "name"
    return None
