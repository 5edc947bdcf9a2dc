"""Escaping text from the data files and codebook for each place it lands.

Names, question texts and quotes are untrusted: a `<img onerror=…>` must stay text on the site,
a `$x$` must not become matplotlib mathtext, a `=cmd|…` must not become a spreadsheet formula.
"""

from __future__ import annotations

import re

# Pandoc markdown lets a backslash escape any ASCII punctuation character; escaping all of it
# makes the text literal in every output pandoc writes (HTML, Typst), raw HTML included.
_PUNKTUM = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~^$&\"'@:;=?%,/])")
_STYRETEGN = re.compile(r"[\x00-\x1f\x7f]+")
# Every run of white space but the no-break spaces, which keep a mark or a unit on its line.
_MELLEMRUM = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def _en_linje(tekst: str) -> str:
    """Control characters (newline, NUL, …) become one space: `klynge check` refuses them in
    names, and in longer texts a line break must not start a new table row or block."""
    return _MELLEMRUM.sub(" ", _STYRETEGN.sub(" ", str(tekst))).strip(" ")


def markdown(tekst: str) -> str:
    """Literal text inside Markdown (a table cell, a list item, a figure caption)."""
    return _PUNKTUM.sub(r"\\\1", _en_linje(tekst))


def attribut(tekst: str) -> str:
    """Text inside a double-quoted pandoc attribute (`{fig-alt="…"}`)."""
    return _en_linje(tekst).replace("\\", "\\\\").replace('"', '\\"')


def mathtext(tekst: str) -> str:
    """A chart label: matplotlib reads text between two `$` as TeX unless the `$` is escaped."""
    return _en_linje(tekst).replace("$", r"\$")


def typst_streng(tekst: str) -> str:
    """A Typst string literal (one line: control characters never reach here, the data checks
    refuse them)."""
    return '"' + _en_linje(tekst).replace("\\", "\\\\").replace('"', '\\"') + '"'


def csv_celle(vaerdi):
    """A text cell of a downloadable CSV: a leading =, +, -, @ (or tab, CR) makes spreadsheets
    read it as a formula, so such a cell gets a leading apostrophe, as OWASP recommends."""
    if isinstance(vaerdi, str) and vaerdi[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + vaerdi
    return vaerdi
