"""A rule's `unless`: one condition, or a list whose conditions each silence on their own."""

from __future__ import annotations

from pathlib import Path

from multifile import pack_error, write_pack
from tonecheck import Linter

RULE = """\
rules:
  - id: opinion.test-think
    kind: phrase
    level: warning
    summary: An opinion marker.
    message: "“{match}” is an opinion."
    explain: A test rule.
    en:
      phrases: [i think]
      suggest: ["Say what you know."]
      unless:
%s
      examples:
        flag: ["[I think] it is late."]
        pass: ["It is late."]
"""
BOTH = """\
        - phrases: [since you asked]
        - phrases: [you asked me]
          scope: message"""


def _findings(tmp_path: Path, unless: str, text: str) -> list[str]:
    linter = Linter(
        lang="en", rule_paths=[write_pack(tmp_path, RULE % unless)], select=["opinion.test-think"]
    )
    return [f.match for f in linter.check_result(text).findings]


def test_each_condition_of_a_list_silences_in_its_own_scope(tmp_path: Path) -> None:
    asked_before = "You asked me which tiles to choose. I think the blue ones wear better."
    assert _findings(tmp_path, BOTH, asked_before) == []
    same_sentence = "Since you asked, I think the blue ones. I think the grey ones are dull."
    assert _findings(tmp_path, BOTH, same_sentence) == ["I think"]  # only its own sentence
    assert _findings(tmp_path, BOTH, "I think the blue ones wear better.") == ["I think"]


def test_a_single_condition_still_reads_as_a_mapping(tmp_path: Path) -> None:
    one = "        phrases: [since you asked]"
    assert _findings(tmp_path, one, "Since you asked, I think so. I think not.") == ["I think"]


def test_an_empty_list_is_refused_at_its_line(tmp_path: Path) -> None:
    text = RULE % "        []"
    error = pack_error(tmp_path, text.replace("      unless:\n        []", "      unless: []"))
    assert "empty list" in str(error) and error.line == RULE.splitlines().index("      unless:") + 1


def test_a_condition_that_is_not_a_mapping_is_refused_at_its_line(tmp_path: Path) -> None:
    error = pack_error(tmp_path, RULE % "        - phrases: [since you asked]\n        - since")
    assert "'unless' condition must be a mapping" in str(error)
    assert error.line == RULE.splitlines().index("%s") + 2


CHECKLIST = """\
markers:
  ending:
    intent: true
    en:
      phrases: [we are ending the contract]
rules:
  - id: channel.test-call
    kind: checklist
    level: warning
    when: {intent: ending}
    place: end
    summary: A notice with no call.
    message: "Offer a call."
    explain: A test rule whose evidence is a call.
    en:
      phrases: [the call]
      insert: "Could we talk it over on the phone?"
      unless:
%s
      examples:
        flag: ["We are ending the contract. Thanks."]
        pass: ["We are ending the contract, as agreed on the call."]
"""


def _missing(tmp_path: Path, unless: str, text: str) -> bool:
    pack = write_pack(tmp_path, CHECKLIST % unless)
    linter = Linter(lang="en", rule_paths=[pack], select=["channel.test-call"])
    return bool(linter.check_result(text).findings)


def test_a_checklist_unless_takes_away_evidence_in_its_sentence(tmp_path: Path) -> None:
    # A call that was the incident is not a call about the notice.
    one = "        phrases: [you shouted]"
    incident = "We are ending the contract. On the call you shouted at our designer."
    assert _missing(tmp_path, one, incident)
    held = "We are ending the contract. You shouted at us. I'd like the call to be calm."
    assert not _missing(tmp_path, one, held)  # the evidence stands in another sentence
    assert not _missing(tmp_path, one, "We are ending the contract, as agreed on the call.")


def test_a_checklist_unless_with_message_scope_takes_away_all_its_evidence(
    tmp_path: Path,
) -> None:
    anywhere = "        phrases: [you shouted]\n        scope: message"
    text = "You shouted at us. We are ending the contract, as agreed on the call."
    assert _missing(tmp_path, anywhere, text)
