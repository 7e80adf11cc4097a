"""Score a tone model on writer rounds it was not trained on (not part of the package).

The development sets (corpora/holdout4, 5 and 7) are 360 messages per language, and by now a
choice about the models moves them by a message or two. The tuning corpora hold far more unseen
text than that, one writer round at a time: for each round of a language (corpora/en/round12a.yaml
and round12b.yaml are round 12), a model is trained as scripts/train_tone_models.py trains it but
without that round, and scored on that round's messages. The counts are pooled over the rounds:
precision and recall of the model alone at message level, on some 2,400 messages per language that
the model scoring them never saw. The development sets and the blind set are never read.

    python scripts/round_out_eval.py --lang en --category hostile
    python scripts/round_out_eval.py --lang en --category hostile --every-file   # no LEFT_OUT_FILES
    python scripts/round_out_eval.py --lang it --category blame --quick --regularisation 0.5

By default each left-out round's thresholds are set exactly as the training script sets them (six
models trained out of fold), seven models per round. `--quick` trains one model per round and one
per fold of the other files, and sets each round's thresholds on the scores the other models gave
the unlabelled messages they did not see: a seventh of the time, for comparing settings.

The settings flags (--regularisation, --top-share, --min-count, --false-alarms, --pair-false-alarms)
try a setting before it is written into the training script; `--rules` also runs the rule pack
without its tone models on each round (rules tuned on these rounds: an upper bound) and reports
the union.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_tone_models as training
from tonecheck.evaluation import Counts, load_corpus

if TYPE_CHECKING:
    from tonecheck.api import Linter

ROUND = re.compile(r"round(\d+)")
MODEL_RULES = ("hostile.sentence-tone", "blame.sentence-tone")
Scores = list[tuple[float, float]]  # each message's two highest sentence scores
common_words = functools.cache(training.common_words)  # once per process, not per model


@dataclass(frozen=True)
class Setup:
    lang: str
    category: str
    rate: float
    pair_rate: float
    only_with: frozenset[str]


@dataclass(frozen=True)
class Group:
    """Messages scored by a model trained without them: a writer round, or a fold of the other
    training files (--quick)."""

    name: str
    held: list[training.Example]
    train: list[training.Example]
    calibrates: bool  # its unlabelled messages set the other groups' thresholds (--quick)


def rounds(files: Sequence[Path]) -> dict[str, list[Path]]:
    """The corpus files of each writer round, by round number (round12a and round12b are one)."""
    found: dict[str, list[Path]] = {}
    for file in files:
        match = ROUND.match(file.stem)
        if match:
            found.setdefault(match.group(1), []).append(file)
    return dict(sorted(found.items(), key=lambda item: int(item[0])))


def scored(setup: Setup, group: Group) -> Scores:
    """The held messages' top two scores by a model trained without them."""
    vectorizer, model = training.fit(group.train, setup.category, common_words(setup.lang))
    return [training.top_scores(vectorizer, model, e, setup.only_with) for e in group.held]


def exact_thresholds(setup: Setup, group: Group) -> tuple[float, float | None]:
    """The thresholds the training script would set for a model trained on the group's train."""
    return training.thresholds(
        group.train,
        setup.category,
        common_words(setup.lang),
        setup.rate,
        setup.pair_rate,
        setup.only_with,
    )


def flagged(scores: Scores, first: float, pair: float | None) -> list[bool]:
    return [top > first or (pair is not None and second > pair) for top, second in scores]


def run(setup: Setup, groups: Sequence[Group], quick: bool, jobs: int) -> dict[str, list[bool]]:
    """Each round's flags, by the model trained without it."""
    held_rounds = [g for g in groups if g.name.startswith("round")]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        scores = dict(
            zip(
                [g.name for g in groups],
                pool.map(scored, [setup] * len(groups), groups),
                strict=True,
            )
        )
        if not quick:
            cuts = dict(
                zip(
                    [g.name for g in held_rounds],
                    pool.map(exact_thresholds, [setup] * len(held_rounds), held_rounds),
                    strict=True,
                )
            )
    flags = {}
    for group in held_rounds:
        if quick:
            calibration = [
                s
                for other in groups
                if other.calibrates and other.name != group.name
                for s, e in zip(scores[other.name], other.held, strict=True)
                if setup.category not in e.labels
            ]
            cut = training.cut_points(calibration, setup.rate, setup.pair_rate)
        else:
            cut = cuts[group.name]
        flags[group.name] = flagged(scores[group.name], *cut)
    return flags


def rule_flags(linter: Linter, files: Sequence[Path], lang: str, category: str) -> list[bool]:
    """Whether the rules (a Linter without the tone models) find the category (or intent) in
    each message."""
    flags = []
    for message in (m for m in load_corpus([str(f) for f in files]) if m.lang == lang):
        result = linter.check_result(message.text, path=message.id, lang=lang)
        if category == "termination":
            flags.append(result.intent == "termination")
        else:
            flags.append(any(f.category == category for f in result.findings))
    return flags


def counts(pairs: Sequence[tuple[bool, bool]]) -> str:
    """Precision and recall of (labelled, flagged) pairs."""
    found = Counts()
    for label, flag in pairs:
        found.add(flag, label)
    return (
        f"P {found.precision:.3f}  R {found.recall:.3f}  "
        f"(tp {found.tp}, fp {found.fp}, fn {found.fn})"
    )


def report(
    groups: Sequence[Group],
    flags: dict[str, list[bool]],
    category: str,
    rules: dict[str, list[bool]] | None,
) -> None:
    labelled = {g.name: [category in e.labels for e in g.held] for g in groups if g.name in flags}
    for name, labels in labelled.items():
        pairs = list(zip(labels, flags[name], strict=True))
        print(f"{name:>8}: {len(labels):4} messages  model {counts(pairs)}")
    pooled = [p for name, labels in labelled.items() for p in zip(labels, flags[name], strict=True)]
    print(f"{'pooled':>8}: {len(pooled):4} messages  model {counts(pooled)}")
    if rules is not None:
        by_rules = [
            p for name, labels in labelled.items() for p in zip(labels, rules[name], strict=True)
        ]
        union = [
            (label, m or r)
            for name, labels in labelled.items()
            for label, m, r in zip(labels, flags[name], rules[name], strict=True)
        ]
        print(f"{'rules':>8}: {len(pooled):4} messages        {counts(by_rules)}")
        print(f"{'union':>8}: {len(pooled):4} messages        {counts(union)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lang", required=True, choices=("en", "it"))
    parser.add_argument("--category", required=True)
    parser.add_argument(
        "--every-file",
        action="store_true",
        help="train on every file, without the training script's LEFT_OUT_FILES",
    )
    parser.add_argument(
        "--with-every-round",
        action="store_true",
        help="train on the rounds every model is trained without (EVERY_MODEL_WITHOUT) as well",
    )
    parser.add_argument(
        "--also-without",
        action="append",
        default=[],
        metavar="GLOB",
        help="leave these corpus files (under corpora/) out of training as well",
    )
    parser.add_argument("--regularisation", type=float, default=training.REGULARISATION)
    parser.add_argument("--top-share", type=float, default=training.TOP_SHARE)
    parser.add_argument("--min-count", type=int, default=training.MIN_COUNT)
    parser.add_argument("--false-alarms", type=float, dest="rate")
    parser.add_argument("--pair-false-alarms", type=float, dest="pair_rate")
    parser.add_argument("--quick", action="store_true", help="one model per round (see above)")
    parser.add_argument("--rules", action="store_true", help="also score the rules and the union")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    key = (args.lang, args.category)
    rate = training.FALSE_ALARMS.get(key, training.DEFAULT_FALSE_ALARMS)
    setup = Setup(
        args.lang,
        args.category,
        rate if args.rate is None else args.rate,
        training.PAIR_FALSE_ALARMS.get(key, 0.0) if args.pair_rate is None else args.pair_rate,
        frozenset(training.ONLY_WITH.get(key, ())),
    )
    # the settings the training functions read (module constants there)
    training.REGULARISATION = args.regularisation
    training.TOP_SHARE = args.top_share
    training.MIN_COUNT = args.min_count

    files = training.default_corpus_files(args.lang, args.category)
    left_out = () if args.every_file else training.LEFT_OUT_FILES.get(key, ())
    every_model = () if args.with_every_round else training.EVERY_MODEL_WITHOUT
    excluded = every_model + left_out + tuple(args.also_without)
    trainable = set(training.without(files, excluded))
    by_round = rounds([f for f in files if f.parent.name == args.lang])
    examples = {f: training.read_examples([f], args.lang) for f in files}
    groups = groups_of(files, trainable, by_round, examples, args.quick)
    flags = run(setup, groups, args.quick, args.jobs)
    rules = None
    if args.rules:
        from tonecheck.api import Linter

        linter = Linter(lang=args.lang, ignore=MODEL_RULES)
        rules = {
            f"round{n}": rule_flags(linter, held, args.lang, args.category)
            for n, held in by_round.items()
        }
    print(
        f"{args.lang} {args.category}: rate {setup.rate}, pair {setup.pair_rate}, "
        f"C {args.regularisation}, top {args.top_share}, min {args.min_count}, "
        f"{'every file' if args.every_file else 'LEFT_OUT_FILES'}"
        f"{', with every round' if args.with_every_round else ''}"
        f"{' without ' + ' '.join(args.also_without) if args.also_without else ''}"
        f"{', quick' if args.quick else ''}"
    )
    report(groups, flags, args.category, rules)
    return 0


def groups_of(
    files: Sequence[Path],
    trainable: set[Path],
    by_round: dict[str, list[Path]],
    examples: dict[Path, list[Any]],
    quick: bool,
) -> list[Group]:
    """A group per round; with --quick also a group per fold of the trainable files that belong
    to no round, which only calibrate."""
    in_round = {f for held in by_round.values() for f in held}
    groups = []
    for name, held_files in by_round.items():
        groups.append(
            Group(
                f"round{name}",
                [e for f in held_files for e in examples[f]],
                [e for f in files if f in trainable and f not in held_files for e in examples[f]],
                calibrates=any(f in trainable for f in held_files),
            )
        )
    if quick:
        rest = [f for f in files if f in trainable and f not in in_round]
        for fold in range(training.FOLDS):
            held_files = [f for f in rest if training.fold_of(f) == fold]
            if not held_files:
                continue
            groups.append(
                Group(
                    f"fold{fold}",
                    [e for f in held_files for e in examples[f]],
                    [
                        e
                        for f in files
                        if f in trainable and f not in held_files
                        for e in examples[f]
                    ],
                    calibrates=True,
                )
            )
    return groups


if __name__ == "__main__":
    sys.exit(main())
