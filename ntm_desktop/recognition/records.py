"""Recognition records: natural keys, states, and the one writer of ``recognitions``.

Every write goes through :func:`save`, which writes a record's whole state (found by
uuid, else by natural key), stamps it with the clock and logs the change; undo and redo
(:func:`restore`, listed in :data:`ntm_desktop.history.KINDS`) call the same function.
Sync packages write rows that keep the sender's stamp through :class:`SyncRows`. A state
names its commune by the unit's nkey, never by a local id, so it means the same on every
installation; it is also how sync's generic table entity reads the table, so the change
log, packages and conflicts see the same states. ``deleted`` is ordinary content: undoing
an addition leaves a tombstone (``deleted: 1``) that travels like any version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm_desktop import clock, ids, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.recognition.kinds import dmy, short
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store

ENTITY = "recognition"
TABLE = "recognitions"
STATE_FIELDS = ("unit", "kind", "year", "decision", "decided_on", "issuer", "revoked_decision", "revoked_on",
                "note", "deleted")
_STATE_SQL = "SELECT r.*, u.nkey AS unit FROM recognitions r JOIN units u ON u.id = r.unit_id"


def decision_key(decision: str) -> str:
    """Key comparing decision numbers: NFC, trimmed, inner spaces dropped, case folded
    (``123/QĐ-UBND`` and ``123 / qđ-ubnd`` are one decision)."""
    return "".join(text.clean(decision).casefold().split())


def nkey_of(unit_nkey: str, kind: str, decision: str) -> str:
    """``recognition|<unit nkey>|<kind>|<decision key>``: one recognition of one kind per
    decision and commune (the same decision may recognise several communes)."""
    return f"recognition|{unit_nkey}|{kind}|{decision_key(decision)}"


def state_of(store: Store, *, uuid: str | None = None, nkey: str | None = None) -> dict[str, Any] | None:
    """The stored state of one record (tombstones included), by uuid or natural key."""
    column, value = ("uuid", uuid) if uuid is not None else ("nkey", nkey)
    rows = store.query(f"{_STATE_SQL} WHERE r.{column} = ?", [value])
    if not rows:
        return None
    return {"uuid": rows[0]["uuid"], "nkey": rows[0]["nkey"], **{f: rows[0][f] for f in STATE_FIELDS}}


def states(store: Store, unit_ids: list[int]) -> list[dict[str, Any]]:
    """The live states (no tombstones) of the units ``unit_ids``, each with its ``unit_id``,
    oldest decision first."""
    if not unit_ids:
        return []
    marks = ", ".join("?" for _ in unit_ids)
    rows = store.query(f"{_STATE_SQL} WHERE r.unit_id IN ({marks}) AND r.deleted = 0"
                       " ORDER BY r.decided_on, r.id", unit_ids)
    return [{"uuid": r["uuid"], "nkey": r["nkey"], "unit_id": r["unit_id"], **{f: r[f] for f in STATE_FIELDS}}
            for r in rows]


def _columns(store: Store, state: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {f: state.get(f) for f in STATE_FIELDS if f != "unit"}
    found = store.db.execute("SELECT id FROM units WHERE nkey = ?", [state.get("unit")]).fetchone()
    if found is None:
        raise InputRejected("recog.missing_unit", unit=state.get("unit"))
    values["unit_id"] = found[0]
    values["year"] = int(values["year"])
    values["deleted"] = int(bool(values["deleted"]))
    return values


def save(store: Store, batch: audit.Batch, state: dict[str, Any], *, hlc: str | None = None,
         at: str | None = None) -> dict[str, Any]:
    """Write one record's whole state and log it. Call inside a transaction.

    ``state`` holds :data:`STATE_FIELDS` with ``uuid`` and ``nkey``; ``deleted: 1`` leaves a
    tombstone. The row is found by the state's uuid, else by its natural key (a tombstone of
    the same recognition, or one made on another installation, whose uuid the row keeps);
    otherwise inserted. Returns the stored state."""
    old = state_of(store, uuid=state["uuid"]) or state_of(store, nkey=state["nkey"])
    values = _columns(store, state)
    hlc = hlc or store.next_hlc()
    values.update(updated_at=at or clock.now_iso(), updated_by=store.user, hlc=hlc)
    if old is not None:
        sets = ", ".join(f"{k} = ?" for k in values)
        store.db.execute(f"UPDATE recognitions SET nkey = ?, {sets} WHERE uuid = ?",
                         [state["nkey"], *values.values(), old["uuid"]])
        row_uuid = old["uuid"]
    else:
        cols = ["uuid", "nkey", *values]
        store.db.execute(f"INSERT INTO recognitions ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                         [state["uuid"], state["nkey"], *values.values()])
        row_uuid = state["uuid"]
    new = state_of(store, uuid=row_uuid)
    assert new is not None
    if new != old:
        audit.record(store, batch, entity=ENTITY, entity_uuid=row_uuid, nkey=new["nkey"], old=old, new=new,
                     hlc=hlc, at=at)
    return new


def restore(store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch) -> None:
    """Undo/redo (and a conflict's resolution): bring a record to ``state``; None leaves a
    tombstone. A state without uuid or nkey takes them from the arguments."""
    if state is None:
        current = state_of(store, uuid=entity_uuid) or state_of(store, nkey=nkey)
        if current is None or current["deleted"]:
            return
        save(store, batch, {**current, "deleted": 1})
        return
    save(store, batch, {**state, "uuid": entity_uuid, "nkey": state.get("nkey") or nkey})


def show(state: dict[str, Any], _value_type: str | None) -> str:
    """A state as the history dialog shows it: ``NTM nâng cao, 123/QĐ-UBND 30/12/2022; thu hồi …``."""
    shown = f"{short(state['kind'])}, {state['decision']} {dmy(state['decided_on'])}"
    if state.get("revoked_on"):
        shown += f"; ✗ {state.get('revoked_decision') or ''} {dmy(state['revoked_on'])}"
    if state.get("deleted"):
        shown += " ✗"
    return shown


# -- sync's bulk door ------------------------------------------------------------------------------
#
# A package's rows arrive as column values already (sync's generic table entity reads the
# columns from the table and turns the unit's nkey back into its local id); they keep the
# sender's stamp and are logged by the import from the package's history, so these write no
# change-log row. They raise sqlite3.IntegrityError on a clash.


@dataclass(frozen=True)
class SyncRows:
    """The rows of ``recognitions`` as sync writes them (the ``rows`` of its
    :class:`~ntm_desktop.sync.entities.tables.TableEntity`)."""

    def store(self, store: Store, nkey: str, uuid: str | None, values: dict[str, Any], *, exists: bool) -> None:
        """Write the row ``nkey`` from its column values: over the stored row when ``exists``,
        else inserted under ``uuid`` (a fresh one if missing or taken)."""
        if exists:
            assign = ", ".join(f"{k} = ?" for k in values)
            store.db.execute(f"UPDATE recognitions SET {assign} WHERE nkey = ?", [*values.values(), nkey])
            return
        if not uuid or store.db.execute("SELECT 1 FROM recognitions WHERE uuid = ?", [uuid]).fetchone():
            uuid = ids.new_uuids(1)[0]
        cols = ["uuid", "nkey", *values]
        store.db.execute(f"INSERT INTO recognitions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [uuid, nkey, *values.values()])

    def remove_many(self, store: Store, nkeys: list[str]) -> None:
        """Delete rows by natural key (a package's deletion, or a conflict resolved to none)."""
        store.db.conn.executemany("DELETE FROM recognitions WHERE nkey = ?", [(nkey,) for nkey in nkeys])

    def restamp_many(self, store: Store, stamps: list[tuple[str, str, str]]) -> None:
        """Give rows a new stamp and time without touching their content: (hlc, updated_at, nkey)."""
        store.db.conn.executemany("UPDATE recognitions SET hlc = ?, updated_at = ? WHERE nkey = ?", stamps)


SYNC_ROWS = SyncRows()
