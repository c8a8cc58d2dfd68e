import pytest

from ntm_desktop.files import atomic_write


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path):
    target = tmp_path / "sub" / "report.xlsx"
    atomic_write(target, lambda p: p.write_bytes(b"first"))
    assert target.read_bytes() == b"first"

    def broken(path):
        path.write_bytes(b"half")
        raise OSError("stick pulled out")

    with pytest.raises(OSError):
        atomic_write(target, broken)
    assert target.read_bytes() == b"first"
    assert [p.name for p in target.parent.iterdir()] == ["report.xlsx"]


DRIVER = """
import sys, time
from pathlib import Path
from ntm_desktop.files import atomic_write
def write(tmp):
    tmp.write_bytes(b"half a package")
    print("WRITING", flush=True)
    time.sleep(60)
atomic_write(Path(sys.argv[1]), write)
"""


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL")
def test_a_write_killed_midway_leaves_nothing_after_the_next_write(tmp_path):
    """Issue 19 part 4: kill -9 during a write leaves a hidden temporary file on the stick; the next
    write into that folder removes it (its process is gone), and never a write still running."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    stick = tmp_path / "usb"
    stick.mkdir()
    child = subprocess.Popen([sys.executable, "-c", DRIVER, str(stick / "goi.ntmpkg")], cwd=root,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(root)})
    assert child.stdout is not None and child.stdout.readline().strip() == "WRITING"
    left = [p.name for p in stick.iterdir()]
    assert left == [f".goi.ntmpkg.{child.pid}.part"]  # hidden, and named by its writer
    running = stick / f".other.xlsx.{os.getpid()}.part"  # this process's own: a write in progress
    running.write_bytes(b"x")
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    atomic_write(stick / "goi-2.ntmpkg", lambda p: p.write_bytes(b"whole"))
    assert sorted(p.name for p in stick.iterdir()) == sorted(["goi-2.ntmpkg", running.name])
    assert (stick / "goi-2.ntmpkg").read_bytes() == b"whole"


def test_files_are_flushed_through_a_handle_open_for_writing(tmp_path, monkeypatch):
    """Windows refuses to flush a file open for reading only (EBADF): every fsync of a file the
    program relies on (a written report, a backup before an import) goes through a handle
    open for writing. Checked here as Windows would, by the handle's access mode."""
    import fcntl
    import os

    from ntm_desktop.store import backup
    from ntm_desktop.store.database import open_store

    flushed: list[int] = []
    real_fsync = os.fsync

    def windows_like(fd: int) -> None:
        if not os.path.isdir(f"/proc/self/fd/{fd}"):  # folders are flushed on POSIX only
            if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
                raise OSError(9, "Bad file descriptor (a read-only handle)")
            flushed.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", windows_like)
    atomic_write(tmp_path / "report.xlsx", lambda p: p.write_bytes(b"report"))
    store = open_store(tmp_path / "ntm.sqlite3")
    try:
        copy = backup.backup_to(store, tmp_path / "copy.sqlite3")
    finally:
        store.close()
    assert (tmp_path / "report.xlsx").read_bytes() == b"report"
    assert backup.integrity(copy) == "ok"
    assert len(flushed) >= 2
