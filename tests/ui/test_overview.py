"""The Tổng quan tab (ui/overview/) on the overview tests' Kon Tum database of both eras (the
2019 legacy table, first-half statuses, a differing official status, 2026 results on the new
communes): what the grid, its totals and the charts show is what the core computes; filters,
sorting, Enter opening the scorecard on the cell's period and criterion, the exports."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from PySide6.QtCore import Qt

from ntm_desktop import assessments, overview, targets, units
from ntm_desktop.periods import Period
from ntm_desktop.store.database import open_store
from tests.overview.conftest import H1, build, first_commune
from tests.reports.test_data import pdf_text
from ui.main_window import MainWindow
from ui.overview.model import BRUSHES, DIFFERS, FIRST, ID_ROLE, figure


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    return build(tmp_path_factory.mktemp("overview-ui") / "master.sqlite3")


@pytest.fixture
def window(qtbot, master, tmp_path, monkeypatch):
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "ui.sqlite3"
    shutil.copyfile(master, path)
    store = open_store(path)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    store.close()


def open_tab(window, year):
    view = window.show_tab("ui.overview.view")
    view.year.setValue(year)
    return view


def test_the_grid_shows_the_cores_figures(window, qtbot):
    view = open_tab(window, 2019)
    grid = overview.grid(window.store, 2019)
    model = view.model
    assert model.rowCount() == len(grid.rows) == 85
    assert model.columnCount() == FIRST + 19
    assert [model.headerData(FIRST + i, Qt.Orientation.Horizontal) for i in range(19)] == [str(n) for n in grid.numbers]
    met = overview.totals(grid, grid.rows)
    foot = [view.totals.data(view.totals.index(0, FIRST + i)) for i in range(19)]
    assert [f.replace("\n", "") for f in foot] == [f"{met[n]}/85" for n in grid.numbers]
    commune = first_commune(window.store)
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0), ID_ROLE) == commune.id)
    background = [model.data(model.index(row, FIRST + i), Qt.ItemDataRole.BackgroundRole) for i in range(19)]
    shown = model.rows[row]
    assert background[0] == DIFFERS  # criterion 1: official differs from computed
    assert background[1:] == [BRUSHES[letter] for letter in shown.statuses[1:]]
    assert model.data(model.index(row, 2)) == shown.met
    assert not view.table.isColumnHidden(1) and view.district.isVisibleTo(view)
    bars = {bar.label: bar.value for bar in view.bands.bars}
    assert bars == overview.band_counts(grid, grid.rows)
    lagging = [view.lagging.item(i).data(Qt.ItemDataRole.UserRole) for i in range(view.lagging.count())]
    assert lagging == [n for n, _name, _m in overview.lagging(grid, grid.rows, 5)]
    points = overview.progress(window.store)
    qtbot.waitUntil(lambda: view.progress_done)  # read after the grid's first paint, a year at a time
    assert [(b.label, b.value) for b in view.progress.bars] == [(str(p.year), p.full) for p in points]


def test_2026_has_ten_columns_and_no_district(window):
    view = open_tab(window, 2026)
    assert view.model.columnCount() == FIRST + 10
    assert view.table.isColumnHidden(1) and not view.district.isVisibleTo(view)
    assert view.model.rowCount() == len(overview.grid(window.store, 2026).rows)
    assert view.band.count() == 1 + len(view.grid.shape.bands)


def test_filters_and_sorting_are_the_cores(window, qtbot):
    view = open_tab(window, 2019)
    grid = view.grid
    view.band.setCurrentIndex(view.band.findData("15-18"))
    expected = overview.filter_rows(grid, overview.Filters(band="15-18"))
    assert {r.id for r in view.model.rows} == {r.id for r in expected} and expected
    view.failing.setCurrentIndex(view.failing.findData(6))
    both = overview.filter_rows(grid, overview.Filters(band="15-18", failing=6))
    assert [r.id for r in view.model.rows] == [r.id for r in overview.sort_rows(grid, both, "district")]
    assert view.totals.shown == len(both)
    view.band.setCurrentIndex(0)
    view.failing.setCurrentIndex(0)
    view.short.setChecked(True)
    assert {r.id for r in view.model.rows} == {r.id for r in grid.rows if r.met in (17, 18)}
    view.short.setChecked(False)
    district_id, _name = grid.districts[1]
    view.district.setCurrentIndex(view.district.findData(district_id))
    assert {r.district_id for r in view.model.rows} == {district_id}
    view.district.setCurrentIndex(0)
    view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # criteria met, most first
    assert [r.id for r in view.model.rows] == [r.id for r in overview.sort_rows(grid, grid.rows, "met", True)]
    view.table.sortByColumn(FIRST + 4, Qt.SortOrder.AscendingOrder)
    assert [r.id for r in view.model.rows] == [r.id for r in overview.sort_rows(grid, grid.rows, 5)]


def test_enter_opens_the_scorecard_on_the_cells_period_and_criterion(window, qtbot):
    view = open_tab(window, 2019)
    view.choose_period(H1)
    assert view.grid.period == H1
    commune = first_commune(window.store)
    model = view.model
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0), ID_ROLE) == commune.id)
    view.table.setFocus()
    view.table.setCurrentIndex(model.index(row, FIRST + 2))  # criterion 3, met in the first half
    qtbot.keyClick(view.table, Qt.Key.Key_Right)  # arrows move in the grid: criterion 4
    assert view.table.currentIndex().column() == FIRST + 3
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    scorecard = window.scorecard
    assert window.tabs.currentIndex() == 0
    assert scorecard.commune.id == commune.id
    assert scorecard.current_period() == H1
    node = scorecard.model.node(scorecard.tree.currentIndex())
    assert node.kind == "criterion" and node.payload.criterion.number == 4
    assert node.payload.official is False  # what the overview showed: not met in the first half


def test_exports_hold_what_is_shown(window, tmp_path):
    view = open_tab(window, 2019)
    view.band.setCurrentIndex(view.band.findData("10-14"))
    view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert view.default_name("xlsx") == "tong-quan-2019.xlsx"
    out = view.export("xlsx", str(tmp_path / view.default_name("xlsx")))
    sheet = openpyxl.load_workbook(out).active
    names = [sheet.cell(r, 2).value for r in range(3, 3 + len(view.model.rows))]
    assert names == [r.name for r in view.model.rows]
    assert sheet.cell(3 + len(view.model.rows), 3).value == view.totals.text(1)
    pdf = view.export("pdf", str(tmp_path / "tong-quan-2019.pdf"))
    words = pdf_text(pdf)
    assert view.title() in words and view.model.rows[0].name in words
    view.choose_period(H1)
    district_id, name = view.grid.districts[0]
    view.district.setCurrentIndex(view.district.findData(district_id))
    assert view.default_name("pdf").startswith("tong-quan-2019-2019-H1-")


def test_refresh_and_targets(window, qtbot):
    view = open_tab(window, 2026)
    assert not view.behind.isVisibleTo(view)
    store = window.store
    commune = units.resolve_code(store, "23326", "2026-12-31")  # 7 of 10
    before = view.totals.counts[8]
    assessments.set_official(store, commune, Period(2026, "Y"), 8, True)
    targets.set_commune(store, commune, "ntm", 2026)
    targets.set_counts(store, [targets.Count(2026, 1, 10), targets.Count(2026, 2, 3)])  # province targets
    window.refresh()
    tip = view.totals.data(view.totals.index(0, FIRST), Qt.ItemDataRole.ToolTipRole)
    assert "Mục tiêu 10 xã" in tip
    assert view.totals.data(view.totals.index(0, FIRST), Qt.ItemDataRole.BackgroundRole) == DIFFERS  # 4 < 10
    assert view.totals.data(view.totals.index(0, FIRST + 1), Qt.ItemDataRole.BackgroundRole) == BRUSHES["M"]
    assert view.totals.counts[8] == before + 1
    qtbot.waitUntil(lambda: view.progress_done)
    last = overview.progress(store)[-1]
    assert (view.progress.bars[-1].label, view.progress.bars[-1].value) == ("2026", last.full)
    assert f"BQ {figure(last.average)}/10" in view.progress.bars[-1].text  # 0,8 in Vietnamese
    assert view.behind.isVisibleTo(view)
    view.behind.setChecked(True)
    assert [r.id for r in view.model.rows] == [commune.id]  # 8 of 10 in its target year


def test_english_texts_and_a_year_without_a_set(window, english):
    view = open_tab(window, 2019)
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "Commune"
    assert view.totals.data(view.totals.index(0, 0)) == "Communes meeting"
    assert view.period.itemText(0) == "Whole year (latest period)"
    view.year.setValue(1995)  # before any criteria set: said, nothing shown
    assert view.grid is None and view.model.rowCount() == 0
    assert "1995" in view.info.text() and view.bands.bars == [] and view.lagging.count() == 0
    assert view.export("xlsx", "unused.xlsx") is None
