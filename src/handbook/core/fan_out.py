"""Runs one function over many items on every core: `handbook check` on a large handbook.

Each page is loaded and checked on its own, so the pages are split into chunks and the chunks
run in forked worker processes. A forked worker starts with the parent's memory (the imported
modules, the loaded snippets and trees), so nothing is imported or sent twice; only the items
go out and the results come back, pickled. Where fork is missing (Windows, or a process with
threads, such as `mkdocs serve`, where forking can deadlock) the items run here, in order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a worker costs more to start than it saves (about 15 ms each).
MIN_ITEMS_PER_WORKER = 250

# The function the workers call: set before the pool forks, so it needs no pickling (it may
# close over the loaded handbook).
_TASK: Callable | None = None


def cores() -> int:
    """CPUs this process may run on (its affinity mask, as `os.process_cpu_count()` gives on
    Python 3.13)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def jobs_for(count: int, jobs: int | None = None) -> int:
    """How many processes to use for `count` items: `jobs` if given (at most one per item),
    else one per core but never fewer than MIN_ITEMS_PER_WORKER items per process."""
    if jobs is not None:
        return max(1, min(jobs, count))
    return max(1, min(cores(), count // MIN_ITEMS_PER_WORKER))


def run_in_chunks(task: Callable[[Item], Result], items: Sequence[Item],
                  jobs: int = 1) -> list[Result]:
    """[task(item) for item in items], in `jobs` processes when there are more than one and
    fork is available. The results come back in the order of `items`; they must pickle."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [task(item) for item in items]
    global _TASK
    _TASK = task
    # Four chunks per worker: one slow chunk then holds up the end less.
    size = max(1, -(-len(items) // (jobs * 4)))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return [result for part in pool.map(_run_chunk, chunks) for result in part]
    finally:
        _TASK = None


def _run_chunk(items: Sequence) -> list:
    assert _TASK is not None
    return [_TASK(item) for item in items]
