"""A backup killed part-way leaves only a hidden ``.NAME.PID.part`` (and SQLite's journal
beside it), which the next backup into the same folder removes (issue 19 part 4: nothing
half-written stays on the stick)."""

import os

from ntm_desktop import files
from ntm_desktop.store import backup
from tests.sync.test_support import make_store


def _dead_pid() -> int:
    pid = 4_000_000
    while files._alive(pid):
        pid += 1
    return pid


def test_the_next_backup_sweeps_what_a_killed_one_left(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = make_store(tmp_path / "ntm.sqlite3", "Kon Tum")
    stick = tmp_path / "usb"
    stick.mkdir()
    dead = _dead_pid()
    left = [stick / f".ntm-backup.sqlite3.{dead}.part", stick / f".ntm-backup.sqlite3.{dead}.part-journal"]
    alive = stick / f".other.sqlite3.{os.getpid()}.part"  # this very process: a write in progress
    for path in [*left, alive]:
        path.write_bytes(b"half")
    keep = stick / "notes.part.txt"
    keep.write_text("not ours", encoding="utf-8")
    try:
        made = backup.backup_to(store, stick / "backup.sqlite3")
    finally:
        store.close()
    assert made.exists() and backup.integrity(made) == "ok"
    assert not any(path.exists() for path in left)
    assert alive.exists() and keep.exists()
