"""The built-in engine renders a construct as Quarto does or refuses the document by name: one
line `not supported by the built-in engine: <construct> (<file>:<line>); render with Quarto` and a
non-zero exit, before anything runs and without writing a page."""

from __future__ import annotations

import pytest

from klynge.render import unsupported_constructs
from klynge.render.__main__ import main
from klynge.render.site import load_yaml

QUARTO_YML = "project:\n  type: website\nexecute:\n  echo: false\n"


def _project(tmp_path, body: str, name: str = "doc.qmd"):
    (tmp_path / "_quarto.yml").write_text(QUARTO_YML, encoding="utf-8")
    (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


def _refusal(tmp_path, capsys, body: str) -> str:
    project = _project(tmp_path, body)
    assert main([str(project)]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert not (project / "_site" / "doc.html").exists()
    assert len(lines) == 1, lines
    return lines[0]


CELL = "```{python}\n#| echo: false\n1 + 1\n```\n"


@pytest.mark.parametrize(("body", "expected"), [
    ("---\ntitle: T\n---\n\n```{python}\n#| code-fold: true\n1 + 1\n```\n",
     "not supported by the built-in engine: cell option 'code-fold' (doc.qmd:5); render with Quarto"),
    ("---\ntitle: T\n---\n\nText {{< meta title >}}.\n",
     "not supported by the built-in engine: shortcode {{< meta >}} (doc.qmd:5); render with Quarto"),
    ("---\ntitle: T\n---\n\n::: {.panel-tabset}\n## A\n\na\n:::\n",
     "not supported by the built-in engine: fenced div .panel-tabset (doc.qmd:5); render with Quarto"),
    ("---\ntitle: T\n---\n\n::: column-margin\nA note.\n:::\n",
     "not supported by the built-in engine: fenced div .column-margin (doc.qmd:5); render with Quarto"),
    ("---\ntitle: T\n---\n\n::: {.callout-note collapse=\"true\"}\nA note.\n:::\n",
     'not supported by the built-in engine: callout options (collapse="true") (doc.qmd:5); render with Quarto'),
    ("---\ntitle: T\nformat: pdf\n---\n\nText.\n",
     "not supported by the built-in engine: format 'pdf' (doc.qmd:3); render with Quarto"),
    ("---\ntitle: T\nnumber-sections: true\n---\n\nText.\n",
     "not supported by the built-in engine: front-matter key 'number-sections' (doc.qmd:3); render with Quarto"),
    ("---\ntitle: T\nformat:\n  html:\n    code-fold: true\n---\n\nText.\n",
     "not supported by the built-in engine: html format option 'code-fold' (doc.qmd:5); render with Quarto"),
    ("---\ntitle: T\n---\n\nSee @tbl-x.\n",
     "not supported by the built-in engine: cross-reference @tbl-x (doc.qmd:5); render with Quarto"),
    ("---\ntitle: T\n---\n\n```{r}\n1\n```\n",
     "not supported by the built-in engine: code cell {r} (doc.qmd:5); render with Quarto"),
    ("---\ntitle: T\n---\n\nText.\n\n---\nauthor: Someone\n---\n",
     "not supported by the built-in engine: YAML metadata block in the body (doc.qmd:7); render with Quarto"),
    ("---\ntitle: T\nlang: fr\n---\n\nText.\n",
     "not supported by the built-in engine: lang 'fr' (doc.qmd:3); render with Quarto"),
    ("---\ntitle: T\ndate: today\n---\n\nText.\n",
     "not supported by the built-in engine: date 'today' (the engine formats YYYY-MM-DD dates) (doc.qmd:3); "
     "render with Quarto"),
])
def test_a_construct_outside_the_subset_is_refused_by_name_with_file_and_line(tmp_path, capsys, body, expected):
    assert _refusal(tmp_path, capsys, body) == expected


def test_a_refused_construct_in_an_included_file_names_that_file(tmp_path, capsys):
    (tmp_path / "_part.qmd").write_text("Text.\n\n::: {.panel-tabset}\n## A\n:::\n", encoding="utf-8")
    line = _refusal(tmp_path, capsys, "---\ntitle: T\n---\n\n{{< include _part.qmd >}}\n")
    assert line == "not supported by the built-in engine: fenced div .panel-tabset (_part.qmd:3); render with Quarto"


def test_nothing_runs_before_a_refusal(tmp_path, capsys):
    body = "---\ntitle: T\n---\n\n```{python}\nopen('ran.txt', 'w').write('x')\n```\n\n::: {.panel-tabset}\n:::\n"
    _refusal(tmp_path, capsys, body)
    assert not (tmp_path / "ran.txt").exists()


def test_the_documents_own_metadata_keys_are_not_refused(tmp_path):
    project = _project(tmp_path, "---\ntitle: T\nspeciale: reumatologi\n---\n\nText.\n")
    assert unsupported_constructs(project, load_yaml(project / "_quarto.yml"), "doc.qmd") == []


def test_every_refused_construct_of_a_document_is_listed_in_advance(tmp_path):
    project = _project(tmp_path, "---\ntitle: T\ntoc: true\n---\n\n::: {.panel-tabset}\n:::\n\nSee @sec-a.\n")
    assert unsupported_constructs(project, load_yaml(project / "_quarto.yml"), "doc.qmd") == [
        "not supported by the built-in engine: front-matter key 'toc' (doc.qmd:3); render with Quarto",
        "not supported by the built-in engine: fenced div .panel-tabset (doc.qmd:6); render with Quarto",
        "not supported by the built-in engine: cross-reference @sec-a (doc.qmd:9); render with Quarto",
    ]


def test_execute_options_that_differ_between_formats_are_refused(tmp_path, capsys):
    body = "---\ntitle: T\nformat:\n  html:\n    echo: true\n  typst:\n    echo: false\n---\n\n" + CELL
    assert _refusal(tmp_path, capsys, body) == ("not supported by the built-in engine: execute options that differ "
                                                "between formats (doc.qmd:1); render with Quarto")


def test_a_page_showing_quartos_whole_execute_info_format_is_refused(tmp_path, capsys):
    body = ("---\ntitle: T\n---\n\n```{python}\nimport json, os\n"
            "json.load(open(os.environ['QUARTO_EXECUTE_INFO']))['format']\n```\n")
    assert _refusal(tmp_path, capsys, body) == ("not supported by the built-in engine: QUARTO_EXECUTE_INFO's format "
                                                "shown whole (doc.qmd:5); render with Quarto")


def test_the_projects_own_documents_are_inside_the_subset():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    config = load_yaml(root / "_quarto.yml")
    documents = ["index.qmd", "revision.qmd", "reports/faktaark.qmd", "reports/reumatologi.qmd"]
    assert [line for doc in documents for line in unsupported_constructs(root, config, doc)] == []
