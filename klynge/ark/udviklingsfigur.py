"""The chart of "Udvikling siden <forrige runde>": one dot pair per compared figure, the previous
round's share and this round's joined by a line, so the eye reads the change and its size.
Only figures shown in both rounds are drawn; the alt text names each pair and its verdict."""

from __future__ import annotations

import pandas as pd
import plotnine as p9

from klynge.ark import tekst as t
from klynge.ark import undslip
from klynge.ark.figurer import GRAA, MOERKEBLAA, SKRIFT, Figur, _pct_akse, maerket, tema
from klynge.maal import udvikling as u


# The chart's short words beside each pair (the table and the text say "på niveau med <runde>").
KORT = {u.OP: "steget", u.NED: "faldet", u.PAA_NIVEAU: "på niveau"}


def udviklingsfigur(filnavn: str, linjer, forrige: str, nu: str, runde: str) -> Figur | None:
    """`linjer`: klynge.ark.udvikling.Linje, drawn where both figures were compared."""
    viste = [l for l in linjer if l.ord.aendring is not None and l.ord.aendring.retning != u.IKKE_SAMMENLIGNET
             and l.etiket != "Svarprocent"]
    if not viste:
        return None
    figurtekst = f"Tallene fra {forrige} og {nu}"
    etiketter = [undslip.mathtext(l.etiket) for l in viste]
    raekker = []
    for l, etiket in zip(viste, etiketter):
        a = l.ord.aendring
        raekker.append({"punkt": etiket, "runde": forrige.capitalize(), "andel": float(a.forrige.procent)})
        raekker.append({"punkt": etiket, "runde": nu.capitalize(), "andel": float(a.nu.procent)})
    df = pd.DataFrame(raekker)
    orden = list(reversed(etiketter))
    df["punkt"] = pd.Categorical(df["punkt"], categories=orden, ordered=True)
    df["runde"] = pd.Categorical(df["runde"], categories=[forrige.capitalize(), nu.capitalize()], ordered=True)
    par = pd.DataFrame({"punkt": pd.Categorical(etiketter, categories=orden, ordered=True),
                        "fra": [float(l.ord.aendring.forrige.procent) for l in viste],
                        "til": [float(l.ord.aendring.nu.procent) for l in viste],
                        "etiket": [maerket(KORT[l.ord.aendring.retning], l.konstrueret) for l in viste]})
    plot = p9.ggplot(df, p9.aes(x="punkt", y="andel")) + [
        p9.geom_segment(p9.aes(x="punkt", xend="punkt", y="fra", yend="til"), data=par, color="#bbbbbb", size=1.2,
                        inherit_aes=False),
        p9.geom_point(p9.aes(color="runde", shape="runde"), size=3),
        p9.geom_text(p9.aes(x="punkt", y=103, label="etiket"), data=par, ha="left", size=7.5, family=SKRIFT,
                     color="#222222", inherit_aes=False),
        p9.scale_color_manual(values=[GRAA, MOERKEBLAA]),
        p9.scale_shape_manual(values=["o", "D"]),
        _pct_akse(140),
        p9.coord_flip(),
        p9.labs(y="Andel (pct.)", x=""),
        tema(),
    ]
    alt = (f"Prikdiagram: {t.antal_med_ord(len(viste), 'tal', 'tal', neutrum=True)} i {forrige} og {nu}. "
           + " ".join(f"{l.etiket}: {t.pct(l.ord.aendring.forrige.procent)} i {forrige}, "
                      f"{t.pct(l.ord.aendring.nu.procent)} i {nu} – {l.ord.tekst}." for l in viste))
    return Figur(filnavn, figurtekst, alt, plot, hoejde=1.1 + 0.3 * len(viste))
