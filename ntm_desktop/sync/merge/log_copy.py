"""The package's history into the local change log, without duplicates.

A package carries the change-log rows of the versions it holds (the history member); the
import adds them (through :mod:`ntm_desktop.store.audit`, the log's one writer), and
makes a row for each version that came without one. Rows of records this database did
not hold need no check of the version and go in as multi-row statements; the others are
added unless the log holds that version (nkey and stamp) already. A large history member
is read by a helper process meanwhile (:mod:`.history_stage`).
"""

from __future__ import annotations

import logging
import uuid as uuidlib
from collections.abc import Callable
from typing import Any

from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store, dumps
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.base import Context, Entity, Item
from ntm_desktop.sync.merge import history_stage
from ntm_desktop.sync.package import format as fmt
from ntm_desktop.sync.package import reader

SYNC_NAMESPACE = uuidlib.UUID("6f1d1c2e-58a4-4a53-9a55-2c1b5e0f3a90")
Progress = Callable[[int, int], None]
_log = logging.getLogger("ntm.sync")


def log_versions(store: Store, entity: Entity, logs: list[tuple[Item, Item | None]], ctx: Context, now: str) -> None:
    """A change-log row for each stored version the package's history does not carry
    (its uuid derived from nkey and stamp, so the same version gets the same row everywhere)."""
    rows = []
    for inc, loc in logs:
        if inc.logged:
            continue
        old = entity.state(loc) if loc is not None else None
        new = entity.state(inc)
        op = "delete" if new is None else "insert" if old is None else "update"
        rows.append((str(uuidlib.uuid5(SYNC_NAMESPACE, f"{inc.nkey}|{inc.hlc}")), ctx.batch_id,
                     inc.at or now, inc.by, versions.installation_of(inc.hlc), inc.hlc, entity.name,
                     inc.uuid or (loc.uuid if loc else None) or inc.nkey, inc.nkey, op,
                     None if old is None else dumps(old), None if new is None else dumps(new), "sync",
                     ctx.label))
    if rows:
        audit.add_history(store.db.conn, rows)


def read(store: Store, package: reader.Package, ctx: Context, known: set[str], held: set[int],
         step: Progress | None, cancelled: Callable[[], bool] | None) -> int:
    """Read the history member in batches, check every row, and add the rows of the kinds
    this version knows; returns the rows added. ``held``: hash(nkey) of incoming records
    this database held (only their rows need the version check)."""
    width = len(fmt.HISTORY_COLUMNS)
    fresh: list[list[str]] = []  # of records this database did not hold
    checked: list[list[str]] = []
    row_ok = history_stage.row_ok
    total = int(package.manifest["members"].get(fmt.HISTORY, {}).get("rows", 0)) or 1
    inserted = 0
    for first, batch in package.batches(fmt.HISTORY, fmt.HISTORY_COLUMNS):
        for offset, row in enumerate(batch):
            if not row_ok(row, width):
                raise ctx.bad(fmt.HISTORY, first + offset, history_stage.ROW_PROBLEM)
            if row[6] in known:
                (checked if held and hash(row[8]) in held else fresh).append(row)
        inserted += _insert(store, fresh, checked)
        fresh, checked = [], []
        if cancelled is not None and cancelled():
            raise InputRejected("pkg.cancelled")
        if step:
            step(first + len(batch), total)
    return inserted


def staged(store: Store, package: reader.Package, ctx: Context, stager: history_stage.Stager,
           cancelled: Callable[[], bool] | None) -> int | None:
    """The history member as the helper process read, checked and staged it: the rows
    added, or None when the helper failed on this machine's side (then the import reads
    the member itself, :func:`read`)."""
    outcome = stager.outcome(cancelled)
    error = outcome.get("error")
    if error == "local":
        _log.warning("history helper failed, reading the history in the import: %s", outcome.get("detail"))
        return None
    if error == "cancelled":
        raise InputRejected("pkg.cancelled")
    if error == "bad":
        raise ctx.bad(fmt.HISTORY, outcome["row"], outcome["detail"])
    if error == "tampered":
        raise InputRejected("pkg.tampered", path=package.path, member=fmt.HISTORY)
    if error is not None:
        raise InputRejected("pkg.damaged", path=package.path, detail=outcome.get("detail", error))
    conn = store.db.conn
    before = conn.total_changes
    table, held = stager.attach(conn)
    audit.add_staged_history(conn, table, held)
    return conn.total_changes - before


def _insert(store: Store, fresh: list[Any], checked: list[Any]) -> int:
    before = store.db.conn.total_changes
    if fresh:
        audit.add_new_history(store.db.conn, fresh)
    if checked:
        audit.add_history(store.db.conn, checked)
    return store.db.conn.total_changes - before
