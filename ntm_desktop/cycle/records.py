"""Period states: natural keys, states, and the one writer of ``period_states``.

A row is the state of one period for one unit (``open``, ``submitted``, ``locked``), with who
set it, when, the clock stamp it was set under (``state_hlc``, what sync compares values
with) and, for an unlock, the reason. Every write goes through :func:`save`, which writes a
record's whole state (found by uuid, else by natural key), stamps it and logs the change;
undo and redo (:func:`restore`, listed in :data:`ntm_desktop.history.KINDS`) call the same
function, so the state they bring back keeps who set it and when. Sync packages write rows
that keep the sender's stamp through :class:`SyncRows` (the generic table entity reads the
table, the unit travelling as its nkey).
"""

from __future__ import annotations

from typing import Any

from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.store.record_table import RecordTable, unit_id

ENTITY = "period_state"
TABLE = "period_states"
STATES = ("open", "submitted", "locked")
STATE_FIELDS = ("unit", "period", "state", "reason", "state_by", "state_at", "state_hlc")
_STATE_SQL = "SELECT p.*, u.nkey AS unit FROM period_states p JOIN units u ON u.id = p.unit_id"


def nkey_of(unit_nkey: str, period: str) -> str:
    """``period_state|<unit nkey>|<period code>``: one state per unit and period."""
    return f"period_state|{unit_nkey}|{period}"


RECORDS = RecordTable(ENTITY, TABLE, STATE_FIELDS, _STATE_SQL, alias="p")
state_of = RECORDS.state_of


def states(store: Store, periods: list[str] | None = None) -> list[dict[str, Any]]:
    """Every stored state (of the ``periods`` codes, if given), each with its ``unit_id``."""
    if periods is None:
        return RECORDS.states(store, order="p.id")
    return RECORDS.states(store, f"p.period IN ({', '.join('?' for _ in periods)})", list(periods), order="p.id")


def save(store: Store, batch: audit.Batch, state: dict[str, Any], *, hlc: str | None = None) -> dict[str, Any]:
    """Write one record's whole state and log it. Call inside a transaction.

    ``state`` holds :data:`STATE_FIELDS` with ``uuid`` and ``nkey``; ``state_hlc`` None takes
    the stamp this write is made under. Returns the stored state."""
    if state.get("state") not in STATES:
        raise InputRejected("cycle.bad_state", state=state.get("state"))
    unit = unit_id(store, state.get("unit"), "cycle.missing_unit")
    hlc = hlc or store.next_hlc()
    values: dict[str, Any] = {f: state.get(f) for f in STATE_FIELDS if f != "unit"}
    values.update(unit_id=unit, state_hlc=state.get("state_hlc") or hlc, updated_at=values["state_at"])
    return RECORDS.write(store, batch, state, values, hlc=hlc)


def restore(store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch) -> None:
    """Undo/redo: bring a record to ``state``, keeping who set it and when (the undo is logged
    as a change of its own). None (undoing the record's first state) leaves it open. The
    state takes the stamp of this write (``state_hlc``): a lock brought back by an undo holds
    from now, so values edited while it was lifted stay accepted everywhere."""
    if state is None:
        current = state_of(store, uuid=entity_uuid) or state_of(store, nkey=nkey)
        if current is None or current["state"] == "open" and not current["reason"]:
            return
        save(store, batch, {**current, "state": "open", "reason": None, "state_hlc": None})
        return
    save(store, batch, {**state, "uuid": entity_uuid, "nkey": state.get("nkey") or nkey, "state_hlc": None})


def show(state: dict[str, Any], _value_type: str | None) -> str:
    """A state as the history dialog shows it: ``Đã khóa — nva, 06/12/2026 04:20 (lý do: …)``."""
    shown = t("cycle.show", state=t(f"cycle.state.{state['state']}"), by=state.get("state_by") or "",
              at=when(state.get("state_at")))
    if state.get("reason"):
        shown += " " + t("cycle.show_reason", reason=state["reason"])
    return shown


def when(iso: str | None) -> str:
    """2026-12-06T04:20:00Z → 06/12/2026 04:20 (UTC, as stored)."""
    if not iso:
        return ""
    day, _, time = str(iso).partition("T")
    year, month, dd = day.split("-")
    return f"{dd}/{month}/{year}" + (f" {time[:5]}" if time else "")


# sync's bulk door: the rows of ``period_states`` as sync writes them (the ``rows`` of its table entity)
SYNC_ROWS = RECORDS.rows
