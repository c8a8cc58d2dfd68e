"""Opening the database: checks, migrations (sqlite-utils), pragmas, and the Store handle.

A database is refused, untouched, when it is not SQLite, is damaged, or was made by a
newer program. Before any migration of a database that already holds data, open_store calls
its ``before_migrate`` callback; the program opens through ``store.open_database``, whose
callback writes a checked copy to the ``backups/`` folder beside it (backup.auto_backup).
The callback keeps this module from importing backup, which imports it (DESIGN, "the house").
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ntm_desktop import clock
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import checked, masks, network, schema, sqlite_errors, who
from ntm_desktop.store.checked import unclean
from ntm_desktop.store.savepoint import savepoint
from ntm_desktop.store.schema import MIGRATION_SET
from ntm_desktop.store.schema import applied_names as _applied_names
from ntm_desktop.store.schema import migration_files as _migration_files
from ntm_desktop.store.schema import split_sql as _split_sql

TYPE_CHECKING = False  # typing itself costs every command 2.9 ms (issue 22); mypy reads the block
if TYPE_CHECKING:
    from typing import Any

    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

SQLITE_HEADER = b"SQLite format 3\x00"
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024


def _build_migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations  # ~90 ms, only when a migration is due (MIGRATIONS)

    migrations = Migrations(MIGRATION_SET)
    for number, file in enumerate(_migration_files(), start=1):

        def apply(db: Database, file: Path = file, number: int = number) -> None:
            for statement in _split_sql(file.read_text(encoding="utf-8")):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number}")

        migrations(name=file.stem)(apply)
    return migrations


# Built on first need: sqlite-utils costs ~90 ms to import (python -X importtime, December 2026),
# and most starts migrate nothing.
MIGRATIONS: Migrations | None = None
SCHEMA_VERSION = len(_migration_files())


def _migrations() -> Migrations:
    global MIGRATIONS
    if MIGRATIONS is None:
        MIGRATIONS = _build_migrations()
    return MIGRATIONS


def _known_names() -> list[str]:
    if MIGRATIONS is not None:
        return [m.name for m in MIGRATIONS._migrations]
    return [f.stem for f in _migration_files()]


class Connection:
    """The few things the program asks of its database handle (the same names as
    sqlite-utils' Database, which it uses for migrations): execute, conn, atomic, close."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.undone = 0  # rows changed by transactions rolled back (total_changes counts them too)

    @property
    def kept_changes(self) -> int:
        """Rows changed by this connection and not rolled back (as far as :meth:`atomic` knows)."""
        return self.conn.total_changes - self.undone

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, parameters or [])

    @contextmanager
    def atomic(self) -> Iterator[Connection]:
        """A transaction; nested blocks become savepoints (as sqlite-utils' atomic)."""
        if self.conn.in_transaction:
            # named as secrets.token_hex would, without its 5 ms of imports
            with savepoint(self.conn, f"ntm_{os.urandom(8).hex()}"):
                yield self
            return
        # IMMEDIATE: the write lock is taken now, waiting up to busy_timeout for another
        # writer; a deferred BEGIN that read first and then wrote would fail at once with
        # "database is locked" (SQLITE_BUSY_SNAPSHOT) when another process had committed
        # in between, and no wait helps then (https://sqlite.org/lang_transaction.html)
        self.conn.execute("BEGIN IMMEDIATE")
        changes = self.conn.total_changes
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
                self.undone += self.conn.total_changes - changes
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                    self.undone += self.conn.total_changes - changes
                raise

    def close(self) -> None:
        self.conn.close()


def _check_file(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite touches it."""
    if path.is_dir():
        raise InputRejected("db.cannot_open", path=path, detail="là một thư mục / is a folder")
    if path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        head = handle.read(100)
    if head[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise InputRejected("db.not_sqlite", path=path)
    problem = header_damage(head)
    if problem:
        raise InputRejected("db.corrupt", path=path, detail=problem)


def header_damage(head: bytes) -> str | None:
    """What is wrong with the fixed fields of a database header (https://sqlite.org/fileformat.html,
    1.3), or None. SQLite opens a file whose write version is unknown read-only, and every
    write then fails half-way through a command; a flipped bit there is damage."""
    if len(head) < 100:
        return None  # SQLite itself says what is wrong with so short a file
    page_size = int.from_bytes(head[16:18], "big")
    if not (page_size == 1 or (512 <= page_size <= 32768 and page_size & (page_size - 1) == 0)):
        return f"header: page size {page_size}"
    if head[18] not in (1, 2) or head[19] not in (1, 2):
        return f"header: versions {head[18]}/{head[19]}"
    if head[21:24] != b"\x40\x20\x20":  # the payload fractions, fixed at 64, 32, 32
        return "header: payload fractions"
    return None


class Store:
    """An open NTM database: its connection plus identity and clock."""

    def __init__(self, db: Connection, path: Path | None) -> None:
        self.db = db
        self.path = path
        self._installation: str | None = None
        # who signs this session's changes: looked up at the first write, not at opening (a
        # command that only reads never needs it; without $USER the login name's lookup in the
        # password database took 4 ms of `ntm summary`'s 90, December 2026)
        self._user: str | None = None
        # in a network folder: opened with a rollback journal, not WAL (store/network.py);
        # the window and the CLI say so (db.network_mode)
        self.network = False
        # a -wal or -journal with content lay beside the file when it was opened (a crash, a
        # pulled stick, or another program at work): the check the window makes after its first
        # paint then reads the whole file as open_store's would (integrity_check, not quick_check)
        self.opened_unclean = False
        # per-connection caches of read-mostly data (criteria sets); cleared on reload
        self.cache: dict[str, Any] = {}

    # -- meta --------------------------------------------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str | None) -> None:
        self.db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def delete_meta(self, key: str) -> None:
        self.db.execute("DELETE FROM meta WHERE key = ?", [key])

    @property
    def user(self) -> str:
        if self._user is None:
            self._user = _login_name()
        return self._user

    @user.setter
    def user(self, name: str) -> None:
        self._user = name

    @property
    def installation_id(self) -> str:
        if self._installation is None:
            self._installation = self.meta("installation_id") or ""
        return self._installation

    def next_hlc(self) -> str:
        """A new clock stamp, persisted so stamps only grow. Call inside a transaction."""
        stamp = clock.next_stamp(self.meta("hlc_last"), self.installation_id)
        self.set_meta("hlc_last", stamp)
        return stamp

    def stamps(self, count: int) -> list[str]:
        """``count`` consecutive clock stamps for a bulk write, persisted at once."""
        first = self.next_hlc()
        ms, counter, installation = clock.parse_stamp(first)
        out = [first]
        for _ in range(1, count):
            ms, counter = clock.advance(ms, counter)
            out.append(clock.format_stamp(ms, counter, installation))
        self.set_meta("hlc_last", out[-1])
        return out

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- transactions ---------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Store]:
        with self.db.atomic():
            yield self

    @contextmanager
    def large_transaction(self) -> Iterator[bool]:
        """Run a transaction of hundreds of megabytes with a rollback journal instead of WAL.

        SQLite's WAL is slower than a rollback journal for transactions over about 100 MB
        (https://sqlite.org/wal.html, "Disadvantages"): every page goes to the WAL and
        again into the database at the checkpoint; with a rollback journal, pages new to
        the file are written once. A 10,000-commune package import: 57 → 47 s.
        Leaving WAL needs the only connection to the file, so where another one is open
        (the window's, during an import in its worker) it stays in WAL at once (no wait)
        and yields False. Either way the transaction is atomic: a killed process leaves a
        hot journal that SQLite rolls back on the next open, which also goes back to WAL."""
        conn = self.db.conn
        switched = False
        if not conn.in_transaction:
            timeout = conn.execute("PRAGMA busy_timeout").fetchone()[0]
            conn.execute("PRAGMA busy_timeout = 0")
            try:
                switched = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]).lower() == "delete"
            except sqlite3.OperationalError:  # another connection is open
                switched = False
            finally:
                conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")
        try:
            yield switched
        finally:
            if switched and not self.network:
                try:
                    conn.execute("PRAGMA journal_mode = WAL")
                except sqlite3.OperationalError:  # stays in rollback mode until the next open
                    pass

    def query(self, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        cursor = self.db.conn.execute(sql, params)
        cursor.row_factory = sqlite3.Row
        return cursor.fetchall()

    def close(self) -> None:
        # statistics only after a session that wrote: a refused or read-only run must
        # leave the file byte for byte as it was (CONTRACT §1, exit 3: nothing written),
        # also when the refusal came after rows were written and rolled back (issue 19)
        if self.db.kept_changes > 0:
            try:  # the summary's masks of the communes this session changed (store/masks.py)
                masks.fold(self.db.conn)
            except sqlite3.Error:  # a schema without them (opened unmigrated), a full disk: the marks stay
                pass
            try:
                self.db.conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
        self.db.close()


def _login_name() -> str:
    # the name given once on this installation, else the login name (store/who.py says why)

    try:
        return who.current()
    except Exception:  # noqa: BLE001 - no login name on some Windows setups
        return "?"


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


# what damage() looks for: a mark (store/checked.py) from another generation is not trusted
CHECKS = 1


def damage(conn: sqlite3.Connection, path: Path, *, thorough: bool = False) -> str | None:
    """:func:`check`'s answer, or None at once when the file is unchanged since it last passed
    and was shut down cleanly (store/checked.py says what that trusts and why); a file that
    passes is marked so."""
    seen = None if thorough else checked.fingerprint(path, f"{CHECKS}/{SCHEMA_VERSION}")
    if seen is not None and checked.passed(seen):
        return None
    problem = check(conn, path, thorough=thorough)
    if seen is not None:
        if problem is not None:
            checked.forget(seen)
        elif checked.fingerprint(path, seen["generation"]) == seen:  # nobody wrote during the check
            checked.remember(seen)
    return problem


def check(conn: sqlite3.Connection, path: Path, *, thorough: bool = False) -> str | None:
    """SQLite's complaints about the file, a table or column its schema lacks
    (:func:`schema.problem`), or a damaged value in the tables every command reads
    (:func:`schema.damaged_values`); None when it is sound or too big to read whole at
    opening (over QUICK_CHECK_MAX_BYTES). ``PRAGMA quick_check`` reads every page but does not
    compare indexes with their tables; ``thorough`` (after an unclean shutdown, when a
    torn write is likeliest) runs ``integrity_check``, which does. Measured (December 2026,
    this project's 2-core machine): a 638 MB database of 10,000 communes (bench/datagen.py),
    quick_check 2.0 s, integrity_check 4.7 s, both linear in the size, so about 0.2 and 0.5 s
    at the 64 MB limit; Kon Tum's 0.7 MB, 1-2 ms either; the schema comparison 0.4 ms
    (10 ms more once per process to build the expected schema)."""
    unusable = schema.problem(conn)
    if unusable:
        return unusable
    if path.stat().st_size > QUICK_CHECK_MAX_BYTES:
        return None
    pragma = "integrity_check" if thorough else "quick_check"
    problems = [row[0] for row in conn.execute(f"PRAGMA {pragma}(3)")]
    if problems != ["ok"]:
        return " ".join(" ".join(problems).split())[:300]
    return schema.damaged_values(conn)


BeforeMigrate = Callable[[Store, str], object]  # (the store, the label: before-schema-2-to-3)


def open_store(
    path: Path | str,
    *,
    create: bool = True,
    migrate: bool = True,
    check: bool = True,
    before_migrate: BeforeMigrate | None = None,
) -> Store:
    """Open (and create/migrate) the database at ``path``; refuse it untouched if it is not ours.

    ``check=False`` leaves out the damage check (:func:`damage`) for a caller that runs
    it just after (the window, after its first paint: about 15 ms of a 200 ms start).
    ``before_migrate(store, label)`` runs before migrations are applied to a database that
    already holds data (``label``: ``before-schema-2-to-3``); if it raises, nothing is
    migrated and the error goes to the caller. The program passes the automatic backup
    (``store.open_database``)."""
    path = Path(path)
    thorough = unclean(path)
    if path.exists():
        _check_file(path)
        if not create and path.stat().st_size == 0:  # a truncated file (a failed stick), not a new database
            raise InputRejected("db.empty_file", path=path)
    elif not create:
        raise InputRejected("db.cannot_open", path=path, detail="không tồn tại / does not exist")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
    except sqlite3.Error as exc:
        raise sqlite_errors.refusal(exc, path, "db.cannot_open") from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = _has_tables(conn)
        # damage past the schema pages only shows when those pages are read: look now,
        # before anything is written, rather than fail later in the middle of the work.
        # Bigger files skip it (it reads every page); callers map a later
        # sqlite3.DatabaseError to the same refusal (cli.main, ui.app).
        problem = damage(conn, path, thorough=thorough) if has_tables and check else None
        ours = not has_tables or version != 0 or _is_ours(conn)
        known = _known_names()
        applied = _applied_names(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise sqlite_errors.refusal(exc, path, "db.corrupt") from None
    except UnicodeDecodeError as exc:  # the schema's own text damaged (sqlite_master)
        conn.close()
        raise InputRejected("db.corrupt", path=path, detail=sqlite_errors.detail(exc)) from None
    if problem:
        conn.close()
        raise InputRejected("db.corrupt", path=path, detail=problem)
    if version > SCHEMA_VERSION:
        conn.close()
        raise InputRejected("db.too_new", path=path, found=version, supported=SCHEMA_VERSION)
    if not ours:
        conn.close()
        raise InputRejected("db.not_sqlite", path=path)
    unknown = [name for name in applied if name not in known]
    if unknown:
        conn.close()
        raise InputRejected("db.foreign", path=path, names=", ".join(unknown))
    shared = network.is_network_folder(path.parent)
    try:
        # WAL needs memory shared between the processes: not over a network share
        conn.execute("PRAGMA journal_mode = DELETE" if shared else "PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        pending = [name for name in known if name not in applied]
        if pending and migrate:
            if has_tables and before_migrate is not None:
                try:
                    before_migrate(Store(Connection(conn), path), f"before-schema-{version}-to-{SCHEMA_VERSION}")
                except BaseException:
                    conn.close()
                    raise
            from sqlite_utils import Database  # ~90 ms, only when a migration is due (MIGRATIONS)

            _migrations().apply(Database(conn, execute_plugins=False))
    except sqlite3.OperationalError as exc:
        conn.close()
        raise sqlite_errors.refusal(exc, path, "db.cannot_open") from None
    store = Store(Connection(conn), path)
    store.network = shared
    store.opened_unclean = thorough
    if migrate:
        _ensure_identity(store)
    return store


def _is_ours(conn: sqlite3.Connection) -> bool:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return "_sqlite_migrations" in names


def _ensure_identity(store: Store) -> None:
    if store.meta("installation_id"):
        return
    # once in a database's life: socket and uuid (with platform) are 5 ms of every command's
    # start otherwise (python -X importtime, December 2026)
    import socket
    import uuid as uuidlib

    with store.transaction():
        store.set_meta("installation_id", str(uuidlib.uuid4()))
        store.set_meta("installation_name", f"NTM Desktop – {socket.gethostname()}")
        store.set_meta("created_at", clock.now_iso())
    store._installation = None


def dumps(value: Any) -> str:
    """JSON as stored in the change log: UTF-8 text, keys sorted."""
    import json  # 1.8 ms at every command otherwise; a write pays it once (issue 22)

    return json.dumps(value, ensure_ascii=False, sort_keys=True)
