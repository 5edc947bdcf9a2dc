"""Measure the built-in engine against Quarto's own smoke tests.

    KLYNGE_QUARTO_SMOKE_ALL=/path/to/quarto-cli/tests/docs/smoke-all python tests/quarto_smoke.py

Quarto's smoke tests are not part of this repository (they are quarto-cli's): point the variable
at a checkout of ``tests/docs/smoke-all`` (Quarto 1.10.18's, tag v1.10.18) and have ``quarto`` on
PATH. Each document inside the engine's subset is rendered with real Quarto (cached in
``KLYNGE_QUARTO_SMOKE_CACHE``, default ``.quarto-smoke-cache/`` beside this repository's root) and
with the built-in engine, and classified:

- ``identical``: the visible text of ``<main>`` is the same (as in test_quarto_conformance.py);
- ``refused``: the engine stopped with ``not supported by the built-in engine: …``;
- ``differs``: the engine made a page, and it is not Quarto's (the failure this guards against);
- ``crashes``: the engine failed in any other way;
- ``quarto-fails``: Quarto itself could not render it here (e.g. a package that is not installed);
  not counted.

"Inside the subset" (``select``): a ``.qmd`` that is not a partial (``_x.qmd``), not inside a Quarto
project (no ``_quarto.yml`` above it in smoke-all), has at least one ``{python}`` cell and no cell
of another language, declares no ``engine`` other than jupyter and no format other than ``html``.
At v1.10.18 that is 50 documents, 43 of which Quarto renders here (issue 22 counted 37 without
saying how it chose them; this rule is the nearest reading of "Jupyter python, HTML").
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_quarto_conformance import main_text  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REFUSAL = "not supported by the built-in engine: "
_PYTHON_CELL = re.compile(r"^```+\s*\{python", re.M)
_OTHER_CELL = re.compile(r"^```+\s*\{(r|julia|ojs|bash|sql|mermaid|dot|ruby|javascript)\b", re.M)


def _front(text: str) -> dict | None:
    m = re.match(r"---\r?\n(.*?)\r?\n---", text, re.S)
    if not m:
        return {}
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else {}


def _in_project(path: Path, root: Path) -> bool:
    return any((d / "_quarto.yml").exists() or (d / "_quarto.yaml").exists()
               for d in path.parents if d == root or root in d.parents)


def select(root: Path) -> list[Path]:
    """The smoke-test documents inside the engine's subset (Jupyter python, HTML), sorted."""
    chosen = []
    for path in sorted(root.rglob("*.qmd")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.name.startswith("_") or not _PYTHON_CELL.search(text) or _OTHER_CELL.search(text):
            continue
        front = _front(text)
        if front is None or front.get("engine") not in (None, "jupyter") or _in_project(path, root):
            continue
        fmt = front.get("format")
        names = [fmt] if isinstance(fmt, str) else list(fmt or ["html"])
        if names == ["html"]:
            chosen.append(path)
    return chosen


def _copy_folder(doc: Path, into: Path) -> Path:
    """The document's folder (its images and partials), copied; returns the copied document."""
    shutil.copytree(doc.parent, into, ignore=shutil.ignore_patterns("*.html", "*_files", ".quarto"))
    return into / doc.name


def quarto_main(doc: Path, root: Path, cache: Path) -> str | None:
    """``<main>`` text of Quarto's page for ``doc`` (``None`` if Quarto fails), cached."""
    key = cache / (doc.relative_to(root).as_posix().replace("/", "__") + ".json")
    if key.is_file():
        return json.loads(key.read_text(encoding="utf-8"))["main"]
    if shutil.which("quarto") is None:
        raise FileNotFoundError("quarto is not on PATH and the document is not in the cache")
    with tempfile.TemporaryDirectory() as tmp:
        copy = _copy_folder(doc, Path(tmp) / "doc")
        proc = subprocess.run(["quarto", "render", copy.name, "--to", "html"], cwd=copy.parent,
                              capture_output=True, text=True, timeout=600)
        page = copy.with_suffix(".html")
        main = main_text(page.read_text(encoding="utf-8")) if proc.returncode == 0 and page.is_file() else None
    cache.mkdir(parents=True, exist_ok=True)
    key.write_text(json.dumps({"main": main, "stderr": proc.stderr[-2000:]}), encoding="utf-8")
    return main


def engine_result(doc: Path, expected: str) -> tuple[str, str]:
    """(classification, detail) for the built-in engine's rendering of ``doc``."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = _copy_folder(doc, Path(tmp) / "doc")
        (copy.parent / "_quarto.yml").write_text("project:\n  type: default\n", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "PATH"} | {"PATH": _path_without_quarto()}
        try:
            proc = subprocess.run([sys.executable, "-m", "klynge.render", str(copy.parent), str(copy)],
                                  capture_output=True, text=True, timeout=600, env=env, cwd=engine_root())
        except subprocess.TimeoutExpired:
            return "crashes", "timed out"
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        if proc.returncode != 0:
            refusals = [line for line in lines if REFUSAL in line]
            if refusals and len(lines) == len(refusals):
                return "refused", refusals[0].removeprefix("error: ")
            return "crashes", (lines or ["(no output)"])[-1]
        page = copy.parent / "_site" / copy.with_suffix(".html").name
        if not page.is_file():
            return "crashes", "no page written"
        ours = main_text(page.read_text(encoding="utf-8"))
        if ours == expected:
            return "identical", ""
        return "differs", _first_difference(ours, expected)


def _first_difference(ours: str, theirs: str) -> str:
    i = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    return f"engine …{ours[max(0, i - 30):i + 50]!r}… / quarto …{theirs[max(0, i - 30):i + 50]!r}…"


def _path_without_quarto() -> str:
    """The engine must not hand over to Quarto (``klynge render`` would): no quarto on PATH."""
    return os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if not (Path(p) / "quarto").exists())


def engine_root() -> Path:
    """The checkout whose engine is measured (``KLYNGE_SMOKE_ENGINE``, e.g. an older commit's
    ``git worktree``, to measure before and after a change); default: this one."""
    return Path(os.environ.get("KLYNGE_SMOKE_ENGINE") or REPO)


def cache_dir() -> Path:
    return Path(os.environ.get("KLYNGE_QUARTO_SMOKE_CACHE") or REPO / ".quarto-smoke-cache")


def main() -> int:
    root = Path(os.environ["KLYNGE_QUARTO_SMOKE_ALL"]).resolve()
    only = sys.argv[1:]
    counts: Counter = Counter()
    for doc in select(root):
        rel = doc.relative_to(root).as_posix()
        if only and not any(o in rel for o in only):
            continue
        try:
            expected = quarto_main(doc, root, cache_dir())
        except FileNotFoundError:
            continue
        kind, detail = ("quarto-fails", "") if expected is None else engine_result(doc, expected)
        counts[kind] += 1
        print(f"{kind:12} {rel}  {detail}", flush=True)
    total = sum(v for k, v in counts.items() if k != "quarto-fails")
    print(f"\n{total} documents: " + ", ".join(f"{counts[k]} {k}" for k in
                                               ("identical", "refused", "differs", "crashes", "quarto-fails")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
