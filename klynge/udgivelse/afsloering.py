"""The disclosure rule over the whole release history: may a new release be published next to every
release made before it?

A published figure counts the answers of a group of respondents: "17 af 48" is 17 of the 48
answers to one question (or one answer to it) in one group. Two figures that count the same thing
for the same group, or for groups one inside the other, give by subtraction the figure of the
difference: the answers that came, went or changed between them, or the answers of the clusters
in one group and not the other. When that difference rests on fewer than `min_svar` answers,
the two figures together disclose it, whichever releases they are in.

So a new release is compared with every earlier release, not only the newest:
- every figure it shows with every figure any earlier release showed that counts the same
  question and answer (`maal`) for the same group or a group inside or around it;
- also the figures a reader can work out: a specialty's total minus the clusters shown leaves the
  hidden clusters together (complementary suppression); such a remainder counts as published;
- groups are sets of clusters named by their code in data/klynger.csv, so a renamed cluster is the
  same group; a figure recorded before groups were (old records) is matched by its id.

The fewest answers that turn one figure into the other (`faerrest_svar`) must be 0 or at least
`min_svar`. A hidden figure publishes nothing, but is no shield: a companion that had to be hidden
to protect a small cluster stays hidden as long as showing it would give the small cluster away
next to an earlier release — else the release is refused.

Pure functions over figure records (klynge.udgivelse.talregister's JSON as dicts); no I/O.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

_AF = re.compile(r"^(\d+) af (\d+)$")
KLYNGE = "klynge-"  # the family of the cluster figures: a total ("Hele specialet") and one per cluster


@dataclass(frozen=True)
class Optalt:
    """A figure a release publishes or lets a reader work out: `antal` of `n` answers."""

    udgivelse: str
    slug: str
    id: str  # the record's id; for a remainder the ids it was worked out from
    maal: str  # what is counted: question and answer (or measure), as in the figure's id
    gruppe: frozenset[str]  # the respondents' clusters, by code; or the id itself in old records
    antal: int
    n: int
    udledt: bool = False  # a remainder: a total minus the clusters shown
    tekst: str = ""  # as printed ("68 pct."), for messages

    @property
    def vaerdi(self) -> str:
        if self.udledt:
            return f"{self.antal} af {self.n} (worked out)"
        return self.tekst or f"{self.antal} af {self.n}"


@dataclass(frozen=True)
class Afsloering:
    """Two figures that together give a figure of fewer than `min_svar` answers."""

    slug: str
    id: str  # the new release's figure
    udgivelse: str  # the earlier release
    foer: str
    efter: str
    svar: int  # the fewest answers that make the difference


def antal_og_n(post: dict) -> tuple[int, int] | None:
    """A shown figure's count and base, where it is a share of answers (not a respondent count)."""
    if not post.get("vist", True):
        return None
    if "antal" in post and "n" in post:
        return int(post["antal"]), int(post["n"])
    m = _AF.match(str(post.get("vaerdi", ""))) if not str(post.get("id", "")).startswith("tal-") else None
    return (int(m.group(1)), int(m.group(2))) if m else None


def _hvad(slug: str, post: dict, klynger: list | None) -> tuple[str, frozenset[str]]:
    """What a figure counts and for which group. A record with `klynger` names groups by cluster
    code: a figure with `klynge` counts that cluster, any other figure of the charts and tables the
    whole specialty. The text's figures (`tal-…`) and old records' figures are matched by id."""
    ident = str(post.get("id", ""))
    if isinstance(klynger, list) and not ident.startswith("tal-"):
        maal = post.get("hvad") if isinstance(post.get("hvad"), str) else ident
        if "klynge" in post:
            return maal, frozenset({f"{slug}:{post['klynge']}"})
        return maal, frozenset(f"{slug}:{k}" for k in klynger)
    return ident, frozenset({f"{slug}:id:{ident}"})


def optalte(udgivelse: str, poster: dict[str, dict]) -> list[Optalt]:
    """Every figure a release publishes as a count of answers, and every remainder: per family of
    cluster figures, the total minus the clusters shown, when clusters are hidden."""
    ud: list[Optalt] = []
    for slug, post in poster.items():
        familier: dict[str, list[Optalt]] = defaultdict(list)
        for t in post.get("tal", []):
            tal = antal_og_n(t)
            if tal is None:
                continue
            maal, gruppe = _hvad(slug, t, post.get("klynger"))
            o = Optalt(udgivelse, slug, t["id"], maal, gruppe, *tal, tekst=str(t.get("vaerdi", "")))
            ud.append(o)
            if maal.startswith(KLYNGE) and "hvad" in t:
                familier[maal].append(o)
        for maal, liste in familier.items():
            i_alt = next((o for o in liste if len(o.gruppe) > 1), None)
            if i_alt is None:
                continue
            viste = [o for o in liste if len(o.gruppe) == 1 and o.gruppe <= i_alt.gruppe]
            rest = i_alt.gruppe - frozenset().union(*(o.gruppe for o in viste))
            if rest and rest != i_alt.gruppe:
                ud.append(Optalt(udgivelse, slug, f"{i_alt.id} minus the clusters shown", maal, rest,
                                 i_alt.antal - sum(o.antal for o in viste), i_alt.n - sum(o.n for o in viste),
                                 udledt=True))
    return ud


def faerrest_svar(foer: tuple[int, int], efter: tuple[int, int]) -> int:
    """The fewest answers that turn `antal af n` into the other: added or removed answers move
    the counted and the uncounted alike (their changes add up); a changed answer moves one from
    each to the other."""
    d_antal = efter[0] - foer[0]
    d_resten = (efter[1] - efter[0]) - (foer[1] - foer[0])
    if d_antal * d_resten >= 0:
        return abs(d_antal) + abs(d_resten)
    return max(abs(d_antal), abs(d_resten))


def afsloeringer(tidligere: list[tuple[str, dict[str, dict]]], nye: dict[str, dict], min_svar: int,
                 navn: str = "new") -> list[Afsloering]:
    """Every pair of a figure of the new release (`nye`: {slug: record}) and a figure of any earlier
    release (`tidligere`: [(name, {slug: record})]) that count the same thing for the same or nested
    groups and differ by 1 to `min_svar` - 1 answers. One finding per new figure and release."""
    efter = defaultdict(list)
    for o in optalte(navn, nye):
        efter[o.maal].append(o)
    fund: dict[tuple[str, str, str], Afsloering] = {}
    for udgivelse, poster in tidligere:
        for f in optalte(udgivelse, poster):
            for g in efter.get(f.maal, ()):
                if not (f.gruppe <= g.gruppe or g.gruppe <= f.gruppe):
                    continue
                if f.gruppe == g.gruppe:
                    svar = faerrest_svar((f.antal, f.n), (g.antal, g.n))
                else:  # the clusters in one group and not the other, worked out from the two
                    stor, lille = (f, g) if f.gruppe > g.gruppe else (g, f)
                    svar = stor.n - lille.n if stor.n > lille.n else faerrest_svar((f.antal, f.n), (g.antal, g.n))
                if 0 < svar < min_svar:
                    noegle = (g.slug, g.id, udgivelse)
                    if noegle not in fund or svar < fund[noegle].svar:
                        fund[noegle] = Afsloering(g.slug, g.id, udgivelse, f.vaerdi, g.vaerdi, svar)
    return sorted(fund.values(), key=lambda a: (a.udgivelse, a.slug, a.id))
