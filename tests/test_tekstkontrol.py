"""Editorial texts cannot state figures: `klynge check` flags numbers, percentages, quantity
words and quotation marks typed into data/tekster/*.md, naming file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from klynge.data.tekstkontrol import fund_i_linje, kontroller_tekster

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def g(undersoegelse):
    return undersoegelse.indstillinger.ordvalg


def check(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "klynge", "check", "--data", str(data)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("linje", [
    "Motivationen halter: 17 pct. oplever det sjældent.",
    "Et stort flertal, 80 %, deltager aktivt.",
    "Tallet er 19.",
    "To ud af tre deltager aktivt.",
    "Hver tredje oplever sjældent et tillidsfuldt rum.",
    "De fleste deltager aktivt i klyngemøderne.",
    "Mange oplever, at det kan være svært.",
    "Hovedparten deler egne erfaringer.",
    "Et mindretal forbereder sig.",
    "Næsten alle har deltaget.",
])
def test_a_figure_or_quantity_word_in_editorial_text_is_flagged(g, linje):
    assert fund_i_linje(linje, g)


@pytest.mark.parametrize("linje", [
    "Flere efterlyser tryghed i klyngen for også at kunne dele de „svære ting“.",
    'De ønsker "mere tid til cases".',
    "Nogle kalder det »det gode møde«.",
])
def test_quotation_marks_around_what_looks_like_a_respondents_words_are_flagged(g, linje):
    assert any("quotation marks" in f for f in fund_i_linje(linje, g))


@pytest.mark.parametrize("linje", [
    "1. **Faglig læring og klinisk indhold**",
    "    - Casediskussioner",
    "Flere efterlyser mere tryghed i klyngen, så man også kan dele det, der er svært.",
    "Manglen på klyngepakker kan være en del af forklaringen.",
    "## kommentarer",
])
def test_numbered_advice_plain_prose_and_headings_pass(g, linje):
    assert fund_i_linje(linje, g) == []


def test_the_committed_editorial_texts_state_no_figures(g):
    assert kontroller_tekster(REPO / "data", g) == []


def test_check_names_file_and_line_of_a_typed_figure_and_fails(datakopi):
    sti = datakopi / "tekster" / "neurologi.md"
    sti.write_text(sti.read_text(encoding="utf-8") + "\n## forventninger\nDe fleste er tilfredse (79 pct.).\n",
                   encoding="utf-8")
    linje = len(sti.read_text(encoding="utf-8").splitlines())
    r = check(datakopi)
    assert r.returncode == 1
    assert f"error: data/tekster/neurologi.md:{linje}: uses the quantity word 'De fleste'" in r.stderr
    assert "Traceback" not in r.stderr
