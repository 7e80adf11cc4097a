"""Train the tone models of the `model` rules from labelled corpora (not part of the package).

For each language and category (default: hostile, blame, the termination intent and, in English,
contract; see CATEGORIES), a logistic regression over the words and word pairs of each sentence
(tonecheck.rules.tonemodel.features) is fitted and written as a model file the rule pack reads.
Needs scikit-learn (`pip install ".[test]"`). An intent is trained like a category: a message's
`intent` counts as one of its labels.

Labels are per message, the model scores sentences. A message labelled hostile has a hostile
sentence or two among ordinary ones, so training runs twice: first with every sentence of a
positive message as positive, then with only the quarter of its sentences the first model
scores highest. Negatives are the sentences of the messages without the label.

The threshold is set so that a given share (`--false-alarms`, see FALSE_ALARMS) of the messages
without the label would be flagged, measured out of fold: the corpus files are split into
groups (by a hash of the file's name, so that a new file moves no other file's group), and each
group is scored by a model trained without it. A model scoring the messages
it was trained on would look far more certain than it is on new text. The pair threshold (two
sentences above it are flagged together, see tonecheck.rules.tonemodel) is set the same way: it
may flag a further share of those messages (`--pair-false-alarms`, see PAIR_FALSE_ALARMS).

    python scripts/train_tone_models.py                       # corpora/ -> rules/models/
    python scripts/train_tone_models.py --corpus DIR --out DIR --lang en --category hostile

The development sets corpora/holdout4, holdout5 and holdout7 and the blind set holdout10 are left
out by default; they measure the models.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = ("en", "it", "holdout", "holdout2", "holdout3", "passages")
# The models the rule pack ships, per language. Italian has no contract model: trained like the
# English one, it found no walk-out on the Italian development sets, holdout10 or round27 that the
# Italian patterns missed, and flagged one notice that was not one (rules/contract.yaml).
CATEGORIES = {
    "en": ("hostile", "blame", "contract", "termination"),
    "it": ("hostile", "blame", "termination"),
}
FOLDS = 6
TOP_SHARE = 0.25  # the share of a positive message's sentences kept as positive in round two
MIN_COUNT = 2  # a feature seen in fewer sentences is left out
PRUNE = 0.01  # weights closer to zero are left out of the file
REGULARISATION = 1.0
# The share of the unlabelled messages of the corpora a model may flag (measured out of fold), per
# language and category. English is held lower: with the rules, hostile or blame findings must stay
# on at most 2% of ordinary business sentences (scripts/devdata_eval.py, the Parakweet "No"
# sentences), and the rules alone take 1.70% (33 in 1,938), which leaves the models five
# sentences. With each new round of hostile messages the English hostile model's tail moves: trained
# with round14 at 0.5% (and its pair threshold) it took the union to 2.43%, at 0.2% to 1.96%; with
# round15 as well, 0.2% gave 2.22%, 0.1% 2.01% and 0.05% 1.86%. Its single threshold is therefore
# almost the highest score of an unlabelled message, and the pair threshold does most of its work:
# with the rounds 11 to 15 left out, 0.05% and the pair threshold catch 0.33 of their hostile
# messages (precision 0.95), 0.2% 0.35 (0.94), and 0.5% with no pair threshold 0.19 (0.95, rounds
# 11 to 14). With round21 (mostly hostility in the writers' own words) in its training, 0.1% keeps
# within the bar (36 of 1,938 with the rules) and took development recall (holdout4, 5 and 7) from
# 0.808 to 0.827, precision 0.966 to 0.977; 0.2% flagged 39 Parakweet sentences.
# Italian has no such measure: at 1% the models alone keep precision at 0.93 or more on the round8
# to round10 sets, each left out of training in turn (docs/accuracy.md).
FALSE_ALARMS = {
    ("en", "hostile"): 0.001,
    ("en", "blame"): 0.005,
    ("it", "hostile"): 0.01,
    ("it", "blame"): 0.01,
    # The termination models recognise a notice no marker pattern lists. On the development sets
    # (holdout4, 5 and 7) with the markers: English intent P/R 0.968/0.822 -> 0.972/0.945 at 0.5%;
    # Italian 0.921/0.829 -> 0.847/0.871 at 0.5%, 0.897/0.871 at 0.2%, 0.895/0.857 at 0.1%.
    ("en", "termination"): 0.005,
    ("it", "termination"): 0.002,
    # A walk-out is said in more words than the contract patterns list; the contract model runs on
    # termination notices only (rules/contract.yaml). On the writer rounds left out one at a time
    # (scripts/round_out_eval.py, flags kept on notices only), model alone: 0.922 / 0.731 at 0.5%,
    # 0.947 / 0.685 at 0.3%, 0.975 / 0.608 at 0.1%; with the rules, on the development sets,
    # holdout10 and round27 (42 walk-outs, P / R of the category): 0.935 / 0.690 without the model,
    # 0.889 / 0.762 at 0.3%, 0.857 / 0.857 at 0.5%.
    ("en", "contract"): 0.005,
}
DEFAULT_FALSE_ALARMS = 0.005  # a model of another category (--category)
# The further share of unlabelled messages the pair threshold may flag (0: no pair threshold).
# Chosen on the rounds 11 to 13 of each language, left out of training, model alone: two English
# hostile sentences above a lower mark took recall there from 0.19 to 0.36 (precision 0.93 ->
# 0.96) for one more flagged Parakweet text in 1,938, where a single threshold lowered to the same
# 1% of unlabelled messages reached 0.27 for four more. English blame gains less (0.32 -> 0.37 at
# 0.25%, no Parakweet text). Italian hostile 0.47 -> 0.70 (precision 0.90 -> 0.92) and blame
# 0.51 -> 0.64 (0.98 -> 0.95) at 0.5%; a single threshold at the same rate, 0.56 and 0.57.
# English hostile went from 0.005 to 0.01 when scored on the writer rounds left out one at a time
# (scripts/round_out_eval.py --quick, model alone: recall 0.456 -> 0.550, precision 0.950 -> 0.930
# on 755 hostile messages of 2,505); with the rules, on the blind sets, hostile recall went from
# 0.711 to 0.816 on holdout10 (no more false alarms) and 0.648 to 0.747 on round26 before its rules
# (one more), development 0.977 / 0.827 -> 0.946 / 0.846, Parakweet 36 -> 37 of 1,938 (a pair
# needs two sentences: a one-sentence text cannot reach it); at 1.5%, seven more messages for four
# more false alarms over those three sets (holdout10 precision 0.889), at 2% no more messages
# there than at 1.5% and four more false alarms. English blame did not follow: at 1%
# the left-out rounds gave 0.504 -> 0.583 recall for precision 0.954 -> 0.914, and with the rules
# holdout10 blame gained two messages (0.878 / 0.818 -> 0.884 / 0.864), the development sets three
# for five false alarms (0.952 / 0.779 -> 0.911 / 0.803) and round26 two for five (0.957 -> 0.895
# precision); at 0.5%, one development message for three false alarms, holdout10 unchanged.
PAIR_FALSE_ALARMS = {
    ("en", "hostile"): 0.01,
    ("en", "blame"): 0.0025,
    ("it", "hostile"): 0.005,
    ("it", "blame"): 0.005,
}
# Default corpora a model is trained without. Trained on the passages, the English hostile model
# learns the everyday words of sarcasm ("sure", "read", "you want") and flags forum and marketing
# sentences: within the Parakweet bar it caught fewer left-out hostile messages (0.13 at a 0.05%
# rate) than the model trained on whole messages only (0.14 at 0.3%).
# The passages are labelled for hostility and blame only, not for intent or contract: a termination
# or contract model does not read them.
LEFT_OUT = {
    ("en", "hostile"): ("passages",),
    ("en", "termination"): ("passages",),
    ("it", "termination"): ("passages",),
    ("en", "contract"): ("passages",),
}
# Default corpus files (glob patterns under corpora/) a model is trained without. Trained with
# round17 as well, the English hostile model lost recall on the tuning corpora (0.973 -> 0.959,
# rules included) and flagged one more Parakweet sentence, while the rules already catch every
# round17 message. With round18 it gained on the development sets (holdout4, 5 and 7: recall
# 0.788 -> 0.808, precision 0.943 -> 0.966) with no more Parakweet sentences; with round19 it lost
# there (0.966 / 0.808 -> 0.933 / 0.798, P / R, three more false alarms); round20 changed nothing
# there; with round21 it gained (see FALSE_ALARMS). The English blame model is trained on every
# file but round21: with rounds 17 to 20 its development P / R went from 0.941 / 0.756 to 0.952 /
# 0.772, for one more Parakweet sentence (37 of 1,938); with round21 as well it fell to 0.959 /
# 0.732 at 0.5% (0.962 / 0.795 at 0.75%, with 38 Parakweet sentences: no margin left).
# The Italian models take every round.
# round22 is left out of every model: 70% clean messages written where a word-matching checker
# would trip. As negatives they raise every threshold: trained with them, the development sets lost
# recall in all four tone models (English hostile 0.827 -> 0.769, Italian blame 0.815 -> 0.798)
# with no precision gained, and Parakweet went from 36 to 38 sentences.
EVERY_MODEL_WITHOUT = ("en/round22*", "it/round22*")
# round23 (a third notices, a third hostility and blame in the writers' own words, a third clean
# look-alikes) trains the Italian termination model only: with it, development intent precision
# went from 0.884 to 0.910 (four fewer false alarms, channel and checklist with them), with round24
# as well (Italian, 60% notices) to 0.924, recall the same. In the other five models round23 gained
# nothing on the development sets and cost a false alarm or a message each (English hostile 0.977 /
# 0.827 -> 0.965 / 0.788 at its rate, and at 0.2% or 0.3% no recall back for 40 or 42 Parakweet
# sentences; English blame one more Parakweet sentence; English termination two more false alarms;
# Italian hostile one more false alarm; Italian blame one message fewer); with round24 the Italian
# hostile and blame models lost a message and took a false alarm.
# round25 (the blind set holdout9 until then) trains the Italian hostile and blame models: with it,
# development hostile recall went from 0.910 to 0.920 and blame from 0.815 to 0.831 (precision
# 0.944 -> 0.936, one false alarm). In English it cost the hostile model two messages and two false
# alarms (0.977 / 0.827 -> 0.955 / 0.817) and the blame model two messages (0.779 -> 0.764); both
# termination models lost there too (English recall 0.959 -> 0.945, Italian one more false alarm).
# round26 trains the Italian hostile and blame models: development hostile 0.958 / 0.920 -> 0.968 /
# 0.910, blame the same, one false alarm fewer on holdout10. In the English hostile and blame
# models it cost the development sets three messages (hostile 0.977 / 0.827 -> 0.955 / 0.808) and
# the Parakweet margin (37 of 1,938); in both termination models it lost notices on the development
# sets and on holdout10 (Italian intent 0.964 / 0.844 -> 0.926 / 0.781).
# Scored on the writer rounds left out one at a time (scripts/round_out_eval.py --quick, model
# alone, some 2,400 unseen messages per language), these lists are close to even: training every
# English model on every file caught 3 (hostile), 13 (blame) and 15 (termination) more messages
# of 755, 950 and 603, with 2 or 3 fewer false alarms; Italian hostile and blame 12 and 19 more of
# 691 and 865 for 7 and 3 more false alarms; Italian termination with round25 11 fewer for one more.
# Trained on every file with round26, the English models took the development sets and holdout10
# down and Parakweet over the bar (40 of 1,938), so the lists stay until a measure agrees with them.
# round27 trains the English contract model (on the development sets and holdout10, two false
# alarms fewer and no walk-out lost) and the Italian blame model (development blame 0.936 / 0.831 ->
# 0.937 / 0.839, holdout10 0.946 / 0.854 -> 0.925 / 0.902); with it the Italian hostile model lost
# three development messages (0.968 / 0.910 -> 0.967 / 0.880), so it is trained without it. The
# English hostile, blame and termination models and the Italian termination model leave it out as
# they leave out round26 (not measured with round27).
LEFT_OUT_FILES = {
    ("en", "hostile"): (
        "en/round17*",
        "en/round19*",
        "en/round23*",
        "en/round25*",
        "en/round26*",
        "en/round27*",
    ),
    ("en", "blame"): ("en/round21*", "en/round23*", "en/round25*", "en/round26*", "en/round27*"),
    ("en", "termination"): ("en/round23*", "en/round25*", "en/round26*", "en/round27*"),
    ("it", "hostile"): ("it/round23*", "it/round24*", "it/round27*"),
    ("it", "blame"): ("it/round23*", "it/round24*"),
    ("it", "termination"): ("it/round25*", "it/round26*", "it/round27*"),
}
# The words a sentence needs for a model to read it (tonemodel's `only_with`). The English blame
# model reads only what is said to the client: at 0.5% it flags two Parakweet sentences, and
# reading every sentence it had to go down to 0.1% (and half its recall on the left-out rounds) to
# stay within the bar. Italian leaves the pronoun out ("avete dimenticato"), so its models read
# every sentence.
ONLY_WITH = {("en", "blame"): ("you", "your", "yours", "yourself", "yourselves", "u", "ur")}


@dataclass(frozen=True)
class Example:
    group: int  # the fold of its corpus file (fold_of)
    labels: frozenset[str]  # its categories and its intent, if any
    sentences: tuple[tuple[str, ...], ...]  # each sentence's lower-cased words


def corpus_files(corpus_dirs: Sequence[Path]) -> list[Path]:
    return sorted(p for d in corpus_dirs for p in d.rglob("*") if p.suffix in (".yaml", ".jsonl"))


def default_corpus_files(lang: str, category: str) -> list[Path]:
    """The files of the default corpora a model of this language and category may read (before
    the file lists EVERY_MODEL_WITHOUT and LEFT_OUT_FILES)."""
    left_out = LEFT_OUT.get((lang, category), ())
    names = [name for name in DEFAULT_CORPORA if name not in left_out]
    return corpus_files([ROOT / "corpora" / name for name in names])


def without(files: Sequence[Path], patterns: Sequence[str]) -> list[Path]:
    corpora = ROOT / "corpora"
    return [f for f in files if not any(f.relative_to(corpora).match(p) for p in patterns)]


def fold_of(file: Path) -> int:
    """The fold of a corpus file, from its folder and name alone: adding or removing a file changes
    no other file's fold, so the models of one language do not move when the other gains a file."""
    return zlib.crc32(f"{file.parent.name}/{file.name}".encode()) % FOLDS


def read_examples(files: Sequence[Path], lang: str) -> list[Example]:
    from tonecheck.evaluation import load_corpus
    from tonecheck.nlp import load_pipeline
    from tonecheck.rules.kinds.base import word_sentences
    from tonecheck.rules.tonemodel import sentence_words

    nlp = load_pipeline(lang).nlp
    examples = []
    for file in files:
        messages = [m for m in load_corpus([str(file)]) if m.lang == lang]
        for message, doc in zip(messages, nlp.pipe(m.text for m in messages), strict=True):
            sentences = tuple(tuple(sentence_words(s)) for s in word_sentences(doc, message.text))
            labels = message.labels | ({message.intent} if message.intent else set())
            examples.append(Example(fold_of(file), labels, sentences))
    return examples


def common_words(lang: str) -> frozenset[str]:
    """spaCy's stop words of the language: not features on their own (see tonemodel)."""
    import spacy

    return frozenset(spacy.blank(lang).Defaults.stop_words)


def fit(examples: Sequence[Example], category: str, common: frozenset[str]) -> tuple[Any, Any]:
    """A vectorizer and a fitted classifier, in two rounds (see the module's docstring)."""
    from sklearn.feature_extraction.text import CountVectorizer

    from tonecheck.rules.tonemodel import features

    vectorizer = CountVectorizer(
        analyzer=lambda words: list(features(words, common)), min_df=MIN_COUNT
    )
    vectorizer.fit([s for e in examples for s in e.sentences])
    negatives = [s for e in examples if category not in e.labels for s in e.sentences]
    positives = [e for e in examples if category in e.labels]
    model = _regression(vectorizer, negatives, [s for e in positives for s in e.sentences])
    kept = []
    for example in positives:
        scores = model.decision_function(vectorizer.transform(example.sentences))
        best = sorted(range(len(scores)), key=lambda i: -scores[i])
        kept += [example.sentences[i] for i in best[: max(1, round(len(best) * TOP_SHARE))]]
    return vectorizer, _regression(vectorizer, negatives, kept)


def _regression(vectorizer: Any, negatives: list[Any], positives: list[Any]) -> Any:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced")
    labels = [0] * len(negatives) + [1] * len(positives)
    model.fit(vectorizer.transform(negatives + positives), labels)
    return model


def top_scores(
    vectorizer: Any, model: Any, example: Example, only_with: frozenset[str] = frozenset()
) -> tuple[float, float]:
    """The highest and second-highest scores of the message's sentences the model reads (see
    ONLY_WITH); -inf where there is no such sentence."""
    from tonecheck.rules.tonemodel import reads

    read = [s for s in example.sentences if reads(s, only_with)]
    scores = (
        sorted(model.decision_function(vectorizer.transform(read)), reverse=True) if read else []
    )
    top = [float(score) for score in scores[:2]] + [float("-inf")] * 2
    return top[0], top[1]


def thresholds(
    examples: Sequence[Example],
    category: str,
    common: frozenset[str],
    false_alarms: float,
    pair_false_alarms: float = 0.0,
    only_with: frozenset[str] = frozenset(),
) -> tuple[float, float | None]:
    """The score above which `false_alarms` of the unlabelled messages fall, and the pair
    threshold that flags `pair_false_alarms` more of them (None: none), out of fold."""
    scores = []
    for group in sorted({e.group for e in examples}):
        train = [e for e in examples if e.group != group]
        vectorizer, model = fit(train, category, common)
        held = [e for e in examples if e.group == group and category not in e.labels]
        scores += [top_scores(vectorizer, model, e, only_with) for e in held]
    return cut_points(scores, false_alarms, pair_false_alarms)


def cut_points(
    scores: Sequence[tuple[float, float]], false_alarms: float, pair_false_alarms: float
) -> tuple[float, float | None]:
    """The thresholds from the top two sentence scores of unlabelled messages (see thresholds)."""
    import numpy

    first = float(numpy.quantile(numpy.array([top for top, _ in scores]), 1 - false_alarms))
    # The second-highest scores of the messages the first threshold leaves alone: the pair
    # threshold is the one that `pair_false_alarms` of all the messages lie above.
    seconds = sorted((second for top, second in scores if top <= first), reverse=True)
    count = int(pair_false_alarms * len(scores))
    if count == 0 or count >= len(seconds) or not numpy.isfinite(seconds[count]):
        return first, None
    return first, float(seconds[count])


def model_file(
    examples: Sequence[Example],
    lang: str,
    category: str,
    false_alarms: float,
    pair_false_alarms: float = 0.0,
) -> str:
    common = common_words(lang)
    only_with = frozenset(ONLY_WITH.get((lang, category), ()))
    vectorizer, model = fit(examples, category, common)
    first, pair = thresholds(examples, category, common, false_alarms, pair_false_alarms, only_with)
    weights = {
        feature: round(float(weight), 4)
        for feature, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(weight) >= PRUNE
    }
    data = {
        "format": 1,
        "lang": lang,
        "category": category,
        "about": (
            "Logistic regression over the words and word pairs of a sentence, trained by "
            "scripts/train_tone_models.py on tonecheck's labelled corpora."
        ),
        "messages": len(examples),
        "labelled": sum(category in e.labels for e in examples),
        "false_alarms": false_alarms,
        **({"pair_false_alarms": pair_false_alarms} if pair is not None else {}),
        "bias": round(float(model.intercept_[0]), 4),
        "threshold": round(first, 4),
        **({"pair_threshold": round(pair, 4)} if pair is not None else {}),
        "common_words": sorted(common),
        **({"only_with": sorted(only_with)} if only_with else {}),
        "weights": dict(sorted(weights.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=0) + "\n"


def _rates(value: str) -> dict[str, float]:
    """The rates of --false-alarms: one for every model ("0.02"), per language ("en=0.004,it=0.02")
    or per language and category ("en.blame=0.003")."""
    rates = {}
    for part in value.split(","):
        lang, _, rate = part.rpartition("=")
        try:
            rates[lang.strip()] = float(rate)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a rate: {part!r}") from None
    return rates


def _rate(
    given: dict[str, float],
    lang: str,
    category: str,
    defaults: dict[tuple[str, str], float],
    fallback: float,
) -> float:
    """The most specific rate given on the command line, else the default."""
    for key in (f"{lang}.{category}", lang, ""):
        if key in given:
            return given[key]
    return defaults.get((lang, category), fallback)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", type=Path, action="append", help="labelled corpus folders")
    parser.add_argument("--out", type=Path, default=ROOT / "rules" / "models")
    parser.add_argument("--lang", action="append", help="en, it (default: both)")
    parser.add_argument(
        "--category",
        action="append",
        help="a category or an intent (default: "
        + "; ".join(f"{lang}: {', '.join(names)}" for lang, names in CATEGORIES.items())
        + ")",
    )
    parser.add_argument(
        "--false-alarms",
        type=_rates,
        default={},
        metavar="RATE|LANG[.CATEGORY]=RATE,…",
        help="the share of unlabelled messages a model may flag, out of fold (default: "
        + ", ".join(f"{lang}.{category} {rate}" for (lang, category), rate in FALSE_ALARMS.items())
        + ")",
    )
    parser.add_argument(
        "--pair-false-alarms",
        type=_rates,
        default={},
        metavar="RATE|LANG[.CATEGORY]=RATE,…",
        help="the further share of unlabelled messages the pair threshold may flag; 0: none "
        "(default: "
        + ", ".join(
            f"{lang}.{category} {rate}" for (lang, category), rate in PAIR_FALSE_ALARMS.items()
        )
        + ")",
    )
    args = parser.parse_args(argv)
    args.lang = args.lang or list(CATEGORIES)
    args.out.mkdir(parents=True, exist_ok=True)
    pairs = [
        (lang, category) for lang in args.lang for category in args.category or CATEGORIES[lang]
    ]
    for lang, category in pairs:
        if args.corpus:
            files = corpus_files(args.corpus)
        else:
            excluded = EVERY_MODEL_WITHOUT + LEFT_OUT_FILES.get((lang, category), ())
            files = without(default_corpus_files(lang, category), excluded)
        examples = read_examples(files, lang)
        if not any(category in e.labels for e in examples):
            print(f"{lang} {category}: no labelled message", file=sys.stderr)
            return 1
        out = args.out / f"{category}.{lang}.json"
        rate = _rate(args.false_alarms, lang, category, FALSE_ALARMS, DEFAULT_FALSE_ALARMS)
        pair_rate = _rate(args.pair_false_alarms, lang, category, PAIR_FALSE_ALARMS, 0.0)
        out.write_text(model_file(examples, lang, category, rate, pair_rate), encoding="utf-8")
        print(f"{out}: {len(examples)} messages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
