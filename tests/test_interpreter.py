"""The built-in engine's interpreter: what a document's code sees and what reaches the page.

One IPython shell runs many documents in a row (that is what makes builds fast), so each
document must start as if in a fresh kernel, and outputs must come out as a kernel gives them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from klynge.render.execute import CellDefaults, ExecutionError, Interpreter
from klynge.render.qmd import parse_cells


@pytest.fixture(scope="module")
def interpreter():
    with Interpreter() as shell:
        yield shell


def run(interpreter: Interpreter, body: str, tmp_path: Path, **kwargs) -> str:
    chunks = parse_cells(textwrap.dedent(body).lstrip("\n"))
    kwargs.setdefault("defaults", CellDefaults(echo=False))  # as the project's execute: echo: false
    # As the engine does: figures go to <folder>/<stem>_files/figure-html and are linked from <folder>.
    return interpreter.run(chunks, doc_dir=tmp_path, doc_label="doc.qmd",
                           figure_dir=tmp_path / "doc_files" / "figure-html", **kwargs)


def test_a_document_does_not_see_the_names_of_the_document_before_it(interpreter, tmp_path):
    run(interpreter, "```{python}\nhemmelig = 42\n```\n", tmp_path)
    page = run(interpreter, "```{python}\n#| output: asis\nprint('hemmelig' in dir())\n```\n", tmp_path)
    assert page.strip() == "False"


def test_a_document_runs_in_its_own_folder_and_the_caller_keeps_its_own(interpreter, tmp_path):
    before = Path.cwd()
    page = run(interpreter, "```{python}\n#| output: asis\nimport os\nprint(os.getcwd())\n```\n", tmp_path)
    assert page.strip() == str(tmp_path) and Path.cwd() == before


def test_a_module_next_to_the_document_can_be_imported(interpreter, tmp_path):
    (tmp_path / "hjaelper.py").write_text("SVAR = 'fra modulet'\n", encoding="utf-8")
    page = run(interpreter, "```{python}\n#| output: asis\nimport hjaelper\nprint(hjaelper.SVAR)\n```\n", tmp_path)
    assert page.strip() == "fra modulet"


def test_a_final_expression_is_shown_unless_it_ends_in_a_semicolon(interpreter, tmp_path):
    shown = run(interpreter, "```{python}\n6 * 7\n```\n", tmp_path)
    hidden = run(interpreter, "```{python}\n6 * 7;\n```\n", tmp_path)
    assert "42" in shown and "42" not in hidden


def test_printed_and_displayed_outputs_keep_their_order(interpreter, tmp_path):
    page = run(interpreter, """
        ```{python}
        #| output: asis
        from IPython.display import Markdown, display
        print("først")
        display(Markdown("**så**"))
        print("til sidst")
        ```
    """, tmp_path)
    assert page.index("først") < page.index("**så**") < page.index("til sidst")


def test_a_matplotlib_figure_in_the_first_cell_becomes_an_image(interpreter, tmp_path):
    page = run(interpreter, """
        ```{python}
        import matplotlib.pyplot as plt
        plt.plot([1, 2, 3])
        plt.show()
        ```
    """, tmp_path)
    assert "![](doc_files/figure-html/cell-1-output-1.png)" in page
    assert (tmp_path / "doc_files" / "figure-html" / "cell-1-output-1.png").stat().st_size > 0


def test_inline_expressions_are_evaluated_in_the_documents_namespace(interpreter, tmp_path):
    page = run(interpreter, "```{python}\nn = 52\n```\n\nI alt `{python} n` svar.\n", tmp_path)
    assert "I alt 52 svar." in page


def test_a_failing_inline_expression_is_named_in_the_error(interpreter, tmp_path):
    with pytest.raises(ExecutionError, match=r"^doc\.qmd: inline expression `1 / 0` failed: ZeroDivisionError"):
        run(interpreter, "Tal: `{python} 1 / 0`\n", tmp_path)


def test_the_shell_is_usable_after_a_failing_cell(interpreter, tmp_path):
    with pytest.raises(ExecutionError):
        run(interpreter, "```{python}\nraise ValueError('nej')\n```\n", tmp_path)
    assert run(interpreter, "```{python}\n#| output: asis\nprint('igen')\n```\n", tmp_path).strip() == "igen"


def test_a_cell_that_is_stuck_is_stopped_with_a_clear_error(interpreter, tmp_path, monkeypatch):
    from klynge.render import execute

    monkeypatch.setattr(execute, "CELL_TIMEOUT", 1)
    with pytest.raises(ExecutionError, match=r"cell 1 \(import time\) failed: TimeoutError: cell made no progress "
                                             r"for 1 s"):
        run(interpreter, "```{python}\nimport time\ntime.sleep(30)\n```\n", tmp_path)


def test_a_cell_that_keeps_computing_past_the_limit_is_not_stopped(interpreter, tmp_path, monkeypatch):
    # Large data make a cell slow, not stuck: it finishes, however long the limit is exceeded.
    from klynge.render import execute

    monkeypatch.setattr(execute, "CELL_TIMEOUT", 0.5)
    code = ("```{python}\n#| output: asis\nimport time\nslut = time.process_time() + 2\n"
            "while time.process_time() < slut:\n    pass\nprint('færdig')\n```\n")
    assert run(interpreter, code, tmp_path).strip() == "færdig"


def test_a_cell_waiting_for_a_busy_child_process_is_not_stopped(interpreter, tmp_path, monkeypatch):
    from klynge.render import execute

    monkeypatch.setattr(execute, "CELL_TIMEOUT", 0.5)
    code = ("```{python}\n#| output: asis\nimport subprocess, sys\n"
            "subprocess.run([sys.executable, '-c', 'import time\\nslut = time.process_time() + 2\\n"
            "while time.process_time() < slut: pass'], check=True)\nprint('færdig')\n```\n")
    assert run(interpreter, code, tmp_path).strip() == "færdig"


def test_without_execute_options_the_code_is_shown_as_quarto_shows_it(interpreter, tmp_path):
    page = run(interpreter, "```{python}\nsvar = 6 * 7\n```\n", tmp_path, defaults=CellDefaults())
    assert "svar = 6 * 7" in page
