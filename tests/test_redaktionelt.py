"""Editorial texts (data/tekster/<speciale>.md) are Markdown prose: anything that would make
them more than prose, or a link out of the site, is refused with one line naming the file and
the line — by the sheet that reads the text and by `klynge check`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from klynge.data.redaktionelt import laes_tekster, link_problem
from klynge.fejl import DataFejl

NAVN = "data/tekster/reumatologi.md"
REPO = Path(__file__).resolve().parents[1]


def problemer(tmp_path: Path, tekst: str) -> list[str]:
    sti = tmp_path / "data" / "tekster" / "reumatologi.md"
    sti.parent.mkdir(parents=True, exist_ok=True)
    sti.write_text(tekst, encoding="utf-8")
    with pytest.raises(DataFejl) as info:
        laes_tekster(sti, NAVN)
    return [str(p) for p in info.value.problemer]


@pytest.mark.parametrize("linje, besked", [
    ("<script>alert(1)</script>", "raw HTML is not allowed"),
    ('Se <a href="https://ekvis.dk">her</a>.', "raw HTML is not allowed"),
    ("<!-- en kommentar -->", "raw HTML is not allowed"),
    ("```{=html}\n<iframe src=https://evil.example/></iframe>\n```", "raw HTML is not allowed"),
    ("```{=typst}\n#set page(width: 3cm)\n```", "raw Typst is not allowed"),
    ("`{=typst}#raw(read(\"/data/besvarelser.csv\"))`{=typst}", "raw Typst is not allowed"),
    ("```{python}\nimport os\n```", "code (`…`) is not allowed"),
    ("Værdi: `{python} 1 + 1`", "code (`…`) is not allowed"),
    ("```\nkode\n```", "a code block is not allowed"),
    ("{{< include ../README.md >}}", "a shortcode ({{< … >}}) is not allowed"),
    ("Kontakt @eKVIS for mere.", "a citation (@eKVIS) is not allowed"),
    ("Det koster $x$ kroner.", "math ($…$) is not allowed"),
    ("![billede](figur.png)", "an image is not allowed"),
    ("Tekst ![billede](figur.png) i linjen.", "an image is not allowed"),
    ("[skjult]{.content-hidden}", "a span or div with attributes"),
    ("::: {.content-visible}\ntekst\n:::", "a span or div with attributes"),
    ("[klik](https://ekvis.dk){onclick=alert(1)}", "a link with attributes is not allowed"),
    ("# Overskrift", "a heading is a '## <section>' line"),
    ("## To ord", "a heading is a '## <section>' line"),
    ("---\ntitle: x\n---", "a metadata block (--- … ---) is not allowed"),
    ("Se [rådata](../data/besvarelser.csv).", "a link to '../data/besvarelser.csv': a link may not climb out"),
    ("Se [rådata](data/besvarelser.csv).", "a link to 'data/besvarelser.csv': the data folder is never published"),
    ("[cache](.klynge-cache/manifest.json)", "hidden files and folders"),
    ("[fil](/etc/passwd)", "absolute paths are not allowed"),
    ("[fil](file:///etc/passwd)", "'file:' links are not allowed"),
    ("[klik](javascript:alert(1))", "'javascript:' links are not allowed"),
    ("<javascript:alert(1)>", "'javascript:' links are not allowed"),
])
def test_editorial_text_that_is_more_than_prose_is_refused_with_file_and_line(tmp_path, linje, besked):
    fundet = problemer(tmp_path, f"## engagement\nFørste linje er fin.\n\n{linje}\n")
    assert any(p.startswith(f"{NAVN}:4: ") and besked in p for p in fundet), fundet


def test_prose_with_emphasis_lists_quotes_and_web_links_is_accepted(tmp_path):
    sti = tmp_path / "data" / "tekster" / "reumatologi.md"
    sti.parent.mkdir(parents=True)
    sti.write_text("## gode-raad\n1. **Klare emner** og *god* stemning\n    - Brug [eKVIS](https://ekvis.dk) og "
                   "[neurologi](neurologi.html)\n\n> Et citat\n\n### Mindre overskrift\nSkriv til kontakt@ekvis.dk "
                   "eller [os](mailto:kontakt@ekvis.dk). Det koster 5 $ og \\@ er et tegn.\n", encoding="utf-8")
    tekster = laes_tekster(sti, NAVN)
    assert "**Klare emner**" in tekster["gode-raad"]


def test_every_committed_editorial_text_is_accepted():
    tekster = sorted((REPO / "data" / "tekster").glob("*.md"))
    assert tekster
    for sti in tekster:
        assert laes_tekster(sti, str(sti))


@pytest.mark.parametrize("url", ["https://ekvis.dk/klynger", "http://ekvis.dk", "mailto:a@b.dk",
                                 "https://ekvis.dk/side#afsnit", "neurologi.html", "neurologi.pdf"])
def test_links_to_the_web_and_to_the_sites_own_pages_are_allowed(url):
    assert link_problem(url) is None


@pytest.mark.parametrize("url", ["../data/besvarelser.csv", "data/besvarelser.csv", "./data/x.csv",
                                 "%2e%2e/data/besvarelser.csv", ".klynge-cache/manifest.json", "/etc/passwd",
                                 "C:/x", "..\\data\\x.csv", "file:///etc/passwd", "javascript:alert(1)",
                                 "JavaScript:alert(1)", "data:text/html,x", "//evil.example/x"])
def test_links_into_the_data_the_cache_or_out_of_the_site_are_refused(url):
    assert link_problem(url)


@pytest.mark.parametrize("url", ["#ingensteds", "#../data", "neurologi.html#afsnit", "_typst/typst-show.typ",
                                 "faktaark.qmd", "_faktaark.qmd", "faktaark.html", "_faktaark.html",
                                 "tabeller/neurologi/x.csv", "styles.css", ""])
def test_links_to_a_place_in_the_sheet_to_non_site_files_and_to_templates_are_refused(url):
    assert link_problem(url)


def test_klynge_check_refuses_an_in_page_anchor_with_file_and_line(datakopi):
    sti = datakopi / "tekster" / "neurologi.md"
    linjer = sti.read_text(encoding="utf-8").splitlines()
    nr = linjer.index("## gode-raad") + 2
    linjer.insert(nr - 1, "Se [afsnittet](#ingensteds).")
    sti.write_text("\n".join(linjer) + "\n", encoding="utf-8")
    r = check(datakopi)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [f"error: data/tekster/neurologi.md:{nr}: a link to '#ingensteds': a link to a "
                                     "place in the sheet (#…) is not allowed: its headings have no fixed names"]


def test_an_editorial_text_larger_than_the_cap_is_refused_before_it_is_parsed(tmp_path):
    sti = tmp_path / "data" / "tekster" / "reumatologi.md"
    sti.parent.mkdir(parents=True)
    sti.write_text("## engagement\n" + "Ord " * 30_000 + "\n", encoding="utf-8")
    with pytest.raises(DataFejl) as info:
        laes_tekster(sti, NAVN)
    assert [str(p) for p in info.value.problemer] == [
        f"{NAVN}: is 120 kB; an editorial text is a few paragraphs per section, at most 100 kB"]


def test_a_link_to_a_file_outside_the_data_folder_is_refused(tmp_path):
    tekster = tmp_path / "data" / "tekster"
    tekster.mkdir(parents=True)
    (tmp_path / "hemmelig.md").write_text("## engagement\nHemmeligt\n", encoding="utf-8")
    (tekster / "reumatologi.md").symlink_to(tmp_path / "hemmelig.md")
    with pytest.raises(DataFejl) as info:
        laes_tekster(tekster / "reumatologi.md", NAVN)
    assert [str(p) for p in info.value.problemer] == [
        f"{NAVN}: is a link to {tmp_path / 'hemmelig.md'}, outside data/; editorial text must be a file in the "
        "data folder"]


def test_a_dangling_link_is_no_text(tmp_path):
    tekster = tmp_path / "data" / "tekster"
    tekster.mkdir(parents=True)
    (tekster / "reumatologi.md").symlink_to(tmp_path / "findes-ikke.md")
    assert laes_tekster(tekster / "reumatologi.md", NAVN) == {}


def test_a_folder_where_the_text_should_be_is_refused(tmp_path):
    sti = tmp_path / "data" / "tekster" / "reumatologi.md"
    sti.mkdir(parents=True)
    with pytest.raises(DataFejl, match="is a folder; editorial text must be a Markdown file"):
        laes_tekster(sti, NAVN)


def test_a_text_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    sti = tmp_path / "data" / "tekster" / "reumatologi.md"
    sti.parent.mkdir(parents=True)
    sti.write_bytes("## engagement\nGodt\nM\u00f8de\n".encode("latin-1"))
    with pytest.raises(DataFejl, match=r"reumatologi\.md:3: file is not UTF-8"):
        laes_tekster(sti, NAVN)


# ---------------------------------------------------------------- klynge check


def check(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "klynge", "check", "--data", str(data)], capture_output=True,
                          text=True, encoding="utf-8", timeout=300)


def test_klynge_check_reads_the_editorial_texts(datakopi):
    sti = datakopi / "tekster" / "neurologi.md"
    sti.write_text(sti.read_text(encoding="utf-8") + "\n## ukendt\nKontakt @eKVIS.\n\nOgså 50 pct. er for mange.\n",
                   encoding="utf-8")
    linjer = len(sti.read_text(encoding="utf-8").splitlines())
    ud = check(datakopi)
    assert ud.returncode == 1 and "Traceback" not in ud.stderr
    fejl = ud.stderr.splitlines()
    assert f"error: data/tekster/neurologi.md:{linjer - 3}: unknown section 'ukendt' (known: engagement, " \
           "forventninger, data, forbedringer, fokus, kommentarer, gode-raad)" in fejl
    assert any(l.startswith(f"error: data/tekster/neurologi.md:{linjer - 2}: a citation (@eKVIS)") for l in fejl)
    assert f"error: data/tekster/neurologi.md:{linjer}: editorial text states a percentage; figures come from " \
           "the data" in fejl


def test_klynge_check_refuses_a_folder_and_a_stray_file_in_tekster(datakopi):
    (datakopi / "tekster" / "paediatri.md").unlink()
    (datakopi / "tekster" / "paediatri.md").mkdir()
    (datakopi / "tekster" / "reumatolgi.md").write_text("## engagement\nTastefejl i navnet\n", encoding="utf-8")
    ud = check(datakopi)
    assert ud.returncode == 1 and "Traceback" not in ud.stderr
    assert "error: data/tekster/paediatri.md: is a folder; editorial text must be a Markdown file" in ud.stderr
    assert "error: data/tekster/reumatolgi.md: is not the text of a specialty" in ud.stderr


def test_klynge_check_refuses_a_link_out_of_the_project(datakopi, tmp_path):
    udenfor = tmp_path / "udenfor.md"
    udenfor.write_text("root:x:0:0:root:/root:/bin/bash\n" * 40, encoding="utf-8")
    (datakopi / "tekster" / "reumatologi.md").unlink()
    os.symlink(udenfor, datakopi / "tekster" / "reumatologi.md")
    ud = check(datakopi)
    assert ud.returncode == 1
    assert ud.stderr.splitlines() == [f"error: data/tekster/reumatologi.md: is a link to {udenfor}, outside data/; "
                                      "editorial text must be a file in the data folder"]


def test_klynge_render_refuses_a_link_out_of_the_project_before_any_page_comes_from_its_cache(tmp_path):
    from site_hjaelp import kopier_projekt

    projekt = kopier_projekt(tmp_path / "projekt")
    tekst = projekt / "data" / "tekster" / "reumatologi.md"
    udenfor = tmp_path / "udenfor.md"
    udenfor.write_bytes(tekst.read_bytes())  # the same content: the cache key would not change
    tekst.unlink()
    os.symlink(udenfor, tekst)
    ud = subprocess.run([sys.executable, "-m", "klynge", "render"], cwd=projekt, capture_output=True, text=True,
                        timeout=300)
    assert ud.returncode == 1
    assert ud.stderr.splitlines() == [f"error: data/tekster/reumatologi.md: is a link to {udenfor}, outside data/; "
                                      "editorial text must be a file in the data folder"]
    assert not (projekt / "_site").exists()


def test_a_typst_error_is_reported_against_the_editorial_line_it_came_from(tmp_path):
    from klynge.byg.bygning import redaktionel_kilde

    tekster = tmp_path / "data" / "tekster"
    tekster.mkdir(parents=True)
    (tekster / "neurologi.md").write_text("## gode-raad\nGode møder kræver forberedelse.\n\nSe [afsnittet om "
                                          "møder](#ingensteds) her.\n", encoding="utf-8")
    besked = ("reports/neurologi.qmd: typst: label `<ingensteds>` does not exist in the document "
              "[source line: Se #link(<ingensteds>)[afsnittet om møder] her.]")
    assert redaktionel_kilde(tmp_path, besked) == "data/tekster/neurologi.md:4"
    assert redaktionel_kilde(tmp_path, "reports/neurologi.qmd: typst: something [source line: #set page(x)]") is None


def test_a_typst_error_quotes_the_source_line_it_stopped_at(tmp_path):
    from klynge.render import convert

    with pytest.raises(convert.ConvertError) as info:
        convert.typst_to_pdf("Hej\n\nSe #link(<nope>)[afsnittet] her.\n", doc_dir=tmp_path, root=tmp_path,
                             pdf_path=tmp_path / "x.pdf")
    assert str(info.value).endswith("[source line: Se #link(<nope>)[afsnittet] her.]")
