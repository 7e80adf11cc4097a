"""The file system through the API: `Linter.check_paths` on links, pipes, unreadable and vanishing
files, as test_robustness covers them through the command line.

Only the fixture pack's blame rule is selected, so rule tuning cannot move these tests.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from multifile import FIXTURE, remove_during_discovery
from tonecheck import Linter
from tonecheck.report import Report

BLAME = "blame.fixture-fault"  # "your fault", "your mistake"
DRAFT = "Hi Anna,\nThe files arrived late.\nIt was your fault.\n"
BROKEN_LINK = "a symbolic link to nothing (broken, or a loop)"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(lang="en", rule_paths=[FIXTURE], select=[BLAME])


def write(path: Path, text: str = DRAFT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def linted(report: Report) -> dict[str, list[str]]:
    """File name -> the text each finding matched."""
    return {Path(r.path).name: [f.match for f in r.findings] for r in report.files}


def errors(report: Report) -> dict[str, str]:
    """File name -> the code of each input error."""
    return {Path(e.path).name: e.code for e in report.errors}


def check_in_thread(linter: Linter, paths: list[str], unblock: Path) -> Report:
    """check_paths, failing the test (rather than hanging it) if it blocks on a named pipe."""
    outcome: dict[str, Report] = {}
    worker = threading.Thread(
        target=lambda: outcome.update(report=linter.check_paths(paths, jobs=1)), daemon=True
    )
    worker.start()
    worker.join(60)
    if worker.is_alive():
        with unblock.open("w"):  # give the blocked reader a writer, so the thread can end
            pass
        pytest.fail("check_paths blocked on a named pipe")
    return outcome["report"]


# -- links and pipes -----------------------------------------------------------------------------


@pytest.fixture
def tangled(tmp_path: Path) -> Path:
    """A folder with a message, a folder link loop, a link to itself, a broken link and a FIFO."""
    folder = tmp_path / "drafts"
    write(folder / "a.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    os.mkfifo(folder / "pipe.txt")
    return folder


def test_a_folder_with_a_link_loop_a_broken_link_and_a_fifo(
    linter: Linter, tangled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    report = check_in_thread(linter, [str(tangled)], unblock=tangled / "pipe.txt")
    assert "pipe.txt" not in opened
    assert linted(report) == {"a.txt": ["your fault"]}
    assert errors(report) == {"gone.txt": "unreadable", "self.txt": "unreadable"}
    assert not report.ok


@pytest.mark.parametrize("name", ["self.txt", "gone.txt"])
def test_a_link_to_nothing_named_directly_is_an_unreadable_error(
    linter: Linter, tangled: Path, name: str
) -> None:
    report = linter.check_paths([str(tangled / name), str(tangled / "a.txt")], jobs=1)
    ((path, code, message),) = [(e.path, e.code, e.message) for e in report.errors]
    assert (Path(path).name, code, message) == (name, "unreadable", BROKEN_LINK)
    assert linted(report) == {"a.txt": ["your fault"]}


# -- permissions ---------------------------------------------------------------------------------


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A folder with a readable file, a file and a sub-folder that nobody may read."""
    write(tmp_path / "open.txt")
    write(tmp_path / "locked.txt")
    write(tmp_path / "secret" / "x.txt")
    yield tmp_path
    (tmp_path / "locked.txt").chmod(0o644)
    (tmp_path / "secret").chmod(0o755)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_and_folder_are_errors_and_the_rest_is_linted(
    linter: Linter, locked: Path
) -> None:
    (locked / "locked.txt").chmod(0)
    (locked / "secret").chmod(0)
    report = linter.check_paths([str(locked)], jobs=1)
    assert errors(report) == {"locked.txt": "unreadable", "secret": "unreadable"}
    assert {e.message for e in report.errors} == {"Permission denied"}
    assert linted(report) == {"open.txt": ["your fault"]}


def test_permission_denied_by_the_system_is_an_error_and_the_rest_is_linted(
    linter: Linter, locked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same refusals as chmod 000 gives a user, raised where the system would raise them,
    so that the test also runs as root."""
    real_open, real_scandir = Path.open, os.scandir

    def deny_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    def deny_scandir(path: Any = ".") -> Any:
        if Path(str(path)).name == "secret":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(Path, "open", deny_open)
    monkeypatch.setattr(os, "scandir", deny_scandir)
    report = linter.check_paths([str(locked)], jobs=1)
    assert errors(report) == {"locked.txt": "unreadable", "secret": "unreadable"}
    assert {e.message for e in report.errors} == {"Permission denied"}
    assert linted(report) == {"open.txt": ["your fault"]}


# -- a file removed during the run ---------------------------------------------------------------


def test_a_file_removed_between_discovery_and_reading_is_not_found(
    linter: Linter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        write(tmp_path / name)
    remove_during_discovery(monkeypatch, tmp_path / "b.txt")
    report = linter.check_paths([str(tmp_path)], jobs=1)
    ((path, code, message),) = [(e.path, e.code, e.message) for e in report.errors]
    assert (Path(path).name, code) == ("b.txt", "not-found")
    assert "removed during the run" in message
    assert linted(report) == {"a.txt": ["your fault"], "c.txt": ["your fault"]}
