"""The ids of the places where a sheet's figures stand ("tal-understoetter", "tal-medlemmer-2").

The sheet gives its figures these ids, the audit (klynge.ark.revision) links a published figure to
one, and a release's figure records key on them; so they sit below all three.
"""

from __future__ import annotations

import re


def anker(kolonne: str, svar: str = "") -> str:
    """The id of the place in a sheet where a question's share stands (the audit page links it):
    "tal-understoetter" for its positive (or negative) answers, "tal-understoetter-i-nogen-grad"
    for named answers, "tal-understoetter-laveste" for a cluster extreme."""
    if svar in ("positiv", "negativ"):
        svar = ""
    return "tal-" + "-".join(re.findall(r"[a-z0-9]+", f"{kolonne} {svar}".lower().translate(_ASCII)))


def medlemsanker(i: int) -> str:
    return f"tal-medlemmer-{i + 1}"


_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
