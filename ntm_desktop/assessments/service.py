"""The service functions of :mod:`ntm_desktop.assessments` (the package re-exports them): writing
one indicator value or official status in one transaction with its change-log entry and the
computed status kept up to date, a commune's scorecard, recomputing, a commune's group or
region, and the undo/redo restorers of those records.

They live in a module of their own so that importing the package costs nothing (issue 22: the
window's start imports ``ntm_desktop.assessments`` through ``setup.prepare`` and ``setup.demo``
but shows no scorecard before its first paint; this module and what it imports, the evaluator,
criterion_results and the criteria shapes, took about 25 ms of that start).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ntm_desktop import criteria, engine, ids, periods, text, units, values
from ntm_desktop.assessments import criterion_results, evaluator, indicator_values
from ntm_desktop.criteria import CriteriaSet, Criterion, Indicator
from ntm_desktop.criteria.shape import shape_of
from ntm_desktop.cycle.locks import check_open
from ntm_desktop.engine import Status, Threshold
from ntm_desktop.errors import InputRejected
from ntm_desktop.i18n import t
from ntm_desktop.periods import Period
from ntm_desktop.store import audit
from ntm_desktop.store.database import Store
from ntm_desktop.units import Unit, classes

SOURCES = ("entered", "imported", "computed")


def iv_nkey(commune: Unit, period: Period, set_code: str, indicator_code: str) -> str:
    return f"iv|{commune.nkey}|{period.code}|{set_code}|{indicator_code}"


def cr_nkey(commune: Unit, period: Period, set_code: str, number: int) -> str:
    return f"cr|{commune.nkey}|{period.code}|{set_code}|{number}"


def _iv_state(row: Any, commune: Unit, period: str, set_code: str, code: str) -> dict[str, Any]:
    return {
        "uuid": row["uuid"],
        "commune": commune.nkey,
        "period": period,
        "set": set_code,
        "indicator": code,
        "value": row["value"],
        "note": row["note"],
        "source": row["source"],
    }


def _cr_state(row: Any, commune: Unit, period: str, set_code: str, number: int) -> dict[str, Any] | None:
    if row is None or (row["official"] is None and not row["note"]):
        return None
    return {
        "uuid": row["uuid"],
        "commune": commune.nkey,
        "period": period,
        "set": set_code,
        "criterion": number,
        "official": row["official"],
        "note": row["note"],
        "source": row["source"],
    }


def resolve_set(store: Store, period: Period, set_code: str | None) -> CriteriaSet:
    return criteria.get_set(store, set_code or criteria.set_for_year(store, period.year))


# -- writing ------------------------------------------------------------------


def set_indicator_value(
    store: Store,
    commune: Unit,
    period: Period,
    indicator_code: str,
    raw: str | bool | float | None,
    *,
    note: str | None = None,
    set_code: str | None = None,
    source: str = "entered",
    batch: audit.Batch | None = None,
    row_uuid: str | None = None,
) -> audit.Batch | None:
    """Record (or, with ``raw`` None or empty, clear) one indicator value.

    ``row_uuid`` keeps a restored record's identity (undo/redo, sync); new records
    otherwise get a fresh one.

    Returns the batch to undo it, or None when nothing changed. An invalid value raises
    InputRejected and nothing is written.
    """
    check_open(store, commune.id, period)  # a locked period refuses edits (CONTRACT §9)
    cs = resolve_set(store, period, set_code)
    crit, ind = cs.indicator(indicator_code)
    clearing = raw is None or (isinstance(raw, str) and not text.clean(raw))
    parsed = None if clearing or raw is None else values.parse(ind.type, raw)
    # note=None keeps the stored note; any text replaces it, and "" clears it (undo relies on this)
    note_given = note is not None
    note = (text.clean(note) or None) if note_given else None
    batch = batch or audit.new_batch(source, f"{commune.name} {period.code} {ind.code}")
    nkey = iv_nkey(commune, period, cs.code, ind.code)
    with store.transaction():
        rows = store.query(
            "SELECT * FROM indicator_values WHERE commune_id = ? AND period = ? AND indicator_id = ?",
            [commune.id, period.code, ind.id],
        )
        old = _iv_state(rows[0], commune, period.code, cs.code, ind.code) if rows else None
        if parsed is None:
            if old is None:
                return None
            indicator_values.delete(store, rows[0]["id"])
            audit.record(store, batch, entity="indicator_value", entity_uuid=old["uuid"], nkey=nkey, old=old, new=None)
        else:
            keep_note = note if note_given else (old["note"] if old else None)
            if old and old["value"] == parsed.text and old["note"] == keep_note:
                return None
            hlc = store.next_hlc()
            row_uuid = old["uuid"] if old else (row_uuid or ids.new_uuid())
            indicator_values.write(store, row_uuid, commune.id, period, ind.id, parsed, keep_note, source, hlc)
            new = {**(old or {}), "uuid": row_uuid, "commune": commune.nkey, "period": period.code,
                   "set": cs.code, "indicator": ind.code, "value": parsed.text, "note": keep_note,
                   "source": source}
            audit.record(store, batch, entity="indicator_value", entity_uuid=row_uuid, nkey=nkey, old=old, new=new,
                         hlc=hlc)
        recompute(store, commune, period, cs, crit)
    return batch


def set_official(
    store: Store,
    commune: Unit,
    period: Period,
    number: int,
    met: bool | None,
    *,
    note: str | None = None,
    set_code: str | None = None,
    source: str = "entered",
    batch: audit.Batch | None = None,
    row_uuid: str | None = None,
) -> audit.Batch | None:
    """Record the official status of a criterion (đạt / chưa đạt, or None to clear) with a note."""
    check_open(store, commune.id, period)  # a locked period refuses edits (CONTRACT §9)
    cs = resolve_set(store, period, set_code)
    crit = cs.criterion(number)
    note_given = note is not None  # None keeps the stored note, "" clears it
    note = (text.clean(note) or None) if note_given else None
    batch = batch or audit.new_batch(source, f"{commune.name} {period.code} TC{number}")
    nkey = cr_nkey(commune, period, cs.code, number)
    with store.transaction():
        row = criterion_results.row(store, commune.id, period.code, crit.id)
        old = _cr_state(row, commune, period.code, cs.code, number)
        keep_note = note if note_given else (row["note"] if row else None)
        official = None if met is None else int(met)
        if (row["official"] if row else None) == official and (row["note"] if row else None) == keep_note:
            return None
        hlc = store.next_hlc()
        row_uuid = row["uuid"] if row else (row_uuid or ids.new_uuid())
        criterion_results.write_official(store, row_uuid, commune.id, period, crit.id, official, keep_note, source,
                                         hlc)
        new = _cr_state(criterion_results.row(store, commune.id, period.code, crit.id), commune, period.code, cs.code,
                        number)
        audit.record(store, batch, entity="criterion_result", entity_uuid=row_uuid, nkey=nkey, old=old, new=new,
                     hlc=hlc)
        if row is None:
            recompute(store, commune, period, cs, crit)
    return batch


# -- evaluation -----------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    value: str | None
    note: str | None
    source: str | None
    threshold: Threshold | None
    status: Status
    nkey: str
    updated_at: str | None
    updated_by: str | None

    @property
    def display(self) -> str:
        return values.display(self.indicator.type, self.value)


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    indicators: tuple[IndicatorRow, ...]
    computed: Status
    official: bool | None
    note: str | None
    nkey: str

    @property
    def effective(self) -> bool | None:
        """Official status where recorded, else the computed one (docs/rules.md)."""
        return self.official if self.official is not None else self.computed.as_bool()

    @property
    def disagreement(self) -> bool:
        computed = self.computed.as_bool()
        return self.official is not None and computed is not None and computed != self.official


@dataclass(frozen=True)
class Scorecard:
    commune: Unit
    period: Period
    criteria_set: CriteriaSet
    region: str | None  # the threshold column assessing the commune: a region or a group ("2")
    rows: tuple[CriterionRow, ...]
    basis: str = "inherited"  # why that column: group, region, inherited, difficult or none

    @property
    def column_text(self) -> str:
        """The commune's group or region in force, as the scorecard shows it ("Xã nhóm 2",
        "Vùng Tây Nguyên", "Vùng Trung du miền núi phía Bắc (xã ĐBKK/ATK)", "Chưa xếp nhóm xã")."""
        return column_text(self.criteria_set, self.region, self.basis)

    @property
    def met_count(self) -> int:
        return sum(1 for row in self.rows if row.effective is True)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def band(self) -> str | None:
        """The set's own band of the criteria met (``"15-18"`` on a 19-criterion set, ``"10"`` or
        None on a set whose data defines only its full band)."""
        return shape_of(self.criteria_set).band_key(self.met_count)

    @property
    def has_data(self) -> bool:
        return any(r.official is not None or any(i.value is not None for i in r.indicators) for r in self.rows)

    @property
    def disagreements(self) -> int:
        return sum(1 for row in self.rows if row.disagreement)


def _evaluate_criterion(
    crit: Criterion, entered: dict[int, Any], region: str | None, year: int,
    commune: Unit, period: Period, set_code: str,
) -> tuple[tuple[IndicatorRow, ...], Status]:
    rows = []
    for ind in crit.indicators:
        row = entered.get(ind.id)
        threshold = engine.pick_threshold(ind.thresholds, region, year)
        number = row["num"] if row is not None else None
        status = engine.evaluate_indicator(ind.type, number, threshold)
        rows.append(
            IndicatorRow(
                ind,
                row["value"] if row is not None else None,
                row["note"] if row is not None else None,
                row["source"] if row is not None else None,
                threshold,
                status,
                iv_nkey(commune, period, set_code, ind.code),
                row["updated_at"] if row is not None else None,
                row["updated_by"] if row is not None else None,
            )
        )
    return tuple(rows), engine.evaluate_criterion([r.status for r in rows])


def recompute(store: Store, commune: Unit, period: Period, cs: CriteriaSet, crit: Criterion) -> Status:
    """Re-evaluate one criterion and store the computed status (no change-log entry: derived)."""
    region = evaluator.column_of(store, commune, cs, period)[0]
    entered = {
        r["indicator_id"]: r
        for r in store.query(
            "SELECT v.* FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
            " WHERE v.commune_id = ? AND v.period = ? AND i.criterion_id = ?",
            [commune.id, period.code, crit.id],
        )
    }
    _, status = _evaluate_criterion(crit, entered, region, period.year, commune, period, cs.code)
    computed = status.as_bool()
    row = criterion_results.row(store, commune.id, period.code, crit.id)
    if row is None:
        if computed is None:
            return status
        criterion_results.insert_computed(store, commune.id, period, crit.id, int(computed))
    elif row["computed"] != (None if computed is None else int(computed)):
        criterion_results.set_computed(store, row["id"], None if computed is None else int(computed))
    return status


def recompute_all(store: Store) -> int:
    """Re-evaluate every stored criterion (after a criteria set's thresholds changed), in bulk
    (:mod:`.evaluator`: the same rules as :func:`recompute`, one query per 500 communes)."""
    groups = {
        (r[0], r[1], r[2])
        for r in store.db.conn.execute(
            "SELECT DISTINCT v.commune_id, v.period, i.criterion_id FROM indicator_values v"
            " JOIN indicators i ON i.id = v.indicator_id")
    }
    store.cache.clear()  # the sets as stored now
    with store.transaction():
        evaluator.recompute(store, groups)
    return len(groups)


def scorecard(store: Store, commune: Unit, period: Period, set_code: str | None = None) -> Scorecard:
    """Everything the scorecard editor and the commune report show, for one commune and period."""
    cs = resolve_set(store, period, set_code)
    region, basis = evaluator.column_of(store, commune, cs, period)
    entered = {
        r["indicator_id"]: r
        for r in store.query(
            "SELECT v.* FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
            " WHERE v.commune_id = ? AND v.period = ? AND i.set_id = ?",
            [commune.id, period.code, cs.id],
        )
    }
    results = {
        r["criterion_id"]: r
        for r in store.query(
            "SELECT r.* FROM criterion_results r JOIN criteria c ON c.id = r.criterion_id"
            " WHERE r.commune_id = ? AND r.period = ? AND c.set_id = ?",
            [commune.id, period.code, cs.id],
        )
    }
    rows = []
    for crit in cs.criteria:
        ind_rows, status = _evaluate_criterion(crit, entered, region, period.year, commune, period, cs.code)
        result = results.get(crit.id)
        official = None if result is None or result["official"] is None else bool(result["official"])
        rows.append(
            CriterionRow(crit, ind_rows, status, official, result["note"] if result else None,
                         cr_nkey(commune, period, cs.code, crit.number))
        )
    return Scorecard(commune, period, cs, region, tuple(rows), basis)


def column_text(cs: CriteriaSet, column: str | None, basis: str) -> str:
    """A threshold column as a person reads it (see :attr:`Scorecard.column_text`)."""
    if column is None:
        return t("class.column.none_group" if evaluator.set_columns(cs) == "group" else "class.column.none_region")
    if column in classes.GROUPS:
        name = t("class.column.group", value=column)
    else:
        name = t("class.column.region", name=t(f"class.region.{column}") if column in classes.REGIONS else column)
    return name + (t(f"class.basis.{basis}") if basis in ("inherited", "difficult") else "")


# -- groups and regions ------------------------------------------------------------


def classify(store: Store, communes: list[Unit], kind: str, value: str | int, valid_from: str, *,
             decision: str | None = None, note: str | None = None) -> audit.Batch | None:
    """``ntm units classify`` and Đơn vị → Nhóm xã, vùng: the communes' group (``kind`` "group")
    or region ("region") from the day ``valid_from``, one logged batch (undone by
    ``history.revert_batch``), with the statuses of the communes whose facts changed recomputed
    in the same transaction. Returns the batch, or None when nothing changed. A refusal
    (InputRejected) changes nothing."""
    value = classes.normal_value(kind, value)
    names = ", ".join(c.name for c in communes)
    batch = audit.new_batch("entered", f"{names}: {t('class.kind.' + kind)} {value} {valid_from}")
    changed: set[int] = set()
    with store.transaction():
        for commune in communes:
            if classes.classify(store, batch, commune, kind, value, valid_from, decision=decision, note=note):
                changed.add(commune.id)
        evaluator.recompute_communes(store, changed)
    return batch if changed else None


def _restore_class(
    store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch
) -> None:
    """Undo/redo of a group or region fact, the commune's statuses recomputed."""
    unit_id = classes.restore(store, entity_uuid, nkey, state, batch)
    if unit_id is not None:
        evaluator.recompute_communes(store, {unit_id})


# -- undo / redo -----------------------------------------------------------------


def _split_nkey(nkey: str) -> dict[str, str]:
    """``iv|<commune>|<period>|<set>|<code>`` → its parts (the commune key may hold '|')."""
    _, rest = nkey.split("|", 1)
    commune, period, set_code, item = rest.rsplit("|", 3)
    return {"commune": commune, "period": period, "set": set_code, "item": item}


def _locate(store: Store, parts: dict[str, str]) -> tuple[Unit, Period, CriteriaSet]:
    commune = units.by_nkey(store, parts["commune"])
    if commune is None:
        raise InputRejected("unit.unknown_commune", name=parts["commune"], where="")
    return commune, periods.parse(parts["period"]), criteria.get_set(store, parts["set"])


def _restore_iv(
    store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch
) -> None:
    parts = _split_nkey(nkey)
    commune, period, cs = _locate(store, parts)
    if state is None:
        set_indicator_value(store, commune, period, parts["item"], None, set_code=cs.code, batch=batch)
        return
    set_indicator_value(
        store, commune, period, parts["item"], state["value"], note=state["note"] or "",
        set_code=cs.code, source=state["source"], batch=batch, row_uuid=entity_uuid,
    )


def _restore_cr(
    store: Store, entity_uuid: str, nkey: str, state: dict[str, Any] | None, batch: audit.Batch
) -> None:
    parts = _split_nkey(nkey)
    commune, period, cs = _locate(store, parts)
    number = int(parts["item"])
    if state is None:
        set_official(store, commune, period, number, None, note="", set_code=cs.code, batch=batch)
        return
    official = None if state["official"] is None else bool(state["official"])
    set_official(
        store, commune, period, number, official, note=state["note"] or "",
        set_code=cs.code, source=state["source"], batch=batch, row_uuid=entity_uuid,
    )
