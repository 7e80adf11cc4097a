"""`--fix` and `--diff`: only safe fixes, overlaps resolved the same way every time, idempotent,
atomic, and every byte outside the fixed spans kept (byte-order mark, encoding, line endings)."""

from __future__ import annotations

import codecs
import os
import shutil
import stat
from pathlib import Path

import pytest

from multifile import FIXES, FIXTURE, inside, run
from tonecheck import InputError, Linter, fix
from tonecheck.fix import Edit
from tonecheck.report import FileResult, Finding, Level
from tonecheck.text import OffsetMap, Suppression, Text

REPO = Path(__file__).resolve().parents[1]
SAFE = (
    "register.fixes-asap",
    "sugarcoating.fixes-deeply-sorry",
    "sugarcoating.fixes-inconvenience",
    "register.fixes-sign-off",
)
SELECT = (*SAFE, "blame.fixture-fault")
PACKS = ["--rules", str(FIXTURE), "--rules", str(FIXES)]
LINT = ["lint", "--lang", "en", *PACKS, "--select", ",".join(SELECT)]
DRAFT = (
    "Hi Anna,\nWe are deeply sorry for the inconvenience. Please reply asap.\nIt was your fault.\n"
)
FIXED = (
    "Hi Anna,\nWe are sorry for the delay. Please reply as soon as possible.\nIt was your fault.\n"
)


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(lang="en", rule_paths=[FIXTURE, FIXES], select=SELECT)


def relinter(linter: Linter) -> fix.Relint:
    return lambda result, text: linter.check_source(text, result.path, lang=result.language)


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tonecheck-tmp")]


# -- planning --------------------------------------------------------------------------------


def test_overlaps_keep_the_earliest_then_the_longest_then_the_rule_id() -> None:
    edits = [
        Edit(10, 20, "b", "z.rule"),
        Edit(5, 12, "a", "y.rule"),
        Edit(5, 15, "longer", "x.rule"),
        Edit(15, 15, "insert", "w.rule"),
        Edit(8, 8, "inside", "v.rule"),
        Edit(30, 35, "one", "b.rule"),
        Edit(30, 35, "two", "a.rule"),
        Edit(35, 36, "adjacent", "c.rule"),
    ]
    kept = fix.resolve_overlaps(edits)
    assert [(e.start, e.text) for e in kept] == [
        (5, "longer"),
        (15, "insert"),  # at the end of the kept span: adjacent, not overlapping
        (30, "two"),
        (35, "adjacent"),
    ]
    assert fix.resolve_overlaps(reversed(edits)) == kept


def test_only_the_rules_fixed_replacements_are_safe(linter: Linter) -> None:
    result = linter.check_result("It was your fault. Reply asap.")
    assert {f.rule for f in result.findings} == {"blame.fixture-fault", "register.fixes-asap"}
    assert [e.rule for e in fix.plan(result)] == ["register.fixes-asap"]
    (blame,) = [f for f in result.findings if f.rule == "blame.fixture-fault"]
    assert blame.suggestions and fix.safe_edit(blame, result.source) is None


def test_a_fix_that_deletes_is_safe() -> None:
    linter = Linter(lang="en", rule_paths=[FIXTURE], select=["sugarcoating.fixture-sorry"])
    result = linter.check_result("Sorry. Really sorry.")
    fixed = fix.fix_result(result, relinter(linter))
    assert fixed.fixed == "Sorry. Really."
    assert fixed.after.findings == ()


def deleting(source: str, match: str) -> str:
    """The source after a safe fix that deletes the last occurrence of match."""
    start = source.rindex(match)
    finding = Finding("opinion.x", "opinion", Level.SUGGESTION, "", start, start + len(match),
                      1, 1, 1, 1, match, ("",), fix="")  # fmt: skip
    edit = fix.safe_edit(finding, source)
    assert edit is not None
    return fix.apply(source, [edit])


@pytest.mark.parametrize(
    ("source", "match", "expected"),
    [
        ("which I think everyone knows", "I think", "which everyone knows"),
        ("We are sorry\n", "sorry", "We are\n"),
        ("Sorry. Really sorry.", "sorry", "Sorry. Really."),
        ("Frankly it's late.", "Frankly", "It's late."),
        ("Late!!! Frankly it's late.", "Frankly", "Late!!! It's late."),
        ("Late.\r\nFrankly, it's late.", "Frankly, ", "Late.\r\nIt's late."),
        ("Still, Frankly is a name", "Frankly", "Still, is a name"),
        ("tab\tbefore\tafter", "before", "tab\tafter"),
    ],
)
def test_a_deletion_leaves_no_double_space_and_passes_on_the_capital(
    source: str, match: str, expected: str
) -> None:
    assert deleting(source, match) == expected


def test_a_checklist_insertion_is_never_applied() -> None:
    from tonecheck.report import Insertion

    linter = Linter(lang="en", rule_paths=[FIXTURE], select=["checklist.fixture-thanks"])
    result = linter.check_result("We will not renew the contract.\n\nBest regards,\nAnna")
    finding = result.findings[0] if result.findings else None
    if finding is None:  # the termination intent comes from the shipped markers
        pytest.skip("the shipped markers do not read this draft as a termination notice")
    assert isinstance(finding.insert, Insertion) and fix.plan(result) == ()


# -- fixing in memory ------------------------------------------------------------------------


def test_overlapping_fixes_settle_over_passes_and_a_second_fix_changes_nothing(
    linter: Linter,
) -> None:
    result = linter.check_result(DRAFT)
    first = fix.fix_result(result, relinter(linter))
    assert first.fixed == FIXED and first.applied == 3 and first.problem is None
    assert [f.rule for f in first.after.findings] == ["blame.fixture-fault"]
    second = fix.fix_result(first.after, relinter(linter))
    assert second.fixed == first.fixed and not second.changed and second.applied == 0


def test_fixes_that_undo_each_other_leave_the_text_alone() -> None:
    linter = Linter(
        lang="en", rule_paths=[FIXES], select=["register.fixes-ping", "register.fixes-pong"]
    )
    fixed = fix.fix_result(linter.check_result("ping"), relinter(linter))
    assert not fixed.changed and fixed.problem == "the fixes undo each other"


def test_a_fix_that_never_settles_stops_after_the_last_pass() -> None:
    linter = Linter(lang="en", rule_paths=[FIXES], select=["register.fixes-echo"])
    fixed = fix.fix_result(linter.check_result("echo"), relinter(linter), max_passes=3)
    assert fixed.fixed == " ".join(["echo"] * 8)
    assert fixed.problem == "fixes still pending after 3 passes"


def test_a_fix_that_keeps_growing_the_text_stops_before_it_runs_away() -> None:
    linter = Linter(lang="en", rule_paths=[FIXES], select=["register.fixes-echo"])
    draft = " ".join(["echo"] * 300)  # each pass doubles every "echo"
    fixed = fix.fix_result(linter.check_result(draft), relinter(linter))
    assert fixed.problem == "the fixes keep growing the text"
    assert len(fixed.fixed) <= 2 * (2 * len(draft) + fix.MAX_GROWTH)


def test_overlapping_edits_keep_the_earliest_then_the_longest() -> None:
    edits = [
        fix.Edit(0, 4, "a", "r"),
        fix.Edit(0, 9, "b", "r"),  # same start, longer: kept
        fix.Edit(5, 12, "c", "r"),  # inside the kept one
        fix.Edit(9, 11, "d", "r"),  # starts where the kept one ends: kept
        fix.Edit(9, 9, "e", "r"),  # an insertion at the same place: dropped
        fix.Edit(10, 10, "f", "r"),  # an insertion inside "d": dropped
        fix.Edit(11, 14, "g", "r"),
    ]
    kept = fix.resolve_overlaps(reversed(edits))
    assert [e.text for e in kept] == ["b", "d", "g"]
    assert all(not a.overlaps(b) for i, a in enumerate(kept) for b in kept[i + 1 :])


def test_a_fix_over_a_template_placeholder_leaves_the_file_alone(linter: Linter) -> None:
    # "{{ when }}" reads as "asap" in the prose; the finding widens to the placeholder.
    source = "Please reply {{ when }}. Also reply asap."
    prose = "Please reply asap. Also reply asap."
    offsets = OffsetMap([(0, 0, 13), (13, 13, 4), (17, 23, len(prose) - 17)])
    text = Text(source=source, prose=prose, offsets=offsets, protected=((13, 23),))
    result = linter.check_result(text)
    assert [source[f.start : f.end] for f in result.findings] == ["{{ when }}", "asap"]
    fixed = fix.fix_result(result, relinter(linter))
    assert not fixed.changed
    assert fixed.problem == "a fix (register.fixes-asap) would touch a template placeholder"


def test_a_fix_in_a_suppressed_region_leaves_the_file_alone(linter: Linter) -> None:
    source = "Reply asap.\n<!-- tonecheck: disable blame -->\nIt was your fault, reply asap.\n"
    start = source.index("<!--")
    text = Text(
        source=source,
        prose=source,
        suppressions=(Suppression(frozenset({"blame"}), start, len(source), line=2),),
    )
    result = linter.check_result(text)
    assert [f.rule for f in result.findings] == ["register.fixes-asap"] * 2
    fixed = fix.fix_result(result, relinter(linter))
    assert not fixed.changed and "inline suppression" in (fixed.problem or "")


def test_a_fixed_text_that_no_longer_reads_stops_the_fixing(linter: Linter) -> None:
    def broken(previous: FileResult, text: str) -> FileResult:
        raise InputError(previous.path, "directive", "line 1: unknown rule 'x'")

    fixed = fix.fix_result(linter.check_result("Reply asap."), broken)
    assert not fixed.changed
    assert fixed.problem == "the fixed text fails to read: <text>: line 1: unknown rule 'x'"


def test_positions_in_a_decoded_body_are_not_fixed(linter: Linter) -> None:
    text = Text(source="Reply asap.", prose="Reply asap.", note="positions refer to the body")
    fixed = fix.fix_result(linter.check_result(text), relinter(linter))
    assert not fixed.changed and fixed.problem == "positions refer to the body"


# -- files: encodings, line endings, mode ----------------------------------------------------


ENCODINGS = {
    "utf-8": (b"", "utf-8"),
    "utf-8-bom": (codecs.BOM_UTF8, "utf-8"),
    "utf-16-le": (codecs.BOM_UTF16_LE, "utf-16-le"),
    "utf-16-be": (codecs.BOM_UTF16_BE, "utf-16-be"),
}
ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


def draft(ending: str, text: str = DRAFT + "xoxo\n") -> str:
    return text.replace("\n", ending)


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_fix_keeps_bom_encoding_and_line_endings(
    tmp_path: Path, encoding: str, ending: str
) -> None:
    bom, codec = ENCODINGS[encoding]
    newline = ENDINGS[ending]
    path = tmp_path / "draft.txt"
    path.write_bytes(bom + draft(newline).encode(codec))
    result = run([*LINT, "--fix", str(path)])
    expected = draft(newline, FIXED + "Best regards,\nthe team\n")
    assert path.read_bytes() == bom + expected.encode(codec)
    assert result.code == 1 and "blame.fixture-fault" in result.stdout
    assert "register.fixes-asap" not in result.stdout
    assert "tonecheck: fixed 4 findings in 1 file" in result.stderr
    again = run([*LINT, "--fix", str(path)])
    assert path.read_bytes() == bom + expected.encode(codec)
    assert "tonecheck: fixed 0 findings in 0 files" in again.stderr
    assert temp_files(tmp_path) == []


def test_fix_keeps_the_mode_and_follows_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text(DRAFT, encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    run([*LINT, "--fix", str(link)])
    assert link.is_symlink() and target.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_clean_file_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text("All set for Friday.\n", encoding="utf-8")
    before = path.stat()
    result = run([*LINT, "--fix", str(path)])
    assert result.code == 0 and path.stat().st_ino == before.st_ino


def test_fix_exit_code_reports_what_remains(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("Please reply asap.\n", encoding="utf-8")
    assert run([*LINT, str(path)]).code == 1
    fixed = run([*LINT, "--fix", str(path)])
    assert fixed.code == 0 and "No findings in 1 file." in fixed.stdout


def test_fix_on_standard_input_prints_the_fixed_text(tmp_path: Path) -> None:
    result = run([*LINT, "--fix", "-"], stdin=DRAFT.encode())
    assert result.stdout == FIXED
    assert "-:3:8: warning blame blame.fixture-fault" in result.stderr
    assert "fixed 3 findings in 1 file" in result.stderr


def test_fix_on_standard_input_prints_it_unchanged_when_clean() -> None:
    result = run([*LINT, "--fix", "-"], stdin=b"All set.\n")
    assert result.stdout == "All set.\n" and result.code == 0


def test_fix_with_output_keeps_the_report_out_of_the_text(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = run([*LINT, "--fix", "--format", "json", "--output", str(report), "-"], DRAFT)
    assert result.stdout == FIXED
    assert '"rule": "blame.fixture-fault"' in report.read_text(encoding="utf-8")


# -- --diff ----------------------------------------------------------------------------------


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    result = run([*LINT, "--diff", str(path)])
    assert path.read_text(encoding="utf-8") == DRAFT
    assert result.stdout == (
        f"--- {path}\n+++ {path}\n@@ -1,3 +1,3 @@\n Hi Anna,\n"
        "-We are deeply sorry for the inconvenience. Please reply asap.\n"
        "+We are sorry for the delay. Please reply as soon as possible.\n"
        " It was your fault.\n"
    )
    assert "would fix 3 findings in 1 file" in result.stderr
    assert "blame.fixture-fault" in result.stderr and result.code == 1


def test_diff_applies_with_patch(tmp_path: Path) -> None:
    patch = shutil.which("patch")
    if patch is None:
        pytest.skip("no patch program")
    import subprocess

    path = tmp_path / "draft.txt"
    path.write_text(DRAFT.rstrip("\n"), encoding="utf-8")  # no newline at the end
    with inside(tmp_path):
        diff = run([*LINT, "--diff", "draft.txt"]).stdout
    assert "\\ No newline at end of file" in diff
    subprocess.run([patch, "-s", "-p0"], input=diff.encode(), cwd=tmp_path, check=True)
    assert path.read_text(encoding="utf-8") == FIXED.rstrip("\n")


def test_diff_of_a_clean_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text("All set.\n", encoding="utf-8")
    result = run([*LINT, "--diff", str(path)])
    assert result.stdout == "" and result.code == 0


# -- atomicity -------------------------------------------------------------------------------


def fail(*args: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("where", ["os.fsync", "os.replace"])
def test_a_failed_write_leaves_the_original_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = tmp_path / "draft.txt"
    original = draft("\r\n").encode("utf-8")
    path.write_bytes(original)
    monkeypatch.setattr(where, fail)
    result = run([*LINT, "--format", "json", "--fix", str(path)])
    assert path.read_bytes() == original
    assert temp_files(tmp_path) == []
    assert result.code == 2
    assert '"code": "unwritable"' in result.stdout and "No space left" in result.stdout
    assert '"rule": "register.fixes-asap"' in result.stdout  # nothing was fixed


def test_an_interrupted_write_leaves_the_original_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    assert run([*LINT, "--fix", str(path)]).code == 130
    assert path.read_text(encoding="utf-8") == DRAFT and temp_files(tmp_path) == []


def test_a_file_changed_since_it_was_checked_is_left_alone(linter: Linter, tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    report = linter.check_paths([str(path)])
    path.write_text(DRAFT + "A line the writer just added.\n", encoding="utf-8")
    fixes, remaining = fix.run(report, relinter(linter), write=True)
    assert fixes[0].problem == "it changed since it was checked" and not fixes[0].changed
    assert path.read_text(encoding="utf-8").endswith("just added.\n")
    assert remaining.files == report.files


def test_output_is_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "report.sarif"
    out.write_text("previous report", encoding="utf-8")
    draft_path = tmp_path / "draft.txt"
    draft_path.write_text(DRAFT, encoding="utf-8")
    monkeypatch.setattr("os.replace", fail)
    result = run([*LINT, "--format", "sarif", "--output", str(out), str(draft_path)])
    assert result.code == 2 and "cannot write" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous report" and temp_files(tmp_path) == []


def test_a_new_output_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    draft_path = tmp_path / "draft.txt"
    draft_path.write_text("All set.\n", encoding="utf-8")
    umask = os.umask(0o022)
    try:
        run([*LINT, "--format", "html", "--output", str(out), str(draft_path)])
    finally:
        os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


# -- the shipped rules -----------------------------------------------------------------------


def test_fix_on_the_shipped_examples_is_idempotent(tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    shutil.copytree(REPO / "examples", examples)
    first = run(["lint", "--fix", str(examples)])
    assert "fixed 0 findings" not in first.stderr, first.stderr  # the chat drafts have safe fixes
    after_first = {p: p.read_bytes() for p in sorted(examples.rglob("*")) if p.is_file()}
    second = run(["lint", "--fix", str(examples)])
    after_second = {p: p.read_bytes() for p in sorted(examples.rglob("*")) if p.is_file()}
    assert after_second == after_first
    assert "fixed 0 findings in 0 files" in second.stderr, second.stderr
    assert second.code == first.code and second.stdout == first.stdout
    assert temp_files(examples) == []


def test_after_fix_no_safe_fix_is_left_in_the_shipped_examples(tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    shutil.copytree(REPO / "examples", examples)
    before = Linter().check_paths([str(examples)])
    assert [r for r in before.files if fix.plan(r)] != []
    run(["lint", "--fix", str(examples)])
    report = Linter().check_paths([str(examples)])
    leftovers: list[FileResult] = [r for r in report.files if fix.plan(r)]
    assert leftovers == []


# -- with the readers: templates and inline suppressions -------------------------------------


def test_a_template_is_fixed_around_its_placeholders(tmp_path: Path) -> None:
    path = tmp_path / "reminder.j2"
    path.write_text("Hi {{ name }},\nPlease reply asap, {{ name }}.\n", encoding="utf-8")
    result = run([*LINT, "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == (
        "Hi {{ name }},\nPlease reply as soon as possible, {{ name }}.\n"
    )
    assert result.code == 0, result.stdout + result.stderr


def test_a_fix_under_a_template_suppression_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "reminder.j2"
    text = (
        "Hi {{ name }},\nPlease reply asap.\n"
        "{# tonecheck-disable-next-line blame #}\nIt was your fault, reply asap.\n"
    )
    path.write_text(text, encoding="utf-8")
    result = run([*LINT, "--fix", str(path)])
    assert path.read_text(encoding="utf-8") == text
    assert "not fixed: a fix (register.fixes-asap) would touch a region under an inline" in (
        result.stderr
    )
    assert "blame.fixture-fault" not in result.stdout and result.code == 1


def test_a_fix_can_be_the_rewrite_of_the_match() -> None:
    linter = Linter(lang="en", select=["register.chat-speak"])
    (finding,) = linter.check("Can u send the logo?").findings
    assert (finding.match, finding.fix) == ("u", "you")
    (stretched,) = linter.check("Send the logo, pleeease.").findings
    assert stretched.match == "pleeease" and stretched.fix is None  # no table has this word
    (ambiguous,) = linter.check("Got ur message.").findings
    assert ambiguous.fix is None  # "your" or "you're": a fix must not guess
