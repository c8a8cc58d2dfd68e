"""An import killed part-way (a real process, SIGKILL) leaves the database as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ntm_desktop.store import backup
from ntm_desktop.store.database import open_store
from ntm_desktop.sync import merge
from ntm_desktop.sync.package import export
from tests.sync.test_support import bulk_values, make_store, whole

ROOT = Path(__file__).resolve().parents[2]
PERIODS = tuple(f"2020-M{m:02d}" for m in range(1, 13)) + ("2020-Q1", "2020-Q2", "2020-H1", "2020")

# the import as the window's worker runs it, reporting progress; it stops for good at
# half way through the records (inside the transaction) so that the test can kill it there
DRIVER = r"""
import sys, time
from ntm_desktop.store.database import open_store
from ntm_desktop.sync import merge
if len(sys.argv) > 3:  # as a large import: rollback journal, history read by a helper process
    merge.LARGE_IMPORT_ROWS = merge.STAGE_HISTORY_ROWS = int(sys.argv[3])
store = open_store(sys.argv[1])
def progress(done, total):
    print(f"progress {done}", flush=True)
    if done >= 500 and store.db.conn.in_transaction:
        import glob, tempfile
        if glob.glob(tempfile.gettempdir() + "/ntm-stage-*"):
            print("STAGING", flush=True)
        print("HALF", flush=True)
        time.sleep(60)
merge.import_package(store, sys.argv[2], progress=progress)
print("DONE", flush=True)
"""

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


@pytest.fixture
def big_package(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    source = make_store(tmp_path / "source.sqlite3", "Huyện nguồn")
    count = bulk_values(source, PERIODS)
    (tmp_path / "usb").mkdir()
    package = export.export_package(source, tmp_path / "usb").path
    source.close()
    target = make_store(tmp_path / "target.sqlite3", "Tỉnh")
    target.close()
    return count, package, tmp_path / "target.sqlite3"


def _env(tmp_path):
    return {**os.environ, "NTM_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}


@pytest.mark.parametrize("journal", ["wal", "rollback"])
def test_killed_inside_the_transaction(big_package, tmp_path, journal):
    """Killed in WAL mode, and as a large import: rollback journal (Store.large_transaction)
    and the history read by a helper process (sync.history_stage), which must not outlive
    the import nor leave its scratch folder (the package is below the thresholds, so the
    driver lowers them)."""
    count, package, target = big_package
    assert count > 20_000
    before = whole(target)
    threshold = ["0"] if journal == "rollback" else []
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    child = subprocess.Popen([sys.executable, "-c", DRIVER, str(target), str(package), *threshold], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**_env(tmp_path), "TMPDIR": str(scratch)})
    seen = []
    try:
        assert child.stdout is not None
        for line in child.stdout:
            seen.append(line.strip())
            if line.strip() == "HALF":
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert "HALF" in seen, (seen[-5:], child.stderr.read() if child.stderr else "")
    assert child.returncode == -signal.SIGKILL
    assert "DONE" not in seen
    assert ("STAGING" in seen) == (journal == "rollback")  # the helper was at work when killed
    deadline = time.monotonic() + 30
    while any(scratch.iterdir()) and time.monotonic() < deadline:  # the helper cleans up after us
        time.sleep(0.1)
    assert list(scratch.iterdir()) == []
    hot_journal = Path(str(target) + "-journal")
    assert hot_journal.exists() == (journal == "rollback")  # the half-written pages' originals
    assert whole(target) == before  # the half-written transaction is gone (rolled back on opening)
    assert backup.integrity(target) == "ok"
    # and the same package imports fine afterwards, back in WAL mode
    store = open_store(target)
    try:
        assert store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        report = merge.import_package(store, package)
        assert report.totals.new >= count
    finally:
        store.close()


def test_cli_import_killed_after_its_backup(big_package, tmp_path):
    _count, package, target = big_package
    before = whole(target)
    backups = target.parent / "backups"
    existing = set(backups.glob("*")) if backups.exists() else set()
    child = subprocess.Popen([sys.executable, "-m", "ntm_desktop", "--db", str(target), "import", str(package)],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(tmp_path))
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and child.poll() is None:
            made = set(backups.glob("*import*")) - existing if backups.exists() else set()
            if made and not any(p.name.endswith(".part") for p in made):
                time.sleep(0.15)  # into the transaction
                break
            time.sleep(0.005)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    if child.returncode != -signal.SIGKILL:
        pytest.fail(f"the import ended before it could be killed: {child.returncode}")
    assert backup.integrity(target) == "ok"
    assert whole(target) == before
