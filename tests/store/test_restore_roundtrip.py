"""Restore: a backup and restore round trip keeps every record; a corrupt, foreign or newer
backup is refused with the current database untouched; the CLI shows before it replaces."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys

import pytest

from ntm_desktop import criteria, paths, units
from ntm_desktop.assessments import set_indicator_value, set_official
from ntm_desktop.errors import InputRejected
from ntm_desktop.periods import Period
from ntm_desktop.store import backup, restore
from ntm_desktop.store import database as storage
from ntm_desktop.store.database import open_store


def all_rows(path):
    """Every row of every table of a database file (the whole content, for comparisons)."""
    conn = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {n: sorted(map(repr, conn.execute(f'SELECT * FROM "{n}"').fetchall())) for n in names}
    finally:
        conn.close()


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(store):
    ha_mon = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    set_official(store, ha_mon, Period(2020, "Y"), 2, True, note="QĐ 12/QĐ-UBND")
    set_official(store, units.resolve_commune(store, "Đăk Long", "Đăk Hà"), Period(2021, "Y"), 5, False)
    indicators = [i for c in criteria.get_set(store, criteria.set_for_year(store, 2021)).criteria for i in c.indicators]
    percent = next(i for i in indicators if i.type == "percent")
    set_indicator_value(store, ha_mon, Period(2021, "Y"), percent.code, "41,5")
    units.add_commune(store, "Sa Thầy", "Xã Mới", None)


@pytest.fixture
def filled(db_path):
    """A filled database; tests may close it (it is closed quietly afterwards)."""
    st = open_store(db_path)
    criteria.load_bundled(st)
    units.load_reference(st)
    fill(st)
    yield st
    try:
        st.close()
    except sqlite3.ProgrammingError:  # closed by the test
        pass


def test_round_trip_keeps_every_record(filled, tmp_path):
    store = filled
    saved = backup.backup_to(store, tmp_path / "saved.sqlite3")
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    original = all_rows(store.path)
    # work goes on after the backup: new values, a new commune
    set_official(store, units.resolve_commune(store, "Hà Mòn", "Đăk Hà"), Period(2020, "Y"), 3, True)
    units.add_commune(store, "Đăk Hà", "Xã Sau Sao Lưu", None)
    path = store.path
    store.close()  # the file as the program leaves it (its summary masks folded: store/masks.py)
    changed = all_rows(path)
    assert changed != original

    info = restore.inspect(saved)
    assert info.counts["communes"] == 86 and info.counts["official_results"] == 2
    assert info.counts["indicator_values"] == 1 and info.years == (2020, 2021)
    result = restore.restore_into(path, saved)

    assert all_rows(path) == original
    assert result.before is not None and all_rows(result.before) == changed  # nothing lost either way
    assert backup.parse_name(result.before.name)[3] == "before-restore"
    reopened = open_store(path)
    try:
        noted = reopened.query("SELECT note FROM criterion_results WHERE official = 1 AND note IS NOT NULL")
        assert noted[0]["note"] == "QĐ 12/QĐ-UBND"
    finally:
        reopened.close()


def test_restore_while_the_window_holds_the_database_open(filled, tmp_path):
    """The window keeps its connection during a restore; it then sees the restored content."""
    store = filled
    saved = backup.backup_to(store, tmp_path / "saved.sqlite3")
    units.add_commune(store, "Đăk Hà", "Xã Sau Sao Lưu", None)
    restore.restore_into(store.path, saved)
    assert store.query("SELECT count(*) AS n FROM units WHERE level = 'commune'")[0]["n"] == 86
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _corrupt_copy(source, target):
    shutil.copyfile(source, target)
    data = bytearray(target.read_bytes())
    page = 4096
    for offset in range(page * 3, len(data) - page, page * 2):  # smash every other page past the schema
        data[offset + 20 : offset + 600] = b"\xff" * 580
    target.write_bytes(bytes(data))


def _refused(store, candidate, db_state, key):
    store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before_state = db_state(store)
    path = store.path
    store.close()
    digest = sha256(path)
    files_before = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(InputRejected) as caught:
        restore.restore_into(path, candidate)
    assert caught.value.key == key and caught.value.exit_code == 3
    assert sha256(path) == digest
    assert sorted(p.name for p in path.parent.iterdir()) == files_before  # not even a backup made
    reopened = open_store(path)
    try:
        assert db_state(reopened) == before_state
    finally:
        reopened.close()
    return caught.value


def test_corrupt_backup_refused_and_current_untouched(filled, tmp_path, db_state):
    good = backup.backup_to(filled, tmp_path / "good.sqlite3")
    bad = tmp_path / "bad.sqlite3"
    _corrupt_copy(good, bad)
    error = _refused(filled, bad, db_state, "restore.corrupt")
    assert "bad.sqlite3" in str(error)


def test_truncated_and_foreign_files_refused(filled, tmp_path, db_state):
    good = backup.backup_to(filled, tmp_path / "good.sqlite3")
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(good.read_bytes()[: 4096 * 5])
    with pytest.raises(InputRejected) as caught:
        restore.inspect(truncated)
    assert caught.value.key == "restore.corrupt"
    text_file = tmp_path / "notes.sqlite3"
    text_file.write_text("Tên xã,Huyện\n", encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        restore.inspect(text_file)
    assert caught.value.key == "restore.not_backup"
    other = tmp_path / "other-program.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    _refused(filled, other, db_state, "restore.not_backup")


def test_newer_backup_refused(filled, tmp_path, db_state):
    newer = backup.backup_to(filled, tmp_path / "newer.sqlite3")
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {storage.SCHEMA_VERSION + 1}")
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [storage.MIGRATION_SET, "9999_from_the_future", "2030-01-01"],
    )
    conn.commit()
    conn.close()
    error = _refused(filled, newer, db_state, "restore.too_new")
    assert str(storage.SCHEMA_VERSION) in str(error)


def test_restoring_the_database_onto_itself_is_refused(filled):
    with pytest.raises(InputRejected) as caught:
        restore.restore_into(filled.path, filled.path)
    assert caught.value.key == "restore.same_file"


def test_damaged_current_database_is_kept_aside_then_replaced(filled, tmp_path):
    good = backup.backup_to(filled, tmp_path / "good.sqlite3")
    path = filled.path
    filled.close()
    wanted = all_rows(good)
    path.write_bytes(b"this was overwritten by something else" * 100)
    damaged = path.read_bytes()
    result = restore.restore_into(path, good)
    assert result.replaced_file
    assert result.before is not None and result.before.read_bytes() == damaged
    assert backup.parse_name(result.before.name)[3] == "damaged"
    assert all_rows(path) == wanted


def test_restore_into_a_missing_database_creates_it(filled, tmp_path):
    good = backup.backup_to(filled, tmp_path / "good.sqlite3")
    target = tmp_path / "new-pc" / "ntm.sqlite3"
    result = restore.restore_into(target, good)
    assert result.before is None and all_rows(target) == all_rows(good)


# -- the command line ------------------------------------------------------------------

def ntm(db, *args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "ntm_desktop", "--db", str(db), *args],
        capture_output=True, text=True, timeout=120, stdin=stdin,
    )


def test_cli_restore_shows_then_replaces(tmp_path):
    db = tmp_path / "ntm.sqlite3"
    assert ntm(db, "init").returncode == 0
    hamon = ("--year", "2020", "--district", "Đăk Hà", "--commune", "Hà Mòn")
    assert ntm(db, "set", *hamon, "--criterion", "2", "--met", "yes").returncode == 0
    made = ntm(db, "backup", "--out", str(tmp_path))  # a folder: the file is named for us
    assert made.returncode == 0, made.stderr
    saved = next(tmp_path.glob("ntm_*_manual.sqlite3"))
    wanted = all_rows(saved)
    assert ntm(db, "set", *hamon, "--criterion", "3", "--met", "yes").returncode == 0
    digest = sha256(db)

    dry = ntm(db, "restore", str(saved), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "85 xã" in dry.stdout and "1 kết quả tiêu chí chính thức" in dry.stdout
    assert "--dry-run" in dry.stdout and sha256(db) == digest

    asked = ntm(db, "restore", str(saved), stdin=subprocess.DEVNULL)  # no terminal, no --yes
    assert asked.returncode == 2 and "--yes" in asked.stderr and sha256(db) == digest

    done = ntm(db, "restore", str(saved), "--yes", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["from"]["counts"]["communes"] == 85
    assert report["from"]["counts"]["official_results"] == 1
    assert all_rows(db) == wanted
    before = report["before_restore_backup"]
    assert before and "before-restore" in before
    listed = ntm(db, "restore", "--list", "--json")
    assert [b["path"] for b in json.loads(listed.stdout)] == [before]


def test_cli_restore_refuses_a_corrupt_backup(tmp_path):
    db = tmp_path / "ntm.sqlite3"
    assert ntm(db, "init").returncode == 0
    good = tmp_path / "good.sqlite3"
    assert ntm(db, "backup", "--out", str(good)).returncode == 0
    bad = tmp_path / "bad.sqlite3"
    _corrupt_copy(good, bad)
    digest = sha256(db)
    result = ntm(db, "restore", str(bad), "--yes")
    assert result.returncode == 3
    assert result.stderr.startswith("error: Bản sao lưu") and "Traceback" not in result.stderr
    assert sha256(db) == digest
    assert not paths.backups_dir(db).exists()
    english = ntm(db, "--lang", "en", "restore", str(tmp_path / "nope.sqlite3"), "--yes")
    assert english.returncode == 3 and "was not found" in english.stderr


def test_restoring_an_old_automatic_backup_that_rotation_would_drop(filled):
    """The backup made before the restore must not rotate away the one being restored."""
    from datetime import datetime, timedelta

    store = filled
    folder = paths.backups_dir(store.path)
    chosen = backup.backup_to(store, folder / backup.backup_name(store.path, "daily", when=datetime(2024, 3, 1, 8)))
    later = backup.backup_to(store, folder / backup.backup_name(store.path, "daily", when=datetime(2024, 3, 2, 8)))
    for i in range(9):
        when = datetime(2024, 4, 1, 8) + timedelta(days=i)
        backup.backup_to(store, folder / backup.backup_name(store.path, "daily", when=when))
    units.add_commune(store, "Đăk Hà", "Xã Sau Sao Lưu", None)
    wanted = all_rows(chosen)
    path = store.path
    store.close()
    # 11 old backups: the chosen one is 11th newest and not its month's newest
    result = restore.restore_into(path, chosen)
    assert all_rows(path) == wanted
    assert chosen.exists() and result.before.exists() and later.exists()  # later: March's newest
    # it was at risk: the next rotation, with nothing to protect, drops it
    assert backup.rotate(path) == [chosen]


def test_a_backup_whose_text_no_longer_decodes_is_refused(filled, tmp_path, db_state):
    """Issue 19 part 3: a flipped bit inside a text value passes integrity_check; reading every row
    finds it, and the backup is refused before anything is touched."""
    good = backup.backup_to(filled, tmp_path / "good.sqlite3")
    rotten = tmp_path / "rotten.sqlite3"
    shutil.copy(good, rotten)
    conn = sqlite3.connect(rotten)
    conn.execute("UPDATE units SET name = CAST(X'48C3' AS TEXT) WHERE id = (SELECT max(id) FROM units)")
    conn.commit()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # SQLite alone sees nothing wrong
    conn.close()
    error = _refused(filled, rotten, db_state, "restore.corrupt")
    assert "units" in str(error) and "rotten.sqlite3" in str(error)


def test_a_restore_that_does_not_verify_puts_the_previous_database_back(filled, tmp_path, monkeypatch):
    """If the restored database does not match the backup, the database is put back as it was
    before the restore (from the copy made just before), and the refusal says so."""
    good = backup.backup_to(filled, tmp_path / "good.sqlite3")
    set_official(filled, units.resolve_commune(filled, "Hà Mòn", "Đăk Hà"), Period(2022, "Y"), 3, True)
    path = filled.path
    filled.close()
    before = all_rows(path)
    monkeypatch.setattr(restore, "_verify", lambda db_path: ("ok", {}, {"units": -1}))
    with pytest.raises(InputRejected) as caught:
        restore.restore_into(path, good)
    assert caught.value.key == "restore.verify_failed_back" and caught.value.exit_code == 3
    assert all_rows(path) == before  # the 2022 result made after the backup is still there
