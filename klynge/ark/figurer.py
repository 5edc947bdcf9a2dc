"""The fact sheets' charts: one house style, drawn once per chart and saved as SVG for both
the web page and the PDF. Every chart comes with Danish alt text built from its figures, and
hidden (anonymised) clusters appear as a label, never as a bar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import matplotlib
import pandas as pd
import plotnine as p9

from klynge.maal import andele as m
from klynge.ark import alttekst, tekst as t, undslip
from klynge.ark.tal import MAERKE
from klynge.projekt import uddata

matplotlib.use("Agg")
# Byte-identical SVGs: fixed ids, no creation date.
matplotlib.rcParams["svg.hashsalt"] = "klynge"
matplotlib.rcParams["svg.fonttype"] = "path"

BREDDE = 6.3  # inches: the text width of an A4 page with 2 cm margins
SKRIFT = "DejaVu Sans"
MOERKEBLAA = "#1f4e79"
LYSEBLAA = "#6fa8dc"
ORANGE = "#d55e00"  # Okabe–Ito: the national average stands out for every kind of colour vision
GRAA = "#9e9e9e"
# Ordered answer scales, best first: blues for positive, grey for neutral, oranges for negative.
FARVER = {"positiv": ["#08306b", "#4a90c8", "#9ecae1"], "neutral": ["#cfcfcf", "#e6e6e6"],
          "negativ": ["#f4a261", "#d55e00"]}


@dataclass(frozen=True)
class Figur:
    """A chart, or (plot None) the note that stands where every figure of it is hidden."""

    filnavn: str
    figurtekst: str
    alt: str
    plot: p9.ggplot | None
    hoejde: float

    def gem(self, mappe: Path) -> str:
        """Save the SVG into `mappe` and return the Markdown that shows it."""
        if self.plot is None:
            return f"*{undslip.markdown(self.alt)}*"
        (uddata() / mappe).mkdir(parents=True, exist_ok=True)
        sti = mappe / self.filnavn
        self.plot.save(uddata() / sti, format="svg", width=BREDDE, height=self.hoejde, verbose=False,
                       metadata={"Date": None})
        return f'![{undslip.markdown(self.figurtekst)}]({sti.as_posix()}){{fig-alt="{undslip.attribut(self.alt)}"}}'


def _aldrig(*_: str) -> bool:
    return False


# The mark as a superscript, as in the sheet's text: a full-size † after a figure reads as a
# typo. Matplotlib's mathtext draws it, in DejaVu Sans like the rest of the chart.
DIAGRAMMAERKE = r"$^{\dagger}$"


def maerket(tekst: str, konstrueret: bool) -> str:
    """A chart label, escaped for matplotlib, with the mark of a constructed figure."""
    tekst = undslip.mathtext(tekst)
    return tekst + DIAGRAMMAERKE if konstrueret else tekst


def figurtekst_med_maerke(figurtekst: str, flag: list[bool], hvad: str = "alle andele i figuren",
                          note: str = "") -> tuple[str, bool]:
    """Where every share of a chart is constructed the caption says so once (and the labels
    carry no mark); otherwise each constructed label carries it, and `note` (if any) says in the
    caption what the marks cover. Returns the caption and whether the labels are to be marked."""
    if flag and all(flag):
        return f"{figurtekst} ({MAERKE} {hvad} er konstrueret)", False
    if note and any(flag):
        return f"{figurtekst} ({MAERKE} {note})", True
    return figurtekst, True


def skjult_figur(filnavn: str, figurtekst: str, min_svar: int) -> Figur:
    return Figur(filnavn, figurtekst, f"Figuren »{figurtekst}« vises ikke, fordi færre end {t.heltal(min_svar)} "
                 f"har svaret.", None, 0)


def tema() -> p9.theme:
    return p9.theme_minimal(base_size=9, base_family=SKRIFT) + p9.theme(
        panel_grid_major_y=p9.element_blank(),
        panel_grid_minor=p9.element_blank(),
        axis_title=p9.element_text(size=8.5, color="#333333"),
        axis_text=p9.element_text(size=8.5, color="#222222"),
        legend_position="bottom",
        legend_title=p9.element_blank(),
        legend_text=p9.element_text(size=8),
        legend_key_size=9,
        plot_background=p9.element_rect(fill="white", color="white"),
        plot_margin_right=0.03,
    )


def _loft(andele) -> float:
    """Room right of the longest bar for its label ("91 pct. (n = 22)" takes about 30 points of
    the axis at the sheets' chart width), so no label is cut at the edge."""
    return max(112.0, max(andele, default=0.0) + 34.0)


def _pct_akse(loft: float = 112) -> p9.scale_y_continuous:
    return p9.scale_y_continuous(limits=(0, loft), breaks=[0, 25, 50, 75, 100],
                                 labels=lambda xs: [f"{x:.0f} %" for x in xs], expand=(0, 0))


def klyngefigur(filnavn: str, spoergsmaal: str, hvad: str, klynger: tuple[m.KlyngeAndel, ...],
                i_alt: m.Andel, landsgennemsnit, udsagn: str, min_svar: int,
                konstrueret: Callable[[str], bool] = _aldrig) -> Figur:
    """Share per cluster and for the whole specialty, with the national average marked.
    `konstrueret(gruppe)`: whether the figure of "Hele specialet" or a cluster is constructed."""
    # A hidden cluster's label does not say why (which cluster has few answers is itself a fact
    # about a named group).
    raekker = ([("Hele specialet", i_alt, f"færre end {t.heltal(min_svar)} svar")]
               + [(k.klynge, k.andel, "ikke vist (anonymitet)") for k in klynger])
    flag = [konstrueret(r[0]) for r in raekker if r[1].vist]
    spaend = m.klynge_spaend(klynger)
    kendt = spaend is not None and not (konstrueret("laveste") and konstrueret("hoejeste"))
    spoergsmaal, maerk = figurtekst_med_maerke(
        spoergsmaal, flag, "alle andele og klyngernes antal svar",
        "klyngernes værdier og antal svar er konstrueret" + (
            "; eKVIS’ faktaark nævner kun den laveste og den højeste klyngeværdi, ikke hvilke klynger de tilhører"
            if kendt else ""))
    df = pd.DataFrame({
        "gruppe": [undslip.mathtext(r[0]) for r in raekker],
        "andel": [float(r[1].procent) if r[1].vist else 0.0 for r in raekker],
        "etiket": [f"{maerket(t.pct(r[1].procent), maerk and konstrueret(r[0]))} "
                   f"(n = {maerket(str(r[1].n), bool(maerk and konstrueret(r[0]) and i))})"
                   if r[1].vist else r[2] for i, r in enumerate(raekker)],
        "type": ["Hele specialet" if i == 0 else "Klynge" for i in range(len(raekker))],
        "vist": [r[1].vist for r in raekker],
    })
    df["gruppe"] = pd.Categorical(df["gruppe"], categories=list(reversed(df["gruppe"])), ordered=True)
    lg = float(landsgennemsnit)
    # One list, added once: each `+` deep-copies the whole plot.
    # The dashed line lies under the bars, and every label has a white ground, so the line never
    # runs through a figure.
    plot = p9.ggplot(df, p9.aes(x="gruppe", y="andel", fill="type")) + [
        p9.geom_hline(yintercept=lg, linetype="dashed", color=ORANGE, size=0.8),
        p9.geom_col(width=0.65),
        p9.geom_label(p9.aes(label="etiket", y="andel + 1.5"), ha="left", size=7.5, family=SKRIFT,
                      color="#222222", fill="white", label_size=0, label_padding=0.1),
        p9.annotate("label", y=lg, x=len(df) + 0.75, label=f"Landsgennemsnit {t.pct(landsgennemsnit, 1)}",
                    ha="center", size=7.5, family=SKRIFT, color=ORANGE, fill="white", label_size=0,
                    label_padding=0.1),
        p9.scale_fill_manual(values={"Hele specialet": MOERKEBLAA, "Klynge": LYSEBLAA}, guide=None),
        p9.scale_x_discrete(expand=(0, 0.6, 0, 1.2)),
        _pct_akse(_loft(df["andel"])),
        p9.coord_flip(),
        p9.labs(y=hvad, x=""),
        tema(),
    ]
    alt = alttekst.klyngefigur(udsagn, i_alt, klynger, landsgennemsnit, min_svar, konstrueret)
    return Figur(filnavn, spoergsmaal, alt, plot, hoejde=1.0 + 0.28 * len(df))


def fordelingsfigur(filnavn: str, spoergsmaal: str, rækker: list[tuple[str, pd.DataFrame]], min_svar: int,
                    konstrueret: Callable[[str, str], bool] = _aldrig) -> Figur:
    """100 % stacked bars of the answers to each item of a question battery.
    `konstrueret(etiket, svar)`: whether an item's share of an answer is constructed."""
    figurtekst = spoergsmaal
    flag = [konstrueret(etiket, s) for etiket, f in rækker if bool(f["vist"].iloc[0]) for s in f["svar"]]
    spoergsmaal, maerk = figurtekst_med_maerke(spoergsmaal, flag)
    dele = []
    for etiket, f in rækker:
        if not bool(f["vist"].iloc[0]):
            continue
        d = f.copy()
        d["punkt"] = f"{etiket} (n = {int(d['n'].iloc[0])})"
        d["konstrueret"] = [maerk and konstrueret(etiket, s) for s in d["svar"]]
        dele.append(d)
    if not dele:
        return skjult_figur(filnavn, spoergsmaal, min_svar)
    df = pd.concat(dele, ignore_index=True)
    svar = list(dict.fromkeys(df["svar"]))
    vurdering = dict(zip(df["svar"], df["vurdering"]))
    farver, brugt = {}, {"positiv": 0, "neutral": 0, "negativ": 0}
    for s in svar:
        v = vurdering[s]
        liste = FARVER[v]
        farver[s] = liste[min(brugt[v], len(liste) - 1)]
        brugt[v] += 1
    df["procent_f"] = df["procent"].astype(float)
    df["svar"] = pd.Categorical(df["svar"], categories=list(reversed(svar)), ordered=True)
    punkter = list(dict.fromkeys(df["punkt"]))
    akse = {p: undslip.mathtext(p) for p in punkter}
    forklaring = {s: undslip.mathtext(s) for s in svar}
    df["punkt"] = pd.Categorical(df["punkt"], categories=list(reversed(punkter)), ordered=True)
    df["tekst"] = [maerket(t.decimaltal(p), k) if p >= 7 else "" for p, k in zip(df["procent"], df["konstrueret"])]
    df["tekstfarve"] = ["white" if farver[s] in ("#08306b", "#4a90c8", "#d55e00") else "#222222" for s in df["svar"]]
    # Label positions computed here (the first answer is stacked leftmost): a stacked text layer
    # is drawn one answer at a time, which made this the slowest chart of the sheet.
    df["midt"] = df.groupby("punkt", observed=True)["procent_f"].transform(lambda x: x.cumsum() - x / 2)
    etiketter = df[df["tekst"] != ""]
    plot = p9.ggplot(df, p9.aes(x="punkt", y="procent_f", fill="svar")) + [
        p9.geom_col(width=0.7, position=p9.position_stack()),
        p9.geom_text(p9.aes(x="punkt", y="midt", label="tekst", color="tekstfarve"), data=etiketter,
                     inherit_aes=False, size=7, family=SKRIFT),
        p9.scale_color_identity(),
        p9.scale_fill_manual(values=farver, breaks=svar, labels=[forklaring[s] for s in svar]),
        p9.scale_x_discrete(labels=lambda xs: [akse[x] for x in xs]),
        p9.scale_y_continuous(breaks=[0, 25, 50, 75, 100], labels=lambda xs: [f"{x:.0f} %" for x in xs],
                              expand=(0, 0)),
        p9.coord_flip(),
        p9.labs(y="Andel af dem, der har svaret", x=""),
        tema(),
        p9.guides(fill=p9.guide_legend(nrow=2 if len(svar) > 4 else 1, reverse=False)),
    ]
    alt = alttekst.fordelingsfigur(figurtekst, rækker, min_svar, konstrueret)
    return Figur(filnavn, spoergsmaal, alt, plot, hoejde=1.2 + 0.36 * len(punkter))


def forventningsfigur(filnavn: str, forventninger: tuple[m.Forventning, ...], min_svar: int,
                      konstrueret: Callable[[str, str], bool] = _aldrig) -> Figur:
    """Per meeting element: share finding it important against share rarely or never experiencing it.
    `konstrueret(kort, felt)`: whether an element's share (`vigtigt`, `opfyldt`, `sjaeldent`) is constructed."""
    maal = [("Vigtigt eller meget vigtigt", "vigtigt"), ("Opleves altid eller ofte", "opfyldt"),
            ("Opleves sjældent eller aldrig", "sjaeldent")]
    raekker = []
    for f in forventninger:
        for navn, felt in maal:
            a = getattr(f, felt)
            if a.vist:
                raekker.append({"element": f.kort, "maal": navn, "andel": float(a.procent),
                                "tekst": t.decimaltal(a.procent), "konstrueret": konstrueret(f.kort, felt)})
    figurtekst = "Hvad deltagerne finder vigtigt, og hvor ofte det opleves på klyngemøderne"
    vist_figurtekst, maerk = figurtekst_med_maerke(figurtekst, [r["konstrueret"] for r in raekker])
    for r in raekker:
        r["tekst"] = maerket(r["tekst"], maerk and r["konstrueret"])
    if not raekker:
        return skjult_figur(filnavn, figurtekst, min_svar)
    df = pd.DataFrame(raekker)
    elementer = list(dict.fromkeys(df["element"]))
    navne = [n for n, _ in maal]
    # Bars placed on a numeric axis (first element at the top, the three measures top to bottom)
    # rather than dodged: a dodged text layer is drawn one group at a time and is slow.
    plads = {e: len(elementer) - i for i, e in enumerate(elementer)}
    forskydning = {navne[0]: 0.27, navne[1]: 0.0, navne[2]: -0.27}
    df["plads"] = [plads[e] + forskydning[n] for e, n in zip(df["element"], df["maal"])]
    df["maal"] = pd.Categorical(df["maal"], categories=navne, ordered=True)
    plot = p9.ggplot(df, p9.aes(x="plads", y="andel", fill="maal")) + [
        p9.geom_col(width=0.26),
        p9.geom_text(p9.aes(x="plads", y="andel + 1.2", label="tekst"), data=df, inherit_aes=False,
                     ha="left", size=6.5, family=SKRIFT, color="#222222"),
        p9.scale_fill_manual(values={navne[0]: MOERKEBLAA, navne[1]: LYSEBLAA, navne[2]: ORANGE}, breaks=navne),
        p9.scale_x_continuous(breaks=list(plads.values()), labels=[undslip.mathtext(e) for e in plads],
                              expand=(0, 0.5)),
        _pct_akse(106),
        p9.coord_flip(),
        p9.labs(y="Andel af dem, der har svaret", x=""),
        tema(),
        p9.theme(panel_grid_major_x=p9.element_blank(), panel_grid_minor_x=p9.element_blank()),
        p9.guides(fill=p9.guide_legend(ncol=2)),
    ]
    alt = alttekst.forventningsfigur(forventninger, min_svar, konstrueret)
    return Figur(filnavn, vist_figurtekst, alt, plot, hoejde=1.2 + 0.36 * len(elementer))


def rangfigur(filnavn: str, spoergsmaal: str, raekke: tuple[m.Rang, ...], min_svar: int,
              konstrueret: Callable[[str], bool] = _aldrig) -> Figur:
    """Items ranked by their share of positive answers. `konstrueret(kolonne)`: whether an
    item's share is constructed."""
    viste = [r for r in raekke if r.andel.vist]
    if not viste:
        return skjult_figur(filnavn, spoergsmaal, min_svar)
    figurtekst = spoergsmaal
    spoergsmaal, maerk = figurtekst_med_maerke(spoergsmaal, [konstrueret(r.spoergsmaal.kolonne) for r in viste])
    df = pd.DataFrame({
        "punkt": [undslip.mathtext(r.spoergsmaal.kort) for r in viste],
        "andel": [float(r.andel.procent) for r in viste],
        "etiket": [f"{maerket(t.pct(r.andel.procent), maerk and konstrueret(r.spoergsmaal.kolonne))} (n = {r.andel.n})"
                   for r in viste],
    })
    df["punkt"] = pd.Categorical(df["punkt"], categories=list(reversed(df["punkt"])), ordered=True)
    plot = p9.ggplot(df, p9.aes(x="punkt", y="andel")) + [
        p9.geom_col(width=0.65, fill=MOERKEBLAA),
        p9.geom_text(p9.aes(label="etiket", y="andel + 1.5"), ha="left", size=7.5, family=SKRIFT, color="#222222"),
        _pct_akse(_loft(df["andel"])),
        p9.coord_flip(),
        p9.labs(y="Andel, der svarer i høj eller meget høj grad", x=""),
        tema(),
    ]
    alt = alttekst.rangfigur(figurtekst, raekke, min_svar, konstrueret)
    return Figur(filnavn, spoergsmaal, alt, plot, hoejde=0.9 + 0.32 * len(df))
