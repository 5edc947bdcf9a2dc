"""Render one document: execute it once, then write its page and its PDF."""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

if TYPE_CHECKING:
    from .execute import Interpreter

from . import convert, subset
from .errors import Refused, RenderError
from .page import THEMES, _page_variables, published_date, theme_name
from .project import DocSettings, _as_list, document_settings, output_dir_name
from .qmd import QmdError, Unsupported, read_document
from .resources import _find_file, _Resources, rewrite_qmd_links

SUPPORTED_FORMATS = ("html", "typst")
# Where a document should write the files its page shows (charts, downloads): its own folder in
# the build. A relative link in its output is looked up there first. Unset under Quarto, where
# a document writes beside its source and Quarto copies what the page links to.
OUTPUT_DIR_ENV = "KLYNGE_RENDER_OUTPUT_DIR"


def render_document(project_dir: Path, config: dict, doc_rel: str, build_dir: Path,
                    params: dict | None, progress: Callable[[str], None],
                    interpreter: Interpreter | None = None, strict: bool = False,
                    beside_source: bool = False, typst: convert.Typst | None = None,
                    html_written: Callable[[Path, set[str]], None] | None = None) -> list[str]:
    """Execute one document once and write its HTML/PDF into ``build_dir``. Returns formats made.

    ``strict``: an inline expression that Quarto would leave in the page as code is an error
    (naming file and line) instead of being left as code. ``beside_source``: the document is
    outside the render list; it gets no project ``execute`` options and its libraries go into
    ``<name>_files/`` for a page written next to the source, as Quarto does.
    ``html_written(folder, files)`` is called as soon as the page and the files it links to are
    written (in ``folder``, by their site paths), while the PDF may still be in the making: a
    preview publishes the page at once. It may copy the files, not move them. ``typst``: the
    Typst child process to make the PDF in (kept by the caller for its documents); without it,
    one for this PDF.
    """
    from .execute import CellDefaults, ExecutionError, execute_document  # IPython: only when executing

    doc_path = project_dir / doc_rel
    doc_dir = doc_path.parent
    out_name = output_dir_name(config)
    front, chunks = read_checked(project_dir, doc_rel)
    settings = document_settings(project_dir, config, front, doc_rel, in_render_list=not beside_source)
    check_settings(project_dir, doc_rel, settings, chunks)
    if not front.get("title"):  # as Quarto: a heading that opens the body is the title
        title, chunks = subset.promote_first_heading(chunks)
        if title is not None:
            settings.metadata["title"] = title
    formats = dict(settings.formats)

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
            with _document_environment(project_dir, doc_path, work, _execute_info(doc_path, settings, job),
                                       beside_source):
                markdown = run(
                    chunks, doc_dir=doc_dir, doc_label=doc_rel, figure_dir=figure_dir,
                    params=params, defaults=CellDefaults.from_execute(_execute_options(settings, doc_rel)),
                    leaks=leaks,
                )
        except ExecutionError as exc:
            raise RenderError(str(exc), exc.details) from exc
        except Unsupported as exc:
            raise Refused(str(exc)) from exc
        if shown := subset.shown_execute_info(markdown, chunks, doc_rel):
            raise Refused(str(shown))
        if printed := sorted(set(convert.metadata_blocks(markdown)) - subset.PRINTED_METADATA):
            raise Refused(Unsupported(f"a metadata block printed by a cell that sets {', '.join(map(str, printed))}",
                                      (doc_rel, 1)).args[0])
        if leaks and strict:
            raise RenderError(leaks[0].message(doc_rel), "\n".join(leak.message(doc_rel) for leak in leaks))
        for leak in leaks:
            progress(f"  warning: {leak.message(doc_rel)}")
        resources.take_own_files()
        libs = (Path(doc_rel).parent / f"{doc_path.stem}_files" / "libs").as_posix() if beside_source else "site_libs"
        made, keep = _write_outputs(project_dir, config, doc_rel, job, settings, formats, markdown, resources, libs,
                                    html_written, typst)
        for rel in sorted(keep):  # only the pages and what they link to are published
            (build_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(job / rel, build_dir / rel)
        return made
    except convert.ConvertError as exc:
        raise RenderError(f"{doc_rel}: {exc}") from exc
    finally:
        shutil.rmtree(job, ignore_errors=True)


def _execute_info(doc_path: Path, settings: DocSettings, job: Path) -> Path:
    """The file ``QUARTO_EXECUTE_INFO`` names: the document's path and the format it is executed
    for (Quarto writes its whole resolved format; this has the identifier, the options and the
    metadata). The first format (html where there is one) stands for all: it is executed once."""
    name = next(iter(settings.formats), "html")
    info = {"document-path": str(doc_path),
            "format": {"identifier": {"display-name": name.upper() if name == "html" else name.capitalize(),
                                      "target-format": name, "base-format": name},
                       "execute": settings.execute, "render": {}, "pandoc": {"to": name},
                       "language": {}, "metadata": settings.metadata}}
    path = job / ".execute-info.json"
    path.write_text(json.dumps(info, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def _execute_options(settings: DocSettings, doc_rel: str) -> dict:
    """The ``execute`` options with those set under a format (``format: html: echo: false``),
    which Quarto applies to that format. The document is executed once for all its formats, so
    formats that set them differently are refused."""
    per_format = [{k: v for k, v in options.items() if k in subset.EXECUTE_OPTIONS}
                  for options in settings.formats.values()]
    if any(p != per_format[0] for p in per_format[1:]):
        raise Refused(Unsupported("execute options that differ between formats", (doc_rel, 1)).args[0])
    options = {**settings.execute, **(per_format[0] if per_format else {})}
    if "fig-format" in settings.formats.get("html", {}):
        options["fig-format"] = settings.formats["html"]["fig-format"]
    return options


def read_checked(project_dir: Path, doc_rel: str) -> tuple[dict, list]:
    """A document's front matter and chunks; a construct outside the subset is ``Refused``."""
    try:
        return read_document(project_dir / doc_rel, project_dir)
    except Unsupported as exc:
        raise Refused(str(exc)) from exc
    except QmdError as exc:
        raise RenderError(f"{doc_rel}: {exc}") from exc


def check_settings(project_dir: Path, doc_rel: str, settings: DocSettings, chunks: list) -> None:
    """Refuse (``Refused``) a document whose settings or body use what the engine cannot render."""
    try:
        subset.check_document(settings.metadata, settings.formats, settings.execute, chunks, doc_rel,
                              subset.front_matter_lines(project_dir / doc_rel))
        for folder in {(project_dir / doc_rel).parent, project_dir}:
            if (folder / "_extensions").is_dir():
                raise Unsupported("Quarto extensions (_extensions/)", None, doc_rel)
    except Unsupported as exc:
        raise Refused(str(exc)) from exc


def unsupported_constructs(project_dir: Path, config: dict, doc_rel: str) -> list[str]:
    """Every construct of a document the engine would refuse, one line each (for ``klynge check``)."""
    try:
        front, chunks = read_document(project_dir / doc_rel, project_dir)
    except Unsupported as exc:
        return [str(exc)]
    except QmdError:
        return []
    settings = document_settings(project_dir, config, front, doc_rel)
    return [str(p) for p in subset.find_unsupported(settings.metadata, settings.formats, settings.execute, chunks,
                                                    doc_rel, subset.front_matter_lines(project_dir / doc_rel))]


@contextmanager
def _document_environment(project_dir: Path, doc_path: Path, work: Path, execute_info: Path,
                          beside_source: bool = False) -> Iterator[None]:
    """The variables Quarto sets for a document's code, plus where its output files go; and
    modules beside the source stay importable, as in a kernel started in the source folder.
    A file outside the render list is rendered by Quarto as a project of its own: its
    QUARTO_PROJECT_ROOT is its own folder (tests/quarto_1_10, case sub/excluded-root)."""
    root = doc_path.parent if beside_source else project_dir
    values = {"QUARTO_PROJECT_ROOT": str(root), "QUARTO_DOCUMENT_PATH": str(doc_path.parent),
              "QUARTO_DOCUMENT_FILE": doc_path.name, OUTPUT_DIR_ENV: str(work),
              "QUARTO_EXECUTE_INFO": str(execute_info)}
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
                   html_written: Callable[[Path, set[str]], None] | None = None,
                   typst: convert.Typst | None = None) -> tuple[list[str], set[str]]:
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
        pdf = thread.submit(_write_pdf, project_dir, doc_rel, job, typst_options, source, pdf_rel, typst) \
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


def _write_pdf(project_dir: Path, doc_rel: str, job: Path, options: dict, source: str, pdf_rel: str,
               typst: convert.Typst | None = None) -> None:
    partials = _required_files(options, "template-partials", "template partial", doc_rel, project_dir)
    typ = convert.markdown_to_typst(source, partials=partials, options=options)
    if options.get("keep-typ") is True:
        (job / f"{pdf_rel[: -len('.pdf')]}.typ").write_text(typ, encoding="utf-8")
    # Typst may read only the document's own build folder: what it made and the files it may use.
    convert.typst_to_pdf(typ, doc_dir=job / posixpath.dirname(doc_rel), root=job, pdf_path=job / pdf_rel,
                         standards=convert.pdf_standards(options),
                         font_paths=_font_paths(options, doc_rel, project_dir), typst=typst)


def _font_paths(options: dict, doc_rel: str, project_dir: Path) -> list[Path]:
    """The Typst format's ``font-paths`` as Quarto resolves them: relative to the document's
    folder, or to the project's with a leading ``/``."""
    found = []
    for name in _as_list(options.get("font-paths")):
        path = font_path(str(name), (project_dir / doc_rel).parent, project_dir)
        if not path.is_dir():
            raise RenderError(f"{doc_rel}: font path not found: {name}")
        found.append(path)
    return found


def font_path(name: str, doc_dir: Path, project_dir: Path) -> Path:
    """One ``font-paths`` entry: relative to the document's folder, or to the project's with a
    leading ``/``."""
    return project_dir / name.lstrip("/") if name.startswith("/") else doc_dir / name


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
    # As Quarto's website pages (computePageTitle): `pagetitle`, also one a cell printed in a
    # metadata block, else the title.
    printed = convert.metadata_blocks(markdown)
    pagetitle = printed.get("pagetitle") or settings.metadata.get("pagetitle")
    title = (convert.plain_text(str(pagetitle)) if pagetitle else None) or \
        settings.metadata.get("title") or convert.first_heading(markdown) or ""
    page = _page_variables(config, doc_rel, str(title), css, pdf_rel, theme_css,
                           str(settings.metadata.get("lang") or "en"), options.get("format-links"))
    if date := published_date(settings.metadata.get("date"), str(settings.metadata.get("lang") or "en")):
        page["published-date"] = convert.escape(date)
    page_html = convert.markdown_to_html(source, page=page, toc=options.get("toc") is True)
    page_html = rewrite_qmd_links(page_html)
    html_rel = f"{doc_rel[: -len('.qmd')]}.html"
    html_path = job / html_rel
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(page_html, encoding="utf-8")
    return {html_rel, *css, *theme_css, *resources.linked(page_html, own={pdf_rel} if pdf_rel else set())}
