"""Criteria sets read from and written to the layout of the decisions' appendices (CONTRACT §7).

- :mod:`.opening`: the workbook opened behind ``excel.safety``, as a grid with merged ranges;
- :mod:`.labels`: header labels (TT, name, content, region / group / common columns);
- :mod:`.thresholds`: threshold cells (``≥ 90%``, ``Đạt``…) read and written;
- :mod:`.reader`: the sheet → a set document; :mod:`.writer`: a loaded set → the sheet;
- :mod:`.differences`: a document as a set, the preview table, the changes from the loaded set;
- :mod:`.importing`: ``read_workbook``, ``preview_import``, ``apply``, ``export_set``.

This package is not imported by ``ntm_desktop.criteria`` (it needs openpyxl): callers import it.
"""

from ntm_desktop.criteria.workbook.differences import preview_table
from ntm_desktop.criteria.workbook.importing import (
    WorkbookPreview,
    apply,
    change_line,
    export_set,
    parse_date,
    preview_import,
    read_workbook,
)
from ntm_desktop.criteria.workbook.writer import write_workbook

__all__ = [
    "WorkbookPreview",
    "apply",
    "change_line",
    "export_set",
    "parse_date",
    "preview_import",
    "preview_table",
    "read_workbook",
    "write_workbook",
]
