"""Assessment values travel: indicator values and criterion results (official status, note).

The bulk of every package, so export and apply work on plain tuples and multi-row inserts
(:mod:`ntm_desktop.bulk`).
Records are keyed by natural keys (commune nkey, period, set code, indicator code or
criterion number), never by local ids. The computed status (``criterion_results.computed``)
does not travel: it is derived, and recomputed here after an import (:mod:`.recompute`).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from ntm_desktop import periods, values
from ntm_desktop.errors import InputRejected
from ntm_desktop.store.database import Store
from ntm_desktop.sync.entities.base import Context, Entity, Fresh, Item, Selection, register
from ntm_desktop.sync.merge import versions

COMMON = ("hlc", "seen", "base", "logged", "uuid", "at", "by")
WIDTH = 4 + len(COMMON) + 3  # commune, period, set, item, COMMON, value/official, note, source
CHUNK_ROWS = 50_000
# What write stores per record: commune, period, set, item, value/official, note, source,
# uuid, at, by, hlc (from an incoming Item, or straight from a Fresh chunk's CSV row)
_FROM_ROW = itemgetter(0, 1, 2, 3, 11, 12, 13, 8, 9, 10, 4)


def _json_ids(ids: set[int] | list[int]) -> str:
    return json.dumps(sorted(ids))


def split_nkey(nkey: str) -> tuple[str, str, str, str]:
    """``iv|<commune>|<period>|<set>|<item>`` → its parts (the commune key may hold '|')."""
    _, rest = nkey.split("|", 1)
    commune, period, set_code, item = rest.rsplit("|", 3)
    return commune, period, set_code, item


class _Maps:
    """Local lookups shared by both entities, built once per store and operation."""

    def __init__(self, store: Store) -> None:
        self.unit_nkey = {r[0]: r[1] for r in store.db.conn.execute("SELECT id, nkey FROM units")}
        self.set_code = {r[0]: r[1] for r in store.db.conn.execute("SELECT id, code FROM criteria_sets")}
        self.indicator = {
            r[0]: (self.set_code[r[1]], r[2], r[3], r[4])
            for r in store.db.conn.execute("SELECT id, set_id, code, type, criterion_id FROM indicators")
        }
        self.criterion = {
            r[0]: (self.set_code[r[1]], r[2])
            for r in store.db.conn.execute("SELECT id, set_id, number FROM criteria")
        }


def _maps(store: Store, ctx: Context | None = None) -> _Maps:
    if ctx is not None:
        cached = ctx.cache.get("assess_maps")
        if cached is None:
            cached = ctx.cache["assess_maps"] = _Maps(store)
        return cached
    return _Maps(store)


class _Assessment(Entity):
    """What indicator values and criterion results share."""

    prefix = ""
    table = ""
    item_column = ""  # indicator | criterion
    data_columns: tuple[str, ...] = ()

    def commune_of(self, nkey: str) -> str | None:
        return split_nkey(nkey)[0]

    def in_scope(self, store: Store, nkey: str, scope: Any) -> bool:
        return scope.unit_nkeys is None or split_nkey(nkey)[0] in scope.unit_nkeys

    def _stored_rows(
        self, store: Store, where: str, params: list[Any], logged_since: int | None = None
    ) -> Iterator[tuple[Any, ...]]:
        raise NotImplementedError

    def export(self, store: Store, sel: Selection) -> Iterator[list[Any]]:
        maps = _maps(store)
        changed = None if sel.full else sel.changed.get(self.name, set())
        if changed is not None and not changed:
            return
        where, params = "", []
        communes: set[int] | None = sel.scope.communes
        if changed is not None:
            wanted = {split_nkey(n)[0] for n in changed}
            ids = {i for i, n in maps.unit_nkey.items() if n in wanted}
            communes = ids if communes is None else communes & ids
        if communes is not None:
            where, params = " WHERE x.commune_id IN (SELECT value FROM json_each(?))", [_json_ids(communes)]
        few = changed is not None and len(changed) < 20_000
        anc = versions.ancestry(store, self.name, self.state_key, sorted(changed) if few else None)
        for row in self._stored_rows(store, where, params, sel.since or 0):
            commune_id, period, item_id, hlc, uuid, at, by, logged, a, b, source = row
            set_code, item = self._item_key(maps, item_id)
            commune = maps.unit_nkey[commune_id]
            nkey = f"{self.prefix}|{commune}|{period}|{set_code}|{item}"
            if changed is not None and nkey not in changed:
                continue
            sel.referenced_units.add(commune_id)
            sel.referenced_sets.add(set_code)
            history = anc.get(nkey)
            seen = base = ""
            if history is not None:
                seen = " ".join(history.seen_for(hlc))
                base = " ".join(history.bases_for(self._key(a, b)))
            yield [commune, period, set_code, item, hlc, seen, base, "1" if logged else "", uuid, at, by,
                   "" if a is None else a, b or "", source]

    def _item_key(self, maps: _Maps, item_id: int) -> tuple[str, Any]:
        raise NotImplementedError

    @staticmethod
    def _key(a: Any, b: Any) -> str:
        return f"{'' if a is None else a}\x1f{b or ''}"

    def state_key(self, state: dict[str, Any]) -> str:
        return self._key(state.get(self.data_columns[0]), state.get("note"))

    def parse(self, rows: Iterator[list[str]], ctx: Context) -> Iterator[list[Item] | Fresh]:  # type: ignore[override]
        """Checked chunks of incoming records (the member can hold millions of rows): a
        Fresh chunk when none of its communes is blocked (ctx.blocked), else Items."""
        blocked = ctx.blocked.get(self.name)
        chunk: list[list[str]] = []
        first = 2
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK_ROWS:
                yield self._parsed(chunk, first, ctx, blocked)
                first += len(chunk)
                chunk = []
        if chunk:
            yield self._parsed(chunk, first, ctx, blocked)

    def _parsed(self, rows: list[list[str]], first: int, ctx: Context, blocked: set[str] | None) -> list[Item] | Fresh:
        self._check_rows(rows, first, ctx)
        self._check_values(rows, first, ctx)
        item = self._item
        if blocked is not None:
            communes = Counter(map(itemgetter(0), rows))
            if blocked.isdisjoint(communes):
                unlogged = [item(row, first + i) for i, row in enumerate(rows) if row[7] != "1"]
                return Fresh(rows, first, dict(communes), max(map(itemgetter(4), rows)), unlogged)
        return [item(row, first + i) for i, row in enumerate(rows)]

    def _item(self, row: list[str], number: int) -> Item:
        commune, period, set_code, item, hlc, seen, base, logged, uuid, at, by, a, note, source = row
        data = (commune, period, set_code, item, a or None, note or None, source, number)
        return Item(f"{self.prefix}|{commune}|{period}|{set_code}|{item}", hlc, f"{a}\x1f{note}", data,
                    versions.split(seen), versions.split(base), uuid, at or None, by or None, False, commune,
                    logged == "1")

    def _check_rows(self, rows: list[list[str]], first: int, ctx: Context) -> None:
        """What every record row must be: its width, stamp, keys, source, commune and period."""
        stamp_ok = versions.well_formed
        known_units = ctx.unit_ids
        incoming_units = ctx.incoming_units
        period_cache = ctx.cache.setdefault("periods", {})
        for number, row in enumerate(rows, start=first):
            if len(row) != WIDTH:
                raise ctx.bad(self.member, number, f"{len(row)} cột / columns, cần / expected {WIDTH}")
            commune, period, set_code, item, hlc = row[:5]
            uuid, note, source = row[8], row[12], row[13]
            if not stamp_ok(hlc):
                raise ctx.bad(self.member, number, f"hlc «{hlc[:40]}»")
            if not commune or not period or not set_code or not item or not uuid or len(uuid) > 64:
                raise ctx.bad(self.member, number, "khóa trống / empty key")
            if source not in values_sources:
                raise ctx.bad(self.member, number, f"source «{source[:20]}»")
            if len(note) > values.MAX_TEXT:
                raise ctx.bad(self.member, number, "ghi chú quá dài / note too long")
            if commune not in known_units and commune not in incoming_units:
                raise ctx.missing("unit", commune)
            if period not in period_cache:
                try:
                    parsed: periods.Period | None = periods.parse(period)
                except InputRejected:
                    parsed = None
                if parsed is None or parsed.code != period:
                    raise ctx.bad(self.member, number, f"kỳ / period «{period[:20]}»")
                period_cache[period] = (parsed.year, parsed.ordinal)

    def _check_values(self, rows: list[list[str]], first: int, ctx: Context) -> None:
        raise NotImplementedError

    def held_communes(self, ctx: Context) -> set[str]:
        return {r[0] for r in ctx.store.db.conn.execute(
            f"SELECT u.nkey FROM units u WHERE EXISTS (SELECT 1 FROM {self.table} x WHERE x.commune_id = u.id)")}

    fresh_chunks = True

    def write(self, pairs: list[tuple[Item, Item | None]], ctx: Context) -> None:
        self._store([(*inc.data[:7], inc.uuid, inc.at, inc.by, inc.hlc) for inc, _loc in pairs], ctx)

    def write_fresh(self, chunk: Fresh, ctx: Context) -> None:
        self._store([(c, p, s, i, a or None, n or None, src, u, at or None, by or None, h)
                     for c, p, s, i, a, n, src, u, at, by, h in map(_FROM_ROW, chunk.rows)], ctx)

    def _store(self, records: list[tuple[Any, ...]], ctx: Context) -> None:
        """Insert or replace records: (commune, period, set, item, value/official, note,
        source, uuid, at, by, hlc), checked by parse."""
        raise NotImplementedError

    def state(self, item: Item) -> dict[str, Any] | None:
        if item.deleted:
            return None
        return {self.data_columns[0]: self._state_value(item.data[4]), "note": item.data[5], "source": item.data[6]}

    def _state_value(self, raw: Any) -> Any:
        return raw

    def local(self, items: list[Item], ctx: Context) -> dict[str, Item]:
        ids = {ctx.unit_ids[i.commune] for i in items if i.commune in ctx.unit_ids}
        if not ids:
            return {}
        maps = _maps(ctx.store, ctx)
        wanted = {i.nkey for i in items}
        out: dict[str, Item] = {}
        where = " WHERE x.commune_id IN (SELECT value FROM json_each(?))"
        for row in self._stored_rows(ctx.store, where, [_json_ids(ids)]):
            commune_id, period, item_id, hlc, uuid, at, by, _logged, a, b, source = row
            set_code, item = self._item_key(maps, item_id)
            commune = maps.unit_nkey[commune_id]
            nkey = f"{self.prefix}|{commune}|{period}|{set_code}|{item}"
            if nkey not in wanted:
                continue
            data = (commune, period, set_code, item, None if a is None else str(a), b, source)
            out[nkey] = Item(nkey, hlc, self._key(a, b), data, uuid=uuid, at=at, by=by, commune=commune)
        return out

    def describe(self, store: Store, nkey: str) -> str:
        commune, period, set_code, item = split_nkey(nkey)
        rows = store.query(
            "SELECT c.name AS commune, d.name AS district FROM units c LEFT JOIN units d ON d.id = c.parent_id"
            " WHERE c.nkey = ?", [commune])
        place = f"{rows[0]['commune']} ({rows[0]['district']})" if rows else commune
        return f"{place} · {period} · {self._item_label(store, set_code, item)}"

    def _item_label(self, store: Store, set_code: str, item: str) -> str:
        return item


values_sources = frozenset(("entered", "imported", "computed"))


class IndicatorValues(_Assessment):
    name = "indicator_value"
    member = "records/indicator_values.csv"
    columns = ("commune", "period", "set", "indicator", *COMMON, "value", "note", "source")
    order = 40
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
        touched = ctx.recompute
        for commune, period_code, set_code, code, raw, note, source, uuid, at, by, hlc in records:
            ind_id, kind, crit_id = ids[(set_code, code)]
            year, ordinal = period_cache[period_code]
            commune_id = units[commune]
            rows.append((uuid, commune_id, period_code, year, ordinal, ind_id, raw,
                         float(raw) if kind != "text" else None, note, source, at, by, hlc))
            touched.add((commune_id, period_code, crit_id))
        _upsert(ctx.store, "indicator_values", "INSERT INTO indicator_values (uuid, commune_id, period, year, pend,"
                " indicator_id, value, num, note, source, updated_at, updated_by, hlc)",
                "ON CONFLICT(commune_id, period, indicator_id) DO UPDATE SET value = excluded.value,"
                " num = excluded.num, note = excluded.note, source = excluded.source,"
                " updated_at = excluded.updated_at, updated_by = excluded.updated_by, hlc = excluded.hlc", rows)

    def remove(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        ids = self._ids(ctx)
        rows = []
        for _inc, loc in pairs:
            commune, period_code, set_code, code = loc.data[:4]
            ind_id, _kind, crit_id = ids[(set_code, code)]
            rows.append((ctx.unit_ids[commune], period_code, ind_id))
            ctx.recompute.add((ctx.unit_ids[commune], period_code, crit_id))
        ctx.store.db.conn.executemany(
            "DELETE FROM indicator_values WHERE commune_id = ? AND period = ? AND indicator_id = ?", rows)

    def restamp(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        ids = self._ids(ctx)
        ctx.store.db.conn.executemany(
            "UPDATE indicator_values SET hlc = ?, updated_at = ?, updated_by = ? WHERE commune_id = ?"
            " AND period = ? AND indicator_id = ?",
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
        from ntm_desktop import assessments, units

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


class CriterionResults(_Assessment):
    name = "criterion_result"
    member = "records/criterion_results.csv"
    columns = ("commune", "period", "set", "criterion", *COMMON, "official", "note", "source")
    order = 50
    prefix = "cr"
    table = "criterion_results"
    data_columns = ("official", "note", "source")

    def _stored_rows(
        self, store: Store, where: str, params: list[Any], logged_since: int | None = None
    ) -> Iterator[tuple[Any, ...]]:
        clause = (where + " AND" if where else " WHERE") + " (x.official IS NOT NULL OR x.note IS NOT NULL)"
        if logged_since is None:
            return store.db.conn.execute(
                "SELECT x.commune_id, x.period, x.criterion_id, x.hlc, x.uuid, x.updated_at, x.updated_by,"
                " 0, x.official, x.note, x.source FROM criterion_results x" + clause
                + " ORDER BY x.commune_id, x.period, x.criterion_id", params)
        return store.db.conn.execute(
            "SELECT x.commune_id, x.period, x.criterion_id, x.hlc, x.uuid, x.updated_at, x.updated_by,"
            " EXISTS (SELECT 1 FROM changes ch WHERE ch.nkey IN ('cr|' || u.nkey || '|' || x.period || '|'"
            " || s.code || '|' || c.number, 'cr|' || u.nkey || '|' || x.period || '|' || s.code || '|*')"
            " AND ch.hlc = x.hlc AND ch.id > ?), x.official, x.note, x.source"
            " FROM criterion_results x JOIN units u ON u.id = x.commune_id JOIN criteria c"
            " ON c.id = x.criterion_id JOIN criteria_sets s ON s.id = c.set_id" + clause
            + " ORDER BY x.commune_id, x.period, x.criterion_id", [logged_since, *params])

    def _item_key(self, maps: _Maps, item_id: int) -> tuple[str, Any]:
        set_code, number = maps.criterion[item_id]
        return set_code, str(number)

    def _state_value(self, raw: Any) -> Any:
        return None if raw is None else int(raw)

    def live(self, store: Store, nkey: str) -> bool:
        commune, period, set_code, number = split_nkey(nkey)
        return bool(store.db.conn.execute(
            "SELECT 1 FROM criterion_results r JOIN units u ON u.id = r.commune_id JOIN criteria c"
            " ON c.id = r.criterion_id JOIN criteria_sets s ON s.id = c.set_id WHERE u.nkey = ? AND r.period = ?"
            " AND s.code = ? AND c.number = ? AND (r.official IS NOT NULL OR r.note IS NOT NULL)",
            [commune, period, set_code, int(number)]).fetchone())

    def _criteria(self, ctx: Context) -> set[tuple[str, str]]:
        cached = ctx.cache.get("criteria")
        if cached is not None:
            return cached
        out = {
            (s, str(n)) for s, n in ctx.store.db.conn.execute(
                "SELECT s.code, c.number FROM criteria c JOIN criteria_sets s ON s.id = c.set_id")
            if s not in ctx.applied_sets
        }
        for set_code in ctx.applied_sets:
            out |= {(set_code, str(c["number"])) for c in ctx.incoming_sets[set_code]["criteria"]}
        ctx.cache["criteria"] = out
        return out

    def _check_values(self, rows: list[list[str]], first: int, ctx: Context) -> None:
        known = self._criteria(ctx)
        for number, row in enumerate(rows, start=first):
            set_code, item, raw, note = row[2], row[3], row[11], row[12]
            if (set_code, item) not in known:
                if not any(s == set_code for s, _ in known):
                    raise ctx.missing("set", set_code)
                raise ctx.missing("criterion", f"{set_code} {item}")
            if raw not in ("", "0", "1"):
                raise ctx.bad(self.member, number, f"official «{raw[:10]}»")
            if not raw and not note:
                raise ctx.bad(self.member, number, "bản ghi trống / empty record")

    def _ids(self, ctx: Context) -> dict[tuple[str, str], int]:
        cached = ctx.cache.get("criterion_ids")
        if cached is None:
            cached = ctx.cache["criterion_ids"] = {
                (r[0], str(r[1])): r[2]
                for r in ctx.store.db.conn.execute(
                    "SELECT s.code, c.number, c.id FROM criteria c JOIN criteria_sets s ON s.id = c.set_id")
            }
        return cached

    def _store(self, records: list[tuple[Any, ...]], ctx: Context) -> None:
        """Store official statuses with the computed status of their criterion: the values
        are in by now (entities go in order), so no second pass updates these rows."""
        from ntm_desktop.sync.merge.recompute import Evaluator

        ids = self._ids(ctx)
        units = ctx.unit_ids
        period_cache = ctx.cache["periods"]
        evaluator = ctx.cache.get("evaluator")
        if evaluator is None:
            ctx.store.cache.clear()  # criteria sets may have just changed
            evaluator = ctx.cache["evaluator"] = Evaluator(ctx.store)
        nums = evaluator.values(sorted({units[r[0]] for r in records}))
        status = evaluator.status
        rows = []
        done = ctx.computed
        no_values: dict[int, float | None] = {}
        for commune, period_code, set_code, number, raw, note, source, uuid, at, by, hlc in records:
            crit_id = ids[(set_code, number)]
            year, ordinal = period_cache[period_code]
            commune_id = units[commune]
            computed = status(commune_id, period_code, crit_id, nums.get((commune_id, period_code), no_values))
            rows.append((uuid, commune_id, period_code, year, ordinal, crit_id,
                         None if raw is None else int(raw), note, source, computed, at, by, hlc))
            done.add((commune_id, period_code, crit_id))
        _upsert(ctx.store, "criterion_results", "INSERT INTO criterion_results (uuid, commune_id, period, year,"
                " pend, criterion_id, official, note, source, computed, updated_at, updated_by, hlc)",
                "ON CONFLICT(commune_id, period, criterion_id) DO UPDATE SET official = excluded.official,"
                " note = excluded.note, source = excluded.source, computed = excluded.computed,"
                " updated_at = excluded.updated_at, updated_by = excluded.updated_by, hlc = excluded.hlc", rows)

    def remove(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        ids = self._ids(ctx)
        ctx.store.db.conn.executemany(
            "UPDATE criterion_results SET official = NULL, note = NULL, hlc = ?, updated_at = ?, updated_by = ?"
            " WHERE commune_id = ? AND period = ? AND criterion_id = ?",
            [(inc.hlc, inc.at, inc.by, ctx.unit_ids[loc.data[0]], loc.data[1], ids[(loc.data[2], loc.data[3])])
             for inc, loc in pairs])

    def restamp(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        ids = self._ids(ctx)
        ctx.store.db.conn.executemany(
            "UPDATE criterion_results SET hlc = ?, updated_at = ?, updated_by = ? WHERE commune_id = ?"
            " AND period = ? AND criterion_id = ?",
            [(inc.hlc, inc.at, inc.by, ctx.unit_ids[loc.data[0]], loc.data[1], ids[(loc.data[2], loc.data[3])])
             for inc, loc in pairs])

    def state_key(self, state: dict[str, Any]) -> str:
        official = state.get("official")
        return self._key(None if official is None else str(int(official)), state.get("note"))

    def _item_label(self, store: Store, set_code: str, item: str) -> str:
        rows = store.query(
            "SELECT c.name FROM criteria c JOIN criteria_sets s ON s.id = c.set_id WHERE s.code = ? AND c.number = ?",
            [set_code, int(item)])
        return f"TC{item} {rows[0]['name']}" if rows else f"TC{item}"

    def show(self, store: Store, nkey: str, state: dict[str, Any] | None) -> str:
        from ntm_desktop.i18n import t

        if state is None:
            return ""
        official = state.get("official")
        shown = "—" if official is None else t("status.met") if int(official) else t("status.not_met")
        return f"{shown} ({state['note']})" if state.get("note") else shown

    def resolve(self, store: Store, nkey: str, state: dict[str, Any] | None, batch: Any) -> None:
        from ntm_desktop import assessments, units

        commune_key, period_code, set_code, number = split_nkey(nkey)
        commune = units.by_nkey(store, commune_key)
        assert commune is not None
        period = periods.parse(period_code)
        official = None if state is None or state.get("official") is None else bool(int(state["official"]))
        note = "" if state is None else (state.get("note") or "")
        assessments.set_official(store, commune, period, int(number), official, note=note, set_code=set_code,
                                 source=(state or {}).get("source") or "entered", batch=batch)


def _upsert(store: Store, table: str, head: str, tail: str, rows: list[tuple[Any, ...]]) -> None:
    """Bulk upsert inside a savepoint; a uuid already used by another local record (a
    copied database) gets a fresh uuid instead of failing the import."""
    import sqlite3

    from ntm_desktop import ids
    from ntm_desktop.store import bulk

    try:
        with store.db.atomic():
            bulk.insert_rows(store.db.conn, head, rows, tail)
    except sqlite3.IntegrityError:
        taken = set()
        for start in range(0, len(rows), 500):
            part = [r[0] for r in rows[start : start + 500]]
            taken |= {r[0] for r in store.db.conn.execute(
                f"SELECT uuid FROM {table} WHERE uuid IN ({','.join('?' * len(part))})", part)}
        fresh = iter(ids.new_uuids(len(taken)))
        bulk.insert_rows(store.db.conn, head, [(next(fresh), *r[1:]) if r[0] in taken else r for r in rows], tail)


INDICATOR_VALUES = register(IndicatorValues())
CRITERION_RESULTS = register(CriterionResults())
