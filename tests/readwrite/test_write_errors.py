"""Write errors name the output (issue 23, "Smaller"): "File too large" and "No space left on device" named no path."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from referralgraph.readwrite._atomic import atomic_folder, atomic_open, atomic_path

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EFBIG, errno.EDQUOT])
@pytest.mark.parametrize("writer", ["open", "path", "folder"])
def test_nameless_write_errors_name_the_output(tmp_path, code, writer):
    out = tmp_path / ("out" if writer == "folder" else "out.csv")
    with pytest.raises(OSError) as caught:
        if writer == "open":
            with atomic_open(out) as handle:
                handle.write("x")
                raise OSError(code, os.strerror(code))
        elif writer == "path":
            with atomic_path(out):
                raise OSError(code, os.strerror(code))
        else:
            with atomic_folder(out):
                raise OSError(code, os.strerror(code))
    assert caught.value.errno == code and str(out) in str(caught.value) and os.strerror(code) in str(caught.value)
    assert not out.exists() and os.listdir(tmp_path) == []


def test_other_nameless_errors_are_left_alone(tmp_path):
    with pytest.raises(OSError) as caught, atomic_open(tmp_path / "out.csv"):
        raise OSError(errno.EACCES, "Permission denied")  # e.g. reading an input inside the block
    assert caught.value.filename is None


@pytest.mark.slow
def test_cli_file_too_large_names_the_output(tmp_path):
    code = (
        "import resource, signal, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000)); "
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN); from referralgraph.cli import cli; "
        "sys.argv = ['referralgraph', 'demo', '--out', sys.argv[1]]; cli()"
    )
    out = tmp_path / "big"
    result = subprocess.run(
        [sys.executable, "-c", code, str(out)], capture_output=True, text=True, env=ENV, timeout=300
    )
    assert result.returncode == 1 and result.stderr.count("Error:") == 1
    assert str(out) in result.stderr and "File too large" in result.stderr and "Traceback" not in result.stderr
