"""A project's configuration: ``_quarto.yml`` and ``_metadata.yml``, the render list, the
pre-render step, and each document's merged metadata, formats and ``execute`` options."""

from __future__ import annotations

import copy
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from .errors import RenderError

_PROJECT_ONLY_KEYS = {"project", "website", "format", "execute"}


# ---------------------------------------------------------------- config


def load_yaml(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RenderError(f"{path.name}: invalid YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict):
        raise RenderError(f"{path.name}: expected a YAML mapping")
    return data


def deep_merge(base: dict, override: dict) -> dict:
    """Later wins; nested mappings are merged key by key (like Quarto's config merge)."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def output_dir_name(config: dict) -> str:
    return str((config.get("project") or {}).get("output-dir") or "_site").strip("/")


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


# ---------------------------------------------------------------- render list


def _glob_to_regex(pattern: str) -> re.Pattern:
    """Quarto-style glob: ``*`` stays within one path segment, ``**/`` spans directories."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def _candidate_files(project_dir: Path, out_name: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(project_dir):
        rel_root = Path(root).relative_to(project_dir).as_posix()
        # Quarto ignores hidden/underscore dirs and the output dir.
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")) and d != out_name)
        for name in sorted(files):
            if name.endswith(".qmd") and not name.startswith(("_", ".")):  # _x.qmd are include files
                found.append(name if rel_root == "." else f"{rel_root}/{name}")
    return found


def render_list(project_dir: Path, config: dict) -> list[str]:
    """Documents of a full render, as project-relative posix paths, in a stable order."""
    out_name = output_dir_name(config)
    candidates = _candidate_files(project_dir, out_name)
    patterns = [str(p) for p in _as_list((config.get("project") or {}).get("render"))]
    if not patterns:
        return candidates
    includes = [p for p in patterns if not p.startswith("!")]
    excludes = [_glob_to_regex(p[1:].lstrip("/")) for p in patterns if p.startswith("!")]
    chosen: list[str] = []
    for pattern in includes:  # keep the order of the render list, then alphabetical within a glob
        rx = _glob_to_regex(pattern.lstrip("/"))
        for f in candidates:
            if rx.match(f) and f not in chosen and not any(x.match(f) for x in excludes):
                chosen.append(f)
    return chosen


# ---------------------------------------------------------------- pre-render


def run_pre_render(project_dir: Path, config: dict, *, full: bool, inputs: list[str],
                   progress: Callable[[str], None]) -> None:
    commands = _as_list((config.get("project") or {}).get("pre-render"))
    if not commands:
        return
    env = dict(os.environ)
    env["QUARTO_PROJECT_OUTPUT_DIR"] = output_dir_name(config)
    env["QUARTO_PROJECT_INPUT_FILES"] = "\n".join(inputs)
    if full:
        env["QUARTO_PROJECT_RENDER_ALL"] = "1"
    else:
        env.pop("QUARTO_PROJECT_RENDER_ALL", None)
    for command in commands:
        argv = shlex.split(str(command))
        if argv and argv[0] in ("python", "python3"):  # same interpreter as ours
            argv[0] = sys.executable
        elif argv and argv[0].lower().endswith(".py"):
            # As Quarto runs a `.py` script: with the Python that executes the documents (ours).
            argv.insert(0, sys.executable)
        progress(f"pre-render: {command}")
        proc = subprocess.run(argv, cwd=project_dir, env=env, capture_output=True, text=True)
        for line in proc.stdout.splitlines():
            if line.strip():
                progress(f"  {line}")
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["(no output)"])[-1]
            raise RenderError(f"pre-render `{command}` failed (exit {proc.returncode}): {last}", proc.stderr)


# ---------------------------------------------------------------- document settings


@dataclass
class DocSettings:
    metadata: dict
    formats: dict[str, dict]  # format name -> options
    execute: dict


def normalize_formats(value) -> dict[str, dict] | None:
    """``format`` as a mapping name -> options (``None`` when not given)."""
    if value is None:
        return None
    if isinstance(value, str):
        return {value: {}}
    if isinstance(value, list):
        out: dict[str, dict] = {}
        for item in value:
            out.update(normalize_formats(item) or {})
        return out
    if isinstance(value, dict):
        return {str(k): (v if isinstance(v, dict) else {}) for k, v in value.items()}
    return None


def document_settings(project_dir: Path, config: dict, front: dict, doc_rel: str,
                      in_render_list: bool = True) -> DocSettings:
    """Merge project < _metadata.yml (root down to the doc's dir) < front matter.

    The nearest level that declares ``format`` decides WHICH formats are
    rendered (the document's replaces the project's); the options of those
    formats are still merged across levels, so e.g. the project's ``css``
    applies to a document that only says ``format: html: default``.
    As in Quarto, a document outside the render list does not get the
    project's ``execute`` options (``in_render_list=False``).
    """
    levels = [config]
    parts = Path(doc_rel).parent.parts
    for depth in range(len(parts) + 1):
        levels.append(load_yaml(project_dir.joinpath(*parts[:depth]) / "_metadata.yml"))
    levels.append(front)

    metadata: dict = {}
    execute: dict = {}
    chosen: dict[str, dict] | None = None
    for i, level in enumerate(levels):
        keys = {k: v for k, v in level.items() if not (i == 0 and k in _PROJECT_ONLY_KEYS) and k not in ("format", "execute")}
        metadata = deep_merge(metadata, keys)
        if i > 0 or in_render_list:
            execute = deep_merge(execute, level.get("execute") or {})
        fmt = normalize_formats(level.get("format"))
        if fmt is not None:
            chosen = fmt
    names = list(chosen or {"html": {}})
    formats = {}
    for name in names:
        options: dict = {}
        for level in levels:
            options = deep_merge(options, (normalize_formats(level.get("format")) or {}).get(name, {}))
        formats[name] = options
    return DocSettings(metadata=metadata, formats=formats, execute=execute)
