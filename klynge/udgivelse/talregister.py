"""A sheet's figures as data: every figure it shows or hides, with its basis, and the sentences
it prints. The build writes this record beside each sheet (`<speciale>-tal.json`, linked from
"Om tallene"); `klynge release` stores it in data/udgivelser/<NAVN>/; the "Ændringer" page and
`klynge release --compare` compare two of them (klynge.udgivelse.aendringer).

One source: the figures in the text are the sheet's own `Tal`s (the spans of the HTML, with the
ids the audit page links to); the figures of the charts and CSV tables are the rows of
`faktaark.tabeller`, the very tables the sheet publishes. Aggregates only: no respondent row.

The record is JSON with one figure and one sentence to a line, so two releases diff line by line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from klynge.ark import faktaark as fa
from klynge.ark import udvikling as udviklingsark
from klynge.ark.tal import Tal, Tekst
from klynge.ark.tekst import saetninger  # noqa: F401  (this module's name for it)
from klynge.data.aftryk import arkets_aftryk
from klynge.projekt import find_rod, uddata

# The text's figures have the span's id ("tal-…"); the charts' and tables' say what they count:
# "fordeling-<question>-<answer>", "klynge-<question>-<cluster>", "forventning-<element>-<measure>".
TEKSTENS = "tal-"
# `Faktaark.tal` gives a hidden figure this basis.
_SKJULT = "Vises ikke"
# "32 af 47 svar …": a share of answers (besvarelser and svarprocent count respondents, not answers).
_SVAR = re.compile(r"^(\d[\d.]*) af (\d[\d.]*) svar\b")
# The sheet's inline values that are words, not figures, but depend on them (reports/_faktaark.qmd).
ORDFELTER = ("understoetter_sammenligning", "data_forbinder", "data_erfaring", "forbedringer_i_forhold_til",
             "om_tallene")


def _slug(tekst: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", tekst.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"}))))


def _tal_i(vaerdi) -> list[Tal]:
    dele = vaerdi.dele if isinstance(vaerdi, Tekst) else (vaerdi,)
    # An unmarked word is a Tal only to carry its claim (klynge.ark.paastande): no figure.
    return [d for d in dele if isinstance(d, Tal) and (d.anker or d.konstrueret)]


def tekstens_tal(t: Tal) -> dict:
    """A figure of the text: its id is the span's (and the audit's) anchor."""
    vist = not t.grundlag.startswith(_SKJULT)
    post = {"id": t.anker, "vaerdi": t.tekst, "vist": vist, "konstrueret": t.konstrueret}
    if vist and (m := _SVAR.match(t.grundlag)):
        post["antal"], post["n"] = (int(g.replace(".", "")) for g in m.groups())
    post["grundlag"] = t.grundlag
    return post


def _heltal(x) -> int | None:
    import pandas as pd

    return None if pd.isna(x) else int(x)


def _tabel_tal(ident: str, antal, n, konstrueret: bool, maal: str | None = None, klynge: str | None = None) -> dict:
    """A figure of the charts and tables, "17 af 48": its id says what it counts. For the
    disclosure rule (klynge.udgivelse.afsloering) a cluster's figure also says what it counts apart from the
    cluster (`hvad`) and the cluster's code (`klynge`), which a renamed cluster keeps; a figure
    without `klynge` counts the whole specialty (the record's `klynger`)."""
    antal, n = _heltal(antal), _heltal(n)
    vist = antal is not None and n is not None
    post = {"id": ident, "vaerdi": f"{antal} af {n}" if vist else "vises ikke", "vist": vist,
            "konstrueret": konstrueret}
    if maal is not None:
        post["hvad"] = maal
    if klynge is not None:
        post["klynge"] = klynge
    return post


def _klyngekode(k) -> str:
    return k.kode or f"navn:{k.navn}"


_AF = re.compile(r"^(\d+) af (\d+)$")


def antal_og_n(post: dict) -> tuple[int, int] | None:
    """The answers counted and the answers it is a share of, where the figure is a share of answers."""
    if "antal" in post:
        return post["antal"], post["n"]
    m = _AF.match(post["vaerdi"]) if not post["id"].startswith(TEKSTENS) else None
    return (int(m.group(1)), int(m.group(2))) if m else None


def tabellernes_tal(ark: fa.Faktaark) -> list[dict]:
    """The figures of the charts and CSV tables: the rows of `faktaark.tabeller`. While the answers
    are not the survey's own (reconstructed, or a demonstration round) none of them is a survey
    result (the audit page says so), so they are recorded as constructed."""
    konstrueret = ark.undersoegelse.indstillinger.udkast
    tabeller = fa.tabeller(ark)
    ud = []
    koder = {k.navn: _klyngekode(k) for k in ark.speciale.klynger}
    for r in tabeller["svarfordelinger"].itertuples():
        ud.append(_tabel_tal(f"fordeling-{_slug(r.spoergsmaal)}-{_slug(r.svar)}", r.antal, r.besvaret,
                             konstrueret))
    for r in tabeller["klynger"].itertuples():
        ud.append(_tabel_tal(f"klynge-{_slug(r.spoergsmaal)}-{_slug(r.klynge)}", r.antal, r.besvaret,
                             konstrueret, f"klynge-{_slug(r.spoergsmaal)}", koder.get(r.klynge)))
    kolonne = {s.kort: s.kolonne for s in ark.undersoegelse.skema.gruppe("vigtighed")}
    for r in tabeller["forventninger"].to_dict("records"):
        element = kolonne.get(r["element"], r["element"])
        for maal in ("vigtigt", "meget_vigtigt", "opfyldt", "sjaeldent"):
            ud.append(_tabel_tal(f"forventning-{_slug(element)}-{_slug(maal)}", r[f"{maal}_antal"],
                                 r[f"{maal}_besvaret"], konstrueret))
    return ud


def _unikke(poster: list[dict]) -> list[dict]:
    """One entry per id: a figure the text repeats is one figure; a different one with the same id
    (none today) is numbered rather than lost."""
    ud, set_ = [], {}
    for p in poster:
        if p["id"] in set_:
            if set_[p["id"]] == p:
                continue
            i = 2
            while f"{p['id']}-{i}" in set_:
                i += 1
            p = {**p, "id": f"{p['id']}-{i}"}
        set_[p["id"]] = p
        ud.append(p)
    return ud


def optegnelse(ark: fa.Faktaark, data: Path) -> dict:
    """The record of one sheet: its data fingerprint, every figure and every printed sentence that
    comes from the data or the editorial text. `data` is the data folder the sheet read."""
    kort = len(ark.svar) < ark.taerskel  # the short sheet (reports/_faktaark_kort.qmd)
    tal: list[dict] = []
    tekst: list[dict] = []
    if kort:
        tekst += [{"id": "for_faa_svar_tekst", "tekst": s} for s in saetninger(ark.for_faa_svar_tekst)]
    else:
        for felt in fa.TEKSTFELTER + ORDFELTER:
            vaerdi = getattr(ark, felt)
            tal += [tekstens_tal(t) for t in _tal_i(vaerdi)]
            if not isinstance(vaerdi, Tal):  # a figure on its own is no sentence
                tekst += [{"id": felt, "tekst": s} for s in saetninger(str(vaerdi))]
        tal += tabellernes_tal(ark)
        for afsnit, indhold in sorted(ark.tekster.items()):
            tekst += [{"id": f"tekst:{afsnit}", "tekst": s} for s in saetninger(indhold)]
    # The survey round of the sheet's figures (`runde`); the section on the previous round names
    # the round of each of its figures, which stand beside each other.
    runder = {"runde": ark.indsamlet}
    if not kort and (udvikling := udviklingsark.lav(ark, data)) is not None:
        figurer, udviklingens = udviklingsark.figurer_og_saetninger(udvikling)
        tal += [{**tekstens_tal(t), "runde": runde} for t, runde in figurer]
        tekst += [{"id": "udvikling", "tekst": s} for saetning in udviklingens for s in saetninger(saetning)]
        runder["forrige_runde"] = f"{udvikling.runde.navn} ({udvikling.runde.indsamlet})"
    return {**runder,
        "speciale": ark.slug,
        "navn": ark.navn,
        "data": arkets_aftryk(data, ark.slug),
        "min_svar": ark.taerskel,
        # The clusters by code: the group a figure of the whole specialty counts (klynge.udgivelse.afsloering).
        "klynger": sorted(_klyngekode(k) for k in ark.speciale.klynger),
        "tal": _unikke(tal),
        "saetninger": tekst,
    }


def som_json(post: dict) -> str:
    """JSON with one figure and one sentence to a line (sorted, so it diffs line by line)."""
    def linje(x) -> str:
        return json.dumps(x, ensure_ascii=False)

    hoved = {k: v for k, v in post.items() if k not in ("tal", "saetninger")}
    dele = ["{"]
    dele += [f"  {linje(k)}: {linje(v)}," for k, v in sorted(hoved.items())]
    for noegle in ("saetninger", "tal"):
        raekker = post.get(noegle, [])
        dele.append(f"  {linje(noegle)}: [")
        dele += [f"    {linje(r)}" + ("," if i < len(raekker) - 1 else "") for i, r in enumerate(raekker)]
        dele.append("  ]" + ("," if noegle == "saetninger" else ""))
    dele.append("}")
    return "\n".join(dele) + "\n"


def filnavn(slug: str) -> str:
    return f"{slug}-tal.json"


def gem(ark: fa.Faktaark) -> str:
    """Write the sheet's record beside its CSV tables (tabeller/<speciale>/) and return a Markdown
    link to it."""
    sti = Path("tabeller") / ark.slug / filnavn(ark.slug)
    (uddata() / sti.parent).mkdir(parents=True, exist_ok=True)
    (uddata() / sti).write_text(som_json(optegnelse(ark, find_rod() / "data")), encoding="utf-8", newline="\n")
    return f"- [Alle faktaarkets tal som data, med grundlag (JSON)]({sti.as_posix()})"
