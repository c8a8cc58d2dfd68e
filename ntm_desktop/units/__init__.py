"""Administrative units: loading reference data, resolving names, adding units.

Units form a tree of any depth (province → district → commune → village); a unit's
history (renamed from, merged into …) is kept in ``unit_events``. Names are stored in
NFC and matched through :mod:`ntm_desktop.text` keys; a commune is always named
together with its district, since names repeat across districts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ntm_desktop import clock, ids, paths, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store

LEVELS = ("province", "district", "commune", "village")
DEFAULT_KIND = {"province": "tỉnh", "district": "huyện", "commune": "xã", "village": "thôn"}
UNIT_FIELDS = (
    "uuid nkey level kind name code region dbkk area_class border safe_zone valid_from valid_to demo"
).split()


@dataclass(frozen=True)
class Unit:
    id: int
    uuid: str
    nkey: str
    level: str
    kind: str
    name: str
    code: str | None
    parent_id: int | None
    region: str | None
    dbkk: bool
    area_class: str | None
    border: bool
    demo: bool

    @classmethod
    def from_row(cls, row: Any) -> Unit:
        return cls(
            row["id"],
            row["uuid"],
            row["nkey"],
            row["level"],
            row["kind"],
            row["name"],
            row["code"],
            row["parent_id"],
            row["region"],
            bool(row["dbkk"]),
            row["area_class"],
            bool(row["border"]),
            bool(row["demo"]),
        )


def _nkey(level: str, name: str, code: str | None, parent_nkey: str | None) -> str:
    if code:
        return f"{level}:{code}"
    prefix = f"{parent_nkey}/" if parent_nkey else ""
    return f"{prefix}{level}:{text.match_key(name)}"


def _snapshot(store: Store, unit_id: int) -> dict[str, Any]:
    row = store.query("SELECT * FROM units WHERE id = ?", [unit_id])[0]
    state = {field: row[field] for field in UNIT_FIELDS}
    parent = row["parent_id"]
    state["parent"] = (
        store.query("SELECT nkey FROM units WHERE id = ?", [parent])[0]["nkey"] if parent else None
    )
    state["aliases"] = [
        r["alias"]
        for r in store.query("SELECT alias FROM unit_aliases WHERE unit_id = ? ORDER BY id", [unit_id])
    ]
    return state


def get(store: Store, unit_id: int) -> Unit:
    return Unit.from_row(store.query("SELECT * FROM units WHERE id = ?", [unit_id])[0])


def by_nkey(store: Store, nkey: str) -> Unit | None:
    rows = store.query("SELECT * FROM units WHERE nkey = ?", [nkey])
    return Unit.from_row(rows[0]) if rows else None


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
    old = _snapshot(store, existing.id) if existing else None
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
    new = _snapshot(store, unit_id)
    audit.record(store, batch, entity="unit", entity_uuid=new["uuid"], nkey=nkey, old=old, new=new, hlc=hlc)
    return get(store, unit_id)


def store_state(store: Store, state: dict[str, Any], *, hlc: str, at: str, unit_id: int | None,
                parent_ids: dict[str, int] | None = None) -> int:
    """Write a unit's whole state (as :func:`_snapshot` gives it: the fields, ``parent``
    as a nkey, ``aliases``) over the unit ``unit_id``, or as a new unit; returns its id.
    Undo and sync restore units through this one door. No change-log row: the caller
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


def load_reference(store: Store, path: Path | None = None) -> int:
    """Load a units file (format of db/reference/kontum-units-2020.json). Idempotent.

    Returns the number of communes in the file.
    """
    path = path or paths.reference_dir() / "kontum-units-2020.json"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        province_name = data["province"]
        districts = data["districts"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputRejected("unit.bad_reference", path=path, detail=str(exc)) from None
    aliases: dict[str, list[str]] = {
        text.match_key(k): v for k, v in (data.get("aliases") or {}).items()
    }
    district_aliases: dict[str, list[str]] = {
        text.match_key(k): v for k, v in (data.get("district_aliases") or {}).items()
    }
    difficult = {
        (text.match_key(d), text.match_key(c))
        for d, c in (data.get("especially_difficult_twinned_2021") or {}).get("communes", [])
    }
    region = data.get("region")
    count = 0
    batch = audit.new_batch("reference", f"units: {Path(path).name}")
    with store.transaction():
        province = upsert_unit(
            store,
            batch,
            level="province",
            name=province_name,
            parent=None,
            code=data.get("province_code"),
            region=region,
        )
        for district in districts:
            dist = upsert_unit(
                store,
                batch,
                level="district",
                name=district["name"],
                kind=district.get("kind"),
                parent=province,
                code=district.get("code"),
                aliases=district_aliases.get(text.match_key(district["name"]), []),
            )
            for commune in district["communes"]:
                key = (text.match_key(district["name"]), text.match_key(commune["name"]))
                upsert_unit(
                    store,
                    batch,
                    level="commune",
                    name=commune["name"],
                    kind=commune.get("kind"),
                    parent=dist,
                    code=commune.get("code"),
                    aliases=aliases.get(text.match_key(commune["name"]), []),
                    dbkk=key in difficult,
                )
                count += 1
    return count


# -- queries ------------------------------------------------------------------


def children(store: Store, parent_id: int | None, level: str | None = None) -> list[Unit]:
    sql = "SELECT * FROM units WHERE parent_id IS ?" + (" AND level = ?" if level else "")
    params: list[Any] = [parent_id] + ([level] if level else [])
    units = [Unit.from_row(r) for r in store.query(sql, params)]
    return sorted(units, key=lambda u: text.sort_key(u.name))


def all_of_level(store: Store, level: str) -> list[Unit]:
    units = [Unit.from_row(r) for r in store.query("SELECT * FROM units WHERE level = ?", [level])]
    return sorted(units, key=lambda u: text.sort_key(u.name))


def aliases_of(store: Store, unit_id: int) -> list[str]:
    return [
        r["alias"] for r in store.query("SELECT alias FROM unit_aliases WHERE unit_id = ?", [unit_id])
    ]


def region_of(store: Store, unit: Unit) -> str | None:
    """The unit's region, inherited from its ancestors when not set on it."""
    current: Unit | None = unit
    while current is not None:
        if current.region:
            return current.region
        current = get(store, current.parent_id) if current.parent_id else None
    return None


def ancestor(store: Store, unit: Unit, level: str) -> Unit | None:
    current: Unit | None = unit
    while current is not None and current.level != level:
        current = get(store, current.parent_id) if current.parent_id else None
    return current


def _candidates(store: Store, level: str, name: str, parent_ids: list[int] | None) -> list[Unit]:
    key = text.match_key(name)
    where = "u.level = ?"
    params: list[Any] = [level]
    if parent_ids is not None:
        where += f" AND u.parent_id IN ({', '.join('?' for _ in parent_ids)})"
        params += parent_ids
    exact = store.query(
        f"SELECT DISTINCT u.* FROM units u LEFT JOIN unit_aliases a ON a.unit_id = u.id"
        f" WHERE {where} AND (u.name_key = ? OR a.alias_key = ?)",
        [*params, key, key],
    )
    if exact:
        return [Unit.from_row(r) for r in exact]
    # accent-insensitive; unaccented input may begin with an accented name's first word
    # ("xa nghia" for the alias "Xa Nghĩa"), so the unstripped form is tried as well
    folded = {text.search_key(name), text.fold(name)}
    rows = store.query(
        f"SELECT u.*, group_concat(a.alias, '|') AS aliases FROM units u"
        f" LEFT JOIN unit_aliases a ON a.unit_id = u.id WHERE {where} GROUP BY u.id",
        params,
    )
    found = []
    for row in rows:
        names = [row["name"], *(row["aliases"].split("|") if row["aliases"] else [])]
        if any(text.search_key(n) in folded for n in names):
            found.append(Unit.from_row(row))
    return found


def _suggest(store: Store, level: str, name: str, parent_ids: list[int] | None) -> list[str]:
    sql = "SELECT u.name, p.name AS parent FROM units u LEFT JOIN units p ON p.id = u.parent_id WHERE u.level = ?"
    params: list[Any] = [level]
    if parent_ids is not None:
        sql += f" AND u.parent_id IN ({', '.join('?' for _ in parent_ids)})"
        params += parent_ids
    rows = store.query(sql, params)
    # a name may occur in several districts (Đăk Long): keep every one of them
    labels: dict[str, list[str]] = {}
    for r in rows:
        label = f"{r['name']} ({r['parent']})" if level == "commune" else r["name"]
        labels.setdefault(r["name"], []).append(label)
    best = text.closest(name, list(labels), limit=5, cutoff=0.5)
    return [label for b in best for label in sorted(labels[b], key=text.sort_key)]


def resolve_district(store: Store, name: str) -> Unit:
    found = _candidates(store, "district", name, None)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise InputRejected(
            "unit.ambiguous_district", name=name, districts=", ".join(u.name for u in found)
        )
    suggestions = _suggest(store, "district", name, None)
    details = [text_suggest(suggestions)] if suggestions else []
    raise InputRejected("unit.unknown_district", details, name=name)


def text_suggest(names: list[str]) -> str:
    from ntm_desktop.i18n import t

    return t("unit.suggest", names="; ".join(names))


def resolve_commune(store: Store, commune: str, district: str | None = None) -> Unit:
    """The commune named ``commune`` (in ``district``), or InputRejected with close matches."""
    parent_ids = [resolve_district(store, district).id] if district else None
    found = _candidates(store, "commune", commune, parent_ids)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = ", ".join(sorted((get(store, u.parent_id).name for u in found if u.parent_id), key=text.sort_key))
        raise InputRejected("unit.ambiguous_commune", name=commune, districts=names)
    suggestions = _suggest(store, "commune", commune, parent_ids)
    if not suggestions and parent_ids is not None:
        suggestions = _suggest(store, "commune", commune, None)
    from ntm_desktop.i18n import t

    where = t("unit.in_district", district=get(store, parent_ids[0]).name) if parent_ids else ""
    details = [text_suggest(suggestions)] if suggestions else []
    raise InputRejected("unit.unknown_commune", details, name=commune, where=where)


def add_commune(
    store: Store, district: str, commune: str, code: str | None = None, demo: bool = False
) -> Unit:
    """Create a commune under a known district (refused if it exists there already)."""
    dist = resolve_district(store, district)
    name = text.strip_prefix(text.clean(commune))
    if code is not None:
        code = text.clean(code)
        if not code.isdigit():
            raise InputRejected("unit.bad_code", code=code)
        taken = store.query("SELECT name FROM units WHERE level = 'commune' AND code = ?", [code])
        if taken:
            raise InputRejected("unit.code_taken", code=code, other=taken[0]["name"])
    if _candidates(store, "commune", name, [dist.id]):
        raise InputRejected("unit.exists", commune=name, district=dist.name)
    batch = audit.new_batch("entered", f"add commune {name}")
    with store.transaction():
        return upsert_unit(
            store, batch, level="commune", name=name, parent=dist, code=code, demo=demo
        )


def add_commune_in(store: Store, batch: audit.Batch, district: str, commune: str) -> Unit:
    """Create a commune inside a caller's transaction and batch (imports with --add-units)."""
    dist = resolve_district(store, district)
    name = text.strip_prefix(text.clean(commune))
    return upsert_unit(store, batch, level="commune", name=name, parent=dist)


def list_communes(store: Store, district: Unit | None = None) -> list[dict[str, Any]]:
    """CONTRACT §1 ``units list --json``: ``{district, commune, code}`` for every commune."""
    sql = (
        "SELECT c.name AS commune, c.code AS code, d.name AS district FROM units c"
        " JOIN units d ON d.id = c.parent_id WHERE c.level = 'commune'"
    )
    params: list[Any] = []
    if district:
        sql += " AND d.id = ?"
        params.append(district.id)
    rows = store.query(sql, params)
    out = [{"district": r["district"], "commune": r["commune"], "code": r["code"]} for r in rows]
    return sorted(out, key=lambda r: (text.sort_key(r["district"]), text.sort_key(r["commune"])))


EVENT_KINDS = ("renamed_from", "merged_into", "split_from", "reclassified", "moved", "dissolved")


@dataclass(frozen=True)
class UnitEvent:
    kind: str
    unit: str  # name of the unit the event belongs to
    other: str | None  # the other unit (merged into X, split from Y)
    old_name: str | None
    on_date: str | None
    decision: str | None
    note: str | None


def record_event(
    store: Store,
    unit: Unit,
    kind: str,
    *,
    other: Unit | None = None,
    old_name: str | None = None,
    on_date: str | None = None,
    decision: str | None = None,
    note: str | None = None,
) -> None:
    """Record a change in a unit's history (renamed from, merged into …), with the
    decision that made it. Old results stay attached to the unit's own record; merging
    never moves them, so a report on a past year still finds them where they were."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown unit event {kind!r}")
    event_uuid = ids.new_uuid()
    state = {
        "unit": unit.nkey,
        "kind": kind,
        "other": other.nkey if other else None,
        "old_name": text.clean(old_name) or None,
        "on_date": on_date,
        "decision": text.clean(decision) or None,
        "note": text.clean(note) or None,
    }
    batch = audit.new_batch("entered", f"{unit.name}: {kind}")
    with store.transaction():
        store.db.execute(
            "INSERT INTO unit_events (uuid, unit_id, kind, other_unit_id, old_name, on_date, decision, note)"
            " VALUES (?,?,?,?,?,?,?,?)",
            [event_uuid, unit.id, kind, other.id if other else None, state["old_name"], on_date,
             state["decision"], state["note"]],
        )
        audit.record(store, batch, entity="unit_event", entity_uuid=event_uuid,
                     nkey=f"unit_event|{unit.nkey}|{event_uuid}", old=None, new=state)
        # what the event changes on the unit itself is a change of the unit: stamped and
        # logged, so that it travels in packages and goes back with undo
        before = _snapshot(store, unit.id)
        after = dict(before)
        if kind == "renamed_from" and state["old_name"] and text.match_key(state["old_name"]) not in {
                text.match_key(a) for a in before["aliases"]}:
            after["aliases"] = [*before["aliases"], state["old_name"]]
        if kind in ("merged_into", "dissolved") and on_date:
            after["valid_to"] = on_date
        if after != before:
            hlc = store.next_hlc()
            store_state(store, after, hlc=hlc, at=clock.now_iso(), unit_id=unit.id)
            audit.record(store, batch, entity="unit", entity_uuid=unit.uuid, nkey=unit.nkey, old=before,
                         new=_snapshot(store, unit.id), hlc=hlc)


def events_of(store: Store, unit: Unit) -> list[UnitEvent]:
    """The unit's history, oldest first, including events naming it as the other unit."""
    rows = store.query(
        "SELECT e.*, u.name AS unit_name, o.name AS other_name FROM unit_events e"
        " JOIN units u ON u.id = e.unit_id LEFT JOIN units o ON o.id = e.other_unit_id"
        " WHERE e.unit_id = ? OR e.other_unit_id = ? ORDER BY e.on_date, e.id",
        [unit.id, unit.id],
    )
    return [
        UnitEvent(r["kind"], r["unit_name"], r["other_name"], r["old_name"], r["on_date"],
                  r["decision"], r["note"])
        for r in rows
    ]


def _restore(
    store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch
) -> None:
    """Undo/redo of a unit change: units are never deleted by undo, only reverted (every
    field, the parent and the aliases)."""
    rows = store.query("SELECT id FROM units WHERE uuid = ?", [entity_uuid])
    if not rows or state is None:
        return
    old = _snapshot(store, rows[0]["id"])
    hlc = store.next_hlc()
    store_state(store, state, hlc=hlc, at=clock.now_iso(), unit_id=rows[0]["id"])
    new = _snapshot(store, rows[0]["id"])
    audit.record(store, batch, entity="unit", entity_uuid=entity_uuid, nkey=new["nkey"], old=old, new=new, hlc=hlc)


def _restore_event(
    store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch
) -> None:
    """Undo of a history entry removes it; redo records it again."""
    if state is None:
        store.db.execute("DELETE FROM unit_events WHERE uuid = ?", [entity_uuid])
        return
    unit = by_nkey(store, state["unit"])
    other = by_nkey(store, state["other"]) if state["other"] else None
    if unit is not None:
        record_event(store, unit, state["kind"], other=other, old_name=state["old_name"],
                     on_date=state["on_date"], decision=state["decision"], note=state["note"])


audit.register_restorer("unit", _restore)
audit.register_restorer("unit_event", _restore_event)
