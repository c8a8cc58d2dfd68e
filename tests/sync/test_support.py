"""Helpers for the sync tests: installations made separately from the same reference data,
content dumps by natural keys, package surgery for the refusal tests."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

from ntm_desktop import assessments, criteria, periods, units
from ntm_desktop.store.database import open_store
from ntm_desktop.sync import merge
from ntm_desktop.sync.package import export
from ntm_desktop.sync.package import format as fmt


def make_store(path: Path, name: str):
    """A database as `ntm init` makes it, named like an office's machine."""
    store = open_store(path)
    criteria.load_bundled(store)
    units.load_reference(store)
    with store.transaction():
        store.set_meta("installation_name", name)
    return store


def set_value(store, district, commune, code, value, period="2020", note=None):
    unit = units.resolve_commune(store, commune, district)
    return assessments.set_indicator_value(store, unit, periods.parse(period), code, value, note=note)


def set_official(store, district, commune, number, met, period="2020", note=None):
    unit = units.resolve_commune(store, commune, district)
    return assessments.set_official(store, unit, periods.parse(period), number, met, note=note)


def value_of(store, district, commune, code, period="2020"):
    unit = units.resolve_commune(store, commune, district)
    card = assessments.scorecard(store, unit, periods.parse(period))
    for row in card.rows:
        for ind in row.indicators:
            if ind.indicator.code == code:
                return ind.value
    raise KeyError(code)


def send(source, target, folder: Path, **options):
    """Export from ``source`` into ``folder`` and import into ``target``: (export, report)."""
    result = export.export_package(source, folder, **options)
    return result, merge.import_package(target, result.path)


def content(store) -> dict:
    """What two installations must agree on, by natural keys (no local ids, no uuids)."""
    conn = store.db.conn
    out: dict = {}
    out["units"] = sorted(
        (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])
        for r in conn.execute(
            "SELECT u.nkey, u.name, u.code, p.nkey, u.dbkk, u.valid_to, u.hlc,"
            " (SELECT group_concat(alias, '|') FROM (SELECT alias FROM unit_aliases a WHERE a.unit_id = u.id"
            "  ORDER BY alias)) FROM units u LEFT JOIN units p ON p.id = u.parent_id"))
    out["values"] = sorted(conn.execute(
        "SELECT u.nkey, v.period, s.code, i.code, v.value, v.note, v.source, v.hlc, v.updated_by"
        " FROM indicator_values v JOIN units u ON u.id = v.commune_id JOIN indicators i ON i.id = v.indicator_id"
        " JOIN criteria_sets s ON s.id = i.set_id").fetchall())
    out["results"] = sorted(
        r for r in conn.execute(
            "SELECT u.nkey, r.period, s.code, c.number, r.official, r.note, r.computed,"
            " CASE WHEN r.official IS NULL AND r.note IS NULL THEN NULL ELSE r.hlc END"
            " FROM criterion_results r JOIN units u ON u.id = r.commune_id JOIN criteria c ON c.id = r.criterion_id"
            " JOIN criteria_sets s ON s.id = c.set_id").fetchall())
    out["sets"] = sorted(conn.execute("SELECT code, content_hash FROM criteria_sets").fetchall())
    out["open_conflicts"] = sorted(conn.execute(
        "SELECT nkey, loser_hlc, loser_state, winner_hlc, winner_state FROM sync_conflicts"
        " WHERE resolved_at IS NULL").fetchall())
    return out


def whole(store_or_path) -> dict:
    """Every row of every table (byte-for-byte comparison of a database before and after)."""
    if isinstance(store_or_path, (str, Path)):
        conn = sqlite3.connect(store_or_path)
    else:
        conn = store_or_path.db.conn
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}
    finally:
        if isinstance(store_or_path, (str, Path)):
            conn.close()


def rezip(source: Path, target: Path, change=None, extra: dict | None = None, drop: tuple = ()) -> Path:
    """Copy a package member by member, letting ``change(name, data) -> data`` edit members."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in drop:
                continue
            data = old.read(info.filename)
            if change is not None:
                data = change(info.filename, data)
            new.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def manifest_of(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read(fmt.MANIFEST))


def test_content_dump_is_by_natural_keys(tmp_path):
    a = make_store(tmp_path / "a.sqlite3", "A")
    b = make_store(tmp_path / "b.sqlite3", "B")
    try:
        dump_a, dump_b = content(a), content(b)
        # the same reference data, loaded separately: the same units, other stamps
        assert [u[:6] for u in dump_a["units"]] == [u[:6] for u in dump_b["units"]]
        assert dump_a["sets"] == dump_b["sets"]
        assert len(dump_a["units"]) == 96
    finally:
        a.close()
        b.close()


def bulk_values(store, periods_codes=("2020",), communes=None) -> int:
    """Many values at once, written as a bulk import would (rows and change-log rows in
    one transaction, stamps and uuids from the program): for the kill and size tests."""
    from ntm_desktop import clock, ids
    from ntm_desktop.store.database import dumps

    chosen = communes or units.all_of_level(store, "commune")
    rows, changes = [], []
    with store.transaction():
        for code in periods_codes:
            period = periods.parse(code)
            cs = criteria.get_set(store, criteria.set_for_year(store, period.year))
            numeric = [i for c in cs.criteria for i in c.indicators if i.type == "percent"]
            for commune in chosen:
                for n, ind in enumerate(numeric):
                    rows.append((commune, period, cs, ind, str((commune.id * 7 + n) % 100)))
        stamps = store.stamps(len(rows))
        fresh = ids.new_uuids(len(rows))
        now = clock.now_iso()
        values = []
        for i, (commune, period, cs, ind, value) in enumerate(rows):
            values.append((fresh[i], commune.id, period.code, period.year, period.ordinal, ind.id, value,
                           float(value), None, "imported", now, store.user, stamps[i]))
            changes.append(bulk_change(store, fresh[i], stamps[i], now, "indicator_value",
                                       f"iv|{commune.nkey}|{period.code}|{cs.code}|{ind.code}",
                                       dumps({"note": None, "source": "imported", "value": value})))
        store.db.conn.executemany(
            "INSERT INTO indicator_values (uuid, commune_id, period, year, pend, indicator_id, value, num, note,"
            " source, updated_at, updated_by, hlc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", values)
        insert_changes(store, changes)
    return len(values)


def bulk_change(store, uuid: str, stamp: str, now: str, entity: str, nkey: str, new: str) -> tuple:
    """The change-log row of a record inserted by a bulk write (batch "bulk"), for :func:`insert_changes`."""
    return (f"bulk-{uuid}", "bulk", now, store.user, store.installation_id, stamp, entity, uuid, nkey, "insert",
            None, new, "imported", "bulk")


def insert_changes(store, changes: list[tuple]) -> None:
    store.db.conn.executemany(
        "INSERT INTO changes (uuid, batch, at, user, installation, hlc, entity, entity_uuid, nkey, op, old,"
        " new, source, label) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", changes)
