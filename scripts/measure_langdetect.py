"""Measure tonecheck.langdetect on real English and Italian text.

Reads evaluation data from ``--data`` (default: ``../shared/dev-data`` relative to the repository
root); nothing of it is copied into the repository. English: the ``Request`` column of the
Stanford politeness Wikipedia requests and the sentences of the Parakweet e-mail intent set;
Italian: the ``text`` column of the SENTIPOLC 2016 training tweets.

A message counts as correct only when the detector is confident *and* right: each message is
detected with the *other* language as the fallback, so "not confident" is counted as an error.
Words are counted by whitespace split; the "(real words)" rows, for information, keep only the
long messages that still have that many words once URLs, addresses, @mentions, #hashtags and
chunks without letters are left out. Usage::

    python scripts/measure_langdetect.py [--data DIR] [--errors N] [--min-words 8] [--timing]
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

try:
    from tonecheck import langdetect
except ImportError:  # a checkout without tonecheck installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from tonecheck import langdetect

REPO_ROOT = Path(__file__).resolve().parent.parent
Guess = langdetect.Guess
detect = langdetect.detect

OTHER = {"en": "it", "it": "en"}


@dataclass
class Tally:
    """Counts for one language (or source) and one length band."""

    total: int = 0
    correct: int = 0
    unsure: int = 0
    wrong: int = 0
    errors: list[tuple[str, str, Guess]] = field(default_factory=list)

    def add(self, source: str, text: str, truth: str) -> None:
        """Detect text and record the outcome."""
        guess = detect(text, default=OTHER[truth])
        self.total += 1
        if guess.confident and guess.lang == truth:
            self.correct += 1
            return
        if guess.confident:
            self.wrong += 1
        else:
            self.unsure += 1
        self.errors.append((source, text, guess))

    def accuracy(self) -> str:
        """Accuracy as a percentage string."""
        return f"{100.0 * self.correct / self.total:6.2f}%" if self.total else "    n/a"


def read_wikipedia(data: Path) -> Iterator[str]:
    """Yield the Request column of the Stanford politeness Wikipedia file."""
    path = data / "stanford-politeness-wikipedia" / "wikipedia.annotated.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["Request"]


def read_parakweet(data: Path) -> Iterator[str]:
    """Yield the sentence column of the Parakweet file (label TAB sentence, no header)."""
    path = data / "parakweet-email-intent-train" / "train_Ask0729-fixed.tsv"
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            _label, _, sentence = line.rstrip("\r\n").partition("\t")
            yield sentence


def read_sentipolc(data: Path) -> Iterator[str]:
    """Yield the text column of the SENTIPOLC 2016 training tweets."""
    path = data / "sentipolc2016-train" / "sentipolc16_officialdistrib_train.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield row["text"]


SOURCES = (
    ("en", "wikipedia", read_wikipedia),
    ("en", "parakweet", read_parakweet),
    ("it", "sentipolc", read_sentipolc),
)


def measure(data: Path, min_words: int) -> dict[tuple[str, str], Tally]:
    """Tally every message by (row name, band) where band is 'long' or 'short' (3..min_words-1)."""
    tallies: dict[tuple[str, str], Tally] = {}
    for lang, name, reader in SOURCES:
        for text in reader(data):
            count = len(text.split())
            if count >= min_words:
                band = "long"
            elif count >= 3:
                band = "short"
            else:
                continue
            rows = [f"{lang}:{name}", f"{lang} (all)"]
            if band == "long" and real_words(text) >= min_words:
                rows.append(f"{lang} (real words)")
            for row in rows:
                tallies.setdefault((row, band), Tally()).add(name, text, lang)
    return tallies


def real_words(text: str) -> int:
    """Count the whitespace-separated chunks that are words: with a letter, not a URL, address,
    @mention or #hashtag (for information: the bar counts all whitespace-separated words)."""
    return sum(
        1 for chunk in text.split() if not langdetect._is_noise(chunk) and _has_letter(chunk)
    )


def _has_letter(chunk: str) -> bool:
    """Tell whether chunk contains a letter."""
    return any(char.isalpha() for char in chunk)


def print_table(tallies: dict[tuple[str, str], Tally], min_words: int) -> None:
    """Print accuracy per language and source."""
    order = {"(all)": 0, ":": 1, "(real words)": 2}
    rows = sorted(
        {row for row, _ in tallies},
        key=lambda r: (r[:2], min(v for k, v in order.items() if k in r), r),
    )
    print(
        f"{'messages':16} {'n>=' + str(min_words):>7} {'correct':>8} {'accuracy':>9} "
        f"{'unsure':>7} {'wrong':>6} | {'n 3-' + str(min_words - 1):>7} {'accuracy':>9} "
        f"{'unsure':>7}"
    )
    for row in rows:
        long = tallies.get((row, "long"), Tally())
        short = tallies.get((row, "short"), Tally())
        print(
            f"{row:16} {long.total:7d} {long.correct:8d} {long.accuracy():>9} "
            f"{long.unsure:7d} {long.wrong:6d} | {short.total:7d} {short.accuracy():>9} "
            f"{short.unsure:7d}"
        )


def print_errors(tallies: dict[tuple[str, str], Tally], limit: int) -> None:
    """Print up to limit misclassified long messages per language."""
    for lang in ("en", "it"):
        errors = tallies.get((f"{lang} (all)", "long"), Tally()).errors
        print(f"\n--- {lang}: {len(errors)} errors on long messages (showing {limit}) ---")
        for source, text, guess in errors[:limit]:
            state = "unsure" if not guess.confident else f"-> {guess.lang}"
            scores = " ".join(f"{k}={v:g}" for k, v in guess.scores.items())
            print(f"[{source}] {state} ({scores}): {' '.join(text.split())[:300]}")


def chunks(texts: list[str], words: int) -> list[str]:
    """Join consecutive messages into texts of exactly `words` whitespace-separated words."""
    flat = [w for text in texts for w in text.split()]
    return [" ".join(flat[i : i + words]) for i in range(0, len(flat) - words + 1, words)]


def _reset_cache() -> None:
    """Empty the detector's chunk cache (back to the seeded known words)."""
    langdetect._chunk_cache.clear()
    langdetect._chunk_cache.update(langdetect._SEED)


_IMPORT_PROBE = """
import marshal, sys, time, types
{setup}
path = sys.argv[1]
with open(path, encoding="utf-8") as handle:
    source = handle.read()
t0 = time.perf_counter()
data = marshal.dumps(compile(source, path, "exec"))
t1 = time.perf_counter()
module = sys.modules["langdetect"] = types.ModuleType("langdetect")
module.__file__ = path
exec(marshal.loads(data), module.__dict__)
t2 = time.perf_counter()
print((t2 - t1) * 1e3, (t1 - t0) * 1e3)
"""


def _import_ms(setup: str) -> tuple[float, float]:
    """Median time (ms) to load langdetect.py in a fresh interpreter after `setup`.

    Returns (load from bytecode, as from an installed package's .pyc; compile from source, paid
    only when no .pyc can be used, e.g. under PYTHONDONTWRITEBYTECODE).
    """
    path = str(REPO_ROOT / "src" / "tonecheck" / "langdetect.py")
    runs = [
        subprocess.run(
            [sys.executable, "-c", _IMPORT_PROBE.format(setup=setup), path],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for _ in range(9)
    ]
    return (
        statistics.median(float(load) for load, _ in runs),
        statistics.median(float(compiled) for _, compiled in runs),
    )


def print_timing(data: Path) -> None:
    """Time detect() on 200-word texts built from the data, and the module's import."""
    for lang, texts in (
        ("en", list(read_wikipedia(data))),
        ("it", list(read_sentipolc(data))),
    ):
        samples = chunks(texts, 200)[:300]
        colds = []
        for _ in range(5):
            cold = 0.0
            for sample in samples:
                _reset_cache()
                start = time.perf_counter()
                detect(sample)
                cold += time.perf_counter() - start
            colds.append(cold / len(samples))
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            for sample in samples:
                detect(sample)
            runs.append((time.perf_counter() - start) / len(samples))
        print(
            f"detect() {lang}, {len(samples)} texts of 200 words: "
            f"cold cache {min(colds) * 1e3:.3f} ms, warm {min(runs) * 1e3:.3f} ms per text "
            "(best of 5 rounds)"
        )
    alone, compiled = _import_ms("")
    preloaded, _ = _import_ms("import re, dataclasses, collections.abc")
    print(
        f"import langdetect.py from bytecode (median of 9 fresh interpreters): {preloaded:.2f} ms "
        f"with re and dataclasses already imported, {alone:.2f} ms including importing them; "
        f"compiling the source when there is no .pyc adds {compiled:.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=REPO_ROOT.parent / "shared" / "dev-data",
        help="dev-data directory (default: ../shared/dev-data from the repository root)",
    )
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print N errors")
    parser.add_argument("--min-words", type=int, default=8, help="long-message threshold")
    parser.add_argument("--timing", action="store_true", help="also time detect() and import")
    args = parser.parse_args(argv)
    tallies = measure(args.data, args.min_words)
    print(f"tonecheck.langdetect from {langdetect.__file__}; data from {args.data}")
    print_table(tallies, args.min_words)
    if args.errors:
        print_errors(tallies, args.errors)
    if args.timing:
        print()
        print_timing(args.data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
