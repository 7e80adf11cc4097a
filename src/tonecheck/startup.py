"""The garbage collector while the command line starts.

Importing spaCy, building a pipeline and compiling the rules make a few hundred thousand objects
that live as long as the process, and next to no garbage; the collector's passes over them are
about a sixth of a short `tonecheck lint`. So the command line pauses the collector while it
starts (`pause_collector`), and the first time rules are compiled, what was loaded is frozen out
of the collector's way (`gc.freeze`) and collection resumes: checking messages does make garbage
cycles, and a long run must collect them. A program that uses the API never pauses it, so
`resume_collector` leaves its collector alone.
"""

from __future__ import annotations

import gc

_paused = False


def pause_collector() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector() -> None:
    """Freeze what is loaded and collect again, if `pause_collector` stopped the collector."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def restore_collector() -> None:
    """Turn the collector back on if it is still paused (a command that compiled no rules)."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()
