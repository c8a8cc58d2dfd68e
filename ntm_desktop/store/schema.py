"""The tables and columns a database of a given schema version must have (issue 19 part 2/3).

A file can be SQLite, sound page by page, carry our migration list, and still miss a table
or a column (edited with another tool, or a backup of such a file): every command would
then fail half-way with "no such table". :func:`missing` compares the file with the
schema the program's own migrations build, applied to an in-memory database (about 10 ms,
once per process, and only when a database is checked), and names the first thing missing.
Extra tables or columns are not refused: they harm nothing.
"""

from __future__ import annotations

import os
import re
import sqlite3
from functools import cache
from pathlib import Path

from ntm_desktop import paths

MIGRATION_SET = "ntm_desktop"
_COLUMNS = ("SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p"
            " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'")


def _is_migration(name: str) -> bool:
    """``NNNN_*.sql`` (four ASCII digits): the names ``glob("[0-9][0-9][0-9][0-9]_*.sql")`` finds."""
    return name[:4].isascii() and name[:4].isdigit() and name[4:5] == "_" and name.endswith(".sql")


def migration_files() -> list[Path]:
    """The migrations in order: file N takes a database to schema version N. Listed with
    ``os.listdir``, not ``Path.glob`` (its pattern machinery: 0.4 ms at every command, issue 22)."""
    folder = paths.migrations_dir()
    return sorted(folder / name for name in os.listdir(folder) if _is_migration(name))


def split_sql(script: str) -> list[str]:
    """Split a script into statements (executescript would commit mid-migration)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip() and not all(
                part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
            ):
                statements.append(buffer.strip())
            buffer = ""
    return statements


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """The migrations the database's list says were applied, in order."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    return [
        row[0]
        for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATION_SET]
        )
    ]


@cache
def expected(version: int) -> frozenset[tuple[str, str]]:
    """(table, column) of a database at schema ``version``, as the migrations make it."""
    conn = sqlite3.connect(":memory:")
    try:
        for file in migration_files()[:version]:
            for statement in split_sql(file.read_text(encoding="utf-8")):
                conn.execute(statement)
        return frozenset(conn.execute(_COLUMNS).fetchall())
    finally:
        conn.close()


def missing(conn: sqlite3.Connection) -> str | None:
    """The first table or column the database on ``conn`` lacks for its schema version, or None."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    files = migration_files()
    if not isinstance(version, int) or version < 1 or version > len(files):
        return None  # not ours, or refused as too new by the caller
    have = set(conn.execute(_COLUMNS).fetchall())
    tables = {table for table, _column in have}
    if "_sqlite_migrations" not in tables:  # the list of migrations applied: without it all would run again
        return "thiếu bảng / table missing: _sqlite_migrations"
    applied = set(applied_names(conn))
    lost = [file.stem for file in files[:version] if file.stem not in applied]
    if lost:  # the schema says applied, the list does not: opening would run them again over the tables
        return f"_sqlite_migrations: thiếu / lacks {lost[0]}"
    for table, column in sorted(expected(version) - have):
        if table not in tables:
            return f"thiếu bảng / table missing: {table}"
        return f"thiếu cột / column missing: {table}.{column}"
    return None


# a clock stamp: <13 digits of ms>-<counter, 5 digits or more>-<installation> (sync/versions.py)
INSTALLATION = r"[A-Za-z0-9._:-]{1,64}"
STAMP = re.compile(r"\d{13}-\d{5,9}-" + INSTALLATION)


def bad_meta(conn: sqlite3.Connection) -> str | None:
    """A value in ``meta`` every write depends on that is not of its kind (the clock's last
    stamp, which every change parses; the installation's id), or None."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'hlc_last'").fetchone()
    except sqlite3.OperationalError:
        return None  # no meta table: missing() says so
    if row is not None and row[0] is not None and not (isinstance(row[0], str) and STAMP.fullmatch(row[0])):
        return "meta.hlc_last"
    # the installation's id is in every stamp and package it makes: one that could not be
    # read back (a flipped byte) would only show when an export checks its own package
    row = conn.execute("SELECT value FROM meta WHERE key = 'installation_id'").fetchone()
    if row is not None and row[0] is not None and not (isinstance(row[0], str) and re.fullmatch(INSTALLATION, row[0])):
        return "meta.installation_id"
    return None


def problem(conn: sqlite3.Connection) -> str | None:
    """What makes a sound SQLite file unusable as the program's database, or None."""
    return missing(conn) or bad_meta(conn)


# columns holding JSON that the program parses when it reads them (json.loads in criteria/,
# store/audit.py, sync/): a flipped bit there breaks every command that reads the row
JSON_COLUMNS: tuple[tuple[str, str], ...] = (
    ("criteria_sets", "content"), ("criteria_sets", "rules"), ("criteria_sets", "bands"),
    ("criteria_set_versions", "content"), ("changes", "old"), ("changes", "new"),
    ("sync_packages", "scope"), ("sync_packages", "counts"), ("sync_packages", "result"),
    ("sync_conflicts", "loser_state"), ("sync_conflicts", "winner_state"),
)

# JSON whose shape the program relies on, beyond parsing (criteria/sets.py reads them): a
# band whose "max" became "mcx" parses, then fails a report (a fuzzer find: backup-111).
JSON_SHAPES: dict[tuple[str, str], str] = {
    ("criteria_sets", "rules"): "SELECT rowid FROM criteria_sets WHERE rules IS NOT NULL AND rules != ''"
                                " AND json_type(rules) != 'object' LIMIT 1",
    ("criteria_sets", "bands"): (
        "SELECT s.rowid FROM criteria_sets s WHERE s.bands IS NOT NULL AND s.bands != ''"
        " AND (json_type(s.bands) != 'array' OR EXISTS (SELECT 1 FROM json_each(s.bands) b"
        "  WHERE b.type != 'object' OR json_type(b.value, '$.min') IS NOT 'integer'"
        "  OR json_type(b.value, '$.max') IS NOT 'integer' OR json_type(b.value, '$.label') IS NOT 'text'"
        "  OR json_type(b.value, '$.label_en') IS NOT 'text'"
        "  OR json_extract(b.value, '$.min') > json_extract(b.value, '$.max'))) LIMIT 1"),
}


def bad_json(conn: sqlite3.Connection, tables: tuple[str, ...] | None = None) -> str | None:
    """The first ``table.column`` of JSON_COLUMNS (of ``tables``, default all) holding text
    that is not JSON, or None."""
    have = set(conn.execute(_COLUMNS).fetchall())
    for table, column in JSON_COLUMNS:
        if (table, column) not in have or (tables is not None and table not in tables):
            continue
        found = conn.execute(
            f'SELECT rowid FROM "{table}" WHERE "{column}" IS NOT NULL AND "{column}" != \'\''
            f' AND NOT json_valid("{column}") LIMIT 1').fetchone()
        if found is not None:
            return f"{table}.{column} (rowid {found[0]}): JSON hỏng / damaged JSON"
        shape = JSON_SHAPES.get((table, column))
        found = conn.execute(shape).fetchone() if shape else None
        if found is not None:
            return f"{table}.{column} (rowid {found[0]}): JSON hỏng / damaged JSON"
    return None


# tables that nearly every command reads whole or in part (criteria, units, settings): a
# damaged value there fails every command, so they are read whole when a database is
# opened with its check (database.damage, under the same size bound as quick_check).
# Measured (December 2026, 2 cores): 1.3 ms on Kon Tum's 0.7 MB; 45 ms on a 638 MB
# database of 10,000 communes (units the largest table, 10,101 rows).
REFERENCE_TABLES = (
    "meta", "_sqlite_migrations", "criteria_sets", "criteria_set_versions", "criteria", "indicators",
    "thresholds", "responsibilities", "year_sets", "units", "unit_aliases", "sync_peers",
)


def damaged_values(conn: sqlite3.Connection, tables: tuple[str, ...] = REFERENCE_TABLES) -> str | None:
    """The first of ``tables`` holding text that is not UTF-8, bytes where text belongs,
    JSON that does not parse, or a reference to a row that is not there (a flipped bit inside
    a value or its type, which SQLite's page checks cannot see), or None."""
    held = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    present = tuple(table for table in tables if table in held)
    for table in present:
        try:
            for _row in conn.execute(f'SELECT * FROM "{table}"'):
                pass
        except sqlite3.OperationalError as exc:
            words = " ".join(str(exc).split())
            return f"{table}: {words[:120]}"
    return wrong_types(conn, tables) or bad_json(conn, tables) or dangling(conn, present)


def dangling(conn: sqlite3.Connection, tables: tuple[str, ...]) -> str | None:
    """The first row of ``tables`` (tables the file holds) whose foreign key names a row that is
    not there, or None. The program writes with foreign keys on, so only damage makes one: an
    indicator's set id flipped to -126 made every export fail on a lookup (the long fuzz run,
    seed 81). Measured
    (December 2026, 2 cores, after quick_check): 4 ms on Kon Tum, 20-26 ms on 10,000 communes
    or the whole country's units, against quick_check's 22 ms and 2.5 s there."""
    for table in tables:
        found = conn.execute(f'PRAGMA foreign_key_check("{table}")').fetchone()
        if found is not None:
            return (f"{table} (rowid {found[1]}): tham chiếu tới dòng không có trong {found[2]}"
                    f" / a reference to a missing row of {found[2]}")
    return None


def wrong_types(conn: sqlite3.Connection, tables: tuple[str, ...] | None = None) -> str | None:
    """The first ``table.column`` declared TEXT that holds bytes (a BLOB: a flipped bit in a
    value's type in the record header), of ``tables`` (default all), or None. The program
    never writes bytes: its readers would fail on them (json.dumps, str methods)."""
    columns: dict[str, list[str]] = {}
    for table, column, declared in conn.execute(
            "SELECT m.name, p.name, p.type FROM sqlite_master m JOIN pragma_table_info(m.name) p"
            " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"):
        if "TEXT" in str(declared).upper() and (tables is None or table in tables):
            columns.setdefault(table, []).append(column)
    for table, names in columns.items():
        tests = [f"typeof(\"{name}\") = 'blob'" for name in names]
        found = conn.execute(f'SELECT {", ".join(tests)} FROM "{table}" WHERE {" OR ".join(tests)} LIMIT 1').fetchone()
        if found is not None:
            return f"{table}.{names[list(found).index(1)]}: byte / bytes"
    return None


# a stored clock stamp's shape, in SQL (STAMP above, as sync/versions.parse reads it): 13 digits,
# a counter of digits, an installation; a flipped byte there fails every sync of the row
_BAD_STAMP = ("hlc IS NOT NULL AND (typeof(hlc) != 'text' OR hlc NOT GLOB '" + "[0-9]" * 13
              + "-[0-9][0-9][0-9][0-9][0-9]*-?*' OR substr(hlc, 15, instr(substr(hlc, 15), '-') - 1) GLOB '*[^0-9]*')")


def bad_stamps(conn: sqlite3.Connection) -> str | None:
    """The first ``table.hlc`` holding a value that is not a clock stamp, or None."""
    for (table,) in conn.execute("SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p"
                                 " WHERE m.type = 'table' AND p.name = 'hlc' ORDER BY m.name").fetchall():
        found = conn.execute(f'SELECT rowid FROM "{table}" WHERE {_BAD_STAMP} LIMIT 1').fetchone()
        if found is not None:
            return f"{table}.hlc (rowid {found[0]}): dấu thời gian hỏng / damaged stamp"
    return None
