"""The PDFs a specialty society files and a screen reader reads: PDF/UA-1 (and PDF/A-2 for
archiving), with title, author, subject and language, alt text on every figure, headings that
nest. Read with pikepdf from the built-in engine's site, and from Quarto's where it is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from klynge.data.indlaes import indlaes
from site_hjaelp import ROD

pikepdf = pytest.importorskip("pikepdf")

U = indlaes(ROD / "data")
SLUGS = [s.slug for s in U.specialer]
NAVNE = {s.slug: s.navn for s in U.specialer}


@pytest.fixture(scope="module", params=["klynge", pytest.param("quarto", marks=pytest.mark.quarto)])
def pdfer(request) -> dict[str, Path]:
    """Every sheet's PDF, by slug, from the built-in engine's build and from Quarto's."""
    site = request.getfixturevalue("site" if request.param == "klynge" else "quarto_site")
    return {slug: site / "reports" / f"{slug}.pdf" for slug in SLUGS}


def struktur(sti: Path) -> list[tuple[str, str | None]]:
    """(tag, alt text) of the structure elements, in reading order."""
    ud = []

    def gaa(node):
        if isinstance(node, pikepdf.Array):
            for barn in node:
                gaa(barn)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                alt = node.get("/Alt")
                ud.append((str(node["/S"])[1:], str(alt) if alt is not None else None))
            if "/K" in node:
                gaa(node["/K"])

    with pikepdf.open(sti) as pdf:
        gaa(pdf.Root.StructTreeRoot)
    return ud


def test_build_makes_a_pdf_for_every_specialty(pdfer):
    assert all(sti.is_file() for sti in pdfer.values())


@pytest.mark.parametrize("slug", SLUGS)
def test_every_pdf_claims_pdf_ua_1(pdfer, slug):
    with pikepdf.open(pdfer[slug]) as pdf, pdf.open_metadata() as meta:
        assert meta.get("pdfuaid:part") == "1"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_pdf_claims_pdf_a_2a_for_archiving(pdfer, slug):
    with pikepdf.open(pdfer[slug]) as pdf, pdf.open_metadata() as meta:
        assert meta.get("pdfaid:part") == "2" and meta.get("pdfaid:conformance") == "A"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_pdf_is_titled_with_its_sheet_and_a_draft_says_so(pdfer, slug):
    titel = ("Udkast: " if U.indstillinger.rekonstrueret else "") + f"Klyngearbejdet i {NAVNE[slug]}"
    with pikepdf.open(pdfer[slug]) as pdf, pdf.open_metadata() as meta:
        assert meta.get("dc:title") == titel
        assert str(pdf.docinfo.get("/Title")) == titel


@pytest.mark.parametrize("slug", SLUGS)
def test_every_pdf_names_its_author_from_the_settings_and_a_draft_is_not_ekvis_publication(pdfer, slug):
    with pikepdf.open(pdfer[slug]) as pdf:
        assert str(pdf.docinfo.get("/Author")) == U.indstillinger.pdf_forfatter == "klynge (udkast på rekonstruerede svar – ikke udgivet)"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_pdf_has_a_subject_naming_its_specialty(pdfer, slug):
    with pikepdf.open(pdfer[slug]) as pdf:
        assert NAVNE[slug] in str(pdf.docinfo.get("/Subject", ""))


@pytest.mark.parametrize("slug", SLUGS)
def test_every_pdf_is_in_danish_as_written_in_denmark(pdfer, slug):
    with pikepdf.open(pdfer[slug]) as pdf:
        assert str(pdf.Root.get("/Lang")) == "da-DK"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_figure_in_the_pdf_has_alt_text_with_figures(pdfer, slug):
    figurer = [alt for tag, alt in struktur(pdfer[slug]) if tag == "Figure"]
    assert len(figurer) == 5
    assert all(alt and "pct." in alt for alt in figurer)


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_headings_have_one_h1_and_skip_no_level(pdfer, slug):
    niveauer = [int(tag[1:]) for tag, _ in struktur(pdfer[slug]) if tag[:1] == "H" and tag[1:].isdigit()]
    assert niveauer.count(1) == 1 and niveauer[0] == 1
    assert all(b - a <= 1 for a, b in zip(niveauer, niveauer[1:]))


def test_the_pdf_date_is_source_date_epoch_where_it_is_set(tmp_path, monkeypatch):
    from klynge.render import convert

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1774915200")  # 31 March 2026, 00:00 UTC
    convert.typst_to_pdf('#set document(title: "T")\n#set text(lang: "da")\nHej', doc_dir=tmp_path, root=tmp_path,
                         pdf_path=tmp_path / "t.pdf", standards=["ua-1", "a-2a"])
    with pikepdf.open(tmp_path / "t.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20260331000000")


def test_typst_refuses_a_pdf_ua_document_with_an_image_without_alt_text(tmp_path):
    from klynge.render import convert

    (tmp_path / "d.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', encoding="utf-8")
    with pytest.raises(convert.ConvertError, match="alt"):
        convert.typst_to_pdf('#set document(title: "T")\n#image("d.svg")', doc_dir=tmp_path, root=tmp_path,
                             pdf_path=tmp_path / "t.pdf", standards=["ua-1"])


FONTS = ROD / "reports" / "_typst" / "fonts"


def indlejrede_skrifter(sti: Path) -> set[str]:
    """The embedded fonts' names without the subset tag (``ABCDEF+``)."""
    with pikepdf.open(sti) as pdf:
        return {str(o.FontName).split("+", 1)[-1] for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"}


@pytest.mark.parametrize("slug", SLUGS)
def test_every_pdf_embeds_only_the_projects_own_font(pdfer, slug):
    assert {navn.split("-Identity")[0] for navn in indlejrede_skrifter(pdfer[slug])} \
        <= {"SourceSans3-Regular", "SourceSans3-Bold", "SourceSans3-It"}


def test_the_pdf_is_the_same_whatever_fonts_the_machine_has(tmp_path):
    """With the project's font path first, a machine without any installed font (only Python)
    makes the same PDF, byte for byte, as one with all of them (this one has Liberation Sans,
    which Chromium brings)."""
    import typst

    (tmp_path / "ark.typ").write_text(
        '#import "typst-template.typ": faktaark\n'
        '#show: doc => faktaark(title: [Prøve], lang: "da", region: "DK", doc)\n'
        "= Klyngearbejdet i Pædiatri\n\nÆblegrød, øl og ål: *fed* og _kursiv_ tekst.\n",
        encoding="utf-8")
    (tmp_path / "typst-template.typ").write_bytes((ROD / "reports" / "_typst" / "typst-template.typ").read_bytes())
    pdfer = []
    for uden_system in (False, True):
        ud = tmp_path / f"ark-{uden_system}.pdf"
        typst.compile(str(tmp_path / "ark.typ"), output=str(ud), font_paths=[str(FONTS)],
                      ignore_system_fonts=uden_system, timestamp=0)
        pdfer.append(ud.read_bytes())
    assert pdfer[0] == pdfer[1]
    assert {n.split("-Identity")[0] for n in indlejrede_skrifter(tmp_path / "ark-False.pdf")} == \
        {"SourceSans3-Regular", "SourceSans3-Bold", "SourceSans3-It"}


def test_the_projects_font_carries_its_licence():
    assert "SIL Open Font License, Version 1.1" in (FONTS / "LICENSE").read_text(encoding="utf-8")
