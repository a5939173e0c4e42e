"""Atomic file writing, as every referralgraph output uses it (public: scripts may use it too).

A file is written to a temporary file in the target's folder and renamed over the
target only when complete, so a failure never leaves half a file; an existing file is
replaced only when ``overwrite=True``. ``check_target`` lets a caller refuse before
doing expensive work.
"""

from ._atomic import atomic_path, check_target, write_bytes, write_text

__all__ = ["check_target", "atomic_path", "write_text", "write_bytes"]
