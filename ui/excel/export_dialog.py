"""File → Xuất biểu tiêu chí: the year and the scope asked in one dialog, then the file written
in a worker with a progress dialog that can be cancelled (issue 20 part 5)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ntm_desktop import periods, text
from ntm_desktop.i18n import t
from ntm_desktop.store import open_database
from ntm_desktop.store.database import Store
from ntm_desktop.summary import communes_in_scope
from ui.worker import Task


class ExportTableDialog(QDialog):
    """The year (the scorecard's to begin with) and the scope: the whole province, or a district
    that has communes in the programme that year (none from 2026, when districts are gone)."""

    def __init__(self, store: Store, year: int, home_district: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(t("exp.title"))
        self.store = store
        self.home_district = home_district
        self.year = QSpinBox()
        self.year.setObjectName("exportYear")
        self.year.setRange(periods.MIN_YEAR, periods.MAX_YEAR)
        self.year.setValue(year)
        self.scope = QComboBox()
        self.scope.setObjectName("exportScope")
        self.year.valueChanged.connect(self._fill_scope)
        self._fill_scope()
        form = QFormLayout()
        form.addRow(t("exp.year"), self.year)
        form.addRow(t("exp.scope"), self.scope)
        note = QLabel(t("exp.note"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.year.setFocus()

    def _fill_scope(self) -> None:
        chosen = self.scope.currentData() or self.home_district
        names = {c["district"] for c in communes_in_scope(self.store, self.year.value()) if c["district"]}
        self.scope.clear()
        self.scope.addItem(t("first.all"), None)
        for name in sorted(names, key=text.sort_key):
            self.scope.addItem(name, name)
        found = self.scope.findData(chosen) if chosen else -1
        self.scope.setCurrentIndex(max(found, 0))

    def choice(self) -> tuple[int, str | None]:
        """(year, district name or None for the whole province)."""
        return self.year.value(), self.scope.currentData()

    def suggested_name(self) -> str:
        year, district = self.choice()
        suffix = f"-{text.slug(text.strip_prefix(district))}" if district else ""
        return f"bieu-tieu-chi-{year}{suffix}.xlsx"


def export_job(db_path: Path, year: int, out: Path, district: str | None) -> Callable[..., Any]:
    """The export, run in a worker on its own connection (SQLite connections stay in their
    thread), with the core's progress per commune. A cancel stops the core before it writes
    anything; one asked while the file is renamed into place discards it. Either returns None."""

    def job(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path | None:
        # ~200 ms with openpyxl, loaded when first used
        from ntm_desktop.excel import table_export

        progress(0, 0)
        store = open_database(db_path, create=False)
        try:
            written = table_export.export_table(store, year, out, district, progress=progress, cancelled=cancelled)
        except table_export.ExportCancelled:
            return None
        finally:
            store.close()
        if cancelled():
            written.unlink(missing_ok=True)
            return None
        return written

    return job


def start_export(parent: QWidget, db_path: Path, year: int, out: Path, district: str | None) -> Task:
    """Run :func:`export_job` with a cancellable progress dialog; the caller connects done/error."""
    task = Task(parent, t("exp.running", year=year), export_job(db_path, year, out, district))
    task.dialog.setMinimumDuration(0)
    task.dialog.setValue(0)
    task.start()
    return task
