"""Legacy criteria tables (.xlsx): one row a commune, one column a criterion (CONTRACT §2).

:func:`read_table` reads and checks a file without writing anything and returns a
:class:`TablePreview` (what the window's preview and ``--dry-run`` show).
:func:`apply` writes a preview's rows as official statuses of the year, all or nothing,
in one batch that can be undone in one step.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from ntm_desktop import clock, criteria, i18n, ids, text, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel import legacy_encoding as legacy_text
from ntm_desktop.excel.rows import read_values
from ntm_desktop.excel.safety import open_workbook, pick_sheet
from ntm_desktop.periods import Period
from ntm_desktop.store import audit, backup, bulk
from ntm_desktop.store.database import Store, dumps

HEADER_SCAN_ROWS = 40
MET = {"x", "đ", "đạt", "1", "✓", "v", "√"}
NOT_MET = {"", "-", "0", "cđ", "chưa đạt", "không đạt", "–", "—"}
TOTAL_PREFIXES = ("cộng", "tổng", "toàn tỉnh", "toàn huyện")
GROUP_PREFIXES = ("huyện", "thành phố", "tp.", "tp ", "thị xã")
_CRITERION = re.compile(r"^(?:tc|tiêu chí|tieu chi)?\s*(?:số|so)?\s*0*(\d{1,2})$")



def col_letter(index: int) -> str:
    """0-based column index → Excel letters (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class Problem:
    key: str
    params: dict[str, Any]

    @property
    def message(self) -> str:
        return i18n.t(self.key, **self.params)


@dataclass(frozen=True)
class Conversion:
    """A cell whose legacy-encoded text (TCVN3, VNI) was converted to Unicode."""

    cell: str
    encoding: str
    before: str
    after: str


def _convert_legacy_columns(rows: list[tuple[Any, ...]], header: int) -> list[Conversion]:
    """Convert TCVN3/VNI text to Unicode in place: data rows by their column's encoding,
    title and header cells only when they are clearly legacy on their own (a Unicode
    heading above a legacy column must stay as it is)."""
    if not rows:
        return []
    done: list[Conversion] = []

    def put(i: int, column: int, encoding: str, after: str) -> None:
        before = rows[i][column]
        if after != before:
            row = list(rows[i])
            row[column] = after
            rows[i] = tuple(row)
            done.append(Conversion(f"{col_letter(column)}{i + 1}", encoding, before, after))

    for i in range(0, min(header + 1, len(rows))):
        for column, value in enumerate(rows[i]):
            if isinstance(value, str) and not value.isascii():
                encoding = legacy_text.detect(value)
                if encoding in legacy_text.LEGACY_ENCODINGS:
                    put(i, column, encoding, legacy_text.to_unicode(value, encoding))
    width = max(len(r) for r in rows)
    for column in range(width):
        cells = [(i, r[column]) for i, r in enumerate(rows) if i > header
                 and column < len(r) and isinstance(r[column], str) and not r[column].isascii()]
        if not cells:
            continue
        encoding = legacy_text.detect_column([v for _, v in cells])
        if encoding not in legacy_text.LEGACY_ENCODINGS:
            continue
        converted = legacy_text.convert_cells([v for _, v in cells], encoding)
        for (i, _before), (_, after) in zip(cells, converted, strict=True):
            put(i, column, encoding, after)
    return done


def _conversion_summary(conversions: list[Conversion]) -> list[tuple[str, str, int]]:
    counts: dict[tuple[str, str], int] = {}
    for c in conversions:
        key = (c.cell.rstrip("0123456789"), c.encoding)
        counts[key] = counts.get(key, 0) + 1
    return [(column, encoding, n) for (column, encoding), n in counts.items()]


@dataclass
class TableRow:
    row: int  # Excel row number
    district: str
    commune: str
    marks: dict[int, bool]
    unit: units.Unit | None = None
    suggestions: list[str] = field(default_factory=list)
    count: int | None = None


@dataclass
class TablePreview:
    path: Path
    sheet: str
    header_row: int
    criteria_columns: dict[int, str]  # number → column letter
    commune_column: str
    district_column: str | None
    count_column: str | None
    rows: list[TableRow] = field(default_factory=list)
    conversions: list[Conversion] = field(default_factory=list)
    totals_skipped: list[int] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return sum(1 for r in self.rows if r.unit is not None)

    @property
    def unknown(self) -> list[TableRow]:
        return [r for r in self.rows if r.unit is None]

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "sheet": self.sheet,
            "header_row": self.header_row,
            "commune_column": self.commune_column,
            "district_column": self.district_column,
            "criteria_columns": {str(k): v for k, v in self.criteria_columns.items()},
            "rows": len(self.rows),
            "matched": self.matched,
            "unknown": [
                {"row": r.row, "district": r.district, "commune": r.commune, "suggestions": r.suggestions}
                for r in self.unknown
            ],
            "totals_skipped": self.totals_skipped,
            "converted": [
                {"cell": c.cell, "encoding": c.encoding, "before": c.before, "after": c.after}
                for c in self.conversions
            ],
            "errors": [p.message for p in self.errors],
            "warnings": [p.message for p in self.warnings],
        }


def parse_mark(value: Any) -> bool | None:
    """True met, False not met, None not understood."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return True if value == 1 else False if value == 0 else None
    return _text_mark(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=4096)
def _text_mark(value: str) -> bool | None:
    key = text.clean(value).casefold()
    if key in MET:
        return True
    if key in NOT_MET:
        return False
    return None


def _criterion_number(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else None
    match = _CRITERION.match(text.clean(str(value)).casefold())
    return int(match.group(1)) if match else None


def _find_header(rows: list[tuple[Any, ...]]) -> tuple[int, int] | None:
    """(row index, first column) of the 1..19 run."""
    for r, row in enumerate(rows):
        numbers = [_criterion_number(v) for v in row]
        for start in range(len(numbers) - 18):
            if numbers[start : start + 19] == list(range(1, 20)):
                return r, start
    return None


def _heading(value: Any) -> str:
    return text.fold(text.clean(str(value))) if value is not None else ""


def _find_columns(rows: list[tuple[Any, ...]], header: int) -> tuple[int | None, int | None, int | None]:
    """Commune, district and count columns, from the header row or the one above it."""
    commune = district = count = None
    candidates = [rows[header]] + ([rows[header - 1]] if header > 0 else [])
    for row in candidates:
        for c, value in enumerate(row):
            head = _heading(value)
            if not head:
                continue
            if commune is None and (head in ("xa", "ten xa", "ten don vi", "don vi", "xa, thi tran") or head.startswith("ten xa")):
                commune = c
            elif district is None and head.startswith("huyen"):
                district = c
            elif count is None and ("so tieu chi" in head or "tong tieu chi" in head):
                count = c
    return commune, district, count


@bulk.gc_paused()
def read_table(
    store: Store,
    path: Path | str,
    year: int,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> TablePreview:
    """Read and check a legacy table. Raises InputRejected for an unreadable file or
    layout; returns a preview whose ``errors`` say what blocks the import."""
    path = Path(path)
    title, rows = read_values(path, sheet)
    found = _find_header(rows[:HEADER_SCAN_ROWS])
    if found is None:
        raise InputRejected("table.no_header", path=path, sheet=title, rows=HEADER_SCAN_ROWS)
    header, first = found
    conversions = _convert_legacy_columns(rows, header)
    commune_col, district_col, count_col = _find_columns(rows, header)
    if commune_col is None:
        raise InputRejected("table.no_commune_col", sheet=title, row=header + 1)
    preview = TablePreview(
        path, title, header + 1, {n: col_letter(first + n - 1) for n in range(1, 20)},
        col_letter(commune_col), col_letter(district_col) if district_col is not None else None,
        col_letter(count_col) if count_col is not None else None,
    )
    preview.conversions = conversions
    for column, encoding, cells in _conversion_summary(conversions):
        preview.warnings.append(Problem("table.converted", {
            "column": column, "encoding": encoding.upper(), "n": cells,
            "example": next(f"{c.before} → {c.after}" for c in conversions if c.cell.rstrip("0123456789") == column),
        }))
    _read_rows(store, preview, rows, header, first, commune_col, district_col, count_col, progress)
    if not preview.rows and not preview.errors:
        preview.errors.append(Problem("table.no_rows", {"sheet": title}))
    return preview


def _cell(row: tuple[Any, ...], col: int | None) -> Any:
    return row[col] if col is not None and col < len(row) else None


def _read_rows(
    store: Store, preview: TablePreview, rows: list[tuple[Any, ...]], header: int, first: int,
    commune_col: int, district_col: int | None, count_col: int | None,
    progress: Callable[[int, int], None] | None,
) -> None:
    current_district: str | None = None
    group_start = 0  # index into preview.rows where the current district group began
    resolver = _Resolver(store)
    seen: dict[int, TableRow] = {}
    total = len(rows) - header - 1
    for offset, row in enumerate(rows[header + 1 :]):
        excel_row = header + 2 + offset
        if progress and offset % 500 == 0:
            progress(offset, total)
        name = text.clean(str(_cell(row, commune_col) or ""))
        mark_cells = [_cell(row, first + i) for i in range(19)]
        parsed_marks = [parse_mark(v) for v in mark_cells]
        has_marks = any(p is not False for p in parsed_marks)
        if district_col is not None:
            value = text.clean(str(_cell(row, district_col) or ""))
            if value:
                current_district = value  # merged district cells read as empty: fill down
        low = name.casefold()
        if not name:
            continue
        if low.startswith(TOTAL_PREFIXES):
            preview.totals_skipped.append(excel_row)
            scope = preview.rows if low.startswith(("toàn tỉnh", "tổng")) else preview.rows[group_start:]
            _check_total(preview, excel_row, name, row, first, scope)
            continue
        if district_col is None and low.startswith(GROUP_PREFIXES) and not has_marks:
            current_district = name
            group_start = len(preview.rows)
            continue
        if isinstance(_cell(row, commune_col), (int, float)):
            continue  # a numbering row under the header ("(1) (2) (3)…")
        marks: dict[int, bool] = {}
        for number, (value, parsed) in enumerate(zip(mark_cells, parsed_marks, strict=True), start=1):
            if parsed is None:
                preview.errors.append(Problem("table.bad_mark", {
                    "cell": f"{col_letter(first + number - 1)}{excel_row}", "sheet": preview.sheet,
                    "commune": name, "number": number, "value": value,
                }))
                parsed = False
            marks[number] = parsed
        table_row = TableRow(excel_row, current_district or "", text.strip_prefix(name), marks)
        count_value = _cell(row, count_col)
        if isinstance(count_value, (int, float)) and not isinstance(count_value, bool):
            table_row.count = int(count_value)
            counted = sum(marks.values())
            if table_row.count != counted:
                preview.warnings.append(Problem("table.count_mismatch", {
                    "row": excel_row, "commune": name, "cell": f"{preview.count_column}{excel_row}",
                    "written": table_row.count, "counted": counted,
                }))
        if not current_district:
            preview.errors.append(Problem("table.no_district", {"row": excel_row, "commune": name}))
        else:
            resolver.match(preview, table_row)
            if table_row.unit is not None:
                earlier = seen.get(table_row.unit.id)
                if earlier is not None:
                    preview.errors.append(Problem("table.duplicate", {
                        "commune": table_row.unit.name, "district": table_row.district,
                        "first": earlier.row, "second": excel_row,
                    }))
                seen[table_row.unit.id] = table_row
        preview.rows.append(table_row)


def _check_total(
    preview: TablePreview, excel_row: int, label: str, row: tuple[Any, ...], first: int, scope: list[TableRow]
) -> None:
    cells = [_cell(row, first + i) for i in range(19)]
    if any(isinstance(v, str) and v.startswith("=") for v in cells) or (
        all(v is None for v in cells) and _has_formulas(preview, excel_row)
    ):
        preview.warnings.append(Problem("table.total_formula", {"row": excel_row, "label": label}))
        return
    for number, value in enumerate(cells, start=1):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            counted = sum(1 for r in scope if r.marks.get(number))
            if int(value) != counted:
                preview.warnings.append(Problem("table.total_mismatch", {
                    "row": excel_row, "label": label, "number": number,
                    "cell": f"{col_letter(first + number - 1)}{excel_row}", "written": int(value), "counted": counted,
                }))


def _has_formulas(preview: TablePreview, excel_row: int) -> bool:
    """Second look at one row with formulas kept (only when its cached values are empty)."""
    workbook = open_workbook(preview.path, data_only=False)
    try:
        ws = pick_sheet(workbook, preview.path, preview.sheet)
        for row in ws.iter_rows(min_row=excel_row, max_row=excel_row, values_only=True):
            return any(isinstance(v, str) and v.startswith("=") for v in row)
    finally:
        workbook.close()
    return False


class _Resolver:
    """Matches (district, commune) names to units, with caches for large tables."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.districts: dict[str, units.Unit | None] = {}
        self.communes: dict[tuple[int, str], units.Unit | None] = {}
        # exact names and aliases of every commune, loaded once: a table of 10,000 rows
        # must not cost 10,000 queries (names that miss fall back to resolve_commune)
        self.exact: dict[tuple[int, str], list[units.Unit]] = {}
        for row in store.query(
            "SELECT u.*, a.alias_key AS alias_key FROM units u LEFT JOIN unit_aliases a ON a.unit_id = u.id"
            " WHERE u.level = 'commune'"
        ):
            unit = units.Unit.from_row(row)
            for key in {row["name_key"], row["alias_key"]} - {None}:
                bucket = self.exact.setdefault((unit.parent_id or 0, key), [])
                if all(u.id != unit.id for u in bucket):
                    bucket.append(unit)

    def district(self, name: str) -> units.Unit | None:
        key = text.match_key(name)
        if key not in self.districts:
            try:
                self.districts[key] = units.resolve_district(self.store, name)
            except InputRejected:
                self.districts[key] = None
        return self.districts[key]

    def match(self, preview: TablePreview, row: TableRow) -> None:
        district = self.district(row.district)
        if district is None:
            preview.errors.append(Problem("table.unknown_district", {"row": row.row, "district": row.district}))
            return
        key = (district.id, text.match_key(row.commune))
        if key not in self.communes and len(self.exact.get(key, [])) == 1:
            self.communes[key] = self.exact[key][0]
        if key not in self.communes:
            try:
                self.communes[key] = units.resolve_commune(self.store, row.commune, district.name)
            except InputRejected as error:
                self.communes[key] = None
                row.suggestions = [d.split(": ", 1)[-1] for d in error.details]
        row.unit = self.communes[key]
        if row.unit is None:
            row.district = district.name
            if not row.suggestions:
                suggestions = text.closest(row.commune, [u.name for u in units.children(self.store, district.id, "commune")])
                row.suggestions = suggestions


@dataclass
class ImportResult:
    imported: int = 0  # communes with no status before
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # total rows
    created_units: list[str] = field(default_factory=list)
    batch: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
            "skipped": self.skipped, "created_units": self.created_units, "batch": self.batch,
        }


def unknown_errors(preview: TablePreview) -> list[Problem]:
    """One error per commune that matched no unit (``--add-units`` creates them instead)."""
    out = []
    for row in preview.unknown:
        hint = (" " + i18n.t("unit.suggest", names="; ".join(row.suggestions))) if row.suggestions else ""
        out.append(Problem("table.unknown_commune", {"row": row.row, "commune": row.commune, "district": row.district, "hint": hint}))
    return out


def check(preview: TablePreview, add_units: bool = False) -> list[Problem]:
    """Every problem that blocks the import."""
    problems = list(preview.errors)
    if not add_units:
        problems += unknown_errors(preview)
    return problems


_UPSERT_HEAD = (
    "INSERT INTO criterion_results (uuid, commune_id, period, year, pend, criterion_id, official,"
    " note, source, updated_at, updated_by, hlc)"
)
_UPSERT_TAIL = (
    "ON CONFLICT(commune_id, period, criterion_id) DO UPDATE SET official = excluded.official,"
    " source = excluded.source, updated_at = excluded.updated_at,"
    " updated_by = excluded.updated_by, hlc = excluded.hlc"
)
_CHANGE_HEAD = (
    "INSERT INTO changes (uuid, batch, at, user, installation, hlc, entity, entity_uuid, nkey, op,"
    " old, new, source, label)"
)


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
    cs = criteria.get_set(store, set_code or criteria.set_for_year(store, year))
    period = Period(year, "Y")
    batch = audit.new_batch("imported", f"{preview.path.name} {preview.sheet} ({year})")
    result = ImportResult(skipped=len(preview.totals_skipped), batch=batch.id)
    backup.auto_backup(store, "import")  # DESIGN: an automatic backup before every import
    with store.transaction():
        for row in preview.unknown:
            row.unit = units.add_commune_in(store, batch, row.district, row.commune)
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
            diffs = []
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
        bulk.insert_rows(store.db.conn, _UPSERT_HEAD, writes, _UPSERT_TAIL)
        bulk.insert_rows(store.db.conn, _CHANGE_HEAD, changes)
        batch.count += len(writes)
    if progress:
        progress(len(preview.rows), len(preview.rows))
    return result


class _Stored(NamedTuple):
    official: int | None
    note: str | None
    uuid: str
    source: str


def _stored(store: Store, period: Period, cs: criteria.CriteriaSet, unit_ids: list[int]) -> dict[tuple[int, int], _Stored]:
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


# the 19 criteria in the order storage.dumps sorts their keys ("1", "10", "11", … "2", …)
_KEY_ORDER = sorted(range(1, 20), key=str)
# "n": state of a plain imported status (no note), as storage.dumps writes it
_PLAIN = {(n, met): f'"{n}": ' + dumps({"official": met, "note": None, "source": "imported"})
          for n in range(1, 20) for met in (0, 1)}


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


