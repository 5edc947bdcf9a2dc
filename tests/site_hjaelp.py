"""Shared helpers for the site tests: render a copy of the project once, read its outputs."""

from __future__ import annotations

import hashlib
import html
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pypdf

from klynge.byg.bench import kopier

ROD = Path(__file__).resolve().parent.parent

# The PDFs' date (SOURCE_DATE_EPOCH: 31 March 2026, 00:00 UTC) in the builds tests compare byte
# for byte: the same even across midnight.
PDF_DATO = "1774915200"


def kopier_projekt(maal: Path) -> Path:
    return kopier(ROD, maal)


def tilfoej_speciale_uden_svar(data: Path, slug: str) -> None:
    """A specialty with 10 members in one cluster and no answers (its sheet is the short one)."""
    import csv

    navn = slug.capitalize()
    for fil, raekke in (("specialer.csv", [slug, navn, f"{slug[:-1]}er", "10"]),
                        ("klynger.csv", [slug, f"{navn[:3]} – Nord", "10"])):
        with open(data / fil, encoding="utf-8", newline="") as f:
            kode = str(1 + max(int(r["kode"]) for r in csv.DictReader(f)))
        with open(data / fil, "a", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerow([*raekke, kode])


# Inline elements (a figure's span, a link) do not separate words; every other element does.
_INLINE = {"span", "a", "strong", "em", "b", "i", "abbr", "code", "sub", "sup", "small"}


class _Tekst(HTMLParser):
    def __init__(self):
        super().__init__()
        self.dele: list[str] = []
        self._skjult = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skjult += 1
        if tag not in _INLINE:
            self.dele.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skjult -= 1
        if tag not in _INLINE:
            self.dele.append(" ")

    def handle_data(self, data):
        if not self._skjult:
            self.dele.append(data)


def normaliser(tekst: str) -> str:
    tekst = tekst.replace("\u00a0", " ").replace("\u00ad", "")
    return re.sub(r"\s+", " ", tekst).strip()


def html_tekst(sti: Path) -> str:
    return html_tekst_af(sti.read_text(encoding="utf-8"))


def html_tekst_af(markup: str) -> str:
    p = _Tekst()
    p.feed(markup)
    return normaliser(html.unescape("".join(p.dele)))


def _pdf_sider_raa(sti: Path) -> list[str]:
    """The text of each page, read with pypdf (no poppler needed). Reading a sheet takes pypdf
    most of a second, and many tests read the same PDFs (a shared build; the sheets a rebuild
    left unchanged): the pages are remembered by the PDF's content (its SHA-256), so a PDF that
    changed is always read again."""
    indhold = sti.read_bytes()
    noegle = hashlib.sha256(indhold).digest()
    if noegle not in _PDF_SIDER:
        _PDF_SIDER[noegle] = tuple(side.extract_text() or "" for side in pypdf.PdfReader(io.BytesIO(indhold)).pages)
    return list(_PDF_SIDER[noegle])


_PDF_SIDER: dict[bytes, tuple[str, ...]] = {}


def _afdel(ud: str) -> str:
    # Typst hyphenates long words at line ends; join them again.
    return re.sub(r"(\w)[-\u00ad]\s*\n\s*(\w)", r"\1\2", ud)


def pdf_tekst(sti: Path) -> str:
    return normaliser(_afdel("\n".join(_pdf_sider_raa(sti))))


def pdf_sider(sti: Path) -> list[str]:
    return [normaliser(_afdel(s)) for s in _pdf_sider_raa(sti) if s.strip()]
