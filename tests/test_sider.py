"""`klynge pages` makes one page per specialty from the template. It may change only the pages it
made, only for valid data, and a page's front matter must hold any specialty name."""

from __future__ import annotations

from klynge.ark.undslip import markdown
from klynge.render.convert import first_heading

import subprocess
import sys
from pathlib import Path

import pytest

from klynge.byg.sider import MAERKE, side, specialer, synkroniser_sider
from klynge.fejl import DataFejl
from klynge.render.qmd import split_front_matter
from site_hjaelp import kopier_projekt


@pytest.fixture
def projekt(tmp_path) -> Path:
    return kopier_projekt(tmp_path / "p")


def sider(projekt: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "klynge", "pages", "--project", str(projekt)], capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def tilfoej_speciale(projekt: Path, slug: str) -> None:
    with open(projekt / "data" / "specialer.csv", "a", encoding="utf-8") as f:
        f.write(f"{slug},Fakta,faktalæger,10\n")


def sidernes_indhold(projekt: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((projekt / "reports").glob("*.qmd"))}


@pytest.mark.parametrize("navn", ['Reuma "citat" \\ skråstreg', "Reuma\nlinje2", "Reuma\x00nul", "Reuma: # ikke en kommentar",
                                  "Reuma\u2028skille\x85næste", "{ikke: yaml}", "- liste"])
def test_the_page_title_holds_any_specialty_name(navn):
    skabelon = (Path(__file__).resolve().parents[1] / "reports" / "faktaark.qmd").read_text(encoding="utf-8")
    front, _ = split_front_matter(side(skabelon, "reumatologi", navn))
    assert front["pagetitle"] == f"Klyngearbejdet i {markdown(navn)}"


@pytest.mark.parametrize("navn", ["Reuma *stjerner* `kode` _x_", "Reuma <img src=x> $x$ @ref [k](data/x.csv)"])
def test_the_page_title_reads_as_the_name_itself_not_as_markdown(navn):
    import pypandoc

    skabelon = (Path(__file__).resolve().parents[1] / "reports" / "faktaark.qmd").read_text(encoding="utf-8")
    front, _ = split_front_matter(side(skabelon, "reumatologi", navn))
    assert pypandoc.convert_text(front["pagetitle"], "plain", format="markdown").strip() == f"Klyngearbejdet i {navn}"
    assert first_heading(f"# {front['pagetitle']}") == f"Klyngearbejdet i {navn}"


@pytest.mark.parametrize("slug", ["faktaark", "index", "revision"])
def test_a_slug_that_is_the_name_of_another_page_is_refused(projekt, slug):
    tilfoej_speciale(projekt, slug)
    with pytest.raises(DataFejl) as info:
        specialer(projekt / "data")
    assert str(info.value).startswith(f"data/specialer.csv:7: column 'speciale': '{slug}' is the name of another "
                                      "page of the site")


def test_klynge_sider_never_writes_over_the_template(projekt):
    foer = sidernes_indhold(projekt)
    tilfoej_speciale(projekt, "faktaark")
    ud = sider(projekt)
    assert ud.returncode == 1 and "Traceback" not in ud.stderr
    assert ud.stderr.strip().startswith("error: data/specialer.csv:7: column 'speciale': 'faktaark' is the name")
    assert sidernes_indhold(projekt) == foer


def test_klynge_sider_never_writes_over_a_page_it_did_not_make(projekt):
    egen = projekt / "reports" / "noter.qmd"
    egen.write_text("# Mine noter\n", encoding="utf-8")
    tilfoej_speciale(projekt, "noter")
    assert sider(projekt).returncode == 1
    assert egen.read_text(encoding="utf-8") == "# Mine noter\n"


@pytest.mark.parametrize("indhold", ["", "speciale,navn,flertal,population\n"], ids=["empty", "header-only"])
def test_an_empty_specialer_csv_removes_no_pages(projekt, indhold):
    foer = sidernes_indhold(projekt)
    (projekt / "data" / "specialer.csv").write_text(indhold, encoding="utf-8")
    ud = sider(projekt)
    assert ud.returncode == 1 and "Traceback" not in ud.stderr
    assert ud.stderr.splitlines() == [f"error: data/specialer.csv: file {'is empty' if not indhold else 'has a header but no rows'}"]
    assert sidernes_indhold(projekt) == foer


def test_pages_change_only_when_the_data_are_valid(projekt):
    foer = sidernes_indhold(projekt)
    raekker = (projekt / "data" / "specialer.csv").read_text(encoding="utf-8").splitlines()
    (projekt / "data" / "specialer.csv").write_text("\n".join(r for r in raekker if not r.startswith("paediatri"))
                                                    + "\n", encoding="utf-8")
    # paediatri's clusters and answers are still in the data: the data are not valid
    ud = sider(projekt)
    assert ud.returncode == 1 and "error: data/klynger.csv:10: column 'speciale': 'paediatri'" in ud.stderr
    assert sidernes_indhold(projekt) == foer


def test_a_page_of_a_removed_specialty_is_removed_when_the_data_are_valid(projekt):
    with open(projekt / "data" / "specialer.csv", encoding="utf-8") as f:
        raekker = f.read().splitlines()
    # A specialty with no clusters and no answers, then taken out again.
    (projekt / "data" / "specialer.csv").write_text("\n".join(raekker) + "\nekstra,Ekstra,ekstralæger,0\n",
                                                    encoding="utf-8")
    (projekt / "reports" / "ekstra.qmd").write_text(f"{MAERKE}\n", encoding="utf-8")
    (projekt / "data" / "specialer.csv").write_text("\n".join(raekker) + "\n", encoding="utf-8")
    assert synkroniser_sider(projekt) == ["removed reports/ekstra.qmd"]


def test_a_broken_template_is_one_line_without_a_traceback(projekt):
    skabelon = projekt / "reports" / "faktaark.qmd"
    skabelon.write_text(skabelon.read_text(encoding="utf-8").replace("#| tags: [parameters]\n", ""), encoding="utf-8")
    (projekt / "reports" / "reumatologi.qmd").unlink()
    ud = sider(projekt)
    assert ud.returncode == 1
    assert ud.stderr.splitlines() == ["error: reports/faktaark.qmd: must have exactly one cell tagged parameters"]
