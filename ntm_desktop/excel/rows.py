"""Fast reading of one worksheet's cell values, for large legacy tables.

openpyxl opens and checks the workbook (sheet names, shared strings, date styles); its
read-only row iterator then builds a dict per cell in Python, which costs about 7× the
XML parsing itself. ``sheet_values`` parses the worksheet part with expat directly and
returns what ``ws.iter_rows(values_only=True)`` returns (same types: int/float, str,
bool, datetime for date-styled numbers, None; empty tuples for missing rows), following
openpyxl's own cell rules (``WorkSheetParser.parse_cell``). Documents with a DTD or
entity declarations are refused, as defusedxml does. Anything it does not recognise
falls back to openpyxl's iterator. tests/excel/test_rows.py compares both on every
kind of cell.
"""

from __future__ import annotations

import xml.parsers.expat
from typing import Any, NoReturn

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

from ntm_desktop.errors import InputRejected
from ntm_desktop.excel.safety import check_zip, refusal

_DIGITS = "0123456789"


class _Hostile(Exception):
    pass


def _forbid(*_args: Any) -> NoReturn:
    """Every expat handler that would read a DTD or an entity: refuse the document."""
    raise _Hostile("DTD or entity declaration")


def _number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


class _SheetParser:
    """expat handlers collecting rows of values (see the module docstring)."""

    def __init__(self, shared: list[Any], date_styles: set[int], duration_styles: set[int], epoch: Any) -> None:
        self.shared = shared
        self.date_styles = date_styles
        self.duration_styles = duration_styles
        self.epoch = epoch
        self.rows: list[tuple[Any, ...]] = []
        self.row: list[Any] | None = None
        self.row_number = 0
        self.col = 0
        self.ctype = "n"
        self.style = 0
        self.coordinate: str | None = None
        self.value: str | None = None
        self.inline: list[str] = []
        self.text: list[str] | None = None  # collecting character data when not None
        self.in_phonetic = False
        self.in_inline = False
        self.names: dict[str, str] = {}

    def name(self, raw: str) -> str:
        local = self.names.get(raw)
        if local is None:
            local = self.names[raw] = _local(raw)
        return local

    def start(self, raw: str, attrs: dict[str, str]) -> None:
        tag = self.name(raw)
        if tag == "c":
            self.ctype = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style else 0
            self.coordinate = attrs.get("r")
            self.value = None
            self.inline = []
        elif tag == "v":
            self.text = []
        elif tag == "t":
            if self.in_inline and not self.in_phonetic:
                self.text = []
        elif tag == "is":
            self.in_inline = True
        elif tag == "rPh":
            self.in_phonetic = True
        elif tag == "row":
            number = attrs.get("r")
            self.row_number = int(number) if number else self.row_number + 1
            while len(self.rows) < self.row_number - 1:
                self.rows.append(())
            self.row = []
            self.col = 0

    def end(self, raw: str) -> None:
        tag = self.name(raw)
        if tag == "v":
            self.value = "".join(self.text or ())
            self.text = None
        elif tag == "t":
            if self.text is not None:
                self.inline.append("".join(self.text))
                self.text = None
        elif tag == "is":
            self.in_inline = False
        elif tag == "rPh":
            self.in_phonetic = False
        elif tag == "c":
            self.cell()
        elif tag == "row":
            assert self.row is not None
            self.rows.append(tuple(self.row))
            self.row = None

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def cell(self) -> None:
        row = self.row
        if row is None:
            return
        if self.coordinate:
            self.col = column_index_from_string(self.coordinate.rstrip(_DIGITS))
        else:
            self.col += 1
        ctype = self.ctype
        raw = self.value or None
        value: Any = None
        if ctype == "inlineStr":
            value = "".join(self.inline) if self.inline else None
        elif raw is not None:
            if ctype == "n":
                value = _number(raw)
                if self.style in self.date_styles:
                    try:
                        value = from_excel(value, self.epoch, timedelta=self.style in self.duration_styles)
                    except (OverflowError, ValueError):
                        value = "#VALUE!"
            elif ctype == "s":
                value = self.shared[int(raw)]
            elif ctype == "b":
                value = bool(int(raw))
            elif ctype == "d":
                value = from_ISO8601(raw)
            else:  # "str" (formula text), "e" (error)
                value = raw
        missing = self.col - 1 - len(row)
        if missing > 0:
            row.extend([None] * missing)
        if self.col - 1 < len(row):  # out of order: place it
            row[self.col - 1] = value
        else:
            row.append(value)


def read_values(path: Any, sheet: str | None) -> tuple[str, list[tuple[Any, ...]]]:
    """(title, rows of values) of a worksheet (the first unless ``sheet``), data only.

    openpyxl reads the workbook's parts (its protections against hostile XML apply) but
    not its worksheets: a read-only load would parse every sheet once just to size it
    when the file lacks a <dimension> element, as files written by programs often do."""
    check_zip(path)
    try:
        reader = ExcelReader(path, read_only=True, data_only=True)
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = [(s.name, rel.target) for s, rel in reader.parser.find_sheets()
                      if rel.target in reader.valid_files and "chartsheet" not in rel.Type]
            names = [name for name, _target in sheets]
            if not sheets:
                raise InputRejected("xlsx.not_xlsx", path=path, detail="no worksheet")
            if sheet is None:
                title, target = sheets[0]
            elif sheet in names:
                title, target = sheets[names.index(sheet)]
            else:
                raise InputRejected("xlsx.no_sheet", path=path, sheet=sheet, sheets=", ".join(names))
            wb = reader.wb
            return title, _parse(reader.archive, target, reader.shared_strings, set(wb._date_formats or ()),
                                 set(wb._timedelta_formats or ()), wb.epoch, path)
        finally:
            reader.archive.close()
    except InputRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl and expat raise many kinds on bad input
        raise refusal(path, exc) from None


def _parse(
    archive: Any, target: str, shared: list[Any], date_styles: set[int], duration_styles: set[int],
    epoch: Any, source_path: Any,
) -> list[tuple[Any, ...]]:
    handler = _SheetParser(shared, date_styles, duration_styles, epoch)
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    try:
        with archive.open(target) as source:
            parser.ParseFile(source)
    except _Hostile as exc:
        raise InputRejected("xlsx.hostile", path=source_path, detail=str(exc)) from None
    return handler.rows
