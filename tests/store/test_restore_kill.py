"""A restore killed at any moment (a real process, SIGKILL) leaves the database whole: as it
was, or the backup (issue 19 parts 3 and 4); what the killed run left beside it (the checked
scratch copy, a half-written automatic backup) is swept by the next restore."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ntm_desktop.store import backup, restore
from ntm_desktop.store.database import open_store
from tests.sync.test_support import bulk_values, make_store, whole

ROOT = Path(__file__).resolve().parents[2]
DRIVER = r"""
import sys
from ntm_desktop.store import restore
print("START", flush=True)
restore.restore_into(sys.argv[1], sys.argv[2])
print("DONE", flush=True)
"""

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".part" in p.name)


def test_restore_killed_at_any_moment(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    source = make_store(tmp_path / "source.sqlite3", "Nguồn")
    bulk_values(source, ("2020", "2021", "2022", "2023"))
    saved = backup.backup_to(source, tmp_path / "saved.sqlite3")
    source.close()
    wanted = whole(saved)
    db = tmp_path / "office" / "ntm.sqlite3"
    db.parent.mkdir()
    make_store(db, "Văn phòng").close()
    old = whole(db)
    env = {**os.environ, "NTM_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    outcomes = set()
    for delay in (0.0, 0.05, 0.15, 0.3, 0.6, 1.0, 2.0):
        child = subprocess.Popen([sys.executable, "-c", DRIVER, str(db), str(saved)], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "START"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
        now = whole(db)  # opening it also replays or discards a hot journal
        assert now in (old, wanted), f"killed after {delay} s: neither the old database nor the backup"
        outcomes.add("restored" if now == wanted else "old")
        store = open_store(db, create=False)  # and the program takes it
        store.close()
    # the next restore runs to the end and sweeps what the killed ones left
    restore.restore_into(db, saved)
    assert whole(db) == wanted
    assert _leftovers(db.parent) == []
    assert outcomes  # at least one kill landed (which side depends on the machine's speed)
