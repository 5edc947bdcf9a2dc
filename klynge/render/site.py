"""Render a Quarto website project with the built-in engine.

The all-or-nothing build: the site is assembled in a temp dir next to the output dir and swapped
into place only if every document succeeded; the build cache and the build lock. The project's
configuration is in ``project.py``, one document's rendering in ``document.py``.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path
from typing import Callable, Iterator

try:
    import fcntl
except ImportError:  # not POSIX: builds are not locked against each other
    fcntl = None

from . import cache
from .document import OUTPUT_DIR_ENV, SUPPORTED_FORMATS, read_checked, render_document  # noqa: F401
from .document import check_settings, font_path, unsupported_constructs  # noqa: F401 (public names)
from .errors import BuildRunning, Refused, RefusedLink, RenderError  # noqa: F401 (public names)
from .project import (DocSettings, _as_list, deep_merge, document_settings, load_yaml,  # noqa: F401
                      normalize_formats, output_dir_name, render_list, run_pre_render)
from .qmd import QmdError, read_document
from .resources import _find_file, _tree_state, rewrite_qmd_links  # noqa: F401


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    executed: tuple[str, ...]  # documents executed in this build
    reused: tuple[str, ...]  # documents copied unchanged from the previous site


def document_key(project_dir: Path, config: dict, doc_rel: str, params: dict | None, extra: str = "") -> str:
    """Hash of everything the engine knows a document depends on (see cache.py)."""
    front, chunks = read_checked(project_dir, doc_rel)
    settings = document_settings(project_dir, config, front, doc_rel)
    check_settings(project_dir, doc_rel, settings, chunks)  # refused before any document runs
    doc_dir = (project_dir / doc_rel).parent
    used_files = {}
    for options in settings.formats.values():
        for name in _as_list(options.get("template-partials")) + _as_list(options.get("css")):
            path = _find_file(str(name), doc_dir, project_dir)
            used_files[str(name)] = cache.sha256_file(path) if path else None
        for name in _as_list(options.get("font-paths")):
            path = font_path(str(name), doc_dir, project_dir)
            used_files[f"font-paths:{name}"] = cache.sha256_tree(path) if path.is_dir() else None
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
                  extra_key: Callable[[str], str] | None = None, workers: int | None = None,
                  strict: bool = False) -> BuildResult:
    """Render the project (or only ``files``) into its output dir.

    All-or-nothing: on any error the previous site is left untouched and ``RenderError`` is
    raised. A document whose key (``document_key`` plus ``extra_key(doc)``) is unchanged since
    the last build, and whose files are still in the site as written, is copied instead of
    executed, unless ``force``. Documents are executed once each, in parallel worker processes
    (``workers``, default: one per core) that each reuse one interpreter. A file named in
    ``files`` but outside the render list is rendered as Quarto renders it: without the
    project's ``execute`` options, next to its source (see ``render_beside_source``).
    ``strict``: see ``render_document``.
    """
    project_dir = Path(project_dir).resolve()
    config = load_yaml(project_dir / "_quarto.yml")
    if not config:
        raise RenderError(f"{project_dir}: no _quarto.yml")
    with build_lock(project_dir):
        _remove_leftovers(project_dir, output_dir_name(config))
        return _build_locked(project_dir, config, files=files, params=params, progress=progress, force=force,
                             extra_key=extra_key, workers=workers, strict=strict)


def _build_locked(project_dir: Path, config: dict, *, files, params, progress, force, extra_key,
                  workers, strict) -> BuildResult:
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
    if not full:
        listed = set(render_list(project_dir, config))
        outside = [rel for rel in targets if rel not in listed]
        if outside:
            render_beside_source(project_dir, config, outside, params, progress, strict=strict)
            targets = [rel for rel in targets if rel in listed]
            if not targets:
                return BuildResult(out_dir, tuple(outside), ())

    # The keys are hashed from the sources before the documents read them; a source that changes
    # in between would pair one version's key with another's output. So the sources' state is
    # noted before the keys and compared after the build (below).
    sources_before = _tree_state(project_dir, out_name)
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
            runs = pool.render_parallel(project_dir, config, jobs, params, n_workers, strict=strict)
        else:
            runs = pool.render_in_process(project_dir, config, jobs, params, strict=strict)
        doc_dirs = dict(jobs)
        for rel, made, seconds in runs:
            entries[rel] = cache.Entry(keys[rel], _merge_into(doc_dirs[rel], build_dir))
            done += 1
            progress(f"[{done}/{len(targets)}] {rel} … {', '.join(made) or 'nothing'} ({seconds:.1f} s)")
        changed = _changed(sources_before, _tree_state(project_dir, out_name))
        if changed and to_render:
            for rel in to_render:  # published, but not trusted: executed again next time
                entries.pop(rel, None)
            progress(f"warning: {', '.join(changed[:3])}{' …' if len(changed) > 3 else ''} changed during the "
                     f"build; the {len(to_render)} document(s) executed in it will be executed again next time")
        _swap_into_place(build_dir, out_dir)
    except BaseException:
        shutil.rmtree(build_dir, ignore_errors=True)
        raise
    cache.write_manifest(project_dir, entries)
    return BuildResult(out_dir, tuple(to_render), tuple(reuse))


def _changed(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    return sorted(rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel))


@contextmanager
def build_lock(project_dir: Path) -> Iterator[None]:
    """One build at a time in a project folder: a second one stops at once. The lock is the
    kernel's (flock), so a build that is killed releases it."""
    if fcntl is None:
        yield
        return
    path = project_dir / cache.MANIFEST.parent / "build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildRunning(f"a build is already running in {project_dir}; try again when it has finished") \
                from None
        yield
    finally:
        os.close(fd)


def _remove_leftovers(project_dir: Path, out_name: str) -> None:
    """Folders a killed build left behind. Called under the build lock, so none is in use. A
    site moved aside by a swap that was cut short (see ``_swap_into_place``) is put back."""
    out_dir = project_dir / out_name
    moved_aside = sorted(project_dir.glob(f"{glob_escape(out_name)}.old-*"), key=lambda p: p.stat().st_mtime)
    if moved_aside and not out_dir.exists():
        os.rename(moved_aside.pop(), out_dir)
    for path in moved_aside + list(project_dir.glob(f"{glob_escape(out_name)}.tmp-*")):
        shutil.rmtree(path, ignore_errors=True)


def render_beside_source(project_dir: Path, config: dict, docs: list[str], params: dict | None,
                         progress: Callable[[str], None], strict: bool = False) -> None:
    """Render documents outside the render list as Quarto does when they are named: the page,
    the PDF and the page's files (``<name>_files/``) next to the source, not in the site."""
    from . import pool  # IPython is imported only when something is executed

    with tempfile.TemporaryDirectory(prefix=".render-", dir=project_dir) as tmp:
        jobs = [(rel, Path(tmp) / f"doc-{i}") for i, rel in enumerate(docs)]
        for rel, made, seconds in pool.render_in_process(project_dir, config, jobs, params, strict=strict,
                                                         beside_source=True):
            out = dict(jobs)[rel]
            stem = rel[: -len(".qmd")]
            for path in sorted(p for p in out.rglob("*") if p.is_file()):
                name = path.relative_to(out).as_posix()
                if name in (f"{stem}.html", f"{stem}.pdf") or name.startswith(f"{stem}_files/"):
                    (project_dir / name).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, project_dir / name)
            progress(f"{rel} … {', '.join(made) or 'nothing'} ({seconds:.1f} s), written next to the source")


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
    """Put the new site in place of the old one. Where the system can exchange two folders in
    one step (Linux renameat2), the old site is there until the new one is; elsewhere the old
    site is moved aside first, and a build cut short in between leaves it to the next build to
    put back (``_remove_leftovers``)."""
    os.chmod(build_dir, 0o755)  # mkdtemp creates 0700 dirs; a published site should be readable
    if out_dir.exists() and _exchange(build_dir, out_dir):
        shutil.rmtree(build_dir, ignore_errors=True)  # now the old site
        return
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{out_dir.name}.old-", dir=out_dir.parent))
        os.rmdir(old)
        os.rename(out_dir, old)
    os.rename(build_dir, out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False where the system or file system cannot."""
    if sys.platform != "linux":
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
