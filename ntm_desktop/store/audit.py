"""The change log: one door for every write's record, and undo/redo built on it.

Every service function writes its rows and, in the same transaction, one ``changes``
row per touched record with the record's state before and after (JSON). A *batch*
groups the changes of one user action; reverting a batch restores each record's
"old" state (undo) or re-applies its "new" state (redo), itself as a new logged batch.

Bulk imports write *group rows*: one row for the records of one commune, period and
criteria set that changed together under one clock stamp (a legacy table's row, a
template's sheet). Its natural key ends in ``|*`` instead of the item (``cr|<commune>|
<period>|<set>|*``) and its ``old``/``new`` are objects item → state (``old`` holds only
the items that had a state before). :func:`members` turns a group row back into the
per-record changes it stands for; history, undo and sync read it that way. Group rows
never hold deletions.

This module is the one writer of ``changes``: :func:`record` for one row, and for the
bulk paths :func:`record_many` (a legacy table's group rows) and the ``add_*_history``
functions (a package's history). Undo and redo (:func:`ntm_desktop.history.revert_batch`)
consult the explicit list of logged entity kinds in :mod:`ntm_desktop.history`, which sits
above the domain packages: this module imports none of them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ntm_desktop import clock, ids
from ntm_desktop.store import bulk
from ntm_desktop.store.database import Store, dumps
from ntm_desktop.store.sqlite_errors import stored_json

# function(store, entity_uuid, nkey, state or None, batch) restoring a record (undo/redo);
# ntm_desktop.history lists one per logged entity kind
Restorer = Callable[[Store, str, str, dict[str, Any] | None, "Batch"], None]

_COLUMNS = "uuid, batch, at, user, installation, hlc, entity, entity_uuid, nkey, op, old, new, source, label"
# a legacy table's group rows, as many as it changes, in multi-row statements (bulk.insert_rows)
_MANY_HEAD = f"INSERT INTO changes ({_COLUMNS})"
# A change-log row from a package (or made for a version that came without one): added
# unless the log holds that version (nkey and stamp) or that uuid already. Empty CSV cells
# become NULL. Rows are checked before (OR IGNORE would skip a malformed row silently).
_HISTORY_SQL = (
    f"INSERT OR IGNORE INTO changes ({_COLUMNS}) SELECT ?1, ?2, ?3, NULLIF(?4, ''), ?5, ?6, ?7, ?8, ?9, ?10,"
    " NULLIF(?11, ''), NULLIF(?12, ''), ?13, NULLIF(?14, '')"
    " WHERE NOT EXISTS (SELECT 1 FROM changes WHERE nkey = ?9 AND hlc = ?6)"
)
# rows of records this database did not hold at all need no check of the version
_HISTORY_NEW_HEAD = f"INSERT OR IGNORE INTO changes ({_COLUMNS})"
_HISTORY_NEW_ROW = "(?,?,?,NULLIF(?,''),?,?,?,?,?,?,NULLIF(?,''),NULLIF(?,''),?,NULLIF(?,''))"
_STAGED_SELECT = ("SELECT uuid, batch, at, NULLIF(user, ''), installation, hlc, entity, entity_uuid, nkey, op,"
                  " NULLIF(old, ''), NULLIF(new, ''), source, NULLIF(label, '')")


# natural-key prefixes of the entities whose changes may be logged as group rows
GROUPED_PREFIXES = ("cr|", "iv|")
GROUP_ITEM = "*"


def group_key(nkey: str) -> str | None:
    """The group row key a record's changes may also be logged under, or None."""
    if not nkey.startswith(GROUPED_PREFIXES):
        return None
    return f"{nkey.rsplit('|', 1)[0]}|{GROUP_ITEM}"


def is_group(nkey: str) -> bool:
    return nkey.endswith("|" + GROUP_ITEM) and nkey.startswith(GROUPED_PREFIXES)


Member = tuple[str, str, "dict[str, Any] | None", "dict[str, Any] | None"]  # nkey, op, old, new


def members(nkey: str, old: str | None, new: str | None) -> list[Member]:
    """The per-record changes a group row stands for."""
    stem = nkey[: -len(GROUP_ITEM)]
    before: dict[str, Any] = stored_json(old) or {}
    after: dict[str, Any] = stored_json(new) or {}
    out: list[Member] = []
    for item, state in after.items():
        prior = before.get(item)
        out.append((stem + item, "insert" if prior is None else "update", prior, state))
    return out


@dataclass
class Batch:
    """One user action's worth of changes."""

    id: str
    source: str
    label: str | None = None
    count: int = 0


def new_batch(source: str = "entered", label: str | None = None) -> Batch:
    return Batch(ids.new_uuid(), source, label)


def record(
    store: Store,
    batch: Batch,
    *,
    entity: str,
    entity_uuid: str,
    nkey: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    hlc: str | None = None,
    at: str | None = None,
) -> None:
    """Write one change-log row. Call inside the transaction that made the change."""
    op = "insert" if old is None else "delete" if new is None else "update"
    store.db.execute(
        "INSERT INTO changes (uuid, batch, at, user, installation, hlc, entity, entity_uuid,"
        " nkey, op, old, new, source, label) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            ids.new_uuid(),
            batch.id,
            at or clock.now_iso(),
            store.user,
            store.installation_id,
            hlc or store.next_hlc(),
            entity,
            entity_uuid,
            nkey,
            op,
            None if old is None else dumps(old),
            None if new is None else dumps(new),
            batch.source,
            batch.label,
        ],
    )
    batch.count += 1


def record_many(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> int:
    """Complete change-log rows (every column but ``id``, in table order), in multi-row
    statements: a legacy table's group rows, thousands per import."""
    return bulk.insert_rows(conn, _MANY_HEAD, rows)


def add_history(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """A package's change-log rows (CSV cells, empty for NULL) of records held here: each
    added unless the log holds that version (nkey and stamp) or that uuid already."""
    conn.executemany(_HISTORY_SQL, rows)


def add_new_history(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """A package's change-log rows of records this database did not hold (no version to
    check), in multi-row statements."""
    bulk.insert_rows(conn, _HISTORY_NEW_HEAD, rows, row_sql=_HISTORY_NEW_ROW)


def add_staged_history(conn: sqlite3.Connection, staged: str, held: str | None) -> None:
    """A package's change-log rows from the table ``staged`` (an attached scratch
    database, rows as CSV cells), in one ``INSERT … SELECT``: rows of records named in the
    table ``held`` only where the log lacks that version; with ``held`` None, every row."""
    if held is None:
        conn.execute(f"{_HISTORY_NEW_HEAD} {_STAGED_SELECT} FROM {staged} h")
        return
    conn.execute(f"{_HISTORY_NEW_HEAD} {_STAGED_SELECT} FROM {staged} h WHERE h.nkey NOT IN (SELECT nkey FROM {held})")
    conn.execute(f"{_HISTORY_NEW_HEAD} {_STAGED_SELECT} FROM {staged} h WHERE h.nkey IN (SELECT nkey FROM {held})"
                 " AND NOT EXISTS (SELECT 1 FROM main.changes c WHERE c.nkey = h.nkey AND c.hlc = h.hlc)")


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    user: str | None
    installation: str
    op: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    source: str
    label: str | None
    entity: str = ""  # the logged entity kind (ntm_desktop.history.KINDS says how to show its states)


def history(store: Store, nkey: str) -> list[HistoryEntry]:
    """Every change to the record with natural key ``nkey``, newest first (group rows
    that hold it included)."""
    group = group_key(nkey)
    rows = store.query(
        "SELECT at, user, installation, op, old, new, source, label, nkey, entity FROM changes"
        " WHERE nkey IN (?, ?) ORDER BY hlc DESC, id DESC",
        [nkey, group or nkey],
    )
    out = []
    for r in rows:
        op, old, new = r["op"], stored_json(r["old"]), stored_json(r["new"])
        if r["nkey"] != nkey:  # a group row: this record's part, if it holds it
            item = nkey.rsplit("|", 1)[1]
            if new is None or item not in new:
                continue
            old, new = (old or {}).get(item), new[item]
            op = "insert" if old is None else "update"
        out.append(HistoryEntry(r["at"], r["user"], r["installation"], op, old, new, r["source"], r["label"],
                                r["entity"]))
    return out


def changes_of(store: Store, batch_id: str) -> list[tuple[str, str, str, Any, Any]]:
    """(entity, uuid, nkey, state before, state after) of each record a batch touched, in
    order, group rows expanded; a group member gets no uuid: its row exists, or a new one
    gets a fresh uuid."""
    rows = store.query(
        "SELECT entity, entity_uuid, nkey, old, new FROM changes WHERE batch = ? ORDER BY id",
        [batch_id],
    )
    changes: list[tuple[str, str, str, Any, Any]] = []
    for row in rows:
        if is_group(row["nkey"]):
            changes += [(row["entity"], "", key, old, new) for key, _op, old, new in
                        members(row["nkey"], row["old"], row["new"])]
        else:
            changes.append((row["entity"], row["entity_uuid"], row["nkey"],
                            stored_json(row["old"]),
                            stored_json(row["new"])))
    return changes

