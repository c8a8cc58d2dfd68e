"""Target records: natural keys, states, and the one writer of ``targets``.

Every write goes through :func:`save`, which writes a record's whole state (found by uuid,
else by natural key), stamps it with the clock and logs the change; undo and redo
(:func:`restore`, listed in :data:`ntm_desktop.history.KINDS`) call the same function. Sync
packages write rows that keep the sender's stamp through :class:`SyncRows`. A state names
its unit by the unit's nkey (``None``: the whole province), never by a local id, which is
also how sync's generic table entity reads the table. ``deleted`` is ordinary content: a
removed target leaves a tombstone (``deleted: 1``) that travels like any version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm_desktop import clock, ids
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store

ENTITY = "target"
TABLE = "targets"
COMMUNE_KINDS = ("ntm", "nang-cao", "kieu-mau", "hien-dai", "criterion")
KINDS = ("communes", *COMMUNE_KINDS)
STATE_FIELDS = ("unit", "kind", "year", "criterion", "communes", "decision", "note", "deleted")
_STATE_SQL = "SELECT r.*, u.nkey AS unit FROM targets r LEFT JOIN units u ON u.id = r.unit_id"
PROVINCE = "*"  # the scope key of a province-wide target (no unit)


def nkey_of(unit_nkey: str | None, kind: str, year: int, criterion: int | None) -> str:
    """``target|<scope>|communes|<year>|<criterion>`` for a scope's count (one per scope, year
    and criterion), ``target|<commune nkey>|<kind>|<criterion or ->`` for a commune's target
    year (one per commune and kind: setting it again moves the year)."""
    if kind == "communes":
        return f"target|{unit_nkey or PROVINCE}|communes|{int(year)}|{criterion}"
    return f"target|{unit_nkey}|{kind}|{criterion if criterion is not None else '-'}"


def state_of(store: Store, *, uuid: str | None = None, nkey: str | None = None) -> dict[str, Any] | None:
    """The stored state of one record (tombstones included), by uuid or natural key."""
    column, value = ("uuid", uuid) if uuid is not None else ("nkey", nkey)
    rows = store.query(f"{_STATE_SQL} WHERE r.{column} = ?", [value])
    if not rows:
        return None
    return {"uuid": rows[0]["uuid"], "nkey": rows[0]["nkey"], **{f: rows[0][f] for f in STATE_FIELDS}}


def live(store: Store, where: str = "", params: list[Any] | None = None) -> list[dict[str, Any]]:
    """The live states (no tombstones) matching ``where`` (SQL on ``r`` and ``u``), each with its
    ``unit_id``, by year, scope and criterion."""
    rows = store.query(f"{_STATE_SQL} WHERE r.deleted = 0{' AND ' + where if where else ''}"
                       " ORDER BY r.year, r.kind, coalesce(u.name, ''), r.criterion, r.id", params or [])
    return [{"uuid": r["uuid"], "nkey": r["nkey"], "unit_id": r["unit_id"], **{f: r[f] for f in STATE_FIELDS}}
            for r in rows]


def _columns(store: Store, state: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {f: state.get(f) for f in STATE_FIELDS if f != "unit"}
    unit_id = None
    if state.get("unit") is not None:
        found = store.db.execute("SELECT id FROM units WHERE nkey = ?", [state.get("unit")]).fetchone()
        if found is None:
            raise InputRejected("plan.missing_unit", unit=state.get("unit"))
        unit_id = found[0]
    values["unit_id"] = unit_id
    values["year"] = int(values["year"])
    for name in ("criterion", "communes"):
        values[name] = None if values[name] is None else int(values[name])
    values["deleted"] = int(bool(values["deleted"]))
    return values


def save(store: Store, batch: audit.Batch, state: dict[str, Any], *, hlc: str | None = None,
         at: str | None = None) -> dict[str, Any]:
    """Write one record's whole state and log it (nothing when it is unchanged). Call inside a
    transaction. The row is found by the state's uuid, else by its natural key, else inserted.
    Returns the stored state."""
    old = state_of(store, uuid=state["uuid"]) or state_of(store, nkey=state["nkey"])
    values = _columns(store, state)
    wanted = {**{f: values[f] for f in STATE_FIELDS if f != "unit"}, "unit": state.get("unit")}
    if old is not None and old["nkey"] == state["nkey"] and all(old[f] == wanted[f] for f in STATE_FIELDS):
        return old  # unchanged: no write, no stamp, no change-log row
    hlc = hlc or store.next_hlc()
    values.update(updated_at=at or clock.now_iso(), updated_by=store.user, hlc=hlc)
    if old is not None:
        sets = ", ".join(f"{k} = ?" for k in values)
        store.db.execute(f"UPDATE targets SET nkey = ?, {sets} WHERE uuid = ?",
                         [state["nkey"], *values.values(), old["uuid"]])
        row_uuid = old["uuid"]
    else:
        cols = ["uuid", "nkey", *values]
        store.db.execute(f"INSERT INTO targets ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
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
    """A state as the history dialog shows it: ``2020 · tiêu chí 2: 35 xã`` / ``2024 · NTM``."""
    if state["kind"] == "communes":
        shown = t("target.show_count", year=state["year"], criterion=state["criterion"], communes=state["communes"])
    elif state["kind"] == "criterion":
        shown = t("target.show_criterion", year=state["year"], criterion=state["criterion"])
    else:
        shown = t("target.show_kind", year=state["year"], kind=t(f"target.kind.{state['kind']}"))
    if state.get("deleted"):
        shown += " ✗"
    return shown


# -- sync's bulk door ------------------------------------------------------------------------------
# A package's rows arrive as column values (sync's generic table entity turns the unit's nkey
# back into its local id); they keep the sender's stamp and are logged by the import from the
# package's history, so these write no change-log row. They raise sqlite3.IntegrityError on a clash.


@dataclass(frozen=True)
class SyncRows:
    """The rows of ``targets`` as sync writes them (the ``rows`` of its ``TableEntity``)."""

    def store(self, store: Store, nkey: str, uuid: str | None, values: dict[str, Any], *, exists: bool) -> None:
        if exists:
            assign = ", ".join(f"{k} = ?" for k in values)
            store.db.execute(f"UPDATE targets SET {assign} WHERE nkey = ?", [*values.values(), nkey])
            return
        if not uuid or store.db.execute("SELECT 1 FROM targets WHERE uuid = ?", [uuid]).fetchone():
            uuid = ids.new_uuids(1)[0]
        cols = ["uuid", "nkey", *values]
        store.db.execute(f"INSERT INTO targets ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [uuid, nkey, *values.values()])

    def remove_many(self, store: Store, nkeys: list[str]) -> None:
        store.db.conn.executemany("DELETE FROM targets WHERE nkey = ?", [(nkey,) for nkey in nkeys])

    def restamp_many(self, store: Store, stamps: list[tuple[str, str, str]]) -> None:
        store.db.conn.executemany("UPDATE targets SET hlc = ?, updated_at = ? WHERE nkey = ?", stamps)


SYNC_ROWS = SyncRows()
