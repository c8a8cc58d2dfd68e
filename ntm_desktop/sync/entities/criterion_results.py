"""Criterion results travel: the official status and note of one criterion for a commune
and period (never the computed status: derived, stored with each row as it is written).

Stored in bulk (:mod:`ntm_desktop.assessments.criterion_results`), with the computed status
of their criterion evaluated as they go (:class:`ntm_desktop.assessments.evaluator.Evaluator`).
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from ntm_desktop import assessments, periods, units
from ntm_desktop.assessments import criterion_results as table
from ntm_desktop.assessments.evaluator import Evaluator
from ntm_desktop.i18n import t
from ntm_desktop.store.database import Store
from ntm_desktop.sync.entities.assessments import COMMON, _Assessment, _Maps, split_nkey
from ntm_desktop.sync.entities.base import Context, Item


class CriterionResults(_Assessment):
    name = "criterion_result"
    member = "records/criterion_results.csv"
    columns = ("commune", "period", "set", "criterion", *COMMON, "official", "note", "source")
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
        ids = self._ids(ctx)
        units = ctx.unit_ids
        period_cache = ctx.cache["periods"]
        evaluator = ctx.cache.get("evaluator")
        if evaluator is None:
            ctx.store.cache.clear()  # criteria sets may have just changed
            evaluator = ctx.cache["evaluator"] = Evaluator(ctx.store)
            # the sets' versions (the package's sets are applied before any status)
            ctx.cache["set_versions"] = table.set_versions(ctx.store.db.conn)
        versions = ctx.cache["set_versions"].get
        nums = evaluator.values(sorted({units[r[0]] for r in records})).get
        status = ctx.cache.get("statuses")
        if status is None:
            status = ctx.cache["statuses"] = _Statuses(evaluator)
        no_values: dict[int, float | None] = {}
        rows: list[tuple[Any, ...]] = []
        append = rows.append
        for commune, period_code, set_code, number, raw, note, source, uuid, at, by, hlc in records:
            crit_id = ids[(set_code, number)]
            year, ordinal = period_cache[period_code]
            commune_id = units[commune]
            append((uuid, commune_id, period_code, year, ordinal, crit_id, int(raw) if raw else None, note or None,
                    source, status(commune_id, period_code, year, crit_id, nums((commune_id, period_code), no_values)),
                    at or None, by or None, hlc, versions(crit_id)))
        table.upsert_many(ctx.store, rows)
        # this chunk's groups: their statuses are stored (recompute leaves them)
        ctx.computed.update(map(_GROUP, rows))

    def remove(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        ids = self._ids(ctx)
        table.clear_many(
            ctx.store.db.conn,
            [(inc.hlc, inc.at, inc.by, ctx.unit_ids[loc.data[0]], loc.data[1], ids[(loc.data[2], loc.data[3])])
             for inc, loc in pairs])

    def restamp(self, pairs: list[tuple[Item, Item]], ctx: Context) -> None:
        ids = self._ids(ctx)
        table.restamp_many(
            ctx.store.db.conn,
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
        if state is None:
            return ""
        official = state.get("official")
        shown = "—" if official is None else t("status.met") if int(official) else t("status.not_met")
        return f"{shown} ({state['note']})" if state.get("note") else shown

    def resolve(self, store: Store, nkey: str, state: dict[str, Any] | None, batch: Any) -> None:
        commune_key, period_code, set_code, number = split_nkey(nkey)
        commune = units.by_nkey(store, commune_key)
        assert commune is not None
        period = periods.parse(period_code)
        official = None if state is None or state.get("official") is None else bool(int(state["official"]))
        note = "" if state is None else (state.get("note") or "")
        assessments.set_official(store, commune, period, int(number), official, note=note, set_code=set_code,
                                 source=(state or {}).get("source") or "entered", batch=batch)


class _Statuses:
    """:meth:`Evaluator.status`, remembered by all it depends on: the criterion, the column
    assessing the commune, the year and the values of the criterion's indicators. Communes
    share them (yes/no indicators, the same figures), so a national package computes a
    fraction of its million statuses."""

    LIMIT = 100_000  # statuses remembered (then forgotten all at once)

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator
        self.column = evaluator.column
        # criterion id → its indicators' ids and how its set's columns are keyed (one lookup a status)
        self.plans = {crit_id: (tuple(ind.id for ind in crit.indicators), evaluator.sets[crit_id])
                      for crit_id, crit in evaluator.crits.items()}
        self.known: dict[tuple[Any, ...], int | None] = {}

    def __call__(self, commune_id: int, period_code: str, year: int, crit_id: int,
                 entered: dict[int, float | None]) -> int | None:
        plan = self.plans.get(crit_id)
        if plan is None:  # a criterion of no set here: no status (as Evaluator.status)
            return None
        key = (crit_id, self.column(commune_id, plan[1], period_code), year, *map(entered.get, plan[0]))
        found: Any = self.known.get(key, _UNKNOWN)
        if found is _UNKNOWN:
            known = self.known
            if len(known) >= self.LIMIT:
                known.clear()
            found = known[key] = self.evaluator.status(commune_id, period_code, crit_id, entered)
        return found


_GROUP = itemgetter(1, 2, 5)  # a stored row's (commune id, period, criterion id)
_UNKNOWN = object()  # a status not worked out yet (None is a status: undetermined)
CRITERION_RESULTS = CriterionResults()
