"""Execute a parsed document in a Jupyter kernel and turn it into markdown.

Mirrors Quarto's Jupyter engine for the supported subset: one notebook code
cell per ``{python}`` cell, parameters injected right after the cell tagged
``parameters`` (dropped when there is none), inline expressions evaluated in
document order, and cell outputs converted the way Quarto emits them.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.util import run_sync
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from .qmd import Chunk, CodeCell, Markdown, find_inline_expressions

CELL_TIMEOUT = 120
INLINE_MIME = "application/x-klynge-inline+json"

# Defined once per kernel. Uses IPython's own display formatter so an inline
# result is represented exactly as Quarto would receive it (text/markdown for
# Markdown objects, text/plain otherwise; a str is taken verbatim, like Quarto
# does when it strips the quotes of a string repr).
_SETUP = f'''
def _klynge_inline(_exprs):
    import IPython
    _ip = IPython.get_ipython()
    _out = []
    for _e in _exprs:
        _v = eval(compile(_e, "<inline>", "eval"), _ip.user_ns)
        _bundle, _ = _ip.display_formatter.format(_v)
        if "text/markdown" in _bundle:
            _out.append(["markdown", _bundle["text/markdown"]])
        elif isinstance(_v, str):
            _out.append(["text", _v])
        else:
            _out.append(["text", _bundle.get("text/plain", str(_v))])
    IPython.display.display({{"{INLINE_MIME}": _out}}, raw=True)
'''


class ExecutionError(Exception):
    """A cell or inline expression failed. ``str()`` is one line; ``details`` has the traceback."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class CellDefaults:
    """Document-level defaults for cell options (from the merged ``execute`` key)."""

    echo: bool = False
    output: object = True
    warning: bool = True
    include: bool = True

    @classmethod
    def from_execute(cls, execute: dict | None) -> "CellDefaults":
        e = execute or {}
        return cls(
            echo=e.get("echo", False) is True,
            output=e.get("output", True),
            warning=e.get("warning", True) is not False,
            include=e.get("include", True) is not False,
        )


def parse_param_value(value):
    """Type a ``-P key:value`` string like Quarto's (YAML 1.2 core) parser: bool, null,
    int and float literals are typed, everything else stays a string."""
    if not isinstance(value, str):
        return value
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if value in ("null", "Null", "NULL", "~", ""):
        return None
    if re.fullmatch(r"[-+]?[0-9]+", value):
        return int(value)
    if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", value):
        return float(value)
    return value


def params_source(params: dict) -> str:
    return "\n".join(f"{key} = {parse_param_value(value)!r}" for key, value in params.items())


@dataclass
class _Step:
    """One notebook cell plus what it stands for in the document."""

    kind: str  # "setup" | "code" | "params" | "inline"
    chunk: Chunk | None = None
    exprs: tuple[str, ...] = ()


def build_steps(chunks: list[Chunk], params: dict | None) -> list[_Step]:
    """Order of execution: setup, then document order; params go right after the
    cell tagged ``parameters`` and are silently dropped when there is none."""
    steps = [_Step("setup")]
    for chunk in chunks:
        if isinstance(chunk, CodeCell):
            steps.append(_Step("code", chunk))
            if params and "parameters" in chunk.tags:
                steps.append(_Step("params"))
        else:
            exprs = tuple(m.group(1) for m in find_inline_expressions(chunk.text))
            steps.append(_Step("inline", chunk, exprs))
    return steps


# Run before every document on a reused kernel: a clean namespace and the document's folder
# as working directory, as if the kernel had just been started for it. Imported modules stay
# loaded — that is the point of reusing the kernel.
_RESET = """
get_ipython().run_line_magic("reset", "-f")
import os as _os, sys as _sys
_os.chdir({doc_dir!r})
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
del _os, _sys
"""


class Kernel:
    """One Jupyter kernel, started once and reused for many documents (one at a time)."""

    def __init__(self, start_dir: Path):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        self._client = NotebookClient(
            nb, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=False,
            resources={"metadata": {"path": str(start_dir)}},
        )
        self._client.km = self._client.create_kernel_manager()
        # The kernel's own log (e.g. ipykernel's TCP notice) is not document output;
        # cell stdout/stderr arrive over the messaging channel, not this stream.
        self._client.start_new_kernel(stderr=subprocess.DEVNULL)
        self._client.start_new_kernel_client()

    def close(self) -> None:
        try:
            self._client.kc.stop_channels()
            run_sync(self._client.km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - best effort at shutdown
            pass

    def __enter__(self) -> "Kernel":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, chunks: list[Chunk], *, doc_dir: Path, doc_label: str, figure_dir: Path,
            params: dict | None = None, defaults: CellDefaults = CellDefaults()) -> str:
        """Run one document's cells (cwd = ``doc_dir``) and return the resulting markdown."""
        steps = build_steps(chunks, params)
        nb = nbformat.v4.new_notebook()
        nb.cells.append(nbformat.v4.new_code_cell(_RESET.format(doc_dir=str(doc_dir))))
        for step in steps:
            if step.kind == "setup":
                source = _SETUP
            elif step.kind == "params":
                source = params_source(params or {})
            elif step.kind == "inline":
                source = f"_klynge_inline({list(step.exprs)!r})" if step.exprs else ""
            else:
                source = step.chunk.source
            nb.cells.append(nbformat.v4.new_code_cell(source))
        self._client.nb = nb
        parts: list[str] = []
        for index, (step, cell) in enumerate(zip([_Step("setup")] + steps, nb.cells)):
            if step.kind == "inline" and not step.exprs:
                parts.append(step.chunk.text)
                continue
            try:
                self._client.execute_cell(cell, index)
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
                raise _execution_error(doc_label, step, exc) from None
            if step.kind == "code":
                parts.append(cell_markdown(step.chunk, cell.outputs, defaults, figure_dir, doc_dir))
            elif step.kind == "inline":
                parts.append(_fill_inline(step.chunk.text, _inline_results(cell.outputs)))
        return _join(parts)


def execute_document(
    chunks: list[Chunk],
    *,
    doc_dir: Path,
    doc_label: str,
    figure_dir: Path,
    params: dict | None = None,
    defaults: CellDefaults = CellDefaults(),
) -> str:
    """Run a document in a kernel of its own (see ``Kernel`` to reuse one for many)."""
    with Kernel(doc_dir) as kernel:
        return kernel.run(chunks, doc_dir=doc_dir, doc_label=doc_label, figure_dir=figure_dir,
                         params=params, defaults=defaults)


def _execution_error(doc_label: str, step: _Step, exc: Exception) -> ExecutionError:
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", "") or ""
    if isinstance(exc, CellTimeoutError):
        ename, evalue = "TimeoutError", f"cell ran longer than {CELL_TIMEOUT} s"
    elif isinstance(exc, DeadKernelError):
        ename, evalue = "DeadKernelError", "the Python kernel died"
    error = f"{ename}: {evalue}".strip().rstrip(":")
    error = " ".join(error.split())  # keep the message on one line
    if step.kind == "code":
        where = f"cell {step.chunk.number} ({step.chunk.first_line})"
    elif step.kind == "inline":
        where = "inline expression " + ", ".join(f"`{e}`" for e in step.exprs)
    elif step.kind == "params":
        where = "injected parameters cell"
    else:
        where = "engine setup"
    return ExecutionError(f"{doc_label}: {where} failed: {error}", str(exc))


def _inline_results(outputs) -> list[tuple[str, str]]:
    for out in outputs:
        data = out.get("data", {})
        if INLINE_MIME in data:
            value = data[INLINE_MIME]
            return [tuple(v) for v in (json.loads(value) if isinstance(value, str) else value)]
    raise ExecutionError("inline expressions produced no result")


def _fill_inline(text: str, results: list[tuple[str, str]]) -> str:
    matches = find_inline_expressions(text)
    pieces, last = [], 0
    for m, (kind, value) in zip(matches, results):
        pieces.append(text[last : m.start()])
        pieces.append(value if kind == "markdown" else escape_markdown(value))
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)


_PUNCT = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~^$&\"'@:;=?%,/])")


def escape_markdown(text: str) -> str:
    """Make text literal in pandoc markdown (backslash-escape all ASCII punctuation)."""
    return " ".join(_PUNCT.sub(r"\\\1", text).split()) if "\n" in text else _PUNCT.sub(r"\\\1", text)


def cell_markdown(cell: CodeCell, outputs, defaults: CellDefaults, figure_dir: Path, doc_dir: Path) -> str:
    """Markdown for one executed cell, following Quarto's output rules."""
    opt = cell.options
    if opt.get("include", defaults.include) is False:
        return ""
    echo = opt.get("echo", defaults.echo) is True
    output = opt.get("output", defaults.output)
    warning = opt.get("warning", defaults.warning) is not False
    asis = output == "asis"

    blocks: list[str] = []
    if echo:
        blocks.append(_fenced(cell.source, "python"))
    if output is not False:
        k = 0
        for out in outputs:
            kind = out.get("output_type")
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
                blocks.append(_display_markdown(out.get("data", {}), cell, k, asis, figure_dir, doc_dir))
    blocks = [b for b in blocks if b]
    if not blocks:
        return ""
    if asis:  # Quarto emits asis output raw, without the enclosing cell div
        return "\n\n".join(b.rstrip("\n") for b in blocks) + "\n"
    label = opt.get("label")
    attrs = f"#{label} .cell" if label else ".cell"
    return f"::: {{{attrs}}}\n" + "\n\n".join(b.rstrip("\n") for b in blocks) + "\n:::\n"


_IMAGE_TYPES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}


def _display_markdown(data: dict, cell: CodeCell, k: int, asis: bool, figure_dir: Path, doc_dir: Path) -> str:
    for mime, ext in _IMAGE_TYPES.items():
        if mime in data:
            figure_dir.mkdir(parents=True, exist_ok=True)
            path = figure_dir / f"cell-{cell.number}-output-{k}.{ext}"
            payload = data[mime]
            if ext == "svg":
                path.write_text(payload if isinstance(payload, str) else "".join(payload), encoding="utf-8")
            else:
                path.write_bytes(base64.b64decode(payload))
            caption = cell.options.get("fig-cap") or ""
            rel = path.relative_to(doc_dir).as_posix()
            image = f"![{caption}]({rel})"
            if alt := cell.options.get("fig-alt"):
                image += f'{{fig-alt="{alt}"}}'
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
