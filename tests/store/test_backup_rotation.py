"""Automatic backups: names (time, installation, FAT-safe), checks, rotation, daily backup,
and the backup made before a migration going the same way."""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime, timedelta

import pytest

from ntm_desktop import paths, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import backup, open_database
from ntm_desktop.store import database as storage

FAT_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def test_auto_backup_is_named_with_time_and_installation(store):
    store.set_meta("installation_name", "NTM Desktop – Phòng NN Đăk Hà")
    store._installation = None
    before = datetime.now().replace(microsecond=0)
    target = backup.auto_backup(store, "before-import")
    assert target is not None and target.parent == paths.backups_dir(store.path)
    name = target.name
    assert not FAT_FORBIDDEN.search(name) and name.isascii() and len(name) < 120
    stem, taken, installation, reason = backup.parse_name(name)
    assert stem == "ntm" and reason == "before-import"
    assert before <= taken <= datetime.now()
    assert installation == f"phong-nn-dak-ha-{store.installation_id[:8]}"
    assert backup.integrity(target) == "ok"
    copy = sqlite3.connect(target)
    try:
        in_store = store.query("SELECT count(*) AS n FROM units")[0]["n"]
        assert copy.execute("SELECT count(*) FROM units").fetchone()[0] == in_store
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    finally:
        copy.close()
    assert [b.path for b in backup.list_backups(store.path)] == [target]


def test_two_backups_in_the_same_second_both_kept(store):
    first = backup.auto_backup(store, "before-import")
    second = backup.auto_backup(store, "before-import")
    assert first != second and first.exists() and second.exists()
    assert backup.reason_label(backup.parse_name(second.name)[3]) == "trước khi nhập dữ liệu"


def _fake_backups(db_path, moments):
    folder = paths.backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for moment in moments:
        file = folder / backup.backup_name(db_path, "daily", "id", "pc", when=moment)
        file.write_bytes(b"x")
        made.append(file)
    return made


def test_rotation_keeps_the_last_ten_and_one_per_month(tmp_path):
    db_path = tmp_path / "ntm.sqlite3"
    start = datetime(2024, 1, 3, 8, 0, 0)
    # 3 backups a month from January to June 2024, then 12 in a row in July
    moments = [start.replace(month=m, day=d) for m in range(1, 7) for d in (3, 12, 25)]
    moments += [datetime(2024, 7, 1, 8, 0) + timedelta(days=i) for i in range(12)]
    made = _fake_backups(db_path, moments)
    stranger = paths.backups_dir(db_path) / "my own copy.sqlite3"
    stranger.write_bytes(b"mine")
    other_db = paths.backups_dir(db_path) / backup.backup_name(tmp_path / "khac.sqlite3", "daily", when=start)
    other_db.write_bytes(b"other")

    removed = backup.rotate(db_path)

    left = {b.path for b in backup.list_backups(db_path)}
    newest_ten = set(made[-10:])
    month_last = {made[3 * m + 2] for m in range(6)}  # the 25th of January … June
    assert left == newest_ten | month_last
    assert len(left) == 16
    assert set(removed) == set(made) - left
    assert all(not p.exists() for p in removed)
    # files the program did not name, or of another database, are never touched
    assert stranger.exists() and other_db.exists()
    # rotating again removes nothing more
    assert backup.rotate(db_path) == []


def test_auto_backup_rotates(store):
    _fake_backups(store.path, [datetime(2023, 5, 1, 9, 0) + timedelta(hours=i) for i in range(12)])
    target = backup.auto_backup(store, "before-import")
    kept = backup.list_backups(store.path)
    assert kept[0].path == target
    assert len(kept) == 10  # the nine newest old ones were in May 2023 with the month's newest
    assert {b.month for b in kept} == {"2023-05", datetime.now().strftime("%Y-%m")}


def test_daily_backup_once_a_day(store):
    """With its own connection (a worker thread), while the window keeps the store open."""
    first = backup.daily_backup(store.path)
    assert first is not None and backup.parse_name(first.name)[3] == "daily"
    assert backup.daily_backup(store.path) is None
    assert backup.daily_backup(store.path, today=date.today() + timedelta(days=1)) is not None
    assert len([b for b in backup.list_backups(store.path) if backup.base_reason(b.reason) == "daily"]) == 2


def test_backup_of_a_missing_database_is_refused(tmp_path):
    with pytest.raises(InputRejected) as caught:
        backup.daily_backup(tmp_path / "gone" / "ntm.sqlite3")
    assert caught.value.key == "backup.source_missing"
    assert not (tmp_path / "gone").exists()


def test_a_failed_check_leaves_no_file(store, monkeypatch):
    checks = []
    monkeypatch.setattr(backup, "integrity", lambda path, pragma="integrity_check":
                        checks.append(pragma) or "*** page 7: btree damaged")
    target = paths.backups_dir(store.path) / "x.sqlite3"
    with pytest.raises(InputRejected) as caught:
        backup.backup_to(store, target)
    assert caught.value.key == "backup.failed_check" and "page 7" in str(caught.value)
    assert not target.exists() and not list(target.parent.glob("*.part"))
    with pytest.raises(InputRejected):  # an automatic backup is checked too, with quick_check
        backup.auto_backup(store, "import")
    assert checks == ["integrity_check", "quick_check"]
    assert not list(paths.backups_dir(store.path).glob("*.part"))


def test_migration_backup_is_an_automatic_backup(db_path, tmp_path, monkeypatch):
    """Before migrating a database holding data: a checked, rotated backup named like the rest."""
    st = open_database(db_path)
    units.load_reference(st)
    installation = st.installation_id
    st.close()
    folder = tmp_path / "migrations"
    folder.mkdir()
    for file in paths.migrations_dir().glob("*.sql"):
        (folder / file.name).write_bytes(file.read_bytes())
    number = storage.SCHEMA_VERSION + 1
    (folder / f"{number:04d}_extra.sql").write_text("CREATE TABLE extra (x TEXT);\n", encoding="utf-8")
    monkeypatch.setattr(paths, "migrations_dir", lambda: folder)
    monkeypatch.setattr(storage, "MIGRATIONS", storage._build_migrations())
    monkeypatch.setattr(storage, "SCHEMA_VERSION", number)
    _fake_backups(db_path, [datetime(2022, 1, 1, 8) + timedelta(minutes=i) for i in range(11)])

    open_database(db_path).close()

    found = backup.list_backups(db_path)
    newest = found[0]
    assert newest.reason == f"before-schema-{number - 1}-to-{number}"
    assert newest.installation.endswith(installation[:8])
    assert backup.integrity(newest.path) == "ok"
    conn = sqlite3.connect(newest.path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == number - 1
        assert conn.execute("SELECT count(*) FROM units").fetchone()[0] == 96
    finally:
        conn.close()
    assert len(found) == 10  # rotated: the 11 old ones of January 2022 went down to 9
