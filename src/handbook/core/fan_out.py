"""Runs one function over many items on every core: `handbook check` on a large handbook.

Each page is loaded and checked on its own, so the items are dealt out to forked worker
processes, and this process takes a share itself. A forked worker starts with the parent's
memory (the imported modules, the loaded snippets and trees, the task itself), so nothing is
imported or sent twice: only the results come back, pickled, through a pipe. Where fork is
missing (Windows, or a process with threads, such as `mkdocs serve`, where forking can
deadlock) the items run here, in order.

Ctrl-C stops the workers and is raised here; a worker that dies (killed, out of memory) is a
WorkerDied error, never a hang.
"""

from __future__ import annotations

import os
import pickle
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a worker costs more to start than it saves.
MIN_ITEMS_PER_WORKER = 250


def cores() -> int:
    """CPUs this process may run on (its affinity mask, as `os.process_cpu_count()` gives on
    Python 3.13)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def jobs_for(count: int, jobs: int | None = None) -> int:
    """How many processes to use for `count` items: `jobs` if given, else one per core, but
    never more than one per core nor fewer than MIN_ITEMS_PER_WORKER items per process (an
    explicit `jobs` may go below that: the tests use it on small handbooks)."""
    if jobs is not None:
        return max(1, min(jobs, count, cores()))
    return max(1, min(cores(), count // MIN_ITEMS_PER_WORKER))


class WorkerDied(Exception):
    """A worker process ended without handing back its results (killed, out of memory)."""


def run_in_chunks(task: Callable[[Item], Result], items: Sequence[Item],
                  jobs: int = 1) -> list[Result]:
    """[task(item) for item in items], in `jobs` processes (this one included) when there
    are more than one and fork is available. Results come back in the order of `items`;
    they must pickle. Raises WorkerDied, or what `task` raised."""
    if jobs <= 1 or not hasattr(os, "fork"):
        return [task(item) for item in items]
    # Dealt out like cards: slow pages cluster in folders, and each share gets some.
    shares = [items[k::jobs] for k in range(jobs)]
    workers = [_fork(task, share) for share in shares[1:]]
    try:
        parts = [[task(item) for item in shares[0]]]
        parts += [_collect(pid, pipe) for pid, pipe in workers]
    except BaseException:
        for pid, _pipe in workers:
            _stop(pid)
        raise
    finally:
        for _pid, pipe in workers:
            os.close(pipe)
    results: list = [None] * len(items)
    for k, part in enumerate(parts):
        results[k::jobs] = part
    return results


def in_background(task: Callable[[], Result]) -> Callable[[], Result]:
    """Starts `task()` in a forked worker now; returns the function that waits for its result
    (raising what it raised, or WorkerDied). Without fork, it runs when its result is asked."""
    if not hasattr(os, "fork") or cores() < 2:
        return task
    pid, pipe = _fork(lambda _none: task(), [None])

    def result() -> Result:
        try:
            return _collect(pid, pipe)[0]
        except BaseException:
            _stop(pid)
            raise
        finally:
            os.close(pipe)
    return result


def _fork(task: Callable, share: Sequence) -> tuple[int, int]:
    """Starts a worker for `share`: (its pid, the pipe its pickled results come through)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    # The worker: Ctrl-C is the parent's to handle; whatever happens, never return into the
    # parent's code (os._exit skips its cleanup and atexit handlers too).
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.close(read)
        try:
            payload = pickle.dumps(("ok", [task(item) for item in share]), protocol=5)
        except Exception as exc:  # handed to the parent, which raises it
            payload = pickle.dumps(("raised", exc), protocol=5)
        with os.fdopen(write, "wb") as out:
            out.write(payload)
        code = 0
    finally:
        os._exit(code)


def _collect(pid: int, pipe: int) -> list:
    chunks = []
    while block := os.read(pipe, 1 << 20):
        chunks.append(block)
    _pid, status = os.waitpid(pid, 0)
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:
        raise WorkerDied(f"a worker process stopped before it finished ({_why(status)})") \
            from None
    if kind == "raised":
        raise value
    return value


def _why(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}; out of memory?"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
