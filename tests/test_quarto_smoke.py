"""On Quarto's own smoke tests inside the engine's subset, every document is either rendered as
Quarto renders it (the same `<main>` text) or refused by name: none differs silently, none crashes.

Needs a checkout of quarto-cli's `tests/docs/smoke-all` (tag v1.10.18) in KLYNGE_QUARTO_SMOKE_ALL
and `quarto` on PATH (or Quarto's pages already in KLYNGE_QUARTO_SMOKE_CACHE); skipped otherwise.
The documents are not part of this repository. See tests/quarto_smoke.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quarto_smoke  # noqa: E402

ROOT = os.environ.get("KLYNGE_QUARTO_SMOKE_ALL")
DOCUMENTS = quarto_smoke.select(Path(ROOT)) if ROOT and Path(ROOT).is_dir() else []

pytestmark = pytest.mark.skipif(not DOCUMENTS, reason="KLYNGE_QUARTO_SMOKE_ALL is not a smoke-all checkout")


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda d: d.relative_to(ROOT).as_posix())
def test_smoke_document_is_rendered_as_quarto_does_or_refused_by_name(doc):
    root = Path(ROOT)
    try:
        expected = quarto_smoke.quarto_main(doc, root, quarto_smoke.cache_dir())
    except FileNotFoundError:
        pytest.skip("quarto is not on PATH and the document is not in the cache")
    if expected is None:
        pytest.skip("Quarto itself does not render it here")
    kind, detail = quarto_smoke.engine_result(doc, expected)
    assert kind in ("identical", "refused"), detail
