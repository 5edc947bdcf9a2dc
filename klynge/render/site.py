"""Render a Quarto website project with the built-in engine.

Project config, the render list, pre-render, per-document metadata/format
resolution, and an all-or-nothing build: the site is assembled in a temp dir
next to the output dir and swapped into place only if every document succeeded.
"""

from __future__ import annotations

import copy
import os
import posixpath
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import unquote, urlsplit

import yaml

if TYPE_CHECKING:
    from .execute import Interpreter

from . import cache, convert
from .qmd import QmdError, read_document

SUPPORTED_FORMATS = ("html", "typst")
_PROJECT_ONLY_KEYS = {"project", "website", "format", "execute"}


class RenderError(Exception):
    """Rendering failed. ``str()`` is one line naming the document (and cell) and the error."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.details = details


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


def document_settings(project_dir: Path, config: dict, front: dict, doc_rel: str) -> DocSettings:
    """Merge project < _metadata.yml (root down to the doc's dir) < front matter.

    The nearest level that declares ``format`` decides WHICH formats are
    rendered (the document's replaces the project's); the options of those
    formats are still merged across levels, so e.g. the project's ``css``
    applies to a document that only says ``format: html: default``.
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


# ---------------------------------------------------------------- resources and links


_URL_ATTR = re.compile(r'\b(src|href)="([^"]*)"')
_QMD_SUFFIX = re.compile(r"\.qmd(?=$|[#?])")


def _local_target(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path or url.startswith(("#", "/")):
        return None
    return unquote(parts.path)


def rewrite_qmd_links(page_html: str) -> str:
    """Links to other documents point at their rendered pages, as in Quarto."""
    def fix(m: re.Match) -> str:
        target = _local_target(m.group(2))
        if m.group(1) == "href" and target and target.endswith(".qmd"):
            url = _QMD_SUFFIX.sub(".html", m.group(2), count=1)
            return f'href="{url}"'
        return m.group(0)
    return _URL_ATTR.sub(fix, page_html)


def copy_resources(page_html: str, *, doc_dir: Path, project_dir: Path, build_dir: Path, out_name: str) -> None:
    """Copy local files the page references (images, .csv, .pdf, ...) into the build."""
    for _, url in _URL_ATTR.findall(page_html):
        target = _local_target(url)
        if not target or target.endswith((".qmd", ".html")):
            continue
        src = (doc_dir / target).resolve()
        try:
            rel = src.relative_to(project_dir.resolve())
        except ValueError:
            continue  # outside the project: not ours to publish
        if rel.parts and rel.parts[0] == out_name or not src.is_file():
            continue
        dest = build_dir / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)


def _relative_href(target_rel: str, page_rel: str) -> str:
    return posixpath.relpath(target_rel, posixpath.dirname(page_rel) or ".")


def _find_file(name: str, doc_dir: Path, project_dir: Path) -> Path | None:
    for base in ((project_dir,) if name.startswith("/") else (doc_dir, project_dir)):
        path = base / name.lstrip("/")
        if path.is_file():
            return path
    return None


# ---------------------------------------------------------------- one document


def _page_variables(config: dict, doc_rel: str, pagetitle: str, css: list[str], pdf: str | None) -> dict:
    esc = convert.escape
    website = config.get("website") or {}
    page_html = re.sub(r"\.qmd$", ".html", doc_rel)
    navbar = website.get("navbar") or {}
    nav = []
    for item in _as_list(navbar.get("left")) + _as_list(navbar.get("right")):
        if isinstance(item, str):
            item = {"href": item}
        href = str(item.get("href", ""))
        text = item.get("text") or Path(href).stem
        local = _local_target(href)
        target = re.sub(r"\.qmd$", ".html", local.lstrip("/")) if local is not None else None
        nav.append({
            "href": esc(_relative_href(target, page_html) if target else href),
            "text": esc(text),
            "active": target == page_html,
        })
    site_title = website.get("title") or ""
    title = f"{pagetitle} – {site_title}" if pagetitle and site_title and pagetitle != site_title else (pagetitle or site_title)
    root = _relative_href("index.html", page_html)[: -len("index.html")]
    page = {
        "pagetitle": esc(title or Path(doc_rel).stem),
        "site-title": esc(site_title),
        "site-root": esc(root),
        "nav": nav,
        "css": [esc(_relative_href(c, page_html)) for c in css],
    }
    if pdf:
        page["formats"] = [{"href": esc(posixpath.basename(pdf)), "text": "PDF", "format": "typst"}]
    return page


def render_document(project_dir: Path, config: dict, doc_rel: str, build_dir: Path,
                    params: dict | None, progress: Callable[[str], None],
                    interpreter: Interpreter | None = None) -> list[str]:
    """Execute one document once and write its HTML/PDF into ``build_dir``. Returns formats made."""
    from .execute import CellDefaults, ExecutionError, execute_document  # IPython: only when executing

    doc_path = project_dir / doc_rel
    doc_dir = doc_path.parent
    out_name = output_dir_name(config)
    try:
        front, chunks = read_document(doc_path, project_dir)
    except QmdError as exc:
        raise RenderError(f"{doc_rel}: {exc}") from exc
    settings = document_settings(project_dir, config, front, doc_rel)
    for name in settings.formats:
        if name not in SUPPORTED_FORMATS:
            progress(f"  warning: {doc_rel}: format '{name}' is not supported by the built-in engine; skipped")
    formats = {k: v for k, v in settings.formats.items() if k in SUPPORTED_FORMATS}

    files_dir = doc_dir / f"{doc_path.stem}_files"
    figure_dir = files_dir / "figure-html"
    shutil.rmtree(figure_dir, ignore_errors=True)  # no stale figures from earlier runs
    try:
        try:
            run = interpreter.run if interpreter is not None else execute_document
            markdown = run(
                chunks, doc_dir=doc_dir, doc_label=doc_rel, figure_dir=figure_dir,
                params=params, defaults=CellDefaults.from_execute(settings.execute),
            )
        except ExecutionError as exc:
            raise RenderError(str(exc), exc.details) from exc
        return _write_outputs(project_dir, config, doc_rel, build_dir, settings, formats, markdown, out_name)
    except convert.ConvertError as exc:
        raise RenderError(f"{doc_rel}: {exc}") from exc
    finally:
        # Like Quarto, the figure files live beside the source only while rendering.
        shutil.rmtree(figure_dir, ignore_errors=True)
        if files_dir.is_dir() and not any(files_dir.iterdir()):
            files_dir.rmdir()


def _write_outputs(project_dir: Path, config: dict, doc_rel: str, build_dir: Path, settings: DocSettings,
                   formats: dict, markdown: str, out_name: str) -> list[str]:
    source = convert.with_front_matter(markdown, settings.metadata)
    pdf_rel = f"{doc_rel[: -len('.qmd')]}.pdf" if "typst" in formats else None
    made = []
    # The PDF (pandoc, then typst) is made in a thread while this one makes the page (pandoc
    # again): both mostly wait for work outside Python.
    with ThreadPoolExecutor(max_workers=1) as thread:
        pdf = thread.submit(_write_pdf, project_dir, doc_rel, build_dir, formats["typst"], source, pdf_rel) \
            if pdf_rel else None
        if "html" in formats:
            _write_html(project_dir, config, doc_rel, build_dir, settings, formats["html"], markdown, source,
                        pdf_rel, out_name)
            made.append("html")
        if pdf is not None:
            pdf.result()
            made.append("pdf")
    return made


def _required_files(options: dict, key: str, what: str, doc_rel: str, project_dir: Path) -> list[Path]:
    """The files a format option names, found as ``_find_file`` finds them; a missing one is an error."""
    doc_dir = (project_dir / doc_rel).parent
    found = []
    for name in _as_list(options.get(key)):
        path = _find_file(str(name), doc_dir, project_dir)
        if path is None:
            raise RenderError(f"{doc_rel}: {what} not found: {name}")
        found.append(path)
    return found


def _write_pdf(project_dir: Path, doc_rel: str, build_dir: Path, options: dict, source: str, pdf_rel: str) -> None:
    doc_dir = (project_dir / doc_rel).parent
    partials = _required_files(options, "template-partials", "template partial", doc_rel, project_dir)
    typ = convert.markdown_to_typst(source, partials=partials, options=options)
    convert.typst_to_pdf(typ, doc_dir=doc_dir, root=project_dir, pdf_path=build_dir / pdf_rel)


def _write_html(project_dir: Path, config: dict, doc_rel: str, build_dir: Path, settings: DocSettings, options: dict,
                markdown: str, source: str, pdf_rel: str | None, out_name: str) -> None:
    doc_dir = (project_dir / doc_rel).parent
    css = []
    for path in _required_files(options, "css", "css file", doc_rel, project_dir):
        rel = path.resolve().relative_to(project_dir.resolve()).as_posix()
        (build_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, build_dir / rel)
        css.append(rel)
    title = settings.metadata.get("title") or convert.first_heading(markdown) or ""
    page = _page_variables(config, doc_rel, str(title), css, pdf_rel)
    page_html = convert.markdown_to_html(source, page=page, toc=options.get("toc") is True)
    page_html = rewrite_qmd_links(page_html)
    copy_resources(page_html, doc_dir=doc_dir, project_dir=project_dir, build_dir=build_dir, out_name=out_name)
    html_path = build_dir / f"{doc_rel[: -len('.qmd')]}.html"
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(page_html, encoding="utf-8")


# ---------------------------------------------------------------- the project


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    executed: tuple[str, ...]  # documents executed in this build
    reused: tuple[str, ...]  # documents copied unchanged from the previous site


def document_key(project_dir: Path, config: dict, doc_rel: str, params: dict | None, extra: str = "") -> str:
    """Hash of everything the engine knows a document depends on (see cache.py)."""
    try:
        front, chunks = read_document(project_dir / doc_rel, project_dir)
    except QmdError as exc:
        raise RenderError(f"{doc_rel}: {exc}") from exc
    settings = document_settings(project_dir, config, front, doc_rel)
    doc_dir = (project_dir / doc_rel).parent
    used_files = {}
    for options in settings.formats.values():
        for name in _as_list(options.get("template-partials")) + _as_list(options.get("css")):
            path = _find_file(str(name), doc_dir, project_dir)
            used_files[str(name)] = cache.sha256_file(path) if path else None
    return cache.key({
        "engine": cache.engine_version(),
        "document": doc_rel,
        "source": [getattr(c, "source", None) or getattr(c, "text", "") for c in chunks],
        "options": [getattr(c, "options", None) for c in chunks],
        "settings": [settings.metadata, settings.formats, settings.execute],
        "config": config,
        "files": used_files,
        "params": params or {},
        "extra": extra,
    })


def render_project(project_dir: Path, *, files: list[str] | None = None, params: dict[str, str] | None = None,
                   progress: Callable[[str], None] = print, **kwargs) -> Path:
    """Render the project (or only ``files``) into its output dir; returns the output dir.
    See ``build_project`` for the cache and the workers."""
    return build_project(project_dir, files=files, params=params, progress=progress, **kwargs).out_dir


def build_project(project_dir: Path, *, files: list[str] | None = None, params: dict[str, str] | None = None,
                  progress: Callable[[str], None] = print, force: bool = False,
                  extra_key: Callable[[str], str] | None = None, workers: int | None = None) -> BuildResult:
    """Render the project (or only ``files``) into its output dir.

    All-or-nothing: on any error the previous site is left untouched and ``RenderError`` is
    raised. A document whose key (``document_key`` plus ``extra_key(doc)``) is unchanged since
    the last build, and whose files are still in the site as written, is copied instead of
    executed, unless ``force``. Documents are executed once each, in parallel worker processes
    (``workers``, default: one per core) that each reuse one interpreter.
    """
    project_dir = Path(project_dir).resolve()
    config = load_yaml(project_dir / "_quarto.yml")
    if not config:
        raise RenderError(f"{project_dir}: no _quarto.yml")
    out_name = output_dir_name(config)
    out_dir = project_dir / out_name
    full = files is None
    targets = render_list(project_dir, config) if full else [_normalize_rel(project_dir, f) for f in files]
    run_pre_render(project_dir, config, full=full, inputs=targets, progress=progress)
    if full:  # the pre-render step may have created or removed documents (Quarto >= 1.5 re-reads)
        config = load_yaml(project_dir / "_quarto.yml")
        targets = render_list(project_dir, config)
    for rel in targets:
        if not (project_dir / rel).is_file():
            raise RenderError(f"{rel}: no such document")

    manifest = cache.read_manifest(project_dir)
    keys = {rel: document_key(project_dir, config, rel, params, extra_key(rel) if extra_key else "") for rel in targets}
    reuse = [] if force else [rel for rel in targets if cache.reusable(manifest.get(rel), keys[rel], out_dir)]
    to_render = [rel for rel in targets if rel not in reuse]
    entries = dict(manifest) if not full else {rel: manifest[rel] for rel in reuse}

    build_dir = Path(tempfile.mkdtemp(prefix=f"{out_name}.tmp-", dir=project_dir))
    try:
        if not full and out_dir.is_dir():  # keep the other pages of the current site
            shutil.copytree(out_dir, build_dir, dirs_exist_ok=True)
        _copy_site_css(project_dir, config, build_dir)
        done = 0
        for rel in reuse:
            for f in manifest[rel].files:
                (build_dir / f).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(out_dir / f, build_dir / f)
            done += 1
            progress(f"[{done}/{len(targets)}] {rel} … unchanged")
        # Documents with the most cells first, so no worker is left with a long one at the end.
        order = sorted(to_render, key=lambda rel: -_size(project_dir, rel))
        jobs = [(rel, build_dir / f".doc-{i}") for i, rel in enumerate(order)]
        from . import pool  # IPython is imported only when something is executed

        n_workers = workers or pool.worker_count(len(jobs))
        if not jobs:
            runs = []
        elif n_workers > 1 and len(jobs) > 1:
            runs = pool.render_parallel(project_dir, config, jobs, params, n_workers)
        else:
            runs = pool.render_in_process(project_dir, config, jobs, params)
        doc_dirs = dict(jobs)
        for rel, made, seconds in runs:
            entries[rel] = cache.Entry(keys[rel], _merge_into(doc_dirs[rel], build_dir))
            done += 1
            progress(f"[{done}/{len(targets)}] {rel} … {', '.join(made) or 'nothing'} ({seconds:.1f} s)")
        _swap_into_place(build_dir, out_dir)
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    cache.write_manifest(project_dir, entries)
    return BuildResult(out_dir, tuple(to_render), tuple(reuse))


def _size(project_dir: Path, rel: str) -> int:
    """A cheap guess at how long a document takes: its length with includes expanded."""
    try:
        _, chunks = read_document(project_dir / rel, project_dir)
    except QmdError:
        return 0
    return sum(len(getattr(c, "source", None) or getattr(c, "text", "")) for c in chunks)


def _merge_into(doc_build: Path, build_dir: Path) -> dict[str, str]:
    """Move one document's outputs into the site; return them with their hashes."""
    files = {}
    for path in sorted(p for p in doc_build.rglob("*") if p.is_file()):
        rel = path.relative_to(doc_build).as_posix()
        files[rel] = cache.sha256_file(path)
        (build_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, build_dir / rel)
    shutil.rmtree(doc_build)
    return files


def _normalize_rel(project_dir: Path, name: str) -> str:
    path = Path(name)
    path = path.resolve() if path.is_absolute() else (project_dir / path).resolve()
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        raise RenderError(f"{name}: not inside the project {project_dir}") from None


def _copy_site_css(project_dir: Path, config: dict, build_dir: Path) -> None:
    """Project-level css is published even if no rendered page declares it itself."""
    html = (normalize_formats(config.get("format")) or {}).get("html", {})
    for name in _as_list(html.get("css")):
        path = project_dir / str(name).lstrip("/")
        if path.is_file():
            dest = build_dir / path.relative_to(project_dir)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)


def _swap_into_place(build_dir: Path, out_dir: Path) -> None:
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{out_dir.name}.old-", dir=out_dir.parent))
        os.rmdir(old)
        os.rename(out_dir, old)
    os.rename(build_dir, out_dir)
    os.chmod(out_dir, 0o755)  # mkdtemp creates 0700 dirs; a published site should be readable
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
