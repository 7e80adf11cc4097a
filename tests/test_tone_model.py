"""The `model` kind: a sentence scored by a trained tone model, and the script that trains one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from multifile import pack_error, write_pack
from tonecheck import Linter
from tonecheck.api import builtin_pack
from tonecheck.nlp import load_pipeline
from tonecheck.rules.schema import load_rulebook
from tonecheck.rules.tonemodel import NAME, NUMBER, features, load_model, sentence_words

ROOT = Path(__file__).resolve().parents[1]
MODEL = {
    "format": 1,
    "lang": "en",
    "category": "hostile",
    "bias": -1.0,
    "threshold": 1.5,
    "common_words": ["a", "is", "the", "your"],
    "weights": {"dreadful": 3.0, "lovely": -3.0, "your work": 0.25},
}
RULE = """\
rules:
  - id: hostile.test-tone
    kind: model
    level: warning
    summary: Test tone model.
    message: "Reads as hostile ({words})."
    explain: A test rule over a tiny model.
    en:
      model: %s
      suggest: ["Say what happened."]
      examples:
        flag: ["[Your work is dreadful.]"]
        pass: ["Your work is lovely and dreadful."]
"""


def _pack(tmp_path: Path, model: object = MODEL, rule: str = RULE, path: str = "tone.json") -> Path:
    pack = write_pack(tmp_path, rule % path)
    (pack / "tone.json").write_text(json.dumps(model), encoding="utf-8")
    return pack


def _tone(linter: Linter, text: str) -> list[tuple[str, str]]:
    found = linter.check(text).findings
    return [(f.match, f.message) for f in found if f.rule == "hostile.test-tone"]


def test_a_sentence_above_the_threshold_is_flagged_with_the_words_that_weighed(
    tmp_path: Path,
) -> None:
    linter = Linter(lang="en", rule_paths=[_pack(tmp_path)], select=["hostile.test-tone"])
    text = "Thanks for the files. Your work is dreadful. See you Monday."
    assert _tone(linter, text) == [
        ("Your work is dreadful.", "Reads as hostile (“dreadful”, “your work”).")
    ]
    assert _tone(linter, "Your work is lovely and dreadful.") == []


def test_quoted_words_do_not_count(tmp_path: Path) -> None:
    linter = Linter(lang="en", rule_paths=[_pack(tmp_path)], select=["hostile.test-tone"])
    assert _tone(linter, 'The review said "dreadful" about the hotel, not about us.') == []


def test_a_rule_that_names_the_words_is_reported_instead(tmp_path: Path) -> None:
    phrase = """
  - id: hostile.test-word
    kind: phrase
    level: warning
    summary: Test word.
    message: "“{match}” is a test word."
    explain: A test rule naming a word.
    en:
      phrases: [dreadful]
      suggest: ["Say what happened."]
      examples:
        flag: ["It is [dreadful]."]
        pass: ["It is fine."]
"""
    pack = _pack(tmp_path, rule=RULE + phrase)
    linter = Linter(lang="en", rule_paths=[pack], select=["hostile.test-tone", "hostile.test-word"])
    found = linter.check("Your work is dreadful.").findings
    assert [(f.rule, f.match) for f in found] == [("hostile.test-word", "dreadful")]


def test_a_model_with_only_with_reads_only_the_sentences_that_hold_one_of_those_words(
    tmp_path: Path,
) -> None:
    model = {**MODEL, "only_with": ["you", "your"]}
    linter = Linter(lang="en", rule_paths=[_pack(tmp_path, model)], select=["hostile.test-tone"])
    text = "The weather was dreadful. Your work is dreadful."
    assert [match for match, _ in _tone(linter, text)] == ["Your work is dreadful."]
    assert load_model(tmp_path / "pack" / "tone.json", "en", "hostile").reads(["the", "x"]) is False


def test_two_sentences_above_the_pair_threshold_are_flagged_together(tmp_path: Path) -> None:
    model = {**MODEL, "pair_threshold": -0.5, "weights": {**MODEL["weights"], "late": 1.0}}
    linter = Linter(lang="en", rule_paths=[_pack(tmp_path, model)], select=["hostile.test-tone"])
    # "late" scores 0: below the threshold (1.5), above the pair threshold (-0.5)
    pair = "The van is late. See you Monday. The driver is late too."
    assert [match for match, _ in _tone(linter, pair)] == [
        "The van is late.",
        "The driver is late too.",
    ]
    assert _tone(linter, "The van is late. See you Monday.") == []
    (tmp_path / "b").mkdir()
    without = Linter(lang="en", rule_paths=[_pack(tmp_path / "b", MODEL)])
    assert _tone(without, pair) == []


def test_words_numbers_and_names_as_the_model_reads_them() -> None:
    doc = load_pipeline("en").nlp("Mr Carter sent 3 files on Monday, but I checked them.")
    assert sentence_words(next(iter(doc.sents))) == [
        "mr",
        NAME,
        "sent",
        NUMBER,
        "files",
        "on",
        NAME,
        ",",
        "but",
        "i",
        "checked",
        "them",
        ".",
    ]


def test_common_words_and_punctuation_alone_are_not_features() -> None:
    found = list(features(["why", "is", "this", "late", "?", "!"], common={"why", "is", "this"}))
    assert found == ["late", "why is", "is this", "this late", "late ?"]


@pytest.mark.parametrize(
    ("model", "path", "expected"),
    [
        (MODEL, "missing.json", "model 'missing.json' not found"),
        (MODEL, "../outside.json", "outside the rule pack folder"),
        ({**MODEL, "lang": "it"}, "tone.json", "a model for 'it', used in the 'en' section"),
        ({**MODEL, "category": "blame"}, "tone.json", "used by a 'hostile' rule"),
        ({**MODEL, "weights": {"bad": "x"}}, "tone.json", "'weights' must map features"),
        ({**MODEL, "threshold": None}, "tone.json", "'threshold' must be a number"),
        ({**MODEL, "format": 9}, "tone.json", "not a tone model of format 1"),
        ({k: v for k, v in MODEL.items() if k != "common_words"}, "tone.json", "'common_words'"),
        ({**MODEL, "only_with": "you"}, "tone.json", "'only_with' must be a list of words"),
        ({**MODEL, "pair_threshold": "low"}, "tone.json", "'pair_threshold' must be a number"),
    ],
)
def test_a_bad_model_file_is_reported_at_the_line_that_names_it(
    tmp_path: Path, model: object, path: str, expected: str
) -> None:
    (tmp_path / "outside.json").write_text(json.dumps(MODEL), encoding="utf-8")
    with pytest.raises(Exception) as caught:
        Linter(lang="en", rule_paths=[_pack(tmp_path, model=model, path=path)])
    error = caught.value
    assert expected in str(error)
    assert getattr(error, "line", None) == RULE.splitlines().index("      model: %s") + 1


def test_a_model_rule_needs_a_model_and_other_kinds_do_not_take_one(tmp_path: Path) -> None:
    without = RULE.replace("      model: %s\n", "")
    (tmp_path / "a").mkdir()
    assert "needs 'model'" in str(pack_error(tmp_path / "a", without))
    phrase = RULE.replace("kind: model", "kind: phrase").replace("model: %s", "model: tone.json")
    (tmp_path / "b").mkdir()
    assert "unknown key 'model'" in str(pack_error(tmp_path / "b", phrase))


CORPUS = [
    ("Your team is useless and lazy.", ["hostile"]),
    ("Honestly this is useless, lazy work.", ["hostile"]),
    ("What a useless, lazy excuse for a report.", ["hostile"]),
    ("Stop sending me useless drafts.", ["hostile"]),
    ("The lazy fixes are useless to us.", ["hostile"]),
    ("Useless again, and lazy as always.", ["hostile"]),
    ("Thanks for the drafts, they look good.", []),
    ("The report arrives on Friday.", []),
    ("Could you send the files by Monday?", []),
    ("We moved the call to Thursday at ten.", []),
    ("The invoice is attached; payment is due in thirty days.", []),
    ("Happy to help with the next phase.", []),
    ("The new layout is ready for review.", []),
    ("Please confirm the delivery address.", []),
]


TRAIN = [sys.executable, str(ROOT / "scripts" / "train_tone_models.py")]


def _corpus(folder: Path, corpus: list[tuple[str, list[str]]]) -> Path:
    folder.mkdir()
    for name in ("a", "b"):  # two files: the threshold is measured out of fold
        items = [
            {"id": f"{name}-{i}", "lang": "en", "labels": labels, "text": text}
            for i, (text, labels) in enumerate(corpus)
        ]
        (folder / f"{name}.jsonl").write_text(
            "\n".join(json.dumps(item) for item in items), encoding="utf-8"
        )
    return folder


def test_the_training_script_writes_a_model_the_pack_can_load(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", CORPUS)
    out = tmp_path / "models"
    args = ["--corpus", str(corpus), "--out", str(out), "--lang", "en", "--category", "hostile"]
    subprocess.run([*TRAIN, *args], check=True, capture_output=True)
    model = load_model(out / "hostile.en.json", "en", "hostile")
    assert model.pair_threshold is None  # one-sentence messages: no second sentence to weigh
    assert model.weights["useless"] > 0 and model.weights["lazy"] > 0
    words = ["this", "is", "useless", "and", "lazy", "."]
    calm = ["the", "drafts", "arrive", "on", "friday", "."]
    assert model.score(words) > model.threshold > model.score(calm)
    again = tmp_path / "again"
    subprocess.run([*TRAIN, *args[:2], "--out", str(again), *args[4:]], check=True)
    assert (again / "hostile.en.json").read_bytes() == (out / "hostile.en.json").read_bytes()


def test_the_training_script_sets_a_pair_threshold_below_the_threshold(tmp_path: Path) -> None:
    two = [(f"{text} See you on Monday.", labels) for text, labels in CORPUS]
    corpus = _corpus(tmp_path / "corpus", two)
    out = tmp_path / "models"
    args = ["--corpus", str(corpus), "--out", str(out), "--lang", "en", "--category", "hostile"]
    subprocess.run([*TRAIN, *args, "--pair-false-alarms", "0.2"], check=True, capture_output=True)
    model = load_model(out / "hostile.en.json", "en", "hostile")
    assert model.pair_threshold is not None and model.pair_threshold < model.threshold


def test_the_shipped_model_rules_have_both_languages_but_contract_in_english_only() -> None:
    rules = load_rulebook([builtin_pack()]).rules
    both = {"hostile.sentence-tone", "blame.sentence-tone"}
    for lang, expected in (("en", both | {"contract.sentence-tone"}), ("it", both)):
        models = {r.id: r.langs[lang].model for r in rules if r.kind == "model" and lang in r.langs}
        assert set(models) == expected
        assert all(m is not None and m.lang == lang and m.weights for m in models.values())
