"""One multi-file report, rendered in every output format, for the reporter and browser tests.

The drafts hold overlapping findings, a finding over two lines, safe fixes and a finding without
one, emoji and accents before a finding (code points are not UTF-16 units), markup that must show
as text, CRLF and CR line endings, a file name with a comma and a colon, a clean file and an
input that cannot be read. Only test rule packs are selected, so rule tuning cannot move them.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tonecheck import Linter, RuleError, files
from tonecheck.cli import main
from tonecheck.report import Report
from tonecheck.reporters import FORMATS, RenderContext, reporters
from tonecheck.rules.model import Rule

PACKS = Path(__file__).parent / "packs"
FIXTURE, FIXES = PACKS / "fixture", PACKS / "fixes"
SELECT = (
    "blame.fixture-fault",
    "sugarcoating.fixture-sorry",
    "length.fixture-words",
    "register.fixes-asap",
    "sugarcoating.fixes-deeply-sorry",
    "sugarcoating.fixes-inconvenience",
    "register.fixes-sign-off",
)
SCRIPT = '<script>window.__pwned = 1; document.title = "pwned"</script>'
DRAFTS: dict[str, bytes] = {
    "a-reply.txt": (
        b"Hi Marco,\n\nWe are deeply sorry for the inconvenience. Please reply asap.\n"
        b"It was your fault, and this sentence keeps going well past the limit\n"
        b"of six words over two lines.\nSorry. Really sorry.\n"
    ),
    "b-note.txt": f"Grazie, Zoë 👋👋 — your mistake {SCRIPT} is fixed.\nxoxo\n".encode(),
    "c-clean.txt": b"All set.\n",
    "d-windows, v2: final.txt": b"Hi.\r\nPlease reply asap.\r\nThanks.\r\n",
    "e-classic.txt": b"Hi.\rIt was your mistake.\rxoxo\r",
}
MISSING = "f-missing.txt"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run(args: Sequence[str], stdin: str | bytes | None = None) -> Run:
    """Call the real entry point (exit-code mapping included) with captured streams."""
    with CliRunner().isolation(input=stdin) as (out, err, _):
        code = main(list(args))
        data = out.getvalue()
        return Run(code, data.decode(errors="replace"), err.getvalue().decode(), data)


@dataclass(frozen=True)
class Sample:
    """The report (paths relative to `folder`) and each format's rendering of it."""

    folder: Path
    report: Report
    rules: Mapping[str, Rule]
    outputs: Mapping[str, str]

    def source(self, path: str) -> str:
        result = next(r for r in self.report.files if r.path == path)
        return result.source


@contextmanager
def inside(folder: Path) -> Iterator[None]:
    """Run with `folder` as the working directory (relative paths, SARIF's %SRCROOT%)."""
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def linter() -> Linter:
    return Linter(lang="en", rule_paths=[FIXTURE, FIXES], select=SELECT)


def write_drafts(folder: Path) -> list[str]:
    for name, data in DRAFTS.items():
        (folder / name).write_bytes(data)
    return [*sorted(DRAFTS), MISSING]


def build(folder: Path) -> Sample:
    names = write_drafts(folder)
    checker = linter()
    with inside(folder):
        report = checker.check_paths(names)
        context = RenderContext(rules=checker.rule_index)
        outputs = {fmt: reporters()[fmt](report, context) for fmt in FORMATS}
    return Sample(folder, report, checker.rule_index, outputs)


# A minimal valid rule pack; tests of rule loading write variations of it.
GOOD_RULE = """\
rules:
  - id: blame.test-rule
    kind: phrase
    level: warning
    summary: A test rule.
    message: "“{match}” blames."
    explain: Because.
    en:
      phrases: [your fault]
      suggest: ["Say what happened."]
      examples:
        flag: ["It was [your fault]."]
        pass: ["It was late."]
"""


def write_pack(folder: Path, text: str, name: str = "pack.yaml") -> Path:
    """A rule pack of one YAML file (dedented) in `folder`/pack; the pack's folder."""
    pack = folder / "pack"
    pack.mkdir(exist_ok=True)
    (pack / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return pack


def pack_error(folder: Path, text: str) -> RuleError:
    """The error a Linter raises on loading the rule pack `text` (written in `folder`)."""
    with pytest.raises(RuleError) as caught:
        Linter(lang="en", rule_paths=[write_pack(folder, text)])
    return caught.value


def remove_during_discovery(monkeypatch: pytest.MonkeyPatch, victim: Path) -> None:
    """Delete `victim` after file discovery has listed it, as if removed during the run."""
    real_discover = files.discover

    def discover_then_remove(*args: object, **kwargs: object) -> Iterator[object]:
        found = list(real_discover(*args, **kwargs))  # type: ignore[arg-type]
        victim.unlink()
        return iter(found)

    monkeypatch.setattr(files, "discover", discover_then_remove)
