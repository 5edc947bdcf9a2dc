"""Figures that carry their basis. A `Tal` is shown as its text ("68 pct."); in the HTML it is a
span whose title gives the basis ("32 af 47 svar på »…«: »I høj grad« eller »I meget høj grad«;
1 har ikke svaret"), focusable with the keyboard, and with an id the audit page links to. In
the PDF the same text is plain.

A figure the reconstruction made (`konstrueret`: the answers are reconstructed and the published
sheets do not state it) carries the mark `MAERKE` wherever it is shown: after its text in the
page, the PDF and `str()`, and its title says so (see klynge.ark.proveniens).

Quarto inserts an inline expression's Markdown representation (`_repr_markdown_`, as an
`IPython.display.Markdown` has) as Markdown, and a span's attributes disappear in Typst; so
the documents only write `` `{python} ark.understoetter_pct` ``. `str()` gives the plain text,
so a `Tal` can stand wherever a str did; adding text to it (`ark.svarprocent + note`) gives a
`Tekst`, a sentence with `Tal`s in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from klynge.ark.paastande import Paastand

# Pandoc Markdown: every ASCII punctuation character may be backslash-escaped.
_PUNKTUM = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~^$&\"'@:;=?%,/])")


def escape_markdown(tekst: str) -> str:
    """Untrusted text made literal in pandoc Markdown (on one line)."""
    return _PUNKTUM.sub(r"\\\1", re.sub(r"\s+", " ", tekst))


def _attribut(tekst: str) -> str:
    """A double-quoted pandoc attribute value."""
    return '"' + " ".join(tekst.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


# The one mark of a constructed figure, and what it means (explained once on every page and PDF).
MAERKE = "†"
MAERKE_FORKLARING = "konstrueret tal eller vurdering, der kun bygger på konstruerede tal – ikke et resultat af undersøgelsen"


@dataclass(frozen=True)
class Tal:
    tekst: str
    grundlag: str
    anker: str = ""
    # True when the figure is constructed by the reconstruction, not a survey result.
    konstrueret: bool = False
    # For a word that depends on figures: what it claims about them (klynge.ark.paastande).
    paastand: Paastand | None = None
    # False where the next figure of a range or list carries the mark for both ("Mellem 8 og 15 pct.†").
    vis_maerke: bool = True

    @property
    def _maerket(self) -> bool:
        return self.konstrueret and self.vis_maerke

    def _dele(self) -> tuple[str, str, str]:
        """(before the mark, the mark, after it): the mark goes straight after the figure, inside
        a closing parenthesis ("19 af de 24 (79 pct.†)")."""
        if not self._maerket:
            return self.tekst, "", ""
        if self.tekst.endswith(")"):
            return self.tekst[:-1], MAERKE, ")"
        return self.tekst, MAERKE, ""

    @property
    def vist(self) -> str:
        """The text as shown: with the mark where the figure is constructed."""
        return "".join(self._dele())

    @property
    def titel(self) -> str:
        """The hover title: the basis, said to be constructed where it is."""
        if self.konstrueret:
            return f"{MAERKE} {MAERKE_FORKLARING[:1].upper()}{MAERKE_FORKLARING[1:]}. {self.grundlag}"
        return self.grundlag

    def __str__(self) -> str:
        return self.vist

    def __eq__(self, other) -> bool:
        # A word that carries a claim still equals the word as text ("på niveau med").
        if isinstance(other, str):
            return self.vist == other
        if isinstance(other, Tal):
            return (self.tekst, self.grundlag, self.anker, self.konstrueret, self.paastand, self.vis_maerke) == \
                (other.tekst, other.grundlag, other.anker, other.konstrueret, other.paastand, other.vis_maerke)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.tekst, self.grundlag, self.anker, self.konstrueret, self.paastand, self.vis_maerke))

    def __contains__(self, tekst: str) -> bool:
        return tekst in self.vist

    def __format__(self, spec: str) -> str:
        return format(self.vist, spec)

    def __add__(self, other: "str | Tal | Tekst") -> "Tekst":
        return Tekst.af("{}{}", self, other)

    def __radd__(self, other: "str | Tal | Tekst") -> "Tekst":
        return Tekst.af("{}{}", other, self)

    def _repr_markdown_(self) -> str:
        if not self.anker and not self.konstrueret:  # an unmarked word: plain text, its claim checked at build
            return escape_markdown(self.vist)
        # A Tal without an anchor is a verdict word that rests on figures (klynge.ark.faktaark.ord_tal).
        ident = f"#{self.anker} " if self.anker else ""
        klasse = (".tal" if self.anker else ".ord") + (" .konstrueret" if self.konstrueret else "")
        foer, maerke, efter = self._dele()
        # The mark as a superscript: a full-size † after a "t" reads as a typo ("mindstt").
        tekst = escape_markdown(foer) + (f"^{maerke}^" if maerke else "") + (escape_markdown(efter) if efter else "")
        return f"[{tekst}]{{{ident}{klasse} tabindex=\"0\" title={_attribut(self.titel)}}}"


@dataclass(frozen=True)
class Tekst:
    """Text with figures in it: plain as `str()`, Markdown with spans for the documents."""

    dele: tuple[str | Tal, ...]

    @classmethod
    def af(cls, skabelon: str, *vaerdier: "str | Tal | Tekst") -> "Tekst":
        """Like `str.format` with `{}` only: "Flest svarer … ({})." filled with Tal, str or Tekst."""
        stykker = skabelon.split("{}")
        if len(stykker) != len(vaerdier) + 1:
            raise ValueError(f"{len(vaerdier)} values for {len(stykker) - 1} places in {skabelon!r}")
        dele: list[str | Tal] = []
        for stykke, vaerdi in zip(stykker, vaerdier + ("",)):
            dele.append(stykke)
            dele.extend(vaerdi.dele if isinstance(vaerdi, Tekst) else (vaerdi,))
        return cls(tuple(d for d in dele if d != ""))

    @classmethod
    def samlet(cls, dele: "list[str | Tal | Tekst]", mellem: str = "") -> "Tekst":
        return cls.af(mellem.join(["{}"] * len(dele)), *dele) if dele else cls(())

    def __str__(self) -> str:
        return "".join(str(d) for d in self.dele)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __bool__(self) -> bool:
        return bool(str(self))

    def __eq__(self, other) -> bool:
        if isinstance(other, str):
            return str(self) == other
        return isinstance(other, Tekst) and self.dele == other.dele

    def __hash__(self) -> int:
        return hash(self.dele)

    def __contains__(self, tekst: str) -> bool:
        return tekst in str(self)

    def __add__(self, other: "str | Tal | Tekst") -> "Tekst":
        return Tekst.af("{}{}", self, other)

    def __radd__(self, other: "str | Tal | Tekst") -> "Tekst":
        return Tekst.af("{}{}", other, self)

    def _repr_markdown_(self) -> str:
        return "".join(d._repr_markdown_() if isinstance(d, Tal) else escape_markdown(d) for d in self.dele)
