"""Legacy criteria tables (.xlsx): one row a commune, one column a criterion (CONTRACT §2).

:func:`read_table` reads and checks a file without writing anything and returns a
:class:`TablePreview` (what the window's preview and ``--dry-run`` show).
:func:`apply` writes a preview's rows as official statuses of the year, all or nothing,
in one batch that can be undone in one step (:mod:`.table_writing`).

- :mod:`.table_preview`: the layout, the marks, the preview;
- :mod:`.table_matching`: communes matched to units by name;
- :mod:`.table_writing`: the statuses and their change-log rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from ntm_desktop import criteria, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel.rows import read_values
from ntm_desktop.excel.safety import open_workbook, pick_sheet, refusal
from ntm_desktop.excel.table_matching import Resolver
from ntm_desktop.excel.table_preview import (
    MarkCache,
    Problem,
    TablePreview,
    TableRow,
    _conversion_summary,
    _convert_legacy_columns,
    _find_columns,
    _find_header,
    code_text,
    col_letter,
    find_code_column,
)
from ntm_desktop.excel.table_writing import ImportResult, apply, check, overwrites
from ntm_desktop.store import bulk
from ntm_desktop.store.database import Store

HEADER_SCAN_ROWS = 40
TOTAL_PREFIXES = ("cộng", "tổng", "toàn tỉnh", "toàn huyện")
GROUP_PREFIXES = ("huyện", "thành phố", "tp.", "tp ", "thị xã")

# what callers use (the window, the CLI, tests, bench/bench_import_table.py)
__all__ = ["ImportResult", "TablePreview", "apply", "check", "overwrites", "read_table"]


@bulk.gc_paused()
def read_table(
    store: Store,
    path: Path | str,
    year: int,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    set_code: str | None = None,
) -> TablePreview:
    """Read and check a legacy table against the criteria of ``set_code`` (default: the set in
    force in ``year``). Raises InputRejected for an unreadable file or layout, or a table with
    another number of criteria than the set; returns a preview whose ``errors`` say what blocks
    the import."""
    path = Path(path)
    cs = criteria.get_set(store, set_code or criteria.set_for_year(store, year))
    count = len(cs.criteria)
    title, rows = read_values(path, sheet)
    found = _find_header(rows[:HEADER_SCAN_ROWS])
    if found is None:
        raise InputRejected("table.no_header", path=path, sheet=title, rows=HEADER_SCAN_ROWS, count=count)
    header, first, length = found
    if length != count:
        raise InputRejected("table.wrong_count", path=path, sheet=title, row=header + 1, found=length,
                            count=count, set=cs.code, year=year)
    conversions = _convert_legacy_columns(rows, header)
    commune_col, district_col, count_col = _find_columns(rows, header)
    if commune_col is None:
        raise InputRejected("table.no_commune_col", path=path, sheet=title, row=header + 1)
    preview = TablePreview(
        path, title, header + 1, {n: col_letter(first + n - 1) for n in range(1, count + 1)},
        col_letter(commune_col), col_letter(district_col) if district_col is not None else None,
        col_letter(count_col) if count_col is not None else None,
    )
    preview.conversions = conversions
    code_col = find_code_column(rows, header)
    preview.code_column = col_letter(code_col) if code_col is not None else None
    preview.day = f"{year}-12-31"
    preview.set_code = cs.code
    for column, encoding, cells in _conversion_summary(conversions):
        preview.warnings.append(Problem("table.converted", {
            "column": column, "encoding": encoding.upper(), "n": cells,
            "example": next(f"{c.before} → {c.after}" for c in conversions if c.cell.rstrip("0123456789") == column),
        }))
    _read_rows(store, preview, rows, header, first, (commune_col, district_col, count_col, code_col), progress)
    if not preview.rows and not preview.errors:
        preview.errors.append(Problem("table.no_rows", {"sheet": title}))
    return preview


def _cell(row: tuple[Any, ...], col: int | None) -> Any:
    return row[col] if col is not None and col < len(row) else None


def _read_rows(
    store: Store, preview: TablePreview, rows: list[tuple[Any, ...]], header: int, first: int,
    columns: tuple[int, int | None, int | None, int | None], progress: Callable[[int, int], None] | None,
) -> None:
    """The rows under the header; ``columns``: commune, district, count and code columns.
    Each distinct cell value is understood once (a mark, a district name): a table of 10,000
    communes repeats a handful of marks and a hundred districts."""
    commune_col, district_col, count_col, code_col = columns
    current_district: str | None = None
    group_start = 0  # index into preview.rows where the current district group began
    resolver = Resolver(store, preview.day)
    without_districts: bool | None = None  # asked once, at the first row naming no district
    seen: dict[int, TableRow] = {}
    total = len(rows) - header - 1
    count = len(preview.criteria_columns)
    last = first + count
    marks_cache = MarkCache()
    marks_of = marks_cache.of
    cleaned = _Cleaned().of  # the district column's few names
    # functions and lists looked up once, not once a row (issue 22: 10,000 rows)
    table_rows = preview.rows
    clean, strip_prefix, match, whole = text.clean, text.strip_prefix, resolver.match, _whole
    for offset, row in enumerate(rows[header + 1 :]):
        if progress and offset % 500 == 0:
            progress(offset, total)
        width = len(row)
        commune_cell = row[commune_col] if commune_col < width else None
        name = clean(str(commune_cell or ""))  # as _Cleaned does, uncached: a table's communes are distinct
        mark_cells = row[first:last]
        if len(mark_cells) < count:
            mark_cells += (None,) * (count - len(mark_cells))
        parsed_marks = marks_of(mark_cells)
        if district_col is not None:
            value = cleaned(row[district_col] if district_col < width else None)
            if value:
                current_district = value  # merged district cells read as empty: fill down
        if not name:
            continue
        excel_row = header + 2 + offset
        low = name.casefold()
        if low.startswith(TOTAL_PREFIXES):
            preview.totals_skipped.append(excel_row)
            scope = table_rows if low.startswith(("toàn tỉnh", "tổng")) else table_rows[group_start:]
            _check_total(preview, excel_row, name, row, first, scope)
            continue
        if district_col is None and low.startswith(GROUP_PREFIXES) and all(p is False for p in parsed_marks):
            current_district = name
            group_start = len(table_rows)
            continue
        if isinstance(commune_cell, (int, float)):
            continue  # a numbering row under the header ("(1) (2) (3)…")
        if marks_cache.unknown and None in parsed_marks:
            for number, (value, parsed) in enumerate(zip(mark_cells, parsed_marks, strict=True), start=1):
                if parsed is None:
                    preview.errors.append(Problem("table.bad_mark", {
                        "cell": f"{col_letter(first + number - 1)}{excel_row}", "sheet": preview.sheet,
                        "commune": name, "number": number, "value": _shown(value),
                    }))
                    parsed_marks[number - 1] = False
        marks = dict(enumerate(cast(list[bool], parsed_marks), 1))  # numbers 1, 2 …; no None left
        table_row = TableRow(excel_row, current_district or "", strip_prefix(name), marks,
                             code=code_text(_cell(row, code_col)) if code_col is not None else None)
        if count_col is not None:
            count_value = whole(row[count_col] if count_col < width else None)
            if count_value is not None:
                table_row.count = count_value
                counted = sum(marks.values())
                if count_value != counted:
                    preview.warnings.append(Problem("table.count_mismatch", {
                        "row": excel_row, "commune": name, "cell": f"{preview.count_column}{excel_row}",
                        "written": count_value, "counted": counted,
                    }))
        if not current_district and without_districts is None:
            without_districts = code_col is not None or resolver.without_districts()
        if not current_district and not without_districts:
            preview.errors.append(Problem("table.no_district", {"row": excel_row, "commune": name}))
        else:
            if current_district:
                match(preview, table_row)
            else:  # CONTRACT §5: no district after 1 July 2025; code, else a name unique that day
                resolver.match_in_force(preview, table_row)
            unit = table_row.unit
            if unit is not None:
                earlier = seen.get(unit.id)
                if earlier is not None:
                    preview.errors.append(Problem("table.duplicate", {
                        "commune": unit.name, "district": table_row.district or resolver.parent_name(unit),
                        "first": earlier.row, "second": excel_row,
                    }))
                seen[unit.id] = table_row
        table_rows.append(table_row)


class _Cleaned(dict[Any, str]):
    """A name cell's value → its text as :func:`text.clean` gives it (``""`` for an empty cell),
    worked out once per distinct text (a number is not kept: ``1``, ``1.0`` and ``True`` are
    equal keys with different texts)."""

    def __missing__(self, value: Any) -> str:
        cleaned = text.clean(str(value or ""))
        if value is None or type(value) is str:
            self[value] = cleaned
        return cleaned

    def of(self, value: Any) -> str:
        try:
            return self[value]
        except TypeError:  # a value that cannot be a key
            return text.clean(str(value or ""))


def _check_total(
    preview: TablePreview, excel_row: int, label: str, row: tuple[Any, ...], first: int, scope: list[TableRow]
) -> None:
    cells = [_cell(row, first + i) for i in range(len(preview.criteria_columns))]
    if any(isinstance(v, str) and v.startswith("=") for v in cells) or (
        all(v is None for v in cells) and _has_formulas(preview, excel_row)
    ):
        preview.warnings.append(Problem("table.total_formula", {"row": excel_row, "label": label}))
        return
    for number, value in enumerate(map(_whole, cells), start=1):
        if value is not None:
            counted = sum(1 for r in scope if r.marks.get(number))
            if value != counted:
                preview.warnings.append(Problem("table.total_mismatch", {
                    "row": excel_row, "label": label, "number": number,
                    "cell": f"{col_letter(first + number - 1)}{excel_row}", "written": value, "counted": counted,
                }))


def _shown(value: Any, limit: int = 40) -> str:
    """A cell's value as a message quotes it: at most ``limit`` characters (a hostile cell may
    hold thousands)."""
    words = " ".join(str(value).split())
    return words if len(words) <= limit else words[:limit] + "…"


def _whole(value: Any) -> int | None:
    """A count written in a cell, or None for text, booleans and what no count can be (1e999, NaN)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if math.isfinite(value) else None


def _has_formulas(preview: TablePreview, excel_row: int) -> bool:
    """Second look at one row with formulas kept (only when its cached values are empty). A
    part of the file that the first reading did not need and that cannot be read is a refusal
    naming the file, as any damage met by the first reading is."""
    workbook = open_workbook(preview.path, data_only=False)
    try:
        ws = pick_sheet(workbook, preview.path, preview.sheet)
        for row in ws.iter_rows(min_row=excel_row, max_row=excel_row, values_only=True):
            return any(isinstance(v, str) and v.startswith("=") for v in row)
    except InputRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged part (EOFError, ParseError …)
        raise refusal(preview.path, exc) from None
    finally:
        workbook.close()
    return False
