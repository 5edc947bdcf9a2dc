"""Telling an encoding from a file's bytes, without pandas: the importer refuses a hostile export
before it loads anything heavy."""

from __future__ import annotations


def utf16_uden_bom(raa: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when text without a byte-order mark is UTF-16 (every other
    byte of Latin text is NUL), else None."""
    proeve = raa[:2000]
    if len(proeve) < 4:
        return None
    lige, ulige = proeve[0::2], proeve[1::2]
    if ulige.count(0) > 0.4 * len(ulige) and lige.count(0) < 0.05 * len(lige):
        return "utf-16-le"
    if lige.count(0) > 0.4 * len(lige) and ulige.count(0) < 0.05 * len(ulige):
        return "utf-16-be"
    return None
