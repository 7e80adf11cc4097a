"""An intent recognised by a trained model as well as by its marker's phrases."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from multifile import pack_error, write_pack
from tonecheck import Linter
from tonecheck.api import builtin_pack
from tonecheck.errors import RuleError
from tonecheck.rules.schema import load_rulebook
from tonecheck.rules.tonemodel import load_model

ROOT = Path(__file__).resolve().parents[1]
MODEL = {
    "format": 1,
    "lang": "en",
    "category": "handover",
    "bias": -1.0,
    "threshold": 1.5,
    "common_words": ["the", "we", "our", "your", "to"],
    "weights": {"keys": 3.0, "spare": -3.0},
}
PACK = """\
markers:
  handover:
    intent: true
    en:
      phrases: [hand over the office]
      model: %s
rules:
  - id: checklist.test-date
    kind: checklist
    level: warning
    when: {intent: handover}
    place: after-intent
    summary: A handover without a date.
    message: "Say when the handover happens."
    explain: A test rule that asks for a date.
    en:
      phrases: [on monday]
      insert: "We will meet you on Monday."
      examples:
        flag: ["We hand over the office. Thanks."]
        pass: ["We hand over the office on Monday."]
"""
SELECT = ["checklist.test-date"]


def _pack(tmp_path: Path, model: object = MODEL, marker_extra: str = "") -> Path:
    """The test pack with its model file; `marker_extra` adds lines to the marker's section."""
    pack = write_pack(tmp_path, PACK % ("intent.json" + marker_extra))
    (pack / "intent.json").write_text(json.dumps(model), encoding="utf-8")
    return pack


def _linter(tmp_path: Path) -> Linter:
    return Linter(lang="en", rule_paths=[_pack(tmp_path)], select=SELECT)


def test_a_sentence_the_model_flags_gives_the_message_the_intent(tmp_path: Path) -> None:
    result = _linter(tmp_path).check_result("Hello Ann. We return the keys to you. Best, Bo")
    assert result.intent == "handover"
    assert [f.rule for f in result.findings] == ["checklist.test-date"]


def test_the_missing_element_is_placed_after_the_sentence_the_model_flagged(
    tmp_path: Path,
) -> None:
    text = "Hello Ann.\nWe return the keys to you.\nSee you soon."
    finding = _linter(tmp_path).check_result(text).findings[0]
    assert finding.insert is not None
    assert text[: finding.insert.offset].endswith("We return the keys to you.")


def test_without_a_flagged_sentence_or_a_phrase_there_is_no_intent(tmp_path: Path) -> None:
    linter = _linter(tmp_path)
    for text in ("Hello Ann. Here are the spare keys.", "The report is ready."):
        result = linter.check_result(text)
        assert result.intent is None and result.findings == ()


def test_quoted_words_do_not_give_the_intent(tmp_path: Path) -> None:
    result = _linter(tmp_path).check_result('You wrote "keys" in your last note.')
    assert result.intent is None


def test_the_profile_decides_before_the_model(tmp_path: Path) -> None:
    linter = Linter(lang="en", rule_paths=[_pack(tmp_path)], select=SELECT, profile="email")
    assert linter.check_result("We return the keys to you.").intent is None


def test_unless_silences_the_phrases_and_the_model_in_its_sentence(tmp_path: Path) -> None:
    pack = _pack(tmp_path, marker_extra="\n      unless: {phrases: [until]}")
    linter = Linter(lang="en", rule_paths=[pack], select=SELECT)
    for paused in ("We hand over the office until May.", "We return the keys until May."):
        assert linter.check_result(paused).intent is None
    for ended in ("Until May we worked here. We hand over the office.", "We return the keys."):
        assert linter.check_result(ended).intent == "handover"


def test_a_list_of_unless_conditions_each_silences_in_its_scope(tmp_path: Path) -> None:
    until, spare = "{phrases: [until]}", "{phrases: [spare], scope: message}"
    extra = f"\n      unless:\n        - {until}\n        - {spare}"
    linter = Linter(lang="en", rule_paths=[_pack(tmp_path, marker_extra=extra)], select=SELECT)
    assert linter.check_result("We hand over the office until May.").intent is None
    assert linter.check_result("The spare set stays. We hand over the office.").intent is None
    assert linter.check_result("Until May we worked here. We hand over the office.").intent


def test_only_an_intent_marker_takes_a_model(tmp_path: Path) -> None:
    text = PACK.replace("intent: true", "intent: false") % "intent.json"
    error = pack_error(tmp_path, text)
    assert "'model'" in str(error) and error.line == PACK.splitlines().index("      model: %s") + 1


def test_a_model_for_another_intent_is_refused_at_its_line(tmp_path: Path) -> None:
    pack = _pack(tmp_path, {**MODEL, "category": "termination"})
    with pytest.raises(RuleError) as caught:
        Linter(lang="en", rule_paths=[pack])
    assert caught.value.line == PACK.splitlines().index("      model: %s") + 1
    assert "termination" in str(caught.value)


def test_the_training_script_trains_an_intent_from_the_intent_field(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    notices = ["We return the keys on Friday.", "The keys go back to you on Monday."]
    others = ["The spare set is in the drawer.", "Lunch is at noon.", "The van is blue."]
    for name in ("a", "b"):  # two files: the threshold is measured out of fold
        items = [
            {"id": f"{name}-n{i}", "lang": "en", "labels": [], "intent": "handover", "text": t}
            for i, t in enumerate(notices * 4)
        ] + [
            {"id": f"{name}-o{i}", "lang": "en", "labels": [], "text": t}
            for i, t in enumerate(others * 4)
        ]
        (corpus / f"{name}.jsonl").write_text("\n".join(map(json.dumps, items)), encoding="utf-8")
    out = tmp_path / "models"
    train = [sys.executable, str(ROOT / "scripts" / "train_tone_models.py")]
    args = ["--corpus", str(corpus), "--out", str(out), "--lang", "en", "--category", "handover"]
    subprocess.run([*train, *args], check=True, capture_output=True)
    model = load_model(out / "handover.en.json", "en", "handover")
    assert model.weights["keys"] > 0 > model.weights.get("drawer", 0)


def test_the_shipped_termination_intent_has_a_model_in_both_languages() -> None:
    markers = load_rulebook([builtin_pack()]).markers
    assert set(markers["termination"].models) == {"en", "it"}
