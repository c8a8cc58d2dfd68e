"""The one writer of a table of records: states, the logged upsert, undo's tombstones, sync's rows.

A record's state is its row: the table's state fields (a reference column ``x_id`` given as
``x``, the referenced record's natural key), plus ``uuid`` and ``nkey``. Every write of a
record goes through :meth:`RecordTable.write`: it finds the row by the state's uuid, else by
its natural key (the same record made on another installation, whose uuid the row keeps),
else inserts it; stamps it with the clock and logs the change. Undo and redo bring a record
back through the same door. Sync packages write rows that keep the sender's stamp through
:class:`SyncRows`, which logs nothing (the import logs the package's history).

The tables (recognitions, targets, funding, period states, the twinning tables) are declared
where their records live (``<area>/records.py``); this module writes them by the name they
are declared with (tests/test_table_owners.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ntm_desktop import clock, ids
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store

State = dict[str, Any]


def unit_id(store: Store, nkey: str | None, missing_key: str, *, optional: bool = False) -> int | None:
    """The local id of the unit a state names by ``nkey``; ``None`` when ``optional`` and no
    unit is named (a province-wide record). An unknown unit is refused with ``missing_key``."""
    if nkey is None and optional:
        return None
    found = store.db.execute("SELECT id FROM units WHERE nkey = ?", [nkey]).fetchone()
    if found is None:
        raise InputRejected(missing_key, unit=nkey)
    return int(found[0])


@dataclass(frozen=True)
class SyncRows:
    """The rows of one table as sync writes them (the ``rows`` of its
    :class:`~ntm_desktop.sync.entities.tables.TableEntity`): column values as the package
    carries them, the sender's stamp kept, nothing logged. They raise sqlite3.IntegrityError
    on a clash (a reference still used)."""

    table: str

    def store(self, store: Store, nkey: str, uuid: str | None, values: dict[str, Any], *, exists: bool) -> None:
        """Write the row ``nkey`` from its column values (``hlc`` and ``updated_at`` included):
        over the stored row when ``exists``, else inserted under ``uuid`` (a fresh one if
        missing or taken)."""
        if exists:
            assign = ", ".join(f"{k} = ?" for k in values)
            store.db.execute(f"UPDATE {self.table} SET {assign} WHERE nkey = ?", [*values.values(), nkey])
            return
        if not uuid or store.db.execute(f"SELECT 1 FROM {self.table} WHERE uuid = ?", [uuid]).fetchone():
            uuid = ids.new_uuids(1)[0]
        cols = ["uuid", "nkey", *values]
        store.db.execute(f"INSERT INTO {self.table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [uuid, nkey, *values.values()])

    def remove_many(self, store: Store, nkeys: list[str]) -> None:
        """Delete rows by natural key, in one statement (a package's deletion, or a conflict
        resolved to none)."""
        store.db.conn.executemany(f"DELETE FROM {self.table} WHERE nkey = ?", [(nkey,) for nkey in nkeys])

    def restamp_many(self, store: Store, stamps: list[tuple[str, str, str]]) -> None:
        """Give rows a new stamp and time without touching their content: (hlc, updated_at,
        nkey) each, in one statement."""
        store.db.conn.executemany(f"UPDATE {self.table} SET hlc = ?, updated_at = ? WHERE nkey = ?", stamps)


@dataclass(frozen=True)
class RecordTable:
    """One table of records and how its states are read.

    ``select`` reads the states: ``SELECT <alias>.*, … AS <reference>`` over the table aliased
    ``alias``, joined to what its references name. ``rekey``: an update also moves the row to
    the state's natural key (a record whose key follows its content); ``who``: the table has
    an ``updated_by`` column."""

    entity: str
    table: str
    fields: tuple[str, ...]
    select: str
    alias: str = "r"
    rekey: bool = True
    who: bool = True

    @property
    def rows(self) -> SyncRows:
        """Sync's writer of this table's rows."""
        return SyncRows(self.table)

    def state(self, row: Any) -> State:
        return {"uuid": row["uuid"], "nkey": row["nkey"], **{f: row[f] for f in self.fields}}

    def state_of(self, store: Store, *, uuid: str | None = None, nkey: str | None = None) -> State | None:
        """The stored state of one record (tombstones included), by uuid or natural key."""
        column, value = ("uuid", uuid) if uuid is not None else ("nkey", nkey)
        rows = store.query(f"{self.select} WHERE {self.alias}.{column} = ?", [value])
        return self.state(rows[0]) if rows else None

    def states(self, store: Store, where: str = "", params: list[Any] | None = None, *, order: str = "",
               extra: tuple[str, ...] = ("unit_id",)) -> list[State]:
        """The states matching ``where`` (SQL over the select's aliases), ordered by ``order``,
        each with the ``extra`` columns of its row (its local ``unit_id``)."""
        sql = self.select + (f" WHERE {where}" if where else "") + (f" ORDER BY {order}" if order else "")
        return [{**self.state(r), **{name: r[name] for name in extra}} for r in store.query(sql, params or [])]

    def write(self, store: Store, batch: audit.Batch, state: State, columns: dict[str, Any], *,
              hlc: str | None = None, at: str | None = None, skip_unchanged: bool = False) -> State:
        """Write one record's whole state and log it; call inside a transaction.

        ``columns`` are the row's values for ``state`` (references as local ids, derived
        columns computed; an ``updated_at`` of its own is kept, else the write's time). ``hlc``
        and ``at`` keep another installation's stamp and time; by default the write gets a new
        stamp. ``skip_unchanged``: a state equal to the stored one writes nothing, not even a
        stamp. Returns the stored state."""
        old = self.state_of(store, uuid=state["uuid"]) or self.state_of(store, nkey=state["nkey"])
        if skip_unchanged and old is not None and old["nkey"] == state["nkey"] and all(
                old[f] == columns.get(f, state.get(f)) for f in self.fields):
            return old
        hlc = hlc or store.next_hlc()
        values = {**columns}
        values.setdefault("updated_at", at or clock.now_iso())
        if self.who:
            values["updated_by"] = store.user
        values["hlc"] = hlc
        if old is not None:
            lead = ["nkey"] if self.rekey else []
            sets = ", ".join(f"{k} = ?" for k in [*lead, *values])
            keys = [state["nkey"]] if self.rekey else []
            store.db.execute(f"UPDATE {self.table} SET {sets} WHERE uuid = ?", [*keys, *values.values(), old["uuid"]])
            row_uuid = old["uuid"]
        else:
            cols = ["uuid", "nkey", *values]
            store.db.execute(f"INSERT INTO {self.table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
                             [state["uuid"], state["nkey"], *values.values()])
            row_uuid = state["uuid"]
        new = self.state_of(store, uuid=row_uuid)
        assert new is not None
        if new != old:
            audit.record(store, batch, entity=self.entity, entity_uuid=row_uuid, nkey=new["nkey"], old=old, new=new,
                         hlc=hlc, at=at)
        return new

    def restore(self, store: Store, entity_uuid: str, nkey: str, state: State | None, batch: audit.Batch,
                save: Callable[[Store, audit.Batch, State], State]) -> None:
        """Undo/redo (and a conflict's resolution) for a table of tombstones: bring a record to
        ``state`` through ``save``; None leaves a tombstone (``deleted: 1``). A state without
        uuid or nkey takes them from the arguments."""
        if state is None:
            current = self.state_of(store, uuid=entity_uuid) or self.state_of(store, nkey=nkey)
            if current is None or current["deleted"]:
                return
            save(store, batch, {**current, "deleted": 1})
            return
        save(store, batch, {**state, "uuid": entity_uuid, "nkey": state.get("nkey") or nkey})
