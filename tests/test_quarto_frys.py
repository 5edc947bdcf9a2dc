"""Quarto's freezer under real Quarto (`execute: freeze: auto`, klynge/byg/frys.py): a second
render executes only the pages whose inputs changed, and no page shows stale figures. Marked
`quarto`; skipped where `quarto` is not on PATH.

One chain in one project, to share renders: the session's cold `quarto render -P
speciale:reumatologi` (test_quarto.py's "site-fuldt"), then one answer of reumatologi and
neurologi's editorial text changed, and the same command again; then `quarto render` with nothing
changed (the template without -P: the neutral page). Last, without rendering again, the pre-render
step Quarto runs is asked, on the freezer those renders left, what a render after a change to the
`klynge` source would execute."""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FULDT, QuartoKoersel
from klynge.byg import frys
from site_hjaelp import pdf_tekst
from test_quarto_conformance import main_text

pytestmark = pytest.mark.quarto

NY_SAETNING = "Flere klinikker nævner også et tættere samarbejde med kommunerne."
# The figure, with or without the mark of a constructed figure ("56 pct.†").
FORBEDRINGER = re.compile(r"(\d+) pct\.\s*†? af respondenterne har som følge af klyngemøderne")
# Every page of the project the chain renders (the short-sheet specialty added), by notebook name.
UROERTE = {"anaestesiologi", "gynaekologi", "paediatri", "tomologi"}


@dataclass
class Kaede:
    projekt: Path
    foer: Path  # _site after the cold render
    efter: Path  # _site after the second render
    udfoert: list[str]  # the documents the second render executed, once per format
    uaendret: Path  # _site after the render with nothing changed
    uaendret_udfoert: list[str]


def skift_et_svar(besvarelser: Path, slug: str) -> None:
    """One respondent of `slug` who had not made improvements now has."""
    with open(besvarelser, encoding="utf-8", newline="") as f:
        raekker = list(csv.reader(f))
    kol = {navn: i for i, navn in enumerate(raekker[0])}
    raekke = next(r for r in raekker[1:] if r[kol["speciale"]] == slug and r[kol["forbedringer"]] == "Nej")
    raekke[kol["forbedringer"]] = "Ja"
    with open(besvarelser, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(raekker)


def tilfoej_saetning(tekst: Path, afsnit: str, saetning: str) -> None:
    linjer = tekst.read_text(encoding="utf-8").split("\n")
    i = linjer.index(f"## {afsnit}")
    slut = next((j for j in range(i + 1, len(linjer)) if linjer[j].startswith("## ")), len(linjer))
    while not linjer[slut - 1].strip():
        slut -= 1
    linjer.insert(slut, f"\n{saetning}")
    tekst.write_text("\n".join(linjer), encoding="utf-8")


@pytest.fixture(scope="module")
def kaede(quarto_koersler, tmp_path_factory) -> Kaede:
    site = quarto_koersler["site-fuldt"].vent()
    projekt = site.parent
    foer = tmp_path_factory.mktemp("foer") / "_site"
    shutil.copytree(site, foer)
    skift_et_svar(projekt / "data" / "besvarelser.csv", FULDT)
    tilfoej_saetning(projekt / "data" / "tekster" / "neurologi.md", "forbedringer", NY_SAETNING)
    koersel = QuartoKoersel(projekt, "-P", f"speciale:{FULDT}", navn="efter")
    efter = tmp_path_factory.mktemp("efter") / "_site"
    shutil.copytree(koersel.vent(), efter)
    uaendret = QuartoKoersel(projekt, navn="uaendret")
    return Kaede(projekt, foer, efter, koersel.udfoerte(), uaendret.vent(), uaendret.udfoerte())


def figur(tekst: str) -> str:
    return FORBEDRINGER.search(tekst).group(1)


def hovedtekst(sti: Path) -> str:
    return main_text(sti.read_text(encoding="utf-8"))


def test_one_changed_answer_changes_the_figure_on_the_specialtys_page(kaede):
    side = f"reports/{FULDT}.html"
    assert figur(hovedtekst(kaede.foer / side)) != figur(hovedtekst(kaede.efter / side))


def test_one_changed_answer_changes_the_figure_on_the_p_sheet_in_html_and_pdf(kaede):
    for navn, laes in (("faktaark.html", hovedtekst), ("faktaark.pdf", pdf_tekst)):
        foer, efter = (figur(laes(site / "reports" / navn)) for site in (kaede.foer, kaede.efter))
        assert foer != efter == figur(hovedtekst(kaede.efter / "reports" / f"{FULDT}.html")), navn


def test_the_changed_editorial_text_shows_on_its_page_and_pdf(kaede):
    assert NY_SAETNING not in hovedtekst(kaede.foer / "reports" / "neurologi.html")
    assert NY_SAETNING in hovedtekst(kaede.efter / "reports" / "neurologi.html")
    assert NY_SAETNING in re.sub(r"\s+", " ", pdf_tekst(kaede.efter / "reports" / "neurologi.pdf"))


def test_the_second_render_executes_only_the_pages_whose_inputs_changed(kaede):
    # The answer feeds its sheet and the overview pages, the editorial text its sheet; the
    # template is executed every time (-P is not in what Quarto's freezer compares).
    assert sorted(set(kaede.udfoert)) == sorted(["aendringer", "faktaark", "index", FULDT, "neurologi", "revision"])
    assert not UROERTE & set(kaede.udfoert)


def test_the_pages_not_executed_again_are_still_published(kaede):
    for slug in UROERTE:
        for endelse in ("html", "pdf"):
            sti = f"reports/{slug}.{endelse}"
            assert (kaede.efter / sti).is_file(), sti
        assert hovedtekst(kaede.efter / f"reports/{slug}.html") == hovedtekst(kaede.foer / f"reports/{slug}.html")


def test_a_render_with_nothing_changed_executes_only_the_template(kaede):
    assert kaede.uaendret_udfoert == ["faktaark", "faktaark"]  # its page and its PDF


def test_the_render_with_nothing_changed_publishes_the_same_pages(kaede):
    for side in sorted(kaede.efter.rglob("*.html")):
        rel = side.relative_to(kaede.efter).as_posix()
        if rel != "reports/faktaark.html":  # now the neutral page
            assert hovedtekst(kaede.uaendret / rel) == hovedtekst(side), rel


def titel(side: Path) -> str:
    return re.search(r"<title>(.*?)</title>", side.read_text(encoding="utf-8")).group(1)


def test_the_neutral_pages_title_is_the_same_under_quarto_and_the_engine(kaede, site):
    assert titel(kaede.uaendret / "reports" / "faktaark.html") == titel(site / "reports" / "faktaark.html") == (
        "Faktaark for et valgt speciale – Klyngearbejdet i speciallægepraksis")


def test_quartos_freezer_holds_no_answer(kaede):
    """What Quarto keeps (_freeze/, .quarto/) is what the pages publish: no respondent's id or comment."""
    with open(kaede.projekt / "data" / "besvarelser.csv", encoding="utf-8", newline="") as f:
        raekker = list(csv.DictReader(f))
    spor = {r["respondent_id"] for r in raekker} | {r["kommentar"] for r in raekker if len(r["kommentar"]) > 20}
    filer = [p for mappe in ("_freeze", ".quarto") for p in (kaede.projekt / mappe).rglob("*") if p.is_file()]
    assert any(p.name == "html.json" for p in filer)
    fund = [f"{p.relative_to(kaede.projekt)}: {s}" for p in filer
            for tekst in [p.read_bytes().decode("utf-8", "replace")] for s in spor if s in tekst]
    assert fund == []


def frossen(projekt: Path, dok: str) -> bool:
    synlig, skjult, egen = frys.frosne_steder(projekt, dok)
    return (synlig / "execute-results").is_dir() or (skjult / "execute-results").is_dir() or egen.is_dir()


def test_a_change_to_the_klynge_source_leaves_every_page_to_execute(kaede, monkeypatch):
    # The pre-render step keys every page on the `klynge` source it imports; that source is the
    # checkout's (the documents import the same), so the change is made to its fingerprint.
    monkeypatch.setattr(frys, "kode_fingeraftryk", lambda: "klynge-kilden-er-aendret")
    frys.optoe(kaede.projekt)
    assert not [dok for dok in frys.dokumenter(kaede.projekt) if frossen(kaede.projekt, dok)]

