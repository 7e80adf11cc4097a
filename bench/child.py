"""One measurement in a fresh process; run.py starts it and reads the JSON line it prints.

    python bench/child.py floor   --corpus FILE --size N [--limit SECONDS]
    python bench/child.py api     --corpus FILE --size N [--mode auto|split] [--limit SECONDS]
    python bench/child.py latency --lang en [--words 120] [--calls 2000] [--warmup 300]

Imports, pipeline loading and rule compiling happen before the clock starts, followed by a
warm-up on messages that are not in the corpus; the clock then covers streaming the corpus file
through the pipeline (floor) or through tonecheck (api), discarding each result after counting it.
With --limit the timed part stops after that many seconds and the result says `complete: false`.
Memory is the process's own peak (VmHWM) and its resident size when the clock started.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from corpus import SEED, Record, message_of_words, messages, read_jsonl

WARMUP_MESSAGES = 64
# Distinct latency messages, rotated: more than any cache on the way holds (textstat keeps the
# scores of its last 128 texts), so each call does the full work.
LATENCY_VARIANTS = 1000


def memory_mb() -> dict[str, float]:
    """The process's current and peak resident memory in MB, from /proc/self/status."""
    fields = {"VmRSS": "rss_mb", "VmHWM": "peak_rss_mb"}
    found: dict[str, float] = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in fields:
                found[fields[name]] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        found = {"rss_mb": round(peak, 1), "peak_rss_mb": round(peak, 1)}
    return found


def warmup_texts(lang: str | None = None) -> list[str]:
    """Messages from another seed: the same mix, none of them in the corpus."""
    items = messages(WARMUP_MESSAGES * 2, seed=SEED + 1)
    return [m.text for m in items if lang is None or m.lang == lang][:WARMUP_MESSAGES]


# -- throughput ------------------------------------------------------------------------------------


class Clock:
    """The timed part of a run: counts, and a deadline after which the run stops early."""

    def __init__(self, limit: float | None) -> None:
        self.start = time.perf_counter()
        self.cpu_start = time.process_time()
        self.deadline = self.start + limit if limit else None
        self.counts: dict[str, int] = {}
        self.stopped = False

    def add(self, key: str, value: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + int(value)

    def expired(self) -> bool:
        """Whether the deadline has passed; checked every 32 messages."""
        if self.deadline is None or self.counts.get("messages", 0) % 32:
            return False
        self.stopped = time.perf_counter() > self.deadline
        return self.stopped

    def result(self, setup: dict[str, float]) -> dict[str, Any]:
        seconds = time.perf_counter() - self.start
        return {
            "seconds": seconds,
            "cpu_seconds": time.process_time() - self.cpu_start,
            "complete": not self.stopped,
            **self.counts,
            "setup_rss_mb": setup["rss_mb"],
            **memory_mb(),
        }


def floor(corpus: Path, size: int, limit: float | None) -> dict[str, Any]:
    """tonecheck's default spaCy pipelines, no rules: nlp.pipe over each language's texts."""
    from tonecheck.nlp import LANGUAGES, load_pipeline

    pipelines = {lang: load_pipeline(lang).nlp for lang in LANGUAGES}
    for lang, nlp in pipelines.items():
        for _ in nlp.pipe(warmup_texts(lang)):
            pass
    setup = memory_mb()
    clock = Clock(limit)
    timed_floor(pipelines, corpus, size, clock)
    return clock.result(setup)


def timed_floor(pipelines: dict[str, Any], corpus: Path, size: int, clock: Clock) -> None:
    """The measured part of the floor (profile_run.py finds its samples by this name)."""
    for lang, nlp in pipelines.items():
        records: deque[Record] = deque()
        for _ in nlp.pipe(_texts(read_jsonl(corpus, size), lang, records)):
            record = records.popleft()
            clock.add("messages", 1)
            clock.add("words", record.words)
            if clock.expired():
                return


def api(corpus: Path, size: int, mode: str, limit: float | None) -> dict[str, Any]:
    """tonecheck's API: Linter().check_many over the stream (auto), or one Linter per language."""
    from tonecheck import Linter

    if mode == "auto":
        linters = {"auto": Linter()}
        linters["auto"].prepare()
    else:
        linters = {lang: Linter(lang=lang) for lang in ("en", "it")}
        for lang, linter in linters.items():
            linter.prepare([lang])
    for lang, linter in linters.items():
        for _ in linter.check_many(warmup_texts(None if lang == "auto" else lang)):
            pass
    setup = memory_mb()
    clock = Clock(limit)
    timed_api(linters, corpus, size, clock)
    return clock.result(setup)


def timed_api(linters: dict[str, Any], corpus: Path, size: int, clock: Clock) -> None:
    """The measured part of the API run (profile_run.py finds its samples by this name)."""
    for lang, linter in linters.items():
        records: deque[Record] = deque()
        wanted = None if lang == "auto" else lang
        for result in linter.check_many(_texts(read_jsonl(corpus, size), wanted, records)):
            _count(clock, records.popleft(), result)
            if clock.expired():
                return


def _texts(records: Iterable[Record], lang: str | None, queue: deque[Record]) -> Iterator[str]:
    """The texts of one language (or all), remembering each record until its result is out."""
    for record in records:
        if lang is None or record.lang == lang:
            queue.append(record)
            yield record.text


def _count(clock: Clock, record: Record, result: Any) -> None:
    flagged = bool(result.findings)
    clock.add("messages", 1)
    clock.add("words", record.words)
    clock.add("findings", len(result.findings))
    clock.add("clean_flagged", flagged and record.clean)
    clock.add("problem_unflagged", not flagged and not record.clean)
    clock.add("language_mismatch", result.language != record.lang)


# -- latency ---------------------------------------------------------------------------------------


def latency(lang: str, words: int, calls: int, warmup: int) -> dict[str, Any]:
    """Per-call time of Linter(lang).check on messages of `words` words, rotated."""
    from tonecheck import Linter

    linter = Linter(lang=lang)
    linter.prepare([lang])
    texts = [message_of_words(lang, words, variant) for variant in range(LATENCY_VARIANTS)]
    for i in range(warmup):
        linter.check(texts[i % len(texts)])
    times_ms = timed_latency(linter.check, texts, calls)
    centiles = statistics.quantiles(times_ms, n=100, method="inclusive")
    return {
        "calls": calls,
        "words": words,
        "p50_ms": centiles[49],
        "p90_ms": centiles[89],
        "p99_ms": centiles[98],
        "max_ms": max(times_ms),
        "mean_ms": statistics.fmean(times_ms),
        **memory_mb(),
    }


def timed_latency(check: Callable[[str], Any], texts: list[str], calls: int) -> list[float]:
    """The measured calls, in milliseconds (profile_run.py finds their samples by this name)."""
    times_ms = []
    for i in range(calls):
        start = time.perf_counter_ns()
        check(texts[i % len(texts)])
        times_ms.append((time.perf_counter_ns() - start) / 1e6)
    return times_ms


# -- command line ----------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="One benchmark measurement (see run.py).")
    parser.add_argument("what", choices=("floor", "api", "latency"))
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--mode", choices=("auto", "split"), default="auto")
    parser.add_argument("--lang", choices=("en", "it"), default="en")
    parser.add_argument("--words", type=int, default=120)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=300, help="uncounted calls first")
    parser.add_argument("--limit", type=float, help="stop the timed part after this many seconds")
    args = parser.parse_args(argv)
    if args.what == "latency":
        result = latency(args.lang, args.words, args.calls, args.warmup)
    elif args.what == "floor":
        result = floor(args.corpus, args.size, args.limit)
    else:
        result = api(args.corpus, args.size, args.mode, args.limit)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
