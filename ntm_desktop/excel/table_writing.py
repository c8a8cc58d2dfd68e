"""A legacy table's marks written as official statuses of the year: all or nothing, in
one batch that can be undone in one step.

Thousands of communes × 19 criteria: the statuses go in through the bulk function of
:mod:`ntm_desktop.assessments.criterion_results` and the change log gets one group row
per commune row (:func:`ntm_desktop.store.audit.record_many`), under one clock stamp each
(bench/bench_import_table.py, docs/benchmarks.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import itemgetter, truth
from typing import Any, NamedTuple

from ntm_desktop import clock, criteria, i18n, ids, text, units
from ntm_desktop.assessments import criterion_results
from ntm_desktop.cycle import locks
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel.table_preview import Problem, TablePreview, TableRow
from ntm_desktop.periods import Period
from ntm_desktop.store import audit, backup, bulk, masks
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
    statuses = len(preview.rows) * len(cs.criteria)
    with _large_write(store, statuses), _references_unchecked(store, statuses, preview), store.transaction():
        made: dict[str, units.Unit] = {}
        for row in preview.unknown:
            district = _district(store, batch, row.district, made, result)
            row.unit = units.add_commune_in(store, batch, district, row.commune)
            result.created_units.append(f"{row.commune} ({row.district})")
        existing = _stored(store, period, cs, [r.unit.id for r in preview.rows if r.unit is not None])
        changed_rows: list[tuple[TableRow, list[tuple[int, bool, _Stored | None]] | None]] = []
        for index, row in enumerate(preview.rows):
            if cancelled is not None and cancelled():
                raise InputRejected("import.cancelled")
            if progress and index % 500 == 0:
                progress(index, len(preview.rows))
            assert row.unit is not None
            held = existing.get(row.unit.id)
            if held is None:  # nothing stored for the commune: every mark is new
                if row.marks:
                    changed_rows.append((row, None))
                    result.imported += 1
                else:
                    result.unchanged += 1
                continue
            diffs = [(number, met, held.get(number)) for number, met in row.marks.items()
                     if number not in held or held[number].official != met]  # 1 == True, 0 == False
            if not diffs:
                result.unchanged += 1
                continue
            changed_rows.append((row, diffs))
            if any(held[number].official is not None for number in row.marks if number in held):
                result.updated += 1
            else:
                result.imported += 1
        now = clock.now_iso()
        new, stored, changes = _rows_to_write(store, batch, changed_rows, period, cs, now)
        writing = len(new[0]) + len(stored)
        with _index_built_after(store, writing), _marked(store, year, changed_rows, writing):
            batch.count += criterion_results.import_officials(store.db.conn, period, now, store.user, new, stored)
        audit.record_many(store.db.conn, changes)
    if progress:
        progress(len(preview.rows), len(preview.rows))
    return result


# statuses from which the write goes through a rollback journal instead of the write-ahead log
# (Store.large_transaction: pages new to the file written once, not to the log and again at the
# checkpoint): 190,000 statuses (about 45 MB of pages) commit in 0.2-0.3 s instead of 0.5-0.7 s,
# the write as a whole 0.90 s of CPU instead of 1.14 (load 6.5, bench/bench_import_table.py).
# Smaller tables keep the log (switching costs a checkpoint and two journal-mode changes).
LARGE_WRITE = 20_000
# page cache (KiB; SQLite's default is 2 MiB) for a large write that stays in the log (another
# connection is open: the window's, the import running in a worker): the index pages stay in
# memory instead of spilling to the log mid-transaction, 1.13 → 1.05 s of CPU for 190,000
# statuses; with a rollback journal it changes nothing and only costs memory
WRITE_CACHE_KIB = 65_536


@contextmanager
def _large_write(store: Store, statuses: int) -> Iterator[None]:
    if statuses < LARGE_WRITE:
        yield
        return
    with store.large_transaction() as switched:
        if switched:
            yield
            return
        conn = store.db.conn
        kept = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {-WRITE_CACHE_KIB}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {int(kept)}")


def _references_unchecked(store: Store, statuses: int, preview: TablePreview) -> AbstractContextManager[bool]:
    """A large write that creates no unit runs with SQLite's foreign-key enforcement off
    (:func:`bulk.references_unchecked`): the statuses are its only rows with references, and
    :func:`criterion_results.import_officials` checks their communes and criteria itself, once
    an id (bench/bench_import_table.py's 190,000 statuses, 9 alternated rounds at load 2.0-2.2:
    the ``statuses`` stage 623 → 554 ms, the check 9 ms of it)."""
    if statuses < LARGE_WRITE or preview.unknown:
        return nullcontext(False)
    return bulk.references_unchecked(store.db.conn)


# the one secondary index a table's write fills at 19 places (year, criterion) instead of at its end: built
# once after a write large against the table (criterion_results.indexes_built_after). 190,000 statuses into
# an empty table: the write 696 → 616 ms with it built after, 652 with both secondary indexes (the other,
# (year, commune, …), takes the rows in its own order: cheaper to fill than to build) (load 1.8, 7 rounds)
_BUILT_AFTER = ("criterion_results_year",)


def _index_built_after(store: Store, statuses: int) -> AbstractContextManager[bool]:
    return criterion_results.indexes_built_after(store.db.conn, statuses, _BUILT_AFTER)


def _marked(
    store: Store, year: int, changed_rows: list[tuple[TableRow, Any]], statuses: int
) -> AbstractContextManager[None]:
    """From :data:`criterion_results.MARKED_FROM` statuses, the summary's (year, commune) marks
    made in one statement instead of a trigger per status (:func:`masks.marked_by_writer`): every
    changed row writes at least one status of its commune, new or stored, and each would mark
    its year and commune (10,000 rows × 19: about 0.17 s less, bench/bench_import_table.py)."""
    if statuses < criterion_results.MARKED_FROM:
        return nullcontext()
    return masks.marked_by_writer(store.db.conn, {(year, row.unit.id) for row, _diffs in changed_rows if row.unit})


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
        stored = existing.get(row.unit.id)
        if stored is None:
            continue
        for number, met in row.marks.items():
            old = stored.get(number)
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
) -> dict[int, dict[int, _Stored]]:
    """Commune id → criterion number → what the database holds, for the table's communes
    that hold anything (a commune absent from it has nothing stored: all its marks are new).
    The set's criteria by id, not joined: one index range per commune (commune, period) instead
    of one probe per commune and criterion (190,000 stored statuses: 0.52 → 0.22 s of CPU)."""
    number_of = {c.id: c.number for c in cs.criteria}
    out: dict[int, dict[int, _Stored]] = {}
    for commune_id, criterion_id, official, note, uuid, source in store.db.conn.execute(
        "SELECT commune_id, criterion_id, official, note, uuid, source FROM criterion_results"
        " WHERE period = ? AND +criterion_id IN (SELECT value FROM json_each(?))"  # +: not an index probe
        " AND commune_id IN (SELECT value FROM json_each(?))",
        [period.code, json.dumps(list(number_of)), json.dumps(unit_ids)],
    ):
        held = out.get(commune_id)
        if held is None:
            held = out[commune_id] = {}
        held[number_of[criterion_id]] = _Stored(official, note, uuid, source)
    return out


# the criteria numbers in the order storage.dumps sorts their keys ("1", "10", "11", … "2", …)
_KEY_ORDER = sorted(range(1, 100), key=str)
# "n": state of a plain imported status (no note), as storage.dumps writes it (the two states
# written once: 198 calls of dumps were 2 ms of every import's start)
_STATES = [dumps({"official": met, "note": None, "source": "imported"}) for met in (0, 1)]
_PLAIN = {(n, met): f'"{n}": {_STATES[met]}' for n in range(1, 100) for met in (0, 1)}


def _member(number: int, state: dict[str, Any]) -> str:
    return f'"{number}": ' + dumps(state)


def _group(parts: dict[int, str]) -> str:
    """A group row's item → state object, byte for byte as storage.dumps would write it."""
    return "{" + ", ".join(parts[n] for n in _KEY_ORDER if n in parts) + "}"


def _rows_to_write(
    store: Store, batch: audit.Batch, changed_rows: list[tuple[TableRow, list[tuple[int, bool, Any]] | None]],
    period: Period, cs: criteria.CriteriaSet, now: str,
) -> tuple[list[list[Any]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """New statuses (as columns), stored status rows (as :func:`criterion_results.import_officials`
    takes both) and change-log rows for the rows that change; ``None`` for a row's changes: every
    mark is new (nothing stored for its commune). One clock stamp per commune row: its criteria
    are written by the same event, and logged as one group row (audit.members gives the
    per-criterion changes back). States carry only the values: identity (commune, period, set,
    criterion) is in the natural key. A new status never has a note.

    The new statuses' columns are made from each row's marks of new statuses (a dict, number →
    met) by C-level ``chain``/``map``/``repeat``, in the rows' order, not a tuple per status
    (10,000 rows × 19: 157 → 80 ms with the uuids, bench/bench_import_table.py)."""
    crit_ids = {c.number: c.id for c in cs.criteria}
    versions = criterion_results.set_versions(store.db.conn)
    version_of = {number: versions.get(crit_id) for number, crit_id in crit_ids.items()}
    count = sum(len(row.marks) if d is None else len(d) for row, d in changed_rows)
    stamps = store.stamps(len(changed_rows)) if changed_rows else []
    uuids = ids.new_uuids(count + len(changed_rows))  # the change-log rows' first, then the new statuses'
    user, installation, label, batch_id = store.user, store.installation_id, batch.label, batch.id
    stem = f"|{period.code}|{cs.code}|{audit.GROUP_ITEM}"
    order = [n for n in _KEY_ORDER if n in crit_ids]
    plain = {n: (_PLAIN[(n, 0)], _PLAIN[(n, 1)]) for n in crit_ids}
    in_order = [plain[n] for n in order]  # a full row's members: indexed by its marks in key order
    marks_in_order = itemgetter(*order) if len(order) > 1 else None
    fresh: list[dict[int, bool]] = []  # per changed row, its new statuses: number → met
    communes: list[int] = []  # per changed row, its commune
    stored: list[tuple[Any, ...]] = []
    changes: list[tuple[Any, ...]] = []
    for (row, diffs), hlc, change_uuid in zip(changed_rows, stamps, uuids[: len(changed_rows)], strict=True):
        unit = row.unit
        assert unit is not None
        communes.append(unit.id)
        before: dict[int, str] = {}
        if diffs is None:  # all new, no note: the common first import
            marks = row.marks
            fresh.append(marks)
            if marks_in_order is not None and len(marks) == len(order):  # every criterion of the set
                after = "{" + ", ".join(map(tuple.__getitem__, in_order, map(truth, marks_in_order(marks)))) + "}"
            else:
                after = "{" + ", ".join([plain[n][1 if marks[n] else 0] for n in order if n in marks]) + "}"
        else:
            parts: dict[int, str] = {}
            new_marks: dict[int, bool] = {}
            for number, met, old in diffs:
                mark = 1 if met else 0
                note = None
                if old is None:
                    new_marks[number] = met
                else:
                    note = old.note
                    stored.append((mark, hlc, version_of[number], old.uuid))
                    if old.official is not None or note is not None:
                        before[number] = _member(number, {"official": old.official, "note": note,
                                                          "source": old.source})
                parts[number] = _PLAIN[(number, mark)] if note is None else _member(
                    number, {"official": mark, "note": note, "source": "imported"})
            fresh.append(new_marks)
            after = _group(parts)
        changes.append((change_uuid, batch_id, now, user, installation, hlc, "criterion_result", unit.uuid,
                        f"cr|{unit.nkey}{stem}",
                        "update" if before else "insert", _group(before) if before else None, after,
                        "imported", label))
    sizes = list(map(len, fresh))
    taken = len(changed_rows)
    new: list[list[Any]] = [  # uuid, commune id, criterion id, official, hlc, set version
        uuids[taken : taken + sum(sizes)],
        list(chain.from_iterable(map(repeat, communes, sizes))),
        list(map(crit_ids.__getitem__, chain.from_iterable(fresh))),
        list(map(truth, chain.from_iterable(map(dict.values, fresh)))),
        list(chain.from_iterable(map(repeat, stamps, sizes))),
        list(map(version_of.__getitem__, chain.from_iterable(fresh))),
    ]
    return new, stored, changes
