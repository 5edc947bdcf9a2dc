"""Quarto's freezer, kept from ever serving a stale page (`execute: freeze: auto` in _quarto.yml).

Quarto 1.10 thaws a document's frozen execution when the MD5 of its source file alone is
unchanged (src/command/render/freeze.ts: `freezeInputHash` hashes `Deno.readTextFileSync(input)`;
`defrostExecuteResult` compares it, and nothing else, lines 133-134). It does not see the
documents' includes, the data, the editorial texts, the settings, the confidential answers, the
`klynge` source or the `-P` values. So before every render (Quarto's pre-render step) each
document's key — the build cache's, klynge.byg.afhaengigheder and klynge.render.site.document_key:
its source with includes expanded, settings, partials, css, fonts, the `klynge` source and exactly
the data it reads — is compared with the key it had when its frozen result was made, together
with the charts and tables a sheet wrote beside its source (a frozen page links to them); where
either differs the frozen result is removed from every place Quarto looks for it, and Quarto
executes the document. The template (reports/faktaark.qmd) depends on `-P`, which no step but
its own kernel sees: it is never frozen (`freeze: false` in its front matter) and its results
are removed every time (`quarto preview` thaws even unfrozen documents, render-files.ts 174-176).

The keys are recorded after a render that succeeded (Quarto's post-render step), and only for
documents whose inputs did not change while it ran. A render that fails or is stopped records
nothing: its documents are executed again. The record holds hashes only.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from klynge.byg.afhaengigheder import fingeraftryk, kode_fingeraftryk
from klynge.byg.sider import SKABELON, specialer
from klynge.render.cache import sha256_tree
from klynge.render.project import load_yaml, render_list
from klynge.render.site import document_key

RECORD = Path(".quarto") / "klynge-frys.json"
PENDING = Path(".quarto") / "klynge-frys-koersel.json"
def dokumenter(rod: Path) -> list[str]:
    liste = render_list(rod, load_yaml(rod / "_quarto.yml"))
    return liste if SKABELON in liste or not (rod / SKABELON).is_file() else [*liste, SKABELON]


def noegler(rod: Path, docs: list[str]) -> dict[str, str | None]:
    """Each document's key (None: it cannot be computed, and the document is always executed)."""
    config = load_yaml(rod / "_quarto.yml")
    kode = kode_fingeraftryk()
    try:
        slugs = {slug for slug, _ in specialer(rod / "data")}
    except Exception:  # the documents report the data error
        slugs = set()
    ud: dict[str, str | None] = {}
    for dok in docs:
        try:
            ud[dok] = document_key(rod, config, dok, None, fingeraftryk(rod, dok, slugs, kode))
        except Exception:  # a document the engine would refuse, or unreadable data: never thawed
            ud[dok] = None
    return ud


def skrevne_filer(rod: Path, dok: str) -> str:
    """The charts and tables a specialty's page wrote beside its source (klynge.ark.bilag), as a
    hash: a frozen page links to them, so they must still be what its execution wrote."""
    if not dok.startswith("reports/") or dok == SKABELON:
        return ""
    slug = Path(dok).stem
    dele = []
    for mappe in (rod / "reports" / "figurer" / slug, rod / "reports" / "tabeller" / slug):
        dele.append(sha256_tree(mappe) if mappe.is_dir() else "missing")
    return ":".join(dele)


def frosne_steder(rod: Path, dok: str) -> list[Path]:
    """Every place Quarto 1.10 looks for a document's frozen result (freeze.ts): the project's
    _freeze/ and the hidden .quarto/_freeze/ (`projectFreezerDir`, `asFreezerDir`), and the
    document's own `<stem>_files/execute-results/` (`freezeResultFile`)."""
    rel = Path(dok)
    stamme = rel.parent / rel.stem
    return [rod / "_freeze" / stamme, rod / ".quarto" / "_freeze" / stamme,
            rod / rel.parent / f"{rel.stem}_files" / "execute-results"]


def _laes(sti: Path) -> dict:
    try:
        data = json.loads(sti.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _skriv(sti: Path, data: dict) -> None:
    sti.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=sti.parent, prefix=f".{sti.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
    os.replace(tmp, sti)


def optoe(rod: Path) -> list[str]:
    """Before a render: remove the frozen results that no longer hold. Returns the pages whose
    frozen result was removed (the template's, removed every time, is not named)."""
    docs = dokumenter(rod)
    nu = noegler(rod, docs)
    optegnet = _laes(rod / RECORD)
    optoede = []
    for dok in docs:
        gyldig = (dok != SKABELON and nu[dok] is not None
                  and optegnet.get(dok) == [nu[dok], skrevne_filer(rod, dok)])
        steder = [sted for sted in frosne_steder(rod, dok) if sted.exists()]
        if not gyldig and steder:
            for sted in steder:
                shutil.rmtree(sted, ignore_errors=True)
            if dok != SKABELON:
                optoede.append(dok)
    # What the documents are rendered from, for the post-render step to compare.
    _skriv(rod / PENDING, {dok: k for dok, k in nu.items() if k is not None})
    return optoede


def optegn(rod: Path) -> None:
    """After a render that succeeded: record each document's key with the files it left, for
    those whose inputs are the ones the render started from."""
    foer = _laes(rod / PENDING)
    if not foer:
        return
    nu = noegler(rod, list(foer))
    optegnet = {dok: [k, skrevne_filer(rod, dok)] for dok, k in foer.items()
                if dok != SKABELON and nu.get(dok) == k}
    _skriv(rod / RECORD, optegnet)
    (rod / PENDING).unlink(missing_ok=True)
