"""Keeping the collector off the objects a long run starts with."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def frozen() -> Iterator[None]:
    """Move every object that exists now out of the collector's reach until the block ends.

    The pipelines and compiled rules are hundreds of thousands of long-lived objects; every full
    collection during a long run walked them all (a sixth of a streaming check's time), and in a
    forked worker writing their headers copied each shared page. Objects made inside the block
    are collected as usual. A heap the caller had frozen already stays frozen afterwards.
    """
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:  # leave the caller's collector as it was
            gc.unfreeze()
