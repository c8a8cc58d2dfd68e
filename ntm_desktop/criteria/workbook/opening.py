"""Opening a criteria-set workbook behind the guards of ``excel.safety``, into a plain grid.

The appendix needs its merged cells (a criterion's name merged down over its indicators, a
threshold merged across columns), so the workbook is loaded whole, not read-only. Before
openpyxl sees it, ``safety.check_zip`` refuses what is not a sane .xlsx, and the worksheets'
merged ranges are counted: openpyxl makes an object for every cell a range covers, so one
range of a million cells is refused here instead of filling the memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ntm_desktop.errors import InputRejected
from ntm_desktop.excel import safety

MAX_BYTES = 50_000_000  # uncompressed; an appendix is a few hundred kilobytes
MAX_MERGED_CELLS = 200_000
MAX_ROWS = 5_000
MAX_COLUMNS = 100


def _check_size(path: Path) -> None:
    """Refuse a workbook too large for an appendix, or whose merged ranges cover too many cells."""
    safety.check_full_load(path, max_bytes=MAX_BYTES, max_merged_cells=MAX_MERGED_CELLS, key="cwb.too_large")


@dataclass
class Grid:
    """The first worksheet's values by (row, column), 1-based, with its merged ranges."""

    path: Path
    title: str
    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    merged_from: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    max_row: int = 0
    max_col: int = 0

    def value(self, row: int, col: int) -> Any:
        """The cell's own value (None inside a merged range, except at its top-left)."""
        return self.values.get((row, col))

    def spread(self, row: int, col: int) -> tuple[Any, tuple[int, int]]:
        """The value shown in a cell, a merged range's value filling the whole range, and the
        cell that holds it."""
        origin = self.merged_from.get((row, col), (row, col))
        return self.values.get(origin), origin

    def is_merged_inside(self, row: int, col: int) -> bool:
        return (row, col) in self.merged_from

    def merge_origin(self, row: int, col: int) -> tuple[int, int]:
        return self.merged_from.get((row, col), (row, col))


def cell_name(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def read_grid(path: Path | str) -> Grid:
    """The first worksheet as a :class:`Grid`, or InputRejected naming the file."""
    path = Path(path)
    safety.check_zip(path)
    _check_size(path)
    workbook = safety.open_workbook(path, read_only=False, data_only=True)
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise InputRejected("xlsx.not_xlsx", path=path, detail="no worksheet")
        ws = sheets[0]
        grid = Grid(path, str(ws.title))
        if not hasattr(ws, "merged_cells"):  # a chartsheet first
            raise InputRejected("cwb.no_header", path=path, sheet=grid.title, rows=MAX_ROWS)
        # ws._cells holds only the cells the file has: iterating rows would make every cell of
        # the used rectangle, a million for one stray cell at XFD1048576
        for (row, col), cell in list(ws._cells.items()):
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if row > MAX_ROWS or col > MAX_COLUMNS:
                raise InputRejected("cwb.too_large", path=path, detail=f"{cell_name(row, col)}")
            grid.values[(row, col)] = value
            if isinstance(value, (int, float)) and cell.number_format:
                grid.formats[(row, col)] = str(cell.number_format)
            grid.max_row, grid.max_col = max(grid.max_row, row), max(grid.max_col, col)
        for merged in ws.merged_cells.ranges:
            top, left = merged.min_row, merged.min_col
            if top > MAX_ROWS or left > MAX_COLUMNS:
                continue
            for row in range(top, min(merged.max_row, MAX_ROWS) + 1):
                for col in range(left, min(merged.max_col, MAX_COLUMNS) + 1):
                    if (row, col) != (top, left):
                        grid.merged_from[(row, col)] = (top, left)
                        grid.values.pop((row, col), None)
        return grid
    finally:
        workbook.close()
