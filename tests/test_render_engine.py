"""Tests for the built-in Quarto-subset render engine (klynge.render).

Each test builds a tiny Quarto project in tmp_path; rendering runs a real
Jupyter kernel, pandoc and Typst, so the project is rendered once per module
where possible.
"""

from __future__ import annotations

import os
import re

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from klynge.render import RenderError, render_project
from klynge.render.qmd import expand_includes, find_inline_expressions, parse_cells, split_front_matter
from klynge.render.site import document_settings, render_list
from site_hjaelp import pdf_tekst

REPO = Path(__file__).resolve().parents[1]


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def make_project(root: Path) -> Path:
    write(root / "_quarto.yml", """
        project:
          type: website
          output-dir: _site
          render:
            - index.qmd
            - reports/*.qmd
            - "!reports/skabelon.qmd"
        lang: da
        website:
          title: "Testprojekt"
          navbar:
            left:
              - href: index.qmd
                text: Oversigt
        execute:
          echo: false
          warning: false
        format:
          html:
            css: styles.css
    """)
    shutil.copyfile(REPO / "styles.css", root / "styles.css")
    shutil.copytree(REPO / "reports" / "_typst", root / "reports" / "_typst")
    write(root / "index.qmd", """
        ---
        format: html
        ---

        # Forside

        Se [rapporten](reports/rapport.qmd).
    """)
    write(root / "reports" / "_metadata.yml", """
        format:
          html: default
          typst:
            template-partials:
              - _typst/typst-template.typ
              - _typst/typst-show.typ
    """)
    write(root / "reports" / "_krop.qmd", """
        ```{python}
        #| output: asis
        print(f"# Faktaark for {speciale}")
        ```

        Antal svar: `{python} antal` og speciale `{python} speciale.upper()`.

        ```{python}
        #| output: asis
        from pathlib import Path
        Path("figurer").mkdir(exist_ok=True)
        Path("figurer/soejle.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120">'
            '<rect x="10" y="10" width="300" height="100" fill="#1b3a6b"/></svg>'
        )
        print("![Søjlediagram over svarene](figurer/soejle.svg)")
        ```

        ## Tal

        | Svar | Andel |
        |------|------:|
        | Ja   | 48 %  |
    """)
    write(root / "reports" / "rapport.qmd", """
        ---
        date: "1. marts 2026"
        ---

        ```{python}
        #| tags: [parameters]
        speciale = "neurologi"
        antal = 40
        ```

        {{< include _krop.qmd >}}
    """)
    write(root / "reports" / "skabelon.qmd", """
        ```{python}
        speciale = "ingen"
        antal = 0
        ```

        {{< include _krop.qmd >}}
    """)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A small project of the engine's own (not klynge's site), rendered once for the tests that
    read it."""
    project = make_project(tmp_path_factory.mktemp("projekt"))
    lines: list[str] = []
    render_project(project, progress=lines.append)
    (project / "progress.txt").write_text("\n".join(lines), encoding="utf-8")
    return project / "_site"


# ---------------------------------------------------------------- parsing


def test_front_matter_is_split_from_the_body():
    front, body = split_front_matter("---\ntitle: X\n---\n\nTekst\n")
    assert front == {"title": "X"} and body.strip() == "Tekst"


def test_cells_carry_their_hash_pipe_options_and_numbers():
    chunks = parse_cells("Tekst\n\n```{python}\n#| echo: true\n#| tags: [parameters]\nx = 1\n```\n\n```python\nnot run\n```\n")
    cells = [c for c in chunks if hasattr(c, "options")]
    assert len(cells) == 1
    assert cells[0].options == {"echo": True, "tags": ["parameters"]}
    assert cells[0].source == "x = 1" and cells[0].number == 1


def test_inline_expressions_inside_code_fences_are_ignored():
    text = "A `{python} x` B\n\n```\n`{python} y`\n```\n"
    assert [m.group(1) for m in find_inline_expressions(text)] == ["x"]


def test_includes_resolve_relative_to_the_main_document(tmp_path):
    write(tmp_path / "doc" / "_a.qmd", "A\n{{< include sub/_b.qmd >}}\n")
    write(tmp_path / "doc" / "sub" / "_b.qmd", "B\n")
    write(tmp_path / "_c.qmd", "C\n")
    text = expand_includes("{{< include _a.qmd >}}\n{{< include /_c.qmd >}}\n", tmp_path / "doc", tmp_path)
    assert text == "A\nB\nC\n"


def test_render_list_follows_globs_and_exclusions(tmp_path):
    project = make_project(tmp_path)
    config = yaml.safe_load((project / "_quarto.yml").read_text())
    assert render_list(project, config) == ["index.qmd", "reports/rapport.qmd"]


def test_document_format_replaces_the_project_format_but_keeps_its_options(tmp_path):
    project = make_project(tmp_path)
    config = yaml.safe_load((project / "_quarto.yml").read_text())
    settings = document_settings(project, config, {}, "reports/rapport.qmd")
    assert set(settings.formats) == {"html", "typst"}
    assert settings.formats["html"]["css"] == "styles.css"
    assert settings.metadata["lang"] == "da" and settings.execute["echo"] is False


# ---------------------------------------------------------------- rendering


def test_full_render_writes_html_and_pdf_and_resources(site):
    assert (site / "index.html").is_file()
    assert (site / "reports" / "rapport.html").is_file()
    assert (site / "reports" / "rapport.pdf").is_file()
    assert (site / "reports" / "figurer" / "soejle.svg").is_file()
    assert (site / "styles.css").is_file()
    assert not (site / "reports" / "skabelon.html").exists()
    assert not list(site.parent.glob("_site.tmp-*"))


def test_progress_names_each_document_and_its_formats(site):
    # Documents render in parallel, so the lines come in the order the documents finish.
    linjer = (site.parent / "progress.txt").read_text(encoding="utf-8").splitlines()
    assert any(re.fullmatch(r"\[[12]/2\] reports/rapport\.qmd … html, pdf \(\d+\.\d s\)", l) for l in linjer)
    assert any(re.fullmatch(r"\[[12]/2\] index\.qmd … html \(\d+\.\d s\)", l) for l in linjer)
    assert sorted(l[:5] for l in linjer if l.startswith("[")) == ["[1/2]", "[2/2]"]


def test_html_page_has_navbar_lang_and_pdf_link(site):
    page = (site / "reports" / "rapport.html").read_text(encoding="utf-8")
    assert ' lang="da"' in page.split(">", 2)[1]
    assert 'href="../index.html"' in page and "Oversigt" in page
    assert "Andre formater" in page and 'href="rapport.pdf"' in page
    assert 'href="../styles.css"' in page
    assert "<title>Faktaark for neurologi – Testprojekt</title>" in page


def test_qmd_links_point_to_the_rendered_pages(site):
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="reports/rapport.html"' in page
    assert "Andre formater" not in page  # html-only document


def test_asis_output_and_inline_results_reach_the_page(site):
    page = (site / "reports" / "rapport.html").read_text(encoding="utf-8")
    assert "<h1" in page and "Faktaark for neurologi</h1>" in page
    assert "Antal svar: 40 og speciale NEUROLOGI." in page
    assert '<img src="figurer/soejle.svg"' in page and "Søjlediagram over svarene" in page


def test_pdf_text_contains_the_inline_result(site):
    text = pdf_tekst(site / "reports" / "rapport.pdf")
    assert "Faktaark for neurologi" in text
    assert "Antal svar: 40 og speciale NEUROLOGI." in text
    assert "1. marts 2026" in text


def test_params_are_injected_after_the_parameters_cell(tmp_path):
    project = make_project(tmp_path)
    render_project(project, files=["reports/rapport.qmd"], params={"speciale": "reumatologi", "antal": "52"},
                   progress=lambda _: None)
    page = (project / "_site" / "reports" / "rapport.html").read_text(encoding="utf-8")
    assert "Faktaark for reumatologi" in page and "Antal svar: 52 og" in page


def test_params_are_dropped_when_there_is_no_parameters_cell(tmp_path):
    project = make_project(tmp_path)
    render_project(project, files=["reports/skabelon.qmd"], params={"speciale": "reumatologi"},
                   progress=lambda _: None)
    # skabelon.qmd is outside the render list, so (as in Quarto) its page is written next to it.
    page = (project / "reports" / "skabelon.html").read_text(encoding="utf-8")
    assert "Faktaark for ingen" in page and "reumatologi" not in page


def test_rendering_one_file_keeps_the_other_pages(tmp_path):
    project = make_project(tmp_path)
    render_project(project, progress=lambda _: None)
    render_project(project, files=["index.qmd"], progress=lambda _: None)
    assert (project / "_site" / "reports" / "rapport.pdf").is_file()


def test_a_failing_cell_names_document_and_cell(tmp_path):
    project = make_project(tmp_path)
    write(project / "reports" / "fejl.qmd", """
        ```{python}
        x = 1
        ```

        ```{python}
        y = {"a": 1}
        y["b"]
        ```
    """)
    with pytest.raises(RenderError) as info:
        render_project(project, files=["reports/fejl.qmd"], progress=lambda _: None)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("reports/fejl.qmd: cell 2 (y = {\"a\": 1}) failed: KeyError")
    assert "'b'" in message


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    project = make_project(tmp_path)
    render_project(project, progress=lambda _: None)
    before = {p.relative_to(project / "_site"): p.read_bytes() for p in (project / "_site").rglob("*") if p.is_file()}
    write(project / "index.qmd", "# Ny forside\n\n```{python}\nraise ValueError('ødelagt')\n```\n")
    with pytest.raises(RenderError, match="index.qmd: cell 1 .*ValueError: ødelagt"):
        render_project(project, progress=lambda _: None)
    after = {p.relative_to(project / "_site"): p.read_bytes() for p in (project / "_site").rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob("_site.*"))


def test_pre_render_runs_with_quarto_environment_before_the_render_list_is_read(tmp_path):
    project = make_project(tmp_path)
    config = (project / "_quarto.yml").read_text(encoding="utf-8")
    write(project / "make_page.py", """
        import os, pathlib
        assert os.environ["QUARTO_PROJECT_RENDER_ALL"] == "1"
        assert os.environ["QUARTO_PROJECT_OUTPUT_DIR"] == "_site"
        pathlib.Path("reports/ny.qmd").write_text("# Ny side\\n", encoding="utf-8")
    """)
    (project / "_quarto.yml").write_text(config.replace("project:\n", "project:\n  pre-render: python make_page.py\n", 1),
                                         encoding="utf-8")
    render_project(project, progress=lambda _: None)
    assert (project / "_site" / "reports" / "ny.html").is_file()


def test_html_output_is_reproducible(tmp_path):
    project = make_project(tmp_path)
    render_project(project, progress=lambda _: None)
    first = {p.name: p.read_bytes() for p in (project / "_site" / "reports").iterdir() if p.is_file()}
    render_project(project, progress=lambda _: None)
    second = {p.name: p.read_bytes() for p in (project / "_site" / "reports").iterdir() if p.is_file()}
    assert first == second


def test_a_document_that_kills_its_worker_process_is_named_in_one_line(tmp_path):
    project = make_project(tmp_path)
    write(project / "reports" / "exit.qmd", "```{python}\nimport os\nos._exit(3)\n```\n")
    with pytest.raises(RenderError) as info:
        render_project(project, progress=lambda _: None, workers=2)
    message = str(info.value)
    assert "\n" not in message and "the Python process stopped unexpectedly (crashed or exited)" in message


def test_parallel_workers_tell_their_documents_their_share_of_the_cores(tmp_path):
    project = make_project(tmp_path)
    for name in ("a", "b"):
        write(project / "reports" / f"kerner-{name}.qmd", """
            ```{python}
            #| output: asis
            import os
            print(f"Kerner: {os.environ.get('PYTHON_CPU_COUNT')}")
            ```
        """)
    render_project(project, files=["reports/kerner-a.qmd", "reports/kerner-b.qmd"], progress=lambda _: None,
                   workers=2)
    share = max(1, (os.cpu_count() or 1) // 2)
    for name in ("a", "b"):
        assert f"Kerner: {share}" in (project / "_site" / "reports" / f"kerner-{name}.html").read_text(encoding="utf-8")


def test_a_py_pre_render_script_runs_with_the_engines_python(tmp_path):
    """As Quarto runs a `.py` project script with the documents' Python (QUARTO_PYTHON)."""
    import sys

    project = make_project(tmp_path)
    config = (project / "_quarto.yml").read_text(encoding="utf-8")
    write(project / "hvilken.py", """
        import pathlib, sys
        pathlib.Path("python.txt").write_text(sys.executable + " " + " ".join(sys.argv[1:]), encoding="utf-8")
    """)
    (project / "_quarto.yml").write_text(config.replace("project:\n", "project:\n  pre-render: hvilken.py pre\n", 1),
                                         encoding="utf-8")
    render_project(project, progress=lambda _: None)
    assert (project / "python.txt").read_text(encoding="utf-8") == f"{sys.executable} pre"


TYPST = """
    format:
      html: default
      typst:
        template-partials:
          - _typst/typst-template.typ
          - _typst/typst-show.typ
"""


@pytest.fixture(scope="module")
def titler(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("titler"))
    write(project / "reports" / "sidetitel.qmd", """
        ---
        pagetitle: "Sidens titel"
        jupyter: python3
        ---

        # Overskriften
    """)
    write(project / "reports" / "trykt.qmd", '---\npagetitle: "Statisk titel"\nsubject: "Statisk emne"\n'
          "jupyter: python3\n" + textwrap.dedent(TYPST).lstrip("\n") + "---\n\n"
          "```{python}\n#| output: asis\nprint('---\\npagetitle: \"Trykt titel\"\\nsubject: \"Trykt emne\"\\n---\\n')\n"
          "print('Tekst.')\n```\n")
    render_project(project, progress=lambda _: None)
    return project / "_site" / "reports"


def titel(side: Path) -> str:
    return re.search(r"<title>(.*?)</title>", side.read_text(encoding="utf-8")).group(1)


def test_the_pagetitle_names_the_page_before_its_heading_as_in_quarto(titler):
    assert titel(titler / "sidetitel.html") == "Sidens titel – Testprojekt"


def test_a_metadata_block_a_cell_prints_sets_the_page_title(titler):
    assert titel(titler / "trykt.html") == "Trykt titel – Testprojekt"
    assert "Trykt titel" not in (titler / "trykt.html").read_text(encoding="utf-8").split("</title>", 1)[1]


def test_a_metadata_block_a_cell_prints_sets_the_pdfs_title_and_subject(titler):
    import pikepdf

    with pikepdf.open(titler / "trykt.pdf") as pdf:
        assert (str(pdf.docinfo["/Title"]), str(pdf.docinfo["/Subject"])) == ("Trykt titel", "Trykt emne")


def test_a_metadata_block_a_cell_prints_with_other_keys_is_refused(tmp_path):
    from klynge.render import Refused

    project = make_project(tmp_path)
    write(project / "reports" / "forfatter.qmd", "```{python}\n#| output: asis\n"
          "print('---\\nauthor: \"Nogen\"\\n---\\n')\n```\n")
    with pytest.raises(Refused, match=r"a metadata block printed by a cell that sets author \(reports/forfatter.qmd"):
        render_project(project, progress=lambda _: None)
