"""`klynge render`: build _site/ with Quarto when it is installed, else with the built-in engine."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from klynge.sider import synkroniser_sider


def byg(rod: Path, speciale: str | None = None, tving: bool = False) -> int:
    from klynge.data import indlaes_grundlag
    from klynge.render import RenderError, render_project

    for linje in synkroniser_sider(rod):
        print(linje)
    filer = None
    if speciale:
        slugs = [s.slug for s in indlaes_grundlag(rod / "data")[0]]
        if speciale not in slugs:
            print(f"error: unknown speciale '{speciale}' (known: {', '.join(slugs)})", file=sys.stderr)
            return 1
        filer = [f"reports/{speciale}.qmd"]
    quarto = shutil.which("quarto")
    if quarto:
        print(f"Rendering with Quarto ({quarto})")
        return subprocess.run([quarto, "render", *(filer or [])], cwd=rod).returncode
    try:
        ud = render_project(rod, files=filer)
    except RenderError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"Site written to {ud}")
    return 0
