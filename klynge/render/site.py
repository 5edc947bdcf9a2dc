"""Render a Quarto website project with the built-in engine.

Project config, the render list, pre-render, per-document metadata/format
resolution, and an all-or-nothing build: the site is assembled in a temp dir
next to the output dir and swapped into place only if every document succeeded.
"""

from __future__ import annotations

import copy
import ctypes
import html as htmllib
import os
import posixpath
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from glob import escape as glob_escape
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator
from urllib.parse import unquote, urlsplit

import yaml

try:
    import fcntl
except ImportError:  # not POSIX: builds are not locked against each other
    fcntl = None

if TYPE_CHECKING:
    from .execute import Interpreter

from . import cache, convert
from .qmd import QmdError, read_document

SUPPORTED_FORMATS = ("html", "typst")
# Where a document should write the files its page shows (charts, downloads): its own folder in
# the build. A relative link in its output is looked up there first. Unset under Quarto, where
# a document writes beside its source and Quarto copies what the page links to.
OUTPUT_DIR_ENV = "KLYNGE_RENDER_OUTPUT_DIR"
_PROJECT_ONLY_KEYS = {"project", "website", "format", "execute"}


class RenderError(Exception):
    """Rendering failed. ``str()`` is one line naming the document (and cell) and the error."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.details = details


class BuildRunning(RenderError):
    """Another build holds the project's build lock."""


class RefusedLink(RenderError):
    """A page links to a file it may not publish; ``target`` is the link as the page has it."""

    def __init__(self, message: str, target: str = ""):
        super().__init__(message)
        self.target = target

    def __reduce__(self):  # it crosses from a worker process with its target
        return (type(self), (str(self), self.target))


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


class _Resources:
    """Which local files a document's page may publish.

    Only what the document made (its output folder in the build, where its cells write and its
    figures go) and project files that are the document's own: named in its source text, or
    written beside it while it ran (as a Quarto document writes its charts). A link made from
    data or editorial text to any other project file (the answers in data/, the build cache)
    is refused, and a link that climbs out of the site is refused too. Files are looked up by
    the same path the page uses, so the published file is the one the page names.
    """

    def __init__(self, project_dir: Path, doc_rel: str, job: Path, chunks, out_name: str):
        self.project_dir, self.doc_rel, self.job, self.out_name = project_dir, doc_rel, job, out_name
        self.doc_dir_rel = posixpath.dirname(doc_rel)
        self.named = {rel for rel in (self.site_path(t, strict=False) for t in _source_urls(chunks)) if rel}
        self.before = _tree_state(project_dir / self.doc_dir_rel, out_name)

    def site_path(self, target: str, *, strict: bool = True) -> str | None:
        """``target`` (relative to the document) as a path from the site's root; a target
        outside the site is an error (or ``None`` when not ``strict``)."""
        rel = posixpath.normpath(posixpath.join(self.doc_dir_rel, target.replace("\\", "/")))
        if rel == ".." or rel.startswith("../") or rel.startswith("/"):
            if strict:
                raise RefusedLink(f"{self.doc_rel}: the page links to {target}, which is outside the site", target)
            return None
        return rel

    def take_own_files(self) -> None:
        """Copy into the document's build folder the project files it may use (named in its
        source or written while it ran), so that Typst, whose root is that folder, and the
        page find them there and nothing else."""
        changed = _tree_state(self.project_dir / self.doc_dir_rel, self.out_name)
        written = {posixpath.normpath(posixpath.join(self.doc_dir_rel, rel))
                   for rel, state in changed.items() if self.before.get(rel) != state}
        for rel in sorted(self.named | written):
            src = self.project_dir / rel
            dest = self.job / rel
            if _publishable_source(src, rel, self.out_name) and not dest.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)

    def linked(self, page_html: str, own: set[str]) -> set[str]:
        """The local files the page links to, all in the document's build folder (``own``: the
        document's other outputs, such as its PDF, which may still be in the making)."""
        found = set()
        for _, url in _URL_ATTR.findall(page_html):
            target = _local_target(htmllib.unescape(url))
            if not target or target.endswith((".qmd", ".html")):
                continue
            rel = self.site_path(target)
            if rel in own or _other_documents_output(self.project_dir, rel):
                continue
            path = self.job / rel
            if path.is_file() and not path.is_symlink():
                found.add(rel)
            elif (self.project_dir / rel).exists():
                raise RefusedLink(f"{self.doc_rel}: the page links to {target}, a project file the document "
                                  "neither made nor names in its source; it is not published", target)
        return found


def _other_documents_output(project_dir: Path, rel: str) -> bool:
    """A link to another document's output (``reports/x.pdf`` for ``reports/x.qmd``): that
    document publishes it, not this one."""
    stem, ext = posixpath.splitext(rel)
    return bool(ext) and (project_dir / f"{stem}.qmd").is_file()


_SOURCE_URL = re.compile(r"\]\(\s*<?([^\s)>]+)|\b(?:src|href)\s*=\s*[\"']([^\"']+)|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.M)


def _source_urls(chunks) -> list[str]:
    """Local link and image targets written in a document's own Markdown (not its output), and
    Markdown links its code spells out literally to a file in the document's own folder
    (``print('![…](img/x.svg)')``, as in Quarto 1.10's figure case): never up out of the folder
    or into a hidden one, so a cell cannot publish data by naming it."""
    urls = []
    for chunk in chunks:
        text = getattr(chunk, "text", None)
        in_code = text is None
        if in_code:
            text = getattr(chunk, "source", None) or ""
        for m in _SOURCE_URL.finditer(text):
            target = _local_target(next(g for g in m.groups() if g))
            if target and in_code:
                parts = posixpath.normpath(target).split("/")
                if target.startswith("/") or any(p == ".." or p.startswith((".", "_")) for p in parts):
                    continue
            if target:
                urls.append(target)
    return urls


def _publishable_source(path: Path, rel: str, out_name: str) -> bool:
    parts = rel.split("/")
    hidden = any(p.startswith(".") for p in parts) or parts[0] == out_name or parts[0].startswith(f"{out_name}.")
    return not hidden and path.is_file() and not path.is_symlink()


def _tree_state(folder: Path, out_name: str) -> dict[str, tuple]:
    """(mtime, size, inode) of every file below ``folder``, skipping hidden and underscore
    folders (Quarto's own and the output), so a write or a replacement shows as a change."""
    state = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_")) and d != out_name]
        for name in files:
            path = os.path.join(root, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            state[os.path.relpath(path, folder).replace(os.sep, "/")] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return state


def _relative_href(target_rel: str, page_rel: str) -> str:
    return posixpath.relpath(target_rel, posixpath.dirname(page_rel) or ".")


def _find_file(name: str, doc_dir: Path, project_dir: Path) -> Path | None:
    for base in ((project_dir,) if name.startswith("/") else (doc_dir, project_dir)):
        path = base / name.lstrip("/")
        if path.is_file():
            return path
    return None


# ---------------------------------------------------------------- one document


# Themes the built-in engine carries (Bootstrap 5.3.8 and Bootswatch 5.3.8 from npm, see
# templates/bootstrap/README.md); Quarto's default theme is Bootstrap's own.
THEMES = {"default": "default.min.css", "cosmo": "cosmo.min.css"}
# Quarto's words for the page furniture, by language (its translations for da and en).
_WORDS = {
    "da": {"formats-title": "Andre formater", "author-title": "Forfatter", "toc-title": "Indholdsfortegnelse"},
    "en": {"formats-title": "Other Formats", "author-title": "Author", "toc-title": "Table of contents"},
}


def theme_name(options: dict, doc_rel: str) -> str | None:
    """The Bootstrap theme of an html format (``None`` for ``theme: none``)."""
    theme = options.get("theme", "default")
    if isinstance(theme, list):  # [cosmo, custom.scss]: the built-in engine cannot compile SCSS
        raise RenderError(f"{doc_rel}: theme {theme}: the built-in engine takes one theme name and "
                          f"plain css files (css:), not SCSS")
    if theme in (None, "none"):
        return None
    if str(theme) not in THEMES:
        raise RenderError(f"{doc_rel}: theme '{theme}' is not bundled with the built-in engine "
                          f"(it has: none, {', '.join(THEMES)})")
    return str(theme)


def _quarto_relative(href: str) -> str:
    """Quarto writes navigation links in the page's own folder as ``./name.html``."""
    return href if href.startswith("../") else f"./{href}"


def _page_variables(config: dict, doc_rel: str, pagetitle: str, css: list[str], pdf: str | None,
                    theme_css: list[str], lang: str, format_links_option=None) -> dict:
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
            "href": esc(_quarto_relative(_relative_href(target, page_html)) if target else href),
            "text": esc(text),
            "active": target == page_html,
        })
    site_title = website.get("title") or ""
    title = f"{pagetitle} – {site_title}" if pagetitle and site_title and pagetitle != site_title else (pagetitle or site_title)
    root = _quarto_relative(_relative_href("index.html", page_html))[: -len("index.html")]
    words = _WORDS.get(lang.split("-")[0], _WORDS["en"])
    page = {
        "pagetitle": esc(title or Path(doc_rel).stem),
        "site-title": esc(site_title),
        "site-root": esc(root),
        "nav": nav,
        "css": [esc(_relative_href(c, page_html)) for c in css],
        "theme-css": [esc(_relative_href(c, page_html)) for c in theme_css],
        "body-classes": "nav-fixed" + ("" if pdf else " fullcontent"),
        **{k: esc(v) for k, v in words.items()},
    }
    if theme_css:
        page["bootstrap"] = True
    if pdf:
        links = format_links(format_links_option, posixpath.basename(pdf))
        if links:
            page["formats"] = [{"href": esc(href), "text": esc(text), "format": "typst"} for text, href in links]
    return page


def format_links(option, pdf_href: str) -> list[tuple[str, str]]:
    """The "Other formats" links of a page whose only other format is Typst, by the html
    format's ``format-links`` as Quarto 1.10 reads it (format-html-links.ts): by default the
    link is named after the format ("Typst"); ``false`` shows none; a list names them, a
    ``{format: typst, text: …}`` entry with its own text, and unless the list holds at least one
    format name, every format is added after it under its default name (so
    ``[html, {format: typst, text: PDF}]`` gives one link, "PDF")."""
    if option is False or option is True or option is None:
        return [] if option is False else [("Typst", pdf_href)]
    entries = option if isinstance(option, list) else [option]
    links = []
    for entry in entries:
        if entry == "typst":
            links.append(("Typst", pdf_href))
        elif isinstance(entry, dict) and "format" in entry:
            if entry["format"] == "typst":
                links.append((str(entry.get("text") or "Typst"), pdf_href))
        elif isinstance(entry, dict) and "text" in entry and "href" in entry:
            links.append((str(entry["text"]), str(entry["href"])))
    if not any(isinstance(entry, str) for entry in entries):
        links.append(("Typst", pdf_href))
    return links


def render_document(project_dir: Path, config: dict, doc_rel: str, build_dir: Path,
                    params: dict | None, progress: Callable[[str], None],
                    interpreter: Interpreter | None = None, strict: bool = False,
                    beside_source: bool = False,
                    html_written: Callable[[Path, set[str]], None] | None = None) -> list[str]:
    """Execute one document once and write its HTML/PDF into ``build_dir``. Returns formats made.

    ``strict``: an inline expression that Quarto would leave in the page as code is an error
    (naming file and line) instead of being left as code. ``beside_source``: the document is
    outside the render list; it gets no project ``execute`` options and its libraries go into
    ``<name>_files/`` for a page written next to the source, as Quarto does.
    ``html_written(folder, files)`` is called as soon as the page and the files it links to are
    written (in ``folder``, by their site paths), while the PDF may still be in the making: a
    preview publishes the page at once. It may copy the files, not move them.
    """
    from .execute import CellDefaults, ExecutionError, execute_document  # IPython: only when executing

    doc_path = project_dir / doc_rel
    doc_dir = doc_path.parent
    out_name = output_dir_name(config)
    try:
        front, chunks = read_document(doc_path, project_dir)
    except QmdError as exc:
        raise RenderError(f"{doc_rel}: {exc}") from exc
    settings = document_settings(project_dir, config, front, doc_rel, in_render_list=not beside_source)
    for name in settings.formats:
        if name not in SUPPORTED_FORMATS:
            progress(f"  warning: {doc_rel}: format '{name}' is not supported by the built-in engine; skipped")
    formats = {k: v for k, v in settings.formats.items() if k in SUPPORTED_FORMATS}

    # The document runs beside its source (cwd, as in Quarto), but everything it makes goes into
    # its own folder in the build (the figures, and what it writes to OUTPUT_DIR_ENV): the source
    # tree is not written to, and a build in progress cannot disturb another one's files.
    build_dir.mkdir(parents=True, exist_ok=True)
    job = Path(tempfile.mkdtemp(prefix=".doc-", dir=build_dir))
    work = job / posixpath.dirname(doc_rel)
    figure_dir = work / f"{doc_path.stem}_files" / "figure-html"
    leaks: list = []
    try:
        work.mkdir(parents=True, exist_ok=True)
        resources = _Resources(project_dir, doc_rel, job, chunks, out_name)
        try:
            run = interpreter.run if interpreter is not None else execute_document
            with _document_environment(project_dir, doc_path, work, beside_source):
                markdown = run(
                    chunks, doc_dir=doc_dir, doc_label=doc_rel, figure_dir=figure_dir,
                    params=params, defaults=CellDefaults.from_execute(settings.execute), leaks=leaks,
                )
        except ExecutionError as exc:
            raise RenderError(str(exc), exc.details) from exc
        if leaks and strict:
            raise RenderError(leaks[0].message(doc_rel), "\n".join(leak.message(doc_rel) for leak in leaks))
        for leak in leaks:
            progress(f"  warning: {leak.message(doc_rel)}")
        resources.take_own_files()
        libs = (Path(doc_rel).parent / f"{doc_path.stem}_files" / "libs").as_posix() if beside_source else "site_libs"
        made, keep = _write_outputs(project_dir, config, doc_rel, job, settings, formats, markdown, resources, libs,
                                    html_written)
        for rel in sorted(keep):  # only the pages and what they link to are published
            (build_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(job / rel, build_dir / rel)
        return made
    except convert.ConvertError as exc:
        raise RenderError(f"{doc_rel}: {exc}") from exc
    finally:
        shutil.rmtree(job, ignore_errors=True)


@contextmanager
def _document_environment(project_dir: Path, doc_path: Path, work: Path,
                          beside_source: bool = False) -> Iterator[None]:
    """The variables Quarto sets for a document's code, plus where its output files go; and
    modules beside the source stay importable, as in a kernel started in the source folder.
    A file outside the render list is rendered by Quarto as a project of its own: its
    QUARTO_PROJECT_ROOT is its own folder (tests/quarto_1_10, case sub/excluded-root)."""
    root = doc_path.parent if beside_source else project_dir
    values = {"QUARTO_PROJECT_ROOT": str(root), "QUARTO_DOCUMENT_PATH": str(doc_path.parent),
              "QUARTO_DOCUMENT_FILE": doc_path.name, OUTPUT_DIR_ENV: str(work)}
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    sys.path.insert(0, str(doc_path.parent))
    try:
        yield
    finally:
        sys.path.remove(str(doc_path.parent))
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _write_outputs(project_dir: Path, config: dict, doc_rel: str, job: Path, settings: DocSettings,
                   formats: dict, markdown: str, resources: _Resources, libs: str,
                   html_written: Callable[[Path, set[str]], None] | None = None) -> tuple[list[str], set[str]]:
    """Write the page and the PDF into the document's build folder; return the formats made and
    the files to publish."""
    source = convert.with_front_matter(markdown, settings.metadata)
    stem = doc_rel[: -len(".qmd")]
    pdf_rel = f"{stem}.pdf" if "typst" in formats else None
    made, keep = [], set()
    if (formats.get("html") or {}).get("keep-md") is True:  # the executed Markdown, as Quarto keeps it
        (job / f"{stem}.html.md").write_text(source, encoding="utf-8")
        keep.add(f"{stem}.html.md")
    # The PDF (pandoc, then typst) is made in a thread while this one makes the page (pandoc
    # again): both mostly wait for work outside Python.
    with ThreadPoolExecutor(max_workers=1) as thread:
        typst_options = dict(formats.get("typst") or {})
        if "keywords" in settings.metadata:  # front-matter keywords reach the PDF as in Quarto
            typst_options.setdefault("keywords", settings.metadata["keywords"])
        pdf = thread.submit(_write_pdf, project_dir, doc_rel, job, typst_options, source, pdf_rel) \
            if pdf_rel else None
        if "html" in formats:
            keep |= _write_html(project_dir, config, doc_rel, job, settings, formats["html"], markdown, source,
                                pdf_rel, resources, libs)
            made.append("html")
            if html_written is not None:
                html_written(job, set(keep))
        if pdf is not None:
            pdf.result()
            made.append("pdf")
            keep.add(pdf_rel)
            if typst_options.get("keep-typ") is True:
                keep.add(f"{stem}.typ")
    return made, keep


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


def _write_pdf(project_dir: Path, doc_rel: str, job: Path, options: dict, source: str, pdf_rel: str) -> None:
    partials = _required_files(options, "template-partials", "template partial", doc_rel, project_dir)
    typ = convert.markdown_to_typst(source, partials=partials, options=options)
    if options.get("keep-typ") is True:
        (job / f"{pdf_rel[: -len('.pdf')]}.typ").write_text(typ, encoding="utf-8")
    # Typst may read only the document's own build folder: what it made and the files it may use.
    convert.typst_to_pdf(typ, doc_dir=job / posixpath.dirname(doc_rel), root=job, pdf_path=job / pdf_rel,
                         standards=convert.pdf_standards(options),
                         font_paths=_font_paths(options, doc_rel, project_dir))


def _font_paths(options: dict, doc_rel: str, project_dir: Path) -> list[Path]:
    """The Typst format's ``font-paths`` as Quarto resolves them: relative to the document's
    folder, or to the project's with a leading ``/``."""
    found = []
    for name in _as_list(options.get("font-paths")):
        name = str(name)
        path = project_dir / name.lstrip("/") if name.startswith("/") else (project_dir / doc_rel).parent / name
        if not path.is_dir():
            raise RenderError(f"{doc_rel}: font path not found: {name}")
        found.append(path)
    return found


def _write_html(project_dir: Path, config: dict, doc_rel: str, job: Path, settings: DocSettings, options: dict,
                markdown: str, source: str, pdf_rel: str | None, resources: _Resources, libs: str) -> set[str]:
    theme_css = []
    if theme := theme_name(options, doc_rel):
        for name, rel in (("bootstrap/" + THEMES[theme], f"{libs}/bootstrap/bootstrap.min.css"),
                          ("quarto-page.css", f"{libs}/quarto-html/quarto-page.css")):
            (job / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(convert.TEMPLATES / name, job / rel)
            theme_css.append(rel)
    css = []
    for path in _required_files(options, "css", "css file", doc_rel, project_dir):
        rel = path.resolve().relative_to(project_dir.resolve()).as_posix()
        (job / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, job / rel)
        css.append(rel)
    title = settings.metadata.get("title") or convert.first_heading(markdown) or ""
    page = _page_variables(config, doc_rel, str(title), css, pdf_rel, theme_css,
                           str(settings.metadata.get("lang") or "en"), options.get("format-links"))
    page_html = convert.markdown_to_html(source, page=page, toc=options.get("toc") is True)
    page_html = rewrite_qmd_links(page_html)
    html_rel = f"{doc_rel[: -len('.qmd')]}.html"
    html_path = job / html_rel
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(page_html, encoding="utf-8")
    return {html_rel, *css, *theme_css, *resources.linked(page_html, own={pdf_rel} if pdf_rel else set())}


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
        for name in _as_list(options.get("font-paths")):
            path = project_dir / str(name).lstrip("/") if str(name).startswith("/") else doc_dir / str(name)
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
    from . import pool

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

