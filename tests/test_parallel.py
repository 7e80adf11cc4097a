"""Several processes give the same report, in the same order, as one."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from tonecheck import Linter, parallel

DRAFTS = [
    "It was your fault, as I already told you.",
    "Thanks for the files; the proofs follow on Friday.",
    "Il ritardo è per colpa vostra, come Le ho già detto.",
    "Grazie, ci sentiamo lunedì per il preventivo.",
    "I think the logo is obviously too small lol.",
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("drafts")
    for i in range(60):
        sub = root / f"team-{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"draft-{i:03d}.txt").write_text(DRAFTS[i % len(DRAFTS)], encoding="utf-8")
    (root / "broken.txt").write_bytes(b"\x00\x01binary")
    return root


def test_two_processes_report_exactly_what_one_does(linter: Linter, folder: Path) -> None:
    one = linter.check_paths([str(folder)], jobs=1)
    two = linter.check_paths([str(folder)], jobs=2)
    assert two.to_json() == one.to_json()
    assert len(one.files) == 60 and [e.code for e in one.errors] == ["not-text"]
    assert {f.category for f in one.findings} >= {"blame", "opinion", "register"}


def test_the_default_uses_every_core_only_for_a_large_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cpu_count", lambda: 4)
    assert parallel.jobs_for(None, 10) == 1
    assert parallel.jobs_for(None, parallel.AUTO_MIN_ITEMS) == 4
    assert parallel.jobs_for(3, 10) == 3
    assert parallel.jobs_for(8, 2) == 2


def test_a_failure_in_a_worker_reaches_the_caller() -> None:
    def explode(item: int) -> int:
        if item == 37:
            raise RuntimeError("worker failed")
        return item

    with pytest.raises(RuntimeError, match="worker failed"):
        list(parallel.run(explode, list(range(100)), jobs=2))
    assert list(parallel.run(abs, [-3, 2, -1], jobs=2)) == [3, 2, 1]


def test_workers_share_the_loaded_heap_and_the_collector_is_left_as_it_was() -> None:
    """The heap is frozen while workers run (a worker's collections would copy every page it
    inherited) and thawed afterwards: a program using the API keeps its collector."""
    gc.unfreeze()
    seen_by_workers = list(parallel.run(lambda _: gc.get_freeze_count(), range(60), 2))
    assert len(seen_by_workers) == 60 and min(seen_by_workers) > 0
    assert gc.get_freeze_count() == 0
