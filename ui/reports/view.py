"""The Báo cáo tab: pick the report, scope and year; preview its pages; save as PDF, Word or
Excel; print it.

Reports are built in a worker (ui.worker.Task, with progress and cancel) on a connection
of their own, rendered to a temporary PDF for the preview (QtPdf), or straight to the
chosen file when saving; after saving the window offers to open the folder. Printing
builds the PDF as the preview does and paints its pages onto the printer the person picks
(:func:`print_pdf`), so paper shows exactly the previewed pages.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QRectF, QSize, QSizeF, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import periods, reports, summary, text, units
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.reports import ReportCancelled
from ntm_desktop.store import open_database
from ui.dialogs import remember_folder, suggested_path
from ui.reports.settings_dialog import edit_settings
from ui.worker import Task

log = logging.getLogger("ntm.ui")

KINDS = ("district", "province", "commune", "twinning")
FILE_KINDS = {"district": "huyen", "province": "tinh", "commune": "xa", "twinning": "ket-nghia"}  # in file names
PRINT_DPI = 300  # each page is rendered at this resolution for the printer (an A4 page: 2480 × 3508 pixels)


@dataclass(frozen=True)
class Choice:
    """What the person picked: one report request."""

    kind: str
    year: int
    district: str | None
    commune: str | None
    date: dt.date
    annex: bool
    period: str | None = None  # a half-year, quarter or month of the year (None: the year)
    code: str | None = None  # the commune's code, where it is chosen without a district (from 2026)

    def file_stem(self) -> str:
        where = self.commune or self.district or "tinh"
        when = self.period or str(self.year)
        return f"bao-cao-{FILE_KINDS[self.kind]}-{when}-{text.slug(text.strip_prefix(where))}"


def run_report(db_path: Path, choice: Choice, fmt: str, out: Path) -> Any:
    """The worker's job: its own connection, the core report, progress and cancel."""
    def job(progress: Any, cancelled: Any) -> Any:
        store = open_database(db_path, create=False, migrate=False)
        try:
            return reports.make(
                store, choice.kind, choice.year, fmt, out, district=choice.district, commune=choice.commune,
                code=choice.code,
                period=periods.parse(choice.period) if choice.period else None,
                annex=choice.annex, date=choice.date, on=dt.date(choice.year, 12, 31),
                progress=progress, cancelled=cancelled,
            )
        finally:
            store.close()

    return job


class ReportView(QWidget):
    """Choices on the left, the preview of the pages on the right."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.store = window.store
        self.task: Task | None = None
        self.last_result: Any = None
        self.last_saved: Path | None = None
        self.saved_box: QMessageBox | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix="ntm-report-"))
        self.destroyed.connect(lambda *_: shutil.rmtree(self._tmp, ignore_errors=True))

        self.kind = QComboBox()
        self.kind.setObjectName("reportKind")
        for kind in KINDS:
            self.kind.addItem(t(f"rep.kind.{kind}"), kind)
        self.year = QSpinBox()
        self.year.setRange(periods.MIN_YEAR, periods.MAX_YEAR)
        self.year.setValue(self._default_year())
        self.period = QComboBox()  # the year, or one of its halves, quarters or months
        self.period.setObjectName("reportPeriod")
        self._fill_periods()
        self.district = QComboBox()
        self.district.setObjectName("reportDistrict")
        self.commune = QComboBox()
        self.commune.setObjectName("reportCommune")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setCalendarPopup(True)
        self.annex = QCheckBox(t("rep.annex"))
        self.preview_button = QPushButton(t("rep.preview"))
        self.preview_button.setDefault(True)
        self.pdf_button = QPushButton(t("rep.save_pdf"))
        self.xlsx_button = QPushButton(t("rep.save_xlsx"))
        self.docx_button = QPushButton(t("rep.save_docx"))
        self.docx_button.setToolTip(t("rep.docx_tip"))
        self.print_button = QPushButton(t("rep.print"))
        self.settings_button = QPushButton(t("rep.settings"))
        self.status = QLabel(t("rep.hint"))
        self.status.setWordWrap(True)
        self.status.setObjectName("reportStatus")

        form = QFormLayout()
        form.addRow(t("rep.kind"), self.kind)
        form.addRow(t("rep.year"), self.year)
        self.period_label = QLabel(t("rep.period"))
        self.period_label.setBuddy(self.period)
        form.addRow(self.period_label, self.period)
        self.district_label = QLabel(t("rep.district"))
        self.commune_label = QLabel(t("rep.commune"))
        self.district_label.setBuddy(self.district)
        self.commune_label.setBuddy(self.commune)
        form.addRow(self.district_label, self.district)
        form.addRow(self.commune_label, self.commune)
        form.addRow(t("rep.date"), self.date)
        form.addRow("", self.annex)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.xlsx_button)
        buttons.addWidget(self.docx_button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addLayout(form)
        side_layout.addWidget(self.preview_button)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.print_button)
        side_layout.addWidget(self.settings_button)
        side_layout.addWidget(self.status)
        side_layout.addStretch(1)
        side.setMinimumWidth(300)
        side.setMaximumWidth(380)

        self.document = QPdfDocument(self)
        self.pdf = QPdfView(self)
        self.pdf.setObjectName("reportPreview")
        self.pdf.setDocument(self.document)
        self.pdf.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf.setPageSpacing(12)

        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.pdf)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 900])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self._fill_districts()
        self._update_scope()
        self.kind.currentIndexChanged.connect(self._update_scope)
        self.district.currentIndexChanged.connect(self._fill_communes)
        self.year.valueChanged.connect(lambda _y: self._fill_periods())
        self.year.valueChanged.connect(lambda _y: (self._fill_districts(), self._update_scope()))  # that year's units
        for signal in (self.kind.currentIndexChanged, self.year.valueChanged, self.period.currentIndexChanged,
                       self.district.currentIndexChanged,
                       self.commune.currentIndexChanged, self.date.dateChanged, self.annex.toggled):
            signal.connect(self._mark_stale)
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        self.docx_button.clicked.connect(lambda: self.save("docx"))
        self.print_button.clicked.connect(lambda: self.print_report())
        self.settings_button.clicked.connect(self._edit_settings)

    # -- choices ---------------------------------------------------------------------
    def _default_year(self) -> int:
        return summary.latest_year(self.store) or time.localtime().tm_year

    def _fill_periods(self) -> None:
        """The year first, then its halves, quarters and months, keeping the kind chosen."""
        chosen = self.period.currentIndex()
        self.period.blockSignals(True)
        self.period.clear()
        for period in periods.of_year(self.year.value()):
            self.period.addItem(period.label(), None if period.kind == "Y" else period.code)
        self.period.setCurrentIndex(max(0, chosen))
        self.period.blockSignals(False)

    def _of_year(self, level: str) -> list[units.Unit]:
        """The units of ``level`` in force on some day of the chosen year, in the Vietnamese order
        (a district ended on 30 June 2025 is offered for 2025, not for 2026)."""
        return sorted(units.in_force_during(self.store, self.year.value(), level), key=lambda u: text.sort_key(u.name))

    def _fill_districts(self) -> None:
        current = self.district.currentText()
        home = units.by_nkey(self.store, self.store.meta("home_district") or "")
        self.district.blockSignals(True)
        self.district.clear()
        self.district.addItem(t("first.all"), None)  # the whole province (twinning report)
        for unit in self._of_year("district"):
            self.district.addItem(unit.name, unit.id)
        wanted = current or (home.name if home else "")
        index = self.district.findText(wanted) if wanted else -1
        self.district.setCurrentIndex(index if index >= 0 else min(1, self.district.count() - 1))
        self.district.blockSignals(False)
        self._fill_communes()

    def _fill_communes(self) -> None:
        current = self.commune.currentText()
        self.commune.blockSignals(True)
        self.commune.clear()
        district_id = self.district.currentData()
        if district_id is not None:
            for unit in units.children(self.store, district_id, "commune"):
                self.commune.addItem(unit.name, unit.code)
        elif self.district.count() == 1:  # a year without districts (from 1 July 2025): the communes
            home = units.by_nkey(self.store, self.store.meta("home_province") or "")
            for unit in self._of_year("commune"):
                if home is None or unit.parent_id == home.id:
                    self.commune.addItem(unit.name, unit.code)
        if current:
            self.commune.setCurrentIndex(max(0, self.commune.findText(current)))
        self.commune.blockSignals(False)

    def _update_scope(self) -> None:
        kind = self.kind.currentData()
        if kind in ("district", "commune") and self.district.currentData() is None and self.district.count() > 1:
            self.district.setCurrentIndex(1)  # these reports need one district
        needs_district = kind in ("district", "commune", "twinning")
        self.district.setEnabled(needs_district)
        self.district_label.setEnabled(needs_district)
        self.commune.setEnabled(kind == "commune")
        self.commune_label.setEnabled(kind == "commune")
        if self.district.count() == 1:  # no districts that year: the communes are chosen alone
            self.district.setEnabled(False)
            self.district_label.setEnabled(False)
        self.annex.setVisible(kind == "province")
        self.period.setVisible(kind != "twinning")  # the twinning report is yearly
        self.period_label.setVisible(kind != "twinning")

    def set_choice(self, kind: str, year: int, district: str | None = None, commune: str | None = None) -> None:
        """Pick a report as a person would (used by tests and by other views)."""
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.year.setValue(year)
        if district:
            self.district.setCurrentIndex(self.district.findText(district))
        elif kind == "twinning":
            self.district.setCurrentIndex(0)  # the whole province
        if commune:
            self.commune.setCurrentIndex(self.commune.findText(commune))

    def choice(self) -> Choice:
        kind = self.kind.currentData()
        in_scope = kind in ("district", "commune", "twinning") and self.district.currentData() is not None
        district = self.district.currentText() if in_scope else None
        commune = self.commune.currentText() if kind == "commune" else None
        # a commune chosen without a district (a year without them) is named by its code: its name
        # alone may be another province's commune's too
        code = self.commune.currentData() if kind == "commune" and district is None else None
        qdate = self.date.date()
        return Choice(kind, self.year.value(), district or None, commune or None,
                      dt.date(qdate.year(), qdate.month(), qdate.day()), self.annex.isChecked() and kind == "province",
                      self.period.currentData() if kind != "twinning" else None, code or None)

    def _mark_stale(self, *_: object) -> None:
        if self.last_result is not None:
            self.status.setText(t("rep.stale"))

    def refresh(self) -> None:
        """The window reloaded its data (import, undo …): lists may change, the preview is old."""
        self._fill_districts()
        self._mark_stale()

    # -- work --------------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        for button in (self.preview_button, self.pdf_button, self.xlsx_button, self.docx_button, self.print_button):
            button.setEnabled(not busy)

    def _start(self, fmt: str, out: Path, on_done: Any) -> Task | None:
        if self.task is not None or self.store.path is None:
            return None
        choice = self.choice()
        self._busy(True)
        self.status.setText(t("rep.working"))
        task = Task(self, t("rep.working"), run_report(Path(self.store.path), choice, fmt, out))
        task.done.connect(on_done)
        task.error.connect(self._failed)
        self.task = task
        task.start()
        return task

    def _finished(self) -> None:
        self.task = None
        self._busy(False)

    def preview(self) -> Task | None:
        """Build the report as PDF into a temporary file and show its pages."""
        out = self._tmp / f"preview-{time.monotonic_ns()}.pdf"
        return self._start("pdf", out, self._show_preview)

    def _show_preview(self, result: Any) -> None:
        self._finished()
        self.document.close()
        self.document.load(str(result.path))
        self.last_result = result
        self.status.setText(t("rep.pages", pages=result.pages, time=time.strftime("%H:%M")))

    def print_report(self, printer: QPrinter | None = None) -> Task | None:
        """Build the report as for the preview, show it, then print it: on ``printer`` as given (tests
        print to a PDF file), else on the printer the person picks in the print dialog."""
        out = self._tmp / f"print-{time.monotonic_ns()}.pdf"
        return self._start("pdf", out, lambda result: self._print(result, printer))

    def _print(self, result: Any, printer: QPrinter | None) -> None:
        self._show_preview(result)
        pages = self.document.pageCount()
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self.choice().file_stem())  # the print queue shows it, not the temporary file
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle(t("rep.print").replace("&", "").rstrip("…"))
            dialog.setMinMax(1, max(pages, 1))
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.status.setText(t("rep.cancelled"))
                return
        # painting the pages takes about 0.3 s a page (8 s for a province report with its annex):
        # in the worker, with progress and cancel, as the report itself
        self._busy(True)
        self.status.setText(t("rep.printing"))
        task = Task(self, t("rep.printing"), print_job(result.path, printer))
        task.done.connect(self._printed)
        task.error.connect(self._failed)
        self.task = task
        task.start()

    def _printed(self, printed: int) -> None:
        self._finished()
        if printed:
            self.status.setText(t("rep.printed", pages=printed))
        else:
            self.status.setText(t("rep.print_failed"))
            QMessageBox.warning(self, t("rep.failed"), t("rep.print_failed"))

    def save(self, fmt: str, path: str | None = None) -> Task | None:
        """Save as PDF, docx or xlsx (asks where unless ``path`` is given), then offer the folder."""
        if path is None:
            settings = getattr(self.window_, "settings", None)
            suggested = suggested_path(self.choice().file_stem() + f".{fmt}", settings)
            path, _ = QFileDialog.getSaveFileName(
                self, t(f"rep.save_{fmt}").replace("&", "").rstrip("…"), suggested, t(f"rep.{fmt}_filter")
            )
            if not path:
                return None
            remember_folder(path, settings)
        target = Path(path)
        return self._start(fmt, target, lambda result: self._saved(result))

    def _saved(self, result: Any) -> None:
        self._finished()
        self.last_saved = result.path
        self.status.setText(t("rep.saved", path=result.path))
        self.window_.statusBar().showMessage(t("rep.saved", path=result.path).replace("\n", " "), 10000)
        box = QMessageBox(QMessageBox.Icon.Information, t("rep.saved_title"), t("rep.saved", path=result.path),
                          QMessageBox.StandardButton.NoButton, self)
        open_button = box.addButton(t("rep.open_folder"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(t("rep.close"), QMessageBox.ButtonRole.RejectRole)
        open_button.clicked.connect(lambda: self.open_folder(result.path))
        self.saved_box = box
        box.open()

    def open_folder(self, path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).resolve().parent)))

    def _failed(self, error: object) -> None:
        self._finished()
        if isinstance(error, ReportCancelled):
            self.status.setText(t("rep.cancelled"))
            return
        message = str(error) if isinstance(error, NtmError) else f"{type(error).__name__}: {error}"
        self.status.setText(message)
        if not isinstance(error, NtmError):
            log.error("report failed", exc_info=error)  # type: ignore[arg-type]
            QMessageBox.warning(self, t("rep.failed"), message)

    def _edit_settings(self) -> None:
        dialog = edit_settings(self.window_)
        dialog.accepted.connect(self._mark_stale)


def print_job(path: Path, printer: QPrinter) -> Any:
    """The worker's job: the PDF at ``path`` printed on ``printer`` (QPainter may paint on a QPrinter
    outside the GUI thread; the document is loaded in the worker)."""
    def job(progress: Any, cancelled: Any) -> int:
        document = QPdfDocument()
        document.load(str(path))
        try:
            return print_pdf(document, printer, progress=progress, cancelled=cancelled)
        finally:
            document.close()

    return job


def print_pdf(document: QPdfDocument, printer: QPrinter, dpi: int = PRINT_DPI, *, progress: Any = None,
              cancelled: Any = None) -> int:
    """Paint the pages of ``document`` (the report's PDF) onto ``printer``, each on A4 in its own
    orientation (the annexes are landscape), within the page range the person chose. Returns the
    number of pages printed; 0 when the printer cannot be opened. A cancel aborts the print job
    and raises ReportCancelled."""
    count = document.pageCount()
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(1, printer.fromPage()), min(count, printer.toPage() or count)
    # A4 named explicitly: QPageSize(PageSizeId.A4) asks the translators for its name, and an
    # installed translator that answers "" for Qt's texts makes that page size invalid (Letter)
    printer.setPageSize(QPageSize(QSizeF(210, 297), QPageSize.Unit.Millimeter, "A4",
                                  QPageSize.SizeMatchPolicy.FuzzyMatch))
    printer.setFullPage(True)  # the PDF page already holds the Decree 30 margins
    painter = QPainter()
    printed = 0
    for index in range(first - 1, last):
        if cancelled is not None and cancelled():
            if printed:
                printer.abort()
                painter.end()
            raise ReportCancelled()
        size = document.pagePointSize(index)
        landscape = size.width() > size.height()
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape
                                   else QPageLayout.Orientation.Portrait)
        if printed == 0:
            if not painter.begin(printer):
                return 0
        elif not printer.newPage():
            break
        scale = dpi / 72
        image = document.render(index, QSize(round(size.width() * scale), round(size.height() * scale)))
        painter.drawImage(QRectF(printer.pageLayout().fullRectPixels(printer.resolution())), image)
        printed += 1
        if progress is not None:
            progress(printed, last - first + 1)
    if printed:
        painter.end()
    return printed
