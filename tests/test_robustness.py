"""Nothing breaks it, nothing is lost, nothing runs that shouldn't.

Bad input gives a clear error for that file, a valid report for the rest and the documented exit
code, through the command line (in-process) and the API; hostile rule packs and configuration
files are refused before anything runs; an interrupted run leaves every file whole. The fixture
packs are selected wherever the shipped rules are not the point, so rule tuning cannot move these
tests. (Template safety, YAML aliases and nesting, lexicon paths, atomic --fix and a failing
rule are tested in test_rule_loading, test_config, test_fix and test_api.)
"""

from __future__ import annotations

import codecs
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import jsonschema
import pytest

from multifile import FIXES, FIXTURE, inside, remove_during_discovery, run, write_pack
from tonecheck import Linter, RuleError, UsageError, files, limits, yamlsafe
from tonecheck.config import ConfigError
from tonecheck.errors import ModelError
from tonecheck.positions import LineIndex
from tonecheck.report import FileResult, Report
from tonecheck.rules import regexcheck
from tonecheck.rules.schema import load_rulebook
from tonecheck.yamlsafe import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "src" / "tonecheck" / "schemas" / "report.schema.json").read_text())
BLAME = "blame.fixture-fault"  # "your fault", "your mistake"
SELECT = [BLAME, "register.fixes-asap", "sugarcoating.fixes-deeply-sorry"]
LINT = ["lint", "--lang", "en", "--rules", str(FIXTURE), "--rules", str(FIXES)]
LINT += ["--select", ",".join(SELECT), "--format", "json"]
DRAFT = "Hi Anna,\nWe are deeply sorry. Please reply asap.\nIt was your fault.\n"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(lang="en", rule_paths=[FIXTURE, FIXES], select=SELECT)


def lint(*args: str, stdin: str | bytes | None = None) -> tuple[int, dict[str, object], str]:
    """Run `tonecheck lint` in-process; the exit code, the JSON report (validated), stderr."""
    result = run([*LINT, *args], stdin=stdin)
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)
    return result.code, document, result.stderr


def errors(document: dict[str, object]) -> dict[str, tuple[str, str]]:
    """File name -> (code, message) of each input error in a JSON report."""
    found = document["errors"]
    assert isinstance(found, list)
    return {Path(e["path"]).name: (e["code"], e["message"]) for e in found}


def matches(document: dict[str, object]) -> dict[str, list[tuple[str, int, int]]]:
    """File name -> (match, line, column) of each finding in a JSON report."""
    found = document["files"]
    assert isinstance(found, list)
    return {
        Path(f["path"]).name: [(x["match"], x["line"], x["column"]) for x in f["findings"]]
        for f in found
    }


def checked(result: FileResult) -> list[tuple[str, int, int]]:
    """(match, line, column) of each finding, each checked against the text it points into."""
    lines = LineIndex(result.source)
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(result.source)
        assert result.source[f.start : f.end] == f.match
        assert lines.line_col(f.start) == (f.line, f.column)
        assert lines.line_col(f.end) == (f.end_line, f.end_column)
    return [(f.match, f.line, f.column) for f in result.findings]


def api_errors(report: Report) -> dict[str, str]:
    return {Path(e.path).name: e.code for e in report.errors}


# -- degenerate messages ---------------------------------------------------------------------


NO_PUNCTUATION = "no punctuation at all it was your fault we are deeply sorry please reply asap"


def _at(text: str, *words: str) -> list[tuple[str, int, int]]:
    return [(word, 1, text.index(word) + 1) for word in words]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("  \n\t\n \r\n", []),
        ("Hello", []),
        ("asap", [("asap", 1, 1)]),
        (NO_PUNCTUATION, _at(NO_PUNCTUATION, "your fault", "deeply sorry", "asap")),
    ],
    ids=["empty", "whitespace", "one word", "one flagged word", "no punctuation"],
)
def test_degenerate_messages_give_a_valid_report(
    linter: Linter, tmp_path: Path, text: str, expected: list[tuple[str, int, int]]
) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(text, encoding="utf-8")
    code, document, _ = lint(str(path))
    api = linter.check_paths([str(path)])
    assert json.loads(api.to_json())["files"] == document["files"]
    assert matches(document)["draft.txt"] == expected
    assert checked(api.files[0]) == expected
    assert code == (1 if expected else 0)
    assert checked(linter.check_result(text)) == expected


# -- encodings -------------------------------------------------------------------------------


def _utf16(text: str, codec: str, bom: bytes = b"") -> bytes:
    return bom + text.encode(codec)


@pytest.mark.parametrize(
    "data",
    [
        _utf16(DRAFT, "utf-16-le", codecs.BOM_UTF16_LE),
        _utf16(DRAFT, "utf-16-be", codecs.BOM_UTF16_BE),
        _utf16(DRAFT, "utf-16-le"),
        _utf16(DRAFT, "utf-16-be"),
        _utf16("Caffè 😀 — " + DRAFT, "utf-16-le"),
        codecs.BOM_UTF8 + DRAFT.encode(),
    ],
    ids=["utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "utf16le-emoji", "utf8-bom"],
)
def test_utf16_with_or_without_a_byte_order_mark_is_read(
    linter: Linter, tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(data)
    code, document, _ = lint(str(path))
    assert document["errors"] == [] and code == 1
    found = matches(document)["draft.txt"]
    assert [m for m, _, _ in found] == ["deeply sorry", "asap", "your fault"]
    assert checked(linter.check_paths([str(path)]).files[0])[-1] == found[-1]


def test_fix_writes_utf16_without_a_mark_back_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(DRAFT.encode("utf-16-le"))
    run([*LINT, "--fix", str(path)])
    fixed = path.read_bytes()
    assert not fixed.startswith(codecs.BOM_UTF16_LE)
    assert "as soon as possible" in fixed.decode("utf-16-le")


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        ("Dear Mario,\ncaffè".encode("latin-1"), "encoding", "not valid UTF-8 at line 2"),
        (b"ok\n\xff\xfe\xfa", "encoding", "iconv -f windows-1252 -t utf-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not-text", "binary"),
        (b"text with a NUL\x00 byte", "not-text", "NUL"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "encoding", "not valid UTF-16-LE"),
    ],
    ids=["latin-1", "invalid utf-8", "png", "nul byte", "broken utf-16"],
)
def test_undecodable_input_is_an_error_for_that_file_only(
    linter: Linter, tmp_path: Path, data: bytes, code: str, message: str
) -> None:
    (tmp_path / "bad.txt").write_bytes(data)
    (tmp_path / "good.txt").write_text(DRAFT, encoding="utf-8")
    exit_code, document, _ = lint(str(tmp_path))
    assert exit_code == 2
    assert errors(document)["bad.txt"][0] == code and message in errors(document)["bad.txt"][1]
    assert [m for m, _, _ in matches(document)["good.txt"]] == [
        "deeply sorry",
        "asap",
        "your fault",
    ]
    assert "bad.txt" not in matches(document)
    assert api_errors(linter.check_paths([str(tmp_path)])) == {"bad.txt": code}


# -- size ------------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_and_the_others_are_linted(
    linter: Linter, tmp_path: Path
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as out:  # 50 MB of real text
        out.write(DRAFT.encode() * (50 * 1024 * 1024 // len(DRAFT) + 1))
    (tmp_path / "small.txt").write_text(DRAFT, encoding="utf-8")
    code, document, _ = lint(str(big), str(tmp_path / "small.txt"))
    error_code, message = errors(document)["big.txt"]
    assert error_code == "too-large" and code == 2
    assert message.startswith("larger than the 2 MB limit (50 MB)") and "--max-size" in message
    assert len(matches(document)["small.txt"]) == 3
    assert api_errors(linter.check_paths([str(big)])) == {"big.txt": "too-large"}


def test_the_size_limit_is_checked_before_reading(
    linter: Linter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (limits.DEFAULT_MAX_SIZE + 1))
    reads: list[int] = []
    real = files._bounded

    def spy(stream: object, path: str, limit: int) -> bytes:
        reads.append(limit)
        return real(stream, path, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "_bounded", spy)
    assert api_errors(linter.check_paths([str(big)])) == {"big.txt": "too-large"}
    assert reads == []


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (["--max-size", "20"], "too-large"),
        (["--max-size", "1KB"], None),
        (["--max-size", "0"], None),
    ],
)
def test_the_size_limit_is_an_option(
    tmp_path: Path, option: list[str], expected: str | None
) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    _, document, _ = lint(*option, str(path))
    assert errors(document).get("draft.txt", (None, ""))[0] == expected
    stdin = run([*LINT, *option, "-"], stdin=DRAFT)
    assert ('"too-large"' in stdin.stdout) == (expected is not None)


def test_the_size_limit_in_configuration_and_api(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".tonecheck.yaml").write_text("max_size: 10\n", encoding="utf-8")
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    with inside(tmp_path):
        code, document, _ = lint(str(path))
        assert errors(document)["draft.txt"][0] == "too-large" and code == 2
        code, document, _ = lint("--max-size", "1MB", str(path))  # the option wins
        assert errors(document) == {} and code == 1
        bad = tmp_path / ".tonecheck.yaml"
        bad.write_text("max_size: lots\n", encoding="utf-8")
        result = run([*LINT, str(path)])
        assert result.code == 2 and ".tonecheck.yaml:1: 'max_size': 'lots' is not a size" in (
            result.stderr
        )
    small = Linter(lang="en", max_size="10")
    assert api_errors(small.check_paths([str(path)])) == {"draft.txt": "too-large"}
    with pytest.raises(UsageError, match="not a size"):
        Linter(max_size="big")
    assert run([*LINT, "--max-size", "huge", str(path)]).code == 2


def test_a_stream_is_read_only_up_to_the_limit() -> None:
    """/dev/zero never ends: reading it whole would never finish."""
    code, document, _ = lint("--max-size", "1MB", "/dev/zero")
    assert errors(document)["zero"][0] == "too-large" and code == 2


def _long_line(length: int) -> tuple[str, list[int]]:
    """One line of `length` characters with a finding at its start, middle and end."""
    filler = "We sent the proofs on Monday, the invoice follows. " * (length // 50)
    middle = filler.index(" ", len(filler) // 2) + 1
    line = "It was your fault. " + filler[:middle] + "your mistake " + filler[middle:]
    line = line[: length - len(" your fault.")] + " your fault."
    return line, [line.index("your fault"), line.index("your mistake"), line.rindex("your fault")]


def test_a_text_longer_than_spacys_limit_is_checked_in_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The API protects itself: spaCy is never given more than a piece. (Here spaCy's limit is
    lowered, so that a short text shows it; the two-megabyte line below meets the real one.)"""
    blame = Linter(lang="en", rule_paths=[FIXTURE], select=[BLAME])
    nlp = blame.engine("en").compiled.pipeline.nlp
    monkeypatch.setattr(nlp, "max_length", 5_000)
    monkeypatch.setattr(limits, "CHUNK_CHARS", 1_000)
    line, starts = _long_line(60_000)
    assert [f.start for f in blame.check_result(line).findings] == starts
    checked(blame.check_result(line))
    paragraphs = "\n\n".join([line[:900]] * 70)
    assert len(blame.check_result(paragraphs).findings) == 70
    results = list(blame.check_many(["It was your fault.", line, "Your mistake."]))
    assert [[f.start for f in r.findings] for r in results] == [[7], starts, [0]]


_RSS_PROBE = """
import resource, sys
from tonecheck.cli import main
code = main(sys.argv[1:])
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)
"""


def _peak_rss_mb(*args: str) -> tuple[int, int, str]:
    """(exit code, peak resident memory in MB, output) of `tonecheck lint` in a new process."""
    done = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, *LINT, "--select", BLAME, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    code, peak = done.stderr.split()[-2:]
    return int(code), int(peak), done.stdout


def test_a_50_mb_file_and_a_2_mb_line_in_bounded_memory(tmp_path: Path) -> None:
    """The 50 MB file is refused unread; the 2 MB line (twice spaCy's limit) is checked in
    pieces, with every position right, in memory proportional to it."""
    small = tmp_path / "small.txt"
    small.write_text(DRAFT, encoding="utf-8")
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        out.write(b"All is well. " * (50 * 1024 * 1024 // 13 + 1))
    line, starts = _long_line(2_000_000)
    path = tmp_path / "line.txt"
    path.write_text(line, encoding="utf-8")
    _, baseline, _ = _peak_rss_mb(str(small))
    code, refused, output = _peak_rss_mb(str(big))
    assert code == 2 and errors(json.loads(output))["big.txt"][0] == "too-large"
    assert refused - baseline < 20, (baseline, refused)
    code, checked_line, output = _peak_rss_mb(str(path))
    assert code == 1 and checked_line - baseline < 800, (baseline, checked_line)
    assert [column - 1 for _, _, column in matches(json.loads(output))["line.txt"]] == starts


# -- what the text holds ---------------------------------------------------------------------


def test_emoji_combining_marks_rtl_text_and_every_line_ending(
    linter: Linter, tmp_path: Path
) -> None:
    source = (
        "Caffè 😀👋🏽 e\u0301 your fault\r\n"  # emoji (one with a skin tone), a combining accent
        "שלום עליכם, your mistake\r"  # right-to-left text, a lone CR
        "\u202eمرحبا\u202c asap\n"  # bidirectional controls
        "\u200bzero\u00a0width\u2028your fault"  # zero-width space, NBSP, line separator
    )
    # Columns count code points; U+2028 is not one of the three line endings.
    expected = [("your fault", 1, 14), ("your mistake", 2, 13), ("asap", 3, 9)]
    expected.append(("your fault", 4, 13))
    path = tmp_path / "mixed.txt"
    path.write_bytes(source.encode("utf-8"))
    _, document, _ = lint(str(path))
    assert matches(document)["mixed.txt"] == expected
    assert checked(linter.check_result(source)) == expected


# -- the file system -------------------------------------------------------------------------


def test_a_folder_with_a_link_loop_a_broken_link_and_a_fifo(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(DRAFT, encoding="utf-8")
    (folder / "sub" / "up").symlink_to(folder)  # a folder loop: never followed
    (folder / "self.txt").symlink_to(folder / "self.txt")  # a link to itself
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    os.mkfifo(folder / "pipe.txt")  # reading it would wait for a writer forever
    outcome: dict[str, object] = {}
    worker = threading.Thread(target=lambda: outcome.update(r=lint(str(folder))), daemon=True)
    worker.start()
    worker.join(60)
    if worker.is_alive():  # blocked on the pipe: unblock it, then fail
        with (folder / "pipe.txt").open("w"):
            pass
        pytest.fail("the run blocked on a named pipe")
    code, document, _ = outcome["r"]  # type: ignore[misc]
    assert list(matches(document)) == ["a.txt"]
    assert {name: c for name, (c, _) in errors(document).items()} == {
        "gone.txt": "unreadable",
        "self.txt": "unreadable",
    }
    assert code == 2
    named = lint(str(folder / "self.txt"))[1]
    assert errors(named)["self.txt"] == (
        "unreadable",
        "a symbolic link to nothing (broken, or a loop)",
    )


def test_a_named_pipe_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    """`tonecheck lint <(git show HEAD:draft.txt)` passes a pipe: it is read like stdin."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)

    def writer() -> None:
        with pipe.open("w", encoding="utf-8") as out:
            out.write("It was your fault.\n")

    threading.Thread(target=writer, daemon=True).start()
    code, document, _ = lint(str(pipe))
    assert matches(document)["pipe"] == [("your fault", 1, 8)] and code == 1


def test_an_unreadable_file_and_folder_are_reported_and_the_rest_is_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "x.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "locked.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "open.txt").write_text(DRAFT, encoding="utf-8")
    if os.geteuid() != 0:
        (tmp_path / "locked.txt").chmod(0)
        (tmp_path / "secret").chmod(0)
    else:  # root reads anything: refuse the same way the kernel would
        real_open, real_scandir = Path.open, os.scandir

        def deny_open(self: Path, *args: object, **kwargs: object) -> object:
            if self.name == "locked.txt":
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        def deny_scandir(path: object = ".") -> object:
            if str(path).endswith("secret"):
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", deny_open)
        monkeypatch.setattr(os, "scandir", deny_scandir)
    try:
        code, document, _ = lint(str(tmp_path))
    finally:
        (tmp_path / "locked.txt").chmod(0o644)
        (tmp_path / "secret").chmod(0o755)
    assert errors(document) == {
        "locked.txt": ("unreadable", "Permission denied"),
        "secret": ("unreadable", "Permission denied"),
    }
    assert list(matches(document)) == ["open.txt"] and code == 2


def test_a_file_that_disappears_during_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(DRAFT, encoding="utf-8")
    remove_during_discovery(monkeypatch, tmp_path / "b.txt")
    code, document, _ = lint(str(tmp_path))
    assert errors(document) == {"b.txt": ("not-found", "no longer exists (removed during the run)")}
    assert list(matches(document)) == ["a.txt", "c.txt"] and code == 2


# -- usage errors, also through the API ------------------------------------------------------


def test_usage_errors_through_the_api() -> None:
    with pytest.raises(UsageError, match="unknown language 'fr'"):
        Linter(lang="fr")
    with pytest.raises(ModelError, match="pip install no_such_pipeline_xyz"):
        Linter(lang="en", model="no_such_pipeline_xyz").check("Hello.")
    with pytest.raises(UsageError, match="rule pack '/no/such/folder' not found"):
        Linter(rule_paths=["/no/such/folder"])


# -- interrupted runs ------------------------------------------------------------------------


def _interrupt_on_call(monkeypatch: pytest.MonkeyPatch, target: object, name: str, n: int) -> None:
    """Make the n-th call of target.name raise KeyboardInterrupt, as Ctrl-C would."""
    real = getattr(target, name)
    calls = [0]

    def wrapper(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == n:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(target, name, wrapper)


def test_ctrl_c_during_the_run_exits_130_and_writes_no_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tonecheck.engine import Engine

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(DRAFT, encoding="utf-8")
    previous = tmp_path / "previous.json"
    previous.write_text("{}", encoding="utf-8")
    _interrupt_on_call(monkeypatch, Engine, "check_doc", 2)
    result = run([*LINT, "--output", str(tmp_path / "report.json"), str(tmp_path)])
    assert result.code == 130 and "interrupted" in result.stderr
    _interrupt_on_call(monkeypatch, Engine, "check_doc", 2)
    assert run([*LINT, "--output", str(previous), str(tmp_path)]).code == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.txt",
        "b.txt",
        "c.txt",
        "previous.json",
    ]
    assert previous.read_text(encoding="utf-8") == "{}"


def test_ctrl_c_during_fix_leaves_every_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [tmp_path / f"{name}.txt" for name in "abc"]
    for path in paths:
        path.write_text(DRAFT, encoding="utf-8")
    _interrupt_on_call(monkeypatch, Linter, "check_source", 2)  # while fixing in memory
    assert run([*LINT, "--fix", str(tmp_path)]).code == 130
    assert [p.read_text(encoding="utf-8") for p in paths] == [DRAFT] * 3
    monkeypatch.undo()
    _interrupt_on_call(monkeypatch, os, "fsync", 3)  # the file, its folder, the second file
    assert run([*LINT, "--fix", str(tmp_path)]).code == 130
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert "as soon as possible" in texts[0] and texts[1:] == [DRAFT, DRAFT]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "c.txt"]


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _interrupts_as_in_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_the_parallel_workers(tmp_path: Path) -> None:
    """A real SIGINT to the process group, as a terminal sends it, in the middle of a run."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    for i in range(400):
        (folder / f"d{i:03d}.txt").write_text(DRAFT * 200, encoding="utf-8")
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "tonecheck", *LINT, "-j", "2", "--output", str(report)]
    process = subprocess.Popen(
        [*command, str(folder)],
        start_new_session=True,
        stderr=subprocess.PIPE,
        text=True,
        # As a terminal starts it: a suite run as a background job (`cmd &`) passes SIGINT down
        # ignored, and Python then never turns it into KeyboardInterrupt.
        preexec_fn=_interrupts_as_in_a_terminal,
    )
    workers = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not workers.read_text().split():
        time.sleep(0.05)
    assert workers.read_text().split(), "the workers never started"
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    deadline = time.monotonic() + 10
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _group_alive(process.pid), "a worker outlived the run"
    assert not report.exists() and [p.name for p in tmp_path.iterdir()] == ["drafts"]


# -- hostile rule packs ----------------------------------------------------------------------

RULE = """\
rules:
  - id: blame.hostile-rule
    kind: pattern
    level: warning
    summary: A test rule.
    message: "“{match}” blames."
    explain: Because.
    en:
      patterns:
        - [{LOWER: {REGEX: "REGEX_HERE"}}]
      suggest: ["Say what happened."]
      examples:
        flag: ["It was [aaa]."]
        pass: ["It was late."]
"""


def _load(tmp_path: Path, text: str) -> RuleError:
    """The error of loading a pack on its own (what Linter and --rules do after the shipped
    packs, which would only slow these tests down)."""
    with pytest.raises(RuleError) as caught:
        load_rulebook([write_pack(tmp_path, text)])
    return caught.value


@pytest.mark.parametrize("regex", ["(a+)+$", "(a|aa)*$", r"^(\\w+\\s?)+$", "(a*)*b"])
def test_a_catastrophic_regex_is_refused_at_load_naming_the_rule(
    tmp_path: Path, regex: str
) -> None:
    error = _load(tmp_path, RULE.replace("REGEX_HERE", regex))
    assert error.line == 10 and error.path.endswith("pack.yaml")
    assert error.message.startswith("rule 'blame.hostile-rule': invalid pattern: REGEX")
    assert "can take exponential time" in error.message


def test_the_command_line_names_the_rule_with_the_catastrophic_regex(tmp_path: Path) -> None:
    write_pack(tmp_path, RULE.replace("REGEX_HERE", "(a+)+$"))
    result = run(["lint", "--rules", str(tmp_path / "pack"), "-"], stdin="a" * 40 + "!")
    assert result.code == 2 and result.stdout == ""
    assert "pack.yaml:10: rule 'blame.hostile-rule': invalid pattern" in result.stderr


def test_a_regex_never_sees_a_token_longer_than_a_word(tmp_path: Path) -> None:
    """`\\w+ing` passes the load check but is quadratic in the token's length under search, and
    so is the shipped stretched-word rule: a 200,000-letter token took minutes before the bound
    (its 40,000-letter start already took 4 seconds with the shipped rules)."""
    pack = write_pack(tmp_path, RULE.replace("REGEX_HERE", r"\\w+ing"))
    quadratic = Linter(lang="en", rule_paths=[pack], select=["blame.hostile-rule"])
    assert [f.match for f in quadratic.check("a" * 97 + "ing").findings] == ["a" * 97 + "ing"]
    assert quadratic.check("a" * 98 + "ing").findings == ()  # 101 characters
    token = "a" * 200_000 + "1"  # a bound that stopped working would make this take minutes
    assert [f.match for f in quadratic.check(f"{token} thinking").findings] == ["thinking"]
    assert Linter(lang="en").check(token).findings == ()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('message: "“{match}” blames."', 'message: "{match.__class__.__mro__}"'),
        ('message: "“{match}” blames."', 'message: "{match!r}"'),
        ('message: "“{match}” blames."', 'message: "{0}"'),
        ('suggest: ["Say what happened."]', 'suggest: ["{match:>99999999}"]'),
        ('suggest: ["Say what happened."]', 'fix: "{match[0]}"'),
    ],
)
def test_templates_cannot_reach_python_objects(tmp_path: Path, old: str, new: str) -> None:
    text = RULE.replace("REGEX_HERE", "^a+$").replace(old, new)
    assert "stray '{'" in _load(tmp_path, text).message


def test_a_matched_text_with_braces_is_shown_as_it_is() -> None:
    from tonecheck.rules.template import parse

    template = parse("“{match}” ({count})", frozenset({"match", "count"}))
    assert template.render({"match": "{count.__class__}", "count": "{match}"}) == (
        "“{count.__class__}” ({match})"
    )


def _bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_alias_bombs_and_huge_files_are_refused_before_they_expand(tmp_path: Path) -> None:
    """A billion-laughs file would expand to 9**9 items; a huge file is refused unread."""
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".tonecheck.yaml"
    deep = "a: " + "[" * 200 + "]" * 200 + "\n"
    for text, message in [(_bomb(), "aliases are not allowed"), (deep, "nested")]:
        config.write_text(text, encoding="utf-8")
        with inside(tmp_path), pytest.raises(ConfigError, match=message):
            Linter(config=True)
        assert message in _load(tmp_path, text).message
    with config.open("wb") as out:
        out.truncate(MAX_BYTES + 1)  # sparse: reading it would still cost 4 MB
    with inside(tmp_path), pytest.raises(ConfigError, match="larger than 4 MB"):
        Linter(config=True)
    huge = write_pack(tmp_path, "")
    with (huge / "pack.yaml").open("wb") as out:
        out.truncate(MAX_BYTES + 1)
    with pytest.raises(RuleError, match="larger than 4 MB"):
        load_rulebook([huge])


# -- paths named by configuration and rule files ---------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a configuration, a rule pack inside, and files outside it."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "team-rules").mkdir()
    (root / "team-rules" / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    (root / "shared").mkdir()
    (root / "shared" / "base.yaml").write_text("language: en\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    (tmp_path / "outside.yaml").write_text("language: en\n", encoding="utf-8")
    (root / "drafts").mkdir()
    (root / "drafts" / "a.txt").write_text(DRAFT, encoding="utf-8")
    return root


def _config_error(root: Path, text: str, folder: str = ".") -> str:
    (root / folder / ".tonecheck.yaml").write_text(text, encoding="utf-8")
    with inside(root), pytest.raises(ConfigError) as caught:
        Linter(config=True).check_paths(["drafts"])
    return caught.value.message


@pytest.mark.parametrize(
    "text",
    [
        "rule_paths: [../outside]\n",
        "rule_paths: [team-rules/../../outside]\n",
        "rule_paths: ['{outside}']\n",
        "rule_paths: ['~']\n",
        "extends: ../outside.yaml\n",
        "extends: '{outside}.yaml'\n",
        "rule_paths: [escape]\n",  # a link inside the repository that leads out of it
    ],
)
def test_a_projects_configuration_cannot_name_paths_outside_it(repo: Path, text: str) -> None:
    (repo / "escape").symlink_to(repo.parent / "outside")
    message = _config_error(repo, text.format(outside=repo.parent / "outside"))
    assert "is outside the project" in message and "give this one on the command line" in message
    result = run([*LINT, str(repo / "drafts")])
    assert result.code == 2 and result.stdout == ""


def test_paths_inside_the_project_and_the_users_own_files_may_go_anywhere(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "drafts" / ".tonecheck.yaml").write_text(
        f"rule_paths: [../team-rules, '{repo / 'team-rules'}']\nextends: ../shared/base.yaml\n",
        encoding="utf-8",
    )
    with inside(repo):
        assert Linter(config=True).check_paths(["drafts"]).errors == ()
    personal = repo.parent / "me.yaml"
    personal.write_text("rule_paths: [outside]\nextends: outside.yaml\n", encoding="utf-8")
    monkeypatch.setenv("TONECHECK_CONFIG", str(personal))
    with inside(repo):
        assert Linter(config=True).check_paths(["drafts"]).errors == ()
    assert run([*LINT, "--rules", str(repo.parent / "outside"), str(repo / "drafts")]).code == 1


@pytest.mark.parametrize("name", ["os.path", "../models/evil", "/tmp/model"])
def test_a_projects_configuration_names_a_model_as_a_package(repo: Path, name: str) -> None:
    assert "'model' must be a package name" in _config_error(repo, f"model: '{name}'\n")


def test_a_rule_file_linked_from_outside_the_pack_is_refused(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, "rules: []\n")
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    (pack / "more.yaml").symlink_to(secret)
    with pytest.raises(RuleError, match="outside the rule pack folder") as caught:
        load_rulebook([pack])
    assert "hunter2" not in str(caught.value) and "password" not in str(caught.value)


def test_the_report_is_never_written_through_a_symbolic_link(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n", encoding="utf-8")
    planted = tmp_path / "report.json"
    planted.symlink_to(precious)
    result = run([*LINT, "--output", str(planted), str(draft)])
    assert result.code == 2 and "is a symbolic link" in result.stderr
    assert precious.read_text(encoding="utf-8") == "keep me\n" and planted.is_symlink()


def test_an_atomic_write_can_replace_a_link_instead_of_its_target(tmp_path: Path) -> None:
    from tonecheck.atomic import write_atomic

    target = tmp_path / "target.txt"
    target.write_text("target\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(link, b"new\n", follow_links=False)
    assert not link.is_symlink() and link.read_bytes() == b"new\n"
    assert target.read_text(encoding="utf-8") == "target\n"


# -- the static regex check, on its own ------------------------------------------------------


@pytest.mark.parametrize(
    "regex",
    ["(a+)+", "(a*)*", "(a|a)*", "(a|aa)+", r"(\w+\s?)+", "(a{2,3})+", "(?:(a+)+b)++", "(a|)+"],
)
def test_exponential_shapes_are_found(regex: str) -> None:
    assert regexcheck.problem(regex) is not None


@pytest.mark.parametrize(
    "regex",
    [
        "^so{3,}$",
        "(ò|emo|iamo|o)$",
        r"^[a-z]*([aeouyhmz])\1\1[a-z]*$",
        "(?:ab)+",
        "(a|b)+",
        r"(\w|-)+",
        "(?>a+)+",
        "a++",
        r"^(\d+)-(\d+)$",
    ],
)
def test_linear_shapes_and_the_shipped_ones_pass(regex: str) -> None:
    assert regexcheck.problem(regex) is None


def test_every_shipped_regex_passes_the_check() -> None:
    found = [
        regex
        for path in sorted((ROOT / "rules").glob("*.yaml"))
        for regex in regexcheck.regexes(yamlsafe.load(path.read_text(encoding="utf-8")))
    ]
    assert found and [r for r in found if regexcheck.problem(r)] == []
