"""The built-in engine renders Quarto 1.10.18's own conformance cases as Quarto did.

`tests/quarto_1_10/` is a copy of `shared/quarto-1.10/`: `cases/` is a small Quarto website and
`expected/` what Quarto 1.10.18 made of it (its README lists each behaviour). The cases are rendered
once with the built-in engine and compared with Quarto's output: the visible text of each page's
`<main>`, the executed Markdown (Quarto's keep-md) as pandoc reads it, the text of the Typst source
and the PDF's metadata.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pypandoc
import pypdf
import pytest

from klynge.render import RenderError, render_project

HER = Path(__file__).resolve().parent / "quarto_1_10"
EXPECTED = HER / "expected"
# Cases rendered on their own (-P, a file outside the render list) or in sub/ have tests of their own.
CASES = sorted(p.name[: -len(".main.html")] for p in EXPECTED.glob("*.main.html")
               if "-P-" not in p.name and not p.name.startswith("sub-"))
KEEP_MD = sorted(p.name[: -len(".html.md")] for p in EXPECTED.glob("*.html.md") if "-P-" not in p.name)
TYPST = sorted(p.stem for p in EXPECTED.glob("*.typ"))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The recorded Quarto cases, rendered once by the engine for the tests that compare them."""
    project = tmp_path_factory.mktemp("quarto") / "cases"
    shutil.copytree(HER / "cases", project)
    render_project(project, progress=lambda _: None)
    return project


class _MainText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "main"

    def handle_endtag(self, tag):
        self.depth -= tag == "main"

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = _MainText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts).replace("\u00a0", " ")).strip()


def markdown_text(markdown: str) -> str:
    return re.sub(r"\s+", " ", pypandoc.convert_text(markdown, "plain", format="markdown",
                                                     extra_args=["--wrap=none"])).strip()


_TYPST_MARKUP = re.compile(r"^(#|\]|\[|<|\)|kind:|supplement:|position:|caption|\w+: \[|\w+: \()")


def typst_prose(source: str) -> list[str]:
    """The text lines of a Typst body (after the document's `#show: doc => …` call), with
    Quarto's highlighted inline code written as plain raw text, as pandoc writes it."""
    body = source[source.index("#show: doc =>"):]
    body = body[body.index("\n)\n") + 3:]
    body = re.sub(r'#NormalTok\("((?:[^"\\]|\\.)*)"\);', lambda m: "`" + m.group(1) + "`", body)
    return [line.strip() for line in body.splitlines() if line.strip() and not _TYPST_MARKUP.match(line.strip())]


@pytest.mark.parametrize("case", CASES)
def test_page_main_text_is_quartos(project, case):
    ours = (project / "_site" / f"{case}.html").read_text(encoding="utf-8")
    assert main_text(ours) == main_text((EXPECTED / f"{case}.main.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", KEEP_MD)
def test_executed_markdown_reads_as_quartos_keep_md(project, case):
    ours = (project / "_site" / f"{case}.html.md").read_text(encoding="utf-8")
    assert markdown_text(ours) == markdown_text((EXPECTED / f"{case}.html.md").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", TYPST)
def test_typst_source_has_quartos_text(project, case):
    ours = {line.strip() for line in (project / "_site" / f"{case}.typ").read_text(encoding="utf-8").splitlines()}
    missing = [line for line in typst_prose((EXPECTED / f"{case}.typ").read_text(encoding="utf-8")) if line not in ours]
    assert missing == []


def test_parameters_given_with_P_replace_the_defaults_in_the_executed_markdown(tmp_path):
    project = tmp_path / "cases"
    shutil.copytree(HER / "cases", project)
    render_project(project, files=["params.qmd"], params={"speciale": "paediatri", "n": "7"}, progress=lambda _: None)
    ours = (project / "_site" / "params.html.md").read_text(encoding="utf-8")
    expected = (EXPECTED / "params-P-speciale-paediatri-n-7.html.md").read_text(encoding="utf-8")
    assert markdown_text(ours) == markdown_text(expected)


def test_a_file_outside_the_render_list_shows_its_code_and_lands_next_to_its_source(tmp_path):
    project = tmp_path / "cases"
    shutil.copytree(HER / "cases", project)
    render_project(project, files=["excluded.qmd"], params={"speciale": "paediatri"}, progress=lambda _: None)
    assert not (project / "_site" / "excluded.html").exists()
    assert (project / "excluded.pdf").is_file()
    expected = (EXPECTED / "excluded-P-speciale-paediatri.main.html").read_text(encoding="utf-8")
    assert main_text((project / "excluded.html").read_text(encoding="utf-8")) == main_text(expected)


def test_a_file_in_the_render_list_has_the_project_folder_as_its_project_root(project):
    ours = (project / "_site" / "sub" / "listed-root.html").read_text(encoding="utf-8")
    assert main_text(ours) == main_text((EXPECTED / "sub-listed-root.main.html").read_text(encoding="utf-8"))


def test_a_file_outside_the_render_list_has_its_own_folder_as_its_project_root(tmp_path):
    project = tmp_path / "cases"
    shutil.copytree(HER / "cases", project)
    render_project(project, files=["sub/excluded-root.qmd"], progress=lambda _: None)
    ours = (project / "sub" / "excluded-root.html").read_text(encoding="utf-8")
    assert main_text(ours) == main_text((EXPECTED / "sub-excluded-root.main.html").read_text(encoding="utf-8"))


def _format_links(page: str) -> list[tuple[str, str]]:
    box = re.search(r'<div class="quarto-alternate-formats">.*?</div>', page, re.S)
    return re.findall(r'<a href="([^"]*)"[^>]*>(?:<i [^>]*></i>)?([^<]*)</a>', box.group(0)) if box else []


@pytest.mark.parametrize("case", sorted(p.name[: -len(".formats.html")] for p in EXPECTED.glob("*.formats.html")))
def test_other_formats_links_have_quartos_text(project, case):
    ours = (project / "_site" / f"{case}.html").read_text(encoding="utf-8")
    assert _format_links(ours) == _format_links((EXPECTED / f"{case}.formats.html").read_text(encoding="utf-8"))


def test_pdf_carries_title_author_keywords_and_language_as_quartos(project):
    pdf = pypdf.PdfReader(project / "_site" / "pdf.pdf")
    assert pdf.metadata["/Title"] == "Klyngearbejdet i Prøvologi"
    assert pdf.metadata["/Author"] == "eKVIS"
    assert pdf.metadata["/Keywords"] == "klyngearbejde, faktaark"
    assert pdf.trailer["/Root"]["/Lang"] == "da-US"  # lang: da without region, as Quarto's


def test_labelled_figure_is_numbered_in_danish_in_the_pdf(project):
    text = pypdf.PdfReader(project / "_site" / "pdf.pdf").pages[0].extract_text()
    assert re.search(r"Figur\s+1:\s+En figur", text)


def test_page_has_quartos_navigation_bar(project):
    page = (project / "_site" / "inline.html").read_text(encoding="utf-8")
    assert '<header id="quarto-header" class="headroom fixed-top">' in page
    assert '<nav class="navbar navbar-expand-lg " data-bs-theme="dark">' in page
    assert '<span class="navbar-title">Conformance</span>' in page
    assert '<a class="navbar-brand" href="./index.html">' in page
    assert '<a class="nav-link active" href="./inline.html" aria-current="page">' in page
    assert '<div id="quarto-search" class="" title="Search"></div>' in page


def test_strict_render_names_the_file_and_line_of_touching_expressions(tmp_path):
    project = tmp_path / "cases"
    shutil.copytree(HER / "cases", project)
    with pytest.raises(RenderError) as info:
        render_project(project, files=["inline.qmd"], strict=True, progress=lambda _: None)
    assert str(info.value) == ("inline.qmd:23: inline expression `{python} b` follows another inline expression "
                               "with nothing between them, so Quarto prints it as code")


def test_strict_render_names_an_empty_expression_in_an_included_file(tmp_path):
    project = tmp_path / "cases"
    shutil.copytree(HER / "cases", project)
    (project / "_part.qmd").write_text("```{python}\nnote = ''\n```\n\nSvar.`{python} note`\n", encoding="utf-8")
    with pytest.raises(RenderError) as info:
        render_project(project, files=["include.qmd"], strict=True, progress=lambda _: None)
    assert str(info.value).startswith("_part.qmd:5: inline expression `{python} note` evaluated to an empty string")


def test_inline_markdown_object_keeps_its_span_title_in_html_and_is_plain_in_typst(project):
    page = (project / "_site" / "markdown-inline.html").read_text(encoding="utf-8")
    assert '<span title="32 af 47 svar: I høj grad eller I meget høj grad">68 pct.</span> af respondenterne.' in page
    assert "SPAN: 68 pct. af respondenterne." in (project / "_site" / "markdown-inline.typ").read_text(encoding="utf-8")


def test_inline_html_object_is_html_in_the_page_and_its_repr_in_typst(project):
    page = (project / "_site" / "markdown-inline.html").read_text(encoding="utf-8")
    assert '<abbr title="32 af 47">68 pct.</abbr>' in page
    typ = (project / "_site" / "markdown-inline.typ").read_text(encoding="utf-8")
    assert "HTMLOBJ: \\<IPython.core.display.HTML object\\>" in typ


def test_the_engine_renders_a_quarto_project_from_the_command_line(tmp_path):
    from klynge.render.__main__ import main

    project = tmp_path / "cases"
    shutil.copytree(HER / "cases", project)
    assert main([str(project), str(project / "params.qmd"), "-P", "speciale:paediatri"]) == 0
    assert "SPECIALE: paediatri" in main_text((project / "_site" / "params.html").read_text(encoding="utf-8"))
