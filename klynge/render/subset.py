"""What the built-in engine renders as Quarto does, and the refusal of everything else.

A construct Quarto gives meaning to that the engine does not reproduce is refused by name before
anything runs (``Unsupported``: one line with the construct, its file and line), so the engine
never makes a page that differs silently. See the README's list of supported constructs.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import yaml

from .qmd import CodeCell, Markdown, Unsupported, _track_fence

FORMATS = ("html", "typst")
# Cell options the engine applies as Quarto does.
CELL_OPTIONS = {"label", "echo", "eval", "output", "include", "warning", "error", "fig-cap", "fig-alt", "tags",
                "tbl-cap", "fig-subcap", "layout-ncol"}
# Keys a metadata block printed by an `output: asis` cell may set (the page's <title> and the
# PDF's subject, as Quarto reads them); other keys are refused.
PRINTED_METADATA = {"pagetitle", "subject"}
EXECUTE_OPTIONS = {"echo", "eval", "output", "include", "warning", "error", "freeze", "cache", "daemon"}
# Format options the engine applies (or that change nothing it makes); any other is refused.
HTML_OPTIONS = {"theme", "css", "keep-md", "toc", "fig-format", *EXECUTE_OPTIONS, "lang", "title", "subtitle", "author",
                "format-links"}
FIG_FORMATS = ("png", "svg")  # ``fig-format`` values the engine draws as Quarto does
TYPST_OPTIONS = {"papersize", "fontsize", "pdf-standard", "author", "region", "template-partials", "keep-typ",
                 "font-paths",
                 "keywords", "lang", "title", "subtitle", "date", *EXECUTE_OPTIONS}
LANGUAGES = ("da", "en")  # the languages whose words (Figure, Note, Author …) the engine carries
# Front-matter keys Quarto gives a meaning the engine does not reproduce. Keys Quarto does not know
# (a document's own metadata) change nothing on the page and are accepted.
RENDERING_KEYS = {
    "abstract", "abstract-title", "affiliation", "affiliations", "anchor-sections", "appendix-style",
    "bibliography", "brand", "callout-appearance", "callout-icon", "cap-location", "categories", "citation",
    "citation-location", "citations-hover", "code-annotations", "code-copy", "code-fold", "code-line-numbers",
    "code-link", "code-links", "code-overflow", "code-summary", "code-tools", "comments", "copyright",
    "crossref", "csl", "date-format", "date-modified", "description", "df-print", "doi", "fig-align",
    "fig-cap-location", "fig-dpi", "fig-format", "fig-height", "fig-responsive", "fig-width", "filters",
    "footnotes-hover", "format-links", "funding", "grid", "highlight-style", "html-math-method", "image",
    "include-after-body", "include-before-body", "include-in-header", "institute", "license",
    "lightbox", "link-citations", "link-external-icon", "link-external-newwindow", "listing", "mainfont",
    "margin-footer", "margin-header", "mermaid", "monofont", "number-depth", "number-offset", "number-sections",
    "other-links", "page-layout", "published-title", "reference-location", "search", "shift-heading-level-by",
    "shortcodes", "smooth-scroll", "tbl-cap-location", "tbl-colwidths", "theme", "title-block-banner",
    "title-block-categories", "title-block-style", "toc", "toc-depth", "toc-expand", "toc-location", "toc-title",
    "css", "ojs-engine", "output-file", "subject-title", "author-title", "abstract-title", "code-block-bg",
    "code-block-border-left", "linestretch", "fontsize", "fontcolor", "linkcolor", "backgroundcolor",
    "max-width", "margin-left", "margin-right", "margin-top", "margin-bottom", "classoption", "embed-resources",
    "self-contained", "notebook-links", "notebook-view", "notebook-subarticles", "execute-dir",
}
# Fenced-div classes Quarto gives meaning to (prefixes); ``content-visible`` and ``content-hidden``
# are rendered, and so are the callouts in CALLOUTS with no option but ``title``.
DIV_CLASSES = ("panel-", "column-", "callout", "page-columns", "aside", "margin", "tabset", "grid", "g-col",
               "hidden", "lightbox", "cell", "quarto-", "border", "listing", "layout", "unnumbered", "unlisted",
               "landscape", "sidebar", "incremental", "nonincremental", "fragment", "notes", "r-", "smaller",
               "footer", "center", "absolute", "dashboard", "valuebox", "card", "flow", "fill", "toolbar")
CALLOUTS = ("note", "warning", "important", "tip", "caution")
_DIV_OPEN = re.compile(r"^:{3,}\s*(\{[^}]*\}|[\w-]+)\s*$")
_ATTR = re.compile(r"[\w-]+=(?:\"[^\"]*\"|'[^']*'|\S+)")
_XREF = re.compile(r"(?<![\w@])-?@(fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg|nte|wrn|imp|tip|cau)-[\w-]+")
_LABELLED = re.compile(r"\{[^}]*#(sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg|tbl|fig)-[\w-]*[^}]*\}")


def check_document(metadata: dict, formats: dict[str, dict], execute: dict, chunks: list, doc_rel: str,
                   front_lines: dict[str, int] | None = None) -> None:
    """Raise ``Unsupported`` for the first construct outside the subset (in document order:
    front matter, then the body)."""
    for problem in find_unsupported(metadata, formats, execute, chunks, doc_rel, front_lines):
        raise problem


def find_unsupported(metadata: dict, formats: dict[str, dict], execute: dict, chunks: list, doc_rel: str,
                     front_lines: dict[str, int] | None = None) -> list[Unsupported]:
    front_lines = front_lines or {}

    def at(key: str) -> tuple[str, int]:
        return (doc_rel, front_lines.get(key, 1))

    found: list[Unsupported] = []
    for name, options in formats.items():
        if name not in FORMATS:
            found.append(Unsupported(f"format '{name}'", at("format")))
            continue
        allowed = HTML_OPTIONS if name == "html" else TYPST_OPTIONS
        for key, value in options.items():
            if key not in allowed:
                found.append(Unsupported(f"{name} format option '{key}'", at(key)))
            elif key == "toc" and value is True and name == "html":
                found.append(Unsupported("html format option 'toc: true'", at(key)))
            elif key == "fig-format" and value not in FIG_FORMATS:
                found.append(Unsupported(f"html format option 'fig-format: {value}'", at(key)))
    for key in metadata:
        if key in RENDERING_KEYS:
            found.append(Unsupported(f"front-matter key '{key}'", at(key)))
        elif key == "engine" and metadata[key] not in ("jupyter",):
            found.append(Unsupported(f"engine '{metadata[key]}'", at(key)))
    lang = str(metadata.get("lang") or "en").split("-")[0].split("_")[0]
    if lang not in LANGUAGES:
        found.append(Unsupported(f"lang '{metadata.get('lang')}'", at("lang")))
    for key in execute:
        if key not in EXECUTE_OPTIONS:
            found.append(Unsupported(f"execute option '{key}'", at(key)))
    if "date" in metadata and iso_date(metadata["date"]) is None and not verbatim_date(metadata["date"]):
        found.append(Unsupported(f"date '{metadata['date']}' (the engine formats YYYY-MM-DD dates)", at("date")))
    if isinstance(metadata.get("author"), (list, dict)) and _structured_authors(metadata["author"]):
        found.append(Unsupported("author with fields (name, affiliation …)", at("author")))
    for chunk in chunks:
        if isinstance(chunk, CodeCell):
            found.extend(_cell_problems(chunk, doc_rel, html_only=list(formats) == ["html"]))
        elif isinstance(chunk, Markdown):
            found.extend(_markdown_problems(chunk, doc_rel))
    return found


def iso_date(value) -> _dt.date | None:
    """A front-matter ``date`` the engine formats as Quarto does (a YYYY-MM-DD date)."""
    if isinstance(value, _dt.date):
        return value if not isinstance(value, _dt.datetime) else None
    try:
        return _dt.date.fromisoformat(str(value)) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)) else None
    except ValueError:
        return None


_JS_DATE_WORDS = {
    *"january february march april may june july august september october november december".split(),
    *"jan feb mar apr jun jul aug sep sept oct nov dec".split(),
    *"monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun".split(),
    "am", "pm", "utc", "gmt", "z", "t", "ut",
}


def verbatim_date(value) -> bool:
    """A ``date`` Quarto shows as written: a string JavaScript's date parser cannot read, which
    holds a word that is no English month or day name ("1. marts 2026"). Quarto re-formats what it
    can read ("March 2026" → "March 1, 2026"); the engine formats only YYYY-MM-DD and refuses the rest."""
    if not isinstance(value, str):
        return False
    if value.strip().lower() in ("today", "now", "last-modified"):  # Quarto puts in a date
        return False
    words = re.findall(r"[^\W\d_]+", value.lower())
    return any(word not in _JS_DATE_WORDS for word in words)


def _structured_authors(value) -> bool:
    items = value if isinstance(value, list) else [value]
    return any(not isinstance(item, str) for item in items)


def _cell_problems(cell: CodeCell, doc_rel: str, html_only: bool = False) -> list[Unsupported]:
    where = cell.where or (doc_rel, 0)
    known = CELL_OPTIONS | ({"fig-pos"} if html_only else set())  # fig-pos: LaTeX's placement, no HTML effect
    problems = [Unsupported(f"cell option '{key}'", where) for key in cell.options if key not in known]
    for key in ("fig-cap", "fig-alt", "tbl-cap"):
        if isinstance(cell.options.get(key), (list, dict)):
            problems.append(Unsupported(f"cell option '{key}' with several values (subfigures)", where))
    if "fig-subcap" in cell.options and not isinstance(cell.options["fig-subcap"], list):
        problems.append(Unsupported("cell option 'fig-subcap' that is not a list", where))
    if "layout-ncol" in cell.options and "fig-subcap" not in cell.options:
        problems.append(Unsupported("cell option 'layout-ncol' without fig-subcap", where))
    echo = cell.options.get("echo")
    if echo not in (None, True, False, "fenced"):
        problems.append(Unsupported(f"cell option 'echo: {echo}'", where))
    output = cell.options.get("output")
    if output not in (None, True, False, "asis"):
        problems.append(Unsupported(f"cell option 'output: {output}'", where))
    label = str(cell.options.get("label") or "")
    if label.startswith("tbl-") or cell.options.get("tbl-cap") is not None:
        problems.append(Unsupported("table cross-reference label (tbl-) on a cell", where))
    elif re.match(r"(sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg)-", label):
        problems.append(Unsupported(f"cross-reference label '{label}' on a cell", where))
    return problems


def _markdown_problems(chunk: Markdown, doc_rel: str) -> list[Unsupported]:
    problems = []
    fence = None
    all_lines = chunk.text.splitlines()
    for index, line in enumerate(all_lines):
        fence, in_fence = _track_fence(line + "\n", fence)
        if in_fence:
            continue
        where = chunk.lines[index] if index < len(chunk.lines) else (doc_rel, 0)
        if _yaml_block(all_lines, index):
            problems.append(Unsupported("YAML metadata block in the body", where))
        if m := _DIV_OPEN.match(line):
            construct = _div_problem(m.group(1))
            if construct:
                problems.append(Unsupported(construct, where))
        if m := _LABELLED.search(line):
            if m.group(1) != "fig" or not re.search(r"!\[", line):
                problems.append(Unsupported(f"cross-reference target {{#{m.group(1)}-…}}", where))
        for m in _XREF.finditer(line):
            if m.group(1) != "fig":
                problems.append(Unsupported(f"cross-reference {m.group(0)}", where))
        if re.search(r"\[\s*-?@(?!fig-)[\w:.#$%&+?<>~/-]+", line):
            problems.append(Unsupported("citation", where))
    return problems


def _div_problem(spec: str) -> str | None:
    if not spec.startswith("{"):
        spec = "{." + spec + "}"
    body = spec[1:-1]
    attrs = _ATTR.findall(body)
    words = _ATTR.sub(" ", body).split()
    classes = [w[1:] for w in words if w.startswith(".")]
    ids = [w[1:] for w in words if w.startswith("#")]
    if any(re.match(r"(fig|tbl|sec|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg|nte|wrn|imp|tip|cau)-", i)
           for i in ids):
        return f"div cross-reference target #{ids[0]}"
    for cls in classes:
        if cls in ("content-visible", "content-hidden"):
            continue
        if cls.startswith("callout-") and cls[len("callout-"):] in CALLOUTS:
            if [a for a in attrs if not a.startswith("title=")]:
                return f"callout options ({' '.join(attrs)})"
            continue
        if cls.startswith(DIV_CLASSES):
            return f"fenced div .{cls}"
    for attr in attrs:
        name = attr.split("=", 1)[0]
        if name.startswith(("layout", "column", "when-", "unless-")) and not (
                name in ("when-format", "unless-format") and {"content-visible", "content-hidden"} & set(classes)):
            return f"fenced div attribute {name}"
    return None


_ATX = re.compile(r"^#{1,6}[ \t]+(.*?)[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*$")


def promote_first_heading(chunks: list) -> tuple[str | None, list]:
    """Quarto's title fix-up for a document without a title: when the first Markdown (after any
    code cells) opens with a heading, the heading becomes the title and leaves the body."""
    for index, chunk in enumerate(chunks):
        if not isinstance(chunk, Markdown):
            continue
        lines = chunk.text.splitlines(keepends=True)
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            continue
        m = _ATX.match(lines[first].rstrip("\r\n"))
        if not m:
            return None, chunks
        rest = Markdown("".join(lines[:first] + lines[first + 1:]),
                        tuple(chunk.lines[:first] + chunk.lines[first + 1:]))
        return m.group(1), [*chunks[:index], rest, *chunks[index + 1:]]
    return None, chunks


_EXECUTE_INFO_SHOWN = "'target-format': "


def shown_execute_info(markdown: str, chunks: list, doc_rel: str) -> Unsupported | None:
    """A page that shows ``QUARTO_EXECUTE_INFO``'s format whole: the engine's holds only the
    identifier, the options and the metadata, not Quarto's whole resolved format."""
    if _EXECUTE_INFO_SHOWN not in markdown:
        return None
    cell = next((c for c in chunks if isinstance(c, CodeCell) and "QUARTO_EXECUTE_INFO" in c.source), None)
    return Unsupported("QUARTO_EXECUTE_INFO's format shown whole", cell.where if cell else None, doc_rel)


def _yaml_block(lines: list[str], index: int) -> bool:
    """A YAML metadata block opens at ``lines[index]`` (pandoc reads one anywhere in the body)."""
    if lines[index].rstrip() != "---" or (index > 0 and lines[index - 1].strip()):
        return False
    if index + 1 >= len(lines) or not lines[index + 1].strip():
        return False
    for end in range(index + 1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            try:
                return isinstance(yaml.safe_load("\n".join(lines[index + 1:end])), dict)
            except yaml.YAMLError:
                return False
    return False


def front_matter_lines(path: Path) -> dict[str, int]:
    """Line of each top-level and nested key in a document's front matter (the first seen)."""
    lines: dict[str, int] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return lines
    if not text.startswith("---"):
        return lines
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        if m := re.match(r"^\s*([\w-]+)\s*:", line):
            lines.setdefault(m.group(1), number)
    return lines
