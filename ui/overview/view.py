"""The Tổng quan tab: every commune × every criterion of the set in force for a year and
period, coloured (met, not met, no data, official differing from computed), filtered and
sorted by the core (ntm_desktop/overview/), with the totals per criterion at the foot, and
beside it the bands, the progress over the years and the criteria that lag most.

A double click or Enter on a cell opens that commune's scorecard on the period its status
came from, with that criterion selected."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import overview, periods, targets, text
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import language, t
from ntm_desktop.overview import Filters, Grid, Row
from ntm_desktop.periods import Period
from ui.overview.charts import Bar, BarChart
from ui.overview.model import FIRST, GridModel, TotalsModel, figure

WIDTHS = (140, 130, 78, 52)  # commune, district, met, band
CRITERION_WIDTH = 27  # 19 columns fit beside the charts on a 1366×768 laptop
LAGGING = 5


class OverviewView(QWidget):
    def __init__(self, window: Any) -> None:
        super().__init__()
        self.window_ = window
        self.store = window.store
        self.grid: Grid | None = None
        self.shown: list[Row] = []
        self.late: frozenset[int] | None = None
        self._shaped: tuple[int, int, bool] | None = None  # the grid shape the columns were set for
        self._progress_run = 0
        self._progress_points: list[overview.YearPoint] = []
        self.progress_done = False  # every year of the progress chart read

        self.year = QSpinBox()
        self.year.setRange(periods.MIN_YEAR, periods.MAX_YEAR)
        self.year.setValue(window.scorecard.year.value())
        self.period = QComboBox()
        self.district = QComboBox()
        self.district_label = QLabel(t("ov.district"))
        self.band = QComboBox()
        self.band.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.failing = QComboBox()
        self.failing.setMinimumContentsLength(16)
        self.failing.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.short = QCheckBox(t("ov.short"))
        self.behind = QCheckBox(t("ov.behind"))
        self.behind.setToolTip(t("ov.behind_tip"))
        self.to_xlsx = QPushButton(t("ov.export_xlsx"))
        self.to_pdf = QPushButton(t("ov.export_pdf"))
        self.print_button = QPushButton(t("ov.print"))
        self.print_button.setObjectName("overviewPrint")
        self.print_button.setToolTip(t("ov.print_tip"))
        self.print_button.setShortcut("Ctrl+P")  # active while the tab is shown
        self.info = QLabel("")
        self.info.setObjectName("overviewInfo")

        first = QHBoxLayout()
        for label, widget in ((QLabel(t("ov.year")), self.year), (QLabel(t("ov.period")), self.period),
                              (self.district_label, self.district), (QLabel(t("ov.band")), self.band)):
            first.addWidget(label)
            first.addWidget(widget)
            first.addSpacing(6)
        first.addStretch(1)
        first.addWidget(self.to_xlsx)
        first.addWidget(self.to_pdf)
        first.addWidget(self.print_button)
        second = QHBoxLayout()
        second.addWidget(QLabel(t("ov.failing")))
        second.addWidget(self.failing)
        second.addSpacing(6)
        second.addWidget(self.short)
        second.addWidget(self.behind)
        second.addStretch(1)

        self.model = GridModel()
        self.table = QTableView()
        self.table.setObjectName("overviewGrid")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setToolTip(t("ov.open_tip"))
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setSortIndicator(1, Qt.SortOrder.AscendingOrder)  # district, then commune
        self.table.setSortingEnabled(True)
        self.totals = TotalsModel()
        self.foot = QTableView()
        self.foot.setObjectName("overviewTotals")
        self.foot.setModel(self.totals)
        self.foot.horizontalHeader().hide()
        self.foot.verticalHeader().hide()
        self.foot.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().height() + 6)
        self.foot.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.foot.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.foot.setFixedHeight(2 * self.fontMetrics().height() + 10)
        self.foot.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.foot.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header.sectionResized.connect(lambda i, _old, new: self.foot.setColumnWidth(i, new))
        self.table.horizontalScrollBar().valueChanged.connect(self.foot.horizontalScrollBar().setValue)
        legend = QLabel(t("ov.legend"))
        legend.setStyleSheet("color: #555;")
        legend.setWordWrap(True)

        left = QWidget()
        grid_box = QVBoxLayout(left)
        grid_box.setContentsMargins(0, 0, 0, 0)
        grid_box.setSpacing(0)
        grid_box.addWidget(self.table, 1)
        grid_box.addWidget(self.foot)
        grid_box.addSpacing(4)
        grid_box.addWidget(legend)

        self.bands = BarChart(t("ov.chart.bands"))
        self.progress = BarChart(t("ov.chart.progress"))
        self.lagging = QListWidget()
        self.lagging.setObjectName("overviewLagging")
        self.lagging.setWordWrap(True)
        self.lagging.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lag_title = QLabel(t("ov.lagging"))
        lag_title.setStyleSheet("font-weight: bold;")
        side = QWidget()
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(6, 0, 0, 0)
        side_box.addWidget(self.bands)
        side_box.addSpacing(8)
        side_box.addWidget(self.progress)
        side_box.addSpacing(8)
        side_box.addWidget(lag_title)
        side_box.addWidget(self.lagging, 1)
        side.setMinimumWidth(240)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([1000, 280])
        layout = QVBoxLayout(self)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.info)
        layout.addWidget(splitter, 1)

        self._fill_periods()
        self.year.valueChanged.connect(self._year_changed)
        self.period.currentIndexChanged.connect(self.load)
        for combo in (self.district, self.band, self.failing):
            combo.currentIndexChanged.connect(self.apply)
        self.short.toggled.connect(self.apply)
        self.behind.toggled.connect(self.apply)
        self.table.activated.connect(self.open_cell)
        self.lagging.itemActivated.connect(lambda item: self._pick_failing(item.data(Qt.ItemDataRole.UserRole)))
        self.to_xlsx.clicked.connect(lambda: self.export("xlsx"))
        self.to_pdf.clicked.connect(lambda: self.export("pdf"))
        self.print_button.clicked.connect(lambda: self.print_overview())
        self.load()
        # the progress over the years reads every year (10,000 communes × 5 years: ~0.7 s):
        # read once the grid has painted for the first time (eventFilter), not before
        self._progress_due = True
        self.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self._progress_due and event.type() == QEvent.Type.Paint:
            self._progress_due = False
            QTimer.singleShot(0, self.load_progress)
        return False

    # -- choices -------------------------------------------------------------------
    def _fill_periods(self) -> None:
        current = self.period.currentData() if self.period.count() else None
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem(t("ov.latest"), None)
        for period in periods.of_year(self.year.value()):
            self.period.addItem(period.label().replace(str(period.year), "").strip(" /") or period.label(), period)
        at = 0
        for index in range(1, self.period.count()):
            shown = self.period.itemData(index)
            if current is not None and (shown.kind, shown.n) == (current.kind, current.n):
                at = index
        self.period.setCurrentIndex(at)
        self.period.blockSignals(False)

    def _year_changed(self) -> None:
        self._fill_periods()
        self.load()

    def current_period(self) -> Period | None:
        return self.period.currentData()

    def choose_period(self, period: Period | None) -> None:
        """Show ``period`` of the year shown (None: the latest period of the year)."""
        for index in range(self.period.count()):
            shown = self.period.itemData(index)
            if (shown is None and period is None) or (shown is not None and period is not None
                                                      and (shown.kind, shown.n) == (period.kind, period.n)):
                self.period.setCurrentIndex(index)
                return

    def _refill(self, combo: QComboBox, items: list[tuple[str, Any]], first: str) -> None:
        """Fill a filter combo keeping its choice when the new items hold it."""
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(first, None)
        for label, data in items:
            combo.addItem(label, data)
        combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
        combo.blockSignals(False)

    def _name(self, number: int) -> str:
        assert self.grid is not None
        head = self.grid.criteria[self.grid.position(number)]
        return head.name_en if language() == "en" and head.name_en else head.name

    # -- loading -------------------------------------------------------------------
    def load(self) -> None:
        """Read the grid of the year and period chosen (one pass), then show it filtered."""
        year = self.year.value()
        try:
            self.grid = overview.grid(self.store, year, self.current_period())
        except NtmError as error:
            self.grid = None
            self.info.setText(str(error))
            self.model.show(None, [])
            self.totals.show(None, [])
            self.bands.set_bars([])
            self.lagging.clear()
            return
        grid = self.grid
        districts = grid.districts
        self._refill(self.district, [(name, i) for i, name in districts], t("ov.all_districts"))
        self.district.setVisible(bool(districts))
        self.district_label.setVisible(bool(districts))
        self._refill(self.band, [(f"{b.key} · {b.text()}", b.key) for b in grid.shape.bands], t("ov.all_bands"))
        self._refill(self.failing, [(t("ov.failing_item", n=c.number, name=self._name(c.number)), c.number)
                                    for c in grid.criteria], t("ov.any_criterion"))
        self.short.setToolTip(t("ov.short_tip", full=grid.shape.full_text))
        self.late = overview.behind(self.store, grid)
        self.behind.setVisible(self.late is not None)
        if self.late is None:
            self.behind.setChecked(False)
        self.apply()

    def filters(self) -> Filters:
        return Filters(district_id=self.district.currentData(), band=self.band.currentData(),
                       failing=self.failing.currentData(), short=self.short.isChecked(),
                       behind=self.late if self.behind.isChecked() and self.late is not None else None)

    def apply(self) -> None:
        """Show the rows passing the filters, their totals, bands and lagging criteria."""
        grid = self.grid
        if grid is None:
            return
        filters = self.filters()
        self.shown = overview.filter_rows(grid, filters)
        self.model.show(grid, self.shown)
        self.table.horizontalHeader().setSortIndicator(self._sort_column(), Qt.SortOrder.DescendingOrder
                                                       if self.model.descending else Qt.SortOrder.AscendingOrder)
        try:
            goals = targets.counts(self.store, grid.year, filters.district_id)
        except NtmError:
            goals = {}
        self.totals.show(grid, self.shown, {n: int(s["communes"]) for n, s in goals.items() if s.get("communes")})
        if self._shaped != (grid.shape.count, len(grid.rows), bool(grid.districts)):
            self._shape_columns(grid)
        self.info.setText(t("ov.shown", shown=len(self.shown), total=len(grid.rows), set=grid.set_code,
                            n=grid.shape.count, avg=figure(overview.average(self.shown))))
        counts = overview.band_counts(grid, self.shown)
        self.bands.set_bars([Bar(key, n, str(n), "#3f7d3c" if key == grid.shape.full_key else "#7aa874")
                             for key, n in counts.items()])
        self.lagging.clear()
        for number, _name, met in overview.lagging(grid, self.shown, LAGGING):
            self.lagging.addItem(t("ov.lagging_item", n=number, name=self._name(number), met=met,
                                   communes=len(self.shown)))
            item = self.lagging.item(self.lagging.count() - 1)
            item.setData(Qt.ItemDataRole.UserRole, number)
            item.setToolTip(item.text())

    def _shape_columns(self, grid: Grid) -> None:
        """Column widths and the district column, when the grid's shape changed (not on every filter)."""
        self._shaped = (grid.shape.count, len(grid.rows), bool(grid.districts))
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.setColumnHidden(1, not grid.districts)
        self.foot.setColumnHidden(1, not grid.districts)
        # wide enough for the totals' second line ("/85", "/10035")
        second = QFontMetrics(self.totals.number_font).horizontalAdvance(f"/{len(grid.rows)}")
        width = max(CRITERION_WIDTH, second + 10)
        for column in range(FIRST, FIRST + len(grid.criteria)):
            self.table.setColumnWidth(column, width)
        for column in range(self.model.columnCount()):
            self.foot.setColumnWidth(column, self.table.columnWidth(column))

    def _sort_column(self) -> int:
        key = self.model.sort_key
        if isinstance(key, int) and self.grid is not None:
            return FIRST + self.grid.position(key)
        return {"commune": 0, "district": 1, "met": 2}.get(str(key), 1)

    def load_progress(self) -> None:
        """Communes at the standard and the average, year by year (the whole database), one year
        per turn of the event loop (10,000 communes: 0.1-0.3 s a year), the chart growing as it goes."""
        self._progress_run += 1
        self._progress_points = []
        try:
            years = overview.years_with_data(self.store)
        except NtmError:
            years = []
        self._next_year(self._progress_run, years)

    def _next_year(self, run: int, years: list[int]) -> None:
        if run != self._progress_run:  # a newer reading started (a refresh)
            return
        if years:
            try:
                self._progress_points.append(overview.year_point(self.store, years[0]))
            except NtmError:
                pass
        self.progress.set_bars([Bar(str(p.year), p.full, t("ov.chart.progress_bar", full=p.full, communes=p.communes,
                                                             avg=figure(p.average), n=p.criteria_count))
                                for p in self._progress_points])
        if len(years) > 1:
            QTimer.singleShot(0, lambda: self._next_year(run, years[1:]))
        else:
            self.progress_done = True

    def refresh(self) -> None:
        """The window's data changed (an import, an edit, undo): read everything again."""
        self.load()
        self._progress_due = False
        self.progress_done = False
        self.load_progress()

    def _pick_failing(self, number: int | None) -> None:
        if number is not None:
            self.failing.setCurrentIndex(max(0, self.failing.findData(number)))

    # -- opening a commune ---------------------------------------------------------
    def open_cell(self, index: QModelIndex) -> None:
        """Open the commune's scorecard on the period its status came from, the criterion selected."""
        if not index.isValid() or self.grid is None:
            return
        grid = self.grid
        row = self.model.rows[index.row()]
        number = self.model.criterion_of(index.column())
        period = (overview.cell_period(self.store, grid, row.id, number) if number is not None
                  else self.current_period() or Period(grid.year, "Y"))
        window = self.window_
        window.open_commune(row.id, period.year)
        scorecard = window.scorecard
        if scorecard.current_period() != period:
            scorecard.set_period(period)
            scorecard.reload()
        window.tabs.setCurrentIndex(0)
        if number is not None:
            scorecard.select_criterion(number)

    # -- export --------------------------------------------------------------------
    def title(self) -> str:
        assert self.grid is not None
        grid = self.grid
        period = f" ({grid.period.label()})" if grid.period is not None else ""
        name = self.district.currentText() if self.district.currentData() is not None else None
        district = t("ov.title_district", district=name) if name else ""
        return t("ov.title", year=grid.year, period=period, set=grid.set_name, n=grid.shape.count) + district

    def scope(self) -> str:
        """The filters beyond the title's year, period and district, as the window shows them
        ("Nhóm: … · Chưa đạt: TC 5 … · Thiếu 1-2 tiêu chí"); "" when none applies."""
        combos = (("ov.band", self.band), ("ov.failing", self.failing))
        parts = [f"{t(key)} {combo.currentText()}" for key, combo in combos if combo.currentData() is not None]
        parts += [box.text() for box in (self.short, self.behind) if box.isChecked()]
        return " · ".join(parts)

    def default_name(self, fmt: str) -> str:
        assert self.grid is not None
        period = f"-{self.grid.period.code}" if self.grid.period is not None else ""
        name = self.district.currentText() if self.district.currentData() is not None else None
        district = f"-{text.slug(text.strip_prefix(name))}" if name else ""
        return f"tong-quan-{self.grid.year}{period}{district}.{fmt}"

    def export(self, fmt: str, path: str | None = None) -> Path | None:
        """Write what is shown (rows, order, totals) to Excel or PDF; None when cancelled or refused."""
        if self.grid is None:
            return None
        if path is None:
            pattern = "Excel (*.xlsx)" if fmt == "xlsx" else "PDF (*.pdf)"
            path, _ = QFileDialog.getSaveFileName(self, t("ov.export_title"), self.default_name(fmt), pattern)
            if not path:
                return None
        out = self._write(fmt, Path(path))
        if out is not None:
            self.window_.statusBar().showMessage(t("ov.exported", path=out), 10000)
        return out

    def _write(self, fmt: str, path: Path) -> Path | None:
        assert self.grid is not None
        # openpyxl or reportlab, ~145 / ~135 ms (-X importtime, December 2026): loaded on export only
        from ntm_desktop.overview import export
        from ntm_desktop.overview import pdf as overview_pdf
        from ntm_desktop.setup import demo

        headings = export.Headings(self.title(), t("ov.col.district"), t("ov.col.commune"), t("ov.col.met"),
                                   t("ov.col.band"), t("ov.total"), (t("ov.mark.met"), t("ov.mark.not_met"), ""),
                                   scope=self.scope(), legend=t("ov.legend"))
        try:
            if fmt == "xlsx":
                return export.write_xlsx(self.grid, self.model.rows, headings, path)
            return overview_pdf.write_pdf(self.grid, self.model.rows, headings, path, demo=demo.is_demo(self.store))
        except (NtmError, OSError) as error:
            QMessageBox.warning(self, t("ov.export_title"), str(error))
            return None

    def print_overview(self, printer: Any = None) -> int:
        """Print what is shown, as the PDF export lays it out (the same pages): on ``printer`` as
        given (tests print to a PDF file), else on the one the person picks in the print dialog.
        Returns the number of pages printed (0: cancelled or failed)."""
        if self.grid is None:
            return 0
        # QtPdf and the report tab's page painter, ~66 ms after the window (December 2026): on printing only
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ui.reports.view import print_pdf  # its module: ~66 ms of the above

        with tempfile.TemporaryDirectory(prefix="ntm-print-") as folder:
            pdf = self._write("pdf", Path(folder) / f"{self.default_name('pdf')}")
            if pdf is None:
                return 0
            document = QPdfDocument(self)
            document.load(str(pdf))
            try:
                if printer is None:
                    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
                    printer.setDocName(pdf.stem)
                    dialog = QPrintDialog(printer, self)
                    dialog.setWindowTitle(t("ov.print").replace("&", "").rstrip("…"))
                    dialog.setMinMax(1, max(document.pageCount(), 1))
                    if dialog.exec() != QDialog.DialogCode.Accepted:
                        return 0
                printed = print_pdf(document, printer)
            finally:
                document.close()
                document.deleteLater()
        if printed:
            self.window_.statusBar().showMessage(t("ov.printed", pages=printed), 10000)
        else:
            QMessageBox.warning(self, t("ov.print").replace("&", "").rstrip("…"), t("ov.print_failed"))
        return printed
