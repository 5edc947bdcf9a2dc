"""Anonymity on the built site, the way an attacker would try it: build twice with the few
answers all positive and then all negative, and compare every file the site publishes (HTML,
PDF, SVG, CSV). Also: a specialty below the threshold, or with no respondents at all, gets a
short sheet that says so."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_hjaelp import html_tekst, kopier_projekt, pdf_tekst
from test_anonymitet_egenskab import faa_svar_paa_hvert_spoergsmaal, hele_specialet_under_graensen


def _tilfoej_tom_speciale(data: Path) -> None:
    for fil, raekke in (("specialer.csv", ["tomologi", "Tomologi", "tomologer", "10"]),
                        ("klynger.csv", ["tomologi", "Tom – Nord", "6"])):
        with open(data / fil, encoding="utf-8", newline="") as f:
            eksisterende = list(csv.DictReader(f))
        # The export code (`kode`) is unique: the next free one.
        kode = str(1 + max(int(r["kode"]) for r in eksisterende))
        with open(data / fil, "a", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerow([*raekke, kode])


def _byg(projekt: Path) -> Path:
    ud = subprocess.run([sys.executable, "-m", "klynge", "render"], cwd=projekt, capture_output=True, text=True)
    assert ud.returncode == 0, ud.stderr
    return projekt / "_site"


def _filer(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def to_byg(tmp_path_factory):
    """Per scenario: the site built with the few answers all positive, and all negative. Must
    build: each scenario is its own data, built twice, as an attacker would compare them."""
    def byg(scenarie, ekstra=lambda d: None) -> tuple[Path, Path]:
        sites = []
        for retning in (0, 1):
            projekt = kopier_projekt(tmp_path_factory.mktemp(f"{scenarie.__name__}-{retning}"))
            scenarie(projekt / "data", retning)
            ekstra(projekt / "data")
            sites.append(_byg(projekt))
        return sites[0], sites[1]
    return byg


@pytest.fixture(scope="module")
def faa_svar(to_byg):
    return to_byg(faa_svar_paa_hvert_spoergsmaal)


@pytest.fixture(scope="module")
def under_graensen(to_byg):
    return to_byg(hele_specialet_under_graensen, _tilfoej_tom_speciale)


# The colophon's data fingerprint (and the figure record's full one) identifies the state of the
# data a sheet was made from, so that a PDF can be traced back (issue 18): it changes with any
# change to the data and says only that. It is a provenance mark, not a figure; every other byte
# must stay the same.
_AFTRYK = re.compile(rb"(Datafingeraftryk:? )[0-9a-f]{12}|(\"data\": \")[0-9a-f]{64}")


def _uden_aftryk(indhold: bytes) -> bytes:
    return _AFTRYK.sub(lambda m: (m.group(1) or m.group(2)) + b"<aftryk>", indhold)


def _forskelle(a: Path, b: Path) -> list[str]:
    fa, fb = _filer(a), _filer(b)
    assert fa.keys() == fb.keys()
    return [navn for navn in fa if _uden_aftryk(fa[navn]) != _uden_aftryk(fb[navn])
            and not (navn.endswith(".pdf") and _uden_aftryk(pdf_tekst(a / navn).encode())
                     == _uden_aftryk(pdf_tekst(b / navn).encode()))]


def test_no_published_file_changes_when_four_answers_to_each_question_flip(faa_svar):
    assert _forskelle(*faa_svar) == []


def test_no_published_file_changes_when_a_specialty_of_four_flips_its_answers(under_graensen):
    assert _forskelle(*under_graensen) == []


def test_a_specialty_below_the_threshold_gets_a_short_sheet_saying_so(under_graensen):
    site = under_graensen[0]
    for tekst in (html_tekst(site / "reports" / "reumatologi.html"), pdf_tekst(site / "reports" / "reumatologi.pdf")):
        assert "Kun 4 ud af 52 inviterede reumatologer har besvaret spørgeskemaet." in tekst
        assert "Deltagelse og engagement" not in tekst


def test_a_specialty_without_respondents_gets_a_short_sheet_saying_so(under_graensen):
    tekst = html_tekst(under_graensen[0] / "reports" / "tomologi.html")
    assert "Ingen af de 10 inviterede tomologer har besvaret spørgeskemaet." in tekst


def test_the_front_page_shows_no_figures_for_a_specialty_below_the_threshold(under_graensen):
    tekst = html_tekst(under_graensen[0] / "index.html")
    # 7,7 pct. is not the published response rate, so it carries the mark of a constructed figure.
    assert "Reumatologi 7,7 pct.† (4 af 52) færre end 5 svar færre end 5 svar" in tekst
