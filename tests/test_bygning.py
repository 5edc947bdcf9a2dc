"""Builds with the built-in engine: byte-reproducible, and the cache re-renders exactly what a
change touches — never less (a changed answer is always re-rendered), never more."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from klynge.byg.bygning import byg_med_motor
from klynge.byg.sider import specialer
from delt_bygning import skrivbar_kopi
from site_hjaelp import PDF_DATO, html_tekst, kopier_projekt

ARK = {f"reports/{slug}.qmd" for slug in ("neurologi", "reumatologi", "paediatri", "gynaekologi", "anaestesiologi")}
OVERBLIK = {"index.qmd", "revision.qmd", "aendringer.qmd"}
# The template: in the render list, a page listing the specialties unless -P names one.
SKABELON = "reports/faktaark.qmd"


def byg(projekt: Path, **kw):
    slugs = {s for s, _ in specialer(projekt / "data")}
    return byg_med_motor(projekt, slugs, progress=lambda _: None, **kw)


def filindhold(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", autouse=True)
def fast_pdf_dato():
    """PDF/A requires a date in the PDF; a fixed one (as reproducible builds set it, and as the
    shared `site` was built with) keeps two builds identical even across midnight."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", PDF_DATO)
        yield


@pytest.fixture(scope="module")
def projekt(site, tmp_path_factory, fast_pdf_dato) -> Path:
    """A built project whose data, documents and cache the tests below change: a writable copy of
    the session's shared build (conftest.py's `site`: built once by `klynge render`'s engine with
    the cache), its build cache and `_site/` included. Each test builds first, so it starts from
    whatever the previous one left, in any order."""
    return skrivbar_kopi(site.parent, tmp_path_factory.mktemp("cache") / "projekt")


@pytest.fixture(scope="module")
def foerste_site(site) -> dict[str, bytes]:
    """The files of the first build (the shared one, read-only: no test changes them)."""
    return filindhold(site)


def test_two_builds_from_the_same_inputs_are_byte_identical(foerste_site, tmp_path):
    """Must build: a second build from scratch, in another folder, to compare with the first."""
    anden = kopier_projekt(tmp_path)
    byg(anden, tving=True)
    assert filindhold(anden / "_site") == foerste_site


def test_the_site_has_html_pdf_and_svg_files_to_compare(foerste_site):
    endelser = {Path(f).suffix for f in foerste_site}
    assert {".html", ".pdf", ".svg", ".csv"} <= endelser


def test_an_unchanged_build_executes_nothing(site, tmp_path):
    projekt = skrivbar_kopi(site.parent, tmp_path / "projekt")  # as the first build left it
    resultat = byg(projekt)
    assert resultat.executed == ()
    assert set(resultat.reused) == ARK | OVERBLIK | {SKABELON}


def test_a_changed_answer_rerenders_its_specialty_and_the_overview_pages_only(projekt):
    byg(projekt)
    besvarelser = projekt / "data" / "besvarelser.csv"
    with open(besvarelser, encoding="utf-8", newline="") as f:
        raekker = list(csv.DictReader(f))
    raekke = next(r for r in raekker if r["speciale"] == "reumatologi" and r["forbedringer"] == "Nej")
    raekke["forbedringer"] = "Ja"  # 26 of 48 said yes (54 pct.); now 27 (56 pct.)
    with open(besvarelser, "w", encoding="utf-8", newline="") as f:
        skriver = csv.DictWriter(f, fieldnames=list(raekker[0]), lineterminator="\n")
        skriver.writeheader()
        skriver.writerows(raekker)
    resultat = byg(projekt)
    assert set(resultat.executed) == {"reports/reumatologi.qmd"} | OVERBLIK
    # 56 pct. is not the published 54, so it carries the mark of a constructed figure.
    assert "56 pct.† af respondenterne har som følge af klyngemøderne" in html_tekst(
        projekt / "_site" / "reports" / "reumatologi.html")


def test_a_changed_editorial_text_rerenders_only_its_specialty(projekt):
    byg(projekt)
    tekst = projekt / "data" / "tekster" / "neurologi.md"
    tekst.write_text(tekst.read_text(encoding="utf-8") + "\nEn ny sætning om kommentarerne.\n", encoding="utf-8")
    resultat = byg(projekt)
    assert resultat.executed == ("reports/neurologi.qmd",)
    assert "En ny sætning om kommentarerne." in html_tekst(projekt / "_site" / "reports" / "neurologi.html")


def test_a_changed_template_rerenders_every_sheet_but_not_the_overview_pages(projekt):
    byg(projekt)
    krop = projekt / "reports" / "_faktaark.qmd"
    krop.write_text(krop.read_text(encoding="utf-8") + "\nAfsluttende bemærkning.\n", encoding="utf-8")
    assert set(byg(projekt).executed) == ARK


def test_a_changed_parameter_rerenders_the_parameterised_document(projekt):
    # The template is in the render list: like Quarto, the engine writes it into the site.
    skabelon = [SKABELON]
    byg(projekt, filer=skabelon, params={"speciale": "neurologi"})
    assert "Klyngearbejdet i Neurologi" in html_tekst(projekt / "_site" / "reports" / "faktaark.html")
    assert byg(projekt, filer=skabelon, params={"speciale": "paediatri"}).executed == (SKABELON,)
    assert "Klyngearbejdet i Pædiatri" in html_tekst(projekt / "_site" / "reports" / "faktaark.html")
    assert byg(projekt, filer=skabelon, params={"speciale": "paediatri"}).executed == ()
    assert not (projekt / "reports" / "faktaark.html").exists()


def test_a_changed_editorial_text_rerenders_the_template_that_shows_its_specialty(projekt):
    byg(projekt, filer=[SKABELON], params={"speciale": "neurologi"})
    tekst = projekt / "data" / "tekster" / "neurologi.md"
    tekst.write_text(tekst.read_text(encoding="utf-8") + "\nEndnu en sætning om kommentarerne.\n", encoding="utf-8")
    assert byg(projekt, filer=[SKABELON], params={"speciale": "neurologi"}).executed == (SKABELON,)
    assert "Endnu en sætning om kommentarerne." in html_tekst(projekt / "_site" / "reports" / "faktaark.html")


def test_force_executes_everything(projekt):
    byg(projekt)
    assert set(byg(projekt, tving=True).executed) == ARK | OVERBLIK | {SKABELON}


# Last of the tests that build `projekt`: it leaves a cache made by "another version", so a test
# after it would start by executing everything again (correct in any order, only slower).
def test_changed_klynge_code_rerenders_everything(projekt):
    byg(projekt)
    assert set(byg(projekt, kode="en anden version af klynge").executed) == ARK | OVERBLIK | {SKABELON}


def test_klynge_render_refuses_an_inline_expression_quarto_would_print_as_code(tmp_path, capsys):
    from klynge.cli import main

    projekt = kopier_projekt(tmp_path)
    krop = projekt / "reports" / "_faktaark.qmd"
    tekst = krop.read_text(encoding="utf-8")
    assert "`{python} ark.svarprocent`\n" in tekst
    krop.write_text(tekst.replace("`{python} ark.svarprocent`\n",
                                  "`{python} ark.svarprocent``{python} ark.medlemsnote`\n"), encoding="utf-8")
    linje = 1 + krop.read_text(encoding="utf-8")[: krop.read_text(encoding="utf-8").index("``{python} ark.medlemsnote")].count("\n")
    kode = main(["render", "--specialty", "reumatologi", "--project", str(projekt)])
    fejl = capsys.readouterr().err.strip().splitlines()
    assert kode == 1
    assert fejl == [f"error: reports/_faktaark.qmd:{linje}: inline expression `{{python}} ark.medlemsnote` follows "
                    "another inline expression with nothing between them, so Quarto prints it as code"]
