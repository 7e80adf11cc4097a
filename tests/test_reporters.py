"""Every output format, rendered from the same multi-file report, says the same thing at the same
positions: text, JSON, SARIF (validated against the official 2.1.0 schema), GitHub workflow
commands and the HTML page."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from html import unescape as unescape_html
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from multifile import (
    FIXES,
    FIXTURE,
    MISSING,
    SCRIPT,
    SELECT,
    Sample,
    build,
    inside,
    run,
    write_drafts,
)
from multifile import linter as sample_linter
from tonecheck import fix
from tonecheck.positions import LineIndex
from tonecheck.report import FileResult, Finding, Level, Report
from tonecheck.reporters import FORMATS, RenderContext, reporters
from tonecheck.reporters.github import escape_data, escape_property
from tonecheck.reporters.html import COLORS, tooltip

REPO = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = REPO.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return build(tmp_path_factory.mktemp("drafts"))


def pairs(report: Report) -> list[tuple[FileResult, Finding]]:
    return [(result, f) for result in report.files for f in result.findings]


def test_the_sample_covers_what_the_formats_must_handle(sample: Sample) -> None:
    findings = sample.report.findings
    assert len(sample.report.files) == 5 and [e.path for e in sample.report.errors] == [MISSING]
    assert any(f.end_line > f.line for f in findings), "a finding over two lines"
    assert any(f.fix for f in findings) and any(f.fix is None for f in findings)
    assert any(f.fix == "" for f in findings), "a fix that deletes"
    assert {f.level for f in findings} == {Level.WARNING, Level.SUGGESTION}
    overlapping = [
        (a, b) for (_, a) in pairs(sample.report) for (_, b) in pairs(sample.report)
        if a is not b and a.start < b.end and b.start < a.end
    ]  # fmt: skip
    assert overlapping


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_one_document(sample: Sample, fmt: str) -> None:
    out = sample.outputs[fmt]
    assert out.endswith("\n") and out.strip()


# -- text and JSON ---------------------------------------------------------------------------


def test_text_names_every_finding_at_its_position(sample: Sample) -> None:
    text = sample.outputs["text"]
    for result, f in pairs(sample.report):
        assert f"{result.path}:{f.line}:{f.column}: {f.level.value} {f.category} {f.rule}:" in text
    assert f"{MISSING}: error:" in text


def test_json_carries_the_same_positions(sample: Sample) -> None:
    document = json.loads(sample.outputs["json"])
    found = [(file["path"], f) for file in document["files"] for f in file["findings"]]
    expected = [(r.path, f.to_dict()) for r, f in pairs(sample.report)]
    assert found == expected


# -- SARIF -----------------------------------------------------------------------------------


def where(result: dict[str, Any]) -> dict[str, Any]:
    """A SARIF result's physical location."""
    location: dict[str, Any] = result["locations"][0]["physicalLocation"]
    return location


def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_validates_against_the_official_schema(sample: Sample) -> None:
    validator = sarif_validator()
    document = json.loads(sample.outputs["sarif"])
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])
    assert document["version"] == "2.1.0" and len(document["runs"]) == 1


def test_the_sarif_validator_is_not_a_rubber_stamp(sample: Sample) -> None:
    document = json.loads(sample.outputs["sarif"])
    document["runs"][0]["results"][0]["level"] = "suggestion"
    document["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(list(sarif_validator().iter_errors(document))) == 2


def test_sarif_rules_carry_help_and_default_levels(sample: Sample) -> None:
    driver = json.loads(sample.outputs["sarif"])["runs"][0]["tool"]["driver"]
    assert driver["name"] == "tonecheck"
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(sample.rules) <= set(rules)
    asap = rules["register.fixes-asap"]
    assert asap["shortDescription"]["text"] == "Chat-speak with one spelled-out form."
    assert asap["help"]["text"].startswith("register.fixes-asap  (register, warning")
    assert "✗ Please reply [asap]." in asap["help"]["text"]
    assert asap["defaultConfiguration"]["level"] == "warning"
    assert rules["sugarcoating.fixes-inconvenience"]["defaultConfiguration"]["level"] == "note"


def test_sarif_results_point_where_the_findings_do(sample: Sample) -> None:
    run = json.loads(sample.outputs["sarif"])["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert len(results) == len(sample.report.findings)
    levels = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "note"}
    for result, (file, f) in zip(results, pairs(sample.report), strict=True):
        assert (result["ruleId"], rule_ids[result["ruleIndex"]]) == (f.rule, f.rule)
        assert result["level"] == levels[f.level]
        assert result["message"]["text"].startswith(f.message)
        location = where(result)
        assert location["artifactLocation"] == {"uri": location["artifactLocation"]["uri"],
                                                "uriBaseId": "%SRCROOT%"}  # fmt: skip
        assert unquote(location["artifactLocation"]["uri"]) == file.path
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) == (f.line, f.column)
        assert (region["endLine"], region["endColumn"]) == (f.end_line, f.end_column)
        assert (region["charOffset"], region["charLength"]) == (f.start, f.end - f.start)
        assert file.source[f.start : f.end] == region["snippet"]["text"] == f.match


def test_sarif_srcroot_is_the_working_folder(sample: Sample) -> None:
    run = json.loads(sample.outputs["sarif"])["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == sample.folder.resolve().as_uri() + "/"
    uris = {where(r)["artifactLocation"]["uri"] for r in run["results"]}
    assert "d-windows%2C%20v2%3A%20final.txt" in uris


def test_sarif_fixes_are_exactly_the_safe_ones_and_apply_like_fix_does(sample: Sample) -> None:
    results = json.loads(sample.outputs["sarif"])["runs"][0]["results"]
    for result, (file, f) in zip(results, pairs(sample.report), strict=True):
        assert ("fixes" in result) == (f.fix is not None), f.rule
        if f.fix is None:
            continue
        (change,) = result["fixes"][0]["artifactChanges"]
        assert change["artifactLocation"] == where(result)["artifactLocation"]
        (replacement,) = change["replacements"]
        region, edit = replacement["deletedRegion"], fix.safe_edit(f, file.source)
        assert edit is not None
        assert (region["charOffset"], region["charLength"]) == (edit.start, edit.end - edit.start)
        lines = LineIndex(file.source)
        assert lines.line_col(edit.start) == (region["startLine"], region["startColumn"])
        assert lines.line_col(edit.end) == (region["endLine"], region["endColumn"])
        assert replacement["insertedContent"]["text"] == edit.text
        newline = fix.dominant_newline(file.source)
        assert edit.text == f.fix.replace("\n", newline) or (f.fix == "" and edit.text.isupper())
    (windows,) = [r for r in results if "windows" in where(r)["artifactLocation"]["uri"]]
    assert windows["fixes"][0]["description"]["text"] == "Replace “asap” with “as soon as possible”"


def test_unreadable_inputs_are_tool_notifications(sample: Sample) -> None:
    invocation = json.loads(sample.outputs["sarif"])["runs"][0]["invocations"][0]
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "[not-found]" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == MISSING
    assert invocation["exitCode"] == 2


def test_sarif_paths_outside_the_folder_and_standard_input(sample: Sample) -> None:
    from tonecheck.reporters.sarif import artifact

    assert artifact("/tmp/a b.txt") == {"uri": "file:///tmp/a%20b.txt"}
    assert artifact("../up/x.txt") == {"uri": "../up/x.txt", "uriBaseId": "%SRCROOT%"}
    assert artifact("-") == {"description": {"text": "standard input"}}


# -- GitHub ----------------------------------------------------------------------------------


COMMAND = re.compile(r"^::(error|warning|notice) (.*?)::(.*)$")


def unescape(value: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: bytes.fromhex(m.group(1)).decode(), value)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, line
    props = dict(part.split("=", 1) for part in match.group(2).split(","))
    return match.group(1), {k: unescape(v) for k, v in props.items()}, unescape(match.group(3))


def test_github_annotations_agree_with_the_findings(sample: Sample) -> None:
    lines = sample.outputs["github"].splitlines()
    commands = [parse_command(line) for line in lines if line.startswith("::")]
    names = {Level.ERROR: "error", Level.WARNING: "warning", Level.SUGGESTION: "notice"}
    for (name, props, message), (file, f) in zip(commands, pairs(sample.report), strict=False):
        assert name == names[f.level]
        assert props["file"] == file.path and props["title"] == f"{f.rule} ({f.category})"
        assert (int(props["line"]), int(props["endLine"])) == (f.line, f.end_line)
        if f.line == f.end_line:
            assert (int(props["col"]), int(props["endColumn"])) == (f.column, f.end_column)
        else:  # GitHub refuses columns on a span over several lines
            assert "col" not in props and "endColumn" not in props
        assert message.splitlines()[0] == f.message
    assert len(commands) == len(sample.report.findings) + 1
    assert commands[-1][0] == "error" and commands[-1][1]["file"] == MISSING
    assert lines[-1].startswith(f"{len(sample.report.findings)} findings")


def test_positions_in_a_decoded_email_body_are_not_given_as_places_in_the_file() -> None:
    """A quoted-printable body is checked decoded: its lines and offsets are not the stored
    file's, so SARIF and GitHub name the file only and say where in the decoded text."""
    email = str(REPO / "tests" / "data" / "email" / "italian-quoted-printable.eml")
    report = json.loads(run(["lint", "--format", "json", email]).stdout)
    (file,) = report["files"]
    assert file["note"] and file["findings"]
    sarif = json.loads(run(["lint", "--format", "sarif", email]).stdout)
    assert not list(sarif_validator().iter_errors(sarif))
    results = sarif["runs"][0]["results"]
    assert len(results) == len(file["findings"])
    for result, f in zip(results, file["findings"], strict=True):
        assert "region" not in where(result)
        assert (
            f"line {f['line']}, column {f['column']} of the decoded text"
            in (result["message"]["text"])
        )
    github = run(["lint", "--format", "github", email]).stdout.splitlines()
    commands = [parse_command(line) for line in github if line.startswith("::")]
    assert len(commands) == len(file["findings"])
    for (_, props, message), f in zip(commands, file["findings"], strict=True):
        assert set(props) == {"file", "title"}
        assert f"line {f['line']}, column {f['column']} of the decoded text" in message


def test_github_escaping() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("d-windows, v2: final.txt") == "d-windows%2C v2%3A final.txt"
    from tonecheck.reporters.github import annotation

    f = Finding("register.x", "register", Level.SUGGESTION, "50% off:\nnow", 0, 1, 1, 1, 1, 2, "x")
    assert annotation("a,b.txt", f) == (
        "::notice file=a%2Cb.txt,line=1,col=1,endLine=1,endColumn=2,"
        "title=register.x (register)::50%25 off:%0Anow"
    )


# -- HTML ------------------------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of the page the tests read: marks (text and attributes) per file, tags, links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.file: str | None = None
        self.text: dict[str, str] = defaultdict(str)
        self.marks: dict[str, list[tuple[int, str, dict[str, str]]]] = defaultdict(list)
        self._pre = False
        self._mark: dict[str, str] | None = None
        self._mark_at = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.urls += [values[k] for k in ("src", "href") if k in values]
        if tag == "section" and "data-path" in values:
            self.file = values["data-path"]
        self._pre = self._pre or (tag == "pre")
        if tag == "mark":
            self._mark, self._mark_at = values, len(self.text[self.file or ""])

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._pre = False
        if tag == "mark" and self._mark is not None and self.file is not None:
            text = self.text[self.file][self._mark_at :]
            self.marks[self.file].append((self._mark_at, text, self._mark))
            self._mark = None

    def handle_data(self, data: str) -> None:
        if self._pre and self.file is not None:
            self.text[self.file] += data


def shown(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture(scope="module")
def page(sample: Sample) -> Page:
    parsed = Page()
    parsed.feed(sample.outputs["html"])
    return parsed


def test_html_shows_each_message_whole_and_escaped(sample: Sample, page: Page) -> None:
    for result in sample.report.files:
        assert page.text[result.path] == shown(result.source)
    assert SCRIPT in page.text["b-note.txt"]
    assert "script" not in page.tags and "<script" not in sample.outputs["html"]


def test_html_highlights_sit_where_the_findings_say(sample: Sample, page: Page) -> None:
    for result in sample.report.files:
        for n, f in enumerate(result.findings, 1):
            index = [r.path for r in sample.report.files].index(result.path) + 1
            key = f"f{index}-{n}"
            pieces = [(at, text) for at, text, attrs in page.marks[result.path]
                      if key in attrs["data-findings"].split()]  # fmt: skip
            assert pieces, key
            assert pieces[0][0] == len(shown(result.source[: f.start]))
            assert "".join(text for _, text in pieces) == shown(f.match)
            tips = [attrs["data-tip"] for _, _, attrs in page.marks[result.path]
                    if key in attrs["data-findings"].split()]  # fmt: skip
            assert all(tooltip(f) in tip for tip in tips)


def test_html_colours_follow_the_most_serious_category_under_a_mark(
    sample: Sample, page: Page
) -> None:
    html = sample.outputs["html"]
    assert all(f".cat-{name} {{ --bg: {bg};" in html for name, (bg, _) in COLORS.items())
    for index, result in enumerate(sample.report.files, 1):
        for _, _, attrs in page.marks[result.path]:
            ids = [int(key.split("-")[1]) for key in attrs["data-findings"].split()]
            covering = [result.findings[n - 1] for n in ids]
            assert all(key.startswith(f"f{index}-") for key in attrs["data-findings"].split())
            lead = max(covering, key=lambda f: f.level.rank)
            assert f"cat-{lead.category}" in attrs["class"].split()
            assert ("multi" in attrs["class"].split()) == (len(covering) > 1)


def test_html_is_self_contained(sample: Sample, page: Page) -> None:
    html = sample.outputs["html"]
    assert all(url.startswith("#") for url in page.urls), page.urls
    assert not re.search(r"(?i)(https?:|//)[^\s\"'<>]*\.(css|js|woff2?|png|svg)", html)
    assert "default-src 'none'" in unescape_html(html) and "script" not in page.tags


def test_html_summarises_categories_files_and_verdict(sample: Sample) -> None:
    html = sample.outputs["html"]
    sugar = sum(f.category == "sugarcoating" for f in sample.report.findings)
    assert sugar > 0
    assert re.search(rf'data-category="sugarcoating">.*?<td class="n">{sugar}</td>', html)
    assert re.search(r'data-category="hostile">.*?<td class="n">0</td>', html)
    total = len(sample.report.findings)
    assert f'<p class="verdict fail" id="verdict">{total} findings' in html
    assert html.count('<a href="#file-') == len(sample.report.files)
    assert "f-missing.txt: no such file or folder [not-found]" in html


def test_html_escapes_paths_too() -> None:
    checker = sample_linter()
    result = checker.check_result("It was your fault.", path='<img src=x onerror="alert(1)">')
    out = reporters()["html"](Report(files=(result,)), RenderContext())
    assert "<img" not in out and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out


# -- the CLI: --format and --output ----------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_writes_what_standard_output_shows(tmp_path: Path, fmt: str) -> None:
    names = write_drafts(tmp_path)
    args = ["lint", "--lang", "en", "--rules", str(FIXTURE), "--rules", str(FIXES)]
    args += ["--select", ",".join(SELECT), "--format", fmt, *names]
    with inside(tmp_path):
        printed = run(args)
        written = run([*args, "--output", "report.out"])
    assert printed.code == written.code == 2  # one input is missing
    assert written.stdout == ""
    shown = f"tonecheck: error: {MISSING}: no such file or folder [not-found]\n"
    assert printed.stderr == written.stderr == shown
    report = (tmp_path / "report.out").read_text(encoding="utf-8")
    if fmt == "text":  # on the terminal the error is shown once, on standard error
        listed = f"{MISSING}: error: no such file or folder [not-found]\n"
        assert listed in report and listed not in printed.stdout
        report = report.replace(listed, "")
    assert report == printed.stdout
    assert [p.name for p in tmp_path.iterdir() if "tonecheck-tmp" in p.name] == []
