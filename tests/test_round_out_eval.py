"""scripts/round_out_eval.py: each writer round scored by a model trained without it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

pytest.importorskip("sklearn")
import round_out_eval as loro  # noqa: E402
import train_tone_models as training  # noqa: E402

HOSTILE = ["useless", "lazy", "pathetic", "clueless", "hopeless", "sloppy"]
CALM = ["drafts", "friday", "invoice", "layout", "delivery", "review", "address", "phase"]


def _messages(file: Path, round_index: int) -> list[training.Example]:
    """Four hostile messages (two hostile words each) and twelve calm ones; each round uses
    its own pair of hostile words, so a round's words are only partly seen elsewhere."""
    words = [HOSTILE[round_index % 6], HOSTILE[(round_index + 1) % 6]]
    hostile = [
        training.Example(
            training.fold_of(file),
            frozenset({"hostile"}),
            (("this", "is", words[0], "and", words[1], str(i)),),
        )
        for i in range(4)
    ]
    calm = [
        training.Example(
            training.fold_of(file),
            frozenset(),
            (("the", CALM[i % 8], "is", "ready", CALM[(i + 3) % 8]),),
        )
        for i in range(12)
    ]
    return hostile + calm


def test_rounds_join_a_rounds_files_and_leave_other_files_out() -> None:
    files = [
        Path(f"en/{name}.yaml")
        for name in ("round9", "round12a", "round12b", "round10", "business", "hedges")
    ]
    assert {name: [f.stem for f in held] for name, held in loro.rounds(files).items()} == {
        "9": ["round9"],
        "10": ["round10"],
        "12": ["round12a", "round12b"],
    }


def test_flagged_takes_the_top_score_or_two_sentences_above_the_pair_threshold() -> None:
    scores = [(2.0, -1.0), (0.5, 0.4), (0.5, 0.1), (float("-inf"), float("-inf"))]
    assert loro.flagged(scores, 1.0, 0.3) == [True, True, False, False]
    assert loro.flagged(scores, 1.0, None) == [True, False, False, False]


def test_each_round_is_scored_by_a_model_that_never_saw_it() -> None:
    files = [Path(f"corpora/en/round{n}.yaml") for n in range(1, 7)]
    examples = {f: _messages(f, i) for i, f in enumerate(files)}
    by_round = loro.rounds(files)
    groups = loro.groups_of(files, set(files), by_round, examples, quick=True)
    assert all(not set(map(id, g.held)) & set(map(id, g.train)) for g in groups), (
        "a group's messages are never in its training set"
    )
    setup = loro.Setup("en", "hostile", 0.01, 0.0, frozenset())
    flags = loro.run(setup, groups, quick=True, jobs=1)
    assert set(flags) == {f"round{n}" for n in range(1, 7)}
    labelled = [e for g in groups if g.name in flags for e in g.held]
    flagged = [flag for g in groups if g.name in flags for flag in flags[g.name]]
    caught = sum(1 for e, f in zip(labelled, flagged, strict=True) if f and e.labels)
    false_alarms = sum(1 for e, f in zip(labelled, flagged, strict=True) if f and not e.labels)
    # each round's hostile words were seen in other rounds: most are caught; the threshold lets
    # through about 1% of the 72 calm messages
    assert caught >= 18 and false_alarms <= 1
