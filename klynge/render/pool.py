"""Rendering documents in parallel worker processes, each with one kernel it reuses.

Kernel start and the documents' imports are paid once per worker, not once per document;
the workers use the machine's cores. A worker process holds its kernel for its lifetime.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import os
import time
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Callable, Iterator

from .execute import Kernel

_kernel: Kernel | None = None  # the worker process's kernel (set by _start)


def _start(start_dir: str) -> None:
    global _kernel
    _kernel = Kernel(Path(start_dir))
    # multiprocessing workers leave through os._exit, which skips atexit; Finalize still runs.
    multiprocessing.util.Finalize(None, _kernel.close, exitpriority=10)


def _job(project: str, config: dict, rel: str, out: str, params: dict | None) -> tuple[str, list[str], float]:
    from .site import render_document

    start = time.monotonic()
    made = render_document(Path(project), config, rel, Path(out), params, lambda _: None, kernel=_kernel)
    return rel, made, time.monotonic() - start


def worker_count(jobs: int) -> int:
    return max(1, min(jobs, os.cpu_count() or 1))


def render_parallel(project: Path, config: dict, jobs: list[tuple[str, Path]], params: dict | None,
                     workers: int) -> Iterator[tuple[str, list[str], float]]:
    """Render (document, output folder) pairs; yield each as it finishes. The first failure is
    raised as it is, and the documents not yet started are cancelled."""
    # Not fork: a process that has run a kernel in-process holds ZeroMQ threads, which a fork
    # copies half-way and deadlocks on.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start,
                             initargs=(str(project),)) as pool:
        pending = {pool.submit(_job, str(project), config, rel, str(out), params) for rel, out in jobs}
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for f in done:
                    yield f.result()
        except BaseException:
            for f in pending:
                f.cancel()
            raise


def render_in_process(project: Path, config: dict, jobs: list[tuple[str, Path]],
                       params: dict | None) -> Iterator[tuple[str, list[str], float]]:
    """The same for one worker: no extra process, one kernel."""
    from .site import render_document

    with Kernel(project) as kernel:
        for rel, out in jobs:
            start = time.monotonic()
            made = render_document(project, config, rel, out, params, lambda _: None, kernel=kernel)
            yield rel, made, time.monotonic() - start
