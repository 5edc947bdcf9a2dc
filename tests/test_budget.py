"""Imports and editorial texts inside a budget (probe 2026-12-07, C1, C2, C8): the work is bounded,
not only the bytes, so each hostile file is refused quickly with one line, in-process here (the
probe's full-size files and their time and memory: `python tests/fjendtlige_eksporter.py DIR`)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import fjendtlige_eksporter as fe
from klynge.data import eksport
from klynge.data.redaktionelt import laes_tekster
from klynge.fejl import DataFejl


def afvist(sti: Path) -> str:
    start = time.monotonic()
    with pytest.raises(DataFejl) as e:
        eksport.laes_eksport(sti)
    assert time.monotonic() - start < 30  # generous: the machine is shared; the budget itself is 4 s
    assert len(e.value.problemer) == 1
    return str(e.value.problemer[0])


def test_one_shared_string_used_by_every_cell_is_counted_where_it_is_used(tmp_path):
    # 60 rows: 1.96 GB and 9.6 s before; 999 rows: killed at 23.5 GB.
    assert "the cells hold more than 50000000 characters (shared strings counted each time" in \
        afvist(fe.delt_forstaerkning(tmp_path / "amp.xlsx", raekker=60))


def test_a_workbook_of_many_extra_parts_is_refused_by_their_number(tmp_path):
    assert "XML parts; an export has a dozen" in afvist(fe.mange_dele(tmp_path / "dele.xlsx", dele=70,
                                                                              elementer=10))


def test_deep_nesting_is_refused_at_the_depth_an_export_never_reaches(tmp_path):
    assert "nests elements more than 64 deep" in afvist(fe.dyb(tmp_path / "dyb.xlsx", dybde=5_000))


def test_a_long_attribute_is_refused_before_expat_reparses_it(tmp_path):
    assert "has a tag longer than 65536 bytes" in afvist(fe.stor_attribut(tmp_path / "attr.xlsx", mb=1))


def test_a_csv_line_of_commas_is_refused_before_its_fields_are_built(tmp_path):
    assert "has 2097153 fields or more; an export has at most 1000 columns" in \
        afvist(fe.kommaer(tmp_path / "kommaer.csv", mb=2))


def test_commas_inside_quotes_are_no_fields(tmp_path):
    sti = tmp_path / "citeret.csv"
    sti.write_text('a,b\n"' + "," * 5000 + '",x\n', encoding="utf-8")
    assert len(eksport.laes_eksport(sti).raekker) == 1


@pytest.mark.parametrize("tekst,besked", [
    ("[" * 10_000, "more than 16 '[' open at once"),
    ("[" * 47_500 + "]" * 47_490, "more than 16 '[' open at once"),
    ("[a](" * 23_750, "more than 16 '(' open at once"),
    (">" * 30_000, "quotes (>) nested more than 16 deep"),
    ("`" * 30_000, "more than 8 backticks in a row"),
])
def test_pathological_markdown_is_refused_before_pandoc_reads_it(tmp_path, tekst, besked):
    sti = tmp_path / "tekster" / "x.md"
    sti.parent.mkdir()
    sti.write_text(f"## kommentarer\n\nTekst.\n\n{tekst}\n", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(DataFejl) as e:
        laes_tekster(sti, "data/tekster/x.md")
    assert time.monotonic() - start < 5
    assert besked in str(e.value.problemer[0]) and e.value.problemer[0].linje == 5


def test_ordinary_links_and_a_quote_are_not_too_deep(tmp_path):
    sti = tmp_path / "data" / "tekster" / "x.md"
    sti.parent.mkdir(parents=True)
    sti.write_text("## kommentarer\n\n> Et citat med [et link](https://example.org/a_(b)).\n", encoding="utf-8")
    assert laes_tekster(sti, "x.md")
