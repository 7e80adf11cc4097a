"""Writing a file so that readers see the old content or the new one, never half of either.

The bytes go to a temporary file in the same folder (so the rename cannot cross file systems),
are flushed to disk, take the mode of the file they replace, and are renamed over it. On any
failure the temporary file is removed and the original is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tonecheck-tmp"


def write_atomic(path: str | Path, data: bytes, *, follow_links: bool = True) -> None:
    """Replace (or create) the file at `path` with `data`, atomically.

    A symbolic link is followed: its target is replaced and the link stays a link. With
    `follow_links=False` the link itself is replaced by the new file, and its target is left
    alone.
    """
    target = Path(os.path.realpath(path)) if follow_links else Path(path).absolute()
    mode = _mode_for(target)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        Path(temp).chmod(mode)
        Path(temp).replace(target)
    except BaseException:  # also Ctrl-C: never leave the temporary file behind
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise
    _sync_folder(target.parent)


def _mode_for(target: Path) -> int:
    """The permission bits of the file being replaced, or the umask's default for a new one."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the platform allows opening a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
