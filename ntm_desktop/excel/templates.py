"""Commune data-collection templates: an .xlsx an officer fills in at the commune, offline.

One sheet per commune: a row per indicator with its threshold and unit, input cells for
the value and a note (unlocked; everything else protected), data validation by type,
current values prefilled. A very hidden sheet ``_ntm`` holds the identity (template
version, commune natural keys, period, criteria set) so the file can only go back onto
the commune and period it was made for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from ntm_desktop import assessments, clock, criteria, files, i18n, periods, text, units, values
from ntm_desktop.cycle import locks
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel import legacy_encoding
from ntm_desktop.excel.safety import open_workbook, refusal
from ntm_desktop.excel.table_export import safe_text
from ntm_desktop.periods import Period
from ntm_desktop.store import audit, backup
from ntm_desktop.store.database import Store

TEMPLATE_VERSION = 1
# bounds of a file loaded whole (openpyxl, read_only=False): a template of 100 communes is
# about 2 MB unpacked, 100 rows a sheet; beyond these a file is refused before it is loaded
MAX_BYTES = 100_000_000
MAX_MERGED_CELLS = 100_000
MAX_ROWS = 5_000
# what openpyxl raises on a workbook it loaded but cannot make sense of (a cell reference
# beyond Excel's grid, a style index out of range …): a refusal naming the file
_WORKBOOK_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError)
META_SHEET = "_ntm"
FIRST_ROW = 6  # first criterion/indicator row
COLS = {"code": 1, "name": 2, "unit": 3, "threshold": 4, "value": 5, "note": 6}
_INPUT = PatternFill("solid", fgColor="FFF8DC")
_CRIT = PatternFill("solid", fgColor="E6EEF8")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _sheet_title(name: str, used: set[str]) -> str:
    """A unique sheet title for a commune: Excel's own rules, not a file-name slug (the
    accents stay). Excel refuses ``[ ] : * ? / \\`` and titles over 31 characters; 28 leave
    room, and a repeated name becomes its first 25 characters and a number ("... 2")."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name)[:28].strip() or "Xa"
    title, n = base, 2
    while title in used or title == META_SHEET:
        title = f"{base[:25]} {n}"
        n += 1
    used.add(title)
    return title


def export_template(
    store: Store, communes: list[units.Unit], period: Period, out: Path, set_code: str | None = None
) -> Path:
    """Write a template for one or more communes (one sheet each) and a period."""
    cs = criteria.get_set(store, set_code or criteria.set_for_year(store, period.year))
    wb = Workbook()
    wb.remove(wb.active)
    meta = wb.create_sheet(META_SHEET)
    meta.append(["key", "value"])
    for key, value in (
        ("template_version", TEMPLATE_VERSION),
        ("period", period.code),
        ("criteria_set", cs.code),
        ("installation", store.installation_id),
        ("created_at", clock.now_iso()),
    ):
        meta.append([key, value])
    used: set[str] = set()
    for commune in communes:
        card = assessments.scorecard(store, commune, period, cs.code)
        district = units.get(store, commune.parent_id).name if commune.parent_id else ""
        title = _sheet_title(commune.name, used)
        meta.append([f"sheet:{title}", commune.nkey])
        ws = wb.create_sheet(title)
        _fill_sheet(ws, card, district, cs)
    meta.sheet_state = "veryHidden"
    return files.atomic_write(out, wb.save)


def _fill_sheet(ws: Any, card: assessments.Scorecard, district: str, cs: criteria.CriteriaSet) -> None:
    ws.append([i18n.t("tpl.title")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"Xã {card.commune.name} — {district} — {card.period.label()}"])
    ws["A2"].font = Font(bold=True)
    ws.append([f"{cs.name} ({cs.code})"])
    ws.append([i18n.t("tpl.hint")])
    ws["A4"].font = Font(italic=True, color="666666")
    ws.append(["Mã", "Tiêu chí / chỉ tiêu", "Đơn vị", "Ngưỡng", "Giá trị", "Ghi chú"])
    for cell in ws[5]:
        cell.font = Font(bold=True)
        cell.fill = _CRIT
        cell.border = _BORDER
    checks = {
        "bool": DataValidation(type="list", formula1='"Có,Không"', allow_blank=True),
        "percent": DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True),
        "number": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
        "text": DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(values.MAX_TEXT),
                               allow_blank=True),
    }
    for kind, check in checks.items():
        check.error = (i18n.t("value.percent_range", value="?") if kind == "percent"
                       else i18n.t("value.not_number", value="?"))
        check.errorTitle = "NTM Desktop"
        check.showErrorMessage = True
        ws.add_data_validation(check)
    for crow in card.rows:
        ws.append([f"TC{crow.criterion.number}", crow.criterion.name])
        row = ws.max_row
        for column in range(1, 7):
            ws.cell(row, column).fill = _CRIT
            ws.cell(row, column).font = Font(bold=True)
            ws.cell(row, column).border = _BORDER
        for irow in crow.indicators:
            ind = irow.indicator
            threshold = "" if ind.type == "text" else (
                irow.threshold.describe(ind.type) if irow.threshold else i18n.t("status.no_threshold")
            )
            ws.append([ind.code])
            row = ws.max_row
            safe_text(ws.cell(row, COLS["name"]), ind.name)
            ws.cell(row, COLS["unit"], ind.unit or i18n.t(f"type.{ind.type}"))
            ws.cell(row, COLS["threshold"], threshold)
            value_cell = ws.cell(row, COLS["value"])
            if irow.value is not None:
                if ind.type == "bool":
                    value_cell.value = "Có" if irow.value == "1" else "Không"
                elif ind.type in ("percent", "number"):
                    value_cell.value = float(irow.value)
                else:
                    safe_text(value_cell, irow.value)
            if irow.note:
                safe_text(ws.cell(row, COLS["note"]), irow.note)
            for column in (COLS["value"], COLS["note"]):
                cell = ws.cell(row, column)
                cell.protection = Protection(locked=False)
                cell.fill = _INPUT
            for column in range(1, 7):
                ws.cell(row, column).border = _BORDER
            ws.cell(row, COLS["name"]).alignment = Alignment(wrap_text=True, vertical="top")
            checks[ind.type].add(value_cell)
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 14
    ws.column_dimensions["E"].width = 12
    ws.column_dimensions["F"].width = 30
    ws.freeze_panes = "A6"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # people may widen columns
    ws.protection.formatRows = False


# -- import -------------------------------------------------------------------


@dataclass
class TemplateEntry:
    sheet: str
    cell: str
    code: str
    raw: Any
    note: str | None


@dataclass
class TemplateSheet:
    sheet: str
    commune: units.Unit
    entries: list[TemplateEntry] = field(default_factory=list)
    new: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class TemplatePreview:
    path: Path
    period: Period
    set_code: str
    sheets: list[TemplateSheet] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "period": self.period.code,
            "criteria_set": self.set_code,
            "sheets": [
                {"sheet": s.sheet, "commune": s.commune.name, "values": len(s.entries),
                 "new": s.new, "updated": s.updated, "unchanged": s.unchanged}
                for s in self.sheets
            ],
            "errors": self.errors,
        }


def _identity(workbook: Any, path: Path) -> dict[str, str]:
    if META_SHEET not in workbook.sheetnames:
        raise InputRejected("tpl.not_template", path=path)
    out: dict[str, str] = {}
    for row in workbook[META_SHEET].iter_rows(min_row=2, values_only=True):
        if row and row[0] is not None:
            out[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
    try:
        version = int(out["template_version"])
    except (KeyError, ValueError):
        raise InputRejected("tpl.bad_identity", path=path, detail="template_version") from None
    if version > TEMPLATE_VERSION:
        raise InputRejected("tpl.newer", path=path, found=version)
    for key in ("period", "criteria_set"):
        if not out.get(key):
            raise InputRejected("tpl.bad_identity", path=path, detail=key)
    return out


def read_template(
    store: Store, path: Path | str, *, commune: units.Unit | None = None, period: Period | None = None
) -> TemplatePreview:
    """Read and check a filled template; ``commune``/``period`` guard against the wrong target."""
    path = Path(path)
    values_wb = open_workbook(path, read_only=False, data_only=True, max_bytes=MAX_BYTES,
                              max_merged_cells=MAX_MERGED_CELLS)
    formulas_wb = open_workbook(path, read_only=False, data_only=False)
    try:
        return _read(store, path, values_wb, formulas_wb, commune, period)
    except _WORKBOOK_ERRORS as exc:
        raise refusal(path, exc) from None


def _read(store: Store, path: Path, values_wb: Any, formulas_wb: Any, commune: units.Unit | None,
          period: Period | None) -> TemplatePreview:
    identity = _identity(values_wb, path)
    try:
        file_period = periods.parse(identity["period"])
    except InputRejected:
        raise InputRejected("tpl.bad_identity", path=path, detail="period") from None
    try:
        cs = criteria.get_set(store, identity["criteria_set"])
    except InputRejected as error:  # said with the file's name: which template names an unknown set
        raise InputRejected("tpl.bad_identity", [error.message], path=path,
                            detail=f"criteria_set {identity['criteria_set'][:40]}") from None
    if period is not None and period != file_period:
        raise InputRejected("tpl.wrong_target", path=path, what_file=file_period.label(), what_wanted=period.label())
    preview = TemplatePreview(path, file_period, cs.code)
    codes = {ind.code: ind for crit in cs.criteria for ind in crit.indicators}
    for key, nkey in identity.items():
        if not key.startswith("sheet:"):
            continue
        sheet = key.split(":", 1)[1]
        unit = units.by_nkey(store, nkey)
        if sheet not in values_wb.sheetnames:
            raise InputRejected("tpl.bad_identity", path=path, detail=f"sheet {sheet}")
        if unit is None:
            raise InputRejected("tpl.unknown_commune", path=path, sheet=sheet, commune=nkey)
        if commune is not None and unit.id != commune.id:
            raise InputRejected("tpl.wrong_target", path=path, what_file=unit.name, what_wanted=commune.name)
        preview.sheets.append(_read_sheet(store, preview, values_wb[sheet], formulas_wb[sheet], unit, codes, cs.code))
    if not preview.sheets:
        raise InputRejected("tpl.bad_identity", path=path, detail="no commune sheet")
    return preview


def _read_sheet(
    store: Store, preview: TemplatePreview, ws: Any, fws: Any, unit: units.Unit,
    codes: dict[str, criteria.Indicator], set_code: str,
) -> TemplateSheet:
    result = TemplateSheet(ws.title, unit)
    if ws.max_row > MAX_ROWS:
        raise InputRejected("xlsx.bomb", path=preview.path, detail=f"{ws.title}: {ws.max_row} dòng / rows")
    card = assessments.scorecard(store, unit, preview.period, set_code)
    current = {i.indicator.code: i for c in card.rows for i in c.indicators}
    for row in range(FIRST_ROW, ws.max_row + 1):
        code = ws.cell(row, COLS["code"]).value
        if code is None or str(code).startswith("TC"):
            continue
        code = text.clean(str(code))
        if code not in codes:
            preview.errors.append(i18n.t("tpl.moved_row", sheet=ws.title, row=row, code=_short(code), set=set_code))
            continue
        ind = codes[code]
        cell = ws.cell(row, COLS["value"])
        raw = cell.value
        formula = fws.cell(row, COLS["value"]).value
        if raw is None and isinstance(formula, str) and formula.startswith("="):
            preview.errors.append(i18n.t("tpl.formula_no_value", sheet=ws.title, cell=cell.coordinate, code=code))
            continue
        if isinstance(raw, str):  # typed with a legacy TCVN3/VNI keyboard setting
            raw = legacy_encoding.to_unicode(raw)
        note_value = ws.cell(row, COLS["note"]).value
        note = text.clean(legacy_encoding.to_unicode(str(note_value))) if note_value is not None else None
        if raw is None or (isinstance(raw, str) and not text.clean(raw)):
            if note and current[code].value is not None and note != (current[code].note or ""):
                raw = current[code].value if ind.type != "bool" else ("có" if current[code].value == "1" else "không")
            else:
                continue
        try:
            parsed = values.parse(ind.type, raw)
        except InputRejected as error:
            preview.errors.append(i18n.t("tpl.bad_value", sheet=ws.title, cell=cell.coordinate, code=code,
                                         reason=_short(error.message, 300)))
            continue
        result.entries.append(TemplateEntry(ws.title, cell.coordinate, code, raw, note))
        old = current[code]
        if old.value is None:
            result.new += 1
        elif old.value == parsed.text and (note is None or note == (old.note or "")):
            result.unchanged += 1
        else:
            result.updated += 1
    return result


def _short(value: str, limit: int = 60) -> str:
    """A cell's text in a message: one line, never kilobytes of it (issue 19)."""
    words = " ".join(value.split())
    return words if len(words) <= limit else words[:limit] + "…"


def apply_template(store: Store, preview: TemplatePreview) -> audit.Batch:
    """Write every value of a checked template through the one door, as one undoable batch."""
    if preview.errors:
        raise InputRejected("tpl.rejected", preview.errors, path=preview.path, n=len(preview.errors))
    locked = locks.locked_communes(store, preview.period, [sheet.commune.id for sheet in preview.sheets])
    if locked:  # refused before the backup, which must not push a good one out of the rotation (CONTRACT §9)
        names = sorted({sheet.commune.name for sheet in preview.sheets if sheet.commune.id in locked},
                       key=text.sort_key)
        raise InputRejected("cycle.template_locked", sorted({locks.describe(lock) for lock in locked.values()}),
                            path=preview.path, period=preview.period.code, names=", ".join(names))
    batch = audit.new_batch("imported", f"{preview.path.name} {preview.period.code}")
    backup.auto_backup(store, "import")  # DESIGN: an automatic backup before every import
    with store.transaction():
        for sheet in preview.sheets:
            for entry in sheet.entries:
                assessments.set_indicator_value(
                    store, sheet.commune, preview.period, entry.code, entry.raw, note=entry.note,
                    set_code=preview.set_code, source="imported", batch=batch,
                )
    return batch
