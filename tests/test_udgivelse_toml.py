"""A release's record, udgivelse.toml, is written by a TOML library and read back by tomllib as
it was given, whatever the names and texts in it."""

from __future__ import annotations

import datetime as dt
import tomllib

from hypothesis import given
from hypothesis import strategies as st

from klynge.udgivelse.afsloering import Afsloering
from klynge.udgivelse.kommando import udgivelse_toml

TID = dt.datetime(2026, 3, 15, 9, 30, tzinfo=dt.timezone.utc)
POST = {"navn": "Reumatologi", "data": "abc123", "tal": [1, 2, 3]}


def _toml(hvem: str = "Analytiker", navn: str = "2026-03", tillad: list | None = None, poster=None) -> str:
    return udgivelse_toml(navn, TID, hvem, "1.0", "deadbeef", "undersoegelse", "f00d",
                          poster if poster is not None else {"reumatologi": POST}, tillad or [], None)


@given(st.text())
def test_any_name_of_who_released_reads_back_unchanged(hvem):
    assert tomllib.loads(_toml(hvem=hvem))["udgivet_af"] == hvem


def test_the_record_says_when_and_from_what():
    record = tomllib.loads(_toml())
    assert (record["dato"], record["tidspunkt"], record["data"], record["tillad_forskel"]) == \
        ("2026-03-15", "2026-03-15T09:30:00+00:00", "f00d", False)


def test_each_sheet_has_its_table_with_the_number_of_figures_and_the_record_file():
    assert tomllib.loads(_toml())["ark"]["reumatologi"] == {"navn": "Reumatologi", "data": "abc123", "tal": 3,
                                                            "fil": "reumatologi-tal.json"}


def test_figures_allowed_to_differ_are_listed():
    afsloering = Afsloering("reumatologi", "tal-svarprocent", "2026-02", "40,0 %", "40,5 %", 2)
    record = tomllib.loads(_toml(tillad=[afsloering]))
    assert record["tillad_forskel"] and record["forskel"] == [
        "reumatologi:tal-svarprocent: 2026-02: 40,0 % -> 40,5 % (2 svar)"]


def test_the_record_carries_its_place_in_the_sequence():
    assert tomllib.loads(udgivelse_toml("x", TID, "a", "1.0", "", "undersoegelse", "f", {}, [], None, 7))["nummer"] == 7


def test_the_record_opens_with_a_comment_saying_what_it_is():
    assert _toml().startswith("# A release made by `klynge release`")
