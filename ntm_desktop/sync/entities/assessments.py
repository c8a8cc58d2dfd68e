"""Assessment values travel: indicator values and criterion results (official status, note).

What the two entities share (:mod:`.indicator_values`, :mod:`.criterion_results`). They
are the bulk of every package, so export and apply work on plain tuples and multi-row
inserts (the bulk functions of :mod:`ntm_desktop.assessments.indicator_values` and
:mod:`ntm_desktop.assessments.criterion_results`, the tables' one writer each).
Records are keyed by natural keys (commune nkey, period, set code, indicator code or
criterion number), never by local ids. The computed status (``criterion_results.computed``)
does not travel: it is derived, and recomputed here after an import
(:mod:`ntm_desktop.assessments.evaluator`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from operator import itemgetter
from typing import Any

from ntm_desktop import periods, values
from ntm_desktop.errors import InputRejected
from ntm_desktop.store.database import Store
from ntm_desktop.sync import versions
from ntm_desktop.sync.entities.base import Context, Entity, Fresh, Item, Selection

COMMON = ("hlc", "seen", "base", "logged", "uuid", "at", "by")
WIDTH = 4 + len(COMMON) + 3  # commune, period, set, item, COMMON, value/official, note, source
CHUNK_ROWS = 20_000  # rows of a member classified and written at a time (memory: ~20 MB of CSV rows)
# What write stores per record: commune, period, set, item, value/official, note, source,
# uuid, at, by, hlc (from an incoming Item, or straight from a Fresh chunk's CSV row)
_FROM_ROW = itemgetter(0, 1, 2, 3, 11, 12, 13, 8, 9, 10, 4)
_LOGGED = itemgetter(7)  # "1": the package's history holds the version's change-log row


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
        anc = versions.ancestry(store, self.name, self.state_key,
                                sorted(changed) if few and changed is not None else None)
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

    def parse(self, rows: Iterator[list[str]], ctx: Context) -> Iterator[list[Item] | Fresh]:
        """Checked chunks of incoming records (the member can hold millions of rows): a
        Fresh chunk when none of its communes is blocked (ctx.blocked), else Items."""
        blocked = ctx.blocked.get(self.name)
        first = 2
        while chunk := list(islice(rows, CHUNK_ROWS)):  # no Python step per row (2.5 M rows: about 1 s)
            yield self._parsed(chunk, first, ctx, blocked)
            first += len(chunk)

    def _parsed(self, rows: list[list[str]], first: int, ctx: Context, blocked: set[str] | None) -> list[Item] | Fresh:
        self._check_rows(rows, first, ctx)
        self._check_values(rows, first, ctx)
        item = self._item
        if blocked is not None:
            communes = Counter(map(itemgetter(0), rows))
            if blocked.isdisjoint(communes):
                unlogged = [] if set(map(_LOGGED, rows)) == {"1"} else \
                    [item(row, first + i) for i, row in enumerate(rows) if row[7] != "1"]
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
        known_units = ctx.unit_ids
        incoming_units = ctx.incoming_units
        period_cache = ctx.cache.setdefault("periods", {})
        for number, row in enumerate(rows, start=first):
            if len(row) != WIDTH:
                raise ctx.bad(self.member, number, f"{len(row)} cột / columns, cần / expected {WIDTH}")
            commune, period, set_code, item, hlc = row[:5]
            uuid, note, source = row[8], row[12], row[13]
            if not hlc:  # a stamp's form: checked as the rows were read (fields.STAMP, within versions.well_formed)
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
        self._store(list(map(_FROM_ROW, chunk.rows)), ctx)  # empty cells as they are: _store makes them NULL

    def _store(self, records: list[tuple[Any, ...]], ctx: Context) -> None:
        """Insert or replace records: (commune, period, set, item, value/official, note,
        source, uuid, at, by, hlc), checked by parse; an empty value/official, note, at or by
        (a CSV cell of a Fresh chunk) is stored as NULL, as None is."""
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
