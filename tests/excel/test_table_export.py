"""Export of the criteria table: layout, formula-safe text, and the round trip with import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

from ntm_desktop import criteria, summary, units
from ntm_desktop.assessments import set_official
from ntm_desktop.excel import table_import as legacy_table
from ntm_desktop.excel.table_export import export_table
from ntm_desktop.periods import Period
from ntm_desktop.store.database import open_store

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _store(path):
    store = open_store(path)
    criteria.load_bundled(store)
    units.load_reference(store)
    return store


def test_round_trip_gives_back_the_same_figures(tmp_path):
    source = _store(tmp_path / "a.sqlite3")
    legacy_table.apply(source, legacy_table.read_table(source, SAMPLES / "legacy-table-2019.xlsx", 2019), 2019)
    set_official(source, units.resolve_commune(source, "Xốp", "Đăk Glei"), Period(2019, "Y"), 2, False,
                 note="=HYPERLINK(\"x\")")
    out = export_table(source, 2019, tmp_path / "out" / "bang.xlsx")
    expected = summary.summary(source, 2019)
    target = _store(tmp_path / "b.sqlite3")
    preview = legacy_table.read_table(target, out, 2019)
    assert legacy_table.check(preview) == []
    assert not [w for w in preview.warnings if w.key in ("table.total_mismatch", "table.count_mismatch")]
    legacy_table.apply(target, preview, 2019)
    got = summary.summary(target, 2019)
    for key in ("per_criterion", "bands", "average", "full_19", "by_district"):
        assert got[key] == expected[key], key
    # and exporting the imported data gives the same table
    again = export_table(target, 2019, tmp_path / "again.xlsx")
    rows = lambda p: [r for r in openpyxl.load_workbook(p).active.iter_rows(min_row=3, values_only=True)]  # noqa: E731
    assert [r[:-1] for r in rows(again)] == [r[:-1] for r in rows(out)]


def test_district_scope_and_formula_like_text_is_text(tmp_path):
    store = _store(tmp_path / "c.sqlite3")
    evil = units.add_commune(store, "Đăk Hà", "=cmd|' /C calc'!A0")
    set_official(store, evil, Period(2020, "Y"), 1, True, note="+SUM(A1:A9)")
    out = export_table(store, 2020, tmp_path / "d.xlsx", district="Đăk Hà")
    ws = openpyxl.load_workbook(out).active
    names = [ws.cell(r, 3).value for r in range(4, ws.max_row)]
    assert len(names) == 11 and "=cmd|' /C calc'!A0" in names
    row = 4 + names.index("=cmd|' /C calc'!A0")
    name = ws.cell(row, 3)
    assert name.data_type == "s" and name.quotePrefix  # shown as text, never run as a formula
    assert ws.cell(row, 24).value == "TC1: +SUM(A1:A9)" and ws.cell(row, 24).data_type == "s"
    assert ws.cell(row, 4).value == "x" and ws.cell(row, 23).value == 1
    assert {ws.cell(r, 2).value for r in range(4, ws.max_row)} == {"Đăk Hà"}
    assert ws.cell(ws.max_row, 3).value == "Tổng cộng" and ws.cell(ws.max_row, 4).value == 1
    store.close()


def test_cli_export_table(tmp_path):
    db = tmp_path / "e.sqlite3"
    run = [sys.executable, "-m", "ntm_desktop", "--db", str(db)]
    assert subprocess.run([*run, "init"], capture_output=True, timeout=120).returncode == 0
    result = subprocess.run([*run, "export-table", "--year", "2020", "--out", str(tmp_path / "t.xlsx")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert ws.max_row == 3 + 85 + 1


def test_progress_counts_every_commune_and_a_cancel_writes_nothing(tmp_path):
    from ntm_desktop.excel.table_export import ExportCancelled

    store = _store(tmp_path / "a.sqlite3")
    legacy_table.apply(store, legacy_table.read_table(store, SAMPLES / "legacy-table-2019.xlsx", 2019), 2019)
    seen: list[tuple[int, int]] = []
    out = export_table(store, 2019, tmp_path / "all.xlsx", progress=lambda done, total: seen.append((done, total)))
    communes = len(summary.communes_in_scope(store, 2019, None))
    assert seen[-1] == (communes + 1, communes + 1)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert openpyxl.load_workbook(out).active.max_row == communes + 4  # title, set, header, communes, total

    asked: list[int] = []

    def cancel_on_third_look() -> bool:
        asked.append(1)
        return len(asked) >= 3

    try:
        export_table(store, 2019, tmp_path / "cancelled.xlsx", cancelled=cancel_on_third_look)
    except ExportCancelled as refused:
        assert refused.exit_code == 1
    else:
        raise AssertionError("the export went on after the cancel")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == ["all.xlsx"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
