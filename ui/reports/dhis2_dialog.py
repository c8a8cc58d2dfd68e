"""File → Xuất sang DHIS2: the export of a period to a DHIS2 data value set (issue 21 part 6).

The same core as ``ntm export-dhis2`` (:func:`ntm_desktop.dhis2.export.export`, docs/dhis2.md): choose
the year, the period, the format, the file and, optionally, the metadata file. The export runs on
the main thread: a province's 85 communes take about 0.02 s here (December 2026), far under the
time a progress dialog would need to appear. Errors are shown in the program's language and leave
no file behind.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import periods, summary
from ntm_desktop.dhis2 import FORMATS, METADATA_SUFFIX, SUFFIXES
from ntm_desktop.errors import NtmError
from ntm_desktop.i18n import t
from ntm_desktop.periods import Period
from ntm_desktop.store.database import Store
from ui.dialogs import documents_folder

if TYPE_CHECKING:
    from ntm_desktop.dhis2.export import Exported

FILTER_NAMES = {"json": "JSON", "adx": "ADX XML", "csv": "CSV"}  # the save dialog's file types


def _filter(fmt: str) -> str:
    return f"{FILTER_NAMES[fmt]} (*{SUFFIXES[fmt]})"


def _beside(current: str, name: str) -> str:
    """``name`` in the folder of the path shown so far, else in the user's Documents folder."""
    folder = Path(current).parent if current else documents_folder()
    return str(folder / name)


class Dhis2Dialog(QDialog):
    """Year, period, format and files; ``export()`` writes them and returns the result (None when
    refused, after saying why)."""

    def __init__(self, store: Store, parent: QWidget | None = None, year: int | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(t("dhis2ui.title"))
        self.year = QSpinBox()
        self.year.setRange(periods.MIN_YEAR, periods.MAX_YEAR)
        self.year.setValue(year or summary.latest_year(store) or time.localtime().tm_year)
        self.year.setMaximumWidth(self.year.sizeHint().width() + 16)  # four digits: no box across the dialog
        self.period = QComboBox()
        self.period.setObjectName("dhis2Period")
        self.period.setMinimumContentsLength(18)
        self.format = QComboBox()
        self.format.setObjectName("dhis2Format")
        for fmt in FORMATS:
            self.format.addItem(t(f"dhis2ui.format.{fmt}"), fmt)
        self.file = QLineEdit()
        self.file.setObjectName("dhis2File")
        self.with_metadata = QCheckBox(t("dhis2ui.with_metadata"))
        self.metadata = QLineEdit()
        self.metadata.setObjectName("dhis2Metadata")
        self.metadata.setEnabled(False)
        self.with_metadata.toggled.connect(self.metadata.setEnabled)
        self.result_label = QLabel()
        self.result_label.setObjectName("dhis2Result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        hint = QLabel(t("dhis2ui.hint"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        hint.setToolTip(t("dhis2ui.hint_tip"))

        form = QFormLayout()
        form.addRow(t("dhis2ui.year"), self.year)
        form.addRow(t("dhis2ui.period"), self.period)
        form.addRow(t("dhis2ui.format"), self.format)
        form.addRow(t("dhis2ui.file"), self._with_browse(self.file, self._browse_file))
        form.addRow(self.with_metadata)
        form.addRow("", self._with_browse(self.metadata, self._browse_metadata))

        box = QDialogButtonBox()
        self.export_button = QPushButton(t("dhis2ui.export"))
        self.export_button.setObjectName("dhis2Export")
        box.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = QPushButton(t("dhis2ui.close"))
        close.setAutoDefault(False)
        box.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        box.rejected.connect(self.reject)
        self.export_button.clicked.connect(lambda: self.export())

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(box)
        self._fill_periods()
        self.year.valueChanged.connect(lambda _y: self._year_changed())
        self.format.currentIndexChanged.connect(lambda _i: self._suggest_names())
        self.period.currentIndexChanged.connect(lambda _i: self._suggest_names())
        self.file.textEdited.connect(lambda _text: self._follow_file())
        self.resize(640, 0)

    def _with_browse(self, edit: QLineEdit, slot: Any) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(edit, 1)
        button = QPushButton(t("dhis2ui.browse"))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        line.addWidget(button)
        if edit is self.metadata:
            self.with_metadata.toggled.connect(button.setEnabled)
            button.setEnabled(False)
        return row

    def _year_changed(self) -> None:
        self._fill_periods()
        self._suggest_names()

    def _fill_periods(self) -> None:
        current = self.period.currentIndex()
        self.period.blockSignals(True)
        self.period.clear()
        for p in periods.of_year(self.year.value()):
            self.period.addItem(p.label(), p.code)
        self.period.setCurrentIndex(max(current, 0))
        self.period.blockSignals(False)
        self._suggest_names()

    def chosen_period(self) -> Period:
        return periods.parse(self.period.currentData())

    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def _suggest_names(self) -> None:
        """Names that say what a file holds (``dhis2-2020-Q3.xml``), until the user picks a path."""
        code = self.chosen_period().code if self.period.count() else str(self.year.value())
        if not self.file.isModified():
            self.file.setText(_beside(self.file.text(), f"dhis2-{code}{SUFFIXES[self.chosen_format()]}"))
        if not self.metadata.isModified():
            self.metadata.setText(_beside(self.metadata.text(), f"dhis2-metadata-{code}{METADATA_SUFFIX}"))

    def _follow_file(self) -> None:
        """The metadata file stays beside the data file while its own path was not changed."""
        if not self.metadata.isModified() and self.file.text():
            self.metadata.setText(_beside(self.file.text(), Path(self.metadata.text()).name))

    def _browse_file(self) -> None:
        fmt = self.chosen_format()
        path, _ = QFileDialog.getSaveFileName(self, t("dhis2ui.save_title"), self.file.text(), _filter(fmt))
        if path:
            self.file.setText(path)
            self.file.setModified(True)
            self._follow_file()

    def _browse_metadata(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, t("dhis2ui.metadata_title"), self.metadata.text(),
                                              _filter("json"))
        if path:
            self.metadata.setText(path)
            self.metadata.setModified(True)

    def export(self) -> Exported | None:
        """Write the files; the core's result (``ntm_desktop.dhis2.export.Exported``), or None after a
        message saying why nothing was written."""
        out = self.file.text().strip()
        meta = self.metadata.text().strip() if self.with_metadata.isChecked() else None
        if not out:
            QMessageBox.warning(self, t("dhis2ui.title"), t("dhis2ui.no_file"))
            return None
        if meta == "":
            QMessageBox.warning(self, t("dhis2ui.title"), t("dhis2ui.no_metadata_file"))
            return None
        period = self.chosen_period()
        done = self._write(period, Path(out), Path(meta) if meta else None)
        if isinstance(done, str):
            QMessageBox.warning(self, t("dhis2ui.title"), done)
            return None
        lines = [t("dhis2ui.done", path=done.path, period=period.label(), communes=done.communes, values=done.values)]
        if done.left_out:
            lines.append(t("dhis2.left_out", count=done.left_out, period=period.code))
        if done.metadata is not None:
            lines.append(t("dhis2ui.done_metadata", path=done.metadata))
        self.result_label.setText("\n".join(lines))
        return done

    def _write(self, period: Period, out: Path, meta: Path | None) -> Exported | str:
        """The core's result, or why it wrote nothing; the wait cursor goes whatever happens."""
        # 45 ms (python -X importtime, December 2026): the exporter, loaded on export, not at start-up
        from ntm_desktop.dhis2 import export

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return export.export(self.store, period.year, period, self.chosen_format(), out, meta)
        except (NtmError, OSError) as error:
            return str(error)
        finally:
            QApplication.restoreOverrideCursor()


def export_dhis2(window: Any) -> Dhis2Dialog:
    """File → Xuất sang DHIS2…: open the dialog on the window's database and the scorecard's year
    (non-modal: the window stays usable)."""
    dialog = Dhis2Dialog(window.store, window, year=window.scorecard.year.value())
    dialog.open()
    return dialog
