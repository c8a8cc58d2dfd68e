"""A unit's logged state: the one writer of ``units`` and ``unit_aliases``.

Every change of a unit (the reference file, a commune added by hand, an event that renames
or closes it, undo, sync) goes through :func:`store_state`, so the change log, packages and
undo all see the same shape: the fields of :data:`~ntm_desktop.units.records.UNIT_FIELDS`,
``parent`` as a natural key and ``aliases`` as a list (:func:`snapshot`).
"""

from __future__ import annotations

import json
from typing import Any

from ntm_desktop import clock, ids, text
from ntm_desktop.store import audit, bulk
from ntm_desktop.store.database import Store, dumps
from ntm_desktop.units.records import DEFAULT_KIND, LEVELS, UNIT_FIELDS, Unit, by_nkey, get


def _nkey(level: str, name: str, code: str | None, parent_nkey: str | None) -> str:
    if code:
        return f"{level}:{code}"
    prefix = f"{parent_nkey}/" if parent_nkey else ""
    return f"{prefix}{level}:{text.match_key(name)}"


def snapshot(store: Store, unit_id: int) -> dict[str, Any]:
    """The unit's whole state as the change log keeps it (and :func:`store_state` takes it)."""
    row = store.query("SELECT * FROM units WHERE id = ?", [unit_id])[0]
    state = {field: row[field] for field in UNIT_FIELDS}
    state["programme"] = row["programme"]  # in the commune programme: 1, 0, None (by kind); travels in packages
    parent = row["parent_id"]
    state["parent"] = (
        store.query("SELECT nkey FROM units WHERE id = ?", [parent])[0]["nkey"] if parent else None
    )
    state["aliases"] = [
        r["alias"]
        for r in store.query("SELECT alias FROM unit_aliases WHERE unit_id = ? ORDER BY id", [unit_id])
    ]
    return state


def upsert_unit(
    store: Store,
    batch: audit.Batch,
    *,
    level: str,
    name: str,
    parent: Unit | None,
    kind: str | None = None,
    code: str | None = None,
    aliases: list[str] | tuple[str, ...] = (),
    region: str | None = None,
    dbkk: bool = False,
    area_class: str | None = None,
    border: bool = False,
    demo: bool = False,
) -> Unit:
    """Insert a unit, or update the one with the same natural key. Call inside a transaction."""
    name = text.clean(name)
    code = text.clean(code) or None
    nkey = _nkey(level, name, code, parent.nkey if parent else None)
    existing = by_nkey(store, nkey)
    old = snapshot(store, existing.id) if existing else None
    base = old or {"uuid": None, "nkey": nkey, "safe_zone": 0, "valid_from": None, "valid_to": None, "aliases": []}
    state = {
        **base,
        "level": level,
        "kind": kind or DEFAULT_KIND[level],
        "name": name,
        "code": code,
        "parent": parent.nkey if parent else None,
        "region": region,
        "dbkk": int(dbkk),
        "area_class": area_class,
        "border": int(border),
        "demo": int(demo),
        "aliases": list(base["aliases"]),
    }
    known = {text.match_key(alias) for alias in state["aliases"]}
    for alias in map(text.clean, aliases):  # added to the stored ones, never removed here
        if text.match_key(alias) not in known:
            known.add(text.match_key(alias))
            state["aliases"].append(alias)
    if existing is not None and state == old:
        return existing  # nothing new: no write, no new stamp (a re-run of `ntm init` …)
    hlc = store.next_hlc()
    unit_id = store_state(store, state, hlc=hlc, at=clock.now_iso(), unit_id=existing.id if existing else None,
                          parent_ids={parent.nkey: parent.id} if parent else None)
    new = snapshot(store, unit_id)
    audit.record(store, batch, entity="unit", entity_uuid=new["uuid"], nkey=nkey, old=old, new=new, hlc=hlc)
    return get(store, unit_id)


def store_state(store: Store, state: dict[str, Any], *, hlc: str, at: str, unit_id: int | None,
                parent_ids: dict[str, int] | None = None) -> int:
    """Write a unit's whole state (as :func:`snapshot` gives it: the fields, ``parent``
    as a nkey, ``aliases``) over the unit ``unit_id``, or as a new unit; returns its id.
    Undo and sync restore units through this one door (``programme`` only where the state
    has the key: a change logged before migration 0006, or a package, leaves it). No change-log row: the caller
    writes it. Raises sqlite3.IntegrityError on a clash (a nkey or uuid taken)."""
    parent = state.get("parent")
    if parent and parent_ids is not None:
        parent_id = parent_ids.get(parent)
    elif parent:
        found = store.db.execute("SELECT id FROM units WHERE nkey = ?", [parent]).fetchone()
        parent_id = found[0] if found else None
    else:
        parent_id = None
    name = text.clean(state["name"])
    values = {
        "nkey": state["nkey"], "level": state["level"], "kind": state.get("kind") or DEFAULT_KIND[state["level"]],
        "name": name, "name_key": text.match_key(name), "search_key": text.search_key(name),
        "code": state.get("code"), "parent_id": parent_id, "region": state.get("region"),
        "dbkk": int(state.get("dbkk") or 0), "area_class": state.get("area_class"),
        "border": int(state.get("border") or 0), "safe_zone": int(state.get("safe_zone") or 0),
        "valid_from": state.get("valid_from"), "valid_to": state.get("valid_to"),
        "demo": int(state.get("demo") or 0), "updated_at": at, "hlc": hlc,
    }
    if "programme" in state:  # a state of sync (no such key) leaves the setting as it is
        values["programme"] = state["programme"]
    if unit_id is not None:
        assign = ", ".join(f"{k} = ?" for k in values)
        store.db.execute(f"UPDATE units SET {assign} WHERE id = ?", [*values.values(), unit_id])
    else:
        uuid = state.get("uuid")
        if not uuid or store.db.execute("SELECT 1 FROM units WHERE uuid = ?", [uuid]).fetchone():
            uuid = ids.new_uuid()
        cols = ["uuid", *values]
        unit_id = store.db.execute(
            f"INSERT INTO units ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [uuid, *values.values()]).lastrowid
        assert unit_id is not None
    keep = {text.match_key(a): text.clean(a) for a in state.get("aliases") or []}
    current = {r[0] for r in store.db.execute("SELECT alias_key FROM unit_aliases WHERE unit_id = ?", [unit_id])}
    for gone in current - set(keep):
        store.db.execute("DELETE FROM unit_aliases WHERE unit_id = ? AND alias_key = ?", [unit_id, gone])
    for key, alias in keep.items():
        if key not in current:
            store.db.execute("INSERT INTO unit_aliases (unit_id, alias, alias_key) VALUES (?,?,?)",
                             [unit_id, alias, key])
    return unit_id


def restamp_many(store: Store, stamps: list[tuple[str, str, str]]) -> None:
    """Give units a new stamp and time without touching their content, (hlc, updated_at,
    nkey) each, in one statement: sync's restamp of the units whose incoming version
    holds the same content as the local one. No change-log row."""
    store.db.conn.executemany("UPDATE units SET hlc = ?, updated_at = ? WHERE nkey = ?", stamps)


def _restore(
    store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch
) -> None:
    """Undo/redo of a unit change: units are never deleted by undo, only reverted (every
    field, the parent and the aliases)."""
    rows = store.query("SELECT id FROM units WHERE uuid = ?", [entity_uuid])
    if not rows or state is None:
        return
    old = snapshot(store, rows[0]["id"])
    hlc = store.next_hlc()
    store_state(store, state, hlc=hlc, at=clock.now_iso(), unit_id=rows[0]["id"])
    new = snapshot(store, rows[0]["id"])
    audit.record(store, batch, entity="unit", entity_uuid=entity_uuid, nkey=new["nkey"], old=old, new=new, hlc=hlc)



def snapshots(store: Store, nkeys: list[str]) -> dict[str, dict[str, Any]]:
    """:func:`snapshot` of the units with these natural keys, in three queries (bulk loads)."""
    wanted = json.dumps(nkeys)
    rows = store.query("SELECT * FROM units WHERE nkey IN (SELECT value FROM json_each(?))", [wanted])
    if not rows:
        return {}
    by_id = {r["id"]: r for r in rows}
    parents = {r[0]: r[1] for r in store.db.conn.execute(
        "SELECT id, nkey FROM units WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted({r["parent_id"] for r in rows if r["parent_id"]}))])}
    aliases: dict[int, list[str]] = {}
    for unit_id, alias in store.db.conn.execute(
            "SELECT unit_id, alias FROM unit_aliases WHERE unit_id IN (SELECT value FROM json_each(?))"
            " ORDER BY id", [json.dumps(sorted(by_id))]):
        aliases.setdefault(unit_id, []).append(alias)
    out = {}
    for unit_id, row in by_id.items():
        state = {field: row[field] for field in UNIT_FIELDS}
        state["parent"] = parents.get(row["parent_id"]) if row["parent_id"] else None
        state["aliases"] = aliases.get(unit_id, [])
        out[row["nkey"]] = state
    return out


def write_many(store: Store, batch: audit.Batch, states: list[dict[str, Any]]) -> dict[str, int]:
    """Write many units' whole states (the shape of :func:`snapshot`; ``uuid`` None for a new
    unit) in multi-row statements, each logged as one change of its unit: the national lists.
    A unit whose natural key exists is updated where its state differs, and left alone
    (no write, no stamp) where it does not; parents come before their children in
    ``states`` or exist already. Call inside a transaction; returns the written units' ids
    by natural key (unchanged ones included)."""
    old = snapshots(store, [s["nkey"] for s in states])
    ids_by_nkey = {r[1]: r[0] for r in store.db.conn.execute(
        "SELECT id, nkey FROM units WHERE nkey IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted({s["nkey"] for s in states} | {s["parent"] for s in states if s["parent"]}))])}
    changed = [s for s in states if old.get(s["nkey"]) != {**s, "uuid": old.get(s["nkey"], {}).get("uuid")}]
    if not changed:
        return ids_by_nkey
    stamps = store.stamps(len(changed))
    fresh = iter(ids.new_uuids(sum(1 for s in changed if s["nkey"] not in old)))
    at = clock.now_iso()
    log: list[tuple[Any, ...]] = []
    for level in LEVELS:  # a level at a time: the parents' ids are known before the children
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        for state, hlc in zip(changed, stamps, strict=True):
            if state["level"] != level:
                continue
            before = old.get(state["nkey"])
            state = {**state, "uuid": before["uuid"] if before else next(fresh)}
            values = _columns(state, ids_by_nkey, hlc, at)
            if before:
                updates.append((*values, state["nkey"]))
            else:
                inserts.append((state["uuid"], state["nkey"], *values))
            log.append((ids.new_uuid(), batch.id, at, store.user, store.installation_id, hlc, "unit", state["uuid"],
                        state["nkey"], "update" if before else "insert", dumps(before) if before else None,
                        dumps(state), batch.source, batch.label))
        bulk.insert_rows(store.db.conn, f"INSERT INTO units (uuid, nkey, {', '.join(_BULK_COLUMNS)})", inserts)
        store.db.conn.executemany(
            f"UPDATE units SET {', '.join(f'{c} = ?' for c in _BULK_COLUMNS)} WHERE nkey = ?", updates)
        if inserts:
            ids_by_nkey.update({r[1]: r[0] for r in store.db.conn.execute(
                "SELECT id, nkey FROM units WHERE nkey IN (SELECT value FROM json_each(?))",
                [json.dumps([row[1] for row in inserts])])})
    gone, added = [], []
    for state in changed:
        unit_id = ids_by_nkey[state["nkey"]]
        had = {text.match_key(a) for a in (old.get(state["nkey"]) or {}).get("aliases", [])}
        keep = {text.match_key(a): text.clean(a) for a in state["aliases"]}
        gone += [(unit_id, key) for key in had - set(keep)]
        added += [(unit_id, alias, key) for key, alias in keep.items() if key not in had]
    store.db.conn.executemany("DELETE FROM unit_aliases WHERE unit_id = ? AND alias_key = ?", gone)
    store.db.conn.executemany("INSERT INTO unit_aliases (unit_id, alias, alias_key) VALUES (?,?,?)", added)
    audit.record_many(store.db.conn, log)
    batch.count += len(log)
    return ids_by_nkey


_BULK_COLUMNS = ("level", "kind", "name", "name_key", "search_key", "code", "parent_id", "region", "dbkk",
                 "area_class", "border", "safe_zone", "valid_from", "valid_to", "demo", "updated_at", "hlc")


def _columns(state: dict[str, Any], ids_by_nkey: dict[str, int], hlc: str, at: str) -> tuple[Any, ...]:
    """The values of :data:`_BULK_COLUMNS` for a state."""
    name = text.clean(state["name"])
    return (state["level"], state.get("kind") or DEFAULT_KIND[state["level"]], name, text.match_key(name),
            text.search_key(name), state.get("code"), ids_by_nkey[state["parent"]] if state["parent"] else None,
            state.get("region"), int(state.get("dbkk") or 0), state.get("area_class"), int(state.get("border") or 0),
            int(state.get("safe_zone") or 0), state.get("valid_from"), state.get("valid_to"),
            int(state.get("demo") or 0), at, hlc)


def write_state(store: Store, batch: audit.Batch, state: dict[str, Any], unit_id: int | None = None) -> int:
    """Write a unit's whole state (the shape of :func:`snapshot`) over ``unit_id`` or as a new
    unit, logged as one change of it in ``batch``: a user's change of units
    (:mod:`ntm_desktop.units.changes`). Call inside a transaction; returns the unit's id."""
    old = snapshot(store, unit_id) if unit_id is not None else None
    hlc = store.next_hlc()
    unit_id = store_state(store, state, hlc=hlc, at=clock.now_iso(), unit_id=unit_id)
    new = snapshot(store, unit_id)
    audit.record(store, batch, entity="unit", entity_uuid=new["uuid"], nkey=new["nkey"], old=old, new=new, hlc=hlc)
    return unit_id
