"""Measure tonecheck's rules on the external development data sets (evaluation only).

Reads the data from ``--data`` (default: ``../shared/dev-data`` relative to the repository
root); nothing of it is copied into the repository, and ``--show`` only prints to the terminal.
The data sets are not client email, so the figures are sanity checks of a category, not the
product's accuracy.

1. Stanford politeness, Wikipedia part (``wikipedia.annotated.csv``): the requests in the bottom
   quartile of ``Normalized Score`` are "impolite", those in the top quartile "polite"; the
   quartiles are computed from the data. Reported: the share of each group with a ``hostile``
   finding, a ``blame`` finding, and a finding of any category.
2. ConvAbuse (train + valid CSVs): the gold label of a user turn is the majority vote of the
   annotators who labelled it. Each annotator has one vote, their first annotation (the data
   repeats some annotations to measure intra-annotator agreement; repeats are not extra votes).
   A vote is abusive when it is ``is_abuse.-1``, ``-2`` or ``-3``; ``is_abuse.1`` (not abusive)
   and ``is_abuse.0`` (ambiguous) count as not abusive. A turn is abusive when more than half of
   its annotators voted abusive (a tie is not abusive). Reported: the share of abusive turns with
   a ``hostile`` finding (recall-like) and the share of clean turns with a ``hostile`` or
   ``blame`` finding (bar: at most 3%).
3. Parakweet e-mail intent (``train_Ask0729-fixed.tsv``): the share of "No" sentences with a
   ``hostile`` or ``blame`` finding (bar: at most 2%) and with a finding of any category.
4. SENTIPOLC 2016 (Italian tweets): the precision of ``opinion`` (the share of opinion-flagged
   tweets that are subjective, ``subj`` = 1) and the share of subjective and of objective tweets
   flagged.

Usage::

    python scripts/devdata_eval.py [--data DIR] [--model NAME] [--json FILE] [--show N]
"""

from __future__ import annotations

import argparse
import csv
import json
import shlex
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

try:
    import tonecheck  # noqa: F401  (installed, or on PYTHONPATH)
except ImportError:  # a plain source checkout
    sys.path.insert(0, str(REPO_ROOT / "src"))

from tonecheck import Linter  # noqa: E402
from tonecheck.report import FileResult  # noqa: E402

HOSTILE_BLAME = frozenset({"hostile", "blame"})
BARS = {"convabuse_clean_hostile_or_blame": 0.03, "parakweet_no_hostile_or_blame": 0.02}

csv.field_size_limit(10_000_000)


# -- reading the data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One text of a data set and its gold group ("impolite", "abusive", "No", "subjective")."""

    source: str  # data set and row, e.g. "parakweet:123"
    text: str
    group: str


def read_stanford(data: Path) -> tuple[list[Item], dict[str, float]]:
    """Bottom-quartile requests are "impolite", top-quartile "polite"; the middle is dropped."""
    path = data / "stanford-politeness-wikipedia" / "wikipedia.annotated.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [(r["Request"], float(r["Normalized Score"])) for r in csv.DictReader(handle)]
    q1, _median, q3 = statistics.quantiles([score for _, score in rows], n=4)
    items = []
    for i, (text, score) in enumerate(rows, start=2):
        if score <= q1:
            items.append(Item(f"stanford:{i}", text, "impolite"))
        elif score >= q3:
            items.append(Item(f"stanford:{i}", text, "polite"))
    return items, {"q1": q1, "q3": q3, "requests": len(rows)}


def _annotations(value: str) -> list[int]:
    """'1' -> [1]; '0, 1' -> [0, 1] (repeat annotations of one annotator); '' -> []."""
    return [int(part) for part in value.replace(" ", "").split(",") if part != ""]


def convabuse_vote(row: dict[str, str]) -> tuple[int, int]:
    """(abusive votes, annotators) for one ConvAbuse row: one vote per annotator, their first."""
    labels = ("1", "0", "-1", "-2", "-3")
    annotators = sorted({key.split("_is_abuse.")[0] for key in row if "_is_abuse." in key})
    abusive = voters = 0
    for annotator in annotators:
        marks = {
            label: _annotations(row.get(f"{annotator}_is_abuse.{label}", "") or "")
            for label in labels
        }
        first = [label for label in labels if marks[label][:1] == [1]]
        if not first:
            continue  # this annotator did not label the item
        voters += 1
        abusive += first[0] in ("-1", "-2", "-3")
    return abusive, voters


def read_convabuse(data: Path) -> tuple[list[Item], dict[str, float]]:
    folder = data / "convabuse-train-valid"
    items, ties, unlabelled = [], 0, 0
    for name in ("ConvAbuseEMNLPtrain.csv", "ConvAbuseEMNLPvalid.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            for i, row in enumerate(csv.DictReader(handle), start=2):
                text = (row.get("user") or "").strip()
                abusive, voters = convabuse_vote(row)
                if not text or not voters:
                    unlabelled += 1
                    continue
                ties += 2 * abusive == voters
                group = "abusive" if 2 * abusive > voters else "clean"
                items.append(Item(f"convabuse:{name}:{i}", text, group))
    return items, {"ties_counted_clean": ties, "skipped_empty_or_unlabelled": unlabelled}


def read_parakweet(data: Path) -> tuple[list[Item], dict[str, float]]:
    path = data / "parakweet-email-intent-train" / "train_Ask0729-fixed.tsv"
    items = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for i, line in enumerate(handle, start=1):
            label, _, sentence = line.rstrip("\r\n").partition("\t")
            if sentence.strip() and label in ("Yes", "No"):
                items.append(Item(f"parakweet:{i}", sentence, label))
    return items, {}


def read_sentipolc(data: Path) -> tuple[list[Item], dict[str, float]]:
    path = data / "sentipolc2016-train" / "sentipolc16_officialdistrib_train.csv"
    items = []
    with path.open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle), start=2):
            group = "subjective" if row["subj"].strip() == "1" else "objective"
            items.append(Item(f"sentipolc:{i}", row["text"], group))
    return items, {}


# -- checking -------------------------------------------------------------------------------------


@dataclass
class Checked:
    """The items of one data set with the categories (and findings) tonecheck reported on each."""

    name: str
    items: list[Item]
    categories: list[frozenset[str]] = field(default_factory=list)
    findings: list[list[str]] = field(default_factory=list)
    seconds: float = 0.0

    def group(self, group: str) -> list[int]:
        return [i for i, item in enumerate(self.items) if item.group == group]

    def share(
        self, group: str, flagged: Callable[[frozenset[str]], bool]
    ) -> tuple[float, int, int]:
        """(share, flagged, total) of the items of a group for which `flagged` holds."""
        indices = self.group(group)
        hits = sum(1 for i in indices if flagged(self.categories[i]))
        return (hits / len(indices) if indices else 0.0, hits, len(indices))


def check(linter: Linter, name: str, items: list[Item], lang: str) -> Checked:
    checked = Checked(name, items)
    start = time.perf_counter()
    results: Iterable[FileResult] = linter.check_many((item.text for item in items), lang=lang)
    for result in results:
        checked.categories.append(frozenset(f.category for f in result.findings))
        checked.findings.append([f"{f.rule}: {f.match!r}" for f in result.findings])
    checked.seconds = time.perf_counter() - start
    return checked


def has(*categories: str) -> Callable[[frozenset[str]], bool]:
    wanted = frozenset(categories)
    return lambda found: bool(found & wanted)


def anything(found: frozenset[str]) -> bool:
    return bool(found)


# -- reporting ------------------------------------------------------------------------------------


@dataclass
class Row:
    data_set: str
    subset: str
    measure: str
    value: float
    hits: int
    total: int
    bar: float | None = None

    @property
    def verdict(self) -> str:
        if self.bar is None:
            return ""
        return "ok" if self.value <= self.bar else "OVER"

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "data_set": self.data_set,
            "subset": self.subset,
            "measure": self.measure,
            "value": round(self.value, 4),
            "hits": self.hits,
            "total": self.total,
        }
        if self.bar is not None:
            out["bar"] = self.bar
            out["meets_bar"] = self.value <= self.bar
        return out


def stanford_rows(c: Checked, info: dict[str, float]) -> list[Row]:
    rows = []
    for group, label in (
        ("impolite", f"impolite (Normalized Score <= {info['q1']:.3f})"),
        ("polite", f"polite (Normalized Score >= {info['q3']:.3f})"),
    ):
        for measure, test in (
            ("flagged hostile", has("hostile")),
            ("flagged blame", has("blame")),
            ("flagged hostile or blame", has("hostile", "blame")),
            ("flagged any category", anything),
        ):
            rows.append(Row("Stanford politeness", label, measure, *c.share(group, test)))
    return rows


def convabuse_rows(c: Checked) -> list[Row]:
    return [
        Row(
            "ConvAbuse",
            "abusive (majority)",
            "flagged hostile (recall-like)",
            *c.share("abusive", has("hostile")),
        ),
        Row(
            "ConvAbuse",
            "abusive (majority)",
            "flagged hostile or blame",
            *c.share("abusive", has("hostile", "blame")),
        ),
        Row(
            "ConvAbuse",
            "clean (majority)",
            "flagged hostile or blame",
            *c.share("clean", has("hostile", "blame")),
            bar=BARS["convabuse_clean_hostile_or_blame"],
        ),
        Row("ConvAbuse", "clean (majority)", "flagged any category", *c.share("clean", anything)),
    ]


def parakweet_rows(c: Checked) -> list[Row]:
    return [
        Row(
            "Parakweet",
            "No sentences",
            "flagged hostile or blame",
            *c.share("No", has("hostile", "blame")),
            bar=BARS["parakweet_no_hostile_or_blame"],
        ),
        Row("Parakweet", "No sentences", "flagged any category", *c.share("No", anything)),
        Row(
            "Parakweet",
            "Yes sentences",
            "flagged hostile or blame",
            *c.share("Yes", has("hostile", "blame")),
        ),
        Row("Parakweet", "Yes sentences", "flagged any category", *c.share("Yes", anything)),
    ]


def sentipolc_rows(c: Checked) -> list[Row]:
    subj_share, subj_hits, subj_total = c.share("subjective", has("opinion"))
    obj_share, obj_hits, obj_total = c.share("objective", has("opinion"))
    flagged = subj_hits + obj_hits
    precision = subj_hits / flagged if flagged else 0.0
    base_rate = subj_total / (subj_total + obj_total) if subj_total + obj_total else 0.0
    return [
        Row(
            "SENTIPOLC",
            "opinion-flagged tweets",
            "precision (share subjective)",
            precision,
            subj_hits,
            flagged,
        ),
        Row(
            "SENTIPOLC",
            "all tweets",
            "base rate (share subjective)",
            base_rate,
            subj_total,
            subj_total + obj_total,
        ),
        Row(
            "SENTIPOLC", "subjective (subj=1)", "flagged opinion", subj_share, subj_hits, subj_total
        ),
        Row("SENTIPOLC", "objective (subj=0)", "flagged opinion", obj_share, obj_hits, obj_total),
    ]


def table(rows: Sequence[Row]) -> str:
    head = ("data set", "subset", "measure", "value", "n/total", "bar")
    body = [
        (
            r.data_set,
            r.subset,
            r.measure,
            f"{100 * r.value:6.2f}%",
            f"{r.hits}/{r.total}",
            f"<= {100 * r.bar:.0f}% {r.verdict}" if r.bar is not None else "",
        )
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in (head, *body)) for i in range(len(head))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*head), fmt.format(*("-" * w for w in widths))]
    lines += [fmt.format(*line) for line in body]
    return "\n".join(lines)


def false_alarms(
    c: Checked,
    group: str,
    test: Callable[[frozenset[str]], bool],
    wanted: frozenset[str] | None,
    n: int,
) -> list[str]:
    """Up to n items of `group` that `test` flags, with the findings of the wanted categories."""
    out = []
    for i in c.group(group):
        if test(c.categories[i]):
            findings = [f for f in c.findings[i] if wanted is None or f.split(".", 1)[0] in wanted]
            text = " ".join(c.items[i].text.split())
            out.append(f"  [{c.items[i].source}] {text[:300]}\n      -> {'; '.join(findings)}")
            if len(out) >= n:
                break
    return out


# -- main -----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=REPO_ROOT.parent / "shared" / "dev-data",
        help="folder of the development data (default: ../shared/dev-data from the repo root)",
    )
    parser.add_argument(
        "--model", default=None, help="an installed trained spaCy pipeline (English only)"
    )
    parser.add_argument(
        "--json", type=Path, default=None, metavar="FILE", help="also write the numbers to FILE"
    )
    parser.add_argument(
        "--show", type=int, default=0, metavar="N", help="print up to N false alarms per data set"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    data: Path = args.data
    if not data.is_dir():
        print(f"error: data folder {data} not found (use --data)", file=sys.stderr)
        return 2
    command = "python scripts/devdata_eval.py " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])
    )
    en = Linter(lang="en", model=args.model)
    it = Linter(lang="it")

    stanford_items, stanford_info = read_stanford(data)
    convabuse_items, convabuse_info = read_convabuse(data)
    parakweet_items, _ = read_parakweet(data)
    sentipolc_items, _ = read_sentipolc(data)

    stanford = check(en, "stanford", stanford_items, "en")
    convabuse = check(en, "convabuse", convabuse_items, "en")
    parakweet = check(en, "parakweet", parakweet_items, "en")
    sentipolc = check(it, "sentipolc", sentipolc_items, "it")

    rows = [
        *stanford_rows(stanford, stanford_info),
        *convabuse_rows(convabuse),
        *parakweet_rows(parakweet),
        *sentipolc_rows(sentipolc),
    ]
    print(f"tonecheck on the development data in {data}")
    print(f"reproduce: {command.strip()}")
    print(f"English pipeline: {args.model or 'blank (default)'}; Italian pipeline: blank (default)")
    print(
        f"Stanford: {int(stanford_info['requests'])} requests, "
        f"quartiles q1={stanford_info['q1']:.4f} "
        f"q3={stanford_info['q3']:.4f}; ConvAbuse: {len(convabuse_items)} turns "
        f"({len(convabuse.group('abusive'))} abusive, {len(convabuse.group('clean'))} clean; "
        f"{int(convabuse_info['ties_counted_clean'])} ties counted clean, "
        f"{int(convabuse_info['skipped_empty_or_unlabelled'])} empty or unlabelled skipped); "
        f"Parakweet: {len(parakweet_items)} sentences; SENTIPOLC: {len(sentipolc_items)} tweets"
    )
    print()
    print(table(rows))
    over = [r for r in rows if r.bar is not None and r.value > r.bar]
    print()
    print(
        "bars: "
        + ("all met" if not over else "; ".join(f"{r.data_set} {r.subset} OVER" for r in over))
    )

    if args.show:
        sections = [
            (
                "Stanford politeness: polite requests flagged hostile or blame",
                stanford,
                "polite",
                has("hostile", "blame"),
                HOSTILE_BLAME,
            ),
            (
                "ConvAbuse: clean turns flagged hostile or blame",
                convabuse,
                "clean",
                has("hostile", "blame"),
                HOSTILE_BLAME,
            ),
            (
                "Parakweet: No sentences flagged hostile or blame",
                parakweet,
                "No",
                has("hostile", "blame"),
                HOSTILE_BLAME,
            ),
            (
                "SENTIPOLC: objective tweets flagged opinion",
                sentipolc,
                "objective",
                has("opinion"),
                frozenset({"opinion"}),
            ),
        ]
        for title, checked, group, test, wanted in sections:
            alarms = false_alarms(checked, group, test, wanted, args.show)
            print(f"\n{title} (up to {args.show}):")
            print("\n".join(alarms) if alarms else "  none")

    if args.json:
        payload = {
            "command": command.strip(),
            "data": str(data),
            "model": args.model,
            "stanford": stanford_info,
            "convabuse": {
                **convabuse_info,
                "abusive": len(convabuse.group("abusive")),
                "clean": len(convabuse.group("clean")),
            },
            "rows": [r.to_dict() for r in rows],
            "bars_met": not over,
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
