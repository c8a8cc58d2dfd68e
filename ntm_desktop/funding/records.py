"""Funding records: natural keys, states, and the one writer of ``funding``.

Every write goes through :func:`save`, which writes a record's whole state (found by uuid,
else by natural key), stamps it with the clock and logs the change; undo and redo
(:func:`restore`, listed in :data:`ntm_desktop.history.KINDS`) call the same function. Sync
packages write rows that keep the sender's stamp through :class:`SyncRows`. A state names its
unit by the unit's nkey (``None``: the province), never by a local id. ``deleted`` is ordinary
content: a replaced or undone entry leaves a tombstone (``deleted: 1``) that travels.

Natural keys: ``funding|<unit nkey or *>|<year>|<source>|<level or ->|<kind>|<entry>``, where
``entry`` is the entry's uuid for one added with ``ntm funding add`` (several may add up), and
``=`` for the one figure a workbook or the window sets (it replaces the others of its key: the
same workbook imported on two installations gives one record).
"""

from __future__ import annotations

from typing import Any

from ntm_desktop import values
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.store.record_table import RecordTable, unit_id

ENTITY = "funding"
TABLE = "funding"
SET_ENTRY = "="
STATE_FIELDS = ("unit", "year", "source", "level", "kind", "amount", "note", "deleted")
_STATE_SQL = "SELECT r.*, u.nkey AS unit FROM funding r LEFT JOIN units u ON u.id = r.unit_id"
PROVINCE = "*"


def stem_of(unit_nkey: str | None, year: int, source: str, level: str | None, kind: str) -> str:
    """The key shared by the entries of one year, unit, source, level and kind (with a ``|``)."""
    return f"funding|{unit_nkey or PROVINCE}|{int(year)}|{source}|{level or '-'}|{kind}|"


RECORDS = RecordTable(ENTITY, TABLE, STATE_FIELDS, _STATE_SQL)
state_of = RECORDS.state_of


def live(store: Store, where: str = "", params: list[Any] | None = None) -> list[dict[str, Any]]:
    """The live states (no tombstones) matching ``where`` (SQL on ``r`` and ``u``), each with its
    ``unit_id``, by year, unit, source and kind."""
    return RECORDS.states(store, "r.deleted = 0" + (f" AND {where}" if where else ""), params,
                          order="r.year, coalesce(u.name, ''), r.source, r.level, r.kind, r.id")


def _columns(store: Store, state: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {f: state.get(f) for f in STATE_FIELDS if f != "unit"}
    out["unit_id"] = unit_id(store, state.get("unit"), "plan.missing_unit", optional=True)
    out["year"] = int(out["year"])
    out["amount"] = float(out["amount"])
    out["deleted"] = int(bool(out["deleted"]))
    return out


def save(store: Store, batch: audit.Batch, state: dict[str, Any], *, hlc: str | None = None,
         at: str | None = None) -> dict[str, Any]:
    """Write one record's whole state and log it (nothing when it is unchanged). Call inside a
    transaction. The row is found by the state's uuid, else by its natural key, else inserted.
    Returns the stored state."""
    return RECORDS.write(store, batch, state, _columns(store, state), hlc=hlc, at=at, skip_unchanged=True)


def restore(store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch) -> None:
    """Undo/redo (and a conflict's resolution): bring a record to ``state``; None leaves a
    tombstone. A state without uuid or nkey takes them from the arguments."""
    RECORDS.restore(store, entity_uuid, nkey, state, batch, save)


def show(state: dict[str, Any], _value_type: str | None) -> str:
    """A state as the history dialog shows it: ``2020 · ngân sách trung ương (giải ngân): 920.700 tr.đ``."""
    source = t(f"fund.source.{state['source']}")
    if state.get("level"):
        source += " – " + t("fund.level." + state["level"])
    shown = t("fund.show", year=state["year"], source=source, kind=t(f"fund.kind.{state['kind']}"),
              amount=values.format_number(float(state["amount"])))
    if state.get("deleted"):
        shown += " ✗"
    return shown


# sync's bulk door: the rows of ``funding`` as sync writes them (the ``rows`` of its ``TableEntity``)
SYNC_ROWS = RECORDS.rows
