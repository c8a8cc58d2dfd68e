"""The change log: one door for every write's record, and undo/redo built on it.

Every service function writes its rows and, in the same transaction, one ``changes``
row per touched record with the record's state before and after (JSON). A *batch*
groups the changes of one user action; reverting a batch restores each record's
"old" state (undo) or re-applies its "new" state (redo), itself as a new logged batch.
"""

from __future__ import annotations

import importlib
import json
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import clock
from .storage import Store, dumps

# entity name → function(store, entity_uuid, nkey, state or None, batch) restoring a record
Restorer = Callable[[Store, str, str, dict[str, Any] | None, "Batch"], None]
_RESTORERS: dict[str, Restorer] = {}
# the core modules that own logged entities; each registers its restorers on import
RESTORER_MODULES = ("assessments", "criteria", "units", "twinning", "reports.settings")


def register_restorer(entity: str, restorer: Restorer) -> None:
    _RESTORERS[entity] = restorer


@dataclass
class Batch:
    """One user action's worth of changes."""

    id: str
    source: str
    label: str | None = None
    count: int = 0


def new_batch(source: str = "entered", label: str | None = None) -> Batch:
    return Batch(str(uuidlib.uuid4()), source, label)


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
            str(uuidlib.uuid4()),
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


def history(store: Store, nkey: str) -> list[HistoryEntry]:
    """Every change to the record with natural key ``nkey``, newest first."""
    rows = store.query(
        "SELECT at, user, installation, op, old, new, source, label FROM changes"
        " WHERE nkey = ? ORDER BY hlc DESC, id DESC",
        [nkey],
    )
    return [
        HistoryEntry(
            r["at"],
            r["user"],
            r["installation"],
            r["op"],
            json.loads(r["old"]) if r["old"] else None,
            json.loads(r["new"]) if r["new"] else None,
            r["source"],
            r["label"],
        )
        for r in rows
    ]


def revert_batch(store: Store, batch_id: str, *, redo: bool = False) -> Batch:
    """Restore every record a batch touched to its state before (undo) or after (redo) it."""
    for name in RESTORER_MODULES:  # importing them registers their restorers
        importlib.import_module(f".{name}", __package__)
    rows = store.query(
        "SELECT entity, entity_uuid, nkey, old, new FROM changes WHERE batch = ? ORDER BY id",
        [batch_id],
    )
    undo_batch = new_batch("undo", f"{'redo' if redo else 'undo'} {batch_id}")
    ordered = rows if redo else list(reversed(rows))
    with store.transaction():
        for row in ordered:
            state = row["new"] if redo else row["old"]
            restorer = _RESTORERS[row["entity"]]
            restorer(
                store, row["entity_uuid"], row["nkey"], json.loads(state) if state else None, undo_batch
            )
    return undo_batch
