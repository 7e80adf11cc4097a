"""The benchmark's results: the machine, the bars with pass/fail, a table and the JSON files."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

Results = dict[str, Any]

# -- the machine -----------------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "ram_gb": _ram_gb(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def software_info(repo: Path) -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "spacy": _version("spacy"),
        "spacy_lookups_data": _version("spacy-lookups-data"),
        "textstat": _version("textstat"),
        "tonecheck": _version("tonecheck"),
        "tonecheck_source": _tonecheck_source(),
        "git_commit": _git(repo, "rev-parse", "--short", "HEAD"),
        "git_uncommitted_changes": bool(_git(repo, "status", "--porcelain", "--", "src", "rules")),
    }


def _tonecheck_source() -> str:
    """Where tonecheck is imported from (a checkout's src/, site-packages, or a copy)."""
    import tonecheck

    return str(Path(tonecheck.__file__).resolve().parent)


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _git(repo: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def rule_counts() -> dict[str, Any]:
    """How many rules each language runs by default, and of which categories."""
    from tonecheck import Linter

    rules = Linter().rules
    counts: dict[str, Any] = {}
    for lang in ("en", "it"):
        mine = [r for r in rules if lang in r.langs]
        counts[lang] = len(mine)
        counts[f"{lang}_categories"] = sorted({r.category for r in mine})
    return counts


# -- the bars --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    id: str
    text: str
    value: float | None
    limit: float
    status: str  # "pass", "fail" or "n/a"
    note: str = ""


def check(
    bar_id: str,
    text: str,
    value: float | None,
    limit: float,
    ok: Callable[[float, float], bool],
    note: str = "",
) -> Bar:
    if value is None:
        return Bar(bar_id, text, None, limit, "n/a", note)
    return Bar(bar_id, text, round(value, 3), limit, "pass" if ok(value, limit) else "fail", note)


def at_least(value: float, limit: float) -> bool:
    return value >= limit


def below(value: float, limit: float) -> bool:
    return value < limit


def at_most(value: float, limit: float) -> bool:
    return value <= limit


def bars(results: Results) -> list[Bar]:
    """The bars of the parts this run measured (see --only)."""
    cores = results["machine"].get("usable_cores") or 1
    parts: list[tuple[str, Callable[[Any], list[Bar]]]] = [
        ("throughput", _throughput_bars),
        ("cli", lambda cli: _cli_bars(cli, cores)),
        ("cold_start", _cold_bars),
        ("latency", _latency_bars),
        ("throughput", _scale_bars),
    ]
    return [bar for key, make in parts if key in results for bar in make(results[key])]


def _throughput_bars(throughput: Mapping[str, Any]) -> list[Bar]:
    ratios = {size: t.get("ratio") for size, t in throughput.items()}
    found = {size: r for size, r in ratios.items() if r is not None}
    worst = min(found, key=lambda s: found[s]) if found else None
    note = f"lowest at {int(worst):,} messages" if worst else "not measured"
    value = found[worst] if worst else None
    text = "API throughput ≥ 0.6 × the floor (words/s, every size)"
    return [check("api-throughput", text, value, 0.6, at_least, note)]


def _cli_bars(cli: Mapping[str, Any], cores: int) -> list[Bar]:
    sizes = sorted((int(s) for s in cli.get("sizes", {})), reverse=True)
    out: list[Bar] = []
    if sizes:
        big = cli["sizes"][str(sizes[0])]
        out.append(
            check(
                "cli-large-vs-proselint",
                f"CLI on {sizes[0]:,} files faster than proselint (time ratio < 1)",
                big.get("ratio"),
                1.0,
                below,
                big.get("ratio_note", ""),
            )
        )
        used = big.get("tonecheck", {}).get("cores_used")
        out.append(
            check(
                "cli-uses-cores",
                f"CLI on {sizes[0]:,} files uses all {cores} cores (CPU / wall ≥ 0.75 × cores)",
                used,
                round(0.75 * cores, 2),
                at_least,
            )
        )
    if len(sizes) > 1:
        small = cli["sizes"][str(sizes[-1])]
        out.append(
            check(
                "cli-small-vs-proselint",
                f"CLI on {sizes[-1]:,} files at most 1.5 × proselint's time",
                small.get("ratio"),
                1.5,
                at_most,
                small.get("ratio_note", ""),
            )
        )
    jobs = cli.get("jobs", {})
    note = jobs.get("note", "")
    out.append(
        check(
            "jobs-scaling",
            "--jobs 2 ≥ 1.7 × --jobs 1 throughput",
            jobs.get("speedup"),
            1.7,
            at_least,
            note,
        )
    )
    same = jobs.get("same_output")
    out.append(
        check(
            "jobs-deterministic",
            "--jobs 1 and --jobs 2 print the same report",
            None if same is None else float(same),
            1.0,
            at_least,
            note,
        )
    )
    return out


def _cold_bars(cold: Mapping[str, Any]) -> list[Bar]:
    return [
        check(
            f"cold-start-{key}",
            f"cold start `tonecheck lint {flag}SHORT.txt` ≤ 1.3 × the floor command",
            cold.get(key, {}).get("ratio"),
            1.3,
            at_most,
        )
        for key, flag in (("en", "--lang en "), ("auto", ""))
    ]


def _latency_bars(latency: Mapping[str, Any]) -> list[Bar]:
    out = []
    for lang in ("en", "it"):
        found = latency.get(lang, {})
        words = found.get("words", 120)
        out.append(
            check(
                f"latency-p50-{lang}",
                f"p50 per {words}-word message ({lang}) < 5 ms",
                found.get("p50_ms"),
                5.0,
                below,
            )
        )
        out.append(
            check(
                f"latency-p99-{lang}",
                f"p99 per {words}-word message ({lang}) < 20 ms",
                found.get("p99_ms"),
                20.0,
                below,
            )
        )
    return out


def _scale_bars(throughput: Mapping[str, Any]) -> list[Bar]:
    sizes = sorted(int(s) for s in throughput)
    if not sizes:
        return []
    big, small = throughput[str(sizes[-1])]["api"], throughput[str(sizes[0])]["api"]
    complete = big.get("complete") and small.get("complete")
    incomplete = "" if complete else "a run was stopped at the budget: no full-size figure"
    rss = big.get("peak_rss_mb") if complete else None
    growth = None
    if complete and big.get("ms_per_message") and small.get("ms_per_message") and len(sizes) > 1:
        growth = big["ms_per_message"] / small["ms_per_message"]
    return [
        check(
            "peak-rss",
            f"API peak RSS at {sizes[-1]:,} messages < 500 MB",
            rss,
            500.0,
            below,
            incomplete,
        ),
        check(
            "linear-cost",
            f"time per message at {sizes[-1]:,} ≤ 1.10 × at {sizes[0]:,}",
            growth,
            1.10,
            at_most,
            incomplete,
        ),
    ]


# -- the table -------------------------------------------------------------------------------------


def table(results: Results) -> str:
    lines: list[str] = []
    add = lines.append
    m, s = results["machine"], results["software"]
    dirty = ", uncommitted changes" if s["git_uncommitted_changes"] else ""
    add(f"tonecheck benchmark — {results['benchmark']['started']}")
    add(
        f"machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), "
        f"{m['ram_gb']} GB RAM, "
        f"{m['os']}; load average at start {m['load_average_at_start']}"
    )
    add(
        f"software: Python {s['python']}, spaCy {s['spacy']}, tonecheck {s['tonecheck']} "
        f"(commit {s['git_commit']}{dirty}), "
        f"proselint {results.get('cli', {}).get('proselint_version') or 'n/a'}"
    )
    rules = results.get("rules", {})
    add(
        f"rules: en {rules.get('en')}, it {rules.get('it')} "
        f"({', '.join(rules.get('en_categories', []))})"
    )
    lines += _throughput_table(results.get("throughput", {}), results.get("corpus", {}))
    lines += _cli_table(results.get("cli", {}))
    lines += _cold_table(results.get("cold_start", {}))
    lines += _latency_table(results.get("latency", {}))
    lines += _bars_table(results.get("bars", []))
    took = results["benchmark"].get("duration_seconds")
    if took is not None:
        add(f"\nthe benchmark took {took / 60:.1f} minutes")
    return "\n".join(lines) + "\n"


def _row(cells: Iterable[object], widths: Iterable[int]) -> str:
    """Cells padded to their widths: negative widths align left, positive right."""
    parts = []
    for cell, width in zip(cells, widths, strict=False):
        text = str(cell)
        parts.append(text.ljust(-width) if width < 0 else text.rjust(width))
    return "  ".join(parts).rstrip()


def _num(value: float | None, digits: int = 0, suffix: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{suffix}"


def _throughput_table(throughput: Mapping[str, Any], corpus: Mapping[str, Any]) -> list[str]:
    if not throughput:
        return []
    widths = (-9, 11, 10, 9, 6, 10, 9, 9, 10, 9, -5)
    out = [
        "",
        "1-2, 6. Throughput (medians; floor = the default spaCy pipeline with nlp.pipe, no rules)",
        _row(
            (
                "messages",
                "words",
                "floor w/s",
                "API w/s",
                "ratio",
                "API ms/msg",
                "floor RSS",
                "API RSS",
                "API CPU w/s",
                "CPU ratio",
                "runs",
            ),
            widths,
        ),
    ]
    for size in sorted(throughput, key=int):
        t = throughput[size]
        floor, api = t["floor"], t["api"]
        runs = f"{floor.get('runs', 0)}/{api.get('runs', 0)}"
        out.append(
            _row(
                (
                    f"{int(size):,}",
                    f"{corpus.get(size, {}).get('words', 0):,}",
                    _num(floor.get("words_per_second")),
                    _num(api.get("words_per_second")),
                    _num(t.get("ratio"), 3),
                    _num(api.get("ms_per_message"), 2),
                    _num(floor.get("peak_rss_mb"), 0, " MB"),
                    _num(api.get("peak_rss_mb"), 0, " MB"),
                    _num(api.get("cpu_words_per_second")),
                    _num(t.get("cpu_ratio"), 3),
                    runs,
                ),
                widths,
            )
        )
        if not api.get("complete", True):
            out.append(
                f"          API stopped at the budget after {api.get('messages', 0):,} messages"
            )
        for note in dict.fromkeys(n for n in (floor.get("note"), api.get("note")) if n):
            out.append(f"          {note}")
    return out


def _cli_table(cli: Mapping[str, Any]) -> list[str]:
    if not cli:
        return []
    widths = (-7, 13, 13, 9, 10, 10, -20)
    out = [
        "",
        "3. CLI on a folder (`tonecheck lint --format json DIR` vs `proselint check -o json DIR`)",
        _row(
            ("files", "tonecheck s", "proselint s", "ratio", "cores used", "peak RSS", "note"),
            widths,
        ),
    ]
    for size in sorted(cli.get("sizes", {}), key=int):
        c = cli["sizes"][size]
        tc, pl = c.get("tonecheck", {}), c.get("proselint", {})
        out.append(
            _row(
                (
                    f"{int(size):,}",
                    _num(tc.get("wall"), 2),
                    _num(pl.get("wall"), 2),
                    _num(c.get("ratio"), 2),
                    _num(tc.get("cores_used"), 2),
                    _num(tc.get("peak_rss_mb"), 0, " MB"),
                    c.get("ratio_note", ""),
                ),
                widths,
            )
        )
    jobs = cli.get("jobs", {})
    if jobs.get("speedup") is not None:
        out.append(
            f"--jobs 1: {_num(jobs.get('jobs1_wall'), 2)} s, "
            f"--jobs 2: {_num(jobs.get('jobs2_wall'), 2)} s, "
            f"speed-up {_num(jobs.get('speedup'), 2)}, same output: {jobs.get('same_output')}"
        )
    else:
        out.append(f"--jobs: {jobs.get('note', 'n/a')}")
    return out


def _cold_table(cold: Mapping[str, Any]) -> list[str]:
    if not cold:
        return []
    floor = cold.get("floor", {})
    out = [
        "",
        "4. Cold start (median wall time of separate processes)",
        "floor command (spaCy blank en + sentencizer + lookup lemmatizer): "
        f"{_num(floor.get('wall'), 3)} s (CPU {_num(floor.get('cpu'), 2)} s), "
        f"{_num(floor.get('peak_rss_mb'), 0, ' MB')}",
    ]
    for key, label in (
        ("en", "tonecheck lint --lang en SHORT.txt"),
        ("auto", "tonecheck lint SHORT.txt"),
    ):
        found = cold.get(key, {})
        out.append(
            f"{label}: {_num(found.get('wall'), 3)} s (CPU {_num(found.get('cpu'), 2)} s), "
            f"{_num(found.get('peak_rss_mb'), 0, ' MB')}, "
            f"ratio {_num(found.get('ratio'), 2)}"
        )
    return out


def _latency_table(latency: Mapping[str, Any]) -> list[str]:
    if not latency:
        return []
    out = ["", "5. Latency of Linter(lang).check on one message (loaded Linter)"]
    for lang in ("en", "it"):
        found = latency.get(lang, {})
        if found:
            out.append(
                f"{lang}: {found.get('words')} words, {found.get('calls')} calls: "
                f"p50 {_num(found.get('p50_ms'), 2)} ms, p90 {_num(found.get('p90_ms'), 2)} ms, "
                f"p99 {_num(found.get('p99_ms'), 2)} ms, max {_num(found.get('max_ms'), 1)} ms"
            )
    return out


def _bars_table(found: list[dict[str, Any]]) -> list[str]:
    if not found:
        return []
    out = ["", "Bars"]
    for bar in found:
        value = "n/a" if bar["value"] is None else f"{bar['value']:,}"
        note = f" ({bar['note']})" if bar["note"] else ""
        out.append(f"{bar['status'].upper():5} {bar['text']}: {value} (bar {bar['limit']}){note}")
    return out


# -- files -----------------------------------------------------------------------------------------


def write_json(results: Results, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(results["benchmark"]["started_epoch"]))
    path = out / f"bench-{stamp}.json"
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    (out / "latest.json").write_text(text, encoding="utf-8")
    return path


def bar_dicts(found: list[Bar]) -> list[dict[str, Any]]:
    return [asdict(b) for b in found]
