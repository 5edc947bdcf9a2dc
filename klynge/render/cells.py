"""A cell's outputs and inline values as Markdown, the way Quarto's Jupyter engine writes them."""

from __future__ import annotations

import base64
import html as htmllib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .qmd import CodeCell, Unsupported, find_inline_expressions


@dataclass(frozen=True)
class CellDefaults:
    """Document-level defaults for cell options (from the merged ``execute`` key). Without an
    ``execute`` key, Quarto's Jupyter engine shows the code (echo: true)."""

    echo: object = True  # True, False or "fenced"
    output: object = True
    warning: bool = True
    include: bool = True
    eval: bool = True
    error: bool = False
    fig_format: str = "png"  # matplotlib's inline format (``fig-format``: png or svg)

    @classmethod
    def from_execute(cls, execute: dict | None) -> "CellDefaults":
        e = execute or {}
        echo = e.get("echo", True)
        return cls(
            echo=echo if echo == "fenced" else echo is True,
            output=e.get("output", True),
            warning=e.get("warning", True) is not False,
            include=e.get("include", True) is not False,
            eval=e.get("eval", True) is not False,
            error=e.get("error", False) is True,
            fig_format=str(e.get("fig-format", "png")),
        )


def _fill_inline(text: str, results: list[tuple[str, str]]) -> str:
    matches = find_inline_expressions(text)
    pieces, last = [], 0
    for m, (kind, value) in zip(matches, results):
        pieces.append(text[last : m.start()])
        if kind == "code":
            pieces.append(m.group(0))
        elif kind == "markdown":
            pieces.append(value)
        elif kind == "html":
            html, plain = value.split("\0", 1)
            pieces.append(_raw_inline(html, "html") + _raw_inline(escape_typst(plain), "typst"))
        else:  # a string, escaped as Quarto escapes it
            pieces.append(value)
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _raw_inline(text: str, fmt: str) -> str:
    ticks = "`"
    while ticks in text:
        ticks += "`"
    return f"{ticks}{text}{ticks}{{={fmt}}}"


def escape_typst(text: str) -> str:
    """Text that Typst markup shows literally."""
    return re.sub(r"([\\#\[\]*_`$<>@~=/+-])", r"\\\1", " ".join(text.split()))


_QUARTO_ESCAPED = re.compile(r"([\\`*_{}\[\]()>#+,\-.!])")


def quarto_escaped(value: str) -> str:
    """A ``str`` as Quarto inserts it (``asEscapedMarkdown``): its repr without the quotes, the
    backslashes doubled and Markdown's specials escaped, but not quotes, which pandoc then
    makes curly (``"foo"`` → “foo”). Escape sequences are shown (``"one\\ntwo"`` as ``one\\\\ntwo``)."""
    text = repr(value)[1:-1].replace("\\", "\\\\")
    return _QUARTO_ESCAPED.sub(r"\\\1", text)


_PUNCT = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~^$&\"'@:;=?%,/])")


def escape_markdown(text: str) -> str:
    """Make text literal in pandoc markdown (backslash-escape all ASCII punctuation)."""
    return " ".join(_PUNCT.sub(r"\\\1", text).split()) if "\n" in text else _PUNCT.sub(r"\\\1", text)


def cell_markdown(cell: CodeCell, outputs, defaults: CellDefaults, figure_dir: Path, doc_dir: Path) -> str:
    """Markdown for one executed cell, following Quarto's output rules."""
    opt = cell.options
    if opt.get("include", defaults.include) is False:
        return ""
    echo = opt.get("echo", defaults.echo)
    output = opt.get("output", defaults.output)
    warning = opt.get("warning", defaults.warning) is not False
    asis = output == "asis"

    blocks: list[str] = []
    if echo == "fenced":
        blocks.append(_fenced_cell(cell))
    elif echo is True:
        blocks.append(_fenced(cell.source, "python"))
    subcaptions = opt.get("fig-subcap") if isinstance(opt.get("fig-subcap"), list) else None
    subfigures: list[str] = []
    if output is not False:
        k = 0
        have_image = any(set(_IMAGE_TYPES) & set(out.get("data") or {}) for out in outputs)
        for out in outputs:
            kind = out.get("output_type")
            if _discardable(out, have_image):
                continue
            if kind == "error":
                blocks.append(_error_markdown(out))
                continue
            if kind == "stream":
                if out.get("name") == "stderr" and not warning:
                    continue
                text = out.get("text", "")
                if asis and out.get("name") == "stdout":
                    blocks.append(text)
                elif text.strip():
                    blocks.append(_output_div(f"cell-output-{out.get('name')}", _fenced(text.rstrip("\n"))))
            elif kind in ("display_data", "execute_result"):
                k += 1
                if subcaptions is not None and set(_IMAGE_TYPES) & set(out.get("data") or {}):
                    if not subfigures:
                        blocks.append(_SUBFIGURES)
                    subfigures.append(_image_file(out["data"], cell, k, figure_dir))
                    continue
                blocks.append(_display_markdown(out.get("data", {}), cell, k, asis, figure_dir, doc_dir))
    if subfigures:
        blocks[blocks.index(_SUBFIGURES)] = _output_div("cell-output-display",
                                                        _subfigures_markdown(cell, subfigures, subcaptions))
    blocks = [b for b in blocks if b]
    if not blocks:
        return ""
    if asis:  # Quarto emits asis output raw, without the enclosing cell div
        return "\n\n".join(b.rstrip("\n") for b in blocks) + "\n"
    label = opt.get("label")
    if label and str(label).startswith("fig-"):
        label = f"cell-{label}"  # the figure itself carries the label (as in Quarto)
    attrs = f"#{label} .cell" if label else ".cell"
    return f"::: {{{attrs}}}\n" + "\n\n".join(b.rstrip("\n") for b in blocks) + "\n:::\n"


_IMAGE_TYPES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _discardable(output: dict, have_image: bool) -> bool:
    """Quarto's ``isDiscardableTextExecuteResult``: the value a plotting call returns
    (``<matplotlib.legend.Legend at 0x…>``, ``Text(0.5, 1.0, '…')``) is dropped, beside a figure
    any single-line object repr in <…>, (…) or […]."""
    data = output.get("data") or {}
    if output.get("output_type") != "execute_result" or list(data) != ["text/plain"]:
        return False
    lines = _text(data["text/plain"]).splitlines() or [""]
    if have_image:
        if len(lines) == 1:
            first = lines[0].strip()
            return bool(re.match(r"^([<(\[]).*?([>)\]])$", first) or re.match(r"^Text\([-\d]", first)
                        or (first.startswith("{") and "<matplotlib." in first))
        return any("<matplotlib." in line for line in lines)
    return lines[0].startswith(("[<matplotlib", "<matplotlib", "<seaborn.", "<ggplot:"))


def _error_markdown(output: dict) -> str:
    """An error as Quarto shows it: in HTML the kernel's coloured traceback as coloured spans
    in a ``<pre>``, elsewhere the error and the traceback as text (without the colour codes)."""
    traceback = "\n".join(output.get("traceback") or [])
    plain = f"{output.get('ename')}: {output.get('evalue')}\n{_ANSI.sub('', traceback)}"
    html = "<pre>" + _ansi_html(traceback) + "</pre>"
    ticks = "```"
    while ticks in html:
        ticks += "`"
    typst = "#raw(block: true, " + json.dumps(plain.rstrip(), ensure_ascii=False) + ")"
    while ticks in typst:
        ticks += "`"
    body = (f"::: {{.ansi-escaped-output}}\n{ticks}{{=html}}\n{html}\n{ticks}\n:::\n\n"
            f"{ticks}{{=typst}}\n{typst}\n{ticks}")
    return _output_div("cell-output-error", body)


_ANSI_COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")


def _ansi_html(text: str) -> str:
    """ANSI-coloured text as HTML, each coloured run a ``<span class="ansi-…">`` as Quarto's
    converter writes it (only the runs matter for the text a reader sees)."""
    out, classes, last = [], [], 0
    for m in re.finditer(r"\x1b\[([0-9;]*)m", text + "\x1b[0m"):
        run = htmllib.escape(text[last:m.start()], quote=False)
        if run:
            out.append(f'<span class="{" ".join(classes)}">{run}</span>' if classes else run)
        last = m.end()
        for code in (m.group(1) or "0").split(";"):
            n = int(code) if code.isdigit() else 0
            if n == 0:
                classes = []
            elif n == 1:
                classes = [*classes, "ansi-bold"]
            elif 30 <= n <= 37:
                classes = [c for c in classes if not c.endswith("-fg")] + [f"ansi-{_ANSI_COLOURS[n - 30]}-fg"]
            elif 90 <= n <= 97:
                classes = [c for c in classes if not c.endswith("-fg")] + [f"ansi-bright-{_ANSI_COLOURS[n - 90]}-fg"]
            elif n == 39:
                classes = [c for c in classes if not c.endswith("-fg")]
            elif 40 <= n <= 47:
                classes = [c for c in classes if not c.endswith("-bg")] + [f"ansi-{_ANSI_COLOURS[n - 40]}-bg"]
            elif n == 49:
                classes = [c for c in classes if not c.endswith("-bg")]
    return "".join(out)


def _fenced_cell(cell: CodeCell) -> str:
    """``echo: fenced``: the cell as written, its fence and options (but that one) included. As in
    Quarto's Markdown the fence reads ```{{python}}``` (the filter shows it with single braces)."""
    # Quarto shows the options as it re-writes them (YAML, one key at a time), not as typed.
    options = ["#| " + line + "\n" for key, value in cell.options.items() if key != "echo"
               for line in yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False,
                                          width=float("inf")).splitlines()]
    source = cell.source.strip("\n") if not options else cell.source.rstrip("\n")
    text = "```{{python}}\n" + "".join(line if line.endswith("\n") else line + "\n" for line in options) \
        + source + "\n```"
    ticks = "````"
    while ticks in text:
        ticks += "`"
    return f"{ticks} {{.markdown}}\n{text}\n{ticks}"  # Quarto highlights it as Markdown


_SUBFIGURES = "\0subfigures\0"


def _image_file(data: dict, cell: CodeCell, k: int, figure_dir: Path) -> str:
    """Write the output's image; return its path as the page has it (``<stem>_files/figure-html/…``)."""
    mime, ext = next((m, e) for m, e in _IMAGE_TYPES.items() if m in data)
    figure_dir.mkdir(parents=True, exist_ok=True)
    path = figure_dir / f"cell-{cell.number}-output-{k}.{ext}"
    payload = data[mime]
    if ext == "svg":
        path.write_text(payload if isinstance(payload, str) else "".join(payload), encoding="utf-8")
    else:
        path.write_bytes(base64.b64decode(payload))
    return path.relative_to(figure_dir.parent.parent).as_posix()


def _subfigures_markdown(cell: CodeCell, images: list[str], subcaptions: list) -> str:
    """A figure of subfigures (``fig-subcap``), as a div the filter makes into Quarto's: "(a) …"
    under each, "Figur 1: …" under all; ``@fig-x-2`` refers to the second ("Figur 1(b)")."""
    label = str(cell.options.get("label") or "")
    if not label.startswith("fig-") or len(images) != len(subcaptions):
        raise Unsupported(f"fig-subcap with {len(subcaptions)} captions for {len(images)} figures"
                          if label.startswith("fig-") else "fig-subcap without a fig- label", cell.where)
    columns = cell.options.get("layout-ncol")
    attrs = f"#{label} .quarto-subfigures" + (f' layout-ncol="{int(columns)}"' if columns else "")
    parts = [f"![{caption}]({rel}){{#{label}-{i}}}" for i, (rel, caption) in enumerate(zip(images, subcaptions), 1)]
    return f"::: {{{attrs}}}\n" + "\n\n".join(parts) + f"\n\n{cell.options.get('fig-cap') or ''}\n:::"


def _display_markdown(data: dict, cell: CodeCell, k: int, asis: bool, figure_dir: Path, doc_dir: Path) -> str:
    for mime, ext in _IMAGE_TYPES.items():
        if mime in data:
            rel = _image_file(data, cell, k, figure_dir)
            caption = cell.options.get("fig-cap") or ""
            image = f"![{caption}]({rel})"
            attrs = []
            label = str(cell.options.get("label") or "")
            if label.startswith("fig-") and k == 1:  # Quarto: the label goes on the figure, numbered
                attrs.append(f"#{label}")
            if alt := cell.options.get("fig-alt"):
                attrs.append('fig-alt="' + str(alt).replace('"', "'") + '"')
            if attrs:
                image += "{" + " ".join(attrs) + "}"
            return image if asis else _output_div("cell-output-display", image)
    if "text/markdown" in data:
        text = _text(data["text/markdown"])
        return text if asis else _output_div("cell-output-display", text)
    if "text/plain" in data:
        text = _text(data["text/plain"])
        return text if asis else _output_div("cell-output-display", _fenced(text))
    return ""


def _text(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def _output_div(cls: str, body: str) -> str:
    return f"::: {{.cell-output .{cls}}}\n{body.rstrip(chr(10))}\n:::"


def _fenced(text: str, lang: str = "") -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return f"{ticks}{(' {.' + lang + '}') if lang else ''}\n{text}\n{ticks}"


def _join(parts: list[str]) -> str:
    # Cells are block-level: keep a blank line around each so markdown does not run together.
    out = ""
    for part in parts:
        if not part:
            continue
        if out and not out.endswith("\n\n"):
            out += "\n" if out.endswith("\n") else "\n\n"
        out += part
    return out
