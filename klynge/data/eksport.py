"""Reading a survey tool's export — an Excel workbook or a CSV file — into a plain table of text
that remembers where each cell came from, so every problem can name its cell or line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
from dataclasses import dataclass
from pathlib import Path

from klynge.data.kodning import utf16_uden_bom
from klynge.data.eksportgraenser import (EXCEL_RAEKKER, MAKS_CELLE, MAKS_CSV, MAKS_KOLONNER, MAKS_RAEKKER, MAKS_TID,
                                         kontroller_arbejdsbog, mb, ulaeselig)
from klynge.fejl import DataFejl, Problem, citat

# An encrypted (password-protected) Office file, and an old .xls, is an OLE compound file.
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SEPARATORER = {",": "comma", ";": "semicolon", "\t": "tab"}


@dataclass(frozen=True)
class Tabel:
    """An export's header and rows, every cell as stripped text ("" for empty)."""

    fil: str  # as the user named it
    ark: str | None  # the sheet, for a workbook
    overskrifter: tuple[str, ...]
    raekker: tuple[tuple[str, ...], ...]
    numre: tuple[int, ...]  # each row's Excel row number or CSV file line
    hoved_nr: int  # the header's
    beskrivelse: str  # how it was read: "sheet 'Ark1'", "UTF-8, semicolon-separated"
    flere_navne: tuple[tuple[str, ...], ...] = ()  # further header rows: other names for the same columns

    def navne(self, kolonne: int) -> list[str]:
        """Every name the export gives a column (one per header row), non-empty."""
        return [n for n in (self.overskrifter[kolonne], *(h[kolonne] for h in self.flere_navne)) if n]

    def celle(self, kolonne: int, raekke: int | None = None) -> str:
        """Where a cell is: `Ark1!D17` in a workbook, `line 17, field 4` in a CSV file.
        `raekke` is an index into `raekker`; None means the header."""
        nr = self.hoved_nr if raekke is None else self.numre[raekke]
        if self.ark is not None:
            from openpyxl.utils import get_column_letter

            return f"{_arknavn(self.ark)}!{get_column_letter(kolonne + 1)}{nr}"
        return f"line {nr}, field {kolonne + 1}"

    def problem(self, kolonne: int | None, raekke: int | None, besked: str) -> Problem:
        """A problem at a cell (or, with `kolonne` None, at the sheet or file as a whole)."""
        if kolonne is None:
            sted = self.fil if self.ark is None else f"{self.fil}: sheet '{self.ark}'"
            return Problem(sted, None, None, besked)
        overskrift = kort_tekst(self.overskrifter[kolonne]) or f"column {kolonne + 1}"
        if self.ark is not None:
            return Problem(f"{self.fil}: {self.celle(kolonne, raekke)}", None, overskrift, besked)
        nr = self.hoved_nr if raekke is None else self.numre[raekke]
        return Problem(self.fil, nr, overskrift, besked)


def _arknavn(ark: str) -> str:
    # Excel quotes a sheet name with spaces or punctuation in a reference: 'Mine data'!D17
    return ark if ark.replace("_", "").isalnum() else "'" + ark.replace("'", "''") + "'"


def kort_tekst(tekst: str, laengde: int = 70) -> str:
    """A header as messages show it: question texts can be long."""
    tekst = " ".join(tekst.split())
    return tekst if len(tekst) <= laengde else tekst[: laengde - 1] + "…"


def laes_eksport(sti: Path, ark: str | None = None, navn: str | None = None) -> Tabel:
    """Read an .xlsx or .csv export; raise DataFejl with one line per problem."""
    navn = navn or str(sti)
    if not sti.is_file():
        raise DataFejl([Problem(navn, None, None, "file not found")])
    suffiks = sti.suffix.lower()
    if suffiks in (".xlsx", ".xlsm"):
        return _laes_xlsx(sti, ark, navn)
    if suffiks in (".csv", ".txt", ".tsv"):
        if ark is not None:
            raise DataFejl([Problem(navn, None, None, "--sheet names a sheet, but a CSV file has no sheets")])
        return _laes_csv(sti, navn)
    if suffiks == ".xls":
        raise DataFejl([Problem(navn, None, None, "is an old Excel 97-2003 workbook; save it as .xlsx or export CSV")])
    raise DataFejl([Problem(navn, None, None, f"unknown file type '{sti.suffix}'; expected .xlsx or .csv")])


def _tekst(vaerdi: object) -> str:
    """A cell value as text, the way it reads in Excel: whole numbers without '.0'."""
    if vaerdi is None:
        return ""
    if isinstance(vaerdi, bool):
        return "TRUE" if vaerdi else "FALSE"
    if isinstance(vaerdi, float) and vaerdi.is_integer():
        return str(int(vaerdi))
    if isinstance(vaerdi, (dt.datetime, dt.date, dt.time)):
        return vaerdi.isoformat()
    return str(vaerdi).strip()


def _laes_xlsx(sti: Path, ark: str | None, navn: str) -> Tabel:
    import openpyxl

    with sti.open("rb") as f:
        start = f.read(8)
    if start == OLE:
        raise DataFejl([Problem(navn, None, None,
                                "is password-protected (encrypted) or an old .xls workbook; "
                                "save it as .xlsx without a password")])
    slut = time.process_time() + MAKS_TID  # CPU seconds: the work, not the machine's load
    kontroller_arbejdsbog(sti, navn)
    # Read-only is openpyxl's streaming mode: rows are parsed as they are read, not held as
    # cell objects. The XML goes through defusedxml (openpyxl uses it when it is installed), so a
    # DOCTYPE, entity or external reference is refused, not expanded. A hostile file can make
    # openpyxl fail in many ways, at load and while rows are read: each becomes one line.
    try:
        bog = openpyxl.load_workbook(sti, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - any failure to parse an untrusted file is one line
        raise ulaeselig(navn, "", e) from None
    try:
        if ark is None:
            if not bog.worksheets:
                raise DataFejl([Problem(navn, None, None, "has no sheets")])
            ws = bog.worksheets[0]
        elif ark in bog.sheetnames:
            ws = bog[ark]
        else:
            kendte = ", ".join(citat(n) for n in bog.sheetnames[:20])
            raise DataFejl([Problem(navn, None, None, f"has no sheet {citat(ark)} (its sheets: {kendte})")])
        titel = ws.title
        raekker = _laes_ark(ws, navn, titel, slut)
    except DataFejl:
        raise
    except Exception as e:  # noqa: BLE001
        raise ulaeselig(navn, "", e) from None
    finally:
        bog.close()
    return _tabel(navn, titel, raekker, list(range(1, len(raekker) + 1)), f"sheet '{titel}'")


def _laes_ark(ws, navn: str, titel: str, slut: float) -> list[list[str]]:
    """The sheet's rows as text, refused at the first row, column or cell beyond the limits."""
    from openpyxl.utils import get_column_letter

    raekker: list[list[str]] = []
    fyldte = 0
    nr = 0
    ws.reset_dimensions()  # a sheet's stated size is not trusted: each row is as wide as its last cell
    try:
        for nr, raekke in enumerate(ws.iter_rows(values_only=True), start=1):
            if nr % 256 == 0 and time.process_time() > slut:
                raise DataFejl([Problem(f"{navn}: sheet '{titel}' row {nr}", None, None,
                                        f"reading took more than {MAKS_TID:.0f} s of CPU time; an export of the survey takes "
                                        "well under one (refused)")])
            if len(raekke) > MAKS_KOLONNER:
                if raekke[MAKS_KOLONNER:].count(None) != len(raekke) - MAKS_KOLONNER:
                    kol = MAKS_KOLONNER + next(i for i, v in enumerate(raekke[MAKS_KOLONNER:]) if v is not None) + 1
                    raise DataFejl([Problem(f"{navn}: {_arknavn(titel)}!{get_column_letter(kol)}{nr}", None, None,
                                            f"a value in column {kol}; an export has at most {MAKS_KOLONNER} columns")])
                raekke = raekke[:MAKS_KOLONNER]
            tekst = [_tekst(v) for v in raekke]
            for i, c in enumerate(tekst):
                if len(c) > MAKS_CELLE:
                    raise DataFejl([Problem(f"{navn}: {_arknavn(titel)}!{get_column_letter(i + 1)}{nr}", None, None,
                                            f"the cell holds {len(c)} characters, more than Excel allows in a cell "
                                            f"({MAKS_CELLE}): {citat(c)}")])
            if any(tekst):
                fyldte += 1
                if fyldte > MAKS_RAEKKER + 10:  # the header rows on top
                    raise DataFejl([Problem(f"{navn}: sheet '{titel}' row {nr}", None, None,
                                            f"more than {MAKS_RAEKKER} rows with values; no export of the survey "
                                            "has that many (refused)")])
            elif nr > EXCEL_RAEKKER:
                raise DataFejl([Problem(f"{navn}: sheet '{titel}'", None, None,
                                        f"has rows beyond Excel's last row ({EXCEL_RAEKKER}); not an Excel export")])
            raekker.append(tekst if any(tekst) else [])
    except DataFejl:
        raise
    except Exception as e:  # noqa: BLE001 - the XML is parsed while the rows are read
        raise ulaeselig(navn, f"sheet '{titel}' after row {nr}: ", e) from None
    return raekker


def _afkod(raa: bytes, navn: str) -> tuple[str, str]:
    """The text of a CSV export and its encoding; a file whose byte-order mark (or pattern of
    NUL bytes) says UTF-8 or UTF-16 but whose bytes are not is refused, naming where."""
    kodning = "UTF-8"
    try:
        if raa.startswith(b"\xef\xbb\xbf"):
            return raa[3:].decode("utf-8"), "UTF-8 with BOM"
        if raa.startswith((b"\xff\xfe", b"\xfe\xff")):
            kodning = "UTF-16"
            return raa.decode("utf-16"), "UTF-16"
        utf16 = utf16_uden_bom(raa)
        if utf16:
            kodning = "UTF-16"
            return raa.decode(utf16), "UTF-16 without byte-order mark"
    except UnicodeDecodeError as e:
        linje = raa[: e.start].count(b"\n") + 1 if kodning == "UTF-8" else None
        sted = f"{navn}:{linje}" if linje else navn
        raise DataFejl([Problem(sted, None, None, f"is not valid {kodning} (byte {e.start + 1}: {e.reason}); "
                                                  "save the export again")]) from None
    try:
        return raa.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; Latin-1 reads those as control characters.
        try:
            return raa.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            return raa.decode("latin-1"), "Latin-1"


def _poster(tekst: str, sep: str, navn: str | None = None) -> tuple[list[list[str]], list[int]]:
    """CSV records and the file line each starts on (a quoted cell may span lines). With
    `navn`, a record beyond the limits of an export stops the reading at once."""
    laeser = csv.reader(io.StringIO(tekst, newline=""), delimiter=sep)
    poster, linjer, forrige, fyldte = [], [], 0, 0
    for r in laeser:
        if navn is not None:
            fyldte += _inden_for_graenser(navn, r, forrige + 1)
            if fyldte > MAKS_RAEKKER + 10:  # the header rows on top
                raise DataFejl([Problem(f"{navn}:{forrige + 1}", None, None, f"more than {MAKS_RAEKKER} rows; no "
                                                                             "export of the survey has that many "
                                                                             "(refused)")])
        poster.append(r)
        linjer.append(forrige + 1)
        forrige = laeser.line_num
    return poster, linjer


def _separator(tekst: str) -> str:
    """The separator that splits the first records into the same, largest number of fields.
    Question texts contain commas, so counting characters in the header would not do."""
    proeve = "\n".join(tekst.splitlines()[:50])
    bedst, bedst_score = ",", (-1, -1)
    for sep in SEPARATORER:
        try:
            poster, _ = _poster(proeve, sep)
        except csv.Error:
            continue
        poster = [p for p in poster if any(c.strip() for c in p)][:-1] or poster[:1]  # the last may be cut
        if not poster:
            continue
        bredde = len(poster[0])
        ens = sum(len(p) == bredde for p in poster) / len(poster)
        score = (ens == 1 and bredde > 1, bredde)
        if score > bedst_score:
            bedst, bedst_score = sep, score
    return bedst


def _laes_csv(sti: Path, navn: str) -> Tabel:
    stoerrelse = sti.stat().st_size
    if stoerrelse > MAKS_CSV:
        raise DataFejl([Problem(navn, None, None, f"is {mb(stoerrelse)}; a CSV export of the survey is at most "
                                                  f"{mb(MAKS_CSV)} (refused)")])
    raa = sti.read_bytes()
    tekst, kodning = _afkod(raa, navn)
    del raa
    if not tekst.strip():
        raise DataFejl([Problem(navn, None, None, "file is empty")])
    _felter_pr_linje(tekst, navn)
    sep = _separator(tekst)
    try:
        poster, linjer = _poster(tekst, sep, navn)
    except csv.Error as e:
        raise DataFejl([Problem(navn, None, None, f"is not valid CSV: {citat(e, 120)[1:-1]}")]) from None
    return _tabel(navn, None, [[c.strip() for c in p] for p in poster], linjer,
                  f"{kodning}, {SEPARATORER[sep]}-separated")


_CITERET = re.compile(r'"[^"]*"')


def _felter_pr_linje(tekst: str, navn: str) -> None:
    """Refuse a line with more fields than an export has before the csv module builds it: a line
    of 45 million commas is 45 million strings (hundreds of MB). Quoted text is left out (its
    separators are no fields; its newlines are kept, so line numbers stay the file's)."""
    uden = _CITERET.sub(lambda m: "\n" * m.group().count("\n"), tekst)
    start = 0
    for nr, slut in enumerate(_linjeslut(uden), start=1):
        linje = uden[start:slut]
        felter = max(linje.count(sep) for sep in SEPARATORER) + 1
        if felter > MAKS_KOLONNER:
            raise DataFejl([Problem(f"{navn}:{nr}", None, None, f"has {felter} fields or more; an export has at most "
                                                                f"{MAKS_KOLONNER} columns (refused)")])
        start = slut + 1


def _linjeslut(tekst: str):
    i = tekst.find("\n")
    while i != -1:
        yield i
        i = tekst.find("\n", i + 1)
    yield len(tekst)


def _inden_for_graenser(navn: str, post: list[str], linje: int) -> int:
    """The limits of a workbook, for a CSV record: columns, characters in a cell. 1 if it holds
    a value."""
    if len(post) > MAKS_KOLONNER:
        raise DataFejl([Problem(f"{navn}:{linje}", None, None, f"has {len(post)} fields; an export has at most "
                                                               f"{MAKS_KOLONNER} columns (refused)")])
    for i, c in enumerate(post):
        if len(c) > MAKS_CELLE:
            raise DataFejl([Problem(f"{navn}:{linje}", None, None, f"field {i + 1} holds {len(c)} characters, more "
                                                                   f"than Excel allows in a cell ({MAKS_CELLE}): "
                                                                   f"{citat(c)}")])
    return int(any(post))


def _tabel(navn: str, ark: str | None, raekker: list[list[str]], numre: list[int], beskrivelse: str) -> Tabel:
    """The first non-empty row is the header; empty rows are skipped; rows are padded to the header."""
    fyldte = [(r, n) for r, n in zip(raekker, numre) if any(r)]
    sted = navn if ark is None else f"{navn}: sheet '{ark}'"
    if not fyldte:
        raise DataFejl([Problem(sted, None, None, "is empty" if ark is not None else "file is empty")])
    (hoved, hoved_nr), data = fyldte[0], fyldte[1:]
    while hoved and not hoved[-1]:
        hoved = hoved[:-1]
    flere, data = _importid_raekker(data)
    if flere is not None:
        beskrivelse += f", {len(flere) + 2} header rows (Qualtrics)"
    if not data:
        raise DataFejl([Problem(sted, None, None, "has a header but no rows")])
    problemer = []
    for r, n in data:
        overskydende = [c for c in r[len(hoved):] if c]
        if overskydende:
            sted_r = f"{navn}:{n}" if ark is None else f"{navn}: sheet '{ark}' row {n}"
            problemer.append(Problem(sted_r, None, None,
                                     f"has {len(hoved) + len(overskydende)} or more fields, the header has {len(hoved)}"))
    if problemer:
        raise DataFejl(problemer)
    bredde = len(hoved)

    def tilpas(r: list[str]) -> tuple[str, ...]:
        return tuple(r[:bredde]) + ("",) * (bredde - len(r))

    return Tabel(navn, ark, tuple(hoved), tuple(tilpas(r) for r, _ in data), tuple(n for _, n in data),
                 hoved_nr, beskrivelse, tuple(tilpas(r) for r, _ in flere or []))


def _importid_raekker(data: list) -> tuple[list | None, list]:
    """Qualtrics writes two more header rows: the question texts, then `{"ImportId": …}` per
    column. Returns the rows between the header and the ImportId row (the texts), and the data."""
    for k, (r, _) in enumerate(data[:2]):
        fyldte = [c for c in r if c]
        if fyldte and all(c.startswith('{"ImportId"') for c in fyldte):
            return data[:k], data[k + 1:]
    return None, data
