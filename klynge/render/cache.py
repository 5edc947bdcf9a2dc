"""The build cache: a content hash of everything a document depends on, and a manifest of
the files each document produced, so an unchanged document is copied from the last site
instead of being executed again.

The engine's own part of the key covers the document with its includes expanded, its merged
settings, the template partials and css it uses, the parameters and the engine's source. The
caller adds what only it knows (e.g. which data files a document reads) through `extra`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

MANIFEST = Path(".klynge-cache") / "manifest.json"


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sha256_tree(folder: Path, patterns: tuple[str, ...] = ("*",)) -> str:
    """One hash over the names and contents of the files below a folder."""
    h = hashlib.sha256()
    files = sorted({f for m in patterns for f in folder.rglob(m) if f.is_file() and "__pycache__" not in f.parts})
    for f in files:
        h.update(f.relative_to(folder).as_posix().encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def engine_version() -> str:
    """The engine's own source and templates: a change to them re-renders everything."""
    return sha256_tree(Path(__file__).parent, ("*.py", "*.html", "*.typ", "*.typst", "*.lua", "*.css"))


def key(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    """What the manifest knows about one document: its key and the files it wrote (with hashes)."""

    key: str
    files: dict[str, str]


def read_manifest(project: Path) -> dict[str, Entry]:
    path = project / MANIFEST
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {rel: Entry(p["key"], dict(p["files"])) for rel, p in raw.items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no or unreadable manifest: nothing is reused


def write_manifest(project: Path, entries: dict[str, Entry]) -> None:
    path = project / MANIFEST
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {rel: {"key": p.key, "files": p.files} for rel, p in sorted(entries.items())}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".manifest-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True, ensure_ascii=False)
    os.replace(tmp, path)


def reusable(entry: Entry | None, current_key: str, site: Path) -> bool:
    """A document can be reused when its key is unchanged and every file it wrote is still
    in the site exactly as written."""
    if entry is None or entry.key != current_key or not entry.files:
        return False
    for rel, sha in entry.files.items():
        path = site / rel
        if not path.is_file() or sha256_file(path) != sha:
            return False
    return True
