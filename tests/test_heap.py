"""A streaming check keeps the objects it starts with out of the collector's walks, then hands
them back; a heap the caller froze stays frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from tonecheck import Linter, heap


@pytest.fixture
def thawed() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_frozen_hands_the_heap_back(thawed: None) -> None:
    with heap.frozen():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_frozen_leaves_a_frozen_heap_frozen(thawed: None) -> None:
    gc.freeze()
    before = gc.get_freeze_count()
    with heap.frozen():
        pass
    assert gc.get_freeze_count() >= before > 0


def test_check_many_freezes_while_it_runs_and_thaws_after(thawed: None) -> None:
    linter = Linter(lang="en")
    seen = []
    for result in linter.check_many(["It was your fault.", "All set for Friday."]):
        seen.append((result.findings != (), gc.get_freeze_count() > 0))
    assert seen == [(True, True), (False, True)]
    assert gc.get_freeze_count() == 0


def test_a_stream_stopped_early_thaws_too(thawed: None) -> None:
    stream = Linter(lang="en").check_many(["One.", "Two.", "Three."])
    next(stream)
    assert gc.get_freeze_count() > 0
    stream.close()
    assert gc.get_freeze_count() == 0
