"""Indicator values travel: one record per commune, period and indicator.

Checked against the criteria sets in force after the import (a set the package brings
replaces the local one first), stored in bulk (:mod:`ntm_desktop.assessments.indicator_values`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from ntm_desktop import assessments, periods, units, values
from ntm_desktop.assessments import indicator_values as table
from ntm_desktop.store.database import Store
from ntm_desktop.sync.entities.assessments import COMMON, _Assessment, _Maps, split_nkey
from ntm_desktop.sync.entities.base import Context, Item


class IndicatorValues(_Assessment):
    name = "indicator_value"
    member = "records/indicator_values.csv"
    columns = ("commune", "period", "set", "indicator", *COMMON, "value", "note", "source")
    prefix = "iv"
    table = "indicator_values"
    data_columns = ("value", "note", "source")

    def _stored_rows(
        self, store: Store, where: str, params: list[Any], logged_since: int | None = None
    ) -> Iterator[tuple[Any, ...]]:
        if logged_since is None:
            return store.db.conn.execute(
                "SELECT x.commune_id, x.period, x.indicator_id, x.hlc, x.uuid, x.updated_at, x.updated_by,"
                " 0, x.value, x.note, x.source FROM indicator_values x" + where
                + " ORDER BY x.commune_id, x.period, x.indicator_id", params)
        # whether the package's history carries this very version (its change-log row, or
        # the group row it was imported under: audit.members)
        return store.db.conn.execute(
            "SELECT x.commune_id, x.period, x.indicator_id, x.hlc, x.uuid, x.updated_at, x.updated_by,"
            " EXISTS (SELECT 1 FROM changes c WHERE c.nkey IN ('iv|' || u.nkey || '|' || x.period || '|'"
            " || s.code || '|' || i.code, 'iv|' || u.nkey || '|' || x.period || '|' || s.code || '|*')"
            " AND c.hlc = x.hlc AND c.id > ?), x.value, x.note, x.source"
            " FROM indicator_values x JOIN units u ON u.id = x.commune_id JOIN indicators i"
            " ON i.id = x.indicator_id JOIN criteria_sets s ON s.id = i.set_id" + where
            + " ORDER BY x.commune_id, x.period, x.indicator_id", [logged_since, *params])

    def _item_key(self, maps: _Maps, item_id: int) -> tuple[str, Any]:
        set_code, code, _type, _crit = maps.indicator[item_id]
        return set_code, code

    def live(self, store: Store, nkey: str) -> bool:
        commune, period, set_code, code = split_nkey(nkey)
        return bool(store.db.conn.execute(
            "SELECT 1 FROM indicator_values v JOIN units u ON u.id = v.commune_id JOIN indicators i"
            " ON i.id = v.indicator_id JOIN criteria_sets s ON s.id = i.set_id WHERE u.nkey = ? AND v.period = ?"
            " AND s.code = ? AND i.code = ?", [commune, period, set_code, code]).fetchone())

    def _indicators(self, ctx: Context) -> dict[tuple[str, str], tuple[str, int | None, int | None]]:
        """(set, code) → (type, indicator id, criterion id) of the sets in force after the import."""
        cached = ctx.cache.get("indicators")
        if cached is not None:
            return cached
        out: dict[tuple[str, str], tuple[str, int | None, int | None]] = {}
        for ind_id, code, kind, crit_id, set_code in ctx.store.db.conn.execute(
            "SELECT i.id, i.code, i.type, i.criterion_id, s.code FROM indicators i"
            " JOIN criteria_sets s ON s.id = i.set_id"
        ):
            if set_code not in ctx.applied_sets:
                out[(set_code, code)] = (kind, ind_id, crit_id)
        for set_code in ctx.applied_sets:
            doc = ctx.incoming_sets[set_code]
            for crit in doc["criteria"]:
                for ind in crit["indicators"]:
                    out[(set_code, ind["code"])] = (ind["type"], None, None)
        ctx.cache["indicators"] = out
        return out

    def _check_values(self, rows: list[list[str]], first: int, ctx: Context) -> None:
        indicators = self._indicators(ctx)
        parse_number = float
        isfinite = math.isfinite
        for number, row in enumerate(rows, start=first):
            set_code, code, raw = row[2], row[3], row[11]
            info = indicators.get((set_code, code))
            if info is None:
                if not any(s == set_code for s, _ in indicators):
                    raise ctx.missing("set", set_code)
                raise ctx.missing("indicator", f"{set_code} {code}")
            kind = info[0]
            if not raw:
                raise ctx.bad(self.member, number, "giá trị trống / empty value")
            if kind in ("number", "percent"):
                try:
                    num = parse_number(raw)
                except ValueError:
                    raise ctx.bad(self.member, number, f"«{raw[:30]}» không phải số / not a number") from None
                if not isfinite(num) or num < 0 or (kind == "percent" and num > 100):
                    raise ctx.bad(self.member, number, f"«{raw[:30]}» ngoài khoảng / out of range")
            elif kind == "bool":
                if raw not in ("0", "1"):
                    raise ctx.bad(self.member, number, f"«{raw[:30]}» không phải có/không / not yes/no")
            elif len(raw) > values.MAX_TEXT:
                raise ctx.bad(self.member, number, "văn bản quá dài / text too long")

    def _ids(self, ctx: Context) -> dict[tuple[str, str], tuple[int, str, int]]:
        """(set, code) → (indicator id, type, criterion id), read after sets were applied."""
        cached = ctx.cache.get("indicator_ids")
        if cached is None:
            cached = ctx.cache["indicator_ids"] = {
                (r[0], r[1]): (r[2], r[3], r[4])
                for r in ctx.store.db.conn.execute(
                    "SELECT s.code, i.code, i.id, i.type, i.criterion_id FROM indicators i"
                    " JOIN criteria_sets s ON s.id = i.set_id")
            }
        return cached

    def _store(self, records: list[tuple[Any, ...]], ctx: Context) -> None:
        ids = self._ids(ctx)
        units = ctx.unit_ids
        period_cache = ctx.cache["periods"]
        rows = []
        touched = set()  # this chunk's groups, then into ctx.recompute at once
        for commune, period_code, set_code, code, raw, note, source, uuid, at, by, hlc in records:
            ind_id, kind, crit_id = ids[(set_code, code)]
            year, ordinal = period_cache[period_code]
            commune_id = units[commune]
            rows.append((uuid, commune_id, period_code, year, ordinal, ind_id, raw,
                         float(raw) if kind != "text" else None, note or None, source, at or None, by or None, hlc))
            touched.add((commune_id, period_code, crit_id))
        table.upsert_many(ctx.store, rows)
        ctx.recompute.update(touched)

    def remove(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        ids = self._ids(ctx)
        rows = []
        for _inc, loc in pairs:
            commune, period_code, set_code, code = loc.data[:4]
            ind_id, _kind, crit_id = ids[(set_code, code)]
            rows.append((ctx.unit_ids[commune], period_code, ind_id))
            ctx.recompute.add((ctx.unit_ids[commune], period_code, crit_id))
        table.delete_many(ctx.store.db.conn, rows)

    def restamp(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        ids = self._ids(ctx)
        table.restamp_many(
            ctx.store.db.conn,
            [(inc.hlc, inc.at, inc.by, ctx.unit_ids[loc.data[0]], loc.data[1], ids[(loc.data[2], loc.data[3])][0])
             for inc, loc in pairs])

    def _item_label(self, store: Store, set_code: str, item: str) -> str:
        rows = store.query(
            "SELECT i.name FROM indicators i JOIN criteria_sets s ON s.id = i.set_id WHERE s.code = ? AND i.code = ?",
            [set_code, item])
        return f"{item} {rows[0]['name']}" if rows else item

    def show(self, store: Store, nkey: str, state: dict[str, Any] | None) -> str:
        if state is None:
            return ""
        _c, _p, set_code, code = split_nkey(nkey)
        rows = store.query(
            "SELECT i.type FROM indicators i JOIN criteria_sets s ON s.id = i.set_id WHERE s.code = ? AND i.code = ?",
            [set_code, code])
        shown = values.display(rows[0]["type"] if rows else "text", state.get("value"))
        return f"{shown} ({state['note']})" if state.get("note") else shown

    def resolve(self, store: Store, nkey: str, state: dict[str, Any] | None, batch: Any) -> None:
        commune_key, period_code, set_code, code = split_nkey(nkey)
        commune = units.by_nkey(store, commune_key)
        assert commune is not None
        period = periods.parse(period_code)
        if state is None:
            assessments.set_indicator_value(store, commune, period, code, None, set_code=set_code, batch=batch)
            return
        assessments.set_indicator_value(
            store, commune, period, code, state.get("value"), note=state.get("note") or "", set_code=set_code,
            source=state.get("source") or "entered", batch=batch)


INDICATOR_VALUES = IndicatorValues()
