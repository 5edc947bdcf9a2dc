"""Reading one exported CSV file strictly: UTF-8, comma-separated, every cell as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from klynge.data.kodning import utf16_uden_bom
from klynge.fejl import Problem


def visningsnavn(sti: Path, rod: Path | None = None) -> str:
    try:
        return str(sti.relative_to(rod)) if rod else str(sti)
    except ValueError:
        return str(sti)


def laes_csv(sti: Path, kolonner: list[str], navn: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV export; return the frame (all cells str, empty = "") or the problems found.

    Each row keeps its file line number in the column `_linje` so later checks can name it.
    """
    if not sti.exists():
        return None, [Problem(navn, None, None, "file is missing")]
    raa = sti.read_bytes()
    if not raa.strip():
        return None, [Problem(navn, None, None, "file is empty")]
    if raa[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, [Problem(navn, 1, None, "file is UTF-16 (a Unicode text export?); save it as UTF-8 CSV")]
    if utf16_uden_bom(raa):
        return None, [Problem(navn, 1, None, "file is UTF-16 without a byte-order mark (a Unicode text export?); "
                                             "save it as UTF-8 CSV")]
    try:
        tekst = raa.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        linje = raa[: e.start].count(b"\n") + 1
        return None, [Problem(navn, linje, None,
                              "file is not UTF-8 (a Latin-1/Windows export?); save it as UTF-8 CSV")]
    hoved = tekst.splitlines()[0]
    del tekst  # read again as a stream below: a second copy of a large export costs hundreds of MB
    if ";" in hoved and "," not in hoved:
        return None, [Problem(navn, 1, None,
                              "file is semicolon-separated; export it comma-separated (UTF-8 CSV)")]
    laeser = csv.reader(io.TextIOWrapper(io.BytesIO(raa), encoding="utf-8-sig", newline=""))
    # A quoted cell may span lines, so note the file line each record starts on. Cells are
    # stripped here, and equal cells share one string: an export repeats a few answer labels
    # hundreds of thousands of times.
    raekker, startlinjer, faelles = [], [], {}
    try:
        forrige = 0
        for r in laeser:
            startlinjer.append(forrige + 1)
            raekker.append([faelles.setdefault(c, c) for c in map(str.strip, r)])
            forrige = laeser.line_num
    except csv.Error as e:
        return None, [Problem(navn, laeser.line_num, None, f"not valid CSV: {e}")]
    header, data = raekker[0], raekker[1:]
    problemer = []
    if b"\x00" in raa:  # a NUL byte is never text, and breaks every output format later
        problemer += [Problem(navn, startlinjer[i], header[j] if j < len(header) else None,
                              "contains a NUL byte")
                      for i, r in enumerate(raekker) for j, c in enumerate(r) if "\x00" in c]
    problemer += [Problem(navn, 1, k, "required column is missing") for k in kolonner if k not in header]
    dubletter = sorted({k for k in header if header.count(k) > 1})
    problemer += [Problem(navn, 1, k, "column appears more than once") for k in dubletter]
    for i, r in enumerate(data):
        if len(r) != len(header) and any(c.strip() for c in r):
            problemer.append(Problem(navn, startlinjer[i + 1], None,
                                     f"has {len(r)} fields, the header has {len(header)}"))
    if problemer:
        return None, problemer
    data = [r for r in data if any(c.strip() for c in r)] if data else []
    linjer = [startlinjer[i + 1] for i, r in enumerate(raekker[1:]) if any(c.strip() for c in r)]
    if not data:
        return None, [Problem(navn, None, None, "file has a header but no rows")]
    frame = pd.DataFrame(data, columns=header, dtype=object)
    frame.insert(0, "_linje", linjer)
    return frame, []
