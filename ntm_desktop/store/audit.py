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
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ntm_desktop import clock, ids
from ntm_desktop.store.database import Store, dumps

# entity name → function(store, entity_uuid, nkey, state or None, batch) restoring a record
Restorer = Callable[[Store, str, str, dict[str, Any] | None, "Batch"], None]
_RESTORERS: dict[str, Restorer] = {}
# the core modules that own logged entities; each registers its restorers on import
RESTORER_MODULES = ("assessments", "criteria", "units", "twinning", "reports.settings")


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
    before: dict[str, Any] = json.loads(old) if old else {}
    after: dict[str, Any] = json.loads(new) if new else {}
    out: list[Member] = []
    for item, state in after.items():
        prior = before.get(item)
        out.append((stem + item, "insert" if prior is None else "update", prior, state))
    return out


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
    """Every change to the record with natural key ``nkey``, newest first (group rows
    that hold it included)."""
    group = group_key(nkey)
    rows = store.query(
        "SELECT at, user, installation, op, old, new, source, label, nkey FROM changes"
        " WHERE nkey IN (?, ?) ORDER BY hlc DESC, id DESC",
        [nkey, group or nkey],
    )
    out = []
    for r in rows:
        op, old, new = r["op"], json.loads(r["old"]) if r["old"] else None, json.loads(r["new"]) if r["new"] else None
        if r["nkey"] != nkey:  # a group row: this record's part, if it holds it
            item = nkey.rsplit("|", 1)[1]
            if new is None or item not in new:
                continue
            old, new = (old or {}).get(item), new[item]
            op = "insert" if old is None else "update"
        out.append(HistoryEntry(r["at"], r["user"], r["installation"], op, old, new, r["source"], r["label"]))
    return out


def revert_batch(store: Store, batch_id: str, *, redo: bool = False) -> Batch:
    """Restore every record a batch touched to its state before (undo) or after (redo) it."""
    for name in RESTORER_MODULES:  # importing them registers their restorers
        importlib.import_module(f"ntm_desktop.{name}")
    rows = store.query(
        "SELECT entity, entity_uuid, nkey, old, new FROM changes WHERE batch = ? ORDER BY id",
        [batch_id],
    )
    undo_batch = new_batch("undo", f"{'redo' if redo else 'undo'} {batch_id}")
    # (entity, uuid, nkey, state before, state after) per record, group rows expanded;
    # a group member gets no uuid: its row exists, or a new one gets a fresh uuid
    changes: list[tuple[str, str, str, dict[str, Any] | None, dict[str, Any] | None]] = []
    for row in rows:
        if is_group(row["nkey"]):
            changes += [(row["entity"], "", key, old, new) for key, _op, old, new in
                        members(row["nkey"], row["old"], row["new"])]
        else:
            changes.append((row["entity"], row["entity_uuid"], row["nkey"],
                            json.loads(row["old"]) if row["old"] else None,
                            json.loads(row["new"]) if row["new"] else None))
    with store.transaction():
        for entity, entity_uuid, nkey, old, new in changes if redo else reversed(changes):
            _RESTORERS[entity](store, entity_uuid, nkey, new if redo else old, undo_batch)
    return undo_batch
