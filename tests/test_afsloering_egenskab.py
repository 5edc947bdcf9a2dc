"""The disclosure rule over the whole release history (klynge.udgivelse.afsloering), for any sequence of
releases: answers added, removed, changed and moved, clusters renamed, the threshold raised and
lowered. No two accepted releases may differ by 1 to min_svar - 1 answers on any figure a reader
has or can work out (a cluster, the whole specialty, the hidden clusters together).

The records are made here the way the sheets make them (a cluster under the threshold is hidden,
and companions with it until the hidden ones together reach it), and the property is checked on
the true answers, not on the records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from klynge.udgivelse.afsloering import afsloeringer, faerrest_svar

SLUG = "s"
KODER = ("1", "2", "3", "4")
TAELLER = {"sekvenser": 0, "forsoeg": 0, "accepterede": 0}


@dataclass
class Data:
    """The true answers: respondent -> (cluster code, answered yes), cluster names, threshold."""

    svar: dict[int, tuple[str, bool]]
    navne: dict[str, str]
    min_svar: int = 5
    naeste: int = field(default=0)


def _slug(s: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", s.lower()))


def skjulte(d: Data) -> set[str]:
    """The clusters the sheet hides: under the threshold, and companions (smallest first) until
    the hidden ones together reach it."""
    n = {k: sum(1 for kk, _ in d.svar.values() if kk == k) for k in KODER}
    skjult = {k for k in KODER if n[k] < d.min_svar}
    while skjult and sum(n[k] for k in skjult) < d.min_svar and len(skjult) < len(KODER):
        skjult.add(min((k for k in KODER if k not in skjult), key=lambda k: (n[k], k)))
    return skjult


def taelling(d: Data, gruppe: frozenset[str]) -> tuple[int, int]:
    sande = [ja for k, ja in d.svar.values() if k in gruppe]
    return sum(sande), len(sande)


def optegnelse(d: Data) -> dict[str, dict]:
    """The sheet's record, as klynge.ark.talregister writes it."""
    alle = frozenset(KODER)
    antal, n = taelling(d, alle)
    post = {"speciale": SLUG, "navn": "S", "min_svar": d.min_svar, "klynger": sorted(KODER), "tal": []}
    if n < d.min_svar:  # the short sheet: no figures
        return {SLUG: post}
    tal = post["tal"]
    tal.append({"id": "tal-q", "vaerdi": f"{round(100 * antal / n)} pct.", "vist": True, "antal": antal, "n": n})
    tal.append({"id": "fordeling-q-ja", "vaerdi": f"{antal} af {n}", "vist": True})
    tal.append({"id": "klynge-q-hele-specialet", "vaerdi": f"{antal} af {n}", "vist": True, "hvad": "klynge-q"})
    skjult = skjulte(d)
    for k in KODER:
        a, m = taelling(d, frozenset({k}))
        vist = k not in skjult
        tal.append({"id": f"klynge-q-{_slug(d.navne[k])}", "vaerdi": f"{a} af {m}" if vist else "vises ikke",
                    "vist": vist, "hvad": "klynge-q", "klynge": k})
    return {SLUG: post}


def kendte_grupper(d: Data) -> set[frozenset[str]]:
    """The groups whose counts a reader has or works out from a release: the whole specialty, each
    cluster shown, and the hidden clusters together (the whole minus the shown)."""
    alle = frozenset(KODER)
    if taelling(d, alle)[1] < d.min_svar:
        return set()
    skjult = frozenset(skjulte(d))
    grupper = {alle} | {frozenset({k}) for k in KODER if k not in skjult}
    if skjult:
        grupper.add(skjult)
    return grupper


# ---- changes between releases

def _nye(d: Data, klynge: str, antal: int, ja: bool) -> None:
    for _ in range(antal):
        d.svar[d.naeste] = (klynge, ja)
        d.naeste += 1


aendring = st.one_of(
    st.tuples(st.just("tilfoej"), st.sampled_from(KODER), st.integers(1, 7), st.booleans()),
    st.tuples(st.just("fjern"), st.integers(0, 10_000), st.integers(1, 7)),
    st.tuples(st.just("ret"), st.integers(0, 10_000), st.integers(1, 7)),
    st.tuples(st.just("flyt"), st.integers(0, 10_000), st.integers(1, 7), st.sampled_from(KODER)),
    st.tuples(st.just("omdoeb"), st.sampled_from(KODER), st.integers(0, 99)),
    st.tuples(st.just("taerskel"), st.integers(5, 9)),
)


def anvend(d: Data, a: tuple) -> None:
    ider = sorted(d.svar)
    if a[0] == "tilfoej":
        _nye(d, a[1], a[2], a[3])
    elif a[0] == "taerskel":
        d.min_svar = a[1]
    elif a[0] == "omdoeb":
        d.navne[a[1]] = f"Klynge {a[2]}"
    elif ider:
        valgte = [ider[(a[1] + i) % len(ider)] for i in range(min(a[2], len(ider)))]
        for i in dict.fromkeys(valgte):
            k, ja = d.svar[i]
            if a[0] == "fjern":
                del d.svar[i]
            elif a[0] == "ret":
                d.svar[i] = (k, not ja)
            else:
                d.svar[i] = (a[3], ja)


start = st.lists(st.tuples(st.sampled_from(KODER), st.integers(0, 12), st.integers(0, 12)), min_size=4, max_size=4)


@settings(max_examples=300, deadline=None)
@given(start, st.lists(st.lists(aendring, min_size=1, max_size=3), min_size=1, max_size=6))
def test_no_two_accepted_releases_differ_by_fewer_than_min_svar_answers_on_any_figure(foerst, trin):
    d = Data({}, {k: f"Klynge {k}" for k in KODER})
    for k, ja, nej in foerst:
        _nye(d, k, ja, True)
        _nye(d, k, nej, False)
    historik: list[tuple[str, dict]] = []
    sandhed: list[tuple[Data, int]] = []  # the true answers of each accepted release, and its threshold
    TAELLER["sekvenser"] += 1
    for nr, aendringer in enumerate([[]] + trin):
        for a in aendringer:
            anvend(d, a)
        TAELLER["forsoeg"] += 1
        if afsloeringer(historik, optegnelse(d), d.min_svar, f"r{nr}"):
            continue
        TAELLER["accepterede"] += 1
        historik.append((f"r{nr}", optegnelse(d)))
        sandhed.append((Data(dict(d.svar), dict(d.navne), d.min_svar), d.min_svar))
    for j, (dj, min_j) in enumerate(sandhed):
        for di, _ in sandhed[:j]:
            for g in kendte_grupper(di):
                for h in kendte_grupper(dj):
                    if not (g <= h or h <= g):
                        continue
                    a, b = taelling(di, g), taelling(dj, h)
                    if g == h:
                        forskel = faerrest_svar(a, b)
                    else:
                        stor, lille = (a, b) if g > h else (b, a)
                        forskel = stor[1] - lille[1] if stor[1] > lille[1] else faerrest_svar(a, b)
                    assert not 0 < forskel < min_j, (sorted(g), a, sorted(h), b, min_j)


def test_the_property_saw_accepted_and_refused_releases():
    """Run after the property: it was not vacuous (the counts go in the report)."""
    print(TAELLER)
    if TAELLER["sekvenser"]:
        assert 0 < TAELLER["accepterede"] < TAELLER["forsoeg"]
