"""fan_out.run_in_chunks: the results of the serial loop, from worker processes."""

from __future__ import annotations

import os
import signal

import pytest

from handbook.core import fan_out

PARENT = os.getpid()


def _square(n: int) -> int:
    return n * n


def test_results_come_back_in_order_from_every_worker(monkeypatch) -> None:
    monkeypatch.setattr(fan_out, "cores", lambda: 3)
    items = list(range(101))
    seen: list[int] = []

    def task(n: int) -> tuple[int, int]:
        seen.append(n)  # in the workers, this list is their own copy
        return n * n, os.getpid()

    results = fan_out.run_in_chunks(task, items, jobs=3)
    assert [r[0] for r in results] == [n * n for n in items]
    assert len({pid for _square, pid in results}) == 3  # three processes did the work
    # this process took its own share: the items whose results name it
    mine = [n for n, (_sq, pid) in zip(items, results, strict=True) if pid == PARENT]
    assert seen and seen == mine


def test_a_process_that_is_held_up_leaves_the_other_runs_to_the_others() -> None:
    """Runs are claimed by whichever process is free: a worker stuck in its first run does
    no other (a fixed share would have kept half of the items waiting for it)."""
    import time

    def task(n: int) -> int:
        if os.getpid() != PARENT and n == 4:  # the worker's first run is items 4 to 7
            time.sleep(1)
        return os.getpid()

    pids = fan_out.run_in_chunks(task, list(range(256)), jobs=2)
    assert [n for n, pid in enumerate(pids) if pid != PARENT] == [4, 5, 6, 7]


def test_results_larger_than_a_pipe_come_back_whole() -> None:
    items = list(range(64))
    results = fan_out.run_in_chunks(lambda n: str(n) * 100_000, items, jobs=2)
    assert results == [str(n) * 100_000 for n in items]


def test_a_worker_killed_midway_is_an_error_not_a_hang() -> None:
    def task(n: int) -> int:
        if n == 1 and os.getpid() != PARENT:
            os.kill(os.getpid(), signal.SIGKILL)
        return n

    with pytest.raises(fan_out.WorkerDied, match="killed by signal 9"):
        fan_out.run_in_chunks(task, list(range(10)), jobs=2)


def test_an_exception_in_a_worker_is_raised_here() -> None:
    def task(n: int) -> int:
        if n == 3:
            raise ValueError("item 3")
        return n

    with pytest.raises(ValueError, match="item 3"):
        fan_out.run_in_chunks(task, list(range(10)), jobs=2)


def test_jobs_never_exceed_the_cores_or_the_items(monkeypatch) -> None:
    monkeypatch.setattr(fan_out, "cores", lambda: 2)
    assert fan_out.jobs_for(2000) == 2
    assert fan_out.jobs_for(2000, 16) == 2
    assert fan_out.jobs_for(300) == 1  # too few pages to gain from a second process
    assert fan_out.jobs_for(1, 4) == 1
    assert fan_out.run_in_chunks(_square, [1, 2, 3], jobs=1) == [1, 4, 9]
