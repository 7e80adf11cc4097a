"""The library: Linter, lint_text, Report, positions and the engine's shared behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

import tonecheck
from tonecheck import FailOn, Level, Linter, UsageError, lint_text
from tonecheck.report import ExitCode, Report

FIXTURE = Path(__file__).parent / "packs" / "fixture"
FIXTURE_IDS = (
    "blame.fixture-fault",
    "sugarcoating.fixture-sorry",
    "length.fixture-words",
    "checklist.fixture-thanks",
)


@pytest.fixture(scope="module")
def fixture_linter() -> Linter:
    return Linter(lang="en", rule_paths=[FIXTURE], select=FIXTURE_IDS)


def test_public_api_is_importable_without_click_or_spacy_work() -> None:
    assert {"Linter", "lint_text", "Report", "Finding", "Level"} <= set(tonecheck.__all__)


def test_check_reports_rule_category_level_and_exact_offsets(fixture_linter: Linter) -> None:
    text = "Hello.\nIt was your fault, Mark."
    report = fixture_linter.check(text)
    (finding,) = report.findings
    assert (finding.rule, finding.category, finding.level) == (
        "blame.fixture-fault",
        "blame",
        Level.WARNING,
    )
    assert text[finding.start : finding.end] == finding.match == "your fault"
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (2, 8, 2, 18)
    assert finding.message == "“your fault” blames."
    assert finding.suggestions == ("the fault",)
    assert not report.ok
    assert report.exit_code == ExitCode.FINDINGS


def test_rewrite_keeps_the_leading_capital(fixture_linter: Linter) -> None:
    (finding,) = fixture_linter.check("Your mistake cost us a day.").findings
    assert finding.suggestions == ("The mistake",)


def test_lemmas_match_inflected_forms(fixture_linter: Linter) -> None:
    (finding,) = fixture_linter.check("Your mistakes cost us a day.").findings
    assert finding.match == "Your mistakes"


def test_quoted_words_of_the_client_are_not_flagged(fixture_linter: Linter) -> None:
    def blame(text: str) -> list[str]:
        return [f.match for f in fixture_linter.check(text).findings if f.category == "blame"]

    assert blame('You wrote "it was your fault"; we see why.') == []
    assert blame("You wrote “it was your fault”; we see why.") == []
    assert blame("> It was your fault.\nThanks, we are on it.") == []
    assert blame('He said "hi". It was your fault.') == ["your fault"]


def test_min_count_reports_the_second_hit_on(fixture_linter: Linter) -> None:
    text = "Sorry. I am sorry. So sorry."
    findings = [f for f in fixture_linter.check(text).findings if f.category == "sugarcoating"]
    assert [f.start for f in findings] == [text.index("sorry"), text.rindex("sorry")]
    assert findings[0].message == "Apology number 3."
    assert findings[0].fix == "" and findings[0].suggestions == ("",)
    assert fixture_linter.check("Sorry for the delay.").findings == ()


def test_metric_reports_the_long_sentence_with_numbers(fixture_linter: Linter) -> None:
    text = "Fine. This one is clearly much longer than six words."
    (finding,) = fixture_linter.check(text).findings
    assert finding.match == "This one is clearly much longer than six words."
    assert finding.message == "9 words, limit 6."


def test_checklist_inserts_before_the_sign_off(fixture_linter: Linter) -> None:
    text = "Hi Ann,\n\nWe will not renew the contract.\n\nBest regards,\nBo"
    result = fixture_linter.check_result(text)
    assert result.intent == "termination"
    (finding,) = [f for f in result.findings if f.rule == "checklist.fixture-thanks"]
    assert finding.match == "Best regards,"
    assert finding.insert is not None
    assert finding.insert.offset == text.index("Best regards")
    assert finding.insert.text.startswith("Thank you for the work together.")


def test_checklist_is_quiet_when_the_element_is_there_or_intent_is_absent(
    fixture_linter: Linter,
) -> None:
    present = "We will not renew the contract. Thank you.\n\nBest regards,\nBo"
    assert not [f for f in fixture_linter.check(present).findings if f.category == "checklist"]
    other = "The report is attached.\n\nBest regards,\nBo"
    assert fixture_linter.check_result(other).intent is None


def test_profile_can_force_or_disable_the_intent() -> None:
    text = "The report is attached.\n\nBest regards,\nBo"
    forced = Linter(
        lang="en", profile="termination", rule_paths=[FIXTURE], select=["checklist.fixture-thanks"]
    )
    assert [f.rule for f in forced.check(text).findings] == ["checklist.fixture-thanks"]
    off = Linter(
        lang="en", profile="email", rule_paths=[FIXTURE], select=["checklist.fixture-thanks"]
    )
    assert off.check("We will not renew the contract.\n\nBest,\nBo").findings == ()


def test_fail_on_decides_ok() -> None:
    text = "Sorry. I am sorry."
    ids = ["sugarcoating.fixture-sorry"]
    assert Linter(lang="en", rule_paths=[FIXTURE], select=ids).check(text).ok
    strict = Linter(lang="en", rule_paths=[FIXTURE], select=ids, fail_on="suggestion")
    assert not strict.check(text).ok
    never = Linter(lang="en", rule_paths=[FIXTURE], select=["blame"], fail_on=FailOn.NONE)
    assert never.check("It was your fault.").ok


def test_select_and_ignore_take_ids_and_categories(fixture_linter: Linter) -> None:
    linter = Linter(lang="en", rule_paths=[FIXTURE], select=["blame", "length"])
    assert {r.category for r in linter.rules} == {"blame", "length"}
    ignored = Linter(lang="en", rule_paths=[FIXTURE], ignore=["blame.fixture-fault"])
    assert "blame.fixture-fault" not in {r.id for r in ignored.rules}


def test_unknown_names_are_usage_errors_with_a_hint() -> None:
    with pytest.raises(UsageError, match="did you mean 'blame'"):
        Linter(select=["blam"])
    with pytest.raises(UsageError, match="unknown language"):
        Linter(lang="fr")
    with pytest.raises(UsageError, match="unknown profile"):
        Linter(profile="tweet")
    with pytest.raises(UsageError, match="unknown fail level"):
        Linter(fail_on="fatal")


def test_the_linter_builds_each_language_once_and_reuses_it(fixture_linter: Linter) -> None:
    first = fixture_linter.engine("en")
    fixture_linter.check("It was your fault.")
    assert fixture_linter.engine("en") is first


def test_check_many_keeps_order_and_matches_check(fixture_linter: Linter) -> None:
    texts = ["It was your fault.", "All good here.", "Your mistake, sorry. Sorry."]
    many = list(fixture_linter.check_many(texts))
    assert [r.path for r in many] == ["<text 1>", "<text 2>", "<text 3>"]
    singles = [fixture_linter.check_result(t) for t in texts]
    assert [r.findings for r in many] == [r.findings for r in singles]


def test_auto_language_detects_italian_and_falls_back_to_english() -> None:
    linter = Linter(rule_paths=[FIXTURE], select=["blame.fixture-fault"])
    italian = (
        "Buongiorno, il ritardo nella consegna dei materiali è colpa vostra, come sapete bene."
    )
    result = linter.check_result(italian)
    assert result.language == "it"
    assert [f.match for f in result.findings] == ["colpa vostra"]
    assert linter.check_result("Thanks!").language == "en"


def test_lint_text_one_shot() -> None:
    report = lint_text(
        "It was your fault.", lang="en", rule_paths=[FIXTURE], select=["blame.fixture-fault"]
    )
    assert "blame.fixture-fault" in {f.rule for f in report.findings}


def test_stats_count_words_sentences_and_readability(fixture_linter: Linter) -> None:
    result = fixture_linter.check_result("We sent the files. They arrived today!")
    assert (result.stats.words, result.stats.sentences) == (7, 2)
    assert result.stats.readability is None  # too short to score
    easy = "We sent the files. They came in on time. " * 5
    hard = "Notwithstanding considerable organisational complexities, comprehensive documentation "
    readability = fixture_linter.check_result(easy).stats.readability
    assert readability is not None and readability.index == "flesch_reading_ease"
    hard_score = fixture_linter.check_result(hard * 8).stats.readability
    assert hard_score is not None and hard_score.score < readability.score
    italian = Linter(lang="it", rule_paths=[FIXTURE], select=["blame"])
    it_stats = italian.check_result("Abbiamo inviato i file. Sono arrivati oggi. " * 5).stats
    assert it_stats.readability is not None and it_stats.readability.index == "gulpease"


def test_empty_text_gives_an_empty_valid_result(fixture_linter: Linter) -> None:
    result = fixture_linter.check_result("")
    assert result.findings == () and result.stats.words == 0 and result.stats.readability is None


def test_a_failing_rule_is_reported_and_the_others_still_run(
    fixture_linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tonecheck.rules.kinds import metric

    def broken(*args: object) -> list[object]:
        raise RuntimeError("boom")

    monkeypatch.setitem(metric.MEASURES, "words", (broken, ("sentence",), "max"))
    result = fixture_linter.check_result("It was your fault, and this sentence is long enough.")
    assert [f.rule for f in result.findings] == ["blame.fixture-fault"]
    (skipped,) = [s for s in result.skipped_rules if s.rule == "length.fixture-words"]
    assert "RuntimeError: boom" in skipped.reason


def test_reader_texts_report_source_positions_and_honour_suppressions(
    fixture_linter: Linter,
) -> None:
    from tonecheck.text import OffsetMap, Suppression, Text

    # Source "<b>It was</b> your fault." read as prose "It was your fault." (tags dropped).
    source = "<b>It was</b> your fault. Also your mistake."
    prose = "It was your fault. Also your mistake."
    offsets = OffsetMap([(0, 3, 6), (6, 13, len(prose) - 6)])
    text = Text(source=source, prose=prose, offsets=offsets)
    found = fixture_linter.check_result(text).findings
    assert [(f.match, source[f.start : f.end]) for f in found] == [
        ("your fault", "your fault"),
        ("your mistake", "your mistake"),
    ]
    mistake_at = source.index("your mistake")
    silenced = Text(
        source=source,
        prose=prose,
        offsets=offsets,
        suppressions=(
            Suppression(frozenset({"blame"}), mistake_at, len(source), line=1),
            Suppression(frozenset({"length"}), 0, len(source), line=1),
        ),
    )
    result = fixture_linter.check_result(silenced)
    assert [f.match for f in result.findings] == ["your fault"]
    assert [(u.rules, u.silenced) for u in result.suppressions] == [
        (("blame",), 1),
        (("length",), 0),
    ]


def test_findings_never_start_or_end_inside_a_protected_placeholder(fixture_linter: Linter) -> None:
    from tonecheck.text import OffsetMap, Text

    # "{{name}}" stands in the prose as "Ann"; a finding touching it widens to the placeholder.
    source = "Hi {{name}}, sorry. Sorry again."
    prose = "Hi Ann, sorry. Sorry again."
    offsets = OffsetMap([(0, 0, 3), (3, 3, 3), (6, 11, len(prose) - 6)])
    text = Text(source=source, prose=prose, offsets=offsets, protected=((3, 11),))
    start, end = text.source_span(prose.index("Ann") + 1, prose.index(","))
    assert (start, end) == (3, 11)
    (finding,) = fixture_linter.check_result(text).findings
    assert source[finding.start : finding.end] == finding.match == "Sorry"


def test_two_rules_of_a_category_on_the_same_words_report_once(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    rule = (FIXTURE / "fixture.yaml").read_text(encoding="utf-8").split("\n\n  - id: sugar")[0]
    twin = rule.replace("blame.fixture-fault", "blame.fixture-twin").replace("rules:\n", "")
    (pack / "twin.yaml").write_text("rules:\n" + twin.replace("level: warning", "level: error"))
    linter = Linter(lang="en", rule_paths=[FIXTURE, pack], select=["blame"])
    (finding,) = linter.check("It was your fault.").findings
    assert finding.rule == "blame.fixture-twin"  # the more serious of the two


def _overlapping_pack(folder: Path, tail_level: str) -> Path:
    """Two blame rules whose phrases overlap on "your fault"."""
    pack = folder / "overlap"
    pack.mkdir(parents=True)
    rule = """\
  - id: blame.fixture-{name}
    kind: phrase
    level: {level}
    summary: Fixture.
    message: "“{{match}}” blames."
    explain: Fixture.
    en:
      phrases: [{phrase}]
      suggest: ["Say what happened."]
      examples:
        flag: ["[{phrase}]."]
        pass: ["It happened."]
"""
    (pack / "overlap.yaml").write_text(
        "rules:\n"
        + rule.format(name="whole", level="warning", phrase="entirely your fault")
        + rule.format(name="tail", level=tail_level, phrase="your fault again"),
        encoding="utf-8",
    )
    return pack


@pytest.mark.parametrize(
    ("tail_level", "kept"),
    [("warning", "entirely your fault"), ("error", "your fault again")],
)
def test_overlapping_matches_of_one_category_report_once(
    tmp_path: Path, tail_level: str, kept: str
) -> None:
    """The higher level wins, then the longer match."""
    pack = _overlapping_pack(tmp_path, tail_level)
    linter = Linter(
        lang="en", rule_paths=[pack], select=["blame.fixture-whole", "blame.fixture-tail"]
    )
    (finding,) = linter.check("It was entirely your fault again.").findings
    assert finding.match == kept
    apart = linter.check("It was your fault again. Entirely your fault.").findings
    assert [f.match for f in apart] == ["your fault again", "Entirely your fault"]


BILINGUAL = """Gentile signora Bianchi,

il ritardo è per colpa vostra, come Le ho già detto: non ci avete mai inviato i testi.

Dear Mrs Bianchi,

the delay is entirely your fault, as I already told you: you never sent us the copy.

Marco"""


def _blame_by_paragraph(report: Report) -> dict[int, list[str]]:
    (result,) = report.files
    for f in result.findings:
        assert BILINGUAL[f.start : f.end] == f.match
    found: dict[int, list[str]] = {}
    for f in result.findings:
        if f.category == "blame":
            found.setdefault(f.line, []).append(f.match)
    return found


def test_paragraphs_in_two_languages_are_each_checked_in_their_own() -> None:
    found = _blame_by_paragraph(Linter().check(BILINGUAL))
    assert set(found) == {3, 7}  # the Italian paragraph and the English one
    assert "per colpa vostra" in found[3] and "your fault" in found[7]
    # A language given for the whole message applies to every paragraph.
    assert set(_blame_by_paragraph(Linter(lang="en").check(BILINGUAL))) == {7}
    assert set(_blame_by_paragraph(Linter(lang="it").check(BILINGUAL))) == {3}


def test_a_bilingual_message_gets_its_whole_message_findings_once() -> None:
    linter = Linter(length={"message-words": 20})
    (result,) = linter.check(BILINGUAL).files
    budget = [f for f in result.findings if f.rule == "length.message-words"]
    assert len(budget) == 1 and result.language == "it"  # most of the text is Italian
    streamed = list(linter.check_many(["Thanks, see you on Friday.", BILINGUAL]))
    assert [r.language for r in streamed] == ["en", "it"]
    assert streamed[1].findings == result.findings
