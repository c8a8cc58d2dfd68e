"""Fast reading of one worksheet's cell values, for large legacy tables.

Two readers give what openpyxl's ``ws.iter_rows(values_only=True)`` gives (int/float, str,
bool, datetime for date-styled numbers, None; missing rows as empty tuples, trailing empty
cells left out). tests/excel/test_rows.py compares both with openpyxl on every kind of cell.

* ``python-calamine`` (Rust; issue 22: about ten times openpyxl's read-only speed): used
  when every XML part of the file is plain UTF-8 XML. :func:`_screen_parts` runs
  :func:`safety.check_zip` (size, member count, ratio, encryption, CRCs, rows past the grid,
  and any part declaring a DTD or an entity refused, as defusedxml does: calamine's XML parser
  does not expand entities, but a hostile file is refused, not read) and, in the same pass over
  the members, looks at whether calamine may read them.
* the expat reader below, for anything else (a part in UTF-16, say): openpyxl opens and
  checks the workbook (sheet names, shared strings, date styles) and the worksheet part is
  parsed with expat directly, following openpyxl's own cell rules
  (``WorkSheetParser.parse_cell``); documents with a DTD or entity declarations are refused.

:func:`prefetched` starts the checks and the calamine read in a thread ahead of the caller's
:func:`read_values` (``ntm import-table``: while the database opens).
"""

from __future__ import annotations

import datetime
import re
import threading
import xml.parsers.expat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

import python_calamine

from ntm_desktop.errors import InputRejected
from ntm_desktop.excel.prefetch import Prefetch, Stopped
from ntm_desktop.excel.safety import XML_PARTS, check_zip, refusal, wide

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
        from openpyxl.utils.cell import column_index_from_string  # openpyxl: see _read_expat
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        self.column_index, self.from_excel, self.from_iso = column_index_from_string, from_excel, from_ISO8601
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
            self.col = self.column_index(self.coordinate.rstrip(_DIGITS))
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
                        value = self.from_excel(value, self.epoch, timedelta=self.style in self.duration_styles)
                    except (OverflowError, ValueError):
                        value = "#VALUE!"
            elif ctype == "s":
                value = self.shared[int(raw)]
            elif ctype == "b":
                value = bool(int(raw))
            elif ctype == "d":
                value = self.from_iso(raw)
            else:  # "str" (formula text), "e" (error)
                value = raw
        missing = self.col - 1 - len(row)
        if missing > 0:
            row.extend([None] * missing)
        if self.col - 1 < len(row):  # out of order: place it
            row[self.col - 1] = value
        else:
            row.append(value)


Values = tuple[str, list[tuple[Any, ...]]]  # a worksheet's title and its rows of values
# reads started ahead by prefetched(), by (path, sheet): read_values takes the one it is asked for
_PREFETCHED: dict[tuple[Path, str | None], Prefetch[Values | None]] = {}


def read_values(path: Any, sheet: str | None) -> Values:
    """(title, rows of values) of a worksheet (the first unless ``sheet``), data only; the
    read :func:`prefetched` started for the same path and sheet, if one was."""
    path = Path(path)
    ahead = _PREFETCHED.pop((path, sheet), None)
    if ahead is not None:
        values = ahead.result()  # the worker's refusal raised here, in the caller's thread
        if values is not None:
            return values
        return _read_expat(path, sheet)  # the file screened in the worker: not for calamine
    if _screen_parts(path):
        return _read_calamine(path, sheet)
    return _read_expat(path, sheet)


@contextmanager
def prefetched(path: Path, sheet: str | None) -> Iterator[None]:
    """Within the block, :func:`read_values` of ``path`` and ``sheet`` gives what a thread started
    here has read meanwhile: the file's checks, screen and calamine read (``ntm import-table``
    runs them while the database opens: issue 22). A file for the expat reader is only screened
    there (the expat reader loads openpyxl, whose imports would race the caller's). Leaving the
    block stops and joins the thread: its value, or its refusal, is dropped if nobody asked."""
    key = (Path(path), sheet)
    with Prefetch(partial(_read_ahead, key[0], sheet)) as ahead:
        _PREFETCHED[key] = ahead
        try:
            yield
        finally:
            _PREFETCHED.pop(key, None)


def _read_ahead(path: Path, sheet: str | None, stop: threading.Event) -> Values | None:
    """The prefetch's work: the calamine read, or None for a file the expat reader must read."""
    if not _screen_parts(path, stop):
        return None
    if stop.is_set():  # the caller gave up (a damaged database, Ctrl-C): no parse to wait for
        raise Stopped
    return _read_calamine(path, sheet)


# text starting or ending with white space: calamine trims it unless xml:space="preserve" is
# written (Excel writes it; openpyxl keeps the spaces either way), so the expat reader reads it;
# white space written as a character reference (&#13;, &#x20;) is trimmed too, after unescaping
_SPACE_REF = rb"&#(?:0*(?:9|10|13|32)|[xX]0*(?:9|[aAdD]|20));"
_SPACE_REFS = re.compile(_SPACE_REF)  # its literal start: searched from one "&#" to the next
_EDGE_SPACE = re.compile(rb"<(?:\w+:)?t>(?:(?:[ \t\r\n]|" + _SPACE_REF + rb")[^<]*|[^<]*(?:[ \t\r\n]|"
                         + _SPACE_REF + rb"))</")
_CONTROL_SPACES = (b"\t", b"\n", b"\r")  # rare in a part: one byte search each (memchr)
_FOREIGN = re.compile(rb'(?:\xef\xbb\xbf)?<\?xml[^>]*encoding=["\'](?!(?i:utf-8)["\'])')
_ROOT = re.compile(rb"<(?![?!])([^\s/>]+)")
_CHUNK = 1 << 20


def _screen_parts(path: Path, stop: threading.Event | None = None) -> bool:
    """The file's checks (:func:`safety.check_zip`: its limits, CRCs, rows past the grid, and a
    DTD or entity declared in any XML part, ``xlsx.hostile``) and, in the same pass over its
    members, the screen of its XML parts (:class:`_Screen`). True when calamine may read the
    file: every part UTF-8, complete (it ends with its root element's end tag: calamine reads a
    cut-off part without a word) and without text that calamine would trim; False sends the
    file to the expat reader, which refuses what is broken. ``stop`` set raises
    :class:`~.prefetch.Stopped` between two chunks."""
    screen = _Screen(stop)
    check_zip(path, screen)
    return screen.fast


class _Screen:
    """The XML parts' screen, shown each part's bytes by :func:`safety.check_zip` as it reads them
    (one decompression of each member: the 10,000-row table's zip checks and screen, 60 → 50 ms,
    medians of 15 alternated in one process)."""

    def __init__(self, stop: threading.Event | None) -> None:
        self.stop = stop
        self.fast = True
        self.head: bytes | None = None  # the part's first chunk
        self.tail = b""

    def begin(self, member: zipfile.ZipInfo) -> bool:
        if self.stop is not None and self.stop.is_set():
            raise Stopped
        self.head, self.tail = None, b""
        return self.fast and member.filename.lower().endswith(XML_PARTS)

    def chunk(self, data: bytes) -> None:
        if not self.fast:
            return
        if self.head is None:
            self.head = data
            if wide(data) or _FOREIGN.match(data):
                self.fast = False  # UTF-16, UTF-32 or another declared encoding: the expat reader's
                return
        elif self.stop is not None and self.stop.is_set():
            raise Stopped
        window = self.tail + data
        if _may_trim(window) and _EDGE_SPACE.search(window):
            self.fast = False
        self.tail = window[-64:]

    def end(self) -> None:
        if not self.fast:
            return
        root = _ROOT.search(self.head or b"")
        if root is None or not self.tail.rstrip().endswith(b"</" + root[1] + b">"):
            self.fast = False


def _may_trim(window: bytes) -> bool:
    """Whether ``window`` holds ``t>`` or ``</`` next to white space, or white space written as a
    character reference, as every match of :data:`_EDGE_SPACE` does: searches for the space and
    the references (openpyxl writes every accented letter as one: ``&#234;``), and a tab,
    line feed or return looked for next to them only where the part holds one (Excel ends its
    XML declaration with one). The 10,000-row table's screen: 70 → 35 ms, against the eight
    pairs in turn; "&" looked for first (one byte search, a third of a search for "&#"), none in a
    part with no reference: 50 → 43 ms for the 10,000-row table's checks (medians of 15, alternated)."""
    if b"t> " in window or b" </" in window or (b"&" in window and b"&#" in window and _SPACE_REFS.search(window)):
        return True
    return any(c in window and (b"t>" + c in window or c + b"</" in window) for c in _CONTROL_SPACES)


def _read_calamine(path: Path, sheet: str | None) -> tuple[str, list[tuple[Any, ...]]]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            names = [m.name for m in workbook.sheets_metadata if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
            if not names:
                raise InputRejected("xlsx.not_xlsx", path=path, detail="no worksheet")
            if sheet is not None and sheet not in names:
                raise InputRejected("xlsx.no_sheet", path=path, sheet=sheet, sheets=", ".join(names))
            title = names[0] if sheet is None else sheet
            raw = workbook.get_sheet_by_name(title).to_python(skip_empty_area=False)
        finally:
            workbook.close()
    except InputRejected:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine raises its own kinds on bad input
        raise refusal(path, exc) from None
    return title, _rows(raw)


def _row(values: list[Any]) -> tuple[Any, ...]:
    """A calamine row as openpyxl gives it: empty cells None and left out at the end, whole
    numbers int (calamine gives every number as float), dates as datetimes."""
    end = len(values)
    while end and values[end - 1] == "":
        end -= 1
    return tuple(map(_value, [None if v == "" else v for v in values[:end]]))


def _value(value: Any) -> Any:
    """A cell's value as openpyxl gives it (an empty cell already None)."""
    kind = type(value)
    if kind is float and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if kind is datetime.date:
        return datetime.datetime(value.year, value.month, value.day)
    return value


_BLANK = {"": None}


def _rows(raw: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Every calamine row as :func:`_row` gives it, worked a column at a time when the rows are
    all as wide (calamine's grid): a column is looked at by C-level scans (``set(map(type, …))``,
    ``"" in …``), numbers and dates converted in their columns only, trailing columns with no
    value dropped at once, and the rows made back by ``zip``; a row is trimmed on its own only
    where its last kept cell is empty. 10,000 rows × 24 cells: 30 → 22 ms
    (bench/bench_import_table.py; tests/excel/test_rows.py compares it with :func:`_row`)."""
    width = len(raw[0]) if raw else 0
    if not width or any(len(values) != width for values in raw):
        return [_row(values) for values in raw]
    columns: list[Any] = []
    blanks: list[bool] = []  # whether the column holds an empty cell
    empty: list[bool] = []  # … and nothing else
    for column in zip(*raw, strict=True):
        kinds = set(map(type, column))
        blank = str in kinds and "" in column
        empty.append(blank and kinds == {str} and not any(column))
        if blank:  # "" → None, anything else itself (calamine's values are all hashable)
            column = tuple(map(_BLANK.get, column, column))
        if float in kinds or datetime.date in kinds:
            column = tuple(map(_value, column))
        columns.append(column)
        blanks.append(blank)
    keep = width
    while keep and empty[keep - 1]:
        keep -= 1  # a column with no value at the end of every row
    if not keep:
        return [() for _values in raw]
    out = list(zip(*columns[:keep], strict=True))
    if blanks[keep - 1]:
        for i, values in enumerate(raw):
            if values[keep - 1] == "":
                end = keep - 1
                while end and values[end - 1] == "":
                    end -= 1
                out[i] = out[i][:end]
    return out


def _read_expat(path: Path, sheet: str | None) -> tuple[str, list[tuple[Any, ...]]]:
    """openpyxl reads the workbook's parts (its protections against hostile XML apply) but
    not its worksheets: a read-only load would parse every sheet once just to size it
    when the file lacks a <dimension> element, as files written by programs often do."""
    # openpyxl is loaded for this reader only: 130-150 ms of CPU at import (python -X importtime,
    # December 2026) that a table calamine reads does without
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

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
