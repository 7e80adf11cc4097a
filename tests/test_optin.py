"""Opt-in rules (`enabled: false`): off until a configuration or --select names them."""

from __future__ import annotations

import json
from pathlib import Path

from multifile import write_pack
from test_cli import run
from tonecheck import Linter

PACK = """\
rules:
  - id: opinion.test-optin
    kind: phrase
    level: warning
    enabled: false
    summary: Test opt-in rule.
    message: "“{match}” is a test frame."
    explain: An opt-in rule that only a configuration or --select turns on.
    en:
      phrases: [candidly]
      suggest: ["State the fact."]
      examples:
        flag: ["[Candidly], the copy is long."]
        pass: ["The copy is long."]
"""
TEXT = "Candidly, the copy is long."


def _ids(linter: Linter) -> list[str]:
    return [f.rule for f in linter.check(TEXT).findings if f.rule == "opinion.test-optin"]


def test_an_opt_in_rule_is_off_by_default(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, PACK)
    assert _ids(Linter(lang="en", rule_paths=[pack])) == []


def test_its_own_id_turns_it_on_and_sets_its_level(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, PACK)
    assert _ids(Linter(lang="en", rule_paths=[pack], rules={"opinion.test-optin": "on"})) == [
        "opinion.test-optin"
    ]
    linter = Linter(lang="en", rule_paths=[pack], rules={"opinion.test-optin": "error"})
    assert [f.level.value for f in linter.check(TEXT).findings if f.rule.endswith("optin")] == [
        "error"
    ]


def test_its_category_does_not_turn_it_on(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, PACK)
    assert _ids(Linter(lang="en", rule_paths=[pack], rules={"opinion": "warning"})) == []


def test_selecting_it_by_id_runs_it_but_selecting_its_category_does_not(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, PACK)
    assert _ids(Linter(lang="en", rule_paths=[pack], select=["opinion.test-optin"])) == [
        "opinion.test-optin"
    ]
    assert _ids(Linter(lang="en", rule_paths=[pack], select=["opinion"])) == []


def test_rules_lists_it_as_off_until_turned_on(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, PACK)
    listed = run(["rules", "--format", "json", "--rules", str(pack)]).stdout
    rule = next(r for r in json.loads(listed) if r["id"] == "opinion.test-optin")
    assert rule["level"] == "off"
    table = run(["rules", "--rules", str(pack)]).stdout.splitlines()
    assert any(line.split()[:3] == ["opinion.test-optin", "opinion", "off"] for line in table)
    explained = run(["explain", "opinion.test-optin", "--rules", str(pack)]).stdout
    assert "Off by default" in explained


def test_the_strict_preset_turns_on_the_shipped_honesty_frame() -> None:
    text = "To be honest, the brief arrived late."
    default = Linter(lang="en").check(text).findings
    config = Path(__file__).parent / "data" / "strict-preset.yaml"
    strict = Linter(lang="en", config=config).check(text).findings
    assert "opinion.honesty-frame" not in {f.rule for f in default}
    assert "opinion.honesty-frame" in {f.rule for f in strict}
