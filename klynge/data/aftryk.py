"""Fingerprints of exactly the data a document reads: the build cache keys documents on them
(klynge.byg.afhaengigheder), and every sheet prints a short one in its colophon, so a PDF a
society holds can be traced to its data.

A fact sheet reads the shared codebook and settings, its own specialty's rows of the data
files (the answers wherever `klynge.data.fortrolig` says they are) and its editorial text; the overview pages read all data except the editorial texts.
The release records in data/udgivelser/ are no data: they are not in any fingerprint.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import os
import secrets
import tempfile
from pathlib import Path

from klynge.data.fortrolig import besvarelser_sti, svar_er_fortrolige, fortrolig_mappe, visningsnavn
from klynge.fejl import DataFejl, Problem

# publicerede_tal.csv and rekonstruktion.toml decide which figures a sheet marks as constructed.
FAELLES = ("spoergsmaal.csv", "svarskalaer.csv", "landsgennemsnit.csv", "indstillinger.toml",
           "publicerede_tal.csv", "rekonstruktion.toml")
PR_SPECIALE = ("specialer.csv", "klynger.csv")
UDGIVELSER = "udgivelser"
KORT = 12  # hex digits of the short fingerprint printed in the colophon
NOEGLEFIL = "aftryk.noegle"


def aftryksnoegle(data: Path) -> bytes:
    """The key of the data fingerprints. The fingerprint is published (colophon, figure record),
    and a plain hash of real answers would let anyone who knows all but a few rows test a guess
    at those few; so with real answers it is keyed by a random secret kept beside them in the
    confidential folder (made once, owner-only, never in git). The reconstructed demo rows are
    public: their fingerprint is a plain hash anyone can recompute."""
    if not svar_er_fortrolige(data):
        return b""
    sti = fortrolig_mappe(data) / NOEGLEFIL  # a location it refuses is refused here too
    vist = visningsnavn(sti, data)
    try:
        if not sti.exists() and not sti.is_symlink() and sti.parent.is_dir():
            # Made in one step by whichever process comes first: documents run in parallel.
            fd, tmp = tempfile.mkstemp(dir=sti.parent, prefix=f".{NOEGLEFIL}.")
            try:
                os.write(fd, secrets.token_hex(32).encode())
                os.close(fd)
                os.link(tmp, sti)
            except FileExistsError:
                pass
            finally:
                Path(tmp).unlink(missing_ok=True)
        noegle = sti.read_bytes().strip()
    except OSError as e:
        # No silent plain hash: a published fingerprint of real answers must be keyed.
        raise DataFejl([Problem(vist, None, None, f"the fingerprint key cannot be used ({e.strerror or type(e).__name__}); "
                                                  "the fingerprint of real answers is keyed, so nothing is built "
                                                  "without it: make the folder writable, or restore the key file")]) from None
    if len(noegle) < 32:
        raise DataFejl([Problem(vist, None, None, f"the fingerprint key is {'empty' if not noegle else 'too short'}; "
                                                  "restore the key file kept with the answers (earlier releases' "
                                                  "fingerprints were made with it), or delete it to make a new one")])
    return noegle


def _noeglet(data: Path, aftryk: str) -> str:
    noegle = aftryksnoegle(data)
    return hmac.new(noegle, aftryk.encode(), hashlib.sha256).hexdigest() if noegle else aftryk


def _raekker_for(sti: Path, slug: str) -> list[list[str]]:
    """The header and the rows of one specialty (a file that cannot be read counts as a whole)."""
    try:
        raekker = list(csv.reader(io.StringIO(sti.read_text(encoding="utf-8-sig"))))
        i = raekker[0].index("speciale")
    except (OSError, UnicodeDecodeError, csv.Error, IndexError, ValueError):
        return [[sti.read_bytes().hex()]] if sti.exists() else [["missing"]]
    return [raekker[0]] + [r for r in raekker[1:] if len(r) > i and r[i].strip() == slug]


def fil_aftryk(sti: Path) -> str:
    """The file's hash; a missing or unreadable one (a folder, say) counts by what it is: the
    document reports it when it reads it."""
    try:
        return hashlib.sha256(sti.read_bytes()).hexdigest()  # as render.cache.sha256_file; the data need no engine
    except FileNotFoundError:
        return "missing"
    except OSError as e:
        return type(e).__name__


def svar_sti(data: Path) -> Path:
    """The answers the documents read (klynge.data.fortrolig: the reconstructed rows or the
    confidential file); a location that cannot be resolved counts as the demo file's, and the
    document reports it."""
    try:
        return besvarelser_sti(data)
    except DataFejl:
        return data / "besvarelser.csv"


def arkets_data(data: Path, slug: str) -> str:
    """The data a fact sheet reads, without its editorial text: the shared files and its own rows."""
    h = hashlib.sha256()
    for navn in FAELLES:
        h.update(f"{navn}:{fil_aftryk(data / navn)}".encode())
    for navn in PR_SPECIALE:
        h.update(repr(_raekker_for(data / navn, slug)).encode())
    h.update(repr(_raekker_for(svar_sti(data), slug)).encode())
    # The saved rounds (data/runder/): a sheet compares with the previous one.
    for sti in sorted(p for p in (data / "runder").rglob("*") if p.is_file()) if (data / "runder").is_dir() else ():
        h.update(f"{sti.relative_to(data).as_posix()}:{fil_aftryk(sti)}".encode())
    return h.hexdigest()


def arkets_aftryk(data: Path, slug: str) -> str:
    """Everything a fact sheet reads: its data and its editorial text."""
    return _noeglet(data, hashlib.sha256((arkets_data(data, slug)
                                          + fil_aftryk(data / "tekster" / f"{slug}.md")).encode()).hexdigest())


def alle_data(data: Path) -> str:
    """What the overview pages read: every data file but the editorial texts and the releases
    (and the confidential folder, of which only the answers count, wherever it is)."""
    try:
        fortrolig = fortrolig_mappe(data).absolute()
    except DataFejl:
        fortrolig = None
    h = hashlib.sha256()
    for sti in sorted(p for p in data.rglob("*") if p.is_file()
                      and not {"tekster", UDGIVELSER} & set(p.relative_to(data).parts)
                      and not (fortrolig is not None and fortrolig in p.absolute().parents)):
        h.update(f"{sti.relative_to(data).as_posix()}:{fil_aftryk(sti)}".encode())
    h.update(f"besvarelser:{fil_aftryk(svar_sti(data))}".encode())  # also where it lives outside data/
    return _noeglet(data, h.hexdigest())


def udgivelsernes_aftryk(data: Path) -> str:
    """The release records: every page's colophon and marks depend on them."""
    h = hashlib.sha256()
    mappe = data / UDGIVELSER
    if mappe.is_dir():
        for sti in sorted(p for p in mappe.rglob("*") if p.is_file()):
            h.update(f"{sti.relative_to(mappe).as_posix()}:{fil_aftryk(sti)}".encode())
    return h.hexdigest()
