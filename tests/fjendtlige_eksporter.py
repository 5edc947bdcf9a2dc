"""Hostile survey exports, made small and on the fly from a valid one: the probe's files of
2026-12-04 (zip bomb, a million rows, XXE, billion laughs, truncated XML, a 150 MB cell).

`python tests/fjendtlige_eksporter.py DIR` writes them all into DIR (for measuring with
/usr/bin/time -v); the tests make the small versions they need.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import openpyxl

ARK = "xl/worksheets/sheet1.xml"
_HOVED = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def gyldig(sti: Path) -> Path:
    """A small valid export: a header and two rows."""
    bog = openpyxl.Workbook()
    ws = bog.active
    ws.title = "Ark1"
    ws.append(["Respondent ID", "Speciale", "Klynge", "Kommentar"])
    ws.append(["R0001", "Reumatologi", "Reuma – Nord", "Fint"])
    ws.append(["R0002", "Reumatologi", "Reuma – Nord", None])
    bog.save(sti)
    return sti


def med_ark(sti: Path, ark_xml, kilde: Path | None = None) -> Path:
    """A copy of a valid export with its first sheet's XML replaced. ``ark_xml`` is bytes or an
    iterable of byte chunks (streamed, so a big part never sits in memory)."""
    kilde = kilde or gyldig(sti.with_name(sti.stem + "-kilde.xlsx"))
    with zipfile.ZipFile(kilde) as ind, zipfile.ZipFile(sti, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as ud:
        for d in ind.infolist():
            if d.filename == ARK:
                with ud.open(ARK, "w", force_zip64=True) as f:
                    for stykke in ([ark_xml] if isinstance(ark_xml, bytes) else ark_xml):
                        f.write(stykke)
            else:
                ud.writestr(d, ind.read(d.filename))
    kilde.unlink(missing_ok=True)
    return sti


def _raekke(nr: int, celler: str) -> bytes:
    return f'<row r="{nr}">{celler}</row>'.encode()


def _celle(ref: str, tekst: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{tekst}</t></is></c>'


def stor_celle(sti: Path, mb: int) -> Path:
    """One inline-string cell of `mb` MB of 'A' (the probe: 400 MB in 428 kB; and 150 MB)."""
    def stykker():
        yield (_HOVED + '<sheetData><row r="1">' + '<c r="A1" t="inlineStr"><is><t>').encode()
        blok = b"A" * 2**20
        for _ in range(mb):
            yield blok
        yield b"</t></is></c></row></sheetData></worksheet>"
    return med_ark(sti, stykker())


def mange_raekker(sti: Path, antal: int = 1_000_000) -> Path:
    """The header, then `antal` rows of answers (the probe: a million rows in 5 MB)."""
    def stykker():
        yield (_HOVED + "<sheetData>").encode() + _raekke(1, "".join(_celle(f"{k}1", t) for k, t in zip(
            "ABCD", ["Respondent ID", "Speciale", "Klynge", "Kommentar"])))
        for blok in range(0, antal, 10_000):
            yield b"".join(_raekke(n, "".join(_celle(f"{k}{n}", t) for k, t in zip(
                "ABCD", [f"R{n:07d}", "Reumatologi", "Reuma – Nord", "Fint"])))
                for n in range(blok + 2, min(blok + 10_000, antal) + 2))
        yield b"</sheetData></worksheet>"
    return med_ark(sti, stykker())


def mange_smaa_raekker(sti: Path, antal: int = 200_000) -> Path:
    """Rows of four numbers: small enough per row that the sheet stays under the size limit, so
    the row limit is what stops it."""
    def stykker():
        yield (_HOVED + "<sheetData>").encode()
        for blok in range(0, antal, 10_000):
            yield b"".join(_raekke(n, "".join(f'<c r="{k}{n}"><v>{n}</v></c>' for k in "ABCD"))
                           for n in range(blok + 1, min(blok + 10_000, antal) + 1))
        yield b"</sheetData></worksheet>"
    return med_ark(sti, stykker())


def xxe(sti: Path, fil: str = "/etc/hostname") -> Path:
    """An external entity in a cell."""
    return med_ark(sti, (f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM '
                         f'"file://{fil}">]>' + _HOVED.split("\n", 1)[1] + '<sheetData><row r="1">'
                         + _celle("A1", "&xxe;") + "</row></sheetData></worksheet>").encode())


def milliard_latter(sti: Path) -> Path:
    """Billion laughs: ten levels of ten entities each."""
    niveauer = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return med_ark(sti, (f'<?xml version="1.0"?>\n<!DOCTYPE worksheet [{"".join(niveauer)}]>'
                         + _HOVED.split("\n", 1)[1] + '<sheetData><row r="1">' + _celle("A1", "&lol9;")
                         + "</row></sheetData></worksheet>").encode())


def afkortet(sti: Path) -> Path:
    """The sheet's XML cut off halfway (a valid zip)."""
    kilde = gyldig(sti.with_name(sti.stem + "-kilde.xlsx"))
    with zipfile.ZipFile(kilde) as z:
        xml = z.read(ARK)
    return med_ark(sti, xml[: len(xml) // 2], kilde)


def mange_delte_strenge(sti: Path, antal: int = 1_000_000) -> Path:
    """A million shared strings of 300 characters (the probe's I9: 300 MB unpacked)."""
    kilde = gyldig(sti.with_name(sti.stem + "-kilde.xlsx"))
    with zipfile.ZipFile(kilde) as ind, zipfile.ZipFile(sti, "w", zipfile.ZIP_DEFLATED) as ud:
        for d in ind.infolist():
            ud.writestr(d, ind.read(d.filename))
        with ud.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for blok in range(0, antal, 10_000):
                f.write(b"".join(f"<si><t>{n:010d}{'x' * 290}</t></si>".encode() for n in range(blok, blok + 10_000)))
            f.write(b"</sst>")
    kilde.unlink()
    return sti


def delt_forstaerkning(sti: Path, raekker: int = 999, kolonner: int = 1000) -> Path:
    """The probe's C1: every cell points at one shared string of 32 000 characters ending in a
    space (2.8 MB packed, inside every per-part and per-cell limit; 32 GB once resolved)."""
    kilde = gyldig(sti.with_name(sti.stem + "-kilde.xlsx"))
    from openpyxl.utils import get_column_letter

    bogstaver = [get_column_letter(k) for k in range(1, kolonner + 1)]
    with zipfile.ZipFile(kilde) as ind, zipfile.ZipFile(sti, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as ud:
        for d in ind.infolist():
            if d.filename == "xl/sharedStrings.xml":
                continue
            if d.filename == ARK:
                with ud.open(ARK, "w", force_zip64=True) as f:
                    f.write((_HOVED + "<sheetData>").encode())
                    for n in range(1, raekker + 1):
                        f.write(_raekke(n, "".join(f'<c r="{b}{n}" t="s"><v>0</v></c>' for b in bogstaver)))
                    f.write(b"</sheetData></worksheet>")
            else:
                ud.writestr(d, ind.read(d.filename))
        ud.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    f'<si><t xml:space="preserve">{"x" * 31_999} </t></si></sst>')
    kilde.unlink()
    return sti


def mange_dele(sti: Path, dele: int = 95, elementer: int = 262_000) -> Path:
    """The probe's manyparts: extra parts of `<r>` and a quarter of a million `<b/>` each."""
    kilde = gyldig(sti.with_name(sti.stem + "-kilde.xlsx"))
    with zipfile.ZipFile(kilde) as ind, zipfile.ZipFile(sti, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as ud:
        for d in ind.infolist():
            ud.writestr(d, ind.read(d.filename))
        for i in range(dele):
            ud.writestr(f"xl/extra{i}.xml", b"<r>" + b"<b/>" * elementer + b"</r>")
    kilde.unlink()
    return sti


def dyb(sti: Path, dybde: int = 1_000_000) -> Path:
    """The probe's deepnest: elements nested a million deep in the sheet."""
    import random

    navne = [f"x{random.Random(i).getrandbits(16):04x}".encode() for i in range(dybde)]  # not a zip bomb
    return med_ark(sti, [(_HOVED + "<sheetData>").encode(), b"".join(b"<" + n + b">" for n in navne),
                         b"".join(b"</" + n + b">" for n in reversed(navne)), b"</sheetData></worksheet>"])


def stor_attribut(sti: Path, mb: int = 45) -> Path:
    """The probe's bigattr: one attribute of `mb` MB."""
    import base64
    import os

    return med_ark(sti, [(_HOVED + '<sheetData><row r="1" x="').encode(),
                         *(base64.b64encode(os.urandom(3 * 2**18)) for _ in range(mb)),
                         b'"/></sheetData></worksheet>'])


def kommaer(sti: Path, mb: int = 45) -> Path:
    """A CSV of `mb` MB of commas on one line."""
    with open(sti, "wb") as f:
        f.write(b"a,b\n")
        for _ in range(mb):
            f.write(b"," * 2**20)
    return sti


FILER = {
    "shared-string-amplification.xlsx": delt_forstaerkning,
    "many-parts.xlsx": mange_dele,
    "deep-nesting.xlsx": dyb,
    "big-attribute.xlsx": stor_attribut,
    "commas-45mb.csv": kommaer,
    "zip-bomb-400mb-cell.xlsx": lambda s: stor_celle(s, 400),
    "cell-150mb.xlsx": lambda s: stor_celle(s, 150),
    "million-rows.xlsx": mange_raekker,
    "200k-small-rows.xlsx": mange_smaa_raekker,
    "xxe.xlsx": xxe,
    "billion-laughs.xlsx": milliard_latter,
    "truncated-xml.xlsx": afkortet,
    "million-shared-strings.xlsx": mange_delte_strenge,
}

if __name__ == "__main__":
    mappe = Path(sys.argv[1])
    mappe.mkdir(parents=True, exist_ok=True)
    for navn, lav in FILER.items():
        sti = lav(mappe / navn)
        print(f"{sti}  {sti.stat().st_size / 1000:.0f} kB")
