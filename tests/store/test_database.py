"""Opening the database: migrations on a real file, and refusing files that are not ours."""

import hashlib
import random
import shutil
import sqlite3
import time

import pytest

from ntm_desktop import i18n, paths, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import database as storage
from ntm_desktop.store import open_database


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path):
    """Files beside ``path`` that share its name (journal, -wal, -shm) plus a backups folder."""
    found = {p.name for p in path.parent.iterdir() if p.name.startswith(path.name) and p != path}
    if paths.backups_dir(path).exists():
        found.add("backups/")
    return found


def make_db(path, with_units=True):
    st = open_database(path)
    if with_units:
        units.load_reference(st)
    st.close()
    return path


def assert_refused_untouched(path, key=None):
    before = sha256(path)
    size = path.stat().st_size
    others = siblings(path)
    with pytest.raises(InputRejected) as info:
        open_database(path)
    assert info.value.exit_code == 3
    if key:
        assert info.value.key == key
    assert sha256(path) == before
    assert path.stat().st_size == size
    assert siblings(path) == others
    assert "Traceback" not in str(info.value)
    return info.value


# -- a fresh database ---------------------------------------------------------------


def test_fresh_database_schema_and_pragmas(db_path):
    st = open_database(db_path)
    try:
        assert storage.SCHEMA_VERSION == len(list(paths.migrations_dir().glob("[0-9]*.sql")))
        assert st.schema_version == storage.SCHEMA_VERSION
        assert st.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert st.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        applied = [r[0] for r in st.db.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        assert applied == [p.stem for p in sorted(paths.migrations_dir().glob("[0-9]*.sql"))]
        assert st.installation_id
        tables = {r[0] for r in st.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"units", "indicator_values", "criterion_results", "changes", "meta"} <= tables
    finally:
        st.close()
    assert not paths.backups_dir(db_path).exists()  # nothing to back up in a new file


def test_foreign_keys_are_enforced(db_path):
    st = open_database(db_path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            st.db.execute(
                "INSERT INTO unit_aliases (unit_id, alias, alias_key) VALUES (9999, 'x', 'x')"
            )
    finally:
        st.close()


def test_reopening_applies_nothing_and_makes_no_backup(db_path):
    make_db(db_path)
    conn = sqlite3.connect(db_path)
    migrations_before = conn.execute("SELECT * FROM _sqlite_migrations").fetchall()
    identity_before = conn.execute("SELECT value FROM meta WHERE key = 'installation_id'").fetchone()
    conn.close()
    st = open_database(db_path)
    try:
        assert st.schema_version == storage.SCHEMA_VERSION
        assert st.db.execute("SELECT * FROM _sqlite_migrations").fetchall() == migrations_before
        assert st.installation_id == identity_before[0]
    finally:
        st.close()
    assert not paths.backups_dir(db_path).exists()


def test_open_without_create_refuses_missing_file(tmp_path):
    missing = tmp_path / "missing.sqlite3"
    with pytest.raises(InputRejected) as info:
        open_database(missing, create=False)
    assert info.value.exit_code == 3
    assert not missing.exists()


def test_folder_is_refused(tmp_path):
    with pytest.raises(InputRejected) as info:
        open_database(tmp_path)
    assert info.value.key == "db.cannot_open"


# -- refusing what is not ours -------------------------------------------------------------


def test_newer_database_refused_untouched(db_path):
    make_db(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {storage.SCHEMA_VERSION + 1}")
    conn.close()
    i18n.set_language("en")
    error = assert_refused_untouched(db_path, "db.too_new")
    assert "newer" in error.message
    assert str(storage.SCHEMA_VERSION + 1) in error.message
    i18n.set_language("vi")
    assert "mới hơn" in error.message


def test_plain_text_file_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("Danh sách xã đạt chuẩn nông thôn mới\nHà Mòn\n", encoding="utf-8")
    assert_refused_untouched(path, "db.not_sqlite")


def test_renamed_csv_refused_untouched(tmp_path):
    path = tmp_path / "export.sqlite3"
    path.write_text("district,commune,code\nĐăk Hà,Hà Mòn,23521\n", encoding="utf-8")
    assert_refused_untouched(path, "db.not_sqlite")


def test_random_bytes_refused_untouched(tmp_path):
    path = tmp_path / "noise.sqlite3"
    path.write_bytes(random.Random(7).randbytes(20000))
    assert_refused_untouched(path, "db.not_sqlite")


def test_other_programs_sqlite_database_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO people (name) VALUES ('A')")
    conn.commit()
    conn.close()
    assert_refused_untouched(path, "db.not_sqlite")


@pytest.mark.parametrize("keep_pages", [0, 1, 2, 5])
def test_header_then_garbage_refused_untouched(db_path, keep_pages, english):
    make_db(db_path)
    data = db_path.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    keep = max(100, keep_pages * page)  # always a valid 100-byte SQLite header
    damaged = db_path.with_name("damaged.sqlite3")
    damaged.write_bytes(data[:keep] + random.Random(keep_pages).randbytes(len(data) - keep))
    error = assert_refused_untouched(damaged)
    assert error.key in ("db.corrupt", "db.not_sqlite")
    assert "damaged" in error.message


def test_truncated_database_refused_untouched(db_path):
    make_db(db_path)
    data = db_path.read_bytes()
    truncated = db_path.with_name("truncated.sqlite3")
    truncated.write_bytes(data[: len(data) // 2])
    error = assert_refused_untouched(truncated)
    assert error.key in ("db.corrupt", "db.not_sqlite")


def test_damage_deep_inside_refused_untouched(db_path):
    """Header and schema intact, data pages overwritten: damaged all the same."""
    make_db(db_path)
    data = bytearray(db_path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    pages = len(data) // page
    assert pages > 10
    start = (pages // 2) * page
    data[start:] = random.Random(3).randbytes(len(data) - start)
    damaged = db_path.with_name("deep.sqlite3")
    damaged.write_bytes(bytes(data))
    error = assert_refused_untouched(damaged)
    assert error.key == "db.corrupt"


def test_unknown_migration_refused_untouched(db_path):
    make_db(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [storage.MIGRATION_SET, "0099_from_a_newer_program", "2030-01-01 00:00:00+00:00"],
    )
    conn.commit()
    conn.close()
    error = assert_refused_untouched(db_path, "db.foreign")
    assert "0099_from_a_newer_program" in error.message


def test_empty_file_is_initialised(tmp_path):
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    st = open_database(path)
    try:
        assert st.schema_version == storage.SCHEMA_VERSION
    finally:
        st.close()


# -- a pending migration --------------------------------------------------------------------------


@pytest.fixture
def add_migration(tmp_path, monkeypatch):
    """``add_migration()``: from now on the program has one more migration, a test-only one.

    Points ``paths.migrations_dir`` at a folder holding copies of the real migrations plus
    ``NNNN_test.sql``, and rebuilds ``storage.MIGRATIONS``/``SCHEMA_VERSION``; monkeypatch
    restores all three after the test. Returns the new schema version.
    """

    def activate():
        folder = tmp_path / "migrations"
        folder.mkdir()
        for sql in paths.migrations_dir().glob("[0-9]*.sql"):
            shutil.copy(sql, folder / sql.name)
        number = len(list(folder.glob("*.sql"))) + 1
        (folder / f"{number:04d}_test.sql").write_text(
            "-- test migration\n"
            "CREATE TABLE test_extra (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\n"
            "INSERT INTO test_extra (label) VALUES ('migrated; with a semicolon');\n",
            encoding="utf-8",
        )
        monkeypatch.setattr(paths, "migrations_dir", lambda: folder)
        monkeypatch.setattr(storage, "MIGRATIONS", storage._build_migrations())
        monkeypatch.setattr(storage, "SCHEMA_VERSION", len(storage._migration_files()))
        assert storage.SCHEMA_VERSION == number
        return number

    return activate


def test_pending_migration_on_data_makes_a_backup(db_path, add_migration):
    old_version = storage.SCHEMA_VERSION
    make_db(db_path)
    conn = sqlite3.connect(db_path)
    units_before = conn.execute("SELECT * FROM units ORDER BY id").fetchall()
    conn.close()
    assert len(units_before) == 1 + 10 + 85

    new_version = add_migration()
    assert new_version == old_version + 1
    st = open_database(db_path)
    try:
        assert st.schema_version == new_version
        assert st.db.execute("SELECT label FROM test_extra").fetchall() == [("migrated; with a semicolon",)]
        assert [tuple(r) for r in st.db.execute("SELECT * FROM units ORDER BY id")] == units_before
    finally:
        st.close()

    backups = list(paths.backups_dir(db_path).iterdir())
    assert len(backups) == 1
    backup = backups[0]
    assert f"before-schema-{old_version}-to-{new_version}" in backup.name
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
        assert conn.execute("SELECT * FROM units ORDER BY id").fetchall() == units_before
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "test_extra" not in tables
    finally:
        conn.close()

    # opened again: nothing pending, no second backup
    open_database(db_path).close()
    assert len(list(paths.backups_dir(db_path).iterdir())) == 1


def test_open_store_calls_before_migrate_and_knows_nothing_of_backups(db_path, add_migration):
    """open_store writes no backup itself: it calls ``before_migrate`` (open_database passes
    the automatic backup), and a callback that fails leaves the database unmigrated."""
    old_version = storage.SCHEMA_VERSION
    make_db(db_path)
    new_version = add_migration()
    calls = []

    def refuse(store, label):
        calls.append((store.schema_version, label))
        raise InputRejected("db.locked", path=db_path)

    with pytest.raises(InputRejected):
        storage.open_store(db_path, before_migrate=refuse)
    assert calls == [(old_version, f"before-schema-{old_version}-to-{new_version}")]
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
    conn.close()
    st = storage.open_store(db_path)
    try:
        assert st.schema_version == new_version
    finally:
        st.close()
    assert not paths.backups_dir(db_path).exists()


def test_pending_migration_on_new_file_makes_no_backup(db_path, add_migration):
    new_version = add_migration()
    st = open_database(db_path)
    try:
        assert st.schema_version == new_version
    finally:
        st.close()
    assert not paths.backups_dir(db_path).exists()


def test_older_program_refuses_the_migrated_file(db_path, add_migration, monkeypatch):
    new_version = add_migration()
    open_database(db_path).close()
    monkeypatch.undo()  # back to the program's own migrations: the file is now "newer"
    assert storage.SCHEMA_VERSION == new_version - 1
    assert_refused_untouched(db_path, "db.too_new")


def test_bulk_stamps_keep_their_width_and_text_order(tmp_path):
    """A bulk write of more stamps than the five-digit counter holds carries into the
    milliseconds instead of growing a sixth digit (stamps compare as text)."""
    from ntm_desktop import clock
    from ntm_desktop.store import open_database

    store = open_database(tmp_path / "s.sqlite3")
    made = store.stamps(150_000)
    assert len(set(made)) == len(made) and made == sorted(made)
    assert {len(s) for s in made} == {len(made[0])}
    assert store.next_hlc() > made[-1]
    full = clock.format_stamp(5, clock.MAX_COUNTER, "x")
    assert clock.next_stamp(full, "x", now_ms=1) == clock.format_stamp(6, 0, "x")
    store.close()


def test_large_transactions_use_a_rollback_journal_only_when_alone(tmp_path):
    path = tmp_path / "large.sqlite3"
    store = open_database(path)
    conn = store.db.conn
    with store.large_transaction() as switched:
        assert switched and conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        with store.transaction():
            store.set_meta("probe", "1")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10000
    with pytest.raises(RuntimeError), store.large_transaction():
        raise RuntimeError("boom")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other = sqlite3.connect(path)  # the window's connection while its worker imports
    other.execute("SELECT count(*) FROM meta").fetchone()
    started = time.monotonic()
    with store.large_transaction() as switched:
        assert not switched and conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert time.monotonic() - started < 5  # did not wait out the 10 s busy timeout
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10000
    other.close()
    assert store.meta("probe") == "1"
    store.close()


def test_migration_files_are_the_names_the_glob_found(tmp_path, monkeypatch):
    """``schema.migration_files`` lists ``NNNN_*.sql`` with os.listdir (issue 22): the same files,
    in the same order, as ``Path.glob("[0-9][0-9][0-9][0-9]_*.sql")`` on the program's folder and
    on a folder of near misses."""
    import fnmatch

    from ntm_desktop import paths
    from ntm_desktop.store import schema

    real = paths.migrations_dir()
    assert schema.migration_files() == sorted(real.glob("[0-9][0-9][0-9][0-9]_*.sql"))
    names = ["0002_b.sql", "0001_a.sql", "0010_.sql", "001_a.sql", "0003a.sql", "0004_a.sql.bak", "abcd_a.sql",
             "٠٠٠٥_a.sql", "0006_a.txt", ".0007_a.sql", "0008_x y.sql"]
    for name in names:
        (tmp_path / name).write_text("", encoding="utf-8")
    monkeypatch.setattr(paths, "migrations_dir", lambda: tmp_path)
    found = schema.migration_files()
    assert found == sorted(tmp_path.glob("[0-9][0-9][0-9][0-9]_*.sql"))
    assert [p.name for p in found] == sorted(n for n in names if fnmatch.fnmatchcase(n, "[0-9][0-9][0-9][0-9]_*.sql"))
    assert [p.name for p in found] == ["0001_a.sql", "0002_b.sql", "0008_x y.sql", "0010_.sql"]
