"""Execute a parsed document in an IPython shell and turn it into markdown.

Mirrors Quarto's Jupyter engine for the supported subset: one code cell per ``{python}`` cell,
parameters injected right after the cell tagged ``parameters`` (dropped when there is none),
inline expressions evaluated in document order, and cell outputs converted the way Quarto emits
them. The shell is IPython's own ``InteractiveShell`` — the class a Jupyter kernel wraps — run in
this process, so a worker pays interpreter start and imports once and no messages cross a socket.
"""

from __future__ import annotations

import gc
import io
import os
import re
import signal
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

from .cells import CellDefaults, _fill_inline, _join, _text, cell_markdown, quarto_escaped
from .qmd import Chunk, CodeCell, Markdown, Unsupported, find_inline_expressions, find_touching_expressions

CELL_TIMEOUT = 120


class ExecutionError(Exception):
    """A cell or inline expression failed. ``str()`` is one line; ``details`` has the traceback."""

    def __init__(self, message: str, details: str = ""):
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class Leak:
    """An inline expression that Quarto leaves in the page as code: ``where`` is (file, line)."""

    where: tuple[str, int] | None
    expr: str
    reason: str

    def message(self, doc_label: str) -> str:
        place = f"{self.where[0]}:{self.where[1]}" if self.where else doc_label
        return f"{place}: inline expression `{{python}} {self.expr}` {self.reason}"


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


def _python_literal(value) -> str:
    # As papermill (which Quarto uses) writes them: strings in double quotes.
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def params_source(params: dict) -> str:
    return "\n".join(f"{key} = {_python_literal(parse_param_value(value))}" for key, value in params.items())


def injected_cell(params: dict) -> CodeCell:
    """The cell Quarto (papermill) adds after the cell tagged ``parameters``."""
    return CodeCell(number=0, source="# Injected Parameters\n" + params_source(params),
                    options={"tags": ["injected-parameters"]})


@dataclass
class _Step:
    """One unit of execution plus what it stands for in the document."""

    kind: str  # "code" | "params" | "inline"
    chunk: Chunk | None = None
    exprs: tuple[str, ...] = ()


def build_steps(chunks: list[Chunk], params: dict | None) -> list[_Step]:
    """Order of execution: document order; params go right after the cell tagged
    ``parameters`` and are silently dropped when there is none."""
    steps = []
    for chunk in chunks:
        if isinstance(chunk, CodeCell):
            steps.append(_Step("code", chunk))
            if params and "parameters" in chunk.tags:
                steps.append(_Step("params"))
        else:
            exprs = tuple(m.group(1) for m in find_inline_expressions(chunk.text))
            steps.append(_Step("inline", chunk, exprs))
    return steps


class _CellFailed(Exception):
    def __init__(self, ename: str, evalue: str, details: str = ""):
        super().__init__(f"{ename}: {evalue}")
        self.ename, self.evalue, self.details = ename, evalue, details


class _Outputs:
    """A cell's outputs in nbformat's shape, in the order they were produced; consecutive
    writes to one stream are one output, as in a notebook."""

    def __init__(self):
        self.items: list[dict] = []

    def stream(self, name: str, text: str) -> None:
        last = self.items[-1] if self.items else None
        if last and last["output_type"] == "stream" and last["name"] == name:
            last["text"] += text
        else:
            self.items.append({"output_type": "stream", "name": name, "text": text})

    def data(self, kind: str, data: dict) -> None:
        self.items.append({"output_type": kind, "data": data})


class _Stream(io.TextIOBase):
    def __init__(self, outputs: _Outputs, name: str):
        self._outputs, self._name = outputs, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._outputs.stream(self._name, text)
        return len(text)

    @property
    def encoding(self) -> str:
        return "utf-8"


class _Hook(DisplayHook):
    """Execution results (a cell's last expression) go into the current cell's outputs."""

    outputs: _Outputs | None = None
    source = ""

    def quiet(self) -> bool:  # IPython reads the source from its history, which is off here
        return self.semicolon_at_end_of_expression(self.source)

    def write_output_prompt(self) -> None:
        pass

    def finish_displayhook(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        self.outputs.data("execute_result", format_dict)


class _Publisher(DisplayPublisher):
    """``display()`` calls go into the current cell's outputs."""

    outputs: _Outputs | None = None

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        self.outputs.data("display_data", data)

    def clear_output(self, wait=False) -> None:
        self.outputs.items.clear()


class _Shell(InteractiveShell):
    displayhook_class = _Hook
    display_pub_class = _Publisher

    def _showtraceback(self, etype, evalue, stb) -> None:
        # As ipykernel: the error is one of the cell's outputs (its traceback lines are ANSI-coloured).
        outputs = self.displayhook.outputs
        if outputs is not None:
            outputs.items.append({"output_type": "error", "ename": etype.__name__, "evalue": str(evalue),
                                  "traceback": list(stb)})

    def enable_gui(self, gui=None) -> None:  # inline figures need no event loop (as in ipykernel)
        pass

    def init_sys_modules(self) -> None:
        # The host's own __main__ stays in place (multiprocessing's spawn reads it); the shell's
        # namespace module stands in for __main__ only while a document runs (Interpreter.run).
        pass


class Interpreter:
    """One IPython shell, reused for many documents (one at a time).

    Before each document the namespace is emptied (``%reset -f``), the working directory is the
    document's folder and open figures are closed, as if a kernel had just been started for it;
    imported modules stay loaded, which is the point of reusing it. Like Quarto's setup cell,
    matplotlib (when installed) is set up for inline PNG figures.

    ``freeze``: for a process that exists to run documents (a build's worker, the preview's).
    What survives a document's reset is then exempt from the garbage collector until ``close``
    (``gc.freeze``), so each later reset, and every full collection while a document runs, no
    longer walks all of plotnine, pandas and matplotlib again (about 0.2 s per document). Not
    for a host process with objects of its own (a test run): ``gc.get_referrers`` does not see
    frozen objects.
    """

    def __init__(self, *, freeze: bool = False):
        self._freeze = freeze
        # The same backend a Jupyter kernel announces, so figures are displayed the same way.
        os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        # No history: no database in the user's home and no thread saving to it.
        config = Config()
        config.HistoryManager.enabled = False
        config.HistoryManager.hist_file = ":memory:"
        self._shell = _Shell.instance(config=config)
        try:
            import matplotlib.pyplot  # noqa: F401 - as Quarto's setup cell does
        except ImportError:
            pass
        else:
            self._shell.enable_matplotlib("inline")

    def close(self) -> None:
        if self._freeze:
            gc.unfreeze()  # the process collects as usual again
        self._shell.reset(new_session=False)

    def __enter__(self) -> "Interpreter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, chunks: list[Chunk], *, doc_dir: Path, doc_label: str, figure_dir: Path,
            params: dict | None = None, defaults: CellDefaults = CellDefaults(),
            leaks: list[Leak] | None = None) -> str:
        """Run one document's cells (cwd = ``doc_dir``) and return the resulting markdown.
        Inline expressions left as code, as Quarto leaves them, are added to ``leaks``."""
        shell = self._shell
        shell.reset(new_session=False)  # its last step is a full garbage collection
        if self._freeze:  # what is left now (modules, their caches) lives as long as the process
            gc.freeze()
        self._count = 0
        _figure_format(defaults.fig_format)
        if "matplotlib.pyplot" in sys.modules:
            sys.modules["matplotlib.pyplot"].close("all")
        old_cwd, old_path, old_main = os.getcwd(), list(sys.path), sys.modules.get("__main__")
        os.chdir(doc_dir)
        sys.modules["__main__"] = shell.user_module  # as in a kernel: pickle finds the document's classes
        if "" not in sys.path:
            sys.path.insert(0, "")  # a kernel imports modules that sit next to the document
        try:
            parts: list[str] = []
            for step in build_steps(chunks, params):
                try:
                    if step.kind == "inline":
                        results = self._inline(step.exprs)
                        parts.append(_fill_inline(step.chunk.text, results))
                        if leaks is not None:
                            leaks.extend(_leaks(step.chunk, results))
                    elif step.kind == "params":
                        cell = injected_cell(params or {})
                        outputs = self._execute(cell.source)
                        parts.append(cell_markdown(cell, outputs, defaults, figure_dir, doc_dir))
                    else:
                        cell = step.chunk
                        evaluate = cell.options.get("eval", defaults.eval) is not False
                        allow = cell.options.get("error", defaults.error) is True
                        outputs = self._execute(cell.source, allow_errors=allow) if evaluate else []
                        _check_traceback(cell, outputs, self._count)
                        parts.append(cell_markdown(cell, outputs, defaults, figure_dir, doc_dir))
                except _CellFailed as exc:
                    raise _execution_error(doc_label, step, exc) from None
            return _join(parts)
        finally:
            _figure_format("png")
            os.chdir(old_cwd)
            sys.path[:] = old_path
            if old_main is not None:
                sys.modules["__main__"] = old_main

    def _execute(self, source: str, allow_errors: bool = False) -> list[dict]:
        shell, outputs = self._shell, _Outputs()
        self._count += 1
        shell.execution_count = self._count  # "Cell In[n]" in a traceback, as a kernel numbers cells
        shell.displayhook.outputs = shell.display_pub.outputs = outputs
        shell.displayhook.source = source
        streams = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _Stream(outputs, "stdout"), _Stream(outputs, "stderr")
        try:
            with _time_limit(CELL_TIMEOUT):
                result = shell.run_cell(source, store_history=False)
        finally:
            sys.stdout, sys.stderr = streams
        error = result.error_before_exec or result.error_in_exec
        shown = next((o for o in outputs.items if o["output_type"] == "error"), None)
        if error is None and shown is not None and not allow_errors:  # e.g. a failing _repr_html_
            raise _CellFailed(shown["ename"], shown["evalue"], "\n".join(shown["traceback"]))
        if error is not None and not allow_errors:
            raise _CellFailed(type(error).__name__, str(error), "".join(traceback.format_exception(error)))
        return outputs.items

    def _inline(self, exprs: tuple[str, ...]) -> list[tuple[str, str]]:
        """Evaluate inline expressions the way Quarto inserts them: a ``str`` as escaped text
        (its escapes shown), an object with a Markdown representation as Markdown, one with only
        an HTML representation as HTML in HTML output and its text/plain elsewhere, anything
        else as its text/plain. An empty string is left as code (kind ``code``)."""
        shell, results = self._shell, []
        for expr in exprs:
            try:
                with _time_limit(CELL_TIMEOUT):
                    value = eval(compile(expr, "<inline>", "eval"), shell.user_ns)
            except Exception as exc:  # noqa: BLE001 - any failure of the document's own code
                raise _CellFailed(type(exc).__name__, str(exc), traceback.format_exc()) from None
            if isinstance(value, str):
                if value == "":
                    results.append(("code", ""))
                else:
                    results.append(("text" if value.isprintable() else "escaped", quarto_escaped(value)))
                continue
            bundle, _ = shell.display_formatter.format(value)
            plain = _text(bundle.get("text/plain", str(value)))
            if "text/markdown" in bundle:
                results.append(("markdown", _text(bundle["text/markdown"])))
            elif "text/html" in bundle:
                results.append(("html", _text(bundle["text/html"]) + "\0" + plain))
            else:  # Quarto inserts a text/plain that is not a quoted string as it is: as Markdown
                results.append(("markdown", plain))
        return results


def _figure_format(name: str) -> None:
    """matplotlib's inline figures in ``name`` (``fig-format``), as Quarto's setup cell sets them."""
    if "matplotlib" not in sys.modules:
        return
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    set_matplotlib_formats(name)


def _check_traceback(cell: CodeCell, outputs: list[dict], count: int) -> None:
    """A traceback shown with ``error: true`` that passes through code of another cell is
    highlighted differently by a Jupyter kernel (Quarto) than here: refused, not shown otherwise."""
    for out in outputs:
        if out.get("output_type") != "error":
            continue
        cells = {int(n) for n in re.findall(r"Cell In\[(\d+)\]", re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(out["traceback"])))}
        if cells - {count}:
            raise Unsupported("error: true with a traceback through another cell's code", cell.where)


def _leaks(chunk: Markdown, results: list[tuple[str, str]]) -> list[Leak]:
    found = [Leak(chunk.origin(m.start()), m.group(1), "follows another inline expression with nothing between them, so Quarto prints it as code")
             for m in find_touching_expressions(chunk.text)]
    for m, (kind, _) in zip(find_inline_expressions(chunk.text), results):
        if kind == "code":
            found.append(Leak(chunk.origin(m.start()), m.group(1), "evaluated to an empty string, which Quarto prints as code"))
        elif kind == "escaped":
            found.append(Leak(chunk.origin(m.start()), m.group(1), "evaluated to a string with a line break "
                              "or other control character, which Quarto shows escaped (\\\\n)"))
    return sorted(found, key=lambda leak: leak.where or ("", 0))


class _time_limit:
    """Stop code that is stuck, not code that is slow: raise TimeoutError in the running code
    when for ``seconds`` it has used (almost) no processor time, neither itself nor in the
    processes it started — it sleeps, waits for input or for a lock that never comes. A cell that
    keeps computing, as on large data, runs as long as it needs (Ctrl-C stops it). Main thread
    only: elsewhere there is no signal to interrupt it with, and the code runs unlimited."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.active = threading.current_thread() is threading.main_thread()

    def _check(self, signum, frame):
        used = _processor_seconds()
        if used - self._used < 0.02 * self.seconds:
            raise TimeoutError(f"cell made no progress for {self.seconds:g} s (it used no processor time: stuck?)")
        self._used = used

    def __enter__(self):
        if self.active:
            self._used = _processor_seconds()
            self._old = signal.signal(signal.SIGALRM, self._check)
            signal.setitimer(signal.ITIMER_REAL, self.seconds, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old)


def _processor_seconds() -> float:
    """Processor time of this process and its children, the running ones included (Linux
    /proc; elsewhere only the children that have ended count)."""
    t = os.times()
    total = t.user + t.system + t.children_user + t.children_system
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return total
    for task in tasks:
        try:
            with open(f"/proc/self/task/{task}/children") as f:
                children = f.read().split()
        except OSError:
            continue
        for pid in children:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            except (OSError, IndexError, ValueError):
                continue
    return total


def execute_document(
    chunks: list[Chunk],
    *,
    doc_dir: Path,
    doc_label: str,
    figure_dir: Path,
    params: dict | None = None,
    defaults: CellDefaults = CellDefaults(),
    leaks: list[Leak] | None = None,
) -> str:
    """Run a document in a freshly reset shell (see ``Interpreter`` to reuse one for many)."""
    with Interpreter() as interpreter:
        return interpreter.run(chunks, doc_dir=doc_dir, doc_label=doc_label, figure_dir=figure_dir,
                               params=params, defaults=defaults, leaks=leaks)


def _execution_error(doc_label: str, step: _Step, exc: _CellFailed) -> ExecutionError:
    error = " ".join(f"{exc.ename}: {exc.evalue}".strip().rstrip(":").split())  # one line
    if step.kind == "code":
        where = f"cell {step.chunk.number} ({step.chunk.first_line})"
    elif step.kind == "inline":
        where = "inline expression " + ", ".join(f"`{e}`" for e in step.exprs)
    else:
        where = "injected parameters cell"
    return ExecutionError(f"{doc_label}: {where} failed: {error}", exc.details)
