"""tonecheck's benchmark: tonecheck against its floor and against a peer, in one run.

    python bench/run.py [--sizes 2000,20000,100000] [--repeat 3] [--quick] [--out bench-results/]

Measures (see bench/README.md): the floor (tonecheck's default spaCy pipeline with nlp.pipe, no
rules) and the API (`Linter().check_many`) on the same generated corpus at each size, each run in
a fresh process; the CLI on folders of files against proselint 0.16; the cold start of
`tonecheck lint` against a bare spaCy start; the latency of one check with a loaded Linter; peak
memory and time per message at each size. Prints a table and writes bench-results/latest.json.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import corpus
from measure import MeasurementError, Series, repeat, run_child, run_process
from report import (
    bar_dicts,
    bars,
    machine_info,
    rule_counts,
    software_info,
    table,
    write_json,
)

REPO = Path(__file__).resolve().parents[1]
PARTS = ("throughput", "cli", "cold", "latency")
PROSELINT = "proselint==0.16.*"
FLOOR_COMMAND = (
    "import spacy; nlp = spacy.blank('en'); nlp.add_pipe('sentencizer'); "
    "nlp.add_pipe('lemmatizer', config={'mode': 'lookup'}); nlp.initialize()"
)
SHORT_MESSAGE = (
    "Hi Sarah,\n\nThanks for the notes on the booking system. We will send the revised plan "
    "and the signed copy by Friday.\n\nBest regards,\nTom\n"
)  # 25 words
SETUP_ALLOWANCE = 300.0  # seconds a child may spend importing and loading before its clock
Log = Callable[[str], None]


@dataclass(frozen=True)
class Plan:
    sizes: tuple[int, ...]
    cli_sizes: tuple[int, ...]
    repeat: int
    budget: float
    cold_runs: int
    latency_calls: int
    latency_warmup: int
    latency_words: int
    parts: tuple[str, ...]
    api_modes: tuple[str, ...]
    out: Path
    work: Path | None
    seed: int
    quick: bool
    proselint: str | None
    snapshot: bool


def parse_args(argv: Sequence[str] | None) -> Plan:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", help="corpus sizes (default 2000,20000,100000; quick 200,1000)")
    parser.add_argument(
        "--cli-sizes", help="file counts for the CLI (default 2000,20000; quick 100,500)"
    )
    parser.add_argument(
        "--repeat", type=int, help="runs per measurement, median taken (default 3; quick 1)"
    )
    parser.add_argument("--quick", action="store_true", help="a small smoke run of a few minutes")
    parser.add_argument("--out", type=Path, default=REPO / "bench-results", help="results folder")
    parser.add_argument(
        "--budget",
        type=float,
        help="seconds for one measurement's runs (default 300; quick 30): a slower run is "
        "stopped and reported as incomplete, and no further run of it starts",
    )
    parser.add_argument("--only", help=f"some of {','.join(PARTS)} (default: all)")
    parser.add_argument(
        "--api-modes",
        default="auto",
        help="auto (one Linter(), language detected per message) and/or split (a Linter per "
        "language, like the floor); comma-separated (default auto)",
    )
    parser.add_argument("--work", type=Path, help="keep the generated corpus and files here")
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    parser.add_argument("--proselint", help="an installed proselint 0.16 executable to use")
    parser.add_argument(
        "--snapshot",
        action="store_true",
        help="copy src/ and rules/ first and measure the copy, so that edits made during the "
        "run do not change what is measured",
    )
    args = parser.parse_args(argv)
    quick = bool(args.quick)
    return Plan(
        sizes=_ints(args.sizes or ("200,1000" if quick else "2000,20000,100000")),
        cli_sizes=_ints(args.cli_sizes or ("100,500" if quick else "2000,20000")),
        repeat=args.repeat or (1 if quick else 3),
        budget=args.budget or (30.0 if quick else 300.0),
        cold_runs=3 if quick else 7,
        latency_calls=200 if quick else 2000,
        latency_warmup=30 if quick else 300,
        latency_words=120,
        parts=_choices(args.only, PARTS),
        api_modes=_choices(args.api_modes, ("auto", "split")),
        out=args.out,
        work=args.work,
        seed=args.seed,
        quick=quick,
        proselint=args.proselint,
        snapshot=bool(args.snapshot),
    )


def _ints(text: str) -> tuple[int, ...]:
    return tuple(sorted(int(part.replace("_", "")) for part in text.split(",") if part.strip()))


def _choices(text: str | None, allowed: tuple[str, ...]) -> tuple[str, ...]:
    chosen = tuple(p.strip() for p in text.split(",")) if text else allowed
    unknown = [p for p in chosen if p not in allowed]
    if unknown:
        raise SystemExit(f"unknown choice {unknown[0]!r}: use {', '.join(allowed)}")
    return chosen


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- 1, 2 and 6: throughput, memory and cost per message -------------------------------------------


def prepare_corpus(plan: Plan, work: Path) -> tuple[Path, dict[str, Any]]:
    largest = max(plan.sizes, default=0)
    path = work / f"corpus-{plan.seed}-{largest}.jsonl"
    start = time.perf_counter()
    written = corpus.write_jsonl(path, largest, plan.seed)
    log(f"corpus: {largest:,} messages written in {time.perf_counter() - start:.1f} s")
    info = {}
    for size in plan.sizes:
        head = written[:size]
        info[str(size)] = {
            "messages": size,
            "words": sum(s.words for s in head),
            "en": sum(s.lang == "en" for s in head),
            "it": sum(s.lang == "it" for s in head),
            "clean": sum(s.clean for s in head),
        }
    return path, info


def measure_throughput(plan: Plan, corpus_file: Path) -> dict[str, Any]:
    results = {}
    for size in plan.sizes:
        log(f"throughput at {size:,} messages")
        measures = {"floor": _child_measure("floor", corpus_file, size, plan)}
        for mode in plan.api_modes:
            name = "api" if mode == "auto" else f"api_{mode}"
            measures[name] = _child_measure("api", corpus_file, size, plan, mode)
        found = repeat(measures, plan.repeat, plan.budget, log)
        summary: dict[str, Any] = {name: _throughput_summary(s) for name, s in found.items()}
        for name in list(summary):
            if name.startswith("api"):
                key = "ratio" if name == "api" else f"ratio_{name[4:]}"
                summary[key] = _ratio(summary[name], summary["floor"])
                cpu = "cpu_words_per_second"
                summary[f"cpu_{key}"] = _ratio(summary[name], summary["floor"], cpu)
        results[str(size)] = summary
    return results


def _child_measure(
    what: str, corpus_file: Path, size: int, plan: Plan, mode: str = "auto"
) -> Callable[[], dict[str, Any]]:
    arguments = [what, "--corpus", str(corpus_file), "--size", str(size)]
    arguments += ["--limit", str(plan.budget)]
    if what == "api":
        arguments += ["--mode", mode]

    def measure() -> dict[str, Any]:
        result = run_child(arguments, timeout=plan.budget + SETUP_ALLOWANCE)
        result["words_per_second"] = result["words"] / result["seconds"]
        result["cpu_words_per_second"] = result["words"] / result["cpu_seconds"]
        result["ms_per_message"] = 1000 * result["seconds"] / max(1, result["messages"])
        return result

    return measure


def _throughput_summary(series: Series) -> dict[str, Any]:
    if not series.values:
        return {"runs": 0, "note": series.note}
    first = series.values[0]
    counts = ("findings", "clean_flagged", "problem_unflagged", "language_mismatch")
    return {
        "runs": len(series.values),
        "complete": series.all("complete"),
        "messages": series.median("messages"),
        "words_per_second": series.median("words_per_second"),
        "cpu_words_per_second": series.median("cpu_words_per_second"),
        "ms_per_message": series.median("ms_per_message"),
        "peak_rss_mb": series.maximum("peak_rss_mb"),
        "setup_rss_mb": series.median("setup_rss_mb"),
        **{key: first[key] for key in counts if key in first},
        "note": series.note,
        "each_run": series.values,
    }


def _ratio(
    api: dict[str, Any], floor: dict[str, Any], key: str = "words_per_second"
) -> float | None:
    if api.get(key) and floor.get(key):
        return float(api[key] / floor[key])
    return None


# -- 3: the CLI against proselint ---------------------------------------------------------------


def tonecheck_command() -> list[str]:
    script = Path(sys.executable).with_name("tonecheck")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tonecheck"]


def has_jobs_option(tonecheck: list[str]) -> bool:
    run = run_process([*tonecheck, "lint", "--help"], capture=True, timeout=120)
    return "--jobs" in run.output


def proselint_command(plan: Plan) -> tuple[list[str] | None, str]:
    """proselint 0.16 from its own virtualenv under the results folder, installed on first use."""
    if plan.proselint:
        exe = Path(plan.proselint)
    else:
        venv = plan.out / "proselint-venv"
        exe = venv / "bin" / "proselint"
        if not exe.exists() or not _proselint_version(exe).startswith("0.16"):
            log(f"installing {PROSELINT} into {venv} (a separate virtualenv)")
            try:
                _install_proselint(venv)
            except (OSError, subprocess.CalledProcessError) as exc:
                return None, f"n/a: could not install {PROSELINT}: {exc}"
    version = _proselint_version(exe)
    return ([str(exe)], version) if version else (None, f"n/a: {exe} does not run")


def _install_proselint(venv: Path) -> None:
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check"]
    done = subprocess.run([*pip, PROSELINT], capture_output=True, text=True)
    if done.returncode != 0:
        raise OSError(f"pip install {PROSELINT} failed:\n{done.stderr[-2000:]}")


def _proselint_version(exe: Path) -> str:
    try:
        done = subprocess.run([str(exe), "version"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    found = re.search(r"(\d+\.\d+(?:\.\d+)?)", done.stdout + done.stderr)
    return found.group(1) if found else ""


def lint_measure(
    command: list[str], timeout: float, stdout: Path | None = None
) -> Callable[[], dict[str, Any]]:
    """A linter over files: exit 0 (clean) or 1 (findings) is a success; a timeout is reported."""

    def measure() -> dict[str, Any]:
        run = run_process(command, stdout=stdout, timeout=timeout)
        if not run.timed_out and run.exit_code not in (0, 1):
            raise MeasurementError(f"{' '.join(command)}: exit {run.exit_code}\n{run.error}")
        result: dict[str, Any] = {
            "wall": run.wall,
            "cpu": run.cpu,
            "cores_used": run.cpu / run.wall if run.wall else None,
            "peak_rss_mb": run.peak_rss_mb,
            "exit_code": run.exit_code,
            "timed_out": run.timed_out,
        }
        if stdout is not None and not run.timed_out:
            result["output_sha256"] = hashlib.sha256(stdout.read_bytes()).hexdigest()
        return result

    return measure


def measure_cli(plan: Plan, work: Path) -> dict[str, Any]:
    tonecheck = tonecheck_command()
    proselint, version = proselint_command(plan)
    results: dict[str, Any] = {"proselint_version": version, "sizes": {}}
    for count in plan.cli_sizes:
        folder = work / f"files-{plan.seed}-{count}"
        if not folder.exists():
            words = corpus.write_files(folder, count, plan.seed)
            log(f"CLI: {count:,} files ({words:,} words) written to {folder}")
        measures = {
            "tonecheck": lint_measure(
                [*tonecheck, "lint", "--format", "json", str(folder)], plan.budget
            )
        }
        if proselint:
            measures["proselint"] = lint_measure(
                [*proselint, "check", "-o", "json", str(folder)], plan.budget
            )
        log(f"CLI on {count:,} files")
        found = repeat(measures, plan.repeat, plan.budget, log)
        results["sizes"][str(count)] = _cli_summary(found, plan.budget)
    results["jobs"] = measure_jobs(plan, work, tonecheck)
    return results


def _cli_summary(found: dict[str, Series], budget: float) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for name, series in found.items():
        summary[name] = {
            "runs": len(series.values),
            "wall": series.median("wall"),
            "cpu": series.median("cpu"),
            "cores_used": series.median("cores_used"),
            "peak_rss_mb": series.maximum("peak_rss_mb"),
            "timed_out": any(v.get("timed_out") for v in series.values),
            "note": series.note,
        }
    tc, pl = summary.get("tonecheck", {}), summary.get("proselint", {})
    if tc.get("wall") and pl.get("wall"):
        summary["ratio"] = tc["wall"] / pl["wall"]
        if tc["timed_out"]:
            summary["ratio_note"] = f"tonecheck stopped at the {budget:.0f} s budget: at least this"
        if pl["timed_out"]:
            summary["ratio_note"] = f"proselint stopped at the {budget:.0f} s budget: at most this"
    return summary


def measure_jobs(plan: Plan, work: Path, tonecheck: list[str]) -> dict[str, Any]:
    """--jobs 1 against --jobs 2 on the largest folder, when `tonecheck lint` has the option."""
    if not has_jobs_option(tonecheck):
        return {"note": "n/a: `tonecheck lint` has no --jobs option yet"}
    count = max(plan.cli_sizes)
    folder = work / f"files-{plan.seed}-{count}"
    measures = {
        f"jobs{n}": lint_measure(
            [*tonecheck, "lint", "--format", "json", "--jobs", str(n), str(folder)],
            plan.budget,
            stdout=work / f"jobs{n}.json",
        )
        for n in (1, 2)
    }
    log(f"CLI --jobs 1 and --jobs 2 on {count:,} files")
    found = repeat(measures, plan.repeat, plan.budget, log)
    one, two = found["jobs1"], found["jobs2"]
    hashes = {v.get("output_sha256") for s in (one, two) for v in s.values}
    wall1, wall2 = one.median("wall"), two.median("wall")
    timed_out = any(v.get("timed_out") for s in (one, two) for v in s.values)
    return {
        "files": count,
        "jobs1_wall": wall1,
        "jobs2_wall": wall2,
        "jobs2_cores_used": two.median("cores_used"),
        "speedup": wall1 / wall2 if wall1 and wall2 and not timed_out else None,
        "same_output": None if None in hashes or not hashes else len(hashes) == 1,
        "note": f"a run stopped at the {plan.budget:.0f} s budget" if timed_out else "",
    }


# -- 4: cold start ---------------------------------------------------------------------------------


def measure_cold_start(plan: Plan, work: Path) -> dict[str, Any]:
    short = work / "short.txt"
    short.write_text(SHORT_MESSAGE, encoding="utf-8")
    tonecheck = tonecheck_command()
    commands = {
        "floor": [sys.executable, "-c", FLOOR_COMMAND],
        "en": [*tonecheck, "lint", "--lang", "en", str(short)],
        "auto": [*tonecheck, "lint", str(short)],
    }
    measures = {name: lint_measure(command, 120.0) for name, command in commands.items()}
    log(f"cold start ({corpus.count_words(SHORT_MESSAGE)}-word file)")
    for measure in measures.values():  # once each, uncounted: files into the page cache
        measure()
    found = repeat(measures, plan.cold_runs, plan.budget, log)
    results: dict[str, Any] = {"words": corpus.count_words(SHORT_MESSAGE)}
    for name, series in found.items():
        results[name] = {
            "runs": len(series.values),
            "wall": series.median("wall"),
            "cpu": series.median("cpu"),
            "peak_rss_mb": series.maximum("peak_rss_mb"),
            "each_wall": [v["wall"] for v in series.values],
        }
    floor = results["floor"]["wall"]
    for name in ("en", "auto"):
        wall = results[name]["wall"]
        results[name]["ratio"] = wall / floor if wall and floor else None
    return results


# -- 5: latency ----------------------------------------------------------------------------------


def measure_latency(plan: Plan) -> dict[str, Any]:
    results = {}
    for lang in ("en", "it"):
        arguments = ["latency", "--lang", lang, "--calls", str(plan.latency_calls)]
        arguments += ["--warmup", str(plan.latency_warmup), "--words", str(plan.latency_words)]
        log(f"latency ({lang}, {plan.latency_words} words, {plan.latency_calls:,} calls)")

        def measure(arguments: list[str] = arguments) -> dict[str, Any]:
            return run_child(arguments, timeout=plan.budget + SETUP_ALLOWANCE)

        series = repeat({lang: measure}, plan.repeat, plan.budget, log)[lang]
        keys = ("p50_ms", "p90_ms", "p99_ms", "mean_ms")
        results[lang] = {
            "runs": len(series.values),
            "words": plan.latency_words,
            "calls": plan.latency_calls,
            **{key: series.median(key) for key in keys},
            "max_ms": series.maximum("max_ms"),
            "peak_rss_mb": series.maximum("peak_rss_mb"),
            "note": series.note,
        }
    return results


# -- the run -------------------------------------------------------------------------------------


@contextmanager
def work_folder(plan: Plan) -> Iterator[Path]:
    if plan.work is not None:
        plan.work.mkdir(parents=True, exist_ok=True)
        yield plan.work
        return
    folder = Path(tempfile.mkdtemp(prefix="tonecheck-bench-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def use_snapshot(work: Path) -> str:
    """Copy src/ and rules/ into the work folder and import tonecheck from there, here and in
    every process started from now on (they inherit PYTHONPATH)."""
    copy = work / "snapshot"
    for part in ("src", "rules"):
        shutil.copytree(REPO / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    source = str(copy / "src")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))
    sys.path.insert(0, source)
    log(f"measuring a snapshot of {REPO}/src and rules taken now, in {copy}")
    return time.strftime("%Y-%m-%d %H:%M:%S")


def run(plan: Plan) -> dict[str, Any]:
    with work_folder(plan) as work:
        snapshot = use_snapshot(work) if plan.snapshot else None
        results = describe(plan)
        results["software"]["snapshot_taken"] = snapshot
        measure_all(plan, work, results)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    started = results["benchmark"]["started_epoch"]
    results["benchmark"]["duration_seconds"] = round(time.time() - started, 1)
    results["bars"] = bar_dicts(bars(results))
    return results


def describe(plan: Plan) -> dict[str, Any]:
    started = time.time()
    return {
        "benchmark": {
            "started": time.strftime("%Y-%m-%d %H:%M:%S %z", time.localtime(started)),
            "started_epoch": started,
            "command": " ".join(["python bench/run.py", *sys.argv[1:]]),
            "plan": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(plan).items()},
            "api": "Linter().check_many(generator of texts): auto language"
            + (", and one Linter(lang) per language" if "split" in plan.api_modes else ""),
        },
        "machine": machine_info(),
        "software": software_info(REPO),
        "rules": _rules(),
    }


def _rules() -> dict[str, Any]:
    try:
        return rule_counts()
    except Exception as exc:  # a rule pack being edited: nothing meaningful to measure
        raise SystemExit(f"tonecheck cannot load its rules, nothing to measure: {exc}") from exc


def measure_all(plan: Plan, work: Path, results: dict[str, Any]) -> None:
    steps: dict[str, Callable[[], dict[str, Any]]] = {
        "cli": lambda: measure_cli(plan, work),
        "cold_start": lambda: measure_cold_start(plan, work),
        "latency": lambda: measure_latency(plan),
    }
    if "throughput" in plan.parts:
        corpus_file, results["corpus"] = prepare_corpus(plan, work)
        results["throughput"] = measure_throughput(plan, corpus_file)
    for key, step in steps.items():
        if key.split("_")[0] in plan.parts:
            results[key] = step()


def main(argv: Sequence[str] | None = None) -> int:
    plan = parse_args(argv)
    results = run(plan)
    print(table(results), end="")
    path = write_json(results, plan.out)
    print(f"results: {path} and {plan.out / 'latest.json'}")
    statuses = [bar["status"] for bar in results["bars"]]
    print(
        f"bars: {statuses.count('pass')} pass, {statuses.count('fail')} fail, "
        f"{statuses.count('n/a')} n/a"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
