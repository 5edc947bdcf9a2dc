"""Quarto's pre- and post-render steps (_quarto.yml: `pre-render: klynge/byg/quarto_trin.py pre`).

A project script ending in `.py` is run by Quarto with the Python it uses for the documents
(QUARTO_PYTHON, else `python3`: src/core/run/python.ts, `pythonExec`, from
src/command/render/project.ts, `runScripts`), so QUARTO_PYTHON alone is enough; a command such as
`python -m klynge …` would run the first `python` on PATH. Run as a file, this script puts the
project root ahead of its own folder, so `klynge` is imported as the documents import it.

pre:  refuse real answers where git keeps them, make reports/<speciale>.qmd match the data
      (`klynge sider`), and under Quarto remove the frozen results that no longer hold
      (klynge.byg.frys).
post: under Quarto, record what the frozen results were made from.
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path[0] = str(Path(__file__).resolve().parents[2])
    from klynge.byg import frys
    from klynge.cli import main

    rod = Path.cwd()  # Quarto runs project scripts in the project's folder
    trin = sys.argv[1:] or ["pre"]
    if trin == ["pre"]:
        kode = main(["sider", "--projekt", str(rod)])
        if kode == 0 and frys.under_quarto():
            optoede = frys.optoe(rod)
            if optoede:
                print(f"Executed again (inputs changed, or not frozen): {', '.join(optoede)}")
        sys.exit(kode)
    if trin == ["post"]:
        if frys.under_quarto():
            frys.optegn(rod)
        sys.exit(0)
    sys.exit(f"usage: {Path(__file__).name} pre|post")
