"""The command line pauses the garbage collector while it loads, and only then."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tonecheck import Linter, startup
from tonecheck.cli import main


@pytest.fixture(autouse=True)
def collector() -> Iterator[None]:
    gc.unfreeze()  # earlier command-line tests in this process froze what they loaded
    gc.enable()
    yield
    gc.unfreeze()
    gc.enable()


def _main(args: list[str]) -> int:
    with CliRunner().isolation():
        return main(args)


def test_a_lint_run_collects_again_once_the_rules_are_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    resume = startup.resume_collector

    def watched() -> None:
        seen.append(gc.isenabled())  # paused while loading
        resume()
        seen.append(gc.isenabled())  # collecting while checking

    monkeypatch.setattr(startup, "resume_collector", watched)
    draft = tmp_path / "draft.txt"
    draft.write_text("It was your fault.\n", encoding="utf-8")
    assert _main(["lint", "--lang", "en", str(draft)]) == 1
    assert seen[:2] == [False, True]
    assert gc.get_freeze_count() > 0  # what was loaded is out of the collector's way


def test_a_command_that_loads_no_rules_leaves_the_collector_on() -> None:
    assert _main(["rules"]) == 0
    assert gc.isenabled()
    assert _main(["lint", "--lang", "xx", "-"]) == 2
    assert gc.isenabled()


def test_the_api_leaves_the_collector_as_the_program_set_it() -> None:
    gc.disable()
    Linter("en").check("It was your fault.")
    assert not gc.isenabled()
    gc.enable()
    Linter("it").check("È colpa vostra.")
    assert gc.isenabled() and gc.get_freeze_count() == 0
