"""What no export of the survey can reach, checked before a workbook is parsed: the unpacked
size and compression ratio of every part (zip bombs), DOCTYPEs and entities (XXE, billion
laughs), and rows, columns and cells beyond what a real export holds. Each refusal is one line
naming the file and the part or cell."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from klynge.fejl import DataFejl, Problem, citat

# Limits no export of this survey can reach (a few thousand respondents, under a hundred
# columns), so a file beyond them is refused before it can take the machine's time or memory.
MAKS_RAEKKER = 20_000  # rows with a value: more than every doctor the survey could ever ask
MAKS_KOLONNER = 1_000  # columns
MAKS_CELLER = 1_000_000  # cells with a value in a sheet
MAKS_CELLE = 32_767  # characters in one cell: Excel's own limit, so no real export has more
MAKS_DEL = 50 * 2**20  # bytes a part of a workbook unpacks to (20 000 rows of 60 answers: ~30 MB)
MAKS_UDPAKKET = 100 * 2**20  # bytes the whole workbook unpacks to
MAKS_ELEMENTER = 5_000_000  # XML elements in the whole workbook
MAKS_TEGN = 50_000_000  # characters of the sheet's cells, shared strings counted where they are used
MAKS_DYBDE = 64  # nesting of XML elements (a sheet nests six deep)
MAKS_MARKUP = 65_536  # bytes of one tag with its attributes (an export's longest: a few hundred)
MAKS_TEKSTSTYKKE = 8 * MAKS_CELLE  # bytes of text between two tags (a cell of 32 767 escaped characters)
MAKS_TID = 4.0  # CPU seconds for reading a workbook (a real export takes well under one)
MAKS_XML_DELE = 64  # XML parts in a workbook (an export has a dozen: a few more per extra sheet)
MAKS_FORHOLD = 100  # unpacked / packed size of a part over FORHOLD_FRA bytes (a zip bomb: ~1000)
FORHOLD_FRA = 2**20
MAKS_DELE = 1_000  # parts in a workbook
MAKS_CSV = 50 * 2**20  # bytes of a CSV export
EXCEL_RAEKKER = 1_048_576  # Excel's last row


def mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n} bytes"


def kontroller_zip(sti: Path, navn: str) -> None:
    """Refuse a workbook whose parts would unpack to more than an export can hold, before
    anything is unpacked. The sizes are the zip directory's; zipfile stops reading a part at its
    stated size (and then fails its checksum), so a part cannot unpack to more than it states."""
    try:
        with zipfile.ZipFile(sti) as z:
            dele = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
        raise DataFejl([Problem(navn, None, None, f"is not a readable .xlsx workbook (corrupt or not Excel: "
                                                  f"{citat(e, 120)})")]) from None
    if len(dele) > MAKS_DELE:
        raise DataFejl([Problem(navn, None, None, f"has {len(dele)} parts; an .xlsx export has a handful "
                                                  f"(refused above {MAKS_DELE})")])
    i_alt = 0
    for d in dele:
        del_navn = f"part {citat(d.filename)}"
        if d.file_size > MAKS_DEL:
            raise DataFejl([Problem(navn, None, None, f"{del_navn} unpacks to {mb(d.file_size)}; an export's "
                                                      f"parts are at most {mb(MAKS_DEL)} (refused as a zip bomb)")])
        if d.file_size > FORHOLD_FRA and d.file_size > MAKS_FORHOLD * max(d.compress_size, 1):
            raise DataFejl([Problem(navn, None, None, f"{del_navn} unpacks to {d.file_size // max(d.compress_size, 1)} "
                                                      f"times its packed size; an export's parts at most "
                                                      f"{MAKS_FORHOLD} times (refused as a zip bomb)")])
        i_alt += d.file_size
    if i_alt > MAKS_UDPAKKET:
        raise DataFejl([Problem(navn, None, None, f"unpacks to {mb(i_alt)}; an export at most {mb(MAKS_UDPAKKET)} "
                                                  "(refused as a zip bomb)")])


def _raekke_nr(r: str) -> int:
    return int(r) if r.isdigit() and len(r) < 12 else 0


def _kolonne_nr(ref: str) -> int:
    """The column number of a cell reference (`AB12` -> 28); 0 if it has none."""
    nr = 0
    for tegn in ref:
        if not ("A" <= tegn <= "Z"):
            break
        nr = nr * 26 + ord(tegn) - 64
    return nr


def _forloeb(del_navn: str, navn: str, raa: bytes) -> None:
    """Refuse a tag or a run of text longer than an export can have, before expat sees it: expat
    2.5 reparses a long token again and again (quadratic), and a 45 MB attribute takes minutes."""
    import re

    for m in (re.search(rb"<[^>]{%d}" % MAKS_MARKUP, raa), re.search(rb">[^<]{%d}" % MAKS_TEKSTSTYKKE, raa)):
        if m is not None:
            hvad = "a tag" if raa[m.start():m.start() + 1] == b"<" else "a run of text"
            graense = MAKS_MARKUP if hvad == "a tag" else MAKS_TEKSTSTYKKE
            raise DataFejl([Problem(navn, None, None, f"{del_navn} has {hvad} longer than {graense} bytes at byte "
                                                      f"{m.start()}; an export's are far shorter (refused)")])


class _Budget:
    """The work a workbook may take, over all its parts: elements, characters, seconds."""

    def __init__(self, navn: str):
        import time

        self.navn, self.elementer, self.tegn = navn, 0, 0
        # CPU seconds of this process: the work a file makes, whatever else the machine is doing.
        self.slut = time.process_time() + MAKS_TID
        self._ur = time.process_time

    def element(self, del_navn: str) -> None:
        self.elementer += 1
        if self.elementer > MAKS_ELEMENTER:
            raise DataFejl([Problem(self.navn, None, None, f"{del_navn}: more than {MAKS_ELEMENTER} XML elements in "
                                                           "the workbook; an export far fewer (refused)")])
        if self.elementer % 4096 == 0:
            self.tid(del_navn)

    def tid(self, hvor: str) -> None:
        if self._ur() > self.slut:
            raise DataFejl([Problem(self.navn, None, None, f"{hvor}: reading took more than {MAKS_TID:.0f} s of CPU time; an "
                                                           "export of the survey takes well under one (refused)")])

    def tekst(self, n: int, hvor: str) -> None:
        self.tegn += n
        if self.tegn > MAKS_TEGN:
            raise DataFejl([Problem(self.navn, None, None, f"{hvor}: the cells hold more than {MAKS_TEGN} characters "
                                                           "(shared strings counted each time a cell uses them); an "
                                                           "export far fewer (refused)")])


def kontroller_xml(sti: Path, navn: str) -> None:
    """Parse every XML part once, as a stream with defusedxml (no DOCTYPE, no entities, no
    external references), before openpyxl reads anything: a part that is not well-formed, or a
    sheet beyond the limits of an export, is refused naming the part and the cell. The work is
    bounded, not only the bytes: elements, nesting, tag and text length, and the characters the
    cells hold once shared strings are resolved (one long string used by a million cells), all
    within MAKS_TID seconds. Each element is dropped once seen, so memory stays that of one."""
    budget = _Budget(navn)
    with zipfile.ZipFile(sti) as z:
        dele = [d for d in z.infolist() if d.filename.lower().endswith((".xml", ".rels"))]
        if len(dele) > MAKS_XML_DELE:
            raise DataFejl([Problem(navn, None, None, f"has {len(dele)} XML parts; an export has a dozen (refused "
                                                      f"above {MAKS_XML_DELE})")])
        delte: list[int] = []
        # The package's relationships first (small): they say which parts the workbook uses.
        # A part nothing refers to is never read by openpyxl, so it is not parsed here either.
        rels = [d for d in dele if d.filename.lower().endswith(".rels") or d.filename == "[Content_Types].xml"]
        maal: set[str] = set()
        for d in rels:
            maal |= _kontroller_del(z, d, navn, budget, delte)
        brugte = [d for d in dele if (d.filename in maal or d.filename.lower().endswith("sharedstrings.xml"))
                  and d not in rels]
        # The shared strings first: a sheet's cells are measured by the strings they point to.
        brugte.sort(key=lambda d: not d.filename.lower().endswith("sharedstrings.xml"))
        for d in brugte:
            _kontroller_del(z, d, navn, budget, delte)


def _kontroller_del(z: zipfile.ZipFile, d: zipfile.ZipInfo, navn: str, budget: _Budget, delte: list[int]) -> set[str]:
    """Check one part; for a relationships part, return the parts it refers to."""
    import posixpath

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    del_navn = f"part {citat(d.filename)}"
    ark = d.filename.startswith("xl/worksheets/")
    streng = d.filename.lower().endswith("sharedstrings.xml")
    er_rels = d.filename.lower().endswith(".rels")
    # xl/_rels/workbook.xml.rels refers relative to xl/; _rels/.rels to the package's root
    grundlag = posixpath.dirname(posixpath.dirname(d.filename))
    maal: set[str] = set()
    raekker = celler = 0
    ref, type_, vaerdi, ny_raekke, si = "", "", False, True, 0
    aabne: list = []  # the elements open at the event being looked at
    try:
        with z.open(d) as f:
            raa = f.read(MAKS_DEL + 1)
        _forloeb(del_navn, navn, raa)
        budget.tid(del_navn)
        for hvad, e in iterparse(io.BytesIO(raa), events=("start", "end"), forbid_dtd=True):
            if hvad == "start":
                aabne.append(e)
                if len(aabne) > MAKS_DYBDE:
                    raise DataFejl([Problem(navn, None, None, f"{del_navn} nests elements more than {MAKS_DYBDE} "
                                                              "deep; an export's nest six (refused)")])
                if ark and e.tag.endswith("}c"):
                    ref, type_ = e.get("r", ""), e.get("t", "")
                elif ark and e.tag.endswith("}row") and _raekke_nr(e.get("r", "")) > EXCEL_RAEKKER:
                    # openpyxl would walk a million empty rows to get there
                    raise DataFejl([Problem(navn, None, None, f"{del_navn}: has rows beyond Excel's last row "
                                                              f"({EXCEL_RAEKKER}); not an Excel export")])
                continue
            aabne.pop()
            budget.element(del_navn)
            if d.filename == "[Content_Types].xml" and e.get("PartName"):  # openpyxl finds parts here too
                maal.add(posixpath.normpath(e.get("PartName").lstrip("/")))
            if er_rels and e.get("TargetMode") != "External" and e.get("Target"):
                t = e.get("Target")
                maal.add(posixpath.normpath(t.lstrip("/") if t.startswith("/") else posixpath.join(grundlag, t)))
            if budget.elementer % 1000 == 0:
                for aaben in aabne:  # what was looked at is let go: memory stays flat
                    del aaben[:]
            lokal = e.tag.rpartition("}")[2]
            tekst = e.text or ""
            if lokal in ("v", "t") and len(tekst) > MAKS_CELLE:
                hvor = f"{del_navn}, cell {citat(ref, 20)}" if ark and ref else del_navn
                raise DataFejl([Problem(navn, None, None, f"{hvor} holds {len(tekst)} characters, more "
                                                          f"than Excel allows in a cell ({MAKS_CELLE}): "
                                                          f"{citat(tekst)}")])
            if streng:
                if lokal == "t":
                    si += len(tekst)
                elif lokal == "si":
                    delte.append(si)
                    si = 0
                continue
            if not ark:
                continue
            if lokal == "v":
                vaerdi = True
                if type_ == "s" and tekst.strip().isdigit() and int(tekst) < len(delte):
                    budget.tekst(delte[int(tekst)], f"{del_navn}, cell {citat(ref, 20)}")
                else:
                    budget.tekst(len(tekst), f"{del_navn}, cell {citat(ref, 20)}")
            elif lokal == "t":
                budget.tekst(len(tekst), f"{del_navn}, cell {citat(ref, 20)}")
            elif lokal == "is":
                vaerdi = True
            elif lokal == "c":
                if vaerdi:
                    celler += 1
                    kolonne = _kolonne_nr(ref)
                    if kolonne > MAKS_KOLONNER or celler > MAKS_CELLER:
                        besked = (f"a value in column {kolonne}; an export has at most {MAKS_KOLONNER} "
                                  "columns" if kolonne > MAKS_KOLONNER else
                                  f"more than {MAKS_CELLER} cells with a value; an export far fewer")
                        raise DataFejl([Problem(navn, None, None, f"{del_navn}, cell {citat(ref, 20)}: "
                                                                  f"{besked} (refused)")])
                    if ny_raekke:
                        raekker, ny_raekke = raekker + 1, False
                        if raekker > MAKS_RAEKKER + 10:  # the header rows on top
                            raise DataFejl([Problem(navn, None, None, f"{del_navn}, cell {citat(ref, 20)}: "
                                                                      f"more than {MAKS_RAEKKER} rows with "
                                                                      "values; no export of the survey has "
                                                                      "that many (refused)")])
                vaerdi = False
            elif lokal == "row":
                ny_raekke = True
        return maal
    except DataFejl:
        raise
    except DefusedXmlException as e:
        raise DataFejl([Problem(navn, None, None, f"{del_navn} declares a DOCTYPE or entities, which an "
                                                  f"export never does (refused: {type(e).__name__})")]) from None
    except Exception as e:  # noqa: BLE001 - not well-formed XML, a bad zip entry, …
        raise ulaeselig(navn, f"{del_navn} ", e) from None


def ulaeselig(navn: str, hvor: str, e: BaseException) -> DataFejl:
    """A parse error (XML included) as one line: what could not be read, and where."""
    hvad = " ".join(str(e).split()) or type(e).__name__
    return DataFejl([Problem(navn, None, None, f"{hvor}cannot be read (corrupt or not an Excel export: "
                                               f"{type(e).__name__}: {citat(hvad, 120)[1:-1]})")])


def kontroller_arbejdsbog(sti: Path, navn: str) -> None:
    """Refuse a workbook beyond an export's limits before openpyxl reads anything."""
    kontroller_zip(sti, navn)
    kontroller_xml(sti, navn)
