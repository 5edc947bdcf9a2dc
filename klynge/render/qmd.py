"""Parse the supported subset of Quarto's .qmd syntax.

Pure text processing, no execution: front matter, ``{{< include >}}``
expansion, splitting the body into markdown chunks and executable
``{python}`` cells (with their ``#|`` options), and locating inline
`` `{python} expr` `` expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml


class QmdError(Exception):
    """A document uses syntax outside the supported subset (or is malformed)."""


REFUSAL = "not supported by the built-in engine: {construct} ({where}); render with Quarto"


class Unsupported(QmdError):
    """A construct Quarto gives meaning to and the built-in engine does not render as Quarto:
    ``str()`` is the one line ``REFUSAL`` (the construct, its file and line)."""

    def __init__(self, construct: str, where: tuple[str, int] | None, doc_label: str = ""):
        self.construct = construct
        self.where = f"{where[0]}:{where[1]}" if where else doc_label
        super().__init__(REFUSAL.format(construct=construct, where=self.where))


@dataclass(frozen=True)
class Markdown:
    text: str
    # Where each line of ``text`` comes from: (file, 1-based line), for errors that name a line.
    lines: tuple[tuple[str, int], ...] = ()

    def origin(self, offset: int) -> tuple[str, int] | None:
        """File and line of the character at ``offset`` in ``text``."""
        index = self.text.count("\n", 0, offset)
        return self.lines[index] if index < len(self.lines) else None


@dataclass(frozen=True)
class CodeCell:
    number: int  # 1-based among the document's code cells (used in errors and figure names)
    source: str  # code without the ``#|`` option lines
    options: dict = field(default_factory=dict)
    where: tuple[str, int] | None = None  # file and line of the opening fence
    options_source: tuple[str, ...] = ()  # the ``#|`` lines as written

    @property
    def first_line(self) -> str:
        for line in self.source.splitlines():
            if line.strip():
                return line.strip()
        return ""

    @property
    def tags(self) -> list[str]:
        tags = self.options.get("tags") or []
        return [tags] if isinstance(tags, str) else list(tags)


Chunk = Markdown | CodeCell

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_INCLUDE = re.compile(r"^[ \t]*\{\{<\s*include\s+(\S+?)\s*>\}\}[ \t]*$")
_SHORTCODE = re.compile(r"\{\{<\s*([\w-]+)")
_FENCE_OPEN = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})\s*(.*)$")
_CELL_INFO = re.compile(r"^\{(\w+)([^}]*)\}\s*$")
# Quarto reads `#| key: value` and also `# | key: value` (as code formatters write it).
_OPTION_LINE = re.compile(r"^#\s?\|\s?(.*)$")
# Quarto's inline-expression syntax: `{python} expr`. Like Quarto, an expression that follows
# another with nothing between them (preceded by a backtick) is not one: it stays as code.
INLINE_EXPR = re.compile(r"(?<!`)`\{python\}\s+([^`]+?)\s*`")
TOUCHING_EXPR = re.compile(r"(?<=`)`\{python\}\s+([^`]+?)\s*`")


def split_front_matter(text: str) -> tuple[dict, str]:
    """Return (front matter mapping, body). A leading ``---`` block that is not
    a YAML mapping is left in the body (it is a horizontal rule)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.safe_load(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        raise QmdError(f"invalid YAML front matter: {exc}".splitlines()[0]) from exc
    if not isinstance(data, dict):
        return {}, text
    return data, text[m.end():]


def expand_includes(body: str, main_dir: Path, project_dir: Path, _stack: tuple[Path, ...] = ()) -> str:
    """Replace ``{{< include path >}}`` lines with the file's body, recursively.

    Like Quarto, relative paths resolve against the MAIN document's directory
    (also inside nested includes) and ``/path`` against the project root.
    Includes inside fenced code blocks are left alone.
    """
    return expand_includes_mapped(body, main_dir, project_dir, _stack=_stack)[0]


def expand_includes_mapped(body: str, main_dir: Path, project_dir: Path, *, name: str = "", first_line: int = 1,
                           _stack: tuple[Path, ...] = ()) -> tuple[str, list[tuple[str, int]]]:
    """``expand_includes`` that also returns, for each line of the result, its file and line."""
    out: list[str] = []
    origins: list[tuple[str, int]] = []
    fence: str | None = None
    for number, line in enumerate(body.splitlines(keepends=True), start=first_line):
        fence, in_fence = _track_fence(line, fence)
        m = None if in_fence else _INCLUDE.match(line.rstrip("\r\n"))
        if not m:
            out.append(line)
            origins.append((name, number))
            continue
        target = m.group(1).strip("\"'")
        path = (project_dir / target.lstrip("/")) if target.startswith("/") else (main_dir / target)
        path = path.resolve()
        if path in _stack:
            raise QmdError(f"recursive include of {target}")
        if not path.is_file():
            raise QmdError(f"included file not found: {target}")
        full = path.read_text(encoding="utf-8")
        _, included = split_front_matter(full)
        skipped = full[: len(full) - len(included)].count("\n")
        try:
            shown = path.relative_to(project_dir.resolve()).as_posix()
        except ValueError:
            shown = str(path)
        text, lines = expand_includes_mapped(included, main_dir, project_dir, name=shown, first_line=skipped + 1,
                                             _stack=_stack + (path,))
        if not text.endswith("\n"):
            text += "\n"
        out.append(text)
        origins.extend(lines[: text.count("\n")] or [(shown, skipped + 1)])
    return "".join(out), origins


def _track_fence(line: str, fence: str | None) -> tuple[str | None, bool]:
    """Update fenced-code state for one line. Returns (new fence, line is part of a fence)."""
    stripped = line.strip()
    if fence is not None:
        if stripped.startswith(fence[0]) and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            return None, True
        return fence, True
    m = _FENCE_OPEN.match(line.rstrip("\r\n"))
    if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
        return m.group(1), True
    return None, False


def parse_cells(body: str, origins: list[tuple[str, int]] | None = None) -> list[Chunk]:
    """Split an (include-expanded) body into markdown chunks and code cells. ``origins`` gives
    each line's file and line (see ``expand_includes_mapped``)."""
    chunks: list[Chunk] = []
    md: list[str] = []
    md_start = 0
    origins = origins or []

    def flush(end: int) -> None:
        chunks.append(Markdown("".join(md), tuple(origins[md_start:end])))
    lines = body.splitlines(keepends=True)
    i, number = 0, 0
    while i < len(lines):
        line = lines[i]
        m = _FENCE_OPEN.match(line.rstrip("\r\n"))
        info = _CELL_INFO.match(m.group(2)) if m and m.group(1)[0] == "`" else None
        if not m or not info:
            if m:  # a literal (non-executable) fence: copy it verbatim, including its content
                fence, j = m.group(1), i + 1
                while j < len(lines) and not _closes(lines[j], fence):
                    j += 1
                md.extend(lines[i : j + 1])
                i = j + 1
            else:
                md.append(line)
                i += 1
            continue
        engine = info.group(1)
        if engine != "python":
            raise Unsupported(f"code cell {{{engine}}}", origins[i] if i < len(origins) else None)
        fence, j = m.group(1), i + 1
        while j < len(lines) and not _closes(lines[j], fence):
            j += 1
        if j >= len(lines):
            raise QmdError(f"code cell opened on line {i + 1} is never closed")
        number += 1
        if md:
            flush(i)
            md = []
        chunks.append(_make_cell(number, lines[i + 1 : j], info.group(2), origins[i] if i < len(origins) else None))
        i = j + 1
        md_start = i
    if md:
        flush(len(lines))
    for chunk in chunks:
        if isinstance(chunk, Markdown):
            _reject_unsupported_shortcodes(chunk)
    return chunks


def _closes(line: str, fence: str) -> bool:
    s = line.strip()
    return s.startswith(fence) and set(s) == {fence[0]}


def _make_cell(number: int, lines: list[str], attrs: str, where: tuple[str, int] | None = None) -> CodeCell:
    option_lines: list[str] = []
    k = 0
    while k < len(lines) and (m := _OPTION_LINE.match(lines[k].strip())):
        option_lines.append(m.group(1))
        k += 1
    try:
        options = yaml.safe_load("\n".join(option_lines)) or {} if option_lines else {}
    except yaml.YAMLError as exc:
        raise QmdError(f"cell {number}: invalid #| options: {str(exc).splitlines()[0]}") from exc
    if not isinstance(options, dict):
        raise QmdError(f"cell {number}: #| options must be 'key: value' lines")
    # `{python label}` / `{python #label}` in the fence info: Quarto treats the word as the label.
    label = attrs.strip().lstrip("#").split(",")[0].strip()
    if label and "label" not in options and "=" not in label:
        options["label"] = label
    return CodeCell(number=number, source="".join(lines[k:]).rstrip("\n"), options=options, where=where,
                    options_source=tuple(lines[:k]))


def _reject_unsupported_shortcodes(chunk: Markdown) -> None:
    fence = None
    for index, line in enumerate(chunk.text.splitlines(keepends=True)):
        fence, in_fence = _track_fence(line, fence)
        if in_fence:
            continue
        for m in _SHORTCODE.finditer(line):
            where = chunk.lines[index] if index < len(chunk.lines) else None
            raise Unsupported(f"shortcode {{{{< {m.group(1)} >}}}}", where)


def find_inline_expressions(text: str, pattern: re.Pattern = INLINE_EXPR) -> list[re.Match]:
    """Inline expressions in a markdown chunk, skipping fenced code blocks."""
    found: list[re.Match] = []
    fence, offset = None, 0
    for line in text.splitlines(keepends=True):
        fence, in_fence = _track_fence(line, fence)
        if not in_fence:
            found.extend(pattern.finditer(text, offset, offset + len(line)))
        offset += len(line)
    return found


def find_touching_expressions(text: str) -> list[re.Match]:
    """Inline expressions Quarto leaves as code because another one ends right before them."""
    return find_inline_expressions(text, TOUCHING_EXPR)


def read_document(path: Path, project_dir: Path) -> tuple[dict, list[Chunk]]:
    """Front matter and parsed chunks of a .qmd file (includes expanded)."""
    full = path.read_text(encoding="utf-8")
    front, body = split_front_matter(full)
    try:
        name = path.resolve().relative_to(Path(project_dir).resolve()).as_posix()
    except ValueError:
        name = str(path)
    first = full[: len(full) - len(body)].count("\n") + 1
    body, origins = expand_includes_mapped(body, path.parent, project_dir, name=name, first_line=first)
    return front, parse_cells(body, origins)
