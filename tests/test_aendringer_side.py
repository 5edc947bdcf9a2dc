"""The "Ændringer" page as a reviewer reads it after a release and one changed answer: every
figure named as the sheet names it (never by an internal id), and no accessibility violation at a
normal window width in headless Chromium."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest

from klynge.cli import main
from klynge.udgivelse import aendringer
from site_hjaelp import kopier_projekt
from test_site_i_chromium import CHROMEDRIVER, CHROMIUM, KRAEVET, axe_overtraedelser, chromium, tjent
from test_udgivelse import ret_svar


class _Synlig(html.parser.HTMLParser):
    """The text a reader sees in <main>: no attribute, no script or style."""

    def __init__(self):
        super().__init__()
        self.i_main, self.skjult, self.dele = False, 0, []

    def handle_starttag(self, tag, attrs):
        self.i_main |= tag == "main"
        self.skjult += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skjult -= tag in ("script", "style")

    def handle_data(self, data):
        if self.i_main and not self.skjult:
            self.dele.append(data)


@pytest.fixture(scope="module")
def projekt(tmp_path_factory) -> Path:
    """A copy of the project released as 2026-03, then one answer changed and the site rendered."""
    from klynge.render import render_project

    rod = kopier_projekt(tmp_path_factory.mktemp("projekt"))
    assert main(["release", "2026-03", "--draft", "--no-render", "--project", str(rod)]) == 0
    ret_svar(rod, 0, "understoetter", "I nogen grad")  # the first respondent said "I meget høj grad"
    render_project(rod, files=["aendringer.qmd"], progress=lambda _: None)
    return rod


@pytest.fixture(scope="module")
def synlig_tekst(projekt) -> str:
    p = _Synlig()
    p.feed((projekt / "_site" / "aendringer.html").read_text(encoding="utf-8"))
    return " ".join(" ".join(p.dele).split())


def test_after_one_changed_answer_the_changes_page_shows_no_internal_id(projekt, synlig_tekst):
    ids = {t["id"] for post in aendringer.aktuelle(projekt).values() for t in post["tal"] if t["id"]}
    assert re.search(r"\bfordeling-|\bklynge-understoetter|\btal-understoetter", synlig_tekst) is None
    assert [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", synlig_tekst)] == []


def test_the_changed_figures_are_named_by_section_chart_and_answer(synlig_tekst):
    assert "Klyngernes betydning for kvalitetsarbejdet" in synlig_tekst
    assert "Figur 2: Reuma – Hovedstad – Kbh" in synlig_tekst
    assert "Svarfordelingen på hvert spørgsmål (CSV): »I nogen grad«" in synlig_tekst


def test_the_question_text_stands_once_on_the_changes_page(synlig_tekst):
    assert synlig_tekst.count("kan understøtte kvalitetsarbejdet i speciallægepraksis") == 1


@pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER) and not KRAEVET, reason="Debian's chromium is not installed")
def test_the_changes_page_has_no_axe_violation_at_a_normal_window_width(projekt, tmp_path):
    with tjent(projekt / "_site") as url, chromium(tmp_path / "chromium", "1280,900") as driver:
        driver.get(url + "aendringer.html")
        assert axe_overtraedelser(driver) == []


def test_a_sheet_changed_only_in_its_marks_says_so_in_one_line():
    foer = {"speciale": "x", "navn": "X", "tal": [{"id": "tal-a", "vaerdi": "85 pct.", "vist": True,
                                                 "konstrueret": True, "grundlag": "41 af 48 svar"},
                                                # a verdict word marked as resting on constructed figures
                                                {"id": "", "vaerdi": "mindst", "vist": True, "konstrueret": True,
                                                 "grundlag": "Ordet bygger kun på konstruerede tal"}],
            "saetninger": [{"id": "engagement_afsnit", "tekst": "Størst er andelen (85 pct.†), og mindst† er den."}]}
    efter = {**foer, "tal": [{**foer["tal"][0], "konstrueret": False}],  # with real answers the word is unmarked
             "saetninger": [{"id": "engagement_afsnit", "tekst": "Størst er andelen (85 pct.), og mindst er den."}]}
    a = aendringer.sammenlign_ark(foer, efter)
    tekst = aendringer.ark_markdown(a)
    assert a.kun_maerker and not a.uaendret
    assert tekst.count("\n") == 0 and "Kun mærket † for konstruerede tal er ændret (i 1 sætning, ved 1 tal og 1 ord); intet tal og intet ord" in tekst


def test_a_real_change_is_listed_before_sheets_changed_only_in_their_marks():
    maerke = {"speciale": "m", "navn": "M", "tal": [],
              "saetninger": [{"id": "s", "tekst": "Flertallet† deler data."}]}
    rigtig = {"speciale": "r", "navn": "R", "tal": [{"id": "tal-a", "vaerdi": "5 pct.", "vist": True}], "saetninger": []}
    s = aendringer.sammenlign({"m": maerke, "r": rigtig},
                              {"m": {**maerke, "saetninger": [{"id": "s", "tekst": "Flertallet deler data."}]},
                               "r": {**rigtig, "tal": [{"id": "tal-a", "vaerdi": "6 pct.", "vist": True}]}},
                              "2026-03", "nu")
    side = aendringer.side_markdown(s)
    assert side.index("## R – ændret") < side.index("## M – kun mærkningen ændret")


def test_a_changed_section_heading_of_the_sheet_renders_the_changes_page_again(tmp_path):
    from klynge.byg.afhaengigheder import fingeraftryk

    rod = kopier_projekt(tmp_path / "projekt")
    assert main(["release", "2026-03", "--draft", "--no-render", "--project", str(rod)]) == 0
    foer = fingeraftryk(rod, "aendringer.qmd", set(), "kode")
    krop = rod / "reports" / "_faktaark.qmd"
    krop.write_text(krop.read_text(encoding="utf-8").replace("## Om tallene", "## Om tallene i arket"), "utf-8")
    assert fingeraftryk(rod, "aendringer.qmd", set(), "kode") != foer
