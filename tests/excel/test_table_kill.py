"""A legacy table import killed inside its write (a real process, SIGKILL) leaves the database
as it was: in the write-ahead log, and through the rollback journal a large table writes with
(``table_writing.LARGE_WRITE``, ``Store.large_transaction``), whose hot journal the next
opening plays back. The same table then imports whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ntm_desktop import criteria, units
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.store import backup
from ntm_desktop.store.database import open_store
from tests.excel.test_table_import import HEADER, write_table
from tests.sync.test_support import whole

ROOT = Path(__file__).resolve().parents[2]
YEAR = 2020

# the import as `ntm import-table` runs it; it stops for good once every status and the change
# log are written, inside the transaction, so that the test can kill it before the commit
DRIVER = r"""
import sys, time
from ntm_desktop.excel import table_import, table_writing
from ntm_desktop.store import audit
from ntm_desktop.store.database import open_store
table_writing.LARGE_WRITE = int(sys.argv[3])
written = audit.record_many
def record_and_wait(conn, changes):
    written(conn, changes)
    print("WRITTEN" if conn.in_transaction else "OUTSIDE", flush=True)
    time.sleep(60)
audit.record_many = record_and_wait
store = open_store(sys.argv[1])
store.db.conn.execute("PRAGMA cache_size = 8")  # a few pages: the write spills into the file before the commit
preview = table_import.read_table(store, sys.argv[2], 2020)
table_import.apply(store, preview, 2020)
print("DONE", flush=True)
"""

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _table(store, path: Path) -> Path:
    rng = random.Random(22)
    rows = [HEADER]
    communes = units.in_force_on(store, f"{YEAR}-12-31", "commune")
    for index, unit in enumerate(communes, start=1):
        marks = [rng.random() < 0.6 for _ in range(19)]
        rows.append([index, units.get(store, unit.parent_id).name, unit.name, *("x" if m else None for m in marks),
                     sum(marks)])
    return write_table(path, rows)


@pytest.mark.parametrize("journal", ["wal", "rollback"])
def test_killed_before_its_commit(db_path, tmp_path, monkeypatch, journal):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = open_store(db_path)
    criteria.load_bundled(store)
    units.load_reference(store)
    path = _table(store, tmp_path / "bang.xlsx")
    cs = criteria.get_set(store, criteria.set_for_year(store, YEAR))
    statuses = (len(units.in_force_on(store, f"{YEAR}-12-31", "commune"))) * len(cs.criteria)
    store.close()
    before = whole(db_path)
    pages = db_path.read_bytes()
    assert before["criterion_results"] == []
    threshold = "1" if journal == "rollback" else str(10**9)
    child = subprocess.Popen([sys.executable, "-c", DRIVER, str(db_path), str(path), threshold], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "NTM_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)})
    seen = []
    try:
        assert child.stdout is not None
        for line in child.stdout:
            seen.append(line.strip())
            if line.strip() in ("WRITTEN", "OUTSIDE", "DONE"):
                break
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert seen[-1:] == ["WRITTEN"], (seen, child.stderr.read() if child.stderr else "")
    assert child.returncode == -signal.SIGKILL
    hot_journal = Path(str(db_path) + "-journal")
    assert hot_journal.exists() == (journal == "rollback")  # the pages' originals, played back below
    if journal == "rollback":  # the half-written pages are in the file itself
        assert db_path.read_bytes() != pages
    assert whole(db_path) == before  # nothing of the half-done import is left
    assert backup.integrity(db_path) == "ok"
    again = open_store(db_path)  # and the same table then imports whole, back in the log
    try:
        assert again.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        preview = legacy_table.read_table(again, path, YEAR)
        result = legacy_table.apply(again, preview, YEAR)
        assert result.imported == preview.matched > 50
        stored = again.query("SELECT count(*) AS n FROM criterion_results WHERE year = ?", [YEAR])[0]["n"]
        assert stored == statuses
    finally:
        again.close()
    assert not hot_journal.exists()
