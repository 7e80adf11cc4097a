"""Running measured subprocesses: wall time, CPU time and peak memory of each, one at a time."""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
POLL_SECONDS = 0.02


@dataclass(frozen=True)
class Run:
    """One finished (or stopped) subprocess."""

    wall: float  # seconds, from start to exit, measured by the parent
    cpu: float  # user + system seconds of the process and the children it waited for
    peak_rss_mb: float  # the largest resident size of the process or one of its children
    exit_code: int
    timed_out: bool = False
    output: str = ""  # standard output, when it was captured
    error: str = ""  # the end of standard error


@dataclass
class Series:
    """Repeated runs of one measurement and the values taken from each."""

    name: str
    values: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""

    def median(self, key: str) -> float | None:
        found = [v[key] for v in self.values if isinstance(v.get(key), (int, float))]
        return statistics.median(found) if found else None

    def maximum(self, key: str) -> float | None:
        found = [v[key] for v in self.values if isinstance(v.get(key), (int, float))]
        return max(found) if found else None

    def all(self, key: str) -> bool:
        return bool(self.values) and all(v.get(key) for v in self.values)


def run_process(
    command: Sequence[str],
    *,
    stdout: Path | None = None,
    capture: bool = False,
    timeout: float | None = None,
    env: dict[str, str] | None = None,
) -> Run:
    """Run a command and wait for it with wait4, which reports that process's own resources.

    Standard output goes to `stdout` (a file), is captured (`capture`), or is discarded.
    A command still running after `timeout` seconds is stopped with its whole process group.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        target: Any = out if capture else subprocess.DEVNULL
        if stdout is not None:
            target = stdout.open("wb")
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(command), stdout=target, stderr=err, env=env, start_new_session=True
        )
        status, usage, timed_out = _wait(proc.pid, start, timeout)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if stdout is not None:
            target.close()
        out.seek(0)
        err.seek(0)
        return Run(
            wall=wall,
            cpu=usage.ru_utime + usage.ru_stime,
            peak_rss_mb=round(usage.ru_maxrss / 1024, 1),
            exit_code=proc.returncode,
            timed_out=timed_out,
            output=out.read().decode("utf-8", "replace") if capture else "",
            error=err.read().decode("utf-8", "replace")[-2000:],
        )


def _wait(pid: int, start: float, timeout: float | None) -> tuple[int, Any, bool]:
    if timeout is None:
        _, status, usage = os.wait4(pid, 0)
        return status, usage, False
    while True:
        found, status, usage = os.wait4(pid, os.WNOHANG)
        if found:
            return status, usage, False
        if time.perf_counter() - start > timeout:
            _stop_group(pid)
            _, status, usage = os.wait4(pid, 0)
            return status, usage, True
        time.sleep(POLL_SECONDS)


def _stop_group(pid: int) -> None:
    """Stop a process and the workers it started (it leads its own session)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        time.sleep(0.5)


def run_child(arguments: Sequence[str], timeout: float | None = None) -> dict[str, Any]:
    """Run bench/child.py with arguments; its JSON result plus the parent's view of it."""
    command = [sys.executable, str(BENCH / "child.py"), *arguments]
    run = run_process(command, capture=True, timeout=timeout)
    if run.exit_code != 0 or not run.output.strip():
        reason = "timed out" if run.timed_out else f"exit code {run.exit_code}"
        raise MeasurementError(f"child.py {' '.join(arguments)}: {reason}\n{run.error}")
    result: dict[str, Any] = json.loads(run.output.strip().splitlines()[-1])
    result["process_wall"] = run.wall
    result["process_cpu"] = run.cpu
    result["process_peak_rss_mb"] = run.peak_rss_mb
    return result


class MeasurementError(RuntimeError):
    """A measured process failed: the benchmark reports it and goes on with the others."""


def repeat(
    measures: Mapping[str, Callable[[], dict[str, Any]]],
    times: int,
    budget: float,
    log: Callable[[str], None],
) -> dict[str, Series]:
    """Run the measures in turn (interleaved, so drift hits them alike) up to `times` rounds.

    The rounds stop early when the next one would take the group past `budget` seconds. A
    measure that fails is reported in its series' note and left out of later rounds.
    """
    series = {name: Series(name) for name in measures}
    failed: set[str] = set()
    spent = 0.0
    for round_number in range(1, times + 1):
        start = time.perf_counter()
        for name, measure in measures.items():
            if name not in failed:
                _measure_once(series[name], measure, round_number, log, failed)
        last = time.perf_counter() - start
        spent += last
        if round_number < times and spent + last > budget:
            note = f"{round_number} of {times} runs (the next would pass the {budget:.0f} s budget)"
            log(f"  {note}")
            for one in series.values():
                one.note = one.note or note
            break
    return series


def _measure_once(
    series: Series,
    measure: Callable[[], dict[str, Any]],
    round_number: int,
    log: Callable[[str], None],
    failed: set[str],
) -> None:
    start = time.perf_counter()
    try:
        value = measure()
    except MeasurementError as exc:
        series.note = f"failed: {str(exc).splitlines()[0]}"
        failed.add(series.name)
        log(f"  {series.name}: FAILED: {exc}")
        return
    series.values.append(value)
    took = time.perf_counter() - start
    log(f"  {series.name} #{round_number}: {_brief(value)} ({took:.1f} s)")


def _brief(value: dict[str, Any]) -> str:
    keys = ("words_per_second", "wall", "p50_ms", "p99_ms", "messages", "peak_rss_mb")
    parts = []
    for key in keys:
        if key in value and value[key] is not None:
            number = value[key]
            parts.append(f"{key}={number:,.1f}" if isinstance(number, float) else f"{key}={number}")
    if value.get("complete") is False:
        parts.append("INCOMPLETE")
    if value.get("timed_out"):
        parts.append("TIMED OUT")
    return ", ".join(parts)
