"""Linting many inputs on every core, with output in the same order as a single process.

Worker processes are forked from the process that planned the run, so they inherit its loaded
rules and pipelines instead of building their own; tasks and results cross the process boundary
as index ranges and result values only. Where fork is unavailable, the run stays in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from tonecheck import heap

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

# Below this many inputs, starting workers costs more than it saves.
AUTO_MIN_ITEMS = 200
CHUNK = 25  # inputs per task: large enough to amortise the round trip, small enough to balance


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def jobs_for(requested: int | None, items: int) -> int:
    """The number of processes to use: as requested, or all cores for a large run."""
    if requested is not None and requested > 0:
        return min(requested, max(1, items))
    return cpu_count() if items >= AUTO_MIN_ITEMS else 1


class _Work(Generic[Item, Outcome]):
    """What the forked workers inherit: the function and the planned items."""

    def __init__(self, func: Callable[[Item], Outcome], items: Sequence[Item]) -> None:
        self.func, self.items = func, items


_inherited: _Work[Any, Any] | None = None


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _inherited is not None
    start, end = bounds
    return [_inherited.func(item) for item in _inherited.items[start:end]]


def run(func: Callable[[Item], Outcome], items: Sequence[Item], jobs: int) -> Iterator[Outcome]:
    """func over items, in order, spread over `jobs` forked processes."""
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(func, items)
        return
    global _inherited
    _inherited = _Work(func, items)
    chunks = [(i, min(i + CHUNK, len(items))) for i in range(0, len(items), CHUNK)]
    # Out of the collector's reach, the inherited heap (pipelines, rules) stays shared: a
    # worker's collections would otherwise walk every inherited object, and writing their
    # headers makes the kernel copy each page into the worker. That made two workers slower
    # than one process.
    with heap.frozen():
        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_ignore_interrupts)
        try:
            for outcomes in pool.imap(_run_chunk, chunks):
                yield from outcomes
        except BaseException:  # Ctrl-C, an error, or the caller stopped early: stop the workers
            pool.terminate()
            raise
        else:
            pool.close()
        finally:
            pool.join()
            _inherited = None


def _ignore_interrupts() -> None:
    """Ctrl-C reaches every process of the group; only the parent should act on it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
