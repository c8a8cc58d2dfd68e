"""An export and a table import killed at any moment (a real process, SIGKILL; issue 19
part 4): the database stays whole — the table all there or not at all — and the stick holds
a complete package or none: what the killed export left (a hidden ``.NAME.PID.part``) is
removed by the next export into the same folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ntm_desktop.excel import table_export
from ntm_desktop.store import backup
from ntm_desktop.sync.package import reader
from tests.sync.test_support import bulk_values, make_store, set_official, whole

ROOT = Path(__file__).resolve().parents[2]
DELAYS = (0.0, 0.2, 0.5, 1.0, 2.0)

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "NTM_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}


def _killed(args: list[str], tmp_path: Path, delay: float) -> int | None:
    child = subprocess.Popen([sys.executable, "-m", "ntm_desktop", *args], cwd=ROOT, env=_env(tmp_path),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    return child.wait(timeout=60)


def test_export_killed_leaves_a_whole_package_or_none(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    db = tmp_path / "ntm.sqlite3"
    store = make_store(db, "Huyện Đăk Hà")
    bulk_values(store, ("2020", "2021", "2022"))
    store.close()
    before = whole(db)
    stick = tmp_path / "usb"
    stick.mkdir()
    for delay in DELAYS:
        _killed(["--db", str(db), "export", "--out", str(stick), "--full"], tmp_path, delay)
        assert backup.integrity(db) == "ok"
        for package in stick.glob("*.ntmpkg"):  # a visible package is a whole one
            reader.open_package(package).close()
    done = subprocess.run([sys.executable, "-m", "ntm_desktop", "--db", str(db), "export", "--out", str(stick),
                           "--full"], cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in stick.iterdir() if ".part" in p.name] == []
    after = whole(db)
    data = ("units", "indicator_values", "criterion_results", "changes", "criteria_sets")
    assert {t: after[t] for t in data} == {t: before[t] for t in data}  # an export writes only its ledger


def test_table_import_killed_is_all_or_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    source = make_store(tmp_path / "source.sqlite3", "Tỉnh")
    for number in range(1, 20):
        set_official(source, "Đăk Hà", "Hà Mòn", number, number % 2 == 0)
    table = table_export.export_table(source, 2020, tmp_path / "bang.xlsx")
    source.close()
    db = tmp_path / "ntm.sqlite3"
    make_store(db, "Văn phòng").close()
    old = whole(db)
    for delay in DELAYS:
        _killed(["--db", str(db), "import-table", str(table), "--year", "2020"], tmp_path, delay)
        assert backup.integrity(db) == "ok"
        now = whole(db)
        results = now["criterion_results"]
        # nothing of the table, or all of it (its rows are written in one transaction)
        assert results == old["criterion_results"] or len(results) >= 19, f"killed after {delay} s: a part"
    done = subprocess.run([sys.executable, "-m", "ntm_desktop", "--db", str(db), "import-table", str(table),
                           "--year", "2020"], cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
