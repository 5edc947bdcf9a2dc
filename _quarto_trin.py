"""Quarto's pre- and post-render steps (_quarto.yml: `pre-render: _quarto_trin.py pre`,
`post-render: _quarto_trin.py post`).

A project script ending in `.py` is run by Quarto with the Python it uses for the documents
(QUARTO_PYTHON, else `python3`: src/core/run/python.ts, `pythonExec`, called from
src/command/render/project.ts, `runScripts`), so QUARTO_PYTHON alone is enough; a command such as
`python -m klynge pages` would run the first `python` on PATH. The built-in engine runs a `.py`
step with its own Python (klynge.render.project.run_pre_render).

pre:  `klynge pages` (refuse real answers where git keeps them, make reports/<speciale>.qmd match
      the data), and under Quarto remove the frozen results that no longer hold (klynge/byg/frys.py).
post: under Quarto, record what the frozen results were made from.
"""

import os
import sys
from pathlib import Path

# Python puts this file's folder first on sys.path; without it `klynge` is imported as the
# documents import it (installed in that Python), so the freezer is keyed on the source they run.
del sys.path[0]

from klynge.cli import main  # noqa: E402

# Set by Quarto for its project scripts (project.ts, runScripts); the built-in engine runs this
# step too, but has its own cache and no freezer.
UNDER_QUARTO = "QUARTO_PROJECT_SCRIPT_PROGRESS" in os.environ
rod = Path.cwd()  # Quarto runs project scripts in the project's folder
trin = sys.argv[1:]
if trin == ["pre"]:
    kode = main(["pages", "--project", str(rod)])
    if kode == 0 and UNDER_QUARTO:
        from klynge.byg import frys

        if optoede := frys.optoe(rod):
            print(f"Inputs changed since they were frozen, executed again: {', '.join(optoede)}")
    sys.exit(kode)
if trin == ["post"]:
    if UNDER_QUARTO:
        from klynge.byg import frys

        frys.optegn(rod)
    sys.exit(0)
sys.exit("usage: _quarto_trin.py pre|post")
