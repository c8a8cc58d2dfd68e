"""Commune data-collection templates: what the file holds, and importing it back."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest

from ntm_desktop import assessments, criteria, units
from ntm_desktop.errors import InputRejected
from ntm_desktop.excel import templates
from ntm_desktop.excel.legacy_encoding import encode_legacy
from ntm_desktop.history import revert_batch
from ntm_desktop.periods import Period, parse
from ntm_desktop.store.database import open_store


def snapshot(store):
    return {t: [tuple(r) for r in store.query(f"SELECT * FROM {t} ORDER BY 1")]
            for t in ("indicator_values", "criterion_results", "changes")}


def _rows(ws):
    """indicator code → row number."""
    return {ws.cell(r, 1).value: r for r in range(templates.FIRST_ROW, ws.max_row + 1)}


def test_template_holds_identity_validation_and_protection(store, tmp_path):
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    assessments.set_indicator_value(store, commune, Period(2020, "Y"), "15.1", "87,5", note="BHXH huyện")
    out = templates.export_template(store, [commune], Period(2020, "Y"), tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb["_ntm"].sheet_state == "veryHidden"
    identity = {r[0]: r[1] for r in wb["_ntm"].iter_rows(min_row=2, values_only=True)}
    assert identity["period"] == "2020" and identity["criteria_set"] == "QG-2016-2020"
    assert identity["sheet:Hà Mòn"] == commune.nkey and identity["template_version"] == 1
    ws = wb["Hà Mòn"]
    assert ws.protection.sheet is True
    rows = _rows(ws)
    cs = criteria.get_set(store, "QG-2016-2020")
    assert set(rows) >= {ind.code for c in cs.criteria for ind in c.indicators}
    # input cells unlocked, everything else locked
    assert ws.cell(rows["1.1"], 5).protection.locked is False
    assert ws.cell(rows["1.1"], 6).protection.locked is False
    assert ws.cell(rows["1.1"], 2).protection.locked is True
    assert ws.cell(rows["TC1"], 5).protection.locked is True
    # prefilled values, thresholds and units
    assert ws.cell(rows["15.1"], 5).value == 87.5 and ws.cell(rows["15.1"], 6).value == "BHXH huyện"
    assert ws.cell(rows["15.1"], 4).value == "≥85" and ws.cell(rows["15.1"], 3).value == "%"
    assert ws.cell(rows["2.1"], 4).value == "Chưa có ngưỡng"
    # validation: a list for yes/no, 0..100 for percents, ≥0 for numbers
    by_type = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            for row in range(cell_range.min_row, cell_range.max_row + 1):
                by_type[ws.cell(row, 1).value] = dv
    assert by_type["1.1"].type == "list" and by_type["1.1"].formula1 == '"Có,Không"'
    assert (by_type["15.1"].type, by_type["15.1"].formula1, by_type["15.1"].formula2) == ("decimal", "0", "100")
    assert (by_type["10"].type, by_type["10"].operator, by_type["10"].formula1) == (
        "decimal", "greaterThanOrEqual", "0")


def test_filled_template_round_trip_and_undo(store, tmp_path):
    ha_mon = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    la = units.resolve_commune(store, "Đăk La", "Đăk Hà")
    period = parse("2021-Q2")
    out = templates.export_template(store, [ha_mon, la], period, tmp_path / "d.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["Hà Mòn"]
    rows = _rows(ws)
    first_bool = next(code for code, r in rows.items() if ws.cell(r, 3).value == "Có/Không")
    ws.cell(rows[first_bool], 5, "Có")
    ws.cell(rows["3.1"], 5, 82.5)
    ws.cell(rows["3.1"], 6, "Theo báo cáo thủy lợi")
    wb.save(out)
    preview = templates.read_template(store, out)
    assert [(s.commune.name, len(s.entries), s.new) for s in preview.sheets] == [("Hà Mòn", 2, 2), ("Đăk La", 0, 0)]
    batch = templates.apply_template(store, preview)
    card = assessments.scorecard(store, ha_mon, period)
    shown = {i.indicator.code: (i.value, i.note) for c in card.rows for i in c.indicators}
    assert shown["3.1"] == ("82.5", "Theo báo cáo thủy lợi") and shown[first_bool] == ("1", None)
    assert [i.status.value for c in card.rows for i in c.indicators if i.indicator.code == "3.1"] == ["met"]  # ≥80
    again = templates.read_template(store, out)
    assert (again.sheets[0].new, again.sheets[0].unchanged) == (0, 2)
    revert_batch(store, batch.id)
    assert store.query("SELECT count(*) AS n FROM indicator_values")[0]["n"] == 0


def test_bad_values_name_sheet_and_cell_and_write_nothing(store, tmp_path):
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    out = templates.export_template(store, [commune], Period(2020, "Y"), tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["Hà Mòn"]
    rows = _rows(ws)
    ws.cell(rows["15.1"], 5, 140)
    ws.cell(rows["10"], 5, "bốn mươi")
    ws.cell(rows["1.1"], 5, "có lẽ")
    ws.cell(rows["1.2"], 5, "=1+1")  # a formula nobody computed
    wb.save(out)
    before = snapshot(store)
    preview = templates.read_template(store, out)
    cells = {f"E{rows[c]}" for c in ("15.1", "10", "1.1", "1.2")}
    assert len(preview.errors) == 4
    assert all(any(cell in e for e in preview.errors) for cell in cells)
    assert all("Hà Mòn" in e for e in preview.errors)
    with pytest.raises(InputRejected) as info:
        templates.apply_template(store, preview)
    assert info.value.exit_code == 3
    assert snapshot(store) == before


def test_wrong_target_tampered_and_foreign_files_refused(store, tmp_path):
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    other = units.resolve_commune(store, "Đăk La", "Đăk Hà")
    out = templates.export_template(store, [commune], Period(2020, "Y"), tmp_path / "w.xlsx")
    with pytest.raises(InputRejected) as wrong_commune:
        templates.read_template(store, out, commune=other)
    assert wrong_commune.value.key == "tpl.wrong_target"
    with pytest.raises(InputRejected) as wrong_period:
        templates.read_template(store, out, period=Period(2021, "Y"))
    assert wrong_period.value.key == "tpl.wrong_target"
    # identity edited to a newer template version
    wb = openpyxl.load_workbook(out)
    wb["_ntm"]["B2"] = 99
    wb.save(tmp_path / "newer.xlsx")
    with pytest.raises(InputRejected) as newer:
        templates.read_template(store, tmp_path / "newer.xlsx")
    assert newer.value.key == "tpl.newer"
    # a commune this database does not know
    wb = openpyxl.load_workbook(out)
    for row in wb["_ntm"].iter_rows(min_row=2):
        if str(row[0].value).startswith("sheet:"):
            row[1].value = "commune:99999"
    wb.save(tmp_path / "foreign.xlsx")
    with pytest.raises(InputRejected) as foreign:
        templates.read_template(store, tmp_path / "foreign.xlsx")
    assert foreign.value.key == "tpl.unknown_commune"
    # an ordinary workbook is not a template
    plain = openpyxl.Workbook()
    plain.save(tmp_path / "plain.xlsx")
    with pytest.raises(InputRejected) as not_template:
        templates.read_template(store, tmp_path / "plain.xlsx")
    assert not_template.value.key == "tpl.not_template"


def test_cli_templates(tmp_path):
    db = tmp_path / "c.sqlite3"
    run = [sys.executable, "-m", "ntm_desktop", "--db", str(db)]
    assert subprocess.run([*run, "init"], capture_output=True, timeout=120).returncode == 0
    out = tmp_path / "dh.xlsx"
    made = subprocess.run([*run, "export-template", "--year", "2020", "--district", "Đăk Hà", "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 11  # ten communes and the identity sheet
    ws = wb["Hà Mòn"]
    rows = _rows(ws)
    ws.cell(rows["10"], 5, 43)
    wb.save(out)
    dry = subprocess.run([*run, "import-template", str(out), "--dry-run", "--json"], capture_output=True, text=True,
                         timeout=120)
    report = json.loads(dry.stdout)
    assert report["dry_run"] and sum(s["new"] for s in report["sheets"]) == 1
    assert subprocess.run([*run, "import-template", str(out)], capture_output=True, timeout=120).returncode == 0
    summary_json = subprocess.run([*run, "criteria", "list", "--json"], capture_output=True, text=True, timeout=120)
    assert summary_json.returncode == 0
    store = open_store(db)
    assert store.query("SELECT value FROM indicator_values")[0]["value"] == "43"
    store.close()


def test_legacy_typed_note_is_converted(store, tmp_path):
    commune = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    out = templates.export_template(store, [commune], Period(2020, "Y"), tmp_path / "l.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["Hà Mòn"]
    rows = _rows(ws)
    ws.cell(rows["10"], 5, 45)
    ws.cell(rows["10"], 6, encode_legacy("Số liệu của Chi cục Thống kê huyện", "vni"))
    wb.save(out)
    templates.apply_template(store, templates.read_template(store, out))
    card = assessments.scorecard(store, commune, Period(2020, "Y"))
    notes = {i.indicator.code: i.note for c in card.rows for i in c.indicators}
    assert notes["10"] == "Số liệu của Chi cục Thống kê huyện"


def test_a_template_for_a_locked_period_is_refused_before_any_backup(store, tmp_path):
    """CONTRACT §9: the year locked for the district, its quarter's template is refused naming the
    commune; nothing is written and no automatic backup is made (none pushed out of the rotation)."""
    from ntm_desktop.cycle import service
    from ntm_desktop.store import backup as backups

    ha_mon = units.resolve_commune(store, "Hà Mòn", "Đăk Hà")
    period = parse("2021-Q2")
    out = templates.export_template(store, [ha_mon], period, tmp_path / "k.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["Hà Mòn"]
    ws.cell(_rows(ws)["3.1"], 5, 82.5)
    wb.save(out)
    preview = templates.read_template(store, out)
    service.act(store, units.resolve_district(store, "Đăk Hà"), parse("2021"), "lock")
    made = [b.path for b in backups.list_backups(store.path)]
    values = store.query("SELECT * FROM indicator_values")
    with pytest.raises(InputRejected) as refused:
        templates.apply_template(store, preview)
    assert refused.value.key == "cycle.template_locked" and "Hà Mòn" in str(refused.value)
    assert store.query("SELECT * FROM indicator_values") == values
    assert [b.path for b in backups.list_backups(store.path)] == made
