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

from typing import Any

from ntm_desktop import text
from ntm_desktop.recognition.kinds import dmy, short
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.store.record_table import RecordTable, unit_id

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


RECORDS = RecordTable(ENTITY, TABLE, STATE_FIELDS, _STATE_SQL)
state_of = RECORDS.state_of


def states(store: Store, unit_ids: list[int]) -> list[dict[str, Any]]:
    """The live states (no tombstones) of the units ``unit_ids``, each with its ``unit_id``,
    oldest decision first."""
    if not unit_ids:
        return []
    marks = ", ".join("?" for _ in unit_ids)
    return RECORDS.states(store, f"r.unit_id IN ({marks}) AND r.deleted = 0", unit_ids, order="r.decided_on, r.id")


def _columns(store: Store, state: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {f: state.get(f) for f in STATE_FIELDS if f != "unit"}
    values["unit_id"] = unit_id(store, state.get("unit"), "recog.missing_unit")
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
    return RECORDS.write(store, batch, state, _columns(store, state), hlc=hlc, at=at)


def restore(store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch) -> None:
    """Undo/redo (and a conflict's resolution): bring a record to ``state``; None leaves a
    tombstone. A state without uuid or nkey takes them from the arguments."""
    RECORDS.restore(store, entity_uuid, nkey, state, batch, save)


def show(state: dict[str, Any], _value_type: str | None) -> str:
    """A state as the history dialog shows it: ``NTM nâng cao, 123/QĐ-UBND 30/12/2022; thu hồi …``."""
    shown = f"{short(state['kind'])}, {state['decision']} {dmy(state['decided_on'])}"
    if state.get("revoked_on"):
        shown += f"; ✗ {state.get('revoked_decision') or ''} {dmy(state['revoked_on'])}"
    if state.get("deleted"):
        shown += " ✗"
    return shown


# sync's bulk door: the rows of ``recognitions`` as sync writes them (the ``rows`` of its ``TableEntity``)
SYNC_ROWS = RECORDS.rows
