"""Administrative units travel (communes added locally included), with their history events.

Units are matched by natural key (``commune:23311``, or the parent's key plus the name
key for a unit without an official code), so two installations loaded from the same
reference file hold the same units under different uuids and stamps, with equal content.
Units are never deleted; a unit's end is its ``valid_to`` and its history events.
The rows are read here and written by the units package, their one owner
(``store_state`` and ``restamp_many`` in :mod:`ntm_desktop.units.state`, ``store_event``
in :mod:`ntm_desktop.units.events`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from ntm_desktop import clock, text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.assessments import COMMON
from ntm_desktop.sync.entities.base import Context, Entity, Item, Scope, Selection

LEVELS = ("province", "district", "commune", "village")
FIELDS = ("level", "kind", "name", "code", "parent", "region", "dbkk", "area_class", "border", "safe_zone",
          "valid_from", "valid_to", "demo", "aliases", "programme")
FLAGS = ("dbkk", "border", "safe_zone", "demo")
OLDEST = "0000000000000-00000-"


def _states(store: Store, where: str = "", params: list[Any] | None = None) -> Iterator[tuple[dict[str, Any], Any]]:
    """(state as units._snapshot logs it, row) of stored units."""
    aliases: dict[int, list[str]] = {}
    for unit_id, alias in store.db.conn.execute("SELECT unit_id, alias FROM unit_aliases ORDER BY id"):
        aliases.setdefault(unit_id, []).append(alias)
    parents = {r[0]: r[1] for r in store.db.conn.execute("SELECT id, nkey FROM units")}
    for row in store.query("SELECT * FROM units" + where + " ORDER BY id", params or []):
        state = {k: row[k] for k in ("uuid", "nkey", "level", "kind", "name", "code", "region", "dbkk", "area_class",
                                     "border", "safe_zone", "valid_from", "valid_to", "demo")}
        state["parent"] = parents.get(row["parent_id"]) if row["parent_id"] else None
        state["aliases"] = aliases.get(row["id"], [])
        state["programme"] = row["programme"]  # in the commune programme: 1, 0, or None (by kind)
        yield state, row


def _depth(item: Item) -> tuple[int, int]:
    state = item.data
    return LEVELS.index(state["level"]), item.nkey.count("/")


class Units(Entity):
    name = "unit"
    member = "records/units.csv"
    columns = ("nkey", *COMMON, *FIELDS)
    tombstones = False

    def state_key(self, state: dict[str, Any]) -> str:
        key = {f: state.get(f) for f in FIELDS if f != "aliases"}
        key["aliases"] = sorted(state.get("aliases") or [])
        for flag in FLAGS:
            key[flag] = int(key[flag] or 0)
        return json.dumps(key, ensure_ascii=False, sort_keys=True)

    def commune_of(self, nkey: str) -> str | None:
        return nkey if nkey.rsplit("/", 1)[-1].startswith("commune:") else None

    def in_scope(self, store: Store, nkey: str, scope: Scope) -> bool:
        return scope.unit_nkeys is None or nkey in scope.unit_nkeys

    def live(self, store: Store, nkey: str) -> bool:
        return bool(store.db.conn.execute("SELECT 1 FROM units WHERE nkey = ?", [nkey]).fetchone())

    def export(self, store: Store, sel: Selection) -> Iterator[list[Any]]:
        changed = None if sel.full else sel.changed.get(self.name, set())
        wanted: set[int] | None = None
        if sel.scope.units is not None or changed is not None:
            wanted = set(sel.scope.units) if sel.scope.units is not None else set()
            if changed is not None:
                wanted = set(sel.referenced_units)
                ids = {r[0] for r in store.db.conn.execute(
                    "SELECT id FROM units WHERE nkey IN (SELECT value FROM json_each(?))",
                    [json.dumps(sorted(changed))])}
                if sel.scope.units is not None:
                    ids &= sel.scope.units
                wanted |= ids
            else:
                wanted |= sel.referenced_units
            wanted |= _ancestors(store, wanted)
        anc = versions.ancestry(store, self.name, self.state_key, every=True)
        logged = _logged(store, self.name, sel.since)
        for state, row in _states(store):
            if wanted is not None and row["id"] not in wanted:
                continue
            nkey, hlc = state["nkey"], row["hlc"]
            history = anc.get(nkey)
            seen = " ".join(history.seen_for(hlc)) if history else ""
            base = " ".join(history.bases_for(self.state_key(state))) if history else ""
            yield [nkey, hlc, seen, base, "1" if (nkey, hlc) in logged else "", state["uuid"], row["updated_at"], "",
                   *[json.dumps(state["aliases"], ensure_ascii=False) if f == "aliases" else _cell(state[f])
                     for f in FIELDS]]

    def parse(self, rows: Iterator[list[str]], ctx: Context) -> Iterator[list[Item]]:
        items = []
        width = len(self.columns)
        for number, row in enumerate(rows, start=2):
            if len(row) not in (width, width - 1):  # width - 1: a package made before `programme` travelled
                raise ctx.bad(self.member, number, f"{len(row)} cột / columns, cần / expected {width}")
            nkey, hlc, seen, base, logged, uuid, at, by = row[:8]
            state: dict[str, Any] = {"uuid": uuid, "nkey": nkey}
            for field, raw in zip(FIELDS, row[8:], strict=False):
                state[field] = raw or None
            try:
                if "programme" in state and state["programme"] is not None:
                    state["programme"] = int(state["programme"])
                    if state["programme"] not in (0, 1):
                        raise ValueError("programme")
                versions.parse(hlc)
                state["aliases"] = [text.clean(a) for a in json.loads(state["aliases"] or "[]")]
                for flag in FLAGS:
                    state[flag] = int(state[flag] or 0)
                    if state[flag] not in (0, 1):
                        raise ValueError(flag)
            except (ValueError, TypeError, AttributeError) as exc:
                raise ctx.bad(self.member, number, str(exc)[:80]) from None
            if not nkey or not uuid or state["level"] not in LEVELS or not text.clean(state["name"]):
                raise ctx.bad(self.member, number, "khóa, cấp hoặc tên / key, level or name")
            if state["area_class"] not in (None, "I", "II", "III"):
                raise ctx.bad(self.member, number, "area_class")
            state["name"] = text.clean(state["name"])
            items.append(Item(nkey, hlc, self.state_key(state), state, seen=versions.split(seen),
                              base=versions.split(base), uuid=uuid, at=at or None, by=by or None,
                              commune=self.commune_of(nkey), logged=logged == "1"))
        for item in items:
            ctx.incoming_units[item.nkey] = item
        if items:
            yield items

    def check(self, items: list[Item], ctx: Context) -> None:
        for item in items:
            parent = item.data["parent"]
            if parent and parent not in ctx.unit_ids and parent not in ctx.incoming_units:
                raise ctx.missing("unit", parent)

    def local(self, items: list[Item], ctx: Context) -> dict[str, Item]:
        wanted = json.dumps([i.nkey for i in items])
        out = {}
        for state, row in _states(ctx.store, " WHERE nkey IN (SELECT value FROM json_each(?))", [wanted]):
            out[state["nkey"]] = Item(state["nkey"], row["hlc"], self.state_key(state), state, uuid=state["uuid"],
                                      at=row["updated_at"], commune=self.commune_of(state["nkey"]))
        return out

    def state(self, item: Item) -> dict[str, Any] | None:
        return None if item.deleted else dict(item.data)

    def write(self, pairs: list[tuple[Item, Item | None]], ctx: Context) -> None:
        for inc, loc in sorted(pairs, key=lambda p: _depth(p[0])):
            ctx.unit_ids[inc.nkey] = _store_unit(ctx.store, inc.data, inc.hlc, inc.at or clock.now_iso(),
                                                 ctx.unit_ids, exists=loc is not None, path=ctx.path)

    def remove(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        """Units are never deleted."""

    def restamp(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        units.restamp_many(ctx.store, [(inc.hlc, inc.at or clock.now_iso(), inc.nkey) for inc, _loc in pairs])

    def describe(self, store: Store, nkey: str) -> str:
        rows = store.query("SELECT u.name, u.kind, p.name AS parent FROM units u"
                           " LEFT JOIN units p ON p.id = u.parent_id WHERE u.nkey = ?", [nkey])
        if not rows:
            return nkey
        return f"{rows[0]['kind']} {rows[0]['name']}" + (f" ({rows[0]['parent']})" if rows[0]["parent"] else "")

    def show(self, store: Store, nkey: str, state: dict[str, Any] | None) -> str:
        if state is None:
            return ""
        extras = [f"{k}={state[k]}" for k in ("code", "region", "area_class", "valid_to") if state.get(k)]
        flags = [k for k in FLAGS if state.get(k)]
        return " · ".join([state.get("name") or "", *extras, *flags])

    def resolve(self, store: Store, nkey: str, state: dict[str, Any] | None, batch: Any) -> None:
        if state is None:
            return
        ids = {r[0]: r[1] for r in store.db.conn.execute("SELECT nkey, id FROM units")}
        old = next((s for s, _ in _states(store, " WHERE nkey = ?", [nkey])), None)
        hlc = store.next_hlc()
        _store_unit(store, state, hlc, clock.now_iso(), ids, exists=old is not None, path=None)
        new = next(s for s, _ in _states(store, " WHERE nkey = ?", [nkey]))
        audit.record(store, batch, entity="unit", entity_uuid=new["uuid"], nkey=nkey, old=old, new=new, hlc=hlc)


def _cell(value: Any) -> Any:
    return "" if value is None else value


def _ancestors(store: Store, ids: set[int]) -> set[int]:
    parents = {r[0]: r[1] for r in store.db.conn.execute("SELECT id, parent_id FROM units")}
    out: set[int] = set()
    for unit_id in ids:
        current = parents.get(unit_id)
        while current is not None and current not in out:
            out.add(current)
            current = parents.get(current)
    return out


def _logged(store: Store, entity: str, since: int | None) -> set[tuple[str, str]]:
    """(nkey, hlc) of an entity's versions whose change-log row goes into the package."""
    return {(r[0], r[1]) for r in store.db.conn.execute(
        "SELECT nkey, hlc FROM changes WHERE entity = ? AND id > ?", [entity, since or 0])}


def _store_unit(
    store: Store, state: dict[str, Any], hlc: str, at: str, ids: dict[str, int], *, exists: bool, path: Any
) -> int:
    unit_id = ids.get(state["nkey"]) if exists else None
    if exists and unit_id is None:
        found = store.db.execute("SELECT id FROM units WHERE nkey = ?", [state["nkey"]]).fetchone()
        unit_id = found[0] if found else None
    try:
        return units.store_state(store, state, hlc=hlc, at=at, unit_id=unit_id, parent_ids=ids)
    except sqlite3.IntegrityError as exc:
        raise InputRejected("pkg.cannot_apply", path=path, detail=f"{str(state['nkey'])[:80]}: {exc}"[:200]) from None


class UnitEvents(Entity):
    """A unit's history (renamed from, merged into …); its stamp lives in the change log."""

    name = "unit_event"
    member = "records/unit_events.csv"
    data_fields = ("unit", "kind", "other", "old_name", "on_date", "decision", "note")
    columns = ("nkey", *COMMON, *data_fields)
    tombstones = False

    def state_key(self, state: dict[str, Any]) -> str:
        return json.dumps({f: state.get(f) for f in self.data_fields}, ensure_ascii=False, sort_keys=True)

    def _stored(self, store: Store) -> dict[str, tuple[dict[str, Any], Any]]:
        stamps: dict[str, str] = {}
        for nkey, hlc in store.db.conn.execute("SELECT nkey, hlc FROM changes WHERE entity = 'unit_event'"):
            if nkey not in stamps or versions.newer(hlc, stamps[nkey]):
                stamps[nkey] = hlc
        out = {}
        for row in store.query(
            "SELECT e.*, u.nkey AS unit, o.nkey AS other FROM unit_events e JOIN units u ON u.id = e.unit_id"
            " LEFT JOIN units o ON o.id = e.other_unit_id"
        ):
            nkey = f"unit_event|{row['unit']}|{row['uuid']}"
            state = {f: row[f] for f in self.data_fields}
            out[nkey] = (state, {"uuid": row["uuid"], "unit_id": row["unit_id"],
                                 "hlc": stamps.get(nkey) or OLDEST + store.installation_id})
        return out

    def live(self, store: Store, nkey: str) -> bool:
        return bool(store.db.conn.execute("SELECT 1 FROM unit_events WHERE uuid = ?",
                                          [nkey.rsplit("|", 1)[-1]]).fetchone())

    def in_scope(self, store: Store, nkey: str, scope: Scope) -> bool:
        return scope.unit_nkeys is None or nkey.split("|")[1] in scope.unit_nkeys

    def export(self, store: Store, sel: Selection) -> Iterator[list[Any]]:
        changed = None if sel.full else sel.changed.get(self.name, set())
        anc = versions.ancestry(store, self.name, self.state_key, every=True)
        logged = _logged(store, self.name, sel.since)
        for nkey, (state, meta) in sorted(self._stored(store).items()):
            if changed is not None and nkey not in changed:
                continue
            if sel.scope.unit_nkeys is not None and state["unit"] not in sel.scope.unit_nkeys:
                continue
            referenced = store.db.conn.execute("SELECT id FROM units WHERE nkey IN (?, ?)",
                                               [state["unit"], state["other"] or ""])
            sel.referenced_units |= {r[0] for r in referenced}
            hlc = meta["hlc"]
            history = anc.get(nkey)
            yield [nkey, hlc, " ".join(history.seen_for(hlc)) if history else "",
                   " ".join(history.bases_for(self.state_key(state))) if history else "",
                   "1" if (nkey, hlc) in logged else "", meta["uuid"], "", "",
                   *[_cell(state[f]) for f in self.data_fields]]

    def parse(self, rows: Iterator[list[str]], ctx: Context) -> Iterator[list[Item]]:
        items = []
        for number, row in enumerate(rows, start=2):
            if len(row) != len(self.columns):
                raise ctx.bad(self.member, number, "số cột / columns")
            nkey, hlc, seen, base, logged, uuid, at, by = row[:8]
            state = {f: (v or None) for f, v in zip(self.data_fields, row[8:], strict=True)}
            try:
                versions.parse(hlc)
            except ValueError:
                raise ctx.bad(self.member, number, "hlc") from None
            if not uuid or nkey != f"unit_event|{state['unit']}|{uuid}" or not state["kind"]:
                raise ctx.bad(self.member, number, "khóa / key")
            items.append(Item(nkey, hlc, self.state_key(state), state, seen=versions.split(seen),
                              base=versions.split(base), uuid=uuid, at=at or None, by=by or None, logged=logged == "1"))
        if items:
            yield items

    def check(self, items: list[Item], ctx: Context) -> None:
        for item in items:
            for ref in (item.data["unit"], item.data["other"]):
                if ref and ref not in ctx.unit_ids and ref not in ctx.incoming_units:
                    raise ctx.missing("unit", ref)

    def local(self, items: list[Item], ctx: Context) -> dict[str, Item]:
        stored = self._stored(ctx.store)
        out = {}
        for item in items:
            if item.nkey in stored:
                state, meta = stored[item.nkey]
                out[item.nkey] = Item(item.nkey, meta["hlc"], self.state_key(state), state, uuid=meta["uuid"])
        return out

    def state(self, item: Item) -> dict[str, Any] | None:
        return None if item.deleted else dict(item.data)

    def write(self, pairs: list[tuple[Item, Item | None]], ctx: Context) -> None:
        for inc, _loc in pairs:
            units.store_event(ctx.store, inc.uuid or "", inc.data, ctx.unit_ids)

    def remove(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        """History events are not deleted by sync."""

    def describe(self, store: Store, nkey: str) -> str:
        return Units().describe(store, nkey.split("|")[1])

    def show(self, store: Store, nkey: str, state: dict[str, Any] | None) -> str:
        if state is None:
            return ""
        return " · ".join(str(state[f]) for f in ("kind", "old_name", "on_date", "decision") if state.get(f))

    def resolve(self, store: Store, nkey: str, state: dict[str, Any] | None, batch: Any) -> None:
        if state is None:
            return
        ids = {r[0]: r[1] for r in store.db.conn.execute("SELECT nkey, id FROM units")}
        old = self._stored(store).get(nkey)
        units.store_event(store, nkey.rsplit("|", 1)[-1], state, ids)
        audit.record(store, batch, entity=self.name, entity_uuid=nkey.rsplit("|", 1)[-1], nkey=nkey,
                     old=old[0] if old else None, new=dict(state))


UNITS = Units()
UNIT_EVENTS = UnitEvents()
