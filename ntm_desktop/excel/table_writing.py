"""A legacy table's marks written as official statuses of the year: all or nothing, in
one batch that can be undone in one step.

Thousands of communes × 19 criteria: the statuses go in through the bulk function of
:mod:`ntm_desktop.assessments.criterion_results` and the change log gets one group row
per commune row (:func:`ntm_desktop.store.audit.record_many`), under one clock stamp each
(bench/bench_import_table.py, docs/benchmarks.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ntm_desktop import clock, criteria, i18n, ids, text, units
from ntm_desktop.assessments import criterion_results
from ntm_desktop.cycle import locks
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel.table_preview import Problem, TablePreview, TableRow
from ntm_desktop.periods import Period
from ntm_desktop.store import audit, backup, bulk
from ntm_desktop.store.database import Store, dumps


@dataclass
class ImportResult:
    imported: int = 0  # communes with no status before
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # total rows
    created_units: list[str] = field(default_factory=list)
    batch: str | None = None
    created_districts: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        extra = {"created_districts": self.created_districts} if self.created_districts else {}
        return {
            "imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": self.skipped, "created_units": self.created_units, "batch": self.batch, **extra,
        }


def unknown_errors(preview: TablePreview) -> list[Problem]:
    """One error per commune that matched no unit (``--add-units`` creates them instead)."""
    out = []
    for row in preview.unknown:
        hint = (" " + i18n.t("unit.suggest", names="; ".join(row.suggestions))) if row.suggestions else ""
        if not row.district:  # a row of a year without districts, matched among the units in force
            if not row.code:  # (an unknown code is already an error of the preview)
                out.append(Problem("table.unknown_commune_on", {
                    "row": row.row, "commune": row.commune, "day": _day(preview.day), "hint": hint}))
            continue
        out.append(Problem("table.unknown_commune", {"row": row.row, "commune": row.commune, "district": row.district,
                                                     "hint": hint}))
    return out


def _day(day: str | None) -> str:
    return "/".join(reversed(day.split("-"))) if day else ""


def check(preview: TablePreview, add_units: bool = False) -> list[Problem]:
    """Every problem that blocks the import. ``add_units`` creates the unknown communes, and the
    unknown districts of their rows (a table for a province with no units loaded); a row without
    a district names no place to create its commune in, so it stays an error."""
    if not add_units:
        return list(preview.errors) + unknown_errors(preview)
    problems = [p for p in preview.errors if p.key != "table.unknown_district"]
    return problems + [p for p in unknown_errors(preview) if p.key == "table.unknown_commune_on"]

@bulk.gc_paused()
def apply(
    store: Store,
    preview: TablePreview,
    year: int,
    *,
    add_units: bool = False,
    set_code: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Write the table's marks as official statuses of ``year`` (all or nothing)."""
    problems = check(preview, add_units)
    if problems:
        raise InputRejected("table.rejected", [p.message for p in problems], path=preview.path, n=len(problems))
    cs = criteria.get_set(store, set_code or preview.set_code or criteria.set_for_year(store, year))
    if len(cs.criteria) != len(preview.criteria_columns):  # read against another set
        raise InputRejected("table.wrong_count", path=preview.path, sheet=preview.sheet, row=preview.header_row,
                            found=len(preview.criteria_columns), count=len(cs.criteria), set=cs.code, year=year)
    period = Period(year, "Y")
    locked = locks.locked_communes(store, period, [r.unit.id for r in preview.rows if r.unit is not None])
    if locked:  # a locked year refuses the whole table, before the backup (CONTRACT §9)
        names = sorted({f"{r.commune} ({r.district})" for r in preview.rows if r.unit and r.unit.id in locked},
                       key=text.sort_key)
        raise InputRejected("cycle.table_locked", sorted({locks.describe(lock) for lock in locked.values()}),
                            n=len(names), year=year, names=", ".join(names))
    batch = audit.new_batch("imported", f"{preview.path.name} {preview.sheet} ({year})")
    result = ImportResult(skipped=len(preview.totals_skipped), batch=batch.id)
    backup.auto_backup(store, "import")  # DESIGN: an automatic backup before every import
    with store.transaction():
        made: dict[str, units.Unit] = {}
        for row in preview.unknown:
            district = _district(store, batch, row.district, made, result)
            row.unit = units.add_commune_in(store, batch, district, row.commune)
            result.created_units.append(f"{row.commune} ({row.district})")
        existing = _stored(store, period, cs, [r.unit.id for r in preview.rows if r.unit is not None])
        now = clock.now_iso()
        changed_rows: list[tuple[TableRow, list[tuple[int, bool, Any]]]] = []
        for index, row in enumerate(preview.rows):
            if cancelled is not None and cancelled():
                raise InputRejected("import.cancelled")
            if progress and index % 500 == 0:
                progress(index, len(preview.rows))
            assert row.unit is not None
            key = row.unit.id
            diffs: list[tuple[int, bool, _Stored | None]] = []
            had_any = False
            for number, met in row.marks.items():
                old = existing.get((key, number))
                if old is None:
                    diffs.append((number, met, None))
                    continue
                if old.official is not None:
                    had_any = True
                if old.official != met:  # 1 == True, 0 == False
                    diffs.append((number, met, old))
            if not diffs:
                result.unchanged += 1
                continue
            changed_rows.append((row, diffs))
            if had_any:
                result.updated += 1
            else:
                result.imported += 1
        writes, changes = _rows_to_write(store, batch, changed_rows, period, cs, now)
        criterion_results.import_officials(store.db.conn, writes)
        audit.record_many(store.db.conn, changes)
        batch.count += len(writes)
    if progress:
        progress(len(preview.rows), len(preview.rows))
    return result


def overwrites(store: Store, preview: TablePreview, year: int, set_code: str | None = None) -> dict[str, Any]:
    """What the import would change of what is stored (issue 20 part 7): every official status of the
    year it would turn the other way, and how many of those a person entered by hand (``source``
    ``entered``), for the preview to say before the user confirms: ``{count, entered, items: [{commune,
    district, code, criterion, was, now, source}]}`` (items listed up to 500)."""
    cs = criteria.get_set(store, set_code or preview.set_code or criteria.set_for_year(store, year))
    matched = [r for r in preview.rows if r.unit is not None]
    existing = _stored(store, Period(year, "Y"), cs, [r.unit.id for r in matched if r.unit is not None])
    items: list[dict[str, Any]] = []
    count = entered = 0
    for row in matched:
        assert row.unit is not None
        for number, met in row.marks.items():
            old = existing.get((row.unit.id, number))
            if old is None or old.official is None or bool(old.official) == met:
                continue
            count += 1
            entered += old.source == "entered"
            if len(items) < 500:
                items.append({"commune": row.unit.name, "district": row.district or None, "code": row.unit.code,
                              "criterion": number, "was": bool(old.official), "now": met, "source": old.source})
    return {"count": count, "entered": entered, "items": items}


# a group row's prefix → the district's kind and whether the prefix stays in its name (CONTRACT §5)
_DISTRICT_KINDS = (("huyện ", "huyện", False), ("thị xã ", "thị xã", False), ("thành phố ", "thành phố", True),
                   ("tp. ", "thành phố", None), ("tp ", "thành phố", None))


def _district(store: Store, batch: audit.Batch, name: str, made: dict[str, units.Unit], result: ImportResult) -> str:
    """The district named ``name``, created (with ``--add-units``) when the database has none of
    that name: a table for a province with no units loaded. Under the province if there is one."""
    key = text.match_key(name)
    if key in made:
        return made[key].name
    try:
        return units.resolve_district(store, name).name
    except InputRejected as error:
        if error.key != "unit.unknown_district":
            raise
    kind, bare = "huyện", text.strip_prefix(name)
    for prefix, found, kept in _DISTRICT_KINDS:
        if name.casefold().startswith(prefix):
            kind = found
            bare = name if kept else ("Thành phố " + name[len(prefix):].strip() if kept is None else bare)
            break
    provinces = units.all_of_level(store, "province")
    made[key] = units.upsert_unit(store, batch, level="district", name=bare, kind=kind,
                                  parent=provinces[0] if len(provinces) == 1 else None)
    result.created_districts.append(made[key].name)
    return made[key].name


class _Stored(NamedTuple):
    official: int | None
    note: str | None
    uuid: str
    source: str


def _stored(
    store: Store, period: Period, cs: criteria.CriteriaSet, unit_ids: list[int]
) -> dict[tuple[int, int], _Stored]:
    """(commune id, criterion number) → what the database holds for the table's communes."""
    make = _Stored._make
    return {
        (commune_id, number): make(rest)
        for commune_id, number, *rest in store.db.conn.execute(
            "SELECT r.commune_id, c.number, r.official, r.note, r.uuid, r.source FROM criterion_results r"
            " JOIN criteria c ON c.id = r.criterion_id WHERE r.period = ? AND c.set_id = ?"
            " AND r.commune_id IN (SELECT value FROM json_each(?))",
            [period.code, cs.id, json.dumps(unit_ids)],
        )
    }


# the criteria numbers in the order storage.dumps sorts their keys ("1", "10", "11", … "2", …)
_KEY_ORDER = sorted(range(1, 100), key=str)
# "n": state of a plain imported status (no note), as storage.dumps writes it
_PLAIN = {(n, met): f'"{n}": ' + dumps({"official": met, "note": None, "source": "imported"})
          for n in range(1, 100) for met in (0, 1)}


def _member(number: int, state: dict[str, Any]) -> str:
    return f'"{number}": ' + dumps(state)


def _group(parts: dict[int, str]) -> str:
    """A group row's item → state object, byte for byte as storage.dumps would write it."""
    return "{" + ", ".join(parts[n] for n in _KEY_ORDER if n in parts) + "}"


def _rows_to_write(
    store: Store, batch: audit.Batch, changed_rows: list[tuple[TableRow, list[tuple[int, bool, Any]]]],
    period: Period, cs: criteria.CriteriaSet, now: str,
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Status rows and change-log rows for the rows that change. One clock stamp per
    commune row: its criteria are written by the same event, and logged as one group row
    (audit.members gives the per-criterion changes back). States carry only the values:
    identity (commune, period, set, criterion) is in the natural key."""
    crit_ids = {c.number: c.id for c in cs.criteria}
    count = sum(len(d) for _r, d in changed_rows)
    stamps = iter(store.stamps(len(changed_rows)) if changed_rows else [])
    uuids = iter(ids.new_uuids(count + len(changed_rows)))
    period_code, year, pend, user = period.code, period.year, period.ordinal, store.user
    installation, label, batch_id = store.installation_id, batch.label, batch.id
    writes: list[tuple[Any, ...]] = []
    changes: list[tuple[Any, ...]] = []
    for row, diffs in changed_rows:
        unit = row.unit
        assert unit is not None
        hlc = next(stamps)
        before: dict[int, str] = {}
        after: dict[int, str] = {}
        for number, met, old in diffs:
            mark = 1 if met else 0
            if old is None:
                row_uuid, note = next(uuids), None
            else:
                row_uuid, note = old.uuid, old.note
                if old.official is not None or note is not None:
                    before[number] = _member(number, {"official": old.official, "note": note, "source": old.source})
            after[number] = _PLAIN[(number, mark)] if note is None else _member(
                number, {"official": mark, "note": note, "source": "imported"})
            writes.append((row_uuid, unit.id, period_code, year, pend, crit_ids[number],
                           mark, note, "imported", now, user, hlc))
        changes.append((next(uuids), batch_id, now, user, installation, hlc, "criterion_result", unit.uuid,
                        f"cr|{unit.nkey}|{period_code}|{cs.code}|{audit.GROUP_ITEM}",
                        "update" if before else "insert", _group(before) if before else None, _group(after),
                        "imported", label))
    return writes, changes
