"""Any table of travelling records with ``uuid``, ``nkey`` and ``hlc`` columns, by one line.

The columns are read from the table itself; foreign keys to tables with an ``nkey``
column travel as that nkey (``commune_id`` → ``commune``: ``commune:23311``), never as
a local id. A ``deleted`` flag column, where a table has one, is ordinary content (a
soft deletion travels as a newer version). Twinning's agencies travel as one line,
listed in :data:`ntm_desktop.history.KINDS`. The rows are read here and written by the
table's owner, whose writer (:class:`Rows`) the entity is given::

    TableEntity("agency", "agencies", rows=twinning.records.sync_rows("agency"))
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ntm_desktop import clock
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.assessments import COMMON
from ntm_desktop.sync.entities.base import Context, Entity, Item, Scope, Selection
from ntm_desktop.sync.entities.units import _logged
from ntm_desktop.twinning import records

SPECIAL = ("id", "uuid", "nkey", "hlc", "updated_at", "updated_by")


@dataclass(frozen=True)
class _Column:
    name: str  # in the table
    label: str  # in the package
    kind: str  # int | real | text
    ref: str | None  # referenced table (its nkey travels)


@dataclass(frozen=True)
class _Schema:
    columns: tuple[_Column, ...]
    has_by: bool

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(c.label for c in self.columns)


def _affinity(declared: str) -> str:
    declared = (declared or "").upper()
    if "INT" in declared:
        return "int"
    if any(k in declared for k in ("REAL", "FLOA", "DOUB")):
        return "real"
    return "text"


class Rows(Protocol):
    """How the owner of a table writes the rows a package brings (the columns' values,
    references as local ids, the sender's stamp): :class:`ntm_desktop.twinning.records.SyncRows`.
    No change-log row; sqlite3.IntegrityError on a clash."""

    def store(self, store: Store, nkey: str, uuid: str | None, values: dict[str, Any], *, exists: bool) -> None:
        ...

    def remove_many(self, store: Store, nkeys: list[str]) -> None:
        ...

    def restamp_many(self, store: Store, stamps: list[tuple[str, str, str]]) -> None:
        ...


class TableEntity(Entity):
    def __init__(self, name: str, table: str, member: str | None = None, *, rows: Rows | None = None) -> None:
        self.name = name
        self.table = table
        self.member = member or f"records/{table}.csv"
        self.columns = ()
        self.rows = rows  # the owner's writer; None reads only (a referenced table)

    def _rows(self) -> Rows:
        if self.rows is None:
            raise TypeError(f"{self.table} is read here, not written (no owner's writer)")
        return self.rows

    # -- schema ----------------------------------------------------------------------
    def schema(self, store: Store) -> _Schema | None:
        key = f"sync_schema:{self.table}"
        if key in store.cache:
            return store.cache[key]
        info = store.db.conn.execute(f"PRAGMA table_info({self.table})").fetchall()
        if not info:
            store.cache[key] = None
            return None
        refs = {r[3]: r[2] for r in store.db.conn.execute(f"PRAGMA foreign_key_list({self.table})")}
        columns = []
        for _cid, col, declared, _notnull, _default, _pk in info:
            if col in SPECIAL:
                continue
            ref = refs.get(col)
            if ref is not None and not any(r[1] == "nkey" for r in store.db.conn.execute(f"PRAGMA table_info({ref})")):
                ref = None
            label = col[:-3] if ref and col.endswith("_id") else col
            columns.append(_Column(col, label, _affinity(declared), ref))
        schema = _Schema(tuple(columns), any(r[1] == "updated_by" for r in info))
        store.cache[key] = schema
        return schema

    def header(self, store: Store) -> tuple[str, ...]:
        schema = self.schema(store)
        return ("nkey", *COMMON, *(schema.labels if schema else ()))

    def _nkeys(self, store: Store, table: str) -> dict[int, str]:
        return {r[0]: r[1] for r in store.db.conn.execute(f"SELECT id, nkey FROM {table}")}

    def _ids(self, store: Store, table: str) -> dict[str, int]:
        return {r[1]: r[0] for r in store.db.conn.execute(f"SELECT id, nkey FROM {table}")}

    # -- content -----------------------------------------------------------------------
    def state_key(self, state: dict[str, Any]) -> str:
        return json.dumps({k: v for k, v in state.items() if k not in ("uuid", "nkey", "hlc", "updated_at",
                                                                      "updated_by", "at", "by")},
                          ensure_ascii=False, sort_keys=True, default=str)

    def _stored(
        self, store: Store, where: str = "", params: list[Any] | None = None
    ) -> Iterator[tuple[dict[str, Any], Any]]:
        schema = self.schema(store)
        if schema is None:
            return
        maps = {c.ref: self._nkeys(store, c.ref) for c in schema.columns if c.ref}
        for row in store.query(f"SELECT * FROM {self.table}{where} ORDER BY id", params or []):
            state = {}
            for col in schema.columns:
                value = row[col.name]
                state[col.label] = maps[col.ref].get(value) if col.ref and value is not None else value
            yield state, row

    def live(self, store: Store, nkey: str) -> bool:
        if self.schema(store) is None:
            return False
        return bool(store.db.conn.execute(f"SELECT 1 FROM {self.table} WHERE nkey = ?", [nkey]).fetchone())

    def _unit_refs(self, store: Store, state: dict[str, Any]) -> list[str]:
        schema = self.schema(store)
        return [state[c.label] for c in (schema.columns if schema else ()) if c.ref == "units" and state[c.label]]

    def in_scope(self, store: Store, nkey: str, scope: Scope) -> bool:
        if scope.unit_nkeys is None:
            return True
        found = next(self._stored(store, " WHERE nkey = ?", [nkey]), None)
        return found is None or self._state_in_scope(store, found[0], scope, {})

    def _state_in_scope(self, store: Store, state: dict[str, Any], scope: Scope,
                        cache: dict[tuple[str, str], bool]) -> bool:
        """A row is in a scope through the units it names, else through the rows it names
        (a contribution through its twinning); a row naming neither belongs everywhere."""
        if scope.unit_nkeys is None:
            return True
        schema = self.schema(store)
        refs = [(c.ref, state[c.label]) for c in (schema.columns if schema else ()) if c.ref and state[c.label]]
        units = [nkey for table, nkey in refs if table == "units"]
        if units:
            return any(u in scope.unit_nkeys for u in units)
        others = [(table, nkey) for table, nkey in refs if table != "units"]
        if not others:
            return True
        for table, nkey in others:
            if (table, nkey) not in cache:
                cache[(table, nkey)] = False  # cycles end here
                owner = _owner(table)
                found = next(owner._stored(store, " WHERE nkey = ?", [nkey]), None)
                cache[(table, nkey)] = found is not None and owner._state_in_scope(
                    store, found[0], scope, cache)
            if cache[(table, nkey)]:
                return True
        return False

    def export(self, store: Store, sel: Selection) -> Iterator[list[Any]]:
        schema = self.schema(store)
        if schema is None:
            return
        changed = None if sel.full else sel.changed.get(self.name, set())
        anc = versions.ancestry(store, self.name, self.state_key, every=True)
        logged = _logged(store, self.name, sel.since)
        unit_ids = self._ids(store, "units")
        needed = sel.referenced_rows.get(self.table, set())
        cache: dict[tuple[str, str], bool] = {}
        for state, row in self._stored(store):
            nkey, hlc = row["nkey"], row["hlc"]
            if nkey not in needed:
                if changed is not None and nkey not in changed:
                    continue
                if not self._state_in_scope(store, state, sel.scope, cache):
                    continue
            for col in schema.columns:
                value = state[col.label]
                if col.ref == "units" and value in unit_ids:
                    sel.referenced_units.add(unit_ids[value])
                elif col.ref and value:
                    sel.referenced_rows.setdefault(col.ref, set()).add(value)
            history = anc.get(nkey)
            yield [nkey, hlc, " ".join(history.seen_for(hlc)) if history else "",
                   " ".join(history.bases_for(self.state_key(state))) if history else "",
                   "1" if (nkey, hlc) in logged else "", row["uuid"], row["updated_at"],
                   row["updated_by"] if schema.has_by else "",
                   *["" if state[c.label] is None else state[c.label] for c in schema.columns]]

    def parse(self, rows: Iterator[list[str]], ctx: Context) -> Iterator[list[Item]]:
        schema = self.schema(ctx.store)
        if schema is None:
            raise InputRejected("pkg.unknown_entity", path=ctx.path, names=self.name)
        items = []
        width = 8 + len(schema.columns)
        for number, row in enumerate(rows, start=2):
            if len(row) != width:
                raise ctx.bad(self.member, number, "số cột / columns")
            nkey, hlc, seen, base, logged, uuid, at, by = row[:8]
            state: dict[str, Any] = {}
            try:
                versions.parse(hlc)
                for col, raw in zip(schema.columns, row[8:], strict=True):
                    if raw == "":
                        state[col.label] = None
                    elif col.ref or col.kind == "text":
                        state[col.label] = raw
                    elif col.kind == "int":
                        state[col.label] = int(raw)
                    else:
                        state[col.label] = float(raw)
            except ValueError as exc:
                raise ctx.bad(self.member, number, str(exc)[:80]) from None
            if not nkey or not uuid:
                raise ctx.bad(self.member, number, "khóa / key")
            refs = self._unit_refs(ctx.store, state)
            items.append(Item(nkey, hlc, self.state_key(state), state, seen=versions.split(seen),
                              base=versions.split(base), uuid=uuid, at=at or None, by=by or None,
                              commune=next((r for r in refs if "commune:" in r), None), logged=logged == "1"))
        ctx.cache.setdefault(f"incoming:{self.table}", set()).update(i.nkey for i in items)
        if items:
            yield items

    def check(self, items: list[Item], ctx: Context) -> None:
        schema = self.schema(ctx.store)
        assert schema is not None
        known: dict[str, set[str]] = {}
        for col in schema.columns:
            if col.ref and col.ref not in known:
                known[col.ref] = set(self._ids(ctx.store, col.ref)) | ctx.cache.get(f"incoming:{col.ref}", set())
                if col.ref == "units":
                    known[col.ref] |= set(ctx.incoming_units)
        for item in items:
            for col in schema.columns:
                value = item.data[col.label]
                if col.ref and value is not None and value not in known[col.ref]:
                    raise ctx.missing("unit" if col.ref == "units" else "row", value)

    def local(self, items: list[Item], ctx: Context) -> dict[str, Item]:
        out = {}
        wanted = json.dumps([i.nkey for i in items])
        for state, row in self._stored(ctx.store, " WHERE nkey IN (SELECT value FROM json_each(?))", [wanted]):
            schema = self.schema(ctx.store)
            out[row["nkey"]] = Item(row["nkey"], row["hlc"], self.state_key(state), state, uuid=row["uuid"],
                                    at=row["updated_at"], by=row["updated_by"] if schema and schema.has_by else None)
        return out

    def state(self, item: Item) -> dict[str, Any] | None:
        return None if item.deleted else dict(item.data)

    def _put(self, store: Store, nkey: str, uuid: str | None, state: dict[str, Any], hlc: str, at: str,
             by: str | None, exists: bool, path: Any) -> None:
        schema = self.schema(store)
        assert schema is not None
        values: dict[str, Any] = {}
        for col in schema.columns:
            value = state.get(col.label)
            if col.ref and value is not None:
                found = store.db.execute(f"SELECT id FROM {col.ref} WHERE nkey = ?", [value]).fetchone()
                value = found[0] if found else None
            values[col.name] = value
        values["hlc"] = hlc
        values["updated_at"] = at
        if schema.has_by:
            values["updated_by"] = by
        try:
            self._rows().store(store, nkey, uuid, values, exists=exists)
        except sqlite3.IntegrityError as exc:
            raise InputRejected("pkg.cannot_apply", path=path, detail=f"{nkey[:80]}: {exc}"[:200]) from None

    def write(self, pairs: list[tuple[Item, Item | None]], ctx: Context) -> None:
        for inc, loc in pairs:
            self._put(ctx.store, inc.nkey, inc.uuid, inc.data, inc.hlc, inc.at or clock.now_iso(), inc.by,
                      exists=loc is not None and not loc.deleted, path=ctx.path)

    def remove(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        try:
            self._rows().remove_many(ctx.store, [inc.nkey for inc, _ in pairs])
        except sqlite3.IntegrityError as exc:
            raise InputRejected("pkg.cannot_apply", path=ctx.path, detail=str(exc)[:200]) from None

    def restamp(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        self._rows().restamp_many(ctx.store, [(inc.hlc, inc.at or clock.now_iso(), inc.nkey) for inc, _ in pairs])

    def describe(self, store: Store, nkey: str) -> str:
        found = next(self._stored(store, " WHERE nkey = ?", [nkey]), None)
        if found:
            for label in ("name", "agency", "commune"):
                if found[0].get(label):
                    return f"{self.name}: {found[0][label]}"
        return nkey

    def show(self, store: Store, nkey: str, state: dict[str, Any] | None) -> str:
        if state is None:
            return ""
        return " · ".join(f"{k}={v}" for k, v in state.items() if v not in (None, ""))

    def resolve(self, store: Store, nkey: str, state: dict[str, Any] | None, batch: Any) -> None:
        old = next(self._stored(store, " WHERE nkey = ?", [nkey]), None)
        hlc = store.next_hlc()
        if state is None:
            self._rows().remove_many(store, [nkey])
            if old:
                audit.record(store, batch, entity=self.name, entity_uuid=old[1]["uuid"], nkey=nkey, old=old[0],
                             new=None, hlc=hlc)
            return
        self._put(store, nkey, None, state, hlc, clock.now_iso(), store.user, exists=old is not None, path=None)
        new = next(self._stored(store, " WHERE nkey = ?", [nkey]))
        audit.record(store, batch, entity=self.name, entity_uuid=new[1]["uuid"], nkey=nkey,
                     old=old[0] if old else None, new=new[0], hlc=hlc)


_OWNERS: dict[str, TableEntity] = {}


def _owner(table: str) -> TableEntity:
    """The rows of a referenced table, read as :class:`TableEntity` reads its own (only the
    table matters: its columns are read from the table itself)."""
    found = _OWNERS.get(table)
    if found is None:
        found = _OWNERS[table] = TableEntity(table, table)
    return found


# Twinning (issue 4; ntm_desktop/twinning logs these entity names, with states shaped as
# this module reads the tables): agencies, assignments, contributions.
AGENCIES = TableEntity("agency", "agencies", rows=records.sync_rows("agency"))
TWINNINGS = TableEntity("twinning", "twinnings", rows=records.sync_rows("twinning"))
CONTRIBUTIONS = TableEntity("contribution", "contributions", rows=records.sync_rows("contribution"))
