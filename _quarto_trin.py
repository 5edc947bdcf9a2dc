"""Quarto's pre- and post-render steps (klynge/byg/quarto_trin.py). Quarto runs a `.py` project
script with QUARTO_PYTHON, the Python of the documents."""

import sys

# Python puts this file's folder first on sys.path; without it `klynge` is imported as the
# documents import it (installed in that Python), so the freezer is keyed on the source they run.
del sys.path[0]

from klynge.byg.quarto_trin import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
