"""Twinning records: natural keys, states, and the one writer of their rows.

Every twinning write (agencies, assignments, contributions) goes through :func:`save`,
which writes a record's whole state (upsert by uuid, else by natural key), stamps it
with the clock and logs the change; the restorers of undo/redo call the same function.
Sync packages write rows that keep the sender's stamp through :class:`SyncRows`
(:func:`sync_rows`): this module is the one writer of the three tables. States name
other records by natural key (agency nkey, unit nkey, twinning nkey), never by local
ids, so they mean the same on every installation.

This module knows the three tables (``agencies``, ``twinnings``, ``contributions``) only
as rows and states; the record classes live with their services (:mod:`.agencies`,
:mod:`.assignments`, :mod:`.contributions`), which all write through here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ntm_desktop import text
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.store.record_table import RecordTable, SyncRows

# -- keys -------------------------------------------------------------------------------------


def agency_key(name: str) -> str:
    """Key comparing agency names: NFC, trimmed, case folded. Unlike text.match_key it keeps
    a leading ``Tỉnh``/``Huyện`` (``Tỉnh đoàn`` is not ``Đoàn``)."""
    return text.clean(name).casefold()


def agency_nkey(owner_nkey: str, name: str) -> str:
    """``agency|<province or district unit nkey>|<name key>``: level and owner come from the
    owner's nkey (``province:62``, ``district:610``)."""
    return f"agency|{owner_nkey}|{agency_key(name)}"


def twinning_nkey(agency_nkey_: str, unit_nkey: str, start: date) -> str:
    return f"tw|{agency_nkey_}|{unit_nkey}|{start.isoformat()}"


def contribution_nkey(row_uuid: str) -> str:
    return f"contrib|{row_uuid}"


# -- states and the one writer -------------------------------------------------------------------
#
# A record's state is its row: every column but id, uuid, nkey, hlc and updated_at, with
# a reference column ``x_id`` given as ``x`` holding the referenced record's nkey
# (``owner_id`` → ``owner: "province:62"``), plus ``uuid`` and ``nkey``. This is also
# how a generic table entity of the sync packages reads these tables, so the change log,
# packages and conflicts all see the same states. ``deleted`` is ordinary content: a
# deletion is logged as an update to ``deleted: 1``.

STATE_FIELDS = {
    "agency": ("name", "name_key", "search_key", "kind", "level", "owner", "contact", "phone", "note",
               "deleted"),
    "twinning": ("agency", "unit", "date_from", "date_to", "decision", "decision_date", "decision_signer",
                 "end_decision", "end_decision_date", "end_decision_signer", "note", "deleted"),
    "contribution": ("twinning", "on_date", "year", "kind", "quantity", "amount", "source", "note", "deleted"),
}
_REFS = {"owner": "units", "agency": "agencies", "unit": "units", "twinning": "twinnings"}
_STATE_SQL = {
    "agency": "SELECT a.*, o.nkey AS owner FROM agencies a JOIN units o ON o.id = a.owner_id",
    "twinning": (
        "SELECT t.*, a.nkey AS agency, u.nkey AS unit FROM twinnings t"
        " JOIN agencies a ON a.id = t.agency_id JOIN units u ON u.id = t.unit_id"
    ),
    "contribution": (
        "SELECT c.*, t.nkey AS twinning FROM contributions c JOIN twinnings t ON t.id = c.twinning_id"
    ),
}
_TABLE = {"agency": "agencies", "twinning": "twinnings", "contribution": "contributions"}
_ALIAS = {"agency": "a", "twinning": "t", "contribution": "c"}


_RECORDS = {entity: RecordTable(entity, _TABLE[entity], STATE_FIELDS[entity], _STATE_SQL[entity],
                               alias=_ALIAS[entity], rekey=False, who=False) for entity in _TABLE}


def state_of(store: Store, entity: str, *, uuid: str | None = None,
             nkey: str | None = None) -> dict[str, Any] | None:
    """The stored state of one record (tombstones included), by uuid or natural key."""
    return _RECORDS[entity].state_of(store, uuid=uuid, nkey=nkey)


def _ref_id(store: Store, table: str, nkey: str | None) -> int:
    """The local id of the record a state names. A missing reference (None included) is
    refused, so a package applies agencies, then twinnings, then contributions."""
    rows = store.query(f"SELECT id FROM {table} WHERE nkey = ?", [nkey])
    if not rows:
        raise InputRejected("twin.missing_ref", what=nkey)
    return int(rows[0]["id"])


def _columns(store: Store, entity: str, state: dict[str, Any]) -> dict[str, Any]:
    """Column values of a state; derived columns (name keys, year) follow their source."""
    values: dict[str, Any] = {}
    for field in STATE_FIELDS[entity]:
        value = state.get(field)
        if field in _REFS:
            values[f"{field}_id"] = _ref_id(store, _REFS[field], value)
        else:
            values[field] = value
    values["deleted"] = int(bool(state.get("deleted")))
    if entity == "agency":
        values["name_key"] = agency_key(values["name"])
        values["search_key"] = text.fold(values["name"])
    if entity == "contribution":
        values["year"] = int(str(values["on_date"])[:4])
        values["quantity"] = None if values["quantity"] is None else float(values["quantity"])
    return values


def save(store: Store, batch: audit.Batch, entity: str, state: dict[str, Any], *,
         hlc: str | None = None, at: str | None = None) -> dict[str, Any]:
    """Write one record's whole state and log it. Call inside a transaction.

    ``state`` holds :data:`STATE_FIELDS` (missing ones are empty) with ``uuid`` and
    ``nkey``; ``deleted: 1`` leaves a tombstone. The row is found by the state's uuid,
    else by its natural key (the same record made on another installation, whose uuid
    the row keeps); otherwise inserted. ``hlc`` and ``at`` keep another installation's
    stamp and time (sync); by default the write gets a new stamp. Returns the stored state.
    """
    return _RECORDS[entity].write(store, batch, state, _columns(store, entity, state), hlc=hlc, at=at)


# -- sync's bulk doors ----------------------------------------------------------------------------
#
# A package's rows arrive as column values already (sync's generic table entity reads the
# columns from the table and turns nkeys back into local ids); they keep the sender's
# stamp and are logged by the import from the package's history, so these write no
# change-log row. They raise sqlite3.IntegrityError on a clash (a reference still used).


def sync_rows(entity: str) -> SyncRows:
    """Sync's writer of the rows of ``entity`` (KeyError for a kind this module does not own)."""
    return _RECORDS[entity].rows


# -- restorers (undo/redo and sync) ---------------------------------------------------------------


def restore(store: Store, entity: str, entity_uuid: str, state: dict[str, Any] | None,
            batch: audit.Batch, nkey: str | None = None) -> None:
    """Undo/redo (and sync): bring a record to ``state``; None leaves a tombstone. A state
    without uuid or nkey (as a generic sync writer logs it) takes them from the arguments."""
    if state is None:
        current = state_of(store, entity, uuid=entity_uuid) or (
            state_of(store, entity, nkey=nkey) if nkey else None)
        if current is None or current["deleted"]:
            return
        save(store, batch, entity, {**current, "deleted": 1})
        return
    save(store, batch, entity, {"uuid": entity_uuid, "nkey": nkey, **state})


def _restorer(entity: str) -> audit.Restorer:
    def restorer(store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None,
                 batch: audit.Batch) -> None:
        restore(store, entity, entity_uuid, state, batch, nkey)

    return restorer

