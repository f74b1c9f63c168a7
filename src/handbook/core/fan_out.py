"""Runs one function over many items on every core: `handbook check` on a large handbook.

Each page is loaded and checked on its own, so runs of items are done by forked worker
processes and this one, each claiming the next run when it is free (see run_in_chunks). A
forked worker starts with the parent's memory (the imported modules, the loaded snippets
and trees, the task itself), so nothing is imported or sent twice: only the results come
back, pickled, through a pipe. Where fork is
missing (Windows, or a process with threads, such as `mkdocs serve`, where forking can
deadlock) the items run here, in order.

Ctrl-C stops the workers and is raised here; a worker that dies (killed, out of memory) is a
WorkerDied error, never a hang.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
from collections.abc import Callable, Iterator, Sequence
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
    they must pickle. Raises WorkerDied, or what `task` raised.

    The items are cut into CHUNKS_PER_PROCESS runs per process. Process k starts on run k;
    the others are claimed one at a time by whichever process is free (slow pages cluster
    in folders, and a worker pays for the copies fork makes of what it touches: a fixed
    share leaves one core idle at the end). A worker sends each run's results as it
    finishes it, and this process reads them between its own runs, so little is left to
    read after the last run."""
    if jobs <= 1 or not hasattr(os, "fork"):
        return [task(item) for item in items]
    runs = _runs(len(items), jobs)
    claims = _claims_pipe(range(jobs, len(runs)))

    def do_run(k: int) -> list[Result]:
        start, stop = runs[k]
        return [task(items[i]) for i in range(start, stop)]

    workers: list[_Worker] = []
    done: dict[int, list] = {}
    try:
        workers = [_fork_claiming(do_run, k, claims) for k in range(1, jobs)]
        for k in _claimed(0, claims):
            done[k] = do_run(k)
            for worker in workers:
                worker.read(done, wait=False)
        for worker in workers:
            worker.read(done, wait=True)
    except BaseException:
        for worker in workers:
            _stop(worker.pid)
        raise
    finally:
        os.close(claims)
        for worker in workers:
            os.close(worker.pipe)
    return [result for k in range(len(runs)) for result in done[k]]


# Runs per process: enough that the last one is short (2,000 pages, 2 processes: runs of
# about 33 pages, some 20 ms), few enough that claiming costs nothing. The claims are
# 4-byte numbers written to a pipe at once, so at most 64 KiB / 4 / 32 = 512 processes.
CHUNKS_PER_PROCESS = 32
_CLAIM = struct.Struct("<I")
_FRAME = struct.Struct("<Q")


def _runs(count: int, jobs: int) -> list[tuple[int, int]]:
    """(start, stop) of each run of items: about CHUNKS_PER_PROCESS per process, at least
    one item each, and at least one run per process."""
    size = max(1, -(-count // (jobs * CHUNKS_PER_PROCESS)))
    runs = [(start, min(start + size, count)) for start in range(0, count, size)]
    return runs + [(count, count)] * (jobs - len(runs))


def _claims_pipe(numbers: Sequence[int]) -> int:
    """The read end of a pipe holding `numbers` (and nothing more will be written: a read
    past them is the end). A read of 4 bytes takes one number whole: the kernel serves the
    readers of a pipe one at a time, and every write was a multiple of 4 bytes."""
    read, write = os.pipe()
    data = b"".join(_CLAIM.pack(k) for k in numbers)
    if len(data) > 65536:  # a pipe holds 64 KiB: more would block this write
        raise ValueError("too many runs for the claims pipe")
    os.write(write, data)
    os.close(write)
    return read


def _claimed(first: int, claims: int) -> Iterator[int]:
    """Run `first`, then each run this process claims, until none is left."""
    yield first
    while len(claim := os.read(claims, _CLAIM.size)) == _CLAIM.size:
        yield _CLAIM.unpack(claim)[0]


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


def _fork_claiming(do_run: Callable[[int], list], first: int, claims: int) -> _Worker:
    """Starts a worker that does run `first`, then claims runs until none is left, sending
    each run's results as a frame: its length, then the pickled ("ok", run, results), or
    ("raised", run, exception) and the end."""
    read, write = os.pipe()
    _widen(write)
    pid = os.fork()
    if pid:
        os.close(write)
        return _Worker(pid, read)
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        os.close(read)
        with os.fdopen(write, "wb") as out:
            for k in _claimed(first, claims):
                try:
                    frame, raised = pickle.dumps(("ok", k, do_run(k)), protocol=5), False
                except Exception as exc:  # handed to the parent, which raises it
                    frame, raised = pickle.dumps(("raised", k, exc), protocol=5), True
                out.write(_FRAME.pack(len(frame)))
                out.write(frame)
                out.flush()
                if raised:
                    break
        code = 0
    finally:
        os._exit(code)


def _widen(pipe: int) -> None:
    """Lets `pipe` hold 1 MiB (Linux's default limit for a pipe, /proc/sys/fs/pipe-max-size),
    not 64 KiB: a worker writes a run's results (2,000 pages: some 250 KiB a run) without
    waiting for this process to finish its own run and read them. Where it can't be done,
    the worker waits."""
    try:
        import fcntl

        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


class _Worker:
    """A worker of run_in_chunks, as its parent sees it: its pid and the pipe its frames
    come through, with what has been read of them."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid, self.pipe, self.buffer, self.ended = pid, pipe, bytearray(), False

    def read(self, done: dict[int, list], wait: bool) -> None:
        """Puts the results of each run the worker has finished into `done` (run -> its
        results); with `wait`, until the worker ends, else only what is there now. Raises
        what the task raised in the worker, or WorkerDied."""
        os.set_blocking(self.pipe, wait)
        while not self.ended:
            try:
                block = os.read(self.pipe, 1 << 20)
            except BlockingIOError:
                break
            self.ended = not block
            self.buffer += block
            self._frames(done)
        if self.ended and wait:
            _pid, status = os.waitpid(self.pid, 0)
            if self.buffer or not os.WIFEXITED(status) or os.WEXITSTATUS(status):
                raise WorkerDied("a worker process stopped before it finished "
                                 f"({_why(status)})")

    def _frames(self, done: dict[int, list]) -> None:
        while len(self.buffer) >= _FRAME.size:
            (size,) = _FRAME.unpack_from(self.buffer)
            if len(self.buffer) < _FRAME.size + size:
                return
            kind, k, value = pickle.loads(memoryview(self.buffer)[_FRAME.size:_FRAME.size + size])
            del self.buffer[:_FRAME.size + size]
            if kind == "raised":
                raise value
            done[k] = value


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
