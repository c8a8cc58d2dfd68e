"""Reading and writing the planning workbooks' simple tables (docs/planning.md): one header
row (title rows may stand above it) whose cells name the columns, then one row per record.

Reading goes through :func:`ntm_desktop.excel.rows.read_values`, behind the guards of
``excel.safety`` (a file that is not a sane .xlsx is refused, never a traceback). A cell that
cannot be read is refused naming the file, the sheet and the cell (``C7``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from ntm_desktop import files, text
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel import rows as excel_rows

HEADER_SEARCH = 15  # rows looked at for the header
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Cell:
    """A cell's value with where it is, for messages."""

    value: Any
    ref: str  # C7

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not text.clean(self.value))

    @property
    def text(self) -> str:
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return text.clean(str(self.value)) if self.value is not None else ""


@dataclass(frozen=True)
class Table:
    path: Path
    sheet: str
    rows: list[dict[str, Cell]]  # column key → cell, one per data row (blank rows left out)

    def bad(self, cell: Cell, error: InputRejected | str) -> InputRejected:
        """A refusal naming the file, sheet and cell (and what was wrong)."""
        reason = error.message if isinstance(error, InputRejected) else error
        details = list(error.details) if isinstance(error, InputRejected) else []
        return InputRejected("plan.bad_cell", details, path=self.path.name, sheet=self.sheet, cell=cell.ref,
                             value=cell.text, reason=reason)

    def read(self, cell: Cell, parse: Callable[[Any], Any]) -> Any:
        """``parse(cell.value)``, a refusal of it turned into one naming the cell."""
        with self.at(cell):
            return parse(cell.value)

    @contextmanager
    def at(self, cell: Cell) -> Iterator[None]:
        """A refusal inside the block turned into one naming ``cell``."""
        try:
            yield
        except InputRejected as exc:
            if exc.key == "plan.bad_cell":
                raise
            raise self.bad(cell, exc) from None

    def needed(self, cell: Cell) -> Any:
        """The cell's value; an empty cell refused naming it."""
        if cell.blank:
            raise self.bad(cell, InputRejected("plan.empty_cell"))
        return cell.value


def _names(path: Path) -> list[str]:
    reader = ExcelReader(path, read_only=True, data_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        return [s.name for s, _rel in reader.parser.find_sheets()]
    finally:
        reader.archive.close()


def sheet_names(path: Path) -> list[str]:
    """The worksheets of a workbook, or InputRejected (not a readable .xlsx)."""
    excel_rows.check_zip(path)
    try:
        return _names(path)
    except InputRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on bad input
        raise excel_rows.refusal(path, exc) from None


def find_sheet(names: list[str], wanted: tuple[str, ...]) -> str | None:
    """The first sheet whose name matches one of ``wanted`` (without accents and case)."""
    keys = {text.fold(w) for w in wanted}
    return next((n for n in names if text.fold(n) in keys), None)


def read_table(path: Path, sheet: str | None, columns: dict[str, tuple[str, ...]], required: tuple[str, ...],
               ) -> Table:
    """The rows of ``sheet`` (the first unless named) under the header row naming at least the
    ``required`` columns; ``columns`` maps each key to the header texts that name it."""
    path = Path(path)
    title, grid = excel_rows.read_values(path, sheet)
    if len(grid) > MAX_ROWS:
        raise InputRejected("plan.too_many_rows", path=path.name, sheet=title, rows=len(grid), limit=MAX_ROWS)
    lookup = {text.fold(name): key for key, names in columns.items() for name in names}
    header = -1
    found: dict[str, int] = {}
    for number, row in enumerate(grid[:HEADER_SEARCH]):
        found = {}
        for c, value in enumerate(row):
            key = lookup.get(text.fold(str(value))) if isinstance(value, str) else None
            if key is not None and key not in found:
                found[key] = c
        if all(k in found for k in required):
            header = number
            break
    if header < 0:
        wanted = ", ".join(columns[k][0] for k in required)
        raise InputRejected("plan.no_header", path=path.name, sheet=title, columns=wanted)
    out = []
    for number, row in enumerate(grid[header + 1:], start=header + 2):
        cells = {key: Cell(row[c] if c < len(row) else None, f"{get_column_letter(c + 1)}{number}")
                 for key, c in found.items()}
        if all(cell.blank for cell in cells.values()):
            continue
        out.append(cells)
    return Table(path, title, out)


# -- writing -------------------------------------------------------------------------------------------

_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_book(out: Path, sheets: list[tuple[str, str, list[str], list[list[Any]], list[int]]]) -> Path:
    """Write sheets of (name, title, header, rows, column widths) atomically; text that Excel
    could take for a formula is written as text."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, title, header, body, widths in sheets:
        ws = wb.create_sheet(name)
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append(header)
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.fill = _HEAD_FILL
        for row in body:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    cell.data_type = "s"
                    cell.quotePrefix = True
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A3"
    return files.atomic_write(Path(out), wb.save)
