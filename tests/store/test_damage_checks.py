"""Damage a database can carry past SQLite's page checks, refused when it is opened (issue 19
part 2): an index that no longer matches its table after an unclean shutdown, a reference
table whose text is not UTF-8 or whose JSON is broken, a table or column missing, a lost
migration list. Each: db.corrupt (exit 3), the file untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from ntm_desktop.errors import InputRejected
from ntm_desktop.store import database, schema
from ntm_desktop.store.database import open_store
from tests.sync.test_support import make_store, whole


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    make_store(tmp_path / "ntm.sqlite3", "Kon Tum").close()
    return tmp_path / "ntm.sqlite3"


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def _refused(path: Path) -> InputRejected:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(InputRejected) as caught:
        open_store(path, create=False)
    assert caught.value.key == "db.corrupt", caught.value
    assert caught.value.exit_code == 3
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    return caught.value


def _index_out_of_step(path: Path) -> None:
    """The index on units(parent_id) declared over another column, its entries left as they
    were: every page sound, the index wrong (what a torn write can do)."""
    _sql(path, "PRAGMA writable_schema = ON",
         "UPDATE sqlite_master SET sql = 'CREATE INDEX units_parent ON units(code)' WHERE name = 'units_parent'")


def test_index_damage_is_looked_for_after_an_unclean_shutdown(db, tmp_path):
    _index_out_of_step(db)
    clean = tmp_path / "clean" / "ntm.sqlite3"
    clean.parent.mkdir()
    shutil.copy(db, clean)
    open_store(clean, create=False).close()  # quick_check does not compare an index with its table
    # the same file as a killed program leaves it: a write-ahead log with content beside it
    crashed = tmp_path / "crashed" / "ntm.sqlite3"
    crashed.parent.mkdir()
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("INSERT INTO meta(key, value) VALUES ('last_words', 'x')")
        shutil.copy(db, crashed)
        shutil.copy(f"{db}-wal", f"{crashed}-wal")
    finally:
        writer.close()
    assert database.unclean(crashed)
    twin = tmp_path / "twin"
    twin.mkdir()
    for side in ("", "-wal"):
        shutil.copy(f"{crashed}{side}", f"{twin / crashed.name}{side}")
    with pytest.raises(InputRejected) as caught:
        open_store(crashed, create=False)
    assert caught.value.key == "db.corrupt" and "units_parent" in caught.value.message, caught.value
    # closing folds the log into the file (SQLite does it for the last connection): the
    # content is what the killed program had committed, nothing more
    assert whole(crashed) == whole(twin / crashed.name)


def test_reference_text_that_is_not_utf8(db):
    _sql(db, "UPDATE units SET name = CAST(X'48C328' AS TEXT) WHERE id = (SELECT min(id) FROM units)")
    assert "units" in _refused(db).message


def test_reference_json_that_is_broken(db):
    _sql(db, "UPDATE criteria_sets SET content = '{\"code\": ' WHERE id = (SELECT min(id) FROM criteria_sets)")
    assert "criteria_sets.content" in _refused(db).message


@pytest.mark.parametrize(("statements", "named"), [
    (["ALTER TABLE twinnings RENAME TO twinnings_old"], "twinnings"),
    (["ALTER TABLE unit_classes DROP COLUMN note"], "unit_classes.note"),
    (["ALTER TABLE _sqlite_migrations RENAME TO m"], "_sqlite_migrations"),
    (["DELETE FROM _sqlite_migrations WHERE rowid = (SELECT max(rowid) FROM _sqlite_migrations)"],
     "_sqlite_migrations"),
    (["UPDATE meta SET value = 'NaN' WHERE key = 'hlc_last'",
      "INSERT OR IGNORE INTO meta(key, value) VALUES ('hlc_last', 'NaN')"], "hlc_last"),
])
def test_schema_the_program_does_not_know(db, statements, named):
    _sql(db, "PRAGMA legacy_alter_table = ON", *statements)
    assert named in _refused(db).message


def test_a_sound_database_passes_every_check(db):
    conn = sqlite3.connect(db)
    try:
        assert schema.problem(conn) is None
        assert schema.damaged_values(conn) is None
        assert schema.bad_json(conn) is None
    finally:
        conn.close()
    open_store(db, create=False).close()


@pytest.mark.parametrize(("at", "value", "named"), [(18, 108, "versions"), (19, 3, "versions"),
                                                     (16, 0x0B, "page size"), (21, 0x41, "payload")])
def test_a_header_field_out_of_its_range(db, at, value, named):
    """A write version SQLite does not know makes it open the file read-only: every write
    would fail half-way through a command."""
    data = bytearray(db.read_bytes())
    data[at] = value
    db.write_bytes(bytes(data))
    assert named in _refused(db).message


@pytest.mark.parametrize(("column", "value"), [
    ("bands", '[{"min": 19, "mcx": 19, "label": "a", "label_en": "a"}]'),
    ("bands", '[{"min": 20, "max": 19, "label": "a", "label_en": "a"}]'),
    ("bands", '{"min": 1}'),
    ("rules", '[1]'),
])
def test_stored_json_in_a_shape_the_program_cannot_use(db, column, value):
    """JSON that parses but lost a key a report relies on (a fuzzer find: backup-111's flipped
    bit turned a band's "max" into another key): refused at opening, and by the set loader."""
    _sql(db, f"UPDATE criteria_sets SET {column} = '{value}'")
    conn = sqlite3.connect(db)
    try:
        assert f"criteria_sets.{column}" in (schema.bad_json(conn) or "")
    finally:
        conn.close()
    assert "criteria_sets" in _refused(db).message


def test_the_set_loader_refuses_damaged_bands_as_stored_damage():
    from ntm_desktop.criteria import sets
    from ntm_desktop.store.sqlite_errors import StoredDamage

    assert sets._stored_bands('[{"min": 1, "max": 2, "label": "x", "label_en": "x"}]')[0]["max"] == 2
    assert sets._stored_bands(None) == ()
    with pytest.raises(StoredDamage):
        sets._stored_bands('[{"min": 1, "label": "x", "label_en": "x"}]')
    with pytest.raises(StoredDamage):
        sets._stored_rules('"x"')


def _as_schema_12(path: Path) -> None:
    """The file as the program before migration 0013 left it (no summary masks)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'summary_%'"
                                    ).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        for table in ("summary_masks", "summary_built", "summary_dirty"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0013_summary_masks'")
        conn.execute("PRAGMA user_version = 12")
    finally:
        conn.close()


@pytest.mark.parametrize(("statement", "named"), [
    ("UPDATE changes SET hlc = 'A' WHERE id = (SELECT min(id) FROM changes)", "changes.hlc"),
    ("UPDATE changes SET new = '{\"a\": ' WHERE id = (SELECT min(id) FROM changes)", "changes.new"),
])
def test_a_database_holding_damage_is_not_migrated(db, statement, named):
    """Damage in rows the check at opening does not read (the change log) is found by the check
    of the backup made before a migration: refused before the migration writes (a fuzzer find:
    ``ntm export`` refused such a file after migrating it)."""
    from ntm_desktop.store import open_database

    _as_schema_12(db)
    _sql(db, statement)
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(InputRejected) as caught:
        open_database(db, create=False)
    assert caught.value.key == "db.corrupt" and caught.value.exit_code == 3
    assert named in caught.value.message
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 12
    finally:
        conn.close()


def test_a_sound_database_is_migrated_after_its_checked_backup(db):
    from ntm_desktop.store import backup, open_database

    _as_schema_12(db)
    store = open_database(db, create=False)
    try:
        assert store.schema_version == database.SCHEMA_VERSION
        assert store.db.execute("SELECT count(*) FROM summary_built").fetchone()[0] >= 0
    finally:
        store.close()
    assert [b.reason for b in backup.list_backups(db)] == [f"before-schema-12-to-{database.SCHEMA_VERSION}"]
