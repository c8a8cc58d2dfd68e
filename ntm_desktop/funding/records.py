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

from dataclasses import dataclass
from typing import Any

from ntm_desktop import clock, ids, values
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store

ENTITY = "funding"
TABLE = "funding"
SET_ENTRY = "="
STATE_FIELDS = ("unit", "year", "source", "level", "kind", "amount", "note", "deleted")
_STATE_SQL = "SELECT r.*, u.nkey AS unit FROM funding r LEFT JOIN units u ON u.id = r.unit_id"
PROVINCE = "*"


def stem_of(unit_nkey: str | None, year: int, source: str, level: str | None, kind: str) -> str:
    """The key shared by the entries of one year, unit, source, level and kind (with a ``|``)."""
    return f"funding|{unit_nkey or PROVINCE}|{int(year)}|{source}|{level or '-'}|{kind}|"


def state_of(store: Store, *, uuid: str | None = None, nkey: str | None = None) -> dict[str, Any] | None:
    """The stored state of one record (tombstones included), by uuid or natural key."""
    column, value = ("uuid", uuid) if uuid is not None else ("nkey", nkey)
    rows = store.query(f"{_STATE_SQL} WHERE r.{column} = ?", [value])
    if not rows:
        return None
    return {"uuid": rows[0]["uuid"], "nkey": rows[0]["nkey"], **{f: rows[0][f] for f in STATE_FIELDS}}


def live(store: Store, where: str = "", params: list[Any] | None = None) -> list[dict[str, Any]]:
    """The live states (no tombstones) matching ``where`` (SQL on ``r`` and ``u``), each with its
    ``unit_id``, by year, unit, source and kind."""
    rows = store.query(f"{_STATE_SQL} WHERE r.deleted = 0{' AND ' + where if where else ''}"
                       " ORDER BY r.year, coalesce(u.name, ''), r.source, r.level, r.kind, r.id", params or [])
    return [{"uuid": r["uuid"], "nkey": r["nkey"], "unit_id": r["unit_id"], **{f: r[f] for f in STATE_FIELDS}}
            for r in rows]


def _columns(store: Store, state: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {f: state.get(f) for f in STATE_FIELDS if f != "unit"}
    unit_id = None
    if state.get("unit") is not None:
        found = store.db.execute("SELECT id FROM units WHERE nkey = ?", [state.get("unit")]).fetchone()
        if found is None:
            raise InputRejected("plan.missing_unit", unit=state.get("unit"))
        unit_id = found[0]
    out["unit_id"] = unit_id
    out["year"] = int(out["year"])
    out["amount"] = float(out["amount"])
    out["deleted"] = int(bool(out["deleted"]))
    return out


def save(store: Store, batch: audit.Batch, state: dict[str, Any], *, hlc: str | None = None,
         at: str | None = None) -> dict[str, Any]:
    """Write one record's whole state and log it (nothing when it is unchanged). Call inside a
    transaction. The row is found by the state's uuid, else by its natural key, else inserted.
    Returns the stored state."""
    old = state_of(store, uuid=state["uuid"]) or state_of(store, nkey=state["nkey"])
    columns = _columns(store, state)
    wanted = {**{f: columns[f] for f in STATE_FIELDS if f != "unit"}, "unit": state.get("unit")}
    if old is not None and old["nkey"] == state["nkey"] and all(old[f] == wanted[f] for f in STATE_FIELDS):
        return old  # unchanged: no write, no stamp, no change-log row
    hlc = hlc or store.next_hlc()
    columns.update(updated_at=at or clock.now_iso(), updated_by=store.user, hlc=hlc)
    if old is not None:
        sets = ", ".join(f"{k} = ?" for k in columns)
        store.db.execute(f"UPDATE funding SET nkey = ?, {sets} WHERE uuid = ?",
                         [state["nkey"], *columns.values(), old["uuid"]])
        row_uuid = old["uuid"]
    else:
        cols = ["uuid", "nkey", *columns]
        store.db.execute(f"INSERT INTO funding ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                         [state["uuid"], state["nkey"], *columns.values()])
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
    """A state as the history dialog shows it: ``2020 · ngân sách trung ương (giải ngân): 920.700 tr.đ``."""
    source = t(f"fund.source.{state['source']}")
    if state.get("level"):
        source += " – " + t("fund.level." + state["level"])
    shown = t("fund.show", year=state["year"], source=source, kind=t(f"fund.kind.{state['kind']}"),
              amount=values.format_number(float(state["amount"])))
    if state.get("deleted"):
        shown += " ✗"
    return shown


# -- sync's bulk door ------------------------------------------------------------------------------
# A package's rows arrive as column values; they keep the sender's stamp and are logged by the
# import from the package's history, so these write no change-log row. They raise
# sqlite3.IntegrityError on a clash.


@dataclass(frozen=True)
class SyncRows:
    """The rows of ``funding`` as sync writes them (the ``rows`` of its ``TableEntity``)."""

    def store(self, store: Store, nkey: str, uuid: str | None, values: dict[str, Any], *, exists: bool) -> None:
        if exists:
            assign = ", ".join(f"{k} = ?" for k in values)
            store.db.execute(f"UPDATE funding SET {assign} WHERE nkey = ?", [*values.values(), nkey])
            return
        if not uuid or store.db.execute("SELECT 1 FROM funding WHERE uuid = ?", [uuid]).fetchone():
            uuid = ids.new_uuids(1)[0]
        cols = ["uuid", "nkey", *values]
        store.db.execute(f"INSERT INTO funding ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [uuid, nkey, *values.values()])

    def remove_many(self, store: Store, nkeys: list[str]) -> None:
        store.db.conn.executemany("DELETE FROM funding WHERE nkey = ?", [(nkey,) for nkey in nkeys])

    def restamp_many(self, store: Store, stamps: list[tuple[str, str, str]]) -> None:
        store.db.conn.executemany("UPDATE funding SET hlc = ?, updated_at = ? WHERE nkey = ?", stamps)


SYNC_ROWS = SyncRows()
