"""Quarto's pre- and post-render steps, run by `_quarto_trin.py` (_quarto.yml:
`pre-render: _quarto_trin.py pre`, `post-render: _quarto_trin.py post`).

A project script ending in `.py` is run by Quarto with the Python it uses for the documents
(QUARTO_PYTHON, else `python3`: src/core/run/python.ts, `pythonExec`, called from
src/command/render/project.ts, `runScripts`), so QUARTO_PYTHON alone is enough; a command such as
`python -m klynge …` would run the first `python` on PATH. The built-in engine runs a `.py` step
with its own Python (klynge.render.project.run_pre_render).

pre:  refuse real answers where git keeps them, make reports/<speciale>.qmd match the data
      (`klynge sider`), and under Quarto remove the frozen results that no longer hold
      (klynge.byg.frys).
post: under Quarto, record what the frozen results were made from.
"""

from __future__ import annotations

from pathlib import Path


def main(argv: list[str]) -> int:
    from klynge.byg import frys
    from klynge.cli import main as klynge

    rod = Path.cwd()  # Quarto runs project scripts in the project's folder
    if argv == ["pre"]:
        kode = klynge(["sider", "--projekt", str(rod)])
        if kode == 0 and frys.under_quarto():
            optoede = frys.optoe(rod)
            if optoede:
                print(f"Inputs changed since they were frozen, executed again: {', '.join(optoede)}")
        return kode
    if argv == ["post"]:
        if frys.under_quarto():
            frys.optegn(rod)
        return 0
    print("usage: _quarto_trin.py pre|post")
    return 2
