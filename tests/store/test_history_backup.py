"""Unit history (merged, renamed) and checked whole-database backups."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from ntm_desktop import criteria, summary, units
from ntm_desktop.assessments import set_official
from ntm_desktop.history import revert_batch
from ntm_desktop.periods import Period
from ntm_desktop.store import backup
from ntm_desktop.store.database import open_store


def _store(tmp_path):
    store = open_store(tmp_path / "h.sqlite3")
    criteria.load_bundled(store)
    units.load_reference(store)
    return store


def test_merge_keeps_old_results_where_they_were(tmp_path):
    store = _store(tmp_path)
    ui = units.resolve_commune(store, "Đăk Ui", "Đăk Hà")
    mar = units.resolve_commune(store, "Đăk Mar", "Đăk Hà")
    set_official(store, ui, Period(2024, "Y"), 2, True)
    units.record_event(store, ui, "merged_into", other=mar, on_date="2025-07-01", decision="NQ số 1664")
    history = units.events_of(store, mar)
    assert [(e.kind, e.unit, e.other, e.decision) for e in history] == [
        ("merged_into", "Đăk Ui", "Đăk Mar", "NQ số 1664")
    ]
    # 2024 still counts Đăk Ui with its result; from 2026 the merged commune is gone
    before = summary.summary(store, 2024, "Đăk Hà")
    after = summary.summary(store, 2026, "Đăk Hà")
    assert before["communes"] == 10 and before["per_criterion"]["2"] == 1
    assert after["communes"] == 9
    store.close()


def test_rename_keeps_old_name_as_alias_and_undo_removes_event(tmp_path):
    store = _store(tmp_path)
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    units.record_event(store, commune, "renamed_from", old_name="Hà Mòn cũ", on_date="2020-01-01")
    assert units.resolve_commune(store, "xã hà mòn cũ", "Đăk Hà").id == commune.id
    batch = store.query("SELECT batch FROM changes WHERE entity = 'unit_event'")[0]["batch"]
    revert_batch(store, batch)
    assert units.events_of(store, commune) == []
    store.close()


def test_backup_is_a_checked_complete_copy(tmp_path):
    store = _store(tmp_path)
    set_official(store, units.resolve_commune(store, "Hà Mòn", "Đăk Hà"), Period(2020, "Y"), 5, True, note="QĐ 12")
    target = backup.backup_to(store, tmp_path / "copies" / "b.sqlite3")
    assert backup.integrity(target) == "ok"
    assert not list((tmp_path / "copies").glob("*.part"))
    copy = sqlite3.connect(target)
    for table in ("units", "unit_aliases", "criterion_results", "changes", "indicators"):
        original = store.query(f"SELECT count(*) AS n FROM {table}")[0]["n"]
        assert copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == original > 0
    assert copy.execute("SELECT note FROM criterion_results WHERE official = 1").fetchone()[0] == "QĐ 12"
    copy.close()
    store.close()


def test_backup_cli(tmp_path):
    db = tmp_path / "c.sqlite3"
    env_run = [sys.executable, "-m", "ntm_desktop", "--db", str(db)]
    assert subprocess.run([*env_run, "init"], capture_output=True, timeout=120).returncode == 0
    out = tmp_path / "bk.sqlite3"
    result = subprocess.run([*env_run, "backup", "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert backup.integrity(out) == "ok"
    assert sqlite3.connect(out).execute("SELECT count(*) FROM units WHERE level='commune'").fetchone()[0] == 85


def test_what_an_event_changes_on_the_unit_is_logged_travels_and_goes_back(tmp_path, monkeypatch):
    """A merge ends the unit (valid_to) and a rename adds an alias: both are changes of the
    unit itself, stamped and logged with the event, so a package carries them and undo
    takes them back."""
    from ntm_desktop.sync import merge
    from ntm_desktop.sync.package import export
    from tests.sync.test_support import make_store

    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    store = make_store(tmp_path / "district.sqlite3", "Huyện")
    ui = units.resolve_commune(store, "Đăk Ui", "Đăk Hà")
    mar = units.resolve_commune(store, "Đăk Mar", "Đăk Hà")
    stamp = store.query("SELECT hlc FROM units WHERE id = ?", [ui.id])[0]["hlc"]
    units.record_event(store, ui, "merged_into", other=mar, on_date="2025-07-01", decision="NQ số 1664")
    units.record_event(store, mar, "renamed_from", old_name="Đăk Mar cũ", on_date="2025-07-01")
    row = store.query("SELECT valid_to, hlc FROM units WHERE id = ?", [ui.id])[0]
    assert row["valid_to"] == "2025-07-01" and row["hlc"] != stamp
    logged = store.query("SELECT batch, entity, nkey, op FROM changes WHERE entity IN ('unit', 'unit_event')"
                         " AND batch IN (SELECT batch FROM changes WHERE entity = 'unit_event') ORDER BY id")
    assert [(r["entity"], r["op"]) for r in logged] == [("unit_event", "insert"), ("unit", "update")] * 2
    assert len({r["batch"] for r in logged}) == 2
    province = make_store(tmp_path / "province.sqlite3", "Tỉnh")
    merge.import_package(province, export.export_package(store, tmp_path / "usb", full=True).path)
    assert province.query("SELECT valid_to FROM units WHERE nkey = ?", [ui.nkey])[0]["valid_to"] == "2025-07-01"
    assert units.resolve_commune(province, "Đăk Mar cũ", "Đăk Hà").nkey == mar.nkey
    # undo of the merge: the event goes, and the unit is as it was
    revert_batch(store, logged[0]["batch"])
    assert store.query("SELECT valid_to FROM units WHERE id = ?", [ui.id])[0]["valid_to"] is None
    assert units.events_of(store, ui) == []
    revert_batch(store, logged[2]["batch"])  # and of the rename: the alias goes too
    assert "Đăk Mar cũ" not in [r["alias"] for r in store.query(
        "SELECT alias FROM unit_aliases WHERE unit_id = ?", [mar.id])]
    store.close()
    province.close()
