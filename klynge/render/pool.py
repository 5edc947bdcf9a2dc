"""Rendering documents in parallel worker processes, each with one interpreter it reuses.

Interpreter start and the documents' imports are paid once per worker, not once per document;
the workers use the machine's cores. A worker process holds its interpreter, and the Typst child
process its PDFs are compiled in, for its lifetime.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Iterator

from . import convert
from .execute import Interpreter
from .document import render_document
from .errors import RenderError

_interpreter: Interpreter | None = None  # the worker process's shell (set by _start)
_typst: convert.Typst | None = None  # and its Typst (set by _start; its child ends with the worker)


def _start(kerner: int, parent: int) -> None:
    global _interpreter, _typst
    _die_with(parent)
    # The workers share the machine's cores: each document gets its share (see klynge.ark.forgrening).
    os.environ["PYTHON_CPU_COUNT"] = str(kerner)
    _interpreter = Interpreter(freeze=True)  # the worker process exists to run documents
    _typst = convert.Typst()


def _die_with(parent: int) -> None:
    """End this worker when the build that started it ends, even by SIGKILL, which leaves it no
    chance to stop its pool (Linux: the kernel sends the signal; elsewhere the pool's own
    shutdown is all there is)."""
    if sys.platform != "linux":
        return
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return
    pr_set_pdeathsig = 1
    prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the build ended before the signal was asked for
        os._exit(1)


def _job(project: str, config: dict, rel: str, out: str, params: dict | None,
         options: dict) -> tuple[str, list[str], float]:
    start = time.monotonic()
    made = render_document(Path(project), config, rel, Path(out), params, lambda _: None, interpreter=_interpreter,
                           typst=_typst, **options)
    return rel, made, time.monotonic() - start


def worker_count(jobs: int) -> int:
    return max(1, min(jobs, os.cpu_count() or 1))


def render_parallel(project: Path, config: dict, jobs: list[tuple[str, Path]], params: dict | None,
                     workers: int, **options) -> Iterator[tuple[str, list[str], float]]:
    """Render (document, output folder) pairs; yield each as it finishes. The first failure is
    raised as it is, and the documents not yet started are cancelled."""
    # Not fork: the parent may already hold an interpreter with a document's state and threads.
    context = multiprocessing.get_context("spawn")
    kerner = max(1, (os.cpu_count() or 1) // workers)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start,
                             initargs=(kerner, os.getpid())) as pool:
        documents = {pool.submit(_job, str(project), config, rel, str(out), params, options): rel for rel, out in jobs}
        pending = set(documents)
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    try:
                        yield f.result()
                    except BrokenProcessPool:
                        # The pool cannot say which of the documents running at once ended it.
                        raise RenderError(f"{documents[f]} (or a document rendered beside it): the Python "
                                          "process stopped unexpectedly (crashed or exited)") from None
        except BaseException:
            for f in pending:
                f.cancel()
            raise


def render_in_process(project: Path, config: dict, jobs: list[tuple[str, Path]],
                       params: dict | None, **options) -> Iterator[tuple[str, list[str], float]]:
    """The same for one worker: no extra process, one interpreter."""
    with Interpreter() as interpreter, convert.Typst() as typst:
        for rel, out in jobs:
            start = time.monotonic()
            made = render_document(project, config, rel, out, params, lambda _: None, interpreter=interpreter,
                                   typst=typst, **options)
            yield rel, made, time.monotonic() - start
