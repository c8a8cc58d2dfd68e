"""A stick that fills up while a package is written (issue 19 part 4): the export is refused
with a message that says the stick is full (exit 3), and nothing is left on it.

While it writes the package the child process may not grow any file past 8 KB
(RLIMIT_FSIZE, with SIGXFSZ ignored): its writes then fail with EFBIG, as they do on a
full or FAT32 stick."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.sync.test_support import make_store, set_value

ROOT = Path(__file__).resolve().parents[2]

# the limit holds while the package is written (the database's own files are larger)
CHILD = textwrap.dedent("""
    import resource, signal, sys
    from ntm_desktop import cli, files
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    real = files.atomic_write

    def on_a_full_stick(out, write):
        resource.setrlimit(resource.RLIMIT_FSIZE, (8192, resource.RLIM_INFINITY))
        try:
            return real(out, write)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))

    files.atomic_write = on_a_full_stick
    sys.exit(cli.main(["--db", sys.argv[1], "--lang", "en", "export", "--out", sys.argv[2], "--full"]))
""")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="RLIMIT_FSIZE is POSIX")
def test_full_stick_is_told_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = make_store(tmp_path / "ntm.sqlite3", "Huyện Đăk Hà")
    set_value(store, "Đăk Hà", "Hà Mòn", "2.1", "80")
    store.close()
    stick = tmp_path / "usb"
    stick.mkdir()
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "ntm.sqlite3"), str(stick)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 3, done.stderr
    assert "full" in done.stderr and "No half-written file" in done.stderr, done.stderr
    assert list(stick.iterdir()) == []
