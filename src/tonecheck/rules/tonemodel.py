"""A tone model: a linear scorer over the words and word pairs of a sentence.

Word patterns catch the wordings someone listed; a new writer is hostile or blaming in words no
list holds. A model trained on labelled messages (scripts/train_tone_models.py) weighs every word
and pair of words it has seen, so a sentence can score high with no pattern written for it. The
model is data, like a lexicon: a JSON file in the rule pack, read and checked when the pack loads.

    score(sentence) = bias + sum of the weights of its features
    features        = its words but the common ones ("do", "what", "you"; the model file lists
                      them), and each pair of neighbouring words ("your team", "did you")

Common words and punctuation alone are left out: a corpus of hostile messages asks many
rhetorical questions, and a model that weighs "?" or "do" flags every ordinary question.

A sentence scores above `threshold` to be flagged. The threshold is chosen when the model is
trained, on messages the model being calibrated did not see (see the training script).

A model may read only the sentences that hold one of a few words (`only_with`): an English blame
model reads the sentences that speak to the client ("you", "your"). Blame needs someone to blame,
and ordinary text that merely sounds like a complaint ("the report is late again") is left alone,
so the model can flag more of the sentences it does read for the same false alarms.

A model may also have a lower `pair_threshold`: when two or more sentences of a message score
above it, each of them is flagged. Veiled hostility is rarely one damning sentence; it is a
message of several pointed ones, each of which would pass alone. The training script sets this
mark, like the first, from the share of unlabelled messages it would add to the flagged ones; an
ordinary one-sentence text can never reach it.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span

    from tonecheck.quotes import QuotedRegions

FORMAT = 1
MAX_MODEL_BYTES = 8 * 1024 * 1024


class ModelError(ValueError):
    """A model file that cannot be used; the message says why."""


def features(words: Sequence[str], common: Collection[str]) -> list[str]:
    """The features of a sentence's words: each word made of letters that is not a common
    word, and each pair of neighbouring words that is not punctuation alone."""
    singles = [w for w in words if w.isalpha() and w not in common]
    marks = [_WORD_CHARACTER.search(w) is None for w in words]
    pairs = [
        f"{words[i]} {words[i + 1]}"
        for i in range(len(words) - 1)
        if not (marks[i] and marks[i + 1])
    ]
    return singles + pairs


_WORD_CHARACTER = re.compile(r"[^\W_]")  # a letter or a digit: not punctuation alone


@dataclass(frozen=True)
class ToneModel:
    """A trained linear scorer for one category in one language."""

    category: str
    lang: str
    bias: float
    threshold: float
    weights: Mapping[str, float]
    common: frozenset[str]  # words that are not features on their own
    only_with: frozenset[str] = frozenset()  # when set, a sentence without one of them is not read
    pair_threshold: float | None = None  # two sentences above it are flagged together

    def flagged(self, scores: Sequence[float | None]) -> list[bool]:
        """Which of a message's sentence scores are flagged (None: a sentence not read): those
        above the threshold, and those above the pair threshold when there are two or more."""
        flags = [s is not None and s > self.threshold for s in scores]
        if self.pair_threshold is not None:
            pair = [s is not None and s > self.pair_threshold for s in scores]
            if sum(pair) >= 2:
                flags = [a or b for a, b in zip(flags, pair, strict=True)]
        return flags

    def reads(self, words: Sequence[str]) -> bool:
        """Whether the model scores a sentence of these words at all (see `only_with`)."""
        return reads(words, self.only_with)

    def score(self, words: Sequence[str]) -> float:
        return self.weigh(features(words, self.common))

    def weigh(self, found: Sequence[str]) -> float:
        """The score of a sentence's features (see features())."""
        return self.bias + sum(map(self.weights.get, found, _ZEROS))

    def reasons(self, words: Sequence[str], count: int = 3) -> list[str]:
        """The features that weighed most towards a flag, strongest first, no word twice;
        words a reader can find in the sentence (no placeholder or lone punctuation) first."""
        weighed = sorted(
            ((self.weights.get(f, 0.0), f) for f in set(features(words, self.common))),
            key=lambda pair: (_readable(pair[1]), pair[0]),
            reverse=True,
        )
        chosen: list[str] = []
        for weight, feature in weighed:
            if weight <= 0 or len(chosen) == count:
                break
            if not any(_shares_word(feature, kept) for kept in chosen):
                chosen.append(feature)
        return chosen


def reads(words: Sequence[str], only_with: frozenset[str]) -> bool:
    """Whether a model limited to sentences with one of `only_with` (none: every sentence) reads
    a sentence of these words; the training script calibrates on the same sentences."""
    return not only_with or not only_with.isdisjoint(words)


def _readable(feature: str) -> bool:
    return all(_WORD_CHARACTER.search(w) and not w.startswith("<") for w in feature.split(" "))


def _shares_word(a: str, b: str) -> bool:
    return bool(set(a.split(" ")) & set(b.split(" ")))


_ZEROS = itertools.repeat(0.0)  # the default of weights.get, for map() (faster than a generator)
NUMBER = "<number>"
NAME = "<name>"


def sentence_words(sentence: Span, quoted: QuotedRegions | None = None) -> list[str]:
    """The words a model reads from a sentence: lower-cased, with numbers and names (a capital
    inside the sentence, not a common word) each read as one placeholder, so that the model
    learns "Mr <name>, <number> reminders" rather than the names of a corpus. Quoted words are
    left out."""
    words = []
    for t in sentence:
        if t.is_space or (quoted is not None and quoted.covers(t.idx, t.idx + len(t))):
            continue
        if t.like_num:
            words.append(NUMBER)
        elif words and t.is_title and len(t) > 1 and not t.is_stop:
            words.append(NAME)
        else:
            words.append(t.lower_)
    return words


def load_model(path: Path, lang: str, category: str) -> ToneModel:
    """Read and check a model file; ModelError says what is wrong."""
    if path.stat().st_size > MAX_MODEL_BYTES:
        raise ModelError(f"larger than {MAX_MODEL_BYTES // 1024**2} MB")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"not a JSON model file: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError(f"not a tone model of format {FORMAT}")
    if data.get("lang") != lang:
        raise ModelError(f"a model for {data.get('lang')!r}, used in the {lang!r} section")
    if data.get("category") != category:
        raise ModelError(f"a model for {data.get('category')!r}, used by a {category!r} rule")
    weights = data.get("weights")
    if not isinstance(weights, dict) or not all(_number(w) for w in weights.values()):
        raise ModelError("'weights' must map features to numbers")
    common = data.get("common_words")
    if not isinstance(common, list) or not all(isinstance(w, str) for w in common):
        raise ModelError("'common_words' must be a list of words")
    only_with = data.get("only_with", [])
    if not isinstance(only_with, list) or not all(isinstance(w, str) for w in only_with):
        raise ModelError("'only_with' must be a list of words")
    for key in ("bias", "threshold"):
        if not _number(data.get(key)):
            raise ModelError(f"{key!r} must be a number")
    pair_threshold = data.get("pair_threshold")
    if pair_threshold is not None and not _number(pair_threshold):
        raise ModelError("'pair_threshold' must be a number")
    return ToneModel(
        category=category,
        lang=lang,
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        weights={str(f): float(w) for f, w in weights.items()},
        common=frozenset(common),
        only_with=frozenset(only_with),
        pair_threshold=None if pair_threshold is None else float(pair_threshold),
    )


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
